//! `scout check`, `scout config` and start-up errors, through the real binary.

mod common;
use common::{MISSING_CONFIG, Scout, scout_in_fixtures as scout, text};

#[test]
fn check_clean_roster_exits_zero_with_counts() {
    let out = scout(&["check", "quoted.csv", "roster.tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "loaded 3 creators from 2 files; 0 rows rejected\n\
         by tier: nano 0, micro 1, macro 1, mega 1, unranked 0\n\
         by platform: instagram 1, tiktok 1, youtube 1\n  \
         quoted.csv: 2 loaded, 0 rejected\n  \
         roster.tsv: 1 loaded, 0 rejected\n\
         columns of quoted.csv:\n  \
         handle           `handle`\n  \
         platform         `platform`\n  \
         followers        `followers`\n  \
         name             `name`\n  \
         niches           `niches`\n  \
         rate             `rate`\n  \
         not in the file: engagement_rate, avg_views, avg_likes, avg_comments, avg_engagements, country, language, email, url\n  \
         warning: no engagement data (no engagement rate, likes or engagements column): tier norms assumed for all 2 creators\n\
         columns of roster.tsv:\n  \
         handle           `handle`\n  \
         platform         `platform`\n  \
         followers        `followers`\n  \
         niches           `niches`\n  \
         not in the file: name, engagement_rate, avg_views, avg_likes, avg_comments, avg_engagements, country, language, email, rate, url\n  \
         warning: no engagement data (no engagement rate, likes or engagements column): tier norms assumed for the 1 creator\n  \
         warning: no fee data (no rate column): fees estimated from the fee model for the 1 creator\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn check_prints_every_rejected_row_and_exits_one() {
    let out = scout(&["check", "rejects.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("columns of ") && !l.starts_with("  "))
        .collect();
    // Issue 11: the 150% row loads with a warning; the negative rate at line 14 is rejected;
    // the duplicate at line 12 is reported, not rejected.
    assert_eq!(lines[0], "loaded 3 creators from 1 file; 9 rows rejected");
    assert_eq!(
        &lines[3..5],
        ["rejects.csv:3: no handle", "rejects.csv:4: no platform"]
    );
    assert_eq!(
        lines.last(),
        Some(&"rejects.csv:14: engagement_rate: `-2%` is negative")
    );
    assert_eq!(
        text(&out.stderr),
        "warning: rejects.csv:9: engagement rate 150.0% is above 100% (engagements per post exceed followers); kept\n\
         warning: rejects.csv:12: duplicate of instagram/good at line 2: nothing to fill; skipped\n\
         warning: rejects.csv:13: avg_views: `many` is not a number; left blank\n"
    );
}

#[test]
fn check_reads_standard_input_and_map_set() {
    let mut child = Scout::config(MISSING_CONFIG)
        .command(&[
            "check",
            "-",
            "--map",
            "handle=user",
            "--set",
            "platform=tiktok",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("scout runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"User,Followers\nana,1.2k\nbo,3M\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("loaded 2 creators from 1 file; 0 rows rejected\nby tier: nano 1, micro 0, macro 0, mega 1, unranked 0\nby platform: tiktok 2\n"));
}

#[test]
fn standard_input_that_starts_with_only_a_byte_order_mark_still_loads() {
    use std::io::Write;
    let mut child = Scout::config(MISSING_CONFIG)
        .command(&["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("scout runs");
    let mut stdin = child.stdin.take().expect("stdin");
    // The first read sees the mark alone; the loader must wait for more, not spin.
    stdin.write_all(b"\xef\xbb\xbf").expect("write");
    stdin.flush().expect("flush");
    std::thread::sleep(std::time::Duration::from_millis(300));
    stdin
        .write_all(b"handle,platform,followers\nx,instagram,100\n")
        .expect("write");
    drop(stdin);
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("scout check - did not finish after the input closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).starts_with("loaded 1 creator from 1 file; 0 rows rejected\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn unreadable_files_and_bad_arguments_are_one_line_errors() {
    let out = scout(&["check", "nope.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "error: nope.csv: no such file\n");
    let out = scout(&["check", "quoted.csv", "--map", "colour=x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("scout: --map: unknown field `colour`"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stderr).lines().count(), 1);
    let out = scout(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).lines().count(),
        1,
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn broken_config_is_reported_with_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "currency = \"USD\"\n[fees]\nmin_fee = -3\n").expect("write");
    let out = scout(&[
        "check",
        "quoted.csv",
        "--config",
        cfg.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "scout: {}:3: fees.min_fee must be a non-negative amount\n",
            cfg.display()
        )
    );
}

#[test]
fn config_prints_path_and_default() {
    let out = scout(&["config"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "/nonexistent/scout-config.toml (not created yet: the defaults are in use)\n"
    );
    let out = scout(&["config", "--default"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), scout::io::config::DEFAULT_CONFIG);
}

#[test]
fn check_loads_viral_and_doubtful_rows_with_warnings_and_exits_zero() {
    let out = scout(&["check", "viral.csv", "impossible.csv", "derived.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("loaded 21 creators from 3 files; 0 rows rejected\n"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    for want in [
        "warning: viral.csv:2: engagement rate 131.0% is above 100% (engagements per post exceed followers); kept\n",
        "warning: viral.csv: ... and 2 more creators with an engagement rate above 100%\n",
        "warning: impossible.csv:2: 333,000 engagements per post but 0 average views: one of them is wrong; loaded, marked ?\n",
        "warning: impossible.csv:7: engagement rate 125.0% is above 100% (engagements per post exceed followers); kept\n",
        // No "1 creators" in any count.
        "warning: derived.csv: no engagement rate for 1 creator: derived as engagements / followers\n",
    ] {
        assert!(stderr.contains(want), "{want}in\n{stderr}");
    }
    assert!(
        !stderr.contains("viral.csv:8:"),
        "only five named: {stderr}"
    );
}

#[test]
fn check_reports_duplicates_that_fill_blanks_and_exits_zero() {
    let out = scout(&["check", "dup_a.csv", "dup_b.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("loaded 4 creators from 2 files; 0 rows rejected\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  dup_a.csv: 3 loaded, 0 rejected, 1 duplicate\n  dup_b.csv: 1 loaded, 0 rejected, 3 duplicates\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        text(&out.stderr),
        "warning: dup_a.csv:5: duplicate of tiktok/mia.moves at line 2: filled name, niches\n\
         warning: dup_b.csv:2: duplicate of tiktok/mia.moves at dup_a.csv:2: filled email, country, language, engagement_rate, avg_views, avg_likes, rate\n\
         warning: dup_b.csv:2: engagement rate 119.0% is above 100% (engagements per post exceed followers); kept\n\
         warning: dup_b.csv:3: duplicate of instagram/Lena.Lifts at dup_a.csv:3: nothing to fill; skipped\n\
         warning: dup_b.csv:4: duplicate of youtube/solo at dup_a.csv:4: filled email\n"
    );
}

#[test]
fn a_saved_profile_reads_every_file_with_that_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    // The user's own config, with a comment that must survive the save.
    std::fs::write(&cfg, "# mine\ncurrency = \"EUR\"\n").expect("write");
    let cfg_arg = cfg.to_str().expect("utf-8");
    let out = scout(&["check", "exports/nothing_known.csv", "--config", cfg_arg]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "no columns known: the file fails"
    );
    let out = scout(&[
        "check",
        "exports/nothing_known.csv",
        "--map",
        "handle=c",
        "--map",
        "followers=a",
        "--set",
        "platform=twitch",
        "--save-profile",
        "letters",
        "--config",
        cfg_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("saved profile `letters` in"),
        "{}",
        text(&out.stderr)
    );
    let saved = std::fs::read_to_string(&cfg).expect("config");
    assert!(saved.starts_with("# mine\ncurrency = \"EUR\"\n"), "{saved}");
    assert!(saved.contains("[profiles.letters]"), "{saved}");
    // The config still reads, and the same header now loads with no flag.
    let out = scout(&["config", "--config", cfg_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = scout(&["check", "exports/nothing_known.csv", "--config", cfg_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("columns of exports/nothing_known.csv (profile `letters`):\n  handle           `c` (profile `letters`)\n  platform         twitch (profile `letters`)\n  followers        `a` (profile `letters`)\n"),
        "{stdout}"
    );
    // A plan built with it records the mapping, so it reads the same without the profile.
    let plan = dir.path().join("p.toml");
    let out = scout(&[
        "plan",
        "exports/nothing_known.csv",
        "--budget",
        "1000",
        "-o",
        plan.to_str().expect("utf-8"),
        "--config",
        cfg_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plan_text = std::fs::read_to_string(&plan).expect("plan");
    assert!(
        plan_text.contains("map = [\"handle=c\", \"followers=a\"]")
            && plan_text.contains("set = [\"platform=twitch\"]"),
        "{plan_text}"
    );
    // A bad name is refused before anything is read.
    let out = scout(&[
        "check",
        "quoted.csv",
        "--save-profile",
        "a b",
        "--config",
        cfg_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr).lines().count(), 1);
}

/// A usage error: exit 1 (bad input, as shared/CONTRACT.md gives for every command), one
/// line on standard error, nothing on standard output.
fn usage_error(args: &[&str]) -> String {
    let out = scout(args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(
        !err.trim_end().contains(|c: char| c.is_control()),
        "{args:?}: {err:?}"
    );
    err
}

#[test]
fn a_missing_argument_is_named_with_the_subcommands_help() {
    assert_eq!(
        usage_error(&["export"]),
        "scout: missing required argument <PLAN> (see `scout export --help`)\n"
    );
    assert_eq!(
        usage_error(&["check"]),
        "scout: missing required argument <ROSTER>... (see `scout check --help`)\n"
    );
    assert_eq!(
        usage_error(&["plan", "quoted.csv", "--budget", "1000"]),
        "scout: missing required argument --output <FILE> (see `scout plan --help`)\n"
    );
    assert_eq!(
        usage_error(&["results"]),
        "scout: missing required arguments <PLAN>, <FILE> (see `scout results --help`)\n"
    );
    // An option given without its value.
    assert_eq!(
        usage_error(&["plan", "--budget"]),
        "scout: --budget <AMOUNT> needs a value (see `scout plan --help`)\n"
    );
    assert_eq!(
        usage_error(&["--plan"]),
        "scout: --plan <FILE> needs a value (see `scout --help`)\n"
    );
}

#[test]
fn an_invalid_value_names_the_argument_and_what_it_takes() {
    assert_eq!(
        usage_error(&["export", "p.toml", "--format", "xml"]),
        "scout: invalid value `xml` for --format <FORMAT>: one of `csv`, `md`, `json` \
         (see `scout export --help`)\n"
    );
    assert_eq!(
        usage_error(&["plan", "--budget", "1", "-o", "p.toml", "--posts", "0"]),
        "scout: invalid value `0` for --posts <N>: 0 is not in 1..=1000 (see `scout plan --help`)\n"
    );
    assert_eq!(
        usage_error(&["completions", "tcsh"]),
        "scout: invalid value `tcsh` for <SHELL>: one of `bash`, `elvish`, `fish`, \
         `powershell`, `zsh` (see `scout completions --help`)\n"
    );
    // What the user typed is escaped: no control reaches the terminal.
    assert_eq!(
        usage_error(&[
            "export",
            "p.toml",
            "--format",
            "\u{1b}]52;c;aGk=\u{7}\u{202e}"
        ]),
        "scout: invalid value `\\x1b]52;c;aGk=\\x07\\u{202e}` for --format <FORMAT>: one of \
         `csv`, `md`, `json` (see `scout export --help`)\n"
    );
}

#[test]
fn an_unknown_argument_is_named_with_a_suggestion() {
    assert_eq!(
        usage_error(&["check", "quoted.csv", "--maps", "x"]),
        "scout: unknown option `--maps`; did you mean `--map`? (see `scout check --help`)\n"
    );
    assert_eq!(
        usage_error(&["export", "a.toml", "b.toml"]),
        "scout: unexpected argument `b.toml` (see `scout export --help`)\n"
    );
    assert_eq!(
        usage_error(&["--zzz"]),
        "scout: unknown option `--zzz` (see `scout --help`)\n"
    );
    assert_eq!(
        usage_error(&["check", "quoted.csv", "--\u{1b}[2J"]),
        "scout: unknown option `--\\x1b[2J` (see `scout check --help`)\n"
    );
}
