//! Branch and bound: the depth-first search over a core ordered by adjusted profit per cost,
//! with an O(log n) LP bound per node, feasibility checks for the minimums and symmetry
//! breaking. Its `Search` (prefix sums over the order) is also what the reductions and the
//! dynamic programmes bound with.

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use crate::error::OptimizeError;
use crate::model::Progress;
use crate::presolve::Problem;

/// Nodes between checks of the cancel flag and the clock.
pub(crate) const CHECK_EVERY: u64 = 1 << 10;
/// Nodes between progress reports.
pub(crate) const PROGRESS_EVERY: u64 = 1 << 14;

/// Result of the depth-first search.
pub(crate) enum SearchEnd {
    Done,
    TimeUp { upper_bound: i128 },
}

/// The branch-and-bound core: items sorted by adjusted profit per cost, with prefix sums.
pub(crate) struct Search {
    pub(crate) n: usize,
    pub(crate) cost: Vec<i64>,
    pub(crate) profit: Vec<i64>,
    pub(crate) value: Vec<u64>,
    pub(crate) gstart: Vec<usize>,
    pub(crate) gids: Vec<u32>,
    /// First position after the run of creators interchangeable with this one.
    pub(crate) next_distinct: Vec<usize>,
    pub(crate) pc: Vec<i128>,
    pub(crate) pp: Vec<i128>,
    /// Prefix sums of the (unadjusted) values over positions `< npos`.
    pub(crate) pv: Vec<i128>,
    /// Positions `< npos` have positive adjusted profit.
    pub(crate) npos: usize,
    /// Per group: creators of the group at positions `>= k`.
    pub(crate) suffix: Vec<Vec<u32>>,
    /// Per group: sums of the cheapest fees of the group (over all core creators).
    pub(crate) cheap_g: Vec<Vec<i128>>,
    pub(crate) cheap_all: Vec<i128>,
    pub(crate) n_tier: usize,
    pub(crate) kmax: u32,
    pub(crate) kmin: u32,
    /// Value of the locked creators, so plan values are whole-plan values.
    pub(crate) vbase: i128,
}

/// The mutable state of a search node.
pub(crate) struct NodeState {
    pub(crate) pos: usize,
    pub(crate) left: i64,
    pub(crate) count: u32,
    pub(crate) psum: i128,
    pub(crate) vsum: u64,
    pub(crate) deficit: Vec<i64>,
    pub(crate) unsatisfied: usize,
}

impl Search {
    pub(crate) fn groups_of(&self, i: usize) -> &[u32] {
        &self.gids[self.gstart[i]..self.gstart[i + 1]]
    }

    /// Dantzig bound of the adjusted profits over positions `>= pos` with `left` budget.
    pub(crate) fn lp(&self, pos: usize, left: i64) -> i128 {
        if pos >= self.npos {
            return 0;
        }
        let target = self.pc[pos] + i128::from(left);
        let slice = &self.pc[pos..=self.npos];
        let m = pos + slice.partition_point(|&x| x <= target) - 1;
        let mut b = self.pp[m] - self.pp[pos];
        if m < self.npos {
            b += (target - self.pc[m]) * i128::from(self.profit[m]) / i128::from(self.cost[m]);
        }
        b
    }

    /// A greedy completion from `pos` with `left` budget: the positions `pos..m` of the LP prefix
    /// that fit whole (at most `max_items`), and their total value.
    pub(crate) fn fill(&self, pos: usize, left: i64, max_items: usize) -> (usize, i128) {
        if pos >= self.npos {
            return (pos, 0);
        }
        let target = self.pc[pos] + i128::from(left);
        let m = pos + self.pc[pos..=self.npos].partition_point(|&x| x <= target) - 1;
        let m = m.min(pos.saturating_add(max_items));
        (m, self.pv[m] - self.pv[pos])
    }

    /// Whether the minimums can still be met from this node (cheap necessary conditions).
    pub(crate) fn can_complete(&self, st: &NodeState) -> bool {
        let room = self.kmax - st.count;
        let left = i128::from(st.left);
        let remaining = (self.n - st.pos) as u64;
        let need_count = u64::from(self.kmin.saturating_sub(st.count));
        if need_count > remaining {
            return false;
        }
        let mut need_total = need_count;
        if st.unsatisfied > 0 {
            let mut tier_need: u64 = 0;
            let mut tier_cost: i128 = 0;
            for (g, &d) in st.deficit.iter().enumerate() {
                if d <= 0 {
                    continue;
                }
                let d64 = d as u64;
                if d64 > u64::from(self.suffix[g][st.pos]) {
                    return false;
                }
                let cost = self.cheap_g[g][d as usize];
                if cost > left {
                    return false;
                }
                if g < self.n_tier {
                    tier_need += d64;
                    tier_cost += cost;
                } else {
                    need_total = need_total.max(d64);
                }
            }
            if tier_cost > left {
                return false;
            }
            need_total = need_total.max(tier_need);
        }
        if need_total > u64::from(room) {
            return false;
        }
        need_total == 0 || self.cheap_all[need_total as usize] <= left
    }

    pub(crate) fn include(&self, st: &mut NodeState, i: usize) {
        st.left -= self.cost[i];
        st.count += 1;
        st.psum += i128::from(self.profit[i]);
        st.vsum += self.value[i];
        for &g in self.groups_of(i) {
            let d = &mut st.deficit[g as usize];
            *d -= 1;
            if *d == 0 {
                st.unsatisfied -= 1;
            }
        }
    }

    pub(crate) fn exclude_again(&self, st: &mut NodeState, i: usize) {
        st.left += self.cost[i];
        st.count -= 1;
        st.psum -= i128::from(self.profit[i]);
        st.vsum -= self.value[i];
        for &g in self.groups_of(i) {
            let d = &mut st.deficit[g as usize];
            if *d == 0 {
                st.unsatisfied += 1;
            }
            *d += 1;
        }
    }

    /// Depth-first branch and bound. `best` is the incumbent value (-1: none) and plan.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run(
        &self,
        mut st: NodeState,
        base: i128,
        best: &mut i128,
        best_items: &mut Option<Vec<usize>>,
        nodes: &mut u64,
        cancel: &AtomicBool,
        deadline: Option<Instant>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<SearchEnd, OptimizeError> {
        // Frames: (included position, budget left before, adjusted profit before).
        let mut stack: Vec<(usize, i64, i128)> = Vec::new();
        let pending_bound = |stack: &[(usize, i64, i128)], st: &NodeState, best: i128| -> i128 {
            let mut ub = best.max(base + st.psum + self.lp(st.pos, st.left));
            for &(k, left, psum) in stack {
                ub = ub.max(base + psum + self.lp(self.next_distinct[k], left));
            }
            ub
        };
        loop {
            if nodes.is_multiple_of(CHECK_EVERY) {
                if cancel.load(AtomicOrdering::Relaxed) {
                    return Err(OptimizeError::Cancelled);
                }
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Ok(SearchEnd::TimeUp {
                        upper_bound: pending_bound(&stack, &st, *best),
                    });
                }
                if nodes.is_multiple_of(PROGRESS_EVERY) && *nodes > 0 {
                    let ub = pending_bound(&stack, &st, *best);
                    progress(Progress {
                        nodes: *nodes,
                        best_value: u64::try_from(*best).unwrap_or(0),
                        upper_bound: u64::try_from(ub).unwrap_or(0),
                    });
                }
            }
            *nodes += 1;
            let alive = self.can_complete(&st) && base + st.psum + self.lp(st.pos, st.left) > *best;
            if alive {
                let value = self.vbase + i128::from(st.vsum);
                if st.unsatisfied == 0 && st.count >= self.kmin && value > *best {
                    *best = value;
                    *best_items = Some(stack.iter().map(|f| f.0).collect());
                }
                if st.count < self.kmax {
                    let mut k = st.pos;
                    while k < self.n && self.cost[k] > st.left {
                        k = self.next_distinct[k];
                    }
                    if k < self.n {
                        stack.push((k, st.left, st.psum));
                        self.include(&mut st, k);
                        st.pos = k + 1;
                        continue;
                    }
                }
            }
            match stack.pop() {
                None => return Ok(SearchEnd::Done),
                Some((k, _, _)) => {
                    self.exclude_again(&mut st, k);
                    st.pos = self.next_distinct[k];
                }
            }
        }
    }
}

/// The prefix sums alone, over the creators in `items` (in order, fees and adjusted profits by
/// creator in `costs` and `profit`): what the root bound and the reductions need (`lp`,
/// `lp_without`), without the per-group tables of a search core.
///
/// Only as far as a bound with `budget` can reach: they stop at the first position whose prefix
/// of fees, less the dearest fee before it, exceeds the budget (a bound with at most `budget`
/// left, even with one creator before it taken out, breaks before there), or at the first
/// creator of no positive profit. So `npos` and `n` count the positions kept, a small prefix
/// of a sweep's large roster at a small budget.
pub(crate) fn build_bounds(
    prob: &Problem,
    items: &[usize],
    profit: &[i64],
    costs: &[i64],
    budget: i64,
) -> Search {
    // How far they go, first (a few hundred of a sweep's 10k creators), so the arrays are
    // allocated once.
    let (mut c, mut dearest) = (0i128, 0i64);
    let npos = items
        .iter()
        .position(|&i| {
            let stop = profit[i] <= 0 || c - i128::from(dearest) > i128::from(budget);
            c += i128::from(costs[i]);
            dearest = dearest.max(costs[i]);
            stop
        })
        .unwrap_or(items.len());
    let kept = &items[..npos];
    let cost: Vec<i64> = kept.iter().map(|&i| costs[i]).collect();
    let prof: Vec<i64> = kept.iter().map(|&i| profit[i]).collect();
    let mut pc = Vec::with_capacity(npos + 1);
    let mut pp = Vec::with_capacity(npos + 1);
    let (mut c, mut p) = (0i128, 0i128);
    pc.push(0);
    pp.push(0);
    for (&ci, &pi) in cost.iter().zip(&prof) {
        c += i128::from(ci);
        p += i128::from(pi);
        pc.push(c);
        pp.push(p);
    }
    Search {
        n: npos,
        cost,
        profit: prof,
        value: Vec::new(),
        gstart: Vec::new(),
        gids: Vec::new(),
        next_distinct: Vec::new(),
        pc,
        pp,
        pv: Vec::new(),
        npos,
        suffix: Vec::new(),
        cheap_g: Vec::new(),
        cheap_all: Vec::new(),
        n_tier: prob.n_tier,
        kmax: 0,
        kmin: 0,
        vbase: 0,
    }
}

pub(crate) fn build_search(
    prob: &Problem,
    items: &[usize],
    profit: &[i64],
    kmax: u32,
    kmin: u32,
    vbase: i128,
) -> Search {
    let n = items.len();
    let ng = prob.groups.len();
    let mut cost = Vec::with_capacity(n);
    let mut prof = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    let mut gstart = Vec::with_capacity(n + 1);
    let mut gids = Vec::new();
    for &i in items {
        let f = &prob.free[i];
        cost.push(f.cost);
        prof.push(profit[i]);
        value.push(f.value);
        gstart.push(gids.len());
        gids.extend_from_slice(&f.groups);
    }
    gstart.push(gids.len());
    let mut next_distinct = vec![n; n];
    for i in (0..n).rev() {
        let same = i + 1 < n && {
            let (a, b) = (&prob.free[items[i]], &prob.free[items[i + 1]]);
            a.cost == b.cost && a.value == b.value && a.groups == b.groups
        };
        next_distinct[i] = if same { next_distinct[i + 1] } else { i + 1 };
    }
    let npos = prof.iter().position(|&p| p <= 0).unwrap_or(n);
    let mut pc = vec![0i128; npos + 1];
    let mut pp = vec![0i128; npos + 1];
    let mut pv = vec![0i128; npos + 1];
    for i in 0..npos {
        pc[i + 1] = pc[i] + i128::from(cost[i]);
        pp[i + 1] = pp[i] + i128::from(prof[i]);
        pv[i + 1] = pv[i] + i128::from(value[i]);
    }
    let mut suffix = vec![vec![0u32; n + 1]; ng];
    let mut group_costs: Vec<Vec<i64>> = vec![Vec::new(); ng];
    for i in (0..n).rev() {
        for s in suffix.iter_mut() {
            s[i] = s[i + 1];
        }
        for &g in &gids[gstart[i]..gstart[i + 1]] {
            suffix[g as usize][i] += 1;
            group_costs[g as usize].push(cost[i]);
        }
    }
    let prefix_of_sorted = |mut v: Vec<i64>| -> Vec<i128> {
        v.sort_unstable();
        let mut out = Vec::with_capacity(v.len() + 1);
        out.push(0i128);
        let mut acc = 0i128;
        for c in v {
            acc += i128::from(c);
            out.push(acc);
        }
        out
    };
    let cheap_g = group_costs.into_iter().map(prefix_of_sorted).collect();
    let cheap_all = prefix_of_sorted(cost.clone());
    Search {
        n,
        cost,
        profit: prof,
        value,
        gstart,
        gids,
        next_distinct,
        pc,
        pp,
        pv,
        npos,
        suffix,
        cheap_g,
        cheap_all,
        n_tier: prob.n_tier,
        kmax,
        kmin,
        vbase,
    }
}
