//! Stage 4, reduction: every creator whose flip cannot beat a threshold is fixed, using the
//! exact LP bound with that creator forced, so only a thin core stays open.

use crate::presolve::Problem;
use crate::search::{NodeState, Search};

/// Every creator of a problem, for the reductions: in the order of adjusted profit per fee
/// (`order`), with adjusted profits and fees by creator, and the smallest fee of all.
pub(crate) struct Creators<'a> {
    pub(crate) order: &'a [usize],
    pub(crate) profit: &'a [i64],
    pub(crate) cost: &'a [i64],
    /// At most every fee in `cost` (zero, or less than the smallest, is allowed).
    pub(crate) min_cost: i64,
}

/// Splits the creators (in `all.order`) into those fixed in, and the core still open, against a
/// threshold: a creator whose flip leaves the Lagrangian bound at or below it keeps its LP side
/// in every plan worth more than the threshold; creators never in such a plan are dropped.
///
/// `full` is [`build_bounds`](crate::search::build_bounds) over the same order and budget.
pub(crate) fn reduce(
    full: &Search,
    all: &Creators,
    base: i128,
    threshold: i128,
    budget: i64,
) -> (Vec<usize>, Vec<usize>) {
    reduce_in(full, all, base, threshold, budget, true)
}

/// [`reduce`], and with `window` false, a pass over every creator (what the tests hold the
/// window to).
fn reduce_in(
    full: &Search,
    all: &Creators,
    base: i128,
    threshold: i128,
    budget: i64,
    window: bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut fixed_in: Vec<usize> = Vec::new();
    let mut core: Vec<usize> = Vec::new();
    // The LP bound, and the break item's ratio `lambda = pm / cm` (zero when every creator of
    // positive profit fits). With `lambda`, the Lagrangian bound equals the LP bound, and
    // forcing a creator against its LP side lowers it by at least the reduced cost
    // `|p - lambda * c|`; so a creator whose reduced cost covers the gap between the bound and
    // the threshold keeps its LP side, decided without the exact forced bound below.
    let root = base + full.lp(0, budget);
    if root <= threshold {
        return (fixed_in, core);
    }
    let m = full.pc[..=full.npos].partition_point(|&x| x <= i128::from(budget)) - 1;
    let (pm, cm) = if m < full.npos {
        (i128::from(full.profit[m]), i128::from(full.cost[m]))
    } else {
        (0, 1)
    };
    let gap = (root - threshold) * cm;
    // The test in floating point first, exact in integers only when it is too close to call.
    let (gap_f, cm_f, pm_f) = (gap as f64, cm as f64, pm as f64);
    let min_cost = all.min_cost.max(0);
    for (pos, &i) in all.order.iter().enumerate() {
        let (p, c) = (all.profit[i], all.cost[i]);
        let (a, b) = (p as f64 * cm_f, pm_f * c as f64);
        let reduced_f = (a - b).abs();
        let slack = 1e-12 * (a.abs() + b.abs() + gap_f);
        let covered = if reduced_f >= gap_f + slack {
            true
        } else if reduced_f + slack < gap_f {
            false
        } else {
            let reduced = (i128::from(p) * cm - pm * i128::from(c)).abs();
            gap <= reduced
        };
        if covered {
            if pos < m {
                fixed_in.push(i);
            } else if window
                && pos > m
                && rest_covered(p, c, reduced_f - slack, pm, cm, gap, min_cost)
            {
                // Every creator from here down is dropped: no need to look at them.
                break;
            }
            continue;
        }
        let with = lp_without(full, pos, budget - c).map(|b| b + i128::from(p));
        let without = lp_without(full, pos, budget);
        if with.is_none_or(|b| base + b <= threshold) {
            continue; // never in a better plan
        }
        if without.is_none_or(|b| base + b <= threshold) {
            fixed_in.push(i);
        } else {
            core.push(i);
        }
    }
    (fixed_in, core)
}

/// Whether every creator below a position past the break (adjusted profit `p`, fee `c`, reduced
/// cost at least `reduced_lo`) has a reduced cost covering `gap`, so is dropped unseen.
///
/// The order is by ratio for positive profits, then by profit: a creator below, of fee `c'`,
/// has a ratio at most `p / c`, so a reduced cost `pm c' - p' cm >= c' (pm c - p cm) / c`, at
/// least `min_cost` times the reduced cost per unit of fee here; one of no positive profit has
/// at least `pm min_cost - p cm` (and at least `pm min_cost`, above the first bound).
fn rest_covered(
    p: i64,
    c: i64,
    reduced_lo: f64,
    pm: i128,
    cm: i128,
    gap: i128,
    min_cost: i64,
) -> bool {
    if p <= 0 {
        return pm * i128::from(min_cost) - i128::from(p) * cm >= gap;
    }
    // In floating point, with margins wider than its rounding: false when too close to call.
    c > 0 && min_cost as f64 * (1.0 - 1e-12) * reduced_lo > gap as f64 * c as f64 * (1.0 + 1e-12)
}

/// The search state with the creators in `fixed_in` chosen.
pub(crate) fn fixed_state(prob: &Problem, fixed_in: &[usize], profit: &[i64]) -> NodeState {
    let mut st = NodeState {
        pos: 0,
        left: prob.budget,
        count: 0,
        psum: 0,
        vsum: 0,
        deficit: prob.groups.iter().map(|g| i64::from(g.deficit())).collect(),
        unsatisfied: 0,
    };
    for &i in fixed_in {
        let f = &prob.free[i];
        st.left -= f.cost;
        st.count += 1;
        st.psum += i128::from(profit[i]);
        st.vsum += f.value;
        for &g in &f.groups {
            st.deficit[g as usize] -= 1;
        }
    }
    st.unsatisfied = st.deficit.iter().filter(|&&d| d > 0).count();
    st
}

/// LP bound over all core positions except `skip`, with `left` budget (`None` if negative).
pub(crate) fn lp_without(s: &Search, skip: usize, left: i64) -> Option<i128> {
    if left < 0 {
        return None;
    }
    let r = i128::from(left);
    let cj = if skip < s.npos {
        i128::from(s.cost[skip])
    } else {
        0
    };
    let pj = if skip < s.npos {
        i128::from(s.profit[skip])
    } else {
        0
    };
    let sc = |m: usize| if skip < m { s.pc[m] - cj } else { s.pc[m] };
    // Largest m in [0, npos] with sc(m) <= r; sc is non-decreasing.
    let (mut lo, mut hi) = (0usize, s.npos);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if sc(mid) <= r {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let m = lo;
    let mut b = s.pp[m] - if skip < m { pj } else { 0 };
    if m < s.npos {
        b += (r - sc(m)) * i128::from(s.profit[m]) / i128::from(s.cost[m]);
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presolve::Free;
    use crate::search::build_bounds;
    use crate::solve::sort_by_adjusted_ratio;
    use proptest::prelude::*;

    /// Creators as (fee, adjusted profit): free ones, ties, profits of every sign.
    fn creators() -> impl Strategy<Value = Vec<(i64, i64)>> {
        // Many creators at the smallest fee, where the window's bound is tight.
        let cost = prop_oneof![
            4 => (1i64..8).prop_map(|c| c * 100),
            3 => 100i64..1000,
            1 => 100i64..(1 << 40),
        ];
        let profit = prop_oneof![
            4 => (-3i64..40).prop_map(|p| p * 50),
            4 => -100i64..5000,
            1 => -(1i64 << 50)..(1i64 << 50),
        ];
        // One roster in five has free creators (no fee: the window's bound by the smallest
        // fee says nothing, and only profits of no sign end the scan).
        let free = prop_oneof![4 => Just(false), 1 => Just(true)];
        (prop::collection::vec((cost, profit), 0..300), free).prop_map(|(mut items, free)| {
            if free {
                for (k, item) in items.iter_mut().enumerate() {
                    if k % 7 == 3 {
                        item.0 = 0;
                    }
                }
            }
            items
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The reduction's window (it stops past the break once every creator below is
        /// dropped) and the prefix sums cut where no bound reaches give exactly what a pass
        /// over every creator with whole prefix sums gives, at every threshold.
        #[test]
        fn window_is_the_whole_pass(
            items in creators(),
            budget_share in 0u32..=100,
            cuts in prop::collection::vec(0u32..=1000, 1..12),
        ) {
            let free: Vec<Free> = items
                .iter()
                .enumerate()
                .map(|(k, &(cost, _))| Free::for_test(k, cost, 0, Vec::new()))
                .collect();
            let profit: Vec<i64> = items.iter().map(|&(_, p)| p).collect();
            let cost: Vec<i64> = items.iter().map(|&(c, _)| c).collect();
            let prob = Problem::with_free(free);
            let mut order: Vec<usize> = (0..items.len()).collect();
            sort_by_adjusted_ratio(&prob, &profit, &mut order, None);
            let total: i128 = cost.iter().map(|&c| i128::from(c)).sum();
            let budget = i64::try_from(total * i128::from(budget_share) / 100).unwrap();
            let all = Creators {
                order: &order,
                profit: &profit,
                cost: &cost,
                min_cost: cost.iter().copied().min().unwrap_or(0),
            };
            let cut = build_bounds(&prob, &order, &profit, &cost, budget);
            let whole = build_bounds(&prob, &order, &profit, &cost, i64::MAX);
            let root = whole.lp(0, budget);
            prop_assert_eq!(cut.lp(0, budget), root);
            // The break item, as `reduce` finds it.
            let m = whole.pc[..=whole.npos].partition_point(|&x| x <= i128::from(budget)) - 1;
            let (pm, cm) = if m < whole.npos {
                (i128::from(whole.profit[m]), i128::from(whole.cost[m]))
            } else {
                (0, 1)
            };
            for &k in &cuts {
                // Thresholds whose gap to the bound is one creator's reduced cost, give or take
                // one: where being covered or not turns.
                let threshold = match order.get(k as usize % order.len().max(1)) {
                    Some(&j) => {
                        let reduced = (i128::from(profit[j]) * cm - pm * i128::from(cost[j])).abs();
                        root - reduced / cm + i128::from(k % 3) - 1
                    }
                    None => root - 1,
                };
                prop_assert_eq!(
                    reduce_in(&cut, &all, 0, threshold, budget, true),
                    reduce_in(&whole, &all, 0, threshold, budget, false),
                    "threshold {}", threshold
                );
            }
        }
    }
}
