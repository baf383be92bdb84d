//! Reading post insights (a platform's or a tool's export of what each post did) into rows
//! for `domain::insights::import`.
//!
//! Headers vary by platform, so columns are matched as roster columns are: case-insensitively,
//! ignoring spaces, `_` and `-`, with aliases (`Permalink`, `Post link`, `Video link`,
//! `Impressions`, `Account username`, `Link clicks`, `Purchases`...); `--map FIELD=COLUMN`
//! names a column outright and `--set FIELD=VALUE` gives every row a value. Counts are read
//! like roster counts (`48,200`, `1.2k`), revenue like roster rates (`$1,200.50`). Lines
//! before the header (a title, a date range) are passed over. A row with a figure that is
//! not a number is reported as `PATH:LINE: reason` and skipped; the rest is read.

use std::path::Path;

use crate::domain::creator::Platform;
use crate::domain::date::Date;
use crate::domain::insights::{InsightRow, parse_revenue};
use crate::domain::number::{is_unknown, parse_count};
use crate::domain::results::ResultField;
use crate::domain::text::{clean_line, escape_controls, quote_data};
use crate::io::roster::normalize_header;

/// A column of an insights file: what identifies the post, or one of its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InsightField {
    PostUrl,
    Platform,
    Handle,
    Published,
    Figure(ResultField),
}

impl InsightField {
    pub const ALL: [InsightField; 13] = [
        InsightField::PostUrl,
        InsightField::Platform,
        InsightField::Handle,
        InsightField::Published,
        InsightField::Figure(ResultField::Views),
        InsightField::Figure(ResultField::Reach),
        InsightField::Figure(ResultField::Likes),
        InsightField::Figure(ResultField::Comments),
        InsightField::Figure(ResultField::Shares),
        InsightField::Figure(ResultField::Saves),
        InsightField::Figure(ResultField::Clicks),
        InsightField::Figure(ResultField::Conversions),
        InsightField::Figure(ResultField::Revenue),
    ];

    /// The name in `--map`, `--set` and messages.
    pub fn key(self) -> &'static str {
        match self {
            InsightField::PostUrl => "post_url",
            InsightField::Platform => "platform",
            InsightField::Handle => "handle",
            InsightField::Published => "published",
            InsightField::Figure(f) => f.key(),
        }
    }

    /// Header names (normalised) that mean this field, the preferred first: when two
    /// columns mean one field (`Views` and `Impressions`), the earlier alias wins.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            InsightField::PostUrl => &[
                "posturl",
                "permalink",
                "postlink",
                "videolink",
                "reellink",
                "videourl",
                "link",
                "url",
                "contenturl",
            ],
            InsightField::Platform => &["platform", "network", "channel"],
            InsightField::Handle => &[
                "handle",
                "username",
                "accountusername",
                "creatorusername",
                "account",
                "accountname",
                "creator",
                "author",
            ],
            InsightField::Published => &[
                "published",
                "publishtime",
                "publishdate",
                "publishedat",
                "publishedon",
                "posted",
                "postedat",
                "postedon",
                "postdate",
                "date",
            ],
            InsightField::Figure(f) => match f {
                ResultField::Views => &["views", "videoviews", "plays", "impressions"],
                ResultField::Reach => &["reach", "accountsreached", "uniquereach", "uniqueviewers"],
                ResultField::Likes => &["likes", "reactions", "hearts"],
                ResultField::Comments => &["comments", "replies"],
                ResultField::Shares => &["shares", "reposts", "retweets"],
                ResultField::Saves => &["saves", "saved", "bookmarks", "favorites", "favourites"],
                ResultField::Clicks => &[
                    "clicks",
                    "linkclicks",
                    "websiteclicks",
                    "linktaps",
                    "stickertaps",
                    "swipeups",
                ],
                ResultField::Conversions => &["conversions", "purchases", "orders", "checkouts"],
                ResultField::Revenue => &[
                    "revenue",
                    "purchasevalue",
                    "conversionvalue",
                    "salesrevenue",
                    "salesvalue",
                ],
            },
        }
    }

    /// A field as a user types it (`post_url`, `Link clicks`, an alias).
    pub fn parse(name: &str) -> Option<InsightField> {
        let key = normalize_header(name);
        InsightField::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }

    /// How well a header means this field: the alias's place, `None` when it does not.
    fn rank(self, header: &str) -> Option<usize> {
        self.aliases().iter().position(|a| *a == header)
    }
}

fn field_list() -> String {
    InsightField::ALL.map(InsightField::key).join(", ")
}

/// `--map` and `--set` for an insights file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InsightMap {
    pub map: Vec<(InsightField, Vec<String>)>,
    pub set: Vec<(InsightField, String)>,
}

impl InsightMap {
    /// From the `--map FIELD=COLUMN[,COLUMN...]` and `--set FIELD=VALUE` arguments.
    pub fn from_args(map: &[String], set: &[String]) -> Result<InsightMap, String> {
        let split = |flag: &str, arg: &str| -> Result<(InsightField, String), String> {
            let (f, v) = arg
                .split_once('=')
                .ok_or_else(|| format!("--{flag}: `{}` should be FIELD=VALUE", quote_data(arg)))?;
            let field = InsightField::parse(f).ok_or_else(|| {
                format!(
                    "--{flag}: unknown field `{}` (fields: {})",
                    quote_data(f.trim()),
                    field_list()
                )
            })?;
            Ok((field, v.trim().to_string()))
        };
        let mut m = InsightMap::default();
        for a in map {
            let (field, cols) = split("map", a)?;
            let cols: Vec<String> = cols
                .split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            if cols.is_empty() {
                return Err(format!("--map: `{}` names no column", quote_data(a)));
            }
            m.map.retain(|(f, _)| *f != field);
            m.map.push((field, cols));
        }
        for a in set {
            let (field, value) = split("set", a)?;
            if field == InsightField::Platform && Platform::parse(&value).is_none() {
                return Err(format!("--set: `{}` is not a platform", quote_data(&value)));
            }
            m.set.retain(|(f, _)| *f != field);
            m.set.push((field, value));
        }
        Ok(m)
    }
}

/// What reading an insights file gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InsightsFile {
    pub rows: Vec<InsightRow>,
    /// `(PATH:LINE, reason)` of rows that could not be read.
    pub rejected: Vec<(String, String)>,
    /// `(PATH:LINE, note)` of things read around (a total row, a date that is not one).
    pub warnings: Vec<(String, String)>,
    /// Which column each field was read from, in field order, for the summary line.
    pub columns: Vec<(InsightField, String)>,
}

/// Files bigger than this are refused: no export of post insights comes near it.
const MAX_BYTES: u64 = 256 << 20;

/// Reads an insights file (CSV or TSV, by extension; `.txt` as CSV; `.xlsx`, `.xls` or
/// `.ods`: `sheet`, else the first, read as the roster reader reads it, rows named
/// `PATH:SHEET:ROW`), with revenue in `currency`.
pub fn read(
    path: &Path,
    map: &InsightMap,
    currency: &str,
    sheet: Option<&str>,
) -> Result<InsightsFile, String> {
    let label = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let tab = match ext.as_deref() {
        Some("csv" | "txt") => false,
        Some("tsv" | "tab") => true,
        Some("xlsx" | "xls" | "ods") => {
            let (name, header, rows) = crate::io::roster::sheet_table(path, sheet)
                .unwrap_or_else(|| Err("not a spreadsheet".into()))
                .map_err(|e| format!("{label}: {e}"))?;
            // The sheet as CSV, each record then named by its sheet row.
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(&header);
            for (_, r) in &rows {
                let _ = w.write_record(r);
            }
            let text = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
            let name = quote_data(&name);
            let locate = |record: u64, _line: u64| match record
                .checked_sub(1)
                .and_then(|i| rows.get(i as usize))
            {
                Some((row, _)) => format!("{label}:{name}:{row}"),
                None => format!("{label}:{name}"),
            };
            return parse_located(&label, &text, Some(b','), map, currency, &locate);
        }
        Some(other) => {
            return Err(format!(
                "{label}: unsupported results format `.{}` (use .csv or .tsv)",
                quote_data(other)
            ));
        }
        None => return Err(format!("{label}: no file extension: name it .csv or .tsv")),
    };
    let too_big = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES);
    if too_big {
        return Err(format!(
            "{label}: larger than 256 MiB: not an export of post insights"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{label}: cannot read: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    parse_text(&label, &text, tab, map, currency)
}

/// Reads insights from CSV text: `label` names the file in messages, rows as `label:LINE`.
pub fn parse_text(
    label: &str,
    text: &str,
    tab: bool,
    map: &InsightMap,
    currency: &str,
) -> Result<InsightsFile, String> {
    let locate = |_record: u64, line: u64| format!("{label}:{line}");
    parse_located(label, text, tab.then_some(b'\t'), map, currency, &locate)
}

/// The delimiter of a CSV file: `;` when its first line has more of them than commas (the
/// European spreadsheet export), else `,`.
fn sniff(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Reads insights from CSV text with `delimiter` (`None`: sniffed); `locate(record, line)`
/// names a row (0-based record, 1-based line) in messages.
fn parse_located(
    label: &str,
    text: &str,
    delimiter: Option<u8>,
    map: &InsightMap,
    currency: &str,
    locate: &dyn Fn(u64, u64) -> String,
) -> Result<InsightsFile, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = delimiter.unwrap_or_else(|| sniff(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // The header: the first of the first 20 records that names two fields.
    let mut header: Option<(csv::StringRecord, u64)> = None;
    let mut first_seen: Option<csv::StringRecord> = None;
    for _ in 0..20 {
        let Some(rec) = records.next() else { break };
        let rec = rec.map_err(|e| format!("{label}: {}", escape_controls(&e.to_string())))?;
        let line = rec.position().map_or(1, |p| p.line());
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let named = rec
            .iter()
            .filter(|c| {
                InsightField::parse(c).is_some()
                    || map.map.iter().any(|(_, cols)| {
                        cols.iter()
                            .any(|m| normalize_header(m) == normalize_header(c))
                    })
            })
            .count();
        first_seen.get_or_insert_with(|| rec.clone());
        if named >= 2 {
            header = Some((rec, line));
            break;
        }
    }
    // With --map, the first row is the header even when it names too little by itself:
    // then a wrong --map is what the message names.
    if header.is_none() && !map.map.is_empty() {
        header = first_seen.clone().map(|r| (r, 0));
    }
    let Some((header, _)) = header else {
        let cols = first_seen
            .map(|r| column_list(&r))
            .unwrap_or_else(|| "none".into());
        return Err(format!(
            "{label}: no header row naming a post URL or handle and a figure in the first 20 lines (columns: {cols})"
        ));
    };
    let columns = match_columns(label, &header, map)?;
    let has = |f: InsightField| {
        columns.iter().any(|(g, _)| *g == f) || map.set.iter().any(|(g, _)| *g == f)
    };
    if !has(InsightField::PostUrl) && !has(InsightField::Handle) {
        return Err(format!(
            "{label}: no post URL or handle column to match rows by (columns: {}); name one with --map post_url=COLUMN or --map handle=COLUMN",
            column_list(&header)
        ));
    }
    if !InsightField::ALL
        .iter()
        .any(|f| matches!(f, InsightField::Figure(_)) && has(*f))
    {
        return Err(format!(
            "{label}: no column of figures (views, reach, likes, comments, shares, saves, clicks, conversions, revenue) among {}; name one with --map likes=COLUMN",
            column_list(&header)
        ));
    }
    let mut out = InsightsFile {
        columns: columns
            .iter()
            .map(|(f, i)| (*f, clean_line(header.get(*i).unwrap_or("")).into_owned()))
            .collect(),
        ..InsightsFile::default()
    };
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let (record, line) = e.position().map_or((0, 0), |p| (p.record(), p.line()));
                out.rejected
                    .push((locate(record, line), escape_controls(&e.to_string())));
                continue;
            }
        };
        let (record, line) = rec.position().map_or((0, 0), |p| (p.record(), p.line()));
        let at = locate(record, line);
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let first = rec.iter().find(|c| !c.trim().is_empty()).unwrap_or("");
        if matches!(
            normalize_header(first).as_str(),
            "total" | "totals" | "grandtotal" | "summary" | "sum"
        ) {
            out.warnings
                .push((at, "a total row: passed over".to_string()));
            continue;
        }
        match read_row(&rec, &columns, map, currency, &at) {
            Ok((row, warnings)) => {
                out.rows.push(row);
                out.warnings
                    .extend(warnings.into_iter().map(|w| (at.clone(), w)));
            }
            Err(reason) => out.rejected.push((at, reason)),
        }
    }
    Ok(out)
}

/// Each field's column index: `--map` first, else the best alias among the headers.
fn match_columns(
    label: &str,
    header: &csv::StringRecord,
    map: &InsightMap,
) -> Result<Vec<(InsightField, usize)>, String> {
    let names: Vec<String> = header.iter().map(normalize_header).collect();
    let mut out = Vec::new();
    for f in InsightField::ALL {
        if map.set.iter().any(|(g, _)| *g == f) {
            continue;
        }
        if let Some((_, cols)) = map.map.iter().find(|(g, _)| *g == f) {
            let found = cols.iter().find_map(|c| {
                let n = normalize_header(c);
                names.iter().position(|h| *h == n)
            });
            match found {
                Some(i) => out.push((f, i)),
                None => {
                    return Err(format!(
                        "{label}: --map {}: no column {} (columns: {})",
                        f.key(),
                        cols.iter()
                            .map(|c| format!("`{}`", quote_data(c)))
                            .collect::<Vec<_>>()
                            .join(" or "),
                        column_list(header)
                    ));
                }
            }
            continue;
        }
        let taken = |i: usize| {
            out.iter().any(|(_, j)| *j == i)
                || map
                    .map
                    .iter()
                    .any(|(_, cols)| cols.iter().any(|c| normalize_header(c) == names[i]))
        };
        let best = names
            .iter()
            .enumerate()
            .filter(|(i, _)| !taken(*i))
            .filter_map(|(i, h)| f.rank(h).map(|r| (r, i)))
            .min();
        if let Some((_, i)) = best {
            out.push((f, i));
        }
    }
    Ok(out)
}

fn column_list(r: &csv::StringRecord) -> String {
    let names: Vec<String> = r
        .iter()
        .take(20)
        .map(|c| format!("`{}`", quote_data(c.trim())))
        .collect();
    let more = r.len().saturating_sub(20);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

/// One row, or why it cannot be read; with notes on cells read around.
fn read_row(
    rec: &csv::StringRecord,
    columns: &[(InsightField, usize)],
    map: &InsightMap,
    currency: &str,
    at: &str,
) -> Result<(InsightRow, Vec<String>), String> {
    let mut row = InsightRow {
        at: at.to_string(),
        ..InsightRow::default()
    };
    let mut warnings = Vec::new();
    let cells = columns
        .iter()
        .map(|(f, i)| (*f, rec.get(*i).unwrap_or("")))
        .chain(map.set.iter().map(|(f, v)| (*f, v.as_str())));
    for (f, cell) in cells {
        let cell = cell.trim();
        if is_unknown(cell) {
            continue;
        }
        match f {
            InsightField::PostUrl => row.post_url = Some(clean_line(cell).into_owned()),
            InsightField::Handle => row.handle = Some(clean_line(cell).into_owned()),
            InsightField::Platform => match Platform::parse(cell) {
                Some(p) => row.platform = Some(p),
                None => {
                    return Err(format!(
                        "platform: `{}` is not a platform scout knows",
                        quote_data(cell)
                    ));
                }
            },
            InsightField::Published => {
                // `2026-12-14`, or the day of `2026-12-14T18:03:00Z` / `2026-12-14 18:03`.
                let day = cell
                    .get(..10)
                    .filter(|_| cell.len() == 10 || matches!(cell.as_bytes()[10], b'T' | b' '));
                match day.map(Date::parse) {
                    Some(Ok(d)) => row.published = Some(d),
                    _ => warnings.push(format!(
                        "published: `{}` is not a date (YYYY-MM-DD): left out",
                        quote_data(cell)
                    )),
                }
            }
            InsightField::Figure(ResultField::Revenue) => {
                row.figures.revenue = parse_revenue(cell, currency)
                    .map_err(|e| format!("revenue: {}", escape_controls(&e)))?;
            }
            InsightField::Figure(g) => {
                let n = parse_count(cell).map_err(|e| format!("{}: {e}", g.key()))?;
                row.figures.set_count(g, n);
            }
        }
    }
    Ok((row, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, map: &InsightMap) -> InsightsFile {
        parse_text("ig.csv", text, false, map, "USD").unwrap()
    }

    #[test]
    fn platform_headers_are_recognised_and_numbers_read_as_exports_write_them() {
        let text = "Instagram insights\nDate range: Dec 1 - Dec 31\n\n\
Account username,Permalink,Publish time,Impressions,Views,Reach,Likes,Comments,Shares,Saves,Link clicks,Purchases,Revenue\n\
lena.lifts,https://www.instagram.com/p/AAA/,2026-12-14T18:03:00,\"61,000\",48.2k,\"31,900\",1.2k,85,40,130,310,12,\"$1,234.50\"\n\
mo,https://www.instagram.com/p/BBB/,14/12/2026,,,,,,,,,,\n";
        let f = read(text, &InsightMap::default());
        assert!(f.rejected.is_empty(), "{:?}", f.rejected);
        let col = |k: &str| {
            f.columns
                .iter()
                .find(|(g, _)| g.key() == k)
                .map(|(_, c)| c.as_str())
        };
        assert_eq!(col("views"), Some("Views"), "views before impressions");
        assert_eq!(col("handle"), Some("Account username"));
        assert_eq!(col("clicks"), Some("Link clicks"));
        let r = &f.rows[0];
        assert_eq!(
            r.at, "ig.csv:5",
            "lines count from the top, title and blank ones too"
        );
        assert_eq!(r.handle.as_deref(), Some("lena.lifts"));
        assert_eq!(r.published, Date::parse("2026-12-14").ok());
        assert_eq!(r.figures.views, Some(48_200));
        assert_eq!(r.figures.reach, Some(31_900));
        assert_eq!(r.figures.likes, Some(1_200));
        assert_eq!(r.figures.conversions, Some(12));
        assert_eq!(r.figures.revenue.map(|m| m.cents()), Some(123_450));
        assert_eq!(f.rows[1].figures, Default::default(), "blank cells: none");
        assert_eq!(
            f.warnings,
            vec![(
                "ig.csv:6".to_string(),
                "published: `14/12/2026` is not a date (YYYY-MM-DD): left out".to_string()
            )]
        );
    }

    #[test]
    fn bad_cells_cost_their_row_and_total_rows_are_passed_over() {
        let text = "Video link;Likes;Revenue\n\
https://tiktok.com/@a/video/1;12;€5\n\
https://tiktok.com/@b/video/2;lots;\n\
https://tiktok.com/@c/video/3;-4;\n\
Total;16;\n";
        let f = parse_text("tt.csv", text, false, &InsightMap::default(), "USD").unwrap();
        assert!(f.rows.is_empty(), "{:?}", f.rows);
        let rej: Vec<String> = f
            .rejected
            .iter()
            .map(|(a, r)| format!("{a}: {r}"))
            .collect();
        assert_eq!(
            rej,
            [
                "tt.csv:2: revenue: `€5` is in EUR, and amounts in this plan are in USD",
                "tt.csv:3: likes: `lots` is not a number",
                "tt.csv:4: likes: `-4` is negative",
            ]
        );
        assert_eq!(f.warnings[0].0, "tt.csv:5");
    }

    #[test]
    fn map_and_set_name_columns_and_values() {
        let text = "who,post,hearts,Taps\n@ana,,10,3\n";
        let map = InsightMap::from_args(
            &["handle=who".into(), "clicks=taps".into()],
            &["platform=TikTok".into()],
        )
        .unwrap();
        let f = read(text, &map);
        let r = &f.rows[0];
        assert_eq!(r.handle.as_deref(), Some("@ana"));
        assert_eq!(r.platform, Some(Platform::TikTok));
        assert_eq!((r.figures.likes, r.figures.clicks), (Some(10), Some(3)));
        let e = parse_text(
            "x.csv",
            text,
            false,
            &InsightMap::from_args(&["likes=nope".into()], &[]).unwrap(),
            "USD",
        )
        .unwrap_err();
        assert!(e.starts_with("x.csv: --map likes: no column `nope`"), "{e}");
        assert!(
            InsightMap::from_args(&["colour=x".into()], &[])
                .unwrap_err()
                .contains("unknown field `colour`")
        );
        assert!(InsightMap::from_args(&[], &["platform=myspace".into()]).is_err());
    }

    #[test]
    fn a_file_with_nothing_to_match_by_or_no_figures_says_so() {
        let e = parse_text(
            "a.csv",
            "Likes,Comments\n1,2\n",
            false,
            &InsightMap::default(),
            "USD",
        )
        .unwrap_err();
        assert!(e.starts_with("a.csv: no post URL or handle column"), "{e}");
        let e = parse_text(
            "b.csv",
            "handle,platform\nx,tiktok\n",
            false,
            &InsightMap::default(),
            "USD",
        )
        .unwrap_err();
        assert!(e.starts_with("b.csv: no column of figures"), "{e}");
        let e =
            parse_text("c.csv", "a,b\n1,2\n", false, &InsightMap::default(), "USD").unwrap_err();
        assert!(e.contains("no header row"), "{e}");
    }
}
