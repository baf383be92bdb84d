//! Files in and out: roster readers, the config, plans and exports.

pub mod atomic;
pub mod config;
pub mod curve;
pub mod export;
pub mod insights;
pub mod outreach;
pub mod plan;
pub mod recovery;
pub mod roster;
