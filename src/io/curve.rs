//! The budget curve kept in a plan, for the Markdown brief: `[[curve]]` tables, one per
//! budget (budget, objective, per_1000, knee), written when a plan is saved from a curve
//! (`scout plan --sweep -o`, or a point taken in the planner) and read by `scout export`.
//! Plans without them open and export as before; scout's plan model does not own them, so
//! reading and saving a plan keeps them as they are.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use crate::domain::curve::Curve;
use crate::domain::money::Money;
use crate::domain::number::grouped;
use crate::domain::plan::Objective;

/// One budget of a kept curve.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveRow {
    pub budget: Money,
    /// `None`: no plan at this budget.
    pub objective: Option<u64>,
    pub per_1000: Option<f64>,
    pub knee: bool,
}

/// Replaces the document's `[[curve]]` with this curve.
pub fn put(doc: &mut DocumentMut, curve: &Curve) {
    let mut rows = ArrayOfTables::new();
    for (i, p) in curve.points.iter().enumerate() {
        let mut t = Table::new();
        t.insert("budget", Item::Value(Value::from(p.budget.to_units_f64())));
        if let Some(v) = p.objective() {
            t.insert(
                "objective",
                Item::Value(Value::from(i64::try_from(v).unwrap_or(i64::MAX))),
            );
        }
        if let Some(b) = p.bound() {
            t.insert(
                "upper_bound",
                Item::Value(Value::from(i64::try_from(b).unwrap_or(i64::MAX))),
            );
        }
        if let Some(m) = curve.marginal[i] {
            t.insert(
                "per_1000",
                Item::Value(Value::from((m * 100.0).round() / 100.0)),
            );
        }
        if curve.knee == Some(i) {
            t.insert("knee", Item::Value(Value::from(true)));
        }
        rows.push(t);
    }
    doc.as_table_mut()
        .insert("curve", Item::ArrayOfTables(rows));
}

/// The document's `[[curve]]`, if it has one; rows that do not read are skipped.
pub fn get(doc: &DocumentMut) -> Vec<CurveRow> {
    let Some(Item::ArrayOfTables(rows)) = doc.as_table().get("curve") else {
        return Vec::new();
    };
    let number = |t: &Table, k: &str| -> Option<f64> {
        match t.get(k)?.as_value()? {
            Value::Float(f) => Some(*f.value()),
            Value::Integer(i) => Some(*i.value() as f64),
            _ => None,
        }
    };
    rows.iter()
        .filter_map(|t| {
            Some(CurveRow {
                budget: Money::from_units_f64(number(t, "budget")?)?,
                objective: t
                    .get("objective")
                    .and_then(Item::as_integer)
                    .and_then(|v| u64::try_from(v).ok()),
                per_1000: number(t, "per_1000"),
                knee: t.get("knee").and_then(Item::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

/// The brief's section: budget, objective and marginal return, the knee marked. Empty
/// without rows.
pub fn markdown(rows: &[CurveRow], objective: Objective, currency: &str) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let what = objective.key();
    let thousand = Money::from_units(1_000).display(currency);
    let mut out = format!(
        "\n## Budget curve\n\nThe proven best expected {what} at each budget, and what each extra \
         {thousand} bought from the budget before. The knee is the first budget where that \
         return fell below half the first step's.\n\n| Budget | Expected {what} | Per extra {thousand} |\n|---:|---:|---:|\n"
    );
    for r in rows {
        let budget = if r.knee {
            format!("**{}** (knee)", r.budget.display(currency))
        } else {
            r.budget.display(currency)
        };
        let obj = r.objective.map(grouped).unwrap_or_else(|| "no plan".into());
        let per = r
            .per_1000
            .map(|m| grouped(m.max(0.0).round() as u64))
            .unwrap_or_default();
        out.push_str(&format!("| {budget} | {obj} | {per} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::curve::Point;
    use solver::{Solution, Status};

    #[test]
    fn a_curve_kept_in_a_plan_reads_back_and_makes_a_table() {
        let point = |b: i64, v: u64| Point {
            budget: Money::from_units(b),
            outcome: Ok(Solution {
                chosen: vec![],
                cost: 0,
                value: v,
                status: Status::Optimal,
                nodes: 0,
            }),
        };
        let curve = Curve::from_points(vec![
            point(1_000, 0),
            point(2_000, 1_000),
            point(3_000, 1_400),
        ]);
        let mut doc: DocumentMut = "[campaign]\nname = \"x\"\n".parse().unwrap();
        put(&mut doc, &curve);
        let doc: DocumentMut = doc.to_string().parse().unwrap();
        let rows = get(&doc);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].budget, Money::from_units(3_000));
        assert_eq!(rows[2].per_1000, Some(400.0));
        assert!(rows[2].knee);
        let md = markdown(&rows, Objective::Engagements, "USD");
        assert!(md.contains("| **$3,000** (knee) | 1,400 | 400 |"), "{md}");
        assert!(md.contains("| $2,000 | 1,000 | 1,000 |"), "{md}");
        assert_eq!(get(&"[campaign]\n".parse().unwrap()), vec![]);
    }
}
