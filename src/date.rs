//! Dates as documentary editions write them: a day (`1937-01-12`), a month
//! (`1937-01`), a year (`1937`), a range (`1937-01-12/1937-01-14`) or an approximate
//! date (`~1937`).
//!
//! One type serves a chapter's `date` and a register entry's `date`, so both are checked
//! against the calendar the same way (`1936-02-30` is an error, not a page that says
//! «30 февраля»), ordered the same way (a dated register and a table of contents by
//! date), and worded the same way in the book's language (`render::words`).

use std::fmt;

/// A checked date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The first (or only) day, month or year.
    pub start: Point,
    /// The last one of a range.
    pub end: Option<Point>,
    /// Written with `~`: about then.
    pub approximate: bool,
}

/// A day, a month or a year of the calendar. The derived order puts a year before its
/// months and a month before its days, which is how a chronology lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Point {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: Option<u8>,
    /// The day of the month.
    pub day: Option<u8>,
}

/// How to write a date, for hints.
pub const DATE_HINT: &str = "write a date as YYYY-MM-DD, YYYY-MM or YYYY; a range as 1937-01-12/1937-01-14; an approximate date as ~1937";

impl Date {
    /// Reads a date; the error says what is wrong with it, in the editor's words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let (approximate, rest) = match trimmed.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        let (start, end) = match rest.split_once('/') {
            Some((start, end)) => (Point::parse(start)?, Some(Point::parse(end)?)),
            None => (Point::parse(rest)?, None),
        };
        if end.is_some_and(|end| end.first_day() < start.first_day()) {
            return Err(format!("the date range '{text}' ends before it begins"));
        }
        Ok(Self {
            start,
            end,
            approximate,
        })
    }

    /// The value for `<time datetime>`: the day, month or year of a date that is exact
    /// and single; `None` for a range or an approximate date, which HTML cannot express.
    pub fn datetime(&self) -> Option<String> {
        (self.end.is_none() && !self.approximate).then(|| self.start.to_string())
    }
}

impl fmt::Display for Date {
    /// The date as an editor writes it (`~1937`, `1937-01-12/1937-01-14`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approximate {
            f.write_str("~")?;
        }
        write!(f, "{}", self.start)?;
        match self.end {
            Some(end) => write!(f, "/{end}"),
            None => Ok(()),
        }
    }
}

impl Point {
    fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let digits = parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !digits || !matches!(widths[..], [4] | [4, 2] | [4, 2, 2]) {
            return Err(format!("invalid date '{text}'"));
        }
        let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u16>().ok());
        let year = number(0).unwrap_or_default();
        let month = number(1).map(|m| u8::try_from(m).unwrap_or(u8::MAX));
        let day = number(2).map(|d| u8::try_from(d).unwrap_or(u8::MAX));
        if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
            return Err(format!("invalid date '{text}': there is no month {m}"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if !(1..=last).contains(&d) {
                return Err(format!(
                    "invalid date '{text}': {year:04}-{m:02} has only {last} days"
                ));
            }
        }
        Ok(Self { year, month, day })
    }

    /// The first day it covers, to compare the ends of a range of unequal precision.
    fn first_day(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
}

impl fmt::Display for Point {
    /// ISO 8601: `1937`, `1937-01`, `1937-01-12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// The number of days of a month of the Gregorian calendar.
fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_months_years_ranges_and_approximate_dates_are_read() {
        let day = Date::parse("1937-01-12").unwrap();
        assert_eq!(day.datetime().as_deref(), Some("1937-01-12"));
        let range = Date::parse("1937-01-12/1937-01-14").unwrap();
        assert_eq!(range.to_string(), "1937-01-12/1937-01-14");
        assert_eq!(range.datetime(), None);
        let about = Date::parse("~1937").unwrap();
        assert!(about.approximate);
        assert_eq!(about.to_string(), "~1937");
        assert_eq!(Date::parse("1936-02-29").unwrap().start.day, Some(29));
    }

    #[test]
    fn a_day_the_calendar_lacks_is_an_error() {
        assert_eq!(
            Date::parse("1936-02-30").unwrap_err(),
            "invalid date '1936-02-30': 1936-02 has only 29 days"
        );
        assert_eq!(
            Date::parse("1936-13").unwrap_err(),
            "invalid date '1936-13': there is no month 13"
        );
        for bad in [
            "1935-02-29",
            "1936-04-31",
            "1936-06-00",
            "June",
            "25.06.1936",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Date::parse("1937-02/1937-01").unwrap_err(),
            "the date range '1937-02/1937-01' ends before it begins"
        );
    }

    #[test]
    fn dates_sort_chronologically_year_before_its_months() {
        let mut dates: Vec<Date> = ["1937-02-01", "1937", "1936-12-31", "1937-01"]
            .iter()
            .map(|d| Date::parse(d).unwrap())
            .collect();
        dates.sort();
        let texts: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["1936-12-31", "1937", "1937-01", "1937-02-01"]);
    }
}
