//! The optimizer in the planner: `o` asks for limits, the search runs on its own thread with
//! a progress box (Esc cancels), and the answer comes back as a proposal: what would be
//! added, removed and kept, with the totals before and after, to accept or dismiss. The
//! dialogs are drawn by [`views::optimizer`](super::views::optimizer).

use std::time::Duration;

use super::action::Action;
use super::app::{App, Overlay};
use super::jobs::{OptimizerJob, Polled};
use crate::domain::proposal::{Limits, Proposal, build, propose};
use crate::domain::report::explain;

/// The longest a search runs in the planner; it then returns its best plan with a proven
/// bound on how far from the best it can be.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

impl App {
    /// Enter in the limits dialog: builds the problem over the current view and starts the
    /// search. An error keeps the dialog open with the reason.
    pub(crate) fn start_optimizer(&mut self, text: &str) -> Result<Overlay, String> {
        let limits = Limits::parse(text)?;
        if self.plan().campaign.budget.cents() <= 0 {
            return Err("set a budget first (b)".into());
        }
        if self.load.loading {
            return Err("the roster is still loading: wait for it to finish".into());
        }
        let problem = build(&self.roster, &self.view.rows, self.plan(), &limits)?;
        if problem.candidates.is_empty() {
            return Err("no creator in view: loosen the filters".into());
        }
        let job = OptimizerJob::start(problem, TIME_LIMIT)?;
        self.limits = limits;
        Ok(Overlay::Optimizing(job))
    }

    /// Whether a search is running (the event loop then wakes often to show progress).
    pub fn optimizing(&self) -> bool {
        matches!(self.overlay, Overlay::Optimizing(_))
    }

    /// Takes the search's answer when it is ready and shows it as a proposal (or its failure
    /// as a message); true when the screen changed and must be drawn.
    pub fn poll_optimizer(&mut self) -> bool {
        let Overlay::Optimizing(job) = &self.overlay else {
            return false;
        };
        let currency = &self.plan().campaign.currency;
        let result = match job.poll() {
            Polled::Running => return false,
            Polled::Done(r) => r.map_err(|e| explain(&e, &self.roster, currency)),
            Polled::Lost => Err("the optimizer stopped unexpectedly".to_string()),
        };
        let Overlay::Optimizing(job) = std::mem::replace(&mut self.overlay, Overlay::None) else {
            return false;
        };
        self.overlay = match result {
            Ok(sol) => {
                let p = propose(&self.roster, self.plan(), job.problem(), &sol);
                Overlay::Proposal {
                    proposal: Box::new(p),
                    scroll: 0,
                }
            }
            Err(msg) => {
                self.message = Some(msg);
                Overlay::None
            }
        };
        true
    }

    /// Waits for the running search (tests, and headless use of the planner state).
    pub fn wait_optimizer(&mut self) {
        while self.optimizing() {
            std::thread::sleep(Duration::from_millis(5));
            self.poll_optimizer();
        }
    }

    pub(crate) fn update_optimizing(&mut self, job: OptimizerJob, action: Action) -> Overlay {
        if action == Action::Cancel {
            drop(job); // dropping the job cancels it
            self.message = Some("optimization cancelled".into());
            return Overlay::None;
        }
        Overlay::Optimizing(job)
    }

    pub(crate) fn update_proposal(
        &mut self,
        proposal: Box<Proposal>,
        scroll: usize,
        action: Action,
    ) -> Overlay {
        match action {
            Action::Yes | Action::Confirm => {
                if proposal.is_empty() && proposal.budget.is_none() {
                    self.message =
                        Some("nothing to change: the shortlist is already the best".into());
                } else {
                    proposal.apply_to(&mut self.session.file.plan);
                    if proposal.budget.is_some()
                        && let Some(curve) = self.curve_taken.take()
                    {
                        crate::io::curve::put(&mut self.session.file.doc, &curve);
                    }
                    let budget = match proposal.budget {
                        Some(b) => format!(
                            "budget {} and its plan taken",
                            b.display(&self.plan().campaign.currency)
                        ),
                        None => "proposal accepted".to_string(),
                    };
                    self.message = Some(format!(
                        "{budget}: +{} −{} creators · u undoes",
                        proposal.added.len(),
                        proposal.removed.len()
                    ));
                    self.touched();
                    self.focus_shortlist();
                }
                Overlay::None
            }
            Action::No | Action::Cancel => {
                self.curve_taken = None;
                self.message = Some("proposal dismissed".into());
                Overlay::None
            }
            Action::Down | Action::WheelDown => Overlay::Proposal {
                proposal,
                scroll: scroll + 1,
            },
            Action::Up | Action::WheelUp => Overlay::Proposal {
                proposal,
                scroll: scroll.saturating_sub(1),
            },
            Action::PageDown => Overlay::Proposal {
                proposal,
                scroll: scroll + 10,
            },
            Action::PageUp => Overlay::Proposal {
                proposal,
                scroll: scroll.saturating_sub(10),
            },
            _ => Overlay::Proposal { proposal, scroll },
        }
    }
}
