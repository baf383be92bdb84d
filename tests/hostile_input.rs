//! Issue 13: hostile input through the real binary and the library. Control characters never
//! leave scout, sizes are bounded, odd shapes load in linear time, amounts never wrap, and
//! each message gives the true reason.

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use scout::domain::text::is_unsafe;

mod common;
use common::{Scout, scout_in as scout, text};

/// No byte of the output is a control a terminal obeys (line breaks and tabs aside).
fn assert_no_controls(what: &str, out: &[u8]) {
    let s = text(out);
    let bad: Vec<(usize, char)> = s
        .char_indices()
        .filter(|&(_, c)| is_unsafe(c) && !matches!(c, '\n' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{what}: controls {bad:?} in {s:?}");
}

const OSC52: &str = "\x1b]52;c;aGFja2Vk\x07";
const CLEAR: &str = "\x1b[2J\x1b[H";
const C1: &str = "\u{9b}31m";
const BIDI: &str = "\u{202e}txt.exe";

fn hostile() -> String {
    format!("x{OSC52}{CLEAR}{C1}{BIDI}")
}

#[test]
fn scout_check_prints_no_control_from_a_roster() {
    let dir = tempfile::tempdir().unwrap();
    let h = hostile();
    let roster = format!(
        "handle,platform,followers,name,rate,{h}\n\
         a{h},instagram,1000,N{h},100,\n\
         b,{h},1000,,,\n\
         c,tiktok,{h},,,\n\
         d,tiktok,1000,,{h},\n\
         {h},youtube,-5,,,\n"
    );
    std::fs::write(dir.path().join("r.csv"), &roster).unwrap();
    let out = scout(dir.path(), &["check", "r.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("stdout", &out.stdout);
    assert_no_controls("stderr", &out.stderr);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("unknown platform `x]52;c;aGFja2Vk[2J[H31mtxt.exe`"),
        "the reason quotes the platform as read, controls dropped: {stdout}"
    );
    // The column list of a file with no handle column is quoted too.
    std::fs::write(
        dir.path().join("cols.csv"),
        format!("{h},platform,followers\nx,instagram,1\n"),
    )
    .unwrap();
    let out = scout(dir.path(), &["check", "cols.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("stderr", &out.stderr);
    assert!(text(&out.stderr).contains("no handle column"));
    // Standard input and the TOML and JSON readers.
    let mut child = Scout::config("/nonexistent")
        .command(&["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(roster.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_no_controls("stdin stdout", &out.stdout);
    assert_no_controls("stdin stderr", &out.stderr);
    let j = h.replace('\x1b', "\\u001b").replace('\x07', "\\u0007");
    std::fs::write(
        dir.path().join("r.json"),
        format!(
            "[{{\"handle\": \"{j}\", \"platform\": \"{j}\", \"followers\": 5}}, 7, {{\"{j}\": 1}}]"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.toml"),
        format!("[[creator]]\nhandle = \"{j}\"\nplatform = \"{j}\"\nfollowers = 5\n"),
    )
    .unwrap();
    let out = scout(dir.path(), &["check", "r.json", "r.toml"]);
    assert_no_controls("json/toml stdout", &out.stdout);
    assert_no_controls("json/toml stderr", &out.stderr);
}

fn hostile_plan() -> String {
    let esc = |s: &str| {
        s.replace('\x1b', "\\u001b")
            .replace('\x07', "\\u0007")
            .replace('\u{9b}', "\\u009b")
            .replace('\u{202e}', "\\u202e")
    };
    let h = esc(&hostile());
    format!(
        "[campaign]\nname = \"Launch {h}\"\nbudget = 1000.0\ncurrency = \"USD\"\nobjective = \"engagements\"\n\n\
         [[shortlist]]\nhandle = \"<img src=x onerror=alert(1)>{h}\"\nplatform = \"instagram\"\ntier = \"micro<b>\"\n\
         followers = 20000\nniches = [\"<script>{h}\"]\nposts = 1\nfee = 100.0\nfee_source = \"estimate\"\n\
         status = \"shortlisted\"\nexpected_reach = 100\nexpected_engagements = 10\n\
         note = \"line one\\n\\tline two {h} <i>\"\n"
    )
}

#[test]
fn exports_and_saves_hold_no_control_and_the_brief_escapes_html() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.toml"), hostile_plan()).unwrap();
    for format in ["csv", "md", "json"] {
        let out = scout(dir.path(), &["export", "p.toml", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_no_controls(format, &out.stdout);
        assert_no_controls(format, &out.stderr);
        // JSON escapes would bring the controls back when decoded: none there either.
        assert!(!text(&out.stdout).contains("\\u001b"), "{format}");
    }
    let md = text(&scout(dir.path(), &["export", "p.toml", "--format", "md"]).stdout);
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    assert!(
        md.contains("micro&lt;b&gt;") && md.contains("&lt;i&gt;"),
        "{md}"
    );
    assert!(!md.contains("<img") && !md.contains("<i>"), "{md}");
    let csv = text(&scout(dir.path(), &["export", "p.toml"]).stdout);
    assert!(
        csv.contains("\"line one\n\tline two"),
        "a note keeps its line break and tab, quoted: {csv}"
    );
    // A plan saved from the hostile one (its budget changed) is clean on disk.
    let out = scout(dir.path(), &["export", "p.toml", "-o", "brief.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert_no_controls(
        "brief.md",
        &std::fs::read(dir.path().join("brief.md")).unwrap(),
    );
    let file = scout::io::plan::load(&dir.path().join("p.toml")).unwrap();
    let saved = scout::io::plan::render(&file.plan, Some(&file.doc));
    assert_no_controls("the saved plan", saved.as_bytes());
    assert!(
        file.plan.shortlist[0]
            .note
            .starts_with("line one\n\tline two x]52")
    );
}

#[test]
fn plan_errors_quote_the_plan_escaped_and_cut() {
    let dir = tempfile::tempdir().unwrap();
    let long = "z".repeat(500);
    let bad = hostile_plan().replace(
        "platform = \"instagram\"",
        &format!("platform = \"\\u001b]52;c;aGk=\\u0007{long}\""),
    );
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let out = scout(dir.path(), &["export", "bad.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("stderr", &out.stderr);
    let err = text(&out.stderr);
    assert!(err.contains("is not a platform"), "{err}");
    assert!(err.contains('…') && err.len() < 400, "cut short: {err}");
    // A TOML syntax error quoting a control character.
    std::fs::write(
        dir.path().join("syntax.toml"),
        "[campaign]\nname = \x1b[2J\n",
    )
    .unwrap();
    let out = scout(dir.path(), &["export", "syntax.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("stderr", &out.stderr);
}

/// A plan of `n` entries, each at `fee` currency units.
fn big_plan(n: usize, fee: &str) -> String {
    let mut s = String::from(
        "[campaign]\nname = \"Big\"\nbudget = 1000.0\ncurrency = \"USD\"\nobjective = \"reach\"\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[[shortlist]]\nhandle = \"c{i}\"\nplatform = \"instagram\"\ntier = \"micro\"\nfollowers = 20000\n\
             posts = 1\nfee = {fee}\nfee_source = \"estimate\"\nstatus = \"shortlisted\"\n\
             expected_reach = 100\nexpected_engagements = 10\n"
        ));
    }
    s
}

#[test]
fn absurd_amounts_are_refused_and_totals_never_wrap() {
    let dir = tempfile::tempdir().unwrap();
    // One amount above 10^12 units is refused on input, by the command line and in a plan.
    let out = scout(
        dir.path(),
        &["plan", "--budget", "2000000000000", "-o", "p.toml"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("above the largest amount"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(dir.path().join("huge.toml"), big_plan(1, "5e13")).unwrap();
    let out = scout(dir.path(), &["export", "huge.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("shortlist[0].fee is above the largest amount"),
        "{err}"
    );
    // 1,100 entries at the largest accepted fee add up past what is summed exactly: the
    // total is marked, never negative, and neither exported nor saved.
    std::fs::write(dir.path().join("many.toml"), big_plan(1100, "1e12")).unwrap();
    let file = scout::io::plan::load(&dir.path().join("many.toml")).unwrap();
    let t = file.plan.totals();
    assert!(t.overflow && t.spend.cents() > 0 && t.remaining.cents() < 0);
    let out = scout(dir.path(), &["export", "many.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("add up to more than"),
        "{}",
        text(&out.stderr)
    );
    let csv = scout::io::export::ExportFormat::Csv.write(&file.plan);
    assert!(
        csv.contains("more than 90000000000000"),
        "marked: {csv:.200}"
    );
    let mut f = file.clone();
    let e = f.save(&dir.path().join("many.toml")).unwrap_err();
    assert!(e.contains("add up to more than"), "{e}");
}

/// A generous bound on the processor time of a debug build: these shapes took from 14 s to
/// minutes when a path was quadratic, and take a few seconds of processor time in a debug
/// build now (well under one in release).
const GENEROUS: Duration = Duration::from_secs(20);

/// `scout check NAME` on `bytes`, held to [`GENEROUS`] in processor time (user + system, from
/// `wait4`): unlike wall time, it does not grow when other builds share the machine's cores.
// The child is reaped by wait4 (for its processor time), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn check_within(dir: &Path, name: &str, bytes: &[u8]) -> Output {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    std::fs::write(dir.join(name), bytes).unwrap();
    let mut child = Scout::sandboxed(dir)
        .command(&["check", name])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scout runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            pipe.read_to_end(&mut v).expect("read the output");
            v
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data, and wait4 reaps our own child, which `child` never
    // waits for afterwards.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    let cpu = Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime));
    assert!(cpu < GENEROUS, "{name}: {cpu:?} of processor time");
    Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

#[test]
fn odd_shapes_load_in_linear_time_and_print_few_warnings() {
    let dir = tempfile::tempdir().unwrap();
    // A million blank lines and then one long line.
    let mut blank = b"handle,platform,followers,bio\n".to_vec();
    blank.extend(std::iter::repeat_n(b'\n', 1_000_000));
    blank.extend_from_slice(b"a,instagram,5,");
    blank.extend(std::iter::repeat_n(b'a', 1_000_000));
    blank.push(b'\n');
    let out = check_within(dir.path(), "blank.csv", &blank);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A 300,000-column header: the error lists 20 columns, then counts.
    let wide: Vec<String> = (0..300_000).map(|i| format!("c{i}")).collect();
    let out = check_within(
        dir.path(),
        "wide.csv",
        format!("{}\n", wide.join(",")).as_bytes(),
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("... and 299980 more") && err.len() < 1000,
        "{err:.300}"
    );
    // A million duplicate names: five named, then one line for the rest.
    let mut dups = b"handle,platform,followers".to_vec();
    for _ in 0..1_000_000 {
        dups.extend_from_slice(b",a");
    }
    dups.extend_from_slice(b"\nx,instagram,5\n");
    let out = check_within(dir.path(), "dups.csv", &dups);
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 6, "{err:.600}");
    assert!(err.contains("... and 999994 more columns that appear more than once"));
}

#[test]
fn endless_lines_stop_with_an_error_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    // A roster that is a link to /dev/zero, and /dev/zero on standard input.
    let link = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let out = scout(dir.path(), &["check", "zero.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("zero.csv: line 1: the header is longer than 4 MiB"),
        "{}",
        text(&out.stderr)
    );
    let out = Scout::config("/nonexistent")
        .command(&["check", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("<stdin>: line 1: the header is longer"));
    // A row with no end after good rows: those load, the error names the row's line.
    let mut rows = b"handle,platform,followers\na,instagram,5\nb,tiktok,6\n".to_vec();
    rows.extend(std::iter::repeat_n(b'z', 6 << 20));
    let out = check_within(dir.path(), "long.csv", &rows);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).starts_with("loaded 2 creators"));
    let err = text(&out.stderr);
    assert!(
        err.contains("long.csv: line 4: a record longer than 4 MiB") && err.len() < 300,
        "{err:.300}"
    );
    // A field over 64 KiB rejects its row, not the file.
    let big = format!(
        "handle,platform,followers,name\na,instagram,5,{}\nb,tiktok,6,B\n",
        "n".repeat(70_000)
    );
    let out = check_within(dir.path(), "field.csv", big.as_bytes());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("loaded 1 creator"), "{stdout}");
    assert!(
        stdout.contains("field.csv:2: a field is longer than 64 KiB"),
        "{stdout}"
    );
}

#[test]
fn plans_of_30000_entries_read_and_render_in_linear_time() {
    let text = big_plan(30_000, "100.0");
    let start = Instant::now();
    let mut file = scout::io::plan::parse(&text, "big.toml").unwrap();
    // Out of order, so every entry's old table is looked up by its creator.
    file.plan.shortlist.swap(0, 29_999);
    let saved = scout::io::plan::render(&file.plan, Some(&file.doc));
    let took = start.elapsed();
    // About 30 s in a debug build on these machines (0.3 s in release, BENCHMARKS.md);
    // quadratic, reading took over a minute and rendering minutes (119 s to save, release).
    assert!(took < Duration::from_secs(100), "{took:?}");
    assert!(saved.len() > text.len() / 2);
}

#[test]
fn messages_give_the_true_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A JSON row nested deeper than 128 levels, and one that is not an object.
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    std::fs::write(
        d.join("deep.json"),
        format!(
            "[{{\"handle\": \"a\", \"platform\": \"x\", \"followers\": 5}},\n 7,\n {{\"handle\": \"b\", \"platform\": \"x\", \"followers\": 5, \"n\": {deep}}}]"
        ),
    )
    .unwrap();
    let out = scout(d, &["check", "deep.json"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("deep.json:2: not an object: each creator is an object of fields"),
        "{stdout}"
    );
    assert!(
        stdout.contains("deep.json:3: nested more than 128 levels deep"),
        "{stdout}"
    );
    assert!(!stdout.contains("no handle"), "{stdout}");
    // TOML nested too deep: a real line, never line 0.
    std::fs::write(
        d.join("deep.toml"),
        format!("[[creator]]\nhandle = \"a\"\nplatform = \"x\"\nfollowers = 5\nx = {deep}\n"),
    )
    .unwrap();
    let out = scout(d, &["check", "deep.toml"]);
    let err = text(&out.stderr);
    assert!(
        err.contains("deep.toml: line 5: not a TOML roster"),
        "{err}"
    );
    assert!(!err.contains("line 0"), "{err}");
    // `scout config` reads the config: a broken one is exit 1 with the one-line error.
    std::fs::write(
        d.join("broken.toml"),
        "currency = \"USD\"\n[fees]\nmin_fee = -3\n",
    )
    .unwrap();
    let out = scout(d, &["config", "--config", "broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "scout: broken.toml:3: fees.min_fee must be a non-negative amount\n"
    );
    std::fs::write(
        d.join("deep-config.toml"),
        format!("a = {}1{}\n", "{b = ".repeat(300), "}".repeat(300)),
    )
    .unwrap();
    let out = scout(d, &["config", "--config", "deep-config.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("scout: deep-config.toml:1: ") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn two_saves_at_once_to_one_path_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..15 {
        let spawn = || {
            Scout::config("/nonexistent")
                .dir(dir.path())
                .command(&["plan", "--budget", "3000", "-o", "same.toml"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                text(&out.stderr)
            );
        }
        let plan = scout::io::plan::load(&dir.path().join("same.toml")).unwrap();
        assert!(!plan.plan.shortlist.is_empty());
    }
    // Nothing left behind but the plan and its backup.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["same.toml", "same.toml.bak"]);
}

#[test]
fn warnings_of_one_kind_are_named_five_times_then_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("handle,platform,followers,rate,avg_views\n");
    for i in 0..2000 {
        csv.push_str(&format!("h{i},instagram,100,abc,lots\n"));
    }
    let out = check_within(dir.path(), "w.csv", csv.as_bytes());
    let err = text(&out.stderr);
    assert_eq!(
        err.matches("rate: `abc` is not an amount").count(),
        5,
        "{err}"
    );
    assert_eq!(err.matches("avg_views: `lots`").count(), 5, "{err}");
    assert!(
        err.contains("w.csv: ... and 1995 more warnings like `rate…`"),
        "{err}"
    );
    assert!(
        err.contains("w.csv: ... and 1995 more warnings like `avg_views…`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 12, "{err}");
}
