//! Campaign plans as TOML files (shared/CONTRACT.md, "Campaign plan").
//!
//! Plans are read and written with `toml_edit` rather than serde: the parsed document is kept
//! and the known keys are updated in place, so comments, key order and keys a user added by
//! hand survive a save, and a plan read then saved unchanged is byte-identical (a value is only
//! rewritten when its meaning changed). Shortlist tables are matched to entries by platform +
//! handle, so a user's extra keys stay with their creator.
//!
//! Money is written as floats exact to the cent (`Money::to_units_f64`). A declined entry is
//! written with `fee = 0.0` and zero expected figures, the quoted figures kept under
//! `quoted_fee`, `quoted_expected_reach` and `quoted_expected_engagements`, so `totals.spend`
//! is always the plain sum of the shortlist fees, as the contract and plan_check.py require.
//! Roster files are recorded in `campaign.rosters` (relative to the plan's folder where
//! possible) with the `--map`/`--set` used in `campaign.map` and `campaign.set`.
//!
//! Issue #15's keys are written only when they hold something, so a plan from an older
//! version saves unchanged (its `[totals]` gains `product`, `cost` and `budget_left`): per
//! entry `name`, `email`, `country`, `url`, `product_value`, `shipping`, `commission_rate`
//! (a fraction), `due` and `published` (TOML local dates, `due = 2026-12-15`; a quoted
//! `"2026-12-15"` is read too), `post_url`, and the actual figures in a `[shortlist.results]`
//! sub-table.

use std::fs;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use crate::domain::creator::{Platform, handle_key};
use crate::domain::date::Date;
use crate::domain::fees::FeeSource;
use crate::domain::money::Money;
use crate::domain::plan::{Campaign, Objective, Plan, RosterRef, ShortlistEntry, Status};
use crate::domain::results::{ResultField, Results};
use crate::domain::text::{clean_line, clean_note, escape_controls, quote_data};

/// A plan that cannot be read: the file, where (1-based line and column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFileError {
    pub path: String,
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl std::fmt::Display for PlanFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((l, c)) => write!(f, "{}:{l}:{c}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for PlanFileError {}

/// A plan read from a file, with the document it came from (for lossless saving).
#[derive(Debug, Clone)]
pub struct PlanFile {
    pub plan: Plan,
    pub doc: DocumentMut,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Reader<'a> {
    text: &'a str,
    label: &'a str,
}

impl Reader<'_> {
    fn err(&self, span: Option<Range<usize>>, message: String) -> PlanFileError {
        PlanFileError {
            path: self.label.to_string(),
            at: span.map(|s| line_col(self.text, s.start)),
            message,
        }
    }

    fn get<'t>(&self, t: &'t Table, key: &str, what: &str) -> Result<&'t Item, PlanFileError> {
        t.get(key)
            .ok_or_else(|| self.err(t.span(), format!("{what}.{key} is missing")))
    }

    fn string(&self, t: &Table, key: &str, what: &str) -> Result<String, PlanFileError> {
        let it = self.get(t, key, what)?;
        // Text from a plan file holds no controls once read: not on screen, not in an
        // export, not in the next save.
        it.as_str()
            .map(|s| clean_line(s).into_owned())
            .ok_or_else(|| self.err(it.span(), format!("{what}.{key} should be text")))
    }

    /// A note: as [`Reader::string`], but its tabs and line breaks are kept.
    fn note(&self, t: &Table, key: &str, what: &str) -> Result<String, PlanFileError> {
        match t.get(key) {
            None => Ok(String::new()),
            Some(it) => it
                .as_str()
                .map(|s| clean_note(s).into_owned())
                .ok_or_else(|| self.err(it.span(), format!("{what}.{key} should be text"))),
        }
    }

    fn opt_string(
        &self,
        t: &Table,
        key: &str,
        what: &str,
    ) -> Result<Option<String>, PlanFileError> {
        match t.get(key) {
            None => Ok(None),
            Some(_) => self.string(t, key, what).map(Some),
        }
    }

    fn count(&self, t: &Table, key: &str, what: &str) -> Result<u64, PlanFileError> {
        let it = self.get(t, key, what)?;
        match it.as_integer() {
            Some(n) if n >= 0 => Ok(n as u64),
            _ => Err(self.err(
                it.span(),
                format!("{what}.{key} should be a whole number, 0 or more"),
            )),
        }
    }

    fn opt_count(&self, t: &Table, key: &str, what: &str) -> Result<Option<u64>, PlanFileError> {
        match t.get(key) {
            None => Ok(None),
            Some(_) => self.count(t, key, what).map(Some),
        }
    }

    fn number(&self, it: &Item) -> Option<f64> {
        it.as_float().or_else(|| it.as_integer().map(|n| n as f64))
    }

    fn money(&self, t: &Table, key: &str, what: &str) -> Result<Money, PlanFileError> {
        let it = self.get(t, key, what)?;
        match self.number(it).and_then(Money::from_units_f64) {
            Some(m) if m.is_acceptable() => Ok(m),
            Some(m) if m.cents() > 0 => Err(self.err(
                it.span(),
                format!(
                    "{what}.{key} is above the largest amount scout accepts ({})",
                    crate::domain::money::MAX_AMOUNT.plain()
                ),
            )),
            _ => Err(self.err(
                it.span(),
                format!("{what}.{key} should be an amount, 0 or more"),
            )),
        }
    }

    /// Optional text where an empty one means none.
    fn opt_text(&self, t: &Table, key: &str, what: &str) -> Result<Option<String>, PlanFileError> {
        Ok(self
            .opt_string(t, key, what)?
            .filter(|s| !s.trim().is_empty()))
    }

    fn opt_money(&self, t: &Table, key: &str, what: &str) -> Result<Money, PlanFileError> {
        match t.get(key) {
            None => Ok(Money::ZERO),
            Some(_) => self.money(t, key, what),
        }
    }

    /// An ISO 8601 date: a TOML local date (`2026-12-15`) or the same as text.
    fn date(&self, t: &Table, key: &str, what: &str) -> Result<Option<Date>, PlanFileError> {
        let Some(it) = t.get(key) else {
            return Ok(None);
        };
        let refuse = |why: String| self.err(it.span(), format!("{what}.{key}: {why}"));
        if let Some(dt) = it.as_datetime() {
            return match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => Date::new(d.year.into(), d.month.into(), d.day.into())
                    .map(Some)
                    .map_err(|e| refuse(e.to_string())),
                _ => Err(refuse(format!(
                    "`{dt}` has a time; a date is written YYYY-MM-DD, e.g. 2026-12-15"
                ))),
            };
        }
        match it.as_str() {
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => Date::parse(s)
                .map(Some)
                .map_err(|e| refuse(format!("`{}` is not a date: {e}", quote_data(s)))),
            None => Err(refuse(
                "should be a date, YYYY-MM-DD, e.g. 2026-12-15".into(),
            )),
        }
    }

    fn rate(&self, t: &Table, key: &str, what: &str) -> Result<Option<f64>, PlanFileError> {
        let Some(it) = t.get(key) else {
            return Ok(None);
        };
        match self.number(it) {
            Some(x) if (0.0..=1.0).contains(&x) => Ok(Some(x)),
            _ => Err(self.err(
                it.span(),
                format!("{what}.{key} should be a fraction from 0 to 1 (0.15 is 15%)"),
            )),
        }
    }

    fn results(&self, t: &Table, what: &str) -> Result<Results, PlanFileError> {
        let Some(it) = t.get("results") else {
            return Ok(Results::default());
        };
        let w = format!("{what}.results");
        // `[shortlist.results]` or `results = { views = 1 }`: the same to scout.
        let table = match it {
            Item::Table(t) => t.clone(),
            Item::Value(Value::InlineTable(i)) => i.clone().into_table(),
            _ => return Err(self.err(it.span(), format!("{w} should be a table"))),
        };
        let mut r = Results::default();
        for f in ResultField::ALL {
            if f.is_money() {
                r.revenue = match table.get(f.key()) {
                    None => None,
                    Some(_) => Some(self.money(&table, f.key(), &w)?),
                };
            } else {
                r.set_count(f, self.opt_count(&table, f.key(), &w)?);
            }
        }
        Ok(r)
    }

    fn strings(&self, t: &Table, key: &str, what: &str) -> Result<Vec<String>, PlanFileError> {
        let Some(it) = t.get(key) else {
            return Ok(Vec::new());
        };
        let bad = || self.err(it.span(), format!("{what}.{key} should be a list of text"));
        let arr = it.as_array().ok_or_else(bad)?;
        arr.iter()
            .map(|v| {
                v.as_str()
                    .map(|s| clean_line(s).into_owned())
                    .ok_or_else(bad)
            })
            .collect()
    }
}

/// Reads a plan from TOML text; `label` names it in errors.
pub fn parse(text: &str, label: &str) -> Result<PlanFile, PlanFileError> {
    let r = Reader { text, label };
    let doc = toml_edit::Document::parse(text.to_string()).map_err(|e| {
        r.err(
            e.span(),
            format!(
                "not a valid TOML plan: {}",
                escape_controls(e.message().trim())
            ),
        )
    })?;
    let root = doc.as_table();
    let camp = match root.get("campaign") {
        Some(Item::Table(t)) => t,
        Some(it) => return Err(r.err(it.span(), "[campaign] should be a table".into())),
        None => return Err(r.err(None, "no [campaign] table".into())),
    };
    let w = "campaign";
    let objective_text = r.string(camp, "objective", w)?;
    let objective = Objective::parse(&objective_text).ok_or_else(|| {
        r.err(
            camp.get("objective").and_then(Item::span),
            format!(
                "campaign.objective `{}` should be engagements or reach",
                quote_data(&objective_text)
            ),
        )
    })?;
    let map = r.strings(camp, "map", w)?;
    let set = r.strings(camp, "set", w)?;
    let sheet = r.opt_string(camp, "sheet", w)?;
    let campaign = Campaign {
        name: r.string(camp, "name", w)?,
        budget: r.money(camp, "budget", w)?,
        currency: r.string(camp, "currency", w)?,
        objective,
        posts: r
            .opt_count(camp, "posts", w)?
            .unwrap_or(1)
            .clamp(1, u32::MAX.into()) as u32,
        format: r.opt_string(camp, "format", w)?,
        rosters: r
            .strings(camp, "rosters", w)?
            .into_iter()
            .map(|path| RosterRef {
                path,
                map: map.clone(),
                set: set.clone(),
                sheet: sheet.clone(),
            })
            .collect(),
    };
    let mut plan = Plan::new(campaign);
    match root.get("shortlist") {
        None => {}
        Some(Item::ArrayOfTables(a)) => {
            // Who is listed already, in a set: reading 100,000 entries stays linear.
            let mut listed = std::collections::HashSet::with_capacity(a.len());
            plan.shortlist.reserve(a.len());
            for (i, t) in a.iter().enumerate() {
                let entry = read_entry(&r, t, &format!("shortlist[{i}]"))?;
                if !listed.insert(entry.key()) {
                    return Err(r.err(
                        t.span(),
                        format!(
                            "{}/{} is shortlisted twice",
                            entry.platform.key(),
                            quote_data(&entry.handle)
                        ),
                    ));
                }
                plan.shortlist.push(entry);
            }
        }
        Some(it) => {
            return Err(r.err(
                it.span(),
                "shortlist should be an array of tables ([[shortlist]])".into(),
            ));
        }
    }
    Ok(PlanFile {
        plan,
        doc: doc.into_mut(),
    })
}

fn read_entry(r: &Reader<'_>, t: &Table, w: &str) -> Result<ShortlistEntry, PlanFileError> {
    let at = |k: &str| t.get(k).and_then(Item::span);
    let platform_text = r.string(t, "platform", w)?;
    let platform = Platform::parse(&platform_text).ok_or_else(|| {
        r.err(
            at("platform"),
            format!(
                "{w}.platform `{}` is not a platform",
                quote_data(&platform_text)
            ),
        )
    })?;
    let status_text = r.string(t, "status", w)?;
    let status = Status::parse(&status_text).ok_or_else(|| {
        r.err(
            at("status"),
            format!(
                "{w}.status `{}` should be one of shortlisted, contacted, negotiating, confirmed, declined, published",
                quote_data(&status_text)
            ),
        )
    })?;
    let source_text = r.string(t, "fee_source", w)?;
    let fee_source = FeeSource::parse(&source_text).ok_or_else(|| {
        r.err(
            at("fee_source"),
            format!(
                "{w}.fee_source `{}` should be estimate, rate or negotiated",
                quote_data(&source_text)
            ),
        )
    })?;
    let posts = r.count(t, "posts", w)?;
    if posts == 0 || posts > u64::from(u32::MAX) {
        return Err(r.err(at("posts"), format!("{w}.posts should be at least 1")));
    }
    let engagement_rate = match t.get("engagement_rate") {
        None => None,
        Some(it) => match r.number(it) {
            // Above 1 is a viral creator's rate (engagements per post above followers),
            // which rosters keep: a plan that holds one must open again.
            Some(x) if x >= 0.0 && x.is_finite() => Some(x),
            _ => {
                return Err(r.err(
                    it.span(),
                    format!("{w}.engagement_rate should be a fraction, 0 or more"),
                ));
            }
        },
    };
    let declined = status == Status::Declined;
    let fee = match (declined, t.get("quoted_fee")) {
        (true, Some(_)) => r.money(t, "quoted_fee", w)?,
        _ => r.money(t, "fee", w)?,
    };
    let quoted = |k: &str, q: &str| -> Result<u64, PlanFileError> {
        match (declined, r.opt_count(t, q, w)?) {
            (true, Some(v)) => Ok(v),
            _ => r.count(t, k, w),
        }
    };
    Ok(ShortlistEntry {
        handle: r.string(t, "handle", w)?,
        platform,
        tier: r.string(t, "tier", w)?,
        followers: r.count(t, "followers", w)?,
        engagement_rate,
        niches: r.strings(t, "niches", w)?,
        posts: posts as u32,
        format: r.opt_string(t, "format", w)?,
        fee,
        fee_source,
        status,
        expected_reach: quoted("expected_reach", "quoted_expected_reach")?,
        expected_engagements: quoted("expected_engagements", "quoted_expected_engagements")?,
        note: r.note(t, "note", w)?,
        flags: r.strings(t, "flags", w)?,
        name: r.opt_text(t, "name", w)?,
        email: r.opt_text(t, "email", w)?,
        country: r.opt_text(t, "country", w)?,
        url: r.opt_text(t, "url", w)?,
        product_value: r.opt_money(t, "product_value", w)?,
        shipping: r.opt_money(t, "shipping", w)?,
        commission_rate: r.rate(t, "commission_rate", w)?,
        due: r.date(t, "due", w)?,
        published: r.date(t, "published", w)?,
        post_url: r.opt_text(t, "post_url", w)?,
        results: r.results(t, w)?,
    })
}

/// Same meaning, ignoring formatting.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        // `budget = 15000` written by hand stays as the user wrote it.
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            *x.value() as f64 == *y.value()
        }
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        // `due = "2026-12-15"` written by hand stays quoted.
        (Value::String(s), Value::Datetime(d)) | (Value::Datetime(d), Value::String(s)) => {
            s.value().trim() == d.value().to_string()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        _ => false,
    }
}

/// Sets `key` unless it already holds the same value; keeps the old value's comments.
fn put(t: &mut dyn TableLike, key: &str, v: impl Into<Value>) {
    let mut v: Value = v.into();
    match t.get_mut(key) {
        Some(Item::Value(old)) => {
            if same(old, &v) {
                return;
            }
            *v.decor_mut() = old.decor().clone();
            *old = v;
        }
        _ => {
            t.insert(key, Item::Value(v));
        }
    }
}

fn put_opt(t: &mut dyn TableLike, key: &str, v: Option<Value>) {
    match v {
        Some(v) => put(t, key, v),
        None => {
            // An empty text or list the user wrote means the same as no key: keep it.
            let empty = match t.get(key) {
                Some(Item::Value(Value::String(s))) => s.value().trim().is_empty(),
                Some(Item::Value(Value::Array(a))) => a.is_empty(),
                // `shipping = 0` too: a zero amount is no amount.
                Some(Item::Value(Value::Integer(n))) => *n.value() == 0,
                Some(Item::Value(Value::Float(x))) => *x.value() == 0.0,
                _ => false,
            };
            if !empty {
                t.remove(key);
            }
        }
    }
}

fn list(items: &[String]) -> Value {
    let mut a = toml_edit::Array::new();
    for s in items {
        a.push(s.as_str());
    }
    Value::Array(a)
}

fn money(m: Money) -> Value {
    Value::from(m.to_units_f64())
}

fn int(n: u64) -> Value {
    Value::from(i64::try_from(n).unwrap_or(i64::MAX))
}

fn date(d: Date) -> Value {
    Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

fn opt_text(s: &Option<String>) -> Option<Value> {
    s.as_deref().map(Value::from)
}

fn nonzero(m: Money) -> Option<Value> {
    (m.cents() != 0).then(|| money(m))
}

/// The results sub-table: updated in place (a `[shortlist.results]` table or an inline
/// `results = {...}`, as the user wrote it), added when there is something to record,
/// removed when nothing is.
fn write_results(t: &mut Table, r: &Results) {
    if r.is_empty() {
        // An empty table the user wrote means the same as none: keep it.
        let empty = match t.get("results") {
            Some(Item::Table(x)) => x.is_empty(),
            Some(Item::Value(Value::InlineTable(x))) => x.is_empty(),
            _ => false,
        };
        if !empty {
            t.remove("results");
        }
        return;
    }
    if !matches!(
        t.get("results"),
        Some(Item::Table(_) | Item::Value(Value::InlineTable(_)))
    ) {
        t.insert("results", Item::Table(Table::new()));
    }
    let Some(rt) = t.get_mut("results").and_then(Item::as_table_like_mut) else {
        return;
    };
    for f in ResultField::ALL {
        let v = if f.is_money() {
            r.revenue.map(money)
        } else {
            r.count(f).map(int)
        };
        put_opt(rt, f.key(), v);
    }
}

/// Forgets where a table and the tables inside it stood in the file, so they render in
/// document order after their parent (a moved entry keeps its sub-tables with it).
fn unplace(t: &mut Table) {
    t.set_position(None);
    for (_, it) in t.iter_mut() {
        if let Item::Table(sub) = it {
            unplace(sub);
        }
    }
}
fn write_entry(t: &mut Table, e: &ShortlistEntry) {
    let declined = !e.is_counted();
    put(t, "handle", e.handle.as_str());
    put(t, "platform", e.platform.key());
    put(t, "tier", e.tier.as_str());
    put(t, "followers", int(e.followers));
    put_opt(t, "engagement_rate", e.engagement_rate.map(Value::from));
    put_opt(t, "niches", (!e.niches.is_empty()).then(|| list(&e.niches)));
    put(t, "posts", i64::from(e.posts));
    put_opt(t, "format", e.format.as_deref().map(Value::from));
    put(t, "fee", money(e.counted_fee()));
    put_opt(t, "quoted_fee", declined.then(|| money(e.fee)));
    put(t, "fee_source", e.fee_source.key());
    put(t, "status", e.status.key());
    put(t, "expected_reach", int(e.counted_reach()));
    put(t, "expected_engagements", int(e.counted_engagements()));
    put_opt(
        t,
        "quoted_expected_reach",
        declined.then(|| int(e.expected_reach)),
    );
    put_opt(
        t,
        "quoted_expected_engagements",
        declined.then(|| int(e.expected_engagements)),
    );
    put_opt(
        t,
        "note",
        (!e.note.is_empty()).then(|| Value::from(e.note.as_str())),
    );
    put_opt(t, "flags", (!e.flags.is_empty()).then(|| list(&e.flags)));
    put_opt(t, "name", opt_text(&e.name));
    put_opt(t, "email", opt_text(&e.email));
    put_opt(t, "country", opt_text(&e.country));
    put_opt(t, "url", opt_text(&e.url));
    put_opt(t, "product_value", nonzero(e.product_value));
    put_opt(t, "shipping", nonzero(e.shipping));
    put_opt(t, "commission_rate", e.commission_rate.map(Value::from));
    put_opt(t, "due", e.due.map(date));
    put_opt(t, "published", e.published.map(date));
    put_opt(t, "post_url", opt_text(&e.post_url));
    write_results(t, &e.results);
}

/// The plan as TOML text. With `base` (the document the plan was read from), everything in it
/// that scout does not own is kept, and unchanged values keep their exact text.
pub fn render(plan: &Plan, base: Option<&DocumentMut>) -> String {
    let mut doc = base.cloned().unwrap_or_default();
    let root = doc.as_table_mut();
    if !matches!(root.get("campaign"), Some(Item::Table(_))) {
        root.insert("campaign", Item::Table(Table::new()));
    }
    let c = &plan.campaign;
    if let Some(Item::Table(t)) = root.get_mut("campaign") {
        put(t, "name", c.name.as_str());
        put(t, "budget", money(c.budget));
        put(t, "currency", c.currency.as_str());
        put(t, "objective", c.objective.key());
        put(t, "posts", i64::from(c.posts));
        put_opt(t, "format", c.format.as_deref().map(Value::from));
        let paths: Vec<String> = c.rosters.iter().map(|r| r.path.clone()).collect();
        put(t, "rosters", list(&paths));
        let first = c.rosters.first();
        let map = first.map(|r| r.map.clone()).unwrap_or_default();
        let set = first.map(|r| r.set.clone()).unwrap_or_default();
        put_opt(t, "map", (!map.is_empty()).then(|| list(&map)));
        put_opt(t, "set", (!set.is_empty()).then(|| list(&set)));
        let sheet = first.and_then(|r| r.sheet.as_deref());
        put_opt(t, "sheet", sheet.map(Value::from));
    }

    // Shortlist: reuse each creator's table (with the user's keys) when it is there.
    // Taken, not removed: the key keeps its place in the document.
    let mut old: Vec<Option<Table>> = match root.get_mut("shortlist").map(std::mem::take) {
        Some(Item::ArrayOfTables(a)) => a.into_iter().map(Some).collect(),
        _ => Vec::new(),
    };
    let ident = |t: &Table| -> Option<(Platform, String)> {
        let p = Platform::parse(t.get("platform")?.as_str()?)?;
        Some((p, handle_key(t.get("handle")?.as_str()?)))
    };
    // Each old table found by its creator through a map (the first of a key wins, as a
    // search from the top would): saving 30,000 entries is linear, not quadratic.
    let mut by_key: std::collections::HashMap<(Platform, String), usize> =
        std::collections::HashMap::with_capacity(old.len());
    for (j, t) in old.iter().enumerate() {
        if let Some(k) = t.as_ref().and_then(ident) {
            by_key.entry(k).or_insert(j);
        }
    }
    let mut aot = ArrayOfTables::new();
    let mut reused_in_order = old.len() == plan.shortlist.len();
    for (i, e) in plan.shortlist.iter().enumerate() {
        let found = by_key.get(&e.key()).copied();
        reused_in_order &= found == Some(i);
        let mut t = found.and_then(|j| old[j].take()).unwrap_or_default();
        write_entry(&mut t, e);
        aot.push(t);
    }
    let had_totals = matches!(root.get("totals"), Some(Item::Table(_)));
    if !reused_in_order {
        // New or reordered tables: let them render in document order, before [totals].
        for t in aot.iter_mut() {
            unplace(t);
        }
    }
    if plan.shortlist.is_empty() {
        root.remove("shortlist");
    } else {
        root.insert("shortlist", Item::ArrayOfTables(aot));
    }

    let tot = plan.totals();
    let mut totals = match root.remove("totals") {
        Some(Item::Table(t)) if had_totals && reused_in_order => t,
        Some(Item::Table(mut t)) => {
            t.set_position(None);
            t
        }
        _ => Table::new(),
    };
    put(&mut totals, "spend", money(tot.spend));
    put(&mut totals, "remaining", money(tot.remaining));
    put(&mut totals, "product", money(tot.product));
    put(&mut totals, "cost", money(tot.cost));
    put(&mut totals, "budget_left", money(tot.budget_left));
    put(&mut totals, "creators", tot.creators as i64);
    put(&mut totals, "active_creators", tot.active as i64);
    put(&mut totals, "expected_reach", int(tot.expected_reach));
    put(
        &mut totals,
        "expected_engagements",
        int(tot.expected_engagements),
    );
    put(
        &mut totals,
        "cost_per_engagement",
        Value::from(tot.cost_per_engagement.to_units_f64()),
    );
    put(
        &mut totals,
        "cost_per_thousand_reach",
        money(tot.cost_per_thousand),
    );
    root.insert("totals", Item::Table(totals));
    doc.to_string()
}

impl PlanFile {
    /// A plan not yet saved anywhere.
    pub fn new(plan: Plan) -> PlanFile {
        PlanFile {
            plan,
            doc: DocumentMut::new(),
        }
    }

    /// Saves atomically (see `save_text`) and remembers the saved document, so later saves
    /// keep building on what is on disk. On failure nothing changes, in memory or on disk.
    pub fn save(&mut self, path: &Path) -> Result<(), String> {
        self.plan
            .check_amounts()
            .map_err(|e| format!("cannot save {}: {e}", path.display()))?;
        let text = render(&self.plan, Some(&self.doc));
        let doc: DocumentMut = text
            .parse()
            .map_err(|e| format!("internal error: the rendered plan does not parse: {e}"))?;
        save_text(path, &text)?;
        self.doc = doc;
        Ok(())
    }
}

/// Reads a plan file.
pub fn load(path: &Path) -> Result<PlanFile, PlanFileError> {
    let label = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|e| PlanFileError {
        path: label.clone(),
        at: None,
        message: format!("cannot read the plan: {e}"),
    })?;
    parse(&text, &label)
}

pub use super::atomic::backup_path;

/// Writes `text` to `path` the one safe way ([`super::atomic::write`]), keeping the previous
/// version as `FILE.bak`. On any failure the old file is untouched, and the one-line error
/// names the file and what happened.
pub fn save_text(path: &Path, text: &str) -> Result<(), String> {
    super::atomic::write(path, text.as_bytes(), true)
        .map_err(|e| format!("cannot save {}: {e}", path.display()))
}

/// Renders and saves a plan (see `render` and `save_text`).
pub fn save(path: &Path, plan: &Plan, base: Option<&DocumentMut>) -> Result<String, String> {
    plan.check_amounts()
        .map_err(|e| format!("cannot save {}: {e}", path.display()))?;
    let text = render(plan, base);
    save_text(path, &text)?;
    Ok(text)
}

/// `target` relative to the folder `dir` where both are relative or both absolute; else
/// `target` as given. Used to record roster paths in a plan.
pub fn relative_to(target: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| -> Option<PathBuf> {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        Some(out)
    };
    let (Some(t), Some(d)) = (abs(target), abs(dir)) else {
        return target.to_path_buf();
    };
    let tc: Vec<_> = t.components().collect();
    let dc: Vec<_> = d.components().collect();
    let common = tc.iter().zip(&dc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return target.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..dc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c);
    }
    out
}

/// The roster paths a plan recorded, resolved against the plan's folder.
pub fn roster_paths(plan_path: &Path, plan: &Plan) -> Vec<PathBuf> {
    let dir = plan_path.parent().unwrap_or(Path::new(""));
    plan.campaign
        .rosters
        .iter()
        .map(|r| {
            let p = PathBuf::from(&r.path);
            if p.is_absolute() { p } else { dir.join(p) }
        })
        .collect()
}

/// Records a change made outside the planner (such as `scout outreach --mark-contacted`) in
/// the plan's `[[history]]`: the day, what was done, and the creators it touched
/// (`instagram/lena.lifts`). The plan keeps the list as written; scout only adds to it.
pub fn append_history(doc: &mut DocumentMut, day: Date, change: &str, creators: &[String]) {
    let mut t = Table::new();
    t.insert("date", Item::Value(date(day)));
    t.insert("change", Item::Value(Value::from(change)));
    t.insert("creators", Item::Value(list(creators)));
    let root = doc.as_table_mut();
    match root.get_mut("history") {
        Some(Item::ArrayOfTables(a)) => a.push(t),
        _ => {
            let mut a = ArrayOfTables::new();
            a.push(t);
            root.insert("history", Item::ArrayOfTables(a));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample_plan() -> Plan {
        let mut p = Plan::new(Campaign {
            name: "Spring protein launch".into(),
            budget: Money::from_units(15_000),
            rosters: vec![RosterRef {
                path: "creators.csv".into(),
                map: vec!["handle=user".into()],
                set: vec![],
                sheet: None,
            }],
            ..Campaign::default()
        });
        let e = ShortlistEntry {
            followers: 48_200,
            engagement_rate: Some(0.041),
            niches: vec!["fitness".into()],
            posts: 2,
            fee: Money::from_units(900),
            expected_reach: 24_000,
            expected_engagements: 3952,
            ..ShortlistEntry::for_test("lena.lifts")
        };
        p.shortlist.push(e.clone());
        let mut d = e;
        d.handle = "gone".into();
        d.fee = Money::from_cents(12_345);
        d.status = Status::Declined;
        d.note = "=not interested".into();
        p.shortlist.push(d);
        p
    }

    #[test]
    fn round_trip_is_identical_and_keeps_user_keys() {
        let p = sample_plan();
        let text = render(&p, None);
        let f = parse(&text, "t").unwrap();
        assert!(f.plan.same_content(&p));
        assert_eq!(render(&f.plan, Some(&f.doc)), text);
        let edited = text
            .replace(
                "[campaign]\n",
                "# my comment\n[campaign]\nowner = \"ana\" # who\n",
            )
            .replace("budget = 15000.0", "budget = 15000")
            .replacen(
                "status = \"shortlisted\"",
                "status = \"shortlisted\"\nnote = \"\"",
                1,
            );
        let f = parse(&edited, "t").unwrap();
        assert_eq!(render(&f.plan, Some(&f.doc)), edited);
        assert!(text.contains("quoted_fee = 123.45"));
    }

    /// Every issue #15 field set: contact, gift, commission, dates, post, results.
    fn full_entry() -> ShortlistEntry {
        let mut e = sample_plan().shortlist[0].clone();
        e.handle = "ana.bakes".into();
        e.name = Some("Ana Belén".into());
        e.email = Some("ana@example.com".into());
        e.country = Some("ES".into());
        e.url = Some("https://instagram.com/ana.bakes".into());
        e.fee = Money::ZERO;
        e.product_value = Money::from_cents(12_999);
        e.shipping = Money::from_cents(1_250);
        e.commission_rate = Some(0.15);
        e.due = Some(Date::parse("2026-12-15").unwrap());
        e.published = Some(Date::parse("2026-12-14").unwrap());
        e.post_url = Some("https://instagram.com/p/abc".into());
        e.results = Results {
            views: Some(48_000),
            reach: Some(30_500),
            likes: Some(2_100),
            comments: Some(88),
            shares: Some(0),
            saves: Some(140),
            clicks: Some(310),
            conversions: Some(12),
            revenue: Some(Money::from_cents(71_940)),
        };
        e
    }

    #[test]
    fn every_new_field_round_trips_exactly() {
        let mut p = sample_plan();
        p.shortlist.push(full_entry());
        let text = render(&p, None);
        for line in [
            "name = \"Ana Belén\"",
            "email = \"ana@example.com\"",
            "country = \"ES\"",
            "product_value = 129.99",
            "shipping = 12.5",
            "commission_rate = 0.15",
            "due = 2026-12-15",
            "published = 2026-12-14",
            "post_url = \"https://instagram.com/p/abc\"",
            "[shortlist.results]",
            "revenue = 719.4",
            "shares = 0",
            // Cash and product apart; `remaining` stays budget - spend (cash).
            "spend = 900.0",
            "remaining = 14100.0",
            "product = 142.49",
            "cost = 1042.49",
            "budget_left = 13957.51",
        ] {
            assert!(text.contains(line), "{line} missing:\n{text}");
        }
        let f = parse(&text, "t").unwrap();
        assert!(f.plan.same_content(&p));
        assert_eq!(f.plan.shortlist[2], full_entry());
        assert_eq!(render(&f.plan, Some(&f.doc)), text);
        // Cleared again: the keys go, nothing else moves.
        let mut cleared = f.plan.clone();
        let e = &mut cleared.shortlist[2];
        let keep = e.clone();
        *e = sample_plan().shortlist[0].clone();
        e.handle = keep.handle;
        e.fee = keep.fee;
        let out = render(&cleared, Some(&f.doc));
        assert!(!out.contains("results") && !out.contains("due ="), "{out}");
        assert!(parse(&out, "t").unwrap().plan.same_content(&cleared));
    }

    #[test]
    fn a_plan_from_an_older_version_opens_unchanged() {
        // As scout wrote plans before contacts, compensation, dates and results.
        let old = "[campaign]\nname = \"Spring\"\nbudget = 1000.0\ncurrency = \"USD\"\n\
                   objective = \"engagements\"\nposts = 1\nrosters = [\"creators.csv\"]\n\n\
                   [[shortlist]]\nhandle = \"lena.lifts\"\nplatform = \"instagram\"\n\
                   tier = \"micro\"\nfollowers = 48200\nengagement_rate = 0.041\nposts = 2\n\
                   fee = 900.0\nfee_source = \"estimate\"\nstatus = \"shortlisted\"\n\
                   expected_reach = 24000\nexpected_engagements = 3952\n\n\
                   [totals]\nspend = 900.0\nremaining = 100.0\ncreators = 1\n\
                   active_creators = 1\nexpected_reach = 24000\nexpected_engagements = 3952\n\
                   cost_per_engagement = 0.23\ncost_per_thousand_reach = 37.5\n";
        let f = parse(old, "old.toml").unwrap();
        let e = &f.plan.shortlist[0];
        assert_eq!(
            (e.name.as_ref(), e.email.as_ref(), e.url.as_ref()),
            (None, None, None)
        );
        assert_eq!((e.product_value, e.shipping), (Money::ZERO, Money::ZERO));
        assert_eq!((e.commission_rate, e.due, e.published), (None, None, None));
        assert!(e.results.is_empty() && e.post_url.is_none());
        assert_eq!(
            e.profile_url().as_deref(),
            Some("https://instagram.com/lena.lifts")
        );
        // Saved again, only the new totals appear.
        let out = render(&f.plan, Some(&f.doc));
        assert_eq!(
            out.replace("product = 0.0\ncost = 900.0\nbudget_left = 100.0\n", ""),
            old
        );
    }

    #[test]
    fn dates_are_iso_and_refused_with_the_reason() {
        let mut p = sample_plan();
        p.shortlist.truncate(1);
        let text = render(&p, None).replace(
            "status = \"shortlisted\"\n",
            "status = \"shortlisted\"\ndue = \"2026-03-01\"\npublished = 2026-02-27\n",
        );
        let f = parse(&text, "p.toml").unwrap();
        let e = &f.plan.shortlist[0];
        assert_eq!(e.due.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));
        assert_eq!(
            e.published.map(|d| d.to_string()).as_deref(),
            Some("2026-02-27")
        );
        // A hand-written quoted date stays as written.
        assert_eq!(render(&f.plan, Some(&f.doc)), text);
        let why = |from: &str, to: &str| {
            parse(&text.replace(from, to), "p.toml")
                .unwrap_err()
                .to_string()
        };
        let e = why("\"2026-03-01\"", "\"2026-02-30\"");
        assert!(
            e.contains("shortlist[0].due: `2026-02-30` is not a date: 2026-02 has 28 days, not 30"),
            "{e}"
        );
        assert!(e.starts_with("p.toml:"), "{e}");
        let e = why("\"2026-03-01\"", "\"15/03/2026\"");
        assert!(e.contains("a date is written YYYY-MM-DD"), "{e}");
        let e = why("2026-02-27", "2026-02-27T10:00:00");
        assert!(
            e.contains("published: `2026-02-27T10:00:00` has a time"),
            "{e}"
        );
        let e = why("2026-02-27", "2026-02-30");
        assert!(e.contains("not a valid TOML plan"), "{e}");
        let e = why("due = \"2026-03-01\"", "due = 5");
        assert!(e.contains("due: should be a date"), "{e}");
        let e = why("due = \"2026-03-01\"", "commission_rate = 15");
        assert!(
            e.contains("commission_rate should be a fraction from 0 to 1"),
            "{e}"
        );
    }

    #[test]
    fn contact_text_from_a_file_is_one_clean_line() {
        let mut p = sample_plan();
        p.shortlist.truncate(1);
        let text = render(&p, None).replace(
            "status = \"shortlisted\"\n",
            "status = \"shortlisted\"\nemail = \"a\\u001b[2J@x.com\"\n\
             post_url = \"https://x\\nInjected: yes\"\nname = \"  \"\n",
        );
        let e = &parse(&text, "t").unwrap().plan.shortlist[0];
        let email = e.email.as_deref().unwrap();
        let post = e.post_url.as_deref().unwrap();
        assert!(
            !email.contains('\u{1b}') && !post.contains('\n'),
            "{email:?} {post:?}"
        );
        assert_eq!(e.name, None, "blank text is no name");
    }

    #[test]
    fn results_written_inline_or_moved_stay_with_their_creator() {
        let mut p = sample_plan();
        p.shortlist.push(full_entry());
        let text = render(&p, None);
        // Reordered: each entry's results table moves with it.
        let f = parse(&text, "t").unwrap();
        let mut plan = f.plan.clone();
        let moved = plan.shortlist.remove(2);
        plan.shortlist.insert(0, moved);
        let out = render(&plan, Some(&f.doc));
        let again = parse(&out, "t").unwrap();
        assert!(again.plan.same_content(&plan), "{out}");
        assert_eq!(again.plan.shortlist[0].results, full_entry().results);
        assert!(again.plan.shortlist[1].results.is_empty());
        // Inline tables are read, and updated in place.
        let mut q = sample_plan();
        q.shortlist.truncate(1);
        let text = render(&q, None).replace(
            "status = \"shortlisted\"\n",
            "status = \"shortlisted\"\nresults = { views = 10, revenue = 5 }\n",
        );
        let f = parse(&text, "t").unwrap();
        let r = f.plan.shortlist[0].results;
        assert_eq!((r.views, r.revenue), (Some(10), Some(Money::from_units(5))));
        assert_eq!(render(&f.plan, Some(&f.doc)), text);
        let mut plan = f.plan.clone();
        plan.shortlist[0].results.likes = Some(3);
        let out = render(&plan, Some(&f.doc));
        assert!(out.contains("results = { views = 10, revenue = 5"), "{out}");
        assert_eq!(
            parse(&out, "t").unwrap().plan.shortlist[0].results.likes,
            Some(3)
        );
    }

    #[test]
    fn a_viral_rate_above_one_saves_and_opens_again() {
        let mut p = sample_plan();
        p.shortlist[0].engagement_rate = Some(1.31);
        let text = render(&p, None);
        assert!(text.contains("engagement_rate = 1.31"), "{text}");
        let f = parse(&text, "t").unwrap();
        assert_eq!(f.plan.shortlist[0].engagement_rate, Some(1.31));
        let bad = text.replace("engagement_rate = 1.31", "engagement_rate = -0.5");
        let err = parse(&bad, "t").unwrap_err().to_string();
        assert!(
            err.contains("engagement_rate should be a fraction, 0 or more"),
            "{err}"
        );
    }

    #[test]
    fn added_and_removed_entries_keep_the_file_in_order() {
        let p = sample_plan();
        let text = render(&p, None) + "\n[extra]\nkept = true\n";
        let f = parse(&text, "t").unwrap();
        let mut plan = f.plan.clone();
        let mut e = plan.shortlist[0].clone();
        e.handle = "new.one".into();
        plan.add(e).unwrap();
        plan.remove(Platform::Instagram, "lena.lifts").unwrap();
        let out = render(&plan, Some(&f.doc));
        let last_entry = out.rfind("[[shortlist]]").unwrap();
        assert!(out.find("[totals]").unwrap() > last_entry, "{out}");
        assert!(out.contains("kept = true"), "{out}");
        let again = parse(&out, "t").unwrap();
        assert!(again.plan.same_content(&plan));
        assert_eq!(again.plan.shortlist[1].handle, "new.one");
    }

    #[test]
    fn plan_file_saves_build_on_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        let mut f = PlanFile::new(sample_plan());
        f.save(&path).unwrap();
        let first = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("# note\n{first}")).unwrap();
        let mut f = load(&path).unwrap();
        f.plan.set_budget(Money::from_units(9000));
        f.save(&path).unwrap();
        f.save(&path).unwrap();
        let t = fs::read_to_string(&path).unwrap();
        assert!(
            t.starts_with("# note\n") && t.contains("budget = 9000.0"),
            "{t}"
        );
        assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), t);
    }

    #[test]
    fn history_entries_are_added_and_kept() {
        let p = sample_plan();
        let mut f = parse(&render(&p, None), "t").unwrap();
        let day = Date::parse("2026-12-01").unwrap();
        append_history(
            &mut f.doc,
            day,
            "outreach",
            &["instagram/lena.lifts".into()],
        );
        let once = render(&f.plan, Some(&f.doc));
        assert!(
            once.contains("[[history]]\ndate = 2026-12-01\nchange = \"outreach\"\ncreators = [\"instagram/lena.lifts\"]\n"),
            "{once}"
        );
        let mut again = parse(&once, "t").unwrap();
        assert!(again.plan.same_content(&f.plan));
        assert_eq!(render(&again.plan, Some(&again.doc)), once);
        append_history(&mut again.doc, day, "second", &[]);
        let twice = render(&again.plan, Some(&again.doc));
        assert_eq!(twice.matches("[[history]]").count(), 2, "{twice}");
        assert!(twice.find("change = \"outreach\"") < twice.find("change = \"second\""));
    }

    #[test]
    fn broken_plans_say_where() {
        let e = parse("[campaign]\nname = \"x\nbudget = 1\n", "p.toml").unwrap_err();
        assert_eq!(e.at.map(|a| a.0), Some(2), "{e}");
        let text =
            render(&sample_plan(), None).replace("status = \"declined\"", "status = \"maybe\"");
        let e = parse(&text, "p.toml").unwrap_err();
        assert!(e.to_string().contains("status `maybe`"), "{e}");
        assert!(e.at.is_some());
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/c.csv"), Path::new("/a/d")),
            PathBuf::from("../b/c.csv")
        );
        assert_eq!(
            relative_to(Path::new("data/c.csv"), Path::new("data")),
            PathBuf::from("c.csv")
        );
    }

    proptest! {
        #[test]
        fn save_then_load_gives_the_same_plan(
            budget in 0i64..10_000_000_000,
            fees in prop::collection::vec((0i64..100_000_000, 0u64..10_000_000, 0u8..6, 1u32..9), 0..12),
            extras in prop::collection::vec((
                (0i64..10_000_000, 0i64..100_000, prop::option::of(0u32..=10_000)),
                (prop::option::of(0i64..3_000_000), prop::option::of(0i64..3_000_000)),
                (prop::option::of("[ -~]{0,12}"), prop::option::of(any::<u64>()), prop::option::of(0i64..1_000_000_000)),
            ), 12),
            name in "[ -~]{0,20}",
        ) {
            let mut p = Plan::new(Campaign { name, budget: Money::from_cents(budget), ..Campaign::default() });
            for (i, (fee, reach, st, posts)) in fees.into_iter().enumerate() {
                let mut e = sample_plan().shortlist[0].clone();
                e.handle = format!("c{i}");
                e.fee = Money::from_cents(fee);
                e.expected_reach = reach;
                e.status = Status::ALL[st as usize];
                e.posts = posts;
                let ((product, shipping, bp), (due, published), (text, views, revenue)) =
                    extras[i].clone();
                e.product_value = Money::from_cents(product);
                e.shipping = Money::from_cents(shipping);
                e.commission_rate = bp.map(|b| f64::from(b) / 10_000.0);
                e.due = due.and_then(Date::from_days_since_epoch);
                e.published = published.and_then(Date::from_days_since_epoch);
                // Text as the reader gives it back: one clean line, empty meaning none.
                let text = text.filter(|t| !t.trim().is_empty());
                e.email = text.clone();
                e.post_url = text;
                e.results.views = views.map(|v| v.min(i64::MAX as u64));
                e.results.revenue = revenue.map(Money::from_cents);
                p.shortlist.push(e);
            }
            let text = render(&p, None);
            let f = parse(&text, "t").unwrap();
            prop_assert!(f.plan.same_content(&p));
            prop_assert_eq!(render(&f.plan, Some(&f.doc)), text);
        }
    }
}
