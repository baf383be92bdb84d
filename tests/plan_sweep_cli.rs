//! `scout plan --sweep` end to end: the curve in every format, the knee, bad grids, and the
//! plan `-o` saves from it.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{scout, text};

fn ok(args: &[&str]) -> String {
    let o = scout(args);
    assert!(
        o.status.success(),
        "scout {args:?} failed:\n{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

/// The objective `scout plan --budget B` proves alone, read from its summary line.
fn single_objective(budget: &str, dir: &Path) -> u64 {
    let out = dir.join(format!("single-{budget}.toml"));
    let line = ok(&[
        "plan",
        "--budget",
        budget,
        "--min-tier",
        "micro=3",
        "-o",
        out.to_str().unwrap(),
    ]);
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| *w == "expected")
        .expect("summary line");
    assert!(line.contains("(optimal)"), "{line}");
    words[at - 1].replace(',', "").parse().unwrap()
}

#[test]
fn every_budget_of_the_csv_is_the_proven_optimum_and_the_curve_never_falls() {
    let dir = tempfile::tempdir().unwrap();
    let csv = ok(&[
        "plan",
        "--sweep",
        "1k:12k:1k",
        "--min-tier",
        "micro=3",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("budget,engagements,upper_bound,creators,spend,per_1000,knee,status")
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 12);
    let mut last = 0;
    for r in &rows {
        assert_eq!(r[7], "optimal", "{r:?}");
        let v: u64 = r[1].parse().unwrap();
        assert!(v >= last, "the curve fell at {}", r[0]);
        last = v;
        let spend: f64 = r[4].parse().unwrap();
        assert!(spend <= r[0].parse::<f64>().unwrap());
    }
    assert!(rows.iter().filter(|r| r[6] == "yes").count() <= 1);
    for k in [0usize, 4, 11] {
        let budget = &rows[k][0];
        assert_eq!(
            single_objective(budget, dir.path()),
            rows[k][1].parse::<u64>().unwrap(),
            "budget {budget}"
        );
    }
    // The marginal return is the objective per extra 1,000.
    let (a, b): (f64, f64) = (rows[0][1].parse().unwrap(), rows[1][1].parse().unwrap());
    assert_eq!(rows[1][5], format!("{:.2}", b - a));
}

#[test]
fn the_table_marks_the_knee_and_json_says_the_same() {
    let table = ok(&["plan", "--sweep", "$1,000:$20,000:$1,000"]);
    let knee_rows: Vec<&str> = table.lines().filter(|l| l.ends_with("← knee")).collect();
    assert_eq!(knee_rows.len(), 1, "{table}");
    let knee_budget = knee_rows[0].split_whitespace().next().unwrap().to_string();
    assert!(
        table.contains(&format!(
            "knee at {knee_budget}: each extra $1,000 buys under half"
        )),
        "{table}"
    );
    let json = ok(&["plan", "--sweep", "1k:20k:1k", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["points"].as_array().unwrap().len(), 20);
    let knee = v["knee"].as_f64().unwrap();
    assert_eq!(
        format!("${}", scout::domain::number::grouped(knee as u64)),
        knee_budget
    );
}

#[test]
fn bad_grids_exit_1_with_one_line() {
    for (grid, says) in [
        ("10k:30k:0", "--sweep: the STEP must be more than 0"),
        ("30k:10k:1k", "--sweep: TO 10k is below FROM 30k"),
        ("0:1M:1", "at most 1,000 (take a larger STEP)"),
        ("10k:30k", "should be FROM:TO:STEP"),
        ("10k:lots:1k", "--sweep: TO `lots`"),
    ] {
        let o = scout(&["plan", "--sweep", grid]);
        assert_eq!(o.status.code(), Some(1), "{grid}");
        let err = text(&o.stderr);
        assert!(err.contains(says), "{grid}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = scout(&["plan", "--sweep", "1k:5k:1k", "--budget", "2.5k"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--budget 2.5k is not one of the sweep's budgets"));
}

fn budget_of(plan: &PathBuf) -> String {
    let t = fs::read_to_string(plan).unwrap();
    t.lines()
        .find(|l| l.starts_with("budget"))
        .expect("budget line")
        .to_string()
}

#[test]
fn o_saves_the_plan_at_the_budget_given_or_else_at_the_knee() {
    let dir = tempfile::tempdir().unwrap();
    let at_budget = dir.path().join("at.toml");
    let out = ok(&[
        "plan",
        "--sweep",
        "1k:5k:1k",
        "--budget",
        "3k",
        "-o",
        at_budget.to_str().unwrap(),
    ]);
    assert!(out.contains("saved "), "{out}");
    assert!(
        budget_of(&at_budget).contains("3000"),
        "{}",
        budget_of(&at_budget)
    );

    let at_knee = dir.path().join("knee.csv.toml");
    let o = scout(&[
        "plan",
        "--sweep",
        "1k:20k:1k",
        "--format",
        "csv",
        "-o",
        at_knee.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let csv = text(&o.stdout);
    // Standard output stays a clean CSV; the summary goes to standard error.
    assert!(csv.lines().all(|l| !l.starts_with("saved")));
    assert!(text(&o.stderr).starts_with("saved "));
    let knee = csv
        .lines()
        .find(|l| l.split(',').nth(6) == Some("yes"))
        .expect("a knee")
        .split(',')
        .next()
        .unwrap()
        .to_string();
    assert!(
        budget_of(&at_knee).contains(&knee),
        "{} vs knee {knee}",
        budget_of(&at_knee)
    );
}

#[test]
fn the_brief_of_a_plan_saved_from_a_sweep_has_the_curve() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("brief.toml");
    ok(&[
        "plan",
        "--sweep",
        "2k:6k:1k",
        "--budget",
        "4k",
        "-o",
        plan.to_str().unwrap(),
    ]);
    let md = ok(&["export", plan.to_str().unwrap(), "--format", "md"]);
    assert!(md.contains("## Budget curve"), "{md}");
    assert!(
        md.contains("| Budget | Expected engagements | Per extra $1,000 |"),
        "{md}"
    );
    assert_eq!(
        md.matches("\n| $").count() + md.matches("\n| **$").count(),
        5,
        "{md}"
    );
    // Saved again by a plain `plan` run, the curve is kept as it was (scout does not own it).
    ok(&["plan", "--budget", "4k", "-o", plan.to_str().unwrap()]);
    assert!(fs::read_to_string(&plan).unwrap().contains("[[curve]]"));
    // A plan never swept has no curve section.
    let plain = dir.path().join("plain.toml");
    ok(&["plan", "--budget", "4k", "-o", plain.to_str().unwrap()]);
    let md = ok(&["export", plain.to_str().unwrap(), "--format", "md"]);
    assert!(!md.contains("Budget curve"));
}
