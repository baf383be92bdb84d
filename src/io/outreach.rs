//! Outreach drafts as files: an RFC 5322 message (`.eml`) a mail client opens as a draft,
//! and the mail-merge sheet. The messages themselves come from `domain::outreach`.
//!
//! An `.eml` has CRLF line ends and no line over 78 characters: headers that are not plain
//! ASCII are RFC 2047 encoded words (UTF-8, base64), folded; the body is UTF-8 in
//! quoted-printable, so any line of the template survives. `X-Unsent: 1` makes Outlook and
//! Thunderbird open the file as a draft to edit and send. Every header value is built from
//! cleaned, one-line text and a checked address, so a name holding a line break cannot add
//! a header.

use std::path::{Path, PathBuf};

use crate::domain::outreach::{Draft, Sender, Template};
use crate::domain::text::clean_line;
use crate::io::config::OutreachConfig;

/// The plan key (in `[campaign]`) that names a template for the plan's messages.
pub const PLAN_TEMPLATE_KEY: &str = "outreach_template";

/// The template file to use: `cli` (`--template`), else the plan's
/// `campaign.outreach_template` (relative to the plan's folder), else the config's; `None`
/// means scout's own.
pub fn template_path(
    cli: Option<&Path>,
    plan: Option<(&Path, &toml_edit::DocumentMut)>,
    config: &OutreachConfig,
) -> Option<PathBuf> {
    if let Some(p) = cli {
        return Some(p.to_path_buf());
    }
    let named = plan.and_then(|(path, doc)| {
        let text = doc
            .get("campaign")?
            .get(PLAN_TEMPLATE_KEY)?
            .as_str()?
            .trim();
        if text.is_empty() {
            return None;
        }
        let p = crate::io::config::expand_home(text);
        Some(match path.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p,
        })
    });
    named.or_else(|| config.template.clone())
}

/// Reads and parses the template at `path` (scout's own with `None`). The error is one line
/// naming the file, and the line for a bad placeholder.
pub fn read_template(path: Option<&Path>) -> Result<Template, String> {
    let Some(path) = path else {
        return Ok(Template::default_template());
    };
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "{label}: cannot read the template: {}",
            crate::io::roster::io_cause(&e)
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{label}: the template is not UTF-8 text; save it as UTF-8"))?;
    Template::parse(&text, &label).map_err(|e| e.to_string())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding (RFC 4648): encoded words here, OSC 52 in the planner.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The body as quoted-printable (RFC 2045) with CRLF line ends: lines of at most 76
/// characters, soft breaks (`=`) where a line of text is longer.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.as_bytes();
        let mut col = 0;
        for (k, &b) in bytes.iter().enumerate() {
            let last = k + 1 == bytes.len();
            let literal =
                (b'!'..=b'~').contains(&b) && b != b'=' || (b == b' ' || b == b'\t') && !last;
            let width = if literal { 1 } else { 3 };
            // 75 and the soft break's `=` make 76.
            if col + width > 75 {
                out.push_str("=\r\n");
                col = 0;
            }
            if literal {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("={b:02X}"));
            }
            col += width;
        }
    }
    out
}

/// RFC 2047 encoded words for `text` (UTF-8, base64), each at most 75 characters and cut
/// between characters, joined by folding whitespace (which a reader drops between words).
fn encoded_words(text: &str) -> String {
    // 39 bytes make 52 base64 characters: `=?UTF-8?B?` + 52 + `?=` is 64, so even after
    // `Subject: ` a line stays within 78 characters.
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if i + c.len_utf8() - start > 39 {
            words.push(&text[start..end]);
            start = i;
        }
        end = i + c.len_utf8();
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
        .iter()
        .map(|w| format!("=?UTF-8?B?{}?=", base64(w.as_bytes())))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// An unstructured header's value (the subject): as it is when plain ASCII, folded at
/// spaces to keep lines short; encoded words otherwise, or when a word is too long to fold.
fn unstructured(name: &str, text: &str) -> String {
    let text = clean_line(text);
    let text = text.trim();
    if !is_plain(text) || text.split(' ').any(|w| w.len() > 70) {
        return format!("{name}: {}", encoded_words(text));
    }
    let mut out = format!("{name}:");
    let mut col = out.len();
    for word in text.split(' ') {
        if col + 1 + word.len() > 78 {
            out.push_str("\r\n");
            col = 0;
        }
        out.push(' ');
        out.push_str(word);
        col += 1 + word.len();
    }
    out
}

/// `"Name" <address>`, the name as a quoted string when short plain ASCII, else encoded
/// words; the bare address without a name. `address` must be checked already
/// ([`crate::domain::outreach::is_plausible_email`]).
fn mailbox(name: Option<&str>, address: &str) -> String {
    let name = name.map(clean_line);
    match name.as_deref().map(str::trim) {
        None | Some("") => address.to_string(),
        Some(n) if is_plain(n) && n.len() <= 60 => {
            format!(
                "\"{}\" <{address}>",
                n.replace('\\', "\\\\").replace('"', "\\\"")
            )
        }
        Some(n) => format!("{}\r\n <{address}>", encoded_words(n)),
    }
}

/// A draft as an RFC 5322 message to `to` (a display name and a checked address; no `To`
/// without one, for the user to fill in), from the sender's address when it has one (no
/// `From` otherwise: the mail client uses the account's). `date` is an RFC 5322 date
/// ([`rfc5322_date`]).
pub fn eml(draft: &Draft, to: Option<(Option<&str>, &str)>, from: &Sender, date: &str) -> String {
    let mut h = Vec::new();
    if let Some(addr) = &from.address {
        h.push(format!("From: {}", mailbox(Some(&from.name), addr)));
    }
    if let Some((name, addr)) = to {
        h.push(format!("To: {}", mailbox(name, addr)));
    }
    h.push(unstructured("Subject", &draft.subject));
    h.push(format!("Date: {date}"));
    h.push("MIME-Version: 1.0".into());
    h.push("Content-Type: text/plain; charset=utf-8".into());
    h.push("Content-Transfer-Encoding: quoted-printable".into());
    h.push("X-Unsent: 1".into());
    let mut out = h.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&quoted_printable(&draft.body));
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out
}

/// The mail-merge sheet's name in the output folder.
pub const MERGE_FILE: &str = "mail-merge.csv";

/// The mail-merge sheet's columns: the placeholders' values (as the message used them,
/// fallbacks included; the handle without its `@`), the contact, the message, and the draft
/// written for it.
pub const MERGE_HEADER: [&str; 18] = [
    "email",
    "name",
    "first_name",
    "handle",
    "platform",
    "url",
    "niches",
    "deliverables",
    "fee",
    "product",
    "due",
    "campaign",
    "sender",
    "subject",
    "body",
    "draft_file",
    "status",
    "note",
];

/// One creator's row of the mail-merge sheet.
#[derive(Clone, Debug)]
pub struct MergeRow {
    /// As the plan has it (even when it is not an address: the note says so).
    pub email: String,
    pub values: crate::domain::outreach::Values,
    pub url: String,
    pub draft: Draft,
    /// The `.eml` written for the creator, or empty.
    pub draft_file: String,
    /// The creator's status once the command is done.
    pub status: String,
    /// Why no draft was written, and which values fell back.
    pub note: String,
}

/// The mail-merge sheet: a header and one row per creator; cells that a spreadsheet would
/// run as a formula get a leading `'` ([`crate::io::export::escape_cell`]).
pub fn mail_merge_csv(rows: &[MergeRow]) -> String {
    use crate::domain::outreach::Placeholder as P;
    use crate::io::export::escape_cell;
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(MERGE_HEADER);
    for r in rows {
        let v = |p: P| escape_cell(&r.values.get(p).0);
        let _ = w.write_record([
            escape_cell(&r.email),
            v(P::Name),
            v(P::FirstName),
            // Without the `@` a sheet would take for a formula (and escape): `lena.lifts`.
            escape_cell(crate::domain::creator::clean_handle(
                &r.values.get(P::Handle).0,
            )),
            v(P::Platform),
            escape_cell(&r.url),
            v(P::Niches),
            v(P::Deliverables),
            v(P::Fee),
            v(P::Product),
            v(P::Due),
            v(P::Campaign),
            v(P::Sender),
            escape_cell(&r.draft.subject),
            escape_cell(&r.draft.body),
            escape_cell(&r.draft_file),
            r.status.clone(),
            escape_cell(&r.note),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Days since 1970-01-01 as (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds since the Unix epoch as an RFC 5322 date in UTC: `Tue, 01 Dec 2026 17:56:57 +0000`.
pub fn rfc5322_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Now, in seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A draft's file name from the creator's platform and handle: `instagram-lena.lifts.eml`.
/// Only ASCII letters, digits, `.`, `-` and `_` are kept (others become `_`), no leading
/// dot, at most 100 characters: no path separator, control or reserved name can get in.
pub fn draft_file_name(platform: &str, handle: &str) -> String {
    let h = crate::domain::creator::clean_handle(handle);
    let mut safe: String = h
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    while safe.starts_with('.') {
        safe.replace_range(..1, "_");
    }
    if safe.is_empty() {
        safe.push('_');
    }
    format!("{platform}-{safe}.eml")
}

/// `name` in `dir`, or `name-2`, `name-3`... before the extension when `taken` says the
/// name is used already (two handles that differ only in characters a file name drops).
pub fn unique_in(dir: &Path, name: &str, taken: &mut std::collections::HashSet<String>) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut candidate = name.to_string();
    let mut n = 2;
    while !taken.insert(candidate.to_ascii_lowercase()) {
        candidate = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    dir.join(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), enc);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_text_exact() {
        assert_eq!(
            quoted_printable("a=b é \nend\n"),
            "a=3Db =C3=A9=20\r\nend\r\n"
        );
        let long = "word ".repeat(40);
        let qp = quoted_printable(&long);
        assert!(qp.split("\r\n").all(|l| l.len() <= 76), "{qp}");
        let joined = qp.replace("=\r\n", "");
        assert_eq!(joined, format!("{}=20", "word ".repeat(39) + "word"));
        // An escape is never cut by a soft break.
        let qp = quoted_printable(&"é".repeat(60));
        assert!(
            qp.split("\r\n")
                .all(|l| l.len() <= 76 && !l.trim_end_matches('=').ends_with("=C")),
            "{qp}"
        );
    }

    #[test]
    fn headers_are_encoded_words_when_not_ascii_and_never_break_a_line() {
        let w = encoded_words("Léa 🌸 Dupont");
        assert_eq!(w, "=?UTF-8?B?TMOpYSDwn4y4IER1cG9udA==?=");
        let long = "é".repeat(50);
        let w = encoded_words(&long);
        assert!(
            w.split("\r\n ")
                .all(|p| p.len() <= 64 && p.starts_with("=?UTF-8?B?")),
            "{w}"
        );
        assert_eq!(
            mailbox(Some("Tom \"T\" Reyes"), "t@x.io"),
            "\"Tom \\\"T\\\" Reyes\" <t@x.io>"
        );
        assert_eq!(mailbox(None, "t@x.io"), "t@x.io");
        let injected = mailbox(Some("Eve\r\nBcc: all@x.io"), "e@x.io");
        assert!(!injected.contains("\r\nBcc"), "{injected}");
        let s = unstructured("Subject", &format!("{} end", "word ".repeat(30)));
        assert!(
            s.split("\r\n").all(|l| l.len() <= 78 && !l.is_empty()),
            "{s}"
        );
    }

    #[test]
    fn a_message_has_crlf_short_lines_and_no_injected_header() {
        let draft = Draft {
            subject: "Spring × @lea".into(),
            body: format!("Hi Léa,\n\n{}\n", "long line ".repeat(30)),
            fallbacks: vec![],
        };
        let from = Sender::parse("Ana <ana@brand.com>");
        let m = eml(
            &draft,
            Some((Some("Léa\r\nBcc: all@x.io"), "lea@x.io")),
            &from,
            "Tue, 01 Dec 2026 17:56:57 +0000",
        );
        assert!(
            !m.replace("\r\n", "").contains(['\r', '\n']),
            "bare line ends: {m:?}"
        );
        assert!(m.split("\r\n").all(|l| l.len() <= 78), "{m}");
        let (head, body) = m.split_once("\r\n\r\n").unwrap();
        let names: Vec<&str> = head
            .split("\r\n")
            .filter(|l| !l.starts_with(' '))
            .map(|l| l.split(':').next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "From",
                "To",
                "Subject",
                "Date",
                "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding",
                "X-Unsent"
            ]
        );
        assert!(
            head.starts_with("From: \"Ana\" <ana@brand.com>\r\nTo: =?UTF-8?B?"),
            "{head}"
        );
        assert!(body.starts_with("Hi L=C3=A9a,\r\n\r\nlong line"), "{body}");
        // No address in the sender: no From, the mail client's account sends it.
        let m = eml(
            &draft,
            Some((None, "lea@x.io")),
            &Sender::parse("The team"),
            "d",
        );
        assert!(m.starts_with("To: lea@x.io\r\nSubject: =?UTF-8?B?"), "{m}");
        // No address at all: no To, for the user to fill in.
        let m = eml(&draft, None, &Sender::parse("The team"), "d");
        assert!(m.starts_with("Subject: "), "{m}");
    }

    #[test]
    fn dates_are_rfc_5322_in_utc() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(
            rfc5322_date(1_796_147_817),
            "Tue, 01 Dec 2026 17:56:57 +0000"
        );
        assert_eq!(rfc5322_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
    }

    #[test]
    fn draft_file_names_are_safe_and_unique() {
        assert_eq!(
            draft_file_name("instagram", "@lena.lifts"),
            "instagram-lena.lifts.eml"
        );
        assert_eq!(
            draft_file_name("x", "../../etc/passwd"),
            "x-_._.._etc_passwd.eml"
        );
        assert_eq!(draft_file_name("tiktok", "ré\x1b\n/"), "tiktok-r____.eml");
        let mut taken = std::collections::HashSet::new();
        let d = Path::new("out");
        assert_eq!(unique_in(d, "x-a_b.eml", &mut taken), d.join("x-a_b.eml"));
        assert_eq!(unique_in(d, "x-a_b.eml", &mut taken), d.join("x-a_b-2.eml"));
        assert_eq!(unique_in(d, "X-A_B.eml", &mut taken), d.join("X-A_B-3.eml"));
    }
}
