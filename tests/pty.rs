//! The real `scout` binary in a pseudo-terminal: search for a creator, see the row, quit.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

mod common;

/// Reads the child's output on a thread and keeps the screen it draws (a vt100 parser applies
/// the cursor moves and partial redraws), so waits look for text as a person would see it.
struct Screen {
    rx: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    /// The screen's text when last read, for failure messages.
    seen: String,
    /// Every byte the child wrote so far, for sequences that draw nothing (OSC 52).
    raw: Vec<u8>,
}

impl Screen {
    /// Waits for `text`, failing the test with the screen as it was when time ran out.
    #[track_caller]
    fn expect(&mut self, text: &str, timeout: Duration) {
        assert!(self.wait_for(text, timeout), "{}", self.seen);
    }

    fn wait_for(&mut self, text: &str, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        loop {
            self.seen = self.parser.screen().contents();
            if self.seen.contains(text) {
                return true;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.rx.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(bytes) => {
                    self.raw.extend_from_slice(&bytes);
                    self.parser.process(&bytes);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    self.seen = self.parser.screen().contents();
                    return self.seen.contains(text);
                }
            }
        }
    }
}

type Child = Box<dyn portable_pty::Child + Send + Sync>;

/// Starts `scout ARGS` at 80x24 in a pseudo-terminal.
fn start(args: &[&str]) -> (Child, Box<dyn Write + Send>, Screen) {
    start_sized(args, 80, 24)
}

/// Starts `scout ARGS` at `cols` x `rows` in a pseudo-terminal.
fn start_sized(args: &[&str], cols: u16, rows: u16) -> (Child, Box<dyn Write + Send>, Screen) {
    let data = tempfile::Builder::new()
        .prefix("pty-data")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("scratch data folder")
        .keep();
    start_with_data(args, cols, rows, &data)
}

/// The master side of a pseudo-terminal: while any copy of it is open, the terminal is.
type Master = Box<dyn MasterPty + Send>;

/// Spawns `scout ARGS` in a new `cols` x `rows` pseudo-terminal, with its recovery files in
/// `data`. Only the master side is kept (the child holds the slave), so dropping it, and
/// every reader or writer taken from it, closes the terminal as a closed window does.
fn spawn_in_pty(args: &[&str], cols: u16, rows: u16, data: &std::path::Path) -> (Master, Child) {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_scout"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("SCOUT_CONFIG", "/nonexistent/scout-test-config.toml");
    // Recovery files go to a scratch folder of this run, never the real data directory, and
    // never one another test's run can see.
    cmd.env("SCOUT_DATA_DIR", data);
    let child = pair.slave.spawn_command(cmd).expect("start scout");
    drop(pair.slave);
    (pair.master, child)
}

/// Starts `scout ARGS` at `cols` x `rows`, with its recovery files in `data`.
fn start_with_data(
    args: &[&str],
    cols: u16,
    rows: u16,
    data: &std::path::Path,
) -> (Child, Box<dyn Write + Send>, Screen) {
    let (master, child) = spawn_in_pty(args, cols, rows, data);
    // The reader thread keeps its copy of the master to the end, so a test started here
    // cannot close the terminal; see `a_closed_terminal_ends_the_planner`.
    let mut reader = master.try_clone_reader().expect("reader");
    let writer = master.take_writer().expect("writer");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    (
        child,
        writer,
        Screen {
            rx,
            parser: vt100::Parser::new(
                std::num::NonZero::new(rows).expect("rows"),
                std::num::NonZero::new(cols).expect("cols"),
                0,
            ),
            seen: String::new(),
            raw: Vec::new(),
        },
    )
}

/// Waits for scout to exit and returns its status.
fn wait_exit(child: &mut Child, why: &str) -> portable_pty::ExitStatus {
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("scout did not quit: {why}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Types `bytes` into the terminal.
fn send(writer: &mut Box<dyn Write + Send>, bytes: &[u8]) {
    writer.write_all(bytes).expect("type");
    writer.flush().expect("flush");
}

/// Presses `q` and waits for the exit status.
fn quit(child: &mut Child, writer: &mut Box<dyn Write + Send>) -> portable_pty::ExitStatus {
    send(writer, b"q");
    wait_exit(child, "q")
}

#[test]
fn search_shows_the_row_and_q_quits_with_status_0() {
    let (mut child, mut writer, mut screen) = start(&[]);
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    send(&mut writer, b"/mei.yamasawa");
    assert!(
        screen.wait_for("1 of 320 creators", Duration::from_secs(10)),
        "the search did not narrow the view: {}",
        screen.seen
    );
    assert!(screen.wait_for("yamasawa", Duration::from_secs(5)));
    send(&mut writer, b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_plan_opens_the_rosters_it_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("p.toml");
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/quoted.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scout"))
        .args([
            "plan",
            roster,
            "--budget",
            "5000",
            "-o",
            plan.to_str().expect("utf-8"),
        ])
        .env("SCOUT_CONFIG", "/nonexistent/scout-test-config.toml")
        .output()
        .expect("scout plan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut child, mut writer, mut screen) = start(&["--plan", plan.to_str().expect("utf-8")]);
    assert!(
        screen.wait_for("2 of 2 creators", Duration::from_secs(20)),
        "the plan's roster was not opened: {}",
        screen.seen
    );
    assert!(screen.wait_for("chef.ana", Duration::from_secs(5)));
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn shortlist_two_save_with_ctrl_s_quit_and_the_plan_passes_plan_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("launch.toml");
    let (mut child, mut writer, mut screen) =
        start(&["--plan", plan.to_str().expect("utf-8"), "--budget", "20k"]);
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    // Two creators: the first row, and the one below it.
    for keys in [&b" "[..], b"j", b" "] {
        send(&mut writer, keys);
        std::thread::sleep(Duration::from_millis(150));
    }
    screen.expect("2 creators", Duration::from_secs(10));
    send(&mut writer, b"\x13"); // Ctrl-s
    assert!(
        screen.wait_for("saved", Duration::from_secs(10)),
        "Ctrl-s did not save: {}",
        screen.seen
    );
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
    common::assert_plan_checks(&plan, &[]);
    let text = std::fs::read_to_string(&plan).expect("the plan");
    assert!(text.contains("budget = 20000"), "{text}");
    assert_eq!(text.matches("[[shortlist]]").count(), 2, "{text}");
}

#[test]
fn quitting_with_unsaved_changes_asks_and_n_quits() {
    let (mut child, mut writer, mut screen) = start(&[]);
    assert!(screen.wait_for("of 320 creators", Duration::from_secs(20)));
    send(&mut writer, b" ");
    assert!(screen.wait_for("1 creator", Duration::from_secs(10)));
    send(&mut writer, b"q");
    assert!(
        screen.wait_for("not saved", Duration::from_secs(10)),
        "q with unsaved changes must ask: {}",
        screen.seen
    );
    assert!(child.try_wait().expect("wait").is_none(), "still running");
    send(&mut writer, b"n");
    assert!(wait_exit(&mut child, "n after q").success());
}

/// Reads what is left of the child's output into the screen (after it exited).
fn drain(screen: &mut Screen) {
    while let Ok(bytes) = screen.rx.recv_timeout(Duration::from_millis(300)) {
        screen.parser.process(&bytes);
    }
}

#[test]
fn quitting_while_a_roster_never_finishes_loading_exits_at_once_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("endless.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let (mut child, mut writer, mut screen) = start(&[fifo.to_str().expect("path")]);
    // The test holds the FIFO open for writing: the load can never finish.
    let mut roster = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the fifo");
    roster
        .write_all(b"handle,platform,followers\nstill.loading,instagram,48200\nsecond,tiktok,900\n")
        .expect("write rows");
    assert!(
        screen.wait_for("still.loading", Duration::from_secs(20)),
        "the rows that arrived were not shown: {}",
        screen.seen
    );
    assert!(
        screen.wait_for("loading…", Duration::from_secs(5)),
        "no progress in the title: {}",
        screen.seen
    );
    assert!(screen.parser.screen().alternate_screen());
    let t = Instant::now();
    send(&mut writer, b"q");
    let status = wait_exit(&mut child, "q while loading");
    let took = t.elapsed();
    assert!(status.success(), "exit status {status:?}");
    assert!(took < Duration::from_secs(2), "quit took {took:?}");
    drain(&mut screen);
    let s = screen.parser.screen();
    assert!(!s.alternate_screen(), "still on the alternate screen");
    assert!(!s.hide_cursor(), "the cursor is still hidden");
    drop(roster);
}

/// The optimizer's answer shows by itself: `o`, `Enter`, and the proposal is drawn with no
/// further key (it once waited for a key press to be drawn).
#[test]
fn the_optimizer_proposal_appears_without_another_key() {
    let (mut child, mut writer, mut screen) = start(&["--budget", "20000"]);
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    send(&mut writer, b"o");
    assert!(
        screen.wait_for("Optimize over the view", Duration::from_secs(10)),
        "the limits dialog did not open: {}",
        screen.seen
    );
    // A person reads the dialog before pressing Enter: the next frame is then due at once,
    // and shows the search running; its answer must follow with no key.
    std::thread::sleep(Duration::from_millis(300));
    send(&mut writer, b"\r");
    assert!(
        screen.wait_for("Optimizer proposal", Duration::from_secs(15)),
        "the proposal was not drawn without a key: {}",
        screen.seen
    );
    send(&mut writer, b"n");
    assert!(screen.wait_for("of 320 creators", Duration::from_secs(5)));
    // The budget is an unsaved change: quit, and answer "no" to saving it.
    send(&mut writer, b"q");
    screen.expect("Unsaved changes", Duration::from_secs(5));
    send(&mut writer, b"n");
    let status = wait_exit(&mut child, "q, n after dismissing the proposal");
    assert!(status.success(), "exit status {status:?}");
}

/// Names with a family emoji (joined by ZWJ), a flag, a skin-tone modifier and a heart with a
/// variation selector: a terminal that gives each code point its width (as the vt100 parser
/// here does, and tmux) must see every column after the name where the header puts it.
#[test]
fn emoji_sequences_in_names_do_not_shift_the_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let roster = dir.path().join("emoji.csv");
    std::fs::write(
        &roster,
        "handle,platform,followers,name\n\
         family.fun,instagram,50000,The \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466} Crew\n\
         swede,instagram,40000,Lena \u{1f1f8}\u{1f1ea}\n\
         thumbs,instagram,30000,Thumbs \u{1f44d}\u{1f3fd} up\n\
         hearts,instagram,20000,Love \u{2764}\u{fe0f} it\n\
         plain,instagram,10000,Plain Name\n",
    )
    .expect("write the roster");
    let path = roster.to_str().expect("utf-8 path");
    let (mut child, mut writer, mut screen) = start_sized(&[path], 120, 30);
    screen.expect("5 of 5 creators", Duration::from_secs(20));
    // The cell column where each row's handle starts (its `@`), as the terminal laid it out.
    let at_column = |screen: &vt100::Screen, handle: &str| -> Option<u16> {
        (0..30u16).find_map(|row| {
            let text = screen.contents_between(row, 0, row, 120);
            if !text.contains(handle) {
                return None;
            }
            (0..120u16).find(|&col| {
                let here: String = (col..(col + handle.len() as u16).min(120))
                    .filter_map(|c| screen.cell(row, c).map(|cell| cell.contents().to_string()))
                    .collect();
                here == handle
            })
        })
    };
    let parsed = screen.parser.screen().clone();
    let want = at_column(&parsed, "@plain").expect("the plain row is on screen");
    for handle in ["@family.fun", "@swede", "@thumbs", "@hearts"] {
        assert_eq!(
            at_column(&parsed, handle),
            Some(want),
            "{handle} does not start where @plain does:\n{}",
            screen.seen
        );
    }
    // The flag shows as its country's letters.
    assert!(screen.seen.contains("Lena SE"), "{}", screen.seen);
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
}

/// Sends `signal` (a `kill` name) to the child.
fn signal(child: &Child, name: &str) {
    let pid = child.process_id().expect("a pid").to_string();
    let ok = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill -{name} {pid}");
}

/// Reads what the child wrote until it closes the terminal, so the screen's last state is in.
fn drain_to_end(screen: &mut Screen) {
    let end = Instant::now() + Duration::from_secs(5);
    while Instant::now() < end {
        match screen.rx.recv_timeout(Duration::from_millis(200)) {
            Ok(bytes) => screen.parser.process(&bytes),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// TERM, HUP, INT and QUIT end the planner the conventional way: the recovery file written,
/// the terminal restored (main screen, cursor shown, no mouse reporting), and the exit status
/// 128 + the signal's number.
#[test]
fn a_signal_writes_the_recovery_file_restores_the_terminal_and_exits_128_plus_n() {
    for (name, number) in [("TERM", 15), ("HUP", 1), ("INT", 2), ("QUIT", 3)] {
        let data = tempfile::Builder::new()
            .prefix("pty-signal")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("scratch data folder");
        let (mut child, mut writer, mut screen) = start_with_data(&[], 80, 24, data.path());
        screen.expect("of 320 creators", Duration::from_secs(20));
        assert!(screen.parser.screen().alternate_screen());
        // An unsaved change: the budget.
        send(&mut writer, b"b");
        assert!(screen.wait_for("Campaign budget", Duration::from_secs(5)));
        send(&mut writer, b"\x157777\r");
        screen.expect("$7,777", Duration::from_secs(5));
        signal(&child, name);
        let status = wait_exit(&mut child, name);
        assert_eq!(status.exit_code(), 128 + number, "{name}: {status:?}");
        drain_to_end(&mut screen);
        let s = screen.parser.screen();
        assert!(
            !s.alternate_screen(),
            "{name}: still on the alternate screen"
        );
        assert!(!s.hide_cursor(), "{name}: the cursor is still hidden");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{name}: mouse reporting still on"
        );
        let kept: Vec<String> = std::fs::read_dir(data.path().join("recovery"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            kept.iter().any(|t| t.contains("7777")),
            "{name}: no recovery file with the budget in {}",
            data.path().display()
        );
    }
}

/// Ctrl-z hands the terminal back (main screen, cursor shown, mouse off) before stopping, and
/// sets the screen up again and redraws when continued. (In this test scout is a session
/// leader with no job-control shell, so the kernel does not stop it: it comes straight back.)
#[test]
fn ctrl_z_restores_the_terminal_then_redraws() {
    let (mut child, mut writer, mut screen) = start(&[]);
    screen.expect("of 320 creators", Duration::from_secs(20));
    // Collect the raw bytes from here on, to see the screen handed back and taken again.
    send(&mut writer, b"\x1a");
    let mut raw = Vec::new();
    let end = Instant::now() + Duration::from_secs(5);
    while Instant::now() < end {
        if let Ok(bytes) = screen.rx.recv_timeout(Duration::from_millis(200)) {
            screen.parser.process(&bytes);
            raw.extend_from_slice(&bytes);
            if String::from_utf8_lossy(&raw).contains("of 320 creators") {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let left = text
        .find("\x1b[?1049l")
        .expect("the alternate screen was left");
    let back = text
        .rfind("\x1b[?1049h")
        .expect("the alternate screen was entered again");
    assert!(left < back, "left after entering again");
    assert!(
        text[back..].contains("of 320 creators"),
        "no redraw after resuming: {:?}",
        &text[back..text.len().min(back + 600)]
    );
    assert!(screen.parser.screen().alternate_screen());
    // It still works: search, then quit.
    send(&mut writer, b"/mei.yamasawa");
    screen.expect("1 of 320 creators", Duration::from_secs(5));
    send(&mut writer, b"\x1b");
    std::thread::sleep(Duration::from_millis(200));
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn a_missing_column_is_fixed_on_the_mapping_screen_and_the_plan_records_it() {
    // Issue 14: a roster with no platform column opens the mapping screen; `s` sets the
    // platform, Enter reads the roster with it, Ctrl-s saves a plan that records it.
    let dir = tempfile::tempdir().expect("tempdir");
    let roster = dir.path().join("creators.csv");
    std::fs::write(
        &roster,
        "handle,followers,avg_likes\nlena.lifts,48200,2100\nmia.moves,1.3M,90000\n",
    )
    .expect("roster");
    let plan = dir.path().join("launch.toml");
    let (mut child, mut writer, mut screen) = start(&[
        roster.to_str().expect("utf-8"),
        "--plan",
        plan.to_str().expect("utf-8"),
    ]);
    assert!(
        screen.wait_for("Columns of creators.csv", Duration::from_secs(20)),
        "the mapping screen never appeared: {}",
        screen.seen
    );
    assert!(screen.seen.contains("No platform"), "{}", screen.seen);
    send(&mut writer, b"s");
    screen.expect("2 would load, 0 rejected", Duration::from_secs(10));
    send(&mut writer, b"\r");
    assert!(
        screen.wait_for("of 2 creators", Duration::from_secs(20)),
        "the roster was not read again: {}",
        screen.seen
    );
    send(&mut writer, b"\x13"); // Ctrl-s
    assert!(
        screen.wait_for("saved", Duration::from_secs(10)),
        "Ctrl-s did not save: {}",
        screen.seen
    );
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
    let text = std::fs::read_to_string(&plan).expect("the plan");
    assert!(text.contains("rosters = [\"creators.csv\"]"), "{text}");
    assert!(text.contains("set = [\"platform=instagram\"]"), "{text}");
    // Opened again from the plan alone, the roster reads with no screen in the way.
    let (mut child, mut writer, mut screen) = start(&["--plan", plan.to_str().expect("utf-8")]);
    screen.expect("of 2 creators", Duration::from_secs(20));
    assert!(!screen.seen.contains("Columns of"), "{}", screen.seen);
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
}

/// Standard base64 decoded (the test's own, to check what scout encoded).
fn unbase64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let n = data
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | value(c) << (18 - 6 * i));
        for i in 0..data.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i) & 0xff) as u8);
        }
    }
    out
}

#[test]
fn c_in_the_message_preview_puts_the_message_on_the_clipboard_with_osc_52() {
    let (mut child, mut writer, mut screen) = start(&[]);
    screen.expect("320 of 320 creators", Duration::from_secs(10));
    send(&mut writer, b"m");
    screen.expect("Message to @", Duration::from_secs(5));
    send(&mut writer, b"c");
    screen.expect("copied the message", Duration::from_secs(5));
    let raw = &screen.raw;
    let start = raw
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence");
    let len = raw[start + 7..]
        .iter()
        .position(|&b| b == 0x07)
        .expect("ended by BEL");
    let payload = std::str::from_utf8(&raw[start + 7..start + 7 + len]).expect("ascii");
    let copied = String::from_utf8(unbase64(payload)).expect("utf-8 text");
    assert!(copied.starts_with("Hi "), "{copied}");
    assert!(copied.contains("\n- in return: "), "{copied}");
    assert!(copied.ends_with("Thanks,\nthe team\n"), "{copied}");
    send(&mut writer, b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "{status:?}");
}

/// Issue #15's flow: shortlist, record a post's results through the `r` form, see them
/// against the expectation (`R`), export the brief with `E`, save, and read the report.
#[test]
fn results_typed_in_the_planner_reach_the_exported_brief() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("launch.toml");
    let brief = dir.path().join("report.md");
    let (mut child, mut writer, mut screen) = start_sized(
        &["--plan", plan.to_str().expect("utf-8"), "--budget", "20k"],
        100,
        30,
    );
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    for keys in [&b" "[..], b"j", b" "] {
        send(&mut writer, keys);
        std::thread::sleep(Duration::from_millis(150));
    }
    assert!(screen.wait_for("2 creators", Duration::from_secs(10)));
    // The shortlist pane, its first entry, the results form.
    send(&mut writer, b"\t");
    std::thread::sleep(Duration::from_millis(150));
    send(&mut writer, b"g");
    std::thread::sleep(Duration::from_millis(150));
    send(&mut writer, b"r");
    assert!(
        screen.wait_for("Results", Duration::from_secs(10)),
        "no results form: {}",
        screen.seen
    );
    send(&mut writer, b"\x15"); // Ctrl-u clears the field
    send(
        &mut writer,
        b"reach 12k likes 900 comments 40 shares 10 saves 50 clicks 120 revenue 450\r",
    );
    assert!(
        screen.wait_for("Actual", Duration::from_secs(10)),
        "no Actual column: {}",
        screen.seen
    );
    screen.expect("Eng. e/a", Duration::from_secs(10));
    // The results view, then back.
    send(&mut writer, b"R");
    screen.expect("1 of 2 creators reported", Duration::from_secs(10));
    assert!(screen.wait_for("engagements by tier", Duration::from_secs(5)));
    send(&mut writer, b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    // Export the brief.
    send(&mut writer, b"E");
    std::thread::sleep(Duration::from_millis(300));
    send(&mut writer, b"\x15");
    let mut path = brief.to_str().expect("utf-8").as_bytes().to_vec();
    path.push(b'\r');
    send(&mut writer, &path);
    assert!(
        screen.wait_for("exported the Markdown brief", Duration::from_secs(10)),
        "E did not export: {}",
        screen.seen
    );
    send(&mut writer, b"\x13"); // Ctrl-s
    assert!(screen.wait_for("saved", Duration::from_secs(10)));
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
    let report = std::fs::read_to_string(&brief).expect("the brief");
    for want in [
        "## Results",
        "### Expected against actual",
        "(1 of 2 creators reported)",
        "| 12,000 |",
        "$450",
    ] {
        assert!(report.contains(want), "{want} missing:\n{report}");
    }
    let saved = std::fs::read_to_string(&plan).expect("the plan");
    assert!(saved.contains("[shortlist.results]"), "{saved}");
    assert!(saved.contains("likes = 900"), "{saved}");
}

/// The budget curve in the real binary: `B` opens it, `l` moves the cursor a budget up,
/// `Enter` shows the proposal, `y` takes the budget with its plan, and `Ctrl-s` saves it.
#[test]
fn the_budget_curve_opens_a_point_is_taken_and_the_plan_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("curve.toml");
    let (mut child, mut writer, mut screen) =
        start(&["--plan", plan.to_str().expect("utf-8"), "--budget", "5000"]);
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    // "320 of 320" can show before the load has finished; `B` then says to wait: ask again.
    for _ in 0..20 {
        send(&mut writer, b"B");
        if screen.wait_for("Budget curve", Duration::from_secs(1)) {
            break;
        }
    }
    assert!(
        screen.wait_for("at $5,000:", Duration::from_secs(60)),
        "the curve was not drawn: {}",
        screen.seen
    );
    for _ in 0..2 {
        send(&mut writer, b"l");
        std::thread::sleep(Duration::from_millis(150));
    }
    screen.expect("at $5,500:", Duration::from_secs(5));
    send(&mut writer, b"\r");
    screen.expect("Optimizer proposal", Duration::from_secs(5));
    send(&mut writer, b"y");
    screen.expect("$5,500 and its plan taken", Duration::from_secs(5));
    send(&mut writer, b"\x13"); // Ctrl-s
    assert!(
        screen.wait_for("saved", Duration::from_secs(10)),
        "Ctrl-s did not save: {}",
        screen.seen
    );
    let status = quit(&mut child, &mut writer);
    assert!(status.success(), "exit status {status:?}");
    common::assert_plan_checks(&plan, &["--within-budget"]);
    let text = std::fs::read_to_string(&plan).expect("the plan");
    assert!(text.contains("budget = 5500"), "{text}");
    assert!(text.matches("[[shortlist]]").count() > 10, "{text}");
    // The curve the point came from is kept for the brief.
    assert_eq!(text.matches("[[curve]]").count(), 36, "{text}");
}

/// A terminal window closed under the planner: scout ends (as on SIGHUP, status 129) instead
/// of spinning on a terminal that reads nothing forever (crossterm's own wait did that).
#[test]
fn a_closed_terminal_ends_the_planner() {
    let data = tempfile::tempdir().expect("data folder");
    // Not `start`: its reader thread would hold the master open, so the terminal never closed.
    let (master, mut child) = spawn_in_pty(&[], 80, 24, data.path());
    // The planner draws and waits for keys; then the window closes: every master end goes.
    std::thread::sleep(Duration::from_millis(1500));
    drop(master);
    let status = wait_exit(&mut child, "the terminal closed");
    assert_eq!(status.exit_code(), 129, "{status:?}");
}
