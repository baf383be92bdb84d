//! The planning domain: creators, tiers, money, fees, the roster, filters, plans, the
//! optimizer's problem and answer (`proposal`) and its failures in words (`report`); the
//! optimizer itself is the workspace's `solver` crate. No terminal code lives here, so all of
//! it is tested and benchmarked alone and shared by the planner and the headless commands.

pub mod compensation;
pub mod contact;
pub mod creator;
pub mod curve;
pub mod date;
pub mod deliverables;
pub mod fees;
pub mod filter;
pub mod insights;
pub mod money;
pub mod number;
pub mod outreach;
pub mod plan;
pub mod proposal;
pub mod report;
pub mod results;
pub mod roster;
pub mod text;
pub mod tier;
