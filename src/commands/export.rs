//! `scout export PLAN [--format csv|md|json] [-o FILE]`.

use std::io::Write;
use std::path::Path;

use super::CmdResult;
use crate::cli::{ConfigArg, ExportFormat as CliFormat};
use crate::io::export::ExportFormat;
use crate::io::plan::{load, save_text};

/// The format to write: `--format` when given, else the output file's extension (the same
/// rule as the planner's `E`), else CSV on standard output.
fn choose(format: Option<CliFormat>, output: Option<&Path>) -> Result<ExportFormat, String> {
    match (format, output) {
        (Some(f), _) => Ok(f.into()),
        (None, Some(out)) => ExportFormat::from_path(out)
            .map_err(|e| format!("{}: {e}, or pass --format csv|md|json", out.display())),
        (None, None) => Ok(ExportFormat::Csv),
    }
}

/// The plan carries its own currency, so the config is not needed to export it.
pub fn run(
    plan: &Path,
    format: Option<CliFormat>,
    output: Option<&Path>,
    _config: &ConfigArg,
) -> CmdResult {
    // A wrong extension is found before the plan is read: nothing is written either way.
    let format = choose(format, output)?;
    let file = load(plan).map_err(|e| e.to_string())?;
    file.plan
        .check_amounts()
        .map_err(|e| format!("{}: {e}", plan.display()))?;
    let mut text = format.write(&file.plan);
    if format == crate::io::export::ExportFormat::Markdown {
        // A curve kept in the plan (saved from `plan --sweep` or the planner's curve).
        let c = &file.plan.campaign;
        text.push_str(&crate::io::curve::markdown(
            &crate::io::curve::get(&file.doc),
            c.objective,
            &c.currency,
        ));
    }
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
