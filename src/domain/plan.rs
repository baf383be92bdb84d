//! A campaign plan: the campaign, its shortlist of creators, exact totals, and an edit history
//! for undo and redo. No file code lives here (see `io::plan`).
//!
//! Money is kept in cents. Declined creators stay in the shortlist but count toward neither
//! spend nor the expected figures: `ShortlistEntry::counted_fee` is zero for them, and the
//! file writes such an entry's `fee` as 0 with the quoted fee kept under `quoted_fee`, so the
//! contract's rule (`totals.spend` is the sum of the shortlist fees) holds for every plan.

use super::creator::{Platform, handle_key, profile_url};
use super::date::Date;
use super::fees::{FeeSource, scale_fee};
use super::money::{Money, UnitCost};
use super::results::Results;
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
    /// The sheet read from a spreadsheet (`--sheet`); `None`: its first sheet.
    pub sheet: Option<String>,
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

/// How a creator is paid, derived from the entry's amounts: any mix of a cash fee, a gifted
/// product and a commission on sales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Compensation {
    pub paid: bool,
    pub gifted: bool,
    pub affiliate: bool,
}

impl Compensation {
    /// `paid`, `gifted`, `affiliate`, a mix such as `paid+gifted`, or `none`.
    pub fn label(self) -> String {
        let parts: Vec<&str> = [
            (self.paid, "paid"),
            (self.gifted, "gifted"),
            (self.affiliate, "affiliate"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join("+")
        }
    }
}

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
    /// Who to contact. Taken from the roster when the creator is shortlisted, and kept when a
    /// later roster lacks them.
    pub name: Option<String>,
    pub email: Option<String>,
    pub country: Option<String>,
    /// The profile address as given; [`ShortlistEntry::profile_url`] builds one when `None`.
    pub url: Option<String>,
    /// Value of the product gifted (cash is `fee`); counts toward the budget.
    pub product_value: Money,
    /// Shipping the gift; counts toward the budget with the product.
    pub shipping: Money,
    /// Commission on the sales the creator brings, as a fraction (0.15 is 15%): paid later,
    /// on results, so nothing of it is spent up front.
    pub commission_rate: Option<f64>,
    /// When the deliverables are due.
    pub due: Option<Date>,
    /// When they went live, and where.
    pub published: Option<Date>,
    pub post_url: Option<String>,
    /// What the published posts actually did.
    pub results: Results,
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
            name: Some(v.name).filter(|s| !s.is_empty()).map(str::to_string),
            email: v.email.filter(|s| !s.is_empty()).map(str::to_string),
            country: v.country.filter(|s| !s.is_empty()).map(str::to_string),
            url: v.url.map(str::to_string),
            product_value: Money::ZERO,
            shipping: Money::ZERO,
            commission_rate: None,
            due: None,
            published: None,
            post_url: None,
            results: Results::default(),
        }
    }
}

#[cfg(test)]
impl ShortlistEntry {
    /// A shortlisted Instagram micro creator with one post and every other field empty, for
    /// tests to fill in with `..ShortlistEntry::for_test(handle)`: a new field is added here
    /// once, not in every test.
    pub(crate) fn for_test(handle: &str) -> Self {
        ShortlistEntry {
            handle: handle.into(),
            platform: Platform::Instagram,
            tier: "micro".into(),
            followers: 0,
            engagement_rate: None,
            niches: Vec::new(),
            posts: 1,
            format: None,
            fee: Money::ZERO,
            fee_source: FeeSource::Estimate,
            status: Status::Shortlisted,
            expected_reach: 0,
            expected_engagements: 0,
            note: String::new(),
            flags: Vec::new(),
            name: None,
            email: None,
            country: None,
            url: None,
            product_value: Money::ZERO,
            shipping: Money::ZERO,
            commission_rate: None,
            due: None,
            published: None,
            post_url: None,
            results: Results::default(),
        }
    }
}

impl ShortlistEntry {
    /// The profile address: as given, else built from platform and handle (`None` only for
    /// a blog whose handle is not a site, or an empty handle).
    pub fn profile_url(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| profile_url(self.platform, &self.handle))
    }

    /// What the brand gives in kind: product value plus shipping, quoted (declined too).
    pub fn product(&self) -> Money {
        self.product_value + self.shipping
    }

    /// The product that counts toward the budget: zero when declined.
    pub fn counted_product(&self) -> Money {
        if self.is_counted() {
            self.product()
        } else {
            Money::ZERO
        }
    }

    /// What the entry costs the brand up front: cash fee plus product and shipping. The
    /// optimizer prices an entry at this; a commission is paid later, on sales.
    pub fn cost(&self) -> Money {
        self.fee + self.product()
    }

    /// How the creator is paid: cash, product, commission, or a mix.
    pub fn compensation(&self) -> Compensation {
        Compensation {
            paid: self.fee.cents() > 0,
            gifted: self.product_value.cents() > 0 || self.shipping.cents() > 0,
            affiliate: self.commission_rate.is_some_and(|r| r > 0.0),
        }
    }

    /// Due before `today`, not published, and not declined.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_counted()
            && self.published.is_none()
            && self.status != Status::Published
            && self.due.is_some_and(|d| d < today)
    }

    /// Fills the contact fields the entry lacks from roster creator `i`; with `replace`, the
    /// roster's values win where it has them. A roster without them never clears them.
    /// Returns whether anything changed.
    fn take_contact(&mut self, roster: &Roster, i: u32, replace: bool) -> bool {
        let now = ShortlistEntry::from_roster(roster, i, 1, None);
        let mut changed = false;
        for (mine, theirs) in [
            (&mut self.name, now.name),
            (&mut self.email, now.email),
            (&mut self.country, now.country),
            (&mut self.url, now.url),
        ] {
            if theirs.is_some() && (mine.is_none() || replace) && *mine != theirs {
                *mine = theirs;
                changed = true;
            }
        }
        changed
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
    /// Cash: the sum of the counted fees.
    pub spend: Money,
    /// Budget - spend (cash only, as the contract defines it); negative when over budget.
    pub remaining: Money,
    /// Gifted product value plus shipping of the counted entries.
    pub product: Money,
    /// What the plan costs the brand up front: spend + product. The budget holds this.
    pub cost: Money,
    /// Budget - cost: what the budget has left once product counts too.
    pub budget_left: Money,
    /// Every entry, declined ones included (the contract counts shortlist entries).
    pub creators: usize,
    /// Entries that are not declined.
    pub active: usize,
    pub expected_reach: u64,
    pub expected_engagements: u64,
    /// Cost (cash and product) / expected engagements, exact; written by `UnitCost`'s one
    /// rounding rule (zero with no engagements).
    pub cost_per_engagement: UnitCost,
    /// Cost (cash and product) per 1,000 expected reach, to the cent (zero with no reach).
    pub cost_per_thousand: Money,
    /// The fees, or fees and product, add up past [`crate::domain::money::MAX_TOTAL`]: the
    /// sum is held there (never wrapped) and is not the true one, so the plan is neither
    /// saved nor exported until amounts come down ([`Plan::check_amounts`] says which).
    pub overflow: bool,
}

impl Totals {
    /// The spend as one line says it: the cash, and the product beside it when there is any
    /// (`$900.00`, `$900.00 cash + $142.49 product`).
    pub fn spend_text(&self, currency: &str) -> String {
        if self.product.cents() == 0 {
            self.spend.display(currency)
        } else {
            format!(
                "{} cash + {} product",
                self.spend.display(currency),
                self.product.display(currency)
            )
        }
    }
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
    /// Product value and shipping.
    pub product: Money,
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
        let max = crate::domain::money::MAX_TOTAL;
        let exact = Money::checked_sum(self.shortlist.iter().map(ShortlistEntry::counted_fee));
        let spend = exact.unwrap_or(max).cents();
        let product_exact =
            Money::checked_sum(self.shortlist.iter().map(ShortlistEntry::counted_product));
        let product = product_exact.unwrap_or(max).cents();
        let cost_exact = match (exact, product_exact) {
            (Some(a), Some(b)) => a.checked_add(b).filter(|c| c.cents() <= max.cents()),
            _ => None,
        };
        let cost = cost_exact.unwrap_or(max).cents();
        let budget = self.campaign.budget.cents();
        Totals {
            spend: Money::from_cents(spend),
            remaining: Money::from_cents(budget.saturating_sub(spend)),
            product: Money::from_cents(product),
            cost: Money::from_cents(cost),
            budget_left: Money::from_cents(budget.saturating_sub(cost)),
            creators: self.shortlist.len(),
            active,
            expected_reach: reach,
            expected_engagements: eng,
            cost_per_engagement: UnitCost::new(Money::from_cents(cost), eng),
            cost_per_thousand: Money::from_cents(div_round(i128::from(cost) * 1000, reach.into())),
            overflow: cost_exact.is_none(),
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
        for e in &self.shortlist {
            for (what, m) in [
                ("fee", e.fee),
                ("product value", e.product_value),
                ("shipping", e.shipping),
                ("revenue", e.results.revenue.unwrap_or(Money::ZERO)),
            ] {
                if !m.is_acceptable() {
                    return Err(format!(
                        "the {what} of {}/{} ({}) is above the largest amount scout accepts ({})",
                        e.platform.key(),
                        crate::domain::text::quote_data(&e.handle),
                        m.display(cur),
                        MAX_AMOUNT.display(cur)
                    ));
                }
            }
        }
        if self.totals().overflow {
            return Err(format!(
                "the shortlist's fees and products add up to more than {}, the largest total scout handles: lower the amounts or split the plan",
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

    /// Moves the listed creators (`keys`: platform and handle) whose status is `from` to `to`,
    /// as one edit labelled `label` (one undo puts them all back), e.g. those an outreach
    /// wrote drafts to, from shortlisted to contacted. Returns the identities moved
    /// (`instagram/lena.lifts`); nothing is recorded when none moves.
    pub fn move_status(
        &mut self,
        label: &str,
        keys: &[(Platform, String)],
        from: Status,
        to: Status,
    ) -> Vec<String> {
        let wanted: std::collections::HashSet<(Platform, String)> =
            keys.iter().map(|(p, h)| (*p, handle_key(h))).collect();
        let hit: Vec<usize> = (0..self.shortlist.len())
            .filter(|&i| {
                self.shortlist[i].status == from && wanted.contains(&self.shortlist[i].key())
            })
            .collect();
        if hit.is_empty() {
            return Vec::new();
        }
        self.record(label);
        hit.into_iter()
            .map(|i| {
                let e = &mut self.shortlist[i];
                e.status = to;
                ident(e.platform, &e.handle)
            })
            .collect()
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

    /// One undoable edit of one entry, labelled `what platform/handle`.
    fn edit(
        &mut self,
        platform: Platform,
        handle: &str,
        what: &str,
        change: impl FnOnce(&mut ShortlistEntry),
    ) -> Result<(), PlanError> {
        let i = self.index(platform, handle)?;
        self.record(&format!("{what} {}", ident(platform, handle)));
        change(&mut self.shortlist[i]);
        Ok(())
    }

    /// Sets the contact details (`None` clears one).
    pub fn set_contact(
        &mut self,
        platform: Platform,
        handle: &str,
        contact: Contact,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "contact", |e| {
            e.name = contact.name;
            e.email = contact.email;
            e.country = contact.country;
            e.url = contact.url;
        })
    }

    /// Sets what the creator gets besides the fee: a gifted product's value, its shipping,
    /// and a commission rate on sales (a fraction, clamped to 0-1; `None` for none).
    pub fn set_compensation(
        &mut self,
        platform: Platform,
        handle: &str,
        product_value: Money,
        shipping: Money,
        commission_rate: Option<f64>,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "compensation", |e| {
            e.product_value = Money::from_cents(product_value.cents().max(0));
            e.shipping = Money::from_cents(shipping.cents().max(0));
            e.commission_rate = commission_rate
                .filter(|r| r.is_finite())
                .map(|r| r.clamp(0.0, 1.0));
        })
    }

    /// Sets the due date and the published date (`None` clears one).
    pub fn set_dates(
        &mut self,
        platform: Platform,
        handle: &str,
        due: Option<Date>,
        published: Option<Date>,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "dates", |e| {
            e.due = due;
            e.published = published;
        })
    }

    /// Sets the published post's address (`None` clears it).
    pub fn set_post_url(
        &mut self,
        platform: Platform,
        handle: &str,
        post_url: Option<String>,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "post URL", |e| e.post_url = post_url)
    }

    /// Sets when the deliverables went live and where, as one edit (`None` clears one). A
    /// published date moves a counted entry's status to published in the same edit;
    /// clearing it leaves the status to the user.
    pub fn set_published(
        &mut self,
        platform: Platform,
        handle: &str,
        published: Option<Date>,
        post_url: Option<String>,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "published", |e| {
            if published.is_some() && e.is_counted() {
                e.status = Status::Published;
            }
            e.published = published;
            e.post_url = post_url;
        })
    }

    /// Records the published posts' actual figures.
    pub fn set_results(
        &mut self,
        platform: Platform,
        handle: &str,
        results: Results,
    ) -> Result<(), PlanError> {
        self.edit(platform, handle, "results", |e| e.results = results)
    }

    /// Changes any entries as one edit (one undo step): an import of results touches many.
    pub fn edit_entries<R>(
        &mut self,
        label: &str,
        change: impl FnOnce(&mut [ShortlistEntry]) -> R,
    ) -> R {
        self.record(label);
        change(&mut self.shortlist)
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

    /// The deliverables in date order: counted entries by due date (ties in shortlist order),
    /// then those with no due date. Declined creators deliver nothing and are left out.
    pub fn timeline(&self) -> Vec<&ShortlistEntry> {
        let mut v: Vec<&ShortlistEntry> =
            self.shortlist.iter().filter(|e| e.is_counted()).collect();
        // `None` sorts first for Option: key on (no date, date) so undated ones come last.
        v.sort_by_key(|e| (e.due.is_none(), e.due));
        v
    }

    /// How many counted entries are overdue on `today`.
    pub fn overdue(&self, today: Date) -> usize {
        self.shortlist
            .iter()
            .filter(|e| e.is_overdue(today))
            .count()
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
                s.product += e.counted_product();
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
    /// Contact details the plan lacks and the roster has are filled in (those the plan has
    /// are kept). Figures that differ (followers, engagement rate, fee unless negotiated,
    /// expected reach and engagements for the entry's deliverables) are reported, not changed.
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
            e.take_contact(roster, i, false);
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
    /// and the contact details the roster has, as one edit. Its posts, format, status, note,
    /// compensation, dates and results stay, and so do contact details the roster lacks.
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
        e.take_contact(roster, i, true);
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
    let contact = |e: &ShortlistEntry| {
        (
            e.name.clone(),
            e.email.clone(),
            e.country.clone(),
            e.url.clone(),
        )
    };
    let (name, email, country, url) = merged(
        &contact(b),
        &contact(o),
        &contact(t),
        || what("contact"),
        conflicts,
    );
    let kind = |e: &ShortlistEntry| {
        (
            e.product_value,
            e.shipping,
            e.commission_rate.map(f64::to_bits),
        )
    };
    let (product_value, shipping, commission) = merged(
        &kind(b),
        &kind(o),
        &kind(t),
        || what("product and commission"),
        conflicts,
    );
    let live = |e: &ShortlistEntry| (e.due, e.published, e.post_url.clone());
    let (due, published, post_url) = merged(
        &live(b),
        &live(o),
        &live(t),
        || what("dates and post"),
        conflicts,
    );
    let results = merged(
        &b.results,
        &o.results,
        &t.results,
        || what("results"),
        conflicts,
    );
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
        name,
        email,
        country,
        url,
        product_value,
        shipping,
        commission_rate: commission.map(f64::from_bits),
        due,
        published,
        post_url,
        results,
    }
}

/// Contact details of an entry, set together ([`Plan::set_contact`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub country: Option<String>,
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn entry(handle: &str, fee: i64, reach: u64, eng: u64) -> ShortlistEntry {
        ShortlistEntry {
            followers: 20_000,
            engagement_rate: Some(0.03),
            niches: vec!["fitness".into()],
            fee: Money::from_cents(fee),
            expected_reach: reach,
            expected_engagements: eng,
            ..ShortlistEntry::for_test(handle)
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
    fn contacts_come_from_the_roster_and_stay_when_a_later_one_lacks_them() {
        let full = roster_of(
            "handle,platform,followers,name,email,country\n\
             a,tiktok,20000,Ana B,ana@example.com,ES\n",
        );
        let bare = roster_of("handle,platform,followers\na,tiktok,25000\n");
        let moved = roster_of("handle,platform,followers,email\na,tiktok,25000,ana@new.example\n");
        let mut p = plan();
        p.add(ShortlistEntry::from_roster(&full, 0, 1, None))
            .unwrap();
        let e = &p.shortlist[0];
        assert_eq!(e.name.as_deref(), Some("Ana B"));
        assert_eq!(e.email.as_deref(), Some("ana@example.com"));
        assert_eq!(e.country.as_deref(), Some("ES"));
        assert_eq!(e.url, None, "no URL given: none stored");
        assert_eq!(e.profile_url().as_deref(), Some("https://tiktok.com/@a"));
        // A later roster without them: matching and taking figures keep them.
        p.match_roster(&bare);
        p.take_roster_figures(&bare, Platform::TikTok, "a").unwrap();
        let e = &p.shortlist[0];
        assert_eq!(e.followers, 25_000);
        assert_eq!(e.email.as_deref(), Some("ana@example.com"));
        assert_eq!(e.name.as_deref(), Some("Ana B"));
        // Matching only fills blanks; taking the roster's figures takes its address.
        p.match_roster(&moved);
        assert_eq!(p.shortlist[0].email.as_deref(), Some("ana@example.com"));
        p.take_roster_figures(&moved, Platform::TikTok, "a")
            .unwrap();
        assert_eq!(p.shortlist[0].email.as_deref(), Some("ana@new.example"));
        assert_eq!(p.shortlist[0].country.as_deref(), Some("ES"));
        // An entry from an older plan gains the roster's contact on matching.
        let mut old = plan();
        let mut e = ShortlistEntry::from_roster(&bare, 0, 1, None);
        assert_eq!(e.email, None);
        e.note = "kept".into();
        old.add(e).unwrap();
        old.match_roster(&full);
        assert_eq!(old.shortlist[0].email.as_deref(), Some("ana@example.com"));
    }

    #[test]
    fn compensation_dates_and_results_are_undoable_edits() {
        let mut p = plan();
        p.add(entry("a", 0, 100, 10)).unwrap();
        let ig = Platform::Instagram;
        assert_eq!(p.shortlist[0].compensation().label(), "none");
        p.set_compensation(
            ig,
            "a",
            Money::from_units(80),
            Money::from_cents(995),
            Some(2.0),
        )
        .unwrap();
        let e = &p.shortlist[0];
        assert_eq!(e.commission_rate, Some(1.0), "a rate is at most 100%");
        assert_eq!(e.compensation().label(), "gifted+affiliate");
        assert_eq!(e.cost(), Money::from_cents(8_995));
        p.set_fee(ig, "a", Money::from_units(100)).unwrap();
        assert_eq!(
            p.shortlist[0].compensation().label(),
            "paid+gifted+affiliate"
        );
        let d = |s: &str| Some(Date::parse(s).unwrap());
        p.set_dates(ig, "a", d("2026-12-15"), None).unwrap();
        assert!(p.shortlist[0].is_overdue(Date::parse("2026-12-16").unwrap()));
        assert!(!p.shortlist[0].is_overdue(Date::parse("2026-12-15").unwrap()));
        p.set_dates(ig, "a", d("2026-12-15"), d("2026-12-17"))
            .unwrap();
        assert!(!p.shortlist[0].is_overdue(Date::parse("2026-12-20").unwrap()));
        p.set_post_url(ig, "a", Some("https://instagram.com/p/x".into()))
            .unwrap();
        let r = Results {
            likes: Some(5),
            revenue: Some(Money::from_units(40)),
            ..Results::default()
        };
        p.set_results(ig, "a", r).unwrap();
        p.set_contact(
            ig,
            "a",
            Contact {
                email: Some("a@example.com".into()),
                ..Contact::default()
            },
        )
        .unwrap();
        assert_eq!(p.shortlist[0].results, r);
        for _ in 0..7 {
            p.undo().unwrap();
        }
        assert_eq!(p.shortlist[0], entry("a", 0, 100, 10));
        // Declined: nothing counts, product included.
        let mut q = plan();
        q.add(entry("b", 500, 1, 1)).unwrap();
        q.set_compensation(ig, "b", Money::from_cents(300), Money::ZERO, None)
            .unwrap();
        q.set_status(ig, "b", Status::Declined).unwrap();
        let t = q.totals();
        assert_eq!(
            (t.spend, t.product, t.cost),
            (Money::ZERO, Money::ZERO, Money::ZERO)
        );
        assert!(!q.shortlist[0].is_overdue(Date::parse("2030-01-01").unwrap()));
    }

    #[test]
    fn moving_statuses_is_one_edit_and_only_from_the_given_status() {
        let mut p = plan();
        for h in ["a", "b", "c"] {
            p.add(entry(h, 100, 10, 1)).unwrap();
        }
        p.set_status(Platform::Instagram, "c", Status::Confirmed)
            .unwrap();
        let keys: Vec<(Platform, String)> = ["@A", "c", "nobody"]
            .iter()
            .map(|h| (Platform::Instagram, h.to_string()))
            .collect();
        let moved = p.move_status("outreach", &keys, Status::Shortlisted, Status::Contacted);
        assert_eq!(moved, vec!["instagram/a".to_string()]);
        let statuses: Vec<Status> = p.shortlist.iter().map(|e| e.status).collect();
        assert_eq!(
            statuses,
            [Status::Contacted, Status::Shortlisted, Status::Confirmed]
        );
        assert_eq!(p.undo().unwrap(), "outreach");
        assert_eq!(p.shortlist[0].status, Status::Shortlisted);
        assert_eq!(p.undo().unwrap(), "status instagram/c -> confirmed");
        // Nothing to move: no edit recorded.
        let mut q = plan();
        assert!(
            q.move_status("x", &keys, Status::Shortlisted, Status::Contacted)
                .is_empty()
        );
        assert!(q.undo().is_err());
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
    fn rebase_merges_contact_deal_dates_and_results_apart() {
        let ig = Platform::Instagram;
        let mut base = plan();
        base.add(entry("a", 10_000, 100, 10)).unwrap();
        let base = Plan {
            undo: Vec::new(),
            ..base
        };
        let d = |s: &str| Date::parse(s).ok();
        // Here: the gift and the due date. In the file: the email and the results.
        let mut ours = base.clone();
        ours.set_compensation(ig, "a", Money::from_units(50), Money::ZERO, None)
            .unwrap();
        ours.set_dates(ig, "a", d("2026-12-15"), None).unwrap();
        let mut theirs = base.clone();
        theirs
            .set_contact(
                ig,
                "a",
                Contact {
                    email: Some("a@example.com".into()),
                    ..Contact::default()
                },
            )
            .unwrap();
        let r = Results {
            views: Some(10),
            ..Results::default()
        };
        theirs.set_results(ig, "a", r).unwrap();
        assert!(ours.rebase(&base, &theirs).is_empty());
        let e = &ours.shortlist[0];
        assert_eq!(e.product_value, Money::from_units(50));
        assert_eq!(e.due, d("2026-12-15"));
        assert_eq!(e.email.as_deref(), Some("a@example.com"));
        assert_eq!(e.results, r);
        // Both set a due date, differently: ours is kept, and the clash is named.
        let mut ours = base.clone();
        ours.set_dates(ig, "a", d("2026-12-15"), None).unwrap();
        let mut theirs = base.clone();
        theirs.set_dates(ig, "a", d("2026-12-20"), None).unwrap();
        assert_eq!(
            ours.rebase(&base, &theirs),
            vec!["instagram/a dates and post".to_string()]
        );
        assert_eq!(ours.shortlist[0].due, d("2026-12-15"));
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
        Gift(u8, i64, i64),
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
            (0u8..8, 0i64..10_000_000, 0i64..100_000).prop_map(|(h, v, s)| Op::Gift(h, v, s)),
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
            Op::Gift(i, v, s) => p
                .set_compensation(
                    ig,
                    &h(i),
                    Money::from_cents(*v),
                    Money::from_cents(*s),
                    None,
                )
                .is_ok(),
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
                // Cash and product apart, each exact; the budget holds both.
                let product: i64 = p.shortlist.iter()
                    .filter(|e| e.status != Status::Declined)
                    .map(|e| e.product_value.cents() + e.shipping.cents()).sum();
                prop_assert_eq!(t.product.cents(), product);
                prop_assert_eq!(t.cost.cents(), spend + product);
                prop_assert_eq!(t.budget_left.cents(), p.campaign.budget.cents() - spend - product);
                prop_assert_eq!(t.creators, p.shortlist.len());
                let eng: u64 = p.shortlist.iter().map(|e| e.counted_engagements()).sum();
                prop_assert_eq!(t.expected_engagements, eng);
                // Every creator has one tier and one status: those breakdowns partition the plan.
                for by in [Breakdown::Tier, Breakdown::Status] {
                    let slices = p.breakdown(by);
                    prop_assert_eq!(slices.iter().map(|s| s.spend.cents()).sum::<i64>(), spend);
                    prop_assert_eq!(slices.iter().map(|s| s.product.cents()).sum::<i64>(), product);
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
