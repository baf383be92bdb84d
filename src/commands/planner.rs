//! The planner: placeholder until the terminal UI is built.

use super::CmdResult;
use crate::cli::Cli;

pub fn run(_cli: &Cli) -> CmdResult {
    Err("the planner is not built yet".into())
}
