//! The budget curve in the planner: `B` sweeps the budgets around the plan's, the chart shows
//! the curve with the budget, the knee and the cursor, and Enter takes a budget with its plan
//! as one edit that `u` undoes.

mod common;

use common::{answer, draw, key};
use ratatui::crossterm::event::KeyCode;
use scout::domain::money::Money;
use scout::tui::App;
use scout::tui::app::OverlayKind;

/// The sample with a budget of $5,000, its curve open.
fn curve_open(w: u16, h: u16) -> App {
    let mut app = common::sample(w, h);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    key(&mut app, KeyCode::Char('B'));
    assert_eq!(app.overlay_kind(), OverlayKind::Sweeping);
    app.wait_curve();
    assert_eq!(
        app.overlay_kind(),
        OverlayKind::Curve,
        "{:?}",
        app.message()
    );
    app
}

#[test]
fn the_curve_at_80x24() {
    let app = curve_open(80, 24);
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn the_curve_at_200x50_after_moving_to_the_knee() {
    let mut app = curve_open(200, 50);
    key(&mut app, KeyCode::Char('K'));
    insta::assert_snapshot!(draw(&app));
}

#[test]
fn taking_a_point_is_one_edit_with_its_budget() {
    let mut app = curve_open(100, 30);
    let before = app.plan().clone();
    // Two steps right of $5,000: $5,500.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('l'));
    let screen = draw(&app);
    assert!(screen.contains("at $5,500:"), "{screen}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay_kind(), OverlayKind::Proposal);
    let screen = draw(&app);
    assert!(
        screen.contains("$5,000") && screen.contains("$5,500"),
        "{screen}"
    );
    key(&mut app, KeyCode::Char('y'));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert_eq!(app.plan().campaign.budget, Money::from_units(5_500));
    let spend = app.plan().totals().spend;
    assert!(spend > Money::ZERO && spend <= Money::from_units(5_500));
    assert!(
        app.message()
            .unwrap_or("")
            .contains("budget $5,500 and its plan taken"),
        "{:?}",
        app.message()
    );
    // One undo brings back the budget and the shortlist together.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().campaign.budget, before.campaign.budget);
    assert_eq!(app.plan().shortlist, before.shortlist);
}

#[test]
fn esc_cancels_the_sweep_and_closes_the_curve() {
    let mut app = common::sample(80, 24);
    key(&mut app, KeyCode::Char('B'));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert!(app.message().unwrap_or("").contains("set a budget first"));
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    key(&mut app, KeyCode::Char('B'));
    assert_eq!(app.overlay_kind(), OverlayKind::Sweeping);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert_eq!(app.message(), Some("budget curve cancelled"));
    let mut app = curve_open(80, 24);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
}
