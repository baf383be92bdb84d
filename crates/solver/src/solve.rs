//! The pipeline: presolve, start plan, multipliers, then reductions against falling thresholds
//! with the dynamic programmes (or branch and bound) on the core, and the plan put together.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use crate::core_dp::{CoreDp, core_dp};
use crate::error::{Infeasible, OptimizeError};
use crate::group_dp::{GroupDp, GroupDpInput, group_dp};
use crate::model::{Candidate, Constraints, Progress, Solution, Status};
use crate::multipliers::{Multipliers, choose_multipliers};
use crate::presolve::{Problem, prepare};
use crate::ratio_desc;
use crate::reduce::{Creators, fixed_state, reduce};
use crate::search::{Search, SearchEnd, build_bounds, build_search};
use crate::start::{Plan, initial_plan};

/// Finds the plan with the highest total value that meets every constraint, and proves it.
///
/// `cancel` is polled every few thousand nodes (then `Err(Cancelled)`); `progress` is called
/// every 16,384 nodes. With a time limit the best plan so far comes back as `Status::Bounded`.
pub fn optimize(
    cands: &[Candidate],
    cons: &Constraints,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Solution, OptimizeError> {
    optimize_with(cands, cons, cancel, progress, true)
}

/// `optimize`, where tests can turn the group dynamic programme off to cross-check it against
/// branch and bound.
pub(crate) fn optimize_with(
    cands: &[Candidate],
    cons: &Constraints,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
    allow_group_dp: bool,
) -> Result<Solution, OptimizeError> {
    let start = Instant::now();
    let deadline = cons.time_limit.and_then(|d| start.checked_add(d));
    let prob = prepare(cands, cons)?;
    if cancel.load(AtomicOrdering::Relaxed) {
        return Err(OptimizeError::Cancelled);
    }
    let incumbent = initial_plan(&prob);
    let mult = choose_multipliers(&prob, None, None);
    if cancel.load(AtomicOrdering::Relaxed) {
        return Err(OptimizeError::Cancelled);
    }
    let profit = adjusted_profits(&prob, &mult);
    let mut order: Vec<usize> = (0..prob.free.len()).collect();
    sort_by_adjusted_ratio(&prob, &profit, &mut order, None);
    let cost: Vec<i64> = prob.free.iter().map(|f| f.cost).collect();
    let full = build_bounds(&prob, &order, &profit, &cost, prob.budget);
    let stages = Stages {
        prob: &prob,
        mult: &mult,
        profit: &profit,
        cost: &cost,
        min_cost: cost.iter().copied().min().unwrap_or(0),
        order: &order,
        full: &full,
        allow_group_dp,
    };
    let found = stages.run(incumbent, cancel, deadline, progress)?;
    drop(full);
    found.into_solution(cands, &prob)
}

/// Profits adjusted by the multipliers: a creator's value, less the count multiplier, plus the
/// multipliers of the minimums it counts towards.
pub(crate) fn adjusted_profits(prob: &Problem, mult: &Multipliers) -> Vec<i64> {
    adjusted_profits_of(prob, mult, 0..prob.free.len())
}

/// [`adjusted_profits`] of the creators `range` alone.
pub(crate) fn adjusted_profits_of(
    prob: &Problem,
    mult: &Multipliers,
    range: std::ops::Range<usize>,
) -> Vec<i64> {
    prob.free[range]
        .iter()
        .map(|f| {
            let extra: i64 = f.groups.iter().map(|&g| mult.mu[g as usize]).sum();
            // |value| < 2^60, |theta| <= 2^58, extra <= 2^58: no overflow.
            f.value as i64 - mult.theta + extra
        })
        .collect()
}

/// Sorts creators by adjusted profit per cost (positive profits first), ties broken so the
/// order depends only on the set of creators.
///
/// A sweep re-sorts at every budget, so this is a radix sort on a floating-point key (the ratio
/// for positive profits, `p - 1` for the others), followed by an exact pass: conversions and one
/// division err by a few parts in 10^16, so neighbours whose keys are further apart than one part
/// in 10^9 are in the exact order, and each run of closer keys is sorted by the exact comparison
/// in integers.
///
/// An order that is nearly sorted already (a sweep's previous order with newcomers) goes to the
/// library's adaptive sort instead, which is linear on it.
pub(crate) fn sort_by_adjusted_ratio(
    prob: &Problem,
    profit: &[i64],
    order: &mut [usize],
    flat: Option<&Flat>,
) {
    let cost = |i: usize| flat.map_or_else(|| prob.free[i].cost, |f| f.cost[i]);
    let exact_order = |a: usize, b: usize| match flat {
        Some(f) => f.exact_order(profit, a, b),
        None => exact_order(prob, profit, a, b),
    };
    if order.len() < 64 {
        order.sort_by(|&a, &b| exact_order(a, b));
        return;
    }
    let mut keyed: Vec<(u64, u32)> = order
        .iter()
        .map(|&i| (sort_key(profit[i], cost(i)), i as u32))
        .collect();
    sort_keyed(&mut keyed, &exact_order);
    for (o, (_, i)) in order.iter_mut().zip(keyed) {
        *o = i as usize;
    }
}

/// Sorts creators paired with their sort keys ([`sort_key`]) into the exact order `exact`: by
/// key (a radix sort, or the library's adaptive sort when nearly sorted already), then each run
/// of keys closer than [`CLOSE`] by `exact`.
pub(crate) fn sort_keyed(keyed: &mut Vec<(u64, u32)>, exact: &dyn Fn(usize, usize) -> Ordering) {
    sort_keyed_from(keyed, exact, RADIX_FROM);
}

/// Lists at least this long are radix sorted (shorter ones sort faster in place than with a
/// radix sort's 48 KB of counts).
const RADIX_FROM: usize = 4096;

/// [`sort_keyed`], radix sorting from `radix_from` creators (the tests' way to the radix sort).
fn sort_keyed_from(
    keyed: &mut Vec<(u64, u32)>,
    exact: &dyn Fn(usize, usize) -> Ordering,
    radix_from: usize,
) {
    // A sweep's next budget, where only new creators were appended, is nearly sorted already:
    // the library's adaptive sort is linear on it. Otherwise a radix sort on the high bits, or
    // for a short list (the members of one minimum) a sort in place.
    let descents = keyed.windows(2).filter(|w| w[0].0 > w[1].0).count();
    if descents <= keyed.len() / 64 {
        keyed.sort_by_key(|e| e.0);
    } else if keyed.len() < radix_from {
        keyed.sort_unstable_by_key(|e| e.0);
    } else {
        radix_sort_high(keyed);
    }
    let exact = |a: &(u64, u32), b: &(u64, u32)| exact(a.1 as usize, b.1 as usize);
    let mut start = 0;
    while start < keyed.len() {
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 - keyed[end - 1].0 <= CLOSE {
            end += 1;
        }
        if end - start > 1 {
            let run = &mut keyed[start..end];
            // Runs in order already (the previous order, where only new creators joined) stay.
            if !run.is_sorted_by(|a, b| exact(a, b) == Ordering::Less) {
                run.sort_by(exact);
            }
        }
        start = end;
    }
}

/// Neighbours whose sort keys are within 2^24 units in the last place (a few parts in 10^9)
/// may be out of the exact order; keys further apart are in it: conversions and one division
/// err by a few units.
pub(crate) const CLOSE: u64 = 1 << 24;

/// A creator's sort key, smaller first: the ratio of profit to fee for a positive profit, the
/// profit less one otherwise (so below every ratio), as the bits of the float ordered as
/// unsigned integers and complemented (larger floats first).
pub(crate) fn sort_key(profit: i64, cost: i64) -> u64 {
    let key = if profit > 0 {
        profit as f64 / cost as f64
    } else {
        profit as f64 - 1.0
    };
    let b = key.to_bits();
    let ascending = if b >> 63 == 0 { b | (1 << 63) } else { !b };
    !ascending
}

/// Sorts by the `u64`, ascending: a least-significant-digit radix sort on the high 33 bits
/// (three passes of 11 bits; a pass whose digit is the same for every element is skipped), then
/// each run of equal high bits sorted by the whole key.
pub(crate) fn radix_sort_high(items: &mut Vec<(u64, u32)>) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const LOW: u32 = 64 - 3 * BITS;
    let digit = |k: u64, pass: u32| ((k >> (LOW + pass * BITS)) as usize) & (BUCKETS - 1);
    let mut counts = vec![[0usize; BUCKETS]; 3];
    for &(k, _) in items.iter() {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(k, pass as u32)] += 1;
        }
    }
    let mut other = vec![(0u64, 0u32); items.len()];
    for (pass, count) in counts.iter_mut().enumerate() {
        if count.contains(&items.len()) {
            continue;
        }
        let mut sum = 0;
        for c in count.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        for &item in items.iter() {
            let d = digit(item.0, pass as u32);
            other[count[d]] = item;
            count[d] += 1;
        }
        std::mem::swap(items, &mut other);
    }
    let mut start = 0;
    while start < items.len() {
        let high = items[start].0 >> LOW;
        let mut end = start + 1;
        while end < items.len() && items[end].0 >> LOW == high {
            end += 1;
        }
        if end - start > 1 {
            items[start..end].sort_unstable_by_key(|e| e.0);
        }
        start = end;
    }
}

/// Flat copies of what a sweep reads at every budget, by creator: fees, values and groups. The
/// creators are in the order of the tie-breaks (cheaper, more valuable, groups, key), so a
/// creator's index is its rank there.
pub(crate) struct Flat {
    pub(crate) cost: Vec<i64>,
    pub(crate) value: Vec<u64>,
    /// The smallest fee of all.
    pub(crate) min_cost: i64,
    /// Each creator's groups as bits, when there are at most 64 groups.
    pub(crate) mask: Option<Vec<u64>>,
}

impl Flat {
    /// The order of the tie-breaks: cheaper, more valuable, groups, key.
    pub(crate) fn tie_order(a: &crate::presolve::Free, b: &crate::presolve::Free) -> Ordering {
        a.cost
            .cmp(&b.cost)
            .then(b.value.cmp(&a.value))
            .then_with(|| a.groups.cmp(&b.groups))
            .then(a.key.cmp(&b.key))
    }

    /// For creators that will take the indices `0..free.len()` in a problem, already in
    /// [`Flat::tie_order`]: each creator's rank is its index.
    pub(crate) fn new(free: &[crate::presolve::Free]) -> Flat {
        debug_assert!(free.is_sorted_by(|a, b| Flat::tie_order(a, b) == Ordering::Less));
        Flat {
            cost: free.iter().map(|f| f.cost).collect(),
            value: free.iter().map(|f| f.value).collect(),
            min_cost: free.iter().map(|f| f.cost).min().unwrap_or(0),
            mask: free
                .iter()
                .map(|f| {
                    f.groups
                        .iter()
                        .try_fold(0u64, |m, &g| (g < 64).then(|| m | 1 << g))
                })
                .collect(),
        }
    }

    /// One creator's adjusted profit from the flat copies (the groups must fit in bits).
    pub(crate) fn adjusted_profit(&self, i: usize, mult: &Multipliers) -> i64 {
        let mut extra = 0i64;
        let mut m = self.mask.as_ref().map_or(0, |mask| mask[i]);
        while m != 0 {
            extra += mult.mu[m.trailing_zeros() as usize];
            m &= m - 1;
        }
        // As in `adjusted_profits`: no overflow.
        self.value[i] as i64 - mult.theta + extra
    }

    /// [`adjusted_profits`] from the flat copies (`None` with more than 64 groups).
    pub(crate) fn adjusted_profits(&self, n: usize, mult: &Multipliers) -> Option<Vec<i64>> {
        self.mask.as_ref()?;
        Some((0..n).map(|i| self.adjusted_profit(i, mult)).collect())
    }

    /// [`exact_order`], from the flat copies.
    pub(crate) fn exact_order(&self, profit: &[i64], a: usize, b: usize) -> Ordering {
        let (pa, pb) = (profit[a], profit[b]);
        let by_ratio = match (pa > 0, pb > 0) {
            (true, true) => ratio_desc(
                i128::from(pa),
                i128::from(self.cost[a]),
                i128::from(pb),
                i128::from(self.cost[b]),
            ),
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => pb.cmp(&pa),
        };
        // The index is the rank in the tie-breaks.
        by_ratio.then(a.cmp(&b))
    }
}

/// The exact order of two creators: larger adjusted profit per cost first (positive profits
/// first, then larger profit), then cheaper, then more valuable, then by groups and key.
fn exact_order(prob: &Problem, profit: &[i64], a: usize, b: usize) -> Ordering {
    let (pa, pb) = (profit[a], profit[b]);
    let (fa, fb) = (&prob.free[a], &prob.free[b]);
    let by_ratio = match (pa > 0, pb > 0) {
        (true, true) => ratio_desc(
            i128::from(pa),
            i128::from(fa.cost),
            i128::from(pb),
            i128::from(fb.cost),
        ),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => pb.cmp(&pa),
    };
    by_ratio
        .then(fa.cost.cmp(&fb.cost))
        .then(fb.value.cmp(&fa.value))
        .then_with(|| fa.groups.cmp(&fb.groups))
        .then(fa.key.cmp(&fb.key))
}

/// What the search stages share for one budget: the problem, its multipliers, the adjusted
/// profits, the creators in order and the prefix sums the bounds and reductions use.
pub(crate) struct Stages<'a> {
    pub(crate) prob: &'a Problem,
    pub(crate) mult: &'a Multipliers,
    pub(crate) profit: &'a [i64],
    /// Fees by creator, and at most the smallest of them.
    pub(crate) cost: &'a [i64],
    pub(crate) min_cost: i64,
    pub(crate) order: &'a [usize],
    /// `build_bounds` over `order`.
    pub(crate) full: &'a Search,
    pub(crate) allow_group_dp: bool,
}

/// The best plan the stages found (indices into `Problem::free`), and whether it is proven.
pub(crate) struct Found {
    pub(crate) items: Option<Vec<usize>>,
    pub(crate) status: Status,
    pub(crate) nodes: u64,
}

impl Found {
    pub(crate) fn into_solution(
        self,
        cands: &[Candidate],
        prob: &Problem,
    ) -> Result<Solution, OptimizeError> {
        let Some(mut items) = self.items else {
            return match self.status {
                Status::Optimal => Err(OptimizeError::Infeasible(Infeasible::NoPlan)),
                Status::Bounded { .. } => Err(OptimizeError::TimedOut),
            };
        };
        drop_needless_zero_values(prob, &mut items);
        Ok(finish(cands, prob, &items, self.status, self.nodes))
    }
}

impl Stages<'_> {
    /// Reductions against falling thresholds with the dynamic programmes (or branch and bound)
    /// on the core, from a feasible starting plan if there is one.
    pub(crate) fn run(
        &self,
        incumbent: Option<Plan>,
        cancel: &AtomicBool,
        deadline: Option<Instant>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Found, OptimizeError> {
        let Stages {
            prob,
            mult,
            profit,
            cost,
            min_cost,
            order,
            full,
            allow_group_dp,
        } = *self;
        let all = Creators {
            order,
            profit,
            cost,
            min_cost,
        };
        let count_rhs = if mult.theta >= 0 {
            prob.kmax.unwrap_or(0)
        } else {
            prob.kmin
        };
        let mut base: i128 =
            i128::from(prob.locked_value) + i128::from(mult.theta) * i128::from(count_rhs);
        for (g, grp) in prob.groups.iter().enumerate() {
            base -= i128::from(mult.mu[g]) * i128::from(grp.deficit());
        }
        // Every value below is a whole plan's value, locked creators included.
        let locked_value = i128::from(prob.locked_value);
        let mut best: i128 = incumbent
            .as_ref()
            .map_or(-1, |p| locked_value + i128::from(p.value));
        let mut best_plan: Option<Vec<usize>> = incumbent.map(|p| p.items);
        let kmax_all = prob.kmax.unwrap_or(u32::MAX);

        let root_bound = base + full.lp(0, prob.budget);
        let mut nodes = 0u64;
        let mut status = Status::Optimal;
        let mut solved = false;

        // Minimums or count limits: the group dynamic programme, over cores reduced against a
        // guessed threshold that falls towards the incumbent. A plan above the threshold must agree
        // with every creator the reduction fixed, so the best plan found above it is optimal; when
        // none is found, the optimum is at most the threshold and the next guess is lower.
        // Minimums the locked creators already meet constrain nothing.
        let minimums_left = prob.groups.iter().any(|g| g.deficit() > 0);
        let use_group_dp =
            allow_group_dp && (minimums_left || prob.kmax.is_some() || prob.kmin > 0) && best >= 0;
        if use_group_dp {
            let gap = (root_bound - best).max(0);
            let mut proven_ub = root_bound;
            let mut attempt = 0u32;
            loop {
                // Guesses at 1/64, 1/16, 1/4, 1/2 and 3/4 of the gap below the bound, then the incumbent.
                const EIGHTHS_OF_64: [i128; 5] = [1, 4, 16, 32, 48];
                let threshold = match EIGHTHS_OF_64.get(attempt as usize) {
                    Some(&f) => (root_bound - gap * f / 64).max(best),
                    None => best,
                };
                attempt += 1;
                // A guess at or above what is proven already would find nothing: skip it (small
                // gaps give the same guess more than once). At the incumbent, it is optimal.
                if threshold >= proven_ub {
                    if threshold <= best {
                        solved = true;
                        break;
                    }
                    continue;
                }
                // Time may run out before the first step of a programme (reductions of 100k
                // creators): stop with what is proven so far.
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    status = Status::Bounded {
                        upper_bound: u64::try_from(proven_ub.max(best).max(0)).unwrap_or(u64::MAX),
                    };
                    solved = true;
                    break;
                }
                if cancel.load(AtomicOrdering::Relaxed) {
                    return Err(OptimizeError::Cancelled);
                }
                let (fixed_in, core) = reduce(full, &all, base, threshold, prob.budget);
                let st = fixed_state(prob, &fixed_in, profit);
                let outcome = if st.left < 0 || st.count > kmax_all {
                    GroupDp::Done(None)
                } else {
                    let search = build_search(prob, &core, profit, kmax_all, 0, locked_value);
                    let ctx = GroupDpInput {
                        s: &search,
                        mu: &mult.mu,
                        deficit: &st.deficit,
                        left: st.left,
                        value0: locked_value + i128::from(st.vsum),
                        threshold,
                        count_cap: prob.kmax.map(|k| k - st.count),
                        count_need: prob.kmin.saturating_sub(st.count),
                        theta: mult.theta,
                        known_ub: proven_ub,
                    };
                    group_dp(&ctx, &mut best, &mut nodes, cancel, deadline, progress)?
                };
                let plan = match &outcome {
                    GroupDp::Done(p) | GroupDp::TimeUp(p) | GroupDp::GaveUp(p) => p.as_ref(),
                };
                if let Some(pos_items) = plan {
                    let mut items = fixed_in.clone();
                    items.extend(pos_items.iter().map(|&p| core[p]));
                    best_plan = Some(items);
                }
                match outcome {
                    GroupDp::Done(Some(_)) => {
                        solved = true;
                        break;
                    }
                    GroupDp::Done(None) => {
                        proven_ub = proven_ub.min(threshold);
                        if threshold <= best {
                            solved = true;
                            break;
                        }
                    }
                    GroupDp::TimeUp(_) => {
                        status = Status::Bounded {
                            upper_bound: u64::try_from(proven_ub.max(best).max(0))
                                .unwrap_or(u64::MAX),
                        };
                        solved = true;
                        break;
                    }
                    GroupDp::GaveUp(_) => break,
                }
            }
        }

        if !solved {
            // Reduction: fix every creator whose flip cannot beat the incumbent.
            let (fixed_in, core) = if best >= 0 {
                reduce(full, &all, base, best, prob.budget)
            } else {
                (Vec::new(), order.to_vec())
            };
            let st = fixed_state(prob, &fixed_in, profit);
            let plain = prob.kmax.is_none() && prob.kmin == 0 && !minimums_left;
            if plain && st.left >= 0 {
                let search = build_search(prob, &core, profit, kmax_all, 0, locked_value);
                let fixed_value = base + st.psum;
                let outcome = core_dp(&search, st.left, fixed_value, &mut best, cancel, deadline)?;
                let (found, done) = match outcome {
                    CoreDp::Solved(found) => (found, true),
                    CoreDp::GaveUp(found) => (found, false),
                };
                if let Some(pos_items) = found {
                    let mut items: Vec<usize> = fixed_in.clone();
                    items.extend(pos_items.iter().map(|&p| core[p]));
                    best_plan = Some(items);
                }
                solved = done;
            }
            if !solved && st.left >= 0 && st.count <= kmax_all {
                let search = build_search(prob, &core, profit, kmax_all, prob.kmin, locked_value);
                let mut found: Option<Vec<usize>> = None;
                let end = search.run(
                    st, base, &mut best, &mut found, &mut nodes, cancel, deadline, progress,
                )?;
                if let Some(pos_items) = found {
                    let mut items: Vec<usize> = fixed_in.clone();
                    items.extend(pos_items.iter().map(|&p| core[p]));
                    best_plan = Some(items);
                }
                if let SearchEnd::TimeUp { upper_bound } = end {
                    let ub = upper_bound.min(root_bound).max(best);
                    status = Status::Bounded {
                        upper_bound: u64::try_from(ub.max(0)).unwrap_or(u64::MAX),
                    };
                }
            }
        }
        Ok(Found {
            items: best_plan,
            status,
            nodes,
        })
    }
}

/// Removes chosen creators with no value when no minimum needs them (cheaper, same value).
pub(crate) fn drop_needless_zero_values(prob: &Problem, items: &mut Vec<usize>) {
    let mut counts: Vec<u32> = prob.groups.iter().map(|g| g.from_locked).collect();
    for &i in items.iter() {
        for &g in &prob.free[i].groups {
            counts[g as usize] += 1;
        }
    }
    // Highest keys go first, so lower keys are the ones kept.
    let mut zeros: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| prob.free[i].value == 0)
        .collect();
    zeros.sort_by_key(|&i| std::cmp::Reverse((prob.free[i].cost, prob.free[i].key)));
    for i in zeros {
        let f = &prob.free[i];
        let needed_for_count = items.len() as u64 <= u64::from(prob.kmin);
        let needed_for_group = f
            .groups
            .iter()
            .any(|&g| counts[g as usize] <= prob.groups[g as usize].required);
        if !needed_for_count && !needed_for_group {
            items.retain(|&x| x != i);
            for &g in &f.groups {
                counts[g as usize] -= 1;
            }
        }
    }
}

pub(crate) fn finish(
    cands: &[Candidate],
    prob: &Problem,
    items: &[usize],
    status: Status,
    nodes: u64,
) -> Solution {
    let mut chosen: Vec<u32> = prob.locked.iter().map(|&i| cands[i].key).collect();
    chosen.extend(items.iter().map(|&i| prob.free[i].key));
    chosen.sort_unstable();
    finish_with(prob, items, chosen, status, nodes)
}

/// [`finish`], with the keys of the plan (locked creators and `items`) given in order.
pub(crate) fn finish_with(
    prob: &Problem,
    items: &[usize],
    chosen: Vec<u32>,
    status: Status,
    nodes: u64,
) -> Solution {
    let mut cost = prob.locked_cost;
    let mut value = prob.locked_value;
    for &i in items {
        let f = &prob.free[i];
        cost += i128::from(f.cost);
        value += f.value;
    }
    debug_assert_eq!(chosen.len(), prob.locked.len() + items.len());
    debug_assert!(chosen.is_sorted());
    let status = match status {
        Status::Bounded { upper_bound } if upper_bound <= value => Status::Optimal,
        s => s,
    };
    Solution {
        chosen,
        cost: i64::try_from(cost).unwrap_or(i64::MAX),
        value,
        status,
        nodes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presolve::Free;
    use proptest::prelude::*;

    /// Creators with many ties: few distinct fees and values (so equal ratios from different
    /// pairs), free ones, and profits from far below zero to beyond 2^53.
    fn creators() -> impl Strategy<Value = Vec<(i64, i64, u64, Vec<u32>)>> {
        let cost = prop_oneof![
            4 => (1i64..6).prop_map(|c| c * 100),
            1 => Just(0i64),
            1 => 1i64..(1 << 62),
        ];
        let profit = prop_oneof![
            4 => (-3i64..12).prop_map(|p| p * 50),
            1 => (1i64 << 53)..(1i64 << 60),
            1 => -(1i64 << 58)..(1i64 << 58),
        ];
        let value = prop_oneof![Just(0u64), 1u64..4];
        let groups = prop::collection::vec(0u32..3, 0..3).prop_map(|mut g| {
            g.sort_unstable();
            g.dedup();
            g
        });
        prop::collection::vec((cost, profit, value, groups), 0..400)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The radix sort with its exact pass, from scratch, from a previous order split into
        /// blocks, and with the flat copies, gives exactly the order of the exact comparison.
        #[test]
        fn fast_sort_is_the_exact_order(items in creators(), seed in any::<u64>()) {
            let mut creators: Vec<(Free, i64)> = items
                .iter()
                .enumerate()
                .map(|(k, (cost, profit, value, groups))| {
                    (Free::for_test(k, *cost, *value, groups.clone()), *profit)
                })
                .collect();
            // As a sweep holds them: in the order of the tie-breaks.
            creators.sort_by(|a, b| Flat::tie_order(&a.0, &b.0));
            let (free, profit): (Vec<Free>, Vec<i64>) = creators.into_iter().unzip();
            let prob = Problem::with_free(free);
            let mut want: Vec<usize> = (0..prob.free.len()).collect();
            want.sort_by(|&a, &b| exact_order(&prob, &profit, a, b));

            let mut shuffled = want.clone();
            let mut rng = synth::Rng::new(seed);
            for i in (1..shuffled.len()).rev() {
                shuffled.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
            }
            let flat = Flat::new(&prob.free);
            for flat in [None, Some(&flat)] {
                let mut got = shuffled.clone();
                sort_by_adjusted_ratio(&prob, &profit, &mut got, flat);
                prop_assert_eq!(&got, &want, "flat {}", flat.is_some());
            }
            // Radix sorted (a roster of thousands), and sorted in place (a few hundred).
            for radix_from in [0, usize::MAX] {
                let mut keyed: Vec<(u64, u32)> = shuffled
                    .iter()
                    .map(|&i| (sort_key(profit[i], prob.free[i].cost), i as u32))
                    .collect();
                sort_keyed_from(&mut keyed, &|a, b| flat.exact_order(&profit, a, b), radix_from);
                let got: Vec<usize> = keyed.iter().map(|e| e.1 as usize).collect();
                prop_assert_eq!(&got, &want, "radix from {}", radix_from);
            }
            // The flat profits are the problem's.
            let mult = Multipliers {
                theta: (seed % 1000) as i64 - 500,
                mu: vec![(seed % 7) as i64 * 1000, 0, (seed % 13) as i64],
            };
            let mut prob3 = Problem::with_free(prob.free.clone());
            prob3.groups = (0..3)
                .map(|g| crate::presolve::Group {
                    id: crate::error::Minimum::Tier(g),
                    required: 1,
                    from_locked: 0,
                })
                .collect();
            prop_assert_eq!(
                flat.adjusted_profits(prob3.free.len(), &mult),
                Some(adjusted_profits(&prob3, &mult))
            );
            // A nearly sorted order (the sweep's case): the exact order with a few swaps.
            let mut near = want.clone();
            for k in 0..near.len() / 16 {
                let i = (k * 16 + (seed as usize % 16)).min(near.len() - 2);
                near.swap(i, i + 1);
            }
            sort_by_adjusted_ratio(&prob, &profit, &mut near, Some(&flat));
            prop_assert_eq!(&near, &want);
        }
    }
}
