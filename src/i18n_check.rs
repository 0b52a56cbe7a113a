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

/// The start page in index.html is static HTML (no wasm on a first visit); its texts must stay the app's own.
#[test]
fn the_static_start_page_says_exactly_what_the_app_says() {
    let tables: BTreeMap<&str, BTreeMap<String, String>> = LOCALES
        .iter()
        .map(|(lang, text)| {
            let mut out = BTreeMap::new();
            flatten("", &serde_json::from_str(text).unwrap(), &mut out);
            (*lang, out)
        })
        .collect();
    let html = include_str!("../index.html");
    let mut checked = 0;
    let mut problems = Vec::new();
    for (lang, key, text) in static_texts(html) {
        let Some(table) = tables.get(lang.as_str()) else {
            problems.push(format!("`{key}` is marked with unknown language `{lang}`"));
            continue;
        };
        match table.get(&key) {
            None => problems.push(format!("index.html uses `{key}`, which locales/{lang}.json lacks")),
            Some(expected) if *expected != text && format!("{expected} – Micro Work") != text => {
                problems.push(format!("`{key}` ({lang}): index.html says {text:?}, the app says {expected:?}"))
            }
            _ => checked += 1,
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 40, "only {checked} texts checked: are the data-i18n attributes still there?");
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.to_string())
}

/// (language, key, text) for every element of `html` with a `data-i18n` attribute; the language is the element's
/// own `lang` or the nearest ancestor's; `<meta>` elements give their `content`. A tiny tokenizer is enough for
/// our own index.html (no entities, no scripts in the body).
fn static_texts(html: &str) -> Vec<(String, String, String)> {
    const VOID: [&str; 6] = ["meta", "link", "input", "br", "img", "hr"];
    struct Open {
        name: String,
        lang: Option<String>,
        key: Option<String>,
        text: String,
    }
    let nearest_lang = |stack: &[Open]| stack.iter().rev().find_map(|o| o.lang.clone()).unwrap_or_default();
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        // Text goes to every open keyed element (a key's text includes its children's text).
        for o in stack.iter_mut().filter(|o| o.key.is_some()) {
            o.text.push_str(&rest[..open]);
        }
        let Some(close) = rest[open..].find('>') else { break };
        let tag = &rest[open..open + close + 1];
        rest = &rest[open + close + 1..];
        if tag.starts_with("<!") {
            continue;
        }
        if let Some(name) = tag.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim();
            if let Some(pos) = stack.iter().rposition(|o| o.name == name) {
                let lang = nearest_lang(&stack[..=pos]);
                let closed = stack.remove(pos);
                if let Some(key) = closed.key {
                    out.push((lang, key, closed.text.split_whitespace().collect::<Vec<_>>().join(" ")));
                }
            }
            continue;
        }
        let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let lang = attr(tag, "lang").or_else(|| attr(tag, "data-title-lang"));
        let key = attr(tag, "data-i18n");
        if VOID.contains(&name.as_str()) || tag.ends_with("/>") {
            if let (Some(key), Some(content)) = (key, attr(tag, "content")) {
                out.push((lang.unwrap_or_else(|| nearest_lang(&stack)), key, content));
            }
            continue;
        }
        stack.push(Open { name, lang, key, text: String::new() });
    }
    out
}
