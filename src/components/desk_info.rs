//! How a desk's facts read: open now or next opening, closures, how sure we are it works. The facts come from
//! `microwork_core::{hours, sportelli}`; only the wording is here.

use crate::i18n::*;
use microwork_core::date::{Date, Weekday};
use microwork_core::geo::format_km;
use microwork_core::hours::{Closure, OpenStatus};
use microwork_core::sportelli::{Desk, PartialDate, StatusValue};

use crate::components::lang::lang_of;

pub fn day_name(locale: Locale, day: Weekday) -> String {
    match day {
        Weekday::Monday => td_string!(locale, days.mon),
        Weekday::Tuesday => td_string!(locale, days.tue),
        Weekday::Wednesday => td_string!(locale, days.wed),
        Weekday::Thursday => td_string!(locale, days.thu),
        Weekday::Friday => td_string!(locale, days.fri),
        Weekday::Saturday => td_string!(locale, days.sat),
        Weekday::Sunday => td_string!(locale, days.sun),
    }
    .to_string()
}

pub fn month_name(locale: Locale, month: u8) -> String {
    match month {
        1 => td_string!(locale, months.m1),
        2 => td_string!(locale, months.m2),
        3 => td_string!(locale, months.m3),
        4 => td_string!(locale, months.m4),
        5 => td_string!(locale, months.m5),
        6 => td_string!(locale, months.m6),
        7 => td_string!(locale, months.m7),
        8 => td_string!(locale, months.m8),
        9 => td_string!(locale, months.m9),
        10 => td_string!(locale, months.m10),
        11 => td_string!(locale, months.m11),
        _ => td_string!(locale, months.m12),
    }
    .to_string()
}

/// "27 novembre 2026" / "27 November 2026"; Italian writes the first of the month "1º".
pub fn date_text(locale: Locale, d: Date) -> String {
    format!("{} {} {}", day_number(locale, d.day()), month_name(locale, u8::from(d.month())), d.year())
}

fn day_number(locale: Locale, day: u8) -> String {
    if day == 1 && lang_of(locale) == microwork_core::Lang::It { "1º".to_string() } else { day.to_string() }
}

/// "lunedì", or "lunedì 7 dicembre" when the day is more than six days away (a bare weekday would mislead).
pub fn opening_day(locale: Locale, o: &microwork_core::hours::Opening) -> String {
    let day = day_name(locale, o.date.weekday());
    if o.days_ahead > 6 {
        format!("{day} {} {}", day_number(locale, o.date.day()), month_name(locale, u8::from(o.date.month())))
    } else {
        day
    }
}

/// A source date as precise as it is: "11 gennaio 2026", "marzo 2021", "2015".
pub fn partial_date_text(locale: Locale, d: &PartialDate) -> String {
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => format!("{} {} {}", day_number(locale, day), month_name(locale, m), d.year()),
        (Some(m), None) => format!("{} {}", month_name(locale, m), d.year()),
        _ => d.year().to_string(),
    }
}

/// "a 23 km"; searching from a comune, a desk under half a kilometre away is (as far as we know its position)
/// in the same comune.
pub fn km_text(locale: Locale, km: f64, from_comune: bool) -> String {
    if from_comune && km < 0.5 {
        return td_string!(locale, sportelli.same_comune).to_string();
    }
    td_string!(locale, sportelli.km_away, km = format_km(km, lang_of(locale))).to_string()
}

pub fn closure_text(locale: Locale, c: &Closure) -> String {
    match c {
        Closure::Months { from, to } if from == to => {
            td_string!(locale, sportello.closure_month, month = month_name(locale, *from)).to_string()
        }
        Closure::Months { from, to } => td_string!(
            locale,
            sportello.closure_months,
            from = month_name(locale, *from),
            to = month_name(locale, *to)
        )
        .to_string(),
        Closure::Yearly { from, to } => td_string!(
            locale,
            sportello.closure_dates,
            from = format!("{} {}", from.day, month_name(locale, from.month)),
            to = format!("{} {}", to.day, month_name(locale, to.month))
        )
        .to_string(),
        Closure::Dates { from, to } => {
            td_string!(locale, sportello.closure_dates, from = date_text(locale, *from), to = date_text(locale, *to))
                .to_string()
        }
    }
}

/// "Aperto ora, fino alle 13:00", "Apre giovedì alle 15:30", or that the hours are not known.
pub fn open_status_text(locale: Locale, status: &OpenStatus) -> String {
    let when = |o: &microwork_core::hours::Opening| match o.days_ahead {
        0 => td_string!(locale, sportelli.opens_today, time = o.from.to_string()).to_string(),
        1 => td_string!(locale, sportelli.opens_tomorrow, time = o.from.to_string()).to_string(),
        _ => td_string!(locale, sportelli.opens_on, day = opening_day(locale, o), time = o.from.to_string()).to_string(),
    };
    match status {
        OpenStatus::Unknown => td_string!(locale, sportelli.hours_unknown).to_string(),
        OpenStatus::Open { until } => td_string!(locale, sportelli.open_now, time = until.to_string()).to_string(),
        OpenStatus::Closed { next: Some(o) } => when(o),
        OpenStatus::Closed { next: None } => td_string!(locale, sportelli.closed_no_next).to_string(),
        OpenStatus::ClosedForClosure { closure, reopens: Some(o) } => td_string!(
            locale,
            sportelli.closed_closure_reopens,
            closure = closure_text(locale, closure),
            day = opening_day(locale, o),
            time = o.from.to_string()
        )
        .to_string(),
        OpenStatus::ClosedForClosure { closure, reopens: None } => {
            td_string!(locale, sportelli.closed_closure, closure = closure_text(locale, closure)).to_string()
        }
    }
}

/// How sure we are that the desk works, with the date of the newest source.
pub fn status_text(locale: Locale, desk: &Desk) -> String {
    let date = desk.status.newest_source.as_ref().map(|d| partial_date_text(locale, d));
    match (desk.status.value, date) {
        (StatusValue::Active, Some(date)) => td_string!(locale, sportelli.status_active, date = date).to_string(),
        (StatusValue::ToVerify, Some(date)) => {
            td_string!(locale, sportelli.status_to_verify, date = date).to_string()
        }
        (StatusValue::Active | StatusValue::ToVerify, None) => {
            td_string!(locale, sportelli.status_to_verify_undated).to_string()
        }
        (StatusValue::Uncertain, _) => td_string!(locale, sportelli.status_uncertain).to_string(),
    }
}

pub fn status_class(desk: &Desk) -> &'static str {
    match desk.status.value {
        StatusValue::Active => "mw-tag mw-tag--active",
        StatusValue::ToVerify => "mw-tag mw-tag--verify",
        StatusValue::Uncertain => "mw-tag mw-tag--uncertain",
    }
}

pub fn host_label(locale: Locale, host: microwork_core::sportelli::HostType) -> String {
    use microwork_core::sportelli::HostType;
    match host {
        HostType::Comune => td_string!(locale, sportelli.host_comune),
        HostType::Cpi => td_string!(locale, sportelli.host_cpi),
        HostType::Cciaa => td_string!(locale, sportelli.host_cciaa),
        HostType::Other => td_string!(locale, sportelli.host_other),
    }
    .to_string()
}
