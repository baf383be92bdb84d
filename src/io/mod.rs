//! Files in and out: roster readers, the config, plans and exports.

pub mod config;
pub mod roster;
pub mod export;
pub mod plan;
