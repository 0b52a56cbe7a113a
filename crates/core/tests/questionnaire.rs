//! The questionnaire as a person walks it: the path and its branching, "Domanda n di N", back and
//! forward, resuming, what typing does, answers files, share links — over the shipped
//! `questionnaire.json` — and the data checks over broken copies of the data files.

use microwork_core::datacheck::{self, DataFiles, ProblemKind};
use microwork_core::questionnaire::{
    Answer, Answers, AnswersFileError, InputCode, Kind, Questionnaire, RawInput, ShareError, decode, encode,
};
use microwork_core::rules::{AssessmentSummary, Rulebook, Status, relevant};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

const QUESTIONNAIRE: &str = include_str!("../../../public/data/questionnaire.json");
const INSTRUMENTS: &str = include_str!("../../../public/data/instruments.json");
const REGIONS: &str = include_str!("../../../public/data/regioni.json");
const SPORTELLI: &str = include_str!("../../../public/data/sportelli.json");

fn q() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| Questionnaire::from_json(QUESTIONNAIRE).unwrap_or_else(|e| panic!("{e}")))
}

fn answers(v: Value) -> Answers {
    q().answers_from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn ids(path: Vec<&microwork_core::questionnaire::Question>) -> Vec<&str> {
    path.into_iter().map(|q| q.id.as_str()).collect()
}

fn day(s: &str) -> microwork_core::date::Date {
    microwork_core::date::parse_iso(s).unwrap()
}

// ------------------------------------------------------------------------------------------ the file

#[test]
fn the_public_contract_of_ids_and_values_holds() {
    let expected: &[(&str, &[&str])] = &[
        ("gender", &["F", "M", "altro"]),
        ("crater", &["si", "no", "non_so"]),
        ("status", &["disoccupato", "inoccupato_inattivo", "studente", "dipendente", "autonomo_o_imprenditore"]),
        ("unemp_months", &["lt12", "ge12"]),
        ("working_poor", &["si", "no", "non_so"]),
        ("gol", &["si", "no", "non_so"]),
        ("naspi", &["percepisco", "ho_diritto", "dis_coll", "no"]),
        ("purpose", &["nuova_attivita", "sviluppo_attivita_esistente", "spese_personali_familiari"]),
        ("vulnerability", &["disoccupazione", "riduzione_orario", "non_autosufficienza", "calo_reddito", "nessuna"]),
        ("stage", &["idea", "appena_aperta", "lt12m", "m12_36", "m36_60", "gt60m"]),
        (
            "form",
            &[
                "autonomo_professionista",
                "ditta_individuale",
                "soc_persone",
                "srls",
                "srl",
                "cooperativa",
                "stp_assoc_prof",
                "spa_altro",
                "non_so",
            ],
        ),
        ("albo", &["si", "no"]),
        ("women_share", &["none", "le50", "gt50", "ge60", "ge67", "all"]),
        ("young_share", &["none", "le50", "gt50", "all"]),
        ("all_women_or_under36", &["si", "no"]),
        ("employees", &["e0", "e1_5", "e6_10", "e11_49", "e50plus"]),
        (
            "sector",
            &[
                "agricoltura_primaria",
                "trasformazione_agroalimentare",
                "industria_artigianato",
                "commercio",
                "turismo",
                "servizi",
                "libera_professione",
                "ict_innovazione",
                // Added later, at the end: earlier share links keep their meaning.
                "non_so",
            ],
        ),
        ("innovative", &["si", "no", "non_so"]),
        ("same_ateco", &["si", "no", "non_so"]),
    ];
    for (id, values) in expected {
        let question = q().question(id).unwrap_or_else(|| panic!("no question {id}"));
        let actual: Vec<&str> = question.options.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(actual, *values, "{id}");
    }
    let regions: Vec<&str> = q().question("region").unwrap().options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(regions, (1..=20).map(|n| format!("{n:02}")).collect::<Vec<_>>());
    assert_eq!(q().question("age").map(|a| (a.kind, a.min, a.max)), Some((Kind::Integer, Some(14), Some(100))));
    assert_eq!(q().question("amount").map(|a| (a.kind, a.min)), Some((Kind::Integer, Some(1))));
    assert_eq!(q().question("amount").and_then(|a| a.unknown_choice()).map(|c| c.value.as_str()), Some("non_so"));
    assert_eq!(q().question("start_date").map(|a| a.kind), Some(Kind::Date));
    assert_eq!(q().question("vulnerability").map(|a| a.kind), Some(Kind::Multiple));
    assert_eq!(q().question("crater").and_then(|c| c.unknown_choice()).map(|c| c.label.it.as_str()), Some("Non so"));
}

#[test]
fn the_shipped_data_has_no_problems() {
    let problems = datacheck::check_files(DataFiles {
        questionnaire: Some(QUESTIONNAIRE),
        instruments: Some(INSTRUMENTS),
        regions: Some(REGIONS),
        sportelli: Some(SPORTELLI),
        ..Default::default()
    });
    assert!(problems.is_empty(), "{}", problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"));
}

// ------------------------------------------------------------------------------------------ the path

#[test]
fn a_person_needing_money_for_the_family_skips_the_business_questions() {
    let a = answers(json!({"age": 50, "gender": "F", "region": "12", "crater": "no", "status": "dipendente", "working_poor": "no",
                           "gol": "no", "naspi": "no", "purpose": "spese_personali_familiari"}));
    assert_eq!(
        ids(q().path(&a)),
        ["age", "gender", "region", "crater", "status", "working_poor", "gol", "naspi", "purpose", "vulnerability", "amount"]
    );
    assert_eq!(q().next("purpose", &a).map(|q| q.id.as_str()), Some("vulnerability"));
    assert_eq!(q().next("vulnerability", &a).map(|q| q.id.as_str()), Some("amount"));
    assert_eq!(q().next("amount", &a), None, "then: check your answers");
    assert_eq!(q().previous("amount", &a).map(|q| q.id.as_str()), Some("vulnerability"));
    assert_eq!(q().previous("age", &a), None, "then: the start page");
    assert_eq!(q().position("purpose", &a), Some((9, 11)));
    assert_eq!(q().position("stage", &a), None, "not asked");
}

#[test]
fn branching_follows_the_answers() {
    let base = json!({"age": 28, "gender": "M", "region": "15", "status": "disoccupato", "unemp_months": "lt12", "gol": "no",
                      "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
                      "amount": 40000, "sector": "servizi", "same_ateco": "no"});
    let a = answers(base.clone());
    assert_eq!(
        ids(q().path(&a)),
        [
            "age",
            "gender",
            "region",
            "status",
            "unemp_months",
            "gol",
            "naspi",
            "purpose",
            "stage",
            "form",
            "employees",
            "amount",
            "sector",
            "same_ateco"
        ]
    );
    assert!(q().is_complete(&a));
    // A region of central Italy asks about the earthquake crater; the crater is asked right after it.
    let mut lazio = a.clone().with("region", Answer::choice("12"));
    assert_eq!(q().next("region", &lazio).map(|q| q.id.as_str()), Some("crater"));
    assert_eq!(q().first_unanswered(&lazio).map(|q| q.id.as_str()), Some("crater"));
    lazio.set("crater", Answer::choice("non_so"));
    assert!(q().is_complete(&lazio), "«non so» is an answer");
    // A company asks about the partners; a capital company about being an innovative startup.
    let srl = a.clone().with("form", Answer::choice("srl"));
    let path = ids(q().path(&srl));
    for id in ["women_share", "young_share", "all_women_or_under36", "innovative"] {
        assert!(path.contains(&id), "{id} in {path:?}");
    }
    assert_eq!(q().first_unanswered(&srl).map(|q| q.id.as_str()), Some("women_share"));
    // Over 34, or an older business: the ATECO question of the youth measures is not asked.
    assert!(!q().is_shown("same_ateco", &a.clone().with("age", Answer::Integer(35))));
    assert!(q().is_shown("same_ateco", &a.clone().with("age", Answer::Integer(34))));
    assert!(!q().is_shown("same_ateco", &a.clone().with("stage", Answer::choice("m12_36"))));
    // Already started: the start date is asked.
    assert!(q().is_shown("start_date", &a.clone().with("stage", Answer::choice("lt12m"))));
    assert!(!q().is_shown("start_date", &a));
}

#[test]
fn the_count_accounts_for_skipped_questions_and_only_shrinks() {
    // Fresh start: questions whose branching depends on answers not given yet are counted.
    let empty = Answers::new();
    let (_, total_at_start) = q().position("age", &empty).unwrap();
    assert_eq!(q().first_unanswered(&empty).map(|q| q.id.as_str()), Some("age"));
    let mut a = Answers::new();
    let mut last_total = total_at_start;
    let mut n = 0;
    for (id, v) in [
        ("age", Answer::Integer(30)),
        ("gender", Answer::choice("F")),
        ("region", Answer::choice("03")),
        ("status", Answer::choice("dipendente")),
        ("working_poor", Answer::choice("no")),
        ("gol", Answer::choice("no")),
        ("naspi", Answer::choice("no")),
        ("purpose", Answer::choice("nuova_attivita")),
    ] {
        n += 1;
        let (pos, total) = q().position(id, &a).unwrap_or_else(|| panic!("{id} not on the path"));
        assert_eq!(pos, n, "{id}");
        assert!(total <= last_total, "the total grew at {id}: {total} > {last_total}");
        last_total = total;
        a.set(id, v);
        assert_eq!(q().first_unanswered(&a).and_then(|next| q().previous(&next.id, &a)).map(|p| p.id.as_str()), Some(id));
    }
    assert!(last_total < total_at_start);
}

#[test]
fn changing_an_answer_prunes_what_no_longer_applies() {
    let a = answers(json!({"age": 30, "region": "12", "crater": "si", "status": "dipendente", "working_poor": "si",
                           "purpose": "nuova_attivita", "stage": "idea", "form": "srl", "women_share": "all", "young_share": "all",
                           "all_women_or_under36": "si", "innovative": "si"}));
    let changed = a
        .clone()
        .with("region", Answer::choice("15"))
        .with("status", Answer::choice("disoccupato"))
        .with("form", Answer::choice("ditta_individuale"));
    let pruned = q().prune(&changed);
    for gone in ["crater", "working_poor", "women_share", "young_share", "all_women_or_under36", "innovative"] {
        assert!(!pruned.contains(gone), "{gone} should be dropped");
    }
    assert_eq!(pruned.get("region"), Some(&Answer::choice("15")));
    assert_eq!(q().prune(&pruned), pruned, "pruning twice changes nothing");
    assert!(!q().prune(&Answers::new().with("nope", Answer::Integer(1))).contains("nope"));
    // A path question whose answer was removed is where to resume.
    let personal = q().prune(&changed.with("purpose", Answer::choice("spese_personali_familiari")));
    assert_eq!(q().first_unanswered(&personal).map(|q| q.id.as_str()), Some("gender"));
}

#[test]
fn next_and_previous_work_from_a_question_just_skipped() {
    let a = answers(json!({"age": 30, "region": "15"}));
    // "crater" is not asked for Campania, but a page that was open on it still knows where to go.
    assert_eq!(q().next("crater", &a).map(|q| q.id.as_str()), Some("status"));
    assert_eq!(q().previous("crater", &a).map(|q| q.id.as_str()), Some("region"));
    assert_eq!(q().next("nope", &a), None);
}

// ------------------------------------------------------------------------------------------ input

fn problem(id: &str, raw: RawInput) -> (InputCode, String, String) {
    let p = q().parse_input(id, raw).expect_err("should be refused");
    assert_eq!(p.question, id);
    (p.code, p.message.it, p.message.en)
}

#[test]
fn typed_input_becomes_an_answer_or_a_plain_message() {
    assert_eq!(q().parse_input("age", RawInput::Text(" 36 ")), Ok(Answer::Integer(36)));
    assert_eq!(q().parse_input("amount", RawInput::Text("50.000 €")), Ok(Answer::Integer(50_000)));
    assert_eq!(q().parse_input("amount", RawInput::Text("1")), Ok(Answer::Integer(1)));
    assert_eq!(q().parse_input("region", RawInput::Choice(Some("15"))), Ok(Answer::choice("15")));
    assert_eq!(q().parse_input("start_date", RawInput::Text("1/9/2025")), Ok(Answer::Date(day("2025-09-01"))));
    assert_eq!(
        q().parse_input("start_date", RawInput::DateParts { day: "1", month: "9", year: "2025" }),
        Ok(Answer::Date(day("2025-09-01")))
    );
    let chosen = [String::from("calo_reddito"), String::from("disoccupazione")];
    assert_eq!(
        q().parse_input("vulnerability", RawInput::Choices(&chosen)),
        Ok(Answer::choices(["disoccupazione", "calo_reddito"])),
        "kept in the questionnaire's order"
    );

    assert_eq!(
        problem("age", RawInput::Text("trenta")),
        (InputCode::NotANumber, "Scrivi l'età in cifre, per esempio 32".into(), "Enter your age in figures, for example 32".into())
    );
    assert_eq!(problem("age", RawInput::Text("13")).1, "Scrivi un'età tra 14 e 100 anni");
    assert_eq!(
        problem("age", RawInput::Text("101")),
        (InputCode::AboveMax, "Scrivi un'età tra 14 e 100 anni".into(), "Enter an age between 14 and 100".into())
    );
    assert_eq!(problem("age", RawInput::Text("36.5")).0, InputCode::NotANumber);
    assert_eq!(problem("age", RawInput::Text("")).1, "Scrivi la tua età");
    assert_eq!(problem("amount", RawInput::Text("-1")).0, InputCode::BelowMin);
    assert_eq!(problem("amount", RawInput::Text("200000000")).1, "Scrivi un importo fino a 100.000.000 €");
    assert_eq!(problem("amount", RawInput::Text("99999999999999999999999")).0, InputCode::AboveMax);
    assert_eq!(
        problem("start_date", RawInput::Text("31/02/2025")),
        (InputCode::NotADate, "Scrivi una data vera, per esempio 15/09/2025".into(), "Enter a real date, for example 15/09/2025".into())
    );
    assert_eq!(problem("start_date", RawInput::DateParts { day: "", month: "", year: "" }).0, InputCode::Required);
    assert_eq!(
        problem("region", RawInput::Choice(None)),
        (InputCode::Required, "Scegli una risposta per continuare".into(), "Choose an answer to continue".into())
    );
    assert_eq!(problem("region", RawInput::Choice(Some("99"))).0, InputCode::NotAnOption);
    assert_eq!(problem("vulnerability", RawInput::Choices(&[])).0, InputCode::Required);
    let both = [String::from("nessuna"), String::from("calo_reddito")];
    assert_eq!(problem("vulnerability", RawInput::Choices(&both)).1, "«Nessuna di queste» non si può scegliere insieme ad altre risposte");
    assert_eq!(problem("age", RawInput::Choice(Some("36"))).0, InputCode::WrongType);
    assert_eq!(
        problem("nope", RawInput::Text("1")),
        (InputCode::UnknownQuestion, "Non esiste una domanda «nope»".into(), "There is no question “nope”".into())
    );
}

#[test]
fn the_amount_can_be_not_known_yet_but_never_zero() {
    let not_yet = Answer::choice("non_so");
    // From the radio next to the box, from the box itself (a share link), from an answers file.
    assert_eq!(q().parse_input("amount", RawInput::Choice(Some("non_so"))), Ok(not_yet.clone()));
    assert_eq!(q().parse_input("amount", RawInput::Text(" non_so ")), Ok(not_yet.clone()));
    assert_eq!(q().answers_from_json(r#"{"amount": "non_so"}"#).map(|a| a.get("amount").cloned()), Ok(Some(not_yet.clone())));
    assert_eq!(q().check_answer("amount", &not_yet), Ok(not_yet.clone()));
    let a = answers(json!({"age": 30, "amount": "non_so"}));
    assert_eq!(decode(&encode(&a), q()), Ok(a.clone()));
    assert_eq!(q().display("amount", &not_yet).it, "Non lo so ancora");
    assert_eq!(q().display("amount", &not_yet).en, "I don't know yet");
    // Only the one option: other words are still not a number, and other questions do not take it.
    assert_eq!(problem("amount", RawInput::Text("forse")).0, InputCode::NotANumber);
    assert_eq!(problem("amount", RawInput::Choice(Some("forse"))).0, InputCode::WrongType);
    assert_eq!(problem("age", RawInput::Text("non_so")).0, InputCode::NotANumber);
    // 0 € is refused with a message that says what to do instead, typed or in a file.
    let (code, it, en) = problem("amount", RawInput::Text("0"));
    assert_eq!(code, InputCode::BelowMin);
    assert!(it.contains("più di zero") && it.contains("Non lo so ancora"), "{it}");
    assert!(en.contains("more than zero"), "{en}");
    let Err(AnswersFileError::Invalid(problems)) = q().answers_from_json(r#"{"amount": 0}"#) else { panic!("0 accepted") };
    assert_eq!(problems[0].code, InputCode::BelowMin);
}

#[test]
fn an_answers_file_lists_every_bad_field() {
    let bad = r#"{"age": 101, "amount": -5, "region": "99", "gender": 1, "colour": "blu", "vulnerability": ["nessuna", "calo_reddito"],
                  "start_date": "2025-13-01", "status": "disoccupato", "naspi": null}"#;
    let Err(AnswersFileError::Invalid(problems)) = q().answers_from_json(bad) else { panic!("should be refused") };
    let mut found: Vec<(&str, &str)> = problems.iter().map(|p| (p.question.as_str(), p.code.as_str())).collect();
    found.sort_unstable();
    assert_eq!(
        found,
        [
            ("age", "above_max"),
            ("amount", "below_min"),
            ("colour", "unknown_question"),
            ("gender", "wrong_type"),
            ("region", "not_an_option"),
            ("start_date", "not_a_date"),
            ("vulnerability", "exclusive"),
        ]
    );
    assert!(matches!(q().answers_from_json("[1, 2]"), Err(AnswersFileError::NotAnObject)));
    assert!(matches!(q().answers_from_json("{"), Err(AnswersFileError::NotJson(_))));
    let ok = q().answers_from_json(r#"{"age": "36", "vulnerability": "calo_reddito", "naspi": null}"#).unwrap();
    assert_eq!(ok.get("age"), Some(&Answer::Integer(36)));
    assert_eq!(ok.get("vulnerability"), Some(&Answer::choices(["calo_reddito"])));
    assert!(!ok.contains("naspi"));
    assert!(q().check_answers(&ok).is_empty());
}

#[test]
fn answers_read_back_in_words() {
    assert_eq!(q().display("age", &Answer::Integer(36)).it, "36 anni");
    assert_eq!(q().display("age", &Answer::Integer(36)).en, "36 years");
    assert_eq!(q().display("amount", &Answer::Integer(1_500_000)).it, "1.500.000 €");
    assert_eq!(q().display("amount", &Answer::Integer(1_500_000)).en, "€1,500,000");
    assert_eq!(q().display("region", &Answer::choice("16")).en, "Apulia");
    assert_eq!(q().display("start_date", &Answer::Date(day("2025-09-08"))).it, "8 settembre 2025");
    assert_eq!(
        q().display("vulnerability", &Answer::choices(["disoccupazione", "riduzione_orario"])).en,
        "I have lost my job, I have been suspended from work or had my hours cut, not by choice"
    );
    assert_eq!(q().display("region", &Answer::choice("99")).it, "99", "shown as given");
}

// ------------------------------------------------------------------------------------------ share links

#[test]
fn a_share_link_is_short_readable_and_fragment_safe() {
    let a = answers(
        json!({"age": 28, "region": "15", "purpose": "spese_personali_familiari", "vulnerability": ["disoccupazione", "calo_reddito"],
                           "amount": 8000}),
    );
    let link = encode(&a);
    assert_eq!(link, "v1&age=28&amount=8000&purpose=spese_personali_familiari&region=15&vulnerability=disoccupazione,calo_reddito");
    assert_eq!(decode(&link, q()), Ok(a.clone()));
    assert_eq!(decode(&format!("#{link}"), q()), Ok(a.clone()), "with the leading #");
    assert_eq!(decode(&link.replace(',', "%2C"), q()), Ok(a), "after a chat app escaped it");
    let full =
        answers(json!({"age": 28, "gender": "M", "region": "12", "crater": "non_so", "status": "disoccupato", "unemp_months": "lt12",
                              "gol": "no", "naspi": "percepisco", "purpose": "nuova_attivita", "stage": "appena_aperta", "form": "srl",
                              "women_share": "le50", "young_share": "all", "all_women_or_under36": "si", "employees": "e1_5",
                              "amount": 150000, "sector": "ict_innovazione", "innovative": "non_so", "same_ateco": "no",
                              "start_date": "2026-02-20"}));
    assert!(encode(&full).len() < 420, "{}", encode(&full).len());
}

#[test]
fn a_bad_share_link_is_an_error_not_a_panic() {
    assert_eq!(decode("", q()), Err(ShareError::Empty));
    assert_eq!(decode("v2&age=3", q()), Err(ShareError::Version));
    assert!(matches!(decode("v1&age", q()), Err(ShareError::Malformed(_))));
    assert!(matches!(decode("v1&age=30&age=31", q()), Err(ShareError::Malformed(_))));
    assert!(matches!(decode("v1&age=%G0", q()), Err(ShareError::Malformed(_))));
    assert_eq!(decode(&"v1&age=30".repeat(1000), q()), Err(ShareError::TooLong));
    let Err(ShareError::Invalid(problems)) = decode("v1&age=300&region=99&colour=blu", q()) else { panic!() };
    assert_eq!(problems.len(), 3);
}

fn any_valid_answers() -> impl Strategy<Value = Answers> {
    let per_question: Vec<BoxedStrategy<Option<Answer>>> = q()
        .questions()
        .iter()
        .map(|question| {
            let value: BoxedStrategy<Answer> = match question.kind {
                Kind::Integer => match question.unknown_option.clone() {
                    // "Non lo so ancora" is an answer to a number question too.
                    Some(u) => prop_oneof![
                        9 => (question.min_value()..=question.max_value()).prop_map(Answer::Integer),
                        1 => Just(Answer::Choice(u)),
                    ]
                    .boxed(),
                    None => (question.min_value()..=question.max_value()).prop_map(Answer::Integer).boxed(),
                },
                Kind::Single => proptest::sample::select(question.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>())
                    .prop_map(Answer::Choice)
                    .boxed(),
                Kind::Multiple => {
                    let plain: Vec<String> =
                        question.options.iter().map(|o| o.value.clone()).filter(|v| !question.exclusive.contains(v)).collect();
                    let n = plain.len();
                    proptest::sample::subsequence(plain, 1..=n).prop_map(Answer::Choices).boxed()
                }
                Kind::Date => (0i64..20_000).prop_map(|n| Answer::Date(day("1990-01-01") + time::Duration::days(n))).boxed(),
            };
            proptest::option::of(value).boxed()
        })
        .collect();
    per_question.prop_map(|vs| q().questions().iter().zip(vs).filter_map(|(question, v)| v.map(|a| (question.id.clone(), a))).collect())
}

proptest! {
    #[test]
    fn share_links_round_trip(a in any_valid_answers()) {
        let link = encode(&a);
        prop_assert!(link.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.~&=,%".contains(&b)), "{}", link);
        prop_assert_eq!(decode(&link, q()), Ok(a));
    }

    #[test]
    fn any_text_decodes_to_answers_or_an_error(link in ".{0,200}") {
        let _ = decode(&link, q());
        let _ = decode(&format!("v1&{link}"), q());
    }

    #[test]
    fn navigation_is_consistent(a in any_valid_answers()) {
        let path = q().path(&a);
        for (i, question) in path.iter().enumerate() {
            prop_assert_eq!(q().position(&question.id, &a), Some((i + 1, path.len())));
            prop_assert_eq!(q().next(&question.id, &a).map(|n| n.id.as_str()), path.get(i + 1).map(|n| n.id.as_str()));
            prop_assert_eq!(q().previous(&question.id, &a).map(|n| n.id.as_str()), i.checked_sub(1).map(|p| path[p].id.as_str()));
        }
        let pruned = q().prune(&a);
        prop_assert_eq!(&q().prune(&pruned), &pruned);
        prop_assert!(pruned.iter().all(|(id, _)| q().is_shown(id, &pruned)));
    }
}

// ------------------------------------------------------------------------------------------ summary

#[test]
fn the_summary_for_a_contact_request_keeps_only_what_mattered() {
    let rulebook = Rulebook::from_json(QUESTIONNAIRE, INSTRUMENTS).unwrap();
    let a = answers(json!({"age": 28, "gender": "M", "region": "15", "status": "disoccupato", "unemp_months": "lt12", "gol": "no",
                           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
                           "amount": 40000, "sector": "servizi", "same_ateco": "no"}));
    let outcomes = rulebook.assess(&a, day("2026-03-10"));
    let summary = AssessmentSummary::new(&a, &outcomes, day("2026-03-10"));
    // Only what concerns the person: Campania (15) has no fund of its own, so no regional fund is listed
    // (before, every other region's fund appeared as "not eligible" to the operator).
    assert_eq!(summary.outcomes.len(), relevant(outcomes.clone(), &a).len());
    assert!(summary.outcomes.len() < outcomes.len());
    assert!(summary.outcomes.iter().all(|o| !o.instrument.starts_with("regionale_")), "{:?}", summary.outcomes);
    let r2 = summary.outcomes.iter().find(|o| o.instrument == "resto_al_sud_2").unwrap();
    assert_eq!(r2.status, Status::Eligible);
    assert!(r2.to_check.is_empty());
    let acn = summary.outcomes.iter().find(|o| o.instrument == "autoimpiego_centro_nord").unwrap();
    assert_eq!(acn.to_check, ["sede"]);
    assert!(summary.answers.contains("region") && summary.answers.contains("age"));
    let json = summary.to_json();
    assert_eq!(json["assessed_on"], "2026-03-10");
    assert!(json.to_string().len() < 2_000, "{}", json.to_string().len());
    let back: AssessmentSummary = serde_json::from_value(json).unwrap();
    assert_eq!(back, summary);
}

#[test]
fn results_and_summaries_leave_out_other_regions_funds() {
    let rulebook = Rulebook::from_json(QUESTIONNAIRE, INSTRUMENTS).unwrap();
    let today = day("2026-03-10");
    let regional = |outcomes: &[microwork_core::rules::Outcome]| -> Vec<String> {
        outcomes.iter().filter(|o| o.info.region.is_some()).map(|o| o.id().to_owned()).collect()
    };
    let puglia = answers(json!({"age": 28, "region": "16", "status": "disoccupato"}));
    let all = rulebook.assess(&puglia, today);
    let shown = rulebook.assess_relevant(&puglia, today);
    assert!(regional(&all).len() > 2, "the shipped data has funds of several regions");
    assert_eq!(regional(&shown), ["regionale_puglia", "regionale_puglia_microprestito"]);
    assert_eq!(all.len() - shown.len(), regional(&all).len() - 2, "national measures all kept");
    let summary = AssessmentSummary::new(&puglia, &all, today);
    let listed: Vec<&str> = summary.outcomes.iter().map(|o| o.instrument.as_str()).collect();
    assert_eq!(listed, shown.iter().map(|o| o.id()).collect::<Vec<_>>());

    // No region answered yet: nothing can be ruled out.
    let nowhere = answers(json!({"age": 28}));
    assert_eq!(rulebook.assess_relevant(&nowhere, today).len(), rulebook.assess(&nowhere, today).len());
}

// ------------------------------------------------------------------------------------------ data checks

fn check(questionnaire: &Value, instruments: &Value) -> Vec<(String, String, String, ProblemKind)> {
    datacheck::check_files(DataFiles {
        questionnaire: Some(&questionnaire.to_string()),
        instruments: Some(&instruments.to_string()),
        regions: Some(REGIONS),
        sportelli: None,
        ..Default::default()
    })
    .into_iter()
    .map(|p| (p.file, p.path, p.message, p.kind))
    .collect()
}

fn shipped() -> (Value, Value) {
    (serde_json::from_str(QUESTIONNAIRE).unwrap(), serde_json::from_str(INSTRUMENTS).unwrap())
}

#[test]
fn data_checks_name_the_file_and_path_of_every_problem() {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/broken_data.json")).unwrap();
    let (mut qn, mut inst) = shipped();
    // Apply the fixture's edits: [file, JSON pointer, new value or null to delete].
    for edit in fixture["edits"].as_array().unwrap() {
        let target = if edit[0] == "questionnaire.json" { &mut qn } else { &mut inst };
        let pointer = edit[1].as_str().unwrap();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let parent = target.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
        match (&edit[2], parent) {
            (Value::Null, Value::Object(m)) => {
                m.remove(key);
            }
            (v, Value::Object(m)) => {
                m.insert(key.to_owned(), v.clone());
            }
            (v, Value::Array(a)) if key == "-" => a.push(v.clone()),
            (v, Value::Array(a)) => a[key.parse::<usize>().unwrap()] = v.clone(),
            _ => panic!("bad edit {edit}"),
        }
    }
    let found = check(&qn, &inst);
    let mut missing = Vec::new();
    for expected in fixture["expected"].as_array().unwrap() {
        let (file, path, says) = (expected[0].as_str().unwrap(), expected[1].as_str().unwrap(), expected[2].as_str().unwrap());
        if !found.iter().any(|(f, p, m, _)| f == file && p == path && m.contains(says)) {
            missing.push(format!("{file} {path} «{says}»"));
        }
    }
    assert!(
        missing.is_empty(),
        "not reported:\n{}\nreported:\n{}",
        missing.join("\n"),
        found.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(found.len(), fixture["expected"].as_array().unwrap().len(), "{found:#?}");
}

#[test]
fn the_engine_refuses_data_it_would_misread_but_not_a_missing_translation() {
    let (mut qn, inst) = shipped();
    qn["questions"][0]["legend"]["en"] = json!("");
    assert!(Rulebook::from_json(&qn.to_string(), &inst.to_string()).is_ok());
    let (qn, mut inst) = shipped();
    inst["instruments"][0]["criteria"][1] = json!({"id": "x", "label": {"it": "x", "en": "x"}, "cases": [{"when": {"q": "age", "in": ["30"]}, "state": "met", "explain": {"it": "x", "en": "x"}}]});
    let errors = Rulebook::from_json(&qn.to_string(), &inst.to_string()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "instruments[0].criteria[1].cases[0].when.in");
}

#[cfg(feature = "json-paths")]
#[test]
fn parse_errors_name_the_file_and_json_path() {
    let (mut qn, inst) = shipped();
    qn["questions"][2]["kind"] = json!("slider");
    let e = Questionnaire::from_json(&qn.to_string()).unwrap_err();
    assert_eq!((e.file.as_str(), e.path.as_str()), ("questionnaire.json", "questions[2].kind"), "{e}");
    let mut bad = inst.clone();
    bad["instruments"][4]["criteria"][1]["cases"][0]["when"] = json!({"q": "age", "between": [1, 2]});
    let e = microwork_core::rules::Instruments::from_json(&bad.to_string()).unwrap_err();
    assert_eq!(e.file, "instruments.json");
    assert!(e.path.starts_with("instruments[4].criteria[1].cases[0].when"), "{e}");
    assert!(e.to_string().contains("between"), "{e}");
    let mut bad = inst;
    bad["instruments"][0]["closes_on"] = json!("14/10/2025");
    let e = microwork_core::rules::Instruments::from_json(&bad.to_string()).unwrap_err();
    assert_eq!(e.path, "instruments[0].closes_on", "{e}");
    let e = Questionnaire::from_json("{\"schema\": 1,").unwrap_err();
    assert!(e.message.contains("EOF"), "{e}");
}
