//! The planning domain: creators, tiers, money, fees, the roster, filters, plans, the
//! optimizer's problem and answer (`proposal`) and its failures in words (`report`); the
//! optimizer itself is the workspace's `solver` crate. No terminal code lives here, so all of
//! it is tested and benchmarked alone and shared by the planner and the headless commands.

pub mod creator;
pub mod curve;
pub mod deliverables;
pub mod fees;
pub mod filter;
pub mod money;
pub mod number;
pub mod plan;
pub mod proposal;
pub mod report;
pub mod roster;
pub mod text;
pub mod tier;
