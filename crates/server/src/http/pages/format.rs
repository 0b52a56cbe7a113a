//! Italian words for the pages: dates and times in Italy, ages ("da 3 giorni"), statuses, outcomes, channels.

use crate::clock::parse_utc;
use microwork_core::contact::{Channel, Outcome, Status, TimeWindow};
use microwork_core::workdays::{days_between, italian_date, italian_offset};
use time::Date;

const MONTHS: [&str; 12] =
    ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];

/// `4 dicembre 2026`.
pub fn date(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS[usize::from(u8::from(d.month())) - 1], d.year())
}

/// `4 dicembre 2026 alle 10:05` (Italian time) for a stored RFC 3339 time; the text as it is if unreadable.
pub fn date_time(rfc3339: &str) -> String {
    match parse_utc(rfc3339) {
        None => rfc3339.to_string(),
        Some(at) => {
            let local = at.to_offset(italian_offset(at));
            format!("{} alle {:02}:{:02}", date(local.date()), local.hour(), local.minute())
        }
    }
}

/// "oggi", "ieri", "da 3 giorni": how long a request has waited, in days in Italy.
pub fn age(received_at: &str, today: Date) -> String {
    let Some(at) = parse_utc(received_at) else { return String::new() };
    match days_between(italian_date(at), today) {
        i64::MIN..=0 => "oggi".into(),
        1 => "da ieri".into(),
        n => format!("da {n} giorni"),
    }
}

pub fn status(s: Status) -> &'static str {
    match s {
        Status::New => "Nuova",
        Status::Taken => "Presa in carico",
        Status::Contacted => "Contattata",
        Status::Closed => "Chiusa",
        Status::Spam => "Spam",
    }
}

/// The CSS modifier of a status tag.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::New => "op-tag op-tag--new",
        Status::Taken => "op-tag op-tag--taken",
        Status::Contacted => "op-tag op-tag--contacted",
        Status::Closed | Status::Spam => "op-tag op-tag--closed",
    }
}

pub fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::PathStarted => "Avviato percorso",
        Outcome::NotEligible => "Non idoneo",
        Outcome::Unreachable => "Non raggiungibile",
        Outcome::Declined => "Rinuncia",
    }
}

pub fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Telefono",
        Channel::Email => "E-mail",
        Channel::Whatsapp => "WhatsApp",
    }
}

pub fn time_window(t: TimeWindow) -> &'static str {
    match t {
        TimeWindow::Morning => "Mattina",
        TimeWindow::Afternoon => "Pomeriggio",
        TimeWindow::Evening => "Sera",
        TimeWindow::Any => "Qualsiasi orario",
    }
}

/// What an audit entry's action means, for a person reading the log.
pub fn action(a: microwork_core::account::AuditAction) -> &'static str {
    use microwork_core::account::AuditAction as A;
    match a {
        A::Read => "ha aperto la richiesta",
        A::List => "l'ha vista in un elenco",
        A::Export => "l'ha esportata (CSV)",
        A::Update => "ha aggiornato stato, esito o nota",
        A::Erase => "l'ha cancellata",
        A::Escalate => "ha segnalato che nessuno l'ha contattata",
        A::Login => "è entrato",
        A::Logout => "è uscito",
        A::LogoutAll => "è uscito da tutti i dispositivi",
        A::PasswordSet => "ha impostato la password",
        A::OperatorAdd => "account creato",
        A::OperatorDisable => "account disattivato",
        A::OperatorEnable => "account riattivato",
        A::OperatorReset => "password azzerata",
        A::DeskPropose => "ha proposto una modifica dello sportello",
        A::DeskApprove => "ha approvato una modifica dello sportello",
        A::DeskReject => "ha respinto una modifica dello sportello",
        A::DeskConfirm => "ha confermato i dati dello sportello",
        A::DeskRemind => "ha inviato un promemoria allo sportello",
        A::DeskReportList => "ha visto le segnalazioni dello sportello",
        A::DeskReportClose => "ha chiuso una segnalazione",
    }
}

/// Who did it, in words.
pub fn actor(e: &microwork_core::account::AuditEntry) -> String {
    use microwork_core::account::ActorKind as K;
    match (e.actor, &e.actor_email) {
        (K::Operator, Some(email)) => email.clone(),
        (K::Token, _) => "integrazione (token)".into(),
        (K::Person, _) => "la persona".into(),
        (K::Cli, _) => "amministrazione del server".into(),
        (K::System, _) => "il sistema".into(),
        (K::Operator, None) => "operatore".into(),
    }
}

/// `https://wa.me/393331234567` for an E.164 number.
pub fn whatsapp_link(e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    format!("https://wa.me/{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_ages_and_links_read_as_italian() {
        assert_eq!(date_time("2026-12-04T09:05:00Z"), "4 dicembre 2026 alle 10:05");
        assert_eq!(date_time("2026-07-01T22:30:00Z"), "2 luglio 2026 alle 00:30");
        let today = microwork_core::date::parse_iso("2026-12-07").unwrap();
        assert_eq!(age("2026-12-07T08:00:00Z", today), "oggi");
        assert_eq!(age("2026-12-06T08:00:00Z", today), "da ieri");
        assert_eq!(age("2026-12-04T08:00:00Z", today), "da 3 giorni");
        assert_eq!(whatsapp_link("+393331234567"), "https://wa.me/393331234567");
    }
}
