//! `scout plan`: the best shortlist for the money, without the terminal UI, saved as a plan.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::{CmdResult, config, roster_sources};
use crate::cli::{Objective as CliObjective, PlanArgs};
use crate::domain::money::Money;
use crate::domain::number::grouped;
use crate::domain::optimize::{Candidate, Constraints, Status as OptStatus, optimize};
use crate::domain::plan::{Campaign, Objective, Plan, RosterRef, ShortlistEntry};
use crate::io::plan::{relative_to, save};
use crate::io::roster::{Source, load};

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

/// `25`, `25%` or `12.5` -> a percentage in (0, 100].
fn percent(arg: &str) -> Result<f64, String> {
    let t = arg.trim().trim_end_matches('%').trim();
    match t.parse::<f64>() {
        Ok(p) if p > 0.0 && p <= 100.0 => Ok(p),
        _ => Err(format!(
            "--max-share `{arg}` should be a percentage above 0 and at most 100"
        )),
    }
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
    let (roster, report) = load(sources, map.clone(), cfg.scheme.clone(), cfg.model.clone());
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
    if rows.is_empty() {
        return Err(format!(
            "no creator matches the filters (of {} loaded)",
            grouped(roster.len() as u64)
        ));
    }

    let posts = args.posts;
    let objective = match args.objective {
        CliObjective::Engagements => Objective::Engagements,
        CliObjective::Reach => Objective::Reach,
    };
    // An existing plan at the output path: creators contacted or beyond are kept (locked, at
    // their recorded fee), declined ones stay declined and are never picked, and notes survive.
    let previous = if args.output.exists() {
        Some(crate::io::plan::load(&args.output).map_err(|e| {
            format!(
                "{e} (the output exists but is not a readable plan; move it away to start over)"
            )
        })?)
    } else {
        None
    };
    let prev_entries: &[ShortlistEntry] = previous.as_ref().map_or(&[], |f| &f.plan.shortlist);
    let declined: Vec<u32> = prev_entries
        .iter()
        .filter(|e| !e.is_counted())
        .filter_map(|e| roster.find(e.platform, &e.handle))
        .collect();
    let locked: Vec<(usize, Option<u32>)> = prev_entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status.is_locked())
        .map(|(j, e)| (j, roster.find(e.platform, &e.handle)))
        .collect();
    let locked_rows: Vec<u32> = locked.iter().filter_map(|l| l.1).collect();
    // Locked creators missing from the roster get keys past its end.
    let extra_key = |j: usize| roster.len() as u32 + j as u32;

    let mut cands: Vec<Candidate> = rows
        .iter()
        .filter(|i| !declined.contains(i) && !locked_rows.contains(i))
        .map(|&i| {
            let per_post = match objective {
                Objective::Engagements => roster.expected_engagements(i),
                Objective::Reach => roster.expected_reach(i),
            };
            Candidate {
                key: i,
                cost: roster.fee(i).saturating_mul(posts).cents(),
                value: per_post.saturating_mul(u64::from(posts)),
                tier: roster.tier(i).0,
                niches: roster.niche_ids(i).to_vec(),
                locked: false,
            }
        })
        .collect();
    for &(j, row) in &locked {
        let e = &prev_entries[j];
        cands.push(Candidate {
            key: row.unwrap_or_else(|| extra_key(j)),
            cost: e.fee.cents(),
            value: match objective {
                Objective::Engagements => e.expected_engagements,
                Objective::Reach => e.expected_reach,
            },
            tier: cfg.scheme.find(&e.tier).map_or(255, |t| t.0),
            niches: e
                .niches
                .iter()
                .filter_map(|n| roster.niches.find(n))
                .collect(),
            locked: true,
        });
    }

    let mut cons = Constraints {
        budget: budget.cents(),
        min_creators: args.min_creators,
        max_creators: args.max_creators,
        ..Constraints::default()
    };
    if let (Some(lo), Some(hi)) = (args.min_creators, args.max_creators)
        && lo > hi
    {
        return Err(format!(
            "--min-creators {lo} is more than --max-creators {hi}"
        ));
    }
    if let Some(s) = &args.max_share {
        let p = percent(s)?;
        cons.max_cost_each = Some((budget.cents() as f64 * p / 100.0).floor() as i64);
    }
    for a in &args.min_tier {
        let (name, k) = name_count("min-tier", a)?;
        let id = cfg.scheme.find(&name).ok_or_else(|| {
            let names: Vec<String> = cfg
                .scheme
                .ids()
                .map(|t| cfg.scheme.name(t).to_string())
                .collect();
            format!(
                "--min-tier: unknown tier `{name}` (tiers: {})",
                names.join(", ")
            )
        })?;
        cons.min_per_tier.push((id.0, k));
    }
    for a in &args.min_niche {
        let (name, k) = name_count("min-niche", a)?;
        let id = roster
            .niches
            .find(&name)
            .ok_or_else(|| format!("--min-niche: no creator in the roster has niche `{name}`"))?;
        cons.min_per_niche.push((id, k));
    }
    if args.time_limit.is_finite() && args.time_limit > 0.0 {
        cons.time_limit = Some(Duration::from_secs_f64(args.time_limit.min(86_400.0)));
    }

    let cancel = AtomicBool::new(false);
    let sol = optimize(&cands, &cons, &cancel, &mut |_| {})
        .map_err(|e| crate::domain::proposal::name_ids(&e.to_string(), &roster))?;
    if sol.chosen.is_empty() {
        let cheapest = cands.iter().map(|c| c.cost).min().unwrap_or(0);
        return Err(format!(
            "no feasible plan: no creator fits the budget of {} (the cheapest of the {} candidates costs {})",
            budget.display(&cfg.currency),
            grouped(cands.len() as u64),
            Money::from_cents(cheapest).display(&cfg.currency)
        ));
    }

    let out = &args.output;
    let dir = out.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = args.name.clone().unwrap_or_else(|| {
        out.file_stem()
            .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
            .unwrap_or_else(|| "Campaign".into())
    });
    let campaign = Campaign {
        name,
        budget,
        currency: cfg.currency.clone(),
        objective,
        posts,
        format: None,
        rosters: recorded
            .iter()
            .map(|p| RosterRef {
                path: relative_to(p, dir).to_string_lossy().into_owned(),
                map: map.map_args(),
                set: map.set_args(),
            })
            .collect(),
    };
    let mut plan = Plan::new(campaign);
    for &key in &sol.chosen {
        let kept = locked
            .iter()
            .find(|&&(j, row)| row.unwrap_or_else(|| extra_key(j)) == key);
        let entry = match kept {
            Some(&(j, _)) => prev_entries[j].clone(),
            None => {
                let mut e = ShortlistEntry::from_roster(&roster, key, posts, None);
                if let Some(p) = prev_entries.iter().find(|p| p.key() == e.key()) {
                    e.note = p.note.clone();
                }
                e
            }
        };
        plan.shortlist.push(entry);
    }
    for e in prev_entries.iter().filter(|e| !e.is_counted()) {
        plan.shortlist.push(e.clone());
    }
    if let Some(prev) = &previous {
        // Keep a campaign name the user chose unless --name was given.
        if args.name.is_none() {
            plan.campaign.name = prev.plan.campaign.name.clone();
        }
        plan.match_roster(&roster);
    }
    // Keep what a user wrote in the existing plan (extra keys, comments).
    save(out, &plan, previous.as_ref().map(|f| &f.doc))?;

    let t = plan.totals();
    let cur = &cfg.currency;
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
        t.spend.display(cur),
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
        assert_eq!(percent("25%").unwrap(), 25.0);
        assert!(percent("0").is_err());
        assert!(percent("120").is_err());
    }
}
