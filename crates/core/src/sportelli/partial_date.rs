//! Dates as precise as a source gives them: "2021-03-04", "2025-06" or just "2015".

use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
use std::fmt;

/// A year, a month or a day. Orders by time, a less precise date first ("2025-06" < "2025-06-01").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar day).
    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            s.get(r.clone()).filter(|p| p.bytes().all(|c| c.is_ascii_digit()) && !p.is_empty())
        };
        let year: i32 = digits(0..4)?.parse().ok()?;
        match b.len() {
            4 => Some(PartialDate { year, month: None, day: None }),
            7 if b[4] == b'-' => {
                let month: u8 = digits(5..7)?.parse().ok()?;
                (1..=12).contains(&month).then_some(PartialDate { year, month: Some(month), day: None })
            }
            10 => {
                let date = crate::date::parse_iso(s)?;
                Some(PartialDate { year, month: Some(u8::from(date.month())), day: Some(date.day()) })
            }
            _ => None,
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u8> {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PartialDate, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s)
            .ok_or_else(|| D::Error::custom(format!("`{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_orders_and_prints() {
        let month = PartialDate::parse("2025-06").unwrap();
        let day = PartialDate::parse("2025-06-01").unwrap();
        assert!(month < day && day < PartialDate::parse("2026").unwrap());
        assert_eq!(day.to_string(), "2025-06-01");
        assert_eq!(month.to_string(), "2025-06");
        for bad in ["n.d.", "2025-13", "2025-02-30", "25-06", "2025/06", ""] {
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
    }
}
