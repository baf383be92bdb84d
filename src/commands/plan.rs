//! `scout plan`: the best shortlist for the money, without the terminal UI, saved as a plan.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::{CmdResult, config, roster_sources};
use crate::cli::{Objective as CliObjective, PlanArgs, SweepFormat};
use crate::domain::curve::Curve;
use crate::domain::curve::Grid;
use crate::domain::money::Money;
use crate::domain::number::grouped;
use crate::domain::plan::{Campaign, Objective, Plan, RosterRef};
use crate::domain::proposal::{Limits, Problem, build, propose, share};
use crate::domain::report::{explain, explain_empty};
use crate::domain::roster::Roster;
use crate::io::plan::{relative_to, save};
use crate::io::roster::Source;
use solver::{Solution, Status as OptStatus, optimize};

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

/// What both `plan` and `plan --sweep` start from: the roster, the creators in view, the plan
/// to write into (the existing one at the output path, or a new one) and the problem.
struct Setup {
    roster: Roster,
    rows: Vec<u32>,
    plan: Plan,
    previous: Option<crate::io::plan::PlanFile>,
    currency: String,
    limits: Limits,
}

/// Loads and filters the roster and sets up the plan as `plan` would. `budget_text` names the
/// currency when it says one (`15k EUR`).
fn setup(args: &PlanArgs, budget: Money, budget_text: &str) -> Result<Setup, String> {
    let (cfg, _) = config(&args.read.config)?;
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
    let previous = match &args.output {
        Some(out) if out.exists() => Some(crate::io::plan::load(out).map_err(|e| {
            format!(
                "{e} (the output exists but is not a readable plan; move it away to start over)"
            )
        })?),
        _ => None,
    };
    let (currency, model) = super::planner::priced_model(
        &cfg,
        previous.as_ref().map(|f| &f.plan),
        Some(budget_text),
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

    let objective = match args.objective {
        CliObjective::Engagements => Objective::Engagements,
        CliObjective::Reach => Objective::Reach,
    };
    let out = args.output.as_deref().unwrap_or(Path::new("campaign.toml"));
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
    camp.posts = args.posts;
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
    Ok(Setup {
        roster,
        rows,
        plan,
        previous,
        currency,
        limits,
    })
}

impl Setup {
    /// The optimizer problem at the plan's budget, with the time limit.
    fn problem(&self, args: &PlanArgs) -> Result<Problem, String> {
        let mut problem = build(&self.roster, &self.rows, &self.plan, &self.limits)?;
        if problem.candidates.is_empty() {
            return Err(format!(
                "no creator matches the filters (of {} loaded)",
                grouped(self.roster.len() as u64)
            ));
        }
        if args.time_limit.is_finite() && args.time_limit > 0.0 {
            problem.constraints.time_limit =
                Some(Duration::from_secs_f64(args.time_limit.min(86_400.0)));
        }
        Ok(problem)
    }

    /// Applies the optimizer's answer to the plan, saves it and prints the summary line (to
    /// standard error when standard output carries a sweep's CSV or JSON).
    /// With `curve`, the plan keeps it as `[[curve]]` for the Markdown brief.
    fn save(
        mut self,
        out: &Path,
        problem: &Problem,
        sol: &Solution,
        curve: Option<&Curve>,
        to_stderr: bool,
    ) -> Result<(), String> {
        if sol.chosen.is_empty() {
            return Err(explain_empty(problem, &self.currency));
        }
        let proposal = propose(&self.roster, &self.plan, problem, sol);
        proposal.apply_to(&mut self.plan);
        // Keep what a user wrote in the existing plan (extra keys, comments).
        let mut doc = self.previous.as_ref().map(|f| f.doc.clone());
        if let Some(c) = curve {
            // After the plan's own tables in a new file.
            let mut d = match doc.take() {
                Some(d) => d,
                None => crate::io::plan::render(&self.plan, None)
                    .parse()
                    .map_err(|e| {
                        format!("internal error: the rendered plan does not parse: {e}")
                    })?,
            };
            crate::io::curve::put(&mut d, c);
            doc = Some(d);
        }
        save(out, &self.plan, doc.as_ref())?;

        let t = self.plan.totals();
        let cur = &self.currency;
        let (amount, what) = match self.plan.campaign.objective {
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
        let line = format!(
            "saved {}: {} creator{}, spend {} of {}, {} {what} ({proof})",
            out.display(),
            t.creators,
            if t.creators == 1 { "" } else { "s" },
            t.spend_text(cur),
            self.plan.campaign.budget.display(cur),
            grouped(amount),
        );
        if to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
        Ok(())
    }
}

pub fn run(args: &PlanArgs) -> CmdResult {
    if let Some(grid) = &args.sweep {
        return run_sweep(args, grid);
    }
    let (Some(budget_text), Some(out)) = (&args.budget, &args.output) else {
        return Err(
            "scout plan needs --budget AMOUNT and -o FILE (or --sweep FROM:TO:STEP)".into(),
        );
    };
    let budget = Money::parse(budget_text).map_err(|e| format!("--budget: {e}"))?;
    let setup = setup(args, budget, budget_text)?;
    let problem = setup.problem(args)?;
    let cancel = AtomicBool::new(false);
    let sol = optimize(
        &problem.candidates,
        &problem.constraints,
        &cancel,
        &mut |_| {},
    )
    .map_err(|e| explain(&e, &setup.roster, &setup.currency))?;
    setup.save(out, &problem, &sol, None, false)?;
    Ok(0)
}

/// `scout plan --sweep FROM:TO:STEP`: the curve as a table, CSV or JSON; with `-o`, the plan
/// at `--budget` (which must be on the grid) or else at the knee (else the largest budget).
fn run_sweep(args: &PlanArgs, grid_text: &str) -> CmdResult {
    let grid = Grid::parse(grid_text).map_err(|e| format!("--sweep: {e}"))?;
    let budgets = grid.budgets();
    let chosen = match &args.budget {
        Some(t) => {
            let b = Money::parse(t).map_err(|e| format!("--budget: {e}"))?;
            if !budgets.contains(&b) {
                return Err(format!(
                    "--budget {} is not one of the sweep's budgets ({grid_text})",
                    t.trim()
                ));
            }
            Some(b)
        }
        None => None,
    };
    let currency_hint = args
        .budget
        .clone()
        .unwrap_or_else(|| grid_text.split(':').next().unwrap_or("").to_string());
    let top = budgets.last().copied().unwrap_or(grid.to);
    let mut setup = setup(args, top, &currency_hint)?;
    let problem = setup.problem(args)?;
    let cancel = AtomicBool::new(false);
    let curve = Curve::compute(
        &problem,
        &setup.limits,
        &budgets,
        &setup.roster,
        &setup.currency,
        &cancel,
        &mut |_| {},
    )
    .ok_or("the sweep was cancelled")?;
    let objective = setup.plan.campaign.objective;
    let text = match args.format {
        SweepFormat::Table => sweep_table(&curve, objective, &setup.currency),
        SweepFormat::Csv => sweep_csv(&curve, objective),
        SweepFormat::Json => sweep_json(&curve, objective, &setup.currency),
    };
    print!("{text}");
    let Some(out) = &args.output else {
        return Ok(0);
    };
    let at = match chosen {
        Some(b) => curve.at(b),
        None => curve.knee.or(curve.points.len().checked_sub(1)),
    };
    let Some(point) = at.map(|i| &curve.points[i]) else {
        return Err("no budget to save a plan at".into());
    };
    let sol = point.outcome.clone().map_err(|why| {
        format!(
            "no plan saved: at {}, {why}",
            point.budget.display(&setup.currency)
        )
    })?;
    setup.plan.campaign.budget = point.budget;
    let problem = setup.problem(args)?;
    setup.save(
        out,
        &problem,
        &sol,
        Some(&curve),
        args.format != SweepFormat::Table,
    )?;
    Ok(0)
}

fn objective_word(objective: Objective) -> &'static str {
    match objective {
        Objective::Engagements => "engagements",
        Objective::Reach => "reach",
    }
}

/// The marginal return for people: whole numbers, grouped; one decimal below 10.
fn per_thousand(m: f64) -> String {
    if m.abs() < 10.0 {
        format!("{m:.1}")
    } else {
        let r = m.round();
        let sign = if r < 0.0 { "-" } else { "" };
        format!("{sign}{}", grouped(r.abs() as u64))
    }
}

/// The curve as an aligned table with the knee marked and a line on how it was found.
pub fn sweep_table(curve: &Curve, objective: Objective, currency: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let thousand = Money::from_units(1_000).display(currency);
    let header = [
        "budget".to_string(),
        objective_word(objective).to_string(),
        "creators".to_string(),
        "spend".to_string(),
        format!("per +{thousand}"),
    ];
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut notes: Vec<Option<String>> = Vec::new();
    let mut bounded = false;
    for (i, p) in curve.points.iter().enumerate() {
        let budget = p.budget.display(currency);
        match &p.outcome {
            Ok(sol) => {
                let mut obj = grouped(sol.value);
                if let Some(b) = p.bound() {
                    obj = format!("{obj} ≤{}", grouped(b));
                    bounded = true;
                }
                rows.push([
                    budget,
                    obj,
                    grouped(sol.chosen.len() as u64),
                    Money::from_cents(sol.cost).display(currency),
                    curve.marginal[i].map(per_thousand).unwrap_or_default(),
                ]);
                notes.push((curve.knee == Some(i)).then(|| "← knee".to_string()));
            }
            Err(why) => {
                rows.push([
                    budget,
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                notes.push(Some(why.clone()));
            }
        }
    }
    let mut width = header.clone().map(|h| h.width());
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[String; 5], note: Option<&str>| -> String {
        let mut out = String::new();
        for (k, (c, w)) in cells.iter().zip(width).enumerate() {
            if k > 0 {
                out.push_str("  ");
            }
            out.push_str(&" ".repeat(w - c.width()));
            out.push_str(c);
        }
        if let Some(n) = note {
            out.push_str("  ");
            out.push_str(n);
        }
        format!("{}\n", out.trim_end())
    };
    let mut text = line(&header, None);
    for (r, n) in rows.iter().zip(&notes) {
        text.push_str(&line(r, n.as_deref()));
    }
    match curve.knee {
        Some(k) => {
            let first = curve
                .marginal
                .iter()
                .flatten()
                .next()
                .copied()
                .unwrap_or(0.0);
            text.push_str(&format!(
                "knee at {}: each extra {thousand} buys under half the {} of the first step ({} {}).\n",
                curve.points[k].budget.display(currency),
                objective_word(objective),
                per_thousand(first),
                objective_word(objective),
            ));
        }
        None => text.push_str(
            "no knee: the return per extra amount never fell below half its first value.\n",
        ),
    }
    if bounded {
        text.push_str("≤: the time limit stopped that budget early; its optimum is at most the bound shown.\n");
    }
    text
}

/// The curve for a spreadsheet: one row per budget, amounts in currency units.
pub fn sweep_csv(curve: &Curve, objective: Objective) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let word = objective_word(objective);
    let _ = w.write_record([
        "budget",
        word,
        "upper_bound",
        "creators",
        "spend",
        "per_1000",
        "knee",
        "status",
    ]);
    for (i, p) in curve.points.iter().enumerate() {
        let (obj, bound, creators, spend, status) = match &p.outcome {
            Ok(sol) => (
                sol.value.to_string(),
                p.bound().map(|b| b.to_string()).unwrap_or_default(),
                sol.chosen.len().to_string(),
                Money::from_cents(sol.cost).plain(),
                if p.bound().is_some() {
                    "bounded".to_string()
                } else {
                    "optimal".to_string()
                },
            ),
            Err(why) => (
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                why.clone(),
            ),
        };
        let _ = w.write_record([
            p.budget.plain(),
            obj,
            bound,
            creators,
            spend,
            curve.marginal[i]
                .map(|m| format!("{m:.2}"))
                .unwrap_or_default(),
            if curve.knee == Some(i) {
                "yes".into()
            } else {
                String::new()
            },
            status,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The curve as JSON: amounts as exact decimal numbers in currency units.
pub fn sweep_json(curve: &Curve, objective: Objective, currency: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut points = Vec::new();
    for (i, p) in curve.points.iter().enumerate() {
        let mut fields = vec![format!("\"budget\": {}", p.budget.plain())];
        match &p.outcome {
            Ok(sol) => {
                fields.push(format!("\"objective\": {}", sol.value));
                if let Some(b) = p.bound() {
                    fields.push(format!("\"upper_bound\": {b}"));
                }
                fields.push(format!("\"creators\": {}", sol.chosen.len()));
                fields.push(format!(
                    "\"spend\": {}",
                    Money::from_cents(sol.cost).plain()
                ));
                fields.push(format!(
                    "\"status\": {}",
                    q(if p.bound().is_some() {
                        "bounded"
                    } else {
                        "optimal"
                    })
                ));
            }
            Err(why) => {
                fields.push("\"status\": \"no plan\"".into());
                fields.push(format!("\"reason\": {}", q(why)));
            }
        }
        if let Some(m) = curve.marginal[i] {
            fields.push(format!("\"per_1000\": {m:.2}"));
        }
        fields.push(format!("\"knee\": {}", curve.knee == Some(i)));
        points.push(format!("    {{{}}}", fields.join(", ")));
    }
    let knee = curve
        .knee
        .map_or("null".to_string(), |k| curve.points[k].budget.plain());
    format!(
        "{{\n  \"currency\": {},\n  \"objective\": {},\n  \"knee\": {knee},\n  \"points\": [\n{}\n  ]\n}}\n",
        q(currency),
        q(objective_word(objective)),
        points.join(",\n")
    )
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
