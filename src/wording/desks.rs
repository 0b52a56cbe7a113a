//! A desk's facts in words: open now or next opening, closures, how sure we are it works, how far it is.

use super::dates::{date_text, day_month_text, month_name, opening_day, partial_date_text};
use crate::i18n::{I18n, k};
use microwork_core::geo::{DeskRow, format_km};
use microwork_core::hours::{Closure, OpenStatus, Opening};
use microwork_core::sportelli::{Confirmation, Desk, HostType, StatusValue};

/// "a 23 km", or "nello stesso comune".
pub fn distance(i18n: I18n, row: &DeskRow) -> Option<String> {
    let km = row.km?;
    Some(if row.same_comune {
        i18n.text(k::sportelli::SAME_COMUNE)
    } else {
        i18n.msg(k::sportelli::km_away(&format_km(km, i18n.lang())))
    })
}

pub fn closure(i18n: I18n, c: &Closure) -> String {
    match c {
        Closure::Months { from, to } if from == to => i18n.msg(k::sportello::closure_month(&month_name(i18n, *from))),
        Closure::Months { from, to } => {
            i18n.msg(k::sportello::ClosureMonths { from: &month_name(i18n, *from), to: &month_name(i18n, *to) })
        }
        Closure::Yearly { from, to } => i18n.msg(k::sportello::ClosureDates {
            from: &day_month_text(i18n, from.day, from.month),
            to: &day_month_text(i18n, to.day, to.month),
        }),
        Closure::Dates { from, to } => {
            i18n.msg(k::sportello::ClosureDates { from: &date_text(i18n, *from), to: &date_text(i18n, *to) })
        }
    }
}

fn next_opening(i18n: I18n, o: &Opening) -> String {
    match o.days_ahead {
        0 => i18n.msg(k::sportelli::opens_today(&o.from)),
        1 => i18n.msg(k::sportelli::opens_tomorrow(&o.from)),
        _ => i18n.msg(k::sportelli::OpensOn { day: &opening_day(i18n, o), time: &o.from }),
    }
}

/// "Aperto ora, fino alle 13:00", "Apre giovedì alle 15:30", or that the hours are not known.
pub fn open_status(i18n: I18n, status: &OpenStatus) -> String {
    match status {
        OpenStatus::Unknown => i18n.text(k::sportelli::HOURS_UNKNOWN),
        OpenStatus::Open { until } => i18n.msg(k::sportelli::open_now(until)),
        OpenStatus::Closed { next: Some(o) } => next_opening(i18n, o),
        OpenStatus::Closed { next: None } => i18n.text(k::sportelli::CLOSED_NO_NEXT),
        OpenStatus::ClosedForClosure { closure: c, reopens: Some(o) } => {
            i18n.msg(k::sportelli::ClosedClosureReopens { closure: &closure(i18n, c), day: &opening_day(i18n, o), time: &o.from })
        }
        OpenStatus::ClosedForClosure { closure: c, reopens: None } => {
            i18n.msg(k::sportelli::closed_closure(&closure(i18n, c)))
        }
    }
}

/// How sure we are that the desk works, with the date of the newest source. `months`: the file's
/// `confirmation_months` (`DeskIndex::confirmation_months`), the deployment's allowed age of a confirmation.
pub fn status(i18n: I18n, desk: &Desk, months: u32) -> String {
    // The desk's own confirmation first (issue 19): dated, and "da verificare" again once it is old.
    match desk.confirmation(crate::dom::today(), months) {
        Confirmation::Confirmed { on } => return i18n.msg(k::sportelli::status_confirmed(&crate::wording::dates::date_text(i18n, on))),
        Confirmation::Stale { on } => return i18n.msg(k::sportelli::status_confirmation_stale(&crate::wording::dates::date_text(i18n, on))),
        Confirmation::Never => {}
    }
    let date = desk.status.newest_source.as_ref().map(|d| partial_date_text(i18n, d));
    match (desk.status.value, date) {
        (StatusValue::Active, Some(date)) => i18n.msg(k::sportelli::status_active(&date)),
        (StatusValue::ToVerify, Some(date)) => i18n.msg(k::sportelli::status_to_verify(&date)),
        (StatusValue::Active | StatusValue::ToVerify, None) => i18n.text(k::sportelli::STATUS_TO_VERIFY_UNDATED),
        (StatusValue::Uncertain, _) => i18n.text(k::sportelli::STATUS_UNCERTAIN),
    }
}

/// The tag's colour: green exactly when core's `Desk::is_confirmed` says so (the contact page asks it too).
pub fn status_class(desk: &Desk, months: u32) -> &'static str {
    let today = crate::dom::today();
    if desk.is_confirmed(today, months) {
        return "mw-tag mw-tag--active";
    }
    match (desk.confirmation(today, months), desk.status.value) {
        (Confirmation::Never, StatusValue::Uncertain) => "mw-tag mw-tag--uncertain",
        _ => "mw-tag mw-tag--verify",
    }
}

pub fn host_label(i18n: I18n, host: HostType) -> String {
    i18n.text(match host {
        HostType::Comune => k::sportelli::HOST_COMUNE,
        HostType::Cpi => k::sportelli::HOST_CPI,
        HostType::Cciaa => k::sportelli::HOST_CCIAA,
        HostType::Other => k::sportelli::HOST_OTHER,
    })
}

/// Who runs the desk: its stated host, or the kind of office.
pub fn host(i18n: I18n, desk: &Desk) -> String {
    desk.host.name.clone().unwrap_or_else(|| host_label(i18n, desk.host.kind))
}
