//! The planner: a full-screen, keyboard-driven view of the roster. Data flows one way:
//! terminal events become [`action::Action`]s ([`input`], through the [`keymap`]), actions
//! change the state ([`app::App::update`], over the sub-states in [`state`]), and [`views`]
//! draw a frame from the state (styles from [`theme`]). Background work runs in [`jobs`];
//! this file is the event loop that ties them together.

pub mod action;
pub mod app;
pub mod campaign;
pub mod columns;
pub mod curve;
pub mod input;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod line_input;
pub mod optimizer;
pub mod outreach;
pub mod remap;
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

/// How the planner ended: the user quit, or a signal asked it to stop (its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Quit,
    Signal(i32),
}

impl Ended {
    /// The process's exit status: 0 on quit, 128 + the signal's number on a signal, as
    /// shells report a process a signal ended.
    pub fn status(self) -> i32 {
        match self {
            Ended::Quit => 0,
            Ended::Signal(n) => 128 + n,
        }
    }
}

/// Runs the planner until the user quits or a signal (TERM, HUP, INT, QUIT) asks it to stop:
/// loads the roster in batches between frames (so the first screen shows at once), then waits
/// for input. The terminal is restored on return, on a signal (after the recovery file is
/// written) and on panic; `Ctrl-z` suspends with the terminal restored and redraws on resume.
pub fn run(mut app: App, mut reader: RosterReader) -> std::io::Result<Ended> {
    let signals = Signals::register()?;
    let mut terminal = ratatui::try_init()?;
    // ratatui's hook restores the screen on panic; mouse reporting must be turned off too.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A reader's panic, caught where it happened: the planner goes on, screen and all.
        if crate::caught::is_caught() {
            return;
        }
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        restore_screen(info);
    }));
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &mut reader, &signals);
    // A save on its way is finished, never cut short by the exit.
    app.wait_save();
    // Unsaved work is in the recovery file before anything else can go wrong.
    app.sync_recovery();
    if tty_hung_up() {
        // The window is gone: nothing to restore, and the terminal's own clean-up (on drop)
        // would report its failed writes to a standard error that is gone too.
        std::mem::forget(terminal);
        return result;
    }
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
    result
}

/// The signals that end the planner, caught as a number the event loop looks at (a handler
/// does nothing else), and SIGCONT, after which the screen is set up again.
struct Signals {
    caught: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    resumed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Signals {
    #[cfg(unix)]
    fn register() -> std::io::Result<Signals> {
        use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let resumed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
            signal_hook::flag::register_usize(sig, std::sync::Arc::clone(&caught), sig as usize)?;
        }
        signal_hook::flag::register(SIGCONT, std::sync::Arc::clone(&resumed))?;
        Ok(Signals { caught, resumed })
    }

    #[cfg(not(unix))]
    fn register() -> std::io::Result<Signals> {
        Ok(Signals {
            caught: Default::default(),
            resumed: Default::default(),
        })
    }

    /// The signal that asked the planner to stop, if one did.
    fn stop(&self) -> Option<i32> {
        match self.caught.load(std::sync::atomic::Ordering::Relaxed) {
            0 => None,
            n => Some(n as i32),
        }
    }

    /// Whether the process was continued after a stop since the last call.
    fn take_resumed(&self) -> bool {
        self.resumed
            .swap(false, std::sync::atomic::Ordering::Relaxed)
    }
}

/// Hands the terminal back to the shell and stops the process (`Ctrl-z`); when the shell
/// continues it, the screen is set up again and redrawn.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    resume(terminal)
}

/// Sets the screen up again after the process was stopped and continued.
fn resume(terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    // The last frame is forgotten, so the next draw sends every cell. (`Terminal::clear`
    // would ask the terminal where its cursor is first, which some never answer.)
    terminal.swap_buffers();
    Ok(())
}

/// What [`waiting_input`] found.
enum Waiting {
    Nothing,
    Ready,
    /// The terminal is gone (its window closed): the planner ends as on SIGHUP.
    HungUp,
}

/// Whether input waits, looking up to `wait`. The waiting is done here, on the terminal's
/// descriptor, rather than in crossterm: crossterm 0.29 reads a hung-up terminal in a loop
/// that never ends (a read of no bytes is not taken as the end), so a closed terminal window
/// left scout spinning a core, deaf to the signals it was sent.
fn waiting_input(wait: Duration) -> std::io::Result<Waiting> {
    let Some(fd) = tty_fd() else {
        return Ok(if event::poll(wait)? {
            Waiting::Ready
        } else {
            Waiting::Nothing
        });
    };
    // A hang-up first, before crossterm reads; then events crossterm has already parsed.
    if look(fd, 0)?.is_none() {
        return Ok(Waiting::HungUp);
    }
    if event::poll(Duration::ZERO)? {
        return Ok(Waiting::Ready);
    }
    let ms = wait.as_millis().min(i32::MAX as u128) as i32;
    Ok(match look(fd, ms)? {
        None => Waiting::HungUp,
        Some(true) => Waiting::Ready,
        // Nothing, or a signal (SIGWINCH among them): crossterm turns a resize into an event.
        Some(false) if event::poll(Duration::ZERO)? => Waiting::Ready,
        Some(false) => Waiting::Nothing,
    })
}

/// The descriptor crossterm reads keys from: standard input when it is a terminal, else
/// /dev/tty (kept open here to look at). Decided once, while the terminal is there: a
/// hung-up one is no longer a terminal to `isatty`.
fn tty_fd() -> Option<std::os::fd::RawFd> {
    use std::os::fd::IntoRawFd;
    static TTY: std::sync::OnceLock<Option<std::os::fd::RawFd>> = std::sync::OnceLock::new();
    *TTY.get_or_init(|| {
        // SAFETY: isatty only looks at the descriptor.
        if unsafe { libc::isatty(0) } == 1 {
            return Some(0);
        }
        // Open for the life of the process, like crossterm's own.
        Some(std::fs::File::open("/dev/tty").ok()?.into_raw_fd())
    })
}

/// Waits up to `ms` for input on `fd`: `None` when the terminal hung up, else whether input
/// waits (false on a time-out or a signal).
fn look(fd: std::os::fd::RawFd, ms: i32) -> std::io::Result<Option<bool>> {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, for the length given.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    if n < 0 {
        let e = std::io::Error::last_os_error();
        return if e.kind() == std::io::ErrorKind::Interrupted {
            Ok(Some(false))
        } else {
            Err(e)
        };
    }
    if p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        return Ok(None);
    }
    Ok(Some(n > 0))
}

/// Whether the terminal is gone (its window closed).
fn tty_hung_up() -> bool {
    tty_fd().is_some_and(|fd| matches!(look(fd, 0), Ok(None)))
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    reader: &mut RosterReader,
    signals: &Signals,
) -> std::io::Result<Ended> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    app.load.loading = true;
    // The load runs on other threads (`poll_load` starts it); this thread takes ready rows
    // between keys.
    let mut changed = true;
    let mut drawn: Option<Instant> = None;
    loop {
        if let Some(sig) = signals.stop() {
            return Ok(Ended::Signal(sig));
        }
        if signals.take_resumed() {
            // Stopped from outside (`kill -STOP`, then `fg`): the shell may have reset it.
            resume(terminal)?;
            changed = true;
        }
        if app.load.loading {
            changed |= app.poll_load(reader, LOAD_SLICE);
        }
        if changed && drawn.is_none_or(|t| t.elapsed() >= FRAME) {
            terminal.draw(|f| render(app, f))?;
            drawn = Some(Instant::now());
            changed = false;
        }
        if app.session.quit {
            return Ok(Ended::Quit);
        }
        // What finishes in the background is drawn in the next frame, with no key pressed.
        changed |= app.poll_optimizer();
        changed |= app.poll_curve();
        changed |= app.poll_sort();
        changed |= app.poll_save();
        let wait = if app.load.loading {
            // poll_load already waited for the loader: just look at the keys.
            Duration::ZERO
        } else if changed {
            LOAD_SLICE
        } else if app.view.sorting.is_some() || app.is_saving() {
            // A sort on another thread: look for its order every few milliseconds.
            Duration::from_millis(5)
        } else if app.optimizing() || app.sweeping() {
            // Wake ten times a second to show the search's progress.
            changed = true;
            Duration::from_millis(100)
        } else {
            // Idle: a signal is seen within this long.
            Duration::from_millis(250)
        };
        match waiting_input(wait)? {
            Waiting::Nothing => continue,
            Waiting::HungUp => return Ok(Ended::Signal(signal_hook::consts::SIGHUP)),
            Waiting::Ready => {}
        }
        // Take every pending event before the next frame, so fast typing never lags.
        for _ in 0..256 {
            let ev = event::read()?;
            if input::action_of(app, &ev) == Some(Action::Suspend) {
                app.sync_recovery();
                suspend(terminal)?;
                signals.take_resumed();
                break;
            }
            input::handle(app, ev);
            if let Some(text) = app.take_clipboard() {
                // Through the backend's writer, between frames: the terminal sets its
                // clipboard and draws nothing.
                use std::io::Write;
                let backend = terminal.backend_mut();
                backend.write_all(outreach::osc52(&text).as_bytes())?;
                backend.flush()?;
            }
            if app.session.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        changed = true;
        if app.session.quit {
            // Quitting never waits for a frame or for the load.
            return Ok(Ended::Quit);
        }
        // The mapping screen asked for the roster to be read again.
        if let Some(r) = app.take_reader() {
            *reader = r;
        }
        app.sync_recovery();
    }
}
