//! The roster view: the filter and the search being typed, the sort, the creators in view
//! (filtered and sorted), the selection and scroll, the cached sorted orders and the sort
//! running in the background for a big roster.

use std::sync::Arc;

use crate::domain::filter::{Filter, OrderCache, SortKey};
use crate::domain::roster::Roster;

use super::super::jobs::SortJob;
use super::super::line_input::LineInput;

/// Rosters this big sort by a new column on another thread (about 0.1 s by name at 330k).
pub const BACKGROUND_SORT_FROM: usize = 200_000;

pub struct RosterView {
    pub(crate) filter: Filter,
    /// The search being typed (`/`): the same text field as every dialog's, whose text is
    /// the filter's search. `None` when the keys go to the table.
    pub(crate) search: Option<LineInput>,
    /// The creators in view, filtered and sorted: computed when the filter or sort changes.
    pub(crate) rows: Arc<[u32]>,
    pub(crate) sort: SortKey,
    pub(crate) descending: bool,
    /// Position of the selected creator in `rows`.
    pub(crate) selected: usize,
    /// First row shown in the table.
    pub(crate) offset: usize,
    /// The selected row of the filters pane.
    pub(crate) filter_cursor: usize,
    /// Every creator sorted by each sort used so far: a filter or sort change is then one
    /// pass over a sorted order instead of a sort.
    pub(crate) orders: OrderCache,
    /// A first sort of a big roster by a new column, running on another thread; the view
    /// keeps the order it had until it arrives.
    pub(crate) sorting: Option<SortJob>,
    /// Rosters of at least this many creators sort by a new column in the background.
    pub(crate) background_sort_from: usize,
}

impl RosterView {
    pub fn new(filter: Filter) -> RosterView {
        RosterView {
            filter,
            search: None,
            rows: Vec::new().into(),
            sort: SortKey::Followers,
            descending: true,
            selected: 0,
            offset: 0,
            filter_cursor: 0,
            orders: OrderCache::default(),
            sorting: None,
            background_sort_from: BACKGROUND_SORT_FROM,
        }
    }

    /// The selected creator's roster index.
    pub fn selected_creator(&self) -> Option<u32> {
        self.rows.get(self.selected).copied()
    }

    /// Keeps the selection in the view and on a page of `page` rows.
    pub(crate) fn clamp(&mut self, page: usize) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.rows.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }

    pub(crate) fn move_by(&mut self, delta: isize, page: usize) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        self.clamp(page);
    }

    /// The order the view follows: the kept one for the current sort; else, on a big loaded
    /// roster, the last order used while the new one is sorted on another thread; else a sort
    /// here.
    pub(crate) fn order(&mut self, roster: &Arc<Roster>, loading: bool) -> Arc<[u32]> {
        let (key, desc, len) = (self.sort, self.descending, roster.len());
        if let Some(o) = self.orders.get(len, key, desc) {
            return o;
        }
        if !loading
            && len >= self.background_sort_from
            && let Some(last) = self.orders.latest(len)
        {
            // One sort at a time (each holds a keyed copy of the column): when another is
            // running, this one starts when it ends (`poll_sort` refilters).
            if self.sorting.is_none() {
                self.sorting = Some(SortJob::start(Arc::clone(roster), key, desc));
            }
            return last;
        }
        self.sorting = None;
        self.orders.order(roster, key, desc)
    }

    /// Recomputes the rows from the filter and sort, keeping the selected creator when it is
    /// still in view, else the same position (clamped). A filter the roster cannot compile
    /// shows nothing and returns why.
    pub(crate) fn refilter(
        &mut self,
        roster: &Arc<Roster>,
        loading: bool,
        page: usize,
    ) -> Result<(), String> {
        let before = self.selected_creator();
        let screen_row = self.selected.saturating_sub(self.offset);
        let mut result = Ok(());
        self.rows = match self.filter.compile(roster) {
            Ok(c) => {
                let order = self.order(roster, loading);
                c.apply_in_order(roster, &order)
            }
            Err(e) => {
                result = Err(e.to_string());
                Vec::new().into()
            }
        };
        if let Some(b) = before
            && let Some(pos) = self.rows.iter().position(|&r| r == b)
        {
            // The selected creator stays selected and, where the view allows, on the same
            // screen row: a reversed sort reorders the table around it instead of jumping.
            self.selected = pos;
            self.offset = pos.saturating_sub(screen_row);
        }
        self.clamp(page);
        result
    }
}
