//! A roster loaded in blocks on every core (`RosterReader::run`, and `start` + `poll` as the
//! planner does) gives exactly what the sequential reader (`step`) gives: the same creators
//! in the same order, the same rejected rows with the same line numbers, the same notices.
//! Tiny blocks put block boundaries everywhere: inside quoted line breaks, between a row and
//! its duplicate, next to bad rows, between CR and LF.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use scout::domain::fees::FeeModel;
use scout::domain::roster::Roster;
use scout::domain::tier::TierScheme;
use scout::io::roster::{FieldMap, LoadReport, RosterReader, Source};

/// A small seeded generator (xorshift), so every run tests the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A messy CSV roster: quoted fields with commas, doubled quotes and line breaks, CRLF,
/// a BOM, blank lines, duplicates near and far, rejected rows, Windows-1252 bytes, and now
/// and then a quote a parity scan cannot follow.
fn messy_csv(seed: u64, rows: usize) -> Vec<u8> {
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let crlf = r.below(2) == 0;
    let nl: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = Vec::new();
    if r.below(3) == 0 {
        out.extend_from_slice(&[0xef, 0xbb, 0xbf]);
    }
    if r.below(4) == 0 {
        out.extend_from_slice(nl);
    }
    out.extend_from_slice(b"handle,name,platform,followers,engagement_rate,niches,country,email");
    out.extend_from_slice(nl);
    let mut handles: Vec<String> = Vec::new();
    for i in 0..rows {
        let handle = if !handles.is_empty() && r.below(8) == 0 {
            // A duplicate, in another case, of an earlier row.
            let h = handles[r.below(handles.len() as u64) as usize].clone();
            if r.below(2) == 0 {
                h.to_uppercase()
            } else {
                format!("@{h}")
            }
        } else {
            let h = format!("{}{}", r.pick(&["ana", "bo", "Çem", "dax", "eve"]), i);
            handles.push(h.clone());
            h
        };
        let handle = if r.below(25) == 0 {
            String::new()
        } else {
            handle
        };
        let name = match r.below(7) {
            // Blank: a later duplicate fills it.
            6 => String::new(),
            0 => "\"Smith, Jo\"".to_string(),
            1 => "\"Two\nLines\"".to_string(),
            2 => "\"Say \"\"hi\"\"\r\nthere\"".to_string(),
            3 => "Zoë Ørsted".to_string(),
            _ => format!("Name {i}"),
        };
        let platform = if r.below(30) == 0 {
            "myspace"
        } else {
            r.pick(&["instagram", "TikTok", "youtube", "x"])
        };
        let followers = match r.below(20) {
            0 => "-5".to_string(),
            1 => "lots".to_string(),
            2 => "48.2k".to_string(),
            3 => "\"1,200\"".to_string(),
            _ => (r.below(2_000_000)).to_string(),
        };
        let er = match r.below(10) {
            0 => "250%",
            1 => "N/A",
            2 => "abc",
            _ => "3.1%",
        };
        let niches = r.pick(&[
            "fitness",
            "\"food;travel\"",
            "\"Beauty, tech\"",
            "",
            "gaming",
        ]);
        let country = r.pick(&["US", "de", "Sverige", "", "\"FR\""]);
        out.extend_from_slice(handle.as_bytes());
        out.push(b',');
        if r.below(40) == 0 {
            // Windows-1252: é as one byte.
            out.extend_from_slice(b"Ren\xe9e");
        } else {
            out.extend_from_slice(name.as_bytes());
        }
        for cell in [platform, &followers, er, niches, country] {
            out.push(b',');
            out.extend_from_slice(cell.as_bytes());
        }
        out.push(b',');
        if r.below(6) == 0 {
            // No email: a later duplicate may have one.
        } else if r.below(200) == 0 {
            // A quote in the middle of an unquoted field: csv reads it as text.
            out.extend_from_slice(b"a\"b@example.com");
        } else {
            out.extend_from_slice(format!("p{i}@example.com").as_bytes());
        }
        out.extend_from_slice(nl);
        if r.below(15) == 0 {
            out.extend_from_slice(nl);
        }
    }
    if r.below(2) == 0 {
        // No line break after the last row.
        let cut = out.len() - nl.len();
        out.truncate(cut);
    }
    out
}

/// The whole of each file as one block: one csv reader from the first record to the last,
/// as a sequential load reads it.
fn sequential(sources: Vec<Source>) -> (Roster, LoadReport) {
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader =
        RosterReader::new(sources, FieldMap::default()).with_block_bytes(usize::MAX / 2);
    while !reader.step(&mut roster, 37) {}
    roster.shrink_to_fit();
    (roster, reader.into_report())
}

fn in_blocks(sources: Vec<Source>, block: usize) -> (Roster, LoadReport) {
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader = RosterReader::new(sources, FieldMap::default()).with_block_bytes(block);
    reader.run(&mut roster);
    (roster, reader.into_report())
}

/// Started and polled in slices of a millisecond, as the planner does.
fn in_background(sources: Vec<Source>, block: usize) -> (Roster, LoadReport) {
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let mut reader = RosterReader::new(sources, FieldMap::default()).with_block_bytes(block);
    reader.start(&roster);
    while !reader.poll(&mut roster, Duration::from_millis(1)) {}
    roster.shrink_to_fit();
    (roster, reader.into_report())
}

fn assert_same(what: &str, a: &(Roster, LoadReport), b: &(Roster, LoadReport)) {
    assert_eq!(a.0.len(), b.0.len(), "{what}: creators");
    for i in 0..a.0.len() as u32 {
        assert_eq!(a.0.view(i), b.0.view(i), "{what}: creator {i}");
    }
    assert_eq!(a.0.niches.names(), b.0.niches.names(), "{what}: niches");
    assert_eq!(
        a.0.countries.names(),
        b.0.countries.names(),
        "{what}: countries"
    );
    fn first_diff<T: PartialEq + std::fmt::Debug>(what: &str, a: &[T], b: &[T]) {
        if let Some(i) = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]) {
            panic!("{what}: item {i}: {:?} != {:?}", a[i], b[i]);
        }
        assert_eq!(a.len(), b.len(), "{what}: count");
    }
    first_diff(&format!("{what}: files"), &a.1.files, &b.1.files);
    first_diff(&format!("{what}: rejected"), &a.1.rejected, &b.1.rejected);
    first_diff(&format!("{what}: notices"), &a.1.notices, &b.1.notices);
    first_diff(&format!("{what}: failed"), &a.1.failed, &b.1.failed);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Source {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(bytes).expect("write");
    Source::File(path)
}

#[test]
fn blocks_give_exactly_the_sequential_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Files where a duplicate fills an earlier creator's blanks.
    let mut filling = 0;
    for seed in 0..60u64 {
        let rows = 20 + (seed as usize * 7) % 150;
        let src = write(dir.path(), &format!("r{seed}.csv"), &messy_csv(seed, rows));
        let want = sequential(vec![src.clone()]);
        assert!(!want.1.rejected.is_empty(), "the file has bad rows");
        if want
            .1
            .notices
            .iter()
            .any(|n| n.message.contains("duplicate") && n.message.contains(": filled"))
        {
            filling += 1;
        }
        for block in [1, 7, 64, 333, 4096] {
            let got = in_blocks(vec![src.clone()], block);
            assert_same(&format!("seed {seed}, block {block}"), &want, &got);
        }
        let got = in_background(vec![src.clone()], 50);
        assert_same(&format!("seed {seed}, background"), &want, &got);
    }
    assert!(filling >= 30, "only {filling} of 60 files fill blanks");
}

#[test]
fn duplicates_across_files_and_formats_match_the_sequential_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut sources = vec![
        write(dir.path(), "a.csv", &messy_csv(101, 80)),
        Source::File(fixtures.join("roster.toml")),
        write(dir.path(), "b.csv", &messy_csv(101, 80)),
        Source::File(fixtures.join("roster.json")),
        Source::File(fixtures.join("roster.tsv")),
        Source::File(dir.path().join("missing.csv")),
        Source::File(fixtures.join("cp1252.csv")),
        Source::File(fixtures.join("bom_crlf.csv")),
        Source::File(fixtures.join("quoted.csv")),
        scout::commands::sample_source(),
    ];
    sources.push(write(dir.path(), "empty.csv", b""));
    sources.push(write(dir.path(), "noheader.csv", b"\n\n  \n"));
    let want = sequential(sources.clone());
    assert!(
        want.1
            .notices
            .iter()
            .any(|n| n.message.contains("duplicate") && n.message.contains("a.csv:")),
        "a duplicate names the other file: {:?}",
        want.1.notices
    );
    for block in [1, 100, 1 << 20] {
        assert_same(
            &format!("block {block}"),
            &want,
            &in_blocks(sources.clone(), block),
        );
    }
}

#[test]
fn many_non_utf8_lines_are_named_five_times_then_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = b"handle,platform,followers,name\n".to_vec();
    for i in 0..40 {
        text.extend_from_slice(format!("h{i},x,10,Ren").as_bytes());
        text.extend_from_slice(b"\xe9e\n");
    }
    let src = write(dir.path(), "w.csv", &text);
    let want = sequential(vec![src.clone()]);
    assert_eq!(want.1.notices.len(), 6, "{:?}", want.1.notices);
    assert_same("cp1252", &want, &in_blocks(vec![src], 16));
}

#[test]
fn lines_are_where_the_row_starts_after_crlf_blank_lines_and_quoted_breaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text =
        b"\r\nhandle,platform,followers\r\na,x,-1\r\n\r\n\r\nb,x,\"1\r\n2\"\r\nc,x,-6\n\nd,x,-7";
    let src = write(dir.path(), "crlf.csv", text);
    for block in [1, 5, 1 << 20] {
        let (_, report) = in_blocks(vec![src.clone()], block);
        let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            vec![3, 6, 8, 10],
            "block {block}: {:?}",
            report.rejected
        );
    }
    let dup = write(
        dir.path(),
        "dup.csv",
        b"handle,platform,followers\r\nA,x,1\r\n\r\na,x,2\r\n",
    );
    let (_, report) = in_blocks(vec![dup], 1);
    assert_eq!(
        report.notices[0].to_string(),
        format!(
            "{}:4: duplicate of x/A at line 2: nothing to fill; skipped",
            dir.path().join("dup.csv").display()
        )
    );
}
