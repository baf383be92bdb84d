//! The checks the fuzz targets (`fuzz/`) run on every input, kept in the library so that
//! `cargo test` replays each committed corpus file through exactly the same checks
//! (`tests/fuzz_corpus.rs`). Each function panics when a promise is broken:
//! - no panic anywhere in a reader, a parser, a save or an export;
//! - no message, export or saved plan holds a control character from the data (a tab or a
//!   line break is allowed in files, never in a one-line message);
//! - time in proportion to the input: [`within_linear_time`], a generous bound per byte.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::domain::fees::FeeModel;
use crate::domain::money::{MAX_AMOUNT, Money};
use crate::domain::number::{parse_count, parse_rate};
use crate::domain::roster::Roster;
use crate::domain::text::has_unsafe;
use crate::domain::tier::TierScheme;
use crate::io::export::ExportFormat;
use crate::io::roster::{FieldMap, RosterReader, Source};

/// One target's checks on one input.
pub type Check = fn(&[u8]);

/// The fuzz targets, by name: the corpus folder `fuzz/corpus/<name>/` and the check.
pub const TARGETS: [(&str, Check); 9] = [
    ("roster_csv", roster_csv),
    ("roster_sheet", roster_sheet),
    ("roster_tsv", roster_tsv),
    ("roster_toml", roster_toml),
    ("roster_json", roster_json),
    ("plan", plan),
    ("config", config),
    ("numbers", numbers),
    ("template", template),
];

/// Time allowed for an input of `len` bytes: a fixed start (threads, allocation) plus a
/// generous amount per byte. A quadratic path on a few kilobytes breaks it; a busy machine
/// does not.
pub fn time_bound(len: usize) -> Duration {
    Duration::from_millis(500) + Duration::from_micros(200) * len as u32
}

/// Runs `f` and panics if it took longer than [`time_bound`] for `len` bytes.
pub fn within_linear_time<T>(what: &str, len: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(
        took <= time_bound(len),
        "{what}: {len} bytes took {took:?}, more than {:?}",
        time_bound(len)
    );
    out
}

/// A one-line message: nothing a terminal obeys, no line break.
pub fn assert_clean_message(what: &str, m: &str) {
    assert!(!has_unsafe(m), "{what}: a control character in {m:?}");
}

/// A file's text: tabs and line breaks allowed, nothing else.
pub fn assert_clean_file(what: &str, text: &str) {
    let bad = text
        .chars()
        .find(|&c| crate::domain::text::is_unsafe(c) && !matches!(c, '\n' | '\t'));
    assert!(bad.is_none(), "{what}: {bad:?} in the output");
}

fn roster(bytes: &[u8], name: &str) {
    let source = Source::Memory {
        name: name.into(),
        bytes: Arc::from(bytes),
    };
    let mut roster = Roster::new(TierScheme::default(), FeeModel::default());
    let report = within_linear_time(name, bytes.len(), || {
        let mut reader = RosterReader::new(vec![source], FieldMap::default()).with_block_bytes(64);
        reader.run(&mut roster);
        reader.into_report()
    });
    for r in &report.rejected {
        assert_clean_message("a rejected row", &r.to_string());
    }
    for n in &report.notices {
        assert_clean_message("a warning", &n.to_string());
    }
    for f in &report.failed {
        assert_clean_message("a file error", &f.to_string());
        // The loader turns a worker's panic into this error so a load never hangs: under a
        // fuzzer or a corpus replay it is a panic all the same.
        assert!(
            !f.cause.contains("internal error") && !f.cause.contains("stopped unexpectedly"),
            "a loader thread failed: {f}"
        );
        // A panic in calamine, caught by the spreadsheet reader (a fuzzer's panic hook
        // aborts on it before the catch; a replay sees this error instead).
        assert!(
            !f.cause.contains("the reader failed on it"),
            "calamine panicked: {f}"
        );
    }
    let mut summary = Vec::new();
    crate::commands::check::write_summary(&mut summary, &roster, &report)
        .expect("writing to memory");
    for line in String::from_utf8_lossy(&summary).lines() {
        assert_clean_message("scout check's summary", line);
    }
    for i in 0..roster.len() as u32 {
        assert_clean_message("a handle", roster.handle(i));
        assert_clean_message("a name", roster.name(i));
        assert_clean_message("an email", roster.email(i).unwrap_or(""));
        assert_clean_message("a country", roster.country(i).unwrap_or(""));
    }
}

pub fn roster_csv(bytes: &[u8]) {
    roster(bytes, "fuzz.csv");
}

pub fn roster_tsv(bytes: &[u8]) {
    roster(bytes, "fuzz.tsv");
}

pub fn roster_toml(bytes: &[u8]) {
    roster(bytes, "fuzz.toml");
}

pub fn roster_json(bytes: &[u8]) {
    roster(bytes, "fuzz.json");
}

/// The same bytes as each spreadsheet format the reader takes (`.xlsx`, `.ods`, `.xls`):
/// a zip is tried as both zip formats, and any input as a BIFF file, whatever it holds.
pub fn roster_sheet(bytes: &[u8]) {
    for name in ["fuzz.xlsx", "fuzz.ods", "fuzz.xls"] {
        roster(bytes, name);
    }
}

/// A plan file: read, then (when it reads) rendered, exported three ways and read back.
pub fn plan(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    within_linear_time("plan", bytes.len(), || {
        let file = match crate::io::plan::parse(&text, "fuzz.toml") {
            Ok(f) => f,
            Err(e) => return assert_clean_message("a plan error", &e.to_string()),
        };
        let plan = &file.plan;
        for e in &plan.shortlist {
            assert_clean_message("a handle", &e.handle);
            assert_clean_file("a note", &e.note);
        }
        assert_clean_message("the campaign name", &plan.campaign.name);
        // Every entry's outreach message, and its draft when it has an address.
        let template = crate::domain::outreach::Template::default_template();
        for e in &plan.shortlist {
            let v = crate::domain::outreach::Values::for_entry(
                e,
                &plan.campaign,
                &FeeModel::default(),
                Some("Ana <ana@example.com>"),
            );
            let draft = template.render(&v);
            assert_draft(&draft);
            if let Some(Ok((name, address))) = crate::domain::outreach::recipient(e) {
                assert_eml(&crate::io::outreach::eml(
                    &draft,
                    Some((name.as_deref(), &address)),
                    &crate::domain::outreach::Sender::parse("Ana <ana@example.com>"),
                    "Thu, 01 Jan 1970 00:00:00 +0000",
                ));
            }
        }
        for format in [
            ExportFormat::Csv,
            ExportFormat::Markdown,
            ExportFormat::Json,
        ] {
            assert_clean_file(format.describe(), &format.write(plan));
        }
        if let Err(e) = plan.check_amounts() {
            return assert_clean_message("an amount error", &e);
        }
        let saved = crate::io::plan::render(plan, Some(&file.doc));
        assert_clean_file("the saved plan", &saved);
        let again = crate::io::plan::parse(&saved, "saved.toml")
            .unwrap_or_else(|e| panic!("a saved plan does not read back: {e}\n{saved}"));
        assert!(
            again.plan.same_content(plan),
            "a saved plan reads back different"
        );
    });
}

/// An outreach message: a one-line subject and a body with nothing but text, line breaks and
/// tabs.
fn assert_draft(d: &crate::domain::outreach::Draft) {
    assert_clean_message("a message's subject", &d.subject);
    assert_clean_file("a message's body", &d.body);
}

/// An `.eml` draft: ASCII, CRLF line ends only, no line over 78 characters.
fn assert_eml(m: &str) {
    assert!(m.is_ascii(), "a draft is not ASCII: {m:?}");
    assert!(
        !m.replace("\r\n", "").contains(['\r', '\n']),
        "a bare line end in a draft: {m:?}"
    );
    assert!(
        m.split("\r\n").all(|l| l.len() <= 78),
        "a draft line over 78 characters: {m:?}"
    );
}

/// An outreach template: read; an error is one clean line; the message it makes holds no
/// control, and its `.eml` draft is well formed.
pub fn template(bytes: &[u8]) {
    use crate::domain::outreach::{Placeholder, Sender, Template, Values};
    let text = String::from_utf8_lossy(bytes);
    within_linear_time("template", bytes.len(), || {
        let t = match Template::parse(&text, "fuzz.md") {
            Ok(t) => t,
            Err(e) => {
                let m = e.to_string();
                assert_clean_message("a template error", &m);
                return assert!(!m.contains('\n'), "a template error is one line: {m:?}");
            }
        };
        // Once with every value, once with none (every fallback).
        let mut full = Values::default();
        for p in Placeholder::ALL {
            full.set(p, Some("Zoë 🌸 \u{202e}x\r\ny"));
        }
        for v in [full, Values::default()] {
            let d = t.render(&v);
            assert_draft(&d);
            assert_eml(&crate::io::outreach::eml(
                &d,
                Some((Some("Zoë"), "zoe@example.com")),
                &Sender::parse("Ana <ana@example.com>"),
                "Thu, 01 Jan 1970 00:00:00 +0000",
            ));
        }
    });
}

/// A config file: read; an error is one clean line.
pub fn config(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    within_linear_time("config", bytes.len(), || {
        if let Err(e) = crate::io::config::parse_config(&text, "fuzz.toml", None) {
            let m = e.to_string();
            assert_clean_message("a config error", &m);
            assert!(!m.contains('\n'), "a config error is one line: {m:?}");
        }
    });
}

/// The human number and money parsers: no panic, clean errors, amounts within the cap.
pub fn numbers(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    within_linear_time("numbers", bytes.len(), || {
        match parse_count(&text) {
            Ok(_) => {}
            Err(e) => assert_clean_message("a count error", &e.to_string()),
        }
        match parse_rate(&text) {
            Ok(Some(r)) => assert!(r.is_finite() && r >= 0.0, "rate {r} from {text:?}"),
            Ok(None) => {}
            Err(e) => assert_clean_message("a rate error", &e.to_string()),
        }
        match Money::parse(&text) {
            Ok(m) => assert!(
                (Money::ZERO..=MAX_AMOUNT).contains(&m),
                "{m:?} from {text:?}"
            ),
            Err(e) => assert_clean_message("an amount error", &e.to_string()),
        }
        if let Err(e) = Money::parse_in(&text, "EUR") {
            assert_clean_message("an amount error", &e);
        }
    });
}
