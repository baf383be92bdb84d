//! Exact budget optimizer: which creators to book so the campaign gets the most value for its
//! budget, with count, tier and niche minimums.
//!
//! It is a 0/1 knapsack with side constraints. Budgets reach 1e8 cents, so a dynamic program over
//! money is out, and a general MIP solver needs tens of seconds on ten thousand creators. This is a
//! specialised branch and bound instead:
//!
//! 1. Locked creators are applied first; unaffordable or over-the-cap creators are dropped, and
//!    creators with no value are dropped unless a minimum could need them.
//! 2. A feasible starting plan comes from a greedy pass (value per cost), repaired to meet the
//!    minimums when there are any.
//! 3. The count limits and the tier/niche minimums are moved into the objective by Lagrangian
//!    multipliers (one for the count, one per minimum): a bisection on the count alone, or with
//!    minimums an exact coordinate descent on the LP dual (each multiplier, the count's too,
//!    moved to its exact minimiser, with pattern moves). With multipliers fixed, every bound
//!    below is the Dantzig LP bound of a plain knapsack over adjusted profits, valid for any
//!    multipliers of the right sign.
//! 4. Reduction: every creator whose flip (in or out of the LP solution) cannot beat the starting
//!    plan is fixed, using the exact LP bound with that creator forced (prefix sums and a binary
//!    search). On realistic rosters this fixes all but a thin core around the break item.
//! 5. The core is solved exactly by one of: `core_dp` (budget only: a minknap-style dynamic
//!    programme from the break item); `group_dp` (minimums or count limits: a dynamic
//!    programme whose state carries the deficit of every unmet minimum and the count, run
//!    against falling guessed thresholds so the reduction fixes more creators); and, should the
//!    group DP outgrow its limits, a depth-first branch and bound ordered by adjusted profit
//!    per cost, with an O(log n) LP bound per node, feasibility checks for the minimums
//!    (cheapest possible completion), and symmetry breaking for interchangeable creators.
//!
//! Ties: the optimizer maximises value and only ever replaces its incumbent by a strictly better
//! plan, so among equally valuable plans it returns the first found in its canonical search order,
//! which depends only on the set of candidates (never on their input order). Among interchangeable
//! creators (same fee, value, tier and niches) the lower keys are chosen, and chosen creators with
//! no value are removed when no minimum needs them.

use std::cmp::Ordering;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::time::{Duration, Instant};

/// One creator the optimizer may choose, reduced to the numbers the optimizer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Roster index; ties between interchangeable creators go to the lower key.
    pub key: u32,
    /// Total fee for this creator's deliverables, in cents (>= 0).
    pub cost: i64,
    /// Objective contribution (expected engagements or reach).
    pub value: u64,
    /// Tier id (small integer), 255 = unranked.
    pub tier: u8,
    /// Niche ids; a creator may have several, or none.
    pub niches: Vec<u16>,
    /// Must be in the plan (already contacted etc.); its fee counts against the budget.
    pub locked: bool,
}

/// The campaign's limits; the optimizer never returns a plan that breaks one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// Total budget in cents.
    pub budget: i64,
    /// At least this many creators (locked ones count).
    pub min_creators: Option<u32>,
    /// At most this many creators (locked ones count).
    pub max_creators: Option<u32>,
    /// Fee cap for one creator in cents; unlocked creators above it are excluded.
    pub max_cost_each: Option<i64>,
    /// At least K chosen creators of this tier.
    pub min_per_tier: Vec<(u8, u32)>,
    /// At least K chosen creators having this niche.
    pub min_per_niche: Vec<(u16, u32)>,
    /// Stop early and return the best plan found with a proven bound.
    pub time_limit: Option<Duration>,
}

/// Whether the returned plan is proven best, so the caller can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No plan has a higher value.
    Optimal,
    /// Stopped early (time limit): best found and a proven upper bound on the objective.
    Bounded { upper_bound: u64 },
}

/// The chosen creators and their totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Keys of the chosen creators, ascending.
    pub chosen: Vec<u32>,
    /// Sum of the chosen fees, in cents.
    pub cost: i64,
    /// Sum of the chosen values.
    pub value: u64,
    /// Proven optimal, or stopped early with a bound.
    pub status: Status,
    /// Branch-and-bound nodes explored, for benchmarks and progress displays.
    pub nodes: u64,
}

/// Why no plan came back. The solver knows no currency or names: amounts are written as
/// [`AMOUNT_MARK`] and whole cents (`¤250050`), tiers and niches as `tier-N` and `niche-N`;
/// `proposal::explain` writes them in the plan's currency and the roster's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptimizeError {
    /// No plan meets every constraint; the text says which constraint fails.
    Infeasible(String),
    /// The caller set the cancel flag.
    Cancelled,
    /// The time limit passed before any plan meeting the minimums was found.
    TimedOut,
    /// Input outside what the optimizer handles exactly (negative fee, astronomically large value).
    InvalidInput(String),
}

impl fmt::Display for OptimizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptimizeError::Infeasible(why) => write!(f, "no feasible plan: {why}"),
            OptimizeError::Cancelled => write!(f, "optimization cancelled"),
            OptimizeError::TimedOut => {
                write!(f, "time limit reached before any plan met the minimums")
            }
            OptimizeError::InvalidInput(why) => write!(f, "invalid optimizer input: {why}"),
        }
    }
}

impl std::error::Error for OptimizeError {}

/// A progress report, so a UI can show the search closing in on the optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Nodes explored so far.
    pub nodes: u64,
    /// Value of the best plan found so far (0 if none yet).
    pub best_value: u64,
    /// Proven upper bound on the optimum.
    pub upper_bound: u64,
}

/// Largest value of one candidate; keeps every product in the bounds inside `i128`.
const VALUE_LIMIT: u64 = 1 << 60;
/// Largest total value of all candidates.
const TOTAL_VALUE_LIMIT: u128 = 1 << 62;
/// Largest magnitude of a Lagrangian multiplier (count multiplier, or sum of group multipliers).
const MULT_LIMIT: f64 = (1u64 << 59) as f64;
/// Nodes between checks of the cancel flag and the clock.
const CHECK_EVERY: u64 = 1 << 10;
/// Nodes between progress reports.
const PROGRESS_EVERY: u64 = 1 << 14;

/// Marks an amount in a failure message: the mark, then whole cents (`¤250050`), for the
/// caller to write in the plan's currency.
pub const AMOUNT_MARK: char = '¤';

/// An amount of cents in a failure message, marked for the caller to format.
fn money(cents: i128) -> String {
    format!("{AMOUNT_MARK}{cents}")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `pa/ca` against `pb/cb` for non-negative costs, larger ratio first (zero cost = infinite).
fn ratio_desc(pa: i128, ca: i128, pb: i128, cb: i128) -> Ordering {
    (pb * ca).cmp(&(pa * cb))
}

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

/// An unlocked creator that can still be chosen.
#[derive(Debug, Clone)]
struct Free {
    cand: usize,
    key: u32,
    cost: i64,
    value: u64,
    tier: u8,
    /// Constrained groups this creator counts towards, ascending.
    groups: Vec<u32>,
}

/// One minimum (tier or niche), counted over chosen creators.
#[derive(Debug, Clone)]
struct Group {
    label: String,
    required: u32,
    from_locked: u32,
}

impl Group {
    fn deficit(&self) -> u32 {
        self.required.saturating_sub(self.from_locked)
    }
}

/// The problem after locks and eligibility: what remains to decide.
struct Problem {
    free: Vec<Free>,
    locked: Vec<usize>,
    locked_value: u64,
    locked_cost: i128,
    /// Budget left after locked creators.
    budget: i64,
    kmax: Option<u32>,
    kmin: u32,
    groups: Vec<Group>,
    /// Groups `0..n_tier` are tiers (disjoint), the rest niches.
    n_tier: usize,
}

fn prepare(cands: &[Candidate], cons: &Constraints) -> Result<Problem, OptimizeError> {
    let mut total: u128 = 0;
    for c in cands {
        if c.cost < 0 {
            return Err(OptimizeError::InvalidInput(format!(
                "creator {} has a negative fee",
                c.key
            )));
        }
        if c.value > VALUE_LIMIT {
            return Err(OptimizeError::InvalidInput(format!(
                "creator {} has a value too large to optimise exactly",
                c.key
            )));
        }
        total += u128::from(c.value);
    }
    if total > TOTAL_VALUE_LIMIT {
        return Err(OptimizeError::InvalidInput(
            "total value too large to optimise exactly".into(),
        ));
    }
    if let (Some(lo), Some(hi)) = (cons.min_creators, cons.max_creators)
        && lo > hi
    {
        return Err(OptimizeError::Infeasible(format!(
            "at least {lo} and at most {hi} creators cannot both hold"
        )));
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
            let label = if tier == 255 {
                "unranked creators".to_string()
            } else {
                format!("tier-{tier} creators")
            };
            groups.push(Group {
                label,
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
            label: format!("niche-{niche} creators"),
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
            format!("the budget of {} is negative", money(budget128))
        } else {
            format!(
                "{} already cost {}, over the budget of {}",
                plural(locked.len() as u64, "locked creator", "locked creators"),
                money(locked_cost),
                money(budget128)
            )
        }));
    }
    // Fits in i64: 0 <= budget - locked_cost <= budget.
    let budget = i64::try_from(budget128 - locked_cost).unwrap_or(i64::MAX);
    let n_locked = u32::try_from(locked.len()).unwrap_or(u32::MAX);
    if let Some(hi) = cons.max_creators
        && n_locked > hi
    {
        return Err(OptimizeError::Infeasible(format!(
            "{} locked, more than the maximum of {hi}",
            plural(u64::from(n_locked), "creator is", "creators are")
        )));
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
        let need = u64::from(cons.min_creators.unwrap_or(0));
        if free.is_empty() {
            return Err(OptimizeError::Infeasible(if locked.is_empty() {
                "no creator fits the budget".to_string()
            } else {
                format!(
                    "no creator fits the budget beside the locked ones, {need} creators required"
                )
            }));
        }
        if (free.len() as u64) < u64::from(kmin) {
            return Err(OptimizeError::Infeasible(format!(
                "only {} fit the budget, {need} required",
                plural(free.len() as u64 + n_locked64, "creator", "creators")
            )));
        }
        let cost = cheapest(&|_| true, kmin);
        if cost > i128::from(budget) {
            return Err(OptimizeError::Infeasible(format!(
                "the {} cheapest creators cost {}, over the {} left in the budget",
                kmin,
                money(cost),
                money(i128::from(budget))
            )));
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
            return Err(OptimizeError::Infeasible(format!(
                "only {} {} fit, {} required",
                avail + u64::from(grp.from_locked),
                grp.label,
                grp.required
            )));
        }
        let cost = cheapest(&|f: &Free| f.groups.contains(&g32), d);
        if cost > i128::from(budget) {
            return Err(OptimizeError::Infeasible(format!(
                "the {d} cheapest {} cost {}, over the {} left in the budget",
                grp.label,
                money(cost),
                money(i128::from(budget))
            )));
        }
        if let Some(hi) = kmax
            && d > hi
        {
            return Err(OptimizeError::Infeasible(format!(
                "{} {} are required, more than the maximum of {} creators",
                grp.required,
                grp.label,
                cons.max_creators.unwrap_or(0)
            )));
        }
        if g < n_tier {
            tier_need += u64::from(d);
        }
    }
    if let Some(hi) = kmax
        && tier_need > u64::from(hi)
    {
        return Err(OptimizeError::Infeasible(format!(
            "the tier minimums need {} more creators, over the maximum of {} creators",
            tier_need,
            cons.max_creators.unwrap_or(0)
        )));
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

/// A plan over `Problem::free` (indices), with its totals.
#[derive(Debug, Clone)]
struct Plan {
    items: Vec<usize>,
    value: u64,
}

fn plan_is_feasible(prob: &Problem, items: &[usize]) -> bool {
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
fn initial_plan(prob: &Problem) -> Option<Plan> {
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

    let mut best: Option<Plan> = None;
    for repair_order in [&by_ratio, &by_cost] {
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
        for &i in &by_cost {
            if items.len() >= prob.kmin as usize || items.len() >= kmax {
                break;
            }
            if !taken[i] && i128::from(prob.free[i].cost) <= left {
                take(i, &mut items, &mut left, &mut taken, &mut deficit);
            }
        }
        for &i in &by_ratio {
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

/// Lagrangian multipliers: `theta` on the count (>= 0 relaxes the maximum, < 0 the minimum) and
/// `mu[g] >= 0` on each group minimum. Any such values give a valid bound.
#[derive(Debug, Clone)]
struct Multipliers {
    theta: i64,
    mu: Vec<i64>,
}

/// Solves the knapsack LP over adjusted profits in floating point (only to steer the multipliers).
/// Returns the LP value, the number of creators in it and their count per group.
struct FloatLp<'a> {
    prob: &'a Problem,
    scratch: Vec<(f64, f64)>,
}

impl FloatLp<'_> {
    fn profit(&self, i: usize, theta: f64, mu: &[f64]) -> f64 {
        let f = &self.prob.free[i];
        f.value as f64 - theta + f.groups.iter().map(|&g| mu[g as usize]).sum::<f64>()
    }

    /// How many creators the LP relaxation takes with count multiplier `theta` (fractional
    /// at the break item): what the bisection on the count limit steers.
    fn count(&mut self, theta: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        self.scratch.clear();
        for i in 0..prob.free.len() {
            let p = self.profit(i, theta, mu);
            if p > 0.0 {
                let c = prob.free[i].cost as f64;
                self.scratch.push((p / c, c));
            }
        }
        // Weighted quickselect for the break ratio.
        let mut left = prob.budget as f64;
        let (mut lo, mut hi) = (0usize, self.scratch.len());
        let mut threshold = 0.0f64;
        let mut frac = 1.0f64;
        while lo < hi {
            let s = &mut self.scratch[lo..hi];
            let mid = s.len() / 2;
            let pivot = {
                let (a, b, c) = (s[0].0, s[mid].0, s[s.len() - 1].0);
                a.max(b.min(c)).min(b.max(c))
            };
            // Three-way partition: greater | equal | less.
            let (mut i, mut j, mut k) = (0usize, 0usize, s.len());
            while j < k {
                if s[j].0 > pivot {
                    s.swap(i, j);
                    i += 1;
                    j += 1;
                } else if s[j].0 < pivot {
                    k -= 1;
                    s.swap(j, k);
                } else {
                    j += 1;
                }
            }
            let cg: f64 = s[..i].iter().map(|e| e.1).sum();
            if cg > left {
                hi = lo + i;
                continue;
            }
            left -= cg;
            let ce: f64 = s[i..k].iter().map(|e| e.1).sum();
            if ce >= left {
                threshold = pivot;
                frac = if ce > 0.0 { left / ce } else { 1.0 };
                break;
            }
            left -= ce;
            lo += k;
        }
        let mut count = 0.0;
        for i in 0..prob.free.len() {
            let p = self.profit(i, theta, mu);
            if p <= 0.0 {
                continue;
            }
            let r = p / prob.free[i].cost as f64;
            if r > threshold {
                count += 1.0;
            } else if r == threshold {
                count += frac;
            }
        }
        count
    }
}

fn choose_multipliers(prob: &Problem) -> Multipliers {
    let ng = prob.groups.len();
    let max_deg = prob
        .free
        .iter()
        .map(|f| f.groups.len())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mu_cap = MULT_LIMIT / 2.0 / max_deg;
    let mut mu = vec![0.0; ng];
    let mut theta = 0.0f64;
    if prob.groups.iter().any(|g| g.deficit() > 0) {
        // Exact coordinate descent on the LP dual, count multiplier included.
        let mut members = vec![Vec::new(); ng];
        for (i, f) in prob.free.iter().enumerate() {
            for &g in &f.groups {
                members[g as usize].push(i);
            }
        }
        let mut dual = Dual {
            prob,
            theta,
            members,
            scratch: Vec::with_capacity(prob.free.len()),
            keys: Vec::new(),
        };
        dual.minimise(&mut mu, mu_cap);
        theta = dual.theta;
    } else {
        // Count multiplier alone: bisection on the LP count.
        let mut lp = FloatLp {
            prob,
            scratch: Vec::with_capacity(prob.free.len()),
        };
        let vmax = prob.free.iter().map(|f| f.value).max().unwrap_or(0) as f64 + 1.0;
        let count0 = lp.count(0.0, &mu);
        if let Some(k) = prob.kmax
            && count0 > f64::from(k) + 1e-9
        {
            let (mut lo, mut hi) = (0.0f64, vmax);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if lp.count(mid, &mu) > f64::from(k) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            theta = hi;
        } else if prob.kmin > 0 && count0 < f64::from(prob.kmin) - 1e-9 {
            let (mut lo, mut hi) = (-vmax * 1e6, 0.0f64);
            lo = lo.max(-MULT_LIMIT / 2.0);
            for _ in 0..80 {
                let mid = 0.5 * (lo + hi);
                if lp.count(mid, &mu) < f64::from(prob.kmin) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            theta = lo;
        }
    }
    let theta = theta.clamp(-MULT_LIMIT / 2.0, MULT_LIMIT / 2.0).round() as i64;
    let theta = if prob.kmax.is_none() {
        theta.min(0)
    } else {
        theta
    };
    let theta = if prob.kmin == 0 { theta.max(0) } else { theta };
    Multipliers {
        theta,
        mu: mu
            .iter()
            .map(|&m| m.clamp(0.0, mu_cap).floor() as i64)
            .collect(),
    }
}

/// The LP dual of the budget and the minimums, for fixed count multiplier `theta`:
/// `D(lambda, mu) = lambda * budget + sum_i max(0, p_i - lambda * c_i) - sum_g mu_g * d_g`, with
/// `p_i = v_i - theta + sum of mu over i's groups`. Convex and piecewise linear; its minimum over
/// `lambda, mu >= 0` is the LP relaxation's value, the best bound multipliers can give.
struct Dual<'a> {
    prob: &'a Problem,
    theta: f64,
    members: Vec<Vec<usize>>,
    scratch: Vec<(f64, f64)>,
    keys: Vec<f64>,
}

impl Dual<'_> {
    fn profit(&self, i: usize, mu: &[f64]) -> f64 {
        let f = &self.prob.free[i];
        f.value as f64 - self.theta + f.groups.iter().map(|&g| mu[g as usize]).sum::<f64>()
    }

    /// The exact minimiser in `lambda`: the break ratio of the knapsack LP (weighted median).
    fn lambda(&mut self, mu: &[f64]) -> f64 {
        self.scratch.clear();
        let mut left = self.prob.budget as f64;
        for i in 0..self.prob.free.len() {
            let p = self.profit(i, mu);
            if p <= 0.0 {
                continue;
            }
            let c = self.prob.free[i].cost as f64;
            if c <= 0.0 {
                continue;
            }
            self.scratch.push((p / c, c));
        }
        let (mut lo, mut hi) = (0usize, self.scratch.len());
        while lo < hi {
            let s = &mut self.scratch[lo..hi];
            let mid = s.len() / 2;
            s.select_nth_unstable_by(mid, |a, b| b.0.total_cmp(&a.0));
            let pivot = s[mid].0;
            let cg: f64 = s[..mid].iter().map(|e| e.1).sum();
            if cg > left {
                hi = lo + mid;
                continue;
            }
            if cg + s[mid].1 >= left {
                return pivot;
            }
            left -= cg + s[mid].1;
            lo += mid + 1;
        }
        0.0
    }

    fn value(&self, lambda: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        let mut v = lambda * prob.budget as f64;
        for i in 0..prob.free.len() {
            v += (self.profit(i, mu) - lambda * prob.free[i].cost as f64).max(0.0);
        }
        for (g, grp) in prob.groups.iter().enumerate() {
            v -= mu[g] * f64::from(grp.deficit());
        }
        v + self.theta * self.count_rhs(self.theta)
    }

    /// The count the multiplier `theta` relaxes: the maximum when >= 0, else the minimum.
    fn count_rhs(&self, theta: f64) -> f64 {
        if theta >= 0.0 {
            self.prob.kmax.map_or(0.0, f64::from)
        } else {
            f64::from(self.prob.kmin)
        }
    }

    /// The exact minimiser in `theta` for fixed `lambda` and `mu`: the k-th largest reduced
    /// profit (k the maximum count) when positive, else the k-th largest for the minimum count
    /// when negative, else zero.
    fn theta_step(&mut self, lambda: f64, mu: &[f64]) -> f64 {
        let prob = self.prob;
        self.keys.clear();
        for i in 0..prob.free.len() {
            let a = self.profit(i, mu) + self.theta - lambda * prob.free[i].cost as f64;
            self.keys.push(a);
        }
        let kth = |k: usize, keys: &mut Vec<f64>| -> Option<f64> {
            if k == 0 || k > keys.len() {
                return None;
            }
            keys.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
            Some(keys[k - 1])
        };
        if let Some(k) = prob.kmax
            && let Some(a) = kth(k as usize + 1, &mut self.keys)
            && a > 0.0
        {
            return a.min(MULT_LIMIT / 2.0);
        }
        if prob.kmin > 0
            && let Some(a) = kth(prob.kmin as usize, &mut self.keys)
            && a < 0.0
        {
            return a.max(-MULT_LIMIT / 2.0);
        }
        0.0
    }

    /// The exact minimiser in `mu_g` for fixed `lambda`: the d-th largest reduced profit of the
    /// group's creators (without `mu_g`) must reach zero.
    fn mu_g(&mut self, g: usize, lambda: f64, mu: &[f64], cap: f64) -> f64 {
        let d = self.prob.groups[g].deficit() as usize;
        if d == 0 || self.members[g].len() < d {
            return 0.0;
        }
        self.keys.clear();
        for &i in &self.members[g] {
            let a = self.profit(i, mu) - mu[g] - lambda * self.prob.free[i].cost as f64;
            self.keys.push(a);
        }
        self.keys
            .select_nth_unstable_by(d - 1, |a, b| b.total_cmp(a));
        (-self.keys[d - 1]).clamp(0.0, cap)
    }

    /// Block coordinate descent with exact line searches, and pattern moves along each sweep's
    /// displacement when a sweep alone stalls.
    fn minimise(&mut self, mu: &mut [f64], cap: f64) {
        let ng = mu.len();
        let counted = self.prob.kmax.is_some() || self.prob.kmin > 0;
        let mut lambda = self.lambda(mu);
        let mut cur = self.value(lambda, mu);
        for _ in 0..40 {
            let before = mu.to_vec();
            let theta_before = self.theta;
            let start = cur;
            if counted {
                self.theta = self.theta_step(lambda, mu);
                lambda = self.lambda(mu);
            }
            for g in 0..ng {
                if self.prob.groups[g].deficit() == 0 {
                    continue;
                }
                mu[g] = self.mu_g(g, lambda, mu, cap);
                lambda = self.lambda(mu);
            }
            cur = self.value(lambda, mu);
            // Pattern move: keep going the way the sweep went while the dual falls.
            let dir: Vec<f64> = mu.iter().zip(&before).map(|(a, b)| a - b).collect();
            let dtheta = self.theta - theta_before;
            let (theta_lo, theta_hi) = (
                if self.prob.kmin > 0 {
                    -MULT_LIMIT / 2.0
                } else {
                    0.0
                },
                if self.prob.kmax.is_some() {
                    MULT_LIMIT / 2.0
                } else {
                    0.0
                },
            );
            let mut step = 1.0;
            for _ in 0..8 {
                let trial: Vec<f64> = mu
                    .iter()
                    .zip(&dir)
                    .map(|(m, d)| (m + step * d).clamp(0.0, cap))
                    .collect();
                let old_theta = self.theta;
                self.theta = (old_theta + step * dtheta).clamp(theta_lo, theta_hi);
                let l = self.lambda(&trial);
                let v = self.value(l, &trial);
                if v < cur - 1e-9 * cur.abs().max(1.0) {
                    mu.copy_from_slice(&trial);
                    lambda = l;
                    cur = v;
                    step *= 2.0;
                } else {
                    self.theta = old_theta;
                    break;
                }
            }
            if cur >= start - 1e-9 * start.abs().max(1.0) {
                break;
            }
        }
    }
}

/// Result of the depth-first search.
enum SearchEnd {
    Done,
    TimeUp { upper_bound: i128 },
}

/// The branch-and-bound core: items sorted by adjusted profit per cost, with prefix sums.
struct Search {
    n: usize,
    cost: Vec<i64>,
    profit: Vec<i64>,
    value: Vec<u64>,
    gstart: Vec<usize>,
    gids: Vec<u32>,
    /// First position after the run of creators interchangeable with this one.
    next_distinct: Vec<usize>,
    pc: Vec<i128>,
    pp: Vec<i128>,
    /// Prefix sums of the (unadjusted) values over positions `< npos`.
    pv: Vec<i128>,
    /// Positions `< npos` have positive adjusted profit.
    npos: usize,
    /// Per group: creators of the group at positions `>= k`.
    suffix: Vec<Vec<u32>>,
    /// Per group: sums of the cheapest fees of the group (over all core creators).
    cheap_g: Vec<Vec<i128>>,
    cheap_all: Vec<i128>,
    n_tier: usize,
    kmax: u32,
    kmin: u32,
    /// Value of the locked creators, so plan values are whole-plan values.
    vbase: i128,
}

/// The mutable state of a search node.
struct NodeState {
    pos: usize,
    left: i64,
    count: u32,
    psum: i128,
    vsum: u64,
    deficit: Vec<i64>,
    unsatisfied: usize,
}

impl Search {
    fn groups_of(&self, i: usize) -> &[u32] {
        &self.gids[self.gstart[i]..self.gstart[i + 1]]
    }

    /// Dantzig bound of the adjusted profits over positions `>= pos` with `left` budget.
    fn lp(&self, pos: usize, left: i64) -> i128 {
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
    fn fill(&self, pos: usize, left: i64, max_items: usize) -> (usize, i128) {
        if pos >= self.npos {
            return (pos, 0);
        }
        let target = self.pc[pos] + i128::from(left);
        let m = pos + self.pc[pos..=self.npos].partition_point(|&x| x <= target) - 1;
        let m = m.min(pos.saturating_add(max_items));
        (m, self.pv[m] - self.pv[pos])
    }

    /// Whether the minimums can still be met from this node (cheap necessary conditions).
    fn can_complete(&self, st: &NodeState) -> bool {
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

    fn include(&self, st: &mut NodeState, i: usize) {
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

    fn exclude_again(&self, st: &mut NodeState, i: usize) {
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
    fn run(
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

fn build_search(
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
fn optimize_with(
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
    let mult = choose_multipliers(&prob);
    if cancel.load(AtomicOrdering::Relaxed) {
        return Err(OptimizeError::Cancelled);
    }

    // Adjusted profits and the constant of the Lagrangian bound.
    let nf = prob.free.len();
    let profit: Vec<i64> = prob
        .free
        .iter()
        .map(|f| {
            let extra: i64 = f.groups.iter().map(|&g| mult.mu[g as usize]).sum();
            // |value| < 2^60, |theta| <= 2^58, extra <= 2^58: no overflow.
            f.value as i64 - mult.theta + extra
        })
        .collect();
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

    let mut order: Vec<usize> = (0..nf).collect();
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

    // Every value below is a whole plan's value, locked creators included.
    let locked_value = i128::from(prob.locked_value);
    let mut best: i128 = incumbent
        .as_ref()
        .map_or(-1, |p| locked_value + i128::from(p.value));
    let mut best_plan: Option<Vec<usize>> = incumbent.map(|p| p.items);
    let kmax_all = prob.kmax.unwrap_or(u32::MAX);

    let full = build_search(&prob, &order, &profit, kmax_all, prob.kmin, locked_value);
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
            let (fixed_in, core) = reduce(&full, &order, base, threshold, prob.budget);
            let st = fixed_state(&prob, &fixed_in, &profit);
            let outcome = if st.left < 0 || st.count > kmax_all {
                GroupDp::Done(None)
            } else {
                let search = build_search(&prob, &core, &profit, kmax_all, 0, locked_value);
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
                        upper_bound: u64::try_from(proven_ub.max(best).max(0)).unwrap_or(u64::MAX),
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
            reduce(&full, &order, base, best, prob.budget)
        } else {
            (Vec::new(), order.clone())
        };
        let st = fixed_state(&prob, &fixed_in, &profit);
        let plain = prob.kmax.is_none() && prob.kmin == 0 && !minimums_left;
        if plain && st.left >= 0 {
            let search = build_search(&prob, &core, &profit, kmax_all, 0, locked_value);
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
            let search = build_search(&prob, &core, &profit, kmax_all, prob.kmin, locked_value);
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
    drop(full);

    let Some(mut items) = best_plan else {
        return match status {
            Status::Optimal => Err(OptimizeError::Infeasible(
                "no choice of creators meets every minimum within the budget".into(),
            )),
            Status::Bounded { .. } => Err(OptimizeError::TimedOut),
        };
    };
    drop_needless_zero_values(&prob, &mut items);
    Ok(finish(cands, &prob, &items, status, nodes))
}

/// Splits the creators (in `order`) into those fixed in, and the core still open, against a
/// threshold: a creator whose flip leaves the Lagrangian bound at or below it keeps its LP side
/// in every plan worth more than the threshold; creators never in such a plan are dropped.
fn reduce(
    full: &Search,
    order: &[usize],
    base: i128,
    threshold: i128,
    budget: i64,
) -> (Vec<usize>, Vec<usize>) {
    let mut fixed_in: Vec<usize> = Vec::new();
    let mut core: Vec<usize> = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        let with = lp_without(full, pos, budget - full.cost[pos])
            .map(|b| b + i128::from(full.profit[pos]));
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

/// The search state with the creators in `fixed_in` chosen.
fn fixed_state(prob: &Problem, fixed_in: &[usize], profit: &[i64]) -> NodeState {
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

/// Outcome of the group dynamic programme.
enum GroupDp {
    /// Finished: the best plan worth more than the threshold (core positions), if any.
    Done(Option<Vec<usize>>),
    /// The time limit passed; the best plan found above the threshold, if any.
    TimeUp(Option<Vec<usize>>),
    /// Too many states; nothing proven, the best plan found above the threshold, if any.
    GaveUp(Option<Vec<usize>>),
}

/// What the group dynamic programme works on.
struct GroupDpInput<'a> {
    /// The core, ordered by adjusted profit per cost, profits adjusted by `mu`.
    s: &'a Search,
    mu: &'a [i64],
    /// Deficit per group with the fixed creators chosen (<= 0: met).
    deficit: &'a [i64],
    /// Budget left with the fixed creators chosen.
    left: i64,
    /// Value of the locked and fixed creators.
    value0: i128,
    /// Only plans worth more than this are wanted.
    threshold: i128,
    /// Creators the core may still add (maximum count), if limited.
    count_cap: Option<u32>,
    /// Creators the core must still add (minimum count).
    count_need: u32,
    /// The count multiplier the adjusted profits were built with.
    theta: i64,
    /// A proven upper bound on the optimum, for progress reports.
    known_ub: i128,
}

/// Largest number of deficit combinations, live states and stored decisions of the group
/// dynamic programme before it gives up.
const GROUP_DP_BUCKETS: usize = 1 << 20;
const GROUP_DP_STATES: usize = 1 << 22;
const GROUP_DP_ARENA: usize = 1 << 25;

/// Storage of the group dynamic programme's buckets, by slot (slot 0 is unused).
struct Pools {
    cur: Vec<Vec<GState>>,
    next: Vec<Vec<GState>>,
    incoming: Vec<Vec<GState>>,
    sources: Vec<u8>,
    in_live: Vec<bool>,
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
    fn slot(&mut self, slot: &mut [u32], b: usize) -> usize {
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
struct Bucket {
    /// Multipliers of what is still missing (and the count multiplier's term), taken off the
    /// bound.
    pen: i128,
    /// A lower bound on the fees still needed to meet the minimums (`i128::MAX / 4`: never).
    min_cost: i128,
    /// Creators that may still be added.
    room: usize,
    /// Every minimum is met.
    feasible: bool,
}

/// One state of the group dynamic programme: cost and value of the core creators chosen so far.
#[derive(Clone, Copy)]
struct GState {
    w: i64,
    /// Whole-plan value so far; below 2^62 (checked in `prepare`), so it fits.
    v: i64,
    node: u32,
}

/// Exact solver for the minimums without count limits: a dynamic programme over the core in
/// order, whose state is the deficit left on every unmet minimum (so it counts nothing a minimum
/// no longer needs) besides cost and value. Per deficit vector only undominated (cost, value)
/// states are kept, and a state survives only while its Lagrangian bound (its value, plus the LP
/// bound of the adjusted profits still to come, less the multipliers of what is still missing)
/// beats the threshold and its minimums can still be met.
fn group_dp(
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
    fn note(
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
    fn stopped(
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
fn plan_of(
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

/// Outcome of the core dynamic program.
enum CoreDp {
    /// Proven: the best plan over the core (positions into the core list), `None` if no plan
    /// beats the incumbent.
    Solved(Option<Vec<usize>>),
    /// Too many states; the best plan seen (if it beats the incumbent) and no proof.
    GaveUp(Option<Vec<usize>>),
}

/// Largest number of live states and of stored decisions before the dynamic program gives up.
const DP_STATE_LIMIT: usize = 1 << 20;
const DP_ARENA_LIMIT: usize = 1 << 24;

/// Exact core solver for a plain knapsack (no count or group limits), in the spirit of Pisinger's
/// minknap: start from the LP solution, consider flips in increasing order of their LP penalty,
/// keep only undominated (cost, value) states whose break-ratio bound beats the incumbent.
/// Every state is a complete plan (unflipped creators keep their LP value), so the incumbent
/// improves as it goes, and the first flip whose penalty alone exceeds the gap ends the search.
fn core_dp(
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

/// LP bound over all core positions except `skip`, with `left` budget (`None` if negative).
fn lp_without(s: &Search, skip: usize, left: i64) -> Option<i128> {
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

/// Removes chosen creators with no value when no minimum needs them (cheaper, same value).
fn drop_needless_zero_values(prob: &Problem, items: &mut Vec<usize>) {
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

fn finish(
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

/// splitmix64: a tiny seeded generator, so test data is reproducible without a rand crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// A seeded, realistic instance for tests and benchmarks: mostly nano and micro creators,
/// engagement falling with size, fees per 1,000 followers by platform, a third with a round
/// "own rate". The same seed gives the same candidates on every machine.
pub fn synthetic_candidates(n: usize, seed: u64) -> Vec<Candidate> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let t = rng.unit();
            let (tier, lo, hi, elo, ehi) = if t < 0.6 {
                (0u8, 1e3, 1e4, 0.03, 0.10)
            } else if t < 0.9 {
                (1, 1e4, 1e5, 0.015, 0.05)
            } else if t < 0.99 {
                (2, 1e5, 1e6, 0.008, 0.03)
            } else {
                (3, 1e6, 2e7, 0.005, 0.02)
            };
            let followers = (rng.range(f64::ln(lo), f64::ln(hi))).exp();
            let engagement = rng.range(elo, ehi);
            let per_k = [2.5, 10.0, 10.0, 20.0][(rng.next() % 4) as usize];
            let adjust = 0.8 + 0.4 * rng.unit();
            let mut dollars = (followers / 1000.0 * per_k * adjust).round().max(5.0);
            if rng.next().is_multiple_of(3) {
                dollars = ((dollars * rng.range(0.6, 1.6)) / 50.0).round().max(1.0) * 50.0;
            }
            let mut niches = Vec::new();
            for _ in 0..(rng.next() % 3) {
                niches.push((rng.next() % 12) as u16);
            }
            Candidate {
                key: i as u32,
                cost: dollars as i64 * 100,
                value: (followers * engagement) as u64,
                tier,
                niches,
                locked: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn solve(cands: &[Candidate], cons: &Constraints) -> Result<Solution, OptimizeError> {
        optimize(cands, cons, &AtomicBool::new(false), &mut |_| {})
    }

    fn budget(cents: i64) -> Constraints {
        Constraints {
            budget: cents,
            ..Constraints::default()
        }
    }

    fn tier_count(cands: &[Candidate], chosen: &[u32], tier: u8) -> u32 {
        cands
            .iter()
            .filter(|c| chosen.contains(&c.key) && c.tier == tier)
            .count() as u32
    }

    fn niche_count(cands: &[Candidate], chosen: &[u32], niche: u16) -> u32 {
        cands
            .iter()
            .filter(|c| chosen.contains(&c.key) && c.niches.contains(&niche))
            .count() as u32
    }

    /// Every constraint of `cons` holds for `sol`, and its totals are right.
    fn check_solution(cands: &[Candidate], cons: &Constraints, sol: &Solution) {
        let picked: Vec<&Candidate> = cands
            .iter()
            .filter(|c| sol.chosen.contains(&c.key))
            .collect();
        assert_eq!(picked.len(), sol.chosen.len(), "unknown or duplicate keys");
        assert!(
            sol.chosen.windows(2).all(|w| w[0] < w[1]),
            "keys not ascending"
        );
        assert_eq!(sol.cost, picked.iter().map(|c| c.cost).sum::<i64>());
        assert_eq!(sol.value, picked.iter().map(|c| c.value).sum::<u64>());
        assert!(sol.cost <= cons.budget);
        assert!(
            cands
                .iter()
                .filter(|c| c.locked)
                .all(|c| sol.chosen.contains(&c.key))
        );
        let n = sol.chosen.len() as u32;
        assert!(cons.min_creators.is_none_or(|k| n >= k));
        assert!(cons.max_creators.is_none_or(|k| n <= k));
        if let Some(cap) = cons.max_cost_each {
            assert!(picked.iter().all(|c| c.locked || c.cost <= cap));
        }
        for &(t, k) in &cons.min_per_tier {
            assert!(tier_count(cands, &sol.chosen, t) >= k, "tier {t} minimum");
        }
        for &(g, k) in &cons.min_per_niche {
            assert!(niche_count(cands, &sol.chosen, g) >= k, "niche {g} minimum");
        }
    }

    /// The best value over all subsets, or None if no subset is feasible.
    fn brute_force(cands: &[Candidate], cons: &Constraints) -> Option<u64> {
        let n = cands.len();
        let locked: u32 = (0..n).filter(|&i| cands[i].locked).map(|i| 1 << i).sum();
        let allowed: u32 = (0..n)
            .filter(|&i| cands[i].locked || cons.max_cost_each.is_none_or(|m| cands[i].cost <= m))
            .map(|i| 1 << i)
            .sum();
        let tier_masks: Vec<(u32, u32)> = cons
            .min_per_tier
            .iter()
            .map(|&(t, k)| {
                (
                    (0..n)
                        .filter(|&i| cands[i].tier == t)
                        .map(|i| 1u32 << i)
                        .sum(),
                    k,
                )
            })
            .collect();
        let niche_masks: Vec<(u32, u32)> = cons
            .min_per_niche
            .iter()
            .map(|&(g, k)| {
                (
                    (0..n)
                        .filter(|&i| cands[i].niches.contains(&g))
                        .map(|i| 1u32 << i)
                        .sum(),
                    k,
                )
            })
            .collect();
        let mut cost = vec![0i64; 1 << n];
        let mut value = vec![0u64; 1 << n];
        let mut best: Option<u64> = None;
        for mask in 0u32..(1 << n) {
            if mask != 0 {
                let low = mask.trailing_zeros() as usize;
                let rest = (mask & (mask - 1)) as usize;
                cost[mask as usize] = cost[rest] + cands[low].cost;
                value[mask as usize] = value[rest] + cands[low].value;
            }
            let m = mask as usize;
            if mask & locked != locked || mask & !allowed != 0 || cost[m] > cons.budget {
                continue;
            }
            let cnt = mask.count_ones();
            if cons.min_creators.is_some_and(|k| cnt < k)
                || cons.max_creators.is_some_and(|k| cnt > k)
            {
                continue;
            }
            if tier_masks
                .iter()
                .chain(&niche_masks)
                .any(|&(gm, k)| (mask & gm).count_ones() < k)
            {
                continue;
            }
            best = best.max(Some(value[m]));
        }
        best
    }

    fn small_candidate() -> impl Strategy<Value = (i64, u64, u8, Vec<u16>, bool)> {
        (
            prop_oneof![3 => 1i64..60, 1 => Just(0i64), 1 => (1i64..6).prop_map(|x| x * 10)],
            prop_oneof![4 => 0u64..50, 1 => Just(0u64), 1 => Just(10u64)],
            0u8..4,
            proptest::collection::vec(0u16..4, 0..3),
            proptest::bool::weighted(0.1),
        )
    }

    fn small_instance(max_n: usize) -> impl Strategy<Value = (Vec<Candidate>, Constraints)> {
        (
            proptest::collection::vec(small_candidate(), 0..=max_n),
            -5i64..250,
            proptest::option::weighted(0.3, 0u32..6),
            proptest::option::weighted(0.3, 0u32..9),
            proptest::option::weighted(0.2, 5i64..60),
            proptest::collection::vec((0u8..4, 0u32..4), 0..3),
            proptest::collection::vec((0u16..4, 0u32..4), 0..3),
            any::<u64>(),
        )
            .prop_map(|(raw, budget, lo, hi, cap, tiers, niches, seed)| {
                let mut rng = Rng(seed);
                let mut keys: Vec<u32> = (0..raw.len() as u32).map(|k| k * 3 + 1).collect();
                for i in (1..keys.len()).rev() {
                    keys.swap(i, (rng.next() % (i as u64 + 1)) as usize);
                }
                let cands = raw
                    .into_iter()
                    .zip(keys)
                    .map(|((cost, value, tier, niches, locked), key)| Candidate {
                        key,
                        cost,
                        value,
                        tier,
                        niches,
                        locked,
                    })
                    .collect();
                let cons = Constraints {
                    budget,
                    min_creators: lo,
                    max_creators: hi,
                    max_cost_each: cap,
                    min_per_tier: tiers,
                    min_per_niche: niches,
                    time_limit: None,
                };
                (cands, cons)
            })
    }

    fn agrees_with_brute_force(
        cands: &[Candidate],
        cons: &Constraints,
    ) -> Result<(), TestCaseError> {
        let expected = brute_force(cands, cons);
        match (solve(cands, cons), expected) {
            (Ok(sol), Some(v)) => {
                check_solution(cands, cons, &sol);
                prop_assert_eq!(sol.value, v);
                prop_assert_eq!(sol.status, Status::Optimal);
                // A chosen creator with no value is there only because a minimum needs it.
                for c in cands
                    .iter()
                    .filter(|c| sol.chosen.contains(&c.key) && c.value == 0 && !c.locked)
                {
                    let rest: Vec<u32> =
                        sol.chosen.iter().copied().filter(|&k| k != c.key).collect();
                    let count_needed = cons.min_creators.is_some_and(|k| rest.len() < k as usize);
                    let tier_needed = cons
                        .min_per_tier
                        .iter()
                        .any(|&(t, k)| t == c.tier && tier_count(cands, &rest, t) < k);
                    let niche_needed = cons
                        .min_per_niche
                        .iter()
                        .any(|&(g, k)| c.niches.contains(&g) && niche_count(cands, &rest, g) < k);
                    prop_assert!(
                        count_needed || tier_needed || niche_needed,
                        "needless zero-value creator"
                    );
                }
                // Branch and bound, the fallback when the group DP outgrows its limits, agrees.
                let bb = optimize_with(cands, cons, &AtomicBool::new(false), &mut |_| {}, false);
                prop_assert_eq!(bb.map(|s| (s.value, s.status)), Ok((v, Status::Optimal)));
                // The same set in another order gives the same plan.
                let mut reversed = cands.to_vec();
                reversed.reverse();
                let again = solve(&reversed, cons);
                prop_assert_eq!(again.map(|s| s.chosen), Ok(sol.chosen));
            }
            (Err(OptimizeError::Infeasible(_)), None) => {}
            (got, want) => prop_assert!(false, "got {:?}, brute force {:?}", got, want),
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
        #[test]
        fn matches_brute_force_small((cands, cons) in small_instance(12)) {
            agrees_with_brute_force(&cands, &cons)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
        #[test]
        fn matches_brute_force_eighteen((cands, cons) in small_instance(18)) {
            agrees_with_brute_force(&cands, &cons)?;
        }
    }

    /// Minimums always (with count limits a third of the time): the group dynamic programme's
    /// path, up to 20 creators.
    fn minimum_instance(max_n: usize) -> impl Strategy<Value = (Vec<Candidate>, Constraints)> {
        (
            small_instance(max_n),
            proptest::collection::vec((0u8..4, 1u32..4), 1..3),
            proptest::collection::vec((0u16..4, 1u32..4), 0..3),
        )
            .prop_map(|((cands, mut cons), tiers, niches)| {
                cons.min_per_tier = tiers;
                cons.min_per_niche = niches;
                cons.budget = cons.budget.max(0) * 2;
                (cands, cons)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn minimums_match_brute_force((cands, cons) in minimum_instance(14)) {
            agrees_with_brute_force(&cands, &cons)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 30, ..ProptestConfig::default() })]
        #[test]
        fn minimums_match_brute_force_twenty((cands, cons) in minimum_instance(20)) {
            agrees_with_brute_force(&cands, &cons)?;
        }
    }

    /// Seeded instances of a few hundred creators with minimums (and locked creators, count
    /// limits on some): the
    /// group dynamic programme and branch and bound, two exact methods, must agree.
    /// `cargo test --release -- --ignored` runs it.
    #[test]
    #[ignore]
    fn group_dp_agrees_with_branch_and_bound_on_medium_instances() {
        let cancel = AtomicBool::new(false);
        let mut exact = 0;
        for seed in 0..60u64 {
            let mut rng = Rng(seed ^ 0x5EED);
            let n = 150 + (rng.next() % 250) as usize;
            let mut cands = synthetic_candidates(n, seed);
            for c in cands.iter_mut() {
                if rng.next().is_multiple_of(40) {
                    c.locked = true;
                }
            }
            let dollars = [500i64, 2_000, 8_000, 30_000][(seed % 4) as usize];
            let (lo, hi) = match seed % 5 {
                1 => (None, Some(8 + (rng.next() % 30) as u32)),
                2 => (Some(10 + (rng.next() % 20) as u32), None),
                _ => (None, None),
            };
            let cons = Constraints {
                budget: dollars * 100
                    + cands
                        .iter()
                        .filter(|c| c.locked)
                        .map(|c| c.cost)
                        .sum::<i64>(),
                max_cost_each: (seed % 3 == 0).then_some(dollars * 30),
                min_creators: lo,
                max_creators: hi,
                min_per_tier: vec![
                    (1, 1 + (rng.next() % 4) as u32),
                    (2, (rng.next() % 3) as u32),
                ],
                min_per_niche: vec![
                    ((rng.next() % 12) as u16, 1 + (rng.next() % 4) as u32),
                    ((rng.next() % 12) as u16, (rng.next() % 3) as u32),
                ],
                ..Constraints::default()
            };
            let dp = optimize_with(&cands, &cons, &cancel, &mut |_| {}, true);
            // Branch and bound can stall on minimums; past its time limit it still gives a
            // proven interval that the optimum must lie in.
            let slow = Constraints {
                time_limit: Some(Duration::from_secs(3)),
                ..cons.clone()
            };
            let bb = optimize_with(&cands, &slow, &cancel, &mut |_| {}, false);
            match (&dp, &bb) {
                (Ok(a), Ok(b)) => {
                    check_solution(&cands, &cons, a);
                    assert_eq!(a.status, Status::Optimal, "seed {seed}");
                    match b.status {
                        Status::Optimal => {
                            exact += 1;
                            assert_eq!(a.value, b.value, "seed {seed}: n {n}, {cons:?}");
                        }
                        Status::Bounded { upper_bound } => {
                            assert!(b.value <= a.value && a.value <= upper_bound, "seed {seed}");
                        }
                    }
                }
                (Err(OptimizeError::Infeasible(_)), Err(OptimizeError::Infeasible(_))) => {}
                _ => panic!("seed {seed}: group DP {dp:?}, branch and bound {bb:?}"),
            }
        }
        eprintln!("branch and bound proved {exact} of 60 instances; the group DP all");
        assert!(exact >= 30, "branch and bound closed only {exact} of 60");
    }

    #[test]
    fn progress_counts_locked_creators() {
        let mut cands = synthetic_candidates(10_000, 42);
        let mut locked_value = 0;
        for c in cands.iter_mut().step_by(997).take(5) {
            c.locked = true;
            c.value += 50_000;
            locked_value += c.value;
        }
        let cons = Constraints {
            max_creators: Some(50),
            ..budget(100_000_000)
        };
        let mut reports = Vec::new();
        let sol = optimize(&cands, &cons, &AtomicBool::new(false), &mut |p| {
            reports.push(p)
        })
        .expect("feasible");
        check_solution(&cands, &cons, &sol);
        assert!(!reports.is_empty(), "no progress reported");
        for p in reports {
            assert!(
                p.best_value >= locked_value,
                "{p:?} misses the locked value"
            );
            assert!(
                p.best_value <= sol.value && p.upper_bound >= sol.value,
                "{p:?}"
            );
        }
    }

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
            Err(OptimizeError::Infeasible(
                "no creator fits the budget".into()
            ))
        );
    }

    #[test]
    fn every_candidate_affordable_takes_all_with_value() {
        let mut cands = synthetic_candidates(200, 2);
        cands[7].value = 0;
        let total: i64 = cands.iter().map(|c| c.cost).sum();
        let sol = solve(&cands, &budget(total)).expect("feasible");
        assert_eq!(sol.chosen.len(), 199);
        assert!(!sol.chosen.contains(&7));
    }

    #[test]
    fn identical_creators_choose_lowest_keys_fast() {
        let one = |key| Candidate {
            key,
            cost: 5_000,
            value: 300,
            tier: 1,
            niches: vec![2],
            locked: false,
        };
        let cands: Vec<Candidate> = (0..400).rev().map(one).collect();
        let cons = Constraints {
            budget: 5_000 * 37 + 4_999,
            ..Constraints::default()
        };
        let sol = solve(&cands, &cons).expect("feasible");
        assert_eq!(sol.chosen, (0..37).collect::<Vec<u32>>());
        assert!(
            sol.nodes < 10_000,
            "symmetry not broken: {} nodes",
            sol.nodes
        );
    }

    #[test]
    fn zero_values_are_skipped_unless_a_minimum_needs_them() {
        let mut cands = synthetic_candidates(30, 3);
        for c in &mut cands {
            c.value = 0;
        }
        let sol = solve(&cands, &budget(10_000_000)).expect("feasible");
        assert!(sol.chosen.is_empty());
        let cons = Constraints {
            min_creators: Some(3),
            ..budget(10_000_000)
        };
        let sol = solve(&cands, &cons).expect("feasible");
        assert_eq!(sol.chosen.len(), 3);
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
            Err(OptimizeError::Infeasible(
                "2 locked creators already cost ¤250050, over the budget of ¤200000".into()
            ))
        );
    }

    #[test]
    fn locked_creators_are_always_chosen() {
        let mut cands = synthetic_candidates(500, 5);
        cands[3].locked = true;
        cands[3].value = 0;
        let cons = Constraints {
            max_creators: Some(10),
            ..budget(2_000_000)
        };
        let sol = solve(&cands, &cons).expect("feasible");
        assert!(sol.chosen.contains(&cands[3].key));
        check_solution(&cands, &cons, &sol);
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
            Err(OptimizeError::Infeasible(format!(
                "only {megas} tier-3 creators fit, {} required",
                megas + 1
            )))
        );
        let cons = Constraints {
            min_per_niche: vec![(5, 2)],
            ..budget(1_000)
        };
        match solve(&cands, &cons) {
            Err(OptimizeError::Infeasible(why)) => assert!(why.contains("niche-5"), "{why}"),
            other => panic!("expected infeasible, got {other:?}"),
        }
        let cons = Constraints {
            min_creators: Some(5),
            max_creators: Some(3),
            ..budget(1_000_000)
        };
        assert!(matches!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(_))
        ));
        let cons = Constraints {
            min_creators: Some(400),
            ..budget(i64::MAX / 4)
        };
        assert_eq!(
            solve(&cands, &cons),
            Err(OptimizeError::Infeasible(
                "only 300 creators fit the budget, 400 required".into()
            ))
        );
    }

    #[test]
    fn shuffled_input_gives_the_same_plan() {
        let mut cands = synthetic_candidates(3_000, 7);
        // Plenty of exact ties: duplicate fees and values under new keys.
        for i in 0..300 {
            let mut c = cands[i * 7].clone();
            c.key = 10_000 + i as u32;
            cands.push(c);
        }
        let cons = Constraints {
            max_creators: Some(40),
            min_per_tier: vec![(2, 3)],
            min_per_niche: vec![(4, 5)],
            ..budget(5_000_000)
        };
        let first = solve(&cands, &cons).expect("feasible");
        check_solution(&cands, &cons, &first);
        let mut rng = Rng(99);
        for _ in 0..3 {
            for i in (1..cands.len()).rev() {
                cands.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            let again = solve(&cands, &cons).expect("feasible");
            assert_eq!(again.chosen, first.chosen);
            assert_eq!(again.value, first.value);
        }
    }

    #[test]
    fn optimum_is_at_least_greedy() {
        for seed in 0..3 {
            let cands = synthetic_candidates(2_000, seed);
            for cents in [100_000, 1_000_000, 10_000_000] {
                let cons = Constraints {
                    max_creators: Some(25),
                    time_limit: Some(Duration::from_millis(300)),
                    ..budget(cents)
                };
                let g = greedy(&cands, &cons);
                let sol = solve(&cands, &cons).expect("feasible");
                check_solution(&cands, &cons, &sol);
                assert!(sol.value >= g.value);
                if let Status::Bounded { upper_bound } = g.status {
                    assert!(upper_bound >= g.value);
                }
            }
        }
    }

    #[test]
    fn cancel_returns_cancelled() {
        let cands = synthetic_candidates(1_000, 8);
        let cancel = AtomicBool::new(true);
        assert_eq!(
            optimize(&cands, &budget(1_000_000), &cancel, &mut |_| {}),
            Err(OptimizeError::Cancelled)
        );
    }

    #[test]
    fn tiny_time_limit_returns_a_valid_bound() {
        let cands = synthetic_candidates(20_000, 42);
        let cons = Constraints {
            max_creators: Some(60),
            time_limit: Some(Duration::ZERO),
            ..budget(10_000_000)
        };
        let sol = solve(&cands, &cons).expect("a plan");
        check_solution(&cands, &cons, &sol);
        let exact = solve(
            &cands,
            &Constraints {
                time_limit: None,
                ..cons.clone()
            },
        )
        .expect("a plan");
        match sol.status {
            Status::Bounded { upper_bound } => {
                assert!(upper_bound >= sol.value);
                assert!(upper_bound >= exact.value);
            }
            Status::Optimal => assert_eq!(sol.value, exact.value),
        }
    }

    #[test]
    fn amounts_are_marked_for_the_caller_to_format() {
        assert_eq!(money(123_450), "¤123450");
        assert_eq!(money(-5), "¤-5");
    }
}
