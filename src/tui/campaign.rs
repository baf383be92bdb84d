//! The planner's campaign side: the shortlist and its edits, saving, exporting, the recovery
//! file and quitting safely. Every change to the plan goes through `domain::plan::Plan`, so
//! each one is undoable and the totals stay exact.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::action::{Action, InputKind};
use super::app::{App, Confirm, Focus, Input, Overlay};
use super::state::ResultsFigures;
use crate::domain::deliverables::{parse_deliverables, parse_posts};
use crate::domain::fees::FeeSource;
use crate::domain::money::Money;
use crate::domain::plan::{Objective, Plan, ShortlistEntry, Status};
use crate::io::plan::PlanFile;
use crate::io::recovery;

impl App {
    /// Opens a plan read from `path` (or a new plan to be saved there when `file` is a new
    /// one). The plan counts as saved as it is.
    pub fn open_plan(&mut self, file: PlanFile, path: Option<PathBuf>) {
        self.session.on_disk = path.as_deref().and_then(super::state::session::fingerprint);
        self.session.file = file;
        self.session.path = path;
        self.session.saved = self.session.file.plan.clone();
        self.shortlist.entry = 0;
        self.shortlist.offset = 0;
        self.session.generation = 0;
        self.session.recovered_generation = 0;
        self.plan_changed();
        self.sync_pricing();
        if self.load.matched {
            self.match_plan();
        } else {
            self.rebuild_listed();
        }
    }

    /// Applies `--budget`: an edit like any other (undoable, unsaved until saved) when the
    /// plan had another budget.
    pub fn set_budget(&mut self, budget: Money) {
        if self.session.file.plan.campaign.budget != budget {
            self.session.file.plan.set_budget(budget);
            self.touched();
        }
    }

    /// Sets the budget in `currency` (`b` with `15k EUR`, `--budget "15k EUR"`) as one edit.
    /// Another currency than the plan's is taken only while the shortlist is empty (its
    /// fees, negotiated ones included, are never repriced behind the user's back) and the
    /// roster has loaded, and only with an exchange rate in the config; the creators are then
    /// priced in it. A refusal is one line saying why, and changes nothing.
    pub fn set_budget_in(&mut self, budget: Money, currency: &str) -> Result<(), String> {
        let currency = currency.trim().to_ascii_uppercase();
        let camp = &self.session.file.plan.campaign;
        let same = camp.currency.eq_ignore_ascii_case(&currency);
        if same && camp.budget == budget {
            return Ok(());
        }
        if same {
            let cur = camp.currency.clone();
            self.session
                .file
                .plan
                .set_budget_in(budget, &cur)
                .map_err(|e| e.to_string())?;
            self.touched();
            return Ok(());
        }
        if !self.session.file.plan.shortlist.is_empty() {
            return Err(
                crate::domain::plan::PlanError::CurrencyWithEntries(camp.currency.clone())
                    .to_string(),
            );
        }
        if self.load.loading {
            return Err(format!(
                "the roster is still loading: set {currency} once it has loaded"
            ));
        }
        let conversion = self.exchange.conversion_to(&currency)?;
        self.session
            .file
            .plan
            .set_budget_in(budget, &currency)
            .map_err(|e| e.to_string())?;
        self.reprice(conversion);
        self.touched();
        Ok(())
    }

    /// Keeps the roster priced in the plan's currency after the plan changed under it (undo
    /// or redo across a currency change, a plan opened or restored). While the roster loads
    /// the readers price with the model they started with, so this waits for the load's end.
    pub(crate) fn sync_pricing(&mut self) {
        let want = self
            .session
            .file
            .plan
            .campaign
            .currency
            .to_ascii_uppercase();
        if self.load.loading
            || self
                .roster
                .priced_in(&self.currency)
                .eq_ignore_ascii_case(&want)
        {
            return;
        }
        match self.exchange.conversion_to(&want) {
            Ok(conversion) => self.reprice(conversion),
            Err(e) => self.message = Some(e),
        }
    }

    /// Whether the plan has changes not saved to its file.
    pub fn dirty(&self) -> bool {
        self.session.dirty()
    }

    pub fn plan(&self) -> &Plan {
        self.session.plan()
    }

    /// The shortlist entry under the cursor of the shortlist pane.
    pub fn selected_entry(&self) -> Option<&ShortlistEntry> {
        self.session.file.plan.shortlist.get(self.shortlist.entry)
    }

    /// Records that the plan changed: the marks and the recovery follow.
    pub(crate) fn touched(&mut self) {
        self.sync_pricing();
        self.session.generation += 1;
        self.plan_changed();
        self.rebuild_listed();
        // Δ marks follow the plan: an edit (or its undo) can add or settle a difference.
        if self.load.matched {
            self.shortlist.changes = self.session.file.plan.figure_changes(&self.roster);
        }
        self.clamp_entry();
    }

    /// Keeps what is computed from the plan in step with it: the results view's figures are
    /// refreshed now when the view is open, else when it next opens.
    fn plan_changed(&mut self) {
        self.session.revision += 1;
        if matches!(self.overlay, Overlay::Results { .. }) {
            self.refresh_results();
        }
    }

    /// Computes the results view's figures unless those kept are of the plan as it is.
    pub(crate) fn refresh_results(&mut self) {
        let revision = self.session.revision;
        if !self.results.as_ref().is_some_and(|r| r.is_for(revision)) {
            self.results = Some(ResultsFigures::of(self.plan(), revision));
        }
    }

    /// The figures the results view charts: those kept when they are of the plan as it is,
    /// else computed now, so a figure of an older plan is never shown.
    pub fn results_figures(&self) -> Cow<'_, ResultsFigures> {
        match &self.results {
            Some(r) if r.is_for(self.session.revision) => Cow::Borrowed(r),
            _ => Cow::Owned(ResultsFigures::of(self.plan(), self.session.revision)),
        }
    }

    pub(crate) fn rebuild_listed(&mut self) {
        self.shortlist.listed.clear();
        for e in &self.session.file.plan.shortlist {
            if let Some(i) = self.roster.find(e.platform, &e.handle) {
                self.shortlist.listed.insert(i);
            }
        }
    }

    /// Called once the roster has loaded: matches the plan to it (entries whose creator left
    /// are kept and flagged; changed figures are listed).
    pub(crate) fn roster_loaded(&mut self) {
        self.load.matched = true;
        self.match_plan();
    }

    fn match_plan(&mut self) {
        // Figures are compared in the plan's currency.
        self.sync_pricing();
        let was_saved = !self.dirty();
        let report = self.session.file.plan.match_roster(&self.roster);
        self.plan_changed();
        // Flags set by matching describe the roster, not an edit: a plan opened and closed
        // untouched is not "unsaved".
        if was_saved {
            self.session.saved = self.session.file.plan.clone();
        }
        self.shortlist.changes = report.changed;
        self.rebuild_listed();
        let mut notes = Vec::new();
        if !report.missing.is_empty() {
            notes.push(format!(
                "{} shortlisted creator{} not in the roster (kept, flagged !)",
                report.missing.len(),
                if report.missing.len() == 1 { "" } else { "s" }
            ));
        }
        let changed: std::collections::HashSet<_> = self
            .shortlist
            .changes
            .iter()
            .map(|c| (c.platform, c.handle.as_str()))
            .collect();
        if !changed.is_empty() {
            notes.push(format!("{} with changed figures (Δ)", changed.len()));
        }
        if !notes.is_empty() && self.message.is_none() {
            self.message = Some(notes.join("; "));
        }
    }

    /// Whether this entry's figures differ from the roster's now.
    pub fn entry_changed(&self, e: &ShortlistEntry) -> bool {
        self.shortlist.changed(e)
    }

    pub(crate) fn clamp_entry(&mut self) {
        let page = self.page();
        let n = self.session.file.plan.shortlist.len();
        self.shortlist.clamp(n, page);
    }

    fn move_entry(&mut self, delta: isize) {
        let page = self.page();
        let n = self.session.file.plan.shortlist.len();
        self.shortlist.move_by(delta, n, page);
    }

    /// Keys of the shortlist pane, returning the dialog to open; `None` when the key is not
    /// the pane's (it then works as it does everywhere).
    pub(crate) fn update_shortlist(&mut self, action: Action) -> Option<Overlay> {
        let page = self.page() as isize;
        match action {
            Action::Up => self.move_entry(-1),
            Action::Down => self.move_entry(1),
            Action::PageUp => self.move_entry(-page),
            Action::PageDown => self.move_entry(page),
            Action::Top => self.move_entry(isize::MIN / 2),
            Action::Bottom => self.move_entry(isize::MAX / 2),
            Action::WheelUp => self.move_entry(-3),
            Action::WheelDown => self.move_entry(3),
            Action::RemoveEntry | Action::ToggleListed => self.remove_selected_entry(),
            Action::TakeFigures => self.take_new_figures(),
            Action::MorePosts => self.step_posts(1),
            Action::NextFormat => self.next_format(),
            Action::FewerPosts => self.step_posts(-1),
            Action::StatusNext => self.step_status(1),
            Action::StatusPrev => self.step_status(-1),
            Action::PickStatus => match self.selected_entry() {
                Some(e) => {
                    let cursor = Status::ALL.iter().position(|&s| s == e.status).unwrap_or(0);
                    return Some(Overlay::Status { cursor });
                }
                None => self.message = Some("the shortlist is empty".into()),
            },
            _ => return None,
        }
        Some(Overlay::None)
    }

    fn entry_key(&self) -> Option<(crate::domain::creator::Platform, String)> {
        self.selected_entry()
            .map(|e| (e.platform, e.handle.clone()))
    }

    /// Space in the roster table: adds the selected creator, or removes them when listed.
    pub(crate) fn toggle_listed(&mut self) {
        let Some(i) = self.selected_creator() else {
            return;
        };
        let v = self.roster.view(i);
        let (platform, handle) = (v.platform, v.handle.to_string());
        let plan = &mut self.session.file.plan;
        if plan.position(platform, &handle).is_some() {
            if plan.remove(platform, &handle).is_ok() {
                self.message = Some(format!("removed @{handle} from the shortlist · u undoes"));
            }
        } else {
            let camp = &plan.campaign;
            let e =
                ShortlistEntry::from_roster(&self.roster, i, camp.posts, camp.format.as_deref());
            let fee = e.fee.display(&camp.currency);
            let what = source_word(e.fee_source);
            if plan.add(e).is_ok() {
                self.message = Some(format!("shortlisted @{handle}: {fee} ({what}) · u undoes"));
                self.shortlist.entry = plan.shortlist.len() - 1;
            }
        }
        self.touched();
    }

    /// Takes the roster's new figures for the selected entry (Δ), as one undoable edit.
    fn take_new_figures(&mut self) {
        let Some((p, h)) = self.entry_key() else {
            return;
        };
        let fields: Vec<String> = self
            .shortlist
            .changes
            .iter()
            .filter(|c| c.platform == p && c.handle == h)
            .map(|c| c.field.replace('_', " "))
            .collect();
        if fields.is_empty() {
            self.message = Some(format!("@{h}: the plan already has the roster's figures"));
            return;
        }
        match self
            .session
            .file
            .plan
            .take_roster_figures(&self.roster, p, &h)
        {
            Ok(()) => {
                self.message = Some(format!(
                    "@{h}: took the roster's {} · u undoes",
                    fields.join(", ")
                ));
                self.touched();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn remove_selected_entry(&mut self) {
        let Some((p, h)) = self.entry_key() else {
            return;
        };
        if self.session.file.plan.remove(p, &h).is_ok() {
            self.message = Some(format!("removed @{h} from the shortlist · u undoes"));
            self.touched();
        }
    }

    fn step_posts(&mut self, delta: i64) {
        let Some(e) = self.selected_entry() else {
            return;
        };
        let posts = i64::from(e.posts) + delta;
        if posts < 1 {
            self.message = Some("at least 1 post; Space removes the creator".into());
            return;
        }
        let (p, h) = (e.platform, e.handle.clone());
        if self
            .session
            .file
            .plan
            .set_posts(p, &h, posts as u32)
            .is_ok()
        {
            self.touched();
        }
    }

    /// Cycles the entry's deliverable format through the platform's formats (feed post,
    /// story, reel...), repricing an estimate or own rate by the format's multiplier.
    fn next_format(&mut self) {
        let Some(e) = self.selected_entry() else {
            return;
        };
        let (p, h, posts) = (e.platform, e.handle.clone(), e.posts);
        let names: Vec<String> = self.roster.model().formats[p.index()]
            .iter()
            .map(|f| f.name.clone())
            .collect();
        if names.len() < 2 {
            self.message = Some(format!("{} has one deliverable format", p.label()));
            return;
        }
        let current = e.format.clone().unwrap_or_else(|| names[0].clone());
        let k = names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(&current))
            .unwrap_or(0);
        let next_k = (k + 1) % names.len();
        let next = names[next_k].clone();
        let Some(i) = self.roster.find(p, &h) else {
            self.message = Some("not in the roster: its fee cannot be repriced".into());
            return;
        };
        let fresh = ShortlistEntry::from_roster(&self.roster, i, posts, Some(&next));
        // The first format is the platform's standard post: recorded as no format.
        let format = (next_k != 0).then(|| next.clone());
        if self
            .session
            .file
            .plan
            .set_format(p, &h, format, fresh.fee)
            .is_ok()
        {
            self.message = Some(format!("@{h}: {posts} × {next}"));
            self.touched();
        }
    }

    fn step_status(&mut self, delta: isize) {
        let Some(e) = self.selected_entry() else {
            return;
        };
        let n = Status::ALL.len() as isize;
        let k = Status::ALL.iter().position(|&s| s == e.status).unwrap_or(0) as isize;
        let next = Status::ALL[(k + delta).rem_euclid(n) as usize];
        self.set_entry_status(next);
    }

    fn set_entry_status(&mut self, status: Status) {
        let Some((p, h)) = self.entry_key() else {
            return;
        };
        if self.session.file.plan.set_status(p, &h, status).is_ok() {
            self.message = Some(match status {
                Status::Declined => format!("@{h} declined: kept in the list, not counted"),
                s => format!("@{h} is {}", s.key()),
            });
            self.touched();
        }
    }

    pub(crate) fn update_status_picker(&mut self, cursor: usize, action: Action) -> Overlay {
        let last = Status::ALL.len() - 1;
        match action {
            Action::Down | Action::WheelDown => Overlay::Status {
                cursor: (cursor + 1).min(last),
            },
            Action::Up | Action::WheelUp => Overlay::Status {
                cursor: cursor.saturating_sub(1),
            },
            Action::Confirm | Action::Toggle => {
                self.set_entry_status(Status::ALL[cursor.min(last)]);
                Overlay::None
            }
            Action::Cancel => Overlay::None,
            _ => Overlay::Status { cursor },
        }
    }

    pub(crate) fn toggle_objective(&mut self) {
        let next = match self.session.file.plan.campaign.objective {
            Objective::Engagements => Objective::Reach,
            Objective::Reach => Objective::Engagements,
        };
        self.session.file.plan.set_objective(next);
        self.message = Some(format!("objective: expected {}", next.key()));
        self.touched();
    }

    pub(crate) fn undo(&mut self) {
        match self.session.file.plan.undo() {
            Ok(label) => {
                self.message = Some(format!("undid: {label} (Ctrl-r redoes)"));
                self.touched();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    pub(crate) fn redo(&mut self) {
        match self.session.file.plan.redo() {
            Ok(label) => {
                self.message = Some(format!("redid: {label}"));
                self.touched();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Applies a plan field typed in a dialog; a refused value keeps the dialog open with the
    /// reason, and the plan as it was.
    pub(crate) fn apply_plan_input(&mut self, mut i: Input) -> Overlay {
        let text = i.line.text().trim().to_string();
        match self.plan_input(&i, &text) {
            Ok(next) => {
                if !matches!(
                    i.kind,
                    InputKind::SavePath
                        | InputKind::ExportPath
                        | InputKind::OptimizeLimits
                        | InputKind::MessagePath
                ) {
                    self.touched();
                }
                next.unwrap_or(Overlay::None)
            }
            Err(e) => {
                i.error = Some(e);
                Overlay::Input(i)
            }
        }
    }

    /// Applies one field; `Ok(Some(overlay))` when another dialog follows.
    fn plan_input(&mut self, i: &Input, text: &str) -> Result<Option<Overlay>, String> {
        let text = text.to_string();
        let target = i.target.clone();
        match i.kind {
            InputKind::Budget => {
                let m = Money::parse(&text)
                    .map_err(|e| format!("{e}; the budget stays {}", self.budget_text()))?;
                let currency = Money::currency_of(&text)
                    .unwrap_or_else(|| self.session.file.plan.campaign.currency.clone());
                self.set_budget_in(m, &currency)
                    .map(|_| None)
                    .map_err(|e| format!("{e}; the budget stays {}", self.budget_text()))
            }
            InputKind::CampaignName if text.is_empty() => Err("the name cannot be empty".into()),
            InputKind::CampaignName => {
                self.session.file.plan.set_name(&text);
                Ok(None)
            }
            InputKind::DefaultPosts => {
                parse_deliverables(&text, self.roster.model()).and_then(|(n, format)| {
                    self.session
                        .file
                        .plan
                        .set_default_deliverables(n, format)
                        .map(|_| None)
                        .map_err(|e| e.to_string())
                })
            }
            InputKind::Posts => parse_posts(&text).and_then(|n| {
                let (p, h) = target.clone().ok_or("no entry selected")?;
                self.session
                    .file
                    .plan
                    .set_posts(p, &h, n)
                    .map(|_| None)
                    .map_err(|e| e.to_string())
            }),
            InputKind::Fee => {
                let (p, h) = target.clone().ok_or("no entry selected")?;
                if text.is_empty() {
                    self.reset_fee(p, &h).map(|_| None)
                } else {
                    Money::parse_in(&text, &self.session.file.plan.campaign.currency)
                        .map_err(|e| format!("{e}; the fee is unchanged"))
                        .and_then(|m| {
                            self.session
                                .file
                                .plan
                                .set_fee(p, &h, m)
                                .map(|_| None)
                                .map_err(|e| e.to_string())
                        })
                }
            }
            InputKind::Note => {
                let (p, h) = target.clone().ok_or("no entry selected")?;
                self.session
                    .file
                    .plan
                    .set_note(p, &h, &text)
                    .map(|_| None)
                    .map_err(|e| e.to_string())
            }
            InputKind::Gift
            | InputKind::Commission
            | InputKind::Due
            | InputKind::Published
            | InputKind::Results
            | InputKind::Contact => {
                let (p, h) = target.clone().ok_or("no entry selected")?;
                self.entry_input(i.kind, p, &h, &text).map(|_| None)
            }
            InputKind::SavePath => self.save_path_entered(&text, i.then_quit).map(Some),
            InputKind::ExportPath => self.export_to(Path::new(&text)).map(|_| None),
            InputKind::OptimizeLimits => self.start_optimizer(&text).map(Some),
            InputKind::MessagePath => self.save_message(target, &text).map(|_| None),
            _ => Ok(None),
        }
    }

    /// Applies one of the entry's issue-#15 fields as typed: each is one undoable edit, and
    /// a refusal leaves the entry as it was.
    fn entry_input(
        &mut self,
        kind: InputKind,
        p: crate::domain::creator::Platform,
        h: &str,
        text: &str,
    ) -> Result<(), String> {
        use crate::domain::compensation::{parse_commission, parse_gift, parse_published};
        let plan = &mut self.session.file.plan;
        let pos = plan.position(p, h).ok_or("no entry selected")?;
        let e = plan.shortlist[pos].clone();
        let currency = plan.campaign.currency.clone();
        let done = match kind {
            InputKind::Gift => {
                let (product, shipping) = parse_gift(text, &currency)?;
                plan.set_compensation(p, h, product, shipping, e.commission_rate)
            }
            InputKind::Commission => {
                let rate = parse_commission(text)?;
                plan.set_compensation(p, h, e.product_value, e.shipping, rate)
            }
            InputKind::Due => {
                let due = if text.is_empty() {
                    None
                } else {
                    Some(crate::domain::date::Date::parse(text).map_err(|e| e.to_string())?)
                };
                plan.set_dates(p, h, due, e.published)
            }
            InputKind::Published => {
                let (date, url) = parse_published(text)?;
                plan.set_published(p, h, date, url)
            }
            InputKind::Results => {
                let r = crate::domain::results::Results::parse_line(text, &currency)?;
                plan.set_results(p, h, r)
            }
            InputKind::Contact => {
                let c = crate::domain::contact::parse_contact(text)?;
                plan.set_contact(p, h, c)
            }
            _ => Ok(()),
        };
        done.map_err(|e| e.to_string())
    }

    fn reset_fee(&mut self, p: crate::domain::creator::Platform, h: &str) -> Result<(), String> {
        let i = self
            .roster
            .find(p, h)
            .ok_or("this creator is not in the roster: type the fee")?;
        let pos = self
            .session
            .file
            .plan
            .position(p, h)
            .ok_or("no entry selected")?;
        let e = &self.session.file.plan.shortlist[pos];
        let fresh = ShortlistEntry::from_roster(&self.roster, i, e.posts, e.format.as_deref());
        self.session
            .file
            .plan
            .reset_fee(p, h, fresh.fee, fresh.fee_source)
            .map_err(|e| e.to_string())
    }

    fn budget_text(&self) -> String {
        let c = &self.session.file.plan.campaign;
        c.budget.display(&c.currency)
    }

    /// Ctrl-s: saves to the plan's file, or asks for one (the dialog returned).
    pub(crate) fn save(&mut self, then_quit: bool) -> Overlay {
        if let Some(job) = &mut self.session.saving {
            // One save at a time; a quit waits for the one running.
            job.then_quit |= then_quit;
            self.message = Some("a save is running: a moment".into());
            return Overlay::None;
        }
        match self.session.path.clone() {
            Some(p) if self.session.changed_on_disk(&p) => {
                // Never overwrite another program's change without asking.
                Overlay::Confirm(Confirm::ChangedOnDisk { path: p, then_quit })
            }
            Some(p)
                if self.session.file.plan.shortlist.len() >= self.session.background_save_from =>
            {
                // Big plans are written on another thread; the screen stays live.
                self.session.start_save(&p, then_quit);
                Overlay::None
            }
            Some(p) => {
                if self.save_to(&p) && then_quit {
                    self.session.quit = true;
                }
                Overlay::None
            }
            None => match self.open_input(InputKind::SavePath) {
                Overlay::Input(i) => Overlay::Input(Input { then_quit, ..i }),
                other => other,
            },
        }
    }

    fn save_path_entered(&mut self, text: &str, then_quit: bool) -> Result<Overlay, String> {
        if text.is_empty() {
            return Err("type a file name".into());
        }
        let mut path = PathBuf::from(text);
        if path.extension().is_none() {
            path.set_extension("toml");
        }
        if path.is_dir() {
            return Err(format!("{} is a folder", path.display()));
        }
        if path.exists() && self.session.path.as_deref() != Some(path.as_path()) {
            return Ok(Overlay::Confirm(Confirm::Overwrite { path, then_quit }));
        }
        self.finish_save_as(path, then_quit)
    }

    fn finish_save_as(&mut self, path: PathBuf, then_quit: bool) -> Result<Overlay, String> {
        let before = self.session.path.replace(path.clone());
        if self.save_to(&path) {
            // The recovery belongs to the plan's file from now on.
            if let (Some(old), Some(dir)) = (&self.session.recovery, crate::io::config::data_dir())
            {
                recovery::remove(old);
                if before.is_none() {
                    self.session.recovery = Some(recovery::recovery_path(&dir, Some(&path)));
                }
            }
            if then_quit {
                self.session.quit = true;
            }
            Ok(Overlay::None)
        } else {
            self.session.path = before;
            Err(self.message.take().unwrap_or_else(|| "save failed".into()))
        }
    }

    /// Takes a save running on another thread when it is done: says so (or why it failed),
    /// and quits when it was a save on the way out. True when the screen changed.
    pub fn poll_save(&mut self) -> bool {
        use super::jobs::Polled;
        let Some(job) = &self.session.saving else {
            return false;
        };
        let result = match job.poll() {
            Polled::Running => return false,
            Polled::Done(r) => r,
            Polled::Lost => Err(format!(
                "cannot save {}: the save stopped unexpectedly",
                job.path.display()
            )),
        };
        let Some(job) = self.session.saving.take() else {
            return false;
        };
        match result {
            Ok(file) => {
                self.message = Some(self.session.saved_as(&job.path, file));
                if job.then_quit {
                    self.session.quit = true;
                }
            }
            Err(e) => self.message = Some(e),
        }
        true
    }

    /// Whether a save runs on another thread.
    pub fn is_saving(&self) -> bool {
        self.session.saving.is_some()
    }

    /// Saves big plans on another thread from `entries` entries on (tests use 0).
    pub fn set_background_save_from(&mut self, entries: usize) {
        self.session.background_save_from = entries;
    }

    /// Waits for a save running on another thread (tests, and quitting on a signal).
    pub fn wait_save(&mut self) {
        while self.is_saving() {
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.poll_save();
        }
    }

    /// Saves the plan to `path`; on failure the message says why and nothing in memory
    /// changes. Returns whether it saved.
    pub fn save_to(&mut self, path: &Path) -> bool {
        let result = self.session.save_to(path);
        let saved = result.is_ok();
        self.message = Some(result.unwrap_or_else(|e| e));
        saved
    }

    pub(crate) fn open_export(&mut self) -> Overlay {
        if self.session.file.plan.shortlist.is_empty() {
            self.message = Some("the shortlist is empty: nothing to export yet".into());
            return Overlay::None;
        }
        self.open_input(InputKind::ExportPath)
    }

    /// Writes the plan as a CSV sheet, a Markdown brief or JSON, by the file's extension.
    pub fn export_to(&mut self, path: &Path) -> Result<(), String> {
        self.message = Some(self.session.export_to(path)?);
        Ok(())
    }

    /// `q`: quits at once when everything is saved (the dialog on screen stays until the
    /// loop ends), else asks.
    pub(crate) fn request_quit(&mut self, current: Overlay) -> Overlay {
        if self.dirty() {
            Overlay::Confirm(Confirm::Quit)
        } else {
            self.discard_recovery();
            self.session.quit = true;
            current
        }
    }

    pub(crate) fn update_confirm(&mut self, c: Confirm, action: Action) -> Overlay {
        match (c, action) {
            (Confirm::Quit, Action::Yes) => self.save(true),
            (Confirm::Quit, Action::No) => {
                self.discard_recovery();
                self.session.quit = true;
                Overlay::None
            }
            (Confirm::Restore { .. }, Action::Yes) => {
                self.restore_recovery();
                Overlay::None
            }
            (Confirm::Restore { .. }, Action::No) => {
                self.discard_recovery();
                self.message = Some("recovered changes discarded".into());
                Overlay::None
            }
            (Confirm::Overwrite { path, then_quit }, Action::Yes) => {
                match self.finish_save_as(path, then_quit) {
                    Ok(o) => o,
                    Err(e) => {
                        self.message = Some(e);
                        Overlay::None
                    }
                }
            }
            (Confirm::Overwrite { .. }, Action::No) => self.open_input(InputKind::SavePath),
            (Confirm::ChangedOnDisk { path, then_quit }, Action::Yes) => {
                // Their version goes to .bak, as every save's previous version does.
                if self.save_to(&path) && then_quit {
                    self.session.quit = true;
                }
                Overlay::None
            }
            (Confirm::ChangedOnDisk { then_quit, .. }, Action::No) => {
                match self.open_input(InputKind::SavePath) {
                    Overlay::Input(mut i) => {
                        i.line = super::line_input::LineInput::with_value("");
                        Overlay::Input(Input { then_quit, ..i })
                    }
                    other => other,
                }
            }
            (Confirm::ChangedOnDisk { path, then_quit }, Action::Reload) => {
                self.reload_and_reapply(&path, then_quit)
            }
            (_, Action::Cancel) => Overlay::None,
            (c, _) => Overlay::Confirm(c),
        }
    }

    /// The plan's file changed on disk: reads it again and re-applies this session's edits
    /// on top (one undoable edit, [`Plan::rebase`]); where both changed the same thing, this
    /// session's value is kept and the message says where. Unsaved until saved, unless the
    /// save was on the way out, which then saves and quits.
    fn reload_and_reapply(&mut self, path: &Path, then_quit: bool) -> Overlay {
        let theirs = match crate::io::plan::load(path) {
            Ok(f) => f,
            Err(e) => {
                self.message = Some(format!("cannot reload: {e}"));
                return Overlay::None;
            }
        };
        let base = self.session.saved.clone();
        let conflicts = self.session.file.plan.rebase(&base, &theirs.plan);
        self.session.file.doc = theirs.doc;
        self.session.saved = theirs.plan;
        self.session.on_disk = super::state::session::fingerprint(path);
        self.touched();
        let kept = if conflicts.is_empty() {
            String::new()
        } else {
            format!(" (yours kept over the file's: {})", conflicts.join(", "))
        };
        if then_quit {
            if self.save_to(path) {
                self.session.quit = true;
            }
            return Overlay::None;
        }
        self.message = Some(format!(
            "reloaded {} and re-applied your edits{kept} · Ctrl-s saves · u undoes",
            path.display()
        ));
        Overlay::None
    }

    /// Writes the recovery file when the plan changed since it was last written. Called by
    /// the event loop after each batch of input, so typing is never slowed by the disk.
    pub fn sync_recovery(&mut self) {
        if let Err(e) = self.session.sync_recovery() {
            self.message = Some(e);
        }
    }

    fn discard_recovery(&mut self) {
        self.session.discard_recovery();
    }

    /// At start: when this plan has a recovery file, asks whether to restore it.
    pub fn offer_recovery(&mut self) {
        let Some(path) = self.session.recovery.clone() else {
            return;
        };
        match recovery::read(&path) {
            Ok(Some(r)) => {
                let when = ago(r.written);
                let t = r.file.plan.totals();
                let summary = format!(
                    "\"{}\": {} creators, spend {} (written {when})",
                    r.file.plan.campaign.name,
                    t.creators,
                    t.spend_text(&r.file.plan.campaign.currency)
                );
                self.overlay = Overlay::Confirm(Confirm::Restore { summary });
            }
            Ok(None) => {}
            Err(e) => {
                self.message = Some(format!("recovery file unreadable, left alone: {e}"));
            }
        }
    }

    fn restore_recovery(&mut self) {
        let Some(path) = self.session.recovery.clone() else {
            return;
        };
        match recovery::read(&path) {
            Ok(Some(r)) => {
                let saved = std::mem::take(&mut self.session.saved);
                self.session.file = r.file;
                self.session.saved = saved;
                self.shortlist.changes.clear();
                if self.load.matched {
                    self.match_plan();
                }
                self.touched();
                self.message = Some("unsaved changes restored · Ctrl-s saves them".into());
            }
            Ok(None) => self.message = Some("the recovery file is gone".into()),
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Focus the shortlist pane (tests and the optimizer's accept).
    pub fn focus_shortlist(&mut self) {
        self.focus = Focus::Shortlist;
        self.clamp_entry();
    }
}

/// How a fee was reached, in a word.
pub fn source_word(s: FeeSource) -> &'static str {
    match s {
        FeeSource::Rate => "own rate",
        FeeSource::Negotiated => "negotiated",
        _ => "estimate",
    }
}

/// `written` (seconds since 1970) as "5 minutes ago".
fn ago(written: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let s = now.saturating_sub(written);
    match s {
        0..=89 => "just now".into(),
        90..=5399 => format!("{} minutes ago", s / 60),
        5400..=129_599 => format!("{} hours ago", s / 3600),
        _ => format!("{} days ago", s / 86_400),
    }
}
