//! The shipped data-text overlays (`public/data/i18n/<lang>.json`): every overlay language has one, it parses,
//! its texts keep the English placeholders, and the questionnaire and the schemes' names and summaries are
//! translated; with it applied, the rules load and a person sees their language. The test
//! `data_texts_missing_per_language` prints what each language still shows in English (run with
//! `--nocapture`): new texts the data's authors add appear there first.

use microwork_core::lang::Lang;
use microwork_core::overlay::{self, Overlay};
use microwork_core::questionnaire::Answer;
use microwork_core::rules::Rulebook;
use serde_json::Value;
use std::path::Path;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn overlay_of(lang: Lang) -> Overlay {
    let path = Path::new(DATA).join("i18n").join(format!("{}.json", lang.code()));
    overlay::parse(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn data_file(stem: &str) -> Value {
    serde_json::from_str(&read(&Path::new(DATA).join(format!("{stem}.json")))).unwrap_or_else(|e| panic!("{stem}.json: {e}"))
}

fn overlay_languages() -> impl Iterator<Item = Lang> {
    Lang::ALL.into_iter().filter(|l| l.has_overlay())
}

/// What a person needs translated to answer the questions and read the list of results.
fn required(stem: &str, path: &str) -> bool {
    match stem {
        "questionnaire" => path.starts_with("questions."),
        "instruments" => path.starts_with("instruments.") && (path.ends_with(".name") || path.ends_with(".support")),
        _ => false,
    }
}

#[test]
fn each_overlay_language_has_a_file_with_only_known_files_and_sound_placeholders() {
    let mut problems = Vec::new();
    for lang in overlay_languages() {
        let o = overlay_of(lang);
        for (stem, texts) in &o {
            if !Path::new(DATA).join(format!("{stem}.json")).exists() {
                problems.push(format!("{}: `{stem}` is not a data file", lang.code()));
                continue;
            }
            let c = overlay::coverage(&data_file(stem), texts);
            problems.extend(c.wrong_placeholders.iter().map(|p| format!("{}: {stem} {p}: placeholders differ from the English", lang.code())));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_questionnaire_and_the_scheme_names_are_translated_in_every_overlay_language() {
    let mut thin = Vec::new();
    for lang in overlay_languages() {
        let o = overlay_of(lang);
        let (mut required_total, mut missing) = (0, Vec::new());
        for stem in ["questionnaire", "instruments"] {
            let empty = Default::default();
            let data = data_file(stem);
            required_total += overlay::text_paths(&data).iter().filter(|(p, _)| required(stem, p)).count();
            let c = overlay::coverage(&data, o.get(stem).unwrap_or(&empty));
            missing.extend(c.missing.into_iter().filter(|p| required(stem, p)).map(|p| format!("{stem} {p}")));
        }
        // Texts the data's authors add later show in English until translated: this floor (90% of what a person
        // needs to answer and read the results list) catches an overlay that lost its translations, not a new
        // question; `data_texts_missing_per_language` lists every gap.
        if missing.len() * 10 > required_total {
            thin.push(format!("{}: {} of {required_total} untranslated: {}", lang.code(), missing.len(), missing.join(", ")));
        }
    }
    assert!(thin.is_empty(), "{}", thin.join("\n"));
}

#[test]
fn data_texts_missing_per_language() {
    for lang in overlay_languages() {
        let o = overlay_of(lang);
        for stem in ["questionnaire", "instruments", "guide", "faq", "glossary"] {
            let empty = Default::default();
            let c = overlay::coverage(&data_file(stem), o.get(stem).unwrap_or(&empty));
            println!(
                "{} {stem}.json: {} of {} texts translated, {} in English, {} stale",
                lang.code(),
                c.total - c.missing.len(),
                c.total,
                c.missing.len(),
                c.unknown.len()
            );
            for p in c.missing.iter().filter(|p| required(stem, p)).chain(&c.unknown) {
                println!("  {p}");
            }
        }
    }
}

fn rulebook(lang: Lang) -> Rulebook {
    let o = overlay_of(lang);
    let q = overlay::apply_json(&read(&Path::new(DATA).join("questionnaire.json")), o.get("questionnaire")).unwrap();
    let i = overlay::apply_json(&read(&Path::new(DATA).join("instruments.json")), o.get("instruments")).unwrap();
    Rulebook::from_json(&q, &i).unwrap_or_else(|e| panic!("{}: {e:?}", lang.code()))
}

#[test]
fn with_an_overlay_the_rules_load_and_speak_the_persons_language() {
    let ro = rulebook(Lang::Ro);
    let age = ro.questionnaire().question("age").expect("the age question");
    assert_eq!(age.legend.get(Lang::Ro), "Câți ani ai?");
    assert_eq!(age.legend.get(Lang::It), "Quanti anni hai?", "Italian unchanged");
    assert_eq!(ro.questionnaire().display_in("age", &Answer::Integer(32), Lang::Ro), "32 ani");
    let ar = rulebook(Lang::Ar);
    let name = &ar.instruments().get("resto_al_sud_2").expect("Resto al Sud 2.0").name;
    assert!(name.get(Lang::Ar).contains("Resto al Sud 2.0"), "the Italian name stays recognisable: {}", name.get(Lang::Ar));
    let zh = rulebook(Lang::Zh);
    let stage = zh.questionnaire().question("stage").expect("the stage question");
    assert!(stage.legend.get(Lang::Zh).chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
}
