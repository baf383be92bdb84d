//! Stage 1, presolve: locked creators applied, creators that cannot or need not be chosen
//! dropped, minimums gathered into groups, and plain infeasibility found with a reason the
//! user can act on (which limit, by how much).

use crate::error::{Infeasible, InvalidInput, Minimum, OptimizeError, cents};
use crate::model::{Candidate, Constraints};

/// Largest value of one candidate; keeps every product in the bounds inside `i128`.
pub(crate) const VALUE_LIMIT: u64 = 1 << 60;
/// Largest total value of all candidates.
pub(crate) const TOTAL_VALUE_LIMIT: u128 = 1 << 62;

/// An unlocked creator that can still be chosen.
#[derive(Debug, Clone)]
pub(crate) struct Free {
    pub(crate) cand: usize,
    pub(crate) key: u32,
    pub(crate) cost: i64,
    pub(crate) value: u64,
    pub(crate) tier: u8,
    /// Constrained groups this creator counts towards, ascending.
    pub(crate) groups: Vec<u32>,
}

/// One minimum (tier or niche), counted over chosen creators.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The tier or niche, as the caller named it.
    pub(crate) id: Minimum,
    pub(crate) required: u32,
    pub(crate) from_locked: u32,
}

impl Group {
    pub(crate) fn deficit(&self) -> u32 {
        self.required.saturating_sub(self.from_locked)
    }
}

/// The problem after locks and eligibility: what remains to decide.
pub(crate) struct Problem {
    pub(crate) free: Vec<Free>,
    pub(crate) locked: Vec<usize>,
    pub(crate) locked_value: u64,
    pub(crate) locked_cost: i128,
    /// Budget left after locked creators.
    pub(crate) budget: i64,
    pub(crate) kmax: Option<u32>,
    pub(crate) kmin: u32,
    pub(crate) groups: Vec<Group>,
    /// Groups `0..n_tier` are tiers (disjoint), the rest niches.
    pub(crate) n_tier: usize,
}

#[cfg(test)]
impl Free {
    /// Creator `k` (its index and key) with a fee, a value and groups, of tier 0.
    pub(crate) fn for_test(k: usize, cost: i64, value: u64, groups: Vec<u32>) -> Free {
        Free {
            cand: k,
            key: k as u32,
            cost,
            value,
            tier: 0,
            groups,
        }
    }
}

#[cfg(test)]
impl Problem {
    /// A problem over `free` with nothing locked, no budget, and no limits or minimums: tests
    /// set what they need.
    pub(crate) fn with_free(free: Vec<Free>) -> Problem {
        Problem {
            free,
            locked: Vec::new(),
            locked_value: 0,
            locked_cost: 0,
            budget: 0,
            kmax: None,
            kmin: 0,
            groups: Vec::new(),
            n_tier: 0,
        }
    }
}

pub(crate) fn prepare(cands: &[Candidate], cons: &Constraints) -> Result<Problem, OptimizeError> {
    let mut total: u128 = 0;
    for c in cands {
        if c.cost < 0 {
            return Err(OptimizeError::InvalidInput(InvalidInput::NegativeFee {
                key: c.key,
            }));
        }
        if c.value > VALUE_LIMIT {
            return Err(OptimizeError::InvalidInput(InvalidInput::ValueTooLarge {
                key: c.key,
            }));
        }
        total += u128::from(c.value);
    }
    if total > TOTAL_VALUE_LIMIT {
        return Err(OptimizeError::InvalidInput(
            InvalidInput::TotalValueTooLarge,
        ));
    }
    if let (Some(lo), Some(hi)) = (cons.min_creators, cons.max_creators)
        && lo > hi
    {
        return Err(OptimizeError::Infeasible(Infeasible::CountRange {
            min: lo,
            max: hi,
        }));
    }

    // Groups: tiers first (disjoint), then niches; duplicates keep the largest requirement.
    let mut groups: Vec<Group> = Vec::new();
    let mut tier_group = [u32::MAX; 256];
    let mut tiers: Vec<(u8, u32)> = cons
        .min_per_tier
        .iter()
        .copied()
        .filter(|t| t.1 > 0)
        .collect();
    tiers.sort_unstable();
    for (tier, k) in tiers {
        let g = tier_group[usize::from(tier)];
        if g == u32::MAX {
            tier_group[usize::from(tier)] = groups.len() as u32;
            groups.push(Group {
                id: Minimum::Tier(tier),
                required: k,
                from_locked: 0,
            });
        } else {
            let grp = &mut groups[g as usize];
            grp.required = grp.required.max(k);
        }
    }
    let n_tier = groups.len();
    let mut niches: Vec<(u16, u32)> = cons
        .min_per_niche
        .iter()
        .copied()
        .filter(|t| t.1 > 0)
        .collect();
    niches.sort_unstable();
    let mut niche_ids: Vec<(u16, u32)> = Vec::new();
    for (niche, k) in niches {
        if let Some(last) = niche_ids.last()
            && last.0 == niche
        {
            let grp = &mut groups[last.1 as usize];
            grp.required = grp.required.max(k);
            continue;
        }
        niche_ids.push((niche, groups.len() as u32));
        groups.push(Group {
            id: Minimum::Niche(niche),
            required: k,
            from_locked: 0,
        });
    }
    let groups_of = |c: &Candidate| -> Vec<u32> {
        let mut gs = Vec::new();
        let tg = tier_group[usize::from(c.tier)];
        if tg != u32::MAX {
            gs.push(tg);
        }
        for n in &c.niches {
            if let Ok(i) = niche_ids.binary_search_by(|e| e.0.cmp(n)) {
                gs.push(niche_ids[i].1);
            }
        }
        gs.sort_unstable();
        gs.dedup();
        gs
    };

    let mut locked = Vec::new();
    let mut locked_cost: i128 = 0;
    let mut locked_value: u64 = 0;
    for (i, c) in cands.iter().enumerate().filter(|(_, c)| c.locked) {
        locked.push(i);
        locked_cost += i128::from(c.cost);
        locked_value += c.value;
        for g in groups_of(c) {
            groups[g as usize].from_locked += 1;
        }
    }
    let budget128 = i128::from(cons.budget);
    if locked_cost > budget128 {
        return Err(OptimizeError::Infeasible(if locked.is_empty() {
            Infeasible::NegativeBudget {
                budget: cons.budget,
            }
        } else {
            Infeasible::LockedOverBudget {
                locked: u32::try_from(locked.len()).unwrap_or(u32::MAX),
                cost: cents(locked_cost),
                budget: cons.budget,
            }
        }));
    }
    // Fits in i64: 0 <= budget - locked_cost <= budget.
    let budget = i64::try_from(budget128 - locked_cost).unwrap_or(i64::MAX);
    let n_locked = u32::try_from(locked.len()).unwrap_or(u32::MAX);
    if let Some(hi) = cons.max_creators
        && n_locked > hi
    {
        return Err(OptimizeError::Infeasible(Infeasible::LockedOverMax {
            locked: n_locked,
            max: hi,
        }));
    }
    let kmax = cons.max_creators.map(|hi| hi - n_locked);
    let kmin = cons.min_creators.unwrap_or(0).saturating_sub(n_locked);
    let cap = cons.max_cost_each.unwrap_or(i64::MAX).min(budget);
    let deficits: Vec<u32> = groups.iter().map(Group::deficit).collect();

    let mut free: Vec<Free> = Vec::new();
    if kmax != Some(0) {
        for (i, c) in cands.iter().enumerate() {
            if c.locked || c.cost > cap {
                continue;
            }
            let gs = groups_of(c);
            let useful = c.value > 0 || kmin > 0 || gs.iter().any(|&g| deficits[g as usize] > 0);
            if !useful {
                continue;
            }
            free.push(Free {
                cand: i,
                key: c.key,
                cost: c.cost,
                value: c.value,
                tier: c.tier,
                groups: gs,
            });
        }
    }
    // Canonical order, so every later step depends on the set of candidates only.
    free.sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then(a.cost.cmp(&b.cost))
            .then(a.value.cmp(&b.value))
            .then(a.tier.cmp(&b.tier))
            .then_with(|| cands[a.cand].niches.cmp(&cands[b.cand].niches))
    });

    // Plain infeasibility, with a reason a user can act on.
    let n_locked64 = u64::from(n_locked);
    let cheapest = |filter: &dyn Fn(&Free) -> bool, k: u32| -> i128 {
        let mut costs: Vec<i64> = free.iter().filter(|f| filter(f)).map(|f| f.cost).collect();
        let k = (k as usize).min(costs.len());
        if k == 0 {
            return 0;
        }
        costs.select_nth_unstable(k - 1);
        costs[..k].iter().map(|&c| i128::from(c)).sum()
    };
    if kmin > 0 {
        let need = cons.min_creators.unwrap_or(0);
        if free.is_empty() {
            return Err(OptimizeError::Infeasible(Infeasible::NoneFit {
                locked: n_locked,
                required: need,
            }));
        }
        if (free.len() as u64) < u64::from(kmin) {
            return Err(OptimizeError::Infeasible(Infeasible::TooFewFit {
                fit: free.len() as u64 + n_locked64,
                required: need,
            }));
        }
        let cost = cheapest(&|_| true, kmin);
        if cost > i128::from(budget) {
            return Err(OptimizeError::Infeasible(Infeasible::CountOverBudget {
                count: kmin,
                cost: cents(cost),
                left: budget,
            }));
        }
    }
    let mut tier_need: u64 = 0;
    for (g, grp) in groups.iter().enumerate() {
        let d = grp.deficit();
        if d == 0 {
            continue;
        }
        let g32 = g as u32;
        let avail = free.iter().filter(|f| f.groups.contains(&g32)).count() as u64;
        if avail < u64::from(d) {
            return Err(OptimizeError::Infeasible(Infeasible::TooFewInGroup {
                minimum: grp.id,
                fit: avail + u64::from(grp.from_locked),
                required: grp.required,
            }));
        }
        let cost = cheapest(&|f: &Free| f.groups.contains(&g32), d);
        if cost > i128::from(budget) {
            return Err(OptimizeError::Infeasible(Infeasible::GroupOverBudget {
                minimum: grp.id,
                count: d,
                cost: cents(cost),
                left: budget,
            }));
        }
        if let Some(hi) = kmax
            && d > hi
        {
            return Err(OptimizeError::Infeasible(Infeasible::GroupOverMax {
                minimum: grp.id,
                required: grp.required,
                max: cons.max_creators.unwrap_or(0),
            }));
        }
        if g < n_tier {
            tier_need += u64::from(d);
        }
    }
    if let Some(hi) = kmax
        && tier_need > u64::from(hi)
    {
        return Err(OptimizeError::Infeasible(Infeasible::TiersOverMax {
            need: tier_need,
            max: cons.max_creators.unwrap_or(0),
        }));
    }
    Ok(Problem {
        free,
        locked,
        locked_value,
        locked_cost,
        budget,
        kmax,
        kmin,
        groups,
        n_tier,
    })
}

#[cfg(test)]
mod tests {
    use crate::tests::{budget, solve, synthetic_candidates};
    use crate::*;

    #[test]
    fn budget_below_every_fee_gives_empty_plan_or_clear_error() {
        let cands = synthetic_candidates(50, 1);
        let sol = solve(&cands, &budget(100)).expect("empty plan is feasible");
        assert!(sol.chosen.is_empty());
        assert_eq!(sol.status, Status::Optimal);
        let cons = Constraints {
            min_creators: Some(1),
            ..budget(100)
        };
        assert_eq!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(Infeasible::NoneFit {
                locked: 0,
                required: 1
            }))
        );
    }

    #[test]
    fn locked_creators_over_budget_is_a_clear_error() {
        let mut cands = synthetic_candidates(10, 4);
        cands[0].cost = 150_000;
        cands[0].locked = true;
        cands[1].cost = 100_050;
        cands[1].locked = true;
        assert_eq!(
            solve(&cands, &budget(200_000)),
            Err(OptimizeError::Infeasible(Infeasible::LockedOverBudget {
                locked: 2,
                cost: 250_050,
                budget: 200_000
            }))
        );
    }

    #[test]
    fn infeasible_minimums_say_why() {
        let cands = synthetic_candidates(300, 6);
        let megas = cands.iter().filter(|c| c.tier == 3).count();
        let cons = Constraints {
            min_per_tier: vec![(3, megas as u32 + 1)],
            ..budget(i64::MAX / 4)
        };
        assert_eq!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(Infeasible::TooFewInGroup {
                minimum: Minimum::Tier(3),
                fit: megas as u64,
                required: megas as u32 + 1
            }))
        );
        let cons = Constraints {
            min_per_niche: vec![(5, 2)],
            ..budget(1_000)
        };
        match solve(&cands, &cons) {
            Err(OptimizeError::Infeasible(
                Infeasible::TooFewInGroup { minimum, .. }
                | Infeasible::GroupOverBudget { minimum, .. },
            )) => assert_eq!(minimum, Minimum::Niche(5)),
            other => panic!("expected infeasible, got {other:?}"),
        }
        let cons = Constraints {
            min_creators: Some(5),
            max_creators: Some(3),
            ..budget(1_000_000)
        };
        assert_eq!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(Infeasible::CountRange {
                min: 5,
                max: 3
            }))
        );
        let cons = Constraints {
            min_creators: Some(400),
            ..budget(i64::MAX / 4)
        };
        assert_eq!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(Infeasible::TooFewFit {
                fit: 300,
                required: 400
            }))
        );
    }

    #[test]
    fn amounts_are_whole_cents_for_the_caller_to_format() {
        let cands = synthetic_candidates(10, 4);
        assert_eq!(
            solve(&cands, &budget(-5)),
            Err(OptimizeError::Infeasible(Infeasible::NegativeBudget {
                budget: -5
            }))
        );
        let cons = Constraints {
            min_creators: Some(3),
            ..budget(1_000)
        };
        let mut cheap = cands.clone();
        for (c, cents) in cheap.iter_mut().zip([450, 600, 700, 900]) {
            c.cost = cents;
        }
        for c in cheap.iter_mut().skip(4) {
            c.cost = 2_000;
        }
        assert_eq!(
            solve(&cheap, &cons),
            Err(OptimizeError::Infeasible(Infeasible::CountOverBudget {
                count: 3,
                cost: 1_750,
                left: 1_000
            }))
        );
    }
}
