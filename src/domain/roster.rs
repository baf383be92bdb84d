//! The loaded roster, stored by column so a million creators stay small and fast to filter.
//!
//! Text lives in one arena (handle, name, email and, when the roster has one, the profile URL
//! of each creator, separated by a unit separator that sanitised text can never contain; a
//! creator with no URL costs no byte for it), kept as written: search and sort fold
//! case as they go, so no lowercase copy is stored. Platform, tier, niches, country and
//! language are small ids. The per-post fee, reach and engagements are derived once from the
//! fee model. Identity (platform + handle) is a compact open-addressing table of hash tags
//! and indices.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::creator::{Platform, clean_handle};
use super::fees::{
    EngagementSource, Expectation, ExpectationSource, FeeEstimate, FeeModel, FeeSource, PerPost,
};
use super::money::Money;
use super::tier::{TierId, TierScheme};

const SEP: u8 = 0x1f;
const NONE16: u16 = u16::MAX;
const NONE32: u32 = u32::MAX;

/// A small id for a niche, interned per roster.
pub type NicheId = u16;

/// Strings stored once and referred to by a `u16` id, matched case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<String>,
    index: HashMap<String, u16, BuildHasherDefault<IdHasher>>,
}

impl Interner {
    /// The id of `name`, adding it when new. `None` when the 65,535 ids are used up.
    pub fn intern(&mut self, name: &str) -> Option<u16> {
        if let Some(&id) = self.index.get(name) {
            return Some(id);
        }
        if name.is_ascii() && !name.bytes().any(|b| b.is_ascii_uppercase()) {
            // Already its own key and not found: new.
            return self.add(name, name.to_string());
        }
        let key = name.to_lowercase();
        if let Some(&id) = self.index.get(&key) {
            return Some(id);
        }
        self.add(name, key)
    }

    /// Like [`Interner::intern`], but a new name is shown in lowercase too (niches, languages).
    pub fn intern_lower(&mut self, name: &str) -> Option<u16> {
        if let Some(&id) = self.index.get(name) {
            return Some(id);
        }
        let key = name.to_lowercase();
        if let Some(&id) = self.index.get(&key) {
            return Some(id);
        }
        let shown = key.clone();
        self.add(&shown, key)
    }

    fn add(&mut self, name: &str, key: String) -> Option<u16> {
        if self.names.len() >= usize::from(NONE16) {
            return None;
        }
        let id = self.names.len() as u16;
        self.names.push(name.to_string());
        if key != name {
            self.index.insert(name.to_string(), id);
        }
        self.index.insert(key, id);
        Some(id)
    }

    pub fn find(&self, name: &str) -> Option<u16> {
        self.index
            .get(name)
            .or_else(|| self.index.get(&name.trim().to_lowercase()))
            .copied()
    }

    pub fn name(&self, id: u16) -> &str {
        self.names.get(usize::from(id)).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Replaces what a terminal would obey (control characters, escape sequences, bidirectional
/// overrides) so roster text is always shown as data. Line breaks and tabs become spaces.
pub fn sanitize(text: &str) -> std::borrow::Cow<'_, str> {
    fn bad(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    let clean = if text.is_ascii() {
        !text.bytes().any(|b| b < 0x20 || b == 0x7f)
    } else {
        !text.chars().any(bad)
    };
    if clean {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if bad(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One creator's fields as a loader read them, before they join the roster.
#[derive(Clone, Debug, Default)]
pub struct NewCreator<'a> {
    pub handle: &'a str,
    pub name: &'a str,
    pub platform: Option<Platform>,
    pub followers: u64,
    pub engagement: Option<f64>,
    pub engagement_source: Option<EngagementSource>,
    pub avg_views: Option<u64>,
    pub avg_likes: Option<u64>,
    pub avg_comments: Option<u64>,
    pub avg_engagements: Option<u64>,
    /// Niche names; the builder splits nothing, loaders do.
    pub niches: Vec<&'a str>,
    pub country: &'a str,
    pub language: &'a str,
    pub email: &'a str,
    /// The profile address as the roster gives it; empty for none.
    pub url: &'a str,
    pub rate: Option<Money>,
}

/// The index of the first creator with the same identity, when a push is a duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub first: u32,
}

/// A creator's fields gathered from the columns, for the detail pane and the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatorView<'a> {
    pub index: u32,
    pub handle: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    /// The profile address as the roster gives it.
    pub url: Option<&'a str>,
    pub platform: Platform,
    pub followers: u64,
    pub tier: TierId,
    pub engagement: Option<f64>,
    pub engagement_source: Option<EngagementSource>,
    pub avg_views: Option<u64>,
    pub avg_likes: Option<u64>,
    pub avg_comments: Option<u64>,
    pub avg_engagements: Option<u64>,
    pub niches: Vec<&'a str>,
    pub country: Option<&'a str>,
    pub language: Option<&'a str>,
    pub rate: Option<Money>,
    pub fee: Money,
    pub fee_source: FeeSource,
    pub expected_reach: u64,
    pub reach_source: ExpectationSource,
    pub expected_engagements: u64,
    pub engagements_source: ExpectationSource,
    /// More engagements per post than average views: one of the roster's figures is wrong.
    pub figures_disagree: bool,
}

/// A fast, non-cryptographic hasher for identity keys we compute ourselves.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn identity_hash(platform: Platform, handle: &str) -> u64 {
    // FNV-1a over the platform byte and the lowercase handle, then a final mix.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ platform as u64;
    h = h.wrapping_mul(0x100_0000_01b3);
    if handle.is_ascii() {
        for b in handle.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    } else {
        for c in handle.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The loaded roster: every creator, column by column.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    text: String,
    text_off: Vec<u32>,
    platform: Vec<u8>,
    tier: Vec<u8>,
    engagement_source: Vec<u8>,
    followers: Wide32,
    engagement: Vec<f32>,
    avg_views: Vec<u32>,
    avg_likes: Sparse32,
    avg_comments: Sparse32,
    avg_engagements: Sparse32,
    rate: Wide32,
    country: Vec<u16>,
    language: Vec<u16>,
    niche_off: Vec<u32>,
    niche_ids: Vec<NicheId>,
    /// Bit `id % 64` set for each niche of the creator: exact while a roster has at most 64
    /// niches, a quick first test otherwise.
    niche_mask: Vec<u64>,
    fee: Wide32,
    reach: Vec<u32>,
    engagements: Vec<u32>,
    identity: IdentityTable,
    /// Blank names, emails and niches of earlier creators that duplicates filled, waiting
    /// for [`Roster::apply_fills`].
    fills: PendingFills,
    pub niches: Interner,
    pub countries: Interner,
    pub languages: Interner,
    scheme: TierScheme,
    model: FeeModel,
}

/// Text and niches a duplicate gave an earlier creator. They live in arenas where a
/// record cannot grow in place (every record after it would move), so they wait here and
/// are written in one pass over the tail of the arenas.
#[derive(Clone, Debug, Default)]
struct PendingFills {
    /// Name, email and profile URL by creator; an empty string fills nothing.
    text: HashMap<u32, (String, String, String)>,
    niches: HashMap<u32, Vec<NicheId>>,
}

/// Which blank fields of a creator a duplicate filled, by their roster field names.
pub type Filled = Vec<&'static str>;

/// Marks a value of a [`Wide32`] column that is kept aside because it does not fit.
pub const WIDE: u32 = u32::MAX - 1;

/// A column of whole numbers in 4 bytes each: almost every follower count, fee and rate
/// fits; the rare one that does not (a fee above $42.9M, say) is kept aside, its slot marked
/// [`WIDE`]. `u32::MAX` means no value.
#[derive(Clone, Debug, Default)]
struct Wide32 {
    values: Vec<u32>,
    wide: HashMap<u32, i64>,
}

impl Wide32 {
    fn push(&mut self, v: Option<i64>) {
        let i = self.values.len() as u32;
        let encoded = self.encode(i, v);
        self.values.push(encoded);
    }

    fn encode(&mut self, i: u32, v: Option<i64>) -> u32 {
        match v {
            None => NONE32,
            Some(v) if (0..i64::from(WIDE)).contains(&v) => v as u32,
            Some(v) => {
                self.wide.insert(i, v);
                WIDE
            }
        }
    }

    fn set(&mut self, i: usize, v: Option<i64>) {
        self.wide.remove(&(i as u32));
        let encoded = self.encode(i as u32, v);
        self.values[i] = encoded;
    }

    fn get(&self, i: usize) -> Option<i64> {
        match self.values[i] {
            NONE32 => None,
            WIDE => self.wide.get(&(i as u32)).copied(),
            v => Some(i64::from(v)),
        }
    }

    /// Appends value `j` of `other`.
    fn push_from(&mut self, other: &Wide32, j: usize) {
        let v = other.values[j];
        if v == WIDE {
            self.push(other.get(j));
        } else {
            self.values.push(v);
        }
    }
}

/// A column of optional 4-byte numbers that costs nothing until some creator has a value
/// (most rosters have no likes, comments or engagements columns).
#[derive(Clone, Debug, Default)]
struct Sparse32 {
    len: usize,
    values: Vec<u32>,
}

impl Sparse32 {
    fn push(&mut self, v: u32) {
        if self.values.is_empty() {
            if v == NONE32 {
                self.len += 1;
                return;
            }
            self.values = vec![NONE32; self.len];
        }
        self.values.push(v);
        self.len += 1;
    }

    fn get(&self, i: usize) -> u32 {
        self.values.get(i).copied().unwrap_or(NONE32)
    }

    fn reserve(&mut self, n: usize) {
        if !self.values.is_empty() {
            self.values.reserve(n);
        }
    }

    fn capacity(&self) -> usize {
        self.values.capacity()
    }

    fn set(&mut self, i: usize, v: u32) {
        if self.values.is_empty() {
            if v == NONE32 {
                return;
            }
            self.values = vec![NONE32; self.len];
        }
        self.values[i] = v;
    }
}

fn opt32(v: Option<u64>) -> u32 {
    v.map_or(NONE32, |v| v.min(u64::from(NONE32 - 1)) as u32)
}

fn from32(v: u32) -> Option<u64> {
    (v != NONE32).then_some(u64::from(v))
}

impl Roster {
    /// An empty roster whose tiers and derived figures follow the given scheme and model.
    pub fn new(scheme: TierScheme, model: FeeModel) -> Roster {
        Roster {
            text_off: vec![0],
            niche_off: vec![0],
            scheme,
            model,
            ..Roster::default()
        }
    }

    pub fn len(&self) -> usize {
        self.platform.len()
    }

    pub fn is_empty(&self) -> bool {
        self.platform.is_empty()
    }

    pub fn scheme(&self) -> &TierScheme {
        &self.scheme
    }

    pub fn model(&self) -> &FeeModel {
        &self.model
    }

    /// Reserves room for `n` more creators, so a big load does not keep reallocating.
    pub fn reserve(&mut self, n: usize, text_bytes: usize) {
        self.text.reserve(text_bytes);
        for v in [&mut self.text_off, &mut self.niche_off] {
            v.reserve(n);
        }
        for v in [
            &mut self.platform,
            &mut self.tier,
            &mut self.engagement_source,
        ] {
            v.reserve(n);
        }
        self.followers.values.reserve(n);
        self.engagement.reserve(n);
        for v in [&mut self.avg_views, &mut self.reach, &mut self.engagements] {
            v.reserve(n);
        }
        for v in [
            &mut self.avg_likes,
            &mut self.avg_comments,
            &mut self.avg_engagements,
        ] {
            v.reserve(n);
        }
        self.rate.values.reserve(n);
        self.fee.values.reserve(n);
        self.country.reserve(n);
        self.language.reserve(n);
        self.niche_ids.reserve(n * 2);
        self.niche_mask.reserve(n);
        self.identity.reserve(n);
    }

    /// The creator already in the roster with this identity, if any.
    pub fn find(&self, platform: Platform, handle: &str) -> Option<u32> {
        let handle = clean_handle(handle);
        self.identity
            .find(identity_hash(platform, handle), |i| {
                self.platform[i as usize] == platform as u8 && fold_eq(self.handle(i), handle)
            })
            .ok()
    }

    /// Adds a creator. A creator whose platform + handle is already here is refused with the
    /// index of the first one: duplicates are reported, never merged.
    pub fn push(&mut self, c: &NewCreator<'_>) -> Result<u32, Duplicate> {
        let platform = c.platform.unwrap_or(Platform::Instagram);
        let handle = sanitize(clean_handle(c.handle));
        let h = identity_hash(platform, &handle);
        self.claim_identity(h, platform as u8, &handle)?;
        Ok(self.push_unchecked(c))
    }

    /// Records the identity of the creator about to be added at index `len()`, or names the
    /// first creator that already has it.
    fn claim_identity(&mut self, h: u64, platform: u8, handle: &str) -> Result<(), Duplicate> {
        let index = self.len() as u32;
        let slot = {
            let (platforms, text, text_off) = (&self.platform, &self.text, &self.text_off);
            self.identity.find(h, |i| {
                platforms[i as usize] == platform && fold_eq(handle_in(text, text_off, i), handle)
            })
        };
        match slot {
            Ok(first) => Err(Duplicate { first }),
            Err(slot) => {
                self.identity.insert_at(slot, h, index);
                Ok(())
            }
        }
    }

    /// Hints that the creator with identity hash `hash` will be looked up soon.
    pub fn prefetch_identity(&self, hash: u64) {
        self.identity.prefetch(hash);
    }

    /// The identity hash of creator i (platform + handle, ignoring case).
    pub fn identity_hash(&self, i: u32) -> u64 {
        identity_hash(self.platform(i), self.handle(i))
    }

    /// Adds a creator with no identity check: for a part of a roster loaded on another
    /// thread, whose duplicates are found when the part joins the whole
    /// ([`Roster::push_from`]).
    pub fn push_unchecked(&mut self, c: &NewCreator<'_>) -> u32 {
        let platform = c.platform.unwrap_or(Platform::Instagram);
        let handle = sanitize(clean_handle(c.handle));
        let index = self.len() as u32;
        let name = sanitize(c.name.trim());
        let email = sanitize(c.email.trim());
        let url = sanitize(c.url.trim());
        push_record(&mut self.text, &handle, &name, &email, &url);
        self.text_off.push(self.text.len() as u32);

        self.platform.push(platform as u8);
        self.followers
            .push(Some(c.followers.min(i64::MAX as u64) as i64));
        let tier = self.scheme.tier_of(c.followers);
        self.tier.push(tier.0);
        self.engagement
            .push(c.engagement.map_or(f32::NAN, |e| e as f32));
        self.engagement_source.push(
            c.engagement_source
                .map_or(EngagementSource::TierNorm as u8, |s| s as u8),
        );
        self.avg_views.push(opt32(c.avg_views));
        self.avg_likes.push(opt32(c.avg_likes));
        self.avg_comments.push(opt32(c.avg_comments));
        self.avg_engagements.push(opt32(c.avg_engagements));
        self.rate.push(c.rate.map(Money::cents));
        let country = sanitize(c.country.trim());
        let country = if country.is_empty() {
            NONE16
        } else if country.len() <= 3 && country.is_ascii() {
            self.countries
                .intern(&country.to_ascii_uppercase())
                .unwrap_or(NONE16)
        } else {
            self.countries.intern(&country).unwrap_or(NONE16)
        };
        self.country.push(country);
        let language = sanitize(c.language.trim());
        let language = if language.is_empty() {
            NONE16
        } else {
            self.languages
                .intern(&language.to_lowercase())
                .unwrap_or(NONE16)
        };
        self.language.push(language);
        let start = self.niche_ids.len();
        for n in &c.niches {
            let n = sanitize(n.trim());
            if n.is_empty() {
                continue;
            }
            if let Some(id) = self.niches.intern_lower(&n) {
                self.push_niche(start, id);
            }
        }
        self.end_niches(start);
        self.fee.push(Some(0));
        self.reach.push(0);
        self.engagements.push(0);
        self.derive(index as usize);
        index
    }

    /// Fills the blank fields of creator `first` from creator `j` of `other` (a duplicate
    /// of it; `maps` from [`Roster::id_maps`] of `other`), never overwriting a value, and
    /// says which fields it filled. Figures are re-derived at once; name, email and niches
    /// show once [`Roster::apply_fills`] has run.
    pub fn fill_blanks(
        &mut self,
        first: u32,
        other: &Roster,
        j: u32,
        maps: &[Vec<u16>; 3],
    ) -> Filled {
        let (f, o) = (first as usize, j as usize);
        let map = |m: &[u16], id: u16| {
            if id == NONE16 {
                NONE16
            } else {
                m.get(usize::from(id)).copied().unwrap_or(NONE16)
            }
        };
        let mut filled = Filled::new();
        let (_, name, email, url) = self.text_fields(first);
        let pending = self.fills.text.get(&first);
        let name_blank = name.is_empty() && pending.is_none_or(|p| p.0.is_empty());
        let email_blank = email.is_empty() && pending.is_none_or(|p| p.1.is_empty());
        let url_blank = url.is_empty() && pending.is_none_or(|p| p.2.is_empty());
        let (_, their_name, their_email, their_url) = other.text_fields(j);
        if name_blank && !their_name.is_empty() {
            let entry = self.fills.text.entry(first).or_default();
            entry.0 = their_name.to_string();
            filled.push("name");
        }
        if email_blank && !their_email.is_empty() {
            let entry = self.fills.text.entry(first).or_default();
            entry.1 = their_email.to_string();
            filled.push("email");
        }
        if url_blank && !their_url.is_empty() {
            let entry = self.fills.text.entry(first).or_default();
            entry.2 = their_url.to_string();
            filled.push("url");
        }
        if self.niche_ids(first).is_empty() && !self.fills.niches.contains_key(&first) {
            let mut ids: Vec<NicheId> = Vec::new();
            for &n in other.niche_ids(j) {
                let id = map(&maps[0], n);
                if id != NONE16 && !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if !ids.is_empty() {
                self.fills.niches.insert(first, ids);
                filled.push("niches");
            }
        }
        if self.country[f] == NONE16 && other.country[o] != NONE16 {
            self.country[f] = map(&maps[1], other.country[o]);
            filled.push("country");
        }
        if self.language[f] == NONE16 && other.language[o] != NONE16 {
            self.language[f] = map(&maps[2], other.language[o]);
            filled.push("language");
        }
        let figures = filled.len();
        if self.engagement[f].is_nan() && !other.engagement[o].is_nan() {
            self.engagement[f] = other.engagement[o];
            self.engagement_source[f] = other.engagement_source[o];
            filled.push("engagement_rate");
        }
        if self.avg_views[f] == NONE32 && other.avg_views[o] != NONE32 {
            self.avg_views[f] = other.avg_views[o];
            filled.push("avg_views");
        }
        for (mine, theirs, key) in [
            (&mut self.avg_likes, &other.avg_likes, "avg_likes"),
            (&mut self.avg_comments, &other.avg_comments, "avg_comments"),
            (
                &mut self.avg_engagements,
                &other.avg_engagements,
                "avg_engagements",
            ),
        ] {
            if mine.get(f) == NONE32 && theirs.get(o) != NONE32 {
                mine.set(f, theirs.get(o));
                filled.push(key);
            }
        }
        if self.rate.get(f).is_none()
            && let Some(rate) = other.rate.get(o)
        {
            self.rate.set(f, Some(rate));
            filled.push("rate");
        }
        if filled.len() > figures {
            self.derive(f);
        }
        filled
    }

    /// Whether some duplicate's name, email or niches wait for [`Roster::apply_fills`].
    pub fn has_pending_fills(&self) -> bool {
        !self.fills.text.is_empty() || !self.fills.niches.is_empty()
    }

    /// Writes the names, emails and niches duplicates filled into the arenas: one pass from
    /// the first creator concerned to the end, whatever the number of fills.
    pub fn apply_fills(&mut self) {
        let fills = std::mem::take(&mut self.fills);
        if let Some(&from) = fills.text.keys().min() {
            let from = from as usize;
            let start = self.text_off[from] as usize;
            let tail = self.text.split_off(start);
            let mut old_start = start;
            for i in from..self.len() {
                let old_end = self.text_off[i + 1] as usize;
                let rec = &tail[old_start - start..old_end - start];
                match fills.text.get(&(i as u32)) {
                    None => self.text.push_str(rec),
                    Some((fill_name, fill_email, fill_url)) => {
                        let (handle, name, email, url) = split_record(rec);
                        fn or<'s>(mine: &'s str, fill: &'s str) -> &'s str {
                            if mine.is_empty() { fill } else { mine }
                        }
                        push_record(
                            &mut self.text,
                            handle,
                            or(name, fill_name),
                            or(email, fill_email),
                            or(url, fill_url),
                        );
                    }
                }
                self.text_off[i + 1] = self.text.len() as u32;
                old_start = old_end;
            }
        }
        if let Some(&from) = fills.niches.keys().min() {
            let from = from as usize;
            let start = self.niche_off[from] as usize;
            let tail = self.niche_ids.split_off(start);
            let mut old_start = start;
            for i in from..self.len() {
                let old_end = self.niche_off[i + 1] as usize;
                let begin = self.niche_ids.len();
                match fills.niches.get(&(i as u32)) {
                    // Only creators with no niches are filled.
                    Some(ids) if old_start == old_end => self.niche_ids.extend_from_slice(ids),
                    _ => self
                        .niche_ids
                        .extend_from_slice(&tail[old_start - start..old_end - start]),
                }
                self.niche_off[i + 1] = self.niche_ids.len() as u32;
                if fills.niches.contains_key(&(i as u32)) {
                    self.niche_mask[i] = self.niche_ids[begin..]
                        .iter()
                        .fold(0u64, |m, &id| m | 1 << (id % 64));
                }
                old_start = old_end;
            }
        }
    }

    /// Maps a part's interned ids to this roster's: `(niches, countries, languages)`.
    pub fn id_maps(&mut self, part: &Roster) -> [Vec<u16>; 3] {
        fn remap(names: &[String], mut intern: impl FnMut(&str) -> Option<u16>) -> Vec<u16> {
            names.iter().map(|n| intern(n).unwrap_or(NONE16)).collect()
        }
        [
            remap(part.niches.names(), |n| self.niches.intern_lower(n)),
            remap(part.countries.names(), |n| self.countries.intern(n)),
            remap(part.languages.names(), |n| self.languages.intern(n)),
        ]
    }

    /// Adds creator `j` of `part` (built with [`Roster::push_unchecked`] under the same
    /// scheme and model; `hash` is its [`Roster::identity_hash`], `maps` from
    /// [`Roster::id_maps`]), or names the first creator with the same identity. The result
    /// is what [`Roster::push`] of the same row would give.
    pub fn push_from(
        &mut self,
        part: &Roster,
        j: u32,
        hash: u64,
        maps: &[Vec<u16>; 3],
    ) -> Result<u32, Duplicate> {
        let handle = part.handle(j);
        let platform = part.platform[j as usize];
        self.claim_identity(hash, platform, handle)?;
        let index = self.len() as u32;
        let ju = j as usize;
        let rec = &part.text[part.text_off[ju] as usize..part.text_off[ju + 1] as usize];
        self.text.push_str(rec);
        self.text_off.push(self.text.len() as u32);
        self.platform.push(platform);
        self.followers.push_from(&part.followers, ju);
        self.tier.push(part.tier[ju]);
        self.engagement.push(part.engagement[ju]);
        self.engagement_source.push(part.engagement_source[ju]);
        self.avg_views.push(part.avg_views[ju]);
        self.avg_likes.push(part.avg_likes.get(ju));
        self.avg_comments.push(part.avg_comments.get(ju));
        self.avg_engagements.push(part.avg_engagements.get(ju));
        self.rate.push_from(&part.rate, ju);
        let map = |m: &[u16], id: u16| {
            if id == NONE16 {
                NONE16
            } else {
                m.get(usize::from(id)).copied().unwrap_or(NONE16)
            }
        };
        self.country.push(map(&maps[1], part.country[ju]));
        self.language.push(map(&maps[2], part.language[ju]));
        let start = self.niche_ids.len();
        for &n in part.niche_ids(j) {
            let id = map(&maps[0], n);
            if id != NONE16 {
                self.push_niche(start, id);
            }
        }
        self.end_niches(start);
        self.fee.push_from(&part.fee, ju);
        self.reach.push(part.reach[ju]);
        self.engagements.push(part.engagements[ju]);
        Ok(index)
    }

    /// Adds niche `id` to the creator whose niches start at `start`, once.
    fn push_niche(&mut self, start: usize, id: u16) {
        if !self.niche_ids[start..].contains(&id) {
            self.niche_ids.push(id);
        }
    }

    /// Closes the niche list started at `start`: its end offset and its 64-bit mask.
    fn end_niches(&mut self, start: usize) {
        self.niche_off.push(self.niche_ids.len() as u32);
        let mask = self.niche_ids[start..]
            .iter()
            .fold(0u64, |m, &id| m | 1 << (id % 64));
        self.niche_mask.push(mask);
    }

    fn derive(&mut self, i: usize) {
        let platform = self.platform(i as u32);
        let followers = self.followers(i as u32);
        let tier = TierId(self.tier[i]);
        let er = self.engagement(i as u32);
        let est = self
            .model
            .estimate(platform, followers, er, tier, self.rate(i as u32));
        self.fee.set(i, Some(est.per_post.cents()));
        let exp = self.expectation(i as u32);
        self.reach[i] = opt32(Some(exp.reach)).min(NONE32 - 1);
        self.engagements[i] = opt32(Some(exp.engagements)).min(NONE32 - 1);
    }

    /// Expected reach and engagements of one post and where they come from (the roster's
    /// per-post averages first): the one rule behind the table, sorts, filters, the
    /// optimizer and plan entries, which read the figures derived from it.
    pub fn expectation(&self, i: u32) -> Expectation {
        self.model.expectation(
            self.platform(i),
            self.tier(i),
            self.followers(i),
            self.engagement(i),
            PerPost {
                views: self.avg_views(i),
                likes: self.avg_likes(i),
                comments: self.avg_comments(i),
                engagements: self.avg_engagements(i),
            },
        )
    }

    /// Whether the roster's figures for creator i contradict each other (more engagements
    /// per post than average views): see [`Expectation::figures_disagree`].
    pub fn figures_disagree(&self, i: u32) -> bool {
        // Most rosters have no views, or no figure past the tier norm: no need to look further.
        if self.avg_views[i as usize] == NONE32 {
            return false;
        }
        self.expectation(i).figures_disagree()
    }

    /// Prices every creator for a plan in another currency (`None`: the config's own).
    pub fn set_conversion(&mut self, conversion: Option<super::money::Conversion>) {
        if self.model.conversion != conversion {
            let mut model = self.model.clone();
            model.conversion = conversion;
            self.set_model(self.scheme.clone(), model);
        }
    }

    /// The currency fees are priced in: the conversion's target, else `base` (the config's).
    pub fn priced_in<'a>(&'a self, base: &'a str) -> &'a str {
        self.model.conversion.as_ref().map_or(base, |c| c.to())
    }

    /// Re-derives tiers, fees, reach and engagements after the config changed.
    pub fn set_model(&mut self, scheme: TierScheme, model: FeeModel) {
        self.scheme = scheme;
        self.model = model;
        for i in 0..self.len() {
            self.tier[i] = self.scheme.tier_of(self.followers(i as u32)).0;
            self.derive(i);
        }
    }

    fn text_fields(&self, i: u32) -> (&str, &str, &str, &str) {
        let i = i as usize;
        split_record(&self.text[self.text_off[i] as usize..self.text_off[i + 1] as usize])
    }

    pub fn handle(&self, i: u32) -> &str {
        self.text_fields(i).0
    }

    /// The display name; empty when the roster has none.
    pub fn name(&self, i: u32) -> &str {
        self.text_fields(i).1
    }

    pub fn email(&self, i: u32) -> Option<&str> {
        Some(self.text_fields(i).2).filter(|e| !e.is_empty())
    }

    /// The profile address as the roster gives it (a URL column, or a handle given as a URL).
    pub fn url(&self, i: u32) -> Option<&str> {
        Some(self.text_fields(i).3).filter(|u| !u.is_empty())
    }

    pub fn platform(&self, i: u32) -> Platform {
        Platform::from_index(usize::from(self.platform[i as usize])).unwrap_or(Platform::Instagram)
    }

    pub fn followers(&self, i: u32) -> u64 {
        self.followers.get(i as usize).unwrap_or(0).max(0) as u64
    }

    pub fn tier(&self, i: u32) -> TierId {
        TierId(self.tier[i as usize])
    }

    pub fn engagement(&self, i: u32) -> Option<f64> {
        let e = self.engagement[i as usize];
        (!e.is_nan()).then_some(f64::from(e))
    }

    pub fn engagement_source(&self, i: u32) -> EngagementSource {
        match self.engagement_source[i as usize] {
            0 => EngagementSource::Given,
            1 => EngagementSource::FromLikes,
            2 => EngagementSource::FromEngagements,
            _ => EngagementSource::TierNorm,
        }
    }

    pub fn avg_views(&self, i: u32) -> Option<u64> {
        from32(self.avg_views[i as usize])
    }

    pub fn avg_likes(&self, i: u32) -> Option<u64> {
        from32(self.avg_likes.get(i as usize))
    }

    pub fn avg_comments(&self, i: u32) -> Option<u64> {
        from32(self.avg_comments.get(i as usize))
    }

    pub fn avg_engagements(&self, i: u32) -> Option<u64> {
        from32(self.avg_engagements.get(i as usize))
    }

    /// The creator's own price for a standard post, when the roster has it.
    pub fn rate(&self, i: u32) -> Option<Money> {
        self.rate.get(i as usize).map(Money::from_cents)
    }

    pub fn country_id(&self, i: u32) -> Option<u16> {
        Some(self.country[i as usize]).filter(|&c| c != NONE16)
    }

    pub fn country(&self, i: u32) -> Option<&str> {
        self.country_id(i).map(|c| self.countries.name(c))
    }

    pub fn language_id(&self, i: u32) -> Option<u16> {
        Some(self.language[i as usize]).filter(|&c| c != NONE16)
    }

    pub fn language(&self, i: u32) -> Option<&str> {
        self.language_id(i).map(|c| self.languages.name(c))
    }

    pub fn niche_ids(&self, i: u32) -> &[NicheId] {
        let i = i as usize;
        &self.niche_ids[self.niche_off[i] as usize..self.niche_off[i + 1] as usize]
    }

    /// The fee for one standard post: the creator's rate, or the model's estimate.
    pub fn fee(&self, i: u32) -> Money {
        Money::from_cents(self.fee.get(i as usize).unwrap_or(0))
    }

    pub fn fee_source(&self, i: u32) -> FeeSource {
        if self.rate.values[i as usize] == NONE32 {
            FeeSource::Estimate
        } else {
            FeeSource::Rate
        }
    }

    /// The full estimate with its breakdown, for the detail pane.
    pub fn fee_estimate(&self, i: u32) -> FeeEstimate {
        self.model.estimate(
            self.platform(i),
            self.followers(i),
            self.engagement(i),
            self.tier(i),
            self.rate(i),
        )
    }

    pub fn expected_reach(&self, i: u32) -> u64 {
        u64::from(self.reach[i as usize])
    }

    /// Expected engagements per post; with no engagement rate, the tier's typical rate is used.
    pub fn expected_engagements(&self, i: u32) -> u64 {
        u64::from(self.engagements[i as usize])
    }

    /// Every creator's text as written, for substring search: `(buffer, offsets)`, where
    /// creator i is `buffer[offsets[i]..offsets[i + 1]]`, holding handle, name, email and
    /// (when there is one) the profile URL, separated by [`TEXT_SEP`].
    pub fn text_arena(&self) -> (&str, &[u32]) {
        (&self.text, &self.text_off)
    }

    /// Every field of one creator.
    pub fn view(&self, i: u32) -> CreatorView<'_> {
        let (handle, name, email, url) = self.text_fields(i);
        let exp = self.expectation(i);
        CreatorView {
            index: i,
            handle,
            name,
            email: Some(email).filter(|e| !e.is_empty()),
            url: Some(url).filter(|u| !u.is_empty()),
            platform: self.platform(i),
            followers: self.followers(i),
            tier: self.tier(i),
            engagement: self.engagement(i),
            engagement_source: self.engagement(i).map(|_| self.engagement_source(i)),
            avg_views: self.avg_views(i),
            avg_likes: self.avg_likes(i),
            avg_comments: self.avg_comments(i),
            avg_engagements: self.avg_engagements(i),
            niches: self
                .niche_ids(i)
                .iter()
                .map(|&n| self.niches.name(n))
                .collect(),
            country: self.country(i),
            language: self.language(i),
            rate: self.rate(i),
            fee: self.fee(i),
            fee_source: self.fee_source(i),
            expected_reach: self.expected_reach(i),
            reach_source: exp.reach_source,
            expected_engagements: self.expected_engagements(i),
            engagements_source: exp.engagements_source,
            figures_disagree: exp.figures_disagree(),
        }
    }

    /// Columns as slices, for filters and sorts that scan every creator.
    /// Follower counts in 4 bytes; [`WIDE`] marks a count above 4.29 billion, read it with
    /// [`Roster::followers`].
    pub fn followers_column(&self) -> &[u32] {
        &self.followers.values
    }
    pub fn platform_column(&self) -> &[u8] {
        &self.platform
    }
    pub fn tier_column(&self) -> &[u8] {
        &self.tier
    }
    pub fn engagement_column(&self) -> &[f32] {
        &self.engagement
    }
    pub fn country_column(&self) -> &[u16] {
        &self.country
    }
    pub fn niche_mask_column(&self) -> &[u64] {
        &self.niche_mask
    }
    /// Fees per post in cents, 4 bytes each; [`WIDE`] marks one above $42.9M, read it
    /// with [`Roster::fee`].
    pub fn fee_column(&self) -> &[u32] {
        &self.fee.values
    }
    pub fn reach_column(&self) -> &[u32] {
        &self.reach
    }
    pub fn engagements_column(&self) -> &[u32] {
        &self.engagements
    }

    /// Bytes held by the roster's columns and arenas (not counting allocator slack), for
    /// the memory benchmark.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.text_off.capacity() + self.niche_off.capacity())
            + 3 * self.platform.capacity()
            + 4 * (self.followers.values.capacity()
                + self.rate.values.capacity()
                + self.fee.values.capacity())
            + 8 * self.niche_mask.capacity()
            + 4 * (self.engagement.capacity()
                + 3 * self.avg_views.capacity()
                + self.avg_likes.capacity()
                + self.avg_comments.capacity()
                + self.avg_engagements.capacity())
            + 2 * (self.country.capacity() + self.language.capacity() + self.niche_ids.capacity())
            + 8 * self.identity.slots.capacity()
    }

    /// Releases spare capacity once a load is complete.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.text_off.shrink_to_fit();
        self.niche_off.shrink_to_fit();
        self.niche_ids.shrink_to_fit();
    }
}

/// The separator between a creator's handle, name, email and URL in [`Roster::text_arena`].
pub const TEXT_SEP: u8 = SEP;

/// Appends one creator's text record; the URL and its separator only when there is one.
fn push_record(text: &mut String, handle: &str, name: &str, email: &str, url: &str) {
    text.push_str(handle);
    text.push(SEP as char);
    text.push_str(name);
    text.push(SEP as char);
    text.push_str(email);
    if !url.is_empty() {
        text.push(SEP as char);
        text.push_str(url);
    }
}

/// A text record's handle, name, email and URL (empty where absent).
fn split_record(rec: &str) -> (&str, &str, &str, &str) {
    let mut parts = rec.splitn(4, SEP as char);
    let mut next = || parts.next().unwrap_or("");
    (next(), next(), next(), next())
}

fn handle_in<'t>(text: &'t str, off: &[u32], i: u32) -> &'t str {
    let s = &text[off[i as usize] as usize..off[i as usize + 1] as usize];
    s.split(SEP as char).next().unwrap_or("")
}

/// One character's lowercase, as search and sort see it (`İ` folds to a plain `i`).
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    let plain = (c == '\u{130}').then_some('i');
    let lower = if plain.is_some() {
        None
    } else {
        Some(c.to_lowercase())
    };
    plain.into_iter().chain(lower.into_iter().flatten())
}

/// Whether two texts are equal ignoring case (ASCII fast path).
pub fn fold_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(fold_char)
        .eq(b.chars().flat_map(fold_char))
}

/// Orders two texts as their lowercase forms would order (ASCII fast path): sorting by
/// name or handle needs no lowercase copy.
pub fn fold_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
    }
    a.chars()
        .flat_map(fold_char)
        .cmp(b.chars().flat_map(fold_char))
}

/// The first sixteen bytes of the lowercase UTF-8 of `s`, big-endian and zero-padded: a
/// sort key whose order agrees with [`fold_cmp`], so most comparisons are one integer
/// compare (names share first names: eight bytes left too many ties).
pub fn fold_prefix(s: &str) -> u128 {
    let mut key = [0u8; 16];
    let mut n = 0;
    'outer: for c in s.chars() {
        if c.is_ascii() {
            key[n] = (c as u8).to_ascii_lowercase();
            n += 1;
            if n == 16 {
                break;
            }
            continue;
        }
        for l in fold_char(c) {
            let mut buf = [0u8; 4];
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                key[n] = b;
                n += 1;
                if n == 16 {
                    break 'outer;
                }
            }
        }
    }
    u128::from_be_bytes(key)
}

/// Creators by identity: open addressing with linear probing, each slot a 32-bit hash tag
/// (which also picks the home slot) and the creator's index + 1 (0 = empty). Kept at most
/// 70% full: 8 bytes a slot, about 11.5 bytes a creator.
#[derive(Clone, Debug, Default)]
struct IdentityTable {
    slots: Vec<u64>,
    len: usize,
}

impl IdentityTable {
    fn home(tag: u32, cap: usize) -> usize {
        ((u64::from(tag) * cap as u64) >> 32) as usize
    }

    fn reserve(&mut self, more: usize) {
        let want = self.len + more;
        if want * 10 > self.slots.len() * 7 {
            self.rebuild(want * 10 / 7 + 16);
        }
    }

    fn rebuild(&mut self, cap: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; cap]);
        for s in old.into_iter().filter(|&s| s != 0) {
            let mut pos = Self::home((s >> 32) as u32, cap);
            while self.slots[pos] != 0 {
                pos = if pos + 1 == cap { 0 } else { pos + 1 };
            }
            self.slots[pos] = s;
        }
    }

    /// The index of the creator with this hash for whom `same` holds, or the free slot
    /// where it would go.
    fn find(&self, hash: u64, mut same: impl FnMut(u32) -> bool) -> Result<u32, usize> {
        let cap = self.slots.len();
        if cap == 0 {
            return Err(usize::MAX);
        }
        let tag = (hash >> 32) as u32;
        let mut pos = Self::home(tag, cap);
        loop {
            let s = self.slots[pos];
            if s == 0 {
                return Err(pos);
            }
            if (s >> 32) as u32 == tag {
                let i = (s as u32) - 1;
                if same(i) {
                    return Ok(i);
                }
            }
            pos = if pos + 1 == cap { 0 } else { pos + 1 };
        }
    }

    /// Asks the CPU to fetch the home slot of `hash` ahead of a [`IdentityTable::find`]:
    /// joining a part probes the table at random, and a miss to memory costs more than
    /// the rest of the probe.
    #[inline]
    fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        if !self.slots.is_empty() {
            let pos = Self::home((hash >> 32) as u32, self.slots.len());
            let p = self.slots[pos..].as_ptr().cast::<i8>();
            // SAFETY: a prefetch is only a hint; it never faults, reads nothing back, and
            // the pointer is in bounds of the slots anyway.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p);
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = hash;
    }

    /// Inserts at the slot [`IdentityTable::find`] returned (growing first when needed).
    fn insert_at(&mut self, slot: usize, hash: u64, index: u32) {
        let tag = (hash >> 32) as u32;
        let entry = (u64::from(tag) << 32) | u64::from(index + 1);
        if slot == usize::MAX || (self.len + 1) * 10 > self.slots.len() * 7 {
            self.reserve(self.len.max(16));
            let cap = self.slots.len();
            let mut pos = Self::home(tag, cap);
            while self.slots[pos] != 0 {
                pos = if pos + 1 == cap { 0 } else { pos + 1 };
            }
            self.slots[pos] = entry;
        } else {
            self.slots[slot] = entry;
        }
        self.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creator<'a>(handle: &'a str, platform: Platform, followers: u64) -> NewCreator<'a> {
        NewCreator {
            handle,
            platform: Some(platform),
            followers,
            ..NewCreator::default()
        }
    }

    fn roster() -> Roster {
        Roster::new(TierScheme::default(), FeeModel::default())
    }

    #[test]
    fn stores_and_returns_every_field() {
        let mut r = roster();
        let c = NewCreator {
            handle: "@Lena.Lifts",
            name: "Lena Åberg 🏋",
            platform: Some(Platform::Instagram),
            followers: 48_200,
            engagement: Some(0.041),
            engagement_source: Some(EngagementSource::Given),
            avg_views: Some(24_000),
            niches: vec!["Fitness", "nutrition", "FITNESS", ""],
            country: "se",
            language: "SV",
            email: "lena@example.com",
            rate: Some(Money::from_units(450)),
            ..NewCreator::default()
        };
        let i = r.push(&c).unwrap();
        let v = r.view(i);
        assert_eq!(v.handle, "Lena.Lifts");
        assert_eq!(v.name, "Lena Åberg 🏋");
        assert_eq!(v.email, Some("lena@example.com"));
        assert_eq!(v.niches, vec!["fitness", "nutrition"]);
        assert_eq!(v.country, Some("SE"));
        assert_eq!(v.language, Some("sv"));
        assert_eq!(r.scheme().name(v.tier), "micro");
        assert_eq!(v.fee, Money::from_units(450));
        assert_eq!(v.fee_source, FeeSource::Rate);
        assert_eq!(v.expected_reach, 24_000);
        assert_eq!(v.expected_engagements, 1_976);
        assert!((v.engagement.unwrap() - 0.041).abs() < 1e-6);
        let (text, off) = r.text_arena();
        assert_eq!(
            &text[off[0] as usize..off[1] as usize],
            "Lena.Lifts\u{1f}Lena Åberg 🏋\u{1f}lena@example.com"
        );
    }

    #[test]
    fn duplicates_are_refused_by_identity() {
        let mut r = roster();
        assert_eq!(r.push(&creator("ana", Platform::TikTok, 5_000)), Ok(0));
        assert_eq!(r.push(&creator("ana", Platform::Instagram, 5_000)), Ok(1));
        assert_eq!(
            r.push(&creator("@ANA", Platform::TikTok, 9_000)),
            Err(Duplicate { first: 0 })
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r.find(Platform::TikTok, "@Ana"), Some(0));
        assert_eq!(r.find(Platform::X, "ana"), None);
    }

    #[test]
    fn a_duplicate_fills_blanks_only_and_the_arenas_stay_whole() {
        let mut r = roster();
        for k in 0..6u64 {
            let h = format!("c{k}");
            let mut c = creator(&h, Platform::TikTok, 1_000 * (k + 1));
            // Even creators have a name, email and niches; odd ones none.
            let name = format!("Name {k}");
            let email = format!("c{k}@example.com");
            if k % 2 == 0 {
                c.name = &name;
                c.email = &email;
                c.niches = vec!["food"];
            }
            r.push(&c).unwrap();
            drop(c);
        }
        let mut part = roster();
        let mut dup = creator("C1", Platform::TikTok, 9);
        dup.name = "Zoë 💃";
        dup.email = "zoe@example.com";
        dup.niches = vec!["Dance", "comedy"];
        dup.country = "us";
        dup.avg_likes = Some(2_500);
        dup.rate = Some(Money::from_units(80));
        part.push(&dup).unwrap();
        let mut again = creator("c4", Platform::TikTok, 9);
        again.name = "Not Me";
        again.niches = vec!["tech"];
        again.avg_views = Some(700);
        part.push(&again).unwrap();
        let maps = r.id_maps(&part);
        let filled = r.fill_blanks(1, &part, 0, &maps);
        assert_eq!(
            filled,
            ["name", "email", "niches", "country", "avg_likes", "rate"]
        );
        // Figures at once; the fee is the filled rate.
        assert_eq!(r.expected_engagements(1), 2_500);
        assert_eq!(r.fee(1), Money::from_units(80));
        assert_eq!(
            r.followers(1),
            2_000,
            "a present value is never overwritten"
        );
        // A second duplicate finds the text already filled, though not yet written.
        assert_eq!(r.fill_blanks(1, &part, 0, &maps), Filled::new());
        assert_eq!(r.name(1), "", "text waits for apply_fills");
        assert_eq!(r.fill_blanks(4, &part, 1, &maps), ["avg_views"]);
        assert!(r.has_pending_fills());
        r.apply_fills();
        assert!(!r.has_pending_fills());
        for k in 0..6u32 {
            let v = r.view(k);
            assert_eq!(v.handle, format!("c{k}"));
            let want_name = match k {
                1 => "Zoë 💃".to_string(),
                k if k % 2 == 0 => format!("Name {k}"),
                _ => String::new(),
            };
            assert_eq!(v.name, want_name);
            let niches: Vec<&str> = match k {
                1 => vec!["dance", "comedy"],
                k if k % 2 == 0 => vec!["food"],
                _ => vec![],
            };
            assert_eq!(v.niches, niches, "creator {k}");
            let mask = r
                .niche_ids(k)
                .iter()
                .fold(0u64, |m, &id| m | 1 << (id % 64));
            assert_eq!(r.niche_mask_column()[k as usize], mask);
        }
        assert_eq!(r.email(1), Some("zoe@example.com"));
        assert_eq!(r.country(1), Some("US"));
        assert_eq!(r.name(4), "Name 4");
        assert_eq!(r.avg_views(4), Some(700));
    }

    #[test]
    fn identity_survives_growth_and_hash_tag_collisions() {
        let mut r = roster();
        let handles: Vec<String> = (0..5_000).map(|i| format!("Creator{i}")).collect();
        for (i, h) in handles.iter().enumerate() {
            assert_eq!(r.push(&creator(h, Platform::YouTube, 100)), Ok(i as u32));
        }
        for (i, h) in handles.iter().enumerate() {
            assert_eq!(r.find(Platform::YouTube, &h.to_uppercase()), Some(i as u32));
            assert_eq!(r.find(Platform::Twitch, h), None);
        }
        assert_eq!(
            r.push(&creator("creator4321", Platform::YouTube, 1)),
            Err(Duplicate { first: 4321 })
        );
        // Table at most 70% full.
        assert!(r.identity.len * 10 <= r.identity.slots.len() * 7);
    }

    #[test]
    fn folding_orders_and_compares_like_lowercase() {
        let words = [
            "ana", "Ana", "ÅSA", "åsa", "Zoë", "zoe", "b", "İpek", "ipek", "", "Émile",
        ];
        for a in words {
            for b in words {
                let (la, lb): (String, String) = (
                    a.chars().flat_map(fold_char).collect(),
                    b.chars().flat_map(fold_char).collect(),
                );
                assert_eq!(fold_cmp(a, b), la.cmp(&lb), "{a} {b}");
                assert_eq!(fold_eq(a, b), la == lb, "{a} {b}");
                if fold_prefix(a) != fold_prefix(b) {
                    assert_eq!(fold_prefix(a).cmp(&fold_prefix(b)), la.cmp(&lb), "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn numbers_that_do_not_fit_four_bytes_are_kept_exactly() {
        let mut r = roster();
        let mut big = creator("huge", Platform::YouTube, 5_300_000_000);
        big.rate = Some(Money::from_units(90_000_000));
        r.push(&big).unwrap();
        let mut small = creator("small", Platform::YouTube, 1_200);
        small.avg_likes = Some(40);
        r.push(&small).unwrap();
        r.push(&creator("plain", Platform::YouTube, 900)).unwrap();
        assert_eq!(r.followers(0), 5_300_000_000);
        assert_eq!(r.followers_column()[0], WIDE);
        assert_eq!(r.rate(0), Some(Money::from_units(90_000_000)));
        assert_eq!(r.fee(0), Money::from_units(90_000_000));
        assert_eq!(r.fee_column()[0], WIDE);
        assert_eq!(r.avg_likes(0), None);
        assert_eq!(r.avg_likes(1), Some(40));
        assert_eq!(r.avg_likes(2), None);
        assert_eq!(r.avg_comments(1), None);
        assert_eq!(r.followers(2), 900);
        // The same through a part joined to another roster.
        let mut whole = roster();
        let maps = whole.id_maps(&r);
        for j in 0..3 {
            whole.push_from(&r, j, r.identity_hash(j), &maps).unwrap();
        }
        for j in 0..3 {
            assert_eq!(whole.view(j), r.view(j));
        }
    }

    #[test]
    fn control_characters_never_reach_the_screen() {
        let mut r = roster();
        let mut c = creator("evil\u{1b}[2J", Platform::X, 10);
        c.name = "Bob\u{7}\nSmith\u{202e}";
        r.push(&c).unwrap();
        assert_eq!(r.handle(0), "evil[2J");
        assert_eq!(r.name(0), "Bob Smith");
        assert_eq!(r.email(0), None);
    }

    #[test]
    fn unknown_engagement_uses_the_tier_norm_and_says_so() {
        let mut r = roster();
        r.push(&creator("x", Platform::Instagram, 20_000)).unwrap();
        assert_eq!(r.engagement(0), None);
        assert_eq!(r.view(0).engagement_source, None);
        assert_eq!(r.expected_engagements(0), 600);
        assert_eq!(r.fee_source(0), FeeSource::Estimate);
        assert_eq!(r.fee(0), Money::from_units(200));
    }

    #[test]
    fn a_new_scheme_re_derives_tiers() {
        let mut r = roster();
        r.push(&creator("x", Platform::Instagram, 60_000)).unwrap();
        assert_eq!(r.scheme().name(r.tier(0)), "micro");
        let five = TierScheme::new(
            [
                ("nano", 1_000),
                ("micro", 10_000),
                ("mid", 50_000),
                ("macro", 500_000),
            ]
            .into_iter()
            .map(|(n, m)| super::super::tier::Tier {
                name: n.into(),
                min_followers: m,
            })
            .collect(),
        )
        .unwrap();
        r.set_model(five, FeeModel::default());
        assert_eq!(r.scheme().name(r.tier(0)), "mid");
    }
}
