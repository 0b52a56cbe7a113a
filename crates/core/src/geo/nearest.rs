//! Nearest desks with filters.
//!
//! Each office's position is kept as a unit vector; ranking by squared chord length (three subtractions and
//! three products) gives the same order as the great-circle distance, so a query over 10,000 desks is one
//! tight loop, and the haversine distance in km is computed only for the k desks returned.

use super::distance::chord2;
use super::{Point, haversine_km};
use crate::date::Weekday;
use crate::sportelli::{Desk, DeskKind, HostType, SportelliFile, StatusValue, covers};
use std::collections::HashMap;

/// Beyond this distance the page says there is no desk nearby and stresses the online option.
pub const NEAR_KM: f64 = 50.0;

/// What the person asked for. The default (all empty) accepts every desk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskFilter {
    /// Host types to accept; empty accepts all.
    pub host_types: Vec<HostType>,
    /// Only desks that help with at least one of these instrument ids (the results page passes every instrument
    /// that may fit the person); empty accepts all.
    pub instruments: Vec<String>,
    /// Only desks whose weekly hours include this weekday. Desks with unknown hours are left out: we cannot
    /// say they open that day.
    pub open_on: Option<Weekday>,
}

/// A desk and its great-circle distance from the search point.
#[derive(Debug, Clone, Copy)]
pub struct DeskHit<'a> {
    pub desk: &'a Desk,
    pub km: f64,
}

/// The answer to "which desks are near me".
#[derive(Debug, Clone)]
pub struct Nearest<'a> {
    /// Up to k offices, nearest first (at equal distance: active before to-verify before uncertain).
    pub hits: Vec<DeskHit<'a>>,
    /// Some office passes the filters but none is within [`NEAR_KM`]: say so; `hits` still lists the nearest.
    /// `false` when `hits` is empty: then no desk matches the filters at all, which the page says instead
    /// ("none within 50 km, here are the nearest" would point at a list that is not there).
    pub nothing_near: bool,
    /// The online network, offered every time and never placed on the map.
    pub online: Vec<&'a Desk>,
}

#[derive(Debug, Clone)]
struct Office {
    desk: u32,
    v: [f64; 3],
    host: u8,
    days: u8,
    status: u8,
}

/// The desks, ready for nearest-k queries and look-ups by id.
#[derive(Debug, Clone)]
pub struct DeskIndex {
    desks: Vec<Desk>,
    offices: Vec<Office>,
    online: Vec<u32>,
    /// Desk indices sorted by id.
    by_id: Vec<u32>,
    /// Per instrument id: a bitset over `offices` of those that help with it.
    instruments: Vec<(String, Vec<u64>)>,
    /// The file's allowed age of a desk's own confirmation.
    confirmation_months: u32,
}

fn host_bit(h: HostType) -> u8 {
    1 << (h as u8)
}

fn day_bit(d: Weekday) -> u8 {
    1 << d.number_days_from_monday()
}

impl DeskIndex {
    pub fn from_file(file: SportelliFile) -> DeskIndex {
        DeskIndex { confirmation_months: file.confirmation_months, ..DeskIndex::new(file.sportelli) }
    }

    pub fn new(desks: Vec<Desk>) -> DeskIndex {
        let mut offices = Vec::with_capacity(desks.len());
        let mut online = Vec::new();
        for (i, d) in desks.iter().enumerate() {
            match (d.kind, d.point()) {
                // A desk that says it no longer works is left out of every search (issue 19).
                (DeskKind::Office, Some(p)) if p.is_valid() && d.active => offices.push(Office {
                    desk: i as u32,
                    v: p.unit_vector(),
                    host: host_bit(d.host.kind),
                    days: d.hours.as_ref().map_or(0, |h| h.weekly.iter().fold(0, |m, r| m | day_bit(r.day))),
                    status: match d.status.value {
                        StatusValue::Active => 0,
                        StatusValue::ToVerify => 1,
                        StatusValue::Uncertain => 2,
                    },
                }),
                (DeskKind::Online, _) => online.push(i as u32),
                // An office without a usable position cannot be ranked by distance (the file check reports it).
                _ => {}
            }
        }
        let mut instruments: Vec<(String, Vec<u64>)> = Vec::new();
        let mut slots: HashMap<&str, usize> = HashMap::new();
        let words = offices.len() / 64 + 1;
        for (pos, o) in offices.iter().enumerate() {
            for id in &desks[o.desk as usize].instruments {
                let slot = *slots.entry(id.as_str()).or_insert_with(|| {
                    instruments.push((id.clone(), vec![0; words]));
                    instruments.len() - 1
                });
                instruments[slot].1[pos / 64] |= 1 << (pos % 64);
            }
        }
        let mut by_id: Vec<u32> = (0..desks.len() as u32).collect();
        by_id.sort_by(|&a, &b| desks[a as usize].id.cmp(&desks[b as usize].id));
        DeskIndex { desks, offices, online, by_id, instruments, confirmation_months: crate::sportelli::DEFAULT_CONFIRMATION_MONTHS }
    }

    /// How many months a desk's own confirmation counts (the file's `confirmation_months`): pass it to
    /// [`Desk::confirmation`] and [`Desk::is_confirmed`].
    pub fn confirmation_months(&self) -> u32 {
        self.confirmation_months
    }

    pub fn desks(&self) -> &[Desk] {
        &self.desks
    }

    /// The desk with this id (the `/sportelli/<id>` page).
    pub fn get(&self, id: &str) -> Option<&Desk> {
        let i = self.by_id.binary_search_by(|&i| self.desks[i as usize].id.as_str().cmp(id)).ok()?;
        Some(&self.desks[self.by_id[i] as usize])
    }

    pub fn online(&self) -> impl Iterator<Item = &Desk> {
        self.online.iter().map(|&i| &self.desks[i as usize])
    }

    /// The `k` offices nearest to `from` that pass `filter`, with distances, the "nothing near" flag, and the
    /// online network.
    pub fn nearest(&self, from: Point, k: usize, filter: &DeskFilter) -> Nearest<'_> {
        let online = self.online().collect();
        let hosts = if filter.host_types.is_empty() {
            u8::MAX
        } else {
            filter.host_types.iter().fold(0, |m, &h| m | host_bit(h))
        };
        let days = filter.open_on.map(day_bit);
        // The offices that help with any asked instrument: those listing it, and for a regional fund those
        // listing their region's funds (see `sportelli::covers`).
        let instrument: Option<Vec<u64>> = (!filter.instruments.is_empty()).then(|| {
            let mut bits = vec![0u64; self.offices.len() / 64 + 1];
            for (_, listed) in
                self.instruments.iter().filter(|(id, _)| filter.instruments.iter().any(|asked| covers(id, asked)))
            {
                bits.iter_mut().zip(listed).for_each(|(b, l)| *b |= l);
            }
            bits
        });
        if instrument.as_ref().is_some_and(|bits| bits.iter().all(|&b| b == 0)) {
            // No desk helps with it: nothing passes the filter (no hits, so not "nothing near" either).
            return Nearest { hits: Vec::new(), nothing_near: false, online };
        }
        if k == 0 || !from.is_valid() {
            return Nearest { hits: Vec::new(), nothing_near: false, online };
        }
        let q = from.unit_vector();
        // The k best so far, sorted: (chord², status rank, office position).
        let mut best: Vec<(f64, u8, u32)> = Vec::with_capacity(k + 1);
        for (pos, o) in self.offices.iter().enumerate() {
            if o.host & hosts == 0 || days.is_some_and(|d| o.days & d == 0) {
                continue;
            }
            if let Some(bits) = &instrument
                && bits[pos / 64] >> (pos % 64) & 1 == 0
            {
                continue;
            }
            let d2 = chord2(&q, &o.v);
            let entry = (d2, o.status, pos as u32);
            if best.len() == k {
                match best.last() {
                    Some(worst) if !less(&entry, worst) => continue,
                    _ => {}
                }
            }
            let at = best.partition_point(|b| less(b, &entry));
            best.insert(at, entry);
            best.truncate(k);
        }
        let hits: Vec<DeskHit<'_>> = best
            .iter()
            .map(|&(_, _, pos)| {
                let desk = &self.desks[self.offices[pos as usize].desk as usize];
                DeskHit { desk, km: desk.point().map_or(f64::INFINITY, |p| haversine_km(from, p)) }
            })
            .collect();
        // Only about desks that exist: with no hit, the filters matched nothing (see `Nearest::nothing_near`).
        let nothing_near = hits.first().is_some_and(|h| h.km > NEAR_KM);
        Nearest { hits, nothing_near, online }
    }
}

impl DeskIndex {
    /// Offices in a region that pass `filter`, by comune then name: what the locator lists before the person has
    /// said where they are (coming from the results page, which knows only their region).
    pub fn in_region(&self, region_name: &str, filter: &DeskFilter) -> Vec<&Desk> {
        let wanted = super::fold(region_name);
        let mut out: Vec<&Desk> = self
            .offices
            .iter()
            .map(|o| &self.desks[o.desk as usize])
            .filter(|d| d.location.as_ref().is_some_and(|l| super::fold(&l.comune.region) == wanted))
            .filter(|d| filter.accepts(d))
            .collect();
        out.sort_by(|a, b| {
            let key = |d: &Desk| (d.location.as_ref().map(|l| l.comune.name.clone()), d.name.it.clone());
            key(a).cmp(&key(b))
        });
        out
    }
}

fn less(a: &(f64, u8, u32), b: &(f64, u8, u32)) -> bool {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)).is_lt()
}
