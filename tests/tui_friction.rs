//! What a marketer hit in the planner's everyday keys (issue 11, "friction"): the search is a
//! real text field, pickers toggle in place, reversing the sort keeps the selection, every
//! number column sorts, load problems wait to be asked for, and changed figures can be taken.

mod common;

use common::{ctrl, draw, key, keys, sample};
use ratatui::crossterm::event::KeyCode;
use scout::tui::Action;
use scout::tui::action::PickerKind;
use scout::tui::app::Overlay;

#[test]
fn space_in_a_picker_toggles_without_moving() {
    let mut app = sample(80, 24);
    app.update(Action::OpenPicker(PickerKind::Tier));
    key(&mut app, KeyCode::Char('j'));
    let cursor = |app: &scout::tui::App| match app.overlay() {
        Overlay::Picker(p) => p.cursor,
        _ => panic!("the picker closed"),
    };
    assert_eq!(cursor(&app), 1);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(cursor(&app), 1, "Space moved the cursor");
    let picked = app.filter().tiers.clone();
    assert_eq!(picked.len(), 1);
    // A second Space unpicks the same value, not the next one.
    key(&mut app, KeyCode::Char(' '));
    assert!(app.filter().tiers.is_empty(), "{:?}", app.filter().tiers);
}

#[test]
fn reversing_the_sort_keeps_the_selected_creator() {
    let mut app = sample(80, 24);
    keys(&mut app, "jjj");
    let chosen = app.selected_creator();
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.selected_creator(), chosen);
    // It stays on screen.
    assert!(
        app.selected_row() >= app.first_row() && app.selected_row() < app.first_row() + app.page()
    );
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.selected_creator(), chosen, "a new sort keeps it too");
}

#[test]
fn reversing_the_sort_keeps_the_selected_creator_on_its_screen_row() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    keys(&mut app, "jj");
    let chosen = app.selected_creator();
    let row = app.selected_row() - app.first_row();
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.selected_creator(), chosen);
    assert_eq!(
        app.selected_row() - app.first_row(),
        row,
        "the row moved on screen"
    );
    key(&mut app, KeyCode::Char('S'));
    assert_eq!(app.selected_creator(), chosen);
    assert_eq!(app.selected_row() - app.first_row(), row);
}

#[test]
fn s_cycles_through_cost_per_engagement_and_fee() {
    let mut app = sample(120, 30);
    let mut seen = Vec::new();
    for _ in 0..11 {
        key(&mut app, KeyCode::Char('s'));
        seen.push(app.sort());
    }
    use scout::domain::filter::SortKey;
    assert!(seen.contains(&SortKey::Fee), "{seen:?}");
    assert!(seen.contains(&SortKey::CostPerEngagement), "{seen:?}");
    while app.sort() != SortKey::CostPerEngagement {
        key(&mut app, KeyCode::Char('s'));
    }
    // Cheapest engagement first, and the column is on screen, marked as the sort.
    assert!(!app.descending());
    let cost = |i: u32| {
        let e = app.roster().expected_engagements(i);
        (e > 0).then(|| app.roster().fee(i).cents() as f64 / e as f64)
    };
    let costs: Vec<f64> = app.view_rows().iter().filter_map(|&i| cost(i)).collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "not ascending");
    let screen = draw(&app);
    assert!(screen.contains("Cost/eng▲"), "{screen}");
}

#[test]
fn the_search_is_a_text_field_like_every_other() {
    let mut app = sample(80, 24);
    keys(&mut app, "/lena");
    let narrowed = app.view_len();
    assert!(narrowed < app.roster().len());
    // ← and Home move the cursor; typing inserts there.
    key(&mut app, KeyCode::Home);
    keys(&mut app, "x");
    assert_eq!(app.filter().search, "xlena");
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.filter().search, "xena");
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.filter().search, "xea");
    // Ctrl-u empties it, and the view follows every edit.
    ctrl(&mut app, 'u');
    assert_eq!(app.filter().search, "");
    assert_eq!(app.view_len(), app.roster().len());
    keys(&mut app, "lena");
    assert_eq!(app.view_len(), narrowed);
    let screen = draw(&app);
    assert!(screen.contains(" Search: lena "), "{screen}");
    // Pasted text goes in at the cursor too.
    key(&mut app, KeyCode::Home);
    app.paste("@");
    assert_eq!(app.filter().search, "@lena");
    // Enter keeps the search; `/` again goes on after it.
    key(&mut app, KeyCode::Enter);
    assert!(!app.searching());
    keys(&mut app, "/!");
    assert_eq!(app.filter().search, "@lena!");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.filter().search, "");
}
