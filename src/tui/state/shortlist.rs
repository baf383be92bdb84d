//! The shortlist pane: its cursor and scroll, which roster creators are listed (the table's
//! marks) and which entries' figures differ from the roster's (Δ).

use std::collections::HashSet;

use crate::domain::plan::{FigureChange, ShortlistEntry};

#[derive(Default)]
pub struct ShortlistState {
    /// Position of the selected entry in the shortlist pane.
    pub(in crate::tui) entry: usize,
    /// The first entry shown.
    pub(in crate::tui) offset: usize,
    /// Roster indices of the shortlisted creators, for the table's marks.
    pub(in crate::tui) listed: HashSet<u32>,
    /// Figures that changed between the plan and the roster, found when the roster loaded.
    pub(in crate::tui) changes: Vec<FigureChange>,
}

impl ShortlistState {
    /// Keeps the cursor on one of `n` entries and on a page of `page` rows.
    pub(crate) fn clamp(&mut self, n: usize, page: usize) {
        self.entry = self.entry.min(n.saturating_sub(1));
        if self.entry < self.offset {
            self.offset = self.entry;
        } else if self.entry >= self.offset + page {
            self.offset = self.entry + 1 - page;
        }
        self.offset = self.offset.min(n.saturating_sub(page));
    }

    /// Moves the cursor by `delta` entries, staying on one of `n`.
    pub(crate) fn move_by(&mut self, delta: isize, n: usize, page: usize) {
        self.entry = self.entry.saturating_add_signed(delta);
        self.clamp(n, page);
    }

    /// Whether this entry's figures differ from the roster's now.
    pub fn changed(&self, e: &ShortlistEntry) -> bool {
        self.changes
            .iter()
            .any(|c| c.platform == e.platform && c.handle == e.handle)
    }
}
