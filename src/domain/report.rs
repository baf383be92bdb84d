//! The optimizer's failures in words: one sentence for the user, with the roster's names for
//! tiers and niches and amounts in the plan's currency. The solver returns failure as data
//! (which limit, by how much, in cents); this is the one place that writes it out, for the
//! planner and `scout plan` alike.

use solver::{Infeasible, InvalidInput, Minimum, OptimizeError};

use super::money::Money;
use super::proposal::Problem;
use super::roster::Roster;
use super::tier::TierId;

/// The optimizer's failure as one line: `no feasible plan: ...` and the limit that fails.
pub fn explain(err: &OptimizeError, roster: &Roster, currency: &str) -> String {
    match err {
        OptimizeError::Infeasible(why) => {
            format!("no feasible plan: {}", infeasible(why, roster, currency))
        }
        OptimizeError::Cancelled => "optimization cancelled".into(),
        OptimizeError::TimedOut => "time limit reached before any plan met the minimums".into(),
        OptimizeError::InvalidInput(why) => {
            format!("invalid optimizer input: {}", invalid(why))
        }
    }
}

/// Why an optimal plan came back with nobody in it, for `scout plan`, where a plan with no
/// creators is a failure: the count limit, the budget, the share limit, or nobody worth adding.
pub fn explain_empty(problem: &Problem, currency: &str) -> String {
    let cons = &problem.constraints;
    let money = |cents: i64| Money::from_cents(cents).display(currency);
    let n = super::number::grouped(problem.candidates.len() as u64);
    let cheapest = problem.candidates.iter().map(|c| c.cost).min().unwrap_or(0);
    let why = if cons.max_creators == Some(0) {
        "the count limit allows at most 0 creators".to_string()
    } else if cheapest > cons.budget {
        format!(
            "no creator fits the budget of {} (the cheapest of the {n} candidates costs {})",
            money(cons.budget),
            money(cheapest)
        )
    } else if let Some(cap) = cons.max_cost_each
        && cheapest > cap
    {
        format!(
            "no creator's fee is within the share limit of {} each (the cheapest of the {n} candidates costs {})",
            money(cap),
            money(cheapest)
        )
    } else {
        format!("none of the {n} candidates that fit the budget adds anything to the objective")
    };
    format!("no feasible plan: {why}")
}

fn infeasible(why: &Infeasible, roster: &Roster, currency: &str) -> String {
    let money = |cents: i64| Money::from_cents(cents).display(currency);
    let group = |m: &Minimum| group_name(*m, roster);
    match why {
        Infeasible::CountRange { min, max } => {
            format!("at least {min} and at most {max} creators cannot both hold")
        }
        Infeasible::NegativeBudget { budget } => {
            format!("the budget of {} is negative", money(*budget))
        }
        Infeasible::LockedOverBudget {
            locked,
            cost,
            budget,
        } => format!(
            "{} already cost {}, over the budget of {}",
            plural(u64::from(*locked), "locked creator", "locked creators"),
            money(*cost),
            money(*budget)
        ),
        Infeasible::LockedOverMax { locked, max } => format!(
            "{} locked, more than the maximum of {max}",
            plural(u64::from(*locked), "creator is", "creators are")
        ),
        Infeasible::NoneFit { locked: 0, .. } => "no creator fits the budget".into(),
        Infeasible::NoneFit { required, .. } => format!(
            "no creator fits the budget beside the locked ones, {required} creators required"
        ),
        Infeasible::TooFewFit { fit, required } => format!(
            "only {} fit the budget, {required} required",
            plural(*fit, "creator", "creators")
        ),
        Infeasible::CountOverBudget { count, cost, left } => format!(
            "the {count} cheapest creators cost {}, over the {} left in the budget",
            money(*cost),
            money(*left)
        ),
        Infeasible::TooFewInGroup {
            minimum,
            fit,
            required,
        } => format!("only {fit} {} fit, {required} required", group(minimum)),
        Infeasible::GroupOverBudget {
            minimum,
            count,
            cost,
            left,
        } => format!(
            "the {count} cheapest {} cost {}, over the {} left in the budget",
            group(minimum),
            money(*cost),
            money(*left)
        ),
        Infeasible::GroupOverMax {
            minimum,
            required,
            max,
        } => format!(
            "{required} {} are required, more than the maximum of {max} creators",
            group(minimum)
        ),
        Infeasible::TiersOverMax { need, max } => format!(
            "the tier minimums need {need} more creators, over the maximum of {max} creators"
        ),
        Infeasible::NoPlan => "no choice of creators meets every minimum within the budget".into(),
    }
}

fn invalid(why: &InvalidInput) -> String {
    match why {
        InvalidInput::NegativeFee { key } => format!("creator {key} has a negative fee"),
        InvalidInput::ValueTooLarge { key } => {
            format!("creator {key} has a value too large to optimise exactly")
        }
        InvalidInput::TotalValueTooLarge => "total value too large to optimise exactly".into(),
    }
}

/// `micro creators`, `fitness creators`; an id the roster does not know stays an id.
fn group_name(m: Minimum, roster: &Roster) -> String {
    match m {
        Minimum::Tier(t) => format!("{} creators", roster.scheme().name(TierId(t))),
        Minimum::Niche(n) if usize::from(n) < roster.niches.len() => {
            format!("{} creators", roster.niches.name(n))
        }
        Minimum::Niche(n) => format!("niche-{n} creators"),
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fees::FeeModel;
    use crate::domain::tier::TierScheme;

    /// Micro creators on Instagram with a fitness or food niche.
    fn roster() -> Roster {
        let text = "handle,platform,followers,engagement_rate,niches,rate\n\
                    a,instagram,20000,4%,fitness,100\n\
                    b,instagram,20000,4%,food,100\n";
        let (r, report) = crate::io::roster::load(
            vec![crate::io::roster::Source::Embedded {
                name: "t.csv".into(),
                text,
            }],
            crate::io::roster::FieldMap::default(),
            TierScheme::default(),
            FeeModel::default(),
        );
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        r
    }

    fn says(why: Infeasible) -> String {
        explain(&OptimizeError::Infeasible(why), &roster(), "USD")
    }

    #[test]
    fn tier_and_niche_ids_read_as_roster_names() {
        let r = roster();
        let fitness = r.niches.find("fitness").expect("interned");
        let msg = says(Infeasible::TooFewInGroup {
            minimum: Minimum::Tier(1),
            fit: 2,
            required: 3,
        });
        assert_eq!(
            msg,
            "no feasible plan: only 2 micro creators fit, 3 required"
        );
        let msg = says(Infeasible::GroupOverMax {
            minimum: Minimum::Niche(fitness),
            required: 4,
            max: 2,
        });
        assert_eq!(
            msg,
            "no feasible plan: 4 fitness creators are required, more than the maximum of 2 creators"
        );
        // An id the roster does not know stays an id; tier 255 is the unranked tier.
        let msg = says(Infeasible::TooFewInGroup {
            minimum: Minimum::Niche(999),
            fit: 0,
            required: 1,
        });
        assert_eq!(
            msg,
            "no feasible plan: only 0 niche-999 creators fit, 1 required"
        );
        let msg = says(Infeasible::TooFewInGroup {
            minimum: Minimum::Tier(255),
            fit: 1,
            required: 2,
        });
        assert!(msg.contains("only 1 unranked creators fit"), "{msg}");
    }

    #[test]
    fn failures_name_amounts_in_the_plan_currency() {
        let r = roster();
        let err = OptimizeError::Infeasible(Infeasible::LockedOverBudget {
            locked: 2,
            cost: 250_050,
            budget: 200_000,
        });
        assert_eq!(
            explain(&err, &r, "EUR"),
            "no feasible plan: 2 locked creators already cost €2,500.50, over the budget of €2,000"
        );
        assert!(explain(&err, &r, "SEK").contains("2,500.50 SEK"));
        let err = OptimizeError::Infeasible(Infeasible::GroupOverBudget {
            minimum: Minimum::Tier(1),
            count: 3,
            cost: 69_000,
            left: 50_000,
        });
        assert_eq!(
            explain(&err, &r, "EUR"),
            "no feasible plan: the 3 cheapest micro creators cost €690, over the €500 left in the budget"
        );
    }

    /// The sentences the solver used to write itself, word for word.
    #[test]
    fn every_failure_reads_as_before() {
        let cases = [
            (
                Infeasible::CountRange { min: 5, max: 3 },
                "at least 5 and at most 3 creators cannot both hold",
            ),
            (
                Infeasible::NegativeBudget { budget: -500 },
                "the budget of -$5 is negative",
            ),
            (
                Infeasible::LockedOverBudget {
                    locked: 1,
                    cost: 250_050,
                    budget: 200_000,
                },
                "1 locked creator already cost $2,500.50, over the budget of $2,000",
            ),
            (
                Infeasible::LockedOverMax { locked: 1, max: 0 },
                "1 creator is locked, more than the maximum of 0",
            ),
            (
                Infeasible::LockedOverMax { locked: 3, max: 2 },
                "3 creators are locked, more than the maximum of 2",
            ),
            (
                Infeasible::NoneFit {
                    locked: 0,
                    required: 1,
                },
                "no creator fits the budget",
            ),
            (
                Infeasible::NoneFit {
                    locked: 2,
                    required: 4,
                },
                "no creator fits the budget beside the locked ones, 4 creators required",
            ),
            (
                Infeasible::TooFewFit {
                    fit: 300,
                    required: 400,
                },
                "only 300 creators fit the budget, 400 required",
            ),
            (
                Infeasible::CountOverBudget {
                    count: 3,
                    cost: 69_000,
                    left: 50_000,
                },
                "the 3 cheapest creators cost $690, over the $500 left in the budget",
            ),
            (
                Infeasible::TiersOverMax { need: 7, max: 5 },
                "the tier minimums need 7 more creators, over the maximum of 5 creators",
            ),
            (
                Infeasible::NoPlan,
                "no choice of creators meets every minimum within the budget",
            ),
        ];
        for (why, want) in cases {
            assert_eq!(says(why), format!("no feasible plan: {want}"));
        }
        let r = roster();
        assert_eq!(
            explain(&OptimizeError::Cancelled, &r, "USD"),
            "optimization cancelled"
        );
        assert_eq!(
            explain(&OptimizeError::TimedOut, &r, "USD"),
            "time limit reached before any plan met the minimums"
        );
        assert_eq!(
            explain(
                &OptimizeError::InvalidInput(InvalidInput::NegativeFee { key: 7 }),
                &r,
                "USD"
            ),
            "invalid optimizer input: creator 7 has a negative fee"
        );
    }

    /// An optimal plan with nobody in it names the limit that empties it: `--max-creators 0`
    /// is the count limit, not the budget.
    #[test]
    fn an_empty_plan_names_its_cause() {
        use crate::domain::money::Money;
        use crate::domain::plan::{Campaign, Plan};
        use crate::domain::proposal::{Limits, build};
        let r = roster();
        let plan = |units| {
            Plan::new(Campaign {
                budget: Money::from_units(units),
                ..Campaign::default()
            })
        };
        let limits = |text| Limits::parse(text).unwrap();
        let prob = build(&r, &[0, 1], &plan(1000), &limits("max 0")).unwrap();
        let msg = explain_empty(&prob, "EUR");
        assert_eq!(
            msg,
            "no feasible plan: the count limit allows at most 0 creators"
        );
        let prob = build(&r, &[0, 1], &plan(1), &limits("")).unwrap();
        assert_eq!(
            explain_empty(&prob, "EUR"),
            "no feasible plan: no creator fits the budget of €1 (the cheapest of the 2 candidates costs €100)"
        );
        let prob = build(&r, &[0, 1], &plan(1000), &limits("share 5%")).unwrap();
        assert_eq!(
            explain_empty(&prob, "EUR"),
            "no feasible plan: no creator's fee is within the share limit of €50 each (the cheapest of the 2 candidates costs €100)"
        );
    }
}
