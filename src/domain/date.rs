//! Calendar dates for deliverables: an exact ISO 8601 day (`2026-12-15`), no time, no zone.
//!
//! A day is all a plan needs (due, published), so a small exact type beats a date-time crate:
//! parsing says why a date is refused, ordering is the calendar's, and day arithmetic goes
//! through the proleptic Gregorian day count.

use std::fmt;

/// A day of the Gregorian calendar, years 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("a date is written YYYY-MM-DD, e.g. 2026-12-15")]
    Shape,
    #[error("year {0} is outside 1-9999")]
    Year(u32),
    #[error("month {0} is not 1-12")]
    Month(u32),
    #[error("{year:04}-{month:02} has {days} days, not {day}")]
    Day {
        year: u32,
        month: u32,
        day: u32,
        days: u32,
    },
}

fn leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A date from its parts, checked like [`Date::parse`].
    pub fn new(year: u32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        let days = days_in_month(year, month);
        if !(1..=days).contains(&day) {
            return Err(DateError::Day {
                year,
                month,
                day,
                days,
            });
        }
        Ok(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Reads an ISO 8601 calendar date, `YYYY-MM-DD` exactly (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let b = text.trim().as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape);
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            b[r].iter().try_fold(0u32, |n, &c| {
                if c.is_ascii_digit() {
                    Ok(n * 10 + u32::from(c - b'0'))
                } else {
                    Err(DateError::Shape)
                }
            })
        };
        Date::new(num(0..4)?, num(5..7)?, num(8..10)?)
    }

    pub fn year(self) -> u32 {
        self.year.into()
    }

    pub fn month(self) -> u32 {
        self.month.into()
    }

    pub fn day(self) -> u32 {
        self.day.into()
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01; `None` outside years 1-9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(
            u32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        )
        .ok()
    }

    /// Today in UTC, from the system clock. Code that marks deadlines takes the day as a
    /// value instead, so its tests do not depend on the clock.
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        Date::from_days_since_epoch(days).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_iso_dates_and_says_why_not() {
        let d = Date::parse(" 2026-12-15 ").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2026, 12, 15));
        assert_eq!(d.to_string(), "2026-12-15");
        assert_eq!(Date::parse("2028-02-29").unwrap().to_string(), "2028-02-29");
        let why = |s: &str| Date::parse(s).unwrap_err().to_string();
        assert_eq!(why("2026-02-29"), "2026-02 has 28 days, not 29");
        assert_eq!(why("2026-13-01"), "month 13 is not 1-12");
        assert_eq!(why("0000-01-01"), "year 0 is outside 1-9999");
        assert_eq!(
            why("15/12/2026"),
            "a date is written YYYY-MM-DD, e.g. 2026-12-15"
        );
        assert_eq!(
            why("2026-1-5"),
            "a date is written YYYY-MM-DD, e.g. 2026-12-15"
        );
        assert_eq!(
            why("2026-12-15T10:00"),
            "a date is written YYYY-MM-DD, e.g. 2026-12-15"
        );
        assert_eq!(
            why("+026-12-15"),
            "a date is written YYYY-MM-DD, e.g. 2026-12-15"
        );
    }

    #[test]
    fn day_counts_follow_the_calendar() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2000-03-01").unwrap().days_since_epoch(),
            11_017
        );
        let a = Date::parse("2026-12-30").unwrap();
        let b = Date::parse("2027-01-02").unwrap();
        assert_eq!(a.days_until(b), 3);
        assert!(a < b);
        assert!(Date::today_utc().year() >= 2024);
    }

    proptest! {
        #[test]
        fn day_numbers_and_dates_agree(days in -719_162i64..2_932_896) {
            let d = Date::from_days_since_epoch(days).unwrap();
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
    }
}
