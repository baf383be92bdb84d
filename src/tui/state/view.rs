//! The roster view: the filter and the search being typed, the sort, the creators in view
//! (filtered and sorted), the selection and scroll, the cached sorted orders and the sort
//! running in the background for a big roster.

use std::sync::Arc;

use crate::domain::creator::Platform;
use crate::domain::filter::{Filter, OrderCache, SortKey};
use crate::domain::roster::Roster;

use super::super::action::PickerKind;
use super::super::jobs::SortJob;
use super::super::line_input::LineInput;
use super::overlay::PickItem;

/// The rows of the filters pane, in order.
pub const FILTER_ROWS: [&str; 9] = [
    "search",
    "niche",
    "tier",
    "platform",
    "country",
    "min followers",
    "max followers",
    "min engagement",
    "max fee",
];

/// Rosters this big sort by a new column on another thread (about 0.1 s by name at 330k).
pub const BACKGROUND_SORT_FROM: usize = 200_000;

pub struct RosterView {
    pub(in crate::tui) filter: Filter,
    /// The search being typed (`/`): the same text field as every dialog's, whose text is
    /// the filter's search. `None` when the keys go to the table.
    pub(in crate::tui) search: Option<LineInput>,
    /// The creators in view, filtered and sorted: computed when the filter or sort changes.
    pub(in crate::tui) rows: Arc<[u32]>,
    pub(in crate::tui) sort: SortKey,
    pub(in crate::tui) descending: bool,
    /// Position of the selected creator in `rows`.
    pub(in crate::tui) selected: usize,
    /// First row shown in the table.
    pub(in crate::tui) offset: usize,
    /// The selected row of the filters pane.
    pub(in crate::tui) filter_cursor: usize,
    /// Every creator sorted by each sort used so far: a filter or sort change is then one
    /// pass over a sorted order instead of a sort.
    pub(in crate::tui) orders: OrderCache,
    /// A first sort of a big roster by a new column, running on another thread; the view
    /// keeps the order it had until it arrives.
    pub(in crate::tui) sorting: Option<SortJob>,
    /// Rosters of at least this many creators sort by a new column in the background.
    pub(in crate::tui) background_sort_from: usize,
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

    /// Starts typing a search, the cursor after the current one.
    pub(crate) fn start_search(&mut self) {
        let mut line = LineInput::with_value(&self.filter.search);
        line.end();
        self.search = Some(line);
    }

    pub(crate) fn clear_filter_row(&mut self, row: usize) {
        let f = &mut self.filter;
        match row {
            0 => f.search.clear(),
            1 => f.niches.clear(),
            2 => f.tiers.clear(),
            3 => f.platforms.clear(),
            4 => f.countries.clear(),
            5 => f.min_followers = None,
            6 => f.max_followers = None,
            7 => f.min_engagement = None,
            _ => f.max_fee = None,
        }
    }

    pub(crate) fn picker_values(&mut self, kind: PickerKind) -> &mut Vec<String> {
        match kind {
            PickerKind::Niche => &mut self.filter.niches,
            PickerKind::Tier => &mut self.filter.tiers,
            PickerKind::Platform => &mut self.filter.platforms,
            PickerKind::Country => &mut self.filter.countries,
        }
    }

    /// Whether a picker item is selected in the filter.
    pub fn is_picked(&self, kind: PickerKind, name: &str) -> bool {
        let values = match kind {
            PickerKind::Niche => &self.filter.niches,
            PickerKind::Tier => &self.filter.tiers,
            PickerKind::Platform => &self.filter.platforms,
            PickerKind::Country => &self.filter.countries,
        };
        values.iter().any(|v| v.eq_ignore_ascii_case(name))
    }

    /// Counts per item among the creators matching every filter except this picker's own.
    pub(crate) fn picker_counts(&self, kind: PickerKind, roster: &Roster) -> Vec<PickItem> {
        let mut others = self.filter.clone();
        match kind {
            PickerKind::Niche => others.niches.clear(),
            PickerKind::Tier => others.tiers.clear(),
            PickerKind::Platform => others.platforms.clear(),
            PickerKind::Country => others.countries.clear(),
        }
        let rows = others
            .compile(roster)
            .map(|c| c.apply(roster))
            .unwrap_or_default();
        let r = roster;
        // An interned list's names beside their counts.
        let items = |names: &[String], counts: Vec<usize>| -> Vec<PickItem> {
            names
                .iter()
                .zip(counts)
                .map(|(n, count)| PickItem {
                    name: n.clone(),
                    count,
                })
                .collect()
        };
        match kind {
            PickerKind::Niche => {
                let mut counts = vec![0usize; r.niches.len()];
                for &i in &rows {
                    for &n in r.niche_ids(i) {
                        if let Some(c) = counts.get_mut(usize::from(n)) {
                            *c += 1;
                        }
                    }
                }
                items(r.niches.names(), counts)
            }
            PickerKind::Country => {
                let mut counts = vec![0usize; r.countries.len()];
                for &i in &rows {
                    if let Some(c) = r.country_id(i).and_then(|c| counts.get_mut(usize::from(c))) {
                        *c += 1;
                    }
                }
                items(r.countries.names(), counts)
            }
            PickerKind::Tier => {
                let mut counts = [0usize; 256];
                for &i in &rows {
                    counts[usize::from(r.tier(i).0)] += 1;
                }
                r.scheme()
                    .ids()
                    .map(|id| PickItem {
                        name: r.scheme().name(id).to_string(),
                        count: counts[usize::from(id.0)],
                    })
                    .collect()
            }
            PickerKind::Platform => {
                let mut counts = [0usize; 10];
                for &i in &rows {
                    counts[r.platform(i).index()] += 1;
                }
                Platform::ALL
                    .iter()
                    .map(|p| PickItem {
                        name: p.key().to_string(),
                        count: counts[p.index()],
                    })
                    .collect()
            }
        }
    }

    /// The active filters as short chips, for the always-visible filter line.
    pub fn filter_chips(&self, currency: &str) -> Vec<String> {
        let f = &self.filter;
        let mut out = Vec::new();
        if !f.search.is_empty() {
            out.push(format!("search \"{}\"", f.search));
        }
        for (label, v) in [
            ("niche", &f.niches),
            ("tier", &f.tiers),
            ("platform", &f.platforms),
            ("country", &f.countries),
        ] {
            if !v.is_empty() {
                out.push(format!("{label} {}", v.join("|")));
            }
        }
        if let Some(n) = f.min_followers {
            out.push(format!(
                "followers ≥ {}",
                crate::domain::number::compact_count(n)
            ));
        }
        if let Some(n) = f.max_followers {
            out.push(format!(
                "followers ≤ {}",
                crate::domain::number::compact_count(n)
            ));
        }
        if let Some(e) = f.min_engagement {
            out.push(format!(
                "engagement ≥ {}",
                crate::domain::number::format_percent(e)
            ));
        }
        if let Some(m) = f.max_fee {
            out.push(format!("fee ≤ {}", m.display(currency)));
        }
        out
    }

    /// The value of a filters-pane row, for display.
    pub fn filter_row_value(&self, row: usize, currency: &str) -> String {
        let f = &self.filter;
        let list = |v: &Vec<String>| {
            if v.is_empty() {
                "any".to_string()
            } else {
                v.join(", ")
            }
        };
        match row {
            0 => {
                if f.search.is_empty() {
                    "none".into()
                } else {
                    format!("\"{}\"", f.search)
                }
            }
            1 => list(&f.niches),
            2 => list(&f.tiers),
            3 => list(&f.platforms),
            4 => list(&f.countries),
            5 => f
                .min_followers
                .map_or("any".into(), crate::domain::number::grouped),
            6 => f
                .max_followers
                .map_or("any".into(), crate::domain::number::grouped),
            7 => f
                .min_engagement
                .map_or("any".into(), crate::domain::number::format_percent),
            _ => f.max_fee.map_or("any".into(), |m| m.display(currency)),
        }
    }
}
