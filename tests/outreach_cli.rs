//! `scout outreach` end to end: the drafts as a mail client (Python's `email` package) reads
//! them, the mail-merge sheet, `--mark-contacted`, and bad templates and plans.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

mod common;
use common::{Scout, text};

/// A plan of five creators: one with an emoji and accents in her name, a due date and a
/// gifted product; one with no email; one whose email is not an address; one already
/// contacted; one whose handle holds characters no file name may.
const PLAN: &str = r#"[campaign]
name = "Spring launch"
budget = 5000.0
currency = "EUR"
objective = "engagements"
rosters = []

[[shortlist]]
handle = "zoe.ærø"
platform = "instagram"
tier = "micro"
followers = 48200
niches = ["fitness", "food"]
posts = 2
format = "reel"
fee = 900.0
fee_source = "negotiated"
status = "shortlisted"
expected_reach = 24000
expected_engagements = 3952
name = "Zoë 🌸 Ærøskøbing"
email = "zoe@example.com"
product_value = 120.0
due = 2026-12-15

[[shortlist]]
handle = "mo.cooks"
platform = "tiktok"
tier = "micro"
followers = 22000
posts = 1
fee = 300.0
fee_source = "rate"
status = "shortlisted"
expected_reach = 6000
expected_engagements = 660

[[shortlist]]
handle = "bad.mail"
platform = "youtube"
tier = "micro"
followers = 30000
posts = 1
fee = 400.0
fee_source = "estimate"
status = "shortlisted"
expected_reach = 9000
expected_engagements = 300
name = "Bad Mail"
email = "bad mail at example"

[[shortlist]]
handle = "done.already"
platform = "instagram"
tier = "nano"
followers = 5000
posts = 1
fee = 50.0
fee_source = "estimate"
status = "contacted"
expected_reach = 1200
expected_engagements = 250
email = "done@example.com"

[[shortlist]]
handle = "../slash"
platform = "x"
tier = "nano"
followers = 5000
posts = 1
fee = 50.0
fee_source = "estimate"
status = "shortlisted"
expected_reach = 500
expected_engagements = 25
name = "Sam Slash"
email = "sam@example.org"
"#;

const CONFIG: &str = "[outreach]\nsender = \"Åsa from Brånd <asa@brand.example>\"\n";

struct Setup {
    _dir: tempfile::TempDir,
    root: PathBuf,
    plan: PathBuf,
    config: PathBuf,
    out: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_path_buf();
    let plan = root.join("plan.toml");
    fs::write(&plan, PLAN).expect("write plan");
    let config = root.join("config.toml");
    fs::write(&config, CONFIG).expect("write config");
    let out = root.join("drafts");
    Setup {
        _dir: dir,
        root,
        plan,
        config,
        out,
    }
}

fn run(s: &Setup, extra: &[&str]) -> Output {
    let mut args = vec![
        "outreach",
        s.plan.to_str().expect("utf-8 path"),
        "-o",
        s.out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    Scout::config(&s.config)
        .env("HOME", std::env::temp_dir())
        .run(&args)
}

fn python3() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Reads an .eml with `email.parser` and `email.policy.default`, as a mail client would,
/// and prints what it found, one field a line.
const PARSE: &str = r#"
import sys, email.parser, email.policy
with open(sys.argv[1], 'rb') as f:
    m = email.parser.BytesParser(policy=email.policy.default).parse(f)
to = m['to'].addresses[0]
frm = m['from'].addresses[0]
print('subject=' + m['subject'])
print('to_name=' + to.display_name)
print('to_addr=' + to.addr_spec)
print('from_name=' + frm.display_name)
print('from_addr=' + frm.addr_spec)
print('unsent=' + m['x-unsent'])
print('type=' + m.get_content_type() + ';' + m.get_content_charset())
print('defects=' + str(len(m.defects) + sum(len(m[h].defects) for h in m.keys())))
print('headers=' + ','.join(m.keys()))
print('body=' + m.get_content().replace('\r\n', '\n').replace('\n', '|'))
"#;

#[test]
fn drafts_parse_with_pythons_email_package() {
    if !python3() {
        eprintln!("python3 not found: skipping the parse by Python's email package");
        return;
    }
    let s = setup();
    let o = run(&s, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let eml = s.out.join("instagram-zoe._r_.eml");
    let raw = fs::read(&eml).unwrap_or_else(|e| panic!("{}: {e}", eml.display()));
    // CRLF everywhere, short lines, ASCII only on the wire.
    let wire = String::from_utf8(raw.clone()).expect("ascii");
    assert!(wire.is_ascii());
    assert!(!wire.replace("\r\n", "").contains('\n'));
    assert!(wire.split("\r\n").all(|l| l.len() <= 78), "{wire}");
    let p = Command::new("python3")
        .args(["-c", PARSE])
        .arg(&eml)
        .output()
        .expect("run python3");
    assert!(p.status.success(), "{}", text(&p.stderr));
    let got = text(&p.stdout);
    let field = |k: &str| -> String {
        got.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .unwrap_or_else(|| panic!("no {k} in {got}"))
            .to_string()
    };
    assert_eq!(
        field("subject"),
        "Spring launch × @zoe.ærø: a collaboration?"
    );
    assert_eq!(field("to_name"), "Zoë 🌸 Ærøskøbing");
    assert_eq!(field("to_addr"), "zoe@example.com");
    assert_eq!(field("from_name"), "Åsa from Brånd");
    assert_eq!(field("from_addr"), "asa@brand.example");
    assert_eq!(field("unsent"), "1");
    assert_eq!(field("type"), "text/plain;utf-8");
    assert_eq!(field("defects"), "0");
    assert_eq!(
        field("headers"),
        "From,To,Subject,Date,MIME-Version,Content-Type,Content-Transfer-Encoding,X-Unsent"
    );
    assert_eq!(
        field("body"),
        "Hi Zoë,||I've been enjoying your fitness and food posts on Instagram, and we'd love to have you in Spring launch.||What we have in mind:|- 2 reels on Instagram|- in return: €900 and a gifted product worth €120|- live by 15 December 2026||If that sounds good, just reply and I'll send the brief and a short agreement. Happy to adjust the format or the date to fit your schedule.||Thanks,|Åsa from Brånd|"
    );
}

#[test]
fn every_shortlisted_creator_gets_a_row_and_those_with_an_address_a_draft() {
    let s = setup();
    let o = run(&s, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let mut names: Vec<String> = fs::read_dir(&s.out)
        .expect("output folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["instagram-zoe._r_.eml", "mail-merge.csv", "x-_._slash.eml"]
    );
    assert_eq!(
        text(&o.stdout).trim(),
        format!(
            "wrote 2 drafts and mail-merge.csv (4 creators) to {}; 1 without an email; 1 with an email that is not an address; 1 past shortlisted (contacted or beyond, or declined) left out",
            s.out.display()
        )
    );
    let err = text(&o.stderr);
    // Each fallback once per creator, and the bad address named, escaped and on one line.
    assert!(
        err.contains("scout: tiktok/mo.cooks: no value for {first_name} (\"there\"), {niches} (\"recent\"), {due} (\"a date that suits you\")\n"),
        "{err}"
    );
    assert!(
        err.contains("scout: youtube/bad.mail: `bad mail at example` is not an email address; no draft written\n"),
        "{err}"
    );
    assert_eq!(err.matches("tiktok/mo.cooks").count(), 1, "{err}");
    assert!(!err.contains("done.already"), "{err}");
    let csv = fs::read_to_string(s.out.join("mail-merge.csv")).expect("sheet");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[..4], ["email", "name", "first_name", "handle"]);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let zoe = &rows[0];
    assert_eq!(&zoe[col("first_name")], "Zoë");
    assert_eq!(&zoe[col("handle")], "zoe.ærø");
    assert_eq!(&zoe[col("url")], "https://instagram.com/zoe.%C3%A6r%C3%B8");
    assert_eq!(&zoe[col("product")], "€120");
    assert_eq!(&zoe[col("draft_file")], "instagram-zoe._r_.eml");
    assert!(zoe[col("body")].starts_with("Hi Zoë,\n\n"));
    let mo = &rows[1];
    assert_eq!(&mo[col("email")], "");
    assert_eq!(&mo[col("first_name")], "there");
    assert_eq!(&mo[col("draft_file")], "");
    assert!(mo[col("note")].starts_with("no email: no draft"), "{mo:?}");
    assert_eq!(&rows[3][col("draft_file")], "x-_._slash.eml");
    // Nothing was marked: the plan is as it was.
    assert_eq!(fs::read_to_string(&s.plan).expect("plan"), PLAN);
}

#[test]
fn mark_contacted_moves_the_drafted_creators_as_one_recorded_change() {
    let s = setup();
    let o = run(&s, &["--mark-contacted"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains(&format!("; moved 2 to contacted in {}", s.plan.display())),
        "{}",
        text(&o.stdout)
    );
    let file = scout::io::plan::load(&s.plan).expect("plan reads back");
    let status = |h: &str| {
        let e = file
            .plan
            .shortlist
            .iter()
            .find(|e| e.handle == h)
            .expect("entry");
        e.status.key()
    };
    assert_eq!(status("zoe.ærø"), "contacted");
    assert_eq!(status("../slash"), "contacted");
    // No draft, no move.
    assert_eq!(status("mo.cooks"), "shortlisted");
    assert_eq!(status("bad.mail"), "shortlisted");
    let saved = fs::read_to_string(&s.plan).expect("plan");
    assert!(
        saved.contains(&format!(
            "[[history]]\ndate = {}\nchange = \"scout outreach: drafts written to {}; shortlisted -> contacted\"\ncreators = [\"instagram/zoe.ærø\", \"x/../slash\"]\n",
            scout::domain::date::Date::today_utc(),
            s.out.display()
        )),
        "{saved}"
    );
    // The previous version is kept, and what the user wrote stays.
    assert_eq!(
        fs::read_to_string(s.root.join("plan.toml.bak")).expect("backup"),
        PLAN
    );
    assert!(saved.contains("name = \"Zoë 🌸 Ærøskøbing\""));
    let csv = fs::read_to_string(s.out.join("mail-merge.csv")).expect("sheet");
    let statuses: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.expect("row")[16].to_string())
        .collect();
    assert_eq!(
        statuses,
        ["contacted", "shortlisted", "shortlisted", "contacted"]
    );
    // Run again: nobody is at shortlisted with an address any more, so nothing moves.
    let o = run(&s, &["--mark-contacted"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("wrote 0 drafts and mail-merge.csv (2 creators)"));
    assert_eq!(fs::read_to_string(&s.plan).expect("plan"), saved);
}

#[test]
fn a_bad_template_or_plan_is_one_line_and_exit_1() {
    let s = setup();
    let t = s.root.join("pitch.md");
    fs::write(&t, "Subject: Hi {first_name}\n\nWe love {niche}!\n").expect("template");
    let o = run(&s, &["--template", t.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(
        err,
        format!(
            "scout: {}:3: unknown placeholder {{niche}} (did you mean {{niches}}?); the placeholders are {{first_name}}, {{name}}, {{handle}}, {{platform}}, {{niches}}, {{deliverables}}, {{fee}}, {{product}}, {{due}}, {{campaign}}, {{sender}} (`{{{{` and `}}}}` write literal braces)\n",
            t.display()
        )
    );
    assert!(!s.out.exists(), "nothing is written for a bad template");
    let o = run(&s, &["--template", "/nonexistent/pitch.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stderr),
        "scout: /nonexistent/pitch.md: cannot read the template: no such file\n"
    );
    fs::write(&s.plan, "[campaign]\nname = 3\n").expect("plan");
    let o = run(&s, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.starts_with(&format!("scout: {}:", s.plan.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn the_plan_can_name_its_template() {
    let s = setup();
    fs::write(s.root.join("short.txt"), "Hey {first_name}, {fee}?\n").expect("template");
    let plan = PLAN.replace(
        "objective = \"engagements\"",
        "objective = \"engagements\"\noutreach_template = \"short.txt\"",
    );
    fs::write(&s.plan, plan).expect("plan");
    let o = run(&s, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = fs::read_to_string(s.out.join("mail-merge.csv")).expect("sheet");
    assert!(
        csv.contains("Spring launch: a collaboration with @zoe.ærø,\"Hey Zoë, €900 and a gifted product worth €120?\n\""),
        "{csv}"
    );
}
