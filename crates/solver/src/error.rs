//! Why no plan came back, as data: which limit fails, for which tier or niche, and the numbers
//! that show by how much (amounts in whole cents). The solver writes no sentences; the caller
//! turns these into words with its own names for tiers and niches and its own currency.

/// Why `optimize` returned no plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptimizeError {
    /// No plan meets every constraint; says which constraint fails.
    Infeasible(Infeasible),
    /// The caller set the cancel flag.
    Cancelled,
    /// The time limit passed before any plan meeting the minimums was found.
    TimedOut,
    /// Input outside what the optimizer handles exactly.
    InvalidInput(InvalidInput),
}

/// A tier or niche that a minimum counts, by the caller's id (tier 255 is "unranked").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Minimum {
    Tier(u8),
    Niche(u16),
}

/// The limit no plan can meet, with the figures that show why. Counts of creators include the
/// locked ones unless a field says otherwise; `left` is the budget after the locked creators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Infeasible {
    /// At least `min` and at most `max` creators, with `min > max`.
    CountRange { min: u32, max: u32 },
    /// The budget itself is below zero (and nothing is locked).
    NegativeBudget { budget: i64 },
    /// The `locked` creators alone cost `cost`, more than the budget.
    LockedOverBudget { locked: u32, cost: i64, budget: i64 },
    /// More creators are locked than the maximum count allows.
    LockedOverMax { locked: u32, max: u32 },
    /// A minimum count of `required` creators, and no unlocked creator fits the budget left
    /// (or the fee cap); `locked` creators are already in.
    NoneFit { locked: u32, required: u32 },
    /// Only `fit` creators fit the budget and the fee cap, fewer than the minimum count.
    TooFewFit { fit: u64, required: u32 },
    /// The `count` cheapest creators the minimum count still needs cost `cost`, over `left`.
    CountOverBudget { count: u32, cost: i64, left: i64 },
    /// Only `fit` creators of a tier or niche fit, fewer than its minimum `required`.
    TooFewInGroup {
        minimum: Minimum,
        fit: u64,
        required: u32,
    },
    /// The `count` cheapest creators a tier or niche minimum still needs cost `cost`, over
    /// `left`.
    GroupOverBudget {
        minimum: Minimum,
        count: u32,
        cost: i64,
        left: i64,
    },
    /// A tier or niche minimum of `required` creators, above the maximum count `max`.
    GroupOverMax {
        minimum: Minimum,
        required: u32,
        max: u32,
    },
    /// The tier minimums (tiers are disjoint) need `need` more creators than are locked, over
    /// the maximum count `max`.
    TiersOverMax { need: u64, max: u32 },
    /// Every limit can be met on its own, but the search proved no plan meets them all within
    /// the budget.
    NoPlan,
}

/// Input the optimizer refuses rather than answer inexactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidInput {
    /// The candidate with this key has a fee below zero.
    NegativeFee { key: u32 },
    /// The candidate with this key has a value above 2^60.
    ValueTooLarge { key: u32 },
    /// The candidates' values add up to more than 2^62.
    TotalValueTooLarge,
}

/// Amounts in a failure are whole cents in an `i64`; sums beyond it read as `i64::MAX`.
pub(crate) fn cents(amount: i128) -> i64 {
    i64::try_from(amount).unwrap_or(if amount < 0 { i64::MIN } else { i64::MAX })
}
