//! `scout export PLAN --format csv|md|json [-o FILE]`.

use std::io::Write;
use std::path::Path;

use super::CmdResult;
use crate::cli::{ConfigArg, ExportFormat};
use crate::io::export::{to_csv, to_json, to_markdown};
use crate::io::plan::{load, save_text};

/// The plan carries its own currency, so the config is not needed to export it.
pub fn run(
    plan: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    _config: &ConfigArg,
) -> CmdResult {
    let file = load(plan).map_err(|e| e.to_string())?;
    let text = match format {
        ExportFormat::Csv => to_csv(&file.plan),
        ExportFormat::Md => to_markdown(&file.plan),
        ExportFormat::Json => to_json(&file.plan),
    };
    match output {
        Some(out) => save_text(out, &text)?,
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())
                .and_then(|_| o.flush())
                .map_err(|e| format!("writing the export: {e}"))?;
        }
    }
    Ok(0)
}
