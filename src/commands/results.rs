//! `scout results PLAN FILE [--map FIELD=COLUMN]... [--set FIELD=VALUE]... [--dry-run]`:
//! imports post results into a plan and saves it in place.

use std::path::Path;

use super::CmdResult;
use crate::domain::insights::import;
use crate::io::insights::{InsightMap, read};
use crate::io::plan::load;

/// The line number at the end of `PATH:LINE`, for putting messages in file order.
fn line_of(at: &str) -> u64 {
    at.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Exit 0 when every row was imported; 1 when any was not (the rest are still saved).
pub fn run(
    plan_path: &Path,
    file: &Path,
    map: &[String],
    set: &[String],
    sheet: Option<&str>,
    dry_run: bool,
) -> CmdResult {
    let map = InsightMap::from_args(map, set)?;
    let mut plan_file = load(plan_path).map_err(|e| e.to_string())?;
    let currency = plan_file.plan.campaign.currency.clone();
    let insights = read(file, &map, &currency, sheet)?;
    let report = import(&mut plan_file.plan, &insights.rows);

    let columns: Vec<String> = insights
        .columns
        .iter()
        .map(|(f, c)| format!("{} from `{}`", f.key(), crate::domain::text::quote_data(c)))
        .collect();
    println!(
        "{}: {} ({})",
        file.display(),
        plural(insights.rows.len() + insights.rejected.len(), "row", "rows"),
        columns.join(", ")
    );
    for a in &report.applied {
        let mut parts = Vec::new();
        if !a.changed.is_empty() {
            let ch: Vec<String> = a
                .changed
                .iter()
                .map(|c| format!("{} {} → {}", c.field.key(), c.old, c.new))
                .collect();
            parts.push(format!("changed {}", ch.join(", ")));
        }
        if !a.filled.is_empty() {
            parts.push(format!("{} taken from the row", a.filled.join(" and ")));
        }
        parts.extend(a.notes.iter().cloned());
        if !parts.is_empty() {
            println!("{}: {}: {}", a.at, a.creator, parts.join("; "));
        }
    }

    let mut problems: Vec<(String, String)> = insights
        .rejected
        .iter()
        .chain(&report.skipped)
        .cloned()
        .collect();
    problems.sort_by_key(|(at, _)| line_of(at));
    let mut warnings = insights.warnings.clone();
    warnings.sort_by_key(|(at, _)| line_of(at));
    for (at, w) in &warnings {
        eprintln!("{at}: warning: {w}");
    }
    for (at, why) in &problems {
        eprintln!("{at}: {why}");
    }

    let added: usize = report.applied.iter().map(|a| a.added).sum();
    let changed: usize = report.applied.iter().map(|a| a.changed.len()).sum();
    let unchanged: usize = report.applied.iter().map(|a| a.unchanged).sum();
    let summary = format!(
        "results for {}: {added} new {}, {changed} changed, {unchanged} unchanged",
        plural(report.applied.len(), "creator", "creators"),
        if added == 1 { "figure" } else { "figures" },
    );
    let saved = if !report.changed_plan() {
        format!("nothing to change in {}", plan_path.display())
    } else if dry_run {
        format!(
            "not saved (--dry-run): {} is as it was",
            plan_path.display()
        )
    } else {
        plan_file.save(plan_path)?;
        format!("saved in {}", plan_path.display())
    };
    println!("Imported {summary}; {saved}.");
    if problems.is_empty() {
        Ok(0)
    } else {
        eprintln!(
            "scout: {} not imported (listed above); the {} matched {} {}",
            plural(problems.len(), "row", "rows"),
            report.applied.len(),
            if report.applied.len() == 1 {
                "is"
            } else {
                "are"
            },
            if !report.changed_plan() {
                "already recorded".to_string()
            } else if dry_run {
                "not saved (--dry-run)".to_string()
            } else {
                format!("saved in {}", plan_path.display())
            }
        );
        Ok(1)
    }
}
