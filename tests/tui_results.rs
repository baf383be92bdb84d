//! Results in the planner: actual against expected in the shortlist pane and its detail,
//! and the results view (`R`) with its charts by tier and by niche.

use ratatui::crossterm::event::KeyCode;
use scout::tui::App;
use scout::tui::app::{Focus, Overlay, OverlayKind};
use scout::tui::state::overlay::Measure;

mod common;
use common::{answer, draw, key, sample, shortlist};

/// Four creators over three tiers; results typed for three of them through the `r` form.
fn reported(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    for h in ["lena.trails", "mei.yamasawa", "ilse_bakes", "fiona1997"] {
        shortlist(&mut app, h);
    }
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Shortlist);
    key(&mut app, KeyCode::Char('g'));
    for line in [
        "reach 900 likes 80 comments 6",
        "views 6.1k likes 410 comments 32 shares 12 saves 40 clicks 55",
        "reach 31.9k likes 1.2k comments 85 shares 40 saves 130 clicks 310 conversions 12 revenue 1234.50",
    ] {
        key(&mut app, KeyCode::Char('r'));
        answer(&mut app, line);
        assert_eq!(app.overlay_kind(), OverlayKind::None, "{line}");
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Char('g'));
    app
}

#[test]
fn the_shortlist_shows_actual_against_expected() {
    let mut app = reported(120, 30);
    let screen = draw(&app);
    let header = screen.lines().nth(2).unwrap();
    assert!(header.contains("Actual"), "{screen}");
    // ilse_bakes: 1,455 engagements, a share of the expected beside them (wide).
    let row = screen.lines().find(|l| l.contains("@ilse_bakes")).unwrap();
    assert!(row.contains("1.5k"), "{row}");
    assert!(row.contains('%'), "{row}");
    let fiona = screen.lines().find(|l| l.contains("@fiona1997")).unwrap();
    assert!(
        !fiona.contains('%'),
        "nothing recorded, nothing shown: {fiona}"
    );
    // The detail pane of ilse_bakes sets them side by side.
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    let screen = draw(&app);
    for want in [
        "Eng. e/a",
        "Rate e/a",
        "$/eng. e/a",
        "/click",
        "revenue 5.19x spend",
    ] {
        assert!(screen.contains(want), "{want}:\n{screen}");
    }
}

#[test]
fn r_opens_the_results_tab_changes_the_measure_and_esc_closes() {
    let mut app = reported(100, 30);
    key(&mut app, KeyCode::Char('R'));
    assert_eq!(app.overlay_kind(), OverlayKind::Results);
    let screen = draw(&app);
    assert!(screen.contains("3 of 4 creators reported"), "{screen}");
    assert!(screen.contains("engagements by tier"), "{screen}");
    assert!(screen.contains("engagements by niche"), "{screen}");
    key(&mut app, KeyCode::Tab);
    assert!(matches!(
        app.overlay(),
        Overlay::Results {
            measure: Measure::Reach
        }
    ));
    assert!(draw(&app).contains("reach by tier"));
    key(&mut app, KeyCode::Tab);
    assert!(draw(&app).contains("cost per engagement by tier"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    // From the roster table too, and the help lists the key.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('R'));
    assert_eq!(app.overlay_kind(), OverlayKind::Results);
    key(&mut app, KeyCode::Char('R'));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    key(&mut app, KeyCode::Char('?'));
    let help: String = (0..40)
        .map(|_| {
            let s = draw(&app);
            key(&mut app, KeyCode::Char('j'));
            s
        })
        .collect();
    assert!(help.contains("results: expected against actual"), "{help}");
}

#[test]
fn with_nothing_recorded_the_view_says_how_to_record() {
    let mut app = sample(80, 24);
    shortlist(&mut app, "ilse_bakes");
    key(&mut app, KeyCode::Char('R'));
    let screen = draw(&app);
    assert!(screen.contains("0 of 1 creators reported"), "{screen}");
    assert!(screen.contains("No results recorded yet"), "{screen}");
}

#[test]
fn shortlist_with_results_80x24() {
    let app = reported(80, 24);
    insta::assert_snapshot!("shortlist_with_results_80x24", draw(&app));
}

#[test]
fn shortlist_with_results_200x50() {
    let mut app = reported(200, 50);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!("shortlist_with_results_200x50", draw(&app));
}

#[test]
fn results_view_80x24() {
    let mut app = reported(80, 24);
    key(&mut app, KeyCode::Char('R'));
    insta::assert_snapshot!("results_view_80x24", draw(&app));
}

#[test]
fn results_view_200x50() {
    let mut app = reported(200, 50);
    key(&mut app, KeyCode::Char('R'));
    insta::assert_snapshot!("results_view_200x50", draw(&app));
}

#[test]
fn the_results_view_draws_at_every_size() {
    let mut app = reported(80, 24);
    key(&mut app, KeyCode::Char('R'));
    for measure in 0..3 {
        for (w, h) in [
            (1, 1),
            (2, 1),
            (1, 3),
            (20, 5),
            (10, 2),
            (40, 4),
            (60, 12),
            (200, 50),
        ] {
            app.update(scout::tui::Action::Resize(w, h));
            let screen = draw(&app);
            assert_eq!(
                screen.lines().count(),
                usize::from(h),
                "{measure} at {w}x{h}"
            );
            assert_eq!(app.overlay_kind(), OverlayKind::Results);
        }
        key(&mut app, KeyCode::Tab);
    }
}

/// The view's figures are kept between frames, not recomputed for each: a result recorded
/// once the view has been shown appears when it opens again, in the header and the charts.
#[test]
fn a_result_recorded_after_the_view_was_shown_appears_when_it_opens_again() {
    let mut app = reported(80, 24);
    key(&mut app, KeyCode::Char('R'));
    assert!(
        matches!(app.results_figures(), std::borrow::Cow::Borrowed(_)),
        "the figures were not kept when the view opened"
    );
    let before = draw(&app);
    assert!(before.contains("Eng. 5,156 / 2,035"), "{before}");
    assert!(!before.contains("806"), "{before}");
    key(&mut app, KeyCode::Esc);
    // lena.trails (nano; art, outdoors) had 86 engagements: now 806.
    key(&mut app, KeyCode::Char('r'));
    answer(&mut app, "reach 900 likes 800 comments 6");
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    key(&mut app, KeyCode::Char('R'));
    let after = draw(&app);
    assert!(after.contains("Eng. 5,156 / 2,755"), "{after}");
    // The nano bar and those of lena's two niches.
    assert_eq!(after.matches("806").count(), 3, "{after}");
}

/// A plan that changes under the open view (here another plan opened) is charted at once.
#[test]
fn the_open_view_follows_a_change_to_the_plan() {
    let mut app = reported(80, 24);
    key(&mut app, KeyCode::Char('R'));
    assert!(draw(&app).contains("3 of 4 creators reported"));
    let mut plan = app.plan().clone();
    plan.shortlist[0].results.likes = Some(800);
    app.open_plan(scout::io::plan::PlanFile::new(plan), None);
    assert_eq!(app.overlay_kind(), OverlayKind::Results);
    let screen = draw(&app);
    assert!(screen.contains("Eng. 5,156 / 2,755"), "{screen}");
    assert_eq!(screen.matches("806").count(), 3, "{screen}");
    assert!(matches!(
        app.results_figures(),
        std::borrow::Cow::Borrowed(_)
    ));
}
