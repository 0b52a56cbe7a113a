//! "Confermato dallo sportello il …" or "da verificare": how old a desk's own confirmation is. Pure: the
//! caller passes today and the allowed age (a deployment setting; the default is six months).

use crate::date::{Date, Month};

/// A confirmation older than this many months no longer counts.
pub const DEFAULT_CONFIRMATION_MONTHS: u32 = 6;

/// The longest allowed age a deployment may set (three years).
pub const MAX_CONFIRMATION_MONTHS: u32 = 36;

/// The state of a desk's own confirmation on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Confirmed by the desk on `on`, within the allowed age.
    Confirmed { on: Date },
    /// Confirmed on `on`, too long ago: "da verificare" again.
    Stale { on: Date },
    /// Never confirmed by the desk.
    Never,
}

impl Confirmation {
    pub fn is_current(self) -> bool {
        matches!(self, Confirmation::Confirmed { .. })
    }
}

/// `date` plus `months` calendar months, the day clamped to the month's length (31 Aug + 6 = 28/29 Feb).
pub fn add_months(date: Date, months: u32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + i64::from(months);
    let year = (index.div_euclid(12)) as i32;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::December);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// Confirmed on `confirmed_on`: current until the same day `max_months` later, stale after it.
pub fn confirmation(confirmed_on: Option<Date>, today: Date, max_months: u32) -> Confirmation {
    match confirmed_on {
        None => Confirmation::Never,
        Some(on) if today > add_months(on, max_months) => Confirmation::Stale { on },
        Some(on) => Confirmation::Confirmed { on },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
    }

    #[test]
    fn six_months_then_to_verify_again() {
        let on = d(2026, 5, 31);
        assert_eq!(confirmation(Some(on), d(2026, 5, 31), 6), Confirmation::Confirmed { on });
        assert_eq!(confirmation(Some(on), d(2026, 11, 30), 6), Confirmation::Confirmed { on });
        assert_eq!(confirmation(Some(on), d(2026, 12, 1), 6), Confirmation::Stale { on });
        assert_eq!(confirmation(Some(on), d(2026, 8, 1), 2), Confirmation::Stale { on });
        assert_eq!(confirmation(None, d(2026, 8, 1), 6), Confirmation::Never);
        assert!(!Confirmation::Never.is_current());
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(add_months(d(2026, 8, 31), 6), d(2027, 2, 28));
        assert_eq!(add_months(d(2027, 8, 31), 6), d(2028, 2, 29));
        assert_eq!(add_months(d(2026, 1, 15), 12), d(2027, 1, 15));
        assert_eq!(add_months(d(2026, 12, 1), 1), d(2027, 1, 1));
    }
}
