//! Every screen and dialog survives any terminal size, down to 1x1, and shrinking the
//! terminal while a dialog is open (issue 13, point 7: a picker panicked below 5 rows).

mod common;

use common::{answer, draw, key, keys, load_in, sample};
use ratatui::crossterm::event::KeyCode;
use scout::io::roster::Source;
use scout::tui::state::overlay::OverlayKind;
use scout::tui::{Action, App};

const SIZES: [(u16, u16); 8] = [
    (1, 1),
    (2, 1),
    (1, 3),
    (20, 5),
    (10, 2),
    (40, 4),
    (80, 24),
    (200, 50),
];

/// A planner with a budget and one creator shortlisted, at 80x24.
fn planned() -> App {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Char('b'));
    answer(&mut app, "5000");
    key(&mut app, KeyCode::Char(' '));
    app
}

/// Draws `app` at every size, then once more at 80x24: nothing panics, and the state is
/// the same dialog after every resize.
fn survives_every_size(mut app: App, what: &str) {
    let kind = app.overlay_kind();
    for (w, h) in SIZES {
        app.update(Action::Resize(w, h));
        let screen = draw(&app);
        assert_eq!(screen.lines().count(), usize::from(h), "{what} at {w}x{h}");
        assert_eq!(
            app.overlay_kind(),
            kind,
            "{what}: a resize changed the dialog"
        );
    }
    app.update(Action::Resize(80, 24));
    draw(&app);
}

#[test]
fn every_pane_survives_every_size() {
    survives_every_size(planned(), "table");
    let mut app = planned();
    key(&mut app, KeyCode::Tab);
    survives_every_size(app, "shortlist pane");
    let mut app = planned();
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    survives_every_size(app, "filters pane");
    let mut app = planned();
    keys(&mut app, "/lena");
    survives_every_size(app, "search");
}

#[test]
fn every_picker_survives_every_size() {
    for picker in ["n", "t", "p", "c"] {
        let mut app = planned();
        keys(&mut app, picker);
        assert_eq!(app.overlay_kind(), OverlayKind::Picker);
        // Move down a page first, so the cursor is past what a tiny screen shows.
        key(&mut app, KeyCode::PageDown);
        survives_every_size(app, picker);
    }
}

#[test]
fn every_dialog_survives_every_size() {
    for (keys_in, kind) in [
        ("?", OverlayKind::Help),
        ("b", OverlayKind::Input),
        ("f", OverlayKind::Input),
        ("N", OverlayKind::Input),
        ("v", OverlayKind::Summary),
        ("q", OverlayKind::Confirm),
        ("m", OverlayKind::Message),
    ] {
        let mut app = planned();
        keys(&mut app, keys_in);
        assert_eq!(app.overlay_kind(), kind, "{keys_in}");
        survives_every_size(app, keys_in);
    }
    // The status picker, from the shortlist pane.
    let mut app = planned();
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay_kind(), OverlayKind::Status);
    survives_every_size(app, "status");
    // A refusal in an input, wrapped over several lines.
    let mut app = planned();
    key(&mut app, KeyCode::Char('D'));
    answer(&mut app, "2 carousels");
    assert_eq!(app.overlay_kind(), OverlayKind::Input);
    survives_every_size(app, "refusal");
}

#[test]
fn the_optimizer_proposal_and_load_problems_survive_every_size() {
    let mut app = planned();
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Enter);
    // Until the loop polls it, the search's progress box is up.
    assert_eq!(app.overlay_kind(), OverlayKind::Optimizing);
    survives_every_size(app, "optimizing");
    let mut app = planned();
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Enter);
    app.wait_optimizer();
    assert_eq!(app.overlay_kind(), OverlayKind::Proposal);
    survives_every_size(app, "proposal");

    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut app = load_in(vec![Source::File(fixtures.join("rejects.csv"))], 1000);
    app.update(Action::Resize(80, 24));
    key(&mut app, KeyCode::Char('L'));
    assert_eq!(app.overlay_kind(), OverlayKind::Problems);
    survives_every_size(app, "problems");
}

#[test]
fn the_mapping_screen_survives_every_size() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for file in ["no_platform.csv", "exports/links.csv"] {
        let mut app = load_in(vec![Source::File(fixtures.join(file))], 1000);
        app.update(Action::Resize(80, 24));
        if app.overlay_kind() != OverlayKind::Mapping {
            key(&mut app, KeyCode::Char('M'));
        }
        assert_eq!(app.overlay_kind(), OverlayKind::Mapping, "{file}");
        survives_every_size(app, file);
    }
}
