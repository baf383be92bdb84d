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
use crate::reduce::{fixed_state, reduce};
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
    let mult = choose_multipliers(&prob, None);
    if cancel.load(AtomicOrdering::Relaxed) {
        return Err(OptimizeError::Cancelled);
    }
    let profit = adjusted_profits(&prob, &mult);
    let mut order: Vec<usize> = (0..prob.free.len()).collect();
    sort_by_adjusted_ratio(&prob, &profit, &mut order);
    let full = build_bounds(&prob, &order, &profit);
    let stages = Stages {
        prob: &prob,
        mult: &mult,
        profit: &profit,
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
    prob.free
        .iter()
        .map(|f| {
            let extra: i64 = f.groups.iter().map(|&g| mult.mu[g as usize]).sum();
            // |value| < 2^60, |theta| <= 2^58, extra <= 2^58: no overflow.
            f.value as i64 - mult.theta + extra
        })
        .collect()
}

/// Sorts creators by adjusted profit per cost (positive profits first), ties broken so the
/// order depends only on the set of creators. A stable sort, so re-sorting a nearly sorted
/// order (a sweep's next budget) is close to linear.
pub(crate) fn sort_by_adjusted_ratio(prob: &Problem, profit: &[i64], order: &mut [usize]) {
    order.sort_by(|&a, &b| {
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
    });
}

/// What the search stages share for one budget: the problem, its multipliers, the adjusted
/// profits, the creators in order and the prefix sums the bounds and reductions use.
pub(crate) struct Stages<'a> {
    pub(crate) prob: &'a Problem,
    pub(crate) mult: &'a Multipliers,
    pub(crate) profit: &'a [i64],
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
            order,
            full,
            allow_group_dp,
        } = *self;
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
                let (fixed_in, core) = reduce(full, order, base, threshold, prob.budget);
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
                reduce(full, order, base, best, prob.budget)
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
    let mut cost = prob.locked_cost;
    let mut value = prob.locked_value;
    for &i in items {
        let f = &prob.free[i];
        chosen.push(f.key);
        cost += i128::from(f.cost);
        value += f.value;
    }
    chosen.sort_unstable();
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
