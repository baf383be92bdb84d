//! `scout [ROSTER...]`: the planner in the terminal.

use super::{CmdResult, config, roster_sources};
use crate::cli::Cli;
use crate::domain::money::Money;
use crate::domain::plan::{Campaign, Plan, RosterRef};
use crate::domain::roster::Roster;
use crate::io::config::data_dir;
use crate::io::plan::PlanFile;
use crate::io::recovery::recovery_path;
use crate::io::roster::{RosterReader, Source};
use crate::tui::{self, App};
use std::io::IsTerminal;

pub fn run(cli: &Cli) -> CmdResult {
    let (config, config_path) = config(&cli.read.config)?;
    // A plan names the rosters it was built from and how to read them; with no roster on
    // the command line, those are opened, and its shortlist is matched to them.
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
        && read.sheet.is_none()
    {
        // The command line applies one --map/--set/--sheet to every roster, so the first
        // roster's record holds them.
        if let Some(first) = file.plan.campaign.rosters.first() {
            read.map = first.map.clone();
            read.set = first.set.clone();
            read.sheet = first.sheet.clone();
        }
    }
    let map = read.field_map()?;
    let filter = cli.filters.to_filter()?;
    let budget = match &cli.budget {
        Some(b) => Some(Money::parse(b).map_err(|e| format!("--budget: {e}"))?),
        None => None,
    };
    let (currency, model) = priced_model(
        &config,
        plan.as_ref().map(|f| &f.plan),
        cli.budget.as_deref(),
        cli.filters.max_fee.as_deref(),
        cli.plan.as_deref().filter(|_| plan.is_some()),
    )?;
    let roster = Roster::new(config.scheme.clone(), model);
    // Unknown tiers or platforms on the command line are an error before the screen opens.
    filter.compile(&roster).map_err(|e| e.to_string())?;
    let sources = roster_sources(&cli.rosters, &from_plan, &config);
    // Rosters named on the command line are recorded in the plan when it is saved; rosters
    // that came from the plan stay recorded as the plan wrote them.
    let roster_refs = (!cli.rosters.is_empty()).then(|| {
        sources
            .iter()
            .filter_map(|s| match s {
                Source::File(p) => Some(RosterRef {
                    path: p.display().to_string(),
                    map: map.map_args(),
                    set: map.set_args(),
                    sheet: map.sheet.clone(),
                }),
                _ => None,
            })
            .collect()
    });
    let reader =
        RosterReader::new(sources.clone(), map.clone()).with_profiles(config.profiles.clone());
    let mut app = App::new(roster, &config.currency, filter);
    app.set_exchange(config.rates());
    // A template that cannot be used does not stop the planner: `m` says why.
    let template = crate::io::outreach::template_path(
        None,
        cli.plan.as_deref().zip(plan.as_ref().map(|f| &f.doc)),
        &config.outreach,
    );
    app.set_outreach(tui::outreach::OutreachSetup {
        template: crate::io::outreach::read_template(template.as_deref()),
        sender: config.outreach.sender.clone(),
    });
    match plan {
        Some(file) => app.open_plan(file, cli.plan.clone()),
        None => {
            if let Some(path) = &cli.plan {
                // A new plan, to be saved where --plan says, named after the file.
                let file = PlanFile::new(Plan::new(Campaign {
                    name: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
                        .unwrap_or_else(|| "Campaign".into()),
                    currency: currency.clone(),
                    ..Campaign::default()
                }));
                app.open_plan(file, Some(path.clone()));
            }
        }
    }
    if let Some(b) = budget {
        app.set_budget_in(b, &currency)?;
    }
    app.set_roster_refs(roster_refs);
    app.set_load_setup(sources, map, config.profiles.clone(), config_path);
    app.set_recovery(data_dir().map(|d| recovery_path(&d, cli.plan.as_deref())));
    app.offer_recovery();
    // Everything above is checked first, so a bad flag says so even without a terminal.
    if !std::io::stdout().is_terminal() {
        return Err(NO_TERMINAL.into());
    }
    let ended = tui::run(app, reader).map_err(|e| {
        if e.raw_os_error() == Some(6) {
            // ENXIO: no controlling terminal to open (a script, a service, cron).
            NO_TERMINAL.to_string()
        } else {
            format!("terminal: {e}")
        }
    })?;
    if let tui::Ended::Signal(n) = ended {
        // Not eprintln!: after a hang-up the terminal is gone, and a failed write must not
        // turn a clean stop into a panic.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "scout: stopped by signal {n}; unsaved changes, if any, are offered again at the next start"
        );
    }
    Ok(ended.status())
}

/// What the planner says when there is no terminal to draw on.
pub const NO_TERMINAL: &str = "the planner needs a terminal (standard output is not one); in scripts use `scout check`, `scout plan` or `scout export` (see `scout --help`)";

/// The plan's currency and the fee model priced in it. The currency is the plan's own, else the one
/// `budget` names (`15k EUR`), else the config's; the config's `[exchange_rates]` convert
/// its prices, or this says why they cannot (naming `plan_path` when the currency came from
/// that plan). `--max-fee` must be in the same currency. The planner and `scout plan` both
/// price creators through here.
pub fn priced_model(
    config: &crate::io::config::Config,
    plan: Option<&Plan>,
    budget: Option<&str>,
    max_fee: Option<&str>,
    plan_path: Option<&std::path::Path>,
) -> Result<(String, crate::domain::fees::FeeModel), String> {
    let named = budget.and_then(Money::currency_of);
    let currency = plan_currency(plan, named.as_deref(), &config.currency)?;
    if let Some(f) = max_fee {
        Money::parse_in(f, &currency).map_err(|e| format!("--max-fee: {e}"))?;
    }
    let mut model = config.model.clone();
    model.conversion = config
        .rates()
        .conversion_to(&currency)
        .map_err(|e| match plan_path {
            Some(p)
                if plan.is_some_and(|p| p.campaign.currency.eq_ignore_ascii_case(&currency)) =>
            {
                format!("{} is in {currency}: {e}", p.display())
            }
            _ => format!("a plan in {currency}: {e}"),
        })?;
    Ok((currency, model))
}

/// The currency a plan is in: `plan`'s own, unless `named` (the currency `--budget` names)
/// changes it, which only an empty shortlist allows; with no plan, `named`, else the config's.
fn plan_currency(plan: Option<&Plan>, named: Option<&str>, config: &str) -> Result<String, String> {
    match (plan, named) {
        (Some(p), Some(n)) if !p.campaign.currency.eq_ignore_ascii_case(n) => {
            if p.shortlist.is_empty() {
                Ok(n.to_ascii_uppercase())
            } else {
                Err(format!(
                    "--budget is in {n} but {}",
                    crate::domain::plan::PlanError::CurrencyWithEntries(
                        p.campaign.currency.clone()
                    )
                ))
            }
        }
        (Some(p), _) => Ok(p.campaign.currency.to_ascii_uppercase()),
        (None, Some(n)) => Ok(n.to_ascii_uppercase()),
        (None, None) => Ok(config.to_ascii_uppercase()),
    }
}
