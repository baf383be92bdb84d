//! The figures the results view (`R`) charts, kept between frames: computed from the plan when
//! the view opens or the plan changes while it is open, never once per frame.

use crate::domain::plan::{Breakdown, Plan};
use crate::domain::results::Outcome;

/// Expected against actual for the whole plan, by tier and by niche.
#[derive(Clone, Debug)]
pub struct ResultsFigures {
    /// The plan revision ([`super::Session::revision`]) they were computed from.
    revision: u64,
    pub total: Outcome,
    pub tiers: Vec<(String, Outcome)>,
    pub niches: Vec<(String, Outcome)>,
}

impl ResultsFigures {
    pub fn of(plan: &Plan, revision: u64) -> ResultsFigures {
        ResultsFigures {
            revision,
            total: Outcome::of_plan(plan),
            tiers: Outcome::by(plan, Breakdown::Tier),
            niches: Outcome::by(plan, Breakdown::Niche),
        }
    }

    /// Whether these are the figures of the plan at `revision`.
    pub fn is_for(&self, revision: u64) -> bool {
        self.revision == revision
    }
}
