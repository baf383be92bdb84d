//! The planner's state and the one place it changes: `App::update(Action)`. No terminal here,
//! so every behaviour is testable by replaying actions.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::domain::creator::Platform;
use crate::domain::filter::{Filter, OrderCache, SortKey};
use crate::domain::money::Money;
use crate::domain::number::{parse_count, parse_rate};
use crate::domain::plan::{Campaign, FigureChange, Plan};
use crate::domain::roster::Roster;
use crate::io::plan::PlanFile;
use crate::io::roster::RosterReader;

use super::action::{Action, Context, InputKind, PickerKind};
use super::jobs::{OptimizerJob, Polled, SortJob};
use super::line_input::LineInput;

/// Which pane has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Table,
    Shortlist,
    Filters,
}

/// One line of a picker.
#[derive(Clone, Debug)]
pub struct PickItem {
    pub name: String,
    pub count: usize,
}

#[derive(Clone, Debug)]
pub struct Picker {
    pub kind: PickerKind,
    pub items: Vec<PickItem>,
    pub cursor: usize,
}

#[derive(Clone, Debug)]
pub struct Input {
    pub kind: InputKind,
    pub line: LineInput,
    pub error: Option<String>,
    /// The shortlist entry a fee, posts or note input edits.
    pub target: Option<(Platform, String)>,
    /// Quit once the plan is saved (a save path asked for on the way out).
    pub then_quit: bool,
}

/// A yes/no question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with unsaved changes: save first?
    Quit,
    /// A recovery file with unsaved changes was found at start: restore it?
    Restore { summary: String },
    /// Saving would replace another file.
    Overwrite { path: PathBuf, then_quit: bool },
}

/// A dialog over the panes.
#[derive(Debug)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    Picker(Picker),
    Input(Input),
    Confirm(Confirm),
    /// Choosing the selected entry's outreach status.
    Status {
        cursor: usize,
    },
    Summary {
        scroll: usize,
    },
    /// The optimizer is searching (progress; Esc cancels): the search belongs to the overlay
    /// that shows it, so closing the overlay stops it.
    Optimizing(OptimizerJob),
    /// The optimizer's answer, to accept or dismiss.
    Proposal {
        proposal: Box<crate::domain::proposal::Proposal>,
        scroll: usize,
    },
}

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

pub struct App {
    /// Shared so a first sort of a big roster can run on another thread; written only while
    /// it loads, when no sort runs in the background.
    pub roster: std::sync::Arc<Roster>,
    /// The config's currency, the one fee-model prices and roster rates are in. Amounts are
    /// shown in the plan's currency, priced through `exchange` when it differs.
    pub currency: String,
    /// The config's exchange rates: whether and how a plan in another currency is priced.
    pub exchange: crate::domain::money::ExchangeRates,
    pub filter: Filter,
    /// The creators in view, filtered and sorted: computed when the filter or sort changes.
    pub rows: std::sync::Arc<[u32]>,
    pub sort: SortKey,
    pub descending: bool,
    /// Position of the selected creator in `rows`.
    pub selected: usize,
    /// First row shown in the table.
    pub offset: usize,
    pub focus: Focus,
    pub filter_cursor: usize,
    pub overlay: Overlay,
    /// The search being typed (`/`): the same text field as every dialog's, whose text is
    /// the filter's search. `None` when the keys go to the table.
    pub search: Option<LineInput>,
    pub size: (u16, u16),
    pub loading: bool,
    /// Load problems, one line each (`PATH:LINE: reason`, notices, unreadable files).
    pub problems: Vec<String>,
    pub message: Option<String>,
    pub quit: bool,
    /// When the view was last recomputed during a load, and what that cost: a big load
    /// refreshes the view at most every few times that cost, so keys stay quick.
    load_refreshed: Option<(std::time::Instant, std::time::Duration)>,
    /// Rows have arrived that the view does not show yet.
    unseen_rows: bool,
    /// The load's progress (rows, bytes of the file), for the title.
    pub load_progress: Option<std::sync::Arc<crate::io::roster::LoadProgress>>,
    /// Every creator sorted by each sort used so far: a filter or sort change is then one
    /// pass over a sorted order instead of a sort.
    orders: OrderCache,
    /// The campaign plan with the TOML document it was read from (kept for lossless saves).
    pub file: PlanFile,
    /// Where Ctrl-s saves; `None` asks for a path.
    pub plan_path: Option<PathBuf>,
    /// The plan as last saved or opened: the plan is unsaved when it differs.
    pub(crate) saved: Plan,
    /// Roster indices of the shortlisted creators, for the table's marks.
    pub listed: HashSet<u32>,
    /// Position of the selected entry in the shortlist pane, and the first entry shown.
    pub entry: usize,
    pub entry_offset: usize,
    /// Figures that changed between the plan and the roster, found when the roster loaded.
    pub changes: Vec<FigureChange>,
    /// Roster files to record in the plan when it is saved (`None`: keep what it records).
    pub roster_refs: Option<Vec<crate::domain::plan::RosterRef>>,
    /// The recovery file of this plan in the data directory (`None`: no recovery).
    pub recovery: Option<PathBuf>,
    /// Plan edits so far, and how many of them the recovery file has.
    pub(crate) generation: u64,
    pub(crate) recovered_generation: u64,
    /// The roster has finished loading and the plan has been matched to it.
    pub(crate) matched: bool,
    /// A first sort of a big roster by a new column, running on another thread; the view
    /// keeps the order it had until it arrives.
    pub sorting: Option<SortJob>,
    /// Rosters of at least this many creators sort by a new column in the background.
    pub background_sort_from: usize,
    /// The optimizer limits last used, proposed again next time.
    pub limits: crate::domain::proposal::Limits,
}

/// Rosters this big sort by a new column on another thread (about 0.1 s by name at 330k).
pub const BACKGROUND_SORT_FROM: usize = 200_000;

impl App {
    /// A planner over `roster` (possibly still empty while loading) with a starting filter.
    pub fn new(roster: Roster, currency: &str, filter: Filter) -> App {
        let mut app = App {
            roster: roster.into(),
            currency: currency.to_string(),
            exchange: crate::domain::money::ExchangeRates {
                base: currency.to_string(),
                ..Default::default()
            },
            filter,
            rows: Vec::new().into(),
            sort: SortKey::Followers,
            descending: true,
            selected: 0,
            offset: 0,
            focus: Focus::Table,
            filter_cursor: 0,
            overlay: Overlay::None,
            search: None,
            size: (80, 24),
            loading: false,
            problems: Vec::new(),
            message: None,
            quit: false,
            load_refreshed: None,
            unseen_rows: false,
            load_progress: None,
            orders: OrderCache::default(),
            file: PlanFile::new(Plan::new(Campaign {
                name: "Untitled campaign".into(),
                currency: currency.to_string(),
                ..Campaign::default()
            })),
            plan_path: None,
            saved: Plan::default(),
            listed: HashSet::new(),
            entry: 0,
            entry_offset: 0,
            changes: Vec::new(),
            roster_refs: None,
            recovery: None,
            generation: 0,
            recovered_generation: 0,
            matched: false,
            sorting: None,
            background_sort_from: BACKGROUND_SORT_FROM,
            limits: Default::default(),
        };
        app.saved = app.file.plan.clone();
        app.refilter();
        app
    }

    /// Loads at least `batch` more rows with the reader, waiting for them (tests and
    /// benchmarks; the planner polls a background load with [`App::poll_load`]). When the
    /// reader is done, collects the load problems and opens their panel if there are any.
    pub fn load_batch(&mut self, reader: &mut RosterReader, batch: usize) {
        self.loading = true;
        self.load_progress = Some(reader.progress());
        let done = reader.step(std::sync::Arc::make_mut(&mut self.roster), batch);
        self.loaded_more(reader, done, true);
    }

    /// Takes what a background load has ready, spending at most about `budget` of the UI
    /// thread on it (the load runs on other threads; see [`RosterReader::start`]). The view
    /// follows: at once for the first rows, then every so often (more rarely as the roster
    /// grows and a refilter costs more), and when the load is done. Returns whether
    /// anything changed on screen.
    pub fn poll_load(&mut self, reader: &mut RosterReader, budget: std::time::Duration) -> bool {
        if !self.loading {
            return false;
        }
        if self.load_progress.is_none() {
            self.load_progress = Some(reader.progress());
        }
        reader.start(&self.roster);
        let before = self.roster.len();
        let done = reader.poll(std::sync::Arc::make_mut(&mut self.roster), budget);
        let grew = self.roster.len() > before;
        self.unseen_rows |= grew;
        let due = match self.load_refreshed {
            None => true,
            Some((at, cost)) => {
                at.elapsed() >= (cost * 4).max(std::time::Duration::from_millis(200))
            }
        };
        let refresh = self.unseen_rows && due;
        if refresh || done {
            self.unseen_rows = false;
        }
        self.loaded_more(reader, done, refresh);
        // The title's progress moves even when the view is not recomputed.
        done || grew || refresh
    }

    fn loaded_more(&mut self, reader: &RosterReader, done: bool, refresh: bool) {
        if done {
            self.loading = false;
            std::sync::Arc::make_mut(&mut self.roster).shrink_to_fit();
            let report = reader.report();
            self.problems = report
                .failed
                .iter()
                .map(|f| format!("unreadable: {f}"))
                .chain(report.rejected.iter().map(|r| r.to_string()))
                .chain(report.notices.iter().map(|n| format!("note: {n}")))
                .collect();
            // The title says `N load problems (L)` for as long as there are any; the list
            // opens by itself only when nothing loaded, where it is all there is to see.
            if !self.problems.is_empty() && matches!(self.overlay, Overlay::None) {
                if self.roster.is_empty() {
                    self.overlay = Overlay::Problems { scroll: 0 };
                } else if self.message.is_none() {
                    let n = self.problems.len();
                    self.message = Some(format!(
                        "{} load problem{} (rejected rows, notes): L lists them",
                        crate::domain::number::grouped(n as u64),
                        if n == 1 { "" } else { "s" }
                    ));
                }
            }
            self.roster_loaded();
        } else if refresh && !self.file.plan.shortlist.is_empty() {
            self.rebuild_listed();
        }
        if refresh || done {
            let t = std::time::Instant::now();
            self.refilter();
            self.load_refreshed = Some((t, t.elapsed()));
        }
    }

    /// The context deciding what keys mean right now.
    pub fn context(&self) -> Context {
        match &self.overlay {
            Overlay::Help { .. } => Context::Help,
            Overlay::Problems { .. } => Context::Problems,
            Overlay::Picker(_) => Context::Picker,
            Overlay::Input(_) => Context::Input,
            Overlay::Confirm(_) => Context::Confirm,
            Overlay::Status { .. } => Context::Status,
            Overlay::Summary { .. } => Context::Summary,
            Overlay::Optimizing(_) => Context::Busy,
            Overlay::Proposal { .. } => Context::Proposal,
            Overlay::None if self.search.is_some() => Context::Search,
            Overlay::None => match self.focus {
                Focus::Table => Context::Table,
                Focus::Shortlist => Context::Shortlist,
                Focus::Filters => Context::Filters,
            },
        }
    }

    /// The selected creator's roster index.
    pub fn selected_creator(&self) -> Option<u32> {
        self.rows.get(self.selected).copied()
    }

    /// Rows of the table that fit on screen.
    pub fn page(&self) -> usize {
        let areas = super::layout(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1));
        usize::from(areas.table.height.saturating_sub(1)).max(1)
    }

    /// The order the view follows: the kept one for the current sort; else, on a big loaded
    /// roster, the last order used while the new one is sorted on another thread; else a sort
    /// here.
    fn view_order(&mut self) -> std::sync::Arc<[u32]> {
        let (key, desc, len) = (self.sort, self.descending, self.roster.len());
        if let Some(o) = self.orders.get(len, key, desc) {
            return o;
        }
        if !self.loading
            && len >= self.background_sort_from
            && let Some(last) = self.orders.latest(len)
        {
            // One sort at a time (each holds a keyed copy of the column): when another is
            // running, this one starts when it ends (`poll_sort` refilters).
            if self.sorting.is_none() {
                let roster = std::sync::Arc::clone(&self.roster);
                self.sorting = Some(SortJob::start(roster, key, desc));
            }
            return last;
        }
        self.sorting = None;
        self.orders.order(&self.roster, key, desc)
    }

    /// Takes a background sort's order when it is ready and keeps it, then refreshes the view
    /// (which starts the next sort if the view now wants another); true when it did.
    pub fn poll_sort(&mut self) -> bool {
        let Some(job) = &self.sorting else {
            return false;
        };
        match job.poll() {
            Polled::Done(order) => {
                let (key, desc) = job.key();
                self.sorting = None;
                if order.len() == self.roster.len() {
                    self.orders.insert(key, desc, order);
                }
                self.refilter();
                true
            }
            Polled::Running => false,
            Polled::Lost => {
                self.sorting = None;
                self.refilter();
                true
            }
        }
    }

    /// Prices the roster for a plan in another currency: fees change, so orders by fee are
    /// dropped and the view is recomputed.
    pub(crate) fn reprice(&mut self, conversion: Option<crate::domain::money::Conversion>) {
        std::sync::Arc::make_mut(&mut self.roster).set_conversion(conversion);
        self.orders = OrderCache::default();
        self.refilter();
    }

    /// Recomputes the view from the filter and sort, keeping the selected creator when it is
    /// still in view, else the same position (clamped).
    pub fn refilter(&mut self) {
        let before = self.selected_creator();
        let screen_row = self.selected.saturating_sub(self.offset);
        self.rows = match self.filter.compile(&self.roster) {
            Ok(c) => {
                let order = self.view_order();
                c.apply_in_order(&self.roster, &order)
            }
            Err(e) => {
                self.message = Some(e.to_string());
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
        self.clamp();
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        let page = self.page();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.rows.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }

    fn move_by(&mut self, delta: isize) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        self.clamp();
    }

    pub fn update(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            // A resize is not an answer to the message on screen: it stays.
            self.size = (w, h);
            self.clamp();
            return;
        }
        self.message = None;
        if action == Action::Quit {
            self.request_quit();
            return;
        }
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        self.overlay = match overlay {
            Overlay::Help { scroll } => match action {
                Action::Down | Action::WheelDown => Overlay::Help { scroll: scroll + 1 },
                Action::Up | Action::WheelUp => Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Cancel | Action::Help => Overlay::None,
                _ => Overlay::Help { scroll },
            },
            Overlay::Problems { scroll } => match action {
                Action::Down | Action::WheelDown => Overlay::Problems {
                    scroll: (scroll + 1).min(self.problems.len().saturating_sub(1)),
                },
                Action::Up | Action::WheelUp => Overlay::Problems {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Cancel | Action::Confirm => Overlay::None,
                _ => Overlay::Problems { scroll },
            },
            Overlay::Picker(p) => self.update_picker(p, action),
            Overlay::Input(i) => self.update_input(i, action),
            Overlay::Confirm(c) => self.update_confirm(c, action),
            Overlay::Status { cursor } => self.update_status_picker(cursor, action),
            Overlay::Summary { scroll } => match action {
                Action::Down | Action::WheelDown => Overlay::Summary { scroll: scroll + 1 },
                Action::Up | Action::WheelUp => Overlay::Summary {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Cancel | Action::Summary => Overlay::None,
                _ => Overlay::Summary { scroll },
            },
            Overlay::Optimizing(job) => self.update_optimizing(job, action),
            Overlay::Proposal { proposal, scroll } => {
                self.update_proposal(proposal, scroll, action)
            }
            Overlay::None => {
                if let Some(line) = self.search.take() {
                    self.update_search(line, action);
                } else {
                    self.update_main(action);
                }
                return;
            }
        };
    }

    /// Starts typing a search, the cursor after the current one.
    fn start_search(&mut self) {
        let mut line = LineInput::with_value(&self.filter.search);
        line.end();
        self.search = Some(line);
    }

    /// The search field's text is the filter's search: the view follows every edit.
    fn set_search_text(&mut self, line: &LineInput) {
        if line.text() != self.filter.search {
            self.filter.search = line.text().to_string();
            self.refilter();
        }
    }

    fn update_search(&mut self, mut line: LineInput, action: Action) {
        match action {
            Action::Type(c) => line.insert(c),
            Action::Backspace => line.backspace(),
            Action::Delete => line.delete(),
            Action::Left => line.left(),
            Action::Right => line.right(),
            Action::Home => line.home(),
            Action::End => line.end(),
            Action::ClearLine => line.clear(),
            Action::Confirm => return,
            Action::Cancel => {
                self.filter.search.clear();
                self.refilter();
                return;
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::WheelUp => self.move_by(-3),
            Action::WheelDown => self.move_by(3),
            Action::Click(x, y) => self.click(x, y),
            _ => {}
        }
        self.set_search_text(&line);
        self.search = Some(line);
    }

    fn update_main(&mut self, action: Action) {
        let page = self.page() as isize;
        if self.focus == Focus::Shortlist && self.update_shortlist(action) {
            return;
        }
        match (self.focus, action) {
            (Focus::Table, Action::Up) => self.move_by(-1),
            (Focus::Table, Action::Down) => self.move_by(1),
            (Focus::Table, Action::PageUp) => self.move_by(-page),
            (Focus::Table, Action::PageDown) => self.move_by(page),
            (Focus::Table, Action::Top) => self.move_by(isize::MIN / 2),
            (Focus::Table, Action::Bottom) => self.move_by(isize::MAX / 2),
            (_, Action::WheelUp) => self.move_by(-3),
            (_, Action::WheelDown) => self.move_by(3),
            (_, Action::Click(x, y)) => self.click(x, y),
            (Focus::Filters, Action::Up) => {
                self.filter_cursor = self.filter_cursor.saturating_sub(1);
            }
            (Focus::Filters, Action::Down) => {
                self.filter_cursor = (self.filter_cursor + 1).min(FILTER_ROWS.len() - 1);
            }
            (Focus::Filters, Action::Confirm) => self.edit_filter_row(),
            (Focus::Filters, Action::ClearOne) => {
                self.clear_filter_row(self.filter_cursor);
                self.refilter();
            }
            (_, Action::NextPane) => {
                self.focus = match self.focus {
                    Focus::Table => Focus::Shortlist,
                    Focus::Shortlist => Focus::Filters,
                    Focus::Filters => Focus::Table,
                };
                self.clamp_entry();
            }
            (Focus::Table, Action::ToggleListed) => self.toggle_listed(),
            (_, Action::Undo) => self.undo(),
            (_, Action::Redo) => self.redo(),
            (_, Action::Save) => self.save(false),
            (_, Action::Export) => self.open_export(),
            (_, Action::Summary) => self.overlay = Overlay::Summary { scroll: 0 },
            (_, Action::ToggleObjective) => self.toggle_objective(),
            (_, Action::Optimize) => self.open_input(InputKind::OptimizeLimits),
            (_, Action::StartSearch) => self.start_search(),
            (_, Action::Cancel) if !self.filter.search.is_empty() => {
                self.filter.search.clear();
                self.refilter();
            }
            (_, Action::SortNext) => {
                (self.sort, self.descending) = super::columns::next_sort(self.sort);
                self.refilter();
            }
            (_, Action::SortReverse) => {
                self.descending = !self.descending;
                self.refilter();
            }
            (_, Action::OpenPicker(kind)) => self.open_picker(kind),
            (_, Action::OpenInput(kind)) => self.open_input(kind),
            (_, Action::ClearFilters) => {
                self.filter = Filter::default();
                self.refilter();
            }
            (_, Action::ShowProblems) => {
                if self.problems.is_empty() {
                    self.message = Some("no load problems".into());
                } else {
                    self.overlay = Overlay::Problems { scroll: 0 };
                }
            }
            (_, Action::Help) => self.overlay = Overlay::Help { scroll: 0 },
            _ => {}
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        let areas = super::layout(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1));
        let t = areas.table;
        if x < t.x || x >= t.x + t.width || y <= t.y || y >= t.y + t.height {
            return;
        }
        let row = usize::from(y - t.y - 1);
        if self.focus == Focus::Shortlist {
            let row = self.entry_offset + row;
            if row < self.file.plan.shortlist.len() {
                self.entry = row;
                self.clamp_entry();
            }
            return;
        }
        self.focus = Focus::Table;
        let row = self.offset + row;
        if row < self.rows.len() {
            self.selected = row;
            self.clamp();
        }
    }

    fn edit_filter_row(&mut self) {
        match self.filter_cursor {
            0 => self.start_search(),
            1 => self.open_picker(PickerKind::Niche),
            2 => self.open_picker(PickerKind::Tier),
            3 => self.open_picker(PickerKind::Platform),
            4 => self.open_picker(PickerKind::Country),
            5 => self.open_input(InputKind::MinFollowers),
            6 => self.open_input(InputKind::MaxFollowers),
            7 => self.open_input(InputKind::MinEngagement),
            _ => self.open_input(InputKind::MaxFee),
        }
    }

    fn clear_filter_row(&mut self, row: usize) {
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

    fn picker_values(&mut self, kind: PickerKind) -> &mut Vec<String> {
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
    fn picker_counts(&self, kind: PickerKind) -> Vec<PickItem> {
        let mut others = self.filter.clone();
        match kind {
            PickerKind::Niche => others.niches.clear(),
            PickerKind::Tier => others.tiers.clear(),
            PickerKind::Platform => others.platforms.clear(),
            PickerKind::Country => others.countries.clear(),
        }
        let rows = others
            .compile(&self.roster)
            .map(|c| c.apply(&self.roster))
            .unwrap_or_default();
        let r = &self.roster;
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
                r.niches
                    .names()
                    .iter()
                    .zip(counts)
                    .map(|(n, count)| PickItem {
                        name: n.clone(),
                        count,
                    })
                    .collect()
            }
            PickerKind::Country => {
                let mut counts = vec![0usize; r.countries.len()];
                for &i in &rows {
                    if let Some(c) = r.country_id(i).and_then(|c| counts.get_mut(usize::from(c))) {
                        *c += 1;
                    }
                }
                r.countries
                    .names()
                    .iter()
                    .zip(counts)
                    .map(|(n, count)| PickItem {
                        name: n.clone(),
                        count,
                    })
                    .collect()
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

    fn open_picker(&mut self, kind: PickerKind) {
        let mut items = self.picker_counts(kind);
        if matches!(kind, PickerKind::Niche | PickerKind::Country) {
            // Most common first; the order then stays put while toggling.
            items.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        }
        self.overlay = Overlay::Picker(Picker {
            kind,
            items,
            cursor: 0,
        });
    }

    fn update_picker(&mut self, mut p: Picker, action: Action) -> Overlay {
        let n = p.items.len();
        let page = self.page();
        match action {
            Action::Down | Action::WheelDown => p.cursor = (p.cursor + 1).min(n.saturating_sub(1)),
            Action::Up | Action::WheelUp => p.cursor = p.cursor.saturating_sub(1),
            Action::PageDown => p.cursor = (p.cursor + page).min(n.saturating_sub(1)),
            Action::PageUp => p.cursor = p.cursor.saturating_sub(page),
            Action::Toggle => {
                if let Some(item) = p.items.get(p.cursor) {
                    let name = item.name.clone();
                    let values = self.picker_values(p.kind);
                    if let Some(pos) = values.iter().position(|v| v.eq_ignore_ascii_case(&name)) {
                        values.remove(pos);
                    } else {
                        values.push(name);
                    }
                    // The cursor stays: a second Space undoes the first, as in any checklist.
                    self.refilter();
                }
            }
            Action::ClearOne => {
                self.picker_values(p.kind).clear();
                self.refilter();
            }
            Action::Confirm | Action::Cancel => return Overlay::None,
            _ => {}
        }
        // Counts of the other pickers' kinds do not change with this picker's toggles.
        Overlay::Picker(p)
    }

    pub(crate) fn open_input(&mut self, kind: InputKind) {
        let f = &self.filter;
        let camp = &self.file.plan.campaign;
        let entry = self.selected_entry();
        // Entry fields need an entry; the campaign's and the filters' do not.
        if matches!(kind, InputKind::Fee | InputKind::Posts | InputKind::Note) && entry.is_none() {
            self.message = Some("the shortlist is empty: Space on a creator adds one".into());
            return;
        }
        let text = match kind {
            InputKind::MinFollowers => f.min_followers.map(|n| n.to_string()),
            InputKind::MaxFollowers => f.max_followers.map(|n| n.to_string()),
            InputKind::MinEngagement => f.min_engagement.map(crate::domain::number::format_percent),
            InputKind::MaxFee => f.max_fee.map(Money::plain),
            InputKind::Budget => Some(camp.budget.display(&camp.currency)),
            InputKind::CampaignName => Some(camp.name.clone()),
            InputKind::DefaultPosts => Some(match &camp.format {
                Some(f) => format!("{} {f}", camp.posts),
                None => camp.posts.to_string(),
            }),
            InputKind::Fee => entry.map(|e| e.fee.plain()),
            InputKind::Posts => entry.map(|e| e.posts.to_string()),
            InputKind::Note => entry.map(|e| e.note.clone()),
            InputKind::SavePath => Some(self.proposed_plan_path()),
            InputKind::ExportPath => Some(self.proposed_export_path()),
            InputKind::OptimizeLimits => Some(self.limits.to_text()),
        }
        .unwrap_or_default();
        let target = entry.map(|e| (e.platform, e.handle.clone()));
        self.overlay = Overlay::Input(Input {
            kind,
            line: LineInput::with_value(&text),
            error: None,
            target,
            then_quit: false,
        });
    }

    fn update_input(&mut self, mut i: Input, action: Action) -> Overlay {
        match action {
            Action::Type(c) => i.line.insert(c),
            Action::Backspace => i.line.backspace(),
            Action::Delete => i.line.delete(),
            Action::Left => i.line.left(),
            Action::Right => i.line.right(),
            Action::Home => i.line.home(),
            Action::End => i.line.end(),
            Action::ClearLine => i.line.clear(),
            Action::Cancel => return Overlay::None,
            Action::Confirm => {
                let result = if i.kind.is_filter() {
                    self.apply_filter_input(i.kind, i.line.text().trim())
                } else {
                    return self.apply_plan_input(i);
                };
                match result {
                    Ok(()) => {
                        self.refilter();
                        return Overlay::None;
                    }
                    Err(e) => {
                        i.error = Some(e);
                        return Overlay::Input(i);
                    }
                }
            }
            _ => return Overlay::Input(i),
        }
        i.error = None;
        Overlay::Input(i)
    }

    /// Pasted text goes to the search or the open text field, never to the key handler.
    pub fn paste(&mut self, text: &str) {
        if let Overlay::Input(i) = &mut self.overlay {
            i.line.paste(text);
            i.error = None;
        } else if let Some(mut line) = self.search.take() {
            line.paste(text);
            self.set_search_text(&line);
            self.search = Some(line);
        }
    }

    fn apply_filter_input(&mut self, kind: InputKind, text: &str) -> Result<(), String> {
        match kind {
            InputKind::MinFollowers | InputKind::MaxFollowers => {
                let v = if text.is_empty() {
                    None
                } else {
                    parse_count(text).map_err(|e| e.to_string())?
                };
                if kind == InputKind::MinFollowers {
                    self.filter.min_followers = v;
                } else {
                    self.filter.max_followers = v;
                }
            }
            InputKind::MinEngagement => {
                self.filter.min_engagement = if text.is_empty() {
                    None
                } else {
                    parse_rate(text).map_err(|e| e.to_string())?
                };
            }
            _ => {
                self.filter.max_fee = if text.is_empty() {
                    None
                } else {
                    Some(Money::parse_in(text, &self.file.plan.campaign.currency)?)
                };
            }
        }
        Ok(())
    }

    /// The active filters as short chips, for the always-visible filter line.
    pub fn filter_chips(&self) -> Vec<String> {
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
            out.push(format!(
                "fee ≤ {}",
                m.display(&self.plan().campaign.currency)
            ));
        }
        out
    }

    /// The value of a filters-pane row, for display.
    pub fn filter_row_value(&self, row: usize) -> String {
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
            _ => f
                .max_fee
                .map_or("any".into(), |m| m.display(&self.plan().campaign.currency)),
        }
    }
}
