//! Calendar dates in the data files and answers: ISO `YYYY-MM-DD`, as `time::Date`.
//! Callers pass `today` in; nothing here reads a clock.

pub use time::{Date, Month, Weekday};

/// Parses `YYYY-MM-DD` (exactly that form).
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year: i32 = s.get(0..4)?.parse().ok()?;
    let month: u8 = s.get(5..7)?.parse().ok()?;
    let day: u8 = s.get(8..10)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

pub fn to_iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Serde for `Date` as an ISO string: `#[serde(with = "crate::date::iso")]`.
pub mod iso {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &super::Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_iso(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<super::Date, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_iso(&s).ok_or_else(|| D::Error::custom(format!("`{s}` is not a date in the form YYYY-MM-DD")))
    }

    /// The same for `Option<Date>` (`null` or absent is `None`).
    pub mod option {
        use serde::{Deserialize, Deserializer, Serializer, de::Error};

        pub fn serialize<S: Serializer>(d: &Option<super::super::Date>, s: S) -> Result<S::Ok, S::Error> {
            match d {
                Some(d) => s.serialize_str(&super::super::to_iso(*d)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<super::super::Date>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(s) => super::super::parse_iso(&s)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom(format!("`{s}` is not a date in the form YYYY-MM-DD"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip_and_rejects() {
        let d = parse_iso("2025-10-14").unwrap();
        assert_eq!(to_iso(d), "2025-10-14");
        assert_eq!(d.weekday(), Weekday::Tuesday);
        for bad in ["2025-02-30", "2025-1-01", "14/10/2025", "", "2025-10-14T00:00"] {
            assert!(parse_iso(bad).is_none(), "{bad}");
        }
    }
}
