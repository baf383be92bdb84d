//! scout: plan creator (micro-influencer) marketing campaigns from a roster of creators.
//!
//! Data flows one way: files -> [`io`] -> [`domain`] values -> the planner.

pub mod caught;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod fuzzing;
pub mod io;
pub mod tui;
