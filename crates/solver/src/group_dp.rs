//! Stage 5 with minimums or count limits: the group dynamic programme, whose state carries the
//! deficit of every unmet minimum and the count.

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use crate::error::OptimizeError;
use crate::model::Progress;
use crate::search::Search;

/// Outcome of the group dynamic programme.
pub(crate) enum GroupDp {
    /// Finished: the best plan worth more than the threshold (core positions), if any.
    Done(Option<Vec<usize>>),
    /// The time limit passed; the best plan found above the threshold, if any.
    TimeUp(Option<Vec<usize>>),
    /// Too many states; nothing proven, the best plan found above the threshold, if any.
    GaveUp(Option<Vec<usize>>),
}

/// What the group dynamic programme works on.
pub(crate) struct GroupDpInput<'a> {
    /// The core, ordered by adjusted profit per cost, profits adjusted by `mu`.
    pub(crate) s: &'a Search,
    pub(crate) mu: &'a [i64],
    /// Deficit per group with the fixed creators chosen (<= 0: met).
    pub(crate) deficit: &'a [i64],
    /// Budget left with the fixed creators chosen.
    pub(crate) left: i64,
    /// Value of the locked and fixed creators.
    pub(crate) value0: i128,
    /// Only plans worth more than this are wanted.
    pub(crate) threshold: i128,
    /// Creators the core may still add (maximum count), if limited.
    pub(crate) count_cap: Option<u32>,
    /// Creators the core must still add (minimum count).
    pub(crate) count_need: u32,
    /// The count multiplier the adjusted profits were built with.
    pub(crate) theta: i64,
    /// A proven upper bound on the optimum, for progress reports.
    pub(crate) known_ub: i128,
}

/// Largest number of deficit combinations, live states and stored decisions of the group
/// dynamic programme before it gives up.
pub(crate) const GROUP_DP_BUCKETS: usize = 1 << 20;
pub(crate) const GROUP_DP_STATES: usize = 1 << 22;
pub(crate) const GROUP_DP_ARENA: usize = 1 << 25;

/// Storage of the group dynamic programme's buckets, by slot (slot 0 is unused).
pub(crate) struct Pools {
    pub(crate) cur: Vec<Vec<GState>>,
    pub(crate) next: Vec<Vec<GState>>,
    pub(crate) incoming: Vec<Vec<GState>>,
    pub(crate) sources: Vec<u8>,
    pub(crate) in_live: Vec<bool>,
}

impl Default for Pools {
    fn default() -> Self {
        Pools {
            cur: vec![Vec::new()],
            next: vec![Vec::new()],
            incoming: vec![Vec::new()],
            sources: vec![0],
            in_live: vec![false],
        }
    }
}

impl Pools {
    /// The slot of bucket `b`, given one if it has none yet.
    pub(crate) fn slot(&mut self, slot: &mut [u32], b: usize) -> usize {
        if slot[b] == 0 {
            slot[b] = self.cur.len() as u32;
            self.cur.push(Vec::new());
            self.next.push(Vec::new());
            self.incoming.push(Vec::new());
            self.sources.push(0);
            self.in_live.push(false);
        }
        slot[b] as usize
    }
}

/// What the group dynamic programme needs of one deficit vector (bucket).
pub(crate) struct Bucket {
    /// Multipliers of what is still missing (and the count multiplier's term), taken off the
    /// bound.
    pub(crate) pen: i128,
    /// A lower bound on the fees still needed to meet the minimums (`i128::MAX / 4`: never).
    pub(crate) min_cost: i128,
    /// Creators that may still be added.
    pub(crate) room: usize,
    /// Every minimum is met.
    pub(crate) feasible: bool,
}

/// One state of the group dynamic programme: cost and value of the core creators chosen so far.
#[derive(Clone, Copy)]
pub(crate) struct GState {
    pub(crate) w: i64,
    /// Whole-plan value so far; below 2^62 (checked in `prepare`), so it fits.
    pub(crate) v: i64,
    pub(crate) node: u32,
}

/// Exact solver for the minimums without count limits: a dynamic programme over the core in
/// order, whose state is the deficit left on every unmet minimum (so it counts nothing a minimum
/// no longer needs) besides cost and value. Per deficit vector only undominated (cost, value)
/// states are kept, and a state survives only while its Lagrangian bound (its value, plus the LP
/// bound of the adjusted profits still to come, less the multipliers of what is still missing)
/// beats the threshold and its minimums can still be met.
pub(crate) fn group_dp(
    inp: &GroupDpInput<'_>,
    best: &mut i128,
    nodes: &mut u64,
    cancel: &AtomicBool,
    deadline: Option<Instant>,
    progress: &mut dyn FnMut(Progress),
) -> Result<GroupDp, OptimizeError> {
    let s = inp.s;
    let ng = inp.deficit.len();
    // Unmet groups get a digit each in a mixed-radix bucket index; met ones are forgotten.
    let mut stride = vec![0usize; ng];
    let mut radix = vec![1usize; ng];
    let mut active: Vec<usize> = Vec::new();
    let mut nb: usize = 1;
    let mut start_bucket = 0usize;
    for g in 0..ng {
        if inp.deficit[g] > 0 {
            let r = inp.deficit[g] as usize + 1;
            if nb.saturating_mul(r) > GROUP_DP_BUCKETS {
                return Ok(GroupDp::GaveUp(None));
            }
            stride[g] = nb;
            radix[g] = r;
            start_bucket += (r - 1) * nb;
            nb *= r;
            active.push(g);
        }
    }
    // The count of core creators chosen gets one more digit when a count limit is set: exact up
    // to the maximum, or capped at the minimum when only that is set.
    let counting = inp.count_cap.is_some() || inp.count_need > 0;
    let count_top = inp.count_cap.unwrap_or(inp.count_need) as usize;
    let count_stride = nb;
    if counting {
        if nb.saturating_mul(count_top + 1) > GROUP_DP_BUCKETS {
            return Ok(GroupDp::GaveUp(None));
        }
        nb *= count_top + 1;
    }
    let count_of = |b: usize| {
        if counting {
            (b / count_stride) % (count_top + 1)
        } else {
            0
        }
    };
    let digit = |b: usize, g: usize| (b / stride[g]) % radix[g];
    // Per bucket: multipliers of what is missing, and the least fee that could cover it.
    // With the count multiplier: a completion adds at most `cap - count` creators (theta >= 0)
    // or at least `need - count` (theta < 0), so the bound has theta times that in it.
    let need = inp.count_need as usize;
    const NEVER: i128 = i128::MAX / 4;
    // Computed when needed (once per bucket and step), as there can be many buckets.
    let info = |b: usize| -> Bucket {
        let c = count_of(b);
        let mut pen = 0i128;
        let (mut tiers, mut niche) = (0i128, 0i128);
        let (mut tier_n, mut niche_n) = (0usize, 0usize);
        for &g in &active {
            let d = digit(b, g);
            pen += i128::from(inp.mu[g]) * d as i128;
            let cost = s.cheap_g[g].get(d).copied().unwrap_or(NEVER);
            if g < s.n_tier {
                tiers += cost;
                tier_n += d;
            } else {
                niche = niche.max(cost);
                niche_n = niche_n.max(d);
            }
        }
        let need_n = tier_n.max(niche_n).max(need.saturating_sub(c));
        let mut min_cost = tiers
            .max(niche)
            .max(s.cheap_all.get(need_n).copied().unwrap_or(NEVER));
        let mut room = usize::MAX;
        if let Some(cap) = inp.count_cap {
            room = (cap as usize).saturating_sub(c);
            if need_n > room {
                min_cost = NEVER;
            }
        }
        let theta = i128::from(inp.theta);
        if theta >= 0 {
            pen -= theta * room.min(s.n) as i128;
        } else {
            pen -= theta * need.saturating_sub(c) as i128;
        }
        Bucket {
            pen,
            min_cost,
            room,
            feasible: tier_n == 0 && niche_n == 0 && c >= need,
        }
    };
    let left = inp.left;
    let thr = (*best).max(inp.threshold);
    let mut thr = thr;
    let mut best_node: Option<u32> = None;
    // The best plan found: decision node, then the greedy fill `pos..m` after it.
    let mut best_fill = (0usize, 0usize);
    let mut found = false;
    // The best plan seen below the threshold but above the incumbent: not proof of anything,
    // but what to return if time runs out before a plan above the threshold turns up.
    let mut runner_up: Option<(i128, Option<u32>, (usize, usize))> = None;
    pub(crate) fn note(
        runner_up: &mut Option<(i128, Option<u32>, (usize, usize))>,
        v: i128,
        node: Option<u32>,
        fill: (usize, usize),
        best: i128,
    ) {
        if v > best && runner_up.is_none_or(|r| v > r.0) {
            *runner_up = Some((v, node, fill));
        }
    }
    // Stopped early: the best plan above the threshold, else the runner-up (raising the
    // incumbent to it), else none.
    pub(crate) fn stopped(
        arena: &[(u32, u32)],
        best: &mut i128,
        found: (bool, Option<u32>, (usize, usize)),
        runner_up: Option<(i128, Option<u32>, (usize, usize))>,
    ) -> Option<Vec<usize>> {
        match (found.0, runner_up) {
            (false, Some((v, node, fill))) => {
                *best = v;
                plan_of(arena, node, true, fill)
            }
            _ => plan_of(arena, found.1, found.0, found.2),
        }
    }
    let first = info(start_bucket);
    if first.feasible {
        let (m, extra) = s.fill(0, left, first.room);
        if inp.value0 + extra > thr {
            *best = inp.value0 + extra;
            thr = *best;
            best_fill = (0, m);
            found = true;
        } else {
            note(&mut runner_up, inp.value0 + extra, None, (0, m), *best);
        }
    }
    // A bucket whose deficits the creators from `pos` on cannot cover is dead.
    let coverable = |b: usize, bi: &Bucket, pos: usize| -> bool {
        active
            .iter()
            .all(|&g| digit(b, g) as u32 <= s.suffix[g][pos])
            && bi.min_cost <= i128::from(left)
            && need.saturating_sub(count_of(b)) <= s.n - pos
    };
    let bound =
        |bi: &Bucket, pos: usize, w: i64, v: i128| -> i128 { v + s.lp(pos, left - w) - bi.pen };
    // Buckets get storage (a slot) when first reached; most never are.
    let mut slot = vec![0u32; nb];
    // Whole-plan values stay below 2^62 (`TOTAL_VALUE_LIMIT`), so states keep them as i64.
    let v0 = i64::try_from(inp.value0).unwrap_or(i64::MAX);
    let mut pools = Pools::default();
    let mut live: Vec<usize> = Vec::new();
    let mut arena: Vec<(u32, u32)> = Vec::new();
    if coverable(start_bucket, &first, 0) && bound(&first, 0, 0, inp.value0) > thr {
        let k = pools.slot(&mut slot, start_bucket);
        pools.cur[k].push(GState {
            w: 0,
            v: v0,
            node: u32::MAX,
        });
        live.push(start_bucket);
    }
    let mut total_states = live.len();
    let mut targets: Vec<usize> = Vec::new();
    for j in 0..s.n {
        if live.is_empty() {
            break;
        }
        *nodes += total_states as u64;
        // One step may carry millions of states: look at the clock and the cancel flag at
        // every step (far cheaper than the step), report progress now and then.
        if cancel.load(AtomicOrdering::Relaxed) {
            return Err(OptimizeError::Cancelled);
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(GroupDp::TimeUp(stopped(
                &arena,
                best,
                (found, best_node, best_fill),
                runner_up,
            )));
        }
        if j % 256 == 0 && j > 0 {
            progress(Progress {
                nodes: *nodes,
                best_value: u64::try_from(*best).unwrap_or(0),
                upper_bound: u64::try_from(inp.known_ub.max(*best)).unwrap_or(0),
            });
        }
        let (cj, vj) = (s.cost[j], s.value[j] as i64);
        let gj = s.groups_of(j);
        let dec = |b: usize| -> Option<usize> {
            let mut t = b;
            if counting {
                let c = count_of(b);
                if inp.count_cap.is_some_and(|cap| c >= cap as usize) {
                    return None;
                }
                if c < count_top {
                    t += count_stride;
                }
            }
            for &g in gj {
                let g = g as usize;
                if radix[g] > 1 && digit(b, g) > 0 {
                    t -= stride[g];
                }
            }
            Some(t)
        };
        let pos = j + 1;
        // Include j: shift every live state into its target bucket.
        targets.clear();
        for &b in &live {
            let Some(t) = dec(b) else {
                continue;
            };
            let ti = info(t);
            if !coverable(t, &ti, pos) {
                continue;
            }
            let most = i128::from(left - cj) - ti.min_cost;
            let kt = pools.slot(&mut slot, t);
            let kb = slot[b] as usize;
            let (cur, incoming) = (&pools.cur, &mut pools.incoming);
            for st in &cur[kb] {
                if i128::from(st.w) > most {
                    break;
                }
                let (w2, v2) = (st.w + cj, st.v + vj);
                if bound(&ti, pos, w2, i128::from(v2)) > thr {
                    incoming[kt].push(GState {
                        w: w2,
                        v: v2,
                        node: st.node,
                    });
                }
            }
            if pools.sources[kt] == 0 {
                targets.push(t);
            }
            pools.sources[kt] = pools.sources[kt].saturating_add(1);
        }
        // Exclude j: states stay where they are; then merge with what came in.
        let mut new_live: Vec<usize> = Vec::with_capacity(live.len() + targets.len());
        for &b in live.iter().chain(targets.iter()) {
            let k = slot[b] as usize;
            if pools.in_live[k] {
                continue;
            }
            pools.in_live[k] = true;
            let inc = &mut pools.incoming[k];
            if pools.sources[k] > 1 {
                inc.sort_unstable_by(|a, c| a.w.cmp(&c.w).then(c.v.cmp(&a.v)));
            }
            pools.sources[k] = 0;
            let out = &mut pools.next[k];
            out.clear();
            let old = &pools.cur[k];
            let bi = info(b);
            let keep_old = coverable(b, &bi, pos);
            let (mut a, mut c) = (0usize, 0usize);
            let mut last_v = i64::MIN;
            loop {
                let take_old = if keep_old && a < old.len() {
                    c >= inc.len()
                        || old[a].w < inc[c].w
                        || (old[a].w == inc[c].w && old[a].v >= inc[c].v)
                } else if c < inc.len() {
                    false
                } else {
                    break;
                };
                let mut st = if take_old {
                    a += 1;
                    old[a - 1]
                } else {
                    c += 1;
                    inc[c - 1]
                };
                if st.v <= last_v {
                    continue;
                }
                if take_old
                    && (bound(&bi, pos, st.w, i128::from(st.v)) <= thr
                        || i128::from(st.w) + bi.min_cost > i128::from(left))
                {
                    continue;
                }
                if !take_old {
                    if arena.len() >= GROUP_DP_ARENA {
                        return Ok(GroupDp::GaveUp(stopped(
                            &arena,
                            best,
                            (found, best_node, best_fill),
                            runner_up,
                        )));
                    }
                    arena.push((j as u32, st.node));
                    st.node = (arena.len() - 1) as u32;
                    if bi.feasible {
                        // Every minimum is met: fill greedily for a whole plan.
                        let (m, extra) = s.fill(pos, left - st.w, bi.room);
                        if i128::from(st.v) + extra > thr {
                            *best = i128::from(st.v) + extra;
                            thr = *best;
                            best_node = Some(st.node);
                            best_fill = (pos, m);
                            found = true;
                        } else if !found {
                            let v = i128::from(st.v) + extra;
                            note(&mut runner_up, v, Some(st.node), (pos, m), *best);
                        }
                    }
                }
                last_v = st.v;
                out.push(st);
            }
            inc.clear();
            if !out.is_empty() {
                new_live.push(b);
            }
        }
        for &b in live.iter().chain(targets.iter()) {
            let k = slot[b] as usize;
            pools.in_live[k] = false;
            if pools.next[k].is_empty() {
                // The bucket dies: give its memory back rather than hold it to the end.
                pools.cur[k] = Vec::new();
                pools.next[k] = Vec::new();
            } else {
                pools.cur[k].clear();
            }
        }
        total_states = 0;
        for &b in &new_live {
            let k = slot[b] as usize;
            let Pools { cur, next, .. } = &mut pools;
            std::mem::swap(&mut cur[k], &mut next[k]);
            total_states += cur[k].len();
        }
        live = new_live;
        if total_states > GROUP_DP_STATES {
            return Ok(GroupDp::GaveUp(stopped(
                &arena,
                best,
                (found, best_node, best_fill),
                runner_up,
            )));
        }
    }
    Ok(GroupDp::Done(plan_of(&arena, best_node, found, best_fill)))
}

/// The core positions on the decision path ending at `node`, if a plan was found.
pub(crate) fn plan_of(
    arena: &[(u32, u32)],
    node: Option<u32>,
    found: bool,
    fill: (usize, usize),
) -> Option<Vec<usize>> {
    if !found {
        return None;
    }
    let mut items: Vec<usize> = (fill.0..fill.1).rev().collect();
    let mut at = node.unwrap_or(u32::MAX);
    while at != u32::MAX {
        let (j, parent) = arena[at as usize];
        items.push(j as usize);
        at = parent;
    }
    items.reverse();
    Some(items)
}
