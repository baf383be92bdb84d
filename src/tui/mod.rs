//! The planner: a full-screen, keyboard-driven view of the roster. Data flows one way:
//! terminal events become [`action::Action`]s ([`input`], through the [`keymap`]), actions
//! change the state ([`app::App::update`], over the sub-states in [`state`]), and [`views`]
//! draw a frame from the state (styles from [`theme`]). Background work runs in [`jobs`];
//! this file is the event loop that ties them together.

pub mod action;
pub mod app;
pub mod campaign;
pub mod columns;
pub mod input;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod line_input;
pub mod optimizer;
pub mod state;
pub mod theme;
pub mod views;

use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

pub use action::Action;
pub use app::App;
pub use layout::{Areas, WIDE, layout};
pub use views::{fit, pad, render, shown};

use crate::io::roster::RosterReader;

/// Rows loaded between two frames while a roster is still loading, by tests and benchmarks
/// that load with [`App::load_batch`].
pub const LOAD_BATCH: usize = 50_000;

/// Time the UI thread spends at most taking loaded rows before it looks at keys again.
const LOAD_SLICE: Duration = Duration::from_millis(2);

/// Frames are drawn at most this often (about 60 a second).
const FRAME: Duration = Duration::from_millis(16);

/// Runs the planner until the user quits: loads the roster in batches between frames (so the
/// first screen shows at once), then waits for input. The terminal is restored on return and
/// on panic.
pub fn run(mut app: App, mut reader: RosterReader) -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook restores the screen on panic; mouse reporting must be turned off too.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        restore_screen(info);
    }));
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &mut reader);
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    reader: &mut RosterReader,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    app.load.loading = true;
    // The load runs on other threads (`poll_load` starts it); this thread takes ready rows
    // between keys.
    let mut changed = true;
    let mut drawn: Option<Instant> = None;
    loop {
        if app.load.loading {
            changed |= app.poll_load(reader, LOAD_SLICE);
        }
        if changed && drawn.is_none_or(|t| t.elapsed() >= FRAME) {
            terminal.draw(|f| render(app, f))?;
            drawn = Some(Instant::now());
            changed = false;
        }
        if app.session.quit {
            return Ok(());
        }
        // What finishes in the background is drawn in the next frame, with no key pressed.
        changed |= app.poll_optimizer();
        changed |= app.poll_sort();
        let wait = if app.load.loading {
            // poll_load already waited for the loader: just look at the keys.
            Duration::ZERO
        } else if changed {
            LOAD_SLICE
        } else if app.view.sorting.is_some() {
            // A sort on another thread: look for its order every few milliseconds.
            Duration::from_millis(5)
        } else if app.optimizing() {
            // Wake ten times a second to show the search's progress.
            changed = true;
            Duration::from_millis(100)
        } else {
            Duration::from_millis(500)
        };
        if !event::poll(wait)? {
            continue;
        }
        // Take every pending event before the next frame, so fast typing never lags.
        for _ in 0..256 {
            input::handle(app, event::read()?);
            if app.session.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        changed = true;
        if app.session.quit {
            // Quitting never waits for a frame or for the load.
            return Ok(());
        }
        app.sync_recovery();
    }
}
