//! `scout [ROSTER...]`: the planner in the terminal.

use super::{CmdResult, config, roster_sources};
use crate::cli::Cli;
use crate::domain::roster::Roster;
use crate::io::roster::RosterReader;
use crate::tui::{self, App};

pub fn run(cli: &Cli) -> CmdResult {
    let (config, _) = config(&cli.read.config)?;
    let map = cli.read.field_map()?;
    let filter = cli.filters.to_filter()?;
    let roster = Roster::new(config.scheme.clone(), config.model.clone());
    // Unknown tiers or platforms on the command line are an error before the screen opens.
    filter.compile(&roster).map_err(|e| e.to_string())?;
    let sources = roster_sources(&cli.rosters, &[], &config);
    let reader = RosterReader::new(sources, map);
    let app = App::new(roster, &config.currency, filter);
    tui::run(app, reader).map_err(|e| format!("terminal: {e}"))?;
    Ok(0)
}
