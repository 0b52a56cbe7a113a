//! `microwork import-sportelli`: the real binary on good and bad CSVs, and the shipped data kept in step.

use microwork_core::geo::Gazetteer;
use microwork_core::hours::OpenStatus;
use microwork_core::sportelli::{DeskKind, GeoPrecision, HostType, SportelliFile, StatusValue};
use microwork_server::commands::import_sportelli::{import, to_json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn comuni_json() -> PathBuf {
    repo().join("public/data/comuni.json")
}

fn import_cli(csv: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microwork"))
        .arg("import-sportelli")
        .arg(csv)
        .arg("--comuni")
        .arg(comuni_json())
        .args(extra)
        .output()
        .expect("run microwork")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn parsed(out: &Output) -> SportelliFile {
    assert!(out.status.success(), "import failed: {}", stderr(out));
    SportelliFile::parse(std::str::from_utf8(&out.stdout).unwrap()).unwrap()
}

#[test]
fn shipped_json_is_the_import_of_the_shipped_csv() {
    let out = import_cli(&repo().join("data/sportelli.csv"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shipped = std::fs::read_to_string(repo().join("public/data/sportelli.json")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == shipped,
        "public/data/sportelli.json is out of date: run\n  microwork import-sportelli data/sportelli.csv --out public/data/sportelli.json"
    );
}

#[test]
fn shipped_desks_keep_what_the_seed_says() {
    let file =
        SportelliFile::parse(&std::fs::read_to_string(repo().join("public/data/sportelli.json")).unwrap()).unwrap();
    let offices: Vec<_> = file.sportelli.iter().filter(|d| d.kind == DeskKind::Office).collect();
    assert_eq!(offices.len(), 52);
    // PROVENANCE.md: 11 active with a source from 2019 on, 16 only in older or undated sources, 25 uncertain.
    let count = |v: StatusValue| offices.iter().filter(|d| d.status.value == v).count();
    assert_eq!((count(StatusValue::Active), count(StatusValue::ToVerify), count(StatusValue::Uncertain)), (11, 16, 25));
    // Eight desks have hours; every one keeps the source's wording beside the structure.
    let with_hours: Vec<_> = offices.iter().filter(|d| d.hours.as_ref().is_some_and(|h| h.is_structured())).collect();
    assert_eq!(with_hours.len(), 8);
    assert!(with_hours.iter().all(|d| d.hours.as_ref().unwrap().text.is_some()));
    // No office position is known, so all are placed at their comune and say so.
    assert!(offices.iter().all(|d| d.location.as_ref().unwrap().geo_precision == GeoPrecision::Comune));
    let online: Vec<_> = file.sportelli.iter().filter(|d| d.kind == DeskKind::Online).collect();
    assert_eq!(online.len(), 1);
    assert_eq!(online[0].email.as_deref(), Some("sportelli@microcredito.gov.it"));
    assert!(online[0].location.is_none());
}

#[test]
fn good_csv_is_imported_with_places_hours_and_instruments() {
    let file = parsed(&import_cli(&fixture("sportelli_good.csv"), &[]));
    assert_eq!(file.sportelli.len(), 4);
    // generated_on defaults to the newest checked_on, so the output depends only on the input.
    assert_eq!(microwork_core::date::to_iso(file.generated_on), "2026-11-21");
    let desk = |id: &str| file.sportelli.iter().find(|d| d.id == id).unwrap();

    // No coordinates: placed at the comune's point, found by ISTAT code, with the region's instruments.
    let latina = desk("test-latina");
    let loc = latina.location.as_ref().unwrap();
    assert_eq!(
        (loc.comune.name.as_str(), loc.comune.prov.as_str(), loc.comune.region.as_str()),
        ("Latina", "LT", "Lazio")
    );
    assert_eq!(loc.geo_precision, GeoPrecision::Comune);
    assert!(latina.helps_with("autoimpiego_centro_nord") && latina.helps_with("regionale_lazio"));
    assert!(!latina.helps_with("resto_al_sud_2"));
    let hours = latina.hours.as_ref().unwrap();
    assert_eq!(hours.to_spec(), "lun 15:30-17:00; mer 15:30-17:00; chiuso agosto");
    assert_eq!(hours.text.as_deref(), Some("lunedì e mercoledì 15:30–17:00; chiuso ad agosto"));
    let aug = microwork_core::date::parse_iso("2026-08-10").unwrap();
    assert!(matches!(latina.status_at(aug, 16 * 60), OpenStatus::ClosedForClosure { .. }));
    assert_eq!(latina.status.value, StatusValue::Active);

    // Found by its German name and a lowercase province; own coordinates kept as the office's position;
    // the instruments column replaces the defaults; the only source is from 2017, so "to verify".
    let bozen = desk("test-bozen-cciaa");
    let loc = bozen.location.as_ref().unwrap();
    assert_eq!(loc.comune.istat, "021008");
    assert_eq!((loc.lat, loc.lon, loc.geo_precision), (46.4983, 11.3548, GeoPrecision::Office));
    assert_eq!(bozen.host.kind, HostType::Cciaa);
    assert_eq!(bozen.instruments, ["microcredito_imprenditoriale", "fondo_garanzia_microcredito"]);
    assert_eq!(bozen.status.value, StatusValue::ToVerify);
    assert_eq!(bozen.name.en, bozen.name.it, "a missing English name falls back to the Italian one");

    // "Forli" without the accent finds Forlì; +/- adjust the defaults; text-only hours compute nothing.
    let forli = desk("test-forli-cpi");
    assert_eq!(forli.location.as_ref().unwrap().comune.name, "Forlì");
    assert!(
        !forli.helps_with("smart_start")
            && !forli.helps_with("on_tasso_zero")
            && forli.helps_with("regionale_emilia_romagna")
    );
    assert_eq!(forli.status_at(aug, 600), OpenStatus::Unknown);
    assert_eq!(forli.hours.as_ref().unwrap().notes.as_ref().unwrap().en, "By appointment.");
    assert_eq!(forli.sources[0].date_note.as_deref(), Some("c. 2015"));

    let online = desk("test-online");
    assert_eq!(online.kind, DeskKind::Online);
    assert!(
        online.location.is_none()
            && online.helps_with("resto_al_sud_2")
            && online.helps_with("autoimpiego_centro_nord")
    );
}

#[test]
fn semicolon_csv_from_an_italian_spreadsheet_is_read() {
    // UTF-8 byte-order mark, `;` between cells, decimal commas, columns in another order.
    let file = parsed(&import_cli(&fixture("sportelli_semicolon.csv"), &[]));
    let roma = &file.sportelli[0];
    let loc = roma.location.as_ref().unwrap();
    assert_eq!((roma.id.as_str(), loc.lat, loc.lon), ("test-roma", 41.8933, 12.4829));
    assert_eq!(roma.hours.as_ref().unwrap().weekly.len(), 5);
}

#[test]
fn bad_csv_lists_every_problem_with_its_line_and_writes_nothing() {
    let out = import_cli(&fixture("sportelli_bad.csv"), &[]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout, not even a partial file");
    let err = stderr(&out);
    let expect = [
        "line 3: bad-istat: unknown comune: no ISTAT code `999999`",
        "line 4: bad-name: unknown comune `Atlantide` (RM)",
        "line 5: bad-phone: phone `06-12` is not a phone number",
        "line 6: bad-email: e-mail `info@comune` is not an e-mail address",
        "line 7: bad-hours: hours: `lun 9-25`: `25` is not a time",
        "line 8: ok-latina: duplicate id: already used on line 2",
        "line 9: bad-swapped: lat/lon are",
        "line 10: bad-many: comune_name `Milano` does not match ISTAT code 058091 (Roma (RM))",
        "line 10: bad-many: phone `12345` is not a phone number",
        "line 10: bad-many: hours: `chiuso marzobre`: `marzobre` is not a month",
        "line 10: bad-many: reported_status `actve` is not one of active, to_verify, uncertain",
        "line 10: bad-many: source `yesterday https://example.org/a`: `yesterday` is not a date",
        "line 10: bad-many: checked_on `26/11/2026` is not a date YYYY-MM-DD",
    ];
    for e in expect {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert!(!err.contains("line 2:") && !err.contains("line 11:"), "good rows are not reported:\n{err}");
    assert!(err.contains("13 problem(s); nothing written"), "{err}");
}

#[test]
fn a_failed_import_leaves_the_output_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sportelli.json");
    std::fs::write(&target, "previous").unwrap();
    let out = import_cli(&fixture("sportelli_bad.csv"), &["--out", target.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous");
    let out = import_cli(&fixture("sportelli_good.csv"), &["--out", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("{\n  \"generated_on\": \"2026-11-21\""));
}

fn gazetteer() -> Gazetteer {
    Gazetteer::from_json(&std::fs::read_to_string(comuni_json()).unwrap()).unwrap()
}

const HEADER: &str = "id,kind,name_it,host_type,comune_istat,comune_name,prov,reported_status,sources,checked_on\n";

#[test]
fn header_problems_are_reported_before_any_row() {
    let csv = "id,name_it,host_typ,comune_istat,reported_status,sources,checked_on\nx,X,comune,058091,active,2025 https://e.org,2026-01-01\n";
    let problems = import(csv.as_bytes(), &gazetteer(), None).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["line 1: unknown column `host_typ` (see data/README.md)", "line 1: missing column `host_type`"]);
}

#[test]
fn homonyms_need_the_province_and_the_online_entry_is_required() {
    let g = gazetteer();
    let csv = format!("{HEADER}castro,office,Castro,comune,,Castro,,active,2025 https://e.org,2026-01-01\n");
    let problems = import(csv.as_bytes(), &g, None).unwrap_err();
    assert!(problems[0].to_string().contains("give `prov` too"), "{problems:?}");

    let csv = format!("{HEADER}castro,office,Castro,comune,,Castro,LE,active,2025 https://e.org,2026-01-01\n");
    let problems = import(csv.as_bytes(), &g, None).unwrap_err();
    assert!(problems.iter().any(|p| p.message.contains("online")), "{problems:?}");

    let csv = format!(
        "{HEADER}castro,office,Castro,comune,,Castro,LE,active,2025 https://e.org,2026-01-01\n\
         online,online,Online,other,,,,active,n.d. https://e.org,2026-01-01\n"
    );
    let file = import(csv.as_bytes(), &g, None).unwrap();
    assert_eq!(file.sportelli[0].location.as_ref().unwrap().comune.istat, "075096");
    // What the command prints reads back as a valid file.
    assert_eq!(SportelliFile::parse(&to_json(&file)).unwrap(), file);
}

/// A row with an unknown comune as the third line of the file, in every layout an operator's tools produce.
#[test]
fn problems_name_the_line_an_editor_shows() {
    let g = gazetteer();
    let good = "ok-latina,office,Latina,comune,059011,,,active,2025-06 https://example.org/a,2026-11-26";
    let bad = "bad-istat,office,Nowhere,comune,999999,,,active,2025-06 https://example.org/a,2026-11-26";
    let multi = "\"ok-x\",office,\"Latina\nsede\",comune,059011,,,active,2025-06 https://example.org/a,2026-11-26";
    let header = HEADER.trim_end();
    for (layout, csv, line) in [
        ("LF", format!("{header}\n{good}\n{bad}\n"), 3),
        ("CRLF (Excel, Windows)", format!("{header}\r\n{good}\r\n{bad}\r\n"), 3),
        ("CR (old Mac)", format!("{header}\r{good}\r{bad}\r"), 3),
        ("byte-order mark", format!("\u{feff}{header}\n{good}\n{bad}\n"), 3),
        ("a blank line", format!("{header}\n\n{good}\n{bad}\n"), 4),
        ("a cell over two lines", format!("{header}\n{multi}\n{bad}\n"), 4),
        ("a cell over two lines, CRLF", format!("{header}\r\n{multi}\r\n{bad}\r\n").replace("Latina\nsede", "Latina\r\nsede"), 4),
    ] {
        let problems = import(csv.as_bytes(), &g, None).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text, [format!("line {line}: bad-istat: unknown comune: no ISTAT code `999999`")], "{layout}");
    }
    let short = format!("{header}\r\n{good}\r\nshort,row\r\n");
    let problems = import(short.as_bytes(), &g, None).unwrap_err();
    assert_eq!(problems[0].to_string(), "line 3: not a valid CSV row: it has 2 cells, the header has 10");
}
