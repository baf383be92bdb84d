//! `scout export`: placeholder until plan export is built.

use std::path::Path;

use super::CmdResult;
use crate::cli::{ConfigArg, ExportFormat};

pub fn run(
    _plan: &Path,
    _format: ExportFormat,
    _output: Option<&Path>,
    _config: &ConfigArg,
) -> CmdResult {
    Err("`scout export` is not built yet".into())
}
