//! The budget curve in the planner: `B` sweeps budgets from a quarter to twice the plan's
//! budget over the creators in view with the optimizer's limits, on its own thread with
//! progress (Esc cancels); the curve then shows what each budget buys, and Enter takes the
//! budget under the cursor with its plan, through the same proposal as `o`. Drawn by
//! [`views::curve`](super::views::curve).

use std::time::Duration;

use super::action::Action;
use super::app::{App, Overlay};
use super::jobs::{CurveJob, Polled};
use super::state::CurveView;
use crate::domain::curve::Curve;
use crate::domain::money::Money;
use crate::domain::proposal::{build, propose_at_budget};

/// The longest one budget of the curve is searched; it then keeps its best with a bound.
pub const TIME_LIMIT_EACH: Duration = Duration::from_secs(2);

/// Budgets on the planner's curve: a quarter to twice the plan's budget in twentieths of it,
/// so the plan's own budget is one of them.
pub fn budgets_around(budget: Money) -> Vec<Money> {
    let b = i128::from(budget.cents());
    (5..=40)
        .map(|k| Money::from_cents((b * k / 20) as i64))
        .collect()
}

impl App {
    /// `B`: sweeps the budgets around the plan's over the creators in view.
    pub(crate) fn start_curve(&mut self) -> Overlay {
        let budget = self.plan().campaign.budget;
        let refuse = |app: &mut App, why: &str| {
            app.message = Some(why.to_string());
            Overlay::None
        };
        if budget.cents() <= 0 {
            return refuse(self, "set a budget first (b)");
        }
        if self.load.loading {
            return refuse(self, "the roster is still loading: wait for it to finish");
        }
        let problem = match build(&self.roster, &self.view.rows, self.plan(), &self.limits) {
            Ok(p) => p,
            Err(e) => return refuse(self, &e),
        };
        if problem.candidates.is_empty() {
            return refuse(self, "no creator in view: loosen the filters");
        }
        let job = CurveJob::start(
            problem,
            self.limits.clone(),
            budgets_around(budget),
            self.roster.clone(),
            self.plan().campaign.currency.clone(),
            TIME_LIMIT_EACH,
        );
        match job {
            Ok(job) => Overlay::Sweeping(job),
            Err(e) => refuse(self, &e),
        }
    }

    /// Whether the curve is being swept (the event loop then wakes often to show progress).
    pub fn sweeping(&self) -> bool {
        matches!(self.overlay, Overlay::Sweeping(_))
    }

    /// Takes the finished sweep and shows the curve, the cursor on the plan's budget; true
    /// when the screen changed.
    pub fn poll_curve(&mut self) -> bool {
        let Overlay::Sweeping(job) = &self.overlay else {
            return false;
        };
        let curve = match job.poll() {
            Polled::Running => return false,
            Polled::Done(c) => c,
            Polled::Lost => None,
        };
        let Overlay::Sweeping(job) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return false;
        };
        let Some(curve) = curve else {
            self.message = Some("the budget curve stopped unexpectedly".into());
            return true;
        };
        self.overlay = self.show_curve(curve, job.problem().clone());
        true
    }

    fn show_curve(&mut self, curve: Curve, problem: crate::domain::proposal::Problem) -> Overlay {
        let budget = self.plan().campaign.budget;
        let cursor = curve.at(budget).unwrap_or(0);
        Overlay::Curve(Box::new(CurveView {
            curve,
            cursor,
            problem,
            budget,
        }))
    }

    /// Waits for the sweep (tests).
    pub fn wait_curve(&mut self) {
        while self.sweeping() {
            std::thread::sleep(Duration::from_millis(5));
            self.poll_curve();
        }
    }

    pub(crate) fn update_sweeping(&mut self, job: CurveJob, action: Action) -> Overlay {
        if action == Action::Cancel {
            drop(job); // dropping the job cancels it
            self.message = Some("budget curve cancelled".into());
            return Overlay::None;
        }
        Overlay::Sweeping(job)
    }

    pub(crate) fn update_curve(&mut self, mut view: Box<CurveView>, action: Action) -> Overlay {
        let last = view.curve.points.len().saturating_sub(1);
        match action {
            Action::Right | Action::Down => view.cursor = (view.cursor + 1).min(last),
            Action::Left | Action::Up => view.cursor = view.cursor.saturating_sub(1),
            Action::Home => view.cursor = 0,
            Action::End => view.cursor = last,
            Action::Top => {
                if let Some(k) = view.curve.knee {
                    view.cursor = k;
                }
            }
            Action::Cancel => return Overlay::None,
            Action::Confirm => {
                let point = &view.curve.points[view.cursor];
                return match &point.outcome {
                    Ok(sol) => {
                        let p = propose_at_budget(
                            &self.roster,
                            self.plan(),
                            &view.problem,
                            sol,
                            point.budget,
                        );
                        self.curve_taken = Some(Box::new(view.curve.clone()));
                        Overlay::Proposal {
                            proposal: Box::new(p),
                            scroll: 0,
                        }
                    }
                    Err(why) => {
                        self.message = Some(format!(
                            "{}: {why}",
                            point.budget.display(&self.plan().campaign.currency)
                        ));
                        Overlay::Curve(view)
                    }
                };
            }
            _ => {}
        }
        Overlay::Curve(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plans_budget_is_on_the_curve() {
        let b = budgets_around(Money::from_units(15_000));
        assert_eq!(b.len(), 36);
        assert_eq!(b[0], Money::from_units(3_750));
        assert_eq!(b[15], Money::from_units(15_000));
        assert_eq!(b[35], Money::from_units(30_000));
    }
}
