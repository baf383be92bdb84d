//! The roster's load: whether it is still running and how far it got, how often the view
//! follows it, and the problems it reported.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::io::roster::{FileMapping, LoadProgress};

#[derive(Default)]
pub struct LoadState {
    pub(in crate::tui) loading: bool,
    /// The load's progress (rows, bytes of the file), for the title.
    pub(in crate::tui) progress: Option<Arc<LoadProgress>>,
    /// Load problems, one line each (`PATH:LINE: reason`, notices, unreadable files).
    pub(in crate::tui) problems: Vec<String>,
    /// When the view was last recomputed during a load, and what that cost: a big load
    /// refreshes the view at most every few times that cost, so keys stay quick.
    pub(in crate::tui) refreshed: Option<(Instant, Duration)>,
    /// Rows have arrived that the view does not show yet.
    pub(in crate::tui) unseen_rows: bool,
    /// The roster has finished loading and the plan has been matched to it.
    pub(in crate::tui) matched: bool,
    /// How each file's columns were matched, once the load is done.
    pub(in crate::tui) mappings: Vec<FileMapping>,
    /// What the load reads and how, so the mapping screen can read it again.
    pub(in crate::tui) setup: Option<super::LoadSetup>,
    /// The mapping screen was accepted or closed: guesses alone do not open it again.
    pub(in crate::tui) reviewed: bool,
}

impl LoadState {
    /// Whether the view is due a refresh: the first time at once, then no sooner than four
    /// times what the last refresh cost (and 200 ms).
    pub(crate) fn refresh_due(&self) -> bool {
        match self.refreshed {
            None => true,
            Some((at, cost)) => at.elapsed() >= (cost * 4).max(Duration::from_millis(200)),
        }
    }
}
