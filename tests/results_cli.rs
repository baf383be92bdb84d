//! `scout results` end to end: matching, idempotent imports, unmatched rows, exit codes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{scout, text};

const ROSTER: &str = "handle,platform,followers,engagement_rate,niches,rate
lena.lifts,instagram,48200,4.1%,fitness;food,450
mo.cooks,tiktok,22000,3%,food,300
mo.cooks,instagram,9000,3%,food,120
ana.runs,youtube,150000,2%,fitness,900
";

/// A folder with the roster and a plan of all four creators, a comment and a note added by
/// hand.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("scout-results-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("roster.csv"), ROSTER).unwrap();
    let plan = dir.join("plan.toml");
    let o = scout(&[
        "plan",
        dir.join("roster.csv").to_str().unwrap(),
        "--budget",
        "5000",
        "-o",
        plan.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let t = fs::read_to_string(&plan).unwrap();
    let t = t.replacen("[[shortlist]]", "# kept by hand\n[[shortlist]]", 1);
    fs::write(&plan, t).unwrap();
    (dir, plan)
}

fn run(plan: &Path, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["results", plan.to_str().unwrap(), file.to_str().unwrap()];
    args.extend_from_slice(extra);
    scout(&args)
}

fn entry<'a>(doc: &'a toml::Table, platform: &str, handle: &str) -> &'a toml::Table {
    doc["shortlist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_table().unwrap())
        .find(|e| e["platform"].as_str() == Some(platform) && e["handle"].as_str() == Some(handle))
        .unwrap()
}

#[test]
fn an_import_matches_by_url_or_handle_and_a_second_import_changes_nothing() {
    let (dir, plan) = setup("twice");
    let file = dir.join("insights.csv");
    fs::write(
        &file,
        "Account username,Platform,Permalink,Publish time,Views,Reach,Likes,Comments,Shares,Saves,Link clicks,Purchases,Revenue
lena.lifts,Instagram,https://www.instagram.com/p/Cx12/,2026-12-14T18:03:00,\"61,000\",\"31,900\",1.2k,85,40,130,310,12,\"$1,234.50\"
,,https://www.tiktok.com/@mo.cooks/video/7301,,9000,,400,20,,,,,
ghost,instagram,,,100,,5,,,,,,
",
    )
    .unwrap();
    let o = run(&plan, &file, &[]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "a row unmatched: {out}{err}");
    let at = file.display().to_string();
    assert!(
        err.contains(&format!("{at}:4: instagram/ghost is not in the plan")),
        "{err}"
    );
    assert!(err.contains("the 2 matched are saved in"), "{err}");
    assert!(
        out.contains("Imported results for 2 creators: 12 new figures"),
        "{out}"
    );
    let saved = fs::read_to_string(&plan).unwrap();
    assert!(saved.contains("# kept by hand"), "the user's text stays");
    let doc: toml::Table = saved.parse().unwrap();
    let lena = entry(&doc, "instagram", "lena.lifts");
    assert_eq!(
        lena["post_url"].as_str(),
        Some("https://www.instagram.com/p/Cx12/")
    );
    assert_eq!(lena["published"].to_string(), "2026-12-14");
    assert_eq!(lena["status"].as_str(), Some("published"));
    assert!(
        out.contains("instagram/lena.lifts: post URL and published date taken from the row; status shortlisted → published"),
        "{out}"
    );
    assert!(entry(&doc, "tiktok", "mo.cooks")["status"].as_str() == Some("shortlisted"));
    let r = lena["results"].as_table().unwrap();
    assert_eq!(r["views"].as_integer(), Some(61_000));
    assert_eq!(r["likes"].as_integer(), Some(1_200));
    assert_eq!(r["revenue"].as_float(), Some(1234.5));
    // The TikTok one by the handle in its URL, not the Instagram mo.cooks.
    let mo = entry(&doc, "tiktok", "mo.cooks");
    assert_eq!(mo["results"]["likes"].as_integer(), Some(400));
    assert!(
        entry(&doc, "instagram", "mo.cooks")
            .get("results")
            .is_none()
    );

    // Again: the same file changes nothing, and the plan is not even rewritten.
    let o = run(&plan, &file, &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("0 new figures, 0 changed, 12 unchanged"),
        "{out}"
    );
    assert!(text(&o.stderr).contains("already recorded"));
    assert_eq!(fs::read_to_string(&plan).unwrap(), saved);

    // Without the unmatched row: exit 0, still nothing duplicated.
    let clean = dir.join("clean.csv");
    let all = fs::read_to_string(&file).unwrap();
    fs::write(&clean, all.lines().take(3).collect::<Vec<_>>().join("\n")).unwrap();
    let o = run(&plan, &clean, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(fs::read_to_string(&plan).unwrap(), saved);
    // The plan still passes the shared checks (totals exact, every key readable).
    common::assert_plan_checks(&plan, &[]);
    // The export of the plan reads.
    let o = scout(&["export", plan.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn changed_figures_are_applied_and_said_blanks_keep_them_and_duplicates_are_named() {
    let (dir, plan) = setup("changes");
    let first = dir.join("week1.tsv");
    fs::write(
        &first,
        "Username\tNetwork\tLikes\tComments\tSaves\nlena.lifts\tinstagram\t1000\t50\t7\n",
    )
    .unwrap();
    assert_eq!(run(&plan, &first, &[]).status.code(), Some(0));
    let second = dir.join("week2.csv");
    fs::write(
        &second,
        "handle,platform,likes,comments,saves\n@Lena.Lifts,IG,1350,,7\nlena.lifts,instagram,1,1,1\n",
    )
    .unwrap();
    let o = run(&plan, &second, &[]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    let at = second.display().to_string();
    assert!(
        out.contains(&format!(
            "{at}:2: instagram/lena.lifts: changed likes 1,000 → 1,350"
        )),
        "{out}"
    );
    assert!(
        err.contains(&format!(
            "{at}:3: a second row for instagram/lena.lifts (the first is {at}:2): not applied"
        )),
        "{err}"
    );
    let doc: toml::Table = fs::read_to_string(&plan).unwrap().parse().unwrap();
    let r = entry(&doc, "instagram", "lena.lifts")["results"]
        .as_table()
        .unwrap();
    assert_eq!(
        (
            r["likes"].as_integer(),
            r["comments"].as_integer(),
            r["saves"].as_integer()
        ),
        (Some(1350), Some(50), Some(7)),
        "a blank comments cell keeps 50"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn ambiguous_handles_dry_runs_and_bad_files_say_so() {
    let (dir, plan) = setup("misc");
    let before = fs::read_to_string(&plan).unwrap();
    let file = dir.join("x.csv");
    fs::write(&file, "who,hearts\nmo.cooks,5\nana.runs,lots\nana.runs,7\n").unwrap();
    let o = run(&plan, &file, &["--map", "handle=who", "--dry-run"]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1));
    let at = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{at}:2: mo.cooks is in the plan on tiktok and instagram"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{at}:3: likes: `lots` is not a number")),
        "{err}"
    );
    assert!(out.contains("not saved (--dry-run)"), "{out}");
    assert_eq!(fs::read_to_string(&plan).unwrap(), before);
    // --set gives the platform.
    let o = run(
        &plan,
        &file,
        &["--map", "handle=who", "--set", "platform=tiktok"],
    );
    let err = text(&o.stderr);
    assert!(
        err.contains(&format!("{at}:4: tiktok/ana.runs is not in the plan")),
        "{err}"
    );
    assert!(!err.contains(":2:"), "mo.cooks on tiktok matched: {err}");
    for (name, body, want) in [
        ("missing.csv", None, "cannot read"),
        ("a.xlsx", Some("x"), "a.xlsx: "),
        ("nothing.csv", Some("a,b\n1,2\n"), "no header row"),
    ] {
        let f = dir.join(name);
        if let Some(b) = body {
            fs::write(&f, b).unwrap();
        }
        let o = run(&plan, &f, &[]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(name) && err.contains(want), "{err}");
    }
    let o = scout(&[
        "results",
        dir.join("nope.toml").to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("nope.toml"));
    let _ = fs::remove_dir_all(&dir);
}

/// `tests/fixtures/insights.xlsx`: sheet `Posts` (a title row, then `Account username,
/// Platform, Permalink, Likes, Comments, Link clicks, Revenue`, lena.lifts and ghost), and an
/// empty sheet `Other`; written with openpyxl.
#[test]
fn a_spreadsheet_export_is_read_with_rows_named_by_sheet_and_row() {
    let (dir, plan) = setup("sheet");
    let file = dir.join("insights.xlsx");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/insights.xlsx"),
        &file,
    )
    .unwrap();
    let o = run(&plan, &file, &[]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    let at = file.display().to_string();
    assert!(
        err.contains(&format!("{at}:Posts:4: instagram/ghost is not in the plan")),
        "{err}"
    );
    assert!(
        out.contains("results for 1 creator: 4 new figures"),
        "{out}"
    );
    let doc: toml::Table = fs::read_to_string(&plan).unwrap().parse().unwrap();
    let r = entry(&doc, "instagram", "lena.lifts")["results"]
        .as_table()
        .unwrap();
    assert_eq!(r["likes"].as_integer(), Some(1200));
    assert_eq!(r["revenue"].as_float(), Some(1234.5));
    // Again: nothing new. Another sheet by name: it has no header, and says so.
    let o = run(&plan, &file, &[]);
    assert!(text(&o.stdout).contains("0 new figures, 0 changed, 4 unchanged"));
    let o = run(&plan, &file, &["--sheet", "Other"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stderr).lines().count(), 1, "{}", text(&o.stderr));
    let _ = fs::remove_dir_all(&dir);
}
