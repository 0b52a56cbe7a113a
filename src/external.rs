//! Links that leave the app: a phone call, an e-mail, directions on a map. One place builds them (tested here),
//! so every page writes them the same way.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What `encodeURIComponent` leaves as is: mail programs read subject and body this way.
const COMPONENT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'!').remove(b'~').remove(b'*').remove(b'\'').remove(b'(').remove(b')');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// `tel:` with the digits (and a leading `+`) of a number as people write it ("06 1234 5678").
pub fn tel(number: &str) -> String {
    format!("tel:{}", number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
}

/// `mailto:` to an address.
pub fn mailto(to: &str) -> String {
    format!("mailto:{to}")
}

/// `mailto:` with a subject and a body already written.
pub fn mailto_with(to: &str, subject: &str, body: &str) -> String {
    format!("mailto:{to}?subject={}&body={}", encode(subject), encode(body))
}

/// Directions to a point on OpenStreetMap (works on every device).
pub fn directions(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/directions?to={lat}%2C{lon}")
}

/// The same point for the phone's own map app (`geo:`), offered only on phones.
pub fn geo(lat: f64, lon: f64) -> String {
    format!("geo:{lat},{lon}?q={lat},{lon}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leave_the_app_well_formed() {
        assert_eq!(tel("+39 06 1234-5678"), "tel:+390612345678");
        assert_eq!(mailto("a@b.it"), "mailto:a@b.it");
        assert_eq!(
            mailto_with("a@b.it", "Errore: Latina", "Riga 1\nè (ok)!"),
            "mailto:a@b.it?subject=Errore%3A%20Latina&body=Riga%201%0A%C3%A8%20(ok)!"
        );
        assert_eq!(directions(41.5, 12.9), "https://www.openstreetmap.org/directions?to=41.5%2C12.9");
        assert_eq!(geo(41.5, 12.9), "geo:41.5,12.9?q=41.5,12.9");
    }
}
