//! Opening hours as data, and what they mean at a given moment.
//!
//! A desk's hours are weekly ranges in Italian local time ("martedì 9:00–13:00"), closures (all of August
//! every year, 24/12–06/01 every year, or one-off dates) and notes. [`Hours::status_at`] answers "is it open
//! now, until when; if not, when does it open next (within two weeks); or is it closed for a closure". The
//! caller passes the Italian local date and time: nothing here reads a clock or knows time zones.
//!
//! Operators write hours in a short Italian form ("lun, mer 15:30-17:00; chiuso agosto") that
//! [`Hours::from_spec`] parses; see `data/README.md` for the grammar.

mod spec;

pub use spec::SpecError;

use crate::date::{Date, Month, Weekday};
use crate::lang::Text;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
use std::fmt;

/// How far ahead "opens next" looks; beyond that the page says "closed" and shows the weekly hours.
pub const LOOKAHEAD_DAYS: u16 = 14;

/// A time of day in Italian local time: minutes since midnight, 00:00 to 24:00 (24:00 only ends a range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(u16);

impl Clock {
    pub const END_OF_DAY: Clock = Clock(24 * 60);

    pub fn new(hour: u8, minute: u8) -> Option<Clock> {
        (minute < 60 && (hour < 24 || (hour == 24 && minute == 0)))
            .then(|| Clock(u16::from(hour) * 60 + u16::from(minute)))
    }

    pub fn from_minutes(minutes: u16) -> Option<Clock> {
        (minutes <= 24 * 60).then_some(Clock(minutes))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }

    /// Parses `HH:MM` exactly (the JSON form).
    fn parse_json(s: &str) -> Option<Clock> {
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        Clock::new(h.parse().ok()?, m.parse().ok()?)
    }
}

/// `HH:MM`, as in the JSON file.
impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Clock, D::Error> {
        let s = String::deserialize(d)?;
        Clock::parse_json(&s)
            .ok_or_else(|| D::Error::custom(format!("`{s}` is not a time in the form HH:MM (00:00–24:00)")))
    }
}

/// One opening on one weekday: `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyRange {
    #[serde(with = "weekday_code")]
    pub day: Weekday,
    pub from: Clock,
    pub to: Clock,
}

/// A day of the year, every year (`MM-DD` in the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u8,
    pub day: u8,
}

impl MonthDay {
    /// February 29 is allowed: in other years a range ending there ends on February 28.
    pub fn new(month: u8, day: u8) -> Option<MonthDay> {
        let m = Month::try_from(month).ok()?;
        (day >= 1 && day <= m.length(2024)).then_some(MonthDay { month, day })
    }

    fn of(date: Date) -> MonthDay {
        MonthDay { month: u8::from(date.month()), day: date.day() }
    }

    fn in_year(self, year: i32) -> Option<Date> {
        let month = Month::try_from(self.month).ok()?;
        let day = self.day.min(month.length(year));
        Date::from_calendar_date(year, month, day).ok()
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MonthDay, D::Error> {
        let s = String::deserialize(d)?;
        let parsed = s
            .split_once('-')
            .filter(|(m, d)| m.len() == 2 && d.len() == 2)
            .and_then(|(m, d)| MonthDay::new(m.parse().ok()?, d.parse().ok()?));
        parsed.ok_or_else(|| D::Error::custom(format!("`{s}` is not a day of the year in the form MM-DD")))
    }
}

/// Days when the desk is closed whatever the weekly hours say. Ranges are inclusive; a yearly range whose
/// end comes before its start ("from November to February", "24/12–06/01") runs across the new year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Closure {
    /// Whole months, every year: `{"kind": "months", "from": 8, "to": 8}` is "closed in August".
    Months { from: u8, to: u8 },
    /// Days of the year, every year: `{"kind": "yearly", "from": "12-24", "to": "01-06"}`.
    Yearly { from: MonthDay, to: MonthDay },
    /// Once: `{"kind": "dates", "from": "2026-12-24", "to": "2027-01-06"}`.
    Dates {
        #[serde(with = "crate::date::iso")]
        from: Date,
        #[serde(with = "crate::date::iso")]
        to: Date,
    },
}

impl Closure {
    pub fn covers(&self, date: Date) -> bool {
        match *self {
            Closure::Months { from, to } => in_cyclic_range(from, to, u8::from(date.month())),
            Closure::Yearly { from, to } => in_cyclic_range(from, to, MonthDay::of(date)),
            Closure::Dates { from, to } => from <= date && date <= to,
        }
    }

    /// The last day of the closure period that contains `date` (which `covers` must accept).
    fn last_day_from(&self, date: Date) -> Date {
        let year = date.year();
        let last = match *self {
            Closure::Months { from, to } => {
                let y = if from > to && u8::from(date.month()) >= from { year + 1 } else { year };
                Month::try_from(to).ok().and_then(|m| Date::from_calendar_date(y, m, m.length(y)).ok())
            }
            Closure::Yearly { from, to } => {
                let y = if from > to && MonthDay::of(date) >= from { year + 1 } else { year };
                to.in_year(y)
            }
            Closure::Dates { to, .. } => Some(to),
        };
        last.unwrap_or(date)
    }

    fn check(&self) -> Result<(), HoursError> {
        match *self {
            Closure::Months { from, to } if !(1..=12).contains(&from) || !(1..=12).contains(&to) => {
                Err(HoursError::BadMonth(if (1..=12).contains(&from) { to } else { from }))
            }
            Closure::Yearly { from, to } if [from, to].iter().any(|md| MonthDay::new(md.month, md.day).is_none()) => {
                Err(HoursError::BadDay(if MonthDay::new(from.month, from.day).is_none() { from } else { to }))
            }
            Closure::Dates { from, to } if to < from => Err(HoursError::ReversedDates { from, to }),
            _ => Ok(()),
        }
    }
}

fn in_cyclic_range<T: PartialOrd>(from: T, to: T, x: T) -> bool {
    if from <= to { from <= x && x <= to } else { x >= from || x <= to }
}

/// A desk's opening hours. `weekly` empty means the hours are not known in structured form (then only `text`,
/// the hours as the source states them, may say something).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    #[serde(default)]
    pub weekly: Vec<WeeklyRange>,
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// Remarks for people ("per un primo periodo", "informazioni allo 060606").
    #[serde(default)]
    pub notes: Option<Text>,
    /// The hours exactly as the source states them (usually Italian), kept beside the structure.
    #[serde(default)]
    pub text: Option<String>,
}

/// What the hours say at a given moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenStatus {
    /// No structured weekly hours: say nothing about "open now".
    Unknown,
    /// Open now; `until` is the end of the current opening (joined ranges such as 8–14 and 14–18 count as one).
    Open { until: Clock },
    /// Closed now; `next` is the next opening within [`LOOKAHEAD_DAYS`] days, `None` if there is none.
    Closed { next: Option<Opening> },
    /// Closed today because of `closure` ("chiuso ad agosto"); `reopens` is the first opening after it, looked
    /// for until [`LOOKAHEAD_DAYS`] days after the closure ends.
    ClosedForClosure { closure: Closure, reopens: Option<Opening> },
}

/// A coming opening: on `date` (its weekday is `date.weekday()`), `days_ahead` days from the asked date
/// (0 = later today, 1 = tomorrow), from `from` to `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub date: Date,
    pub days_ahead: u16,
    pub from: Clock,
    pub until: Clock,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{day} {from}–{to}: the range ends before it starts")]
    EmptyRange { day: Weekday, from: Clock, to: Clock },
    #[error("{day}: {first_from}–{first_to} and {second_from}–{second_to} overlap")]
    Overlap { day: Weekday, first_from: Clock, first_to: Clock, second_from: Clock, second_to: Clock },
    #[error("month {0} does not exist")]
    BadMonth(u8),
    #[error("day {0} (month-day) does not exist")]
    BadDay(MonthDay),
    #[error("the closure from {from} to {to} ends before it starts")]
    ReversedDates { from: Date, to: Date },
}

impl Hours {
    /// Parses the operators' short form, e.g. `lun, mer 15:30-17:00; chiuso agosto`, into checked, sorted hours.
    pub fn from_spec(spec: &str) -> Result<Hours, SpecError> {
        let (weekly, closures) = spec::parse(spec)?;
        let mut hours = Hours { weekly, closures, notes: None, text: None };
        hours.normalize();
        hours.check().map_err(|e| SpecError::new(spec, e.to_string()))?;
        Ok(hours)
    }

    /// The short form again (`lun 15:30-17:00; mer 15:30-17:00; chiuso agosto`), so a file can be round-tripped.
    pub fn to_spec(&self) -> String {
        spec::write(&self.weekly, &self.closures)
    }

    /// Sorts the weekly ranges by weekday (Monday first) and start.
    pub fn normalize(&mut self) {
        self.weekly.sort_by_key(|r| (r.day.number_days_from_monday(), r.from, r.to));
    }

    /// Checks ranges (start before end, no overlaps on a day) and closures.
    pub fn check(&self) -> Result<(), HoursError> {
        for r in &self.weekly {
            if r.from >= r.to {
                return Err(HoursError::EmptyRange { day: r.day, from: r.from, to: r.to });
            }
        }
        let mut sorted = self.clone();
        sorted.normalize();
        for pair in sorted.weekly.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.day == b.day && b.from < a.to {
                return Err(HoursError::Overlap {
                    day: a.day,
                    first_from: a.from,
                    first_to: a.to,
                    second_from: b.from,
                    second_to: b.to,
                });
            }
        }
        self.closures.iter().try_for_each(Closure::check)
    }

    /// True when the weekly hours are known (structured), so "open now" can be computed.
    pub fn is_structured(&self) -> bool {
        !self.weekly.is_empty()
    }

    /// True when the desk opens on `day` in an ordinary week (closures not considered).
    pub fn opens_on(&self, day: Weekday) -> bool {
        self.weekly.iter().any(|r| r.day == day)
    }

    /// Is the desk open at `minute` (minutes since midnight, Italian local time) on `date`? See [`OpenStatus`].
    pub fn status_at(&self, date: Date, minute: u16) -> OpenStatus {
        if self.weekly.is_empty() {
            return OpenStatus::Unknown;
        }
        let minute = minute.min(24 * 60 - 1);
        if let Some(closure) = self.closures.iter().find(|c| c.covers(date)) {
            let days_left = (closure.last_day_from(date) - date).whole_days().max(0);
            // Bounded so a closure typed with a far end year cannot make the page walk for ever.
            let horizon = (days_left + i64::from(LOOKAHEAD_DAYS)).min(800) as u16;
            return OpenStatus::ClosedForClosure {
                closure: closure.clone(),
                reopens: self.next_opening(date, minute, horizon),
            };
        }
        // National public holidays: closed, whatever the weekly hours say (offices close by law).
        let now = self
            .weekly
            .iter()
            .find(|r| r.day == date.weekday() && r.from.0 <= minute && minute < r.to.0)
            .filter(|_| crate::workdays::italian_holiday(date).is_none());
        match now {
            Some(r) => OpenStatus::Open { until: self.joined_end(r.day, r.to) },
            None => OpenStatus::Closed { next: self.next_opening(date, minute, LOOKAHEAD_DAYS) },
        }
    }

    /// The first opening after `minute` on `date`, or on one of the next `horizon` days, skipping closures.
    fn next_opening(&self, date: Date, minute: u16, horizon: u16) -> Option<Opening> {
        let mut day = date;
        for ahead in 0..=horizon {
            if !self.closures.iter().any(|c| c.covers(day)) && crate::workdays::italian_holiday(day).is_none() {
                // The earliest that fits (hand-edited JSON may list ranges in any order).
                let first = self
                    .weekly
                    .iter()
                    .filter(|r| r.day == day.weekday() && (ahead > 0 || r.from.0 > minute))
                    .min_by_key(|r| r.from);
                if let Some(r) = first {
                    return Some(Opening {
                        date: day,
                        days_ahead: ahead,
                        from: r.from,
                        until: self.joined_end(r.day, r.to),
                    });
                }
            }
            day = day.next_day()?;
        }
        None
    }

    /// Follows ranges that start where the previous one ends (8:00–14:00, 14:00–18:00 → 18:00).
    fn joined_end(&self, day: Weekday, mut end: Clock) -> Clock {
        while let Some(next) = self.weekly.iter().find(|r| r.day == day && r.from == end) {
            end = next.to;
        }
        end
    }
}

/// Weekdays as `mon` … `sun` in the JSON.
pub mod weekday_code {
    use super::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub const CODES: [(&str, Weekday); 7] = [
        ("mon", Weekday::Monday),
        ("tue", Weekday::Tuesday),
        ("wed", Weekday::Wednesday),
        ("thu", Weekday::Thursday),
        ("fri", Weekday::Friday),
        ("sat", Weekday::Saturday),
        ("sun", Weekday::Sunday),
    ];

    pub fn code(day: Weekday) -> &'static str {
        CODES[usize::from(day.number_days_from_monday())].0
    }

    pub fn from_code(code: &str) -> Option<Weekday> {
        CODES.iter().find(|(c, _)| *c == code).map(|(_, d)| *d)
    }

    pub fn serialize<S: Serializer>(day: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(code(*day))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        from_code(&s)
            .ok_or_else(|| D::Error::custom(format!("`{s}` is not a weekday (mon, tue, wed, thu, fri, sat, sun)")))
    }
}

#[cfg(test)]
mod holiday_tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
    }

    #[test]
    fn national_holidays_are_closed_and_skipped() {
        let h = Hours::from_spec("lun-ven 9:00-13:00").unwrap();
        // Easter Monday 2027 is 29 March (computed), 2 June is Republic Day (fixed), both weekdays.
        let (easter_monday, republic) = (d(2027, 3, 29), d(2027, 6, 2));
        assert!(matches!(h.status_at(easter_monday, 10 * 60), OpenStatus::Closed { next: Some(o) } if o.date == d(2027, 3, 30)));
        assert!(matches!(h.status_at(republic, 10 * 60), OpenStatus::Closed { next: Some(o) } if o.date == d(2027, 6, 3)));
        // The evening before: the next opening skips the holiday.
        assert!(matches!(h.status_at(d(2027, 6, 1), 20 * 60), OpenStatus::Closed { next: Some(o) } if o.date == d(2027, 6, 3)));
        assert!(matches!(h.status_at(d(2027, 6, 3), 10 * 60), OpenStatus::Open { .. }));
    }
}
