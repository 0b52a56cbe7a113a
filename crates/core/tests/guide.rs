//! The guide as data: the shipped pages, questions and glossary load, are complete in both languages and
//! sourced; the glossary finds its terms in the texts people read; check-data catches what would break them.

use microwork_core::datacheck::{self, DataFiles, MIN_FAQ, ProblemKind};
use microwork_core::glossary::{Glossary, Segment};
use microwork_core::guide::{Faq, Guide};
use microwork_core::lang::Lang;
use microwork_core::rules::{Rulebook, SourceKind};
use serde_json::{Value, json};

const GUIDE: &str = include_str!("../../../public/data/guide.json");
const FAQ: &str = include_str!("../../../public/data/faq.json");
const GLOSSARY: &str = include_str!("../../../public/data/glossary.json");

fn glossary() -> Glossary {
    Glossary::from_json(GLOSSARY).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_shipped_guide_has_no_problems() {
    let problems = datacheck::check_files(DataFiles { guide: Some(GUIDE), faq: Some(FAQ), glossary: Some(GLOSSARY), ..Default::default() });
    let guide_problems: Vec<String> = problems
        .iter()
        .filter(|p| p.file != "questionnaire.json" && p.file != "instruments.json" && p.file != "regioni.json")
        .map(|p| p.to_string())
        .collect();
    assert!(guide_problems.is_empty(), "{}", guide_problems.join("\n"));
}

#[test]
fn what_microcredit_is_and_the_journey_step_by_step() {
    let g = Guide::from_json(GUIDE).unwrap();
    assert!(g.page("microcredito").is_some());
    let journey = g.page("percorso").expect("the journey");
    let steps: Vec<&str> = journey.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(steps, ["sportello", "banca", "tutor", "piano", "garanzia", "prestito", "dopo"]);
    for s in &journey.sections {
        assert!(s.how_long.is_some(), "{}: how long it takes", s.id);
        assert!(!s.bring.is_empty(), "{}: what to bring", s.id);
    }
    for page in &g.pages {
        assert_eq!(page.sources.first().and_then(|s| s.kind), Some(SourceKind::Official), "{}: official sources first", page.id);
    }
}

#[test]
fn the_questions_people_actually_ask() {
    let f = Faq::from_json(FAQ).unwrap();
    assert!(f.questions.len() >= MIN_FAQ, "{}", f.questions.len());
    for id in ["garanzie", "debiti_passati", "stranieri", "naspi", "costi", "tempi", "minorenni", "tutor", "partita_iva"] {
        assert!(f.get(id).is_some(), "no question {id}");
    }
    for q in &f.questions {
        assert!(!q.sources.is_empty(), "{}", q.id);
        assert!(q.question.it.ends_with('?') && q.question.en.ends_with('?'), "{}", q.id);
        // Plain language: no legal references in what people read; the law is in the sources.
        for p in &q.answer {
            for needle in ["art.", "D.Lgs", "comma", "decreto"] {
                assert!(!p.it.contains(needle), "{}: «{needle}» in {}", q.id, p.it);
            }
        }
    }
    // The answer for minors cites the civil code articles as sources.
    let minors = f.get("minorenni").unwrap();
    assert!(minors.sources.iter().any(|s| s.url.ends_with("~art397")), "{:?}", minors.sources);
}

#[test]
fn the_glossary_has_the_words_of_the_issue_and_finds_them() {
    let g = glossary();
    for id in ["taeg", "garanzia", "de_minimis", "ateco", "spid", "pec", "firma_digitale", "partita_iva", "business_plan", "tutor"] {
        assert!(g.get(id).is_some(), "no term {id}");
    }
    let text = "Chiedi il TAEG e una casella PEC; serve la partita IVA e il piano d'impresa con il tutor. Il TAEG conta.";
    let ids: Vec<&str> = g.first_mentions(text, Lang::It).iter().map(|m| g.terms()[m.term].id.as_str()).collect();
    assert_eq!(ids, ["taeg", "pec", "partita_iva", "business_plan", "tutor"]);
    let en = "Ask for the TAEG and open a VAT number; the tutor helps with the business plan.";
    let ids: Vec<&str> = g.first_mentions(en, Lang::En).iter().map(|m| g.terms()[m.term].id.as_str()).collect();
    assert_eq!(ids, ["taeg", "partita_iva", "tutor", "business_plan"]);
    let segments = g.segments("Il Fondo di Garanzia copre l'80%.", Lang::It);
    assert_eq!(segments[1], Segment::Term { text: "Fondo di Garanzia", id: "fondo_garanzia" });
}

#[test]
fn the_texts_of_the_results_mention_glossary_terms_to_link() {
    let rb =
        Rulebook::from_json(include_str!("../../../public/data/questionnaire.json"), include_str!("../../../public/data/instruments.json"))
            .unwrap();
    let g = glossary();
    let mut linked = std::collections::BTreeSet::new();
    for inst in &rb.instruments().instruments {
        for t in inst.prepare.iter().map(|p| &p.text).chain(inst.notes.iter().map(|n| &n.text)) {
            for lang in Lang::INLINE {
                linked.extend(g.find(t.get(lang), lang).into_iter().map(|m| g.terms()[m.term].id.clone()));
            }
        }
    }
    for id in ["taeg", "spid", "pec", "firma_digitale", "partita_iva", "business_plan", "tutor"] {
        assert!(linked.contains(id), "{id} never found in the results' texts: {linked:?}");
    }
}

fn problems(edit: impl FnOnce(&mut Value, &mut Value, &mut Value)) -> Vec<(String, String, String, ProblemKind)> {
    let (mut g, mut f, mut l): (Value, Value, Value) =
        (serde_json::from_str(GUIDE).unwrap(), serde_json::from_str(FAQ).unwrap(), serde_json::from_str(GLOSSARY).unwrap());
    edit(&mut g, &mut f, &mut l);
    let (g, f, l) = (g.to_string(), f.to_string(), l.to_string());
    datacheck::check_files(DataFiles { guide: Some(&g), faq: Some(&f), glossary: Some(&l), ..Default::default() })
        .into_iter()
        .filter(|p| ["guide.json", "faq.json", "glossary.json"].contains(&p.file.as_str()))
        .map(|p| (p.file, p.path, p.message, p.kind))
        .collect()
}

#[test]
fn check_data_lists_what_would_break_the_guide() {
    let found = problems(|g, f, l| {
        g["pages"][1]["sections"][2]["bring"][0]["en"] = json!("");
        g["pages"][0]["sources"][0]["url"] = json!("https://www.normattiva.it/");
        f["questions"].as_array_mut().unwrap().truncate(14);
        f["questions"][3]["sources"] = json!([]);
        l["terms"][1]["aliases"]["it"] = json!(["TAEG"]);
    });
    let has = |file: &str, path: &str, says: &str| found.iter().any(|(f, p, m, _)| f == file && p == path && m.contains(says));
    assert!(has("guide.json", "pages[1].sections[2].bring[0].en", "missing English text"), "{found:#?}");
    assert!(has("guide.json", "pages[0].sources[0].url", "home page"), "{found:#?}");
    assert!(has("faq.json", "questions", "14 questions: the FAQ needs at least 15"), "{found:#?}");
    assert!(has("faq.json", "questions[3].sources", "needs at least one source"), "{found:#?}");
    assert!(has("glossary.json", "terms[1]", "«TAEG» (it) is also a spelling of `taeg`"), "{found:#?}");
    assert_eq!(found.len(), 5, "{found:#?}");
    let broken = datacheck::check_faq("{\"schema\": 1}");
    assert_eq!((broken.len(), broken[0].file.as_str()), (1, "faq.json"));
}
