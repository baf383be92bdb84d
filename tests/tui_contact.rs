//! Contact details edited in the planner (`C` on a shortlist entry): name, email, country
//! and profile URL typed as one line, checked, and set as one undoable change.

use ratatui::crossterm::event::KeyCode;
use scout::tui::App;
use scout::tui::app::{Focus, Overlay, OverlayKind};

mod common;
use common::{answer, ctrl, draw, key, keys, sample};

/// The sample with one creator shortlisted and the shortlist pane focused on it.
fn listed(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "lena.trails");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Shortlist);
    assert_eq!(app.plan().shortlist.len(), 1);
    app
}

fn error(app: &App) -> Option<String> {
    match app.overlay() {
        Overlay::Input(i) => i.error.clone(),
        o => panic!("no dialog: {o:?}"),
    }
}

#[test]
fn contact_is_typed_checked_and_undone_in_one_step() {
    let mut app = listed(80, 24);
    let before = app.plan().shortlist[0].clone();
    key(&mut app, KeyCode::Char('C'));
    assert_eq!(app.overlay_kind(), OverlayKind::Input);
    // A bad address is refused with the reason; the entry is untouched.
    answer(&mut app, "Lena Trails; lena at example.com; DE");
    assert!(
        error(&app).is_some_and(|e| e.contains("is not an email address")),
        "{:?}",
        error(&app)
    );
    assert_eq!(app.plan().shortlist[0], before);
    answer(
        &mut app,
        "Lena Trails; lena@example.com; de; https://www.instagram.com/lena.trails/",
    );
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    let e = &app.plan().shortlist[0];
    assert_eq!(e.name.as_deref(), Some("Lena Trails"));
    assert_eq!(e.email.as_deref(), Some("lena@example.com"));
    assert_eq!(e.country.as_deref(), Some("DE"));
    assert_eq!(
        e.profile_url().as_deref(),
        Some("https://www.instagram.com/lena.trails/")
    );
    assert!(app.dirty());
    // The dialog shows the contact as it reads it back.
    key(&mut app, KeyCode::Char('C'));
    match app.overlay() {
        Overlay::Input(i) => assert_eq!(
            i.line.text(),
            "Lena Trails; lena@example.com; DE; https://www.instagram.com/lena.trails/"
        ),
        o => panic!("{o:?}"),
    }
    key(&mut app, KeyCode::Esc);
    // One change: one undo brings every field back.
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.plan().shortlist[0], before);
    ctrl(&mut app, 'r');
    assert_eq!(
        app.plan().shortlist[0].email.as_deref(),
        Some("lena@example.com")
    );
}

#[test]
fn contact_needs_an_entry_and_is_in_the_help() {
    let mut app = sample(80, 24);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('C'));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert!(app.message().is_some_and(|m| m.contains("empty")));
    assert!(
        scout::tui::keymap::BINDINGS
            .iter()
            .any(|b| b.label == "C" && b.desc.starts_with("contact")),
        "the help screen is made from the bindings"
    );
}

#[test]
fn contact_dialog_80x24() {
    let mut app = listed(80, 24);
    key(&mut app, KeyCode::Char('C'));
    answer(&mut app, "Lena Trails; lena@example");
    insta::assert_snapshot!("contact_dialog_80x24", draw(&app));
}
