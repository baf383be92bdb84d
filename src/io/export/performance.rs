//! Expected against actual in the exports: extra columns in the CSV sheet, a table in the
//! brief's Results section, a `performance` object in JSON. The figures and their rules are
//! `domain::results::Outcome`'s; this only writes them.

use serde_json::{Value, json};

use crate::domain::money::UnitCost;
use crate::domain::number::grouped;
use crate::domain::plan::{Breakdown, Plan};
use crate::domain::results::{Outcome, Ratio};

/// The sheet's columns after the recorded figures. The expected cost per engagement is the
/// sheet's `cost_per_engagement`; expected reach and engagements are its own columns too.
pub const CSV_HEADER: [&str; 10] = [
    "actual_reach",
    "actual_engagements",
    "expected_engagement_rate",
    "actual_engagement_rate",
    "actual_cost_per_engagement",
    "expected_cost_per_thousand_reach",
    "actual_cost_per_thousand_reach",
    "cost_per_click",
    "cost_per_conversion",
    "revenue_over_spend",
];

fn unit(c: Option<UnitCost>) -> String {
    c.map(UnitCost::plain).unwrap_or_default()
}

/// A rate as a fraction to six places (`0.041237`), like the sheet's `engagement_rate`.
fn fraction(r: Option<Ratio>) -> String {
    r.map(|r| r.decimal(6)).unwrap_or_default()
}

/// The cells under [`CSV_HEADER`] for one entry or the totals row: empty where there is
/// nothing recorded (or nothing to divide by).
pub fn csv_cells(o: &Outcome) -> Vec<String> {
    vec![
        o.reach.get().map(|n| n.to_string()).unwrap_or_default(),
        o.engagements
            .get()
            .map(|n| n.to_string())
            .unwrap_or_default(),
        fraction(o.expected_rate()),
        fraction(o.actual_rate()),
        unit(o.actual_cpe()),
        unit(o.expected_cpm()),
        unit(o.actual_cpm()),
        unit(o.cost_per_click()),
        unit(o.cost_per_conversion()),
        o.revenue_over_spend()
            .map(|r| r.decimal(4))
            .unwrap_or_default(),
    ]
}

/// `expected / actual`, `–` for a side there is none of.
fn pair(expected: Option<String>, actual: Option<String>) -> String {
    let dash = || "–".to_string();
    format!(
        "{} / {}",
        expected.unwrap_or_else(dash),
        actual.unwrap_or_else(dash)
    )
}

fn row(label: &str, o: &Outcome, cur: &str) -> String {
    let money = |c: Option<UnitCost>| c.map(|c| c.display(cur));
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        o.reported_cost.display(cur),
        pair(
            o.reach.get().map(|_| grouped(o.reach.expected)),
            o.reach.get().map(grouped)
        ),
        pair(
            o.engagements.get().map(|_| grouped(o.engagements.expected)),
            o.engagements.get().map(grouped)
        ),
        pair(
            o.expected_rate().map(Ratio::percent),
            o.actual_rate().map(Ratio::percent)
        ),
        pair(money(o.expected_cpe()), money(o.actual_cpe())),
        pair(money(o.expected_cpm()), money(o.actual_cpm())),
        money(o.cost_per_click()).unwrap_or_else(|| "–".into()),
        money(o.cost_per_conversion()).unwrap_or_else(|| "–".into()),
        o.revenue_over_spend()
            .map(Ratio::times)
            .unwrap_or_else(|| "–".into()),
    )
}

const TABLE_HEAD: &str = "| Cost of those reporting | Reach | Engagements | Eng. rate | Cost per engagement | Cost per 1,000 reach | Cost per click | Cost per conversion | Revenue / spend |\n";
const TABLE_RULE: &str = "---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

/// The brief's `Expected against actual` part of its Results section: per creator who
/// reported, the total, and the totals by tier and by niche. Empty when nobody reported.
/// `name` writes a creator's cell (escaped by the caller's rules).
pub fn markdown(plan: &Plan, cur: &str, name: impl Fn(&str) -> String) -> String {
    let total = Outcome::of_plan(plan);
    if total.reported == 0 {
        return String::new();
    }
    let mut out = String::from("\n### Expected against actual\n\n");
    out.push_str(
        "Each pair is expected / actual. Engagements are likes + comments + shares + saves; \
rates are over reach (views where no reach was recorded); costs are the cash fee plus \
product and shipping. Each actual figure is set against what the creators who reported \
it were expected to give, at their cost.\n\n",
    );
    out.push_str("| Creator ");
    out.push_str(TABLE_HEAD);
    out.push_str("|---|");
    out.push_str(TABLE_RULE);
    for e in &plan.shortlist {
        let o = Outcome::of_entry(e);
        if o.reported > 0 {
            out.push_str(&row(&format!("@{}", name(&e.handle)), &o, cur));
        }
    }
    out.push_str(&row(
        &format!(
            "**Total** ({} of {} creators reported)",
            total.reported, total.creators
        ),
        &total,
        cur,
    ));
    for (by, title) in [(Breakdown::Tier, "Tier"), (Breakdown::Niche, "Niche")] {
        out.push_str(&format!("\n| {title} "));
        out.push_str(TABLE_HEAD);
        out.push_str("|---|");
        out.push_str(TABLE_RULE);
        for (label, o) in Outcome::by(plan, by) {
            if o.reported > 0 {
                out.push_str(&row(&name(&label), &o, cur));
            }
        }
    }
    out
}

/// Expected against actual as JSON: numbers, `null` where there is none.
pub fn json(o: &Outcome) -> Value {
    let unit = |c: Option<UnitCost>| c.map(UnitCost::to_units_f64);
    let rate = |r: Option<Ratio>| r.map(|r| r.decimal(6).parse::<f64>().unwrap_or(0.0));
    json!({
        "reported": o.reported > 0,
        "cost": o.cost.to_units_f64(),
        "reported_cost": o.reported_cost.to_units_f64(),
        "expected_reach": o.expected_reach,
        "actual_reach": o.reach.get(),
        "expected_engagements": o.expected_engagements,
        "actual_engagements": o.engagements.get(),
        "expected_engagement_rate": rate(o.expected_rate()),
        "actual_engagement_rate": rate(o.actual_rate()),
        "expected_cost_per_engagement": unit(o.expected_cpe()),
        "actual_cost_per_engagement": unit(o.actual_cpe()),
        "expected_cost_per_thousand_reach": unit(o.expected_cpm()),
        "actual_cost_per_thousand_reach": unit(o.actual_cpm()),
        "cost_per_click": unit(o.cost_per_click()),
        "cost_per_conversion": unit(o.cost_per_conversion()),
        "revenue_over_spend": o.revenue_over_spend().map(|r| r.decimal(4).parse::<f64>().unwrap_or(0.0)),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{to_csv, to_json, to_markdown};
    use crate::domain::money::Money;
    use crate::domain::plan::{Campaign, Plan, Status};
    use crate::domain::results::outcome_tests::entry;

    fn plan() -> Plan {
        let mut p = Plan::new(Campaign::default());
        let mut a = entry("lena.lifts", 40_000, 10_000, 400);
        a.product_value = Money::from_units(100);
        a.results.reach = Some(12_500);
        a.results.likes = Some(900);
        a.results.comments = Some(100);
        a.results.clicks = Some(250);
        a.results.conversions = Some(8);
        a.results.revenue = Some(Money::from_units(1_250));
        let mut b = entry("mo.cooks", 30_000, 5_000, 300);
        b.tier = "nano".into();
        b.niches = vec!["food".into()];
        let mut c = entry("gone", 10_000, 1, 1);
        c.status = Status::Declined;
        c.results.likes = Some(5);
        p.shortlist = vec![a, b, c];
        p
    }

    #[test]
    fn the_sheet_has_expected_against_actual_after_the_figures() {
        let text = to_csv(&plan());
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let at = |row: usize, col: &str| {
            let i = head.iter().position(|h| h == col).unwrap();
            rows[row][i].to_string()
        };
        assert_eq!(
            head.iter().position(|h| h == "revenue").unwrap() + 1,
            head.iter().position(|h| h == "actual_reach").unwrap(),
            "after the recorded figures"
        );
        assert_eq!(at(0, "actual_engagements"), "1000");
        assert_eq!(at(0, "expected_engagement_rate"), "0.04");
        assert_eq!(at(0, "actual_engagement_rate"), "0.08");
        assert_eq!(
            at(0, "actual_cost_per_engagement"),
            "0.50",
            "$400 + $100 product"
        );
        assert_eq!(at(0, "expected_cost_per_thousand_reach"), "50");
        assert_eq!(at(0, "actual_cost_per_thousand_reach"), "40");
        assert_eq!(at(0, "cost_per_click"), "2");
        assert_eq!(at(0, "cost_per_conversion"), "62.50");
        assert_eq!(at(0, "revenue_over_spend"), "2.5");
        // Nothing recorded: the forecast only; declined: nothing at all.
        assert_eq!(at(1, "actual_engagements"), "");
        assert_eq!(at(1, "expected_engagement_rate"), "0.06");
        assert_eq!(at(2, "actual_engagements"), "");
        // Totals: the realised figures of those who reported.
        assert_eq!(at(3, "handle"), "TOTAL");
        assert_eq!(at(3, "actual_cost_per_engagement"), "0.50");
        assert_eq!(at(3, "revenue_over_spend"), "2.5");
    }

    #[test]
    fn the_brief_and_json_set_expected_against_actual() {
        let md = to_markdown(&plan());
        for want in [
            "### Expected against actual",
            "| @lena.lifts | $500 | 10,000 / 12,500 | 400 / 1,000 | 4.0% / 8.0% | $1.25 / $0.50 | $50 / $40 | $2 | $62.50 | 2.50x |",
            "| **Total** (1 of 2 creators reported) | $500 |",
            "| micro | $500 |",
            "| fitness | $500 |",
        ] {
            assert!(md.contains(want), "{want} missing:\n{md}");
        }
        assert!(!md.contains("| @mo.cooks | $"), "no results, no row:\n{md}");
        assert!(!md.contains("| nano |"), "{md}");
        let v: serde_json::Value = serde_json::from_str(&to_json(&plan())).unwrap();
        let p = &v["shortlist"][0]["performance"];
        assert_eq!(p["actual_engagements"], 1000);
        assert_eq!(p["actual_engagement_rate"], 0.08);
        assert_eq!(p["actual_cost_per_engagement"], 0.5);
        assert_eq!(p["revenue_over_spend"], 2.5);
        assert!(v["shortlist"][1]["performance"]["actual_engagements"].is_null());
        let t = &v["totals"]["performance"];
        assert_eq!(
            (t["cost"].as_f64(), t["reported_cost"].as_f64()),
            (Some(800.0), Some(500.0))
        );
        // A plan without results has no results section at all.
        let mut quiet = plan();
        for e in &mut quiet.shortlist {
            e.results = Default::default();
        }
        assert!(!to_markdown(&quiet).contains("Expected against actual"));
    }
}
