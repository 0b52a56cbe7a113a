//! Where a help desk's office may be, given its comune: the check `microwork import-sportelli` runs on each
//! row with coordinates, so a swapped lat/lon or a desk filed under the wrong comune is caught at import.

use crate::geo::{Point, haversine_km};

/// An office farther than this from its comune's point is probably in the wrong comune, or has lat/lon swapped.
pub const MAX_KM_FROM_COMUNE: f64 = 40.0;

#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum PositionError {
    /// Not a point on Earth (latitude beyond ±90°, longitude beyond ±180°, or not a number).
    #[error("not a position on Earth")]
    OutOfRange,
    /// Farther from the comune than [`MAX_KM_FROM_COMUNE`]; `km` is the distance.
    #[error("{km:.0} km from its comune")]
    TooFar { km: f64 },
}

/// `office` is a plausible position for a desk in the comune whose point is `comune`.
pub fn check_office_position(office: Point, comune: Point) -> Result<(), PositionError> {
    if !office.is_valid() {
        return Err(PositionError::OutOfRange);
    }
    let km = haversine_km(office, comune);
    if km > MAX_KM_FROM_COMUNE { Err(PositionError::TooFar { km }) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROMA: Point = Point::new(41.89298, 12.48354);

    #[test]
    fn an_office_near_its_comune_passes_and_a_swapped_one_does_not() {
        assert_eq!(check_office_position(Point::new(41.9028, 12.4964), ROMA), Ok(()));
        match check_office_position(Point::new(12.48, 41.89), ROMA) {
            Err(PositionError::TooFar { km }) => assert!(km > 3000.0, "{km}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(check_office_position(Point::new(95.0, 12.0), ROMA), Err(PositionError::OutOfRange));
        // Just inside and just outside the limit (0.1° of latitude is about 11 km).
        assert!(check_office_position(Point::new(41.89298 + 0.35, 12.48354), ROMA).is_ok());
        assert!(check_office_position(Point::new(41.89298 + 0.37, 12.48354), ROMA).is_err());
    }
}
