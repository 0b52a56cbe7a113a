//! Dates and days in words ("27 novembre 2026", "lunedì 7 dicembre"), the order and the words from `locales/`.

use crate::i18n::{I18n, k};
use microwork_core::date::{Date, Weekday};
use microwork_core::hours::Opening;
use microwork_core::sportelli::PartialDate;

pub fn day_name(i18n: I18n, day: Weekday) -> String {
    i18n.text(match day {
        Weekday::Monday => k::days::MON,
        Weekday::Tuesday => k::days::TUE,
        Weekday::Wednesday => k::days::WED,
        Weekday::Thursday => k::days::THU,
        Weekday::Friday => k::days::FRI,
        Weekday::Saturday => k::days::SAT,
        Weekday::Sunday => k::days::SUN,
    })
}

pub fn month_name(i18n: I18n, month: u8) -> String {
    const MONTHS: [crate::i18n::Key; 12] = [
        k::months::M1,
        k::months::M2,
        k::months::M3,
        k::months::M4,
        k::months::M5,
        k::months::M6,
        k::months::M7,
        k::months::M8,
        k::months::M9,
        k::months::M10,
        k::months::M11,
        k::months::M12,
    ];
    i18n.text(MONTHS[usize::from(month.clamp(1, 12)) - 1])
}

/// The day of the month; some languages write the first one apart ("1º").
fn day_number(i18n: I18n, day: u8) -> String {
    if day == 1 { i18n.text(k::dates::FIRST_DAY) } else { day.to_string() }
}

/// "27 novembre 2026".
pub fn date_text(i18n: I18n, d: Date) -> String {
    let (day, month) = (day_number(i18n, d.day()), month_name(i18n, u8::from(d.month())));
    i18n.msg(k::dates::Full { day: &day, month: &month, year: &d.year() })
}

/// "12 dicembre" (a closure that comes back every year).
pub fn day_month_text(i18n: I18n, day: u8, month: u8) -> String {
    i18n.msg(k::dates::DayMonth { day: &day_number(i18n, day), month: &month_name(i18n, month) })
}

/// A source date as precise as it is: "11 gennaio 2026", "marzo 2021", "2015".
pub fn partial_date_text(i18n: I18n, d: &PartialDate) -> String {
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => {
            i18n.msg(k::dates::Full { day: &day_number(i18n, day), month: &month_name(i18n, m), year: &d.year() })
        }
        (Some(m), None) => i18n.msg(k::dates::MonthYear { month: &month_name(i18n, m), year: &d.year() }),
        _ => d.year().to_string(),
    }
}

/// "lunedì", or "lunedì 7 dicembre" when the day is more than six days away (a bare weekday would mislead).
pub fn opening_day(i18n: I18n, o: &Opening) -> String {
    let weekday = day_name(i18n, o.date.weekday());
    if o.days_ahead > 6 {
        let (day, month) = (day_number(i18n, o.date.day()), month_name(i18n, u8::from(o.date.month())));
        i18n.msg(k::dates::WeekdayDayMonth { weekday: &weekday, day: &day, month: &month })
    } else {
        weekday
    }
}
