//! `microwork check-data [DIR]`: the shipped data passes; broken data is listed problem by problem with
//! file and JSON path, and fails.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/data")
}

fn check_data(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_microwork")).arg("check-data").arg(dir).output().unwrap()
}

/// A copy of the three data files, with `edit` applied to the parsed questionnaire and instruments.
fn copy_with(edit: impl FnOnce(&mut Value, &mut Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(data_dir().join(name)).unwrap()).unwrap() };
    let (mut q, mut i) = (read("questionnaire.json"), read("instruments.json"));
    edit(&mut q, &mut i);
    std::fs::write(dir.path().join("questionnaire.json"), q.to_string()).unwrap();
    std::fs::write(dir.path().join("instruments.json"), i.to_string()).unwrap();
    std::fs::copy(data_dir().join("regioni.json"), dir.path().join("regioni.json")).unwrap();
    dir
}

#[test]
fn the_shipped_data_passes() {
    let out = check_data(&data_dir());
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no problems"));
}

#[test]
fn every_problem_is_listed_with_file_and_path() {
    let dir = copy_with(|q, i| {
        q["questions"][3]["show_if"] = json!({"q": "region", "in": ["99"]});
        q["questions"][0]["hint"]["en"] = json!("");
        i["instruments"][0].as_object_mut().unwrap().remove("checked_on");
        i["instruments"][4]["sources"][0].as_object_mut().unwrap().remove("date");
        i["instruments"][4]["criteria"][1]["cases"][0]["when"] = json!({"q": "regione", "in": ["15"]});
    });
    let out = check_data(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let root = dir.path().display().to_string();
    for expected in [
        format!("{root}/questionnaire.json: questions[3].show_if.in[0]: `99` is not an option of `region`"),
        format!("{root}/questionnaire.json: questions[0].hint.en: missing English text"),
        format!("{root}/instruments.json: instruments[0].checked_on: instrument `microcredito_imprenditoriale` has no `checked_on` date"),
        format!("{root}/instruments.json: instruments[4].sources[0].date: source without a date"),
        format!("{root}/instruments.json: instruments[4].criteria[1].cases[0].when.q: unknown question `regione`"),
    ] {
        assert!(lines.contains(&expected.as_str()), "missing:\n{expected}\nin:\n{stdout}");
    }
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("5 problems"));
}

#[test]
fn malformed_or_missing_files_are_problems_too() {
    let dir = copy_with(|_, _| {});
    std::fs::write(dir.path().join("instruments.json"), r#"{"schema": 1, "texts": 3}"#).unwrap();
    std::fs::remove_file(dir.path().join("regioni.json")).unwrap();
    let out = check_data(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("instruments.json: texts: invalid type"), "{stdout}");
    assert!(stdout.contains("regioni.json: (file): the file is missing"), "{stdout}");
    let out = check_data(Path::new("/nonexistent/data"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a directory"));
}

#[test]
fn desks_are_checked_when_sportelli_json_is_there() {
    let dir = copy_with(|_, _| {});
    let mut desks: Value = serde_json::from_str(&std::fs::read_to_string(data_dir().join("sportelli.json")).unwrap()).unwrap();
    desks["sportelli"][1]["instruments"][2] = json!("regionale_puglia_nidi");
    desks["sportelli"][1]["instruments"][3] = json!("regionale_marche");
    desks["sportelli"][2]["phone"] = json!("06-0606");
    std::fs::write(dir.path().join("sportelli.json"), desks.to_string()).unwrap();
    let out = check_data(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let root = dir.path().display().to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        format!(
            "{root}/sportelli.json: sportelli[1].instruments[2]: desk `enm-latina`: instrument `regionale_puglia_nidi` \
             is neither in instruments.json nor a region's own measures (`regionale_<region>`)"
        ),
        format!("{root}/sportelli.json: sportelli[2].phone: desk `enm-misterbianco`: phone `06-0606` is not 6–15 digits"),
    ] {
        assert!(lines.contains(&expected.as_str()), "missing:\n{expected}\nin:\n{stdout}");
    }
    assert_eq!(lines.len(), 2, "`regionale_marche` (no Marche fund in instruments.json) is allowed: {stdout}");
    // No sportelli.json: nothing to check, not a problem (the copies above have none).
    std::fs::remove_file(dir.path().join("sportelli.json")).unwrap();
    assert!(check_data(dir.path()).status.success());
}

#[test]
fn with_today_every_instrument_past_its_review_date_is_listed() {
    let run = |today: &str| {
        Command::new(env!("CARGO_BIN_EXE_microwork")).arg("check-data").arg(data_dir()).args(["--today", today]).output().unwrap()
    };
    let out = run("2026-03-10");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run("2027-01-01");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines.iter().any(|l| l.contains("instruments.json: instruments[5].review_by: `autoimpiego_centro_nord` is past its review date 2026-12-31")),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problems"));
    let out = run("31/12/2026");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date in the form YYYY-MM-DD"));
}
