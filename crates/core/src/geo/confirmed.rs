//! Desks whose working is not confirmed (most of them: announced, or reported only by old or undated pages).
//! Before a request goes to one, the contact page says so and offers the nearest confirmed desk and the online
//! network; the confirmation then promises only what is true.

use super::{DeskHit, DeskIndex, haversine_km};
use crate::sportelli::{Desk, DeskKind, StatusValue};

impl Desk {
    /// A recent source (2019 or later) reports it working.
    pub fn confirmed(&self) -> bool {
        self.status.value == StatusValue::Active
    }

    /// An office (not the online network) that no recent source reports working.
    pub fn unconfirmed_office(&self) -> bool {
        self.kind == DeskKind::Office && !self.confirmed()
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
    /// For a chosen office whose working is not confirmed: the alternatives to offer. `None` when the desk is
    /// confirmed, is the online network, or is not known (nothing to warn about).
    pub fn alternatives(&self, chosen: &str) -> Option<Alternatives<'_>> {
        let desk = self.get(chosen)?;
        if !desk.unconfirmed_office() {
            return None;
        }
        let from = desk.point();
        let nearest_confirmed = from.and_then(|from| {
            self.desks()
                .iter()
                .filter(|d| d.kind == DeskKind::Office && d.confirmed() && d.id != desk.id)
                .filter_map(|d| d.point().filter(|p| p.is_valid()).map(|p| DeskHit { desk: d, km: haversine_km(from, p) }))
                .min_by(|a, b| a.km.total_cmp(&b.km))
        });
        Some(Alternatives { nearest_confirmed, online: self.online().next() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sportelli::SportelliFile;

    fn index() -> DeskIndex {
        let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        DeskIndex::from_file(SportelliFile::parse(&json).unwrap())
    }

    #[test]
    fn an_unconfirmed_office_gets_the_nearest_confirmed_one_and_the_online_network() {
        let index = index();
        let unconfirmed: Vec<&Desk> = index.desks().iter().filter(|d| d.unconfirmed_office()).collect();
        assert!(!unconfirmed.is_empty());
        for d in unconfirmed {
            let alt = index.alternatives(&d.id).unwrap();
            let near = alt.nearest_confirmed.expect("some office is confirmed");
            assert!(near.desk.confirmed() && near.desk.kind == DeskKind::Office, "{} → {}", d.id, near.desk.id);
            // No confirmed office is nearer.
            let from = d.point().unwrap();
            assert!(index.desks().iter().filter(|o| o.kind == DeskKind::Office && o.confirmed()).all(|o| haversine_km(from, o.point().unwrap()) >= near.km - 1e-9));
            assert_eq!(alt.online.map(|o| o.kind), Some(DeskKind::Online));
        }
    }

    #[test]
    fn nothing_to_offer_for_a_confirmed_office_the_online_network_or_an_unknown_id() {
        let index = index();
        let confirmed = index.desks().iter().find(|d| d.kind == DeskKind::Office && d.confirmed()).unwrap();
        assert!(index.alternatives(&confirmed.id).is_none());
        let online = index.online().next().unwrap();
        assert!(index.alternatives(&online.id).is_none());
        assert!(index.alternatives("non-esiste").is_none());
    }
}
