//! Sweeps: the proven optimum at each of many budgets, for a curve of what more money buys.
//!
//! One optimization per budget would repeat most of its work. A sweep presolves once (at the
//! largest budget; a creator joins the problem at the first budget that affords them, so plans
//! stay valid as indices) and checks the minimums' cheapest fees once. From one budget to the
//! next it keeps:
//! - the dual's arrays and break-ratio histogram (only the members of a minimum whose multiplier
//!   moved are refiled), and the multipliers, as the start of one round of exact steps;
//! - the order by adjusted ratio: where the multipliers stand, newcomers are merged in; where
//!   only minimums' multipliers moved, only their members are sorted again and merged back;
//! - the previous optimum, which still fits a larger budget, filled greedily as the first plan
//!   (so the curve never falls, even where a time limit stops a point early).
//!
//! The bounds and reductions read the order only as far as the break and a window past it (see
//! `reduce`). So a later budget's work goes mostly with the moved minimums' members and that
//! head of the order; what still runs over every creator is moving the order's indices to merge
//! creators back in, and the histogram's scan for the break bucket's members.

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use crate::error::OptimizeError;
use crate::model::{Candidate, Constraints, Solution};
use crate::multipliers::{DualCache, Multipliers, choose_multipliers};
use crate::presolve::{Free, Problem, prepare};
use crate::search::build_bounds;
use crate::solve::{
    CLOSE, Flat, Stages, adjusted_profits, adjusted_profits_of, drop_needless_zero_values,
    finish_with, optimize, radix_sort_high, sort_by_adjusted_ratio, sort_key, sort_keyed,
};
use crate::start::{Plan, initial_plan_in, plan_is_feasible};

/// The answer at one budget of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SweepPoint {
    /// The budget, in cents.
    pub budget: i64,
    /// What `optimize` would answer at this budget: the plan (proven optimal, or with its
    /// proven bound when the time limit stopped it), or why there is none. Points the sweep
    /// did not reach before the cancel flag was set are `Err(Cancelled)`.
    pub result: Result<Solution, OptimizeError>,
}

/// How far a sweep has got, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepProgress {
    /// Budgets answered so far.
    pub done: usize,
    /// Budgets in the sweep.
    pub total: usize,
}

/// The optimum at every budget in `budgets` (any order, returned in the same order), under the
/// limits of `cons` (its `budget` is ignored; its `time_limit` applies to each budget alone).
/// The fee cap at each budget is `fee_cap(budget)` (`cons.max_cost_each` is ignored), so a cap
/// that is a share of the budget grows with it; a cap that falls as the budget grows is
/// answered correctly, only without the shared work.
///
/// Every point is what [`optimize`] proves at that budget: the same objective (among plans of
/// equal value the chosen creators may differ), and with a time limit never less than the
/// point below it. `cancel` stops the sweep; `progress` is called after each budget.
pub fn sweep(
    cands: &[Candidate],
    cons: &Constraints,
    budgets: &[i64],
    fee_cap: &dyn Fn(i64) -> Option<i64>,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(SweepProgress),
) -> Vec<SweepPoint> {
    let total = budgets.len();
    let mut ascending: Vec<usize> = (0..total).collect();
    ascending.sort_by_key(|&i| budgets[i]);
    let mut results: Vec<Option<Result<Solution, OptimizeError>>> = vec![None; total];
    let at = |budget: i64| Constraints {
        budget,
        max_cost_each: fee_cap(budget),
        ..cons.clone()
    };
    let top = ascending.last().map_or(0, |&i| budgets[i]);
    let mut shared = match prepare(cands, &at(top)) {
        // Infeasible at the largest budget is infeasible at every smaller one, each for its own
        // reason, which the plain optimizer finds in its presolve.
        Err(_) => None,
        Ok(prob) => Some(Shared::new(cands, prob)),
    };
    let mut cancelled = false;
    for (done, &i) in ascending.iter().enumerate() {
        let budget = budgets[i];
        cancelled = cancelled || cancel.load(AtomicOrdering::Relaxed);
        let result = if cancelled {
            Err(OptimizeError::Cancelled)
        } else {
            let cons = at(budget);
            match shared.as_mut().and_then(|s| s.solve(cands, &cons, cancel)) {
                Some(result) => result,
                None => optimize(cands, &cons, cancel, &mut |_| {}),
            }
        };
        if result == Err(OptimizeError::Cancelled) {
            cancelled = true;
        }
        results[i] = Some(result);
        progress(SweepProgress {
            done: done + 1,
            total,
        });
    }
    budgets
        .iter()
        .zip(results)
        .map(|(&budget, result)| SweepPoint {
            budget,
            result: result.unwrap_or(Err(OptimizeError::Cancelled)),
        })
        .collect()
}

/// What one budget of a sweep hands the next.
struct Shared {
    /// Presolved at the largest budget; `free` holds the creators affordable so far.
    prob: Problem,
    /// The creators not yet affordable, cheapest first.
    later: std::iter::Peekable<std::vec::IntoIter<Free>>,
    /// Fees of the `kmin` cheapest creators, and of each minimum's cheapest creators (over
    /// every budget's creators): a budget below one of them has no plan.
    needs: Vec<i128>,
    locked_cost: i128,
    mult: Option<Multipliers>,
    /// Fees and tie-break ranks of every budget's creators, by their index in `prob.free`.
    flat: Flat,
    /// The dual's arrays, grown as creators join.
    dual: DualCache,
    /// The creators in the exact order of adjusted ratio.
    order: Vec<usize>,
    /// Adjusted profits under `mult`, by index into `prob.free`.
    profit: Vec<i64>,
    /// Their sort keys (`sort_key`), by index into `prob.free`.
    keys: Vec<u64>,
    /// The previous budget's optimum (indices into `prob.free`).
    last_plan: Option<Vec<usize>>,
    /// The largest fee cap so far: every creator up to it is in `prob.free`.
    cap: i64,
    /// Every creator's key (locked ones too), ascending, and each one's place there: a plan's
    /// keys come out in order from a bitmap of places, with no sort.
    keys_in_order: Vec<u32>,
    place: Vec<u32>,
    locked_places: Vec<u32>,
}

impl Shared {
    fn new(cands: &[Candidate], mut prob: Problem) -> Shared {
        let all = std::mem::take(&mut prob.free);
        // Cheapest first (they join in this order as budgets grow), and among equal fees in the
        // order of the exact sort's tie-breaks, so a creator's index is its tie-break rank. The
        // fee and value lead the tie-breaks: radix sorted as one packed key where they fit in
        // 32 bits each (else compared as a pair), groups and key compared only between equals
        // (no two compare equal: the key ends the tie-breaks); then each creator moved once.
        let packs = all
            .iter()
            .all(|f| (0..1 << 32).contains(&f.cost) && f.value < 1 << 32);
        let mut packed: Vec<(u64, u32)> = all
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let key = if packs {
                    (f.cost as u64) << 32 | (u64::from(u32::MAX) - f.value)
                } else {
                    0
                };
                (key, i as u32)
            })
            .collect();
        let tie = |a: &(u64, u32), b: &(u64, u32)| {
            a.0.cmp(&b.0)
                .then_with(|| Flat::tie_order(&all[a.1 as usize], &all[b.1 as usize]))
        };
        if packs {
            radix_sort_high(&mut packed);
            let mut start = 0;
            while start < packed.len() {
                let end = start + packed[start..].partition_point(|e| e.0 == packed[start].0);
                if end - start > 1 {
                    packed[start..end].sort_unstable_by(tie);
                }
                start = end;
            }
        } else {
            packed.sort_unstable_by(tie);
        }
        let mut slots: Vec<Option<Free>> = all.into_iter().map(Some).collect();
        let all: Vec<Free> = packed
            .iter()
            .map(|e| slots[e.1 as usize].take().expect("each creator once"))
            .collect();
        let cheapest = |k: u32, in_group: &dyn Fn(&Free) -> bool| -> i128 {
            all.iter()
                .filter(|f| in_group(f))
                .take(k as usize)
                .map(|f| i128::from(f.cost))
                .sum()
        };
        let mut needs = vec![cheapest(prob.kmin, &|_| true)];
        for (g, grp) in prob.groups.iter().enumerate() {
            let g32 = g as u32;
            needs.push(cheapest(grp.deficit(), &|f: &Free| f.groups.contains(&g32)));
        }
        // Keys and creators packed in one word, radix sorted.
        let mut by_key: Vec<(u64, u32)> = all
            .iter()
            .enumerate()
            .map(|(i, f)| (u64::from(f.key) << 32 | i as u64, 0))
            .chain(
                prob.locked
                    .iter()
                    .map(|&c| (u64::from(cands[c].key) << 32 | u64::from(u32::MAX), 0)),
            )
            .collect();
        radix_sort_high(&mut by_key);
        let mut place = vec![0; all.len()];
        let mut locked_places = Vec::new();
        for (p, &(k, _)) in by_key.iter().enumerate() {
            match place.get_mut(k as u32 as usize) {
                Some(slot) => *slot = p as u32,
                None => locked_places.push(p as u32),
            }
        }
        Shared {
            keys_in_order: by_key.iter().map(|e| (e.0 >> 32) as u32).collect(),
            place,
            locked_places,
            flat: Flat::new(&all),
            locked_cost: prob.locked_cost,
            prob,
            later: all.into_iter().peekable(),
            needs,
            mult: None,
            dual: DualCache::default(),
            order: Vec::new(),
            profit: Vec::new(),
            keys: Vec::new(),
            last_plan: None,
            cap: i64::MIN,
        }
    }

    /// The answer at `cons.budget`, or `None` when the plain optimizer must give it (no plan:
    /// its presolve says why; or a fee cap below an earlier budget's).
    fn solve(
        &mut self,
        cands: &[Candidate],
        cons: &Constraints,
        cancel: &AtomicBool,
    ) -> Option<Result<Solution, OptimizeError>> {
        let budget = cons.budget;
        let start = Instant::now();
        let deadline = cons.time_limit.and_then(|d| start.checked_add(d));
        let left = i64::try_from(i128::from(budget) - self.locked_cost).ok()?;
        if left < 0 || self.needs.iter().any(|&c| c > i128::from(left)) {
            return None;
        }
        let cap = cons.max_cost_each.unwrap_or(i64::MAX).min(left);
        if cap < self.cap {
            return None;
        }
        self.cap = cap;
        let prob = &mut self.prob;
        prob.budget = left;
        let before = prob.free.len();
        while let Some(f) = self.later.next_if(|f| f.cost <= cap) {
            prob.free.push(f);
        }
        let prob = &self.prob;
        let mult = choose_multipliers(prob, self.mult.as_ref(), Some(&mut self.dual));
        let same_mult = self
            .mult
            .as_ref()
            .is_some_and(|m| m.theta == mult.theta && m.mu == mult.mu);
        let n = prob.free.len();
        let moved = self.mult.as_ref().and_then(|old| moved_groups(old, &mult));
        let flat = &self.flat;
        if same_mult {
            // Profits and order stand; the creators who joined are placed in them.
            let joined = adjusted_profits_of(prob, &mult, before..n);
            self.profit.extend(joined);
            self.keys
                .extend((before..n).map(|i| sort_key(self.profit[i], flat.cost[i])));
            let mut joined: Vec<(u64, u32)> =
                (before..n).map(|i| (self.keys[i], i as u32)).collect();
            let (profit, keys) = (&self.profit, &self.keys);
            let exact = |a: usize, b: usize| flat.exact_order(profit, a, b);
            if !joined.is_empty() {
                sort_keyed(&mut joined, &exact);
                merge_in(&mut self.order, &joined, keys, &exact);
            }
        } else if let (Some(moved), Some(mask)) = (moved, flat.mask.as_ref()) {
            // Only the members of the moved minimums (and the newcomers) have new profits: the
            // others keep their order, and the moved ones are sorted and merged in.
            let moving: Vec<bool> = mask[..before].iter().map(|m| m & moved != 0).collect();
            let mut fresh: Vec<(u64, u32)> = Vec::new();
            self.order.retain(|&i| {
                if moving[i] {
                    fresh.push((0, i as u32));
                }
                !moving[i]
            });
            fresh.extend((before..n).map(|i| (0, i as u32)));
            self.profit.resize(n, 0);
            self.keys.resize(n, 0);
            for e in &mut fresh {
                let i = e.1 as usize;
                self.profit[i] = flat.adjusted_profit(i, &mult);
                self.keys[i] = sort_key(self.profit[i], flat.cost[i]);
                e.0 = self.keys[i];
            }
            let (profit, keys) = (&self.profit, &self.keys);
            let exact = |a: usize, b: usize| flat.exact_order(profit, a, b);
            sort_keyed(&mut fresh, &exact);
            merge_in(&mut self.order, &fresh, keys, &exact);
        } else {
            self.profit = flat
                .adjusted_profits(prob.free.len(), &mult)
                .unwrap_or_else(|| adjusted_profits(prob, &mult));
            self.order.extend(before..n);
            sort_by_adjusted_ratio(prob, &self.profit, &mut self.order, Some(flat));
            self.keys = (0..n)
                .map(|i| sort_key(self.profit[i], flat.cost[i]))
                .collect();
        }
        let profit = &self.profit;
        // Kept before the search, so profits, order and multipliers always agree.
        let mult: &Multipliers = self.mult.insert(mult);
        let full = build_bounds(prob, &self.order, profit, &self.flat.cost, prob.budget);
        let incumbent = match self.last_plan.take() {
            Some(items) => Some(fill(prob, &self.flat, items, &self.order, profit)),
            None => {
                // In the orders at hand: by adjusted ratio, and by index (cheapest first).
                let by_cost: Vec<usize> = (0..n).collect();
                initial_plan_in(prob, &self.order, &by_cost)
            }
        };
        let stages = Stages {
            prob,
            mult,
            profit,
            cost: &self.flat.cost,
            min_cost: self.flat.min_cost,
            order: &self.order,
            full: &full,
            allow_group_dp: true,
        };
        let found = match stages.run(incumbent, cancel, deadline, &mut |_| {}) {
            Ok(found) => found,
            Err(e) => return Some(Err(e)),
        };
        let Some(mut items) = found.items else {
            return Some(found.into_solution(cands, prob));
        };
        drop_needless_zero_values(prob, &mut items);
        let chosen = self.keys_of(&items);
        let solution = finish_with(prob, &items, chosen, found.status, found.nodes);
        self.last_plan = Some(items);
        Some(Ok(solution))
    }
}

impl Shared {
    /// The keys of a plan (`items`, and the locked creators) in ascending order, from a bitmap
    /// of their places among every key: no sort per budget.
    fn keys_of(&self, items: &[usize]) -> Vec<u32> {
        let mut bits = vec![0u64; self.keys_in_order.len().div_ceil(64)];
        for p in items
            .iter()
            .map(|&i| self.place[i])
            .chain(self.locked_places.iter().copied())
        {
            bits[p as usize / 64] |= 1 << (p % 64);
        }
        let mut keys = Vec::with_capacity(items.len() + self.locked_places.len());
        for (w, &word) in bits.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                keys.push(self.keys_in_order[w * 64 + word.trailing_zeros() as usize]);
                word &= word - 1;
            }
        }
        keys
    }
}

/// The minimums whose multipliers moved from `old` to `new`, as bits, when nothing else moved
/// (the count's multiplier, or a minimum past the 64th, moves every profit or is not in bits).
fn moved_groups(old: &Multipliers, new: &Multipliers) -> Option<u64> {
    if old.theta != new.theta || old.mu.len() != new.mu.len() {
        return None;
    }
    let mut bits = 0u64;
    for (g, (a, b)) in old.mu.iter().zip(&new.mu).enumerate() {
        if a != b {
            if g >= 64 {
                return None;
            }
            bits |= 1 << g;
        }
    }
    Some(bits)
}

/// Merges into `order` (creators in the exact order `exact`, with sort keys `keys` by creator)
/// the creators `new`, in that order too with their keys: few of them (the creators who moved
/// or joined) among many. Each finds its place by galloping from the last one's, comparing
/// keys, and `exact` where keys are too close to call; the runs between are moved whole, in
/// place from the back.
fn merge_in(
    order: &mut Vec<usize>,
    new: &[(u64, u32)],
    keys: &[u64],
    exact: &dyn Fn(usize, usize) -> std::cmp::Ordering,
) {
    let precedes = |x: usize, y: (u64, u32)| {
        if keys[x].abs_diff(y.0) > CLOSE {
            keys[x] < y.0
        } else {
            exact(x, y.1 as usize) == std::cmp::Ordering::Less
        }
    };
    // Where each new creator goes: the number of old ones before it.
    let mut places = Vec::with_capacity(new.len());
    let mut done = 0;
    for &y in new {
        let (mut lo, mut hi, mut step) = (done, done, 1);
        while hi < order.len() && precedes(order[hi], y) {
            lo = hi + 1;
            hi = done + step;
            step *= 2;
        }
        let hi = hi.min(order.len());
        done = lo + order[lo..hi].partition_point(|&x| precedes(x, y));
        places.push(done);
    }
    // From the back, each old run moves up by the number of new creators after it.
    let old_len = order.len();
    order.resize(old_len + new.len(), 0);
    let mut end = old_len;
    for (k, (&y, &at)) in new.iter().zip(&places).enumerate().rev() {
        order.copy_within(at..end, at + k + 1);
        order[at + k] = y.1 as usize;
        end = at;
    }
}

/// The previous budget's optimum, which a larger budget still affords, with creators added in
/// the order of adjusted profit per cost while they fit: a starting plan close to the optimum.
fn fill(
    prob: &Problem,
    flat: &Flat,
    mut items: Vec<usize>,
    order: &[usize],
    profit: &[i64],
) -> Plan {
    let mut taken = vec![false; prob.free.len()];
    let mut left = i128::from(prob.budget);
    for &i in &items {
        taken[i] = true;
        left -= i128::from(flat.cost[i]);
    }
    let kmax = prob.kmax.map_or(usize::MAX, |k| k as usize);
    for &i in order {
        if items.len() >= kmax || profit[i] <= 0 || left < i128::from(flat.min_cost) {
            break;
        }
        if !taken[i] && flat.value[i] > 0 && i128::from(flat.cost[i]) <= left {
            taken[i] = true;
            left -= i128::from(flat.cost[i]);
            items.push(i);
        }
    }
    debug_assert!(plan_is_feasible(prob, &items));
    let value = items.iter().map(|&i| prob.free[i].value).sum();
    Plan { items, value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Merging a few or many sorted creators into a sorted order, by keys and by the exact
        /// order where keys are too close to call, gives the order of sorting them all.
        #[test]
        fn merge_in_is_sorting_the_union(
            keys in prop::collection::vec(
                prop_oneof![
                    (0u64..8).prop_map(|k| k * (CLOSE / 2)),
                    any::<u64>(),
                ],
                0..300,
            ),
            share in 1usize..100,
        ) {
            // Equal and close keys decided by the creator's index, as the exact order does.
            let exact = |a: usize, b: usize| (keys[a], a).cmp(&(keys[b], b));
            let mut all: Vec<usize> = (0..keys.len()).collect();
            all.sort_by(|&a, &b| exact(a, b));
            let (mut order, mut new): (Vec<usize>, Vec<usize>) =
                all.iter().partition(|&&i| (i * 37) % 100 >= share);
            order.sort_by(|&a, &b| exact(a, b));
            new.sort_by(|&a, &b| exact(a, b));
            let new: Vec<(u64, u32)> = new.iter().map(|&i| (keys[i], i as u32)).collect();
            merge_in(&mut order, &new, &keys, &exact);
            prop_assert_eq!(order, all);
        }
    }
}
