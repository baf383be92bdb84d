//! Stage 2, start plans: a feasible plan from greedy passes, so the reductions have an
//! incumbent to beat from the start.

use crate::presolve::Problem;
use crate::ratio_desc;

/// A plan over `Problem::free` (indices), with its totals.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) items: Vec<usize>,
    pub(crate) value: u64,
}

pub(crate) fn plan_is_feasible(prob: &Problem, items: &[usize]) -> bool {
    let mut cost: i128 = 0;
    let mut counts: Vec<u32> = prob.groups.iter().map(|g| g.from_locked).collect();
    for &i in items {
        let f = &prob.free[i];
        cost += i128::from(f.cost);
        for &g in &f.groups {
            counts[g as usize] += 1;
        }
    }
    let n = items.len() as u64;
    cost <= i128::from(prob.budget)
        && prob.kmax.is_none_or(|k| n <= u64::from(k))
        && n >= u64::from(prob.kmin)
        && prob
            .groups
            .iter()
            .zip(&counts)
            .all(|(g, &c)| c >= g.required)
}

/// A feasible starting plan: meet the minimums first (best ratio, or cheapest), then fill greedily.
pub(crate) fn initial_plan(prob: &Problem) -> Option<Plan> {
    let n = prob.free.len();
    let mut by_ratio: Vec<usize> = (0..n).collect();
    by_ratio.sort_by(|&a, &b| {
        let (fa, fb) = (&prob.free[a], &prob.free[b]);
        ratio_desc(
            i128::from(fa.value),
            i128::from(fa.cost),
            i128::from(fb.value),
            i128::from(fb.cost),
        )
        .then(fa.key.cmp(&fb.key))
    });
    let mut by_cost: Vec<usize> = (0..n).collect();
    by_cost.sort_by_key(|&i| {
        (
            prob.free[i].cost,
            std::cmp::Reverse(prob.free[i].value),
            prob.free[i].key,
        )
    });

    initial_plan_in(prob, &by_ratio, &by_cost)
}

/// [`initial_plan`] with the orders it works in given: every creator, in an order of (some)
/// profit per fee, and cheapest first. A sweep has both at hand.
pub(crate) fn initial_plan_in(
    prob: &Problem,
    by_ratio: &[usize],
    by_cost: &[usize],
) -> Option<Plan> {
    let n = prob.free.len();
    let mut best: Option<Plan> = None;
    for repair_order in [by_ratio, by_cost] {
        let mut taken = vec![false; n];
        let mut items = Vec::new();
        let mut left = i128::from(prob.budget);
        let kmax = prob.kmax.map_or(usize::MAX, |k| k as usize);
        let mut deficit: Vec<i64> = prob.groups.iter().map(|g| i64::from(g.deficit())).collect();
        let take = |i: usize,
                    items: &mut Vec<usize>,
                    left: &mut i128,
                    taken: &mut [bool],
                    deficit: &mut [i64]| {
            taken[i] = true;
            items.push(i);
            *left -= i128::from(prob.free[i].cost);
            for &g in &prob.free[i].groups {
                deficit[g as usize] -= 1;
            }
        };
        for g in 0..prob.groups.len() {
            for &i in repair_order.iter() {
                if deficit[g] <= 0 || items.len() >= kmax {
                    break;
                }
                let f = &prob.free[i];
                if !taken[i] && f.groups.contains(&(g as u32)) && i128::from(f.cost) <= left {
                    take(i, &mut items, &mut left, &mut taken, &mut deficit);
                }
            }
        }
        for &i in by_cost {
            if items.len() >= prob.kmin as usize || items.len() >= kmax {
                break;
            }
            if !taken[i] && i128::from(prob.free[i].cost) <= left {
                take(i, &mut items, &mut left, &mut taken, &mut deficit);
            }
        }
        for &i in by_ratio {
            if items.len() >= kmax {
                break;
            }
            let f = &prob.free[i];
            if !taken[i] && f.value > 0 && i128::from(f.cost) <= left {
                take(i, &mut items, &mut left, &mut taken, &mut deficit);
            }
        }
        if plan_is_feasible(prob, &items) {
            let value = items.iter().map(|&i| prob.free[i].value).sum();
            if best.as_ref().is_none_or(|b| value > b.value) {
                best = Some(Plan { items, value });
            }
        }
        if prob.groups.is_empty() {
            break;
        }
    }
    best
}
