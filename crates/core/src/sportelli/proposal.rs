//! A desk's own correction of its entry (issue 19): what an operator may change (address and comune with a
//! pin, phone, e-mail, website, opening hours with closures, instruments, languages, accessibility notes,
//! whether the desk is active), checked here once for the operator pages and the server; and how the
//! approved proposal becomes the published desk.
//!
//! The pin check: no comune polygons ship with the app (only each comune's reference point), so "inside the
//! comune" is approximated as "within [`PIN_RADIUS_KM`] of the comune's reference point, or
//! [`PIN_RADIUS_CAPOLUOGO_KM`] for a capoluogo" (Roma's territory reaches about 30 km from its centre). That
//! catches swapped coordinates, a pin dropped in the wrong town or region, a typo of a degree; it cannot tell
//! a pin just across the border of a neighbouring comune.

use super::{Desk, DeskComune, GeoPrecision, Location, Source, Status, is_known_instrument, is_plausible_email, is_plausible_phone};
use crate::date::Date;
use crate::geo::{Gazetteer, Place, Point, haversine_km};
use crate::hours::Hours;
use serde::{Deserialize, Serialize};

/// How far (km) a pin may be from the reference point of an ordinary comune.
pub const PIN_RADIUS_KM: f64 = 20.0;
/// The same for a capoluogo (large territories: Roma, Ravenna, Venezia).
pub const PIN_RADIUS_CAPOLUOGO_KM: f64 = 35.0;
/// Longest free texts (address, accessibility notes).
pub const MAX_TEXT_CHARS: usize = 300;
/// The URL of the source a desk's own confirmation adds (the operator pages; not a public page).
pub const DESK_SOURCE_URL: &str = "https://microwork.invalid/operatori/conferma";

/// Languages a desk may say it speaks: ISO 639 codes with their Italian and English names. `lis` is the Italian Sign
/// Language. A short, closed list so the locator can filter on it and every language has a name.
pub const LANGUAGES: [(&str, &str, &str); 20] = [
    ("it", "italiano", "Italian"),
    ("en", "inglese", "English"),
    ("fr", "francese", "French"),
    ("de", "tedesco", "German"),
    ("es", "spagnolo", "Spanish"),
    ("pt", "portoghese", "Portuguese"),
    ("ro", "rumeno", "Romanian"),
    ("sq", "albanese", "Albanian"),
    ("ar", "arabo", "Arabic"),
    ("zh", "cinese", "Chinese"),
    ("uk", "ucraino", "Ukrainian"),
    ("ru", "russo", "Russian"),
    ("pl", "polacco", "Polish"),
    ("bn", "bengalese", "Bengali"),
    ("ur", "urdu", "Urdu"),
    ("hi", "hindi", "Hindi"),
    ("pa", "punjabi", "Punjabi"),
    ("tl", "tagalog", "Tagalog"),
    ("wo", "wolof", "Wolof"),
    ("lis", "lingua dei segni italiana (LIS)", "Italian Sign Language (LIS)"),
];

/// The Italian name of a language code of [`LANGUAGES`].
pub fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).map(|(_, n, _)| *n)
}

/// The name to show in `lang`: Italian for Italian, English for every other language (the desk data's texts
/// follow the same rule).
pub fn language_label(code: &str, lang: crate::Lang) -> Option<&'static str> {
    LANGUAGES.iter().find(|(c, _, _)| *c == code).map(|(_, it, en)| if lang == crate::Lang::It { *it } else { *en })
}

/// What the operator typed, as text (the operator pages are plain forms).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposalForm {
    pub address: String,
    /// "Latina (LT)", "Latina" when the name is unique, or the ISTAT code.
    pub comune: String,
    /// The pin; both empty: the comune's reference point.
    pub lat: String,
    pub lon: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// The operators' short form: `lun, mer 9:00-13:00; chiuso agosto; chiuso 24/12-06/01`. Empty: not known.
    pub hours: String,
    pub instruments: Vec<String>,
    pub languages: Vec<String>,
    pub accessibility: String,
    pub active: bool,
}

/// A checked proposal: what the desk's entry becomes once an admin approves it. Stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskProposal {
    pub address: Option<String>,
    pub comune: DeskComune,
    pub lat: f64,
    pub lon: f64,
    pub geo_precision: GeoPrecision,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub hours: Option<Hours>,
    pub instruments: Vec<String>,
    pub languages: Vec<String>,
    pub accessibility: Option<String>,
    pub active: bool,
}

/// One thing wrong with a proposal: the form field (the input's id) and a sentence in Italian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalProblem {
    pub field: &'static str,
    pub message: String,
}

fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A coordinate typed with a comma or a dot as the decimal separator.
fn coordinate(s: &str) -> Option<f64> {
    s.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Finds the comune the operator named: an ISTAT code, "Name (PR)", or a name only one comune has.
pub fn resolve_comune<'a>(gazetteer: &'a Gazetteer, typed: &str) -> Option<Place<'a>> {
    let t = typed.trim();
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        return gazetteer.by_istat(t);
    }
    if let Some((name, rest)) = t.rsplit_once('(') {
        let prov = rest.trim_end_matches(')').trim();
        return gazetteer.by_name(name.trim(), prov);
    }
    let exact: Vec<Place<'a>> = gazetteer
        .search(t, 8)
        .into_iter()
        .filter(|m| m.quality == crate::geo::MatchQuality::Exact)
        .map(|m| m.place)
        .collect();
    match exact.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Whether `pin` may be inside `place` (see the module's note on the radius).
pub fn pin_in_comune(pin: Point, place: &Place<'_>) -> bool {
    pin.is_valid() && haversine_km(pin, place.comune.point) <= pin_radius_km(place)
}

/// How far from its reference point a pin may be in this comune.
pub fn pin_radius_km(place: &Place<'_>) -> f64 {
    if place.comune.capoluogo { PIN_RADIUS_CAPOLUOGO_KM } else { PIN_RADIUS_KM }
}

impl ProposalForm {
    /// The form as the desk is now (what the edit page shows first).
    pub fn of(desk: &Desk) -> ProposalForm {
        let loc = desk.location.as_ref();
        let exact_pin = loc.filter(|l| l.geo_precision == GeoPrecision::Office);
        ProposalForm {
            address: loc.and_then(|l| l.address.clone()).unwrap_or_default(),
            comune: loc.map(|l| format!("{} ({})", l.comune.name, l.comune.prov)).unwrap_or_default(),
            lat: exact_pin.map(|l| format!("{:.5}", l.lat)).unwrap_or_default(),
            lon: exact_pin.map(|l| format!("{:.5}", l.lon)).unwrap_or_default(),
            phone: desk.phone.clone().unwrap_or_default(),
            email: desk.email.clone().unwrap_or_default(),
            website: desk.website.clone().unwrap_or_default(),
            hours: desk.hours.as_ref().filter(|h| h.is_structured() || !h.closures.is_empty()).map(Hours::to_spec).unwrap_or_default(),
            instruments: desk.instruments.clone(),
            languages: desk.languages.clone(),
            accessibility: desk.accessibility.clone().unwrap_or_default(),
            active: desk.active,
        }
    }

    /// Checks every field; all problems at once, each with its field.
    pub fn validate(&self, gazetteer: &Gazetteer) -> Result<DeskProposal, Vec<ProposalProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: &'static str, message: String| problems.push(ProposalProblem { field, message });

        let address = clean(&self.address);
        if address.as_ref().is_some_and(|a| a.chars().count() > MAX_TEXT_CHARS) {
            problem("address", format!("L'indirizzo è troppo lungo (al massimo {MAX_TEXT_CHARS} caratteri)."));
        }
        let place = resolve_comune(gazetteer, &self.comune);
        if place.is_none() {
            problem(
                "comune",
                if self.comune.trim().is_empty() {
                    "Indica il comune dello sportello.".to_string()
                } else {
                    format!("Non troviamo il comune «{}»: scrivilo come «Latina (LT)».", self.comune.trim())
                },
            );
        }
        let pin = match (clean(&self.lat), clean(&self.lon)) {
            (None, None) => None,
            (lat, lon) => match (lat.as_deref().and_then(coordinate), lon.as_deref().and_then(coordinate)) {
                (Some(lat), Some(lon)) if Point::new(lat, lon).is_valid() => Some(Point::new(lat, lon)),
                _ => {
                    problem("lat", "La posizione sulla mappa non è valida: servono latitudine e longitudine in gradi (es. 41.89 e 12.48).".into());
                    None
                }
            },
        };
        if let (Some(pin), Some(place)) = (pin, place.as_ref())
            && !pin_in_comune(pin, place)
        {
            // Say what was checked (a distance from the comune's centre), so the operator knows what to fix.
            let km = haversine_km(pin, place.comune.point).round();
            problem(
                "lat",
                format!(
                    "Il punto sulla mappa è fuori dal comune di {name}: è a {km} km dal centro di {name}, e per {name} \
                     accettiamo al massimo {radius} km. Sposta il punto dentro il comune, o correggi latitudine e longitudine.",
                    name = place.comune.name,
                    radius = pin_radius_km(place),
                ),
            );
        }

        let phone = clean(&self.phone);
        if phone.as_ref().is_some_and(|p| !is_plausible_phone(p)) {
            problem("phone", "Il telefono deve avere da 6 a 15 cifre (spazi e un + iniziale ammessi).".into());
        }
        let email = clean(&self.email);
        if email.as_ref().is_some_and(|e| !is_plausible_email(e)) {
            problem("email", "L'indirizzo e-mail non è valido.".into());
        }
        let website = clean(&self.website);
        if website.as_ref().is_some_and(|w| !valid_website(w)) {
            problem("website", "Il sito deve essere un indirizzo che inizia con https://".into());
        }
        let hours = match clean(&self.hours) {
            None => None,
            Some(spec) => match Hours::from_spec(&spec) {
                Ok(h) => Some(h),
                Err(e) => {
                    problem("hours", format!("Orari non validi: {e}."));
                    None
                }
            },
        };
        let mut instruments: Vec<String> = Vec::new();
        for i in self.instruments.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !is_known_instrument(i) {
                problem("instruments", format!("Misura sconosciuta: «{i}»."));
            } else if !instruments.iter().any(|x| x == i) {
                instruments.push(i.to_string());
            }
        }
        let mut languages: Vec<String> = Vec::new();
        for l in self.languages.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if language_name(l).is_none() {
                problem("languages", format!("Lingua sconosciuta: «{l}»."));
            } else if !languages.iter().any(|x| x == l) {
                languages.push(l.to_string());
            }
        }
        let accessibility = clean(&self.accessibility);
        if accessibility.as_ref().is_some_and(|a| a.chars().count() > MAX_TEXT_CHARS) {
            problem("accessibility", format!("Le note sull'accessibilità sono troppo lunghe (al massimo {MAX_TEXT_CHARS} caratteri)."));
        }

        let (Some(place), true) = (place, problems.is_empty()) else { return Err(problems) };
        let point = pin.unwrap_or(place.comune.point);
        Ok(DeskProposal {
            address,
            comune: DeskComune {
                istat: place.comune.istat.clone(),
                name: place.comune.name.clone(),
                prov: place.province.code.clone(),
                region: place.region.name.clone(),
            },
            lat: point.lat,
            lon: point.lon,
            geo_precision: if pin.is_some() { GeoPrecision::Office } else { GeoPrecision::Comune },
            phone,
            email,
            website,
            hours,
            instruments,
            languages,
            accessibility,
            active: self.active,
        })
    }
}

fn valid_website(w: &str) -> bool {
    let rest = w.strip_prefix("https://").or_else(|| w.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && !r.contains(char::is_whitespace)
    })
}

impl DeskProposal {
    /// The desk as published once the proposal is approved on `decided_on`, proposed on `proposed_on`: the
    /// fields the desk may change replaced, the rest kept. A desk's own word is a dated source, and its entry
    /// counts as confirmed on the day it was proposed.
    pub fn apply(&self, desk: &Desk, proposed_on: Date) -> Desk {
        let mut d = desk.clone();
        d.location = Some(Location {
            address: self.address.clone(),
            comune: self.comune.clone(),
            lat: self.lat,
            lon: self.lon,
            geo_precision: self.geo_precision,
        });
        d.phone = self.phone.clone();
        d.email = self.email.clone();
        d.website = self.website.clone();
        d.hours = match (&self.hours, &desk.hours) {
            (None, _) => None,
            // Same structure: keep the notes and the source's wording.
            (Some(new), Some(old)) if new.weekly == old.weekly && new.closures == old.closures => Some(old.clone()),
            // Changed: the notes stay (they are about the desk), the source's wording no longer holds.
            (Some(new), old) => Some(Hours { notes: old.as_ref().and_then(|o| o.notes.clone()), text: None, ..new.clone() }),
        };
        d.instruments = self.instruments.clone();
        d.languages = self.languages.clone();
        d.accessibility = self.accessibility.clone();
        d.active = self.active;
        confirm(&mut d, proposed_on);
        d
    }
}

/// The desk confirmed by its own staff on `on`: `confirmed_on`, a dated source, the status derived again.
pub fn confirm(desk: &mut Desk, on: Date) {
    desk.confirmed_on = Some(desk.confirmed_on.map_or(on, |old| old.max(on)));
    desk.sources.retain(|s| s.url != DESK_SOURCE_URL);
    desk.sources.push(Source {
        url: DESK_SOURCE_URL.to_string(),
        date: super::PartialDate::parse(&crate::date::to_iso(on)),
        date_note: Some("confermato dallo sportello".into()),
    });
    let reported = if desk.active { super::StatusValue::Active } else { super::StatusValue::Uncertain };
    let note = if desk.active { desk.status.note.clone() } else { Some("closed, as the desk reports".into()) };
    desk.status = Status::derive(reported, &desk.sources, note);
    desk.checked_on = desk.checked_on.max(on);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{Comune, Province, Region};
    use crate::sportelli::SportelliFile;

    fn gazetteer() -> Gazetteer {
        let regions = vec![Region { code: "12".into(), name: "Lazio".into() }];
        let provinces = vec![Province { code: "LT".into(), name: "Latina".into(), region: 0 }, Province { code: "RM".into(), name: "Roma".into(), region: 0 }];
        let comune = |istat: &str, name: &str, province, lat, lon, capoluogo| Comune {
            istat: istat.into(),
            name: name.into(),
            bilingual: None,
            province,
            point: Point::new(lat, lon),
            capoluogo,
            caps: vec![],
        };
        Gazetteer::new(
            regions,
            provinces,
            vec![
                comune("059011", "Latina", 0, 41.4676, 12.9037, true),
                comune("058091", "Roma", 1, 41.8933, 12.4829, true),
                comune("059001", "Aprilia", 0, 41.5895, 12.6513, false),
            ],
        )
        .unwrap()
    }

    fn desk() -> Desk {
        let file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        SportelliFile::parse(&file).unwrap().sportelli.into_iter().find(|d| d.id == "enm-roma-goito").unwrap()
    }

    fn form() -> ProposalForm {
        ProposalForm {
            address: "Via Goito 35".into(),
            comune: "Roma (RM)".into(),
            lat: "41,9052".into(),
            lon: "12.4990".into(),
            phone: "06 0606".into(),
            email: "sportello@comune.roma.it".into(),
            website: "https://www.comune.roma.it/sportello".into(),
            hours: "lun, mer 9:00-13:00; chiuso agosto; chiuso 24/12-06/01".into(),
            instruments: vec!["microcredito_imprenditoriale".into()],
            languages: vec!["it".into(), "en".into(), "lis".into()],
            accessibility: "Ingresso senza gradini, ascensore.".into(),
            active: true,
        }
    }

    fn fields(r: Result<DeskProposal, Vec<ProposalProblem>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().into_iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_good_proposal_is_accepted_and_applied() {
        let g = gazetteer();
        let p = form().validate(&g).unwrap();
        assert_eq!(p.comune.istat, "058091");
        assert_eq!(p.geo_precision, GeoPrecision::Office);
        assert_eq!(p.hours.as_ref().unwrap().weekly.len(), 2);
        assert_eq!(p.hours.as_ref().unwrap().closures.len(), 2);
        let today = Date::from_calendar_date(2026, time::Month::November, 27).unwrap();
        let d = p.apply(&desk(), today);
        assert_eq!(d.confirmed_on, Some(today));
        assert_eq!(d.status.value, super::super::StatusValue::Active);
        assert_eq!(d.languages, ["it", "en", "lis"]);
        assert_eq!(d.hours.as_ref().unwrap().text, None, "the source's wording no longer holds");
        assert!(d.sources.iter().any(|s| s.url == DESK_SOURCE_URL));
        // Confirming twice keeps one desk source, with the newer date.
        let mut again = d.clone();
        confirm(&mut again, today.next_day().unwrap());
        assert_eq!(again.sources.iter().filter(|s| s.url == DESK_SOURCE_URL).count(), 1);
        // The whole file still passes its checks.
        let file = SportelliFile { generated_on: today, confirmation_months: crate::sportelli::DEFAULT_CONFIRMATION_MONTHS, sportelli: vec![again] };
        assert!(file.problems().iter().all(|p| p.contains("online")), "{:?}", file.problems());
    }

    #[test]
    fn the_form_of_a_desk_validates_unchanged() {
        let g = gazetteer();
        let d = desk();
        let p = ProposalForm::of(&d).validate(&g).unwrap();
        assert_eq!(p.comune.name, "Roma");
        assert_eq!(p.hours.map(|h| h.weekly), d.hours.map(|h| h.weekly));
        assert_eq!(p.geo_precision, GeoPrecision::Comune);
    }

    #[test]
    fn comuni_are_found_by_code_name_and_province_or_a_unique_name() {
        let g = gazetteer();
        assert_eq!(resolve_comune(&g, "059011").unwrap().comune.name, "Latina");
        assert_eq!(resolve_comune(&g, "latina (lt)").unwrap().comune.istat, "059011");
        assert_eq!(resolve_comune(&g, "Aprilia").unwrap().comune.istat, "059001");
        assert!(resolve_comune(&g, "Latina (RM)").is_none());
        assert!(resolve_comune(&g, "Atlantide").is_none());
    }

    #[test]
    fn a_pin_outside_the_comune_is_refused() {
        let g = gazetteer();
        // Latina's pin for a desk in Aprilia's comune... 17 km: allowed (the radius cannot tell neighbours).
        // Milano is not Roma; swapped coordinates are nowhere near.
        for (lat, lon) in [("45.4642", "9.1900"), ("12.4829", "41.8933"), ("41.45", "12.90")] {
            let f = ProposalForm { lat: lat.into(), lon: lon.into(), ..form() };
            assert_eq!(fields(f.validate(&g)), ["lat"], "{lat},{lon}");
        }
        // The message says what was checked: the distance from the comune's centre and the limit.
        let milano = ProposalForm { lat: "45.4642".into(), lon: "9.1900".into(), ..form() };
        let message = milano.validate(&g).unwrap_err().remove(0).message;
        assert!(message.contains("fuori dal comune di Roma: è a ") && message.contains(" km dal centro di Roma"), "{message}");
        assert!(message.contains("dal centro di Roma, e per Roma accettiamo al massimo 35 km"), "{message}");
        let only_one = ProposalForm { lon: String::new(), ..form() };
        assert_eq!(fields(only_one.validate(&g)), ["lat"]);
        let no_pin = ProposalForm { lat: String::new(), lon: String::new(), ..form() };
        assert_eq!(no_pin.validate(&g).unwrap().geo_precision, GeoPrecision::Comune);
        // An ordinary comune has the smaller radius: 25 km from Aprilia is out.
        let aprilia = ProposalForm { comune: "Aprilia (LT)".into(), lat: "41.80".into(), lon: "12.65".into(), ..form() };
        assert_eq!(fields(aprilia.validate(&g)), ["lat"]);
    }

    #[test]
    fn every_field_is_checked() {
        let g = gazetteer();
        let bad = ProposalForm {
            address: "x".repeat(MAX_TEXT_CHARS + 1),
            comune: "Atlantide".into(),
            lat: String::new(),
            lon: String::new(),
            phone: "06-0606".into(),
            email: "info@comune".into(),
            website: "www.comune.it".into(),
            hours: "lun 13:00-9:00".into(),
            instruments: vec!["bitcoin".into()],
            languages: vec!["klingon".into()],
            accessibility: "y".repeat(MAX_TEXT_CHARS + 1),
            active: true,
        };
        assert_eq!(
            fields(bad.validate(&g)),
            ["address", "comune", "phone", "email", "website", "hours", "instruments", "languages", "accessibility"]
        );
        for hours in ["lun 9-25", "chiuso 31/02", "mer 9:00-12:00, 11:00-13:00", "ogni tanto"] {
            let f = ProposalForm { hours: hours.into(), ..form() };
            assert_eq!(fields(f.validate(&g)), ["hours"], "{hours}");
        }
        for site in ["https://", "ftp://x.it", "https://exa mple.it", "javascript:alert(1)"] {
            let f = ProposalForm { website: site.into(), ..form() };
            assert_eq!(fields(f.validate(&g)), ["website"], "{site}");
        }
        let empty = ProposalForm { comune: String::new(), ..ProposalForm::default() };
        assert_eq!(fields(empty.validate(&g)), ["comune"]);
    }

    #[test]
    fn an_inactive_desk_is_no_longer_confirmed_active() {
        let g = gazetteer();
        let p = ProposalForm { active: false, ..form() }.validate(&g).unwrap();
        let d = p.apply(&desk(), Date::from_calendar_date(2026, time::Month::November, 27).unwrap());
        assert!(!d.active);
        assert_eq!(d.status.value, super::super::StatusValue::Uncertain);
    }
}
