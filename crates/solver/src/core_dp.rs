//! Stage 5 with the budget alone: a minknap-style core dynamic programme from the break item.

use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::Instant;

use crate::error::OptimizeError;
use crate::search::Search;

/// Outcome of the core dynamic program.
pub(crate) enum CoreDp {
    /// Proven: the best plan over the core (positions into the core list), `None` if no plan
    /// beats the incumbent.
    Solved(Option<Vec<usize>>),
    /// Too many states; the best plan seen (if it beats the incumbent) and no proof.
    GaveUp(Option<Vec<usize>>),
}

/// Largest number of live states and of stored decisions before the dynamic program gives up.
pub(crate) const DP_STATE_LIMIT: usize = 1 << 20;
pub(crate) const DP_ARENA_LIMIT: usize = 1 << 24;

/// Exact core solver for a plain knapsack (no count or group limits), in the spirit of Pisinger's
/// minknap: start from the LP solution, consider flips in increasing order of their LP penalty,
/// keep only undominated (cost, value) states whose break-ratio bound beats the incumbent.
/// Every state is a complete plan (unflipped creators keep their LP value), so the incumbent
/// improves as it goes, and the first flip whose penalty alone exceeds the gap ends the search.
pub(crate) fn core_dp(
    s: &Search,
    budget: i64,
    base_value: i128,
    best: &mut i128,
    cancel: &AtomicBool,
    deadline: Option<Instant>,
) -> Result<CoreDp, OptimizeError> {
    let n = s.npos;
    let cap = i128::from(budget);
    // Break position in the core: whole creators before it fit.
    let m = s.pc[..=n].partition_point(|&x| x <= cap) - 1;
    if m >= n {
        // The LP solution is whole: take every creator with positive value.
        let v = base_value + s.pp[n];
        if v > *best {
            *best = v;
            return Ok(CoreDp::Solved(Some((0..n).collect())));
        }
        return Ok(CoreDp::Solved(None));
    }
    // State: (cost, value, decision node). Sorted by cost, value strictly increasing.
    let mut states: Vec<(i128, i128, u32)> = vec![(s.pc[m], base_value + s.pp[m], u32::MAX)];
    let mut arena: Vec<(u32, u32)> = Vec::new();
    let mut best_node: Option<u32> = None;
    let mut best_found = false;
    // Bound of a plan whose still-open creators lie at or before `sn` (to remove) and at or
    // after `tn` (to add): over budget it must shed weight at ratio >= r_sn, under budget it
    // can fill at ratio <= r_tn.
    let beats = |w: i128, v: i128, sn: Option<usize>, tn: Option<usize>, best: i128| -> bool {
        if w > cap {
            sn.is_some_and(|k| {
                let (p, c) = (i128::from(s.profit[k]), i128::from(s.cost[k]));
                v * c - (w - cap) * p >= (best + 1) * c
            })
        } else {
            v > best
                || tn.is_some_and(|k| {
                    let (p, c) = (i128::from(s.profit[k]), i128::from(s.cost[k]));
                    v * c + (cap - w) * p >= (best + 1) * c
                })
        }
    };
    let mut shifted: Vec<(i128, i128, u32)> = Vec::new();
    let mut merged: Vec<(i128, i128, u32)> = Vec::new();
    let finish = |arena: &[(u32, u32)], node: Option<u32>, found: bool| -> Option<Vec<usize>> {
        if !found {
            return None;
        }
        let mut flipped = vec![false; n];
        let mut at = node.unwrap_or(u32::MAX);
        while at != u32::MAX {
            let (j, parent) = arena[at as usize];
            flipped[j as usize] = true;
            at = parent;
        }
        Some((0..n).filter(|&j| (j < m) != flipped[j]).collect())
    };
    // The LP prefix itself is a plan.
    if states[0].1 > *best && states[0].0 <= cap {
        *best = states[0].1;
        best_found = true;
    }
    // Open creators: before the break at or below `s_next`, from the break on at `t_next`.
    let mut s_next: Option<usize> = m.checked_sub(1);
    let mut t_next: Option<usize> = Some(m);
    let mut step = 0usize;
    while !states.is_empty() {
        let j = match (s_next, t_next) {
            (None, None) => break,
            (Some(k), None) => k,
            (None, Some(k)) => k,
            (Some(a), Some(b)) => {
                if step.is_multiple_of(2) {
                    b
                } else {
                    a
                }
            }
        };
        if j < m {
            s_next = j.checked_sub(1);
        } else {
            t_next = if j + 1 < n { Some(j + 1) } else { None };
        }
        step += 1;
        if step.is_multiple_of(64) {
            if cancel.load(AtomicOrdering::Relaxed) {
                return Err(OptimizeError::Cancelled);
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(CoreDp::GaveUp(finish(&arena, best_node, best_found)));
            }
        }
        let (dc, dv) = if j < m {
            (-i128::from(s.cost[j]), -i128::from(s.profit[j]))
        } else {
            (i128::from(s.cost[j]), i128::from(s.profit[j]))
        };
        shifted.clear();
        for &(w, v, node) in &states {
            let (w2, v2) = (w + dc, v + dv);
            if beats(w2, v2, s_next, t_next, *best) {
                shifted.push((w2, v2, node));
            }
        }
        // Merge by cost, dropping dominated and hopeless states; new states get a decision node.
        merged.clear();
        let (mut a, mut b) = (0usize, 0usize);
        while a < states.len() || b < shifted.len() {
            let take_old = b >= shifted.len()
                || (a < states.len()
                    && (states[a].0 < shifted[b].0
                        || (states[a].0 == shifted[b].0 && states[a].1 >= shifted[b].1)));
            let mut st = if take_old {
                a += 1;
                states[a - 1]
            } else {
                b += 1;
                shifted[b - 1]
            };
            if merged.last().is_some_and(|l| l.1 >= st.1)
                || !beats(st.0, st.1, s_next, t_next, *best)
            {
                continue;
            }
            if !take_old {
                if arena.len() >= DP_ARENA_LIMIT {
                    return Ok(CoreDp::GaveUp(finish(&arena, best_node, best_found)));
                }
                arena.push((j as u32, st.2));
                st.2 = (arena.len() - 1) as u32;
            }
            if st.0 <= cap && st.1 > *best {
                *best = st.1;
                best_node = Some(st.2);
                best_found = true;
            }
            merged.push(st);
        }
        std::mem::swap(&mut states, &mut merged);
        if states.len() > DP_STATE_LIMIT {
            return Ok(CoreDp::GaveUp(finish(&arena, best_node, best_found)));
        }
    }
    Ok(CoreDp::Solved(finish(&arena, best_node, best_found)))
}
