//! Times as the server writes them: `received_at` in RFC 3339 UTC to the second, so text order is time order;
//! and the clock the HTTP handlers read ([`Clock`]), which tests replace to move time forward.

use std::sync::Mutex;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// Where handlers get "now": the system clock in the server, a [`ManualClock`] in tests (session expiry,
/// the promised response time).
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;

    fn now_rfc3339(&self) -> String {
        format_utc(self.now())
    }

    /// Today's date in Italy.
    fn today(&self) -> Date {
        microwork_core::workdays::italian_date(self.now())
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until told to move.
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> ManualClock {
        ManualClock(Mutex::new(at))
    }

    /// At an RFC 3339 time (panics on a malformed one: for tests).
    pub fn at(rfc3339: &str) -> ManualClock {
        ManualClock::new(parse_utc(rfc3339).unwrap_or_else(|| panic!("not an RFC 3339 time: {rfc3339}")))
    }

    pub fn advance(&self, by: time::Duration) {
        let mut at = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *at += by;
    }

    pub fn set(&self, to: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// An RFC 3339 time as stored (any offset accepted).
pub fn parse_utc(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s.trim(), &Rfc3339).ok().map(|t| t.to_offset(UtcOffset::UTC))
}

pub fn format_utc(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    at.replace_nanosecond(0).unwrap_or(at).format(&Rfc3339).unwrap_or_default()
}

pub fn now_rfc3339() -> String {
    format_utc(OffsetDateTime::now_utc())
}

/// Unix milliseconds now (the webhook outbox's clock).
pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// `2026-11-01` (midnight UTC) or an RFC 3339 time with any offset, as a `received_at` to compare with.
pub fn parse_since(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(at) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(format_utc(at));
    }
    let date = Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(format_utc(date.midnight().assume_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_dates_and_times_in_any_offset() {
        assert_eq!(parse_since("2026-11-01").as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(parse_since("2026-11-01T10:30:00+01:00").as_deref(), Some("2026-11-01T09:30:00Z"));
        assert_eq!(parse_since("2026-11-01T10:30:00.750Z").as_deref(), Some("2026-11-01T10:30:00Z"));
        for bad in ["", "yesterday", "2026-13-01", "01/11/2026", "2026-11-01T10:30"] {
            assert_eq!(parse_since(bad), None, "{bad}");
        }
    }
}
