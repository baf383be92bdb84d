//! Numbers as rosters write them (`48.2k`, `48,200`, `3.2%`) and as the screen shows them.

use super::text::quote_data;

/// Why a cell is not the number it should be. The cell is kept as messages quote it
/// ([`quote_data`]: controls escaped, long text cut).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("`{0}` is not a whole number")]
    NotWhole(String),
    #[error("`{0}` is negative")]
    Negative(String),
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// Cells that mean "not known" in real exports.
pub fn is_unknown(cell: &str) -> bool {
    let t = cell.trim();
    // Most cells start with something no unknown marker starts with: decide at once.
    match t.as_bytes().first() {
        None => return true,
        Some(b'-' | b'?' | b'n' | b'N' | b'#' | b'u' | b'U' | 0xe2) => {}
        Some(_) => return false,
    }
    t.is_empty()
        || matches!(
            t,
            "-" | "--" | "—" | "–" | "?" | "n/a" | "N/A" | "n.a." | "#N/A"
        )
        || t.eq_ignore_ascii_case("na")
        || t.eq_ignore_ascii_case("nan")
        || t.eq_ignore_ascii_case("nan%")
        || t.eq_ignore_ascii_case("null")
        || t.eq_ignore_ascii_case("none")
        || t.eq_ignore_ascii_case("unknown")
}

fn strip_grouping(t: &str) -> String {
    t.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '_' | '\''))
        .collect()
}

/// Parses a whole count: `48200`, `48,200`, `48 200`, `48.2k`, `1.3M`, `3.3b`, `2.28E+11`,
/// `1.234.567` (dots as thousands separators). Returns `Ok(None)` for an unknown cell.
pub fn parse_count(cell: &str) -> Result<Option<u64>, NumberError> {
    if is_unknown(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    if let Some(v) = parse_plain_digits(t.as_bytes()) {
        return Ok(Some(v));
    }
    let err = || NumberError::NotANumber(quote_data(t));
    let mut s = strip_grouping(t);
    if s.starts_with('-') {
        return Err(NumberError::Negative(quote_data(t)));
    }
    let (body, power) = split_multiplier(&s);
    s = body.to_string();
    // Commas: thousands separators when every group after the first has three digits,
    // otherwise a decimal comma (`1,5k`).
    if s.contains(',') {
        let groups: Vec<&str> = s.split(',').collect();
        let grouping = groups.len() > 1
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 || (g.len() > 3 && g.as_bytes()[3] == b'.'))
            && !groups[0].is_empty();
        if grouping {
            s = s.replace(',', "");
        } else if groups.len() == 2 {
            s = s.replace(',', ".");
        } else {
            return Err(err());
        }
    }
    // Several dots: European grouping `1.234.567`.
    if s.matches('.').count() > 1 {
        let groups: Vec<&str> = s.split('.').collect();
        if groups[1..].iter().all(|g| g.len() == 3) && !groups[0].is_empty() {
            s = s.replace('.', "");
        } else {
            return Err(err());
        }
    }
    if let Some((mant, exp)) = s.split_once(['e', 'E']) {
        let exp: i32 = exp.parse().map_err(|_| err())?;
        let mant: f64 = mant.parse().map_err(|_| err())?;
        let v = mant * 10f64.powi(exp + power as i32);
        if !v.is_finite() || v >= 1.8e19 {
            return Err(NumberError::TooLarge(quote_data(t)));
        }
        if v < 0.0 {
            return Err(NumberError::Negative(quote_data(t)));
        }
        return Ok(Some(v.round() as u64));
    }
    if power == 0
        && let Some((_, frac)) = s.split_once('.')
        && frac.bytes().any(|b| b != b'0')
    {
        return Err(NumberError::NotWhole(quote_data(t)));
    }
    match parse_decimal_scaled(&s, power) {
        Some(v) => Ok(Some(v)),
        None if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !s.is_empty() => {
            Err(NumberError::TooLarge(quote_data(t)))
        }
        None => Err(err()),
    }
}

fn parse_plain_digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(c - b'0');
    }
    Some(v)
}

fn split_multiplier(s: &str) -> (&str, u32) {
    let lower = s.to_ascii_lowercase();
    for (suffix, power) in [("mm", 6), ("bn", 9), ("k", 3), ("m", 6), ("b", 9)] {
        if lower.ends_with(suffix) {
            return (&s[..s.len() - suffix.len()], power);
        }
    }
    (s, 0)
}

/// Parses an engagement rate into a fraction: `3.2%` is percent, a bare number <= 1 is a
/// fraction (`0.032`), a bare number > 1 is percent (`3.2`). `Ok(None)` when unknown.
/// A rate above 100% is a rate (per-post engagement can exceed followers on TikTok and
/// Reels); only a negative one, or one too large for a rate column, is an error.
pub fn parse_rate(cell: &str) -> Result<Option<f64>, NumberError> {
    if is_unknown(cell) {
        return Ok(None);
    }
    let t = cell.trim();
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (t, false),
    };
    let body = body.replace(',', ".");
    let v: f64 = body
        .parse()
        .map_err(|_| NumberError::NotANumber(quote_data(t)))?;
    if v.is_nan() {
        return Ok(None);
    }
    if v < 0.0 {
        return Err(NumberError::Negative(quote_data(t)));
    }
    let fraction = if percent || v > 1.0 { v / 100.0 } else { v };
    // Rosters keep rates in 4 bytes: `inf` or `1e300` would not survive that.
    if !(fraction as f32).is_finite() {
        return Err(NumberError::TooLarge(quote_data(t)));
    }
    Ok(Some(fraction))
}

/// `950`, `1.2k`, `48.2k`, `120k`, `1.3M`, `3.3B`: counts for narrow columns.
pub fn compact_count(n: u64) -> String {
    fn scaled(n: u64, unit: u64, suffix: &str) -> String {
        let tenths = (n * 10 + unit / 2) / unit;
        if tenths >= 1000 {
            format!("{}{suffix}", (n + unit / 2) / unit)
        } else if tenths.is_multiple_of(10) {
            format!("{}{suffix}", tenths / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    }
    if n < 1_000 {
        n.to_string()
    } else if n < 999_500 {
        scaled(n, 1_000, "k")
    } else if n < 999_500_000 {
        scaled(n, 1_000_000, "M")
    } else {
        scaled(n, 1_000_000_000, "B")
    }
}

/// A fraction as a percentage, the one rule for rates on screen and in files: one decimal
/// (`0.041` -> `4.1%`), and under 0.1% two significant digits (`0.000155` -> `0.016%`), so a
/// small rate never reads as `0.0%`. Rounded half up on the decimal digits of the figure
/// (six significant digits, which is all an `f32` rate from a roster holds), never on its
/// binary float.
pub fn format_percent(fraction: f64) -> String {
    let pct = fraction * 100.0;
    if !pct.is_finite() {
        return "–".into();
    }
    let sign = if pct < 0.0 { "-" } else { "" };
    // `1.55000e-2`: six significant digits as an integer and its power of ten.
    let sci = format!("{:.5e}", pct.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return format!("{pct:.1}%");
    };
    let (Ok(digits), Ok(exp)) = (mantissa.replace('.', "").parse::<u64>(), exp.parse::<i32>())
    else {
        return format!("{pct:.1}%");
    };
    // digits x 10^(exp - 5) rounded half up to `places` decimals, as an integer.
    let at = |places: i32| -> u64 {
        let shift = exp - 5 + places;
        if shift >= 0 {
            digits.saturating_mul(10u64.saturating_pow(shift as u32))
        } else if shift < -19 {
            0
        } else {
            let d = 10u64.pow((-shift) as u32);
            (digits + d / 2) / d
        }
    };
    let places = if digits == 0 || exp >= -1 { 1 } else { 1 - exp };
    let n = at(places);
    let p = places as usize;
    let scale = 10u64.pow(places as u32);
    format!("{sign}{}.{:0p$}%", n / scale, n % scale)
}

/// `48,200`: a whole count grouped for reading.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Parses `12.34` into an integer scaled by 10^scale, rounding half away from zero beyond it.
/// Pure integer arithmetic, so `1.1k` is exactly 1100.
pub(crate) fn parse_decimal_scaled(s: &str, scale: u32) -> Option<u64> {
    let s = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: u64 = 0;
    for b in int.bytes() {
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    value = value.checked_mul(10u64.checked_pow(scale)?)?;
    let mut place = scale;
    let mut round_up = false;
    for (i, b) in frac.bytes().enumerate() {
        let d = u64::from(b - b'0');
        if (i as u32) < scale {
            place -= 1;
            value = value.checked_add(d.checked_mul(10u64.pow(place))?)?;
        } else {
            if i as u32 == scale {
                round_up = d >= 5;
            }
            break;
        }
    }
    if round_up {
        value = value.checked_add(1)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_count_form_of_the_contract() {
        for (cell, want) in [
            ("48200", 48_200),
            ("48,200", 48_200),
            ("48 200", 48_200),
            ("48\u{a0}200", 48_200),
            ("48.2k", 48_200),
            ("48.2K", 48_200),
            ("1.3M", 1_300_000),
            ("1.3m", 1_300_000),
            ("3.3b", 3_300_000_000),
            ("29.0b", 29_000_000_000),
            ("475.8m", 475_800_000),
            ("2.28E+11", 228_000_000_000),
            ("1.234.567", 1_234_567),
            ("1,234,567", 1_234_567),
            ("1,5k", 1_500),
            ("48200.0", 48_200),
            ("  637K ", 637_000),
            ("+12", 12),
            ("0", 0),
        ] {
            assert_eq!(parse_count(cell), Ok(Some(want)), "{cell}");
        }
    }

    #[test]
    fn unknown_cells_are_not_errors() {
        for cell in [
            "", "  ", "N/A", "n/a", "NaN", "nan", "-", "null", "NA", "#N/A",
        ] {
            assert_eq!(parse_count(cell), Ok(None), "{cell:?}");
            assert_eq!(parse_rate(cell), Ok(None), "{cell:?}");
        }
        assert_eq!(parse_rate("NaN%"), Ok(None));
    }

    #[test]
    fn bad_counts_say_why() {
        assert!(matches!(parse_count("-5"), Err(NumberError::Negative(_))));
        assert!(matches!(
            parse_count("-1.2k"),
            Err(NumberError::Negative(_))
        ));
        assert!(matches!(
            parse_count("lots"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_count("12x"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_count("48.25"),
            Err(NumberError::NotWhole(_))
        ));
        assert!(matches!(
            parse_count("1,2,3"),
            Err(NumberError::NotANumber(_))
        ));
        assert!(matches!(
            parse_count("99999999999999999999999"),
            Err(NumberError::TooLarge(_))
        ));
    }

    #[test]
    fn every_rate_form_of_the_contract() {
        let near = |cell: &str, want: f64| {
            let got = parse_rate(cell).unwrap().unwrap();
            assert!((got - want).abs() < 1e-12, "{cell}: {got} != {want}");
        };
        near("3.2%", 0.032);
        near("3.2 %", 0.032);
        near("0.032", 0.032);
        near("3.2", 0.032);
        near("1", 1.0);
        near("100%", 1.0);
        near("0.5%", 0.005);
        near("1.39%", 0.0139);
        near("4,1%", 0.041);
        // Viral creators: engagement per post above followers is a rate like any other.
        near("150%", 1.5);
        near("101", 1.01);
        near("4000%", 40.0);
        for cell in ["inf", "1e300", "1e41%"] {
            assert!(
                matches!(parse_rate(cell), Err(NumberError::TooLarge(_))),
                "{cell}"
            );
        }
        assert!(matches!(parse_rate("-2%"), Err(NumberError::Negative(_))));
        assert!(matches!(
            parse_rate("high"),
            Err(NumberError::NotANumber(_))
        ));
    }

    #[test]
    fn compact_counts_read_well() {
        assert_eq!(compact_count(950), "950");
        assert_eq!(compact_count(1_000), "1k");
        assert_eq!(compact_count(1_249), "1.2k");
        assert_eq!(compact_count(48_200), "48.2k");
        assert_eq!(compact_count(120_000), "120k");
        assert_eq!(compact_count(99_949), "99.9k");
        assert_eq!(compact_count(999_499), "999k");
        assert_eq!(compact_count(999_500), "1M");
        assert_eq!(compact_count(999_960), "1M");
        assert_eq!(compact_count(1_300_000), "1.3M");
        assert_eq!(compact_count(3_300_000_000), "3.3B");
        assert_eq!(format_percent(0.041), "4.1%");
    }

    #[test]
    fn small_rates_keep_the_digits_that_make_them_non_zero() {
        assert_eq!(format_percent(0.041), "4.1%");
        assert_eq!(format_percent(f64::from(0.041f32)), "4.1%");
        assert_eq!(format_percent(0.000155), "0.016%");
        assert_eq!(format_percent(f64::from(0.000155f32)), "0.016%");
        assert_eq!(format_percent(0.00004), "0.0040%");
        assert_eq!(format_percent(0.001), "0.1%");
        assert_eq!(format_percent(0.00095), "0.095%");
        assert_eq!(format_percent(0.0), "0.0%");
        assert_eq!(format_percent(0.0005), "0.050%");
        assert_eq!(format_percent(0.00145), "0.1%");
        assert_eq!(format_percent(0.00155), "0.2%");
        assert_eq!(format_percent(0.1665), "16.7%");
        assert_eq!(format_percent(2.5), "250.0%");
        assert_eq!(format_percent(1.0), "100.0%");
        assert_eq!(grouped(48_200), "48,200");
        assert_eq!(grouped(999), "999");
    }
}
