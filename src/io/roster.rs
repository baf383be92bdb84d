//! Roster readers: CSV, TSV, TOML, JSON, spreadsheets (.xlsx, .xls, .ods) and CSV on
//! standard input, with header aliases, `--map`, `--set` and `--sheet`, tolerant of what
//! real exports contain.
//!
//! A load is a [`RosterReader`] stepped a batch of rows at a time, so the planner can show
//! the first screen while a big file is still loading; a blocking load steps it to the end.
//! A bad row never stops a load: it is recorded as `PATH:LINE: reason` (`PATH:SHEET:ROW:
//! reason` in a spreadsheet) and skipped.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::creator::Platform;
use crate::domain::fees::EngagementSource;
use crate::domain::money::{Money, MoneyError};
use crate::domain::number::{
    NumberError, format_percent, grouped, is_unknown, parse_count, parse_rate,
};
use crate::domain::roster::{Duplicate, NewCreator, Roster};
use crate::domain::text::{clean_line, escape_controls, has_unsafe, quote_data};

mod blocks;
mod matching;
mod sheets;

pub use matching::{
    Feed, FieldMatch, FileMapping, Profile, SAMPLE_ROWS, Why, header_words, parse_profile_url,
    platform_word,
};

/// A roster field, as named in files and in `--map`/`--set`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Handle,
    Platform,
    Followers,
    Name,
    Niches,
    Engagement,
    AvgViews,
    AvgLikes,
    AvgComments,
    AvgEngagements,
    Country,
    Language,
    Email,
    Rate,
    /// The profile address; a handle given as a URL sets it too.
    Url,
}

const FIELD_COUNT: usize = 15;

impl Field {
    pub const ALL: [Field; FIELD_COUNT] = [
        Field::Handle,
        Field::Platform,
        Field::Followers,
        Field::Name,
        Field::Niches,
        Field::Engagement,
        Field::AvgViews,
        Field::AvgLikes,
        Field::AvgComments,
        Field::AvgEngagements,
        Field::Country,
        Field::Language,
        Field::Email,
        Field::Rate,
        Field::Url,
    ];

    /// The field's name in files and messages.
    pub fn key(self) -> &'static str {
        match self {
            Field::Handle => "handle",
            Field::Platform => "platform",
            Field::Followers => "followers",
            Field::Name => "name",
            Field::Niches => "niches",
            Field::Engagement => "engagement_rate",
            Field::AvgViews => "avg_views",
            Field::AvgLikes => "avg_likes",
            Field::AvgComments => "avg_comments",
            Field::AvgEngagements => "avg_engagements",
            Field::Country => "country",
            Field::Language => "language",
            Field::Email => "email",
            Field::Rate => "rate",
            Field::Url => "url",
        }
    }

    /// Header names (normalised) that mean this field, the field's own name first.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Handle => &["handle", "username", "account"],
            Field::Platform => &["platform", "network", "channel"],
            Field::Followers => &["followers", "subscribers", "audience", "followercount"],
            Field::Name => &["name", "fullname", "displayname"],
            Field::Niches => &["niches", "niche", "category", "categories", "topics"],
            Field::Engagement => &["engagementrate", "engagement", "er", "engrate"],
            Field::AvgViews => &["avgviews", "views", "reach"],
            Field::AvgLikes => &["avglikes", "likes"],
            Field::AvgComments => &["avgcomments", "comments"],
            Field::AvgEngagements => &["avgengagements", "engagements", "engagementavg"],
            Field::Country => &["country"],
            Field::Language => &["language"],
            Field::Email => &["email", "contact"],
            Field::Rate => &["rate", "fee", "price", "rateperpost"],
            Field::Url => &["url", "profileurl", "link", "profilelink", "profile"],
        }
    }

    /// Reads a field name as a user types it (`engagement_rate`, `Avg Views`, an alias).
    pub fn parse(name: &str) -> Option<Field> {
        let key = normalize_header(name);
        Field::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Handle, platform and followers: a row without them is rejected.
    pub fn is_required(self) -> bool {
        matches!(self, Field::Handle | Field::Platform | Field::Followers)
    }

    /// Kept as text in the roster (not parsed as a number).
    fn is_text(self) -> bool {
        matches!(
            self,
            Field::Handle
                | Field::Platform
                | Field::Name
                | Field::Niches
                | Field::Country
                | Field::Language
                | Field::Email
                | Field::Url
        )
    }
}

/// Header matching ignores case, spaces, `_` and `-` (and a stray BOM or quotes).
pub fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}' | '"' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--map`, `--set` and `--sheet`: how to read files whose columns are not ours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// Field <- columns. For niches every listed column is combined; for other fields the
    /// first listed column that has a value is used.
    pub map: Vec<(Field, Vec<String>)>,
    /// Field = value for every row, replacing any column.
    pub set: Vec<(Field, String)>,
    /// The sheet every spreadsheet is read from; `None`: each one's first sheet.
    pub sheet: Option<String>,
}

/// A `--map` or `--set` argument that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("`{0}` should be FIELD=VALUE")]
    NoEquals(String),
    #[error(
        "unknown field `{0}` (fields: handle, platform, followers, name, niches, engagement_rate, avg_views, avg_likes, avg_comments, avg_engagements, country, language, email, rate, url)"
    )]
    UnknownField(String),
    #[error("`{0}` names no column")]
    NoColumn(String),
}

impl FieldMap {
    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.set.is_empty() && self.sheet.is_none()
    }

    /// Parses `FIELD=COLUMN[,COLUMN...]`.
    pub fn add_map(&mut self, arg: &str) -> Result<(), MapError> {
        let (field, cols) = arg
            .split_once('=')
            .ok_or_else(|| MapError::NoEquals(arg.into()))?;
        let field =
            Field::parse(field).ok_or_else(|| MapError::UnknownField(field.trim().into()))?;
        let cols: Vec<String> = cols
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        if cols.is_empty() {
            return Err(MapError::NoColumn(arg.into()));
        }
        self.map.retain(|(f, _)| *f != field);
        self.map.push((field, cols));
        Ok(())
    }

    /// Parses `FIELD=VALUE`.
    pub fn add_set(&mut self, arg: &str) -> Result<(), MapError> {
        let (field, value) = arg
            .split_once('=')
            .ok_or_else(|| MapError::NoEquals(arg.into()))?;
        let field =
            Field::parse(field).ok_or_else(|| MapError::UnknownField(field.trim().into()))?;
        self.set.retain(|(f, _)| *f != field);
        self.set.push((field, value.trim().to_string()));
        Ok(())
    }

    /// The arguments back, as `FIELD=...` strings, for recording in a plan.
    pub fn map_args(&self) -> Vec<String> {
        self.map
            .iter()
            .map(|(f, c)| format!("{}={}", f.key(), c.join(",")))
            .collect()
    }

    pub fn set_args(&self) -> Vec<String> {
        self.set
            .iter()
            .map(|(f, v)| format!("{}={}", f.key(), v))
            .collect()
    }
}

/// Where roster text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    /// CSV on standard input (`-`).
    Stdin,
    /// A roster built into the binary (the sample), with the name it is reported under.
    Embedded {
        name: String,
        text: &'static str,
    },
    /// Bytes already in memory (tests, the fuzz targets), read as the name's extension says.
    Memory {
        name: String,
        bytes: Arc<[u8]>,
    },
}

impl Source {
    /// Its size in bytes, for progress; 0 when unknown (standard input, an unreadable file).
    pub fn size(&self) -> u64 {
        match self {
            Source::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Source::Embedded { text, .. } => text.len() as u64,
            Source::Memory { bytes, .. } => bytes.len() as u64,
            Source::Stdin => 0,
        }
    }

    /// `-` is standard input; anything else a path.
    pub fn from_arg(arg: &str) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// The name used in messages: the path as given, `<stdin>`, or the embedded name.
    pub fn label(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".into(),
            Source::Embedded { name, .. } | Source::Memory { name, .. } => name.clone(),
        }
    }

    fn kind(&self) -> Result<Kind, String> {
        match self {
            Source::Stdin => Ok(Kind::Csv(b',')),
            Source::Embedded { name, .. } | Source::Memory { name, .. } => kind_of(Path::new(name)),
            Source::File(p) => kind_of(p),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Csv(u8),
    Toml,
    Json,
    Sheet(sheets::Format),
}

fn kind_of(p: &Path) -> Result<Kind, String> {
    match p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") | Some("txt") => Ok(Kind::Csv(b',')),
        Some("tsv") | Some("tab") => Ok(Kind::Csv(b'\t')),
        Some("toml") => Ok(Kind::Toml),
        Some("json") => Ok(Kind::Json),
        Some("xlsx") => Ok(Kind::Sheet(sheets::Format::Xlsx)),
        Some("xls") => Ok(Kind::Sheet(sheets::Format::Xls)),
        Some("ods") => Ok(Kind::Sheet(sheets::Format::Ods)),
        Some(other) => Err(format!(
            "unsupported roster format `.{}` (use {FORMATS})",
            escape_controls(other)
        )),
        None => Err(format!("no file extension: name the roster {FORMATS}")),
    }
}

/// A spreadsheet's sheet (`sheet`, else the first) as the roster reader finds it: its name,
/// its header, and its rows (sheet row number, cells in header order). For readers of other
/// files from spreadsheets (`scout results`); `None` when `path` is no spreadsheet.
pub(crate) type SheetTable = (String, Vec<String>, Vec<(u64, Vec<String>)>);

pub(crate) fn sheet_table(path: &Path, sheet: Option<&str>) -> Option<Result<SheetTable, String>> {
    let Ok(Kind::Sheet(format)) = kind_of(path) else {
        return None;
    };
    Some(
        sheets::read(&Source::File(path.to_path_buf()), format, sheet).map(|s| {
            let rows = s
                .rows
                .into_iter()
                .filter_map(|(r, f)| f.ok().map(|f| (r, f.into_iter().map(|(_, v)| v).collect())))
                .collect();
            (s.name, s.header, rows)
        }),
    )
}

/// The extensions read, for messages.
const FORMATS: &str = ".csv, .tsv, .toml, .json, .xlsx, .xls or .ods";

/// Where in its file a message points: `PATH`, `PATH:SHEET` in a spreadsheet, then `:LINE`
/// when `line` is not 0 (LINE is a spreadsheet's own 1-based row number).
fn write_place(
    f: &mut fmt::Formatter<'_>,
    path: &str,
    sheet: Option<&str>,
    line: u64,
) -> fmt::Result {
    f.write_str(path)?;
    if let Some(sheet) = sheet {
        write!(f, ":{}", escape_controls(sheet))?;
    }
    if line != 0 {
        write!(f, ":{line}")?;
    }
    Ok(())
}

/// One rejected row: `PATH:LINE: reason`, or `PATH:SHEET:ROW: reason` in a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub path: String,
    /// The sheet the row is on, in a spreadsheet.
    pub sheet: Option<String>,
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.path, self.sheet.as_deref(), self.line)?;
        write!(f, ": {}", self.reason)
    }
}

/// Something the user should know that did not cost a row: `PATH:LINE: message`, or
/// `PATH:SHEET:ROW: message` (LINE 0 means the file, or the sheet, as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub path: String,
    pub sheet: Option<String>,
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.path, self.sheet.as_deref(), self.line)?;
        write!(f, ": {}", self.message)
    }
}

/// A file (or the sheet read from it) that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub sheet: Option<String>,
    pub cause: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_place(f, &self.path, self.sheet.as_deref(), 0)?;
        write!(f, ": {}", self.cause)
    }
}

/// What a load did: per file counts, rejected rows, notices, unreadable files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    pub files: Vec<FileSummary>,
    pub rejected: Vec<Rejection>,
    pub notices: Vec<Notice>,
    pub failed: Vec<FileError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSummary {
    pub path: String,
    /// The sheet read, for a spreadsheet.
    pub sheet: Option<String>,
    pub loaded: u64,
    pub rejected: u64,
    /// Rows that were duplicates of an earlier creator (they only fill its blanks).
    pub duplicates: u64,
    /// How its columns were matched to fields, once its header was read.
    pub mapping: Option<FileMapping>,
}

impl LoadReport {
    pub fn loaded(&self) -> u64 {
        self.files.iter().map(|f| f.loaded).sum()
    }

    /// How the columns of each file were matched, in file order (files that could not be
    /// opened have none).
    pub fn mappings(&self) -> impl Iterator<Item = (&FileSummary, &FileMapping)> {
        self.files
            .iter()
            .filter_map(|f| f.mapping.as_ref().map(|m| (f, m)))
    }

    /// Whether everything loaded: no rejected row and no unreadable file.
    pub fn is_clean(&self) -> bool {
        self.rejected.is_empty() && self.failed.is_empty()
    }
}

/// Shared progress of a load, readable from another thread while it runs.
#[derive(Debug, Default)]
pub struct LoadProgress {
    pub bytes_read: AtomicU64,
    pub bytes_total: AtomicU64,
    pub rows: AtomicU64,
}

/// Where each field is read from in one file: column indices, or a fixed value.
#[derive(Clone, Debug, Default)]
struct Columns {
    cols: [Vec<usize>; FIELD_COUNT],
    fixed: [Option<String>; FIELD_COUNT],
    /// A guessed platform (from a header word or the file name), for rows whose own cells
    /// and profile URL give none.
    platform_guess: Option<String>,
}

/// One row's raw cells by field (niches may come from several columns).
#[derive(Default)]
struct RawRow<'a> {
    cells: [Option<Cow<'a, str>>; FIELD_COUNT],
    niches: Vec<Cow<'a, str>>,
    platform_guess: Option<&'a str>,
}

/// A load over one or more sources. It runs on other threads once started (every core
/// parses its share of a CSV file); [`RosterReader::poll`] adds what is ready to the
/// roster, [`RosterReader::step`] waits for a number of rows, [`RosterReader::run`] for
/// everything.
pub struct RosterReader {
    sources: Vec<Source>,
    map: FieldMap,
    /// Saved mappings, each used for a file with its header.
    profiles: Vec<Profile>,
    label: String,
    /// The sheet of the current file being read, for a spreadsheet.
    sheet: Option<String>,
    file_index: usize,
    /// For each loaded creator, its line, and the first creator of each file: to report
    /// where a duplicate's first is.
    lines: Vec<u32>,
    file_starts: Vec<u32>,
    derived_likes: u64,
    derived_engagements: u64,
    /// Creators of the current file with an engagement rate above 100%, and with figures
    /// that disagree: the first few are named, the rest counted.
    above_100: u64,
    disagree: u64,
    non_utf8_lines: u64,
    /// Row warnings of the current file by kind (see [`warning_kind`]), in the order first
    /// met: the first few of each kind are kept, the rest counted.
    kinds: Vec<(String, u64)>,
    report: LoadReport,
    progress: Arc<LoadProgress>,
    /// The load running on other threads, once [`RosterReader::start`]ed.
    pipe: Option<blocks::Pipe>,
    /// Every source is done.
    finished: bool,
    /// The line the next CSV block of the current file starts on.
    next_line: u64,
    /// Bytes of CSV per block handed to a worker.
    block_bytes: usize,
}

/// The longest field a roster row may hold: 64 KiB, far past any name, handle or list of
/// niches. A row with a longer one is rejected, naming its line.
pub const MAX_FIELD: usize = 64 << 10;

/// Surprising rows of one kind named per file before the rest are only counted.
const NAMED_WARNINGS: u64 = 5;

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Kinds of row warning told apart per file; past this many, a new kind is not counted
/// (each is still named up to [`NAMED_WARNINGS`] times).
const MAX_KINDS: usize = 64;

/// What a warning is about, for counting warnings of one kind: its text up to the first
/// quoted value, number, `:` or `/` (`rate`, `duplicate of instagram`).
fn warning_kind(message: &str) -> &str {
    let end = message
        .find(|c: char| c == '`' || c == ':' || c == '/' || c.is_ascii_digit())
        .unwrap_or(message.len());
    message[..end].trim_end()
}

/// Creators above which a TOML or JSON roster earns a hint that CSV loads much faster.
const LARGE_TEXT_ROSTER: usize = 50_000;

impl RosterReader {
    pub fn new(sources: Vec<Source>, map: FieldMap) -> RosterReader {
        let progress = Arc::new(LoadProgress::default());
        let total: u64 = sources.iter().map(Source::size).sum();
        progress.bytes_total.store(total, Ordering::Relaxed);
        RosterReader {
            sources,
            map,
            profiles: Vec::new(),
            label: String::new(),
            sheet: None,
            file_index: 0,
            lines: Vec::new(),
            file_starts: Vec::new(),
            derived_likes: 0,
            derived_engagements: 0,
            above_100: 0,
            disagree: 0,
            non_utf8_lines: 0,
            kinds: Vec::new(),
            report: LoadReport::default(),
            progress,
            pipe: None,
            finished: false,
            next_line: 1,
            block_bytes: blocks::BLOCK,
        }
    }

    /// Saved mappings (the config's profiles): a file whose header is a profile's is read
    /// with its mapping, under `--map`/`--set`.
    pub fn with_profiles(mut self, profiles: Vec<Profile>) -> RosterReader {
        self.profiles = profiles;
        self
    }

    /// Cuts CSV files into blocks of about `bytes` for the workers (default 1 MiB). Tests
    /// use tiny blocks to put block boundaries where they are hardest.
    pub fn with_block_bytes(mut self, bytes: usize) -> RosterReader {
        self.block_bytes = bytes.max(1);
        self
    }

    pub fn progress(&self) -> Arc<LoadProgress> {
        Arc::clone(&self.progress)
    }

    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    pub fn into_report(self) -> LoadReport {
        self.report
    }

    /// Whether every source is done.
    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// Loads at least `max_rows` more rows into `roster` (fewer at the end), waiting for
    /// them. Returns true when every source is done.
    pub fn step(&mut self, roster: &mut Roster, max_rows: usize) -> bool {
        self.start(roster);
        let want = roster.len() + max_rows;
        while roster.len() < want {
            if self.poll_until(roster, std::time::Duration::from_millis(20), want) {
                return true;
            }
        }
        false
    }

    /// Loads every source, on all cores, blocking until done.
    pub fn run(&mut self, roster: &mut Roster) {
        self.start(roster);
        while !self.poll(roster, std::time::Duration::from_secs(3600)) {}
        roster.shrink_to_fit();
    }

    fn finish_file(&mut self) {
        for (kind, n) in std::mem::take(&mut self.kinds) {
            if n > NAMED_WARNINGS {
                let n = n - NAMED_WARNINGS;
                self.notice(
                    0,
                    format!("... and {n} more warning{} like `{kind}…`", plural(n)),
                );
            }
        }
        if self.non_utf8_lines > 0 {
            self.notice(
                0,
                if self.non_utf8_lines == 1 {
                    "1 line was not UTF-8 and was read as Windows-1252".to_string()
                } else {
                    format!(
                        "{} lines were not UTF-8 and were read as Windows-1252",
                        self.non_utf8_lines
                    )
                },
            );
        }
        self.non_utf8_lines = 0;
        if self.above_100 > NAMED_WARNINGS {
            let n = self.above_100 - NAMED_WARNINGS;
            self.notice(
                0,
                format!(
                    "... and {n} more creator{} with an engagement rate above 100%",
                    plural(n)
                ),
            );
        }
        if self.disagree > NAMED_WARNINGS {
            let n = self.disagree - NAMED_WARNINGS;
            self.notice(
                0,
                format!(
                    "... and {n} more creator{} with more engagements per post than average views (marked ?)",
                    plural(n)
                ),
            );
        }
        self.above_100 = 0;
        self.disagree = 0;
        if self.derived_likes > 0 {
            let n = self.derived_likes;
            self.notice(
                0,
                format!(
                    "no engagement rate for {n} creator{}: derived as (likes + comments) / followers",
                    plural(n)
                ),
            );
        }
        if self.derived_engagements > 0 {
            let n = self.derived_engagements;
            self.notice(
                0,
                format!(
                    "no engagement rate for {n} creator{}: derived as engagements / followers",
                    plural(n)
                ),
            );
        }
        self.derived_likes = 0;
        self.derived_engagements = 0;
    }

    fn notice(&mut self, line: u64, message: String) {
        // A warning about a row: a million rows with the same fault print five lines and a
        // count, not a million lines.
        if line != 0 {
            let kind = warning_kind(&message);
            let seen = match self.kinds.iter().position(|(k, _)| *k == kind) {
                Some(i) => {
                    self.kinds[i].1 += 1;
                    self.kinds[i].1
                }
                None if self.kinds.len() < MAX_KINDS => {
                    self.kinds.push((kind.to_string(), 1));
                    1
                }
                None => 1,
            };
            if seen > NAMED_WARNINGS {
                return;
            }
        }
        self.report.notices.push(Notice {
            path: self.label.clone(),
            sheet: self.sheet.clone(),
            line,
            message,
        });
    }

    fn fail(&mut self, cause: String) {
        self.report.failed.push(FileError {
            path: self.label.clone(),
            sheet: self.sheet.clone(),
            cause,
        });
    }

    /// A line decoded as Windows-1252: the first few are named, the rest counted.
    fn non_utf8(&mut self, line: u64) {
        self.non_utf8_lines += 1;
        if self.non_utf8_lines <= 5 {
            self.notice(line, "not UTF-8: read as Windows-1252".into());
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        self.report.rejected.push(Rejection {
            path: self.label.clone(),
            sheet: self.sheet.clone(),
            line,
            reason,
        });
        self.report.files[self.file_index].rejected += 1;
    }

    /// Creator `i` joined the roster from `line`: counted, and warned about when its figures
    /// are surprising (they load all the same).
    fn added(&mut self, roster: &Roster, i: u32, line: u64) {
        self.lines.push(line.min(u64::from(u32::MAX)) as u32);
        self.report.files[self.file_index].loaded += 1;
        self.progress.rows.fetch_add(1, Ordering::Relaxed);
        let source = roster.engagement(i).map(|_| roster.engagement_source(i));
        match source {
            Some(EngagementSource::FromLikes) => self.derived_likes += 1,
            Some(EngagementSource::FromEngagements) => self.derived_engagements += 1,
            _ => {}
        }
        self.surprises(roster, i, line, (false, false));
    }

    /// Warns about creator `i`'s surprising figures, named at `line`, unless `before` says
    /// it already had them (`(rate above 100%, figures disagree)`).
    fn surprises(&mut self, roster: &Roster, i: u32, line: u64, before: (bool, bool)) {
        if let Some(rate) = roster.engagement(i)
            && rate > 1.0
            && !before.0
        {
            self.above_100 += 1;
            if self.above_100 <= NAMED_WARNINGS {
                self.notice(
                    line,
                    format!(
                        "engagement rate {} is above 100% (engagements per post exceed followers); kept",
                        format_percent(rate)
                    ),
                );
            }
        }
        if !before.1 && roster.figures_disagree(i) {
            self.disagree += 1;
            if self.disagree <= NAMED_WARNINGS {
                let views = roster.avg_views(i).unwrap_or(0);
                self.notice(
                    line,
                    format!(
                        "{} engagements per post but {} average views: one of them is wrong; loaded, marked ?",
                        grouped(roster.expected_engagements(i)),
                        grouped(views)
                    ),
                );
            }
        }
    }

    /// Row `line` (creator `j` of `part`) is a duplicate: it fills the first's blanks and
    /// the report says which, or that it had nothing to add.
    fn duplicate(
        &mut self,
        roster: &mut Roster,
        part: &Roster,
        j: u32,
        maps: &[Vec<u16>; 3],
        line: u64,
        dup: Duplicate,
    ) {
        let file = self.file_starts.partition_point(|&s| s <= dup.first) - 1;
        let first_line = self.lines[dup.first as usize];
        let first_file = &self.report.files[file];
        let where_ = match (&first_file.sheet, file == self.file_index) {
            (Some(_), true) => format!("row {first_line}"),
            (None, true) => format!("line {first_line}"),
            (Some(sheet), false) => format!(
                "{}:{}:{first_line}",
                first_file.path,
                escape_controls(sheet)
            ),
            (None, false) => format!("{}:{first_line}", first_file.path),
        };
        let first = dup.first;
        let before = (
            roster.engagement(first).is_some_and(|r| r > 1.0),
            roster.figures_disagree(first),
        );
        let filled = roster.fill_blanks(first, part, j, maps);
        let what = if filled.is_empty() {
            "nothing to fill; skipped".to_string()
        } else {
            format!("filled {}", filled.join(", "))
        };
        let message = format!(
            "duplicate of {}/{} at {where_}: {what}",
            roster.platform(dup.first).key(),
            roster.handle(dup.first)
        );
        self.report.files[self.file_index].duplicates += 1;
        self.notice(line, message);
        // What was filled may make the first's figures surprising: said where it came from.
        if !filled.is_empty() {
            self.surprises(roster, first, line, before);
        }
    }
}

/// What reading a CSV file produces, in file order.
#[allow(clippy::large_enum_variant)] // one at a time, passed straight on
enum Event<'a> {
    Row {
        line: u64,
        creator: NewCreator<'a>,
        warnings: Vec<String>,
    },
    Reject {
        line: u64,
        reason: String,
    },
    Notice {
        line: u64,
        message: String,
    },
    /// A record that was not UTF-8 and was decoded as Windows-1252.
    NonUtf8 {
        line: u64,
    },
}

/// Reads up to `budget` records; true when the input is done. `line_of` gives the line a
/// record starts on from where the csv reader began reading it.
fn read_csv<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
    columns: &Columns,
    line_of: &dyn Fn(&csv::Position) -> u64,
    sink: &mut dyn FnMut(Event<'_>),
) {
    loop {
        // Blocks are read from memory: the only errors are malformed records.
        match reader.read_byte_record(record) {
            Ok(false) => return,
            Ok(true) => {}
            Err(e) => {
                sink(Event::Reject {
                    line: e.position().map_or(0, line_of),
                    reason: csv_cause(&e),
                });
                continue;
            }
        }
        let line = record.position().map_or(0, line_of);
        // One UTF-8 check for the whole record; cell by cell decoding only when it fails.
        let bytes = std::mem::take(record);
        let (strings, raw) = match csv::StringRecord::from_byte_record(bytes) {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.into_byte_record())),
        };
        emit_record(columns, strings.as_ref(), raw.as_ref(), line, sink);
        *record = match (strings, raw) {
            (Some(s), _) => s.into_byte_record(),
            (None, Some(r)) => r,
            (None, None) => csv::ByteRecord::new(),
        };
    }
}

/// Turns one record (checked UTF-8 as `strings`, else raw `bytes`) into events.
fn emit_record(
    columns: &Columns,
    strings: Option<&csv::StringRecord>,
    bytes: Option<&csv::ByteRecord>,
    line: u64,
    sink: &mut dyn FnMut(Event<'_>),
) {
    {
        let get = |ci: usize| -> Option<(Cow<'_, str>, bool)> {
            match (strings, bytes) {
                (Some(s), _) => s.get(ci).map(|c| (Cow::Borrowed(c), false)),
                (None, Some(b)) => b.get(ci).map(decode),
                (None, None) => None,
            }
        };
        let len = strings.map_or_else(|| bytes.map_or(0, |b| b.len()), |s| s.len());
        if (0..len).all(|ci| get(ci).is_none_or(|(c, _)| c.trim().is_empty())) {
            return;
        }
        let mut non_utf8 = false;
        let row = fill_row(columns, |ci| {
            let (text, bad) = get(ci)?;
            non_utf8 |= bad;
            Some(text)
        });
        if non_utf8 {
            sink(Event::NonUtf8 { line });
        }
        check_and_emit(&row, line, sink);
    }
}

/// Checks one row and says what came of it: the creator with its warnings, or the warnings
/// as notices and then why the row is rejected.
fn check_and_emit(row: &RawRow<'_>, line: u64, sink: &mut dyn FnMut(Event<'_>)) {
    let mut warnings = Vec::new();
    match check_row(row, &mut warnings) {
        Ok(creator) => sink(Event::Row {
            line,
            creator,
            warnings,
        }),
        Err(reason) => {
            for w in warnings {
                sink(Event::Notice { line, message: w });
            }
            sink(Event::Reject { line, reason });
        }
    }
}

/// Works out which column feeds each field (see [`matching`]), with notices for duplicate
/// headers and --map columns that are missing. A file with no way to get a required field
/// is unreadable; the mapping says what was found either way.
fn resolve_columns(
    map: &FieldMap,
    profiles: &[Profile],
    names: &[String],
    sample: Vec<(u64, Vec<String>)>,
    label: &str,
    header_line: u64,
) -> (Result<Columns, String>, Vec<(u64, String)>, FileMapping) {
    let r = matching::resolve(map, profiles, names, sample, label, header_line);
    (r.columns, r.notes, r.mapping)
}

/// The columns a file has, for a message: each quoted, at most [`LISTED_COLUMNS`] of them.
fn column_list(names: &[String]) -> String {
    let mut list: Vec<String> = names
        .iter()
        .take(LISTED_COLUMNS)
        .map(|n| quote_data(n))
        .collect();
    if names.len() > LISTED_COLUMNS {
        list.push(format!("... and {} more", names.len() - LISTED_COLUMNS));
    }
    list.join(", ")
}

/// Columns named in a message before the rest are only counted.
const LISTED_COLUMNS: usize = 20;

fn large_text_message(rows: usize, kind: Kind) -> String {
    format!(
        "{rows} creators in a {} file: a CSV roster of this size loads many times faster",
        if kind == Kind::Toml { "TOML" } else { "JSON" }
    )
}

/// One TOML or JSON row's cells (in the shared column order) by field.
fn raw_row<'a>(columns: &'a Columns, cells: &'a [(String, String)]) -> RawRow<'a> {
    fill_row(columns, |ci| {
        cells.get(ci).map(|(_, v)| Cow::Borrowed(v.as_str()))
    })
}

/// A row's cells by field: `--set` values first, else the first known cell of the field's
/// columns (`cell` gives column `ci`'s text); niches gather every known cell.
fn fill_row<'a>(
    columns: &'a Columns,
    mut cell: impl FnMut(usize) -> Option<Cow<'a, str>>,
) -> RawRow<'a> {
    let mut row = RawRow {
        platform_guess: columns.platform_guess.as_deref(),
        ..RawRow::default()
    };
    for field in Field::ALL {
        let fi = field.index();
        if let Some(v) = &columns.fixed[fi] {
            if field == Field::Niches {
                row.niches.push(Cow::Borrowed(v.as_str()));
            }
            row.cells[fi] = Some(Cow::Borrowed(v.as_str()));
            continue;
        }
        for &ci in &columns.cols[fi] {
            let Some(text) = cell(ci) else {
                continue;
            };
            // Controls never get into the roster's text (a name, a handle); numbers keep
            // theirs, so `1\n2` is refused as a number rather than read as 12.
            let text = if field.is_text() && has_unsafe(&text) {
                Cow::Owned(clean_line(&text).into_owned())
            } else {
                text
            };
            if field == Field::Niches {
                if !is_unknown(&text) {
                    row.niches.push(text);
                }
            } else if row.cells[fi].is_none() && !is_unknown(&text) {
                row.cells[fi] = Some(text);
            }
        }
    }
    row
}

/// Validates one row: the creator it describes, or why it is rejected. Cells that are left
/// blank with a warning add to `warnings`.
fn check_row<'r>(
    row: &'r RawRow<'_>,
    warnings: &mut Vec<String>,
) -> Result<NewCreator<'r>, String> {
    {
        let too_long = row
            .cells
            .iter()
            .flatten()
            .chain(&row.niches)
            .any(|c| c.len() > MAX_FIELD);
        if too_long {
            return Err(format!(
                "a field is longer than {} KiB; the row is skipped",
                MAX_FIELD >> 10
            ));
        }
        let cell = |f: Field| row.cells[f.index()].as_deref();
        let handle = cell(Field::Handle)
            .map(crate::domain::creator::clean_handle)
            .unwrap_or("");
        // A profile URL gives the handle, and the platform when no column or --set does;
        // it is the creator's URL too when no URL column gives one.
        let mut url = cell(Field::Url).map_or("", str::trim);
        let (handle, url_platform) = match parse_profile_url(handle) {
            Some((p, h)) => {
                if url.is_empty() {
                    url = cell(Field::Handle).map_or("", str::trim);
                }
                (crate::domain::creator::clean_handle(h), p)
            }
            None => (handle, None),
        };
        if handle.is_empty() {
            return Err("no handle".into());
        }
        let platform = match (cell(Field::Platform), url_platform, row.platform_guess) {
            (Some(p), _, _) => Platform::parse(p)
                .ok_or_else(|| format!("unknown platform `{}`", quote_data(p.trim())))?,
            (None, Some(p), _) => p,
            (None, None, Some(p)) => Platform::parse(p)
                .ok_or_else(|| format!("unknown platform `{}`", quote_data(p.trim())))?,
            (None, None, None) => return Err("no platform".into()),
        };
        let followers = match cell(Field::Followers).map(parse_count) {
            None | Some(Ok(None)) => return Err("no followers".into()),
            Some(Ok(Some(n))) => n,
            Some(Err(e)) => return Err(format!("followers: {}", number_reason(&e))),
        };
        let mut c = NewCreator {
            handle,
            name: cell(Field::Name).unwrap_or(""),
            platform: Some(platform),
            followers,
            country: cell(Field::Country).unwrap_or(""),
            language: cell(Field::Language).unwrap_or(""),
            email: cell(Field::Email).unwrap_or(""),
            url,
            ..NewCreator::default()
        };
        let count = |f: Field, warnings: &mut Vec<String>| -> Result<Option<u64>, String> {
            match cell(f).map(parse_count) {
                None | Some(Ok(None)) => Ok(None),
                Some(Ok(Some(n))) => Ok(Some(n)),
                Some(Err(NumberError::Negative(v))) => {
                    Err(format!("{}: `{v}` is negative", f.key()))
                }
                Some(Err(e)) => {
                    warnings.push(format!("{}: {}; left blank", f.key(), number_reason(&e)));
                    Ok(None)
                }
            }
        };
        c.avg_views = count(Field::AvgViews, warnings)?;
        c.avg_likes = count(Field::AvgLikes, warnings)?;
        c.avg_comments = count(Field::AvgComments, warnings)?;
        c.avg_engagements = count(Field::AvgEngagements, warnings)?;
        match cell(Field::Engagement).map(parse_rate) {
            None | Some(Ok(None)) => {}
            Some(Ok(Some(r))) => {
                c.engagement = Some(r);
                c.engagement_source = Some(EngagementSource::Given);
            }
            Some(Err(e @ NumberError::Negative(_))) => {
                return Err(format!("engagement_rate: {}", number_reason(&e)));
            }
            Some(Err(e)) => warnings.push(format!(
                "engagement_rate: {}; left blank",
                number_reason(&e)
            )),
        }
        if c.engagement.is_none() && followers > 0 {
            let derived = if let Some(likes) = c.avg_likes {
                Some((
                    likes + c.avg_comments.unwrap_or(0),
                    EngagementSource::FromLikes,
                ))
            } else {
                c.avg_engagements
                    .map(|e| (e, EngagementSource::FromEngagements))
            };
            if let Some((n, source)) = derived {
                // Above 100% is kept: on TikTok and Reels a post often reaches past the
                // followers. The load warns about it (see `RosterReader::added`).
                let rate = n as f64 / followers as f64;
                c.engagement = Some(rate);
                c.engagement_source = Some(source);
            }
        }
        match cell(Field::Rate).map(Money::parse) {
            None | Some(Err(MoneyError::Empty)) => {}
            Some(Ok(m)) => c.rate = Some(m),
            Some(Err(MoneyError::Negative(v))) => return Err(format!("rate: `{v}` is negative")),
            Some(Err(e)) => warnings.push(format!("rate: {e}; left blank")),
        }
        for n in &row.niches {
            c.niches.extend(
                n.split([';', '|', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty()),
            );
        }
        Ok(c)
    }
}

fn number_reason(e: &NumberError) -> String {
    e.to_string()
}

pub(crate) fn io_cause(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            // Drop the "(os error N)" tail: it helps nobody.
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

fn csv_cause(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => io_cause(io),
        csv::ErrorKind::UnequalLengths { .. } => "wrong number of fields".into(),
        _ => {
            let s = e.to_string();
            s.lines().next().unwrap_or("unreadable row").to_string()
        }
    }
}

/// Decodes a cell: UTF-8 when valid, else Windows-1252 (what spreadsheets export). The
/// flag says a fallback was needed, so the line can be reported.
fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (Cow::Owned(text.into_owned()), true)
        }
    }
}

fn decode_lossy(bytes: &[u8]) -> Cow<'_, str> {
    decode(bytes).0
}

/// Lines of offsets met in increasing order, counting only the text between one and the
/// next: finding the line of every row of a big TOML or JSON file stays linear.
struct LineCounter<'t> {
    text: &'t str,
    at: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line +=
            memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.at..offset]).count() as u64;
        self.at = offset;
        self.line
    }
}

/// The line (1-based) of a byte offset in a text.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() as u64 + 1
}

fn scalar_text(v: &toml::Value) -> Option<String> {
    Some(match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Array(a) => a
            .iter()
            .filter_map(scalar_text)
            .collect::<Vec<_>>()
            .join(";"),
        _ => return None,
    })
}

/// Each row's line and its fields as (key, text), or why the row is not a creator record.
type TextRows = Vec<(u64, Result<Vec<(String, String)>, String>)>;

fn toml_rows(text: &str) -> Result<TextRows, String> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default, alias = "creators")]
        creator: Vec<toml::Spanned<toml::Table>>,
    }
    let file: File = toml::from_str(text).map_err(|e| {
        // Some errors (nesting too deep) come with no place: then no line is named,
        // rather than a line 0 that does not exist.
        let msg = escape_controls(e.message().trim());
        match e.span() {
            Some(s) => format!("line {}: not a TOML roster: {msg}", line_of(text, s.start)),
            None => format!("not a TOML roster: {msg}"),
        }
    })?;
    let mut lines = LineCounter::new(text);
    Ok(file
        .creator
        .into_iter()
        .map(|t| {
            let line = lines.line_of(t.span().start);
            let fields = t
                .into_inner()
                .into_iter()
                .filter_map(|(k, v)| scalar_text(&v).map(|s| (k, s)))
                .collect();
            (line, Ok(fields))
        })
        .collect())
}

fn json_scalar(v: &serde_json::Value) -> Option<String> {
    Some(match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(json_scalar)
            .collect::<Vec<_>>()
            .join(";"),
        _ => return None,
    })
}

fn json_rows(text: &str) -> Result<TextRows, String> {
    let raw: Vec<&serde_json::value::RawValue> = serde_json::from_str(text).map_err(|e| {
        let msg = escape_controls(&e.to_string());
        if e.line() == 0 {
            format!("not a JSON roster (an array of objects): {msg}")
        } else {
            format!(
                "line {}: not a JSON roster (an array of objects): {msg}",
                e.line()
            )
        }
    })?;
    let base = text.as_ptr() as usize;
    let mut rows = Vec::with_capacity(raw.len());
    let mut lines = LineCounter::new(text);
    for r in raw {
        let line = lines.line_of(r.get().as_ptr() as usize - base);
        let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(r.get()) {
            Ok(o) => o,
            Err(e) => {
                rows.push((line, Err(json_row_reason(r.get(), &e))));
                continue;
            }
        };
        let fields = obj
            .into_iter()
            .filter_map(|(k, v)| json_scalar(&v).map(|s| (k, s)))
            .collect();
        rows.push((line, Ok(fields)));
    }
    Ok(rows)
}

/// Why a JSON array element is not a creator: the true reason, not "no handle".
fn json_row_reason(raw: &str, e: &serde_json::Error) -> String {
    if e.to_string().contains("recursion limit") {
        "nested more than 128 levels deep: not a creator record".into()
    } else if !raw.trim_start().starts_with('{') {
        "not an object: each creator is an object of fields".into()
    } else {
        format!(
            "not a creator record: {}",
            escape_controls(e.to_string().lines().next().unwrap_or(""))
        )
    }
}

/// One sampled row as a mapping reads it: the creator's identity and followers, or why the
/// row would be rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewRow {
    pub line: u64,
    pub read: Result<PreviewCreator, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewCreator {
    pub handle: String,
    pub platform: Platform,
    pub followers: u64,
    pub name: String,
}

/// Matches a file's columns again with `map` (over `profiles`) and reads its sampled rows
/// with the result, as a load would: what the mapping screen shows after each change.
pub fn remap(
    base: &FileMapping,
    map: &FieldMap,
    profiles: &[Profile],
) -> (FileMapping, Vec<PreviewRow>) {
    let r = matching::resolve(
        map,
        profiles,
        &base.names,
        base.sample.clone(),
        &base.label,
        1,
    );
    let rows = base
        .sample
        .iter()
        .map(|(line, cells)| {
            let read = match &r.columns {
                Err(_) => Err(r
                    .mapping
                    .missing()
                    .first()
                    .map_or("unreadable".to_string(), |f| format!("no {}", f.key()))),
                Ok(columns) => {
                    let row = fill_row(columns, |ci| {
                        cells.get(ci).map(|c| Cow::Borrowed(c.as_str()))
                    });
                    let mut warnings = Vec::new();
                    check_row(&row, &mut warnings).map(|c| PreviewCreator {
                        handle: c.handle.to_string(),
                        platform: c.platform.unwrap_or(Platform::Blog),
                        followers: c.followers,
                        name: c.name.to_string(),
                    })
                }
            };
            PreviewRow { line: *line, read }
        })
        .collect();
    (r.mapping, rows)
}

/// `over`'s fields replacing those of `base`: a change on the mapping screen over the
/// command line's `--map`/`--set`.
pub fn merge_maps(base: &FieldMap, over: &FieldMap) -> FieldMap {
    let mut out = base.clone();
    let touched =
        |f: Field| over.map.iter().any(|(g, _)| *g == f) || over.set.iter().any(|(g, _)| *g == f);
    out.map.retain(|(f, _)| !touched(*f));
    out.set.retain(|(f, _)| !touched(*f));
    out.map.extend(over.map.iter().cloned());
    out.set.extend(over.set.iter().cloned());
    out
}

/// What a plan records as its rosters' `--map`/`--set`: the flags given, plus what a saved
/// profile gave the first file, so the plan reads the same without that profile.
pub fn recorded_map(given: &FieldMap, report: &LoadReport) -> FieldMap {
    let mut out = given.clone();
    if let Some((_, m)) = report.mappings().next() {
        let whole = m.field_map();
        for (field, cols) in whole.map {
            if m.get(field)
                .is_some_and(|f| matches!(f.why, Why::Profile(_)))
                && !out.map.iter().any(|(f, _)| *f == field)
            {
                out.map.push((field, cols));
            }
        }
        for (field, value) in whole.set {
            if m.get(field)
                .is_some_and(|f| matches!(f.why, Why::Profile(_)))
                && !out.set.iter().any(|(f, _)| *f == field)
            {
                out.set.push((field, value));
            }
        }
    }
    out
}

/// Loads every source into a new roster with the config's profiles, blocking until done.
pub fn load_profiled(
    sources: Vec<Source>,
    map: FieldMap,
    profiles: Vec<Profile>,
    scheme: crate::domain::tier::TierScheme,
    model: crate::domain::fees::FeeModel,
) -> (Roster, LoadReport) {
    let mut roster = Roster::new(scheme, model);
    let mut reader = RosterReader::new(sources, map).with_profiles(profiles);
    reader.run(&mut roster);
    (roster, reader.into_report())
}

/// Loads every source into a new roster, blocking until done.
pub fn load(
    sources: Vec<Source>,
    map: FieldMap,
    scheme: crate::domain::tier::TierScheme,
    model: crate::domain::fees::FeeModel,
) -> (Roster, LoadReport) {
    let mut roster = Roster::new(scheme, model);
    let mut reader = RosterReader::new(sources, map);
    reader.run(&mut roster);
    (roster, reader.into_report())
}
