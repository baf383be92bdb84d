//! The budget curve: the proven optimum at every budget of a range, what each extra 1,000 of
//! the currency buys, and the knee where extra money stops paying. Shared by `scout plan
//! --sweep`, the planner's curve view and the Markdown brief; no terminal code.
//!
//! The knee: the first budget whose marginal return (objective per extra 1,000, from the
//! budget before it) falls below half of the early return, the marginal return of the first
//! step between two budgets that both have a plan. A curve whose return never halves has no
//! knee.

use std::sync::atomic::AtomicBool;

use solver::{OptimizeError, Solution, Status, SweepProgress, sweep};

use super::money::Money;
use super::proposal::{Limits, Problem};
use super::report::explain;
use super::roster::Roster;

/// Most budgets one sweep may have.
pub const MAX_POINTS: usize = 1_000;

/// `FROM:TO:STEP`, amounts in the forms `--budget` takes (`10k:30k:1k`, `$5,000:$9,000:500`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grid {
    pub from: Money,
    pub to: Money,
    pub step: Money,
}

impl Grid {
    /// Reads `FROM:TO:STEP`; refuses a step of 0, TO below FROM, and more than [`MAX_POINTS`]
    /// budgets, each with one line that says which.
    pub fn parse(text: &str) -> Result<Grid, String> {
        let parts: Vec<&str> = text.split(':').collect();
        let [from, to, step] = parts[..] else {
            return Err(format!(
                "`{}` should be FROM:TO:STEP, e.g. 10k:30k:1k",
                text.trim()
            ));
        };
        let amount = |what: &str, t: &str| {
            Money::parse(t).map_err(|e| format!("{what} `{}`: {e}", t.trim()))
        };
        let grid = Grid {
            from: amount("FROM", from)?,
            to: amount("TO", to)?,
            step: amount("STEP", step)?,
        };
        if grid.step.cents() == 0 {
            return Err("the STEP must be more than 0".into());
        }
        if grid.to < grid.from {
            return Err(format!("TO {} is below FROM {}", to.trim(), from.trim()));
        }
        let n = (grid.to.cents() - grid.from.cents()) / grid.step.cents() + 1;
        if n > MAX_POINTS as i64 {
            return Err(format!(
                "{} budgets; a sweep has at most {} (take a larger STEP)",
                super::number::grouped(n as u64),
                super::number::grouped(MAX_POINTS as u64)
            ));
        }
        Ok(grid)
    }

    /// FROM, FROM + STEP, ... up to TO (TO itself only when the steps land on it).
    pub fn budgets(&self) -> Vec<Money> {
        let (from, to, step) = (self.from.cents(), self.to.cents(), self.step.cents());
        (0..)
            .map(|k| from + k * step)
            .take_while(|&b| b <= to)
            .map(Money::from_cents)
            .collect()
    }
}

/// One budget of the curve.
#[derive(Clone, Debug)]
pub struct Point {
    pub budget: Money,
    /// The plan at this budget, or why there is none, in words.
    pub outcome: Result<Solution, String>,
}

impl Point {
    /// The objective of the plan (0 with no plan).
    pub fn objective(&self) -> Option<u64> {
        self.outcome.as_ref().ok().map(|s| s.value)
    }

    /// The proven upper bound, when a time limit stopped this point before the proof.
    pub fn bound(&self) -> Option<u64> {
        match &self.outcome {
            Ok(Solution {
                status: Status::Bounded { upper_bound },
                ..
            }) => Some(*upper_bound),
            _ => None,
        }
    }
}

/// The optimum at every budget, with the marginal returns and the knee.
#[derive(Clone, Debug)]
pub struct Curve {
    /// Ascending by budget.
    pub points: Vec<Point>,
    /// Objective per extra 1,000 of the currency from the point before, where both have a plan.
    pub marginal: Vec<Option<f64>>,
    pub knee: Option<usize>,
}

impl Curve {
    /// Sweeps `budgets` over the problem's candidates and limits (the problem's own budget is
    /// not used; a share limit is a share of each budget). `None` when cancelled.
    pub fn compute(
        problem: &Problem,
        limits: &Limits,
        budgets: &[Money],
        roster: &Roster,
        currency: &str,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(SweepProgress),
    ) -> Option<Curve> {
        let mut cents: Vec<i64> = budgets.iter().map(|b| b.cents()).collect();
        cents.sort_unstable();
        cents.dedup();
        let cap = |b: i64| limits.fee_cap(b);
        let swept = sweep(
            &problem.candidates,
            &problem.constraints,
            &cents,
            &cap,
            cancel,
            progress,
        );
        let mut points = Vec::with_capacity(swept.len());
        for p in swept {
            let outcome = match p.result {
                Ok(sol) => Ok(sol),
                Err(OptimizeError::Cancelled) => return None,
                Err(e) => Err(explain(&e, roster, currency)),
            };
            points.push(Point {
                budget: Money::from_cents(p.budget),
                outcome,
            });
        }
        Some(Curve::from_points(points))
    }

    /// The marginal returns and the knee of points ascending by budget.
    pub fn from_points(points: Vec<Point>) -> Curve {
        let mut marginal = vec![None; points.len()];
        for i in 1..points.len() {
            let (a, b) = (&points[i - 1], &points[i]);
            if let (Some(va), Some(vb)) = (a.objective(), b.objective()) {
                let extra = (b.budget.cents() - a.budget.cents()) as f64;
                if extra > 0.0 {
                    // Per 1,000 currency units = per 100,000 cents.
                    marginal[i] = Some((vb as f64 - va as f64) * 100_000.0 / extra);
                }
            }
        }
        let knee = knee(&marginal);
        Curve {
            points,
            marginal,
            knee,
        }
    }

    /// The point at this budget, if it is one of the curve's.
    pub fn at(&self, budget: Money) -> Option<usize> {
        self.points.iter().position(|p| p.budget == budget)
    }
}

/// The first point whose marginal return is below half the first one (see the module).
fn knee(marginal: &[Option<f64>]) -> Option<usize> {
    let first = marginal.iter().position(Option::is_some)?;
    let early = marginal[first]?;
    if early <= 0.0 {
        return None;
    }
    (first + 1..marginal.len()).find(|&i| marginal[i].is_some_and(|m| m < early / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_take_budget_amounts_and_refuse_nonsense() {
        let g = Grid::parse("10k:30k:1k").unwrap();
        assert_eq!(g.budgets().len(), 21);
        assert_eq!(g.budgets()[1], Money::from_units(11_000));
        let g = Grid::parse("$5,000:$6,000:300").unwrap();
        assert_eq!(
            g.budgets(),
            [5_000, 5_300, 5_600, 5_900].map(Money::from_units)
        );
        assert_eq!(
            Grid::parse("10k:30k:0").unwrap_err(),
            "the STEP must be more than 0"
        );
        assert_eq!(
            Grid::parse("30k:10k:1k").unwrap_err(),
            "TO 10k is below FROM 30k"
        );
        assert!(Grid::parse("0:1M:1").unwrap_err().contains("at most 1,000"));
        assert!(Grid::parse("10k:30k").unwrap_err().contains("FROM:TO:STEP"));
        assert!(
            Grid::parse("10k:abc:1k")
                .unwrap_err()
                .starts_with("TO `abc`")
        );
    }

    fn point(budget: i64, value: u64) -> Point {
        Point {
            budget: Money::from_units(budget),
            outcome: Ok(Solution {
                chosen: Vec::new(),
                cost: 0,
                value,
                status: Status::Optimal,
                nodes: 0,
            }),
        }
    }

    #[test]
    fn the_knee_is_where_the_return_halves() {
        // Returns per 1,000: 100, 80, 60, 40 (< 50: the knee), 10.
        let c = Curve::from_points(
            [
                (1_000, 0),
                (2_000, 100),
                (3_000, 180),
                (4_000, 240),
                (5_000, 280),
                (6_000, 290),
            ]
            .map(|(b, v)| point(b, v))
            .to_vec(),
        );
        assert_eq!(c.marginal[1], Some(100.0));
        assert_eq!(c.knee, Some(4));
        // A budget with no plan has no return, and the early return is the first defined.
        let mut pts: Vec<Point> = [(1_000, 0), (2_000, 50), (3_000, 100), (4_000, 140)]
            .map(|(b, v)| point(b, v))
            .to_vec();
        pts[0].outcome = Err("no feasible plan".into());
        let c = Curve::from_points(pts);
        assert_eq!(c.marginal[..3], [None, None, Some(50.0)]);
        assert_eq!(c.knee, None);
    }
}
