//! The real `scout` binary in a pseudo-terminal: search for a creator, see the row, quit.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Reads the child's output on a thread and collects it, so waits can poll with a timeout.
struct Screen {
    rx: mpsc::Receiver<Vec<u8>>,
    seen: String,
}

impl Screen {
    fn wait_for(&mut self, text: &str, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if self.seen.contains(text) {
                return true;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.rx.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(bytes) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return self.seen.contains(text),
            }
        }
    }
}

type Child = Box<dyn portable_pty::Child + Send + Sync>;

/// Starts `scout ARGS` at 80x24 in a pseudo-terminal.
fn start(args: &[&str]) -> (Child, Box<dyn Write + Send>, Screen) {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_scout"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("SCOUT_CONFIG", "/nonexistent/scout-test-config.toml");
    let child = pair.slave.spawn_command(cmd).expect("start scout");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
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
            seen: String::new(),
        },
    )
}

/// Presses `q` and waits for the exit status.
fn quit(child: &mut Child, writer: &mut Box<dyn Write + Send>) -> portable_pty::ExitStatus {
    writer.write_all(b"q").expect("q");
    writer.flush().expect("flush");
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(s) = child.try_wait().expect("wait") {
            return s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("scout did not quit on q");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn search_shows_the_row_and_q_quits_with_status_0() {
    let (mut child, mut writer, mut screen) = start(&[]);
    assert!(
        screen.wait_for("of 320 creators", Duration::from_secs(20)),
        "the table never appeared: {}",
        screen.seen
    );
    screen.seen.clear();
    writer.write_all(b"/mei.yamasawa").expect("type");
    writer.flush().expect("flush");
    assert!(
        screen.wait_for("1 of 320 creators", Duration::from_secs(10)),
        "the search did not narrow the view: {}",
        screen.seen
    );
    assert!(screen.wait_for("yamasawa", Duration::from_secs(5)));
    writer.write_all(b"\x1b").expect("esc");
    writer.flush().expect("flush");
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
