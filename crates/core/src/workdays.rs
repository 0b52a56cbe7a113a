//! Working days in Italy: the national public holidays, the civil date in Italy of a UTC instant, and a
//! desk's promised response time ("entro 5 giorni lavorativi") as a due date. Pure: callers pass the instant
//! or date in; nothing here reads a clock.
//!
//! Holidays are the national ones of L. 260/1949 as amended (art. 2), including Easter Monday and, from 2026,
//! 4 October (L. 151/2025). A comune's patron saint is a local holiday and is not counted.

use time::{Date, Duration, Month, OffsetDateTime, Time, UtcOffset, Weekday};

/// A desk's promised response time when its data says nothing (working days).
pub const DEFAULT_RESPONSE_DAYS: u8 = 5;
/// The longest promise a desk's data may state (a month and a half of working days).
pub const MAX_RESPONSE_DAYS: u8 = 30;

/// A national public holiday: which one (a stable code; the app words it) on a given date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    NewYear,
    Epiphany,
    Easter,
    EasterMonday,
    Liberation,
    Labour,
    Republic,
    Assumption,
    StFrancis,
    AllSaints,
    ImmaculateConception,
    Christmas,
    StStephen,
}

impl Holiday {
    pub fn code(self) -> &'static str {
        match self {
            Holiday::NewYear => "new_year",
            Holiday::Epiphany => "epiphany",
            Holiday::Easter => "easter",
            Holiday::EasterMonday => "easter_monday",
            Holiday::Liberation => "liberation",
            Holiday::Labour => "labour",
            Holiday::Republic => "republic",
            Holiday::Assumption => "assumption",
            Holiday::StFrancis => "st_francis",
            Holiday::AllSaints => "all_saints",
            Holiday::ImmaculateConception => "immaculate_conception",
            Holiday::Christmas => "christmas",
            Holiday::StStephen => "st_stephen",
        }
    }
}

/// Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 { Month::March } else { Month::April };
    Date::from_calendar_date(year, month, day as u8).unwrap_or(Date::MIN)
}

/// The national public holiday on `date`, if it is one.
pub fn italian_holiday(date: Date) -> Option<Holiday> {
    let fixed = match (date.month(), date.day()) {
        (Month::January, 1) => Some(Holiday::NewYear),
        (Month::January, 6) => Some(Holiday::Epiphany),
        (Month::April, 25) => Some(Holiday::Liberation),
        (Month::May, 1) => Some(Holiday::Labour),
        (Month::June, 2) => Some(Holiday::Republic),
        (Month::August, 15) => Some(Holiday::Assumption),
        (Month::October, 4) if date.year() >= 2026 => Some(Holiday::StFrancis),
        (Month::November, 1) => Some(Holiday::AllSaints),
        (Month::December, 8) => Some(Holiday::ImmaculateConception),
        (Month::December, 25) => Some(Holiday::Christmas),
        (Month::December, 26) => Some(Holiday::StStephen),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year());
    if date == easter {
        Some(Holiday::Easter)
    } else if Some(date) == easter.next_day() {
        Some(Holiday::EasterMonday)
    } else {
        None
    }
}

/// Monday to Friday and not a national holiday.
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && italian_holiday(date).is_none()
}

/// The `n`-th working day after `start` (`start` itself never counts; `n = 0` is `start`).
pub fn add_working_days(start: Date, n: u32) -> Date {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        match day.next_day() {
            Some(next) => day = next,
            None => return day,
        }
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
pub fn working_days_between(from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut day = from;
    while day < to {
        match day.next_day() {
            Some(next) => day = next,
            None => break,
        }
        if is_working_day(day) {
            n += 1;
        }
    }
    n
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: Month) -> Date {
    let mut day = Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).unwrap_or(Date::MIN);
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day().unwrap_or(Date::MIN);
    }
    day
}

/// Italy's offset from UTC at `at`: +2 h from the last Sunday of March to the last Sunday of October (at 01:00
/// UTC both times, the EU rule since 1996), else +1 h.
pub fn italian_offset(at: OffsetDateTime) -> UtcOffset {
    let utc = at.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let one = Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT);
    let starts = last_sunday(year, Month::March).with_time(one).assume_utc();
    let ends = last_sunday(year, Month::October).with_time(one).assume_utc();
    let hours = if utc >= starts && utc < ends { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The calendar date in Italy at the instant `at`.
pub fn italian_date(at: OffsetDateTime) -> Date {
    at.to_offset(italian_offset(at)).date()
}

/// Italy's date and minutes since midnight at a moment given as Unix milliseconds (a browser's clock); the app's
/// "today" and "open now". Computed here, not with the browser's time zone data: asking `Intl` for Europe/Rome
/// cost about 60 ms of a page's first render. `None` for a moment `time` cannot represent.
pub fn italian_time_of_unix_ms(unix_ms: f64) -> Option<(Date, u16)> {
    if !unix_ms.is_finite() {
        return None;
    }
    let utc = OffsetDateTime::from_unix_timestamp((unix_ms / 1000.0).floor() as i64).ok()?;
    let local = utc.to_offset(italian_offset(utc));
    Some((local.date(), u16::from(local.hour()) * 60 + u16::from(local.minute())))
}

/// The date in Italy of a time as the server writes it (`2026-11-27T23:30:00Z`, UTC to the second); `None` for
/// any other form. (Core's `time` has no parser; the server's times have this one shape.)
pub fn italian_date_of_utc(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 20 || !s.ends_with('Z') || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let date = crate::date::parse_iso(&s[..10])?;
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u8>().ok();
    let time = Time::from_hms(n(11..13)?, n(14..16)?, n(17..19)?).ok()?;
    Some(italian_date(date.with_time(time).assume_utc()))
}

/// A desk's promise to answer a request within some working days of receiving it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponsePromise {
    /// The date in Italy the request arrived.
    pub received_on: Date,
    pub response_days: u8,
}

impl ResponsePromise {
    pub fn new(received_at: OffsetDateTime, response_days: Option<u8>) -> ResponsePromise {
        ResponsePromise {
            received_on: italian_date(received_at),
            response_days: response_days.unwrap_or(DEFAULT_RESPONSE_DAYS),
        }
    }

    /// The last day the promise covers: the `response_days`-th working day after the day of arrival.
    pub fn due_on(&self) -> Date {
        add_working_days(self.received_on, u32::from(self.response_days))
    }

    /// Whether `today` (in Italy) is past the due date.
    pub fn is_past(&self, today: Date) -> bool {
        today > self.due_on()
    }
}

/// Whole days from `a` to `b` (negative if `b` is before `a`).
pub fn days_between(a: Date, b: Date) -> i64 {
    (b - a).whole_days()
}

/// `date` plus `days` calendar days (saturating at the calendar's ends).
pub fn plus_days(date: Date, days: i64) -> Date {
    date.checked_add(Duration::days(days)).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::date::parse_iso;

    fn d(s: &str) -> Date {
        parse_iso(s).unwrap()
    }

    /// `2026-11-27T23:30:00Z` (only this form: core's `time` has no parser).
    pub(crate) fn utc(s: &str) -> OffsetDateTime {
        let n = |r: std::ops::Range<usize>| s[r].parse::<u8>().unwrap();
        d(&s[..10]).with_time(Time::from_hms(n(11..13), n(14..16), n(17..19)).unwrap()).assume_utc()
    }

    #[test]
    fn easter_is_right_for_known_years() {
        for (year, easter) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
            (2000, "2000-04-23"),
        ] {
            assert_eq!(easter_sunday(year), d(easter), "{year}");
        }
    }

    #[test]
    fn national_holidays_and_only_those() {
        for (date, holiday) in [
            ("2026-01-01", Holiday::NewYear),
            ("2026-01-06", Holiday::Epiphany),
            ("2026-04-06", Holiday::EasterMonday),
            ("2025-04-21", Holiday::EasterMonday),
            ("2026-04-25", Holiday::Liberation),
            ("2026-05-01", Holiday::Labour),
            ("2026-06-02", Holiday::Republic),
            ("2026-08-15", Holiday::Assumption),
            ("2027-10-04", Holiday::StFrancis),
            ("2026-11-01", Holiday::AllSaints),
            ("2026-12-08", Holiday::ImmaculateConception),
            ("2026-12-25", Holiday::Christmas),
            ("2026-12-26", Holiday::StStephen),
        ] {
            assert_eq!(italian_holiday(d(date)), Some(holiday), "{date}");
        }
        for date in ["2025-10-04", "2026-04-07", "2026-06-29", "2026-11-04", "2026-12-24", "2026-03-19"] {
            assert_eq!(italian_holiday(d(date)), None, "{date}: not a national holiday");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        assert!(is_working_day(d("2026-11-27")), "a Friday");
        assert!(!is_working_day(d("2026-11-28")) && !is_working_day(d("2026-11-29")));
        assert!(!is_working_day(d("2026-12-08")), "a Tuesday, but the Immacolata");
        // Received on a Friday: five working days are Mon–Fri of the next week.
        assert_eq!(add_working_days(d("2026-11-27"), 5), d("2026-12-04"));
        // Across the Immacolata (Tue 8 Dec): one day later.
        assert_eq!(add_working_days(d("2026-12-04"), 5), d("2026-12-14"));
        // Across Christmas and St Stephen (Fri, Sat) and New Year (Fri): 2026-12-23 (Wed) + 5.
        assert_eq!(add_working_days(d("2026-12-23"), 5), d("2026-12-31"));
        assert_eq!(add_working_days(d("2026-12-23"), 6), d("2027-01-04"));
        // Easter Monday 2026 is 6 April.
        assert_eq!(add_working_days(d("2026-04-02"), 2), d("2026-04-07"));
        assert_eq!(add_working_days(d("2026-11-27"), 0), d("2026-11-27"));
        assert_eq!(working_days_between(d("2026-11-27"), d("2026-12-04")), 5);
        assert_eq!(working_days_between(d("2026-12-04"), d("2026-11-27")), 0);
    }

    #[test]
    fn the_date_in_italy_follows_summer_time() {
        let at = utc;
        // Winter: +1. 23:30 UTC on 27 Nov is already the 28th in Rome.
        assert_eq!(italian_date(at("2026-11-27T23:30:00Z")), d("2026-11-28"));
        assert_eq!(italian_date(at("2026-11-27T22:59:59Z")), d("2026-11-27"));
        // Summer: +2. 22:30 UTC on 1 July is 00:30 on the 2nd.
        assert_eq!(italian_date(at("2026-07-01T22:30:00Z")), d("2026-07-02"));
        assert_eq!(italian_date(at("2026-07-01T21:59:00Z")), d("2026-07-01"));
        assert_eq!(italian_date_of_utc("2026-11-27T23:30:00Z"), Some(d("2026-11-28")));
        assert_eq!(italian_date_of_utc("2026-11-27T10:00:00+01:00"), None);
        assert_eq!(italian_date_of_utc("2026-11-27"), None);
        // The switches: 29 March 2026 and 25 October 2026 at 01:00 UTC.
        assert_eq!(italian_offset(at("2026-03-29T00:59:59Z")).whole_hours(), 1);
        assert_eq!(italian_offset(at("2026-03-29T01:00:00Z")).whole_hours(), 2);
        assert_eq!(italian_offset(at("2026-10-25T00:59:59Z")).whole_hours(), 2);
        assert_eq!(italian_offset(at("2026-10-25T01:00:00Z")).whole_hours(), 1);
    }

    #[test]
    fn the_time_in_italy_from_a_browsers_clock() {
        let italy = |s: &str| {
            let (date, minutes) = italian_time_of_unix_ms(utc(s).unix_timestamp() as f64 * 1000.0 + 999.0).unwrap();
            format!("{date} {:02}:{:02}", minutes / 60, minutes % 60)
        };
        assert_eq!(italy("2026-01-15T12:00:00Z"), "2026-01-15 13:00");
        assert_eq!(italy("2026-07-15T12:00:00Z"), "2026-07-15 14:00");
        // The clocks go from 02:00 to 03:00, and back from 03:00 to 02:00.
        assert_eq!(italy("2026-03-29T00:59:00Z"), "2026-03-29 01:59");
        assert_eq!(italy("2026-03-29T01:00:00Z"), "2026-03-29 03:00");
        assert_eq!(italy("2026-10-25T00:59:00Z"), "2026-10-25 02:59");
        assert_eq!(italy("2026-10-25T01:00:00Z"), "2026-10-25 02:00");
        assert_eq!(italy("2026-12-31T23:30:00Z"), "2027-01-01 00:30");
        assert_eq!(italian_time_of_unix_ms(f64::NAN), None);
    }

    #[test]
    fn a_promise_is_past_the_day_after_its_due_date() {
        let at = utc("2026-11-27T16:00:00Z");
        let promise = ResponsePromise::new(at, None);
        assert_eq!(promise.response_days, DEFAULT_RESPONSE_DAYS);
        assert_eq!(promise.due_on(), d("2026-12-04"));
        assert!(!promise.is_past(d("2026-12-04")));
        assert!(promise.is_past(d("2026-12-05")));
        assert_eq!(ResponsePromise::new(at, Some(2)).due_on(), d("2026-12-01"));
        assert_eq!(days_between(d("2026-11-27"), d("2026-12-04")), 7);
        assert_eq!(plus_days(d("2026-11-27"), 7), d("2026-12-04"));
    }
}
