//! The greedy baseline the benchmarks measure the exact optimum against.

use crate::model::{Candidate, Constraints, Solution, Status};
use crate::ratio_desc;

/// The greedy baseline: locked creators, then the best value per cost that still fits, up to
/// the maximum count. It ignores the minimums; its status carries the Dantzig LP bound.
pub fn greedy(cands: &[Candidate], cons: &Constraints) -> Solution {
    let mut chosen = Vec::new();
    let mut spent: i128 = 0;
    let mut value: u64 = 0;
    for c in cands.iter().filter(|c| c.locked) {
        chosen.push(c.key);
        spent += i128::from(c.cost);
        value = value.saturating_add(c.value);
    }
    let mut order: Vec<&Candidate> = cands
        .iter()
        .filter(|c| {
            !c.locked
                && c.value > 0
                && c.cost >= 0
                && cons.max_cost_each.is_none_or(|m| c.cost <= m)
        })
        .collect();
    order.sort_by(|a, b| {
        ratio_desc(
            i128::from(a.value),
            i128::from(a.cost),
            i128::from(b.value),
            i128::from(b.cost),
        )
        .then(a.key.cmp(&b.key))
    });
    let budget = i128::from(cons.budget);
    // Dantzig bound of the budget relaxation: whole creators until the first that does not fit.
    let mut lp = i128::from(value);
    let mut room = budget - spent;
    for c in &order {
        let (cost, val) = (i128::from(c.cost), i128::from(c.value));
        if cost <= room {
            lp += val;
            room -= cost;
        } else {
            lp += room.max(0) * val / cost;
            break;
        }
    }
    let max_count = cons.max_creators.map_or(u64::MAX, u64::from);
    let mut count = chosen.len() as u64;
    for c in order {
        if count >= max_count {
            break;
        }
        if spent + i128::from(c.cost) <= budget {
            spent += i128::from(c.cost);
            value = value.saturating_add(c.value);
            chosen.push(c.key);
            count += 1;
        }
    }
    chosen.sort_unstable();
    let upper = u64::try_from(lp.max(i128::from(value))).unwrap_or(u64::MAX);
    Solution {
        chosen,
        cost: i64::try_from(spent).unwrap_or(i64::MAX),
        value,
        status: Status::Bounded { upper_bound: upper },
        nodes: 0,
    }
}
