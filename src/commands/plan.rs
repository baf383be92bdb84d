//! `scout plan`: the best shortlist for the money, without the terminal UI, saved as a plan.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::{CmdResult, config, roster_sources};
use crate::cli::{Objective as CliObjective, PlanArgs};
use crate::domain::money::Money;
use crate::domain::number::grouped;
use crate::domain::plan::{Campaign, Objective, Plan, RosterRef};
use crate::domain::proposal::{Limits, build, propose, share};
use crate::domain::report::{explain, explain_empty};
use crate::domain::roster::Roster;
use crate::io::plan::{relative_to, save};
use crate::io::roster::Source;
use solver::{Status as OptStatus, optimize};

/// Splits `NAME=K` into the name and a count of at least 1.
fn name_count(flag: &str, arg: &str) -> Result<(String, u32), String> {
    let (name, k) = arg
        .rsplit_once('=')
        .ok_or_else(|| format!("--{flag} `{arg}` should be NAME=K"))?;
    let k: u32 = k
        .trim()
        .parse()
        .map_err(|_| format!("--{flag} `{arg}`: `{}` is not a whole number", k.trim()))?;
    Ok((name.trim().to_string(), k))
}

/// The command line's limits as the planner's optimizer dialog would read them, so both
/// weigh the same candidates under the same constraints. Tier and niche names are checked
/// here, so a misspelt one names its flag.
pub fn limits(args: &PlanArgs, roster: &Roster) -> Result<Limits, String> {
    if let (Some(lo), Some(hi)) = (args.min_creators, args.max_creators)
        && lo > hi
    {
        return Err(format!(
            "--min-creators {lo} is more than --max-creators {hi}"
        ));
    }
    let mut limits = Limits {
        min_creators: args.min_creators,
        max_creators: args.max_creators,
        max_share_bp: match &args.max_share {
            Some(s) => Some(share(s.trim()).map_err(|e| format!("--max-share: {e}"))?),
            None => None,
        },
        minimums: Vec::new(),
    };
    let scheme = roster.scheme();
    for a in &args.min_tier {
        let (name, k) = name_count("min-tier", a)?;
        if scheme.find(&name).is_none() {
            let names: Vec<&str> = scheme.ids().map(|t| scheme.name(t)).collect();
            return Err(format!(
                "--min-tier: unknown tier `{name}` (tiers: {})",
                names.join(", ")
            ));
        }
        limits.minimums.push((name, k));
    }
    for a in &args.min_niche {
        let (name, k) = name_count("min-niche", a)?;
        if roster.niches.find(&name).is_none() {
            return Err(format!(
                "--min-niche: no creator in the roster has niche `{name}`"
            ));
        }
        limits.minimums.push((name, k));
    }
    Ok(limits)
}

pub fn run(args: &PlanArgs) -> CmdResult {
    let (cfg, _) = config(&args.read.config)?;
    let budget = Money::parse(&args.budget).map_err(|e| format!("--budget: {e}"))?;
    let map = args.read.field_map()?;
    let filter = args.filters.to_filter()?;
    let sources = roster_sources(&args.rosters, &[], &cfg);
    let recorded: Vec<std::path::PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::File(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    // An existing plan at the output path is the starting shortlist, weighed by the same rule
    // as the planner's optimizer (proposal::build): entries at their recorded fees (a
    // negotiated fee counts), whether or not they match the filters; contacted or beyond
    // locked in; declined never picked and kept as declined; notes kept.
    let previous = if args.output.exists() {
        Some(crate::io::plan::load(&args.output).map_err(|e| {
            format!(
                "{e} (the output exists but is not a readable plan; move it away to start over)"
            )
        })?)
    } else {
        None
    };
    let (currency, model) = super::planner::priced_model(
        &cfg,
        previous.as_ref().map(|f| &f.plan),
        Some(&args.budget),
        args.filters.max_fee.as_deref(),
        None,
    )?;
    let (roster, report) = crate::io::roster::load_profiled(
        sources,
        map.clone(),
        cfg.profiles.clone(),
        cfg.scheme.clone(),
        model,
    );
    let map = crate::io::roster::recorded_map(&map, &report);
    for r in &report.rejected {
        eprintln!("{r}");
    }
    for n in &report.notices {
        eprintln!("warning: {n}");
    }
    if let Some(f) = report.failed.first() {
        return Err(f.to_string());
    }
    if roster.is_empty() {
        return Err("the roster has no creators to plan with".into());
    }
    let rows = filter.apply(&roster).map_err(|e| e.to_string())?;

    let posts = args.posts;
    let objective = match args.objective {
        CliObjective::Engagements => Objective::Engagements,
        CliObjective::Reach => Objective::Reach,
    };
    let out = &args.output;
    let dir = out.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut plan = match &previous {
        Some(f) => f.plan.clone(),
        None => Plan::new(Campaign {
            name: out
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
                .unwrap_or_else(|| "Campaign".into()),
            ..Campaign::default()
        }),
    };
    if let Some(name) = &args.name {
        plan.campaign.name = name.clone();
    }
    let camp = &mut plan.campaign;
    camp.budget = budget;
    camp.currency = currency.clone();
    camp.objective = objective;
    camp.posts = posts;
    camp.rosters = recorded
        .iter()
        .map(|p| RosterRef {
            path: relative_to(p, dir).to_string_lossy().into_owned(),
            map: map.map_args(),
            set: map.set_args(),
            sheet: map.sheet.clone(),
        })
        .collect();
    plan.match_roster(&roster);

    let limits = limits(args, &roster)?;
    let mut problem = build(&roster, &rows, &plan, &limits)?;
    if problem.candidates.is_empty() {
        return Err(format!(
            "no creator matches the filters (of {} loaded)",
            grouped(roster.len() as u64)
        ));
    }
    if args.time_limit.is_finite() && args.time_limit > 0.0 {
        problem.constraints.time_limit =
            Some(Duration::from_secs_f64(args.time_limit.min(86_400.0)));
    }
    let cancel = AtomicBool::new(false);
    let sol = optimize(
        &problem.candidates,
        &problem.constraints,
        &cancel,
        &mut |_| {},
    )
    .map_err(|e| explain(&e, &roster, &currency))?;
    if sol.chosen.is_empty() {
        return Err(explain_empty(&problem, &currency));
    }
    let proposal = propose(&roster, &plan, &problem, &sol);
    proposal.apply_to(&mut plan);
    // Keep what a user wrote in the existing plan (extra keys, comments).
    save(out, &plan, previous.as_ref().map(|f| &f.doc))?;

    let t = plan.totals();
    let cur = &currency;
    let (amount, what) = match objective {
        Objective::Engagements => (t.expected_engagements, "expected engagements"),
        Objective::Reach => (t.expected_reach, "expected reach"),
    };
    let proof = match sol.status {
        OptStatus::Optimal => "optimal".to_string(),
        OptStatus::Bounded { upper_bound } => format!(
            "within {} of optimal",
            grouped(upper_bound.saturating_sub(sol.value))
        ),
    };
    println!(
        "saved {}: {} creator{}, spend {} of {}, {} {what} ({proof})",
        out.display(),
        t.creators,
        if t.creators == 1 { "" } else { "s" },
        t.spend_text(cur),
        budget.display(cur),
        grouped(amount),
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_and_shares() {
        assert_eq!(
            name_count("min-tier", "micro=3").unwrap(),
            ("micro".into(), 3)
        );
        assert!(name_count("min-tier", "micro").is_err());
        assert!(name_count("min-tier", "micro=x").is_err());
        assert_eq!(share("12.5%"), Ok(1250));
    }
}
