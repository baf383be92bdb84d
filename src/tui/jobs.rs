//! The planner's background work: a first sort of a big roster by a new column, the
//! optimizer's search, and the budget curve's sweep. Each job is a thread and a channel, nothing else: no drawing and no
//! planner state. The state that shows a job owns it (the roster view its sort, the
//! optimizer's overlay its search), polls it between keys, and says "draw" when it finished.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::curve::Curve;
use crate::domain::filter::{SortKey, sort_rows};
use crate::domain::money::Money;
use crate::domain::proposal::{Limits, Problem};
use crate::domain::roster::Roster;
use crate::io::plan::PlanFile;
use solver::{OptimizeError, Progress, Solution, SweepProgress, optimize};

/// What polling a job found.
#[derive(Debug)]
pub enum Polled<T> {
    /// Still working.
    Running,
    /// Finished with this.
    Done(T),
    /// The thread ended without an answer (it panicked).
    Lost,
}

fn poll<T>(rx: &Receiver<T>) -> Polled<T> {
    match rx.try_recv() {
        Ok(v) => Polled::Done(v),
        Err(TryRecvError::Empty) => Polled::Running,
        Err(TryRecvError::Disconnected) => Polled::Lost,
    }
}

/// Every creator of a roster sorted by one key, on another thread.
#[derive(Debug)]
pub struct SortJob {
    key: (SortKey, bool),
    rx: Receiver<Vec<u32>>,
}

impl SortJob {
    pub fn start(roster: Arc<Roster>, key: SortKey, descending: bool) -> SortJob {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut all: Vec<u32> = (0..roster.len() as u32).collect();
            sort_rows(&roster, &mut all, key, descending);
            let _ = tx.send(all);
        });
        SortJob {
            key: (key, descending),
            rx,
        }
    }

    /// The sort and direction being computed.
    pub fn key(&self) -> (SortKey, bool) {
        self.key
    }

    pub fn poll(&self) -> Polled<Vec<u32>> {
        poll(&self.rx)
    }
}

/// The optimizer's search on its own thread, with its progress. Dropping the job cancels the
/// search.
pub struct OptimizerJob {
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<Option<Progress>>>,
    rx: Receiver<Result<Solution, OptimizeError>>,
    problem: Problem,
    started: Instant,
}

impl std::fmt::Debug for OptimizerJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OptimizerJob")
            .field("candidates", &self.candidates())
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

impl OptimizerJob {
    /// Starts searching `problem`, stopping at `time_limit` with its best and a bound.
    pub fn start(problem: Problem, time_limit: Duration) -> Result<OptimizerJob, String> {
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(None));
        let (tx, rx) = mpsc::channel();
        let (cands, mut cons) = (problem.candidates.clone(), problem.constraints.clone());
        cons.time_limit = Some(time_limit);
        let (c, p) = (Arc::clone(&cancel), Arc::clone(&progress));
        std::thread::Builder::new()
            .name("optimizer".into())
            .spawn(move || {
                let result = optimize(&cands, &cons, &c, &mut |pr| {
                    if let Ok(mut slot) = p.lock() {
                        *slot = Some(pr);
                    }
                });
                let _ = tx.send(result);
            })
            .map_err(|e| format!("cannot start the optimizer: {e}"))?;
        Ok(OptimizerJob {
            cancel,
            progress,
            rx,
            problem,
            started: Instant::now(),
        })
    }

    /// The latest progress the search reported.
    pub fn progress(&self) -> Option<Progress> {
        self.progress.lock().ok().and_then(|p| *p)
    }

    pub fn candidates(&self) -> usize {
        self.problem.candidates.len()
    }

    /// The problem being searched (the proposal is built against it).
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    pub fn poll(&self) -> Polled<Result<Solution, OptimizeError>> {
        poll(&self.rx)
    }
}

impl Drop for OptimizerJob {
    /// A job dropped unfinished (dismissed, quit) stops its thread.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The budget curve's sweep on its own thread, with how many budgets are done. Dropping the
/// job cancels it.
pub struct CurveJob {
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<SweepProgress>>,
    rx: Receiver<Option<Curve>>,
    problem: Problem,
    started: Instant,
}

impl std::fmt::Debug for CurveJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurveJob")
            .field("progress", &self.progress())
            .finish_non_exhaustive()
    }
}

impl CurveJob {
    /// Sweeps `budgets` over `problem`'s candidates and `limits` (each budget stops at
    /// `time_limit` with its best and a bound).
    pub fn start(
        problem: Problem,
        limits: Limits,
        budgets: Vec<Money>,
        roster: Arc<Roster>,
        currency: String,
        time_limit: Duration,
    ) -> Result<CurveJob, String> {
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(SweepProgress {
            done: 0,
            total: budgets.len(),
        }));
        let (tx, rx) = mpsc::channel();
        let mut swept = problem.clone();
        swept.constraints.time_limit = Some(time_limit);
        let (c, p) = (Arc::clone(&cancel), Arc::clone(&progress));
        std::thread::Builder::new()
            .name("budget curve".into())
            .spawn(move || {
                let curve = Curve::compute(
                    &swept,
                    &limits,
                    &budgets,
                    &roster,
                    &currency,
                    &c,
                    &mut |pr| {
                        if let Ok(mut slot) = p.lock() {
                            *slot = pr;
                        }
                    },
                );
                let _ = tx.send(curve);
            })
            .map_err(|e| format!("cannot start the budget curve: {e}"))?;
        Ok(CurveJob {
            cancel,
            progress,
            rx,
            problem,
            started: Instant::now(),
        })
    }

    /// Budgets done, and in all.
    pub fn progress(&self) -> SweepProgress {
        self.progress
            .lock()
            .map(|p| *p)
            .unwrap_or(SweepProgress { done: 0, total: 0 })
    }

    /// The problem swept (the proposal of a point is built against it).
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    /// `None` inside `Done`: cancelled.
    pub fn poll(&self) -> Polled<Option<Curve>> {
        poll(&self.rx)
    }
}

impl Drop for CurveJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A big plan being written to its file on another thread (rendering and writing tens of
/// thousands of entries is more than a frame). It carries a copy of the plan as saved; the
/// session takes that copy and the document the file now holds when it is done.
#[derive(Debug)]
pub struct SaveJob {
    rx: Receiver<Result<PlanFile, String>>,
    pub path: std::path::PathBuf,
    /// Quit once the plan is saved (a save asked for on the way out).
    pub then_quit: bool,
    /// Entries being written, for the hint line.
    pub entries: usize,
}

impl SaveJob {
    pub fn start(mut file: PlanFile, path: std::path::PathBuf, then_quit: bool) -> SaveJob {
        let (tx, rx) = mpsc::channel();
        let entries = file.plan.shortlist.len();
        let to = path.clone();
        std::thread::spawn(move || {
            let result = file.save(&to).map(|()| file);
            let _ = tx.send(result);
        });
        SaveJob {
            rx,
            path,
            then_quit,
            entries,
        }
    }

    pub fn poll(&self) -> Polled<Result<PlanFile, String>> {
        poll(&self.rx)
    }
}
