//! CAP (Italian postal code) look-up with a fallback for CAPs the data does not list.
//!
//! Poste Italiane publishes no open CAP list; the data lists the CAPs of each comune but not the "generic"
//! city CAPs people still type (00100 Roma, 20100 Milano). The first digits of a CAP name its postal area
//! (first two: the province area; first three: a part of it), so an unknown CAP is answered with the
//! numerically closest known CAP sharing its first three digits, else its first two, and flagged.

use super::comuni::{Comune, Place};
use super::{Point, haversine_km};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error as _};
use std::fmt;

/// A CAP: five digits, leading zeros kept when shown ("00184").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cap(u32);

impl Cap {
    pub fn new(value: u32) -> Option<Cap> {
        (value <= 99_999).then_some(Cap(value))
    }

    /// Exactly five digits, surrounding spaces ignored.
    pub fn parse(s: &str) -> Option<Cap> {
        let s = s.trim();
        (s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok().map(Cap)).flatten()
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

impl Serialize for Cap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cap, D::Error> {
        let s = String::deserialize(d)?;
        Cap::parse(&s).ok_or_else(|| D::Error::custom(format!("`{s}` is not a CAP (5 digits)")))
    }
}

/// The answer to a CAP look-up.
#[derive(Debug, Clone)]
pub struct CapMatch<'a> {
    /// What the person typed.
    pub requested: Cap,
    /// The CAP whose comuni are listed: `requested`, or the closest known one when `fallback`.
    pub cap: Cap,
    /// True when `requested` is not in the data: the page says "CAP 00100 non trovato: uso 00118 (Roma)".
    pub fallback: bool,
    /// The comuni with that CAP (several small comuni often share one).
    pub places: Vec<Place<'a>>,
}

impl CapMatch<'_> {
    /// Where to measure distances from: the one comune's point, or for a shared CAP the comune nearest the
    /// middle of them (a real town, not a point in a field between them).
    pub fn point(&self) -> Point {
        let n = self.places.len().max(1) as f64;
        let (lat, lon) =
            self.places.iter().fold((0.0, 0.0), |(a, b), p| (a + p.comune.point.lat, b + p.comune.point.lon));
        let mean = Point::new(lat / n, lon / n);
        self.places
            .iter()
            .map(|p| p.comune.point)
            .min_by(|a, b| haversine_km(*a, mean).total_cmp(&haversine_km(*b, mean)))
            .unwrap_or(mean)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapError {
    #[error("`{0}` is not a CAP: a CAP has five digits")]
    Malformed(String),
    #[error("CAP {0} is not known, nor any CAP of the same postal area")]
    Unknown(Cap),
}

/// Every (CAP, comune) pair, sorted: exact matches by binary search, the closest CAP by its neighbours.
#[derive(Debug, Clone)]
pub(crate) struct CapIndex {
    pairs: Vec<(Cap, u32)>,
}

impl CapIndex {
    pub(crate) fn build(comuni: &[Comune]) -> CapIndex {
        let mut pairs: Vec<(Cap, u32)> =
            comuni.iter().enumerate().flat_map(|(i, c)| c.caps.iter().map(move |&cap| (cap, i as u32))).collect();
        pairs.sort_unstable();
        pairs.dedup();
        CapIndex { pairs }
    }

    /// The CAP to use for `cap`, whether it is a fallback, and the comuni (indices) with it.
    pub(crate) fn lookup(&self, cap: Cap) -> Option<(Cap, bool, impl Iterator<Item = usize> + '_)> {
        let used = if self.contains(cap) {
            cap
        } else {
            self.closest_in_area(cap, 100).or_else(|| self.closest_in_area(cap, 1000))?
        };
        let from = self.pairs.partition_point(|p| p.0 < used);
        let rows = self.pairs[from..].iter().take_while(move |p| p.0 == used).map(|p| p.1 as usize);
        Some((used, used != cap, rows))
    }

    fn contains(&self, cap: Cap) -> bool {
        self.pairs.binary_search_by(|p| p.0.cmp(&cap)).is_ok()
    }

    /// The known CAP closest to `cap` among those with the same `cap / width` (the same first digits);
    /// on a tie, the lower one.
    fn closest_in_area(&self, cap: Cap, width: u32) -> Option<Cap> {
        let (lo, hi) = (cap.0 / width * width, cap.0 / width * width + width);
        let i = self.pairs.partition_point(|p| p.0.0 < cap.0);
        let below = i.checked_sub(1).map(|j| self.pairs[j].0).filter(|c| c.0 >= lo);
        let above = self.pairs.get(i).map(|p| p.0).filter(|c| c.0 < hi);
        match (below, above) {
            (Some(b), Some(a)) => Some(if cap.0 - b.0 <= a.0 - cap.0 { b } else { a }),
            (b, a) => b.or(a),
        }
    }
}
