//! Desks whose working is not confirmed (most of them: announced, or reported only by old or undated pages).
//! Before a request goes to one, the contact page says so and offers the nearest confirmed desk and the online
//! network; the confirmation then promises only what is true.

use super::{DeskHit, DeskIndex, haversine_km};
use crate::date::Date;
use crate::sportelli::{Desk, DeskKind};

impl Desk {
    /// An office (not the online network) not confirmed on `today` ([`Desk::is_confirmed`]: the same answer
    /// the locator and the desk page show).
    pub fn unconfirmed_office(&self, today: Date, max_months: u32) -> bool {
        self.kind == DeskKind::Office && !self.is_confirmed(today, max_months)
    }
}

/// What to offer instead of an unconfirmed office.
#[derive(Debug, Clone)]
pub struct Alternatives<'a> {
    /// The confirmed office nearest to the chosen one, and how far from it.
    pub nearest_confirmed: Option<DeskHit<'a>>,
    /// The online network, which answers from anywhere.
    pub online: Option<&'a Desk>,
}

impl DeskIndex {
    /// For a chosen office whose working is not confirmed on `today`: the alternatives to offer. `None` when
    /// the desk is confirmed, is the online network, or is not known (nothing to warn about).
    pub fn alternatives(&self, chosen: &str, today: Date) -> Option<Alternatives<'_>> {
        let months = self.confirmation_months();
        let desk = self.get(chosen)?;
        if !desk.unconfirmed_office(today, months) {
            return None;
        }
        let from = desk.point();
        let nearest_confirmed = from.and_then(|from| {
            self.desks()
                .iter()
                .filter(|d| d.kind == DeskKind::Office && d.is_confirmed(today, months) && d.id != desk.id)
                .filter_map(|d| d.point().filter(|p| p.is_valid()).map(|p| DeskHit { desk: d, km: haversine_km(from, p) }))
                .min_by(|a, b| a.km.total_cmp(&b.km))
        });
        Some(Alternatives { nearest_confirmed, online: self.online().next() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sportelli::{Confirmation, SportelliFile, StatusValue};

    fn file() -> SportelliFile {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        SportelliFile::parse(&json).unwrap()
    }

    fn index() -> DeskIndex {
        DeskIndex::from_file(file())
    }

    fn day(s: &str) -> Date {
        crate::date::parse_iso(s).unwrap()
    }

    const TODAY: &str = "2026-11-27";

    #[test]
    fn an_unconfirmed_office_gets_the_nearest_confirmed_one_and_the_online_network() {
        let index = index();
        let (today, months) = (day(TODAY), index.confirmation_months());
        let unconfirmed: Vec<&Desk> = index.desks().iter().filter(|d| d.unconfirmed_office(today, months)).collect();
        assert!(!unconfirmed.is_empty());
        for d in unconfirmed {
            let alt = index.alternatives(&d.id, today).unwrap();
            let near = alt.nearest_confirmed.expect("some office is confirmed");
            assert!(near.desk.is_confirmed(today, months) && near.desk.kind == DeskKind::Office, "{} → {}", d.id, near.desk.id);
            // No confirmed office is nearer.
            let from = d.point().unwrap();
            assert!(index.desks().iter().filter(|o| o.kind == DeskKind::Office && o.is_confirmed(today, months)).all(|o| haversine_km(from, o.point().unwrap()) >= near.km - 1e-9));
            assert_eq!(alt.online.map(|o| o.kind), Some(DeskKind::Online));
        }
    }

    #[test]
    fn nothing_to_offer_for_a_confirmed_office_the_online_network_or_an_unknown_id() {
        let index = index();
        let today = day(TODAY);
        let confirmed = index.desks().iter().find(|d| d.kind == DeskKind::Office && d.is_confirmed(today, 6)).unwrap();
        assert!(index.alternatives(&confirmed.id, today).is_none());
        let online = index.online().next().unwrap();
        assert!(index.alternatives(&online.id, today).is_none());
        assert!(index.alternatives("non-esiste", today).is_none());
    }

    /// The contact page warns exactly when the locator says "da verificare": a desk's own confirmation counts
    /// for the file's `confirmation_months`, then no longer, whatever its sources say.
    #[test]
    fn the_contact_warning_follows_the_desks_own_confirmation_and_the_files_months() {
        let mut file = file();
        let active = file.sportelli.iter().position(|d| d.kind == DeskKind::Office && d.status.value == StatusValue::Active).unwrap();
        let old = file.sportelli.iter().position(|d| d.kind == DeskKind::Office && d.status.value == StatusValue::ToVerify).unwrap();
        // Confirmed by the desk seven months ago.
        file.sportelli[active].confirmed_on = Some(day("2026-04-20"));
        file.sportelli[old].confirmed_on = Some(day("2026-04-20"));
        let (active_id, old_id) = (file.sportelli[active].id.clone(), file.sportelli[old].id.clone());
        let today = day(TODAY);

        // Six months: stale → warned about, even the one its sources call active.
        file.confirmation_months = 6;
        let index = DeskIndex::from_file(file.clone());
        assert_eq!(index.get(&active_id).unwrap().confirmation(today, 6), Confirmation::Stale { on: day("2026-04-20") });
        assert!(index.alternatives(&active_id, today).is_some());
        assert!(index.alternatives(&old_id, today).is_some());
        assert!(index.alternatives(&old_id, today).unwrap().nearest_confirmed.is_none_or(|n| n.desk.id != active_id));

        // Twelve months: current → no warning, even for the one only old sources mention.
        file.confirmation_months = 12;
        let index = DeskIndex::from_file(file);
        assert_eq!(index.confirmation_months(), 12);
        assert!(index.alternatives(&active_id, today).is_none());
        assert!(index.alternatives(&old_id, today).is_none());
    }
}
