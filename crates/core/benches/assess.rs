//! `assess` over every instrument of the shipped data, for a few typical people. Budget: under 50 µs
//! natively per call (the app runs it on every change of answer, in wasm on slow phones).

use criterion::{Criterion, criterion_group, criterion_main};
use microwork_core::date::parse_iso;
use microwork_core::rules::Rulebook;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let rulebook =
        Rulebook::from_json(include_str!("../../../public/data/questionnaire.json"), include_str!("../../../public/data/instruments.json"))
            .expect("shipped data loads");
    let today = parse_iso("2026-03-10").expect("date");
    let people = [
        (
            "young_unemployed_south",
            r#"{"age": 28, "gender": "M", "region": "15", "status": "disoccupato", "unemp_months": "lt12", "gol": "no", "naspi": "percepisco",
                "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0", "amount": 40000,
                "sector": "servizi", "same_ateco": "no"}"#,
        ),
        (
            "company_with_unknowns",
            r#"{"age": 35, "gender": "F", "region": "12", "crater": "non_so", "status": "dipendente", "working_poor": "non_so", "gol": "non_so",
                "naspi": "no", "purpose": "nuova_attivita", "stage": "appena_aperta", "form": "srl", "women_share": "gt50", "young_share": "gt50",
                "all_women_or_under36": "no", "employees": "e1_5", "amount": 150000, "sector": "ict_innovazione", "innovative": "non_so",
                "same_ateco": "non_so", "start_date": "2026-02-20"}"#,
        ),
        (
            "family_need",
            r#"{"age": 50, "region": "03", "status": "dipendente", "working_poor": "no", "purpose": "spese_personali_familiari", "vulnerability": ["riduzione_orario"], "amount": 8000}"#,
        ),
        ("nothing_answered", "{}"),
    ];
    let mut group = c.benchmark_group("assess_all_instruments");
    for (name, json) in people {
        let answers = rulebook.questionnaire().answers_from_json(json).expect("valid answers");
        group.bench_function(name, |b| b.iter(|| rulebook.assess(black_box(&answers), black_box(today))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
