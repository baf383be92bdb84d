//! The planning domain: creators, tiers, money, fees, the roster, filters, plans and the
//! optimizer. No terminal code lives here, so all of it is tested and benchmarked alone and
//! shared by the planner and the headless commands.

pub mod creator;
pub mod fees;
pub mod filter;
pub mod money;
pub mod number;
pub mod optimize;
pub mod plan;
pub mod proposal;
pub mod roster;
pub mod text;
pub mod tier;
