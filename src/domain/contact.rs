//! A shortlist entry's contact details typed as one line (`C` in the planner):
//! `name; email; country; profile URL`. The email and the address are recognised by their
//! shape wherever they stand, so `lena@example.com` alone sets the email only.

use super::outreach::is_plausible_email;
use super::plan::Contact;
use super::text::{clean_line, quote_data};

/// Reads `Lena Lifts; lena@example.com; DE; https://instagram.com/lena.lifts`. Empty parts
/// (and an empty line) are none; an email that is not an address is refused with the reason.
pub fn parse_contact(text: &str) -> Result<Contact, String> {
    let mut c = Contact::default();
    for (i, part) in text.split(';').enumerate() {
        let part = clean_line(part.trim()).into_owned();
        if part.is_empty() {
            continue;
        }
        let spaced = part.chars().any(char::is_whitespace);
        if part.contains('@') && !spaced && !part.starts_with('@') && !part.contains('/') {
            if !is_plausible_email(&part) {
                return Err(format!(
                    "`{}` is not an email address (like lena@example.com)",
                    quote_data(&part)
                ));
            }
            set_once(&mut c.email, part, "two email addresses")?;
        } else if is_web_address(&part) {
            if spaced {
                return Err(format!(
                    "the profile URL `{}` has spaces",
                    quote_data(&part)
                ));
            }
            let lower = part.to_ascii_lowercase();
            let url = if lower.starts_with("http://") || lower.starts_with("https://") {
                part
            } else {
                format!("https://{part}")
            };
            set_once(&mut c.url, url, "two profile URLs")?;
        } else {
            match i {
                0 => c.name = Some(part),
                1 => {
                    return Err(format!(
                        "`{}` is not an email address (like lena@example.com)",
                        quote_data(&part)
                    ));
                }
                2 => c.country = Some(country(&part)),
                3 => {
                    return Err(format!(
                        "`{}` is not a profile URL (like https://instagram.com/lena)",
                        quote_data(&part)
                    ));
                }
                _ => return Err("too many parts: name; email; country; profile URL".into()),
            }
        }
    }
    Ok(c)
}

/// The contact as [`parse_contact`] reads it back (trailing empty parts left out).
pub fn contact_line(
    name: Option<&str>,
    email: Option<&str>,
    country: Option<&str>,
    url: Option<&str>,
) -> String {
    let parts = [name, email, country, url].map(|p| p.unwrap_or("").trim());
    let used = parts
        .iter()
        .rposition(|p| !p.is_empty())
        .map_or(0, |i| i + 1);
    parts[..used].join("; ")
}

fn set_once(slot: &mut Option<String>, value: String, twice: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("{twice}: a contact has one"));
    }
    *slot = Some(value);
    Ok(())
}

/// `https://...`, `www....` or `site.tld/path`: an address, not a name or a country.
fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || s.split_once('/')
            .is_some_and(|(host, _)| host.contains('.') && !host.contains(' '))
}

/// Country codes as the roster keeps them (`de` -> `DE`); names as typed.
fn country(s: &str) -> String {
    if s.len() <= 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        s.to_ascii_uppercase()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn parts_are_read_by_place_and_shape_and_read_back() {
        let c =
            parse_contact("Lena Lifts; lena@example.com; de; https://instagram.com/lena").unwrap();
        assert_eq!(
            c,
            Contact {
                name: some("Lena Lifts"),
                email: some("lena@example.com"),
                country: some("DE"),
                url: some("https://instagram.com/lena"),
            }
        );
        let line = contact_line(
            c.name.as_deref(),
            c.email.as_deref(),
            c.country.as_deref(),
            c.url.as_deref(),
        );
        assert_eq!(
            line,
            "Lena Lifts; lena@example.com; DE; https://instagram.com/lena"
        );
        assert_eq!(parse_contact(&line).unwrap(), c);
        // An email alone is the email, wherever it stands; a bare site gets its scheme.
        let c = parse_contact("lena@example.com").unwrap();
        assert_eq!((c.name, c.email), (None, some("lena@example.com")));
        let c = parse_contact("tiktok.com/@mia").unwrap();
        assert_eq!(c.url, some("https://tiktok.com/@mia"));
        // Empty parts are none; an empty line clears everything.
        let c = parse_contact("; ; Deutschland").unwrap();
        assert_eq!((c.name, c.country), (None, some("Deutschland")));
        assert_eq!(contact_line(None, None, Some("DE"), None), "; ; DE");
        assert_eq!(parse_contact("  ").unwrap(), Contact::default());
        // Controls never reach the plan.
        let c = parse_contact("Le\u{1b}[2Jna").unwrap();
        assert_eq!(c.name, some("Le[2Jna"));
    }

    #[test]
    fn what_is_not_an_address_is_refused_with_the_reason() {
        for (text, why) in [
            (
                "Lena; lena@example",
                "`lena@example` is not an email address",
            ),
            (
                "Lena; lena at example.com",
                "`lena at example.com` is not an email",
            ),
            ("Lena; ; DE; lena", "`lena` is not a profile URL"),
            ("a@b.co; c@d.co", "two email addresses"),
            ("Lena; a@b.co; DE; x.com/a; more", "too many parts"),
            ("https://a.com/x y", "has spaces"),
        ] {
            let err = parse_contact(text).expect_err(text);
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
