//! Issue #15 in the planner: compensation (gift, commission), due and published dates, the
//! post URL and results typed for the selected entry, each one undoable edit; cash and
//! product apart in the budget bar; overdue entries marked against a pinned "today"; the
//! timeline of deliverables by due date.

use ratatui::crossterm::event::KeyCode;
use scout::domain::date::Date;
use scout::domain::money::Money;
use scout::tui::App;
use scout::tui::app::{Focus, Overlay, OverlayKind};

mod common;
use common::{answer, ctrl, draw, key, sample, shortlist};

fn day(s: &str) -> Date {
    Date::parse(s).expect("a date")
}

/// The sample, $5,000 budget, three creators shortlisted, "today" pinned to 2026-12-10, the
/// shortlist pane focused on the first entry.
fn planned(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    app.set_today(day("2026-12-10"));
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    for h in ["mei.yamasawa", "lena.trails", "thelenaglam"] {
        shortlist(&mut app, h);
    }
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Shortlist);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(app.entry_row(), 0);
    app
}

/// mei gifted at no fee with a commission and overdue, lena due later, thelenaglam
/// published with a post and results.
fn dated(w: u16, h: u16) -> App {
    let mut app = planned(w, h);
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "0");
    key(&mut app, KeyCode::Char('P'));
    answer(&mut app, "120 + 15");
    key(&mut app, KeyCode::Char('%'));
    answer(&mut app, "15%");
    key(&mut app, KeyCode::Char('d'));
    answer(&mut app, "2026-12-01");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('d'));
    answer(&mut app, "2026-12-20");
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('d'));
    answer(&mut app, "2026-12-05");
    key(&mut app, KeyCode::Char('w'));
    answer(&mut app, "2026-12-04 https://snapchat.com/p/xyz");
    key(&mut app, KeyCode::Char('r'));
    answer(&mut app, "views 48.2k likes 2100 revenue 719.40");
    key(&mut app, KeyCode::Char('g'));
    app
}

#[test]
fn a_gift_at_no_fee_counts_as_product_and_undoes_in_one_step() {
    let mut app = planned(100, 24);
    let cash_before = app.plan().totals().spend;
    let fee = app.plan().shortlist[0].fee;
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "0");
    key(&mut app, KeyCode::Char('P'));
    answer(&mut app, "120 + 15");
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    // A gifted creator at zero fee is fine: no warning.
    assert_eq!(app.message(), None);
    let e = &app.plan().shortlist[0];
    assert_eq!(
        (e.product_value, e.shipping),
        (Money::from_units(120), Money::from_units(15))
    );
    assert_eq!(e.compensation().label(), "gifted");
    let t = app.plan().totals();
    assert_eq!(t.spend, cash_before - fee);
    assert_eq!(t.product, Money::from_units(135));
    assert_eq!(t.cost, t.spend + t.product);
    let bar = draw(&app).lines().nth(22).unwrap().to_string();
    assert!(bar.contains("+ $135 product"), "{bar}");
    assert!(
        bar.contains(&format!("left {}", t.budget_left.display("USD"))),
        "{bar}"
    );
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().shortlist[0].product(), Money::ZERO);
    assert_eq!(
        app.plan().shortlist[0].fee,
        Money::ZERO,
        "the fee is its own edit"
    );
    // The dialog shows the gift as it reads it back; a bad amount keeps the dialog.
    ctrl(&mut app, 'r');
    key(&mut app, KeyCode::Char('P'));
    match app.overlay() {
        Overlay::Input(i) => assert_eq!(i.line.text(), "120 + 15"),
        o => panic!("{o:?}"),
    }
    answer(&mut app, "120 + lots");
    match app.overlay() {
        Overlay::Input(i) => assert!(
            i.error
                .as_deref()
                .is_some_and(|e| e.starts_with("shipping")),
            "{:?}",
            i.error
        ),
        o => panic!("{o:?}"),
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.plan().shortlist[0].product(), Money::from_units(135));
}

#[test]
fn over_budget_counts_the_product() {
    let mut app = planned(100, 24);
    let t = app.plan().totals();
    // Product just past what the cash leaves: over budget, though the cash alone is not.
    let gift = t.remaining + Money::from_cents(1);
    key(&mut app, KeyCode::Char('P'));
    answer(&mut app, &gift.plain());
    let t = app.plan().totals();
    assert!(
        t.remaining.cents() > 0 && t.budget_left.cents() < 0,
        "{t:?}"
    );
    let bar = draw(&app).lines().nth(22).unwrap().to_string();
    assert!(bar.contains("OVER BUDGET by $0.01"), "{bar}");
}

#[test]
fn dates_are_checked_overdue_is_marked_and_published_is_one_edit() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('d'));
    answer(&mut app, "2026-02-30");
    match app.overlay() {
        Overlay::Input(i) => assert_eq!(i.error.as_deref(), Some("2026-02 has 28 days, not 30")),
        o => panic!("{o:?}"),
    }
    answer(&mut app, "2026-12-01");
    let e = &app.plan().shortlist[0];
    assert_eq!(e.due, Some(day("2026-12-01")));
    assert!(e.is_overdue(app.today()));
    let screen = draw(&app);
    assert!(screen.contains("12-01!"), "{screen}");
    assert!(screen.contains("OVERDUE"), "{screen}");
    assert!(
        screen.contains("1 overdue (T)") || app.size().0 < 100,
        "{screen}"
    );
    key(&mut app, KeyCode::Char('w'));
    answer(&mut app, "2026-12-09 https://youtube.com/watch?v=abc");
    let e = &app.plan().shortlist[0];
    assert_eq!(e.published, Some(day("2026-12-09")));
    assert_eq!(
        e.post_url.as_deref(),
        Some("https://youtube.com/watch?v=abc")
    );
    assert!(!e.is_overdue(app.today()));
    assert_eq!(
        e.status,
        scout::domain::plan::Status::Published,
        "went live"
    );
    key(&mut app, KeyCode::Char('u'));
    let e = &app.plan().shortlist[0];
    assert_eq!((e.published, e.post_url.as_deref()), (None, None));
    assert_eq!(e.due, Some(day("2026-12-01")));
    assert_eq!(e.status, scout::domain::plan::Status::Shortlisted);
    // The same plan on another day: nothing is late yet.
    app.set_today(day("2026-11-30"));
    assert!(!draw(&app).contains("12-01!"));
}

#[test]
fn results_and_commission_are_recorded_from_one_line() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('r'));
    answer(&mut app, "views 48.2k likes 2100 followers 3");
    match app.overlay() {
        Overlay::Input(i) => assert!(
            i.error
                .as_deref()
                .is_some_and(|e| e.contains("`followers` is not a figure")),
            "{:?}",
            i.error
        ),
        o => panic!("{o:?}"),
    }
    answer(&mut app, "views 48.2k likes 2100 revenue 719.40");
    key(&mut app, KeyCode::Char('%'));
    answer(&mut app, "12.5%");
    let e = &app.plan().shortlist[0];
    assert_eq!(e.results.views, Some(48_200));
    assert_eq!(e.results.revenue, Some(Money::from_cents(71_940)));
    assert_eq!(e.commission_rate, Some(0.125));
    key(&mut app, KeyCode::Char('r'));
    match app.overlay() {
        Overlay::Input(i) => {
            assert_eq!(i.line.text(), "views 48200 likes 2100 revenue 719.40")
        }
        o => panic!("{o:?}"),
    }
    answer(&mut app, "");
    assert!(app.plan().shortlist[0].results.is_empty());
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().shortlist[0].results.likes, Some(2_100));
}

#[test]
fn entry_fields_need_an_entry() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Tab);
    for k in ['P', '%', 'd', 'w', 'r'] {
        key(&mut app, KeyCode::Char(k));
        assert_eq!(app.overlay_kind(), OverlayKind::None, "{k}");
        assert!(app.message().is_some_and(|m| m.contains("empty")), "{k}");
    }
}

#[test]
fn deliverables_80x24() {
    let app = dated(80, 24);
    insta::assert_snapshot!("deliverables_80x24", draw(&app));
}

#[test]
fn deliverables_200x50() {
    let app = dated(200, 50);
    insta::assert_snapshot!("deliverables_200x50", draw(&app));
}

#[test]
fn timeline_80x24() {
    let mut app = dated(80, 24);
    key(&mut app, KeyCode::Char('T'));
    assert_eq!(app.overlay_kind(), OverlayKind::Timeline);
    let screen = draw(&app);
    // By due date: mei (overdue), thelenaglam (published), lena (later).
    let mei = screen.find("@mei.yamasawa").unwrap();
    let glam = screen.find("@thelenaglam").unwrap();
    let lena = screen.find("@lena.trails").unwrap();
    assert!(mei < glam && glam < lena, "{screen}");
    insta::assert_snapshot!("timeline_80x24", screen);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
}

#[test]
fn timeline_200x50() {
    let mut app = dated(200, 50);
    key(&mut app, KeyCode::Char('T'));
    insta::assert_snapshot!("timeline_200x50", draw(&app));
}
