//! `scout check ROSTER...`: what loaded, and every rejected row.

use std::io::Write;

use super::{CmdResult, config};
use crate::cli::ReadArgs;
use crate::domain::creator::Platform;
use crate::domain::number::grouped;
use crate::domain::roster::Roster;
use crate::io::roster::{LoadReport, RosterReader, Source};

/// Loads the rosters and prints the summary; exit 1 if anything was rejected or unreadable.
pub fn run(rosters: &[String], read: &ReadArgs, save_profile: Option<&str>) -> CmdResult {
    let (config, config_path) = config(&read.config)?;
    let map = read.field_map()?;
    if let Some(name) = save_profile {
        check_profile_name(name)?;
    }
    let sources: Vec<Source> = rosters.iter().map(|a| Source::from_arg(a)).collect();
    let mut roster = Roster::new(config.scheme.clone(), config.model.clone());
    let mut reader = RosterReader::new(sources, map).with_profiles(config.profiles.clone());
    reader.run(&mut roster);
    let report = reader.into_report();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_summary(&mut out, &roster, &report).map_err(|e| format!("writing the report: {e}"))?;
    out.flush()
        .map_err(|e| format!("writing the report: {e}"))?;
    drop(out);
    let mut err = std::io::stderr().lock();
    for n in &report.notices {
        let _ = writeln!(err, "warning: {n}");
    }
    for f in &report.failed {
        let _ = writeln!(err, "error: {f}");
    }
    if let Some(name) = save_profile {
        let Some((_, mapping)) = report.mappings().next() else {
            return Err("--save-profile: no file's header was read".into());
        };
        if !mapping.missing().is_empty() {
            return Err(format!(
                "--save-profile: {} still lacks {}; fix it with --map/--set first",
                mapping.label,
                mapping
                    .missing()
                    .iter()
                    .map(|f| f.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let path = config_path.ok_or(
            "--save-profile: no home folder: cannot tell where the config lives; use --config FILE",
        )?;
        crate::io::config::save_profile(&path, &mapping.profile_named(name))?;
        let _ = writeln!(err, "saved profile `{name}` in {}", path.display());
    }
    Ok(if report.is_clean() { 0 } else { 1 })
}

/// A profile name is a plain TOML key: letters, digits, `-` and `_`.
pub fn check_profile_name(name: &str) -> Result<(), String> {
    if !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Ok(())
    } else {
        Err(format!(
            "--save-profile: `{}` should be letters, digits, `-` or `_`",
            crate::domain::text::quote_data(name)
        ))
    }
}

/// The report `check` prints: counts, then every rejected row as PATH:LINE: reason
/// (PATH:SHEET:ROW: reason in a spreadsheet).
pub fn write_summary(
    out: &mut dyn Write,
    roster: &Roster,
    report: &LoadReport,
) -> std::io::Result<()> {
    let files = report.files.len();
    let rejected = report.rejected.len();
    writeln!(
        out,
        "loaded {} creator{} from {} file{}; {} row{} rejected",
        grouped(roster.len() as u64),
        if roster.len() == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" },
        grouped(rejected as u64),
        if rejected == 1 { "" } else { "s" },
    )?;
    let scheme = roster.scheme();
    let mut tiers = vec![0u64; 256];
    for &t in roster.tier_column() {
        tiers[usize::from(t)] += 1;
    }
    let tier_counts: Vec<String> = scheme
        .ids()
        .map(|id| format!("{} {}", scheme.name(id), grouped(tiers[usize::from(id.0)])))
        .collect();
    writeln!(out, "by tier: {}", tier_counts.join(", "))?;
    let mut platforms = [0u64; 10];
    for &p in roster.platform_column() {
        platforms[usize::from(p)] += 1;
    }
    let mut by_platform: Vec<(Platform, u64)> = Platform::ALL
        .iter()
        .map(|&p| (p, platforms[p.index()]))
        .filter(|(_, n)| *n > 0)
        .collect();
    by_platform.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let platform_counts: Vec<String> = by_platform
        .iter()
        .map(|(p, n)| format!("{} {}", p.key(), grouped(*n)))
        .collect();
    writeln!(
        out,
        "by platform: {}",
        if platform_counts.is_empty() {
            "none".to_string()
        } else {
            platform_counts.join(", ")
        }
    )?;
    if files > 1 {
        for f in &report.files {
            let duplicates = match f.duplicates {
                0 => String::new(),
                1 => ", 1 duplicate".to_string(),
                n => format!(", {} duplicates", grouped(n)),
            };
            let sheet = f
                .sheet
                .as_deref()
                .map(|s| format!(":{}", crate::domain::text::escape_controls(s)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}{sheet}: {} loaded, {} rejected{duplicates}",
                f.path,
                grouped(f.loaded),
                grouped(f.rejected)
            )?;
        }
    }
    write_mappings(out, report)?;
    for r in &report.rejected {
        writeln!(out, "{r}")?;
    }
    Ok(())
}

/// How each file's columns were read: a line per field with its column (or `--set`, or the
/// guess and what it was guessed from), then the fields not found, the columns ignored, and
/// what the file lacks (engagement figures, fees) with how many creators that affects.
pub fn write_mappings(out: &mut dyn Write, report: &LoadReport) -> std::io::Result<()> {
    for (file, mapping) in report.mappings() {
        match &mapping.profile {
            Some(p) => writeln!(
                out,
                "columns of {} (profile `{}`):",
                file.path,
                crate::domain::text::quote_data(p)
            )?,
            None => writeln!(out, "columns of {}:", file.path)?,
        }
        for line in mapping.report_lines() {
            writeln!(out, "  {line}")?;
        }
        for gap in mapping.gaps(file.loaded) {
            writeln!(out, "  warning: {gap}")?;
        }
    }
    Ok(())
}
