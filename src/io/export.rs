//! Plan exports: a CSV sheet for spreadsheets, a Markdown brief, and JSON.

use std::path::Path;

use crate::domain::money::{MAX_TOTAL, Money};
use crate::domain::number::grouped;
use crate::domain::plan::{Plan, ShortlistEntry, Totals};
use crate::domain::text::{clean_line, clean_note, escape_html};

/// A total as a file shows it: `plain` for the figure, or, when the fees add up past what
/// scout sums exactly, `more than 90000000000000` (never a wrapped or rounded figure).
fn total_text(t: &Totals, m: Money, show: impl Fn(Money) -> String) -> String {
    if t.overflow {
        format!("more than {}", show(MAX_TOTAL))
    } else {
        show(m)
    }
}

/// The forms a plan is exported in. The command line and the planner's `E` both pick one
/// from the output file's extension with [`ExportFormat::from_path`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Markdown,
    Json,
}

impl ExportFormat {
    /// The format named by a file's extension (`.csv`, `.md` or `.markdown`, `.json`, any
    /// case), or a one-line reason that lists the formats.
    pub fn from_path(path: &Path) -> Result<ExportFormat, String> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("csv") => Ok(ExportFormat::Csv),
            Some("md" | "markdown") => Ok(ExportFormat::Markdown),
            Some("json") => Ok(ExportFormat::Json),
            Some(other) => Err(format!(
                "`.{other}` is not an export format: end the name with .csv, .md or .json (a sheet, a brief or JSON)"
            )),
            None => Err(
                "no extension to choose the export format: end the name with .csv, .md or .json (a sheet, a brief or JSON)"
                    .into(),
            ),
        }
    }

    /// What the format is, for messages: `CSV sheet`.
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV sheet",
            ExportFormat::Markdown => "Markdown brief",
            ExportFormat::Json => "JSON",
        }
    }

    /// The plan written in this format.
    pub fn write(self, plan: &Plan) -> String {
        match self {
            ExportFormat::Csv => to_csv(plan),
            ExportFormat::Markdown => to_markdown(plan),
            ExportFormat::Json => to_json(plan),
        }
    }
}

/// A text cell made safe for spreadsheets: a cell starting with `=`, `+`, `-`, `@` (or a tab
/// or carriage return) would be run as a formula, so it gets a leading `'`.
pub fn escape_cell(s: &str) -> String {
    // A plan built in the planner went through no reader: its text is cleaned here too.
    let s = clean_note(s);
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.into_owned(),
    }
}

fn cpe(e: &ShortlistEntry) -> String {
    if e.expected_engagements == 0 {
        String::new()
    } else {
        crate::domain::money::UnitCost::new(e.fee, e.expected_engagements).plain()
    }
}

const CSV_HEADER: [&str; 16] = [
    "handle",
    "platform",
    "tier",
    "followers",
    "engagement_rate",
    "niches",
    "posts",
    "format",
    "fee",
    "fee_source",
    "status",
    "counts_toward_spend",
    "expected_reach",
    "expected_engagements",
    "cost_per_engagement",
    "note",
];

/// One row per creator, then a totals row. Fees are the quoted fees; declined creators are
/// marked `counts_toward_spend = no`, and the totals row counts only the others.
pub fn to_csv(plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    for e in &plan.shortlist {
        let mut note = e.note.clone();
        for f in &e.flags {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str(f);
        }
        let _ = w.write_record([
            escape_cell(&e.handle),
            e.platform.key().to_string(),
            escape_cell(&e.tier),
            e.followers.to_string(),
            e.engagement_rate.map(|r| r.to_string()).unwrap_or_default(),
            escape_cell(&e.niches.join("; ")),
            e.posts.to_string(),
            escape_cell(e.format.as_deref().unwrap_or("")),
            e.fee.plain(),
            e.fee_source.key().to_string(),
            e.status.key().to_string(),
            if e.is_counted() { "yes" } else { "no" }.to_string(),
            e.expected_reach.to_string(),
            e.expected_engagements.to_string(),
            cpe(e),
            escape_cell(&note),
        ]);
    }
    let t = plan.totals();
    let _ = w.write_record([
        "TOTAL".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        total_text(&t, t.spend, Money::plain),
        String::new(),
        format!("{} of {} creators active", t.active, t.creators),
        String::new(),
        t.expected_reach.to_string(),
        t.expected_engagements.to_string(),
        if t.expected_engagements == 0 {
            String::new()
        } else {
            t.cost_per_engagement.plain()
        },
        escape_cell(&format!(
            "budget {}, remaining {} ({})",
            plan.campaign.budget.plain(),
            if t.overflow {
                "unknown".to_string()
            } else {
                t.remaining.plain()
            },
            clean_line(&plan.campaign.currency)
        )),
    ]);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Text for a Markdown table cell or heading: controls dropped, HTML escaped (a name like
/// `<img onerror=...>` shows as text), `|` and `\\` escaped, line breaks as spaces.
fn md(s: &str) -> String {
    escape_html(&clean_line(s))
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// A brief to paste into an email or a wiki.
pub fn to_markdown(plan: &Plan) -> String {
    let c = &plan.campaign;
    let cur = c.currency.as_str();
    let t = plan.totals();
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", md(&c.name)));
    out.push_str(&format!(
        "Objective: expected {}. Default deliverables: {} per creator.\n\n",
        c.objective.key(),
        c.posts
    ));
    out.push_str("## Budget\n\n| | Amount |\n|---|---:|\n");
    let cur = md(cur);
    let cur = cur.as_str();
    out.push_str(&format!("| Budget | {} |\n", c.budget.display(cur)));
    out.push_str(&format!(
        "| Spend | {} |\n",
        total_text(&t, t.spend, |m| m.display(cur))
    ));
    let rem = if t.overflow {
        "unknown".to_string()
    } else if t.remaining.cents() < 0 {
        format!("{} (over budget)", t.remaining.display(cur))
    } else {
        t.remaining.display(cur)
    };
    out.push_str(&format!("| Remaining | {rem} |\n\n"));
    out.push_str("## Creators\n");
    // Entries grouped by tier in order of first appearance, in one pass: a plan whose
    // tiers are all different (text a user wrote) stays linear.
    let mut groups: Vec<(&str, Vec<&ShortlistEntry>)> = Vec::new();
    let mut group_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in &plan.shortlist {
        let g = *group_of.entry(e.tier.as_str()).or_insert_with(|| {
            groups.push((e.tier.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(e);
    }
    for (tier, entries) in groups {
        out.push_str(&format!("\n### {}\n\n", md(tier)));
        out.push_str(
            "| Creator | Platform | Followers | Posts | Fee | Status | Exp. reach | Exp. engagements | Note |\n",
        );
        out.push_str("|---|---|---:|---:|---:|---|---:|---:|---|\n");
        for e in entries {
            let mut note = md(&e.note);
            for f in &e.flags {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&md(f));
            }
            let fee = if e.is_counted() {
                format!("{} ({})", e.fee.display(cur), e.fee_source.key())
            } else {
                format!("~~{}~~ (not counted)", e.fee.display(cur))
            };
            out.push_str(&format!(
                "| @{} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                md(&e.handle),
                e.platform.label(),
                grouped(e.followers),
                e.posts,
                fee,
                e.status.key(),
                grouped(e.expected_reach),
                grouped(e.expected_engagements),
                note
            ));
        }
    }
    if plan.shortlist.is_empty() {
        out.push_str("\nNo creators shortlisted yet.\n");
    }
    out.push_str("\n## Totals\n\n");
    out.push_str(&format!(
        "- Creators: {} ({} counted, declined excluded)\n",
        t.creators, t.active
    ));
    out.push_str(&format!(
        "- Spend: {}\n",
        total_text(&t, t.spend, |m| m.display(cur))
    ));
    out.push_str(&format!(
        "- Expected reach: {}\n",
        grouped(t.expected_reach)
    ));
    out.push_str(&format!(
        "- Expected engagements: {}\n",
        grouped(t.expected_engagements)
    ));
    out.push_str(&format!(
        "- Cost per engagement: {}\n",
        t.cost_per_engagement.display(cur)
    ));
    out.push_str(&format!(
        "- Cost per 1,000 reach: {}\n",
        t.cost_per_thousand.display(cur)
    ));
    out
}

/// The plan as JSON: money as numbers in currency units, exact to the cent.
pub fn to_json(plan: &Plan) -> String {
    use serde_json::json;
    let c = &plan.campaign;
    let t = plan.totals();
    let shortlist: Vec<_> = plan
        .shortlist
        .iter()
        .map(|e| {
            json!({
                "handle": clean_line(&e.handle),
                "platform": e.platform.key(),
                "tier": clean_line(&e.tier),
                "followers": e.followers,
                "engagement_rate": e.engagement_rate,
                "niches": e.niches.iter().map(|n| clean_line(n)).collect::<Vec<_>>(),
                "posts": e.posts,
                "format": e.format,
                "fee": e.fee.to_units_f64(),
                "counted_fee": e.counted_fee().to_units_f64(),
                "fee_source": e.fee_source.key(),
                "status": e.status.key(),
                "expected_reach": e.expected_reach,
                "expected_engagements": e.expected_engagements,
                "note": clean_note(&e.note),
                "flags": e.flags,
            })
        })
        .collect();
    let v = json!({
        "campaign": {
            "name": clean_line(&c.name),
            "budget": c.budget.to_units_f64(),
            "currency": c.currency,
            "objective": c.objective.key(),
            "posts": c.posts,
            "format": c.format,
            "rosters": c.rosters.iter().map(|r| r.path.clone()).collect::<Vec<_>>(),
        },
        "shortlist": shortlist,
        "totals": {
            "spend": (!t.overflow).then(|| t.spend.to_units_f64()),
            "remaining": (!t.overflow).then(|| t.remaining.to_units_f64()),
            "creators": t.creators,
            "active_creators": t.active,
            "expected_reach": t.expected_reach,
            "expected_engagements": t.expected_engagements,
            "cost_per_engagement": t.cost_per_engagement.to_units_f64(),
            "cost_per_thousand_reach": t.cost_per_thousand.to_units_f64(),
        }
    });
    let mut v = v;
    if t.overflow {
        v["totals"]["overflow"] = json!(true);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped() {
        assert_eq!(escape_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(escape_cell("@x"), "'@x");
        assert_eq!(escape_cell("-1"), "'-1");
        assert_eq!(escape_cell("+1"), "'+1");
        assert_eq!(escape_cell("plain"), "plain");
    }

    #[test]
    fn the_extension_names_the_format() {
        let f = |p: &str| ExportFormat::from_path(Path::new(p));
        assert_eq!(f("brief.md"), Ok(ExportFormat::Markdown));
        assert_eq!(f("Brief.MARKDOWN"), Ok(ExportFormat::Markdown));
        assert_eq!(f("a/b.CSV"), Ok(ExportFormat::Csv));
        assert_eq!(f("x.json"), Ok(ExportFormat::Json));
        let err = f("x.txt").unwrap_err();
        assert!(
            err.contains(".txt") && err.contains(".csv") && err.contains(".json"),
            "{err}"
        );
        assert!(f("brief").unwrap_err().contains(".md"));
    }
}
