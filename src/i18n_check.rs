//! Every shipped language has every key, with the same interpolation variables. leptos_i18n only warns about a
//! missing key (and falls back to Italian), so this test is what makes a missing translation fail `make test`.

use serde_json::Value;
use std::collections::BTreeMap;

const LOCALES: [(&str, &str); 2] = [("it", include_str!("../locales/it.json")), ("en", include_str!("../locales/en.json"))];

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => panic!("{prefix}: translations must be strings, found {other}"),
    }
}

fn variables(text: &str) -> Vec<String> {
    let mut vars: Vec<String> =
        text.split("{{").skip(1).filter_map(|s| s.split("}}").next()).map(|v| v.trim().to_string()).collect();
    vars.sort();
    vars
}

#[test]
fn every_language_has_every_key_with_the_same_variables() {
    let tables: Vec<(&str, BTreeMap<String, String>)> = LOCALES
        .iter()
        .map(|(lang, text)| {
            let mut out = BTreeMap::new();
            flatten("", &serde_json::from_str(text).unwrap_or_else(|e| panic!("locales/{lang}.json: {e}")), &mut out);
            (*lang, out)
        })
        .collect();
    let (base_lang, base) = &tables[0];
    let mut problems = Vec::new();
    for (lang, table) in &tables[1..] {
        for (key, text) in base {
            match table.get(key) {
                None => problems.push(format!("locales/{lang}.json lacks `{key}`")),
                Some(t) if t.trim().is_empty() => problems.push(format!("locales/{lang}.json: `{key}` is empty")),
                Some(t) if variables(t) != variables(text) => {
                    problems.push(format!("`{key}`: variables {:?} in {lang}, {:?} in {base_lang}", variables(t), variables(text)))
                }
                _ => {}
            }
        }
        for key in table.keys().filter(|k| !base.contains_key(*k)) {
            problems.push(format!("locales/{lang}.json has `{key}`, unknown in {base_lang}"));
        }
    }
    assert!(problems.is_empty(), "translation problems:\n{}", problems.join("\n"));
}
