//! Loading on every core. One thread reads each source and cuts a CSV file into blocks of
//! whole records (a quote-parity scan finds where a record may end); worker threads parse
//! and check blocks into parts of a roster; the thread that owns the roster joins the parts
//! in file order, finding duplicates and numbering lines as a sequential load would. The
//! result is exactly that of [`RosterReader::step`] over the same sources.
//!
//! Everything crosses threads by channel and no thread is ever joined, so a load can be
//! abandoned at any moment (the planner quitting mid-load, a pipe that never closes).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{
    Columns, Event, FieldMap, FileMapping, Kind, LARGE_TEXT_ROSTER, Profile, RosterReader,
    SAMPLE_ROWS, Source, TextRows, check_and_emit, csv_cause, decode_lossy, io_cause, json_rows,
    raw_row, resolve_columns, toml_rows,
};
use crate::domain::fees::FeeModel;
use crate::domain::roster::Roster;
use crate::domain::tier::TierScheme;

/// Bytes of CSV a block aims at (whole records, so a little more): about 11,000 creators.
pub(super) const BLOCK: usize = 1 << 20;

/// The longest record (a header or a row, quoted line breaks included) a CSV file may hold:
/// 4 MiB, thousands of times a real creator's row. A longer one (a file with no line
/// breaks, `/dev/zero`, an endless pipe) stops the file with an error naming its line, so
/// memory stays bounded; the rows before it are loaded.
pub const MAX_RECORD: usize = 4 << 20;

/// Blank lines read while looking for the header before giving up on the file.
const MAX_BLANK_PREFIX: usize = 64 << 20;

/// A quote the block scan cannot follow makes the rest of the file one block, read whole:
/// at most this much of it.
const MAX_IRREGULAR: u64 = 1 << 30;

/// Up to this many creators, the blanks duplicates fill are written into the roster at
/// every poll; past it, once at the end of the load (each write moves the arenas' tails).
const FILL_AT_ONCE: usize = 100_000;

/// TOML or JSON rows checked per part.
const ROWS_PER_PART: usize = 16_384;

/// What the reading side sends, numbered, to the side that owns the roster.
// Parts are most messages, and one is in a channel at a time: boxing them would allocate
// for nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum Msg {
    /// A source begins: its label and size in bytes (0 when unknown).
    Open {
        label: String,
        bytes: u64,
    },
    Notice {
        line: u64,
        message: String,
    },
    /// The sheet of a spreadsheet being read: from here on, places are `PATH:SHEET:ROW`.
    Sheet(String),
    Fail(String),
    /// How the source's columns were matched (before its rows, or its failure).
    Mapping(Box<FileMapping>),
    /// Reading failed part way: the cause.
    ReadFailed(String),
    /// The record after the last part is longer than [`MAX_RECORD`]: the file stops there.
    RecordTooLong,
    /// The line the file's first data block starts on (after the header).
    DataLine {
        line: u64,
        bytes: u64,
    },
    Part(Part),
    /// The source is done.
    End,
    /// Every source is done.
    Done,
}

/// A block's creators and events, parsed and checked on a worker.
pub(super) struct Part {
    /// The creators, added with no identity check, with ids interned for this part only.
    roster: Roster,
    hashes: Vec<u64>,
    /// Each creator's line: from 1 at the block's first line for a CSV block, the file's
    /// own line otherwise.
    lines: Vec<u64>,
    events: Vec<(u64, PartEvent)>,
    /// Line breaks in the block, to number the next block's lines.
    newlines: u64,
    absolute: bool,
    /// Bytes of the source the part covers, for the progress shown.
    bytes: u64,
}

enum PartEvent {
    Reject(String),
    Notice(String),
    NonUtf8,
    Fail(String),
}

impl Part {
    fn new(scheme: &TierScheme, model: &FeeModel, absolute: bool) -> Part {
        Part {
            roster: Roster::new(scheme.clone(), model.clone()),
            hashes: Vec::new(),
            lines: Vec::new(),
            events: Vec::new(),
            newlines: 0,
            absolute,
            bytes: 0,
        }
    }

    fn push(&mut self, event: Event<'_>) {
        match event {
            Event::Row {
                line,
                creator,
                warnings,
            } => {
                for w in warnings {
                    self.events.push((line, PartEvent::Notice(w)));
                }
                let j = self.roster.push_unchecked(&creator);
                self.hashes.push(self.roster.identity_hash(j));
                self.lines.push(line);
            }
            Event::Reject { line, reason } => self.events.push((line, PartEvent::Reject(reason))),
            Event::Notice { line, message } => self.events.push((line, PartEvent::Notice(message))),
            Event::NonUtf8 { line } => self.events.push((line, PartEvent::NonUtf8)),
        }
    }
}

/// The receiving end of a load running on other threads.
pub(super) struct Pipe {
    rx: Receiver<(u64, Msg)>,
    /// Messages that arrived before their turn.
    pending: BTreeMap<u64, Msg>,
    next: u64,
    /// One credit back per part joined: bounds the blocks in flight, and so the memory.
    credits: SyncSender<()>,
}

/// The reading side's way to send messages in order.
struct Out {
    tx: Sender<(u64, Msg)>,
    seq: u64,
    credits: Receiver<()>,
}

impl Out {
    fn send(&mut self, msg: Msg) -> Result<(), Stop> {
        let seq = self.seq;
        self.seq += 1;
        self.tx.send((seq, msg)).map_err(|_| Stop)
    }

    /// A number for a part that a worker will send; waits for a credit first.
    fn part_seq(&mut self) -> Result<u64, Stop> {
        self.credits.recv().map_err(|_| Stop)?;
        let seq = self.seq;
        self.seq += 1;
        Ok(seq)
    }
}

/// The receiving side went away: stop reading.
struct Stop;

/// A block for a worker: its number, bytes, and how to read them.
struct Job {
    seq: u64,
    bytes: Vec<u8>,
    delim: u8,
    columns: Arc<Columns>,
}

/// Starts reading `sources` on other threads; the returned pipe receives the results.
pub(super) fn start(
    sources: Vec<Source>,
    map: FieldMap,
    profiles: Vec<Profile>,
    scheme: TierScheme,
    model: FeeModel,
    block: usize,
) -> Pipe {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (tx, rx) = std::sync::mpsc::channel();
    let in_flight = workers + 2;
    let (credit_tx, credit_rx) = std::sync::mpsc::sync_channel(in_flight);
    for _ in 0..in_flight {
        let _ = credit_tx.send(());
    }
    let (job_tx, job_rx) = std::sync::mpsc::sync_channel::<Job>(workers);
    let job_rx = Arc::new(Mutex::new(job_rx));
    for _ in 0..workers {
        let job_rx = Arc::clone(&job_rx);
        let tx = tx.clone();
        let (scheme, model) = (scheme.clone(), model.clone());
        std::thread::spawn(move || {
            loop {
                let job = match job_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                let seq = job.seq;
                let (newlines, bytes) = (
                    memchr::memchr_iter(b'\n', &job.bytes).count() as u64,
                    job.bytes.len() as u64,
                );
                // A bug in parsing must not leave the load waiting for this part forever:
                // the part arrives empty, saying so, and the lines after it keep their numbers.
                let part = crate::caught::catch(|| parse_block(job, &scheme, &model))
                    .unwrap_or_else(|_| {
                        let mut part = Part::new(&scheme, &model, false);
                        part.newlines = newlines;
                        part.bytes = bytes;
                        part.events.push((
                            0,
                            PartEvent::Fail(
                                "internal error: the rows of one block were skipped".into(),
                            ),
                        ));
                        part
                    });
                if tx.send((seq, Msg::Part(part))).is_err() {
                    return;
                }
            }
        });
    }
    let mut out = Out {
        tx,
        seq: 0,
        credits: credit_rx,
    };
    std::thread::spawn(move || {
        let mut warned = false;
        for source in sources {
            let read = read_source(
                &source,
                &map,
                &profiles,
                &scheme,
                &model,
                block,
                &job_tx,
                &mut out,
                &mut warned,
            );
            if read.is_err() {
                return;
            }
        }
        let _ = out.send(Msg::Done);
    });
    Pipe {
        rx,
        pending: BTreeMap::new(),
        next: 0,
        credits: credit_tx,
    }
}

#[allow(clippy::too_many_arguments)]
fn read_source(
    source: &Source,
    map: &FieldMap,
    profiles: &[Profile],
    scheme: &TierScheme,
    model: &FeeModel,
    block: usize,
    jobs: &SyncSender<Job>,
    out: &mut Out,
    warned: &mut bool,
) -> Result<(), Stop> {
    out.send(Msg::Open {
        label: source.label(),
        bytes: source.size(),
    })?;
    let kind = match source.kind() {
        Ok(k) => k,
        Err(e) => return out.send(Msg::Fail(e)),
    };
    match kind {
        Kind::Csv(delim) => read_csv_source(source, delim, map, profiles, block, jobs, out),
        Kind::Toml | Kind::Json => {
            read_text_source(source, kind, map, profiles, scheme, model, out, warned)
        }
        Kind::Sheet(format) => match super::sheets::read(source, format, map.sheet.as_deref()) {
            Ok(sheet) => {
                out.send(Msg::Sheet(sheet.name))?;
                if sheet.header.is_empty() && sheet.rows.is_empty() {
                    return out.send(Msg::Fail("empty sheet: no header row".into()));
                }
                for (line, message) in sheet.notes {
                    out.send(Msg::Notice { line, message })?;
                }
                let ended = sheet.ended;
                let rows = (sheet.header, sheet.rows, sheet.header_row, sheet.bytes);
                let how = (kind, source, map, profiles);
                send_rows(rows, how, scheme, model, out, warned, ended)
            }
            Err(e) => out.send(Msg::Fail(e)),
        },
    }
}

/// Reads into `buf` until it holds `want` bytes or the input ends (then true). A read that
/// gives less than asked (a pipe or a terminal with nothing more for now) stops early and
/// sets `short`, so rows that have arrived are shown without waiting for a whole block.
fn fill(
    input: &mut dyn Read,
    buf: &mut Vec<u8>,
    want: usize,
    short: &mut bool,
) -> std::io::Result<bool> {
    *short = false;
    while buf.len() < want {
        let old = buf.len();
        // Grow a mebibyte at a time at most: `want` may be far more than the input holds.
        buf.resize(want.min(old + (1 << 20)).max(old + 4096), 0);
        match input.read(&mut buf[old..]) {
            Ok(0) => {
                buf.truncate(old);
                return Ok(true);
            }
            Ok(n) => {
                let asked = buf.len() - old;
                buf.truncate(old + n);
                if n < asked {
                    *short = true;
                    return Ok(false);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old),
            Err(e) => {
                buf.truncate(old);
                return Err(e);
            }
        }
    }
    Ok(false)
}

fn read_csv_source(
    source: &Source,
    delim: u8,
    map: &FieldMap,
    profiles: &[Profile],
    block: usize,
    jobs: &SyncSender<Job>,
    out: &mut Out,
) -> Result<(), Stop> {
    let block = block.max(1);
    let mut input: Box<dyn Read + Send> = match source {
        Source::File(p) => {
            let f = match std::fs::File::open(p) {
                Ok(f) => f,
                Err(e) => return out.send(Msg::Fail(io_cause(&e))),
            };
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return out.send(Msg::Fail("is a folder, not a roster file".into()));
            }
            Box::new(f)
        }
        Source::Stdin => Box::new(std::io::stdin()),
        Source::Embedded { text, .. } => Box::new(text.as_bytes()),
        Source::Memory { bytes, .. } => Box::new(std::io::Cursor::new(Arc::clone(bytes))),
    };
    let mut buf = Vec::with_capacity(block.min(BLOCK) + (block.min(BLOCK) >> 2));
    let mut short = false;
    let mut eof = match fill(&mut input, &mut buf, block, &mut short) {
        Ok(eof) => eof,
        Err(e) => return out.send(Msg::Fail(io_cause(&e))),
    };
    let mut bom = 0;
    if buf.starts_with(&[0xef, 0xbb, 0xbf]) {
        buf.drain(..3);
        bom = 3;
    }
    // The header: read from the start of the buffer, growing it until the header record
    // ends before the buffer does (or the input ends).
    let (names, header_line, data_start) = loop {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .has_headers(false)
            .flexible(true)
            .from_reader(&buf[..]);
        let mut header = csv::ByteRecord::new();
        let found = loop {
            match reader.read_byte_record(&mut header) {
                Ok(false) => break None,
                Ok(true) if header.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) => {}
                Ok(true) => break Some(()),
                Err(e) => return out.send(Msg::Fail(csv_cause(&e))),
            }
        };
        let end = reader.position().byte() as usize;
        if !eof && end >= buf.len() {
            if let Some(()) = found {
                let start = header.position().map_or(0, |p| p.byte() as usize);
                let start = start
                    + buf[start.min(buf.len())..]
                        .iter()
                        .take_while(|b| b.is_ascii_whitespace())
                        .count();
                if buf.len() - start.min(buf.len()) > MAX_RECORD {
                    let line = header.position().map_or(1, |p| record_line(&buf, p));
                    return out.send(Msg::Fail(format!(
                        "line {line}: the header is longer than {} MiB (a line break missing?); the file is not read",
                        MAX_RECORD >> 20
                    )));
                }
            } else if buf.len() > MAX_BLANK_PREFIX {
                return out.send(Msg::Fail(format!(
                    "no header row in the first {} MiB (blank lines only)",
                    MAX_BLANK_PREFIX >> 20
                )));
            }
            // At least a page more: a buffer that held only a byte-order mark is empty now.
            // Doubled each time, and filled whole even from a pipe whose reads come short:
            // the header is parsed again from the start, so smaller steps (a million blank
            // lines on standard input) would make this quadratic.
            let want = (buf.len() * 2).max(buf.len() + 4096);
            while !eof && buf.len() < want {
                eof = match fill(&mut input, &mut buf, want, &mut short) {
                    Ok(eof) => eof,
                    Err(e) => return out.send(Msg::Fail(io_cause(&e))),
                };
            }
            continue;
        }
        if found.is_none() {
            return out.send(Msg::Fail("empty file: no header row".into()));
        }
        let line = header.position().map_or(1, |p| record_line(&buf, p));
        let names: Vec<String> = header
            .iter()
            .map(|c| decode_lossy(c).trim().to_string())
            .collect();
        break (names, line, end);
    };
    let line = 1 + memchr::memchr_iter(b'\n', &buf[..data_start]).count() as u64;
    // The sample is the rows in the first SAMPLE_BYTES after the header, whatever the block
    // size, so a file is matched the same way however it is cut. A pipe (standard input, a
    // FIFO) is not waited for past what has arrived.
    let sample_end = data_start.saturating_add(SAMPLE_BYTES);
    let waits = match source {
        Source::Stdin => true,
        Source::File(p) => !std::fs::metadata(p).is_ok_and(|m| m.is_file()),
        Source::Embedded { .. } | Source::Memory { .. } => false,
    };
    while !eof && buf.len() < sample_end {
        if short && waits {
            break;
        }
        match fill(&mut input, &mut buf, sample_end, &mut short) {
            Ok(e) => eof = e,
            Err(e) => return out.send(Msg::Fail(io_cause(&e))),
        }
    }
    let sample = csv_sample(
        &buf[data_start..buf.len().min(sample_end)],
        delim,
        line,
        eof && buf.len() <= sample_end,
    );
    let (columns, notes, mapping) =
        resolve_columns(map, profiles, &names, sample, &source.label(), header_line);
    out.send(Msg::Mapping(Box::new(mapping)))?;
    for (line, message) in notes {
        out.send(Msg::Notice { line, message })?;
    }
    let columns = match columns {
        Ok(c) => Arc::new(c),
        Err(e) => return out.send(Msg::Fail(e)),
    };
    out.send(Msg::DataLine {
        line,
        bytes: (bom + data_start) as u64,
    })?;
    buf.drain(..data_start);
    let mut scan = Scan::default();
    let mut failed = None;
    loop {
        // A little more than a block, so the first line break past the block's size is
        // usually in the buffer already and little is carried over to the next block.
        let ahead = block.saturating_add(block / 8);
        if buf.len() < ahead && !eof && !short {
            match fill(&mut input, &mut buf, ahead, &mut short) {
                Ok(e) => eof = e,
                Err(e) => {
                    eof = true;
                    failed = Some(io_cause(&e));
                }
            }
        }
        let found = if short && !eof {
            last_cut(&buf, delim)
        } else {
            find_cut(&buf, delim, block, &mut scan)
        };
        let cut = match found {
            Ok(Some(cut)) => cut,
            Ok(None) if !eof && buf.len() > block.saturating_add(MAX_RECORD) => {
                // A record longer than any real row: the rows before it are sent, then the
                // file stops with its line, before memory grows without end.
                let before = last_cut(&buf[..block.min(buf.len())], delim)
                    .ok()
                    .flatten()
                    .unwrap_or(0);
                if before > 0 {
                    buf.truncate(before);
                    let seq = out.part_seq()?;
                    jobs.send(Job {
                        seq,
                        bytes: std::mem::take(&mut buf),
                        delim,
                        columns: Arc::clone(&columns),
                    })
                    .map_err(|_| Stop)?;
                }
                out.send(Msg::RecordTooLong)?;
                return out.send(Msg::End);
            }
            Ok(None) if !eof => {
                let want = buf.len().saturating_add(block / 8).max(buf.len() + 4096);
                match fill(&mut input, &mut buf, want, &mut short) {
                    Ok(e) => eof = e,
                    Err(e) => {
                        eof = true;
                        failed = Some(io_cause(&e));
                    }
                }
                continue;
            }
            // After a read error the bytes past the last whole record may be a record cut
            // short (a follower count missing its last digits): they are not loaded.
            Ok(None) if failed.is_some() => {
                let keep = last_cut(&buf, delim).ok().flatten().unwrap_or(0);
                buf.truncate(keep);
                keep
            }
            Ok(None) => buf.len(),
            Err(Irregular) => {
                // A quote where a quote-parity scan cannot follow the parser: the rest of
                // the file is one block, read as a sequential load would.
                if !eof {
                    let mut rest = (&mut input).take(MAX_IRREGULAR);
                    if let Err(e) = rest.read_to_end(&mut buf) {
                        failed = Some(io_cause(&e));
                    } else if rest.limit() == 0 {
                        failed = Some(format!(
                            "stopped after {} GiB read as one block (a stray quote?)",
                            MAX_IRREGULAR >> 30
                        ));
                    }
                }
                eof = true;
                buf.len()
            }
        };
        if cut > 0 {
            let mut rest = Vec::with_capacity(block.min(BLOCK) + (block.min(BLOCK) >> 2));
            rest.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
            let block = std::mem::replace(&mut buf, rest);
            scan = Scan::default();
            let seq = out.part_seq()?;
            if jobs
                .send(Job {
                    seq,
                    bytes: block,
                    delim,
                    columns: Arc::clone(&columns),
                })
                .is_err()
            {
                return Err(Stop);
            }
        }
        if eof && buf.is_empty() {
            break;
        }
    }
    if let Some(cause) = failed {
        out.send(Msg::ReadFailed(cause))?;
    }
    out.send(Msg::End)
}

/// Bytes after a CSV header that the rows to match columns with are taken from.
const SAMPLE_BYTES: usize = 64 << 10;

/// Columns of a sampled row kept: a row of a million cells samples as few as a real one.
const MAX_SAMPLE_WIDTH: usize = 1024;

/// The first rows after the header (at most [`SAMPLE_ROWS`]), each with its line, to match
/// columns by their values. A record the buffer may hold only part of is left out.
fn csv_sample(data: &[u8], delim: u8, first_line: u64, eof: bool) -> Vec<(u64, Vec<String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    let mut rows = Vec::new();
    while rows.len() < SAMPLE_ROWS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) | Err(_) => break,
        }
        if !eof && reader.position().byte() as usize >= data.len() {
            break;
        }
        if record.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = first_line - 1 + record.position().map_or(1, |p| record_line(data, p));
        rows.push((
            line,
            record
                .iter()
                .take(MAX_SAMPLE_WIDTH)
                .map(|c| decode_lossy(c).into_owned())
                .collect(),
        ));
    }
    rows
}

/// Where a quote-parity scan of a block got to, so that reading more resumes it.
#[derive(Default)]
struct Scan {
    pos: usize,
    in_quote: bool,
}

/// A quote the parity scan cannot follow (not at the start of a field, or a closing quote
/// followed by more text).
struct Irregular;

/// The end (just past a line break outside quotes) of the first record ending at or after
/// `min` bytes into `buf`, which starts at the start of a record. `None` when `buf` holds
/// no such end yet.
fn find_cut(
    buf: &[u8],
    delim: u8,
    min: usize,
    scan: &mut Scan,
) -> Result<Option<usize>, Irregular> {
    let len = buf.len();
    loop {
        let pos = scan.pos;
        if !scan.in_quote {
            // The first line break at or past `min`, and the first quote before it: each
            // search stops at the cut, so finding many cuts in a row (`last_cut` over a
            // million blank lines) stays linear.
            let from = pos.max(min.saturating_sub(1)).min(len);
            let nl = memchr::memchr(b'\n', &buf[from..]).map(|n| from + n);
            let limit = nl.map_or(len, |n| n + 1);
            let next_quote = memchr::memchr(b'"', &buf[pos.min(limit)..limit]).map(|q| pos + q);
            let Some(q) = next_quote else {
                return Ok(match nl {
                    Some(n) => {
                        // The next look starts past this cut, not back at the last quote.
                        scan.pos = n + 1;
                        Some(n + 1)
                    }
                    None => {
                        scan.pos = len;
                        None
                    }
                });
            };
            if q > 0 && !matches!(buf[q - 1], b'\n' | b'\r') && buf[q - 1] != delim {
                return Err(Irregular);
            }
            scan.in_quote = true;
            scan.pos = q + 1;
        } else {
            let Some(q) = memchr::memchr(b'"', &buf[pos.min(len)..]).map(|q| pos + q) else {
                scan.pos = len;
                return Ok(None);
            };
            if q + 1 == len {
                // Is it a closing quote or the first of a doubled one? More input tells.
                scan.pos = q;
                return Ok(None);
            }
            let after = buf[q + 1];
            if after == b'"' {
                scan.pos = q + 2;
            } else if matches!(after, b'\n' | b'\r') || after == delim {
                scan.in_quote = false;
                scan.pos = q + 1;
            } else {
                return Err(Irregular);
            }
        }
    }
}

/// The line a record starts on: the csv reader numbers a record from where its read began,
/// before the blank lines (and the LF of a CRLF) it skipped, so those are counted here.
fn record_line(bytes: &[u8], pos: &csv::Position) -> u64 {
    let start = (pos.byte() as usize).min(bytes.len());
    let skipped = bytes[start..]
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count();
    pos.line() + skipped as u64
}

/// The end of the last whole record in `buf` (which starts at the start of a record), for
/// input that arrives slowly: send everything that is complete.
fn last_cut(buf: &[u8], delim: u8) -> Result<Option<usize>, Irregular> {
    let mut scan = Scan::default();
    let mut best = None;
    while let Some(cut) = find_cut(buf, delim, best.map_or(1, |c| c + 1), &mut scan)? {
        best = Some(cut);
    }
    Ok(best)
}

/// Parses and checks one block of whole records into a part.
fn parse_block(job: Job, scheme: &TierScheme, model: &FeeModel) -> Part {
    let mut part = Part::new(scheme, model, false);
    let bytes = &job.bytes[..];
    part.newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    part.bytes = bytes.len() as u64;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(job.delim)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    super::read_csv(
        &mut reader,
        &mut record,
        &job.columns,
        &|pos| record_line(bytes, pos),
        &mut |event| part.push(event),
    );
    part
}

/// A TOML or JSON source: parsed whole (these formats have no safe cut points), then
/// checked and sent in parts so the roster fills, and the progress moves, as it goes.
#[allow(clippy::too_many_arguments)]
fn read_text_source(
    source: &Source,
    kind: Kind,
    map: &FieldMap,
    profiles: &[Profile],
    scheme: &TierScheme,
    model: &FeeModel,
    out: &mut Out,
    warned: &mut bool,
) -> Result<(), Stop> {
    let text: std::borrow::Cow<'static, str> = match source {
        Source::Embedded { text, .. } => std::borrow::Cow::Borrowed(text),
        Source::File(p) => {
            let bytes = match std::fs::read(p) {
                Ok(b) => b,
                Err(e) => return out.send(Msg::Fail(io_cause(&e))),
            };
            match String::from_utf8(bytes) {
                Ok(s) => std::borrow::Cow::Owned(s),
                Err(e) => {
                    out.send(Msg::Notice {
                        line: 0,
                        message: "not UTF-8: invalid bytes replaced".into(),
                    })?;
                    std::borrow::Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            }
        }
        Source::Memory { bytes, .. } => match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Owned(s.to_string()),
            Err(_) => {
                out.send(Msg::Notice {
                    line: 0,
                    message: "not UTF-8: invalid bytes replaced".into(),
                })?;
                std::borrow::Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
            }
        },
        Source::Stdin => return out.send(Msg::Fail("standard input is read as CSV".into())),
    };
    let total = text.len() as u64;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows = match kind {
        Kind::Toml => toml_rows(text),
        _ => json_rows(text),
    };
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return out.send(Msg::Fail(e)),
    };
    let rows = (Vec::new(), rows, 1, total);
    send_rows(
        rows,
        (kind, source, map, profiles),
        scheme,
        model,
        out,
        warned,
        None,
    )
}

/// Rows of fields by name (a TOML or JSON file's, or a sheet's): columns resolved from
/// the names as for CSV, each row checked and sent in parts. With the rows come the names
/// of a header (a sheet's; none for TOML and JSON, whose names are their rows' keys), its
/// line or row (for its notes) and the bytes the rows stand for (for progress); `ended` is
/// why a sheet was not read to its end, reported after its rows.
#[allow(clippy::too_many_arguments)]
fn send_rows(
    (header, rows, header_line, total): (Vec<String>, TextRows, u64, u64),
    (kind, source, map, profiles): (Kind, &Source, &FieldMap, &[Profile]),
    scheme: &TierScheme,
    model: &FeeModel,
    out: &mut Out,
    warned: &mut bool,
    ended: Option<String>,
) -> Result<(), Stop> {
    if rows.len() > LARGE_TEXT_ROSTER && matches!(kind, Kind::Toml | Kind::Json) && !*warned {
        *warned = true;
        out.send(Msg::Notice {
            line: 0,
            message: super::large_text_message(rows.len(), kind),
        })?;
    }
    let mut names: Vec<String> = Vec::new();
    // Column names in order of appearance, found through a map: linear in the keys.
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in &header {
        if !index.contains_key(k.as_str()) {
            index.insert(k, names.len());
            names.push(k.clone());
        }
    }
    for (_, fields) in &rows {
        for (k, _) in fields.iter().flatten() {
            if !index.contains_key(k.as_str()) {
                index.insert(k, names.len());
                names.push(k.clone());
            }
        }
    }
    let sample = rows
        .iter()
        .take(SAMPLE_ROWS)
        .filter_map(|(line, fields)| {
            let fields = fields.as_ref().ok()?;
            let mut cells = vec![String::new(); names.len().min(MAX_SAMPLE_WIDTH)];
            for (k, v) in fields {
                if let Some(&i) = index.get(k.as_str())
                    && i < cells.len()
                {
                    cells[i] = v.clone();
                }
            }
            Some((*line, cells))
        })
        .collect();
    let (columns, notes, mapping) =
        resolve_columns(map, profiles, &names, sample, &source.label(), header_line);
    out.send(Msg::Mapping(Box::new(mapping)))?;
    for (line, message) in notes {
        out.send(Msg::Notice { line, message })?;
    }
    let columns = match columns {
        Ok(c) => c,
        Err(e) => return out.send(Msg::Fail(e)),
    };
    let width = columns.cols.iter().flatten().max().map_or(0, |&m| m + 1);
    let n = rows.len().max(1) as u64;
    for chunk in rows.chunks(ROWS_PER_PART) {
        let mut part = Part::new(scheme, model, true);
        part.bytes = total * chunk.len() as u64 / n;
        for (line, fields) in chunk {
            let fields = match fields {
                Ok(f) => f,
                Err(reason) => {
                    part.push(super::Event::Reject {
                        line: *line,
                        reason: reason.clone(),
                    });
                    continue;
                }
            };
            // Each row's cells in the shared column order, up to the last column read: a
            // file whose rows each have keys of their own stays linear.
            let mut cells = vec![(String::new(), String::new()); width];
            for (k, v) in fields {
                if let Some(&i) = index.get(k.as_str())
                    && i < width
                {
                    cells[i] = (String::new(), v.clone());
                }
            }
            let row = raw_row(&columns, &cells);
            check_and_emit(&row, *line, &mut |event| part.push(event));
        }
        let seq = out.part_seq()?;
        out.tx.send((seq, Msg::Part(part))).map_err(|_| Stop)?;
    }
    if let Some(cause) = ended {
        out.send(Msg::Fail(cause))?;
    }
    out.send(Msg::End)
}

impl RosterReader {
    /// Starts loading every source on other threads (all cores); [`RosterReader::poll`]
    /// then adds what is ready to the roster. The roster gives the tier scheme and fee
    /// model the workers derive figures with.
    pub fn start(&mut self, roster: &Roster) {
        if self.pipe.is_none() && !self.finished {
            let sources = std::mem::take(&mut self.sources);
            self.pipe = Some(start(
                sources,
                self.map.clone(),
                self.profiles.clone(),
                roster.scheme().clone(),
                roster.model().clone(),
                self.block_bytes,
            ));
        }
    }

    /// Adds to `roster` what the load has ready, for at most about `budget` (waiting for
    /// more within it). True when every source is done.
    pub fn poll(&mut self, roster: &mut Roster, budget: Duration) -> bool {
        self.poll_until(roster, budget, usize::MAX)
    }

    /// [`RosterReader::poll`], stopping early once the roster holds `rows` creators.
    pub(super) fn poll_until(
        &mut self,
        roster: &mut Roster,
        budget: Duration,
        rows: usize,
    ) -> bool {
        let deadline = Instant::now() + budget;
        let Some(mut pipe) = self.pipe.take() else {
            return true;
        };
        let done = loop {
            if let Some(msg) = pipe.pending.remove(&pipe.next) {
                pipe.next += 1;
                let is_part = matches!(msg, Msg::Part(_));
                if self.apply_msg(roster, msg) {
                    break true;
                }
                if is_part {
                    let _ = pipe.credits.try_send(());
                }
                if Instant::now() >= deadline || roster.len() >= rows {
                    break false;
                }
                continue;
            }
            let now = Instant::now();
            let got = if now >= deadline {
                pipe.rx.try_recv().map_err(|e| match e {
                    TryRecvError::Empty => RecvTimeoutError::Timeout,
                    TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
                })
            } else {
                pipe.rx.recv_timeout(deadline - now)
            };
            match got {
                Ok((seq, msg)) => {
                    pipe.pending.insert(seq, msg);
                }
                Err(RecvTimeoutError::Timeout) => break false,
                // A thread died without finishing: what arrived is what there is, and the
                // report says the load is incomplete.
                Err(RecvTimeoutError::Disconnected) => {
                    self.fail(format!(
                        "the load stopped unexpectedly after {} creators",
                        roster.len()
                    ));
                    break true;
                }
            }
        };
        // Names, emails and niches that duplicates filled: written at the end of the load,
        // and as they come while the roster is small enough for that to cost nothing.
        if roster.has_pending_fills() && (done || roster.len() <= FILL_AT_ONCE) {
            roster.apply_fills();
        }
        if done {
            self.finished = true;
        } else {
            self.pipe = Some(pipe);
        }
        done
    }

    /// Applies one message; true for the last one.
    fn apply_msg(&mut self, roster: &mut Roster, msg: Msg) -> bool {
        match msg {
            Msg::Open { label, bytes } => {
                self.label = label;
                self.sheet = None;
                self.file_index = self.report.files.len();
                self.report.files.push(super::FileSummary {
                    path: self.label.clone(),
                    sheet: None,
                    loaded: 0,
                    rejected: 0,
                    duplicates: 0,
                    mapping: None,
                });
                self.file_starts.push(roster.len() as u32);
                self.next_line = 1;
                if bytes > 0 {
                    // About 80 bytes a creator: reserve so a big load does not keep
                    // reallocating.
                    let rows = (bytes / 80) as usize;
                    roster.reserve(rows.min(4_000_000), (bytes / 2) as usize);
                }
            }
            Msg::Notice { line, message } => self.notice(line, message),
            Msg::Sheet(name) => {
                self.report.files[self.file_index].sheet = Some(name.clone());
                self.sheet = Some(name);
            }
            Msg::Fail(cause) => self.fail(cause),
            Msg::Mapping(m) => self.report.files[self.file_index].mapping = Some(*m),
            Msg::ReadFailed(cause) => {
                let line = self.next_line.saturating_sub(1);
                self.fail(format!("read failed after line {line}: {cause}"));
            }
            Msg::RecordTooLong => {
                let line = self.next_line;
                self.fail(format!(
                    "line {line}: a record longer than {} MiB (a line break missing?); the rest of the file is not read",
                    MAX_RECORD >> 20
                ));
            }
            Msg::DataLine { line, bytes } => {
                self.next_line = line;
                self.add_bytes(bytes);
            }
            Msg::Part(part) => self.join(roster, part),
            Msg::End => self.finish_file(),
            Msg::Done => return true,
        }
        false
    }

    fn add_bytes(&self, bytes: u64) {
        self.progress
            .bytes_read
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
    }

    /// Joins a part to the roster in file order: its events and creators interleaved by
    /// line as a sequential load met them, duplicates found against everything before.
    fn join(&mut self, roster: &mut Roster, part: Part) {
        let base = if part.absolute { 0 } else { self.next_line - 1 };
        self.next_line += part.newlines;
        let maps = roster.id_maps(&part.roster);
        let mut events = part.events.into_iter().peekable();
        const AHEAD: usize = 16;
        for &h in part.hashes.iter().take(AHEAD) {
            roster.prefetch_identity(h);
        }
        for (j, (&line, &hash)) in part.lines.iter().zip(&part.hashes).enumerate() {
            if let Some(&h) = part.hashes.get(j + AHEAD) {
                roster.prefetch_identity(h);
            }
            let line = base + line;
            while let Some((l, _)) = events.peek()
                && base + *l <= line
            {
                if let Some((l, e)) = events.next() {
                    self.part_event(base + l, e);
                }
            }
            match roster.push_from(&part.roster, j as u32, hash, &maps) {
                Ok(i) => self.added(roster, i, line),
                Err(dup) => self.duplicate(roster, &part.roster, j as u32, &maps, line, dup),
            }
        }
        for (l, e) in events {
            self.part_event(base + l, e);
        }
        self.add_bytes(part.bytes);
    }

    fn part_event(&mut self, line: u64, event: PartEvent) {
        match event {
            PartEvent::Reject(reason) => self.reject(line, reason),
            PartEvent::Notice(message) => self.notice(line, message),
            PartEvent::NonUtf8 => self.non_utf8(line),
            PartEvent::Fail(cause) => self.fail(cause),
        }
    }
}
