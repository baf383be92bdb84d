//! Roster readers: CSV, TSV, TOML, JSON and CSV on standard input, with header aliases,
//! `--map` and `--set`, tolerant of what real exports contain.
//!
//! A load is a [`RosterReader`] stepped a batch of rows at a time, so the planner can show
//! the first screen while a big file is still loading; a blocking load steps it to the end.
//! A bad row never stops a load: it is recorded as `PATH:LINE: reason` and skipped.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::creator::Platform;
use crate::domain::fees::EngagementSource;
use crate::domain::money::{Money, MoneyError};
use crate::domain::number::{NumberError, is_unknown, parse_count, parse_rate};
use crate::domain::roster::{NewCreator, Roster};

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
}

const FIELD_COUNT: usize = 14;

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
        }
    }

    /// Header names (normalised) that mean this field, the field's own name first.
    fn aliases(self) -> &'static [&'static str] {
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
}

/// Header matching ignores case, spaces, `_` and `-` (and a stray BOM or quotes).
pub fn normalize_header(h: &str) -> String {
    h.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{feff}' | '"' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `--map` and `--set`: how to read files whose columns are not ours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// Field <- columns. For niches every listed column is combined; for other fields the
    /// first listed column that has a value is used.
    pub map: Vec<(Field, Vec<String>)>,
    /// Field = value for every row, replacing any column.
    pub set: Vec<(Field, String)>,
}

/// A `--map` or `--set` argument that cannot be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    #[error("`{0}` should be FIELD=VALUE")]
    NoEquals(String),
    #[error(
        "unknown field `{0}` (fields: handle, platform, followers, name, niches, engagement_rate, avg_views, avg_likes, avg_comments, avg_engagements, country, language, email, rate)"
    )]
    UnknownField(String),
    #[error("`{0}` names no column")]
    NoColumn(String),
}

impl FieldMap {
    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.set.is_empty()
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
}

impl Source {
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
            Source::Embedded { name, .. } => name.clone(),
        }
    }

    fn kind(&self) -> Result<Kind, String> {
        match self {
            Source::Stdin => Ok(Kind::Csv(b',')),
            Source::Embedded { name, .. } => kind_of(Path::new(name)),
            Source::File(p) => kind_of(p),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Csv(u8),
    Toml,
    Json,
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
        Some(other) => Err(format!(
            "unsupported roster format `.{other}` (use .csv, .tsv, .toml or .json)"
        )),
        None => Err("no file extension: name the roster .csv, .tsv, .toml or .json".into()),
    }
}

/// One rejected row: `PATH:LINE: reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub path: String,
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.reason)
    }
}

/// Something the user should know that did not cost a row: `PATH:LINE: message`
/// (LINE 0 means the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub path: String,
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}: {}", self.path, self.line, self.message)
        }
    }
}

/// A file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    pub path: String,
    pub cause: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.cause)
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
    pub loaded: u64,
    pub rejected: u64,
}

impl LoadReport {
    pub fn loaded(&self) -> u64 {
        self.files.iter().map(|f| f.loaded).sum()
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

/// Counts the bytes a reader hands out, for the progress bar.
struct Counting<R> {
    inner: R,
    progress: Arc<LoadProgress>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress
            .bytes_read
            .fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Where each field is read from in one file: column indices, or a fixed value.
#[derive(Clone, Debug, Default)]
struct Columns {
    cols: [Vec<usize>; FIELD_COUNT],
    fixed: [Option<String>; FIELD_COUNT],
}

impl Columns {
    fn has(&self, f: Field) -> bool {
        !self.cols[f.index()].is_empty() || self.fixed[f.index()].is_some()
    }
}

/// One row's raw cells by field (niches may come from several columns).
#[derive(Default)]
struct RawRow<'a> {
    cells: [Option<Cow<'a, str>>; FIELD_COUNT],
    niches: Vec<Cow<'a, str>>,
}

struct CsvState {
    reader: csv::Reader<Box<dyn Read + Send>>,
    columns: Columns,
    record: csv::ByteRecord,
    non_utf8_lines: u64,
}

// Few of these exist at a time; boxing the big variant would only add indirection.
#[allow(clippy::large_enum_variant)]
enum Current {
    None,
    Csv(Box<CsvState>),
    /// Rows of a TOML or JSON file, already parsed, with their line numbers.
    Rows {
        rows: Vec<(u64, Vec<(String, String)>)>,
        next: usize,
        columns: Columns,
    },
}

/// A load in progress over one or more sources, stepped in batches.
pub struct RosterReader {
    sources: Vec<Source>,
    next_source: usize,
    map: FieldMap,
    current: Current,
    label: String,
    file_index: usize,
    /// For each loaded creator, (file index, line), to report where a duplicate's first is.
    origin: Vec<(u16, u32)>,
    derived_likes: u64,
    derived_engagements: u64,
    report: LoadReport,
    progress: Arc<LoadProgress>,
    large_text_warned: bool,
}

/// Creators above which a TOML or JSON roster earns a hint that CSV loads much faster.
const LARGE_TEXT_ROSTER: usize = 50_000;

impl RosterReader {
    pub fn new(sources: Vec<Source>, map: FieldMap) -> RosterReader {
        let progress = Arc::new(LoadProgress::default());
        let total: u64 = sources
            .iter()
            .map(|s| match s {
                Source::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                Source::Embedded { text, .. } => text.len() as u64,
                Source::Stdin => 0,
            })
            .sum();
        progress.bytes_total.store(total, Ordering::Relaxed);
        RosterReader {
            sources,
            next_source: 0,
            map,
            current: Current::None,
            label: String::new(),
            file_index: 0,
            origin: Vec::new(),
            derived_likes: 0,
            derived_engagements: 0,
            report: LoadReport::default(),
            progress,
            large_text_warned: false,
        }
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

    /// Loads up to `max_rows` more rows into `roster`. Returns true when every source is done.
    pub fn step(&mut self, roster: &mut Roster, max_rows: usize) -> bool {
        let mut budget = max_rows;
        loop {
            if matches!(self.current, Current::None) && !self.open_next(roster) {
                return true;
            }
            let finished = match &mut self.current {
                Current::None => true,
                Current::Csv(_) => self.step_csv(roster, &mut budget),
                Current::Rows { .. } => self.step_rows(roster, &mut budget),
            };
            if finished {
                self.finish_file();
            }
            if budget == 0 {
                return matches!(self.current, Current::None)
                    && self.next_source >= self.sources.len();
            }
        }
    }

    /// Loads everything that is left.
    pub fn run(&mut self, roster: &mut Roster) {
        loop {
            if matches!(self.current, Current::None) && !self.open_next(roster) {
                break;
            }
            if matches!(self.current, Current::Csv(_)) {
                self.pipeline_csv(roster);
            } else {
                let mut budget = usize::MAX;
                self.step_rows(roster, &mut budget);
            }
            self.finish_file();
        }
        roster.shrink_to_fit();
    }

    fn finish_file(&mut self) {
        if let Current::Csv(state) = &self.current
            && state.non_utf8_lines > 0
        {
            self.notice(
                0,
                format!(
                    "{} lines were not UTF-8 and were read as Windows-1252",
                    state.non_utf8_lines
                ),
            );
        }
        if self.derived_likes > 0 {
            let n = self.derived_likes;
            self.notice(
                0,
                format!(
                    "no engagement rate for {n} creators: derived as (likes + comments) / followers"
                ),
            );
        }
        if self.derived_engagements > 0 {
            let n = self.derived_engagements;
            self.notice(
                0,
                format!("no engagement rate for {n} creators: derived as engagements / followers"),
            );
        }
        self.derived_likes = 0;
        self.derived_engagements = 0;
        self.current = Current::None;
    }

    fn notice(&mut self, line: u64, message: String) {
        self.report.notices.push(Notice {
            path: self.label.clone(),
            line,
            message,
        });
    }

    fn fail(&mut self, cause: String) {
        self.report.failed.push(FileError {
            path: self.label.clone(),
            cause,
        });
    }

    /// Opens the next source; false when there is none left.
    fn open_next(&mut self, roster: &mut Roster) -> bool {
        while self.next_source < self.sources.len() {
            let source = self.sources[self.next_source].clone();
            self.next_source += 1;
            self.label = source.label();
            self.file_index = self.report.files.len();
            self.report.files.push(FileSummary {
                path: self.label.clone(),
                loaded: 0,
                rejected: 0,
            });
            let kind = match source.kind() {
                Ok(k) => k,
                Err(e) => {
                    self.fail(e);
                    continue;
                }
            };
            let opened = match kind {
                Kind::Csv(delim) => self.open_csv(&source, delim, roster),
                Kind::Toml | Kind::Json => self.open_structured(&source, kind),
            };
            match opened {
                Ok(()) => return true,
                Err(cause) => self.fail(cause),
            }
        }
        false
    }

    fn open_csv(&mut self, source: &Source, delim: u8, roster: &mut Roster) -> Result<(), String> {
        let raw: Box<dyn Read + Send> = match source {
            Source::File(p) => {
                let f = File::open(p).map_err(|e| io_cause(&e))?;
                if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                    return Err("is a folder, not a roster file".into());
                }
                if let Ok(m) = f.metadata() {
                    // About 80 bytes a creator: reserve so a big load does not keep reallocating.
                    let rows = (m.len() / 80) as usize;
                    roster.reserve(rows.min(4_000_000), (m.len() / 2) as usize);
                }
                Box::new(f)
            }
            Source::Stdin => Box::new(std::io::stdin()),
            Source::Embedded { text, .. } => Box::new(text.as_bytes()),
        };
        let counting = Counting {
            inner: raw,
            progress: Arc::clone(&self.progress),
        };
        let mut buffered = BufReader::with_capacity(1 << 16, counting);
        // Skip a UTF-8 byte-order mark.
        let head = buffered.fill_buf().map_err(|e| io_cause(&e))?;
        if head.starts_with(&[0xef, 0xbb, 0xbf]) {
            buffered.consume(3);
        }
        let boxed: Box<dyn Read + Send> = Box::new(buffered);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(boxed);
        let mut header = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut header) {
                Ok(false) => return Err("empty file: no header row".into()),
                Ok(true) if header.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) => {
                    continue;
                }
                Ok(true) => break,
                Err(e) => return Err(csv_cause(&e)),
            }
        }
        let header_line = header.position().map_or(1, csv::Position::line);
        let names: Vec<String> = header
            .iter()
            .map(|c| decode_lossy(c).trim().to_string())
            .collect();
        let columns = self.resolve_columns(&names, header_line)?;
        self.current = Current::Csv(Box::new(CsvState {
            reader,
            columns,
            record: csv::ByteRecord::new(),
            non_utf8_lines: 0,
        }));
        Ok(())
    }

    /// Works out which column feeds each field, reporting duplicate headers and --map
    /// columns that are missing. A file with no way to get a required field is unreadable.
    fn resolve_columns(&mut self, names: &[String], header_line: u64) -> Result<Columns, String> {
        let norm: Vec<String> = names.iter().map(|n| normalize_header(n)).collect();
        let mut columns = Columns::default();
        let mut seen: Vec<&str> = Vec::new();
        let mut used = vec![false; names.len()];
        for (i, n) in norm.iter().enumerate() {
            if n.is_empty() {
                continue;
            }
            if seen.contains(&n.as_str()) {
                self.notice(
                    header_line,
                    format!(
                        "column `{}` appears more than once; the first is used",
                        names[i]
                    ),
                );
                used[i] = true;
                continue;
            }
            seen.push(n);
        }
        let mapped: Vec<Field> = self.map.map.iter().map(|(f, _)| *f).collect();
        for (field, cols) in self.map.map.clone() {
            for col in cols {
                let key = normalize_header(&col);
                match norm.iter().position(|n| *n == key) {
                    Some(i) => {
                        columns.cols[field.index()].push(i);
                        used[i] = true;
                    }
                    None => self.notice(
                        header_line,
                        format!("--map {}: no column `{col}` in this file", field.key()),
                    ),
                }
            }
        }
        for field in Field::ALL {
            if mapped.contains(&field) {
                continue;
            }
            // Aliases in order of preference; the first one present wins.
            for alias in field.aliases() {
                if let Some(i) = norm.iter().position(|n| n == alias)
                    && !used[i]
                {
                    columns.cols[field.index()].push(i);
                    used[i] = true;
                    break;
                }
            }
        }
        for (field, value) in &self.map.set {
            columns.cols[field.index()].clear();
            columns.fixed[field.index()] = Some(value.clone());
        }
        for field in [Field::Handle, Field::Platform, Field::Followers] {
            if !columns.has(field) {
                let hint = if field == Field::Platform {
                    "use --set platform=NAME or --map platform=COLUMN".to_string()
                } else {
                    format!("use --map {}=COLUMN", field.key())
                };
                return Err(format!(
                    "no {} column (columns: {}); {hint}",
                    field.key(),
                    if names.is_empty() {
                        "none".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
        }
        Ok(columns)
    }

    fn step_csv(&mut self, roster: &mut Roster, budget: &mut usize) -> bool {
        // The state is taken out while rows borrow its record, and put back unless done.
        let Current::Csv(mut state) = std::mem::replace(&mut self.current, Current::None) else {
            return true;
        };
        let done = self.csv_rows(&mut state, roster, budget);
        self.current = Current::Csv(state);
        done
    }

    fn csv_rows(&mut self, state: &mut CsvState, roster: &mut Roster, budget: &mut usize) -> bool {
        read_csv(state, budget, &mut |event| self.apply(roster, event))
    }

    /// Applies what the CSV reading produced to the roster and the report.
    fn apply(&mut self, roster: &mut Roster, event: Event<'_>) {
        match event {
            Event::Row {
                line,
                creator,
                warnings,
            } => {
                for w in warnings {
                    self.notice(line, w);
                }
                self.add_creator(roster, line, &creator);
            }
            Event::Reject { line, reason } => self.reject(line, reason),
            Event::Notice { line, message } => self.notice(line, message),
            Event::Fail(cause) => self.fail(cause),
        }
    }

    /// Loads the rest of a CSV file on two threads: one reads and checks rows, this one adds
    /// them to the roster. Same events in the same order as stepping, so the same result.
    fn pipeline_csv(&mut self, roster: &mut Roster) {
        let Current::Csv(mut state) = std::mem::replace(&mut self.current, Current::None) else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        std::thread::scope(|scope| {
            let state = &mut state;
            scope.spawn(move || {
                loop {
                    let mut batch = Batch::default();
                    let mut budget = 8192;
                    let done = read_csv(state, &mut budget, &mut |event| batch.push(event));
                    if tx.send(batch).is_err() || done {
                        return;
                    }
                }
            });
            for batch in rx {
                batch.replay(&mut |event| self.apply(roster, event));
            }
        });
        self.current = Current::Csv(state);
    }

    fn open_structured(&mut self, source: &Source, kind: Kind) -> Result<(), String> {
        let text: Cow<'static, str> = match source {
            Source::Embedded { text, .. } => Cow::Borrowed(text),
            Source::File(p) => {
                let bytes = std::fs::read(p).map_err(|e| io_cause(&e))?;
                self.progress
                    .bytes_read
                    .fetch_add(bytes.len() as u64, Ordering::Relaxed);
                match String::from_utf8(bytes) {
                    Ok(s) => Cow::Owned(s),
                    Err(e) => {
                        self.notice(0, "not UTF-8: invalid bytes replaced".into());
                        Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned())
                    }
                }
            }
            Source::Stdin => return Err("standard input is read as CSV".into()),
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let rows = match kind {
            Kind::Toml => toml_rows(text)?,
            _ => json_rows(text)?,
        };
        if rows.len() > LARGE_TEXT_ROSTER && !self.large_text_warned {
            self.large_text_warned = true;
            self.notice(
                0,
                format!(
                    "{} creators in a {} file: a CSV roster of this size loads many times faster",
                    rows.len(),
                    if kind == Kind::Toml { "TOML" } else { "JSON" }
                ),
            );
        }
        let mut names: Vec<String> = Vec::new();
        for (_, fields) in &rows {
            for (k, _) in fields {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
        let columns = self.resolve_columns(&names, 1)?;
        let rows = rows
            .into_iter()
            .map(|(line, fields)| {
                // Reorder each row's cells to the shared column order.
                let mut cells = vec![(String::new(), String::new()); names.len()];
                for (k, v) in fields {
                    if let Some(i) = names.iter().position(|n| *n == k) {
                        cells[i] = (k, v);
                    }
                }
                (line, cells)
            })
            .collect();
        self.current = Current::Rows {
            rows,
            next: 0,
            columns,
        };
        Ok(())
    }

    fn step_rows(&mut self, roster: &mut Roster, budget: &mut usize) -> bool {
        loop {
            if *budget == 0 {
                return false;
            }
            let Current::Rows {
                rows,
                next,
                columns,
            } = &mut self.current
            else {
                return true;
            };
            let Some((line, cells)) = rows.get(*next) else {
                return true;
            };
            *next += 1;
            *budget -= 1;
            let line = *line;
            let mut row = RawRow::default();
            for field in Field::ALL {
                let fi = field.index();
                if let Some(v) = &columns.fixed[fi] {
                    if field == Field::Niches {
                        row.niches.push(Cow::Owned(v.clone()));
                    }
                    row.cells[fi] = Some(Cow::Owned(v.clone()));
                    continue;
                }
                for &ci in &columns.cols[fi] {
                    let Some((_, v)) = cells.get(ci) else {
                        continue;
                    };
                    if field == Field::Niches {
                        if !is_unknown(v) {
                            row.niches.push(Cow::Owned(v.clone()));
                        }
                    } else if row.cells[fi].is_none() && !is_unknown(v) {
                        row.cells[fi] = Some(Cow::Owned(v.clone()));
                    }
                }
            }
            self.add_row(roster, line, &row);
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        self.report.rejected.push(Rejection {
            path: self.label.clone(),
            line,
            reason,
        });
        self.report.files[self.file_index].rejected += 1;
    }

    /// Validates one row and adds it, or records why not.
    fn add_row(&mut self, roster: &mut Roster, line: u64, row: &RawRow<'_>) {
        let mut warnings = Vec::new();
        let checked = check_row(row, &mut warnings);
        for w in warnings {
            self.notice(line, w);
        }
        match checked {
            Ok(c) => self.add_creator(roster, line, &c),
            Err(reason) => self.reject(line, reason),
        }
    }

    /// Adds a checked creator, or reports it as a duplicate of the first with its identity.
    fn add_creator(&mut self, roster: &mut Roster, line: u64, c: &NewCreator<'_>) {
        match roster.push(c) {
            Ok(_) => {
                self.origin
                    .push((self.file_index as u16, line.min(u64::from(u32::MAX)) as u32));
                self.report.files[self.file_index].loaded += 1;
                self.progress.rows.fetch_add(1, Ordering::Relaxed);
                match c.engagement_source {
                    Some(EngagementSource::FromLikes) => self.derived_likes += 1,
                    Some(EngagementSource::FromEngagements) => self.derived_engagements += 1,
                    _ => {}
                }
            }
            Err(dup) => {
                let (file, first_line) = self.origin[dup.first as usize];
                let first_path = &self.report.files[usize::from(file)].path;
                let where_ = if usize::from(file) == self.file_index {
                    format!("line {first_line}")
                } else {
                    format!("{first_path}:{first_line}")
                };
                let reason = format!(
                    "duplicate of {}/{} at {where_}; skipped",
                    roster.platform(dup.first).key(),
                    roster.handle(dup.first)
                );
                self.reject(line, reason);
            }
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
    Fail(String),
}

/// Reads up to `budget` records; true when the file is done.
fn read_csv(state: &mut CsvState, budget: &mut usize, sink: &mut dyn FnMut(Event<'_>)) -> bool {
    loop {
        if *budget == 0 {
            return false;
        }
        match state.reader.read_byte_record(&mut state.record) {
            Ok(false) => return true,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let cause = csv_cause(&e);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    sink(Event::Fail(format!(
                        "read failed after line {line}: {cause}"
                    )));
                    return true;
                }
                sink(Event::Reject {
                    line,
                    reason: cause,
                });
                continue;
            }
        }
        *budget -= 1;
        // One UTF-8 check for the whole record; cell by cell decoding only when it fails.
        let bytes = std::mem::take(&mut state.record);
        let (strings, record) = match csv::StringRecord::from_byte_record(bytes) {
            Ok(s) => (Some(s), None),
            Err(e) => (None, Some(e.into_byte_record())),
        };
        emit_record(state, strings.as_ref(), record.as_ref(), sink);
        state.record = match (strings, record) {
            (Some(s), _) => s.into_byte_record(),
            (None, Some(r)) => r,
            (None, None) => csv::ByteRecord::new(),
        };
    }
}

/// Turns one record (checked UTF-8 as `strings`, else raw `bytes`) into events.
fn emit_record(
    state: &mut CsvState,
    strings: Option<&csv::StringRecord>,
    bytes: Option<&csv::ByteRecord>,
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
        let position = strings
            .and_then(|s| s.position())
            .or_else(|| bytes.and_then(|b| b.position()));
        let line = position.map_or(0, csv::Position::line);
        let len = strings.map_or_else(|| bytes.map_or(0, |b| b.len()), |s| s.len());
        if (0..len).all(|ci| get(ci).is_none_or(|(c, _)| c.trim().is_empty())) {
            return;
        }
        let mut row = RawRow::default();
        let mut non_utf8 = false;
        for field in Field::ALL {
            let fi = field.index();
            if let Some(v) = &state.columns.fixed[fi] {
                if field == Field::Niches {
                    row.niches.push(Cow::Borrowed(v.as_str()));
                }
                row.cells[fi] = Some(Cow::Borrowed(v.as_str()));
                continue;
            }
            for &ci in &state.columns.cols[fi] {
                let Some((text, bad)) = get(ci) else {
                    continue;
                };
                non_utf8 |= bad;
                if field == Field::Niches {
                    if !is_unknown(&text) {
                        row.niches.push(text);
                    }
                } else if row.cells[fi].is_none() && !is_unknown(&text) {
                    row.cells[fi] = Some(text);
                }
            }
        }
        if non_utf8 {
            state.non_utf8_lines += 1;
            if state.non_utf8_lines <= 5 {
                sink(Event::Notice {
                    line,
                    message: "not UTF-8: read as Windows-1252".into(),
                });
            }
        }
        let mut warnings = Vec::new();
        match check_row(&row, &mut warnings) {
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
}

/// Events made owned to cross to the thread that fills the roster: every string of a batch
/// in one buffer, so a row costs no allocation of its own.
#[derive(Default)]
struct Batch {
    text: String,
    items: Vec<Item>,
}

#[allow(clippy::large_enum_variant)] // most items are rows; boxing them would allocate per row
enum Item {
    /// The creator's numbers, with its strings as end offsets into `text`:
    /// handle, name, country, language, email, then niches joined by a unit separator.
    Row {
        line: u64,
        creator: NewCreator<'static>,
        ends: [u32; 6],
        warnings: Vec<String>,
    },
    Reject(u64, String),
    Notice(u64, String),
    Fail(String),
}

impl Batch {
    fn push(&mut self, event: Event<'_>) {
        let item = match event {
            Event::Row {
                line,
                creator,
                warnings,
            } => {
                let mut ends = [0u32; 6];
                for (k, s) in [
                    creator.handle,
                    creator.name,
                    creator.country,
                    creator.language,
                    creator.email,
                ]
                .into_iter()
                .enumerate()
                {
                    self.text.push_str(s);
                    ends[k] = self.text.len() as u32;
                }
                for (k, n) in creator.niches.iter().enumerate() {
                    if k > 0 {
                        self.text.push('\u{1f}');
                    }
                    self.text.push_str(n);
                }
                ends[5] = self.text.len() as u32;
                let owned = NewCreator {
                    handle: "",
                    name: "",
                    country: "",
                    language: "",
                    email: "",
                    niches: Vec::new(),
                    ..creator
                };
                Item::Row {
                    line,
                    creator: owned,
                    ends,
                    warnings,
                }
            }
            Event::Reject { line, reason } => Item::Reject(line, reason),
            Event::Notice { line, message } => Item::Notice(line, message),
            Event::Fail(cause) => Item::Fail(cause),
        };
        self.items.push(item);
    }

    fn replay(self, sink: &mut dyn FnMut(Event<'_>)) {
        let text = self.text.as_str();
        let mut start = 0usize;
        for item in self.items {
            match item {
                Item::Row {
                    line,
                    creator,
                    ends,
                    warnings,
                } => {
                    let mut parts = [""; 6];
                    for (k, &end) in ends.iter().enumerate() {
                        parts[k] = &text[start..end as usize];
                        start = end as usize;
                    }
                    let creator = NewCreator {
                        handle: parts[0],
                        name: parts[1],
                        country: parts[2],
                        language: parts[3],
                        email: parts[4],
                        niches: if parts[5].is_empty() {
                            Vec::new()
                        } else {
                            parts[5].split('\u{1f}').collect()
                        },
                        ..creator
                    };
                    sink(Event::Row {
                        line,
                        creator,
                        warnings,
                    });
                }
                Item::Reject(line, reason) => sink(Event::Reject { line, reason }),
                Item::Notice(line, message) => sink(Event::Notice { line, message }),
                Item::Fail(cause) => sink(Event::Fail(cause)),
            }
        }
    }
}

/// Validates one row: the creator it describes, or why it is rejected. Cells that are left
/// blank with a warning add to `warnings`.
fn check_row<'r>(
    row: &'r RawRow<'_>,
    warnings: &mut Vec<String>,
) -> Result<NewCreator<'r>, String> {
    {
        let cell = |f: Field| row.cells[f.index()].as_deref();
        let handle = cell(Field::Handle)
            .map(crate::domain::creator::clean_handle)
            .unwrap_or("");
        if handle.is_empty() {
            return Err("no handle".into());
        }
        let platform = match cell(Field::Platform) {
            None => return Err("no platform".into()),
            Some(p) => {
                Platform::parse(p).ok_or_else(|| format!("unknown platform `{}`", p.trim()))?
            }
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
            Some(Err(e @ (NumberError::Negative(_) | NumberError::RateAbove100(_)))) => {
                return Err(number_reason(&e));
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
                let rate = n as f64 / followers as f64;
                if rate > 1.0 {
                    return Err(format!(
                        "engagement rate derived from {} is above 100% ({n} per post, {followers} followers)",
                        if source == EngagementSource::FromLikes {
                            "likes and comments"
                        } else {
                            "engagements"
                        }
                    ));
                }
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

type TextRows = Vec<(u64, Vec<(String, String)>)>;

fn toml_rows(text: &str) -> Result<TextRows, String> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default, alias = "creators")]
        creator: Vec<toml::Spanned<toml::Table>>,
    }
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        let msg = e.message().trim().to_string();
        format!("line {line}: not a TOML roster: {msg}")
    })?;
    Ok(file
        .creator
        .into_iter()
        .map(|t| {
            let line = line_of(text, t.span().start);
            let fields = t
                .into_inner()
                .into_iter()
                .filter_map(|(k, v)| scalar_text(&v).map(|s| (k, s)))
                .collect();
            (line, fields)
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
        format!(
            "line {}: not a JSON roster (an array of objects): {e}",
            e.line()
        )
    })?;
    let base = text.as_ptr() as usize;
    let mut rows = Vec::with_capacity(raw.len());
    for r in raw {
        let line = line_of(text, r.get().as_ptr() as usize - base);
        let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(r.get()) {
            Ok(o) => o,
            Err(_) => {
                rows.push((line, Vec::new()));
                continue;
            }
        };
        let fields = obj
            .into_iter()
            .filter_map(|(k, v)| json_scalar(&v).map(|s| (k, s)))
            .collect();
        rows.push((line, fields));
    }
    Ok(rows)
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
