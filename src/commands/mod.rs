//! The commands behind the command line. Each returns its exit status or a one-line error;
//! `main` prints the error and maps it to exit status 1.

pub mod check;
pub mod export;
pub mod outreach;
pub mod plan;
pub mod planner;
pub mod results;

use std::path::PathBuf;

use crate::cli::ConfigArg;
use crate::io::config::{Config, config_path, load_config};
use crate::io::roster::Source;

/// The bundled sample roster, built into the binary.
pub const SAMPLE_ROSTER: &str = include_str!("../../assets/roster.toml");

/// The name the sample is reported under (its extension tells the reader it is TOML).
pub const SAMPLE_NAME: &str = "sample-roster.toml";

pub fn sample_source() -> Source {
    Source::Embedded {
        name: SAMPLE_NAME.into(),
        text: SAMPLE_ROSTER,
    }
}

/// A failure that ends a command: one readable line.
pub type CmdResult = Result<i32, String>;

/// The config in use and its path.
pub fn config(arg: &ConfigArg) -> Result<(Config, Option<PathBuf>), String> {
    let path = config_path(arg.config.as_deref());
    let config = load_config(path.as_deref()).map_err(|e| e.to_string())?;
    Ok((config, path))
}

/// The rosters to read: those named, else those a plan recorded, else the config's roster,
/// else the built-in sample.
pub fn roster_sources(named: &[String], from_plan: &[PathBuf], config: &Config) -> Vec<Source> {
    if !named.is_empty() {
        return named.iter().map(|a| Source::from_arg(a)).collect();
    }
    if !from_plan.is_empty() {
        return from_plan.iter().map(|p| Source::File(p.clone())).collect();
    }
    if let Some(r) = &config.roster {
        return vec![Source::File(r.clone())];
    }
    vec![sample_source()]
}

/// `scout config [--default]`.
pub fn config_cmd(default: bool, arg: &ConfigArg) -> CmdResult {
    if default {
        print!("{}", crate::io::config::DEFAULT_CONFIG);
        return Ok(0);
    }
    match config_path(arg.config.as_deref()) {
        Some(p) => {
            // The config is read as every other command reads it: a broken one is the
            // one-line error and exit status 1, not a path printed as if all were well.
            load_config(Some(&p)).map_err(|e| e.to_string())?;
            let state = if p.exists() {
                ""
            } else {
                " (not created yet: the defaults are in use)"
            };
            println!("{}{state}", p.display());
            Ok(0)
        }
        None => Err("no home folder: cannot tell where the config lives; use --config FILE".into()),
    }
}

/// `scout completions SHELL`: the completion script, generated from the command line's
/// definition so it never drifts from it.
pub fn completions(shell: clap_complete::Shell) -> CmdResult {
    use clap::CommandFactory;
    use std::io::Write;
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "scout", &mut out);
    // A closed pipe (`| head`) is an error line, never a panic.
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| format!("standard output: {e}"))?;
    Ok(0)
}

/// `scout man`: the manual page in roff, generated from the command line's definition, with
/// a page section for each command.
pub fn man_page() -> CmdResult {
    use clap::CommandFactory;
    use std::io::Write;
    let cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone());
    // clap_mangen's own command list points to one page per command (`scout-check(1)`);
    // here every command has its section in this one page instead.
    page.render_title(&mut out)
        .and_then(|()| page.render_name_section(&mut out))
        .and_then(|()| page.render_synopsis_section(&mut out))
        .and_then(|()| page.render_description_section(&mut out))
        .and_then(|()| page.render_options_section(&mut out))
        .map_err(|e| e.to_string())?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        // Each command's options, as `scout NAME --help` gives them.
        writeln!(out, ".SH \"SCOUT {}\"", name.to_uppercase()).map_err(|e| e.to_string())?;
        let sub = sub.clone().bin_name(format!("scout {name}"));
        let sub_page = clap_mangen::Man::new(sub);
        sub_page
            .render_description_section(&mut out)
            .and_then(|()| sub_page.render_synopsis_section(&mut out))
            .and_then(|()| sub_page.render_options_section(&mut out))
            .map_err(|e| e.to_string())?;
    }
    page.render_version_section(&mut out)
        .map_err(|e| e.to_string())?;
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| format!("standard output: {e}"))?;
    Ok(0)
}
