//! Outreach messages: a template with placeholders (`{first_name}`, `{handle}`, `{fee}`...),
//! parsed once and then filled in for each creator.
//!
//! A template is plain text or Markdown. `{{` and `}}` are literal braces. Its first line may
//! be `Subject: ...` (placeholders allowed); without one the subject is [`DEFAULT_SUBJECT`].
//! An unknown placeholder is an error naming it and listing the known ones. A value the plan
//! does not have (no name, no due date) falls back to words that keep the sentence readable
//! ([`Placeholder::fallback`]), and the draft lists each fallback so the caller can report it.
//! No file or terminal code lives here: `io::outreach` writes drafts, the planner shows them.

use std::fmt;

use super::creator::Platform;
use super::date::Date;
use super::fees::FeeModel;
use super::plan::{Campaign, ShortlistEntry};
use super::text::{clean_line, clean_note, quote_data};

/// The template scout uses when neither the command line, the plan nor the config names one.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../assets/outreach.md");

/// The subject of a template that has no `Subject:` line.
pub const DEFAULT_SUBJECT: &str = "{campaign}: a collaboration with {handle}";

/// What a template can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    FirstName,
    Name,
    Handle,
    Platform,
    Niches,
    Deliverables,
    Fee,
    Product,
    Due,
    Campaign,
    Sender,
}

impl Placeholder {
    pub const ALL: [Placeholder; 11] = [
        Placeholder::FirstName,
        Placeholder::Name,
        Placeholder::Handle,
        Placeholder::Platform,
        Placeholder::Niches,
        Placeholder::Deliverables,
        Placeholder::Fee,
        Placeholder::Product,
        Placeholder::Due,
        Placeholder::Campaign,
        Placeholder::Sender,
    ];

    /// The name written between braces.
    pub fn key(self) -> &'static str {
        match self {
            Placeholder::FirstName => "first_name",
            Placeholder::Name => "name",
            Placeholder::Handle => "handle",
            Placeholder::Platform => "platform",
            Placeholder::Niches => "niches",
            Placeholder::Deliverables => "deliverables",
            Placeholder::Fee => "fee",
            Placeholder::Product => "product",
            Placeholder::Due => "due",
            Placeholder::Campaign => "campaign",
            Placeholder::Sender => "sender",
        }
    }

    pub fn parse(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.key() == name)
    }

    /// The words used when a creator has no value: chosen to read well in the default
    /// template (`Hi there,`, `your recent posts`, `live by a date that suits you`). `{name}`
    /// falls back to the handle instead (see [`Values::get`]).
    pub fn fallback(self) -> &'static str {
        match self {
            Placeholder::FirstName => "there",
            Placeholder::Name | Placeholder::Handle => "",
            Placeholder::Platform => "",
            Placeholder::Niches => "recent",
            Placeholder::Deliverables => "a post",
            Placeholder::Fee => "a fee we agree on together",
            Placeholder::Product => "our product",
            Placeholder::Due => "a date that suits you",
            Placeholder::Campaign => "our campaign",
            Placeholder::Sender => "the team",
        }
    }

    /// Every placeholder as a template writes it: `{first_name}, {name}, ...`.
    pub fn list() -> String {
        Placeholder::ALL
            .iter()
            .map(|p| format!("{{{}}}", p.key()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.key())
    }
}

/// A template that cannot be used: where (`label:line`) and why, on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{label}:{line}: {message}")]
pub struct TemplateError {
    pub label: String,
    /// 1-based, counting the `Subject:` line.
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Placeholder),
}

/// A parsed template: its subject and body as text and placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

/// One value a creator did not have, and what was written instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fallback {
    pub placeholder: Placeholder,
    pub used: String,
}

/// A message for one creator. Both texts hold no control character but the body's line
/// breaks (`\n`) and tabs; the subject is one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
    /// The placeholders the template uses that had no value, in the order of
    /// [`Placeholder::ALL`], each once.
    pub fallbacks: Vec<Fallback>,
}

impl Draft {
    /// The fallbacks in words, for a report: `no value for {first_name} ("there"), {due}
    /// ("a date that suits you")`; `None` when every value was there. Quoted values are
    /// escaped as every message quotes data.
    pub fn fallback_report(&self) -> Option<String> {
        describe_fallbacks(self.fallbacks.iter())
    }
}

/// Fallbacks in words: `no value for {first_name} ("there"), {due} ("a date that suits
/// you")`; `None` for none. Quoted values are escaped as every message quotes data.
pub fn describe_fallbacks<'a>(fallbacks: impl Iterator<Item = &'a Fallback>) -> Option<String> {
    let items: Vec<String> = fallbacks
        .map(|f| format!("{} (\"{}\")", f.placeholder, quote_data(&f.used)))
        .collect();
    (!items.is_empty()).then(|| format!("no value for {}", items.join(", ")))
}

impl Draft {
    /// The draft as text, in the form a template is written: `Subject: ...`, a blank line,
    /// the body.
    pub fn to_text(&self) -> String {
        format!("Subject: {}\n\n{}", self.subject, self.body)
    }
}

/// The edit distance between two short names, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The known placeholder an unknown name was probably meant to be.
fn suggestion(name: &str) -> Option<Placeholder> {
    let lower = name.trim().to_lowercase().replace([' ', '-'], "_");
    Placeholder::ALL
        .into_iter()
        .map(|p| (distance(&lower, p.key()), p))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

/// Longest text taken as a placeholder's name before a `{` is called unclosed.
const MAX_NAME: usize = 40;

/// Parses one line of a template (without its line break) into `out`.
fn parse_line(
    line: &str,
    number: usize,
    label: &str,
    out: &mut Vec<Piece>,
) -> Result<(), TemplateError> {
    let err = |message: String| TemplateError {
        label: label.to_string(),
        line: number,
        message,
    };
    let mut text = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        let brace = &rest[i..i + 1];
        let after = &rest[i + 1..];
        if after.starts_with(brace) {
            // `{{` or `}}`: a literal brace.
            text.push_str(brace);
            rest = &after[1..];
            continue;
        }
        if brace == "}" {
            return Err(err(
                "a `}` with no `{` before it (write `}}` for a literal brace)".into(),
            ));
        }
        let close = after
            .find(['}', '{'])
            .filter(|&j| after[j..].starts_with('}') && after[..j].chars().count() <= MAX_NAME);
        let Some(j) = close else {
            return Err(err(
                "a `{` that is not closed on its line (write `{{` for a literal brace)".into(),
            ));
        };
        let name = &after[..j];
        let Some(p) = Placeholder::parse(name.trim()) else {
            let hint = suggestion(name)
                .map(|p| format!(" (did you mean {p}?)"))
                .unwrap_or_default();
            return Err(err(format!(
                "unknown placeholder {{{}}}{hint}; the placeholders are {} (`{{{{` and `}}}}` write literal braces)",
                quote_data(name),
                Placeholder::list()
            )));
        };
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Field(p));
        rest = &after[j + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(())
}

impl Template {
    /// Parses template text; `label` names it in errors (a file's path, or `default`).
    /// Control characters other than tabs and line breaks are dropped, as from any file.
    pub fn parse(text: &str, label: &str) -> Result<Template, TemplateError> {
        let text = clean_note(text.strip_prefix('\u{feff}').unwrap_or(text));
        let mut lines = text.split('\n').enumerate().peekable();
        let mut subject = Vec::new();
        let mut first_body_line = 1;
        if let Some((_, first)) = lines.peek() {
            let head = first.get(..8).unwrap_or("");
            if head.eq_ignore_ascii_case("subject:") {
                // The subject is one line: a tab in it becomes a space, as in any
                // one-line field (clean_note above kept it).
                let line = clean_line(first[8..].trim());
                parse_line(line.trim(), 1, label, &mut subject)?;
                lines.next();
                first_body_line = 2;
                // The blank lines between the subject and the body are not the body's.
                while lines.next_if(|(_, l)| l.trim().is_empty()).is_some() {}
            }
        }
        if first_body_line == 1 {
            parse_line(DEFAULT_SUBJECT, 1, "the default subject", &mut subject)?;
        }
        let mut body = Vec::new();
        let mut blank_run = Vec::new();
        for (i, line) in lines {
            // Trailing blank lines are dropped; the body ends with one line break.
            if line.trim().is_empty() {
                blank_run.push(Piece::Text("\n".into()));
                continue;
            }
            body.append(&mut blank_run);
            parse_line(line, i + 1, label, &mut body)?;
            body.push(Piece::Text("\n".into()));
        }
        if body.is_empty() {
            return Err(TemplateError {
                label: label.to_string(),
                line: first_body_line,
                message: "the template has no message body".into(),
            });
        }
        Ok(Template { subject, body })
    }

    /// The template scout ships ([`DEFAULT_TEMPLATE`]).
    pub fn default_template() -> Template {
        // The asset is tested to parse (`the_default_template_parses_and_uses_every_value`).
        Template::parse(DEFAULT_TEMPLATE, "default").unwrap_or_else(|_| Template {
            subject: vec![Piece::Field(Placeholder::Campaign)],
            body: vec![Piece::Field(Placeholder::Campaign)],
        })
    }

    /// The placeholders the template uses, each once, in the order of [`Placeholder::ALL`].
    pub fn placeholders(&self) -> Vec<Placeholder> {
        Placeholder::ALL
            .into_iter()
            .filter(|p| {
                self.subject
                    .iter()
                    .chain(&self.body)
                    .any(|x| *x == Piece::Field(*p))
            })
            .collect()
    }

    /// The message for one creator's values.
    pub fn render(&self, values: &Values) -> Draft {
        let mut fallbacks: Vec<Fallback> = Vec::new();
        let mut fill = |pieces: &[Piece]| -> String {
            let mut out = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Field(p) => {
                        let (text, given) = values.get(*p);
                        if !given && !fallbacks.iter().any(|f| f.placeholder == *p) {
                            fallbacks.push(Fallback {
                                placeholder: *p,
                                used: text.clone(),
                            });
                        }
                        out.push_str(&text);
                    }
                }
            }
            out
        };
        let subject = fill(&self.subject);
        let body = fill(&self.body);
        fallbacks.sort_by_key(|f| Placeholder::ALL.iter().position(|p| *p == f.placeholder));
        Draft {
            // Values are one-line already; the subject's own text is one line by parsing.
            subject: subject.trim().to_string(),
            body,
            fallbacks,
        }
    }
}

/// The values for one creator. Each is one line of text, or `None` when the plan does not
/// have it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    values: [Option<String>; 11],
}

impl Values {
    fn slot(p: Placeholder) -> usize {
        Placeholder::ALL.iter().position(|q| *q == p).unwrap_or(0)
    }

    /// Sets a value; blank text counts as none. Control characters and line breaks are
    /// dropped (a name with a line break must not start a new header line in an email).
    pub fn set(&mut self, p: Placeholder, value: Option<&str>) {
        self.values[Self::slot(p)] = value
            .map(|v| clean_line(v).trim().to_string())
            .filter(|v| !v.is_empty());
    }

    /// The value itself, when the creator has one.
    pub fn value(&self, p: Placeholder) -> Option<&str> {
        self.values[Self::slot(p)].as_deref()
    }

    /// The text for a placeholder and whether it is the creator's own (`false`: a fallback).
    /// `{name}` falls back to the handle, `{first_name}` to "there".
    pub fn get(&self, p: Placeholder) -> (String, bool) {
        if let Some(v) = self.value(p) {
            return (v.to_string(), true);
        }
        let fallback = match p {
            Placeholder::Name => self.value(Placeholder::Handle).unwrap_or("").to_string(),
            _ => p.fallback().to_string(),
        };
        (fallback, false)
    }

    /// The values of a shortlist entry in its campaign: the first name (the first word of the
    /// name with a letter in it), the deliverables in words (`2 reels`; the platform's
    /// standard format from `model` when the entry has none), the offer in the campaign's
    /// currency ([`offer_text`]: the fee, a gifted product, a commission), the product's
    /// value when gifted, the due date in words ([`date_text`]), and `sender` as the config
    /// gives it (its display name when it holds an address: `Ana from Brand <ana@brand.com>`
    /// signs as `Ana from Brand`).
    pub fn for_entry(
        entry: &ShortlistEntry,
        campaign: &Campaign,
        model: &FeeModel,
        sender: Option<&str>,
    ) -> Values {
        let mut v = Values::default();
        let name = entry.name.as_deref().map(clean_line);
        v.set(Placeholder::FirstName, name.as_deref().and_then(first_name));
        v.set(Placeholder::Name, name.as_deref());
        v.set(
            Placeholder::Handle,
            Some(&handle_text(entry.platform, &entry.handle)),
        );
        v.set(Placeholder::Platform, Some(entry.platform.label()));
        v.set(Placeholder::Niches, Some(&join_words(&entry.niches)));
        let format = entry
            .format
            .as_deref()
            .unwrap_or_else(|| model.standard_format(entry.platform));
        v.set(
            Placeholder::Deliverables,
            Some(&deliverables_text(entry.posts, format)),
        );
        v.set(
            Placeholder::Fee,
            offer_text(entry, &campaign.currency).as_deref(),
        );
        if entry.product_value.cents() > 0 {
            v.set(
                Placeholder::Product,
                Some(&entry.product_value.display(&campaign.currency)),
            );
        }
        v.set(Placeholder::Due, entry.due.map(date_text).as_deref());
        v.set(Placeholder::Campaign, Some(&campaign.name));
        v.set(
            Placeholder::Sender,
            sender.map(|s| Sender::parse(s).name).as_deref(),
        );
        v
    }
}

/// Who a message to `entry` goes to: `None` when the plan has no email for the creator; the
/// display name (when known) and the address; or why the email cannot be used (not a
/// plausible address: such a creator gets no draft, and the caller reports it).
pub fn recipient(entry: &ShortlistEntry) -> Option<Result<(Option<String>, String), String>> {
    let email = clean_line(entry.email.as_deref()?).trim().to_string();
    if email.is_empty() {
        return None;
    }
    if !is_plausible_email(&email) {
        return Some(Err(format!(
            "`{}` is not an email address",
            quote_data(&email)
        )));
    }
    let name = entry
        .name
        .as_deref()
        .map(|n| clean_line(n).trim().to_string())
        .filter(|n| !n.is_empty());
    Some(Ok((name, email)))
}

/// A date as a message writes it, in words no reader can misread: `15 December 2026`.
pub fn date_text(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS[(d.month().clamp(1, 12) - 1) as usize];
    format!("{} {month} {}", d.day(), d.year())
}

/// What the creator gets, in words: the fee (`$900`), a gifted product
/// (`a gifted product worth $120`), a commission (`15% commission on sales`), or a mix
/// joined with `and`. `None` when the entry offers nothing yet.
pub fn offer_text(entry: &ShortlistEntry, currency: &str) -> Option<String> {
    let mut parts = Vec::new();
    if entry.fee.cents() > 0 {
        parts.push(entry.fee.display(currency));
    }
    if entry.product_value.cents() > 0 {
        parts.push(format!(
            "a gifted product worth {}",
            entry.product_value.display(currency)
        ));
    } else if entry.shipping.cents() > 0 {
        parts.push("a gifted product".to_string());
    }
    if let Some(r) = entry.commission_rate.filter(|r| *r > 0.0) {
        parts.push(format!(
            "{} commission on sales",
            super::compensation::percent(r)
        ));
    }
    (!parts.is_empty()).then(|| join_words(&parts))
}

/// A handle as a message writes it: `@lena.lifts`; a blog's as written (`lena.blog`).
pub fn handle_text(platform: Platform, handle: &str) -> String {
    let h = super::creator::clean_handle(handle);
    match platform {
        Platform::Blog => h.to_string(),
        _ => format!("@{h}"),
    }
}

/// `fitness`, `fitness and food`, `fitness, food and travel`.
pub fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1 reel`, `2 reels`, `3 stories`, `2 feed posts`.
pub fn deliverables_text(posts: u32, format: &str) -> String {
    let format = format.trim();
    if posts == 1 {
        return format!("1 {format}");
    }
    let plural = match format.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ if format.ends_with(['s', 'x']) || format.ends_with("ch") || format.ends_with("sh") => {
            format!("{format}es")
        }
        _ => format!("{format}s"),
    };
    format!("{posts} {plural}")
}

/// The sender as the config writes it: a name, an address, or both
/// (`Ana from Brand <ana@brand.com>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    /// How messages sign: the name, else the address.
    pub name: String,
    /// The address for the `From` header, when the text holds a plausible one.
    pub address: Option<String>,
}

impl Sender {
    pub fn parse(text: &str) -> Sender {
        let text = clean_line(text);
        let text = text.trim();
        if let (Some(open), true) = (text.rfind('<'), text.ends_with('>')) {
            let addr = text[open + 1..text.len() - 1].trim();
            let name = text[..open].trim().trim_matches('"').trim();
            if is_plausible_email(addr) {
                return Sender {
                    name: if name.is_empty() { addr } else { name }.to_string(),
                    address: Some(addr.to_string()),
                };
            }
        }
        Sender {
            name: text.to_string(),
            address: is_plausible_email(text).then(|| text.to_string()),
        }
    }
}

/// Whether `s` looks like an address a mail client can send to: `local@domain.tld`, ASCII,
/// no spaces, quotes or brackets, a dot in the domain. Strict on purpose: a draft to an
/// address that is not one helps nobody, and nothing odd reaches an email header.
pub fn is_plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()) && tld.len() >= 2);
    local_ok && domain_ok
}

/// The first name in a display name: its first word with a letter in it (`🌸 Léa Dupont` is
/// Léa). `None` when no word has a letter.
pub fn first_name(name: &str) -> Option<&str> {
    name.split_whitespace()
        .find(|w| w.chars().any(char::is_alphabetic))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fees::FeeSource;
    use crate::domain::money::Money;

    fn values() -> Values {
        let mut v = Values::default();
        v.set(Placeholder::FirstName, Some("Léa"));
        v.set(Placeholder::Name, Some("Léa Dupont"));
        v.set(Placeholder::Handle, Some("@lea"));
        v.set(Placeholder::Campaign, Some("Spring"));
        v
    }

    #[test]
    fn placeholders_are_filled_and_braces_doubled_are_literal() {
        let t = Template::parse(
            "Subject: {campaign} for {name}\n\nHi {first_name} {{not}} }}\n",
            "t",
        )
        .unwrap();
        let d = t.render(&values());
        assert_eq!(d.subject, "Spring for Léa Dupont");
        assert_eq!(d.body, "Hi Léa {not} }\n");
        assert!(d.fallbacks.is_empty());
        assert_eq!(
            t.placeholders(),
            vec![
                Placeholder::FirstName,
                Placeholder::Name,
                Placeholder::Campaign
            ]
        );
    }

    #[test]
    fn a_tab_in_the_subject_line_becomes_a_space() {
        // Found by `cargo fuzz run template`: the subject kept the tab.
        let t = Template::parse("Subject: a\tb\t{handle}\n\nHi\tthere", "t.md").expect("parses");
        let mut v = Values::default();
        v.set(Placeholder::Handle, Some("lena"));
        let d = t.render(&v);
        assert_eq!(d.subject, "a b lena");
        assert_eq!(d.body, "Hi\tthere\n", "the body keeps its tabs");
    }

    #[test]
    fn without_a_subject_line_the_default_subject_names_the_campaign() {
        let t = Template::parse("Hello {handle}\n\n\n", "t").unwrap();
        let d = t.render(&values());
        assert_eq!(d.subject, "Spring: a collaboration with @lea");
        assert_eq!(d.body, "Hello @lea\n");
        // `subject:` in any case, and the blank lines after it are not the body's.
        let t = Template::parse("SUBJECT:Hi\n\n\nBody\n\nEnd", "t").unwrap();
        let d = t.render(&values());
        assert_eq!(
            (d.subject.as_str(), d.body.as_str()),
            ("Hi", "Body\n\nEnd\n")
        );
    }

    #[test]
    fn an_unknown_placeholder_is_named_with_its_line_and_the_known_ones() {
        let e = Template::parse("Subject: x\n\nHi {frist_name},\n", "mail.txt").unwrap_err();
        assert_eq!(e.line, 3);
        let s = e.to_string();
        assert!(
            s.starts_with("mail.txt:3: unknown placeholder {frist_name} (did you mean {first_name}?); the placeholders are {first_name}, {name}, {handle}, {platform}, {niches}, {deliverables}, {fee}, {product}, {due}, {campaign}, {sender}"),
            "{s}"
        );
        let e = Template::parse("Hi {\x1b]52;c;eA==\x07}", "t").unwrap_err();
        assert!(crate::domain::text::is_clean_message(&e.to_string()), "{e}");
        let e = Template::parse("a\nb { c\n", "t").unwrap_err().to_string();
        assert!(
            e.starts_with("t:2: a `{` that is not closed on its line"),
            "{e}"
        );
        let e = Template::parse("a } b", "t").unwrap_err().to_string();
        assert!(e.starts_with("t:1: a `}` with no `{`"), "{e}");
        let e = Template::parse("Subject: {nam}\n", "t")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t:1: unknown placeholder {nam} (did you mean {name}?)"),
            "{e}"
        );
        let e = Template::parse("Subject: hi\n\n  \n", "t")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "t:2: the template has no message body");
    }

    #[test]
    fn missing_values_fall_back_and_are_listed_once() {
        let t = Template::parse(
            "Subject: {campaign} {due}\nHi {first_name}, {name}: by {due} for {sender}\n",
            "t",
        )
        .unwrap();
        let mut v = Values::default();
        v.set(Placeholder::Handle, Some("@lea"));
        v.set(Placeholder::Campaign, Some("  "));
        let d = t.render(&v);
        assert_eq!(d.subject, "our campaign a date that suits you");
        assert_eq!(
            d.body,
            "Hi there, @lea: by a date that suits you for the team\n"
        );
        let listed: Vec<Placeholder> = d.fallbacks.iter().map(|f| f.placeholder).collect();
        assert_eq!(
            listed,
            vec![
                Placeholder::FirstName,
                Placeholder::Name,
                Placeholder::Due,
                Placeholder::Campaign,
                Placeholder::Sender
            ]
        );
        assert_eq!(
            d.fallback_report().unwrap(),
            "no value for {first_name} (\"there\"), {name} (\"@lea\"), {due} (\"a date that suits you\"), {campaign} (\"our campaign\"), {sender} (\"the team\")"
        );
        // Values never carry a line break or a control into a message.
        v.set(Placeholder::Name, Some("Eve\r\nBcc: x@y.z\x1b[2J"));
        assert_eq!(v.value(Placeholder::Name), Some("Eve  Bcc: x@y.z[2J"));
    }

    #[test]
    fn the_default_template_parses_and_uses_every_value() {
        let t = Template::parse(DEFAULT_TEMPLATE, "default").unwrap();
        assert_eq!(t, Template::default_template());
        for p in [
            Placeholder::FirstName,
            Placeholder::Handle,
            Placeholder::Platform,
            Placeholder::Niches,
            Placeholder::Deliverables,
            Placeholder::Fee,
            Placeholder::Due,
            Placeholder::Campaign,
            Placeholder::Sender,
        ] {
            assert!(t.placeholders().contains(&p), "{p}");
        }
    }

    #[test]
    fn entry_values_read_like_a_person_wrote_them() {
        let e = ShortlistEntry {
            followers: 48_200,
            niches: vec!["fitness".into(), "food".into(), "travel".into()],
            posts: 2,
            format: Some("reel".into()),
            fee: Money::from_cents(120_050),
            fee_source: FeeSource::Negotiated,
            name: Some("🌸 Léa Dupont".into()),
            email: Some(" lea@example.com ".into()),
            due: Some(Date::parse("2026-12-15").unwrap()),
            ..ShortlistEntry::for_test("@lena.lifts")
        };
        let c = Campaign {
            name: "Spring".into(),
            currency: "EUR".into(),
            ..Campaign::default()
        };
        let m = FeeModel::default();
        let v = Values::for_entry(&e, &c, &m, Some("Ana from Brand <ana@brand.com>"));
        assert_eq!(v.value(Placeholder::FirstName), Some("Léa"));
        assert_eq!(v.value(Placeholder::Name), Some("🌸 Léa Dupont"));
        assert_eq!(v.value(Placeholder::Due), Some("15 December 2026"));
        assert_eq!(v.value(Placeholder::Product), None);
        assert_eq!(
            recipient(&e),
            Some(Ok((Some("🌸 Léa Dupont".into()), "lea@example.com".into())))
        );
        assert_eq!(v.value(Placeholder::Handle), Some("@lena.lifts"));
        assert_eq!(v.value(Placeholder::Platform), Some("Instagram"));
        assert_eq!(
            v.value(Placeholder::Niches),
            Some("fitness, food and travel")
        );
        assert_eq!(v.value(Placeholder::Deliverables), Some("2 reels"));
        assert_eq!(v.value(Placeholder::Fee), Some("€1,200.50"));
        assert_eq!(v.value(Placeholder::Sender), Some("Ana from Brand"));
        let mut one = e.clone();
        one.posts = 1;
        one.format = None;
        one.fee = Money::ZERO;
        one.product_value = Money::from_units(120);
        one.commission_rate = Some(0.125);
        one.name = None;
        one.email = Some("lea at example".into());
        let v = Values::for_entry(&one, &c, &m, None);
        assert_eq!(v.value(Placeholder::Deliverables), Some("1 feed post"));
        assert_eq!(v.value(Placeholder::Sender), None);
        assert_eq!(
            v.value(Placeholder::Fee),
            Some("a gifted product worth €120 and 12.5% commission on sales")
        );
        assert_eq!(v.value(Placeholder::Product), Some("€120"));
        assert_eq!(v.get(Placeholder::FirstName), ("there".to_string(), false));
        assert_eq!(v.get(Placeholder::Name), ("@lena.lifts".to_string(), false));
        assert_eq!(
            recipient(&one),
            Some(Err("`lea at example` is not an email address".into()))
        );
        one.email = None;
        assert_eq!(recipient(&one), None);
        one.product_value = Money::ZERO;
        one.commission_rate = None;
        assert_eq!(
            Values::for_entry(&one, &c, &m, None).value(Placeholder::Fee),
            None
        );
        assert_eq!(deliverables_text(3, "story"), "3 stories");
        assert_eq!(deliverables_text(2, "stream hour"), "2 stream hours");
        assert_eq!(handle_text(Platform::Blog, "lena.blog"), "lena.blog");
    }

    #[test]
    fn senders_and_addresses() {
        let s = Sender::parse("Ana from Brand <ana@brand.com>");
        assert_eq!(
            (s.name.as_str(), s.address.as_deref()),
            ("Ana from Brand", Some("ana@brand.com"))
        );
        let s = Sender::parse("\"Ana\" <bad address>");
        assert_eq!(s.address, None);
        let s = Sender::parse("ana@brand.com");
        assert_eq!(
            (s.name.as_str(), s.address.as_deref()),
            ("ana@brand.com", Some("ana@brand.com"))
        );
        assert_eq!(Sender::parse("The Brand team").address, None);
        for ok in ["a@b.co", "first.last+tag@mail.example.org", "x_y@sub-d.io"] {
            assert!(is_plausible_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@.com",
            "a@b..com",
            "a b@c.com",
            "a@b.c",
            "a@@b.com",
            "a@b.com\r\nBcc: x@y.z",
            "\"a\"@b.com",
            "a.@b.com",
            "léa@b.com",
            "a@-b.com",
            "a@b.c0m",
        ] {
            assert!(!is_plausible_email(bad), "{bad:?}");
        }
        assert_eq!(first_name("🌸 Léa Dupont"), Some("Léa"));
        assert_eq!(first_name("Tom"), Some("Tom"));
        assert_eq!(first_name("💪 🔥"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_fails_cleanly_and_drafts_hold_no_control(
            text in "(\\PC|[{}\n\r\t\x1b\u{9b}\u{202e}]|\\{[a-z_]{0,12}\\}){0,80}",
            name in "\\PC{0,20}|[\r\n\x1b]{0,3}",
        ) {
            match Template::parse(&text, "t") {
                Err(e) => {
                    proptest::prop_assert!(crate::domain::text::is_clean_message(&e.to_string()));
                }
                Ok(t) => {
                    let mut v = Values::default();
                    v.set(Placeholder::Name, Some(&name));
                    v.set(Placeholder::FirstName, first_name(&name));
                    let d = t.render(&v);
                    proptest::prop_assert!(!crate::domain::text::has_unsafe(&d.subject));
                    proptest::prop_assert!(d.body.chars().all(|c| matches!(c, '\n' | '\t') || !crate::domain::text::is_unsafe(c)));
                    proptest::prop_assert!(d.body.ends_with('\n'));
                }
            }
        }
    }
}
