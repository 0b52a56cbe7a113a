//! `microwork assess`: what an operator or partner gets for an answers file, and what a bad file gets.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Output};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/data")
}

fn assess(answers: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.json");
    std::fs::write(&file, answers).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_microwork"))
        .arg("assess")
        .arg("--answers")
        .arg(&file)
        .arg("--data")
        .arg(data_dir())
        .args(extra)
        .output()
        .unwrap();
    (out, dir)
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn status_of<'a>(v: &'a Value, id: &str) -> &'a str {
    v["outcomes"].as_array().unwrap().iter().find(|o| o["instrument"] == id).unwrap_or_else(|| panic!("no {id}"))["status"]
        .as_str()
        .unwrap()
}

fn young_south() -> Value {
    json!({"age": 28, "gender": "M", "region": "15", "status": "disoccupato", "unemp_months": "lt12", "gol": "no", "naspi": "percepisco",
           "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0", "amount": 40000,
           "sector": "servizi", "same_ateco": "no"})
}

#[test]
fn prints_every_outcome_as_json() {
    let (out, _dir) = assess(&young_south().to_string(), &["--today", "2026-03-10"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = stdout_json(&out);
    assert_eq!(v["assessed_on"], "2026-03-10");
    let outcomes = v["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 18);
    for o in outcomes {
        for field in [
            "instrument",
            "name",
            "managing_body",
            "status",
            "criteria",
            "amounts",
            "support",
            "prepare",
            "next_steps",
            "notes",
            "sources",
            "checked_on",
            "legal_basis",
        ] {
            assert!(o.get(field).is_some(), "{} lacks {field}", o["instrument"]);
        }
    }
    assert_eq!(status_of(&v, "resto_al_sud_2"), "eligible");
    assert_eq!(status_of(&v, "autoimpiego_centro_nord"), "not_eligible");
    assert_eq!(status_of(&v, "resto_al_sud"), "closed");
    assert_eq!(status_of(&v, "naspi_anticipata"), "eligible");
    let r2 = outcomes.iter().find(|o| o["instrument"] == "resto_al_sud_2").unwrap();
    let age = r2["criteria"].as_array().unwrap().iter().find(|c| c["criterion"] == "eta").unwrap();
    assert_eq!(age["state"], "met");
    assert_eq!(age["answers"][0], json!({"question": "age", "value": 28, "display": {"it": "28", "en": "28"}}));
    assert_eq!(age["explanation"]["it"], "Hai 28 anni: rientri nella fascia da 18 a 34 anni.");
    // The documented order: the instrument comes first.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.find("\"instrument\"").unwrap() < text.find("\"status\"").unwrap());
}

#[test]
fn the_date_decides_what_is_open() {
    let (before, _a) = assess(&young_south().to_string(), &["--today", "2025-10-14"]);
    let (after, _b) = assess(&young_south().to_string(), &["--today", "2025-10-15"]);
    let (before, after) = (stdout_json(&before), stdout_json(&after));
    assert_eq!(status_of(&before, "resto_al_sud"), "eligible");
    assert_eq!(status_of(&before, "resto_al_sud_2"), "closed");
    assert_eq!(status_of(&after, "resto_al_sud"), "closed");
    assert_eq!(status_of(&after, "resto_al_sud_2"), "eligible");
    let closed = after["outcomes"].as_array().unwrap().iter().find(|o| o["instrument"] == "resto_al_sud").unwrap();
    assert_eq!(closed["closed"]["successor"]["instrument"], "resto_al_sud_2");
    // Without --today it assesses on today's date.
    let (today, _c) = assess(&young_south().to_string(), &[]);
    assert!(today.status.success());
    assert_eq!(stdout_json(&today)["assessed_on"].as_str().map(str::len), Some(10));
}

#[test]
fn a_bad_answers_file_exits_2_listing_every_bad_field() {
    let bad = json!({"age": 12, "amount": -1, "region": "99", "colour": "blu", "status": "pensionato", "gender": "F"});
    let (out, _dir) = assess(&bad.to_string(), &["--today", "2026-03-10"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no outcomes for a bad file");
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "age: ",
        "below_min",
        "amount: The amount must be more than zero",
        "region: ",
        "not_an_option",
        "colour: ",
        "unknown_question",
        "status: ",
        "5 bad answers",
    ] {
        assert!(err.contains(expected), "stderr lacks {expected:?}:\n{err}");
    }
    assert!(!err.contains("gender"), "{err}");
    // 0 € is refused too: "non lo so ancora" is the answer for an amount not known yet.
    let (zero, _z) = assess(r#"{"amount": 0}"#, &[]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("I don't know yet"));
    let (not_yet, _n) = assess(r#"{"amount": "non_so"}"#, &["--today", "2026-03-10"]);
    assert!(not_yet.status.success(), "{}", String::from_utf8_lossy(&not_yet.stderr));
    let (old, _d) = assess(r#"{"age": 101}"#, &[]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("Enter an age between 14 and 100"));
}

#[test]
fn a_file_that_is_not_answers_exits_2_and_nothing_panics() {
    for junk in
        ["", "{", "[1,2,3]", "\"hello\"", r#"{"age": 1e400}"#, r#"{"vulnerability": [1, {"a": 2}]}"#, r#"{"age": 9223372036854775808}"#]
    {
        let (out, _dir) = assess(junk, &["--today", "2026-03-10"]);
        assert_eq!(out.status.code(), Some(2), "{junk}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{junk}");
    }
}

#[test]
fn usage_errors_are_reported() {
    let (out, _dir) = assess("{}", &["--today", "14/10/2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    let out = Command::new(env!("CARGO_BIN_EXE_microwork"))
        .args(["assess", "--answers", "/nonexistent/answers.json", "--data"])
        .arg(data_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/answers.json"));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("answers.json"), "{}").unwrap();
    let no_data = Command::new(env!("CARGO_BIN_EXE_microwork"))
        .args(["assess", "--answers"])
        .arg(empty.path().join("answers.json"))
        .arg("--data")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(no_data.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_data.stderr).contains("questionnaire.json"));
}
