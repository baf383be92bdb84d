//! The planner's state and the one place it changes: `App::update(Action)`. No terminal here,
//! so every behaviour is testable by replaying actions.

use std::path::PathBuf;
use std::sync::Arc;

use crate::domain::compensation::{gift_text, percent, published_text};
use crate::domain::date::Date;
use crate::domain::filter::Filter;
use crate::domain::money::{ExchangeRates, Money};
use crate::domain::number::{parse_count, parse_rate};
use crate::domain::plan::{Campaign, Plan};
use crate::domain::roster::Roster;
use crate::io::plan::PlanFile;
use crate::io::roster::RosterReader;

use super::action::{Action, Context, InputKind, PickerKind};
use super::jobs::Polled;
use super::layout::{table_row_at, table_rows};
use super::line_input::LineInput;
pub use super::state::view::{BACKGROUND_SORT_FROM, FILTER_ROWS};
pub use super::state::{
    Confirm, Input, LoadState, Overlay, OverlayKind, PickItem, Picker, ResultsFigures, RosterView,
    Session, ShortlistState,
};

/// Which pane has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Table,
    Shortlist,
    Filters,
}

/// The planner: its parts, and the settings they share. Each part owns its data (see
/// [`super::state`]); `update` is where an action changes them, and the only writer of the
/// overlay during it.
pub struct App {
    /// Shared so a first sort of a big roster can run on another thread; written only while
    /// it loads, when no sort runs in the background.
    pub(super) roster: Arc<Roster>,
    /// The config's currency, the one fee-model prices and roster rates are in. Amounts are
    /// shown in the plan's currency, priced through `exchange` when it differs.
    pub(super) currency: String,
    /// The config's exchange rates: whether and how a plan in another currency is priced.
    pub(super) exchange: ExchangeRates,
    pub(super) view: RosterView,
    pub(super) session: Session,
    pub(super) shortlist: ShortlistState,
    pub(super) load: LoadState,
    pub(super) overlay: Overlay,
    /// Which pane has the keys.
    pub(super) focus: Focus,
    pub(super) size: (u16, u16),
    /// What the last key did, or why it could not: shown until the next key.
    pub(super) message: Option<String>,
    /// The optimizer limits last used, proposed again next time.
    pub(super) limits: crate::domain::proposal::Limits,
    /// A load the mapping screen started, for the event loop to take.
    pub(super) pending_reader: Option<RosterReader>,
    /// The day deadlines are measured against: the system clock's at start, set by tests.
    pub(super) today: Date,
    /// The template and sender of outreach messages (`m`).
    pub(super) outreach: super::outreach::OutreachSetup,
    /// Text copied in the message preview, for the event loop to send to the terminal.
    pub(super) clipboard: Option<String>,
    /// The budget curve whose point the open proposal would take: kept in the plan's file
    /// (`[[curve]]`, for the brief) when the proposal is accepted.
    pub(super) curve_taken: Option<Box<crate::domain::curve::Curve>>,
    /// What the results view charts, for the plan revision it was computed from: filled when
    /// the view opens and refreshed while it is open (see [`App::results_figures`]).
    pub(super) results: Option<ResultsFigures>,
}

impl App {
    /// A planner over `roster` (possibly still empty while loading) with a starting filter.
    pub fn new(roster: Roster, currency: &str, filter: Filter) -> App {
        let mut app = App {
            roster: roster.into(),
            currency: currency.to_string(),
            exchange: ExchangeRates {
                base: currency.to_string(),
                ..Default::default()
            },
            view: RosterView::new(filter),
            session: Session::new(PlanFile::new(Plan::new(Campaign {
                name: "Untitled campaign".into(),
                currency: currency.to_string(),
                ..Campaign::default()
            }))),
            shortlist: ShortlistState::default(),
            load: LoadState::default(),
            overlay: Overlay::None,
            focus: Focus::Table,
            size: (80, 24),
            message: None,
            limits: Default::default(),
            pending_reader: None,
            today: Date::today_utc(),
            outreach: Default::default(),
            clipboard: None,
            curve_taken: None,
            results: None,
        };
        app.refilter();
        app
    }

    /// Loads at least `batch` more rows with the reader, waiting for them (tests and
    /// benchmarks; the planner polls a background load with [`App::poll_load`]). When the
    /// reader is done, collects the load problems and opens their panel if there are any.
    pub fn load_batch(&mut self, reader: &mut RosterReader, batch: usize) {
        self.load.loading = true;
        self.load.progress = Some(reader.progress());
        let done = reader.step(std::sync::Arc::make_mut(&mut self.roster), batch);
        self.loaded_more(reader, done, true);
    }

    /// Takes what a background load has ready, spending at most about `budget` of the UI
    /// thread on it (the load runs on other threads; see [`RosterReader::start`]). The view
    /// follows: at once for the first rows, then every so often (more rarely as the roster
    /// grows and a refilter costs more), and when the load is done. Returns whether
    /// anything changed on screen.
    pub fn poll_load(&mut self, reader: &mut RosterReader, budget: std::time::Duration) -> bool {
        if !self.load.loading {
            return false;
        }
        if self.load.progress.is_none() {
            self.load.progress = Some(reader.progress());
        }
        reader.start(&self.roster);
        let before = self.roster.len();
        let done = reader.poll(std::sync::Arc::make_mut(&mut self.roster), budget);
        let grew = self.roster.len() > before;
        self.load.unseen_rows |= grew;
        let due = self.load.refresh_due();
        let refresh = self.load.unseen_rows && due;
        if refresh || done {
            self.load.unseen_rows = false;
        }
        self.loaded_more(reader, done, refresh);
        // The title's progress moves even when the view is not recomputed.
        done || grew || refresh
    }

    fn loaded_more(&mut self, reader: &RosterReader, done: bool, refresh: bool) {
        if done {
            self.load.loading = false;
            std::sync::Arc::make_mut(&mut self.roster).shrink_to_fit();
            let report = reader.report();
            self.load.mappings = report.mappings().map(|(_, m)| m.clone()).collect();
            // What a saved profile gave is recorded with the flags, so the plan reads the
            // roster the same way without the profile.
            if let (Some(setup), Some(refs)) = (&self.load.setup, &mut self.session.roster_refs) {
                let recorded = crate::io::roster::recorded_map(&setup.map, report);
                for r in refs.iter_mut() {
                    r.map = recorded.map_args();
                    r.set = recorded.set_args();
                }
            }
            self.load.problems = report
                .failed
                .iter()
                .map(|f| format!("unreadable: {f}"))
                .chain(report.rejected.iter().map(|r| r.to_string()))
                .chain(report.notices.iter().map(|n| format!("note: {n}")))
                .collect();
            // The title says `N load problems (L)` for as long as there are any; the list
            // opens by itself only when nothing loaded, where it is all there is to see.
            // A file whose columns are missing or guessed opens the mapping screen first.
            let review = if matches!(self.overlay, Overlay::None) {
                self.mapping_to_review()
            } else {
                None
            };
            if let Some(screen) = review {
                self.overlay = screen;
            } else if !self.load.problems.is_empty() && matches!(self.overlay, Overlay::None) {
                if self.roster.is_empty() {
                    self.overlay = Overlay::Problems { scroll: 0 };
                } else if self.message.is_none() {
                    let n = self.load.problems.len();
                    self.message = Some(format!(
                        "{} load problem{} (rejected rows, notes): L lists them",
                        crate::domain::number::grouped(n as u64),
                        if n == 1 { "" } else { "s" }
                    ));
                }
            }
            self.roster_loaded();
        } else if refresh && !self.session.file.plan.shortlist.is_empty() {
            self.rebuild_listed();
        }
        if refresh || done {
            let t = std::time::Instant::now();
            self.refilter();
            self.load.refreshed = Some((t, t.elapsed()));
        }
    }

    /// The day overdue deliverables are measured against (today, by the system clock).
    pub fn today(&self) -> Date {
        self.today
    }

    /// Sets the day deadlines are measured against: tests pin it, so what is overdue does
    /// not depend on when they run.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
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
            Overlay::Timeline { .. } => Context::Timeline,
            Overlay::Results { .. } => Context::Results,
            Overlay::Optimizing(_) => Context::Busy,
            Overlay::Proposal { .. } => Context::Proposal,
            Overlay::Mapping(_) => Context::Mapping,
            Overlay::Message(_) => Context::Message,
            Overlay::Sweeping(_) => Context::Busy,
            Overlay::Curve(_) => Context::Curve,
            Overlay::None if self.view.search.is_some() => Context::Search,
            Overlay::None => match self.focus {
                Focus::Table => Context::Table,
                Focus::Shortlist => Context::Shortlist,
                Focus::Filters => Context::Filters,
            },
        }
    }

    /// The selected creator's roster index.
    pub fn selected_creator(&self) -> Option<u32> {
        self.view.rows.get(self.view.selected).copied()
    }

    /// Rows of the table that fit on screen.
    pub fn page(&self) -> usize {
        table_rows(self.size)
    }

    /// Takes a background sort's order when it is ready and keeps it, then refreshes the view
    /// (which starts the next sort if the view now wants another); true when it did.
    pub fn poll_sort(&mut self) -> bool {
        let Some(job) = &self.view.sorting else {
            return false;
        };
        match job.poll() {
            Polled::Done(order) => {
                let (key, desc) = job.key();
                self.view.sorting = None;
                if order.len() == self.roster.len() {
                    self.view.orders.insert(key, desc, order);
                }
                self.refilter();
                true
            }
            Polled::Running => false,
            Polled::Lost => {
                self.view.sorting = None;
                self.refilter();
                true
            }
        }
    }

    /// Prices the roster for a plan in another currency: fees change, so orders by fee are
    /// dropped and the view is recomputed.
    pub(crate) fn reprice(&mut self, conversion: Option<crate::domain::money::Conversion>) {
        std::sync::Arc::make_mut(&mut self.roster).set_conversion(conversion);
        self.view.orders = crate::domain::filter::OrderCache::default();
        self.refilter();
    }

    /// Recomputes the view from the filter and sort (see [`RosterView::refilter`]).
    pub(crate) fn refilter(&mut self) {
        let page = self.page();
        if let Err(e) = self.view.refilter(&self.roster, self.load.loading, page) {
            self.message = Some(e);
        }
    }

    fn clamp(&mut self) {
        let page = self.page();
        self.view.clamp(page);
    }

    fn move_by(&mut self, delta: isize) {
        let page = self.page();
        self.view.move_by(delta, page);
    }

    pub fn update(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            // A resize is not an answer to the message on screen: it stays.
            self.size = (w, h);
            self.clamp();
            return;
        }
        self.message = None;
        // The overlay is taken out, handed to the code of its kind, and what comes back is
        // the next overlay: handlers return it and never write `self.overlay` themselves.
        let overlay = std::mem::replace(&mut self.overlay, Overlay::None);
        self.overlay = match overlay {
            overlay if action == Action::Quit => self.request_quit(overlay),
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
                    scroll: (scroll + 1).min(self.load.problems.len().saturating_sub(1)),
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
            Overlay::Timeline { scroll } => match action {
                Action::Down | Action::WheelDown => Overlay::Timeline { scroll: scroll + 1 },
                Action::Up | Action::WheelUp => Overlay::Timeline {
                    scroll: scroll.saturating_sub(1),
                },
                Action::Cancel | Action::Timeline => Overlay::None,
                _ => Overlay::Timeline { scroll },
            },
            Overlay::Results { measure } => match action {
                Action::NextPane => Overlay::Results {
                    measure: measure.next(),
                },
                Action::Cancel | Action::Results => Overlay::None,
                _ => Overlay::Results { measure },
            },
            Overlay::Optimizing(job) => self.update_optimizing(job, action),
            Overlay::Proposal { proposal, scroll } => {
                self.update_proposal(proposal, scroll, action)
            }
            Overlay::Mapping(m) => self.update_mapping(m, action),
            Overlay::Message(m) => self.update_message(m, action),
            Overlay::Sweeping(job) => self.update_sweeping(job, action),
            Overlay::Curve(view) => self.update_curve(view, action),
            Overlay::None => match self.view.search.take() {
                Some(line) => {
                    self.update_search(line, action);
                    Overlay::None
                }
                None => self.update_main(action),
            },
        };
    }

    /// The search field's text is the filter's search: the view follows every edit.
    fn set_search_text(&mut self, line: &LineInput) {
        if line.text() != self.view.filter.search {
            self.view.filter.search = line.text().to_string();
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
                self.view.filter.search.clear();
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
        self.view.search = Some(line);
    }

    /// Keys of the panes (no dialog open, no search typed); returns the dialog to open.
    fn update_main(&mut self, action: Action) -> Overlay {
        let page = self.page() as isize;
        if self.focus == Focus::Shortlist
            && let Some(next) = self.update_shortlist(action)
        {
            return next;
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
                self.view.filter_cursor = self.view.filter_cursor.saturating_sub(1);
            }
            (Focus::Filters, Action::Down) => {
                self.view.filter_cursor =
                    (self.view.filter_cursor + 1).min(super::state::view::FILTER_ROWS.len() - 1);
            }
            (Focus::Filters, Action::Confirm) => return self.edit_filter_row(),
            (Focus::Filters, Action::ClearOne) => {
                self.view.clear_filter_row(self.view.filter_cursor);
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
            (_, Action::Save) => return self.save(false),
            (_, Action::Export) => return self.open_export(),
            (_, Action::PreviewMessage) => return self.open_message(),
            (_, Action::Summary) => return Overlay::Summary { scroll: 0 },
            (_, Action::Timeline) => return Overlay::Timeline { scroll: 0 },
            (_, Action::Results) => {
                self.refresh_results();
                return Overlay::Results {
                    measure: Default::default(),
                };
            }
            (_, Action::ToggleObjective) => self.toggle_objective(),
            (_, Action::Optimize) => return self.open_input(InputKind::OptimizeLimits),
            (_, Action::Curve) => return self.start_curve(),
            (_, Action::StartSearch) => self.view.start_search(),
            (_, Action::Cancel) if !self.view.filter.search.is_empty() => {
                self.view.filter.search.clear();
                self.refilter();
            }
            (_, Action::SortNext) => {
                (self.view.sort, self.view.descending) = super::columns::next_sort(self.view.sort);
                self.refilter();
            }
            (_, Action::SortReverse) => {
                self.view.descending = !self.view.descending;
                self.refilter();
            }
            (_, Action::OpenPicker(kind)) => return self.open_picker(kind),
            (_, Action::OpenInput(kind)) => return self.open_input(kind),
            (_, Action::ClearFilters) => {
                self.view.filter = Filter::default();
                self.refilter();
            }
            (_, Action::ShowMapping) => return self.open_mapping(),
            (_, Action::ShowProblems) => {
                if self.load.problems.is_empty() {
                    self.message = Some("no load problems".into());
                } else {
                    return Overlay::Problems { scroll: 0 };
                }
            }
            (_, Action::Help) => return Overlay::Help { scroll: 0 },
            _ => {}
        }
        Overlay::None
    }

    fn click(&mut self, x: u16, y: u16) {
        let Some(row) = table_row_at(self.size, x, y) else {
            return;
        };
        if self.focus == Focus::Shortlist {
            let row = self.shortlist.offset + row;
            if row < self.session.file.plan.shortlist.len() {
                self.shortlist.entry = row;
                self.clamp_entry();
            }
            return;
        }
        self.focus = Focus::Table;
        let row = self.view.offset + row;
        if row < self.view.rows.len() {
            self.view.selected = row;
            self.clamp();
        }
    }

    fn edit_filter_row(&mut self) -> Overlay {
        match self.view.filter_cursor {
            0 => {
                self.view.start_search();
                Overlay::None
            }
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

    fn open_picker(&mut self, kind: PickerKind) -> Overlay {
        let mut items = self.view.picker_counts(kind, &self.roster);
        if matches!(kind, PickerKind::Niche | PickerKind::Country) {
            // Most common first; the order then stays put while toggling.
            items.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
        }
        Overlay::Picker(Picker {
            kind,
            items,
            cursor: 0,
        })
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
                    let values = self.view.picker_values(p.kind);
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
                self.view.picker_values(p.kind).clear();
                self.refilter();
            }
            Action::Confirm | Action::Cancel => return Overlay::None,
            _ => {}
        }
        // Counts of the other pickers' kinds do not change with this picker's toggles.
        Overlay::Picker(p)
    }

    /// The text field of `kind`, filled with the current value (or no dialog, with a
    /// message, when there is nothing to edit).
    pub(crate) fn open_input(&mut self, kind: InputKind) -> Overlay {
        let f = &self.view.filter;
        let camp = &self.session.file.plan.campaign;
        let entry = self.selected_entry();
        // Entry fields need an entry; the campaign's and the filters' do not.
        if kind.edits_entry() && entry.is_none() {
            self.message = Some("the shortlist is empty: Space on a creator adds one".into());
            return Overlay::None;
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
            InputKind::Gift => entry.map(|e| gift_text(e.product_value, e.shipping)),
            InputKind::Commission => entry.and_then(|e| e.commission_rate).map(percent),
            InputKind::Due => entry.and_then(|e| e.due).map(|d| d.to_string()),
            InputKind::Published => {
                entry.map(|e| published_text(e.published, e.post_url.as_deref()))
            }
            InputKind::Results => entry.map(|e| e.results.to_line()),
            InputKind::Contact => entry.map(|e| {
                crate::domain::contact::contact_line(
                    e.name.as_deref(),
                    e.email.as_deref(),
                    e.country.as_deref(),
                    e.url.as_deref(),
                )
            }),
            InputKind::SavePath => Some(self.session.proposed_plan_path()),
            InputKind::ExportPath => Some(self.session.proposed_export_path()),
            InputKind::OptimizeLimits => Some(self.limits.to_text()),
            // Opened by the message preview with its own proposal.
            InputKind::MessagePath => None,
        }
        .unwrap_or_default();
        let target = entry.map(|e| (e.platform, e.handle.clone()));
        Overlay::Input(Input {
            kind,
            line: LineInput::with_value(&text),
            error: None,
            target,
            then_quit: false,
        })
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
        } else if let Some(mut line) = self.view.search.take() {
            line.paste(text);
            self.set_search_text(&line);
            self.view.search = Some(line);
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
                    self.view.filter.min_followers = v;
                } else {
                    self.view.filter.max_followers = v;
                }
            }
            InputKind::MinEngagement => {
                self.view.filter.min_engagement = if text.is_empty() {
                    None
                } else {
                    parse_rate(text).map_err(|e| e.to_string())?
                };
            }
            _ => {
                self.view.filter.max_fee = if text.is_empty() {
                    None
                } else {
                    Some(Money::parse_in(
                        text,
                        &self.session.file.plan.campaign.currency,
                    )?)
                };
            }
        }
        Ok(())
    }
}

/// Reading the planner's state, and the settings start-up gives it: what the views, the
/// tests and the benchmarks use instead of its fields.
impl App {
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The creators in view, filtered and sorted (roster indices).
    pub fn view_rows(&self) -> &[u32] {
        &self.view.rows
    }

    /// How many creators are in view.
    pub fn view_len(&self) -> usize {
        self.view.rows.len()
    }

    pub fn filter(&self) -> &Filter {
        &self.view.filter
    }

    /// Replaces the filter, and the view follows.
    pub fn set_filter(&mut self, filter: Filter) {
        self.view.filter = filter;
        self.refilter();
    }

    pub fn sort(&self) -> crate::domain::filter::SortKey {
        self.view.sort
    }

    /// Sorts the view by `key`, largest first when `descending`.
    pub fn set_sort(&mut self, key: crate::domain::filter::SortKey, descending: bool) {
        (self.view.sort, self.view.descending) = (key, descending);
        self.refilter();
    }

    pub fn descending(&self) -> bool {
        self.view.descending
    }

    /// Position of the selected creator in the view.
    pub fn selected_row(&self) -> usize {
        self.view.selected
    }

    /// The first row of the view shown in the table.
    pub fn first_row(&self) -> usize {
        self.view.offset
    }

    /// Whether a search is being typed.
    pub fn searching(&self) -> bool {
        self.view.search.is_some()
    }

    /// Whether a sort of the whole roster is running in the background.
    pub fn sorting(&self) -> bool {
        self.view.sorting.is_some()
    }

    /// Rosters of at least `rows` creators sort by a new column in the background.
    pub fn set_background_sort_from(&mut self, rows: usize) {
        self.view.background_sort_from = rows;
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn overlay(&self) -> &Overlay {
        &self.overlay
    }

    pub fn overlay_kind(&self) -> OverlayKind {
        self.overlay.kind()
    }

    /// Whether the roster is still loading.
    pub fn is_loading(&self) -> bool {
        self.load.loading
    }

    /// The event loop loads the roster in the background from now on.
    pub fn start_loading(&mut self) {
        self.load.loading = true;
    }

    /// Load problems, one line each.
    pub fn problems(&self) -> &[String] {
        &self.load.problems
    }

    /// Roster indices of the shortlisted creators.
    pub fn listed(&self) -> &std::collections::HashSet<u32> {
        &self.shortlist.listed
    }

    /// Position of the selected entry in the shortlist pane.
    pub fn entry_row(&self) -> usize {
        self.shortlist.entry
    }

    /// Whether the planner is done (the event loop ends).
    pub fn should_quit(&self) -> bool {
        self.session.quit
    }

    /// Where Ctrl-s saves; `None` asks for a path.
    pub fn plan_path(&self) -> Option<&std::path::Path> {
        self.session.path.as_deref()
    }

    pub fn set_plan_path(&mut self, path: Option<PathBuf>) {
        self.session.path = path;
    }

    /// The recovery file of this plan (`None`: no recovery).
    pub fn set_recovery(&mut self, path: Option<PathBuf>) {
        self.session.recovery = path;
    }

    /// Roster files to record in the plan when it is saved (`None`: keep what it records).
    pub fn set_roster_refs(&mut self, refs: Option<Vec<crate::domain::plan::RosterRef>>) {
        self.session.roster_refs = refs;
    }

    pub fn exchange(&self) -> &ExchangeRates {
        &self.exchange
    }

    /// The config's exchange rates (set before a plan in another currency is opened).
    pub fn set_exchange(&mut self, rates: ExchangeRates) {
        self.exchange = rates;
    }
}
