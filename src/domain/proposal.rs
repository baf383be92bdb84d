//! From a plan and the creators in view to an optimizer problem, and from the optimizer's
//! answer back to a proposed shortlist: what would be added, removed and kept, with the
//! totals before and after. Shared by the planner's optimize key and `scout plan`; no terminal
//! code. Its failures are put into words by `report`.
//!
//! Who is a candidate: every creator in view, plus every creator already shortlisted (so a
//! shortlisted creator outside the current filters is weighed, never silently dropped).
//! Shortlisted creators are weighed at their recorded figures (a negotiated fee counts as
//! negotiated); those contacted or beyond are locked in; declined ones are never picked and
//! stay in the list as declined.
//!
//! Every candidate is priced at what it costs the brand up front: a shortlisted creator at
//! fee + gifted product + shipping (`ShortlistEntry::cost`; a commission is paid later, on
//! sales, and costs nothing now), a roster creator at the fee a new entry would have.

use super::creator::Platform;
use super::fees::scale_fee;
use super::plan::{Objective, Plan, ShortlistEntry, Totals};
use super::roster::Roster;
use solver::{Candidate, Constraints, Solution};

/// The planner's side constraints, typed as one line (`max 20 share 25% micro=3 fitness=2`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    pub min_creators: Option<u32>,
    pub max_creators: Option<u32>,
    /// Most of the budget one creator may take, in hundredths of a percent (2500 = 25%).
    pub max_share_bp: Option<u32>,
    /// `NAME=K`: at least K creators of the tier, or having the niche, called NAME.
    pub minimums: Vec<(String, u32)>,
}

fn whole(word: &str, what: &str) -> Result<u32, String> {
    word.parse()
        .map_err(|_| format!("{what}: `{word}` is not a whole number"))
}

/// `25`, `25%`, `12.5%` -> hundredths of a percent, above 0 and at most 100%. The one
/// reader of a budget share, for the planner's limits and `scout plan --max-share`.
pub fn share(word: &str) -> Result<u32, String> {
    let t = word.trim_end_matches('%');
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let bad = || format!("`{word}` should be a percentage above 0 and at most 100");
    if frac.len() > 2 || int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let int: u32 = int.parse().map_err(|_| bad())?;
    let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let bp = int.checked_mul(100).and_then(|v| v.checked_add(frac));
    match bp {
        Some(bp) if bp > 0 && bp <= 10_000 => Ok(bp),
        _ => Err(bad()),
    }
}

impl Limits {
    /// Reads `max 20, min 5, share 25%, micro=3, fitness=2` (commas, spaces or `·` between;
    /// `max=20` works too). Names are checked against the roster when the problem is built.
    pub fn parse(text: &str) -> Result<Limits, String> {
        let mut l = Limits::default();
        let cleaned = text.replace([',', '·', ';'], " ");
        let mut words = cleaned.split_whitespace().peekable();
        while let Some(w) = words.next() {
            let lower = w.to_lowercase();
            // `max=20` as well as `max 20`.
            let (key, inline) = match lower.split_once('=') {
                Some((k, v)) if matches!(k, "max" | "min" | "share") => {
                    (k.to_string(), Some(v.to_string()))
                }
                _ => (lower.clone(), None),
            };
            let mut value = |what: &str| -> Result<String, String> {
                match &inline {
                    Some(v) => Ok(v.clone()),
                    None => words
                        .next()
                        .map(str::to_string)
                        .ok_or_else(|| format!("`{what}` needs a value")),
                }
            };
            match key.as_str() {
                "max" => l.max_creators = Some(whole(&value("max")?, "max")?),
                "min" => l.min_creators = Some(whole(&value("min")?, "min")?),
                "share" => {
                    let v = value("share")?;
                    l.max_share_bp = Some(share(&v).map_err(|e| format!("share: {e}"))?);
                }
                _ => {
                    let (name, k) = w
                        .split_once(">=")
                        .or_else(|| w.split_once('='))
                        .ok_or_else(|| {
                            format!("`{w}`: use max N, min N, share P% or NAME=K (a tier or niche)")
                        })?;
                    if name.is_empty() {
                        return Err(format!("`{w}`: a tier or niche name goes before ="));
                    }
                    l.minimums.push((name.to_string(), whole(k, name)?));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (l.min_creators, l.max_creators)
            && lo > hi
        {
            return Err(format!("min {lo} is more than max {hi}"));
        }
        Ok(l)
    }

    /// Most one creator may cost at this budget (cents), from the share limit.
    pub fn fee_cap(&self, budget: i64) -> Option<i64> {
        self.max_share_bp
            .map(|bp| (i128::from(budget) * i128::from(bp) / 10_000) as i64)
    }

    /// The limits as they would be typed, for showing and for editing again.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.min_creators {
            parts.push(format!("min {n}"));
        }
        if let Some(n) = self.max_creators {
            parts.push(format!("max {n}"));
        }
        if let Some(bp) = self.max_share_bp {
            if bp % 100 == 0 {
                parts.push(format!("share {}%", bp / 100));
            } else {
                parts.push(format!("share {}.{:02}%", bp / 100, bp % 100));
            }
        }
        for (name, k) in &self.minimums {
            parts.push(format!("{name}={k}"));
        }
        parts.join(" ")
    }
}

/// Where a candidate comes from, so the answer can be turned back into entries.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    /// A roster creator not in the shortlist.
    Roster(u32),
    /// The shortlist entry at this position.
    Entry(usize),
}

/// An optimizer problem built from a plan and a view.
#[derive(Clone, Debug)]
pub struct Problem {
    pub candidates: Vec<Candidate>,
    pub constraints: Constraints,
    /// Creators from the view, and entries from the shortlist, among the candidates.
    pub from_view: usize,
    pub from_shortlist: usize,
    sources: Vec<Source>,
}

/// The fee, in cents, of creator `i` for `posts` deliverables of `format`, exactly as a new
/// shortlist entry would have it.
fn roster_cost(roster: &Roster, i: u32, posts: u32, format: Option<&str>) -> i64 {
    let mult = format
        .and_then(|f| roster.model().format_multiplier(roster.platform(i), f))
        .unwrap_or(1.0);
    scale_fee(roster.fee(i), mult).saturating_mul(posts).cents()
}

fn entry_value(e: &ShortlistEntry, objective: Objective) -> u64 {
    match objective {
        Objective::Engagements => e.expected_engagements,
        Objective::Reach => e.expected_reach,
    }
}

/// Builds the problem: candidates from the view and the shortlist, the budget, and the
/// limits with their names resolved against the roster's tiers and niches.
pub fn build(
    roster: &Roster,
    view: &[u32],
    plan: &Plan,
    limits: &Limits,
) -> Result<Problem, String> {
    let camp = &plan.campaign;
    let posts = camp.posts.max(1);
    let mut candidates = Vec::with_capacity(view.len() + plan.shortlist.len());
    let mut sources = Vec::with_capacity(candidates.capacity());
    // Roster rows already covered by an entry.
    let mut listed = std::collections::HashSet::new();
    let extra = roster.len() as u32;
    let mut from_shortlist = 0;
    for (j, e) in plan.shortlist.iter().enumerate() {
        let row = roster.find(e.platform, &e.handle);
        if let Some(r) = row {
            listed.insert(r);
        }
        if !e.is_counted() {
            continue; // declined: never picked, stays listed as declined
        }
        from_shortlist += 1;
        candidates.push(Candidate {
            key: row.unwrap_or(extra + j as u32),
            cost: e.cost().cents(),
            value: entry_value(e, camp.objective),
            tier: roster.scheme().find(&e.tier).map_or(255, |t| t.0),
            niches: e
                .niches
                .iter()
                .filter_map(|n| roster.niches.find(n))
                .collect(),
            locked: e.status.is_locked(),
        });
        sources.push(Source::Entry(j));
    }
    let mut from_view = 0;
    for &i in view {
        if listed.contains(&i) {
            continue;
        }
        from_view += 1;
        let per_post = match camp.objective {
            Objective::Engagements => roster.expected_engagements(i),
            Objective::Reach => roster.expected_reach(i),
        };
        candidates.push(Candidate {
            key: i,
            cost: roster_cost(roster, i, posts, camp.format.as_deref()),
            value: per_post.saturating_mul(u64::from(posts)),
            tier: roster.tier(i).0,
            niches: roster.niche_ids(i).to_vec(),
            locked: false,
        });
        sources.push(Source::Roster(i));
    }
    let budget = camp.budget.cents();
    let mut constraints = Constraints {
        budget,
        min_creators: limits.min_creators,
        max_creators: limits.max_creators,
        max_cost_each: limits.fee_cap(budget),
        ..Constraints::default()
    };
    for (name, k) in &limits.minimums {
        if let Some(t) = roster.scheme().find(name) {
            constraints.min_per_tier.push((t.0, *k));
        } else if let Some(n) = roster.niches.find(name) {
            constraints.min_per_niche.push((n, *k));
        } else {
            return Err(format!(
                "`{name}` is neither a tier nor a niche of this roster"
            ));
        }
    }
    Ok(Problem {
        candidates,
        constraints,
        from_view,
        from_shortlist,
        sources,
    })
}

/// The optimizer's answer as a change to the shortlist.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub added: Vec<ShortlistEntry>,
    /// Entries the answer drops (always unlocked, never declined).
    pub removed: Vec<ShortlistEntry>,
    /// Entries the answer keeps, locked ones included.
    pub kept: Vec<ShortlistEntry>,
    pub before: Totals,
    pub after: Totals,
    /// Whether the answer is proven best, or its proven distance from the best.
    pub status: solver::Status,
    pub value: u64,
    /// The budget the proposal comes with (a point of the budget curve), taken in the same
    /// edit; `None` keeps the plan's.
    pub budget: Option<super::money::Money>,
}

impl Proposal {
    /// `(platform, handle)` of every removed entry, for `Plan::apply_changes`.
    pub fn removals(&self) -> Vec<(Platform, String)> {
        self.removed
            .iter()
            .map(|e| (e.platform, e.handle.clone()))
            .collect()
    }

    /// Whether accepting would change nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// The plan with the proposal applied (one undoable edit).
    pub fn apply_to(&self, plan: &mut Plan) {
        match self.budget {
            Some(b) => plan.apply_changes_at_budget(
                "budget curve point",
                b,
                &self.removals(),
                self.added.clone(),
            ),
            None => plan.apply_changes("optimizer proposal", &self.removals(), self.added.clone()),
        }
    }
}

/// Turns a solution of `problem` into a proposal against `plan`.
pub fn propose(roster: &Roster, plan: &Plan, problem: &Problem, sol: &Solution) -> Proposal {
    let chosen: std::collections::HashSet<u32> = sol.chosen.iter().copied().collect();
    let camp = &plan.campaign;
    let mut added = Vec::new();
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    for (c, src) in problem.candidates.iter().zip(&problem.sources) {
        let picked = chosen.contains(&c.key);
        match *src {
            Source::Entry(j) if picked => kept.push(plan.shortlist[j].clone()),
            Source::Entry(j) => removed.push(plan.shortlist[j].clone()),
            Source::Roster(i) if picked => added.push(ShortlistEntry::from_roster(
                roster,
                i,
                camp.posts,
                camp.format.as_deref(),
            )),
            Source::Roster(_) => {}
        }
    }
    // Highest value first reads best in a list of additions.
    added.sort_by(|a, b| {
        entry_value(b, camp.objective)
            .cmp(&entry_value(a, camp.objective))
            .then(a.handle.cmp(&b.handle))
    });
    let mut after_plan = Plan::new(camp.clone());
    after_plan.shortlist = plan.shortlist.clone();
    let removals: Vec<(Platform, String)> = removed
        .iter()
        .map(|e| (e.platform, e.handle.clone()))
        .collect();
    after_plan.apply_changes("optimizer proposal", &removals, added.clone());
    Proposal {
        added,
        removed,
        kept,
        before: plan.totals(),
        after: after_plan.totals(),
        status: sol.status,
        value: sol.value,
        budget: None,
    }
}

/// The proposal for another budget (a point of the budget curve): the same diff as `propose`,
/// with the totals after it at that budget, to be taken with it as one edit.
pub fn propose_at_budget(
    roster: &Roster,
    plan: &Plan,
    problem: &Problem,
    sol: &Solution,
    budget: super::money::Money,
) -> Proposal {
    let mut at = Plan::new(plan.campaign.clone());
    at.shortlist = plan.shortlist.clone();
    at.campaign.budget = budget;
    let mut p = propose(roster, &at, problem, sol);
    p.before = plan.totals();
    p.budget = Some(budget);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fees::FeeModel;
    use crate::domain::money::Money;
    use crate::domain::plan::{Campaign, Status};
    use crate::domain::tier::TierScheme;
    use solver::optimize;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn limits_read_as_typed_and_print_back() {
        let l = Limits::parse("max 20, min=5 · share 12.5% micro=3 fitness>=2").unwrap();
        assert_eq!(l.max_creators, Some(20));
        assert_eq!(l.min_creators, Some(5));
        assert_eq!(l.max_share_bp, Some(1250));
        assert_eq!(
            l.minimums,
            vec![("micro".to_string(), 3), ("fitness".to_string(), 2)]
        );
        assert_eq!(Limits::parse(&l.to_text()).unwrap(), l);
        assert_eq!(Limits::parse("").unwrap(), Limits::default());
        for bad in [
            "max",
            "max x",
            "share 0",
            "share 101%",
            "share 1.234",
            "min 5 max 2",
            "=3",
            "frob",
        ] {
            assert!(Limits::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    /// A roster of `n` micro creators on Instagram with a fitness or food niche.
    fn roster(rows: &[(&str, u64, &str, &str)]) -> Roster {
        let mut text = String::from("handle,platform,followers,engagement_rate,niches,rate\n");
        for (h, f, niche, rate) in rows {
            text.push_str(&format!("{h},instagram,{f},4%,{niche},{rate}\n"));
        }
        let (r, report) = crate::io::roster::load(
            vec![crate::io::roster::Source::Embedded {
                name: "t.csv".into(),
                text: Box::leak(text.into_boxed_str()),
            }],
            crate::io::roster::FieldMap::default(),
            TierScheme::default(),
            FeeModel::default(),
        );
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        r
    }

    fn solve(p: &Problem) -> Solution {
        optimize(
            &p.candidates,
            &p.constraints,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap()
    }

    #[test]
    fn locked_entries_stay_declined_are_never_picked_and_outside_the_view_is_weighed() {
        let r = roster(&[
            ("a", 20_000, "fitness", "100"),
            ("b", 30_000, "fitness", "100"),
            ("c", 40_000, "food", "100"),
            ("d", 50_000, "food", "5000"),
        ]);
        let mut plan = Plan::new(Campaign {
            budget: Money::from_units(250),
            ..Campaign::default()
        });
        for h in ["a", "d"] {
            let i = r.find(Platform::Instagram, h).unwrap();
            plan.add(ShortlistEntry::from_roster(&r, i, 1, None))
                .unwrap();
        }
        let c = r.find(Platform::Instagram, "c").unwrap();
        plan.add(ShortlistEntry::from_roster(&r, c, 1, None))
            .unwrap();
        plan.set_status(Platform::Instagram, "a", Status::Contacted)
            .unwrap();
        plan.set_status(Platform::Instagram, "c", Status::Declined)
            .unwrap();
        // The view holds b and c only; a (locked) and d (listed, over budget) come from the
        // shortlist.
        let view: Vec<u32> = ["b", "c"]
            .iter()
            .map(|h| r.find(Platform::Instagram, h).unwrap())
            .collect();
        let prob = build(&r, &view, &plan, &Limits::default()).unwrap();
        assert_eq!((prob.from_view, prob.from_shortlist), (1, 2));
        let sol = solve(&prob);
        let p = propose(&r, &plan, &prob, &sol);
        let names = |v: &[ShortlistEntry]| v.iter().map(|e| e.handle.clone()).collect::<Vec<_>>();
        assert_eq!(names(&p.kept), ["a"]);
        assert_eq!(names(&p.added), ["b"]);
        assert_eq!(
            names(&p.removed),
            ["d"],
            "d costs more than the whole budget"
        );
        assert_eq!(p.after.spend, Money::from_units(200));
        assert_eq!(p.after.creators, 3, "declined c stays in the list");
        p.apply_to(&mut plan);
        assert_eq!(plan.totals(), p.after);
        plan.undo().unwrap();
        assert_eq!(plan.totals(), p.before);
    }

    #[test]
    fn entries_are_priced_at_their_cost_to_the_brand() {
        let r = roster(&[
            ("a", 20_000, "fitness", "0"),
            ("b", 30_000, "fitness", "100"),
        ]);
        let mut plan = Plan::new(Campaign {
            budget: Money::from_units(150),
            ..Campaign::default()
        });
        let a = r.find(Platform::Instagram, "a").unwrap();
        plan.add(ShortlistEntry::from_roster(&r, a, 1, None))
            .unwrap();
        // Gifted at no fee: the product and its shipping are what a costs.
        plan.set_fee(Platform::Instagram, "a", Money::ZERO).unwrap();
        plan.set_compensation(
            Platform::Instagram,
            "a",
            Money::from_units(60),
            Money::from_units(20),
            Some(0.2),
        )
        .unwrap();
        let b = r.find(Platform::Instagram, "b").unwrap();
        let prob = build(&r, &[a, b], &plan, &Limits::default()).unwrap();
        let cost = |key| {
            prob.candidates
                .iter()
                .find(|c| c.key == key)
                .map(|c| c.cost)
        };
        assert_eq!(cost(a), Some(8_000), "fee 0 + product 60 + shipping 20");
        assert_eq!(cost(b), Some(10_000));
        // Both would fit on fees alone (0 + 100); with the product they do not.
        let p = propose(&r, &plan, &prob, &solve(&prob));
        assert_eq!(p.kept.len() + p.added.len(), 1);
        assert!(p.after.cost <= Money::from_units(150), "{:?}", p.after);
        assert_eq!(p.after.cost, p.after.spend + p.after.product);
    }

    #[test]
    fn limits_name_tiers_and_niches_of_the_roster() {
        let r = roster(&[("a", 20_000, "fitness", "100"), ("b", 3_000, "food", "50")]);
        let plan = Plan::new(Campaign {
            budget: Money::from_units(1000),
            ..Campaign::default()
        });
        let l = Limits::parse("micro=1 food=1 share 50%").unwrap();
        let prob = build(&r, &[0, 1], &plan, &l).unwrap();
        assert_eq!(prob.constraints.min_per_tier.len(), 1);
        assert_eq!(prob.constraints.min_per_niche.len(), 1);
        assert_eq!(prob.constraints.max_cost_each, Some(50_000));
        let err = build(&r, &[0, 1], &plan, &Limits::parse("beauty=2").unwrap()).unwrap_err();
        assert!(err.contains("beauty"), "{err}");
    }
}
