//! Helpers shared by the planner's TestBackend tests: load a roster the way the planner does,
//! draw a frame as text, press keys.

#![allow(dead_code)] // each test file uses its own subset

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source};
use scout::tui::{self, Action, App};

/// A planner over `sources`, loaded to the end in batches of `batch` rows.
pub fn load_in(sources: Vec<Source>, batch: usize) -> App {
    let roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut app = App::new(roster, "USD", Filter::default());
    let mut reader = RosterReader::new(sources, FieldMap::default());
    loop {
        app.load_batch(&mut reader, batch);
        if !app.is_loading() {
            break;
        }
    }
    app
}

/// The bundled sample at `w` x `h`.
pub fn sample(w: u16, h: u16) -> App {
    let mut app = load_in(vec![scout::commands::sample_source()], 1000);
    app.update(Action::Resize(w, h));
    app
}

/// One frame as text, a line per row, trailing spaces trimmed, wide characters once.
pub fn draw(app: &App) -> String {
    let (w, h) = app.size();
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    t.draw(|f| tui::render(app, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Presses one key through the planner's real keymap, as the event loop does.
pub fn press(app: &mut App, key: KeyEvent) {
    tui::input::press(app, &key);
}

pub fn key(app: &mut App, code: KeyCode) {
    press(app, KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    press(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}
