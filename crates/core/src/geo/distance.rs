//! Points on the Earth and great-circle distances.

use serde::{Deserialize, Serialize};

/// Mean Earth radius (IUGG), the usual choice for haversine distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A WGS84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    pub const fn new(lat: f64, lon: f64) -> Point {
        Point { lat, lon }
    }

    /// True for finite degrees in range (lat ±90, lon ±180).
    pub fn is_valid(self) -> bool {
        self.lat.is_finite() && self.lon.is_finite() && self.lat.abs() <= 90.0 && self.lon.abs() <= 180.0
    }

    /// The point on the unit sphere. The squared straight-line (chord) distance between two such vectors grows
    /// with the great-circle distance, so ranking by it needs no trigonometry per candidate.
    pub(crate) fn unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

/// Great-circle distance in km by the haversine formula.
pub fn haversine_km(a: Point, b: Point) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

pub(crate) fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

/// A distance as people read it: "850 m" below 1 km, one decimal below 10 km ("3,4 km" in Italian), whole km above.
pub fn format_km(km: f64, lang: crate::Lang) -> String {
    let text = if km < 1.0 {
        format!("{} m", ((km * 1000.0 / 10.0).round() * 10.0) as i64)
    } else if km < 10.0 {
        format!("{:.1} km", km)
    } else {
        format!("{} km", km.round() as i64)
    };
    match lang {
        crate::Lang::En | crate::Lang::Zh => text,
        _ => text.replace('.', ","),
    }
}
