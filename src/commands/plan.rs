//! `scout plan`: placeholder until the headless optimizer command is built.

use super::CmdResult;
use crate::cli::PlanArgs;

pub fn run(_args: &PlanArgs) -> CmdResult {
    Err("`scout plan` is not built yet".into())
}
