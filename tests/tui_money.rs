//! Money on the planner's screen: one rounding rule per figure (issue 11, bug 7) and every
//! amount in the plan's currency (issue 11, bug 4).

use ratatui::crossterm::event::KeyCode;
use scout::io::roster::Source;
use scout::tui::{Action, App};

mod common;
use common::{answer, draw, key, keys};

/// A planner over a CSV roster given as text, at `w` x `h`.
fn planner(csv: &'static str, w: u16, h: u16) -> App {
    let mut app = common::load_in(
        vec![Source::Embedded {
            name: "r.csv".into(),
            text: csv,
        }],
        100,
    );
    app.update(Action::Resize(w, h));
    app
}

/// The detail pane's value for `label` of the creator with `handle`.
fn detail(app: &App, handle: &str, label: &str) -> String {
    let i = app
        .roster()
        .find(scout::domain::creator::Platform::Instagram, handle)
        .expect("in the roster");
    scout::tui::views::detail::lines(app, i)
        .into_iter()
        .find(|(l, _)| *l == label)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no {label} line"))
}

const ROUNDING: &str = "handle,platform,followers,engagement_rate,rate
small,instagram,4000,3%,96.75
rare,instagram,100000,0.0155%,
cheap,instagram,2000000,5%,40
";

#[test]
fn the_detail_pane_rounds_as_the_files_do() {
    let app = planner(ROUNDING, 120, 40);
    // $96.75 / 120 engagements = $0.80625: $0.81, as in every file, not a truncated $0.80.
    assert_eq!(detail(&app, "small", "Cost/eng."), "$0.81");
    // 0.0155% is not 0.0%.
    assert!(
        detail(&app, "rare", "Engagement").starts_with("0.016% "),
        "{}",
        detail(&app, "rare", "Engagement")
    );
    // $40 / 100,000 engagements = $0.0004: two significant digits, never $0.
    assert_eq!(detail(&app, "cheap", "Cost/eng."), "$0.00040");
}

#[test]
fn the_shortlist_shows_a_cost_under_a_cent() {
    let mut app = planner(ROUNDING, 120, 40);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "cheap");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Esc);
    let screen = draw(&app);
    assert!(screen.contains("$0.00040"), "{screen}");
}

/// Whether a screen shows a dollar amount other than in the conversion line (`Converted  $10
/// × 0.92 EUR per USD`) and the `$` key of the fee filter.
fn amounts_in_dollars(screen: &str) -> bool {
    screen
        .lines()
        .filter(|l| !l.contains("Converted"))
        .any(|l| l.replace("$ fee", "").contains('$'))
}

/// The sample with a config rate of 0.92 EUR per USD and a €15,000 budget set with `b`.
fn sample_in_eur(w: u16, h: u16) -> App {
    let mut app = common::sample(w, h);
    let mut rates = app.exchange().clone();
    rates.rates.insert(
        "EUR".into(),
        scout::domain::money::ExchangeRate::parse("0.92").unwrap(),
    );
    app.set_exchange(rates);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "15k EUR");
    assert_eq!(app.plan().campaign.currency, "EUR", "{:?}", app.overlay());
    app
}

#[test]
fn a_plan_in_euros_shows_euros_everywhere_80x24() {
    let mut app = sample_in_eur(80, 24);
    // Shortlist the first two creators so the budget bar has a spend.
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char(' '));
    let screen = draw(&app);
    assert!(
        !amounts_in_dollars(&screen),
        "a dollar sign on a plan in euros:\n{screen}"
    );
    assert!(screen.contains('€'), "{screen}");
    insta::assert_snapshot!(screen);

    app.update(Action::Resize(200, 50));
    let wide = draw(&app);
    assert!(
        wide.contains("Converted   $10 × 0.92 EUR per USD"),
        "{wide}"
    );
    insta::assert_snapshot!("a_plan_in_euros_200x50", wide);
}

#[test]
fn the_fee_says_how_it_was_converted() {
    let app = sample_in_eur(200, 50);
    let r = app.roster();
    let est = (0..r.len() as u32)
        .find(|&i| {
            r.fee_source(i) == scout::domain::fees::FeeSource::Estimate
                && r.platform(i) == scout::domain::creator::Platform::Instagram
        })
        .expect("an estimated Instagram fee");
    let own = (0..r.len() as u32)
        .find(|&i| r.fee_source(i) == scout::domain::fees::FeeSource::Rate)
        .expect("an own rate");
    let line = |i: u32, label: &str| {
        scout::tui::views::detail::lines(&app, i)
            .into_iter()
            .find(|(l, _)| *l == label)
            .unwrap()
            .1
    };
    assert!(
        line(est, "How").contains("× €9.20 per 1,000 ×"),
        "{}",
        line(est, "How")
    );
    assert_eq!(line(est, "Converted"), "$10 × 0.92 EUR per USD");
    // The own rate converted once, to the cent: the roster's rate x 0.92.
    let rate = r.view(own).rate.unwrap();
    assert_eq!(
        line(own, "Converted"),
        format!("{} × 0.92 EUR per USD", rate.display("USD"))
    );
    let expected = scout::domain::money::Money::from_cents(
        (rate.cents() as i128 * 92 + 50).div_euclid(100) as i64,
    );
    assert_eq!(r.fee(own), expected);
    let fee = scout::tui::views::detail::lines(&app, own)
        .into_iter()
        .find(|(l, _)| *l == "Fee/post")
        .unwrap()
        .1;
    assert!(fee.starts_with(&expected.display("EUR")), "{fee}");
}

#[test]
fn the_optimizer_names_amounts_in_the_plan_currency() {
    let mut app = sample_in_eur(80, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "10");
    key(&mut app, KeyCode::Char('o'));
    answer(&mut app, "min 3");
    app.wait_optimizer();
    let msg = app.message().map(str::to_string).unwrap_or_default();
    assert!(
        msg.contains("no feasible plan"),
        "{msg} {:?} {}",
        app.overlay(),
        draw(&app)
    );
    // Three own rates of $5 are €4.60 each.
    assert!(
        msg.contains("cost €13.80, over the €10 left") && !msg.contains('$'),
        "{msg}"
    );
}

#[test]
fn a_plan_opened_in_another_currency_is_priced_in_it_or_says_why() {
    use scout::domain::plan::{Campaign, Plan};
    use scout::io::plan::PlanFile;
    let eur = || {
        PlanFile::new(Plan::new(Campaign {
            currency: "EUR".into(),
            budget: scout::domain::money::Money::from_units(1_000),
            ..Campaign::default()
        }))
    };
    let mut app = common::sample(80, 24);
    let i = app.selected_creator().unwrap();
    let usd = app.roster().fee(i);
    app.open_plan(eur(), None);
    assert_eq!(app.roster().fee(i), usd, "no rate: not repriced");
    let msg = app.message().map(str::to_string).unwrap_or_default();
    assert!(msg.contains("[exchange_rates]"), "{msg}");

    let mut app = common::sample(80, 24);
    let mut rates = app.exchange().clone();
    rates.rates.insert(
        "EUR".into(),
        scout::domain::money::ExchangeRate::parse("0.5").unwrap(),
    );
    app.set_exchange(rates);
    app.open_plan(eur(), None);
    let half = app.roster().fee(i);
    assert!(half < usd, "{half:?} vs {usd:?}");
    assert!(draw(&app).contains('€'));
}

#[test]
fn the_shortlist_pane_of_a_plan_in_euros_has_no_dollar() {
    let mut app = sample_in_eur(100, 30);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Tab);
    let screen = draw(&app);
    assert!(screen.contains("€/eng"), "{screen}");
    // `$` is the key of the fee filter, named in the hint line; no amount is in dollars.
    assert!(!amounts_in_dollars(&screen), "{screen}");
}

#[test]
fn an_amount_typed_in_another_currency_is_refused_not_relabelled() {
    use scout::tui::app::{Overlay, OverlayKind};
    let mut app = sample_in_eur(100, 30);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('$'));
    answer(&mut app, "$450");
    let Overlay::Input(i) = app.overlay() else {
        panic!("the fee dialog stays open");
    };
    let err = i.error.clone().unwrap_or_default();
    assert!(err.contains("in USD") && err.contains("EUR"), "{err}");
    answer(&mut app, "450 EUR");
    assert!(
        app.overlay_kind() == OverlayKind::None,
        "{:?}",
        app.overlay()
    );
    assert_eq!(app.plan().shortlist[0].fee.cents(), 45_000);
}
