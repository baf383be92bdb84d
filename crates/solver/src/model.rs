//! The problem and the answer: the creators to choose from, the campaign's limits, the plan
//! that comes back, and progress reports on the way.

use std::time::Duration;

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
