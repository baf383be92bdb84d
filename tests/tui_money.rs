//! Money on the planner's screen: one rounding rule per figure (issue 11, bug 7) and every
//! amount in the plan's currency (issue 11, bug 4).

use ratatui::crossterm::event::KeyCode;
use scout::io::roster::Source;
use scout::tui::{Action, App};

mod common;
use common::{draw, key, keys};

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
        .roster
        .find(scout::domain::creator::Platform::Instagram, handle)
        .expect("in the roster");
    scout::tui::detail::lines(app, i)
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
