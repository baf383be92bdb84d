//! A campaign plan: the campaign, its shortlist of creators, exact totals, and an edit history
//! for undo and redo. No file code lives here (see `io::plan`).
//!
//! Money is kept in cents. Declined creators stay in the shortlist but count toward neither
//! spend nor the expected figures: `ShortlistEntry::counted_fee` is zero for them, and the
//! file writes such an entry's `fee` as 0 with the quoted fee kept under `quoted_fee`, so the
//! contract's rule (`totals.spend` is the sum of the shortlist fees) holds for every plan.

use super::creator::{Platform, handle_key};
use super::fees::{FeeSource, scale_fee};
use super::money::{Money, UnitCost};
use super::roster::Roster;

/// What the campaign maximizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Objective {
    Engagements,
    Reach,
}

impl Objective {
    pub fn key(self) -> &'static str {
        match self {
            Objective::Engagements => "engagements",
            Objective::Reach => "reach",
        }
    }

    pub fn parse(s: &str) -> Option<Objective> {
        match s.trim().to_ascii_lowercase().as_str() {
            "engagements" => Some(Objective::Engagements),
            "reach" => Some(Objective::Reach),
            _ => None,
        }
    }
}

/// Where a creator stands in the outreach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Shortlisted,
    Contacted,
    Negotiating,
    Confirmed,
    Declined,
    Published,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Shortlisted,
        Status::Contacted,
        Status::Negotiating,
        Status::Confirmed,
        Status::Declined,
        Status::Published,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Shortlisted => "shortlisted",
            Status::Contacted => "contacted",
            Status::Negotiating => "negotiating",
            Status::Confirmed => "confirmed",
            Status::Declined => "declined",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|st| st.key().eq_ignore_ascii_case(s.trim()))
    }

    /// Contacted or beyond (and not declined): the optimizer must keep these.
    pub fn is_locked(self) -> bool {
        !matches!(self, Status::Shortlisted | Status::Declined)
    }
}

/// A roster file the plan was built from, with the `--map`/`--set` used to read it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RosterRef {
    /// As written in the plan: relative to the plan's folder where possible.
    pub path: String,
    pub map: Vec<String>,
    pub set: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Campaign {
    pub name: String,
    pub budget: Money,
    pub currency: String,
    pub objective: Objective,
    /// Default deliverables per creator.
    pub posts: u32,
    /// Default deliverable format (`None`: each platform's standard format).
    pub format: Option<String>,
    pub rosters: Vec<RosterRef>,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign {
            name: "Campaign".into(),
            budget: Money::ZERO,
            currency: "USD".into(),
            objective: Objective::Engagements,
            posts: 1,
            format: None,
            rosters: Vec::new(),
        }
    }
}

/// The flag set on an entry whose creator is not in the loaded roster.
pub const FLAG_NOT_IN_ROSTER: &str = "not in roster";

/// One shortlisted creator. `fee`, `expected_reach` and `expected_engagements` are totals for
/// the entry's deliverables (`posts`).
#[derive(Clone, Debug, PartialEq)]
pub struct ShortlistEntry {
    pub handle: String,
    pub platform: Platform,
    pub tier: String,
    pub followers: u64,
    pub engagement_rate: Option<f64>,
    pub niches: Vec<String>,
    pub posts: u32,
    pub format: Option<String>,
    /// The quoted fee for all deliverables, kept even when declined.
    pub fee: Money,
    pub fee_source: FeeSource,
    pub status: Status,
    pub expected_reach: u64,
    pub expected_engagements: u64,
    pub note: String,
    pub flags: Vec<String>,
}

impl ShortlistEntry {
    /// An entry for roster creator `i` with `posts` deliverables of `format` (the platform's
    /// standard format when `None` or unknown to the fee model).
    pub fn from_roster(roster: &Roster, i: u32, posts: u32, format: Option<&str>) -> Self {
        let v = roster.view(i);
        let posts = posts.max(1);
        let mult = format
            .and_then(|f| roster.model().format_multiplier(v.platform, f))
            .unwrap_or(1.0);
        let format = format
            .filter(|f| roster.model().format_multiplier(v.platform, f).is_some())
            .map(str::to_string);
        ShortlistEntry {
            handle: v.handle.to_string(),
            platform: v.platform,
            tier: roster.scheme().name(v.tier).to_string(),
            followers: v.followers,
            // Rosters store rates as f32; six decimals keep the file free of float noise.
            engagement_rate: v.engagement.map(|r| (r * 1e6).round() / 1e6),
            niches: v.niches.iter().map(|s| s.to_string()).collect(),
            posts,
            format,
            fee: scale_fee(v.fee, mult).saturating_mul(posts),
            fee_source: v.fee_source,
            status: Status::Shortlisted,
            expected_reach: v.expected_reach.saturating_mul(u64::from(posts)),
            expected_engagements: v.expected_engagements.saturating_mul(u64::from(posts)),
            note: String::new(),
            flags: Vec::new(),
        }
    }

    /// Identity: platform + handle, case-insensitive, `@` ignored.
    pub fn key(&self) -> (Platform, String) {
        (self.platform, handle_key(&self.handle))
    }

    pub fn is_counted(&self) -> bool {
        self.status != Status::Declined
    }

    /// The fee that counts toward spend: zero when declined.
    pub fn counted_fee(&self) -> Money {
        if self.is_counted() {
            self.fee
        } else {
            Money::ZERO
        }
    }

    pub fn counted_reach(&self) -> u64 {
        if self.is_counted() {
            self.expected_reach
        } else {
            0
        }
    }

    pub fn counted_engagements(&self) -> u64 {
        if self.is_counted() {
            self.expected_engagements
        } else {
            0
        }
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Totals of a plan, exact in cents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Totals {
    pub spend: Money,
    /// Budget - spend; negative when over budget.
    pub remaining: Money,
    /// Every entry, declined ones included (the contract counts shortlist entries).
    pub creators: usize,
    /// Entries that are not declined.
    pub active: usize,
    pub expected_reach: u64,
    pub expected_engagements: u64,
    /// Spend / expected engagements, exact; written by `UnitCost`'s one rounding rule (zero
    /// with no engagements).
    pub cost_per_engagement: UnitCost,
    /// Spend per 1,000 expected reach, to the cent (zero with no reach).
    pub cost_per_thousand: Money,
    /// The fees add up past [`crate::domain::money::MAX_TOTAL`]: `spend` is held there
    /// (never wrapped) and is not the true sum, so the plan is neither saved nor exported
    /// until fees come down ([`Plan::check_amounts`] says which).
    pub overflow: bool,
}

fn div_round(num: i128, den: i128) -> i64 {
    if den == 0 {
        return 0;
    }
    ((num * 2 + den) / (den * 2)) as i64
}

/// What the summary breaks the plan down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Tier,
    Niche,
    Status,
}

/// One bar of the summary: the plan's figures for one tier, niche or status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slice {
    pub label: String,
    pub creators: usize,
    pub spend: Money,
    pub expected_reach: u64,
    pub expected_engagements: u64,
}

/// Why a shortlist edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{0} is already in the shortlist")]
    AlreadyListed(String),
    #[error("{0} is not in the shortlist")]
    NotListed(String),
    #[error("posts must be at least 1")]
    ZeroPosts,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("{0} is not in the loaded roster: there are no new figures to take")]
    NotInRoster(String),
    #[error(
        "the shortlist is priced in {0}: empty it to change currency (listed and negotiated fees are never repriced)"
    )]
    CurrencyWithEntries(String),
}

/// One creator's figures that changed between the plan and the roster.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureChange {
    pub handle: String,
    pub platform: Platform,
    pub field: &'static str,
    pub in_plan: String,
    pub in_roster: String,
}

/// What matching a plan to a roster found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatchReport {
    /// `platform/handle` of entries whose creator is not in the roster (kept and flagged).
    pub missing: Vec<String>,
    pub changed: Vec<FigureChange>,
}

#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    label: String,
    campaign: Campaign,
    shortlist: Vec<ShortlistEntry>,
}

/// A campaign plan with its edit history.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Plan {
    pub campaign: Campaign,
    pub shortlist: Vec<ShortlistEntry>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

fn ident(platform: Platform, handle: &str) -> String {
    format!(
        "{}/{}",
        platform.key(),
        super::creator::clean_handle(handle)
    )
}

impl Plan {
    pub fn new(campaign: Campaign) -> Plan {
        Plan {
            campaign,
            ..Plan::default()
        }
    }

    /// The plan without its history, for comparisons.
    pub fn same_content(&self, other: &Plan) -> bool {
        self.campaign == other.campaign && self.shortlist == other.shortlist
    }

    pub fn totals(&self) -> Totals {
        let mut reach = 0u64;
        let mut eng = 0u64;
        let mut active = 0;
        for e in &self.shortlist {
            reach = reach.saturating_add(e.counted_reach());
            eng = eng.saturating_add(e.counted_engagements());
            active += usize::from(e.is_counted());
        }
        let exact = Money::checked_sum(self.shortlist.iter().map(ShortlistEntry::counted_fee));
        let spend = exact.unwrap_or(crate::domain::money::MAX_TOTAL).cents();
        Totals {
            spend: Money::from_cents(spend),
            remaining: Money::from_cents(self.campaign.budget.cents().saturating_sub(spend)),
            creators: self.shortlist.len(),
            active,
            expected_reach: reach,
            expected_engagements: eng,
            cost_per_engagement: UnitCost::new(Money::from_cents(spend), eng),
            cost_per_thousand: Money::from_cents(div_round(i128::from(spend) * 1000, reach.into())),
            overflow: exact.is_none(),
        }
    }

    /// Whether every amount can be saved and summed exactly: the budget and each fee at most
    /// [`crate::domain::money::MAX_AMOUNT`], and the spend at most
    /// [`crate::domain::money::MAX_TOTAL`]. Saving and exporting check this first, so no
    /// file ever holds a wrapped or rounded total.
    pub fn check_amounts(&self) -> Result<(), String> {
        use crate::domain::money::{MAX_AMOUNT, MAX_TOTAL};
        let cur = self.campaign.currency.as_str();
        if !self.campaign.budget.is_acceptable() {
            return Err(format!(
                "the budget {} is above the largest amount scout accepts ({})",
                self.campaign.budget.display(cur),
                MAX_AMOUNT.display(cur)
            ));
        }
        if let Some(e) = self.shortlist.iter().find(|e| !e.fee.is_acceptable()) {
            return Err(format!(
                "the fee of {}/{} ({}) is above the largest amount scout accepts ({})",
                e.platform.key(),
                crate::domain::text::quote_data(&e.handle),
                e.fee.display(cur),
                MAX_AMOUNT.display(cur)
            ));
        }
        if self.totals().overflow {
            return Err(format!(
                "the shortlist's fees add up to more than {}, the largest total scout handles: lower the fees or split the plan",
                MAX_TOTAL.display(cur)
            ));
        }
        Ok(())
    }

    pub fn position(&self, platform: Platform, handle: &str) -> Option<usize> {
        let k = handle_key(handle);
        self.shortlist
            .iter()
            .position(|e| e.platform == platform && handle_key(&e.handle) == k)
    }

    fn index(&self, platform: Platform, handle: &str) -> Result<usize, PlanError> {
        self.position(platform, handle)
            .ok_or_else(|| PlanError::NotListed(ident(platform, handle)))
    }

    fn record(&mut self, label: &str) {
        self.undo.push(Snapshot {
            label: label.to_string(),
            campaign: self.campaign.clone(),
            shortlist: self.shortlist.clone(),
        });
        self.redo.clear();
    }

    /// Undoes the last edit; returns its label.
    pub fn undo(&mut self) -> Result<String, PlanError> {
        let s = self.undo.pop().ok_or(PlanError::NothingToUndo)?;
        let label = s.label.clone();
        let current = Snapshot {
            label: s.label,
            campaign: std::mem::replace(&mut self.campaign, s.campaign),
            shortlist: std::mem::replace(&mut self.shortlist, s.shortlist),
        };
        self.redo.push(current);
        Ok(label)
    }

    /// Redoes the last undone edit; returns its label.
    pub fn redo(&mut self) -> Result<String, PlanError> {
        let s = self.redo.pop().ok_or(PlanError::NothingToRedo)?;
        let label = s.label.clone();
        let current = Snapshot {
            label: s.label,
            campaign: std::mem::replace(&mut self.campaign, s.campaign),
            shortlist: std::mem::replace(&mut self.shortlist, s.shortlist),
        };
        self.undo.push(current);
        Ok(label)
    }

    /// Adds an entry at the end of the shortlist.
    pub fn add(&mut self, entry: ShortlistEntry) -> Result<(), PlanError> {
        if self.position(entry.platform, &entry.handle).is_some() {
            return Err(PlanError::AlreadyListed(ident(
                entry.platform,
                &entry.handle,
            )));
        }
        self.record(&format!("add {}", ident(entry.platform, &entry.handle)));
        self.shortlist.push(entry);
        Ok(())
    }

    /// Removes an entry and returns it.
    pub fn remove(
        &mut self,
        platform: Platform,
        handle: &str,
    ) -> Result<ShortlistEntry, PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!("remove {}", ident(platform, handle)));
        Ok(self.shortlist.remove(i))
    }

    pub fn set_status(
        &mut self,
        platform: Platform,
        handle: &str,
        status: Status,
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!(
            "status {} -> {}",
            ident(platform, handle),
            status.key()
        ));
        self.shortlist[i].status = status;
        Ok(())
    }

    /// Sets a negotiated fee for the entry's deliverables.
    pub fn set_fee(
        &mut self,
        platform: Platform,
        handle: &str,
        fee: Money,
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!("fee {}", ident(platform, handle)));
        let e = &mut self.shortlist[i];
        e.fee = Money::from_cents(fee.cents().max(0));
        e.fee_source = FeeSource::Negotiated;
        Ok(())
    }

    /// Drops a negotiated fee: back to the creator's own rate or the estimate (`fee` and
    /// `source` as the roster gives them for the entry's deliverables).
    pub fn reset_fee(
        &mut self,
        platform: Platform,
        handle: &str,
        fee: Money,
        source: FeeSource,
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!("fee {}", ident(platform, handle)));
        let e = &mut self.shortlist[i];
        e.fee = Money::from_cents(fee.cents().max(0));
        e.fee_source = source;
        Ok(())
    }

    /// Changes the number of deliverables. The expected figures scale with it, and so does the
    /// fee unless it was negotiated (a negotiated price is for the deal as agreed).
    pub fn set_posts(
        &mut self,
        platform: Platform,
        handle: &str,
        posts: u32,
    ) -> Result<(), PlanError> {
        if posts == 0 {
            return Err(PlanError::ZeroPosts);
        }
        let i = self.index(platform, handle)?;
        self.record(&format!("posts {} -> {posts}", ident(platform, handle)));
        let e = &mut self.shortlist[i];
        let old = i128::from(e.posts.max(1));
        let new = i128::from(posts);
        let scale = |v: i128| div_round(v * new, old);
        if e.fee_source != FeeSource::Negotiated {
            e.fee = Money::from_cents(scale(e.fee.cents().into()));
        }
        e.expected_reach = scale(e.expected_reach.into()).max(0) as u64;
        e.expected_engagements = scale(e.expected_engagements.into()).max(0) as u64;
        e.posts = posts;
        Ok(())
    }

    /// Changes the deliverable format (`None`: the platform's standard post). `fee` is the
    /// fee for the entry's posts in the new format; a negotiated fee stays as agreed.
    pub fn set_format(
        &mut self,
        platform: Platform,
        handle: &str,
        format: Option<String>,
        fee: Money,
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!(
            "format {} -> {}",
            ident(platform, handle),
            format.as_deref().unwrap_or("standard")
        ));
        let e = &mut self.shortlist[i];
        if e.fee_source != FeeSource::Negotiated {
            e.fee = Money::from_cents(fee.cents().max(0));
        }
        e.format = format;
        Ok(())
    }

    pub fn set_note(
        &mut self,
        platform: Platform,
        handle: &str,
        note: &str,
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!("note {}", ident(platform, handle)));
        self.shortlist[i].note = note.to_string();
        Ok(())
    }

    pub fn set_budget(&mut self, budget: Money) {
        let currency = self.campaign.currency.clone();
        // The same currency: cannot be refused.
        let _ = self.set_budget_in(budget, &currency);
    }

    /// Sets the budget and the currency the plan's amounts are in, as one edit. The currency
    /// changes only while the shortlist is empty: scout does not convert fees.
    pub fn set_budget_in(&mut self, budget: Money, currency: &str) -> Result<(), PlanError> {
        if currency != self.campaign.currency && !self.shortlist.is_empty() {
            return Err(PlanError::CurrencyWithEntries(
                self.campaign.currency.clone(),
            ));
        }
        self.record("budget");
        self.campaign.budget = Money::from_cents(budget.cents().max(0));
        self.campaign.currency = currency.to_string();
        Ok(())
    }

    pub fn set_name(&mut self, name: &str) {
        self.record("name");
        self.campaign.name = name.to_string();
    }

    pub fn set_objective(&mut self, objective: Objective) {
        self.record("objective");
        self.campaign.objective = objective;
    }

    /// The deliverables a newly added creator starts with: how many, and in which format
    /// (`None`: each platform's standard post), as one edit. Entries already listed keep theirs.
    pub fn set_default_deliverables(
        &mut self,
        posts: u32,
        format: Option<String>,
    ) -> Result<(), PlanError> {
        if posts == 0 {
            return Err(PlanError::ZeroPosts);
        }
        self.record("deliverables per creator");
        self.campaign.posts = posts;
        self.campaign.format = format;
        Ok(())
    }

    /// Removes `remove` and appends `add` as one edit (one undo step), e.g. an optimizer's
    /// proposal. Entries to remove that are not listed, and additions already listed, are
    /// skipped.
    pub fn apply_changes(
        &mut self,
        label: &str,
        remove: &[(Platform, String)],
        add: Vec<ShortlistEntry>,
    ) {
        self.record(label);
        self.shortlist.retain(|e| {
            let k = e.key();
            !remove
                .iter()
                .any(|(p, h)| *p == k.0 && handle_key(h) == k.1)
        });
        for e in add {
            if self.position(e.platform, &e.handle).is_none() {
                self.shortlist.push(e);
            }
        }
    }

    /// `apply_changes` and a new budget, as one edit (a point taken from the budget curve).
    pub fn apply_changes_at_budget(
        &mut self,
        label: &str,
        budget: Money,
        remove: &[(Platform, String)],
        add: Vec<ShortlistEntry>,
    ) {
        self.apply_changes(label, remove, add);
        self.campaign.budget = Money::from_cents(budget.cents().max(0));
    }

    /// Spend, expected figures and creator counts per tier, niche or status, for the summary.
    /// Declined entries count as creators but add no spend or expected figures. A creator
    /// with several niches counts in each; one with none under `(no niche)`. Tiers come in
    /// follower order, statuses in outreach order, niches by spend (largest first).
    pub fn breakdown(&self, by: Breakdown) -> Vec<Slice> {
        let mut slices: Vec<Slice> = Vec::new();
        // Per slice, the smallest follower count seen: orders tiers from nano up.
        let mut min_followers: Vec<u64> = Vec::new();
        for e in &self.shortlist {
            let labels: Vec<String> = match by {
                Breakdown::Tier => vec![e.tier.clone()],
                Breakdown::Status => vec![e.status.key().to_string()],
                Breakdown::Niche if e.niches.is_empty() => vec!["(no niche)".to_string()],
                Breakdown::Niche => e.niches.clone(),
            };
            for label in labels {
                let k = match slices.iter().position(|s| s.label == label) {
                    Some(k) => k,
                    None => {
                        slices.push(Slice {
                            label,
                            ..Slice::default()
                        });
                        min_followers.push(u64::MAX);
                        slices.len() - 1
                    }
                };
                let s = &mut slices[k];
                s.creators += 1;
                s.spend += e.counted_fee();
                s.expected_reach = s.expected_reach.saturating_add(e.counted_reach());
                s.expected_engagements = s
                    .expected_engagements
                    .saturating_add(e.counted_engagements());
                min_followers[k] = min_followers[k].min(e.followers);
            }
        }
        let mut keyed: Vec<(Slice, u64)> = slices.into_iter().zip(min_followers).collect();
        match by {
            Breakdown::Tier => keyed.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.label.cmp(&b.0.label))),
            Breakdown::Status => keyed
                .sort_by_key(|(s, _)| Status::parse(&s.label).map_or(usize::MAX, |st| st as usize)),
            Breakdown::Niche => keyed.sort_by(|a, b| {
                b.0.spend
                    .cents()
                    .cmp(&a.0.spend.cents())
                    .then(b.0.creators.cmp(&a.0.creators))
                    .then(a.0.label.cmp(&b.0.label))
            }),
        }
        keyed.into_iter().map(|(s, _)| s).collect()
    }

    /// This plan's edits since `base` (the plan as read or last saved) applied on top of
    /// `theirs` (the same file as it is now, changed meanwhile by another program): a
    /// three-way merge by field, as one undoable edit. Whatever only one side changed is
    /// taken from that side; where both changed the same thing differently, this plan's
    /// value wins and the thing is named in the returned list. Entries are matched by
    /// platform and handle, in `theirs`' order, this plan's additions after them.
    pub fn rebase(&mut self, base: &Plan, theirs: &Plan) -> Vec<String> {
        let mut conflicts = Vec::new();
        let ours = self.clone();
        let (b, o, t) = (&base.campaign, &ours.campaign, &theirs.campaign);
        let c = |what: &str| format!("campaign {what}");
        let (name, (budget, currency), objective, (posts, format), rosters) = (
            merged(&b.name, &o.name, &t.name, || c("name"), &mut conflicts),
            merged(
                &(b.budget, &b.currency),
                &(o.budget, &o.currency),
                &(t.budget, &t.currency),
                || c("budget"),
                &mut conflicts,
            ),
            merged(
                &b.objective,
                &o.objective,
                &t.objective,
                || c("objective"),
                &mut conflicts,
            ),
            merged(
                &(b.posts, &b.format),
                &(o.posts, &o.format),
                &(t.posts, &t.format),
                || c("deliverables"),
                &mut conflicts,
            ),
            merged(
                &b.rosters,
                &o.rosters,
                &t.rosters,
                || c("rosters"),
                &mut conflicts,
            ),
        );
        let campaign = Campaign {
            name,
            budget,
            currency: currency.clone(),
            objective,
            posts,
            format: format.clone(),
            rosters,
        };
        let find = |list: &[ShortlistEntry], k: &(Platform, String)| {
            list.iter().find(|e| &e.key() == k).cloned()
        };
        let mut shortlist = Vec::new();
        for t in &theirs.shortlist {
            let k = t.key();
            let label = ident(t.platform, &t.handle);
            match (find(&base.shortlist, &k), find(&ours.shortlist, &k)) {
                // Listed before, and still here: field by field.
                (Some(b), Some(o)) => {
                    shortlist.push(merge_entry(&b, &o, t, &label, &mut conflicts));
                }
                // This plan removed it: removed, unless the other side changed it meanwhile.
                (Some(b), None) => {
                    if *t != b {
                        conflicts.push(format!("{label} (removed here, changed in the file)"));
                    }
                }
                // Added on both sides: this plan's entry.
                (None, Some(o)) => {
                    if o != *t {
                        conflicts.push(format!("{label} (added on both sides)"));
                    }
                    shortlist.push(o);
                }
                (None, None) => shortlist.push(t.clone()),
            }
        }
        for o in &ours.shortlist {
            let k = o.key();
            if find(&theirs.shortlist, &k).is_some() {
                continue;
            }
            match find(&base.shortlist, &k) {
                // Added here.
                None => shortlist.push(o.clone()),
                // The file removed it: removed, unless this plan changed it.
                Some(b) => {
                    if *o != b {
                        conflicts.push(format!(
                            "{} (changed here, removed in the file)",
                            ident(o.platform, &o.handle)
                        ));
                        shortlist.push(o.clone());
                    }
                }
            }
        }
        self.record("re-apply the edits onto the file as changed on disk");
        self.campaign = campaign;
        self.shortlist = shortlist;
        conflicts
    }

    /// Matches every entry to the roster by platform + handle. Entries whose creator is not
    /// there are kept and flagged `not in roster`; the flag is cleared for those found again.
    /// Figures that differ (followers, engagement rate, fee unless negotiated, expected reach
    /// and engagements for the entry's deliverables) are reported, not changed.
    pub fn match_roster(&mut self, roster: &Roster) -> MatchReport {
        let mut report = MatchReport::default();
        for e in &mut self.shortlist {
            let Some(i) = roster.find(e.platform, &e.handle) else {
                if !e.has_flag(FLAG_NOT_IN_ROSTER) {
                    e.flags.push(FLAG_NOT_IN_ROSTER.to_string());
                }
                report.missing.push(ident(e.platform, &e.handle));
                continue;
            };
            e.flags.retain(|f| f != FLAG_NOT_IN_ROSTER);
            entry_changes(e, roster, i, &mut report.changed);
        }
        report
    }

    /// Every figure of the shortlist that differs from the roster now (entries whose
    /// creator is not in the roster have none).
    pub fn figure_changes(&self, roster: &Roster) -> Vec<FigureChange> {
        let mut out = Vec::new();
        for e in &self.shortlist {
            if let Some(i) = roster.find(e.platform, &e.handle) {
                entry_changes(e, roster, i, &mut out);
            }
        }
        out
    }

    /// Takes the roster's current figures for one entry (followers, tier, engagement rate,
    /// expected reach and engagements for its deliverables, and the fee unless negotiated),
    /// as one edit. Its posts, format, status and note stay.
    pub fn take_roster_figures(
        &mut self,
        roster: &Roster,
        platform: Platform,
        handle: &str,
    ) -> Result<(), PlanError> {
        let k = self.index(platform, handle)?;
        let Some(i) = roster.find(platform, handle) else {
            return Err(PlanError::NotInRoster(ident(platform, handle)));
        };
        let e = &self.shortlist[k];
        let now = ShortlistEntry::from_roster(roster, i, e.posts, e.format.as_deref());
        self.record(&format!("take new figures of {}", ident(platform, handle)));
        let e = &mut self.shortlist[k];
        e.followers = now.followers;
        e.tier = now.tier;
        e.engagement_rate = now.engagement_rate;
        e.expected_reach = now.expected_reach;
        e.expected_engagements = now.expected_engagements;
        if e.fee_source != FeeSource::Negotiated {
            e.fee = now.fee;
            e.fee_source = now.fee_source;
        }
        Ok(())
    }
}

/// Adds to `out` the figures of entry `e` that differ from roster creator `i`'s now
/// (followers, engagement rate, fee unless negotiated, expected reach and engagements for the
/// entry's deliverables).
fn entry_changes(e: &ShortlistEntry, roster: &Roster, i: u32, out: &mut Vec<FigureChange>) {
    let now = ShortlistEntry::from_roster(roster, i, e.posts, e.format.as_deref());
    let mut diff = |field: &'static str, a: String, b: String| {
        if a != b {
            out.push(FigureChange {
                handle: e.handle.clone(),
                platform: e.platform,
                field,
                in_plan: a,
                in_roster: b,
            });
        }
    };
    diff(
        "followers",
        e.followers.to_string(),
        now.followers.to_string(),
    );
    let rate = |r: Option<f64>| r.map_or("-".to_string(), |r| format!("{:.4}", r));
    diff(
        "engagement_rate",
        rate(e.engagement_rate),
        rate(now.engagement_rate),
    );
    if e.fee_source != FeeSource::Negotiated {
        diff("fee", e.fee.plain(), now.fee.plain());
    }
    diff(
        "expected_reach",
        e.expected_reach.to_string(),
        now.expected_reach.to_string(),
    );
    diff(
        "expected_engagements",
        e.expected_engagements.to_string(),
        now.expected_engagements.to_string(),
    );
}

/// The value of one thing after a three-way merge: the side that changed it, this plan's
/// (`o`) where both did; a clash (both changed, differently) is named in `conflicts`.
fn merged<T: PartialEq + Clone>(
    b: &T,
    o: &T,
    t: &T,
    what: impl FnOnce() -> String,
    conflicts: &mut Vec<String>,
) -> T {
    if o == b {
        return t.clone();
    }
    if t != b && t != o {
        conflicts.push(what());
    }
    o.clone()
}

/// One entry listed in the base, this plan (`o`) and the file (`t`), merged by group of
/// fields that change together.
fn merge_entry(
    b: &ShortlistEntry,
    o: &ShortlistEntry,
    t: &ShortlistEntry,
    label: &str,
    conflicts: &mut Vec<String>,
) -> ShortlistEntry {
    // What the deliverables cost and bring goes together.
    let deal = |e: &ShortlistEntry| {
        (
            e.posts,
            e.format.clone(),
            e.fee,
            e.fee_source,
            e.expected_reach,
            e.expected_engagements,
        )
    };
    let figures = |e: &ShortlistEntry| {
        (
            e.followers,
            e.engagement_rate.map(f64::to_bits),
            e.tier.clone(),
            e.niches.clone(),
            e.flags.clone(),
        )
    };
    let what = |group: &str| format!("{label} {group}");
    let (posts, format, fee, fee_source, expected_reach, expected_engagements) = merged(
        &deal(b),
        &deal(o),
        &deal(t),
        || what("deliverables and fee"),
        conflicts,
    );
    let status = merged(
        &b.status,
        &o.status,
        &t.status,
        || what("status"),
        conflicts,
    );
    let note = merged(&b.note, &o.note, &t.note, || what("note"), conflicts);
    let (followers, rate, tier, niches, flags) = merged(
        &figures(b),
        &figures(o),
        &figures(t),
        || what("figures"),
        conflicts,
    );
    ShortlistEntry {
        handle: t.handle.clone(),
        platform: t.platform,
        tier,
        followers,
        engagement_rate: rate.map(f64::from_bits),
        niches,
        posts,
        format,
        fee,
        fee_source,
        status,
        expected_reach,
        expected_engagements,
        note,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn entry(handle: &str, fee: i64, reach: u64, eng: u64) -> ShortlistEntry {
        ShortlistEntry {
            handle: handle.into(),
            platform: Platform::Instagram,
            tier: "micro".into(),
            followers: 20_000,
            engagement_rate: Some(0.03),
            niches: vec!["fitness".into()],
            posts: 1,
            format: None,
            fee: Money::from_cents(fee),
            fee_source: FeeSource::Estimate,
            status: Status::Shortlisted,
            expected_reach: reach,
            expected_engagements: eng,
            note: String::new(),
            flags: Vec::new(),
        }
    }

    fn plan() -> Plan {
        Plan::new(Campaign {
            budget: Money::from_units(1000),
            ..Campaign::default()
        })
    }

    fn roster_of(text: &'static str) -> Roster {
        let (r, report) = crate::io::roster::load(
            vec![crate::io::roster::Source::Embedded {
                name: "t.csv".into(),
                text,
            }],
            crate::io::roster::FieldMap::default(),
            crate::domain::tier::TierScheme::default(),
            crate::domain::fees::FeeModel::default(),
        );
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
        r
    }

    #[test]
    fn taking_roster_figures_keeps_a_negotiated_fee_and_is_one_undo() {
        let old = roster_of("handle,platform,followers,engagement_rate\na,instagram,20000,3%\n");
        let new = roster_of("handle,platform,followers,engagement_rate\na,instagram,90000,5%\n");
        let mut p = plan();
        p.add(ShortlistEntry::from_roster(&old, 0, 2, None))
            .unwrap();
        p.set_status(Platform::Instagram, "a", Status::Contacted)
            .unwrap();
        p.set_fee(Platform::Instagram, "a", Money::from_units(333))
            .unwrap();
        let changes = p.figure_changes(&new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                "followers",
                "engagement_rate",
                "expected_reach",
                "expected_engagements"
            ],
            "a negotiated fee is no change"
        );
        let edits = p.undo.len();
        p.take_roster_figures(&new, Platform::Instagram, "@A")
            .unwrap();
        assert_eq!(p.undo.len(), edits + 1);
        let e = &p.shortlist[0];
        let want = ShortlistEntry::from_roster(&new, 0, 2, None);
        assert_eq!(
            (e.followers, e.expected_reach),
            (90_000, want.expected_reach)
        );
        assert_eq!(e.expected_engagements, want.expected_engagements);
        assert_eq!(e.tier, want.tier);
        assert_eq!(
            (e.fee, e.fee_source),
            (Money::from_units(333), FeeSource::Negotiated)
        );
        assert_eq!((e.posts, e.status), (2, Status::Contacted));
        assert!(p.figure_changes(&new).is_empty());
        p.undo().unwrap();
        assert_eq!(p.shortlist[0].followers, 20_000);
        assert_eq!(
            p.take_roster_figures(&new, Platform::TikTok, "a"),
            Err(PlanError::NotListed("tiktok/a".into()))
        );
    }

    #[test]
    fn rebase_keeps_both_sides_edits_and_names_the_clashes() {
        let mut base = plan();
        base.add(entry("a", 10_000, 100, 10)).unwrap();
        base.add(entry("b", 20_000, 200, 20)).unwrap();
        base.add(entry("c", 30_000, 300, 30)).unwrap();
        let base = Plan {
            undo: Vec::new(),
            ..base
        };
        // Here: a's status, b's note, d added, c removed, the budget.
        let mut ours = base.clone();
        ours.set_status(Platform::Instagram, "a", Status::Contacted)
            .unwrap();
        ours.set_note(Platform::Instagram, "b", "ours").unwrap();
        ours.add(entry("d", 40_000, 400, 40)).unwrap();
        ours.remove(Platform::Instagram, "c").unwrap();
        ours.set_budget(Money::from_units(2_000));
        // In the file: a's note, b's note too (a clash), e added, the name.
        let mut theirs = base.clone();
        theirs.set_note(Platform::Instagram, "a", "theirs").unwrap();
        theirs.set_note(Platform::Instagram, "b", "theirs").unwrap();
        theirs.add(entry("e", 50_000, 500, 50)).unwrap();
        theirs.set_name("Renamed elsewhere");

        let edits = ours.undo.len();
        let conflicts = ours.rebase(&base, &theirs);
        assert_eq!(conflicts, vec!["instagram/b note".to_string()]);
        let handles: Vec<&str> = ours.shortlist.iter().map(|e| e.handle.as_str()).collect();
        assert_eq!(handles, ["a", "b", "e", "d"]);
        let a = &ours.shortlist[0];
        assert_eq!((a.status, a.note.as_str()), (Status::Contacted, "theirs"));
        assert_eq!(ours.shortlist[1].note, "ours");
        assert_eq!(ours.campaign.name, "Renamed elsewhere");
        assert_eq!(ours.campaign.budget, Money::from_units(2_000));
        // One undo goes back to this plan before the merge.
        assert_eq!(ours.undo.len(), edits + 1);
        ours.undo().unwrap();
        assert_eq!(ours.shortlist.len(), 3);
        assert_eq!(ours.campaign.name, base.campaign.name);

        // A removal here against a change there keeps nothing silently: it is named.
        let mut ours = base.clone();
        ours.remove(Platform::Instagram, "a").unwrap();
        let mut theirs = base.clone();
        theirs
            .set_note(Platform::Instagram, "a", "keep me")
            .unwrap();
        let conflicts = ours.rebase(&base, &theirs);
        assert_eq!(
            conflicts,
            vec!["instagram/a (removed here, changed in the file)".to_string()]
        );
        assert!(ours.position(Platform::Instagram, "a").is_none());
    }

    #[test]
    fn declined_creators_do_not_count() {
        let mut p = plan();
        p.add(entry("a", 30_000, 1000, 100)).unwrap();
        p.add(entry("b", 20_050, 500, 50)).unwrap();
        p.set_status(Platform::Instagram, "@B", Status::Declined)
            .unwrap();
        let t = p.totals();
        assert_eq!(t.spend, Money::from_cents(30_000));
        assert_eq!(t.remaining, Money::from_cents(70_000));
        assert_eq!((t.creators, t.active), (2, 1));
        assert_eq!(t.expected_engagements, 100);
        assert_eq!(t.cost_per_engagement.to_cents(), Money::from_units(3));
    }

    #[test]
    fn duplicates_are_refused_and_undo_redo_work() {
        let mut p = plan();
        p.add(entry("a", 100, 1, 1)).unwrap();
        assert!(matches!(
            p.add(entry("@A", 100, 1, 1)),
            Err(PlanError::AlreadyListed(_))
        ));
        p.set_posts(Platform::Instagram, "a", 3).unwrap();
        assert_eq!(p.shortlist[0].fee, Money::from_cents(300));
        p.set_fee(Platform::Instagram, "a", Money::from_cents(250))
            .unwrap();
        p.set_posts(Platform::Instagram, "a", 1).unwrap();
        assert_eq!(p.shortlist[0].fee, Money::from_cents(250));
        p.undo().unwrap();
        p.undo().unwrap();
        assert_eq!(p.shortlist[0].fee, Money::from_cents(300));
        p.redo().unwrap();
        assert_eq!(p.shortlist[0].fee_source, FeeSource::Negotiated);
        assert_eq!(
            p.set_posts(Platform::Instagram, "a", 0),
            Err(PlanError::ZeroPosts)
        );
        assert!(p.remove(Platform::TikTok, "a").is_err());
    }

    #[test]
    fn breakdown_by_tier_niche_and_status() {
        let mut p = plan();
        let mut a = entry("a", 10_000, 1000, 100);
        a.tier = "micro".into();
        a.followers = 20_000;
        a.niches = vec!["fitness".into(), "food".into()];
        let mut b = entry("b", 5_000, 500, 50);
        b.tier = "nano".into();
        b.followers = 5_000;
        b.niches = vec![];
        let mut c = entry("c", 7_000, 700, 70);
        c.tier = "micro".into();
        c.niches = vec!["food".into()];
        for e in [a, b, c] {
            p.add(e).unwrap();
        }
        p.set_status(Platform::Instagram, "c", Status::Declined)
            .unwrap();
        let tiers = p.breakdown(Breakdown::Tier);
        let t: Vec<(&str, usize, i64)> = tiers
            .iter()
            .map(|s| (s.label.as_str(), s.creators, s.spend.cents()))
            .collect();
        assert_eq!(t, vec![("nano", 1, 5_000), ("micro", 2, 10_000)]);
        let niches = p.breakdown(Breakdown::Niche);
        let n: Vec<(&str, usize, i64)> = niches
            .iter()
            .map(|s| (s.label.as_str(), s.creators, s.spend.cents()))
            .collect();
        assert_eq!(
            n,
            vec![
                ("food", 2, 10_000),
                ("fitness", 1, 10_000),
                ("(no niche)", 1, 5_000)
            ]
        );
        let st = p.breakdown(Breakdown::Status);
        assert_eq!(st[0].label, "shortlisted");
        assert_eq!((st[1].label.as_str(), st[1].spend.cents()), ("declined", 0));
    }

    #[test]
    fn apply_changes_is_one_undo_step() {
        let mut p = plan();
        p.add(entry("a", 100, 1, 1)).unwrap();
        p.add(entry("b", 100, 1, 1)).unwrap();
        let before = p.clone();
        p.apply_changes(
            "optimizer",
            &[(Platform::Instagram, "@A".into())],
            vec![entry("c", 50, 1, 1), entry("b", 1, 1, 1)],
        );
        let handles: Vec<&str> = p.shortlist.iter().map(|e| e.handle.as_str()).collect();
        assert_eq!(handles, ["b", "c"]);
        assert_eq!(
            p.shortlist[0].fee.cents(),
            100,
            "a listed creator is not replaced"
        );
        assert_eq!(p.undo().unwrap(), "optimizer");
        assert!(p.same_content(&before));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Add(u8, i64, u64, u64),
        Remove(u8),
        Status(u8, u8),
        Fee(u8, i64),
        Posts(u8, u32),
        Note(u8),
        Budget(i64),
        Objective(bool),
        DefaultPosts(u32),
        DefaultFormat(u32, bool),
        Swap(u8, u8, i64),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..8, 0i64..10_000_000, 0u64..1_000_000, 0u64..100_000)
                .prop_map(|(h, f, r, e)| Op::Add(h, f, r, e)),
            (0u8..8).prop_map(Op::Remove),
            (0u8..8, 0u8..6).prop_map(|(h, s)| Op::Status(h, s)),
            (0u8..8, 0i64..10_000_000).prop_map(|(h, f)| Op::Fee(h, f)),
            (0u8..8, 0u32..12).prop_map(|(h, n)| Op::Posts(h, n)),
            (0u8..8).prop_map(Op::Note),
            (0i64..100_000_000).prop_map(Op::Budget),
            any::<bool>().prop_map(Op::Objective),
            (0u32..5).prop_map(Op::DefaultPosts),
            (0u32..5, any::<bool>()).prop_map(|(n, s)| Op::DefaultFormat(n, s)),
            (0u8..8, 0u8..8, 0i64..10_000_000).prop_map(|(a, b, f)| Op::Swap(a, b, f)),
        ]
    }

    fn apply(p: &mut Plan, op: &Op) -> bool {
        let ig = Platform::Instagram;
        let h = |i: &u8| format!("creator{i}");
        match op {
            Op::Add(i, f, r, e) => p.add(entry(&h(i), *f, *r, *e)).is_ok(),
            Op::Remove(i) => p.remove(ig, &h(i)).is_ok(),
            Op::Status(i, s) => p.set_status(ig, &h(i), Status::ALL[*s as usize]).is_ok(),
            Op::Fee(i, f) => p.set_fee(ig, &h(i), Money::from_cents(*f)).is_ok(),
            Op::Posts(i, n) => p.set_posts(ig, &h(i), *n).is_ok(),
            Op::Note(i) => p.set_note(ig, &h(i), "called, waiting").is_ok(),
            Op::Budget(b) => {
                p.set_budget(Money::from_cents(*b));
                true
            }
            Op::Objective(reach) => {
                p.set_objective(if *reach {
                    Objective::Reach
                } else {
                    Objective::Engagements
                });
                true
            }
            Op::DefaultPosts(n) => {
                let format = p.campaign.format.clone();
                p.set_default_deliverables(*n, format).is_ok()
            }
            Op::DefaultFormat(n, story) => p
                .set_default_deliverables(*n, story.then(|| "story".to_string()))
                .is_ok(),
            Op::Swap(out, inn, f) => {
                p.apply_changes("swap", &[(ig, h(out))], vec![entry(&h(inn), *f, 7, 3)]);
                true
            }
        }
    }

    proptest! {
        #[test]
        fn totals_equal_the_sum_of_entries(ops in prop::collection::vec(op(), 0..60)) {
            let mut p = plan();
            for o in &ops {
                apply(&mut p, o);
                let t = p.totals();
                let spend: i64 = p.shortlist.iter()
                    .filter(|e| e.status != Status::Declined)
                    .map(|e| e.fee.cents()).sum();
                prop_assert_eq!(t.spend.cents(), spend);
                prop_assert_eq!(t.remaining.cents(), p.campaign.budget.cents() - spend);
                prop_assert_eq!(t.creators, p.shortlist.len());
                let eng: u64 = p.shortlist.iter().map(|e| e.counted_engagements()).sum();
                prop_assert_eq!(t.expected_engagements, eng);
                // Every creator has one tier and one status: those breakdowns partition the plan.
                for by in [Breakdown::Tier, Breakdown::Status] {
                    let slices = p.breakdown(by);
                    prop_assert_eq!(slices.iter().map(|s| s.spend.cents()).sum::<i64>(), spend);
                    prop_assert_eq!(slices.iter().map(|s| s.creators).sum::<usize>(), t.creators);
                    prop_assert_eq!(
                        slices.iter().map(|s| s.expected_engagements).sum::<u64>(),
                        eng
                    );
                }
            }
        }

        #[test]
        fn undoing_every_edit_returns_the_start(ops in prop::collection::vec(op(), 0..60)) {
            let mut p = plan();
            p.add(entry("start", 1234, 10, 1)).unwrap();
            let start = p.clone();
            let mut done = 0;
            for o in &ops {
                if apply(&mut p, o) {
                    done += 1;
                }
            }
            let end = p.clone();
            for _ in 0..done {
                p.undo().unwrap();
            }
            prop_assert!(p.same_content(&start));
            for _ in 0..done {
                p.redo().unwrap();
            }
            prop_assert!(p.same_content(&end));
        }
    }
}
