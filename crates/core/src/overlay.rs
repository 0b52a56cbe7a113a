//! Data texts in the languages that are not written inline in the data files. `public/data/*.json` carry each
//! text as `{"it": …, "en": …}`; every other language has one overlay file, `public/data/i18n/<lang>.json`,
//! downloaded only by a person who chose that language (an Italian visitor never pays for it):
//!
//! ```json
//! {"questionnaire": {"questions.age.legend": "Câți ani ai?", "questions.stage.options.idea.label": "…"},
//!  "instruments": {"instruments.resto_al_sud_2.name": "Resto al Sud 2.0"}}
//! ```
//!
//! A text's path is the keys leading to it in its file, where an array element is named by its `id` (else its
//! `value`, else its index): stable when the data's authors reorder questions or options. [`apply`] writes each overlay text into the
//! `local` slot of its [`crate::lang::Text`] before the file is parsed, so the rest of core and the app read
//! `text.get(lang)` as for Italian and English; a text the overlay lacks falls back to English, then Italian.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The data files whose texts the overlays translate (`public/data/<stem>.json`), in the order a person meets
/// them. Shared by the overlay test (every text translated in every overlay language) and the app's build script
/// (how many a language still shows in English, for the About page).
pub const FILES: [&str; 5] = ["questionnaire", "instruments", "guide", "faq", "glossary"];

/// One language's overlay: data file stem (`"questionnaire"`) → text path → text.
pub type Overlay = BTreeMap<String, BTreeMap<String, String>>;

/// Reads an overlay file.
pub fn parse(json: &str) -> Result<Overlay, serde_json::Error> {
    serde_json::from_str(json)
}

/// Whether `v` is a data text: an object with a string `it` or `en` and nothing but `it`, `en`, `local` (the
/// app's copy of a file holds one inline language: see [`keep_language`]).
fn is_text(map: &serde_json::Map<String, Value>) -> bool {
    (map.get("it").is_some_and(Value::is_string) || map.get("en").is_some_and(Value::is_string))
        && map.keys().all(|k| matches!(k.as_str(), "it" | "en" | "local"))
}

/// Keeps one inline language in every data text of a file (`code`: `"it"` or `"en"`), for the copies the app
/// downloads: a person reads one language, and the other is over a third of the file compressed. A person who
/// switches language downloads the other copy; an overlay language reads the English copy (`Lang::inline`).
/// A language code rather than a `Lang`: the app's build script includes this file on its own.
pub fn keep_language(data: &mut Value, code: &str) {
    match data {
        Value::Object(map) if is_text(map) => map.retain(|k, _| k == code),
        Value::Object(map) => map.values_mut().for_each(|x| keep_language(x, code)),
        Value::Array(items) => items.iter_mut().for_each(|x| keep_language(x, code)),
        _ => {}
    }
}

/// An array element's name in a path: its `id`, else its `value` (questionnaire options), else its index.
fn segment(index: usize, item: &Value) -> String {
    match item.get("id").or_else(|| item.get("value")).and_then(Value::as_str) {
        Some(id) => id.to_string(),
        None => index.to_string(),
    }
}

fn walk<'a>(v: &'a Value, path: &mut Vec<String>, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(map) if is_text(map) => {
            let en = map.get("en").and_then(Value::as_str).filter(|s| !s.is_empty());
            out.push((path.join("."), en.or_else(|| map.get("it").and_then(Value::as_str)).unwrap_or_default()));
        }
        Value::Object(map) => {
            for (k, x) in map {
                path.push(k.clone());
                walk(x, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(segment(i, x));
                walk(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Every text of a data file: (path, English text, or Italian where English is missing), in file order.
pub fn text_paths(data: &Value) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    walk(data, &mut Vec::new(), &mut out);
    out
}

fn walk_mut(v: &mut Value, path: &mut Vec<String>, texts: &BTreeMap<String, String>, used: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) if is_text(map) => {
            let key = path.join(".");
            // A translation whose placeholders differ from the English (the data changed since it was written)
            // would print a raw `{name}` or lose a value: the English is shown instead.
            let english = map.get("en").and_then(Value::as_str).filter(|s| !s.is_empty()).or_else(|| map.get("it").and_then(Value::as_str));
            let fits = |t: &&String| !t.trim().is_empty() && english.is_none_or(|e| placeholders(t) == placeholders(e));
            if let Some(t) = texts.get(&key).filter(fits) {
                map.insert("local".into(), Value::String(t.clone()));
                used.insert(key);
            }
        }
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                path.push(k.clone());
                walk_mut(x, path, texts, used);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter_mut().enumerate() {
                path.push(segment(i, x));
                walk_mut(x, path, texts, used);
                path.pop();
            }
        }
        _ => {}
    }
}

/// What [`apply`] did: how many texts it set, and the overlay's paths it did not use: naming no text of the file
/// (renamed or removed by the data's authors), empty, or with placeholders other than the English. Reported by
/// the parity test, harmless at run time.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub set: usize,
    pub unknown: Vec<String>,
}

/// Writes the overlay's texts for one file (`texts`: path → text) into the `local` slot of each data text.
pub fn apply(data: &mut Value, texts: &BTreeMap<String, String>) -> Applied {
    let mut used = BTreeSet::new();
    walk_mut(data, &mut Vec::new(), texts, &mut used);
    Applied { set: used.len(), unknown: texts.keys().filter(|k| !used.contains(*k)).cloned().collect() }
}

/// [`apply`] on a data file's JSON text, for the loaders that parse text: the file as it was when the overlay
/// has nothing for it.
pub fn apply_json(json: &str, texts: Option<&BTreeMap<String, String>>) -> Result<String, serde_json::Error> {
    match texts {
        Some(texts) if !texts.is_empty() => {
            let mut data: Value = serde_json::from_str(json)?;
            apply(&mut data, texts);
            serde_json::to_string(&data)
        }
        _ => Ok(json.to_string()),
    }
}

/// The `{name}` placeholders of a text (a translation must keep exactly the English ones).
pub fn placeholders(s: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// How one language's overlay covers one data file: the paths it lacks, the ones it has that the file does not,
/// and the texts whose placeholders differ from the English (those would break a sentence).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    pub total: usize,
    pub missing: Vec<String>,
    pub unknown: Vec<String>,
    pub wrong_placeholders: Vec<String>,
}

pub fn coverage(data: &Value, texts: &BTreeMap<String, String>) -> Coverage {
    let paths = text_paths(data);
    let known: BTreeSet<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
    let mut c = Coverage { total: paths.len(), ..Coverage::default() };
    for (path, english) in &paths {
        match texts.get(path) {
            None => c.missing.push(path.clone()),
            Some(t) if placeholders(t) != placeholders(english) => c.wrong_placeholders.push(path.clone()),
            Some(_) => {}
        }
    }
    c.unknown = texts.keys().filter(|k| !known.contains(k.as_str())).cloned().collect();
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Text};
    use serde_json::json;

    fn data() -> Value {
        json!({
            "schema": 1,
            "messages": {"below_min": {"it": "Almeno {min}", "en": "At least {min}"}},
            "questions": [
                {"id": "age", "legend": {"it": "Quanti anni hai?", "en": "How old are you?"},
                 "options": [{"value": "u30", "label": {"it": "Meno di 30", "en": "Under 30"}}]},
                {"legend": {"it": "Senza id", "en": ""}}
            ],
            "aliases": {"it": ["a"], "en": ["b"]}
        })
    }

    #[test]
    fn paths_name_array_items_by_id_and_skip_what_is_not_a_text() {
        let d = data();
        let paths = text_paths(&d);
        assert_eq!(
            paths,
            [
                ("messages.below_min".to_string(), "At least {min}"),
                ("questions.age.legend".to_string(), "How old are you?"),
                ("questions.age.options.u30.label".to_string(), "Under 30"),
                ("questions.1.legend".to_string(), "Senza id"),
            ]
        );
    }

    #[test]
    fn applying_fills_the_local_slot_and_the_rest_falls_back() {
        let mut d = data();
        let texts: BTreeMap<String, String> = [
            ("questions.age.legend", "Câți ani ai?"),
            ("questions.age.options.u30.label", "   "),
            ("questions.gone.legend", "x"),
            ("messages.below_min", "Cel puțin {max}"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let applied = apply(&mut d, &texts);
        assert_eq!(
            applied,
            Applied {
                set: 1,
                unknown: vec!["messages.below_min".into(), "questions.age.options.u30.label".into(), "questions.gone.legend".into()]
            }
        );
        let below: Text = serde_json::from_value(d["messages"]["below_min"].clone()).unwrap();
        assert_eq!(below.get(Lang::Ro), "At least {min}", "a translation with other placeholders is not used");
        let legend: Text = serde_json::from_value(d["questions"][0]["legend"].clone()).unwrap();
        assert_eq!(legend.get(Lang::Ro), "Câți ani ai?");
        assert_eq!(legend.get(Lang::It), "Quanti anni hai?", "Italian is untouched");
        let label: Text = serde_json::from_value(d["questions"][0]["options"][0]["label"].clone()).unwrap();
        assert_eq!(label.get(Lang::Ro), "Under 30", "an empty translation falls back to English");
        assert_eq!(d["aliases"], json!({"it": ["a"], "en": ["b"]}), "lists are not texts");
    }

    #[test]
    fn a_copy_in_one_language_keeps_everything_but_the_other_language() {
        let file = json!({"schema": 1, "questions": [
            {"id": "age", "legend": {"it": "Quanti anni hai?", "en": "How old are you?"}, "min": 18,
             "options": [{"value": "si", "label": {"it": "Sì", "en": "Yes"}}]},
            {"id": "it", "en": 3}
        ]});
        let mut it = file.clone();
        keep_language(&mut it, "it");
        assert_eq!(it, json!({"schema": 1, "questions": [
            {"id": "age", "legend": {"it": "Quanti anni hai?"}, "min": 18, "options": [{"value": "si", "label": {"it": "Sì"}}]},
            {"id": "it", "en": 3}
        ]}));
        let mut en = file;
        keep_language(&mut en, "en");
        assert_eq!(en["questions"][0]["legend"], json!({"en": "How old are you?"}));

        // The English copy still takes an overlay language's texts, by the same paths.
        let texts = BTreeMap::from([("questions.age.legend".to_string(), "Câți ani ai?".to_string())]);
        assert_eq!(apply(&mut en, &texts).set, 1);
        let q: crate::lang::Text = serde_json::from_value(en["questions"][0]["legend"].clone()).unwrap();
        assert_eq!((q.get(Lang::Ro), q.get(Lang::En)), ("Câți ani ai?", "How old are you?"));
        let q: crate::lang::Text = serde_json::from_value(it["questions"][0]["legend"].clone()).unwrap();
        assert_eq!(q.get(Lang::It), "Quanti anni hai?");
    }

    #[test]
    fn applying_to_json_text_leaves_the_file_alone_without_an_overlay() {
        let raw = r#"{"a": {"it": "x", "en": "y"}}"#;
        assert_eq!(apply_json(raw, None).unwrap(), raw);
        let texts = BTreeMap::from([("a".to_string(), "z".to_string())]);
        let out: Value = serde_json::from_str(&apply_json(raw, Some(&texts)).unwrap()).unwrap();
        assert_eq!(out, json!({"a": {"it": "x", "en": "y", "local": "z"}}));
    }

    #[test]
    fn coverage_lists_missing_unknown_and_broken_placeholders() {
        let texts: BTreeMap<String, String> = [("messages.below_min", "Cel puțin {max}"), ("questions.age.legend", "Câți ani ai?"), ("nope", "x")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let c = coverage(&data(), &texts);
        assert_eq!(c.total, 4);
        assert_eq!(c.missing, ["questions.age.options.u30.label", "questions.1.legend"]);
        assert_eq!(c.unknown, ["nope"]);
        assert_eq!(c.wrong_placeholders, ["messages.below_min"]);
    }

    #[test]
    fn an_overlay_file_is_file_then_path_then_text() {
        let o = parse(r#"{"questionnaire": {"questions.age.legend": "你多大了？"}}"#).unwrap();
        assert_eq!(o["questionnaire"]["questions.age.legend"], "你多大了？");
        assert!(parse(r#"{"questionnaire": ["x"]}"#).is_err());
    }
}
