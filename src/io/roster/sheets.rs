//! Spreadsheets (.xlsx, .xls, .ods), read through calamine: one sheet (the first, or the one
//! `--sheet` names) becomes rows of fields by header name, as a TOML or JSON roster does, so
//! column matching and row checks are the CSV ones. Each cell becomes the text a user sees in
//! it: `48200` for a whole number stored as 48200.0, `0.032` for a cell shown as 3.2%, ISO
//! dates, and a blank for an error such as `#N/A`. Rows keep the sheet's own 1-based numbers.
//!
//! Bounds: calamine reads a whole sheet into memory, so a file over [`MAX_FILE`] is refused
//! before it is read, an .xlsx or .ods that unzips past [`MAX_UNZIPPED`] (or an .ods whose
//! repeats expand past [`MAX_CELLS`]) too, and a sheet stops after [`MAX_CELLS`] cells or
//! [`MAX_TEXT`] of text (the rows before are loaded). An .xlsx sheet is read cell by cell,
//! never as calamine's dense grid, so two cells at A1 and XFD1048576 cost two cells, not
//! seventeen billion.

use std::io::{Cursor, Read};
use std::sync::Arc;

use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx};

use super::{Source, TextRows, io_cause};
use crate::domain::text::{escape_controls, quote_data};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xls => ".xls",
            Format::Ods => ".ods",
        }
    }
}

/// The largest spreadsheet file read: 256 MiB, a million creators many times over (an .xlsx
/// of 100,000 creators is about 8 MiB). A bigger one is refused before it is read.
pub const MAX_FILE: u64 = 256 << 20;

/// The most non-empty cells read from one sheet: 16,777,216 (an .xls sheet's whole grid,
/// a million creators of 16 columns). Past it the sheet stops, after the rows before are
/// loaded, with an error naming the row.
pub const MAX_CELLS: usize = 1 << 24;

/// One sheet, read.
pub(super) struct SheetRead {
    pub name: String,
    /// The header's row (1-based), for notes about the header.
    pub header_row: u64,
    /// The header's names, in column order (a sheet with no rows still has columns).
    pub header: Vec<String>,
    pub rows: TextRows,
    /// Notes about the sheet (a title line skipped), by row.
    pub notes: Vec<(u64, String)>,
    /// Why the sheet was not read to its end, when it was not.
    pub ended: Option<String>,
    /// The file's size, for progress.
    pub bytes: u64,
}

/// The bytes of the file, as calamine wants them (read and seek, cloneable).
type Bytes = Cursor<Arc<[u8]>>;

/// Reads the sheet named `wanted` (else the first worksheet) of a spreadsheet. Errors are
/// one line: the file is unreadable, or has no such sheet (the sheets it has are listed).
pub(super) fn read(
    source: &Source,
    format: Format,
    wanted: Option<&str>,
) -> Result<SheetRead, String> {
    let bytes: Arc<[u8]> = match source {
        Source::File(p) => read_file(p)?,
        Source::Memory { bytes, .. } => Arc::clone(bytes),
        Source::Embedded { text, .. } => Arc::from(text.as_bytes()),
        Source::Stdin => return Err("standard input is read as CSV".into()),
    };
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_big(bytes.len() as u64));
    }
    let size = bytes.len() as u64;
    match format {
        Format::Xlsx | Format::Ods if bytes.starts_with(&CFB_MAGIC) => {
            // A password-protected workbook is an encrypted package in an OLE file. calamine
            // looks inside any .xlsx that starts like one, with a reader that panics on a
            // short last sector (found by `cargo fuzz run roster_sheet`: OLE header first,
            // a zip after it); no such file is a workbook we can read.
            return Err(format!(
                "not a readable {} file: an OLE compound file, not a zip (a password-protected \
                 workbook, or an .xls under another name?)",
                format.ext()
            ));
        }
        Format::Xlsx | Format::Ods => check_zip(&bytes, format)?,
        Format::Xls => check_xls(&bytes)?,
    }
    // A bug in calamine on a strange file costs that file, never the load.
    crate::caught::catch(|| read_book(Cursor::new(bytes), format, wanted))
        .unwrap_or_else(|_| {
            Err(format!(
                "not a readable {} file (the reader failed on it)",
                format.ext()
            ))
        })
        .map(|mut s| {
            s.bytes = size;
            s
        })
}

/// The first bytes of an OLE compound file (an .xls, or an encrypted .xlsx).
const CFB_MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/// What an .xlsx or .ods file may unzip to, all its parts together: 256 MiB, many times
/// a roster of 100,000 creators. calamine keeps what it unzips (shared strings, a whole
/// .ods document), so a zip bomb is refused before it reads a byte of it.
pub const MAX_UNZIPPED: u64 = 256 << 20;

/// Unzips every part of the archive, counting, and refuses the file when it unzips to more
/// than [`MAX_UNZIPPED`], or when an .ods sheet's repeated rows and columns would make
/// more than [`MAX_CELLS`] cells (calamine expands them: a 100-byte cell repeated 16,384
/// times in each of a million rows would be 16 billion).
fn check_zip(bytes: &Arc<[u8]>, format: Format) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(Arc::clone(bytes)))
        .map_err(|e| not_readable(format, e))?;
    let mut total = 0u64;
    let mut content = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| not_readable(format, e))?;
        let is_content =
            format == Format::Ods && matches!(part.name().as_deref(), Ok("content.xml"));
        let left = MAX_UNZIPPED - total;
        let read = if is_content {
            (&mut part).take(left + 1).read_to_end(&mut content)
        } else {
            std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink()).map(|n| n as usize)
        }
        .map_err(|e| not_readable(format, e))?;
        total += read as u64;
        if total > MAX_UNZIPPED {
            return Err(format!(
                "unzips to more than {} MiB (a zip bomb?); the file is not read",
                MAX_UNZIPPED >> 20
            ));
        }
    }
    if format == Format::Ods {
        let cells = ods_extent(&content);
        if cells > MAX_CELLS as u64 {
            return Err(format!(
                "its sheets' repeated rows and columns make {cells} cells, more than {MAX_CELLS}; the file is not read"
            ));
        }
    }
    Ok(())
}

/// The cells calamine would hold for an .ods document's sheets: for each sheet, its rows up
/// to the last with a value, times the widest row up to its last value, repeats counted.
fn ods_extent(xml: &[u8]) -> u64 {
    use memchr::memmem;
    let mut total = 0u64;
    let (mut rows, mut last_row, mut width) = (0u64, 0u64, 0u64);
    let (mut row_repeat, mut col, mut row_end) = (1u64, 0u64, 0u64);
    let mut at = 0;
    let repeat = |tag: &[u8], name: &[u8]| -> u64 {
        memmem::find(tag, name)
            .map(|i| {
                tag[i + name.len()..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .fold(0u64, |n, &b| {
                        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
                    })
            })
            .unwrap_or(1)
    };
    while let Some(i) = memchr::memchr(b'<', &xml[at..]) {
        let start = at + i;
        let end = memchr::memchr(b'>', &xml[start..]).map_or(xml.len(), |e| start + e + 1);
        let tag = &xml[start..end];
        at = end;
        if tag.starts_with(b"<table:table ") || tag.starts_with(b"<table:table>") {
            total = total.saturating_add(last_row.saturating_mul(width));
            (rows, last_row, width) = (0, 0, 0);
        } else if tag.starts_with(b"<table:table-row") {
            row_repeat = repeat(tag, b"table:number-rows-repeated=\"").min(1 << 20);
            (col, row_end) = (0, 0);
        } else if tag.starts_with(b"</table:table-row") {
            rows = rows.saturating_add(row_repeat);
            if row_end > 0 {
                last_row = rows;
                width = width.max(row_end);
            }
        } else if tag.starts_with(b"<table:table-cell")
            || tag.starts_with(b"<table:covered-table-cell")
        {
            let n = repeat(tag, b"table:number-columns-repeated=\"").min(1 << 14);
            col = col.saturating_add(n);
            if memmem::find(tag, b"office:value-type=").is_some()
                || memmem::find(tag, b"table:formula=").is_some()
            {
                row_end = col;
            }
        }
    }
    total.saturating_add(last_row.saturating_mul(width))
}

/// calamine builds every sheet of an .xls as a dense grid when it opens the file, sized by
/// the sheet's DIMENSIONS record and by its cells' positions: a small file with two cells
/// far apart, or one record that claims a million rows, would be billions of cells. So the
/// workbook's records are walked first, and a file whose sheets' grids add up to more than
/// [`MAX_CELLS`] is refused.
fn check_xls(bytes: &Arc<[u8]>) -> Result<(), String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(Arc::clone(bytes)))
        .map_err(|e| not_readable(Format::Xls, e))?;
    let mut stream = match file.open_stream("/Workbook") {
        Ok(s) => s,
        Err(_) => file
            .open_stream("/Book")
            .map_err(|_| not_readable(Format::Xls, "no workbook in the file"))?,
    };
    let mut data = Vec::new();
    (&mut stream)
        .take(MAX_FILE)
        .read_to_end(&mut data)
        .map_err(|e| not_readable(Format::Xls, e))?;
    if let Some(why) = xls_misread(&data) {
        return Err(not_readable(Format::Xls, why));
    }
    let cells = xls_extent(&data).unwrap_or(u64::MAX);
    if cells > MAX_CELLS as u64 {
        return Err(format!(
            "its sheets span more than {MAX_CELLS} cells; the file is not read"
        ));
    }
    Ok(())
}

/// A record of a BIFF workbook stream that calamine panics on, found by `cargo fuzz run
/// roster_sheet`, and what is wrong with it: a sheet (BOUNDSHEET) placed past the end of the
/// stream, or in a record too short to read (calamine slices the stream at that position:
/// `range start index 771753434 out of range for slice of length 4096`); a run of cells
/// (MULRK) whose last column is before its first (calamine subtracts them:
/// `attempt to subtract with overflow`).
fn xls_misread(data: &[u8]) -> Option<&'static str> {
    let u16_at = |r: &[u8], i: usize| u16::from_le_bytes([r[i], r[i + 1]]);
    let mut at = 0;
    while at + 4 <= data.len() {
        let typ = u16_at(data, at);
        let len = usize::from(u16_at(data, at + 2));
        let rec = &data[at + 4..(at + 4 + len).min(data.len())];
        at += 4 + len;
        match typ {
            0x0085 => {
                let pos = rec
                    .get(..4)
                    .map(|p| u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as usize);
                if rec.len() < 6 || pos.is_none_or(|p| p > data.len()) {
                    return Some("a sheet is placed past the end of the workbook");
                }
            }
            0x00BD if rec.len() >= 6 && u16_at(rec, rec.len() - 2) < u16_at(rec, 2) => {
                return Some("a run of cells ends before it starts");
            }
            _ => {}
        }
    }
    None
}

/// The cells calamine's grids would hold for a BIFF workbook stream: per sheet, the span of
/// its cells' rows times the span of their columns, and no sheet's DIMENSIONS record larger
/// than [`MAX_CELLS`] (calamine reserves that much). `None`: a record calamine would
/// misread (a DIMENSIONS that ends before it starts).
fn xls_extent(data: &[u8]) -> Option<u64> {
    let u16_at = |r: &[u8], i: usize| u32::from(u16::from_le_bytes([r[i], r[i + 1]]));
    let u32_at = |r: &[u8], i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    let span = |b: Option<(u32, u32, u32, u32)>| {
        b.map_or(0, |(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    };
    let mut total = 0u64;
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut at = 0;
    while at + 4 <= data.len() {
        let typ = u16_at(data, at);
        let len = u16_at(data, at + 2) as usize;
        let rec = &data[at + 4..(at + 4 + len).min(data.len())];
        at += 4 + len;
        let mut cell = |row: u32, col: u32| {
            bounds = Some(match bounds {
                None => (row, row, col, col),
                Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
            });
        };
        match typ {
            // BOF: a new sheet begins.
            0x0809 => total = total.saturating_add(span(bounds.take())),
            // DIMENSIONS, read as calamine reads it.
            0x0200 => {
                let (rf, rl, cf, cl) = match rec.len() {
                    10 => (
                        u16_at(rec, 0),
                        u16_at(rec, 2),
                        u16_at(rec, 4),
                        u16_at(rec, 6),
                    ),
                    14 | 16 => (
                        u32_at(rec, 0),
                        u32_at(rec, 4),
                        u16_at(rec, 8),
                        u16_at(rec, 10),
                    ),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    if rl - 1 < rf {
                        return None;
                    }
                    let grid = u64::from(rl - rf) * u64::from(cl - cf);
                    if grid > MAX_CELLS as u64 {
                        return Some(grid);
                    }
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: a cell at (row, col).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if rec.len() >= 4 => {
                cell(u16_at(rec, 0), u16_at(rec, 2));
            }
            // MULRK: a run of cells on one row, its last column at the end.
            0x00BD if rec.len() >= 6 => {
                let row = u16_at(rec, 0);
                cell(row, u16_at(rec, 2));
                cell(row, u16_at(rec, rec.len() - 2));
            }
            _ => {}
        }
    }
    Some(total.saturating_add(span(bounds)))
}

fn too_big(size: u64) -> String {
    format!(
        "a spreadsheet of {} MiB: more than the {} MiB read; save the sheet as CSV",
        size >> 20,
        MAX_FILE >> 20
    )
}

fn read_file(p: &std::path::Path) -> Result<Arc<[u8]>, String> {
    let f = std::fs::File::open(p).map_err(|e| io_cause(&e))?;
    let meta = f.metadata().map_err(|e| io_cause(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a roster file".into());
    }
    if meta.len() > MAX_FILE {
        return Err(too_big(meta.len()));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // One byte past the bound: a file that grew (or a device) is still refused.
    f.take(MAX_FILE + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_cause(&e))?;
    if buf.len() as u64 > MAX_FILE {
        return Err(too_big(buf.len() as u64));
    }
    Ok(Arc::from(buf))
}

/// The chosen sheet of a workbook that calamine reads whole (`.xls`, `.ods`), as cells.
fn whole_range<B: Reader<Bytes>>(
    bytes: Bytes,
    format: Format,
    wanted: Option<&str>,
) -> Result<(String, Cells), String>
where
    B::Error: std::fmt::Display,
{
    let mut book: B =
        calamine::open_workbook_from_rs(bytes).map_err(|e| not_readable(format, e))?;
    let name = choose(book.sheets_metadata(), wanted)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| not_readable(format, e))?;
    Ok((name, range_cells(&range)))
}

fn not_readable(format: Format, e: impl std::fmt::Display) -> String {
    let e = e.to_string();
    format!(
        "not a readable {} file: {}",
        format.ext(),
        escape_controls(e.lines().next().unwrap_or(""))
    )
}

/// Cells as (row, column, text), 0-based, in any order; and why reading stopped early.
type Cells = (Vec<(u32, u32, String)>, Option<String>);

fn read_book(bytes: Bytes, format: Format, wanted: Option<&str>) -> Result<SheetRead, String> {
    let (name, (cells, ended)) = match format {
        Format::Xlsx => {
            let mut book: Xlsx<Bytes> =
                calamine::open_workbook_from_rs(bytes).map_err(|e| not_readable(format, e))?;
            let name = choose(book.sheets_metadata(), wanted)?;
            let cells = xlsx_cells(&mut book, &name).map_err(|e| not_readable(format, e))?;
            (name, cells)
        }
        Format::Xls => whole_range::<Xls<Bytes>>(bytes, format, wanted)?,
        Format::Ods => whole_range::<Ods<Bytes>>(bytes, format, wanted)?,
    };
    Ok(to_rows(name, cells, ended))
}

/// The sheet to read: the one named (exactly, else ignoring case and outer spaces), or the
/// first visible worksheet.
fn choose(sheets: &[calamine::Sheet], wanted: Option<&str>) -> Result<String, String> {
    let Some(wanted) = wanted else {
        return sheets
            .iter()
            .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
            .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
            .map(|s| s.name.clone())
            .ok_or_else(|| "no worksheet in this file".to_string());
    };
    let exact = sheets.iter().find(|s| s.name == wanted);
    let loose = || {
        sheets
            .iter()
            .find(|s| s.name.trim().to_lowercase() == wanted.trim().to_lowercase())
    };
    match exact.or_else(loose) {
        Some(s) => Ok(s.name.clone()),
        None => {
            const LISTED: usize = 20;
            let mut names: Vec<String> = sheets
                .iter()
                .take(LISTED)
                .map(|s| format!("`{}`", quote_data(&s.name)))
                .collect();
            if sheets.len() > LISTED {
                names.push(format!("... and {} more", sheets.len() - LISTED));
            }
            Err(format!(
                "no sheet `{}` (sheets: {})",
                quote_data(wanted),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
        }
    }
}

/// An .xlsx sheet cell by cell: memory follows the cells the sheet holds, not its extent.
fn xlsx_cells(book: &mut Xlsx<Bytes>, name: &str) -> Result<Cells, calamine::XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    // Which styles show a number as a percentage: 150% is stored as 1.5, which as a bare
    // number would read as 1.5%.
    let percent: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code))
        })
        .collect();
    let mut cells = Kept::default();
    while let Some((cell, style)) = reader.next_cell_with_style_id()? {
        let (row, col) = cell.get_position();
        let shown_as_percent = percent.get(style).copied().unwrap_or(false);
        let text = match cell.get_value() {
            DataRef::SharedString(s) => (*s).to_string(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::Int(i) if shown_as_percent => percent_text(*i as f64),
            DataRef::Float(f) if shown_as_percent => percent_text(*f),
            DataRef::Int(i) => i.to_string(),
            DataRef::Float(f) => float_text(*f),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTime(d) => date_text(d),
            DataRef::Error(_) | DataRef::Empty => continue,
        };
        if let Err(e) = cells.keep(row, col, text) {
            return Ok((cells.cells, Some(e)));
        }
    }
    Ok((cells.cells, None))
}

/// The text of a sheet's cells kept so far, within [`MAX_CELLS`] and [`MAX_TEXT`].
#[derive(Default)]
struct Kept {
    cells: Vec<(u32, u32, String)>,
    bytes: usize,
}

/// The most text kept from one sheet's cells: 512 MiB (one shared string of 32,767
/// characters in every cell of a sheet would be terabytes).
pub const MAX_TEXT: usize = 512 << 20;

impl Kept {
    /// Keeps a cell's text, cut just past [`MAX_FIELD`](super::MAX_FIELD) (the row is
    /// rejected for it all the same); past a bound, why the sheet stops at this row.
    fn keep(&mut self, row: u32, col: u32, mut text: String) -> Result<(), String> {
        if text.is_empty() {
            return Ok(());
        }
        if text.len() > super::MAX_FIELD + 1 {
            let mut cut = super::MAX_FIELD + 1;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            text.truncate(cut);
        }
        let stop = if self.cells.len() >= MAX_CELLS {
            Some(format!("more than {MAX_CELLS} cells"))
        } else if self.bytes + text.len() > MAX_TEXT {
            Some(format!("more than {} MiB of text", MAX_TEXT >> 20))
        } else {
            None
        };
        if let Some(what) = stop {
            return Err(format!(
                "row {}: {what} in the sheet; the rest is not read",
                u64::from(row) + 1
            ));
        }
        self.bytes += text.len();
        self.cells.push((row, col, text));
        Ok(())
    }
}

/// A sheet calamine has read whole (.xls, .ods).
fn range_cells(range: &calamine::Range<Data>) -> Cells {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut cells = Kept::default();
    for (r, c, value) in range.used_cells() {
        let text = match value {
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => float_text(*f),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => date_text(d),
            Data::Error(_) | Data::Empty => continue,
        };
        let (row, col) = (row0 + r as u32, col0 + c as u32);
        if let Err(e) = cells.keep(row, col, text) {
            return (cells.cells, Some(e));
        }
    }
    (cells.cells, None)
}

/// A number as a user sees it: whole numbers without `.0`, others in their shortest form
/// (`0.032`, never `0.032000000000000001`).
fn float_text(f: f64) -> String {
    if !f.is_finite() {
        String::new()
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Whether a number format shows a percentage: a `%` outside quoted text and escapes.
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if !quoted => {
                chars.next();
            }
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A number shown as a percentage: as the fraction it holds (`0.032`, which the rate rules
/// read as 3.2%) up to 1, and with its `%` above (`150%`: a bare 1.5 would be 1.5%).
fn percent_text(f: f64) -> String {
    if f.abs() <= 1.0 {
        float_text(f)
    } else {
        format!("{}%", float_text((f * 100.0 * 1e9).round() / 1e9))
    }
}

/// A date cell as ISO 8601: `2026-03-01`, with the time when it has one.
fn date_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return float_text(d.as_f64());
    }
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if (h, min, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
    }
}

/// Groups cells into rows: the first row with a value is the header (or the row after it,
/// when it holds a single cell above a fuller row: a title line), each later row a record
/// of (header, text) for every named column.
fn to_rows(name: String, mut cells: Vec<(u32, u32, String)>, ended: Option<String>) -> SheetRead {
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let mut rows: Vec<(u32, Vec<(u32, String)>)> = Vec::new();
    for (r, c, text) in cells {
        match rows.last_mut() {
            Some((last, row)) if *last == r => row.push((c, text)),
            _ => rows.push((r, vec![(c, text)])),
        }
    }
    let mut notes = Vec::new();
    let mut start = 0;
    if rows.len() > 1 && rows[0].1.len() == 1 && rows[1].1.len() > 1 {
        notes.push((
            u64::from(rows[0].0) + 1,
            format!(
                "`{}` is taken for a title; the header is row {}",
                quote_data(&rows[0].1[0].1),
                u64::from(rows[1].0) + 1
            ),
        ));
        start = 1;
    }
    let mut rows = rows.into_iter().skip(start);
    let Some((header_at, header)) = rows.next() else {
        return SheetRead {
            name,
            header_row: 1,
            header: Vec::new(),
            rows: Vec::new(),
            notes,
            ended,
            bytes: 0,
        };
    };
    // Columns by position: the first of a repeated name wins, as in CSV (the column list
    // says so), and unnamed columns are not read.
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<(u32, String)> = Vec::new();
    for (c, text) in header {
        let text = text.trim().to_string();
        let key = super::normalize_header(&text);
        if key.is_empty() {
            continue;
        }
        if !seen.insert(key) {
            notes.push((
                u64::from(header_at) + 1,
                format!(
                    "column `{}` appears more than once; the first is used",
                    quote_data(&text)
                ),
            ));
            continue;
        }
        names.push((c, text));
    }
    let mut out: TextRows = Vec::new();
    for (r, row) in rows {
        let mut fields: Vec<(String, String)> = names
            .iter()
            .map(|(_, n)| (n.clone(), String::new()))
            .collect();
        let mut any = false;
        for (c, text) in row {
            if let Ok(i) = names.binary_search_by_key(&c, |(nc, _)| *nc) {
                any |= !text.trim().is_empty();
                fields[i].1 = text;
            }
        }
        // A row with nothing under the header (cells off to the side only) is blank.
        if any {
            out.push((u64::from(r) + 1, Ok(fields)));
        }
    }
    SheetRead {
        name,
        header_row: u64::from(header_at) + 1,
        header: names.into_iter().map(|(_, n)| n).collect(),
        rows: out,
        notes,
        ended,
        bytes: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error reading `bytes` (a file named `name`) as `format` gives: it must be refused.
    fn refusal(bytes: &[u8], name: &str, format: Format) -> String {
        let source = Source::Memory {
            name: name.into(),
            bytes: Arc::from(bytes),
        };
        read(&source, format, None).err().expect("refused")
    }

    #[test]
    fn numbers_read_as_a_user_sees_them() {
        assert_eq!(float_text(48200.0), "48200");
        assert_eq!(float_text(0.032), "0.032");
        assert_eq!(float_text(1.3e6), "1300000");
        assert_eq!(float_text(-2.0), "-2");
        assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(float_text(f64::NAN), "");
    }

    #[test]
    fn an_ole_file_named_xlsx_or_ods_is_refused_before_calamine_opens_it() {
        // Found by `cargo fuzz run roster_sheet`: an OLE header with a zip after it. calamine
        // looked inside the OLE file for a password and panicked on a short last sector, or
        // (the second file) followed a sector chain until memory ran out.
        for bytes in [
            &include_bytes!("../../../fuzz/corpus/roster_sheet/crash-ole-and-zip-short-sector")[..],
            &include_bytes!("../../../fuzz/corpus/roster_sheet/oom-ole-and-zip-endless-chain")[..],
        ] {
            for (format, name) in [(Format::Xlsx, "f.xlsx"), (Format::Ods, "f.ods")] {
                let err = refusal(bytes, name, format);
                assert!(
                    err.starts_with(&format!(
                        "not a readable {} file: an OLE compound file, not a zip",
                        format.ext()
                    )),
                    "{err}"
                );
            }
        }
    }

    #[test]
    fn an_xls_sheet_placed_past_the_end_of_the_workbook_is_refused() {
        // Found by `cargo fuzz run roster_sheet` (as .xls): calamine panicked slicing the
        // workbook stream at the sheet's position.
        let bytes =
            include_bytes!("../../../fuzz/corpus/roster_sheet/crash-xls-sheet-past-the-end");
        let err = refusal(bytes, "f.xls", Format::Xls);
        assert_eq!(
            err,
            "not a readable .xls file: a sheet is placed past the end of the workbook"
        );
        // The fixture's sheets are all inside.
        let fixture = Source::File(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets.xls"),
        );
        assert!(read(&fixture, Format::Xls, None).is_ok());
    }

    #[test]
    fn an_xls_run_of_cells_that_ends_before_it_starts_is_refused() {
        // Found by `cargo fuzz run roster_sheet` (as .xls): calamine's MULRK reader
        // subtracted the first column from the last and overflowed.
        let bytes = include_bytes!("../../../fuzz/corpus/roster_sheet/crash-xls-mulrk-backwards");
        let err = refusal(bytes, "f.xls", Format::Xls);
        assert_eq!(
            err,
            "not a readable .xls file: a run of cells ends before it starts"
        );
    }

    #[test]
    fn ods_repeats_are_counted_as_calamine_expands_them() {
        let row = |cells: &str, repeat: u32| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{repeat}\">{cells}</table:table-row>"
            )
        };
        let value = "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/>";
        let blank = "<table:table-cell table:number-columns-repeated=\"1000\"/>";
        // Trailing blank cells and rows, as LibreOffice writes them, cost nothing.
        let normal = format!(
            "<table:table table:name=\"A\">{}{}</table:table>",
            row(
                &format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>{blank}"
                ),
                1
            ),
            row(blank, 1_048_575)
        );
        assert_eq!(ods_extent(normal.as_bytes()), 1);
        // A value repeated across the sheet, in a row repeated a million times.
        let bomb = format!(
            "<table:table table:name=\"B\">{}</table:table>",
            row(value, 1_000_000)
        );
        assert_eq!(ods_extent(bomb.as_bytes()), 16_384_000_000);
        // Two sheets add up.
        let two = format!("{normal}{normal}");
        assert_eq!(ods_extent(two.as_bytes()), 2);
    }

    #[test]
    fn xls_grids_are_measured_as_calamine_builds_them() {
        let rec = |typ: u16, body: &[u8]| {
            let mut r = typ.to_le_bytes().to_vec();
            r.extend((body.len() as u16).to_le_bytes());
            r.extend(body);
            r
        };
        let number = |row: u16, col: u16| {
            let mut b = row.to_le_bytes().to_vec();
            b.extend(col.to_le_bytes());
            b.extend([0u8; 10]);
            rec(0x0203, &b)
        };
        let bof = rec(0x0809, &[0; 16]);
        let mut sheet = bof.clone();
        sheet.extend(number(0, 0));
        sheet.extend(number(9, 2));
        assert_eq!(xls_extent(&sheet), Some(30));
        // Two cells far apart: 65,536 rows by 65,536 columns.
        let mut far = bof.clone();
        far.extend(number(0, 0));
        far.extend(number(u16::MAX, u16::MAX));
        assert_eq!(xls_extent(&far), Some(1 << 32));
        // Sheets add up; a DIMENSIONS record that claims a million rows is refused by
        // itself, and one that ends before it starts too.
        let two = [sheet.clone(), sheet.clone()].concat();
        assert_eq!(xls_extent(&two), Some(60));
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(1_000_000u32.to_le_bytes());
        dims.extend([0, 0, 200, 0, 0, 0]);
        let claimed = [bof.clone(), rec(0x0200, &dims)].concat();
        assert_eq!(xls_extent(&claimed), Some(200_000_000));
        let mut backwards = 10u32.to_le_bytes().to_vec();
        backwards.extend(5u32.to_le_bytes());
        backwards.extend([0, 0, 2, 0, 0, 0]);
        assert_eq!(xls_extent(&[bof, rec(0x0200, &backwards)].concat()), None);
    }

    #[test]
    fn percentages_read_as_shown() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0.0\\%"));
        assert_eq!(percent_text(0.032), "0.032");
        assert_eq!(percent_text(1.5), "150%");
        assert_eq!(percent_text(1.234), "123.4%");
    }

    #[test]
    fn a_title_line_above_the_header_is_skipped_and_said() {
        let cell = |r, c, t: &str| (r, c, t.to_string());
        let s = to_rows(
            "Creators".into(),
            vec![
                cell(2, 0, "lena"),
                cell(0, 0, "Spring creators"),
                cell(1, 0, "handle"),
                cell(1, 1, "platform"),
                cell(2, 1, "instagram"),
                cell(2, 5, "stray"),
            ],
            None,
        );
        assert_eq!(s.header_row, 2);
        assert_eq!(s.notes.len(), 1, "{:?}", s.notes);
        assert_eq!(
            s.rows,
            vec![(
                3,
                Ok(vec![
                    ("handle".into(), "lena".into()),
                    ("platform".into(), "instagram".into())
                ])
            )]
        );
    }
}
