//! scout's exact budget optimizer: which creators to book so the campaign gets the most value for its
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
//!
//! One file per stage, in the order `optimize` runs them: [`model`] (the problem and the
//! answer) and [`error`] (why no plan came back, as data), `presolve` (1), `start` (2),
//! `multipliers` (3), `reduce` (4), `core_dp`, `group_dp` and `search` (5), and `solve`, which
//! runs them; `sweep` runs them over many budgets, sharing what it can; `greedy` is the
//! baseline the benchmarks compare against. The crate knows no
//! currency, no names and no prose: amounts are cents, tiers and niches small ids, and a
//! failure says which limit fails and by how much, for the caller to put into words.

pub mod error;
pub mod model;

mod core_dp;
mod greedy;
mod group_dp;
mod multipliers;
mod presolve;
mod reduce;
mod search;
mod solve;
mod start;
mod sweep;
#[cfg(test)]
mod synthetic;

#[cfg(test)]
mod tests;

pub use error::{Infeasible, InvalidInput, Minimum, OptimizeError};
pub use greedy::greedy;
pub use model::{Candidate, Constraints, Progress, Solution, Status};
pub use solve::optimize;
pub use sweep::{SweepPoint, SweepProgress, sweep};

use std::cmp::Ordering;

/// `pa/ca` against `pb/cb` for non-negative costs, larger ratio first (zero cost = infinite).
pub(crate) fn ratio_desc(pa: i128, ca: i128, pb: i128, cb: i128) -> Ordering {
    (pb * ca).cmp(&(pa * cb))
}
