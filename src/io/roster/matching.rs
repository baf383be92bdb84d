//! Column matching: which column feeds each field of one roster file, decided once per file
//! from its header, a sample of its rows and its name (never per row), each choice with the
//! reason it was made. `--map`/`--set` win over a profile, a profile over any guess.
//!
//! Every format goes through here: CSV and TSV with the header and the first rows of the
//! first block, TOML and JSON with their keys and first records, spreadsheets with their
//! first sheet's rows.

use std::collections::HashMap;

use super::{
    Columns, FIELD_COUNT, Field, FieldMap, NAMED_WARNINGS, column_list, normalize_header, plural,
};
use crate::domain::creator::Platform;
use crate::domain::number::{is_unknown, parse_count};
use crate::domain::text::quote_data;

/// Rows of a file kept to guess from, and to preview another mapping with.
pub const SAMPLE_ROWS: usize = 200;

/// A saved mapping, used for every file whose header is the same (`[profiles.NAME]` in the
/// config).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    /// The header it was saved for, each column normalised as headers are matched.
    pub header: Vec<String>,
    pub map: FieldMap,
}

/// Why a field is read as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The header is the field's name or a documented alias: no guess.
    Named,
    /// `--map` (or a mapping chosen on the mapping screen).
    Map,
    /// `--set` (or a value chosen on the mapping screen).
    Set,
    /// A saved profile of that name.
    Profile(String),
    /// Words in the header (`Subscribers count`, `Influencer insta name`).
    HeaderWords,
    /// The shape of the values (`@handles`, `profile URLs`, `percentages`, `raw figures`...).
    Values(&'static str),
    /// A platform word in the header of that column (`Tiktoker name`).
    HeaderPlatform(String),
    /// A platform word in the file's name.
    FileName,
}

impl Why {
    /// A guess the user should look at (a documented name, a flag or a profile is not).
    pub fn is_guess(&self) -> bool {
        matches!(
            self,
            Why::HeaderWords | Why::Values(_) | Why::HeaderPlatform(_) | Why::FileName
        )
    }

    /// The reason in words, empty for a documented name.
    pub fn describe(&self) -> String {
        match self {
            Why::Named => String::new(),
            Why::Map => "--map".into(),
            Why::Set => "--set".into(),
            Why::Profile(p) => format!("profile `{}`", quote_data(p)),
            Why::HeaderWords => "guessed from header words".into(),
            Why::Values(what) => format!("guessed from values ({what})"),
            Why::HeaderPlatform(c) => format!("guessed from header `{}`", quote_data(c)),
            Why::FileName => "guessed from file name".into(),
        }
    }
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feed {
    None,
    /// Column indices (several only for niches, or a `--map` with fallbacks).
    Columns(Vec<usize>),
    /// One value for every row (`--set`, or a guessed platform; a guessed platform gives way
    /// to a row's own profile URL).
    Value(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMatch {
    pub field: Field,
    pub feed: Feed,
    pub why: Why,
}

/// How one file's columns were matched: the report `scout check` prints, the state the
/// mapping screen edits, and what a profile saves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileMapping {
    /// The file's columns as written.
    pub names: Vec<String>,
    /// The first rows (line, cells in column order), to preview a mapping with.
    pub sample: Vec<(u64, Vec<String>)>,
    /// One per field, in [`Field::ALL`] order.
    pub fields: Vec<FieldMatch>,
    /// Columns read for no field.
    pub ignored: Vec<usize>,
    /// The handle column holds profile URLs: each row's platform comes from its URL when
    /// no platform column or `--set` gives one.
    pub urls: Option<usize>,
    /// The profile applied, by name.
    pub profile: Option<String>,
    /// The name of the file (for the platform hint), as reported.
    pub label: String,
}

/// Ignored columns named in a report before the rest are counted.
const LISTED: usize = 20;

const REQUIRED: [Field; 3] = [Field::Handle, Field::Platform, Field::Followers];

impl FileMapping {
    pub fn get(&self, field: Field) -> Option<&FieldMatch> {
        self.fields.iter().find(|m| m.field == field)
    }

    fn has(&self, field: Field) -> bool {
        self.get(field).is_some_and(|m| m.feed != Feed::None)
            || (field == Field::Platform && self.urls.is_some())
    }

    /// Required fields with no column and no value.
    pub fn missing(&self) -> Vec<Field> {
        REQUIRED.into_iter().filter(|&f| !self.has(f)).collect()
    }

    /// A required field is missing or guessed: worth a look before the table.
    pub fn is_uncertain(&self) -> bool {
        !self.missing().is_empty()
            || self
                .fields
                .iter()
                .any(|m| REQUIRED.contains(&m.field) && m.why.is_guess())
    }

    /// Engagement figures of some kind (a rate, likes or engagements per post).
    pub fn has_engagement(&self) -> bool {
        [Field::Engagement, Field::AvgLikes, Field::AvgEngagements]
            .into_iter()
            .any(|f| self.has(f))
    }

    pub fn has_fee(&self) -> bool {
        self.has(Field::Rate)
    }

    /// The file's header, normalised as a profile records it.
    pub fn header_key(&self) -> Vec<String> {
        self.names.iter().map(|n| normalize_header(n)).collect()
    }

    /// The mapping as `--map`/`--set`: what a profile saves and a plan records. Profile URLs
    /// need no entry (the handle's column gives them).
    pub fn field_map(&self) -> FieldMap {
        let mut map = FieldMap::default();
        for m in &self.fields {
            match &m.feed {
                Feed::None => {}
                Feed::Columns(cols) => map.map.push((
                    m.field,
                    cols.iter()
                        .filter_map(|&c| self.names.get(c).cloned())
                        .collect(),
                )),
                Feed::Value(v) => map.set.push((m.field, v.clone())),
            }
        }
        map
    }

    /// This mapping as a profile for files with this header.
    pub fn profile_named(&self, name: &str) -> Profile {
        Profile {
            name: name.to_string(),
            header: self.header_key(),
            map: self.field_map(),
        }
    }

    /// What feeds `field`, in words: `` `Followers` ``, `instagram`, or `none`.
    pub fn source_text(&self, field: Field) -> String {
        let Some(m) = self.get(field) else {
            return "none".into();
        };
        match &m.feed {
            Feed::None if field == Field::Platform && self.urls.is_some() => {
                format!("from the profile URLs in {}", self.column(self.urls))
            }
            Feed::None => "none".into(),
            Feed::Columns(cols) => cols
                .iter()
                .map(|&c| self.column(Some(c)))
                .collect::<Vec<_>>()
                .join(" + "),
            Feed::Value(v) => quote_data(v),
        }
    }

    fn column(&self, c: Option<usize>) -> String {
        match c.and_then(|c| self.names.get(c)) {
            Some(n) if !n.is_empty() => format!("`{}`", quote_data(n)),
            _ => format!("column {}", c.map_or(0, |c| c + 1)),
        }
    }

    /// The report: one line per field that is read (and per required one that is not),
    /// then the fields not found and the columns ignored.
    pub fn report_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let width = Field::ALL.iter().map(|f| f.key().len()).max().unwrap_or(0);
        let mut absent = Vec::new();
        for m in &self.fields {
            let read = self.has(m.field);
            if !read && !REQUIRED.contains(&m.field) {
                absent.push(m.field.key());
                continue;
            }
            let mut why = m.why.describe();
            if m.field == Field::Platform && self.urls.is_some() && m.why != Why::Set {
                let urls = if m.feed == Feed::None {
                    "guessed from values (profile URLs)".to_string()
                } else {
                    format!(
                        "rows with a profile URL in {} take its platform",
                        self.column(self.urls)
                    )
                };
                why = if why.is_empty() {
                    urls
                } else {
                    format!("{why}; {urls}")
                };
            }
            let source = if read {
                self.source_text(m.field)
            } else if m.field == Field::Platform {
                "MISSING: use --set platform=NAME or --map platform=COLUMN".into()
            } else {
                format!("MISSING: use --map {}=COLUMN", m.field.key())
            };
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(" ({why})")
            };
            lines.push(format!("{:width$}  {source}{why}", m.field.key()));
        }
        if !absent.is_empty() {
            lines.push(format!("not in the file: {}", absent.join(", ")));
        }
        // Only the names listed are copied: a header of 300,000 columns lists twenty.
        let ignored: Vec<String> = self
            .ignored
            .iter()
            .filter_map(|&c| self.names.get(c))
            .filter(|n| !n.is_empty())
            .take(LISTED + 1)
            .cloned()
            .collect();
        if !ignored.is_empty() {
            let mut list = column_list(&ignored[..ignored.len().min(LISTED)]);
            let more = self.ignored.len().saturating_sub(LISTED);
            if ignored.len() > LISTED && more > 0 {
                list.push_str(&format!(", ... and {more} more"));
            }
            lines.push(format!("ignored columns: {list}"));
        }
        lines
    }

    /// Warnings about what the file lacks: engagement figures (tier norms are assumed) and
    /// fees (the fee model estimates them), with how many creators that affects.
    pub fn gaps(&self, loaded: u64) -> Vec<String> {
        let mut out = Vec::new();
        if loaded == 0 {
            return out;
        }
        let all = if loaded == 1 {
            "the 1 creator".to_string()
        } else {
            format!("all {loaded} creators")
        };
        if !self.has_engagement() {
            out.push(format!(
                "no engagement data (no engagement rate, likes or engagements column): tier norms assumed for {all}"
            ));
        }
        if !self.has_fee() {
            out.push(format!(
                "no fee data (no rate column): fees estimated from the fee model for {all}"
            ));
        }
        out
    }
}

/// The words of a header, lowercased: `Views avg.` -> views, avg; `60_day_eng_rate` -> 60,
/// day, eng, rate; `followersCount` -> followers, count.
pub fn header_words(h: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in h.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// A word naming a platform, as in headers and file names (`insta`, `tiktoker`, `youtubers`).
pub fn platform_word(w: &str) -> Option<Platform> {
    const PREFIXES: [(&str, Platform); 11] = [
        ("instagram", Platform::Instagram),
        ("insta", Platform::Instagram),
        ("tiktok", Platform::TikTok),
        ("youtube", Platform::YouTube),
        ("twitter", Platform::X),
        ("twitch", Platform::Twitch),
        ("pinterest", Platform::Pinterest),
        ("linkedin", Platform::LinkedIn),
        ("facebook", Platform::Facebook),
        ("snapchat", Platform::Snapchat),
        ("ig", Platform::Instagram),
    ];
    PREFIXES.iter().find_map(|&(p, platform)| {
        let exact_only = p.len() <= 2;
        let hit = if exact_only { w == p } else { w.starts_with(p) };
        hit.then_some(platform)
    })
}

/// A profile URL's platform and handle: `https://www.instagram.com/lena.lifts/` ->
/// (instagram, `lena.lifts`); `tiktok.com/@mia` -> (tiktok, `mia`); `youtube.com/@chan`,
/// `/c/chan`, `/user/chan`, `/channel/ID`. The handle borrows from the text. `None` when the
/// text is not URL-shaped (handles never hold `/`).
pub fn parse_profile_url(text: &str) -> Option<(Option<Platform>, &str)> {
    let t = text.trim();
    if !t.contains('/') {
        return None;
    }
    let rest = t.split_once("://").map_or(
        t,
        |(scheme, rest)| if scheme.contains('/') { t } else { rest },
    );
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.contains('.') {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let host = host
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("mobile.");
    let platform = match host {
        h if h.starts_with("instagram.") || h == "instagr.am" => Some(Platform::Instagram),
        h if h.starts_with("tiktok.") => Some(Platform::TikTok),
        h if h.starts_with("youtube.") || h == "youtu.be" => Some(Platform::YouTube),
        "twitter.com" | "x.com" => Some(Platform::X),
        h if h.starts_with("twitch.") => Some(Platform::Twitch),
        h if h.starts_with("pinterest.") => Some(Platform::Pinterest),
        h if h.starts_with("linkedin.") => Some(Platform::LinkedIn),
        h if h.starts_with("facebook.") || h == "fb.com" => Some(Platform::Facebook),
        h if h.starts_with("snapchat.") => Some(Platform::Snapchat),
        _ => None,
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let mut handle = segments.next().unwrap_or("");
    if matches!(handle, "c" | "user" | "channel" | "in" | "add" | "u") {
        handle = segments.next().unwrap_or("");
    }
    Some((platform, handle.trim_start_matches('@')))
}

/// What a column's sampled values look like.
#[derive(Clone, Copy, Debug, Default)]
struct Shape {
    n: usize,
    /// Plain whole numbers (`221700`).
    raw: usize,
    /// Counts in any accepted form (`221.7K`, `48,200`).
    counts: usize,
    percents: usize,
    at_handles: usize,
    urls: usize,
    /// Text with a space inside (a display name, not a handle).
    spaced: usize,
    emails: usize,
    platforms: usize,
    countries: usize,
}

impl Shape {
    fn of<'a>(values: impl Iterator<Item = &'a str>) -> Shape {
        let mut s = Shape::default();
        for v in values {
            let v = v.trim();
            if is_unknown(v) {
                continue;
            }
            s.n += 1;
            if v.bytes().all(|b| b.is_ascii_digit()) {
                s.raw += 1;
            }
            if matches!(parse_count(v), Ok(Some(_))) {
                s.counts += 1;
            }
            if v.ends_with('%') {
                s.percents += 1;
            }
            if v.starts_with('@') && !v.contains(char::is_whitespace) {
                s.at_handles += 1;
            }
            if parse_profile_url(v).is_some_and(|(p, h)| p.is_some() && !h.is_empty()) {
                s.urls += 1;
            }
            if v.contains(char::is_whitespace) {
                s.spaced += 1;
            }
            if let Some((user, domain)) = v.split_once('@')
                && !user.is_empty()
                && domain.contains('.')
                && !v.contains(char::is_whitespace)
            {
                s.emails += 1;
            }
            if Platform::parse(v).is_some() {
                s.platforms += 1;
            }
            if is_country(v) {
                s.countries += 1;
            }
        }
        s
    }

    /// At least `pct` percent of the known values (and at least one).
    fn most(&self, count: usize, pct: usize) -> bool {
        self.n > 0 && count * 100 >= self.n * pct
    }

    fn raw_share(&self) -> usize {
        (self.raw * 1000).checked_div(self.n).unwrap_or(0)
    }
}

/// An ISO 3166 code (`SE`, `USA`) or a common country name.
fn is_country(v: &str) -> bool {
    const NAMES: [&str; 60] = [
        "united states",
        "usa",
        "united kingdom",
        "uk",
        "canada",
        "mexico",
        "brazil",
        "argentina",
        "colombia",
        "chile",
        "peru",
        "spain",
        "france",
        "germany",
        "italy",
        "portugal",
        "netherlands",
        "belgium",
        "sweden",
        "norway",
        "denmark",
        "finland",
        "poland",
        "austria",
        "switzerland",
        "ireland",
        "greece",
        "turkey",
        "russia",
        "ukraine",
        "india",
        "pakistan",
        "bangladesh",
        "indonesia",
        "philippines",
        "vietnam",
        "thailand",
        "malaysia",
        "singapore",
        "japan",
        "south korea",
        "korea",
        "china",
        "taiwan",
        "australia",
        "new zealand",
        "south africa",
        "nigeria",
        "egypt",
        "kenya",
        "morocco",
        "saudi arabia",
        "united arab emirates",
        "uae",
        "israel",
        "iran",
        "iraq",
        "czechia",
        "romania",
        "hungary",
    ];
    let t = v.trim();
    (matches!(t.len(), 2 | 3) && t.bytes().all(|b| b.is_ascii_uppercase()))
        || NAMES.contains(&t.to_lowercase().as_str())
}

/// Words that mark a raw figure beside a display one (`Followers (raw)`, `followers_count`).
const RAW_WORDS: [&str; 6] = ["raw", "exact", "count", "number", "num", "full"];

fn stem(w: &str) -> &str {
    if w.len() > 3 {
        w.strip_suffix('s').unwrap_or(w)
    } else {
        w
    }
}

/// A header's words without the raw-figure markers, singular: what a display column and its
/// raw sibling share.
fn core_words(words: &[String]) -> Vec<&str> {
    words
        .iter()
        .map(|w| stem(w))
        .filter(|w| !RAW_WORDS.contains(w))
        .collect()
}

/// Every word [`word_fields`] looks for: a header with none of them (and no platform word)
/// suggests nothing.
static KEYWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        [
            "total",
            "sum",
            "lifetime",
            "growth",
            "change",
            "url",
            "link",
            "profile",
            "href",
            "email",
            "mail",
            "country",
            "location",
            "nation",
            "geo",
            "language",
            "lang",
            "genre",
            "category",
            "categorie",
            "niche",
            "topic",
            "vertical",
            "interest",
            "engagement",
            "eng",
            "er",
            "rate",
            "ratio",
            "percent",
            "pct",
            "percentage",
            "fee",
            "price",
            "cost",
            "view",
            "reach",
            "impression",
            "like",
            "comment",
            "follower",
            "subscriber",
            "sub",
            "fan",
            "audience",
            "followercount",
            "platform",
            "network",
            "social",
            "site",
            "name",
            "user",
            "username",
            "handle",
            "account",
            "id",
            "nick",
            "nickname",
            "creator",
            "influencer",
            "youtuber",
            "tiktoker",
            "instagrammer",
            "streamer",
            "fullname",
            "title",
            "channel",
        ]
        .into_iter()
        .collect()
    });

/// The fields a header's words suggest, best first, and a platform word if it has one.
fn word_fields(words: &[String], shape: &Shape) -> (Vec<Field>, Option<Platform>) {
    let stems: Vec<&str> = words.iter().map(|w| stem(w)).collect();
    // Most columns of a wide file say nothing scout knows: one look each, then done.
    if !stems.iter().any(|w| KEYWORDS.contains(w))
        && !words.iter().any(|w| platform_word(w).is_some())
    {
        return (Vec::new(), None);
    }
    let has = |list: &[&str]| {
        debug_assert!(list.iter().all(|w| KEYWORDS.contains(w)), "{list:?}");
        stems.iter().any(|w| list.contains(w))
    };
    let platform = words.iter().find_map(|w| platform_word(w));
    let mut out = Vec::new();
    let per_post = !has(&["total", "sum", "lifetime", "growth", "change"]);
    if has(&["url", "link", "profile", "href"]) {
        out.push(Field::Handle);
    }
    if has(&["email", "mail"]) {
        out.push(Field::Email);
    }
    if has(&["country", "location", "nation", "geo"]) {
        out.push(Field::Country);
        return (out, platform);
    }
    if has(&["language", "lang"]) {
        out.push(Field::Language);
        return (out, platform);
    }
    if has(&[
        "genre",
        "category",
        "categorie",
        "niche",
        "topic",
        "vertical",
        "interest",
    ]) {
        out.push(Field::Niches);
    }
    let engagement = has(&["engagement", "eng", "er"]);
    if engagement {
        if has(&["rate", "ratio", "percent", "pct", "percentage"]) || shape.most(shape.percents, 80)
        {
            out.push(Field::Engagement);
        } else if per_post {
            out.push(Field::AvgEngagements);
        }
    } else if per_post && has(&["fee", "price", "cost", "rate"]) {
        out.push(Field::Rate);
    }
    if per_post {
        if has(&["view", "reach", "impression"]) {
            out.push(Field::AvgViews);
        }
        if has(&["like"]) {
            out.push(Field::AvgLikes);
        }
        if has(&["comment"]) {
            out.push(Field::AvgComments);
        }
    }
    if has(&[
        "follower",
        "subscriber",
        "sub",
        "fan",
        "audience",
        "followercount",
    ]) && !engagement
    {
        out.push(Field::Followers);
    }
    if has(&["platform", "network", "social", "site"]) {
        out.push(Field::Platform);
    }
    let identity = has(&[
        "name", "user", "username", "handle", "account", "id", "nick", "nickname",
    ]);
    let who = has(&[
        "creator",
        "influencer",
        "youtuber",
        "tiktoker",
        "instagrammer",
        "streamer",
    ]);
    if (platform.is_some() && (identity || words.len() == 1))
        || has(&["username", "user", "handle", "account", "nick", "nickname"])
        || (has(&["channel"]) && words.len() > 1)
        || (who && !has(&["name"]))
    {
        out.push(Field::Handle);
    }
    if has(&["name", "fullname", "title"]) || (has(&["channel"]) && words.len() > 1) {
        out.push(Field::Name);
    }
    let platform = platform.or_else(|| has(&["channel"]).then_some(Platform::YouTube));
    (out, platform)
}

/// A field read from a column whose values have a shape: what the shape is called, how many
/// values have it, and the share (percent) of the known values that must.
type ValueRule = (Field, &'static str, fn(&Shape) -> usize, usize);

/// What [`resolve`] decided for one file.
pub(in crate::io) struct Resolved {
    pub columns: Result<Columns, String>,
    pub notes: Vec<(u64, String)>,
    pub mapping: FileMapping,
}

/// Matches a file's columns to fields. `map` (the command line, or the mapping screen)
/// wins, then a profile saved for this very header, then the documented names, then
/// guesses from header words, from values, and (platform only) from the file name.
pub(in crate::io) fn resolve(
    map: &FieldMap,
    profiles: &[Profile],
    names: &[String],
    sample: Vec<(u64, Vec<String>)>,
    label: &str,
    header_line: u64,
) -> Resolved {
    let n = names.len();
    let mut notes = Vec::new();
    let norm: Vec<String> = names.iter().map(|h| normalize_header(h)).collect();
    // Only columns the sample has cells in: a header of a million names costs no more.
    let width = sample
        .iter()
        .map(|(_, r)| r.len())
        .max()
        .unwrap_or(0)
        .min(n);
    let shaped: Vec<Shape> = (0..width)
        .map(|ci| {
            Shape::of(
                sample
                    .iter()
                    .filter_map(|(_, r)| r.get(ci).map(String::as_str)),
            )
        })
        .collect();
    let blank = Shape::default();
    let shapes = |i: usize| shaped.get(i).unwrap_or(&blank);
    // Columns of one name: the one with raw figures is used (a display `221.7K` beside a
    // raw `221700`), else the first; the others are ignored.
    let mut used = vec![false; n];
    let mut dup = vec![false; n];
    // Each name's first column, through a map; the columns repeating a name, by that first.
    let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(n);
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    for (i, k) in norm.iter().enumerate() {
        if k.is_empty() {
            continue;
        }
        match by_name.entry(k.as_str()) {
            std::collections::hash_map::Entry::Occupied(e) => repeats.push((*e.get(), i)),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    repeats.sort_by_key(|&(first, _)| first);
    {
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (first, i) in repeats {
            match groups.last_mut() {
                Some(g) if g[0] == first => g.push(i),
                _ => groups.push(vec![first, i]),
            }
        }
        let mut repeated = 0usize;
        for g in &groups {
            let best = g
                .iter()
                .copied()
                .max_by_key(|&i| (shapes(i).raw_share(), std::cmp::Reverse(i)))
                .unwrap_or(g[0]);
            if best != g[0] {
                // The name is read from the column kept.
                by_name.insert(norm[best].as_str(), best);
            }
            for &i in g {
                if i != best {
                    dup[i] = true;
                    used[i] = true;
                    repeated += 1;
                    if repeated <= NAMED_WARNINGS as usize {
                        notes.push((
                            header_line,
                            if best == g[0] {
                                format!(
                                    "column `{}` appears more than once; the first is used",
                                    quote_data(&names[i])
                                )
                            } else {
                                format!(
                                    "column `{}` appears more than once; column {} (raw figures) is used",
                                    quote_data(&names[i]),
                                    best + 1
                                )
                            },
                        ));
                    }
                }
            }
        }
        if repeated > NAMED_WARNINGS as usize {
            let k = (repeated - NAMED_WARNINGS as usize) as u64;
            notes.push((
                header_line,
                format!(
                    "... and {k} more column{} that appear more than once",
                    plural(k)
                ),
            ));
        }
    }
    let find = |key: &str| by_name.get(key).copied();
    let mut feeds: Vec<(Feed, Why)> = vec![(Feed::None, Why::Named); FIELD_COUNT];
    let mut decided = [false; FIELD_COUNT];
    let profile = profiles.iter().find(|p| p.header == norm);
    let flagged =
        |f: Field| map.map.iter().any(|(g, _)| *g == f) || map.set.iter().any(|(g, _)| *g == f);
    let mut mapped: Vec<(Field, Vec<String>, Why)> = map
        .map
        .iter()
        .map(|(f, c)| (*f, c.clone(), Why::Map))
        .collect();
    let mut sets: Vec<(Field, String, Why)> = map
        .set
        .iter()
        .map(|(f, v)| (*f, v.clone(), Why::Set))
        .collect();
    if let Some(p) = profile {
        let why = Why::Profile(p.name.clone());
        for (f, c) in &p.map.map {
            if !flagged(*f) {
                mapped.push((*f, c.clone(), why.clone()));
            }
        }
        for (f, v) in &p.map.set {
            if !flagged(*f) {
                sets.push((*f, v.clone(), why.clone()));
            }
        }
    }
    for (field, cols, why) in mapped {
        let mut found = Vec::new();
        for col in cols {
            match find(&normalize_header(&col)) {
                Some(i) => {
                    found.push(i);
                    used[i] = true;
                }
                None => notes.push((
                    header_line,
                    format!(
                        "{} {}: no column `{}` in this file",
                        match &why {
                            Why::Profile(p) => format!("profile `{}`", quote_data(p)),
                            _ => "--map".into(),
                        },
                        field.key(),
                        quote_data(&col)
                    ),
                )),
            }
        }
        decided[field.index()] = true;
        if !found.is_empty() {
            feeds[field.index()] = (Feed::Columns(found), why);
        }
    }
    for (field, value, why) in sets {
        decided[field.index()] = true;
        feeds[field.index()] = (Feed::Value(value), why);
    }
    // The documented names: aliases in order of preference, the first present wins.
    for field in Field::ALL {
        if decided[field.index()] {
            continue;
        }
        for alias in field.aliases() {
            if let Some(i) = find(alias)
                && !used[i]
            {
                feeds[field.index()] = (Feed::Columns(vec![i]), Why::Named);
                decided[field.index()] = true;
                used[i] = true;
                break;
            }
        }
    }
    // Words of the columns still free (a header of a million repeated names splits none).
    let words: Vec<Vec<String>> = names
        .iter()
        .enumerate()
        .map(|(i, h)| if dup[i] { Vec::new() } else { header_words(h) })
        .collect();
    // Header words.
    let suggestions: Vec<(Vec<Field>, Option<Platform>)> = (0..n)
        .map(|i| {
            if used[i] {
                (Vec::new(), None)
            } else {
                word_fields(&words[i], shapes(i))
            }
        })
        .collect();
    let mut handle_platform: Option<(Platform, usize)> = None;
    for field in Field::ALL {
        if decided[field.index()] {
            continue;
        }
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| !used[i] && suggestions[i].0.contains(&field))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let chosen: Vec<usize> = match field {
            Field::Niches => candidates,
            Field::Handle => {
                // Handle-shaped values (no spaces; @handles and URLs) win over display names.
                let best = candidates.iter().copied().max_by_key(|&i| {
                    let s = shapes(i);
                    let shaped = s.n.saturating_sub(s.spaced) + s.urls + s.at_handles;
                    (
                        (shaped * 1000).checked_div(s.n).unwrap_or(500),
                        std::cmp::Reverse(i),
                    )
                });
                best.into_iter().collect()
            }
            Field::Followers
            | Field::AvgViews
            | Field::AvgLikes
            | Field::AvgComments
            | Field::AvgEngagements => {
                // Per-post averages first, then raw figures, then the first.
                let avg = |i: usize| {
                    words[i]
                        .iter()
                        .any(|w| matches!(w.as_str(), "avg" | "average" | "mean" | "per"))
                };
                candidates
                    .iter()
                    .copied()
                    .max_by_key(|&i| (avg(i), shapes(i).raw_share(), std::cmp::Reverse(i)))
                    .into_iter()
                    .collect()
            }
            _ => vec![candidates[0]],
        };
        for &i in &chosen {
            used[i] = true;
        }
        if field == Field::Handle
            && let Some(&i) = chosen.first()
            && let Some(p) = suggestions[i].1
        {
            handle_platform = Some((p, i));
        }
        feeds[field.index()] = (Feed::Columns(chosen), Why::HeaderWords);
        decided[field.index()] = true;
    }
    // A display column beside its raw sibling (`Followers` and `Followers (raw)` or
    // `followers_count`): the raw one is read.
    for field in [
        Field::Followers,
        Field::AvgViews,
        Field::AvgLikes,
        Field::AvgComments,
        Field::AvgEngagements,
    ] {
        let (Feed::Columns(cols), why) = &feeds[field.index()] else {
            continue;
        };
        if cols.len() != 1 || matches!(why, Why::Map | Why::Profile(_)) {
            continue;
        }
        let i = cols[0];
        let core = core_words(&words[i]);
        if core.is_empty() {
            continue;
        }
        let sibling = (0..n)
            .filter(|&j| !used[j] && core_words(&words[j]) == core)
            .max_by_key(|&j| (shapes(j).raw_share(), std::cmp::Reverse(j)));
        if let Some(j) = sibling
            && shapes(j).raw_share() > shapes(i).raw_share()
        {
            used[j] = true;
            feeds[field.index()] = (Feed::Columns(vec![j]), Why::Values("raw figures"));
        }
    }
    // The shape of the values, for what the header did not say.
    let by_values: [ValueRule; 5] = [
        (Field::Handle, "@handles", |s| s.at_handles, 60),
        (Field::Handle, "profile URLs", |s| s.urls, 60),
        (Field::Platform, "platform names", |s| s.platforms, 80),
        (Field::Email, "email addresses", |s| s.emails, 60),
        (Field::Engagement, "percentages", |s| s.percents, 80),
    ];
    for (field, what, count, pct) in by_values {
        if decided[field.index()] {
            continue;
        }
        if let Some(i) = (0..n).find(|&i| !used[i] && shapes(i).most(count(shapes(i)), pct)) {
            used[i] = true;
            feeds[field.index()] = (Feed::Columns(vec![i]), Why::Values(what));
            decided[field.index()] = true;
        }
    }
    if !decided[Field::Country.index()]
        && let Some(i) = (0..n)
            .find(|&i| !used[i] && shapes(i).most(shapes(i).countries, 80) && shapes(i).raw == 0)
    {
        used[i] = true;
        feeds[Field::Country.index()] = (Feed::Columns(vec![i]), Why::Values("countries"));
    }
    // No handle column: a URL column of profile URLs gives the handles.
    if feeds[Field::Handle.index()].0 == Feed::None
        && let Feed::Columns(c) = &feeds[Field::Url.index()].0
        && let Some(&i) = c.first()
        && shapes(i).most(shapes(i).urls, 50)
    {
        feeds[Field::Handle.index()] = (Feed::Columns(vec![i]), Why::Values("profile URLs"));
    }
    // Profile URLs in the handle column give each row's platform.
    let urls = match &feeds[Field::Handle.index()].0 {
        Feed::Columns(c) => c
            .first()
            .copied()
            .filter(|&i| shapes(i).most(shapes(i).urls, 50)),
        _ => None,
    };
    if feeds[Field::Platform.index()].0 == Feed::None {
        // A platform word beside the handle's header, else in the file's name.
        let guess = handle_platform
            .map(|(p, i)| (p, Why::HeaderPlatform(names[i].clone())))
            .or_else(|| {
                let stem = std::path::Path::new(label)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                header_words(&stem)
                    .iter()
                    .find_map(|w| platform_word(w))
                    .map(|p| (p, Why::FileName))
            });
        if let Some((p, why)) = guess {
            feeds[Field::Platform.index()] = (Feed::Value(p.key().into()), why);
        }
    }
    let ignored: Vec<usize> = (0..n)
        .filter(|&i| !names[i].is_empty() && (!used[i] || dup[i]))
        .collect();
    let mapping = FileMapping {
        names: names.to_vec(),
        sample,
        fields: Field::ALL
            .iter()
            .zip(feeds)
            .map(|(&field, (feed, why))| FieldMatch { field, feed, why })
            .collect(),
        ignored,
        urls,
        profile: profile.map(|p| p.name.clone()),
        label: label.to_string(),
    };
    let columns = columns_of(&mapping, names);
    Resolved {
        columns,
        notes,
        mapping,
    }
}

/// The columns to read rows with, or the one line that says every required field that is
/// missing, each with its fix.
fn columns_of(mapping: &FileMapping, names: &[String]) -> Result<Columns, String> {
    let missing = mapping.missing();
    if !missing.is_empty() {
        let fixes: Vec<String> = missing
            .iter()
            .map(|&f| {
                if f == Field::Platform {
                    "--set platform=NAME or --map platform=COLUMN".to_string()
                } else {
                    format!("--map {}=COLUMN", f.key())
                }
            })
            .collect();
        let what: Vec<String> = missing
            .iter()
            .map(|f| format!("no {} column", f.key()))
            .collect();
        return Err(format!(
            "{} (columns: {}); use {}",
            what.join(", "),
            if names.is_empty() {
                "none".to_string()
            } else {
                column_list(names)
            },
            fixes.join("; use ")
        ));
    }
    let mut columns = Columns::default();
    for m in &mapping.fields {
        let fi = m.field.index();
        match &m.feed {
            Feed::None => {}
            Feed::Columns(c) => columns.cols[fi] = c.clone(),
            Feed::Value(v) if m.field == Field::Platform && m.why.is_guess() => {
                columns.platform_guess = Some(v.clone());
            }
            Feed::Value(v) => columns.fixed[fi] = Some(v.clone()),
        }
    }
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_split_case_and_punctuation() {
        assert_eq!(header_words("Views avg."), ["views", "avg"]);
        assert_eq!(
            header_words("60_day_eng_rate"),
            ["60", "day", "eng", "rate"]
        );
        assert_eq!(header_words("followersCount"), ["followers", "count"]);
        assert_eq!(
            header_words("Audience country(mostly)"),
            ["audience", "country", "mostly"]
        );
    }

    #[test]
    fn profile_urls_give_platform_and_handle() {
        assert_eq!(
            parse_profile_url("https://www.instagram.com/lena.lifts/"),
            Some((Some(Platform::Instagram), "lena.lifts"))
        );
        assert_eq!(
            parse_profile_url("tiktok.com/@mia?lang=en"),
            Some((Some(Platform::TikTok), "mia"))
        );
        assert_eq!(
            parse_profile_url("https://youtube.com/c/Chef"),
            Some((Some(Platform::YouTube), "Chef"))
        );
        assert_eq!(
            parse_profile_url("https://blog.example.org/me"),
            Some((None, "me"))
        );
        assert_eq!(parse_profile_url("lena.lifts"), None);
        assert_eq!(parse_profile_url("a/b"), None);
    }

    #[test]
    fn platform_words_in_headers_and_file_names() {
        assert_eq!(platform_word("insta"), Some(Platform::Instagram));
        assert_eq!(platform_word("tiktoker"), Some(Platform::TikTok));
        assert_eq!(platform_word("youtubers"), Some(Platform::YouTube));
        assert_eq!(platform_word("igloo"), None);
        assert_eq!(platform_word("name"), None);
    }
}
