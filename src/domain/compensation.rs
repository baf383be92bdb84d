//! What a creator gets besides the cash fee, and a deliverable's going live, as people type
//! them in the planner: a gifted product with its shipping (`129.99 + 12.50`), a commission
//! rate (`15%`), a published date with the post's address. Parsing lives here so the
//! planner and any later command share it; each refusal says why.

use super::date::Date;
use super::money::Money;
use super::number::parse_rate;
use super::text::clean_line;

/// `120` (product value) or `120 + 15` (product value + shipping), in the plan's currency;
/// empty clears both. Amounts are 0 or more.
pub fn parse_gift(text: &str, currency: &str) -> Result<(Money, Money), String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok((Money::ZERO, Money::ZERO));
    }
    let (product, shipping) = match t.split_once('+') {
        Some((p, s)) => (p.trim(), s.trim()),
        None => (t, ""),
    };
    let amount = |s: &str, what: &str| -> Result<Money, String> {
        if s.is_empty() {
            return Ok(Money::ZERO);
        }
        let m = Money::parse_in(s, currency).map_err(|e| format!("{what}: {e}"))?;
        if m.cents() < 0 {
            return Err(format!("{what}: an amount, 0 or more"));
        }
        if !m.is_acceptable() {
            return Err(format!("{what}: above the largest amount scout accepts"));
        }
        Ok(m)
    };
    Ok((
        amount(product, "product value")?,
        amount(shipping, "shipping")?,
    ))
}

/// The gift as [`parse_gift`] reads it back: `129.99 + 12.50`, `80`, or empty.
pub fn gift_text(product: Money, shipping: Money) -> String {
    match (product.cents(), shipping.cents()) {
        (0, 0) => String::new(),
        (_, 0) => product.plain(),
        _ => format!("{} + {}", product.plain(), shipping.plain()),
    }
}

/// A commission rate as typed: `15%`, `12.5%`, `0.15` (a fraction), `15` (percent); empty
/// clears it. At most 100%.
pub fn parse_commission(text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match parse_rate(text) {
        Ok(Some(r)) if (0.0..=1.0).contains(&r) => Ok(Some((r * 1e6).round() / 1e6)),
        Ok(Some(_)) => Err("a commission is at most 100%".into()),
        Ok(None) => Ok(None),
        Err(e) => Err(format!("{e}: type a rate such as 15% or 0.15")),
    }
}

/// A rate as people read it: `15%`, `12.5%`.
pub fn percent(rate: f64) -> String {
    let p = (rate * 10_000.0).round() / 100.0;
    format!("{p}%")
}

/// `2026-12-14` or `2026-12-14 https://instagram.com/p/abc` (published date, then the post's
/// address); an address alone keeps no date. Empty clears both.
pub fn parse_published(text: &str) -> Result<(Option<Date>, Option<String>), String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok((None, None));
    }
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let looks_like_date = first.starts_with(|c: char| c.is_ascii_digit());
    let (date, url) = if looks_like_date {
        let d = Date::parse(first).map_err(|e| format!("`{}`: {e}", clean_line(first)))?;
        (Some(d), rest.trim())
    } else {
        (None, t)
    };
    if url.chars().any(char::is_whitespace) {
        return Err("the post's address has spaces: one date, then one address".into());
    }
    let url = (!url.is_empty()).then(|| clean_line(url).into_owned());
    Ok((date, url))
}

/// The published date and address as [`parse_published`] reads them back.
pub fn published_text(date: Option<Date>, url: Option<&str>) -> String {
    match (date, url) {
        (Some(d), Some(u)) => format!("{d} {u}"),
        (Some(d), None) => d.to_string(),
        (None, Some(u)) => u.to_string(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gifts_read_as_typed_and_print_back() {
        let g = parse_gift(" 129.99 + 12.50 ", "USD").unwrap();
        assert_eq!(g, (Money::from_cents(12_999), Money::from_cents(1_250)));
        assert_eq!(gift_text(g.0, g.1), "129.99 + 12.50");
        assert_eq!(parse_gift(&gift_text(g.0, g.1), "USD").unwrap(), g);
        assert_eq!(
            parse_gift("$80", "USD").unwrap(),
            (Money::from_units(80), Money::ZERO)
        );
        assert_eq!(parse_gift("", "USD").unwrap(), (Money::ZERO, Money::ZERO));
        assert_eq!(gift_text(Money::ZERO, Money::ZERO), "");
        assert!(parse_gift("80 EUR", "USD").unwrap_err().contains("EUR"));
        assert!(
            parse_gift("-5", "USD")
                .unwrap_err()
                .starts_with("product value: ")
        );
        assert!(
            parse_gift("5 + x", "USD")
                .unwrap_err()
                .starts_with("shipping")
        );
    }

    #[test]
    fn commissions_are_rates_up_to_all() {
        assert_eq!(parse_commission("15%"), Ok(Some(0.15)));
        assert_eq!(parse_commission("0.125"), Ok(Some(0.125)));
        assert_eq!(parse_commission("12.5"), Ok(Some(0.125)));
        assert_eq!(parse_commission(" "), Ok(None));
        assert!(parse_commission("150%").is_err());
        assert!(parse_commission("lots").unwrap_err().contains("15%"));
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(0.15), "15%");
    }

    #[test]
    fn published_is_a_date_and_an_address() {
        let (d, u) = parse_published("2026-12-14 https://instagram.com/p/abc").unwrap();
        assert_eq!(d.map(|d| d.to_string()).as_deref(), Some("2026-12-14"));
        assert_eq!(u.as_deref(), Some("https://instagram.com/p/abc"));
        assert_eq!(
            published_text(d, u.as_deref()),
            "2026-12-14 https://instagram.com/p/abc"
        );
        assert_eq!(parse_published("").unwrap(), (None, None));
        let (d, u) = parse_published("https://x.com/a/status/1").unwrap();
        assert_eq!((d, u.as_deref()), (None, Some("https://x.com/a/status/1")));
        let e = parse_published("2026-02-30 https://x").unwrap_err();
        assert_eq!(e, "`2026-02-30`: 2026-02 has 28 days, not 30");
        assert!(parse_published("2026-12-14 a b").is_err());
    }
}
