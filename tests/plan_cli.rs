//! `scout plan` and `scout export` end to end, and plan files on disk.

use std::fs;
use std::path::{Path, PathBuf};

use scout::domain::fees::FeeModel;
use scout::domain::plan::FLAG_NOT_IN_ROSTER;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, Source};

mod common;
use common::{scout, text};

fn assert_checks(plan: &Path) {
    let o = common::plan_check(plan, &["--within-budget"]);
    assert!(
        o.status.success(),
        "plan_check failed:\n{}{}\n{}",
        text(&o.stdout),
        text(&o.stderr),
        fs::read_to_string(plan).unwrap_or_default()
    );
}

const ROSTER: &str = "handle,platform,followers,engagement_rate,niches,rate
lena.lifts,instagram,48200,4.1%,fitness;food,450
mo.cooks,instagram,22000,3%,food,300
=cmd,tiktok,15000,5%,comedy,200
big.one,youtube,1200000,1%,tech,9000
gone.soon,tiktok,30000,6%,fitness,250
";

fn roster_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("creators.csv");
    fs::write(&roster, ROSTER).unwrap();
    (dir, roster)
}

/// Runs `scout plan ROSTER --budget BUDGET -o OUT`, which must succeed with a plan that passes
/// plan_check.py.
fn plan_ok(roster: &Path, budget: &str, out: &Path) {
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        budget,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_checks(out);
}

#[test]
fn plan_on_the_sample_passes_plan_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.toml");
    let o = scout(&["plan", "--budget", "5000", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let line = text(&o.stdout);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.contains("creators") && line.contains("optimal"),
        "{line}"
    );
    assert_checks(&out);
}

#[test]
fn infeasible_and_bad_input_exit_1_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.toml");
    let o = out.to_str().unwrap();
    for args in [
        vec!["plan", "--budget", "5000", "-o", o, "--min-tier", "mega=50"],
        vec!["plan", "--budget", "1", "-o", o],
        vec!["plan", "--budget", "12x", "-o", o],
        vec!["plan", "--budget", "5000", "-o", o, "--min-tier", "giant=1"],
        vec!["plan", "--budget", "5000", "-o", o, "--max-share", "150"],
        vec![
            "plan",
            "--budget",
            "5000",
            "-o",
            o,
            "--min-niche",
            "nonexistent=1",
        ],
    ] {
        let r = scout(&args);
        assert_eq!(r.status.code(), Some(1), "{args:?}");
        let err = text(&r.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("scout: "), "{err}");
        assert!(!err.contains("tier-") && !err.contains("panick"), "{err}");
    }
    assert!(!out.exists());
}

/// `--max-creators 0` leaves room for nobody: the count limit is the reason given, not the
/// budget (issue 13). A budget below every fee still blames the budget.
#[test]
fn an_empty_plan_names_the_limit_that_empties_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.toml");
    let o = out.to_str().unwrap();
    let r = scout(&["plan", "--budget", "5000", "-o", o, "--max-creators", "0"]);
    assert_eq!(r.status.code(), Some(1));
    let err = text(&r.stderr);
    assert_eq!(
        err.trim_end(),
        "scout: no feasible plan: the count limit allows at most 0 creators"
    );
    let r = scout(&["plan", "--budget", "1", "-o", o]);
    assert_eq!(r.status.code(), Some(1));
    let err = text(&r.stderr);
    assert!(
        err.contains("no creator fits the budget of $1 (the cheapest of the"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn filters_and_min_tier_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p.toml");
    let o = scout(&[
        "plan",
        "--budget",
        "3000",
        "-o",
        out.to_str().unwrap(),
        "--platform",
        "tiktok",
        "--min-tier",
        "nano=4",
        "--max-creators",
        "12",
        "--objective",
        "reach",
        "--posts",
        "2",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_checks(&out);
    let plan = scout::io::plan::load(&out).unwrap().plan;
    assert!(!plan.shortlist.is_empty() && plan.shortlist.len() <= 12);
    assert!(plan.shortlist.iter().all(|e| e.platform.key() == "tiktok"));
    assert!(plan.shortlist.iter().filter(|e| e.tier == "nano").count() >= 4);
    assert!(plan.shortlist.iter().all(|e| e.posts == 2));
    assert_eq!(plan.campaign.objective.key(), "reach");
}

#[test]
fn exports_every_format_with_formulas_escaped() {
    let (dir, roster) = roster_dir();
    let out = dir.path().join("p.toml");
    plan_ok(&roster, "20000", &out);
    let t = fs::read_to_string(&out).unwrap();
    assert!(t.contains("rosters = [\"creators.csv\"]"), "{t}");
    let t = t.replacen(
        "status = \"shortlisted\"",
        "status = \"shortlisted\"\nnote = \"@boss +1 -ok\"",
        1,
    );
    fs::write(&out, t).unwrap();

    let csv = scout(&["export", out.to_str().unwrap(), "--format", "csv"]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    let csv = text(&csv.stdout);
    assert!(csv.contains("'=cmd"), "{csv}");
    assert!(csv.contains("'@boss +1 -ok"), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",@"), "{csv}");
    assert!(csv.lines().last().unwrap().starts_with("TOTAL,"), "{csv}");

    let md_path = dir.path().join("brief.md");
    let md = scout(&[
        "export",
        out.to_str().unwrap(),
        "--format",
        "md",
        "-o",
        md_path.to_str().unwrap(),
    ]);
    assert!(md.status.success(), "{}", text(&md.stderr));
    assert!(md.stdout.is_empty());
    let md = fs::read_to_string(&md_path).unwrap();
    assert!(md.contains("## Budget") && md.contains("## Totals") && md.contains("### micro"));

    let json = scout(&["export", out.to_str().unwrap(), "--format", "json"]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["campaign"]["budget"], 20000.0);
    assert_eq!(
        v["totals"]["creators"].as_u64().unwrap() as usize,
        v["shortlist"].as_array().unwrap().len()
    );
}

#[test]
fn export_follows_the_output_extension_unless_format_says() {
    let (dir, roster) = roster_dir();
    let out = dir.path().join("p.toml");
    plan_ok(&roster, "20000", &out);
    let plan = out.to_str().unwrap();
    let path = |name: &str| dir.path().join(name);
    let run = |args: &[&str]| {
        let o = scout(args);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "{args:?} wrote to stdout");
    };

    run(&["export", plan, "-o", path("brief.md").to_str().unwrap()]);
    let md = fs::read_to_string(path("brief.md")).unwrap();
    assert!(md.starts_with("# ") && md.contains("## Budget"), "{md}");

    run(&["export", plan, "-o", path("plan.JSON").to_str().unwrap()]);
    let json = fs::read_to_string(path("plan.JSON")).unwrap();
    serde_json::from_str::<serde_json::Value>(&json).expect("JSON");

    run(&["export", plan, "-o", path("sheet.csv").to_str().unwrap()]);
    let csv = fs::read_to_string(path("sheet.csv")).unwrap();
    assert!(csv.starts_with("handle,platform,"), "{csv}");

    // --format wins over the extension.
    run(&[
        "export",
        plan,
        "--format",
        "json",
        "-o",
        path("odd.md").to_str().unwrap(),
    ]);
    let odd = fs::read_to_string(path("odd.md")).unwrap();
    serde_json::from_str::<serde_json::Value>(&odd).expect("--format json wins");

    // An extension that names no format: exit 1, the formats listed, nothing written.
    let txt = path("brief.txt");
    let o = scout(&["export", plan, "-o", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    for f in [".txt", ".csv", ".md", ".json", "--format"] {
        assert!(err.contains(f), "{f} missing from: {err}");
    }
    assert!(!txt.exists());

    // No -o: CSV on standard output, as before.
    let o = scout(&["export", plan]);
    assert!(o.status.success());
    assert!(text(&o.stdout).starts_with("handle,platform,"));
}

fn small_plan(dir: &Path) -> PathBuf {
    let roster = dir.join("creators.csv");
    fs::write(&roster, ROSTER).unwrap();
    let out = dir.join("p.toml");
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        "2000",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    out
}

#[test]
fn a_failed_save_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_plan(dir.path());
    let before = fs::read(&out).unwrap();
    let file = scout::io::plan::load(&out).unwrap();
    let mut plan = file.plan.clone();
    plan.set_name("changed");

    // A folder planted at the temp file's old, predictable name no longer stops a save:
    // every save makes its own.
    let tmp = dir.path().join(".p.toml.scout-tmp");
    fs::create_dir(&tmp).unwrap();
    scout::io::plan::save(&out, &file.plan, Some(&file.doc)).unwrap();
    assert_eq!(fs::read(&out).unwrap(), before);
    assert!(tmp.is_dir());
    fs::remove_dir(&tmp).unwrap();

    // The backup cannot be written (a folder is in the way).
    let bak = dir.path().join("p.toml.bak");
    fs::remove_file(&bak).unwrap();
    fs::create_dir(&bak).unwrap();
    let err = scout::io::plan::save(&out, &plan, Some(&file.doc)).unwrap_err();
    assert!(err.starts_with("cannot save "), "{err}");
    assert!(err.contains("keeping the previous version as"), "{err}");
    assert_eq!(fs::read(&out).unwrap(), before);
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".scout-tmp"))
        .collect();
    assert!(left.is_empty(), "temp file left behind: {left:?}");
    fs::remove_dir(&bak).unwrap();

    // The target is a folder: the rename fails and the folder is untouched.
    let target = dir.path().join("folder.toml");
    fs::create_dir(&target).unwrap();
    assert!(scout::io::plan::save(&target, &plan, None).is_err());
    assert!(target.is_dir());

    // A good save keeps the previous version as FILE.bak.
    scout::io::plan::save(&out, &plan, Some(&file.doc)).unwrap();
    assert_eq!(fs::read(&bak).unwrap(), before);
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .contains("name = \"changed\"")
    );
}

#[test]
fn unknown_keys_and_comments_survive() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_plan(dir.path());
    let t = fs::read_to_string(&out).unwrap();
    let edited = format!(
        "# client: ACME\n{}",
        t.replacen(
            "[campaign]\n",
            "[campaign]\nowner = \"ana\" # account lead\n",
            1
        )
        .replacen(
            "fee_source = ",
            "contract = { signed = false, url = \"https://x\" }\nfee_source = ",
            1,
        )
    ) + "\n[extra]\nreviewed = 2026-01-02\n";
    fs::write(&out, &edited).unwrap();

    // Read and save unchanged: byte-identical.
    let file = scout::io::plan::load(&out).unwrap();
    scout::io::plan::save(&out, &file.plan, Some(&file.doc)).unwrap();
    assert_eq!(fs::read_to_string(&out).unwrap(), edited);

    // Re-planning onto the same file keeps the user's keys too.
    let roster = dir.path().join("creators.csv");
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        "2000",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let after = fs::read_to_string(&out).unwrap();
    for k in [
        "# client: ACME",
        "owner = \"ana\" # account lead",
        "contract = {",
        "reviewed = 2026-01-02",
    ] {
        assert!(after.contains(k), "{k} lost:\n{after}");
    }
    assert_checks(&out);
}

#[test]
fn a_creator_who_left_the_roster_is_kept_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_plan(dir.path());
    let mut file = scout::io::plan::load(&out).unwrap();
    assert!(
        file.plan
            .position(scout::domain::creator::Platform::TikTok, "gone.soon")
            .is_some()
    );
    let roster_path = &scout::io::plan::roster_paths(&out, &file.plan)[0];
    let changed = ROSTER
        .lines()
        .filter(|l| !l.starts_with("gone.soon"))
        .map(|l| l.replace("lena.lifts,instagram,48200", "lena.lifts,instagram,50000"))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(roster_path, changed).unwrap();
    let (roster, _) = scout::io::roster::load(
        vec![Source::File(roster_path.clone())],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );
    let n = file.plan.shortlist.len();
    let report = file.plan.match_roster(&roster);
    assert_eq!(report.missing, vec!["tiktok/gone.soon".to_string()]);
    assert_eq!(file.plan.shortlist.len(), n);
    let gone = &file.plan.shortlist[file
        .plan
        .position(scout::domain::creator::Platform::TikTok, "gone.soon")
        .unwrap()];
    assert!(gone.has_flag(FLAG_NOT_IN_ROSTER));
    if file
        .plan
        .position(scout::domain::creator::Platform::Instagram, "lena.lifts")
        .is_some()
    {
        assert!(
            report.changed.iter().any(|c| c.handle == "lena.lifts"
                && c.field == "followers"
                && c.in_roster == "50000"),
            "{report:?}"
        );
    }
    scout::io::plan::save(&out, &file.plan, Some(&file.doc)).unwrap();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .contains("flags = [\"not in roster\"]")
    );
    assert_checks(&out);
}

#[test]
fn a_hand_broken_plan_gives_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_plan(dir.path());
    let t = fs::read_to_string(&out).unwrap();
    let broken = t.replacen("budget = 2000.0", "budget = 2000.0.0", 1);
    fs::write(&out, broken).unwrap();
    let o = scout(&["export", out.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains(&format!("{}:3:", out.display())), "{err}");

    let wrong = t.replacen("posts = 1\nfee", "posts = \"one\"\nfee", 1);
    fs::write(&out, &wrong).unwrap();
    let o = scout(&["export", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let line = wrong.lines().position(|l| l == "posts = \"one\"").unwrap() + 1;
    assert!(err.contains(&format!(":{line}:9: ")), "{err}");
}

#[test]
fn replanning_keeps_contacted_and_declined_creators() {
    let dir = tempfile::tempdir().unwrap();
    let out = small_plan(dir.path());
    let file = scout::io::plan::load(&out).unwrap();
    let mut plan = file.plan.clone();
    assert!(plan.shortlist.len() >= 2, "{:?}", plan.shortlist);
    let a = plan.shortlist[0].key();
    let b = plan.shortlist[1].key();
    plan.set_status(a.0, &a.1, scout::domain::plan::Status::Contacted)
        .unwrap();
    plan.set_fee(a.0, &a.1, scout::domain::money::Money::from_cents(12_345))
        .unwrap();
    plan.set_note(a.0, &a.1, "waiting for the contract")
        .unwrap();
    plan.set_status(b.0, &b.1, scout::domain::plan::Status::Declined)
        .unwrap();
    scout::io::plan::save(&out, &plan, Some(&file.doc)).unwrap();
    assert_checks(&out);

    let roster = dir.path().join("creators.csv");
    plan_ok(&roster, "2000", &out);
    let again = scout::io::plan::load(&out).unwrap().plan;
    let ea = &again.shortlist[again.position(a.0, &a.1).unwrap()];
    assert_eq!(ea.fee.cents(), 12_345);
    assert_eq!(ea.note, "waiting for the contract");
    let eb = &again.shortlist[again.position(b.0, &b.1).expect("declined kept")];
    assert_eq!(eb.status, scout::domain::plan::Status::Declined);
    assert_eq!(again.shortlist.iter().filter(|e| e.key() == b).count(), 1);
    let t = fs::read_to_string(&out).unwrap();
    assert!(t.contains("quoted_fee"), "{t}");
}

/// The figures of issue 11 (bug 7): exact engagements, one rounding of cost per engagement,
/// the same in the plan, the CSV, the JSON and the Markdown brief.
#[test]
fn figures_are_rounded_one_way_in_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("r.csv");
    fs::write(
        &roster,
        "handle,platform,followers,engagement_rate,avg_likes,avg_comments,rate
star,instagram,660060000,1.58%,,,50000
counted,instagram,18911052,,12719000,400,100
small,instagram,4000,3%,,,96.75
",
    )
    .unwrap();
    let out = dir.path().join("p.toml");
    plan_ok(&roster, "60000", &out);
    let plan = fs::read_to_string(&out).unwrap();
    let file = scout::io::plan::load(&out).unwrap();
    let eng = |h: &str| {
        let e = file.plan.shortlist.iter().find(|e| e.handle == h).unwrap();
        e.expected_engagements
    };
    // 1.58% of 660,060,000 is 10,428,948 (a float product says 10,428,947.49).
    assert_eq!(eng("star"), 10_428_948);
    // 12,719,000 likes + 400 comments are 12,719,400 engagements, not 12,719,399.
    assert_eq!(eng("counted"), 12_719_400);
    assert_eq!(eng("small"), 120);
    // $50,196.75 over 23,148,468 engagements is $0.0021684...: two significant digits.
    assert!(plan.contains("expected_engagements = 23148468"), "{plan}");
    assert!(plan.contains("cost_per_engagement = 0.0022"), "{plan}");

    let export = |f: &str| {
        let o = scout(&["export", out.to_str().unwrap(), "--format", f]);
        assert!(o.status.success(), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    let csv = export("csv");
    let small = csv.lines().find(|l| l.starts_with("small,")).unwrap();
    // $96.75 / 120 = $0.80625: 0.81, never a truncated 0.80.
    assert!(
        small.contains(",96.75,") && small.contains(",120,0.81,"),
        "{small}"
    );
    let total = csv.lines().last().unwrap();
    assert!(total.contains(",23148468,0.0022,"), "{total}");
    let json: serde_json::Value = serde_json::from_str(&export("json")).unwrap();
    assert_eq!(json["totals"]["cost_per_engagement"], 0.0022);
    assert_eq!(json["totals"]["expected_engagements"], 23_148_468);
    let md = export("md");
    assert!(md.contains("- Cost per engagement: $0.0022"), "{md}");
    assert!(md.contains("| 12,719,400 |"), "{md}");
}

/// Issue 11, bug 9: `scout plan` and the planner's `o` weigh the same candidates by the same
/// rule (proposal::build) and reach the same plan: a shortlisted creator outside the filters
/// is weighed at its negotiated fee, a contacted one is kept, a declined one never picked, and
/// the budget share is read by one parser.
#[test]
fn the_command_line_and_the_planner_reach_the_same_plan() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use scout::domain::filter::Filter;
    use scout::domain::money::Money;
    use scout::domain::plan::Status;
    use scout::domain::roster::Roster;
    use scout::io::roster::RosterReader;
    use scout::tui::App;
    use scout::tui::app::OverlayKind;

    const CREATORS: &str = "handle,platform,followers,engagement_rate,niches,rate
a.fit,instagram,20000,4%,fitness,200
b.fit,instagram,30000,3%,fitness,300
c.food,instagram,25000,5%,food,250
d.food,tiktok,40000,6%,food;fitness,150
e.fit,youtube,15000,2%,fitness,400
f.fit,tiktok,12000,8%,fitness,90
g.fit,instagram,60000,2.5%,fitness,500
";
    let dir = tempfile::tempdir().unwrap();
    let roster_path = dir.path().join("creators.csv");
    fs::write(&roster_path, CREATORS).unwrap();
    let (roster, _) = scout::io::roster::load(
        vec![Source::File(roster_path.clone())],
        FieldMap::default(),
        TierScheme::default(),
        FeeModel::default(),
    );

    // The starting plan: c.food (not fitness) negotiated down to $50, b.fit contacted, e.fit
    // declined.
    let mut plan = scout::domain::plan::Plan::new(scout::domain::plan::Campaign {
        name: "same".into(),
        budget: Money::from_units(700),
        ..Default::default()
    });
    for h in ["c.food", "b.fit", "e.fit", "a.fit"] {
        let i = (0..roster.len() as u32)
            .find(|&i| roster.handle(i) == h)
            .unwrap();
        plan.add(scout::domain::plan::ShortlistEntry::from_roster(
            &roster, i, 1, None,
        ))
        .unwrap();
    }
    let ig = scout::domain::creator::Platform::Instagram;
    let yt = scout::domain::creator::Platform::YouTube;
    plan.set_fee(ig, "c.food", Money::from_units(50)).unwrap();
    plan.set_status(ig, "b.fit", Status::Contacted).unwrap();
    plan.set_status(yt, "e.fit", Status::Declined).unwrap();
    let out = dir.path().join("plan.toml");
    scout::io::plan::save(&out, &plan, None).unwrap();

    // The planner: the same roster, plan and filter; `o` with the same limits; accept.
    let filter = Filter {
        niches: vec!["fitness".into()],
        ..Filter::default()
    };
    let mut app = App::new(
        Roster::new(TierScheme::default(), FeeModel::default()),
        "USD",
        filter,
    );
    let mut reader =
        RosterReader::new(vec![Source::File(roster_path.clone())], FieldMap::default());
    while {
        app.load_batch(&mut reader, 100);
        app.is_loading()
    } {}
    app.open_plan(scout::io::plan::load(&out).unwrap(), None);
    let press = |app: &mut App, code: KeyCode| {
        scout::tui::input::press(app, &KeyEvent::new(code, KeyModifiers::NONE));
    };
    press(&mut app, KeyCode::Char('o'));
    scout::tui::input::press(
        &mut app,
        &KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
    );
    for c in "max 3 share 42.5%".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app.wait_optimizer();
    assert!(
        app.overlay_kind() == OverlayKind::Proposal,
        "{:?}",
        app.message()
    );
    press(&mut app, KeyCode::Char('y'));
    let in_planner = app.plan().clone();

    // The command line on the same plan file.
    let o = scout(&[
        "plan",
        roster_path.to_str().unwrap(),
        "--budget",
        "700",
        "-o",
        out.to_str().unwrap(),
        "--niche",
        "fitness",
        "--max-creators",
        "3",
        "--max-share",
        "42.5",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let on_the_command_line = scout::io::plan::load(&out).unwrap().plan;

    let chosen = |p: &scout::domain::plan::Plan| {
        let mut v: Vec<(String, String, i64)> = p
            .shortlist
            .iter()
            .map(|e| (e.handle.clone(), e.status.key().to_string(), e.fee.cents()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(chosen(&on_the_command_line), chosen(&in_planner));
    assert_eq!(on_the_command_line.totals(), in_planner.totals());
    let listed = chosen(&in_planner);
    assert!(
        listed.contains(&("c.food".into(), "shortlisted".into(), 5_000)),
        "the negotiated $50 outside the filters is weighed and wins: {listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|(h, s, _)| h == "b.fit" && s == "contacted")
    );
    assert!(
        listed
            .iter()
            .any(|(h, s, _)| h == "e.fit" && s == "declined")
    );
}

/// Issue 11, bug 4 on the command line: `--budget "15k EUR"` saves a plan in euros with the
/// fees converted at the config's rate, or fails with one line naming the key to add; the
/// planner refuses a plan in a currency it cannot price before the screen opens.
#[test]
fn a_budget_in_another_currency_converts_or_says_why() {
    let (dir, roster) = roster_dir();
    let out = dir.path().join("eur.toml");
    let o = out.to_str().unwrap();
    let r = roster.to_str().unwrap();

    let refused = scout(&["plan", r, "--budget", "15k EUR", "-o", o]);
    assert_eq!(refused.status.code(), Some(1));
    let err = text(&refused.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no rate for EUR")
            && err.contains("`EUR = ")
            && err.contains("[exchange_rates]"),
        "{err}"
    );
    assert!(!out.exists(), "nothing saved in the wrong currency");

    let cfg = dir.path().join("config.toml");
    fs::write(&cfg, "[exchange_rates]\nEUR = 0.92\n").unwrap();
    let c = cfg.to_str().unwrap();
    let saved = scout(&["plan", r, "--budget", "15k EUR", "-o", o, "--config", c]);
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    let line = text(&saved.stdout);
    assert!(line.contains("€15,000") && !line.contains('$'), "{line}");
    assert_checks(&out);
    let plan = scout::io::plan::load(&out).unwrap().plan;
    assert_eq!(plan.campaign.currency, "EUR");
    assert_eq!(plan.campaign.budget.cents(), 1_500_000);
    let lena = plan
        .shortlist
        .iter()
        .find(|e| e.handle == "lena.lifts")
        .expect("lena.lifts fits");
    // Her own rate of $450 at 0.92 EUR per USD: €414.
    assert_eq!(lena.fee.cents(), 41_400);
    let md = scout(&["export", o, "--format", "md"]);
    let md = text(&md.stdout);
    assert!(md.contains("€414") && !md.contains('$'), "{md}");

    // The optimizer's reasons name amounts in euros too.
    let tight = dir.path().join("tight.toml");
    let t = tight.to_str().unwrap();
    let o3 = scout(&[
        "plan",
        r,
        "--budget",
        "500 EUR",
        "-o",
        t,
        "--config",
        c,
        "--min-creators",
        "3",
    ]);
    assert_eq!(o3.status.code(), Some(1));
    let err = text(&o3.stderr);
    assert!(
        err.contains("the 3 cheapest creators cost €690, over the €500 left") && !err.contains('$'),
        "{err}"
    );

    // The planner cannot price a plan in euros without the rate: it says so and exits 1.
    let p = scout(&["--plan", o]);
    assert_eq!(p.status.code(), Some(1));
    let err = text(&p.stderr);
    assert!(
        err.contains("is in EUR") && err.contains("[exchange_rates]"),
        "{err}"
    );
    // Neither does re-planning it in dollars while it has creators.
    let again = scout(&["plan", r, "--budget", "$15,000", "-o", o, "--config", c]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("priced in EUR"),
        "{}",
        text(&again.stderr)
    );
}

/// `-o` never replaces what the path is: a device is written through, a symlink's target is
/// replaced and the link kept, a private plan stays private.
#[cfg(unix)]
#[test]
fn output_paths_keep_what_they_are() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let plan = small_plan(dir.path());
    let p = plan.to_str().unwrap();

    let o = scout(&["export", p, "--format", "csv", "-o", "/dev/null"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let real = dir.path().join("sheet-real.csv");
    fs::write(&real, "old").unwrap();
    let link = dir.path().join("sheet.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = scout(&["export", p, "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&real).unwrap().starts_with("handle,"));

    fs::set_permissions(&plan, fs::Permissions::from_mode(0o600)).unwrap();
    let roster = dir.path().join("creators.csv");
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        "1500",
        "-o",
        p,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

/// Issue #15: a gifted creator at no fee, with contact, dates, post and results, survives
/// re-planning; the plan passes plan_check (spend is cash), and the budget holds the product.
#[test]
fn gifted_creators_count_their_product_and_every_new_field_survives_replanning() {
    use scout::domain::date::Date;
    use scout::domain::money::Money;
    use scout::domain::plan::Status;
    use scout::domain::results::Results;
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("creators.csv");
    fs::write(
        &roster,
        "handle,platform,followers,engagement_rate,niches,rate,name,email,country\n\
         lena.lifts,instagram,48200,4.1%,fitness,450,Lena Ortiz,lena@example.com,ES\n\
         mo.cooks,instagram,22000,3%,food,300,,,\n\
         gone.soon,tiktok,30000,6%,fitness,250,,,\n",
    )
    .unwrap();
    let out = dir.path().join("p.toml");
    plan_ok(&roster, "1000", &out);
    let file = scout::io::plan::load(&out).unwrap();
    let mut plan = file.plan.clone();
    let lena = plan
        .position(scout::domain::creator::Platform::Instagram, "lena.lifts")
        .expect("lena is picked");
    let e = &plan.shortlist[lena];
    assert_eq!(e.email.as_deref(), Some("lena@example.com"));
    assert_eq!(e.name.as_deref(), Some("Lena Ortiz"));
    let (p, h) = e.key();
    plan.set_status(p, &h, Status::Confirmed).unwrap();
    plan.set_fee(p, &h, Money::ZERO).unwrap();
    plan.set_compensation(
        p,
        &h,
        Money::from_cents(45_050),
        Money::from_units(25),
        Some(0.1),
    )
    .unwrap();
    plan.set_dates(
        p,
        &h,
        Date::parse("2026-12-15").ok(),
        Date::parse("2026-12-14").ok(),
    )
    .unwrap();
    plan.set_post_url(p, &h, Some("https://instagram.com/p/xyz".into()))
        .unwrap();
    let results = Results {
        views: Some(51_000),
        likes: Some(2_300),
        revenue: Some(Money::from_cents(123_456)),
        ..Results::default()
    };
    plan.set_results(p, &h, results).unwrap();
    let wanted = plan.shortlist[lena].clone();
    scout::io::plan::save(&out, &plan, Some(&file.doc)).unwrap();
    assert_checks(&out);

    // Re-planning keeps lena (confirmed, locked) as she is, and holds cash + product to the
    // budget.
    let o = scout(&[
        "plan",
        roster.to_str().unwrap(),
        "--budget",
        "1000",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("cash + $475.50 product"),
        "{}",
        text(&o.stdout)
    );
    assert_checks(&out);
    let again = scout::io::plan::load(&out).unwrap().plan;
    let e = &again.shortlist[again.position(p, &h).unwrap()];
    assert_eq!(e, &wanted);
    let t = again.totals();
    assert_eq!(t.product, Money::from_cents(47_550));
    assert_eq!(t.cost, t.spend + t.product);
    assert!(t.cost <= Money::from_units(1000), "{t:?}");
    let saved = fs::read_to_string(&out).unwrap();
    assert!(saved.contains("due = 2026-12-15"), "{saved}");
    assert!(saved.contains("[shortlist.results]"), "{saved}");
}
