//! Answers that cannot all be true are found, with the questions to change; consistent answers, hidden
//! questions and "non so" never raise one.

use microwork_core::contradictions::{ContradictionCode as C, contradictions};
use microwork_core::date::{Date, parse_iso};
use microwork_core::questionnaire::{Answers, Questionnaire};
use serde_json::{Value, json};
use std::sync::OnceLock;

fn q() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| Questionnaire::from_json(include_str!("../../../public/data/questionnaire.json")).unwrap())
}

fn today() -> Date {
    parse_iso("2026-03-10").unwrap()
}

/// A 40-year-old man founding an SRL in Tuscany with partners of mixed age and gender.
fn company() -> Value {
    json!({"age": 40, "gender": "M", "region": "09", "status": "autonomo_o_imprenditore", "working_poor": "no", "gol": "no",
           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "srl", "women_share": "le50", "young_share": "le50",
           "all_women_or_under36": "no", "innovative": "no", "employees": "e1_5", "amount": 200000, "sector": "servizi"})
}

fn with(mut v: Value, changes: &[(&str, Value)]) -> Value {
    for (k, x) in changes {
        v[*k] = x.clone();
    }
    v
}

fn found(v: &Value) -> Vec<(C, Vec<&'static str>)> {
    let answers: Answers = q().answers_from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
    contradictions(q(), &answers, today()).into_iter().map(|c| (c.code, c.questions)).collect()
}

#[test]
fn consistent_answers_raise_nothing() {
    assert_eq!(found(&company()), []);
    assert_eq!(found(&with(company(), &[("age", json!(30)), ("young_share", json!("all")), ("all_women_or_under36", json!("si"))])), []);
    assert_eq!(found(&with(company(), &[("gender", json!("F")), ("women_share", json!("all"))])), []);
    assert_eq!(found(&with(company(), &[("gender", json!("altro")), ("women_share", json!("all"))])), [], "no answer to contradict");
}

#[test]
fn partners_that_cannot_include_the_person() {
    assert_eq!(found(&with(company(), &[("young_share", json!("all"))])), [(C::AgeVsYoungPartners, vec!["age", "young_share"])]);
    assert_eq!(found(&with(company(), &[("age", json!(36)), ("young_share", json!("all"))]))[0].0, C::AgeVsYoungPartners);
    assert_eq!(found(&with(company(), &[("age", json!(35)), ("young_share", json!("all"))])), [], "35 counts as 18–35");
    assert_eq!(found(&with(company(), &[("age", json!(17)), ("young_share", json!("all"))]))[0].0, C::AgeVsYoungPartners);
    assert_eq!(
        found(&with(company(), &[("age", json!(25)), ("young_share", json!("none"))])),
        [(C::AgeVsNoYoungPartner, vec!["age", "young_share"])]
    );
    assert_eq!(found(&with(company(), &[("women_share", json!("all"))])), [(C::GenderVsWomenPartners, vec!["gender", "women_share"])]);
    assert_eq!(
        found(&with(company(), &[("gender", json!("F")), ("women_share", json!("none"))])),
        [(C::GenderVsNoWomanPartner, vec!["gender", "women_share"])]
    );
    assert_eq!(
        found(&with(company(), &[("all_women_or_under36", json!("si"))])),
        [(C::AgeGenderVsAllWomenOrUnder36, vec!["age", "gender", "all_women_or_under36"])]
    );
    // Several at once, in a stable order.
    let many =
        found(&with(company(), &[("young_share", json!("all")), ("women_share", json!("all")), ("all_women_or_under36", json!("si"))]));
    let codes: Vec<C> = many.into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, [C::AgeVsYoungPartners, C::GenderVsWomenPartners, C::AgeGenderVsAllWomenOrUnder36]);
}

#[test]
fn the_business_and_its_dates() {
    assert_eq!(
        found(&with(company(), &[("purpose", json!("sviluppo_attivita_esistente"))])),
        [(C::ExistingBusinessIsAnIdea, vec!["purpose", "stage"])]
    );
    assert_eq!(found(&with(company(), &[("stage", json!("m36_60"))])), [(C::NewBusinessRunningForYears, vec!["purpose", "stage"])]);
    assert_eq!(found(&with(company(), &[("stage", json!("lt12m")), ("start_date", json!("2025-12-01"))])), []);
    assert_eq!(
        found(&with(company(), &[("stage", json!("lt12m")), ("start_date", json!("2023-01-01"))])),
        [(C::StartDateVsStage, vec!["stage", "start_date"])]
    );
    assert_eq!(
        found(&with(company(), &[("stage", json!("appena_aperta")), ("start_date", json!("2026-12-01"))]))[0].0,
        C::StartDateVsStage
    );
    assert_eq!(found(&with(company(), &[("stage", json!("appena_aperta")), ("start_date", json!("2026-02-20"))])), []);
}

#[test]
fn hidden_questions_and_dont_know_never_contradict() {
    // A person needing money for the family is not asked about partners: their old answers do not count.
    let family = json!({"age": 50, "gender": "M", "region": "12", "crater": "no", "status": "dipendente", "working_poor": "no",
                        "gol": "no", "naspi": "no", "purpose": "spese_personali_familiari", "vulnerability": ["riduzione_orario"],
                        "amount": 8000, "women_share": "all", "young_share": "all"});
    assert_eq!(found(&family), []);
    // Lost their job, yet an employee today.
    let lost = with(family, &[("vulnerability", json!(["disoccupazione"]))]);
    assert_eq!(found(&lost), [(C::JobLossVsEmployee, vec!["status", "vulnerability"])]);
    assert_eq!(found(&with(lost, &[("status", json!("disoccupato"))])), []);
}

#[test]
fn codes_are_stable_and_distinct() {
    let mut seen = std::collections::HashSet::new();
    for c in C::ALL {
        assert!(seen.insert(c.as_str()), "{}", c.as_str());
        assert!(c.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
        assert_eq!(serde_json::to_value(c).unwrap(), json!(c.as_str()));
    }
}
