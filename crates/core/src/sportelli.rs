//! The help desks (sportelli) file, `public/data/sportelli.json`: what a desk is, how sure we are that it
//! still works, and the checks every file must pass.
//!
//! The file is generated from `data/sportelli.csv` by `microwork import-sportelli`; the app reads it with
//! [`SportelliFile::parse`] and hands it to [`crate::geo::DeskIndex`].

mod confirmation;
mod instruments;
mod measures;
mod partial_date;
pub mod proposal;
pub mod report;

pub use instruments::{
    NATIONAL_INSTRUMENTS, covers, default_instruments, is_known_instrument, is_region_measures, regional_instrument,
};
pub use confirmation::{Confirmation, DEFAULT_CONFIRMATION_MONTHS, MAX_CONFIRMATION_MONTHS, confirmation};
pub use measures::{Measure, MeasureList, Measures, Window};
pub use partial_date::PartialDate;

use crate::date::Date;
use crate::geo::Point;
use crate::hours::{Hours, OpenStatus};
use crate::lang::Text;
use serde::{Deserialize, Serialize};

/// The file's name in the data directory.
pub const FILE: &str = "sportelli.json";

/// A record whose newest dated source is older than this year is "to be verified" (PROVENANCE.md: ENM closed
/// inactive desks in 2017, so reports from before 2019 say little about today).
pub const STALE_BEFORE_YEAR: i32 = 2019;

/// `public/data/sportelli.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SportelliFile {
    /// The newest `checked_on` of the desks: the date the data speaks for.
    #[serde(with = "crate::date::iso")]
    pub generated_on: Date,
    /// A desk's own confirmation older than this many months shows as "da verificare" again: the
    /// deployment's setting (`MICROWORK_CONFIRMATION_MONTHS`), written by the server and `export-sportelli`
    /// so the app judges ages as the operator pages do. Absent in older files: the default.
    #[serde(default = "default_confirmation_months")]
    pub confirmation_months: u32,
    pub sportelli: Vec<Desk>,
}

fn default_confirmation_months() -> u32 {
    DEFAULT_CONFIRMATION_MONTHS
}

/// A help desk, or the online network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desk {
    /// Stable, URL-safe (`a-z`, `0-9`, `-`): the page is `/sportelli/<id>`.
    pub id: String,
    pub kind: DeskKind,
    pub name: Text,
    pub host: Host,
    /// Where the desk is; `null` for the online network, which is never on the map.
    pub location: Option<Location>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// `null` when unknown: hours are never guessed.
    pub hours: Option<Hours>,
    /// Ids of the instruments the desk informs and orients on (see `data/README.md` for the defaults).
    pub instruments: Vec<String>,
    pub status: Status,
    /// When the desk opened or was announced to open, as precisely as the source says.
    pub opened: Option<PartialDate>,
    /// The network it belongs to, as the sources describe it ("ENM Rete Sportelli", "ENM partner …").
    pub network: Option<String>,
    /// Editors' remarks about the record (English, not shown as desk information).
    pub notes: Option<String>,
    pub sources: Vec<Source>,
    /// When someone last checked this record against its sources.
    #[serde(with = "crate::date::iso")]
    pub checked_on: Date,
    /// The desk's promise to answer a contact request within this many working days; absent: the default
    /// ([`crate::workdays::DEFAULT_RESPONSE_DAYS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_days: Option<u8>,
    /// When the desk's own staff last confirmed the entry (issue 19); `null`/absent: never. Older than
    /// [`DEFAULT_CONFIRMATION_MONTHS`] (configurable) it shows as "da verificare" again: see [`confirmation`].
    #[serde(default, with = "crate::date::iso::option", skip_serializing_if = "Option::is_none")]
    pub confirmed_on: Option<Date>,
    /// Languages spoken at the desk (codes of [`proposal::LANGUAGES`]), as the desk says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The desk's notes on access (steps, lift, hearing loop), in Italian as the desk writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    /// `false`: the desk says it no longer works; the locator leaves it out.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskKind {
    /// A place people can walk into.
    Office,
    /// ENM's online network: offered with every search, whatever the distance.
    Online,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostType {
    Comune,
    /// Centro per l'impiego.
    Cpi,
    /// Camera di commercio.
    Cciaa,
    /// Anything else: Libero Consorzio, Unione montana, Prefettura, university, association, not stated.
    Other,
}

impl HostType {
    pub const ALL: [HostType; 4] = [HostType::Comune, HostType::Cpi, HostType::Cciaa, HostType::Other];

    pub fn code(self) -> &'static str {
        match self {
            HostType::Comune => "comune",
            HostType::Cpi => "cpi",
            HostType::Cciaa => "cciaa",
            HostType::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<HostType> {
        HostType::ALL.into_iter().find(|h| h.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    #[serde(rename = "type")]
    pub kind: HostType,
    /// The body that runs the desk ("Comune di Latina – Servizio Attività Produttive"); `null` if not stated.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Street address as the sources give it; `null` when they give none.
    pub address: Option<String>,
    pub comune: DeskComune,
    pub lat: f64,
    pub lon: f64,
    /// `office`: the desk's own position; `comune`: the comune's reference point (no street position known).
    pub geo_precision: GeoPrecision,
}

impl Location {
    pub fn point(&self) -> Point {
        Point::new(self.lat, self.lon)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskComune {
    pub istat: String,
    pub name: String,
    /// Province sigla.
    pub prov: String,
    /// Region name.
    pub region: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GeoPrecision {
    Office,
    Comune,
}

/// How sure we are that the desk works today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub value: StatusValue,
    /// The date of the newest dated source; `null` when no source is dated. Show it with the status.
    pub newest_source: Option<PartialDate>,
    /// What the sources say, in a few words ("reported active 2025-06", "announced 2024-06").
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusValue {
    /// Reported working by a source from 2019 or later.
    Active,
    /// Reported working, but only by sources older than 2019 or undated.
    ToVerify,
    /// Announced, found eligible, or otherwise not confirmed as ever opened.
    Uncertain,
}

impl StatusValue {
    pub fn code(self) -> &'static str {
        match self {
            StatusValue::Active => "active",
            StatusValue::ToVerify => "to_verify",
            StatusValue::Uncertain => "uncertain",
        }
    }

    pub fn from_code(code: &str) -> Option<StatusValue> {
        [StatusValue::Active, StatusValue::ToVerify, StatusValue::Uncertain].into_iter().find(|s| s.code() == code)
    }
}

impl Status {
    /// The status to publish: what the sources report, downgraded from active to "to verify" when the newest
    /// dated source is older than [`STALE_BEFORE_YEAR`] or no source is dated.
    pub fn derive(reported: StatusValue, sources: &[Source], note: Option<String>) -> Status {
        let newest_source = sources.iter().filter_map(|s| s.date).max();
        let stale = newest_source.is_none_or(|d| d.year() < STALE_BEFORE_YEAR);
        let value = if reported == StatusValue::Active && stale { StatusValue::ToVerify } else { reported };
        Status { value, newest_source, note }
    }
}

/// A public page the record relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    /// The page's date, as precisely as it gives it; `null` if undated.
    pub date: Option<PartialDate>,
    /// For undated pages, what is known about the period ("c. 2015", "page crawled 2024-04").
    pub date_note: Option<String>,
}

impl Desk {
    pub fn point(&self) -> Option<Point> {
        self.location.as_ref().map(Location::point)
    }

    /// "Aperto ora" and next opening; `Unknown` when the hours are not known.
    pub fn status_at(&self, date: Date, minute: u16) -> OpenStatus {
        self.hours.as_ref().map_or(OpenStatus::Unknown, |h| h.status_at(date, minute))
    }

    /// True when the desk lists `instrument`, or lists its region's funds (`regionale_puglia`) and
    /// `instrument` is one of them (`regionale_puglia_microprestito`).
    pub fn helps_with(&self, instrument: &str) -> bool {
        self.instruments.iter().any(|i| covers(i, instrument))
    }

    /// The desk's own confirmation on `today`, judged with the file's `confirmation_months`.
    pub fn confirmation(&self, today: Date, max_months: u32) -> Confirmation {
        confirmation(self.confirmed_on, today, max_months)
    }

    /// Whether the desk counts as working on `today`: everything that shows "confermato"/"da verificare"
    /// (locator, desk page, contact page) asks this. The desk's own current confirmation counts; a stale one
    /// makes it "da verificare" whatever the sources say; never confirmed by the desk: a recent source
    /// (2019 or later) reports it working.
    pub fn is_confirmed(&self, today: Date, max_months: u32) -> bool {
        match self.confirmation(today, max_months) {
            Confirmation::Confirmed { .. } => true,
            Confirmation::Stale { .. } => false,
            Confirmation::Never => self.status.value == StatusValue::Active,
        }
    }
}

/// A sportelli file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SportelliError {
    #[error("sportelli.json is not valid: {0}")]
    Malformed(String),
    #[error("sportelli.json has {} problem(s): {}", .0.len(), .0.join("; "))]
    Invalid(Vec<String>),
}

impl SportelliFile {
    /// Reads and checks `sportelli.json` (see [`SportelliFile::problems`]).
    pub fn parse(json: &str) -> Result<SportelliFile, SportelliError> {
        let file: SportelliFile = serde_json::from_str(json).map_err(|e| SportelliError::Malformed(e.to_string()))?;
        let problems = file.problems();
        if problems.is_empty() { Ok(file) } else { Err(SportelliError::Invalid(problems)) }
    }

    /// Everything wrong with the file, one line per problem, naming the desk.
    pub fn problems(&self) -> Vec<String> {
        self.located_problems()
            .into_iter()
            .map(|p| match p.desk {
                Some(id) => format!("{id}: {}", p.message),
                None => p.message,
            })
            .collect()
    }

    /// [`SportelliFile::problems`] with the JSON path of each (`sportelli[3].phone`), for `check-data`,
    /// which names the file and path of every problem.
    pub fn located_problems(&self) -> Vec<DeskProblem> {
        let mut problems = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (i, d) in self.sportelli.iter().enumerate() {
            // Reported at each later twin, so the path points at the copy to remove.
            if !seen.insert(d.id.as_str()) {
                problems.push(DeskProblem {
                    path: format!("sportelli[{i}].id"),
                    desk: None,
                    message: format!("id `{}` is used twice", d.id),
                });
            }
        }
        if !(1..=MAX_CONFIRMATION_MONTHS).contains(&self.confirmation_months) {
            problems.push(DeskProblem {
                path: "confirmation_months".into(),
                desk: None,
                message: format!("confirmation_months must be 1 to {MAX_CONFIRMATION_MONTHS}, not {}", self.confirmation_months),
            });
        }
        if !self.sportelli.iter().any(|d| d.kind == DeskKind::Online) {
            problems.push(DeskProblem {
                path: "sportelli".into(),
                desk: None,
                message: "no desk of kind `online`: the online network must always be offered".into(),
            });
        }
        for (i, d) in self.sportelli.iter().enumerate() {
            problems.extend(desk_problems(d).into_iter().map(|(field, message)| DeskProblem {
                path: format!("sportelli[{i}].{field}"),
                desk: Some(d.id.clone()),
                message,
            }));
        }
        problems
    }
}

/// One problem of a sportelli file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskProblem {
    /// JSON path: `sportelli[3].instruments[1]`, or `sportelli` for the file as a whole.
    pub path: String,
    /// The desk's id, for problems of one desk.
    pub desk: Option<String>,
    pub message: String,
}

/// The problems of one desk, each with the field it is about (a path relative to the desk).
fn desk_problems(d: &Desk) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = Vec::new();
    let mut push = |field: &str, message: String| p.push((field.to_owned(), message));
    if !is_url_safe_id(&d.id) {
        push("id", "id must be lowercase letters, digits and single hyphens".into());
    }
    if d.name.it.trim().is_empty() {
        push("name.it", "name.it is empty".into());
    }
    match (d.kind, &d.location) {
        (DeskKind::Office, None) => push("location", "an office needs a location".into()),
        (DeskKind::Online, Some(_)) => push("location", "the online network has no location".into()),
        (DeskKind::Office, Some(l)) if !l.point().is_valid() => push("location", "coordinates out of range".into()),
        _ => {}
    }
    if let Some(phone) = &d.phone
        && !is_plausible_phone(phone)
    {
        push("phone", format!("phone `{phone}` is not 6–15 digits"));
    }
    if let Some(email) = &d.email
        && !is_plausible_email(email)
    {
        push("email", format!("e-mail `{email}` is not an address"));
    }
    if let Some(site) = &d.website
        && !(site.starts_with("https://") || site.starts_with("http://"))
    {
        push("website", format!("website `{site}` must start with https://"));
    }
    if let Some(days) = d.response_days
        && !(1..=crate::workdays::MAX_RESPONSE_DAYS).contains(&days)
    {
        push("response_days", format!("response_days {days} is not 1–{} working days", crate::workdays::MAX_RESPONSE_DAYS));
    }
    if let Some(hours) = &d.hours
        && let Err(e) = hours.check()
    {
        push("hours", format!("hours: {e}"));
    }
    for (k, bad) in d.languages.iter().enumerate().filter(|(_, l)| proposal::language_name(l).is_none()) {
        push(&format!("languages[{k}]"), format!("unknown language `{bad}`"));
    }
    for (k, bad) in d.instruments.iter().enumerate().filter(|(_, i)| !is_known_instrument(i)) {
        push(&format!("instruments[{k}]"), format!("unknown instrument `{bad}`"));
    }
    if d.sources.is_empty() {
        push("sources", "no source".into());
    }
    p
}

/// `a-z`, `0-9` and single inner hyphens: safe in a URL path without escaping, and stable to type.
pub fn is_url_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// A plain phone number: digits and spaces, an optional leading `+`, 6 to 15 digits (E.164 allows 15).
/// Deliberately simple; the contact form has its own stricter check.
pub fn is_plausible_phone(phone: &str) -> bool {
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    rest.bytes().all(|b| b.is_ascii_digit() || b == b' ') && (6..=15).contains(&digits)
}

/// An e-mail address with a domain that has a dot, no display name ("Name <a@b>") and no IP literal.
pub fn is_plausible_email(email: &str) -> bool {
    use email_address::{EmailAddress, Options};
    let options = Options::default().with_required_tld().without_display_text().without_domain_literal();
    EmailAddress::parse_with_options(email, options).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(date: Option<&str>) -> Source {
        Source { url: "https://example.org".into(), date: date.and_then(PartialDate::parse), date_note: None }
    }

    #[test]
    fn old_or_undated_reports_are_to_be_verified() {
        let derive = |reported, dates: &[Option<&str>]| {
            Status::derive(reported, &dates.iter().map(|d| source(*d)).collect::<Vec<_>>(), None).value
        };
        assert_eq!(derive(StatusValue::Active, &[Some("2017-05"), Some("2025-06")]), StatusValue::Active);
        assert_eq!(derive(StatusValue::Active, &[Some("2018-12-31")]), StatusValue::ToVerify);
        assert_eq!(derive(StatusValue::Active, &[None]), StatusValue::ToVerify);
        assert_eq!(derive(StatusValue::Uncertain, &[Some("2024-06")]), StatusValue::Uncertain);
        let s = Status::derive(
            StatusValue::Active,
            &[source(Some("2021-03-04")), source(None), source(Some("2026-01"))],
            None,
        );
        assert_eq!(s.newest_source.map(|d| d.to_string()).as_deref(), Some("2026-01"));
    }

    #[test]
    fn phones_and_emails() {
        for ok in ["060606", "+39 06 0606", "0773 652 1"] {
            assert!(is_plausible_phone(ok), "{ok}");
        }
        for bad in ["06-0606", "12345", "+39 06 (0606)", "1234567890123456", "39+060606", ""] {
            assert!(!is_plausible_phone(bad), "{bad}");
        }
        assert!(is_plausible_email("sportelli@microcredito.gov.it"));
        for bad in ["info@comune", "Sportello <a@b.it>", "a@[127.0.0.1]", "no-at.it"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn ids_are_url_safe() {
        assert!(is_url_safe_id("enm-roma-goito"));
        for bad in ["Enm", "a--b", "-a", "a-", "a b", "à", ""] {
            assert!(!is_url_safe_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_file_without_the_online_entry_or_with_twin_ids_is_refused() {
        let desk = r#"{"id": "x", "kind": "office", "name": {"it": "X", "en": "X"}, "host": {"type": "comune", "name": null},
            "location": {"address": null, "comune": {"istat": "058091", "name": "Roma", "prov": "RM", "region": "Lazio"},
                         "lat": 41.9, "lon": 12.5, "geo_precision": "comune"},
            "phone": null, "email": null, "website": null, "hours": null, "instruments": [],
            "status": {"value": "active", "newest_source": "2025", "note": null}, "opened": null, "network": null,
            "notes": null, "sources": [{"url": "https://e.org", "date": "2025", "date_note": null}], "checked_on": "2026-11-26"}"#;
        let file = format!(r#"{{"generated_on": "2026-11-26", "sportelli": [{desk}, {desk}]}}"#);
        match SportelliFile::parse(&file) {
            Err(SportelliError::Invalid(p)) => {
                assert!(p.iter().any(|p| p.contains("used twice")), "{p:?}");
                assert!(p.iter().any(|p| p.contains("online")), "{p:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(SportelliFile::parse("{}"), Err(SportelliError::Malformed(_))));
    }

    #[test]
    fn the_file_carries_the_allowed_age_of_confirmations_and_older_files_get_the_default() {
        let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        let mut file = SportelliFile::parse(&shipped).unwrap();
        // A file written before the field existed still loads, with six months.
        let mut old: serde_json::Value = serde_json::from_str(&shipped).unwrap();
        old.as_object_mut().unwrap().remove("confirmation_months");
        assert_eq!(SportelliFile::parse(&old.to_string()).unwrap().confirmation_months, DEFAULT_CONFIRMATION_MONTHS);
        // Written and read back.
        file.confirmation_months = 12;
        let json = serde_json::to_string(&file).unwrap();
        assert!(json.contains(r#""confirmation_months":12"#));
        assert_eq!(SportelliFile::parse(&json).unwrap().confirmation_months, 12);
        // Never zero, never more than three years.
        for bad in [0, MAX_CONFIRMATION_MONTHS + 1] {
            file.confirmation_months = bad;
            match SportelliFile::parse(&serde_json::to_string(&file).unwrap()) {
                Err(SportelliError::Invalid(p)) => assert!(p.iter().any(|p| p.contains("confirmation_months")), "{p:?}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_desks_own_confirmation_is_judged_with_the_months_given() {
        let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data/sportelli.json")).unwrap();
        let file = SportelliFile::parse(&shipped).unwrap();
        let mut desk = file.sportelli.into_iter().find(|d| d.status.value == StatusValue::Active && d.kind == DeskKind::Office).unwrap();
        let day = |s: &str| crate::date::parse_iso(s).unwrap();
        let today = day("2026-11-27");
        // Never confirmed by the desk: its sources decide.
        assert_eq!(desk.confirmation(today, 6), Confirmation::Never);
        assert!(desk.is_confirmed(today, 6));
        // Confirmed seven months ago: stale with six months (whatever the sources say), current with twelve.
        desk.confirmed_on = Some(day("2026-04-20"));
        assert_eq!(desk.confirmation(today, 6), Confirmation::Stale { on: day("2026-04-20") });
        assert!(!desk.is_confirmed(today, 6));
        assert!(desk.is_confirmed(today, 12));
        // A desk only old sources mention counts once it confirms itself.
        desk.status.value = StatusValue::ToVerify;
        desk.confirmed_on = Some(day("2026-11-02"));
        assert!(desk.is_confirmed(today, 6));
    }
}
