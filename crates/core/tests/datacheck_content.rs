//! check-data for the content rules of issue 14: review dates (and `--today`), sources (official first, no
//! bare home pages, labelled), the adults-only rule, lines, loan terms and `{g:…}` forms. Each case breaks
//! a copy of the shipped data in one way and expects exactly that problem.

use microwork_core::datacheck::{self, DataFiles, ProblemKind};
use microwork_core::date::parse_iso;
use serde_json::{Value, json};

const QUESTIONNAIRE: &str = include_str!("../../../public/data/questionnaire.json");
const INSTRUMENTS: &str = include_str!("../../../public/data/instruments.json");
const REGIONS: &str = include_str!("../../../public/data/regioni.json");

fn shipped() -> (Value, Value) {
    (serde_json::from_str(QUESTIONNAIRE).unwrap(), serde_json::from_str(INSTRUMENTS).unwrap())
}

/// Problems as (path, message, kind), for a copy of the data edited by `edit`, optionally on a day.
fn problems(today: Option<&str>, edit: impl FnOnce(&mut Value, &mut Value)) -> Vec<(String, String, ProblemKind)> {
    let (mut q, mut i) = shipped();
    edit(&mut q, &mut i);
    let (q, i) = (q.to_string(), i.to_string());
    datacheck::check_files(DataFiles {
        questionnaire: Some(&q),
        instruments: Some(&i),
        regions: Some(REGIONS),
        today: today.and_then(parse_iso),
        ..Default::default()
    })
    .into_iter()
    .map(|p| (p.path, p.message, p.kind))
    .collect()
}

fn index_of(i: &Value, id: &str) -> usize {
    i["instruments"].as_array().unwrap().iter().position(|x| x["id"] == id).unwrap_or_else(|| panic!("no {id}"))
}

#[track_caller]
fn exactly_one(found: Vec<(String, String, ProblemKind)>, path: &str, says: &str, kind: ProblemKind) {
    assert_eq!(found.len(), 1, "{found:#?}");
    let (p, m, k) = &found[0];
    assert_eq!((p.as_str(), *k), (path, kind), "{m}");
    assert!(m.contains(says), "{m}");
}

#[test]
fn the_shipped_data_is_clean_and_up_to_date_today_in_the_tests() {
    assert_eq!(problems(Some("2026-03-10"), |_, _| {}), []);
}

#[test]
fn with_a_date_every_instrument_past_its_review_is_listed() {
    // ACN, ON and Smart&Start are reviewed at the end of 2026 (the listings' end of the window).
    let found = problems(Some("2027-01-01"), |_, _| {});
    let ids: Vec<&str> = found.iter().map(|(_, m, _)| m.split('`').nth(1).unwrap_or_default()).collect();
    assert_eq!(ids, ["autoimpiego_centro_nord", "on_tasso_zero", "smart_start"], "{found:#?}");
    assert!(found.iter().all(|(p, m, k)| *k == ProblemKind::Stale && p.ends_with(".review_by") && m.contains("last checked 2026-03-04")));
    // A year after the check, everything.
    let (_, i) = shipped();
    assert_eq!(problems(Some("2027-03-05"), |_, _| {}).len(), i["instruments"].as_array().unwrap().len());
    // The day itself is still fine.
    assert!(problems(Some("2026-12-31"), |_, _| {}).is_empty());
}

#[test]
fn review_dates_are_required_and_at_most_twelve_months_after_the_check() {
    exactly_one(
        problems(None, |_, i| {
            i["instruments"][0].as_object_mut().unwrap().remove("review_by");
        }),
        "instruments[0].review_by",
        "has no `review_by` date",
        ProblemKind::Source,
    );
    exactly_one(
        problems(None, |_, i| i["instruments"][0]["review_by"] = json!("2027-03-05")),
        "instruments[0].review_by",
        "more than 12 months after `checked_on` (at most 2027-03-04)",
        ProblemKind::Source,
    );
    exactly_one(
        problems(None, |_, i| i["instruments"][0]["review_by"] = json!("2026-03-03")),
        "instruments[0].review_by",
        "before `checked_on`",
        ProblemKind::Source,
    );
}

#[test]
fn sources_are_pages_labelled_official_or_secondary_and_official_ones_come_first() {
    let b = |i: &Value| index_of(i, "regionale_basilicata");
    exactly_one(
        problems(None, |_, i| {
            let n = b(i);
            i["instruments"][n]["sources"][1]["url"] = json!("https://www.basilicatavera.it/");
        }),
        "instruments[12].sources[1].url",
        "home page",
        ProblemKind::Source,
    );
    exactly_one(
        problems(None, |_, i| {
            let n = b(i);
            i["instruments"][n]["sources"][0].as_object_mut().unwrap().remove("kind");
        }),
        "instruments[12].sources[0].kind",
        "`official` or `secondary`",
        ProblemKind::Source,
    );
    exactly_one(
        problems(None, |_, i| {
            let n = b(i);
            i["instruments"][n]["sources"].as_array_mut().unwrap().swap(0, 1);
        }),
        "instruments[12].sources[1].kind",
        "official sources come before secondary ones",
        ProblemKind::Source,
    );
}

#[test]
fn every_measure_must_rule_out_minors() {
    exactly_one(
        problems(None, |_, i| {
            let criteria = i["instruments"][0]["criteria"].as_array_mut().unwrap();
            criteria.retain(|c| c["use"] != "maggiore_eta");
        }),
        "instruments[0].criteria",
        "a 17-year-old could fit `microcredito_imprenditoriale`",
        ProblemKind::Content,
    );
}

#[test]
fn loan_terms_are_plausible_and_an_example_rate_says_where_it_comes_from() {
    exactly_one(
        problems(None, |_, i| {
            i["instruments"][0]["loan"]["rate"].as_object_mut().unwrap().remove("source");
        }),
        "instruments[0].loan.rate.source",
        "an illustrative rate needs its source",
        ProblemKind::Source,
    );
    exactly_one(
        problems(None, |_, i| i["instruments"][0]["loan"]["max_term_months"] = json!(0)),
        "instruments[0].loan.max_term_months",
        "1 to 360",
        ProblemKind::Structure,
    );
    exactly_one(
        problems(None, |_, i| {
            i["instruments"][0].as_object_mut().unwrap().remove("loan");
        }),
        "instruments[0].loan",
        "needs its `loan` terms",
        ProblemKind::Content,
    );
    exactly_one(
        problems(None, |_, i| i["instruments"][0]["loan"]["adjust"][0]["when"] = json!({"q": "form", "in": ["srlx"]})),
        "instruments[0].loan.adjust[0].when.in[0]",
        "`srlx` is not an option of `form`",
        ProblemKind::Reference,
    );
}

#[test]
fn a_line_has_its_own_window_inside_the_instruments() {
    let se = |i: &Value| index_of(i, "selfiemployment");
    exactly_one(
        problems(None, |_, i| {
            let n = se(i);
            i["instruments"][n]["lines"][0]["closes_on"] = json!("2024-01-01");
        }),
        "instruments[7].lines[0]",
        "within the instrument's own window",
        ProblemKind::Structure,
    );
}

#[test]
fn gendered_forms_have_two_or_three_parts() {
    exactly_one(
        problems(None, |_, i| i["common_criteria"]["maggiore_eta"]["cases"][0]["explain"]["it"] = json!("Sei {g:solo} qui")),
        "common_criteria.maggiore_eta.cases[0].explain.it",
        "needs two or three non-empty forms",
        ProblemKind::Structure,
    );
    exactly_one(
        problems(None, |q, _| q["questions"][4]["options"][0]["short"]["it"] = json!("{status} e {g:a|b}")),
        "questions[4].options[0].short.it",
        "a short text takes only {g:…} forms",
        ProblemKind::Reference,
    );
}

#[test]
fn a_number_may_have_exactly_one_dont_know_answer() {
    exactly_one(
        problems(None, |q, _| {
            let amount = q["questions"].as_array_mut().unwrap().iter_mut().find(|x| x["id"] == "amount").unwrap();
            amount["options"].as_array_mut().unwrap().push(json!({"value": "tanti", "label": {"it": "Tanti", "en": "A lot"}}));
        }),
        "questions[18].options",
        "exactly one option, `non_so`",
        ProblemKind::Structure,
    );
}

#[test]
fn the_review_check_id_is_reserved() {
    exactly_one(
        problems(None, |_, i| i["common_criteria"]["maggiore_eta"]["id"] = json!("review_due")),
        "common_criteria.maggiore_eta.id",
        "the engine's own check",
        ProblemKind::Structure,
    );
}
