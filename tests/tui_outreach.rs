//! The planner's outreach message on a TestBackend: `m` previews the message to the selected
//! creator, `s` saves it (an .eml draft or the text), `c` leaves it for the clipboard.

mod common;

use common::{answer, draw, key, keys, sample};
use ratatui::crossterm::event::KeyCode;
use scout::domain::outreach::Template;
use scout::tui::App;
use scout::tui::app::{Focus, OverlayKind};
use scout::tui::outreach::OutreachSetup;

/// The sample at `w` x `h` with a sender, Julián Verillo shortlisted and selected in the
/// shortlist pane.
fn planned(w: u16, h: u16) -> App {
    let mut app = sample(w, h);
    app.set_outreach(OutreachSetup {
        template: Ok(Template::default_template()),
        sender: Some("Ana from Brand <ana@brand.example>".into()),
    });
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "julian2009");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Shortlist);
    app
}

#[test]
fn message_preview_80x24() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.overlay_kind(), OverlayKind::Message);
    insta::assert_snapshot!("message_preview_80x24", draw(&app));
}

#[test]
fn message_preview_200x50() {
    let mut app = planned(200, 50);
    key(&mut app, KeyCode::Char('m'));
    insta::assert_snapshot!("message_preview_200x50", draw(&app));
}

#[test]
fn the_preview_shows_the_creator_values_and_the_fallbacks() {
    let mut app = planned(120, 40);
    key(&mut app, KeyCode::Char('m'));
    let screen = draw(&app);
    for want in [
        "Message to @julian2009",
        "To       Julián Verillo <julian2009@example.com>",
        "Subject  Untitled campaign × @julian2009: a collaboration?",
        "Hi Julián,",
        "your wellness posts on Instagram",
        "- 1 feed post on Instagram",
        "Ana from Brand",
        "⚠ no value for {due} (\"a date that suits you\")",
    ] {
        assert!(screen.contains(want), "{want:?} not in\n{screen}");
    }
    // The roster table's selection previews too: a creator not shortlisted yet is said so.
    let mut app = planned(120, 40);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Table);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.overlay_kind(), OverlayKind::Message);
    assert!(draw(&app).contains("Not shortlisted: the deliverables and fee are those Space"));
    // Esc closes it.
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay_kind(), OverlayKind::None);
}

#[test]
fn c_copies_the_message_text_for_the_terminal_clipboard() {
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.take_clipboard(), None);
    key(&mut app, KeyCode::Char('c'));
    let copied = app.take_clipboard().expect("copied text");
    assert!(copied.starts_with("Hi Julián,\n\n"), "{copied}");
    assert!(copied.ends_with("Thanks,\nAna from Brand\n"), "{copied}");
    // Taken once; the preview stays open and says what happened.
    assert_eq!(app.take_clipboard(), None);
    assert_eq!(app.overlay_kind(), OverlayKind::Message);
    let msg = app.message().expect("a message");
    assert!(
        msg.starts_with("copied the message to @julian2009 to the clipboard"),
        "{msg}"
    );
}

#[test]
fn s_saves_an_eml_draft_or_the_text_and_says_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = planned(80, 24);
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.overlay_kind(), OverlayKind::Input);
    // The proposal: platform and handle, .eml as the creator has an email.
    assert!(draw(&app).contains("instagram-julian2009.eml"));
    let eml = dir.path().join("julian.eml");
    answer(&mut app, eml.to_str().expect("utf-8"));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert_eq!(
        app.message(),
        Some(format!("saved the message to @julian2009 as {}", eml.display()).as_str())
    );
    let text = std::fs::read_to_string(&eml).expect("draft");
    assert!(
        text.starts_with("From: \"Ana from Brand\" <ana@brand.example>\r\nTo: =?UTF-8?B?"),
        "{text}"
    );
    assert!(
        text.contains("\r\nX-Unsent: 1\r\n\r\nHi Juli=C3=A1n,\r\n"),
        "{text}"
    );
    // Any other extension is the text, subject first.
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char('s'));
    let txt = dir.path().join("julian.txt");
    answer(&mut app, txt.to_str().expect("utf-8"));
    let text = std::fs::read_to_string(&txt).expect("text");
    assert!(
        text.starts_with(
            "Subject: Untitled campaign × @julian2009: a collaboration?\n\nHi Julián,\n"
        ),
        "{text}"
    );
    // A folder is refused in the dialog, which stays open with the reason.
    key(&mut app, KeyCode::Char('m'));
    key(&mut app, KeyCode::Char('s'));
    answer(&mut app, dir.path().to_str().expect("utf-8"));
    assert_eq!(app.overlay_kind(), OverlayKind::Input);
    assert!(draw(&app).contains("it is a folder"), "{}", draw(&app));
    // Saving a message is not an edit of the plan.
    assert!(app.plan().shortlist.len() == 1);
}

#[test]
fn a_broken_template_says_why_instead_of_a_preview() {
    let mut app = planned(80, 24);
    app.set_outreach(OutreachSetup {
        template: Err("pitch.md:3: unknown placeholder {niche}".into()),
        sender: None,
    });
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.overlay_kind(), OverlayKind::None);
    assert_eq!(
        app.message(),
        Some("no message: pitch.md:3: unknown placeholder {niche}")
    );
}

#[test]
fn the_help_lists_the_message_keys() {
    let mut app = planned(100, 200);
    key(&mut app, KeyCode::Char('?'));
    let screen = draw(&app);
    for want in [
        "Outreach message preview",
        "preview the outreach message to the selected creator",
        "copy the message's text to the clipboard",
    ] {
        assert!(screen.contains(want), "{want:?} not in\n{screen}");
    }
}
