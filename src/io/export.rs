//! Plan exports: a CSV sheet for spreadsheets, a Markdown brief, and JSON.
//!
//! Each carries who to contact (name, email, country, profile URL, built from platform and
//! handle when the plan has none), the compensation (cash fee, gifted product and shipping,
//! commission rate), the deliverables' dates and post URL, and the recorded results. Cash
//! and product are totalled apart. Nothing here reads the clock: whether an entry is overdue
//! is the planner's to show, so an export of the same plan is always the same.

use std::path::Path;

use crate::domain::money::{MAX_TOTAL, Money};
use crate::domain::number::grouped;
use crate::domain::plan::{Plan, ShortlistEntry, Totals};
use crate::domain::results::{ResultField, Results};
use crate::domain::text::{clean_line, clean_note, escape_html};

use crate::domain::compensation::percent;
use crate::domain::results::Outcome;

mod performance;

fn opt_text(s: &Option<String>) -> String {
    s.as_deref().map(escape_cell).unwrap_or_default()
}

/// The sum of one amount over the entries that count (declined ones do not), exact.
fn counted_sum(plan: &Plan, amount: impl Fn(&ShortlistEntry) -> Money) -> String {
    Money::checked_sum(plan.shortlist.iter().filter(|e| e.is_counted()).map(amount))
        .map_or_else(|| format!("more than {}", MAX_TOTAL.plain()), Money::plain)
}

/// One recorded figure as a cell: a count, or revenue in units; empty when not recorded.
fn result_cell(r: &Results, f: ResultField) -> String {
    if f.is_money() {
        r.revenue.map(Money::plain).unwrap_or_default()
    } else {
        r.count(f).map(|n| n.to_string()).unwrap_or_default()
    }
}

/// The sum of one recorded figure, exact.
enum Total {
    Count(u64),
    /// `None` when the revenues add up past what scout sums exactly.
    Revenue(Option<Money>),
}

/// The sum of one figure over the entries that recorded it (`None` when none did).
fn result_total(plan: &Plan, f: ResultField) -> Option<Total> {
    let rs = plan.shortlist.iter().map(|e| &e.results);
    if f.is_money() {
        let v: Vec<Money> = rs.filter_map(|r| r.revenue).collect();
        (!v.is_empty()).then(|| Total::Revenue(Money::checked_sum(v)))
    } else {
        let v: Vec<u64> = rs.filter_map(|r| r.count(f)).collect();
        (!v.is_empty()).then(|| Total::Count(v.iter().fold(0u64, |a, b| a.saturating_add(*b))))
    }
}

fn total_cell(
    t: Option<Total>,
    money: impl Fn(Money) -> String,
    count: impl Fn(u64) -> String,
) -> String {
    match t {
        None => String::new(),
        Some(Total::Count(n)) => count(n),
        Some(Total::Revenue(Some(m))) => money(m),
        Some(Total::Revenue(None)) => format!("more than {}", money(MAX_TOTAL)),
    }
}

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
        crate::domain::money::UnitCost::new(e.cost(), e.expected_engagements).plain()
    }
}

const CSV_HEADER: [&str; 37] = [
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
    "name",
    "email",
    "country",
    "url",
    "compensation",
    "product_value",
    "shipping",
    "cost",
    "commission_rate",
    "due",
    "published",
    "post_url",
    "views",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "conversions",
    "revenue",
];

/// One row per creator, then a totals row. Fees are the quoted fees (cash); `cost` adds the
/// gifted product and shipping. Declined creators are marked `counts_toward_spend = no`, and
/// the totals row counts only the others. The columns of issue #15 come after `note`, so a
/// sheet read by position before them reads the same.
pub fn to_csv(plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER.iter().chain(&performance::CSV_HEADER));
    for e in &plan.shortlist {
        let mut note = e.note.clone();
        for f in &e.flags {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str(f);
        }
        let row = [
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
        ]
        .into_iter()
        .chain([
            opt_text(&e.name),
            opt_text(&e.email),
            opt_text(&e.country),
            opt_text(&e.profile_url()),
            e.compensation().label(),
            e.product_value.plain(),
            e.shipping.plain(),
            e.cost().plain(),
            e.commission_rate.map(|r| r.to_string()).unwrap_or_default(),
            e.due.map(|d| d.to_string()).unwrap_or_default(),
            e.published.map(|d| d.to_string()).unwrap_or_default(),
            opt_text(&e.post_url),
        ])
        .chain(ResultField::ALL.map(|f| result_cell(&e.results, f)))
        .chain(performance::csv_cells(&Outcome::of_entry(e)))
        .collect::<Vec<String>>();
        let _ = w.write_record(row);
    }
    let t = plan.totals();
    let total_row = [
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
            "budget {}, remaining {} cash, {} after product ({})",
            plan.campaign.budget.plain(),
            if t.overflow {
                "unknown".to_string()
            } else {
                t.remaining.plain()
            },
            if t.overflow {
                "unknown".to_string()
            } else {
                t.budget_left.plain()
            },
            clean_line(&plan.campaign.currency)
        )),
    ]
    .into_iter()
    .chain((0..5).map(|_| String::new()))
    .chain([
        counted_sum(plan, |e| e.product_value),
        counted_sum(plan, |e| e.shipping),
        total_text(&t, t.cost, Money::plain),
    ])
    .chain((0..4).map(|_| String::new()))
    .chain(
        ResultField::ALL
            .map(|f| total_cell(result_total(plan, f), Money::plain, |n| n.to_string())),
    )
    .chain(performance::csv_cells(&Outcome::of_plan(plan)))
    .collect::<Vec<String>>();
    let _ = w.write_record(total_row);
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

/// `[text](url)` when the address is a plain web address; otherwise the text alone, so no
/// address from a file can break the table or smuggle markup.
fn md_link(text: &str, url: Option<&str>) -> String {
    let t = md(text);
    match url {
        Some(u)
            if (u.starts_with("https://") || u.starts_with("http://"))
                && !u.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(
                            c,
                            '(' | ')' | '<' | '>' | '|' | '\\' | '"' | '[' | ']' | '`'
                        )
                }) =>
        {
            format!("[{t}]({u})")
        }
        _ => t,
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
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
        "| Spend (cash fees) | {} |\n",
        total_text(&t, t.spend, |m| m.display(cur))
    ));
    let left = |m: Money| {
        if t.overflow {
            "unknown".to_string()
        } else if m.cents() < 0 {
            format!("{} (over budget)", m.display(cur))
        } else {
            m.display(cur)
        }
    };
    if t.product.cents() != 0 {
        out.push_str(&format!(
            "| Product (gifts and shipping) | {} |\n",
            total_text(&t, t.product, |m| m.display(cur))
        ));
        out.push_str(&format!(
            "| Total cost | {} |\n",
            total_text(&t, t.cost, |m| m.display(cur))
        ));
        out.push_str(&format!("| Remaining cash | {} |\n", left(t.remaining)));
        out.push_str(&format!(
            "| Left after product | {} |\n\n",
            left(t.budget_left)
        ));
    } else {
        out.push_str(&format!("| Remaining | {} |\n\n", left(t.remaining)));
    }
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
            "| Creator | Contact | Platform | Followers | Posts | Compensation | Status | Due | Exp. reach | Exp. engagements | Note |\n",
        );
        out.push_str("|---|---|---|---:|---:|---:|---|---|---:|---:|---|\n");
        for e in entries {
            let mut note = md(&e.note);
            for f in &e.flags {
                if !note.is_empty() {
                    note.push_str("; ");
                }
                note.push_str(&md(f));
            }
            let mut pay = format!("{} ({})", e.fee.display(cur), e.fee_source.key());
            if e.product_value.cents() != 0 {
                pay.push_str(&format!(" + {} product", e.product_value.display(cur)));
            }
            if e.shipping.cents() != 0 {
                pay.push_str(&format!(" + {} shipping", e.shipping.display(cur)));
            }
            if !e.is_counted() {
                pay = format!("~~{pay}~~ (not counted)");
            }
            if let Some(r) = e.commission_rate.filter(|r| *r > 0.0) {
                pay.push_str(&format!(" + {} commission", percent(r)));
            }
            let contact: Vec<String> = [&e.name, &e.email, &e.country]
                .into_iter()
                .flatten()
                .map(|s| md(s))
                .collect();
            let mut due = e.due.map(|d| d.to_string()).unwrap_or_default();
            if let Some(p) = e.published {
                if !due.is_empty() {
                    due.push(' ');
                }
                due.push_str(&format!("(published {p})"));
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                md_link(&format!("@{}", e.handle), e.profile_url().as_deref()),
                contact.join(" · "),
                e.platform.label(),
                grouped(e.followers),
                e.posts,
                pay,
                e.status.key(),
                due,
                grouped(e.expected_reach),
                grouped(e.expected_engagements),
                note
            ));
        }
    }
    if plan.shortlist.is_empty() {
        out.push_str("\nNo creators shortlisted yet.\n");
    }
    let live: Vec<&ShortlistEntry> = plan
        .shortlist
        .iter()
        .filter(|e| e.published.is_some() || e.post_url.is_some() || !e.results.is_empty())
        .collect();
    if !live.is_empty() {
        out.push_str("\n## Results\n\n| Creator | Published | Post |");
        for f in ResultField::ALL {
            out.push_str(&format!(" {} |", capitalised(f.key())));
        }
        out.push_str("\n|---|---|---|");
        out.push_str(&"---:|".repeat(ResultField::ALL.len()));
        out.push('\n');
        for e in &live {
            out.push_str(&format!(
                "| @{} | {} | {} |",
                md(&e.handle),
                e.published.map(|d| d.to_string()).unwrap_or_default(),
                e.post_url
                    .as_deref()
                    .map(|u| md_link("post", Some(u)))
                    .unwrap_or_default(),
            ));
            for f in ResultField::ALL {
                let cell = if f.is_money() {
                    e.results.revenue.map(|m| m.display(cur))
                } else {
                    e.results.count(f).map(grouped)
                };
                out.push_str(&format!(" {} |", cell.unwrap_or_default()));
            }
            out.push('\n');
        }
        out.push_str("| **Total** | | |");
        for f in ResultField::ALL {
            let cell = total_cell(result_total(plan, f), |m| m.display(cur), grouped);
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
        out.push_str(&performance::markdown(plan, cur, md));
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
    if t.product.cents() != 0 {
        out.push_str(&format!(
            "- Product: {} (total cost {})\n",
            total_text(&t, t.product, |m| m.display(cur)),
            total_text(&t, t.cost, |m| m.display(cur))
        ));
    }
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
                "name": e.name.as_deref().map(clean_line),
                "email": e.email.as_deref().map(clean_line),
                "country": e.country.as_deref().map(clean_line),
                "url": e.profile_url().as_deref().map(clean_line),
                "compensation": e.compensation().label(),
                "product_value": e.product_value.to_units_f64(),
                "shipping": e.shipping.to_units_f64(),
                "cost": e.cost().to_units_f64(),
                "commission_rate": e.commission_rate,
                "due": e.due.map(|d| d.to_string()),
                "published": e.published.map(|d| d.to_string()),
                "post_url": e.post_url.as_deref().map(clean_line),
                "results": {
                    "views": e.results.views,
                    "reach": e.results.reach,
                    "likes": e.results.likes,
                    "comments": e.results.comments,
                    "shares": e.results.shares,
                    "saves": e.results.saves,
                    "clicks": e.results.clicks,
                    "conversions": e.results.conversions,
                    "revenue": e.results.revenue.map(Money::to_units_f64),
                },
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
            "product": (!t.overflow).then(|| t.product.to_units_f64()),
            "cost": (!t.overflow).then(|| t.cost.to_units_f64()),
            "budget_left": (!t.overflow).then(|| t.budget_left.to_units_f64()),
            "creators": t.creators,
            "active_creators": t.active,
            "expected_reach": t.expected_reach,
            "expected_engagements": t.expected_engagements,
            "cost_per_engagement": t.cost_per_engagement.to_units_f64(),
            "cost_per_thousand_reach": t.cost_per_thousand.to_units_f64(),
        }
    });
    let mut v = v;
    if let Some(list) = v["shortlist"].as_array_mut() {
        for (j, e) in list.iter_mut().zip(&plan.shortlist) {
            j["performance"] = performance::json(&Outcome::of_entry(e));
        }
    }
    v["totals"]["performance"] = performance::json(&Outcome::of_plan(plan));
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

    fn plan_with_everything() -> Plan {
        use crate::domain::creator::Platform;
        use crate::domain::date::Date;
        use crate::domain::fees::FeeSource;
        use crate::domain::plan::{Campaign, Status};
        let mut p = Plan::new(Campaign {
            name: "Launch".into(),
            budget: Money::from_units(2_000),
            ..Campaign::default()
        });
        let paid = ShortlistEntry {
            platform: Platform::TikTok,
            followers: 22_000,
            engagement_rate: Some(0.03),
            niches: vec!["food".into()],
            fee: Money::from_units(300),
            fee_source: FeeSource::Rate,
            expected_reach: 9_000,
            expected_engagements: 660,
            email: Some("=HYPERLINK(\"x\")".into()),
            due: Date::parse("2026-12-20").ok(),
            ..ShortlistEntry::for_test("mo.cooks")
        };
        let mut gifted = paid.clone();
        gifted.handle = "ana.bakes".into();
        gifted.platform = Platform::Instagram;
        gifted.name = Some("Ana <b>Belén</b>".into());
        gifted.email = Some("ana@example.com".into());
        gifted.country = Some("ES".into());
        gifted.url = Some("https://example.com/a)b".into());
        gifted.fee = Money::ZERO;
        gifted.fee_source = FeeSource::Negotiated;
        gifted.product_value = Money::from_cents(12_999);
        gifted.shipping = Money::from_cents(1_250);
        gifted.commission_rate = Some(0.125);
        gifted.status = Status::Published;
        gifted.published = Date::parse("2026-12-14").ok();
        gifted.post_url = Some("https://instagram.com/p/abc".into());
        gifted.results = Results {
            views: Some(48_000),
            likes: Some(2_100),
            revenue: Some(Money::from_cents(71_940)),
            ..Results::default()
        };
        p.shortlist = vec![paid, gifted];
        p
    }

    #[test]
    fn the_sheet_carries_contacts_compensation_dates_and_results() {
        let text = to_csv(&plan_with_everything());
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(head.len(), CSV_HEADER.len() + performance::CSV_HEADER.len());
        assert_eq!(
            &head[..16].last().map(String::as_str),
            &Some("note"),
            "old columns first"
        );
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let cell = |row: usize, col: &str| {
            let i = head.iter().position(|h| h == col).unwrap();
            rows[row][i].to_string()
        };
        assert_eq!(cell(0, "email"), "'=HYPERLINK(\"x\")", "formulas escaped");
        assert_eq!(
            cell(0, "url"),
            "https://tiktok.com/@mo.cooks",
            "built from the handle"
        );
        assert_eq!(cell(0, "compensation"), "paid");
        assert_eq!(cell(0, "due"), "2026-12-20");
        assert_eq!(cell(1, "name"), "Ana <b>Belén</b>");
        assert_eq!(cell(1, "url"), "https://example.com/a)b");
        assert_eq!(cell(1, "compensation"), "gifted+affiliate");
        assert_eq!(
            (
                cell(1, "product_value"),
                cell(1, "shipping"),
                cell(1, "cost")
            ),
            ("129.99".into(), "12.50".into(), "142.49".into())
        );
        assert_eq!(cell(1, "commission_rate"), "0.125");
        assert_eq!(cell(1, "published"), "2026-12-14");
        assert_eq!(cell(1, "post_url"), "https://instagram.com/p/abc");
        assert_eq!(
            (cell(1, "views"), cell(1, "reach")),
            ("48000".into(), String::new())
        );
        assert_eq!(cell(1, "revenue"), "719.40");
        // Totals: cash and product apart, results summed where recorded.
        assert_eq!(cell(2, "handle"), "TOTAL");
        assert_eq!(cell(2, "fee"), "300");
        assert_eq!(cell(2, "product_value"), "129.99");
        assert_eq!(cell(2, "shipping"), "12.50");
        assert_eq!(cell(2, "cost"), "442.49");
        assert_eq!(
            (cell(2, "likes"), cell(2, "revenue")),
            ("2100".into(), "719.40".into())
        );
        assert!(cell(2, "note").contains("remaining 1700 cash, 1557.51 after product"));
    }

    #[test]
    fn the_brief_and_json_carry_them_too() {
        let p = plan_with_everything();
        let md = to_markdown(&p);
        for want in [
            "| Spend (cash fees) | $300 |",
            "| Product (gifts and shipping) | $142.49 |",
            "| Total cost | $442.49 |",
            "| Left after product | $1,557.51 |",
            "[@mo.cooks](https://tiktok.com/@mo.cooks)",
            "Ana &lt;b&gt;Belén&lt;/b&gt; · ana@example.com · ES",
            "$0 (negotiated) + $129.99 product + $12.50 shipping + 12.5% commission",
            "| 2026-12-20 |",
            "(published 2026-12-14)",
            "## Results",
            "[post](https://instagram.com/p/abc)",
            "| 48,000 |",
            "$719.40",
        ] {
            assert!(md.contains(want), "{want} missing:\n{md}");
        }
        // An address that would break the link is shown as text.
        assert!(md.contains("| @ana.bakes |"), "{md}");
        let v: serde_json::Value = serde_json::from_str(&to_json(&p)).unwrap();
        let e = &v["shortlist"][1];
        assert_eq!(e["email"], "ana@example.com");
        assert_eq!(e["compensation"], "gifted+affiliate");
        assert_eq!(e["product_value"], 129.99);
        assert_eq!(e["cost"], 142.49);
        assert_eq!(e["commission_rate"], 0.125);
        assert_eq!(e["published"], "2026-12-14");
        assert_eq!(e["results"]["revenue"], 719.4);
        assert!(e["results"]["reach"].is_null());
        assert_eq!(v["shortlist"][0]["url"], "https://tiktok.com/@mo.cooks");
        assert_eq!(v["shortlist"][0]["name"], serde_json::Value::Null);
        let t = &v["totals"];
        assert_eq!(
            (t["spend"].as_f64(), t["product"].as_f64()),
            (Some(300.0), Some(142.49))
        );
        assert_eq!(
            (t["cost"].as_f64(), t["remaining"].as_f64()),
            (Some(442.49), Some(1700.0))
        );
        assert_eq!(t["budget_left"], 1557.51);
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
