//! The filter query and sort, shared by the planner and `scout plan`, so both mean the same.
//!
//! Within a kind (niche, tier, platform, country) the values are alternatives (OR); across
//! kinds every condition must hold (AND). The search matches, case-insensitively, every word
//! of the query as a substring of the handle, the name or a niche.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::creator::Platform;
use super::money::Money;
use super::roster::{NicheId, Roster, TEXT_SEP, WIDE, fold_char, fold_cmp, fold_prefix};

/// What the user asked for, by name, as typed on the command line or picked in the planner.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub niches: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_followers: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_followers: Option<u64>,
    /// A fraction (0.02 for 2%).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_engagement: Option<f64>,
    /// Per standard post, in currency units when written to a file.
    #[serde(skip_serializing_if = "Option::is_none", with = "money_units")]
    pub max_fee: Option<Money>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub search: String,
}

mod money_units {
    use super::Money;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => s.serialize_f64(m.to_units_f64()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
        let v = Option::<f64>::deserialize(d)?;
        Ok(v.and_then(Money::from_units_f64))
    }
}

/// A filter value that names nothing scout knows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown tier `{name}` (tiers: {known})")]
    UnknownTier { name: String, known: String },
    #[error("unknown platform `{0}`")]
    UnknownPlatform(String),
}

/// A filter resolved against one roster: names turned into ids, ready to scan columns.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    niches: Vec<NicheId>,
    /// For each niche id, whether the filter asks for it: one lookup per creator niche.
    niche_wanted: Vec<bool>,
    /// The wanted niches as bits `id % 64` (see `Roster::niche_mask_column`).
    niche_bits: u64,
    /// Whether the bits alone decide (at most 64 niches in the roster).
    niche_bits_exact: bool,
    /// Niches named in the filter that no creator has: the niche condition can match nothing.
    niche_missing: bool,
    tiers: Vec<u8>,
    platforms: Vec<u8>,
    countries: Vec<u16>,
    country_missing: bool,
    min_followers: u64,
    max_followers: u64,
    min_engagement: Option<f32>,
    max_fee: Option<i64>,
    words: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Resolves names against the roster. Unknown tiers and platforms are errors (a typo
    /// should not silently empty the view); a niche or country no creator has matches nothing.
    pub fn compile(&self, roster: &Roster) -> Result<Compiled, FilterError> {
        let mut c = Compiled {
            min_followers: self.min_followers.unwrap_or(0),
            max_followers: self.max_followers.unwrap_or(u64::MAX),
            min_engagement: self.min_engagement.map(|e| e as f32),
            max_fee: self.max_fee.map(Money::cents),
            ..Compiled::default()
        };
        for n in &self.niches {
            match roster.niches.find(&n.trim().to_lowercase()) {
                Some(id) => {
                    c.niches.push(id);
                    if c.niche_wanted.len() <= usize::from(id) {
                        c.niche_wanted.resize(usize::from(id) + 1, false);
                    }
                    c.niche_wanted[usize::from(id)] = true;
                    c.niche_bits |= 1 << (id % 64);
                }
                None => c.niche_missing = true,
            }
        }
        for t in &self.tiers {
            let id = roster
                .scheme()
                .find(t)
                .ok_or_else(|| FilterError::UnknownTier {
                    name: t.clone(),
                    known: roster
                        .scheme()
                        .ids()
                        .map(|id| roster.scheme().name(id).to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            c.tiers.push(id.0);
        }
        for p in &self.platforms {
            let p = Platform::parse(p).ok_or_else(|| FilterError::UnknownPlatform(p.clone()))?;
            c.platforms.push(p as u8);
        }
        for country in &self.countries {
            match roster.countries.find(country.trim()) {
                Some(id) => c.countries.push(id),
                None => match roster.countries.find(&country.trim().to_ascii_uppercase()) {
                    Some(id) => c.countries.push(id),
                    None => c.country_missing = true,
                },
            }
        }
        c.niche_bits_exact = roster.niches.len() <= 64;
        c.words = self
            .search
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        Ok(c)
    }

    /// The indices of matching creators, in roster order.
    pub fn apply(&self, roster: &Roster) -> Result<Vec<u32>, FilterError> {
        Ok(self.compile(roster)?.apply(roster))
    }
}

impl Compiled {
    fn matches_nothing(&self) -> bool {
        (self.niches.is_empty() && self.niche_missing)
            || (self.countries.is_empty() && self.country_missing)
            || self.min_followers > self.max_followers
    }

    /// Creators whose every word of the search occurs in the handle, name or a niche.
    fn search_hits(&self, roster: &Roster) -> Option<Vec<bool>> {
        if self.words.is_empty() {
            return None;
        }
        let n = roster.len();
        let mut all = vec![true; n];
        for word in &self.words {
            let mut hit = vec![false; n];
            text_hits(roster, word, &mut hit);
            let niche_ids: Vec<NicheId> = roster
                .niches
                .names()
                .iter()
                .enumerate()
                .filter(|(_, name)| name.to_lowercase().contains(word.as_str()))
                .map(|(id, _)| id as NicheId)
                .collect();
            if !niche_ids.is_empty() && roster.niches.len() <= 64 {
                // Each creator's niche mask is exact with at most 64 niches: one AND a row.
                let wanted = niche_ids.iter().fold(0u64, |m, &id| m | 1 << id);
                for (h, &mask) in hit.iter_mut().zip(roster.niche_mask_column()) {
                    *h |= mask & wanted != 0;
                }
            } else if !niche_ids.is_empty() {
                for (i, h) in hit.iter_mut().enumerate() {
                    if !*h
                        && roster
                            .niche_ids(i as u32)
                            .iter()
                            .any(|id| niche_ids.contains(id))
                    {
                        *h = true;
                    }
                }
            }
            for (a, h) in all.iter_mut().zip(hit) {
                *a &= h;
            }
        }
        Some(all)
    }

    /// Whether creator `i` passes every condition except the search.
    #[inline]
    pub fn matches_fields(&self, roster: &Roster, i: u32) -> bool {
        let u = i as usize;
        let followers = match roster.followers_column()[u] {
            WIDE => roster.followers(i),
            f => u64::from(f),
        };
        if followers < self.min_followers || followers > self.max_followers {
            return false;
        }
        if !self.tiers.is_empty() && !self.tiers.contains(&roster.tier_column()[u]) {
            return false;
        }
        if !self.platforms.is_empty() && !self.platforms.contains(&roster.platform_column()[u]) {
            return false;
        }
        if !self.countries.is_empty() && !self.countries.contains(&roster.country_column()[u]) {
            return false;
        }
        if let Some(min) = self.min_engagement {
            // Unknown engagement never passes a minimum.
            let e = roster.engagement_column()[u];
            if e.is_nan() || e < min - 1e-7 {
                return false;
            }
        }
        if let Some(max) = self.max_fee
            && match roster.fee_column()[u] {
                WIDE => roster.fee(i).cents(),
                f => i64::from(f),
            } > max
        {
            return false;
        }
        if !self.niches.is_empty() {
            // The niche test is the last one, so the bits may decide the whole answer.
            if roster.niche_mask_column()[u] & self.niche_bits == 0 {
                return false;
            }
            if self.niche_bits_exact {
                return true;
            }
        }
        if !self.niches.is_empty()
            && !roster.niche_ids(i).iter().any(|&n| {
                self.niche_wanted
                    .get(usize::from(n))
                    .copied()
                    .unwrap_or(false)
            })
        {
            return false;
        }
        true
    }

    /// The indices of matching creators, in roster order.
    pub fn apply(&self, roster: &Roster) -> Vec<u32> {
        self.apply_in(roster, 0..roster.len() as u32)
    }

    /// The matching creators in the order of `order` (a sorted permutation from
    /// [`OrderCache`]): filtering a pre-sorted order is one pass, so a filter change on a
    /// million creators needs no sort at all.
    /// When every creator matches, the result is `order` itself, shared.
    pub fn apply_in_order(&self, roster: &Roster, order: &Arc<[u32]>) -> Arc<[u32]> {
        // Columns are read in roster order (sequential, cache-friendly) into a bitset; only
        // the bitset, small enough to stay in cache, is probed in the sorted order.
        let kept = self.apply(roster);
        if kept.len() == roster.len() && order.len() == roster.len() {
            return Arc::clone(order);
        }
        let mut bits = vec![0u64; roster.len().div_ceil(64)];
        for &i in &kept {
            bits[(i >> 6) as usize] |= 1 << (i & 63);
        }
        let mut out = Vec::with_capacity(kept.len());
        out.extend(
            order
                .iter()
                .copied()
                .filter(|&i| bits[(i >> 6) as usize] & (1 << (i & 63)) != 0),
        );
        out.into()
    }

    fn apply_in(&self, roster: &Roster, order: impl Iterator<Item = u32>) -> Vec<u32> {
        if self.matches_nothing() {
            return Vec::new();
        }
        let hits = self.search_hits(roster);
        let mut out = Vec::new();
        for i in order {
            if let Some(h) = &hits
                && !h[i as usize]
            {
                continue;
            }
            if self.matches_fields(roster, i) {
                out.push(i);
            }
        }
        out
    }
}

/// Marks the creators whose handle or name contains `word` (already lowercase), ignoring
/// case, over the text as written. An ASCII word is found by lowercasing the arena a slice at
/// a time into a small buffer and searching that with memchr's memmem; any other word
/// compares each non-ASCII record's lowercase (an ASCII record cannot hold it).
fn text_hits(roster: &Roster, word: &str, hit: &mut [bool]) {
    let (text, off) = roster.text_arena();
    let bytes = text.as_bytes();
    let n = hit.len();
    // The end of handle + name in record i (before the email).
    let visible_end = |i: usize| {
        let (s, e) = (off[i] as usize, off[i + 1] as usize);
        let rec = &bytes[s..e];
        let first = memchr::memchr(TEXT_SEP, rec).map_or(rec.len(), |p| p + 1);
        s + memchr::memchr(TEXT_SEP, &rec[first.min(rec.len())..]).map_or(rec.len(), |p| first + p)
    };
    if !word.is_ascii() {
        for (i, h) in hit.iter_mut().enumerate() {
            let rec = &text[off[i] as usize..visible_end(i)];
            if !rec.is_ascii() {
                let lower: String = rec.chars().flat_map(fold_char).collect();
                *h = lower.contains(word);
            }
        }
        return;
    }
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    let scan = |from: usize, hit: &mut [bool]| {
        let to = from + hit.len();
        let mut lower: Vec<u8> = Vec::with_capacity(1 << 17);
        let mut first = from;
        while first < to {
            // A slice of whole records, about 64 KiB.
            let start = off[first] as usize;
            let step = off[first..=to].partition_point(|&o| (o as usize) < start + (1 << 16));
            let last = (first + step).clamp(first + 1, to);
            let end = off[last] as usize;
            // A plain loop the compiler turns into vector instructions.
            lower.resize(end - start, 0);
            for (d, &c) in lower.iter_mut().zip(&bytes[start..end]) {
                *d = c.to_ascii_lowercase();
            }
            let mut i = first;
            let mut pos = 0usize;
            while let Some(found) = finder.find(&lower[pos..]) {
                let at = start + pos + found;
                while off[i + 1] as usize <= at {
                    i += 1;
                }
                if at + word.len() <= visible_end(i) {
                    hit[i - from] = true;
                    // One hit per creator is enough: on to the next record.
                    pos = off[i + 1] as usize - start;
                } else {
                    pos = at + 1 - start;
                }
                if pos >= lower.len() {
                    break;
                }
            }
            first = last;
        }
    };
    // A big roster is searched in two halves at once: a keystroke must be answered within
    // a frame, and these machines have two cores.
    if n >= 200_000 {
        let (a, b) = hit.split_at_mut(n / 2);
        std::thread::scope(|s| {
            s.spawn(|| scan(n / 2, b));
            scan(0, a);
        });
    } else {
        scan(0, hit);
    }
    // Two characters fold to ASCII: `İ` to `i` and the Kelvin sign to `k`. Records holding
    // them (rare) are checked with the full fold.
    if word.contains(['i', 'k']) {
        for special in ["\u{130}", "\u{212a}"] {
            let mut last_rec = usize::MAX;
            for at in memchr::memmem::find_iter(bytes, special.as_bytes()) {
                let i = off.partition_point(|&o| o as usize <= at) - 1;
                if i >= n || i == last_rec || hit[i] {
                    continue;
                }
                last_rec = i;
                let rec = &text[off[i] as usize..visible_end(i)];
                let lower: String = rec.chars().flat_map(fold_char).collect();
                hit[i] = lower.contains(word);
            }
        }
    }
}

/// The columns a view can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    Name,
    Handle,
    Platform,
    Tier,
    Niches,
    Followers,
    Engagement,
    Fee,
    Reach,
    Engagements,
    CostPerEngagement,
    Country,
}

impl SortKey {
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Handle => "handle",
            SortKey::Platform => "platform",
            SortKey::Tier => "tier",
            SortKey::Niches => "niches",
            SortKey::Followers => "followers",
            SortKey::Engagement => "engagement",
            SortKey::Fee => "fee",
            SortKey::Reach => "reach",
            SortKey::Engagements => "engagements",
            SortKey::CostPerEngagement => "cost per engagement",
            SortKey::Country => "country",
        }
    }
}

/// Sorts creator indices by a column; equal keys keep roster order, so a sort is
/// deterministic and stable across filter changes. Unknown values sort last either way.
pub fn sort_rows(roster: &Roster, rows: &mut [u32], key: SortKey, descending: bool) {
    fn by_num<K: Ord + Copy + Send>(
        rows: &mut [u32],
        descending: bool,
        f: impl Fn(u32) -> Option<K>,
    ) {
        let mut keyed: Vec<(Option<K>, u32)> = rows.iter().map(|&i| (f(i), i)).collect();
        let cmp = |a: &(Option<K>, u32), b: &(Option<K>, u32)| match (a.0, b.0) {
            (None, None) => a.1.cmp(&b.1),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => {
                let o = if descending { y.cmp(&x) } else { x.cmp(&y) };
                o.then(a.1.cmp(&b.1))
            }
        };
        sort_into(&mut keyed, rows, cmp, |k| k.1);
    }
    fn by_text<'r>(rows: &mut [u32], descending: bool, f: impl Fn(u32) -> &'r str) {
        let mut keyed: Vec<(&str, u32)> = rows.iter().map(|&i| (f(i), i)).collect();
        let cmp = |a: &(&str, u32), b: &(&str, u32)| match (a.0.is_empty(), b.0.is_empty()) {
            (true, true) => a.1.cmp(&b.1),
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => {
                let o = if descending {
                    b.0.cmp(a.0)
                } else {
                    a.0.cmp(b.0)
                };
                o.then(a.1.cmp(&b.1))
            }
        };
        sort_into(&mut keyed, rows, cmp, |k| k.1);
    }
    /// Case-insensitive text order without a lowercase copy: a packed 16-byte prefix of
    /// the lowercase decides most comparisons; equal prefixes compare the whole text folded.
    fn by_folded<'r>(rows: &mut [u32], descending: bool, f: impl Fn(u32) -> &'r str) {
        let mut keyed: Vec<(u128, &str, u32)> = rows
            .iter()
            .map(|&i| {
                let t = f(i);
                (fold_prefix(t), t, i)
            })
            .collect();
        // Text never holds a NUL, so only the empty text has the prefix 0.
        let cmp = |a: &(u128, &str, u32), b: &(u128, &str, u32)| match (a.0 == 0, b.0 == 0) {
            (true, true) => a.2.cmp(&b.2),
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            _ => {
                let o = a.0.cmp(&b.0).then_with(|| fold_cmp(a.1, b.1));
                let o = if descending { o.reverse() } else { o };
                o.then(a.2.cmp(&b.2))
            }
        };
        sort_into(&mut keyed, rows, cmp, |k| k.2);
    }
    /// Keys that fit 32 bits: each row packed with its key into one u64 and sorted as plain
    /// integers, in half the memory of `by_num` and a third of the time (the planner's sort
    /// of 1M creators). Unknown keys sort last either way; ties keep roster order.
    fn by_u32(rows: &mut [u32], descending: bool, key: impl Fn(u32) -> Option<u32>) {
        let mut keyed: Vec<u64> = rows
            .iter()
            .map(|&i| {
                let k = match key(i) {
                    None => u32::MAX,
                    Some(k) => {
                        let k = k.min(u32::MAX - 1);
                        if descending { u32::MAX - 1 - k } else { k }
                    }
                };
                (u64::from(k) << 32) | u64::from(i)
            })
            .collect();
        sort_into(&mut keyed, rows, u64::cmp, |&k| k as u32);
    }
    let r = roster;
    match key {
        SortKey::Followers if !r.followers_column().contains(&WIDE) => {
            let col = r.followers_column();
            by_u32(rows, descending, |i| Some(col[i as usize]))
        }
        SortKey::Fee if !r.fee_column().contains(&WIDE) => {
            let col = r.fee_column();
            by_u32(rows, descending, |i| Some(col[i as usize]))
        }
        SortKey::Reach => {
            let col = r.reach_column();
            by_u32(rows, descending, |i| Some(col[i as usize]))
        }
        SortKey::Engagements => {
            let col = r.engagements_column();
            by_u32(rows, descending, |i| Some(col[i as usize]))
        }
        // Rates are stored as non-negative f32, whose bits order as the numbers do: exact
        // for a viral 4000% as for 0.4%, with no scale to overflow.
        SortKey::Engagement => {
            let col = r.engagement_column();
            by_u32(rows, descending, |i| {
                let e = col[i as usize];
                (!e.is_nan()).then(|| e.max(0.0).to_bits())
            })
        }
        SortKey::Followers => by_num(rows, descending, |i| Some(r.followers(i))),
        SortKey::Tier => by_num(rows, descending, |i| {
            let t = r.tier(i);
            // Unranked sits below the smallest tier, not after the biggest.
            Some(if t.is_ranked() { u16::from(t.0) + 1 } else { 0 })
        }),
        SortKey::Platform => by_num(rows, descending, |i| Some(r.platform(i) as u8)),
        SortKey::Fee => by_num(rows, descending, |i| Some(r.fee(i).cents())),
        SortKey::CostPerEngagement => by_num(rows, descending, |i| {
            let e = r.expected_engagements(i);
            // Millicents per engagement keeps the order exact enough without floats.
            (e > 0).then(|| r.fee(i).cents() as u128 * 1000 / u128::from(e))
        }),
        SortKey::Name => by_folded(rows, descending, |i| {
            let (handle, name) = (r.handle(i), r.name(i));
            if name.is_empty() { handle } else { name }
        }),
        SortKey::Handle => by_folded(rows, descending, |i| r.handle(i)),
        SortKey::Niches => by_text(rows, descending, |i| {
            r.niche_ids(i).first().map_or("", |&n| r.niches.name(n))
        }),
        SortKey::Country => by_text(rows, descending, |i| r.country(i).unwrap_or("")),
    }
}

/// Sorts `keyed` by `cmp` (a total order) and writes each element's row (`row`) to `rows` in
/// that order. A big sort runs on two cores: each half sorted on its own thread, then one
/// merge pass straight into `rows`, so it needs no second keyed buffer. The first sort of a
/// million creators by name takes the planner's UI thread half as long.
fn sort_into<T: Send>(
    keyed: &mut [T],
    rows: &mut [u32],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
    row: impl Fn(&T) -> u32,
) {
    const PARALLEL_FROM: usize = 1 << 16;
    debug_assert_eq!(keyed.len(), rows.len());
    if keyed.len() < PARALLEL_FROM {
        keyed.sort_unstable_by(&cmp);
        for (slot, k) in rows.iter_mut().zip(keyed.iter()) {
            *slot = row(k);
        }
        return;
    }
    let (left, right) = keyed.split_at_mut(keyed.len() / 2);
    std::thread::scope(|scope| {
        let cmp = &cmp;
        scope.spawn(move || left.sort_unstable_by(cmp));
        right.sort_unstable_by(cmp);
    });
    let (left, right) = keyed.split_at(keyed.len() / 2);
    let (mut a, mut b) = (0, 0);
    for slot in rows.iter_mut() {
        let take_left = match (left.get(a), right.get(b)) {
            (Some(x), Some(y)) => cmp(x, y) != std::cmp::Ordering::Greater,
            (Some(_), None) => true,
            _ => false,
        };
        if take_left {
            *slot = row(&left[a]);
            a += 1;
        } else {
            *slot = row(&right[b]);
            b += 1;
        }
    }
}

/// Every creator sorted by the (column, direction) pairs asked for most recently, kept until
/// the roster grows: the first sort by a column costs a full sort, every later filter change
/// on it is a single pass ([`Compiled::apply_in_order`]). Orders are shared (`Arc`) so an
/// unfiltered view is the cached order itself, not a copy. At most [`OrderCache::KEEP`]
/// orders are kept (4 MB each at a million creators): the current one and the one before,
/// so flipping the direction and back, or between two columns, costs no sort.
#[derive(Clone, Debug, Default)]
pub struct OrderCache {
    len: usize,
    /// Most recently used last.
    orders: Vec<(SortedBy, Arc<[u32]>)>,
}

/// A sort column and whether it is descending.
type SortedBy = (SortKey, bool);

impl OrderCache {
    pub const KEEP: usize = 2;

    /// All creators of `roster` sorted by `key`, as [`sort_rows`] would sort them.
    pub fn order(&mut self, roster: &Roster, key: SortKey, descending: bool) -> Arc<[u32]> {
        if let Some(o) = self.get(roster.len(), key, descending) {
            return o;
        }
        let mut all: Vec<u32> = (0..roster.len() as u32).collect();
        sort_rows(roster, &mut all, key, descending);
        self.insert(key, descending, all);
        self.latest(roster.len()).expect("just kept")
    }

    /// How many orders are kept now.
    pub fn kept(&self) -> usize {
        self.orders.len()
    }

    /// The order by `key` if it is kept for a roster of `len` creators (no sort); it becomes
    /// the one used last.
    pub fn get(&mut self, len: usize, key: SortKey, descending: bool) -> Option<Arc<[u32]>> {
        if self.len != len {
            return None;
        }
        let p = self
            .orders
            .iter()
            .position(|(k, _)| *k == (key, descending))?;
        let hit = self.orders.remove(p);
        self.orders.push(hit);
        self.latest(len)
    }

    /// The order used last, if any is kept for a roster of `len` creators.
    pub fn latest(&self, len: usize) -> Option<Arc<[u32]>> {
        (self.len == len)
            .then(|| self.orders.last().map(|(_, o)| Arc::clone(o)))
            .flatten()
    }

    /// Keeps an order sorted elsewhere (another thread) for a roster of `order.len()`.
    pub fn insert(&mut self, key: SortKey, descending: bool, order: Vec<u32>) {
        if self.len != order.len() {
            self.orders.clear();
            self.len = order.len();
        }
        self.orders.retain(|(k, _)| *k != (key, descending));
        if self.orders.len() >= Self::KEEP {
            self.orders.remove(0);
        }
        self.orders.push(((key, descending), order.into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fees::FeeModel;
    use crate::domain::roster::NewCreator;
    use crate::domain::tier::TierScheme;

    /// Every sort key (the order caches must agree with a plain sort for each).
    const ALL_SORTS: [SortKey; 12] = [
        SortKey::Name,
        SortKey::Handle,
        SortKey::Platform,
        SortKey::Tier,
        SortKey::Niches,
        SortKey::Followers,
        SortKey::Engagement,
        SortKey::Fee,
        SortKey::Reach,
        SortKey::Engagements,
        SortKey::CostPerEngagement,
        SortKey::Country,
    ];

    #[allow(clippy::type_complexity)]
    fn sample() -> Roster {
        let mut r = Roster::new(TierScheme::default(), FeeModel::default());
        let rows: [(
            &str,
            &str,
            Platform,
            u64,
            Option<f64>,
            &[&str],
            &str,
            Option<i64>,
        ); 6] = [
            (
                "lena.lifts",
                "Lena Berg",
                Platform::Instagram,
                48_200,
                Some(0.041),
                &["fitness", "food"],
                "SE",
                None,
            ),
            (
                "gamer_joe",
                "Joe Park",
                Platform::Twitch,
                5_000,
                Some(0.08),
                &["gaming"],
                "US",
                Some(100),
            ),
            (
                "chef.ana",
                "Ana Ruiz",
                Platform::TikTok,
                250_000,
                Some(0.02),
                &["food"],
                "ES",
                None,
            ),
            (
                "trail.tom",
                "Tom Fit",
                Platform::YouTube,
                900,
                None,
                &["outdoors", "fitness"],
                "US",
                None,
            ),
            (
                "mega.mia",
                "",
                Platform::Instagram,
                2_000_000,
                Some(0.012),
                &["beauty"],
                "",
                Some(20_000),
            ),
            (
                "fitfam",
                "Fit Fam",
                Platform::Instagram,
                12_000,
                Some(0.03),
                &[],
                "us",
                None,
            ),
        ];
        for (h, n, p, f, e, niches, country, rate) in rows {
            r.push(&NewCreator {
                handle: h,
                name: n,
                platform: Some(p),
                followers: f,
                engagement: e,
                niches: niches.to_vec(),
                country,
                rate: rate.map(Money::from_units),
                ..NewCreator::default()
            })
            .unwrap();
        }
        r
    }

    fn run(f: Filter) -> Vec<u32> {
        f.apply(&sample()).unwrap()
    }

    #[test]
    fn empty_filter_keeps_everyone() {
        assert_eq!(run(Filter::default()), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn or_within_a_kind_and_across_kinds() {
        let f = Filter {
            niches: vec!["fitness".into(), "FOOD".into()],
            ..Filter::default()
        };
        assert_eq!(run(f.clone()), vec![0, 2, 3]);
        let f = Filter {
            countries: vec!["us".into()],
            ..f
        };
        assert_eq!(run(f), vec![3]);
        let f = Filter {
            tiers: vec!["nano".into(), "Mega".into()],
            ..Filter::default()
        };
        assert_eq!(run(f), vec![1, 4]);
        let f = Filter {
            platforms: vec!["instagram".into()],
            ..Filter::default()
        };
        assert_eq!(run(f), vec![0, 4, 5]);
        let f = Filter {
            tiers: vec!["unranked".into()],
            ..Filter::default()
        };
        assert_eq!(run(f), vec![3]);
    }

    #[test]
    fn ranges_and_thresholds() {
        let f = Filter {
            min_followers: Some(10_000),
            max_followers: Some(250_000),
            ..Filter::default()
        };
        assert_eq!(run(f), vec![0, 2, 5]);
        let f = Filter {
            min_engagement: Some(0.03),
            ..Filter::default()
        };
        assert_eq!(run(f), vec![0, 1, 5], "unknown engagement never passes");
        let f = Filter {
            max_fee: Some(Money::from_units(150)),
            ..Filter::default()
        };
        assert_eq!(
            run(f),
            vec![1, 3, 5],
            "own rate $100, $18 and $120 estimates"
        );
        let f = Filter {
            min_followers: Some(10),
            max_followers: Some(5),
            ..Filter::default()
        };
        assert!(run(f).is_empty());
    }

    #[test]
    fn search_matches_every_word_anywhere() {
        let f = Filter {
            search: "fit".into(),
            ..Filter::default()
        };
        assert_eq!(
            run(f),
            vec![0, 3, 5],
            "niche fitness, name Tom Fit, handle fitfam"
        );
        let f = Filter {
            search: "ANA ruiz".into(),
            ..Filter::default()
        };
        assert_eq!(run(f), vec![2]);
        let f = Filter {
            search: "zzz".into(),
            ..Filter::default()
        };
        assert!(run(f).is_empty());
        let f = Filter {
            search: "park".into(),
            ..Filter::default()
        };
        assert_eq!(run(f), vec![1]);
        let f = Filter {
            search: "beaut".into(),
            ..Filter::default()
        };
        assert_eq!(run(f), vec![4], "niche names are searched too");
    }

    #[test]
    fn unknown_names() {
        let r = sample();
        let f = Filter {
            tiers: vec!["giga".into()],
            ..Filter::default()
        };
        assert!(matches!(f.apply(&r), Err(FilterError::UnknownTier { .. })));
        let f = Filter {
            platforms: vec!["myspace".into()],
            ..Filter::default()
        };
        assert_eq!(
            f.apply(&r),
            Err(FilterError::UnknownPlatform("myspace".into()))
        );
        let f = Filter {
            niches: vec!["knitting".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&r), Ok(vec![]));
        let f = Filter {
            niches: vec!["knitting".into(), "gaming".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&r), Ok(vec![1]));
    }

    #[test]
    fn niche_bits_that_collide_beyond_64_niches_are_checked_exactly() {
        let mut r = Roster::new(TierScheme::default(), FeeModel::default());
        let names: Vec<String> = (0..70).map(|k| format!("n{k}")).collect();
        let handles: Vec<String> = (0..70).map(|k| format!("h{k}")).collect();
        for k in 0..70 {
            r.push(&NewCreator {
                handle: &handles[k],
                platform: Some(Platform::X),
                followers: 5_000,
                niches: vec![names[k].as_str()],
                ..NewCreator::default()
            })
            .unwrap();
        }
        // Niche ids 1 and 65 share bit 1.
        let f = Filter {
            niches: vec!["n65".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&r).unwrap(), vec![65]);
        let f = Filter {
            niches: vec!["n1".into(), "n2".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&r).unwrap(), vec![1, 2]);
    }

    #[test]
    fn filtering_a_cached_order_equals_filter_then_sort() {
        let r = sample();
        let mut cache = OrderCache::default();
        let filters = [
            Filter::default(),
            Filter {
                niches: vec!["fitness".into(), "food".into()],
                ..Filter::default()
            },
            Filter {
                search: "fit".into(),
                ..Filter::default()
            },
            Filter {
                min_followers: Some(5_000),
                ..Filter::default()
            },
        ];
        for f in &filters {
            let c = f.compile(&r).unwrap();
            for key in ALL_SORTS {
                for desc in [false, true] {
                    let mut want = c.apply(&r);
                    sort_rows(&r, &mut want, key, desc);
                    let order = cache.order(&r, key, desc);
                    assert!(cache.kept() <= OrderCache::KEEP);
                    let got = c.apply_in_order(&r, &order);
                    assert_eq!(&got[..], &want[..], "{f:?} {key:?} {desc}");
                    if f.is_empty() {
                        assert!(
                            Arc::ptr_eq(&got, &order),
                            "an unfiltered view shares the order"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_big_sort_in_two_halves_equals_one_sort() {
        // Past the parallel threshold, with many equal keys (ties go by row) and an odd length.
        let n = (1 << 17) + 7;
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut keyed: Vec<(u8, u32)> = (0..n as u32)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                ((x % 50) as u8, i)
            })
            .collect();
        let cmp = |a: &(u8, u32), b: &(u8, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let mut want = keyed.clone();
        want.sort_by(cmp);
        let want: Vec<u32> = want.iter().map(|k| k.1).collect();
        let mut rows = vec![0u32; n];
        sort_into(&mut keyed, &mut rows, cmp, |k| k.1);
        assert_eq!(rows, want);
    }

    #[test]
    fn sorts_are_stable_and_put_unknowns_last() {
        let r = sample();
        let mut rows: Vec<u32> = (0..6).collect();
        sort_rows(&r, &mut rows, SortKey::Followers, true);
        assert_eq!(rows, vec![4, 2, 0, 5, 1, 3]);
        sort_rows(&r, &mut rows, SortKey::Engagement, false);
        assert_eq!(rows, vec![4, 2, 5, 0, 1, 3]);
        sort_rows(&r, &mut rows, SortKey::Engagement, true);
        assert_eq!(rows, vec![1, 0, 5, 2, 4, 3]);
        sort_rows(&r, &mut rows, SortKey::Name, false);
        assert_eq!(rows, vec![2, 5, 1, 0, 4, 3]);
        sort_rows(&r, &mut rows, SortKey::Tier, false);
        assert_eq!(rows, vec![3, 1, 0, 5, 2, 4]);
        sort_rows(&r, &mut rows, SortKey::Country, false);
        assert_eq!(rows, vec![2, 0, 1, 3, 5, 4]);
    }

    #[test]
    fn search_folds_case_over_text_as_written_and_skips_emails() {
        let mut r = Roster::new(TierScheme::default(), FeeModel::default());
        let people = [
            ("ÅSA.Lind", "Åsa LIND", "asa@gmail.com"),
            ("bob", "Bob Stone", "stone@gmail.com"),
            ("gmai", "", "x@example.com"),
            ("İpek", "İPEK Öz", ""),
        ];
        for (h, n, e) in people {
            r.push(&NewCreator {
                handle: h,
                name: n,
                email: e,
                platform: Some(Platform::X),
                followers: 10,
                ..NewCreator::default()
            })
            .unwrap();
        }
        let hits = |q: &str| {
            Filter {
                search: q.into(),
                ..Filter::default()
            }
            .apply(&r)
            .unwrap()
        };
        assert_eq!(hits("åsa"), vec![0]);
        assert_eq!(hits("LIND"), vec![0]);
        assert_eq!(hits("stone"), vec![1]);
        assert_eq!(hits("gmail"), Vec::<u32>::new(), "emails are not searched");
        assert_eq!(hits("gmai"), vec![2]);
        // A match may not run from one creator's text into the next one's.
        assert_eq!(hits("comgmai"), Vec::<u32>::new());
        assert_eq!(hits("ipek öz"), vec![3]);
        assert_eq!(hits("ipek"), vec![3]);
    }

    #[test]
    fn packed_sorts_order_like_the_general_one_with_ties_in_roster_order() {
        let mut r = Roster::new(TierScheme::default(), FeeModel::default());
        // Rates above 100% (viral creators) included, up to one a scale of a millionth
        // would overflow 32 bits with.
        let rates = [
            Some(0.02),
            None,
            Some(0.02),
            Some(0.5),
            None,
            Some(0.0),
            Some(0.013),
            Some(1.25),
            Some(40.0),
            Some(5_000.0),
            Some(9_000.0),
        ];
        for (k, f) in [5u64, 900, 5, 70_000, 900, 0, 5, 10, 10, 1, 1]
            .into_iter()
            .enumerate()
        {
            let h = format!("c{k}");
            r.push(&NewCreator {
                handle: &h,
                platform: Some(Platform::X),
                followers: f,
                engagement: rates[k],
                ..NewCreator::default()
            })
            .unwrap();
        }
        for descending in [false, true] {
            // Unknown engagement last either way, ties in roster order.
            let mut want: Vec<u32> = (0..r.len() as u32).collect();
            want.sort_by(|&a, &b| {
                let key = |i: u32| r.engagement(i).map(|e| (e * 1e6).round() as u64);
                match (key(a), key(b)) {
                    (None, None) => a.cmp(&b),
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (Some(x), Some(y)) => {
                        let o = if descending { y.cmp(&x) } else { x.cmp(&y) };
                        o.then(a.cmp(&b))
                    }
                }
            });
            let mut got: Vec<u32> = (0..r.len() as u32).collect();
            sort_rows(&r, &mut got, SortKey::Engagement, descending);
            assert_eq!(got, want, "engagement, descending {descending}");
            let mut want: Vec<u32> = (0..r.len() as u32).collect();
            want.sort_by(|&a, &b| {
                let o = r.fee(a).cmp(&r.fee(b));
                let o = if descending { o.reverse() } else { o };
                o.then(a.cmp(&b))
            });
            let mut got: Vec<u32> = (0..r.len() as u32).collect();
            sort_rows(&r, &mut got, SortKey::Fee, descending);
            assert_eq!(got, want, "fee, descending {descending}");
            let mut want: Vec<u32> = (0..r.len() as u32).collect();
            want.sort_by(|&a, &b| {
                let o = r.followers(a).cmp(&r.followers(b));
                let o = if descending { o.reverse() } else { o };
                o.then(a.cmp(&b))
            });
            let mut got: Vec<u32> = (0..r.len() as u32).collect();
            sort_rows(&r, &mut got, SortKey::Followers, descending);
            assert_eq!(got, want, "descending {descending}");
        }
    }
}
