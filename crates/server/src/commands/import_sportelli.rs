//! `microwork import-sportelli FILE.csv [--comuni public/data/comuni.json] [--out FILE]`: the operators' CSV
//! of help desks → `sportelli.json`.
//!
//! Every row is checked (comune, coordinates, phone, e-mail, hours, instruments, sources, duplicate ids) and
//! every problem is reported with its line number. If there is any, the command exits non-zero and writes
//! nothing: the JSON is built in memory and printed only when the whole file is good. The columns are
//! documented in `data/README.md`.

use super::import_comuni::write_atomically;
use anyhow::{Context, Result};
use microwork_core::date::{self, Date};
use microwork_core::desk_position::{PositionError, check_office_position};
use microwork_core::geo::{Gazetteer, Place, Point};
use microwork_core::hours::Hours;
use microwork_core::lang::Text;
use microwork_core::sportelli::{
    DEFAULT_CONFIRMATION_MONTHS, Desk, DeskComune, DeskKind, GeoPrecision, Host, HostType, Location, PartialDate, Source,
    SportelliFile, Status,
    StatusValue, default_instruments, is_known_instrument, is_plausible_email, is_plausible_phone, is_url_safe_id,
};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The desks CSV (columns: see data/README.md). Comma- or semicolon-separated, UTF-8.
    pub file: PathBuf,
    /// The app's comuni file, used to place each desk at its comune and to check comune names.
    #[arg(long, default_value = "public/data/comuni.json")]
    pub comuni: PathBuf,
    /// Write the JSON to this file (replaced only when the import succeeds) instead of standard output.
    /// Prefer it to `> FILE`: the shell empties FILE before the command even starts.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The `generated_on` date, YYYY-MM-DD. Default: the newest `checked_on` in the CSV, so the output depends
    /// only on the input.
    #[arg(long)]
    pub generated_on: Option<String>,
}

/// A problem with the CSV: its line (0 for the file as a whole), the row's id if it has one, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        if let Some(id) = &self.id {
            write!(f, "{id}: ")?;
        }
        f.write_str(&self.message)
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let comuni_json =
        std::fs::read_to_string(&args.comuni).with_context(|| format!("reading {}", args.comuni.display()))?;
    let gazetteer = Gazetteer::from_json(&comuni_json).with_context(|| format!("reading {}", args.comuni.display()))?;
    let csv = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let generated_on = match &args.generated_on {
        Some(s) => Some(date::parse_iso(s).with_context(|| format!("--generated-on `{s}` is not a date YYYY-MM-DD"))?),
        None => None,
    };
    match import(&csv, &gazetteer, generated_on) {
        Ok(file) => {
            let json = to_json(&file);
            match &args.out {
                Some(path) => write_atomically(path, json.as_bytes())?,
                None => std::io::stdout().lock().write_all(json.as_bytes()).context("writing to standard output")?,
            }
            eprintln!("imported {} desks from {}", file.sportelli.len(), args.file.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            let name = args.file.display();
            for p in &problems {
                eprintln!("{name}: {p}");
            }
            eprintln!("{name}: {} problem(s); nothing written", problems.len());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The JSON exactly as shipped: pretty-printed (reviewable diffs), with a final newline.
pub fn to_json(file: &SportelliFile) -> String {
    let mut json = serde_json::to_string_pretty(file).unwrap_or_default();
    json.push('\n');
    json
}

/// The CSV columns: (name, required in the header).
pub const COLUMNS: [(&str, bool); 28] = [
    ("id", true),
    ("kind", false),
    ("name_it", true),
    ("name_en", false),
    ("host_type", true),
    ("host_name", false),
    ("comune_istat", true),
    ("comune_name", false),
    ("prov", false),
    ("address", false),
    ("lat", false),
    ("lon", false),
    ("phone", false),
    ("email", false),
    ("website", false),
    ("hours", false),
    ("hours_text", false),
    ("hours_note_it", false),
    ("hours_note_en", false),
    ("instruments", false),
    ("reported_status", true),
    ("status_note", false),
    ("opened", false),
    ("network", false),
    ("sources", true),
    ("checked_on", true),
    ("notes", false),
    ("response_days", false),
];

/// One CSV row as text; every cell is trimmed, and an empty cell means "not given".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Row {
    id: String,
    kind: String,
    name_it: String,
    name_en: String,
    host_type: String,
    host_name: String,
    comune_istat: String,
    comune_name: String,
    prov: String,
    address: String,
    lat: String,
    lon: String,
    phone: String,
    email: String,
    website: String,
    hours: String,
    hours_text: String,
    hours_note_it: String,
    hours_note_en: String,
    instruments: String,
    reported_status: String,
    status_note: String,
    opened: String,
    network: String,
    sources: String,
    checked_on: String,
    notes: String,
    response_days: String,
}

/// Reads the whole CSV and returns the file, or every problem found.
pub fn import(csv: &[u8], comuni: &Gazetteer, generated_on: Option<Date>) -> Result<SportelliFile, Vec<Problem>> {
    let file_problem = |message: String| vec![Problem { line: 0, id: None, message }];
    let csv = csv.strip_prefix("\u{feff}".as_bytes()).unwrap_or(csv);
    // Spreadsheets set to Italian save with `;` between cells.
    let header_line = csv.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if header_line.contains(&b';') && !header_line.contains(&b',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).trim(csv::Trim::All).from_reader(csv);
    let headers = reader.headers().map_err(|e| file_problem(format!("cannot read the header line: {e}")))?.clone();
    let mut problems = Vec::new();
    for h in headers.iter().filter(|h| !COLUMNS.iter().any(|c| c.0 == *h)) {
        problems.push(Problem { line: 1, id: None, message: format!("unknown column `{h}` (see data/README.md)") });
    }
    for (name, _) in COLUMNS.iter().filter(|c| c.1 && !headers.iter().any(|h| h == c.0)) {
        problems.push(Problem { line: 1, id: None, message: format!("missing column `{name}`") });
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut desks = Vec::new();
    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| physical_line(csv, p.byte()));
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                        format!("not a valid CSV row: it has {len} cells, the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "not a valid CSV row: not UTF-8 text (save the file as UTF-8)".to_string(),
                    _ => format!("not a valid CSV row: {e}"),
                };
                problems.push(Problem { line, id: None, message });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| physical_line(csv, p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row: Row = match record.deserialize(Some(&headers)) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem { line, id: None, message: format!("cannot read the row: {e}") });
                continue;
            }
        };
        let id = (!row.id.is_empty()).then(|| row.id.clone());
        let mut report = |message: String| problems.push(Problem { line, id: id.clone(), message });
        match seen_ids.get(&row.id) {
            Some(first) if !row.id.is_empty() => report(format!("duplicate id: already used on line {first}")),
            _ => {
                seen_ids.insert(row.id.clone(), line);
            }
        }
        if let Some(desk) = desk(&row, comuni, &mut report) {
            desks.push(desk);
        }
    }
    if desks.is_empty() && problems.is_empty() {
        problems.push(Problem { line: 0, id: None, message: "no desks in the file".into() });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(generated_on) = generated_on.or_else(|| desks.iter().map(|d| d.checked_on).max()) else {
        return Err(file_problem("no desks in the file".into()));
    };
    // The default age of confirmations; the server and `export-sportelli` write the deployment's own.
    let file = SportelliFile { generated_on, confirmation_months: DEFAULT_CONFIRMATION_MONTHS, sportelli: desks };
    // The same checks the app runs on the shipped file (e.g. one online entry): catch them here, not there.
    let left = file.problems();
    if left.is_empty() {
        Ok(file)
    } else {
        Err(left.into_iter().map(|message| Problem { line: 0, id: None, message }).collect())
    }
}

/// The line of the file (1 = the header) where the byte at `offset` is, as an editor or a spreadsheet numbers
/// them: every line break counts, whether `\n`, `\r\n` or a lone `\r`, including those inside quoted cells.
/// (The csv crate's own line count does not match an editor's for `\r\n` files.)
fn physical_line(csv: &[u8], offset: u64) -> u64 {
    let before = &csv[..(offset as usize).min(csv.len())];
    let breaks = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u64 + 1
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Collects a row's problems. Each check hands back something to go on with, so one bad cell does not hide
/// the problems in the next.
struct RowCheck<'a> {
    report: &'a mut dyn FnMut(String),
    failed: bool,
}

impl RowCheck<'_> {
    fn fail(&mut self, message: String) {
        self.failed = true;
        (self.report)(message);
    }

    /// The value, or `None` once the problem is reported.
    fn ok<T>(&mut self, result: Result<T, String>) -> Option<T> {
        result.map_err(|m| self.fail(m)).ok()
    }
}

/// Builds one desk, reporting every problem in the row (not only the first); `None` if there was any.
fn desk(row: &Row, comuni: &Gazetteer, report: &mut dyn FnMut(String)) -> Option<Desk> {
    let mut check = RowCheck { report, failed: false };
    if row.id.is_empty() {
        check.fail("`id` is empty".into());
    } else if !is_url_safe_id(&row.id) {
        check
            .fail(format!("id `{}` must be lowercase letters, digits and single hyphens (it appears in URLs)", row.id));
    }
    let kind = match row.kind.to_ascii_lowercase().as_str() {
        "" | "office" => DeskKind::Office,
        "online" => DeskKind::Online,
        other => {
            check.fail(format!("kind `{other}` is not `office` or `online`"));
            DeskKind::Office
        }
    };
    if row.name_it.is_empty() {
        check.fail("`name_it` is empty".into());
    }
    let host_kind = check.ok(HostType::from_code(&row.host_type.to_ascii_lowercase())
        .ok_or_else(|| format!("host_type `{}` is not one of comune, cpi, cciaa, other", row.host_type)));
    let placed = match kind {
        DeskKind::Office => check.ok(place(row, comuni).and_then(|p| location(row, &p))),
        DeskKind::Online => {
            let cells = [&row.comune_istat, &row.comune_name, &row.prov, &row.address, &row.lat, &row.lon];
            if cells.iter().any(|c| !c.is_empty()) {
                check.fail("the online entry has no comune, address or coordinates: leave those cells empty".into());
            }
            None
        }
    };
    let region_code = placed.as_ref().map(|(_, code)| code.as_str());
    if !row.phone.is_empty() && !is_plausible_phone(&row.phone) {
        check.fail(format!(
            "phone `{}` is not a phone number (digits and spaces, optional leading +, 6–15 digits)",
            row.phone
        ));
    }
    if !row.email.is_empty() && !is_plausible_email(&row.email) {
        check.fail(format!("e-mail `{}` is not an e-mail address", row.email));
    }
    let site_ok = (row.website.starts_with("https://") || row.website.starts_with("http://"))
        && !row.website.contains(char::is_whitespace);
    if !row.website.is_empty() && !site_ok {
        check.fail(format!("website `{}` must be a full address starting with https://", row.website));
    }
    let hours = check.ok(hours(row)).flatten();
    let instruments = check.ok(instruments(&row.instruments, region_code));
    let reported = check.ok(StatusValue::from_code(&row.reported_status.to_ascii_lowercase()).ok_or_else(|| {
        format!("reported_status `{}` is not one of active, to_verify, uncertain", row.reported_status)
    }));
    let opened = match row.opened.as_str() {
        "" => None,
        s => check
            .ok(PartialDate::parse(s)
                .ok_or_else(|| format!("opened `{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))),
    };
    let sources = check.ok(sources(&row.sources));
    let checked_on = check.ok(date::parse_iso(&row.checked_on)
        .ok_or_else(|| format!("checked_on `{}` is not a date YYYY-MM-DD", row.checked_on)));
    let max_days = microwork_core::workdays::MAX_RESPONSE_DAYS;
    let response_days = match row.response_days.as_str() {
        "" => None,
        s => check.ok(s.parse::<u8>().ok().filter(|d| (1..=max_days).contains(d)).map(Some).ok_or_else(|| {
            format!("response_days `{s}` is not a number of working days from 1 to {max_days}")
        })).flatten(),
    };
    if check.failed {
        return None;
    }
    let (host_kind, instruments, reported, sources, checked_on) =
        (host_kind?, instruments?, reported?, sources?, checked_on?);
    let name_en = if row.name_en.is_empty() { &row.name_it } else { &row.name_en };
    Some(Desk {
        id: row.id.clone(),
        kind,
        name: Text::new(row.name_it.as_str(), name_en.as_str()),
        host: Host { kind: host_kind, name: opt(&row.host_name) },
        location: placed.map(|(location, _)| location),
        phone: opt(&row.phone),
        email: opt(&row.email),
        website: opt(&row.website),
        hours,
        instruments,
        status: Status::derive(reported, &sources, opt(&row.status_note)),
        opened,
        network: opt(&row.network),
        notes: opt(&row.notes),
        sources,
        checked_on,
        response_days,
        // The desk's own word comes through the operator pages (issue 19), not the CSV.
        confirmed_on: None,
        languages: Vec::new(),
        accessibility: None,
        active: true,
    })
}

/// The office's location, and its region's ISTAT code (for the default instruments).
fn location(row: &Row, place: &Place) -> Result<(Location, String), String> {
    let (point, geo_precision) = coordinates(row, place)?;
    let comune = DeskComune {
        istat: place.comune.istat.clone(),
        name: place.comune.name.clone(),
        prov: place.province.code.clone(),
        region: place.region.name.clone(),
    };
    let location = Location { address: opt(&row.address), comune, lat: point.lat, lon: point.lon, geo_precision };
    Ok((location, place.region.code.clone()))
}

/// The row's comune: by ISTAT code (then name and province, if given, must agree), or by name and province.
fn place<'g>(row: &Row, comuni: &'g Gazetteer) -> Result<Place<'g>, String> {
    let place = if !row.comune_istat.is_empty() {
        let place = comuni
            .by_istat(&row.comune_istat)
            .ok_or_else(|| format!("unknown comune: no ISTAT code `{}`", row.comune_istat))?;
        if !row.comune_name.is_empty()
            && comuni
                .by_name(&row.comune_name, &place.province.code)
                .is_none_or(|p| p.comune.istat != place.comune.istat)
        {
            return Err(format!(
                "comune_name `{}` does not match ISTAT code {} ({})",
                row.comune_name,
                row.comune_istat,
                place.label()
            ));
        }
        place
    } else if !row.comune_name.is_empty() {
        if row.prov.is_empty() {
            return Err(format!(
                "comune `{}`: give `prov` too (names repeat: Castro BG and LE, Samone TO and TN)",
                row.comune_name
            ));
        }
        comuni
            .by_name(&row.comune_name, &row.prov)
            .ok_or_else(|| format!("unknown comune `{}` ({})", row.comune_name, row.prov))?
    } else {
        return Err("an office needs `comune_istat`, or `comune_name` and `prov`".into());
    };
    if !row.prov.is_empty() && !row.prov.eq_ignore_ascii_case(&place.province.code) {
        return Err(format!("prov `{}` does not match the comune {}", row.prov, place.label()));
    }
    Ok(place)
}

/// The office's own coordinates when given, else its comune's point.
fn coordinates(row: &Row, place: &Place) -> Result<(Point, GeoPrecision), String> {
    match (row.lat.is_empty(), row.lon.is_empty()) {
        (true, true) => Ok((place.comune.point, GeoPrecision::Comune)),
        (false, false) => {
            let num = |s: &str| s.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
            let (Some(lat), Some(lon)) = (num(&row.lat), num(&row.lon)) else {
                return Err(format!("lat `{}` / lon `{}` are not decimal degrees", row.lat, row.lon));
            };
            let point = Point::new(lat, lon);
            match check_office_position(point, place.comune.point) {
                Ok(()) => Ok((point, GeoPrecision::Office)),
                Err(PositionError::TooFar { km }) => {
                    Err(format!("lat/lon are {km:.0} km from {}: swapped, or the wrong comune?", place.label()))
                }
                Err(PositionError::OutOfRange) => Err(format!("lat `{}` / lon `{}` are not a position on Earth", row.lat, row.lon)),
            }
        }
        _ => Err("give both `lat` and `lon`, or neither (the desk is then placed at its comune)".into()),
    }
}

fn hours(row: &Row) -> Result<Option<Hours>, String> {
    let notes = match (row.hours_note_it.is_empty(), row.hours_note_en.is_empty()) {
        (true, true) => None,
        (false, false) => Some(Text::new(row.hours_note_it.as_str(), row.hours_note_en.as_str())),
        _ => return Err("hours notes need both `hours_note_it` and `hours_note_en`".into()),
    };
    if row.hours.is_empty() && row.hours_text.is_empty() && notes.is_none() {
        return Ok(None);
    }
    // Without `hours` the text and notes are kept but nothing is computed from them (no "aperto ora").
    let mut hours = if row.hours.is_empty() {
        Hours::default()
    } else {
        Hours::from_spec(&row.hours).map_err(|e| format!("hours: {e}"))?
    };
    hours.text = opt(&row.hours_text);
    hours.notes = notes;
    Ok(Some(hours))
}

/// Empty: the defaults for the desk's region. A list of ids replaces them; `+id` / `-id` adjust them.
fn instruments(cell: &str, region_code: Option<&str>) -> Result<Vec<String>, String> {
    let defaults = default_instruments(region_code);
    let items: Vec<&str> = cell.split([',', ' ']).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return Ok(defaults);
    }
    let adjusting = items.iter().filter(|i| i.starts_with(['+', '-'])).count();
    if adjusting != 0 && adjusting != items.len() {
        return Err(
            "instruments: either list ids (replacing the defaults) or adjust them with +id / -id, not both".into()
        );
    }
    let mut ids = if adjusting > 0 { defaults } else { Vec::new() };
    for item in items {
        let id = item.trim_start_matches(['+', '-']);
        if !is_known_instrument(id) {
            return Err(format!("instruments: unknown id `{id}`"));
        }
        if item.starts_with('-') {
            ids.retain(|i| i != id);
        } else if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

/// `DATE URL | DATE URL …`; DATE is YYYY, YYYY-MM, YYYY-MM-DD or `n.d.` with an optional `(note)`.
fn sources(cell: &str) -> Result<Vec<Source>, String> {
    let mut out = Vec::new();
    for entry in cell.split('|').map(str::trim).filter(|e| !e.is_empty()) {
        let (date, url) = entry.rsplit_once(char::is_whitespace).map(|(d, u)| (d.trim(), u)).unwrap_or(("", entry));
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("source `{entry}`: expected `DATE URL` with a URL starting with https://"));
        }
        let (date, date_note) = if let Some(rest) = date.strip_prefix("n.d.") {
            let note = rest.trim().trim_start_matches('(').trim_end_matches(')').trim();
            (None, opt(note))
        } else if let Some(d) = PartialDate::parse(date) {
            (Some(d), None)
        } else {
            return Err(format!(
                "source `{entry}`: `{date}` is not a date (YYYY, YYYY-MM, YYYY-MM-DD, or n.d. if undated)"
            ));
        };
        out.push(Source { url: url.to_string(), date, date_note });
    }
    if out.is_empty() {
        return Err("`sources` is empty: every desk needs at least one public source".into());
    }
    Ok(out)
}
