//! Helpers shared by the tests: run the `scout` binary with its config isolated, and, for the
//! planner's TestBackend tests, load a roster the way the planner does, draw a frame as text,
//! press keys.

#![allow(dead_code)] // each test file uses its own subset

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use scout::domain::fees::FeeModel;
use scout::domain::filter::Filter;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, RosterReader, Source};
use scout::tui::{self, Action, App};

/// A config path that does not exist: scout runs on its built-in defaults, whatever config
/// the machine has.
pub const MISSING_CONFIG: &str = "/nonexistent/scout-config.toml";

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Output bytes as text, for assertions and failure messages.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The `scout` binary as a test runs it: where its config comes from is always chosen, so
/// the user's own config never leaks into a test.
pub struct Scout(Command);

impl Scout {
    /// No config anywhere scout looks: `SCOUT_CONFIG` unset, and `HOME` and
    /// `XDG_CONFIG_HOME` pointed at a folder with none.
    pub fn isolated() -> Self {
        let mut c = Command::new(env!("CARGO_BIN_EXE_scout"));
        c.env_remove("SCOUT_CONFIG")
            .env("HOME", std::env::temp_dir())
            .env(
                "XDG_CONFIG_HOME",
                std::env::temp_dir().join("scout-test-no-config"),
            );
        Scout(c)
    }

    /// `SCOUT_CONFIG` set to `path` (often [`MISSING_CONFIG`]); nothing else changed.
    pub fn config(path: impl AsRef<OsStr>) -> Self {
        let mut c = Command::new(env!("CARGO_BIN_EXE_scout"));
        c.env("SCOUT_CONFIG", path);
        Scout(c)
    }

    /// On the defaults, run in `dir` with its data folder (recovery files) inside `dir` too,
    /// so nothing the run writes lands outside it.
    pub fn sandboxed(dir: &Path) -> Self {
        Scout::config(MISSING_CONFIG)
            .dir(dir)
            .env("SCOUT_DATA_DIR", dir.join("data"))
    }

    /// Runs in `dir`, so relative paths are read and written there.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.0.current_dir(dir);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.0.env(key, value);
        self
    }

    /// The command with `args`, for a test that wires standard input or output itself.
    pub fn command(mut self, args: &[&str]) -> Command {
        self.0.args(args);
        self.0
    }

    /// Runs `scout ARGS` to the end with empty standard input; output captured.
    pub fn run(self, args: &[&str]) -> Output {
        self.command(args)
            .stdin(Stdio::null())
            .output()
            .expect("scout runs")
    }
}

/// `scout ARGS` with no config anywhere ([`Scout::isolated`]).
pub fn scout(args: &[&str]) -> Output {
    Scout::isolated().run(args)
}

/// `scout ARGS` on the defaults ([`MISSING_CONFIG`]).
pub fn scout_on_defaults(args: &[&str]) -> Output {
    Scout::config(MISSING_CONFIG).run(args)
}

/// `scout ARGS` on the defaults ([`MISSING_CONFIG`]), run in `tests/fixtures`.
pub fn scout_in_fixtures(args: &[&str]) -> Output {
    Scout::config(MISSING_CONFIG).dir(fixture("")).run(args)
}

/// `scout ARGS` in `dir`, kept inside it ([`Scout::sandboxed`]).
pub fn scout_in(dir: &Path, args: &[&str]) -> Output {
    Scout::sandboxed(dir).run(args)
}

/// The project's shared plan checker (`../shared/checks/plan_check.py`) on `plan`, with `args`
/// (such as `--within-budget`).
pub fn plan_check(plan: &Path, args: &[&str]) -> Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/checks/plan_check.py");
    assert!(
        script.is_file(),
        "plan_check.py not found at {}: the shared checks must be next to the project",
        script.display()
    );
    Command::new("python3")
        .arg(&script)
        .arg(plan)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "python3 is needed to run plan_check.py (it is on the dev machines and in CI): {e}"
            )
        })
}

/// [`plan_check`] passes, or the test fails with its report.
#[track_caller]
pub fn assert_plan_checks(plan: &Path, args: &[&str]) {
    let o = plan_check(plan, args);
    assert!(
        o.status.success(),
        "plan_check.py: {}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}

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

/// Types into the open dialog: replaces the proposed value, then Enter.
pub fn answer(app: &mut App, text: &str) {
    ctrl(app, 'u');
    keys(app, text);
    key(app, KeyCode::Enter);
}

/// Searches for a handle, shortlists the first match and leaves the search.
pub fn shortlist(app: &mut App, handle: &str) {
    key(app, KeyCode::Char('/'));
    keys(app, handle);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char(' '));
    key(app, KeyCode::Esc);
}
