//! The session: the plan being edited with the file it came from and goes to, what was last
//! saved, the recovery file and how far it is behind, and whether the planner is done.

use std::path::PathBuf;

use crate::domain::plan::{Plan, RosterRef};
use crate::io::plan::PlanFile;

pub struct Session {
    /// The campaign plan with the TOML document it was read from (kept for lossless saves).
    pub(crate) file: PlanFile,
    /// Where Ctrl-s saves; `None` asks for a path.
    pub(crate) path: Option<PathBuf>,
    /// The plan as last saved or opened: the plan is unsaved when it differs.
    pub(crate) saved: Plan,
    /// Roster files to record in the plan when it is saved (`None`: keep what it records).
    pub(crate) roster_refs: Option<Vec<RosterRef>>,
    /// The recovery file of this plan in the data directory (`None`: no recovery).
    pub(crate) recovery: Option<PathBuf>,
    /// Plan edits so far, and how many of them the recovery file has.
    pub(crate) generation: u64,
    pub(crate) recovered_generation: u64,
    /// The planner is done: the event loop ends.
    pub(crate) quit: bool,
}

impl Session {
    /// A session on `file`, counted as saved as it is.
    pub fn new(file: PlanFile) -> Session {
        Session {
            saved: file.plan.clone(),
            file,
            path: None,
            roster_refs: None,
            recovery: None,
            generation: 0,
            recovered_generation: 0,
            quit: false,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.file.plan
    }

    /// Whether the plan has changes not saved to its file.
    pub fn dirty(&self) -> bool {
        !self.file.plan.same_content(&self.saved)
    }
}
