//! `scout [ROSTER...]`: the planner in the terminal.

use super::{CmdResult, config, roster_sources};
use crate::cli::Cli;
use crate::domain::roster::Roster;
use crate::io::roster::RosterReader;
use crate::tui::{self, App};

pub fn run(cli: &Cli) -> CmdResult {
    let (config, _) = config(&cli.read.config)?;
    // A plan names the rosters it was built from and how to read them; with no roster on
    // the command line, those are opened. (Showing the plan's shortlist is issue 4's work.)
    let plan = match &cli.plan {
        Some(p) if p.exists() => Some(crate::io::plan::load(p).map_err(|e| e.to_string())?),
        _ => None,
    };
    let from_plan = match (&cli.plan, &plan) {
        (Some(path), Some(file)) if cli.rosters.is_empty() => {
            crate::io::plan::roster_paths(path, &file.plan)
        }
        _ => Vec::new(),
    };
    let mut read = cli.read.clone();
    if let Some(file) = &plan
        && cli.rosters.is_empty()
        && read.map.is_empty()
        && read.set.is_empty()
    {
        // The command line applies one --map/--set to every roster, so the first roster's
        // record holds them.
        if let Some(first) = file.plan.campaign.rosters.first() {
            read.map = first.map.clone();
            read.set = first.set.clone();
        }
    }
    let map = read.field_map()?;
    let filter = cli.filters.to_filter()?;
    let roster = Roster::new(config.scheme.clone(), config.model.clone());
    // Unknown tiers or platforms on the command line are an error before the screen opens.
    filter.compile(&roster).map_err(|e| e.to_string())?;
    let sources = roster_sources(&cli.rosters, &from_plan, &config);
    let reader = RosterReader::new(sources, map);
    let app = App::new(roster, &config.currency, filter);
    tui::run(app, reader).map_err(|e| format!("terminal: {e}"))?;
    Ok(0)
}
