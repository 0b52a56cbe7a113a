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
