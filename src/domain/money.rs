//! Exact money: integer minor units (cents) inside, so sums never drift.
//!
//! Rounding, one rule per figure, the same on screen and in every file (CSV, Markdown,
//! JSON, the plan's `[totals]`):
//! - money ([`Money`]): to the cent, half away from zero, wherever a fraction of a cent
//!   arises (a format multiplier, an exchange rate, a total divided by a count);
//! - cost per engagement ([`UnitCost`]): to the cent, half up; under a cent, two
//!   significant digits (`$0.0042`), so a small cost never reads as `$0`;
//! - rates (`number::format_percent`): one decimal (`4.1%`); under 0.1%, two significant
//!   digits (`0.016%`), so a small rate never reads as `0.0%`;
//! - expected engagements and reach: whole numbers, computed from whole counts where the
//!   roster has them and otherwise rounded once, half up (`fees::expected_engagements`).

use std::fmt;

use super::text::quote_data;

/// An amount of money in minor units (cents). Sums and comparisons are exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

/// The largest amount scout reads: 10^12 currency units (a trillion dollars, euros...) in
/// cents. No fee or budget comes near it; refusing more on input keeps every sum far from
/// the edge of `i64`, and every amount exact as a TOML float (below 2^53 cents).
pub const MAX_AMOUNT: Money = Money(100_000_000_000_000);

/// The largest total scout shows or saves: 9 * 10^13 currency units, the last amount a
/// TOML or JSON float holds to the cent. A sum past it (thousands of creators at absurd
/// fees) is never wrapped: [`Money::checked_sum`] says so, the totals saturate here and
/// are marked, and saving or exporting them is refused.
pub const MAX_TOTAL: Money = Money(9_000_000_000_000_000);

/// Why a text is not an amount of money. The text is kept as messages quote it
/// ([`quote_data`]: controls escaped, long text cut).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("`{0}` is not an amount")]
    NotANumber(String),
    #[error("`{0}` is negative")]
    Negative(String),
    #[error("`{0}` is above the largest amount scout accepts (1,000,000,000,000)")]
    TooLarge(String),
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    pub const fn from_units(units: i64) -> Money {
        Money(units * 100)
    }

    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Rounds a float amount in currency units to the nearest cent (for TOML plans, which store
    /// money as floats, and for model estimates computed with ratios).
    pub fn from_units_f64(units: f64) -> Option<Money> {
        if !units.is_finite() {
            return None;
        }
        let cents = (units * 100.0).round();
        if cents.abs() > 9.0e15 {
            return None;
        }
        Some(Money(cents as i64))
    }

    /// The amount in currency units, for writing a TOML float. Exact for any amount below
    /// 2^53 cents, which is far beyond any campaign.
    pub fn to_units_f64(self) -> f64 {
        // Formatting then parsing gives the float nearest the decimal, so 0.1 + 0.2 style
        // artefacts never appear in a saved file.
        let s = self.plain();
        s.parse().unwrap_or(self.0 as f64 / 100.0)
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn saturating_mul(self, n: u32) -> Money {
        Money(self.0.saturating_mul(i64::from(n)))
    }

    /// Whether the amount is one scout reads, saves and sums: 0 up to [`MAX_AMOUNT`].
    pub fn is_acceptable(self) -> bool {
        (0..=MAX_AMOUNT.0).contains(&self.0)
    }

    /// The exact sum, or `None` past [`MAX_TOTAL`] either way: never a wrapped figure.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
        let mut sum: i128 = 0;
        for m in amounts {
            sum += i128::from(m.0);
            if sum.abs() > i128::from(MAX_TOTAL.0) {
                return None;
            }
        }
        Some(Money(sum as i64))
    }

    /// Parses an amount as people write it: `450`, `$1,200`, `1,200.50`, `1.2k`, `2M`,
    /// `USD 300`, `300 €`. Negative amounts are refused.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(MoneyError::Empty);
        }
        let mut s: String = t
            .chars()
            .filter(|c| !matches!(c, '$' | '€' | '£' | '¥' | ',' | '_' | ' ' | '\u{a0}'))
            .collect();
        if let Some((_, rest)) = split_code(&s) {
            s = rest;
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative(quote_data(t)));
        }
        let (digits, mult) = split_suffix(&s);
        let cents = super::number::parse_decimal_scaled(digits, 2 + mult)
            .ok_or_else(|| MoneyError::NotANumber(quote_data(t)))?;
        if cents > MAX_AMOUNT.0 as u64 {
            return Err(MoneyError::TooLarge(quote_data(t)));
        }
        Ok(Money(cents as i64))
    }

    /// Parses an amount that must be in `currency`: one written in another (`$450` in a plan
    /// in euros) is refused rather than read as euros.
    pub fn parse_in(text: &str, currency: &str) -> Result<Money, String> {
        let m = Money::parse(text).map_err(|e| e.to_string())?;
        match Money::currency_of(text) {
            Some(c) if !c.eq_ignore_ascii_case(currency.trim()) => Err(format!(
                "`{}` is in {c}, and amounts in this plan are in {}",
                text.trim(),
                currency.trim().to_ascii_uppercase()
            )),
            _ => Ok(m),
        }
    }

    /// The currency an amount is written in, if it says: a three-letter code before or after
    /// it (`EUR 300`, `300 sek`), or a symbol (`$`, `€`, `£`, `¥`). Upper-case code.
    pub fn currency_of(text: &str) -> Option<String> {
        let t = text.trim();
        for (sym, code) in [('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY")] {
            if t.contains(sym) {
                return Some(code.to_string());
            }
        }
        let s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        split_code(&s).map(|(code, _)| code)
    }

    /// `1200.5` style, no grouping and no symbol: for files.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        if a.is_multiple_of(100) {
            format!("{sign}{}", a / 100)
        } else {
            format!("{sign}{}.{:02}", a / 100, a % 100)
        }
    }

    /// `$1,200` or `$1,200.50` in the given currency: for people.
    pub fn display(self, currency: &str) -> String {
        let a = self.0.unsigned_abs();
        let units = crate::domain::number::grouped(a / 100);
        let body = if a.is_multiple_of(100) {
            units
        } else {
            format!("{units}.{:02}", a % 100)
        };
        with_currency(self.0 < 0, &body, currency)
    }

    /// A short form for narrow table columns: `$480`, `$1.2k`, `$25k`, `$1.5M`.
    pub fn compact(self, currency: &str) -> String {
        let a = self.0.unsigned_abs() / 100;
        let sign = if self.0 < 0 { "-" } else { "" };
        let body = crate::domain::number::compact_count(a);
        match currency_symbol(currency) {
            Some(sym) => format!("{sign}{sym}{body}"),
            None => format!("{sign}{body}"),
        }
    }
}

// Sums saturate rather than wrap: an absurd total reads as the largest amount, never as a
// negative one. Totals shown and saved use `Money::checked_sum`, which also says so.
impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl std::ops::SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_sub(rhs.0);
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money(iter.fold(0i64, |a, m| a.saturating_add(m.0)))
    }
}

/// `body` (digits, no sign) written in `currency`: `$12.50`, `-€3`, `12.50 SEK`.
fn with_currency(negative: bool, body: &str, currency: &str) -> String {
    let sign = if negative { "-" } else { "" };
    match currency_symbol(currency) {
        Some(sym) => format!("{sign}{sym}{body}"),
        None => format!("{sign}{body} {currency}"),
    }
}

/// A cost per one of something (an engagement): an amount divided by a count, kept as the
/// exact ratio and rounded only when written, by one rule (see the module comment).
#[derive(Clone, Copy, Debug, Default)]
pub struct UnitCost {
    cents: i64,
    count: u64,
}

impl PartialEq for UnitCost {
    fn eq(&self, other: &Self) -> bool {
        i128::from(self.cents) * i128::from(other.count)
            == i128::from(other.cents) * i128::from(self.count)
    }
}

impl Eq for UnitCost {}

impl UnitCost {
    /// `amount / count`; a count of zero gives zero (nothing to divide by).
    pub fn new(amount: Money, count: u64) -> UnitCost {
        if count == 0 {
            UnitCost::default()
        } else {
            UnitCost {
                cents: amount.cents(),
                count,
            }
        }
    }

    /// The cost rounded to the cent, half up.
    pub fn to_cents(self) -> Money {
        if self.count == 0 {
            return Money::ZERO;
        }
        let (num, den) = (i128::from(self.cents), i128::from(self.count));
        let half_up = (2 * num.abs() + den) / (2 * den);
        Money::from_cents((half_up as i64) * num.signum() as i64)
    }

    /// Under a cent: the digits in currency units with two significant digits (`0.0042`);
    /// `None` at a cent or more, which [`UnitCost::to_cents`] writes.
    fn sub_cent(self) -> Option<String> {
        let cents = u128::from(self.cents.unsigned_abs());
        let count = u128::from(self.count);
        if count == 0 || cents == 0 || cents >= count {
            return None;
        }
        // The first number of decimal places at which the rounded figure has two digits.
        for places in 3..=20u32 {
            let scaled = cents * 10u128.pow(places - 2);
            let n = (2 * scaled + count) / (2 * count);
            if n >= 10 {
                return Some(format!("0.{:0>width$}", n, width = places as usize));
            }
        }
        None
    }

    /// `$0.81`, `$0.0042`, `€12`, `$1,200.50`: for people.
    pub fn display(self, currency: &str) -> String {
        match self.sub_cent() {
            Some(digits) => with_currency(self.cents < 0, &digits, currency),
            None => self.to_cents().display(currency),
        }
    }

    /// As [`UnitCost::display`], with costs of $100 or more in the short form of tables.
    pub fn compact(self, currency: &str) -> String {
        let m = self.to_cents();
        if m.cents().abs() >= 10_000 {
            m.compact(currency)
        } else {
            self.display(currency)
        }
    }

    /// `0.81`, `0.0042`, `1200.5`: for files.
    pub fn plain(self) -> String {
        match self.sub_cent() {
            Some(digits) if self.cents < 0 => format!("-{digits}"),
            Some(digits) => digits,
            None => self.to_cents().plain(),
        }
    }

    /// The written figure as a number, for TOML and JSON.
    pub fn to_units_f64(self) -> f64 {
        self.plain().parse().unwrap_or(0.0)
    }
}

/// Units of one currency per unit of another, as an exact decimal with nine places (`0.92`
/// EUR per USD), so a conversion is one multiplication and one rounding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExchangeRate {
    nanos: u64,
}

impl ExchangeRate {
    const SCALE: u32 = 9;

    /// A rate written as a decimal (`0.92`, `150`); above zero, at most nine decimals.
    pub fn parse(text: &str) -> Option<ExchangeRate> {
        super::number::parse_decimal_scaled(text.trim(), Self::SCALE)
            .filter(|&n| n > 0)
            .map(|nanos| ExchangeRate { nanos })
    }

    /// The rate a config file gives as a number: the decimal it was written as (`0.92` is
    /// 0.92 exactly, not the binary float nearest it).
    pub fn from_f64(v: f64) -> Option<ExchangeRate> {
        if !(v.is_finite() && v > 0.0) {
            return None;
        }
        ExchangeRate::parse(&format!("{v}"))
    }

    /// `amount` in the other currency, rounded once to the cent, half away from zero.
    pub fn convert(self, amount: Money) -> Money {
        let unit = 10i128.pow(Self::SCALE);
        let p = i128::from(amount.cents()) * i128::from(self.nanos);
        let cents = (p.abs() + unit / 2) / unit * p.signum();
        Money::from_cents(i64::try_from(cents).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for ExchangeRate {
    /// `0.92`, `150`, `1.0845`: the decimal as written, no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = 10u64.pow(Self::SCALE);
        let (int, frac) = (self.nanos / unit, self.nanos % unit);
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:09}");
            write!(f, "{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// Prices in one currency converted to another at a rate the user set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Conversion {
    from: [u8; 3],
    to: [u8; 3],
    pub rate: ExchangeRate,
}

impl Conversion {
    /// From `from` to `to` (three-letter codes, any case) at `rate` units of `to` per `from`.
    pub fn new(from: &str, to: &str, rate: ExchangeRate) -> Option<Conversion> {
        let code = |s: &str| -> Option<[u8; 3]> {
            let b: [u8; 3] = s.trim().as_bytes().try_into().ok()?;
            b.iter()
                .all(u8::is_ascii_alphabetic)
                .then(|| b.map(|c| c.to_ascii_uppercase()))
        };
        Some(Conversion {
            from: code(from)?,
            to: code(to)?,
            rate,
        })
    }

    pub fn from(&self) -> &str {
        std::str::from_utf8(&self.from).unwrap_or("???")
    }

    pub fn to(&self) -> &str {
        std::str::from_utf8(&self.to).unwrap_or("???")
    }

    pub fn apply(&self, amount: Money) -> Money {
        self.rate.convert(amount)
    }

    /// `× 0.92 EUR per USD`, for the fee's "How" line.
    pub fn describe(&self) -> String {
        format!("× {} {} per {}", self.rate, self.to(), self.from())
    }
}

/// The config's currency and the exchange rates the user set from it: what decides whether
/// a plan in another currency can be priced, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeRates {
    /// The currency of fee-model prices and roster rates (the config's `currency`).
    pub base: String,
    /// Units of each currency per unit of `base` (the config's `[exchange_rates]`).
    pub rates: std::collections::BTreeMap<String, ExchangeRate>,
}

impl Default for ExchangeRates {
    fn default() -> Self {
        ExchangeRates {
            base: "USD".into(),
            rates: Default::default(),
        }
    }
}

impl ExchangeRates {
    /// How prices reach a plan in `currency`: `None` when it is the base currency, else the
    /// conversion at the configured rate, or a one-line reason naming the config key to add.
    pub fn conversion_to(&self, currency: &str) -> Result<Option<Conversion>, String> {
        let code = currency.trim().to_ascii_uppercase();
        if code == self.base.to_ascii_uppercase() {
            return Ok(None);
        }
        match self.rates.get(&code) {
            Some(&rate) => Conversion::new(&self.base, &code, rate)
                .map(Some)
                .ok_or_else(|| format!("`{currency}` is not a three-letter currency code")),
            None => Err(format!(
                "fees are priced in {} and the config has no rate for {code}: add `{code} = <{code} per {}>` under [exchange_rates] in the config",
                self.base, self.base
            )),
        }
    }
}

/// The symbol written before amounts in a currency, when there is a common one.
pub fn currency_symbol(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "USD" | "CAD" | "AUD" | "NZD" | "MXN" | "SGD" | "HKD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" | "CNY" => "¥",
        "INR" => "₹",
        "BRL" => "R$",
        "CHF" => "CHF ",
        _ => return None,
    })
}

/// Splits a `k`/`m`/`b` suffix off and returns how many powers of ten it adds.
fn split_suffix(s: &str) -> (&str, u32) {
    match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 3),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 6),
        Some(b'b' | b'B') => (&s[..s.len() - 1], 9),
        _ => (s, 0),
    }
}

/// A three-letter currency code at the start or end of `s` (spaces already removed), and
/// what is left: `EUR300` -> (`EUR`, `300`). Letters next to digits only: `1.2k` has none.
fn split_code(s: &str) -> Option<(String, String)> {
    let b = s.as_bytes();
    let alpha = |r: &[u8]| r.len() == 3 && r.iter().all(u8::is_ascii_alphabetic);
    if b.len() > 3 && alpha(&b[..3]) && !b[3].is_ascii_alphabetic() {
        return Some((s[..3].to_ascii_uppercase(), s[3..].to_string()));
    }
    // After the number, whose multiplier may touch the code: `15kEUR`.
    let n = b.len();
    let run = b
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let multiplier = |c: u8| matches!(c.to_ascii_lowercase(), b'k' | b'm' | b'b');
    if n > run && (run == 3 || (run == 4 && multiplier(b[n - 4]))) {
        return Some((s[n - 3..].to_ascii_uppercase(), s[..n - 3].to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_form() {
        assert_eq!(Money::parse("450"), Ok(Money(45_000)));
        assert_eq!(Money::parse("$1,200"), Ok(Money(120_000)));
        assert_eq!(Money::parse("1.2k"), Ok(Money(120_000)));
        assert_eq!(Money::parse("1,200.50"), Ok(Money(120_050)));
        assert_eq!(Money::parse(" 99.999 "), Ok(Money(10_000)));
        assert_eq!(Money::parse("2M"), Ok(Money(200_000_000)));
        assert_eq!(Money::parse("USD 300"), Ok(Money(30_000)));
        assert_eq!(Money::parse("300 €"), Ok(Money(30_000)));
        assert_eq!(Money::parse("0.1"), Ok(Money(10)));
    }

    #[test]
    fn refuses_what_is_not_money() {
        assert_eq!(Money::parse(""), Err(MoneyError::Empty));
        assert!(matches!(
            Money::parse("12x"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(Money::parse("-5"), Err(MoneyError::Negative(_))));
        assert!(matches!(
            Money::parse("1.2.3"),
            Err(MoneyError::NotANumber(_))
        ));
        assert!(matches!(Money::parse("."), Err(MoneyError::NotANumber(_))));
        assert!(matches!(
            Money::parse("99999999999999999999"),
            Err(MoneyError::NotANumber(_) | MoneyError::TooLarge(_))
        ));
    }

    #[test]
    fn displays_for_people_and_files() {
        assert_eq!(Money(120_000).display("USD"), "$1,200");
        assert_eq!(Money(120_050).display("USD"), "$1,200.50");
        assert_eq!(Money(5).display("EUR"), "€0.05");
        assert_eq!(Money(-1_234_567).display("USD"), "-$12,345.67");
        assert_eq!(Money(100).display("SEK"), "1 SEK");
        assert_eq!(Money::parse("300 sek"), Ok(Money(30_000)));
        assert_eq!(Money::parse("SEK 1.2k"), Ok(Money(120_000)));
        assert_eq!(Money::currency_of("300 sek").as_deref(), Some("SEK"));
        assert_eq!(Money::currency_of("€5,000").as_deref(), Some("EUR"));
        assert_eq!(Money::currency_of("EUR5000").as_deref(), Some("EUR"));
        assert_eq!(Money::currency_of("1.2k"), None);
        assert_eq!(Money::currency_of("12k EUR").as_deref(), Some("EUR"));
        assert_eq!(Money::parse("12k eur"), Ok(Money(1_200_000)));
        assert_eq!(Money::parse("1.5MUSD"), Ok(Money(150_000_000)));
        assert_eq!(Money::currency_of("15000"), None);
        assert_eq!(Money(120_050).plain(), "1200.50");
        assert_eq!(Money(90_000).plain(), "900");
        assert_eq!(Money(48_000).compact("USD"), "$480");
        assert_eq!(Money(120_000).compact("USD"), "$1.2k");
    }

    #[test]
    fn a_cost_per_engagement_is_rounded_once_and_never_reads_as_zero() {
        let c = |cents: i64, n: u64| UnitCost::new(Money(cents), n);
        // $96.75 over 120 engagements is $0.80625: $0.81 everywhere, never a truncated $0.80.
        assert_eq!(c(9_675, 120).display("USD"), "$0.81");
        assert_eq!(c(9_675, 120).plain(), "0.81");
        assert_eq!(c(9_675, 120).to_units_f64(), 0.81);
        assert_eq!(c(9_675, 120).to_cents(), Money(81));
        // Half a cent rounds up.
        assert_eq!(c(3, 2).display("USD"), "$0.02");
        assert_eq!(c(1, 2).display("USD"), "$0.0050");
        // Under a cent: two significant digits.
        assert_eq!(c(42, 100).display("USD"), "$0.0042");
        assert_eq!(c(42, 100).plain(), "0.0042");
        assert_eq!(c(42, 100).to_units_f64(), 0.0042);
        assert_eq!(c(1_000, 3_000).display("EUR"), "€0.0033");
        assert_eq!(c(10_000, 1_234_567).display("USD"), "$0.000081");
        assert_eq!(c(1, 1_000_000_000).plain(), "0.000000000010");
        assert_eq!(c(199, 200).display("USD"), "$0.010");
        // Whole amounts and big ones.
        assert_eq!(c(300, 1).display("USD"), "$3");
        assert_eq!(c(1_234_550, 1).compact("USD"), "$12.3k");
        assert_eq!(c(1_234_550, 1).display("SEK"), "12,345.50 SEK");
        assert_eq!(c(1_234_550, 1).plain(), "12345.50");
        assert_eq!(c(0, 10).display("USD"), "$0");
        assert_eq!(c(500, 0), UnitCost::default());
        assert_eq!(c(2, 4), c(1, 2));
    }

    #[test]
    fn an_amount_in_another_currency_is_not_read_as_the_plans() {
        assert_eq!(Money::parse_in("450", "EUR"), Ok(Money(45_000)));
        assert_eq!(Money::parse_in("€450", "eur"), Ok(Money(45_000)));
        assert_eq!(
            Money::parse_in("$450", "EUR").unwrap_err(),
            "`$450` is in USD, and amounts in this plan are in EUR"
        );
        assert!(Money::parse_in("12x", "EUR").is_err());
    }

    #[test]
    fn conversions_round_once_to_the_cent() {
        let r = ExchangeRate::from_f64(0.92).unwrap();
        assert_eq!(r.to_string(), "0.92");
        // $10 per 1,000 is €9.20; $2.50 is €2.30; $0.05 is €0.046, so €0.05.
        assert_eq!(r.convert(Money(1_000)), Money(920));
        assert_eq!(r.convert(Money(250)), Money(230));
        assert_eq!(r.convert(Money(5)), Money(5));
        // A large amount, exactly: $123,456,789.01 x 0.92 = €113,580,245.8892.
        assert_eq!(r.convert(Money(12_345_678_901)), Money(11_358_024_589));
        // A float product would drift here: 0.1 + 0.2 style rates are decimals.
        let r = ExchangeRate::from_f64(1.0845).unwrap();
        assert_eq!(r.convert(Money(100_000)), Money(108_450));
        assert_eq!(ExchangeRate::from_f64(150.0).unwrap().to_string(), "150");
        assert_eq!(
            ExchangeRate::from_f64(150.0).unwrap().convert(Money(1)),
            Money(150)
        );
        // Half a cent rounds away from zero.
        let half = ExchangeRate::parse("0.5").unwrap();
        assert_eq!(half.convert(Money(1)), Money(1));
        assert_eq!(half.convert(Money(-1)), Money(-1));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-12] {
            assert_eq!(ExchangeRate::from_f64(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_currency_without_a_rate_is_refused_naming_the_key() {
        let mut rates = ExchangeRates::default();
        rates
            .rates
            .insert("EUR".into(), ExchangeRate::parse("0.92").unwrap());
        assert_eq!(rates.conversion_to("usd"), Ok(None));
        let c = rates.conversion_to("eur").unwrap().unwrap();
        assert_eq!((c.from(), c.to()), ("USD", "EUR"));
        assert_eq!(c.describe(), "× 0.92 EUR per USD");
        assert_eq!(
            rates.conversion_to("GBP").unwrap_err(),
            "fees are priced in USD and the config has no rate for GBP: add `GBP = <GBP per USD>` under [exchange_rates] in the config"
        );
    }

    #[test]
    fn floats_round_trip_to_the_cent() {
        for cents in [0, 1, 10, 99, 12_345, 100_000_001, 123_456_789_012] {
            let m = Money(cents);
            assert_eq!(Money::from_units_f64(m.to_units_f64()), Some(m));
        }
        assert_eq!(Money::from_units_f64(0.1 + 0.2), Some(Money(30)));
        assert_eq!(Money::from_units_f64(f64::NAN), None);
    }
}
