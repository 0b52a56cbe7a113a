//! The locale files, checked natively: Italian and English have exactly the same keys; every other language has
//! no key Italian lacks, the same placeholders, and every plural form it needs; the static start page says what
//! the app says. A failure lists every problem of every language at once. A key the newer languages lack is not
//! a failure (others add texts to Italian and English first; the missing text shows in English): the test
//! `missing_keys_per_language` prints them, language by language, for the translators.

use crate::i18n::k;
use microwork_core::Lang;
use microwork_core::catalog::source::{SourceEntry, flatten};
use microwork_core::lang::language;
use std::collections::BTreeMap;

type Table = BTreeMap<String, SourceEntry>;

/// Every `locales/*.json`, by language code.
fn locales() -> BTreeMap<String, Table> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("locales/") {
        let path = entry.expect("a locale file").path();
        if path.extension().is_some_and(|x| x == "json") {
            let code = path.file_stem().and_then(|s| s.to_str()).expect("a language code").to_string();
            let text = std::fs::read_to_string(&path).expect("readable");
            let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.insert(code, flatten(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
        }
    }
    out
}

/// The Italian keys a language's file lacks.
fn missing(table: &Table, reference: &Table) -> Vec<String> {
    reference.keys().filter(|k| !table.contains_key(*k)).cloned().collect()
}

/// Whether a language must have every key (the inline languages: Italian and English).
fn must_be_complete(code: &str) -> bool {
    Lang::INLINE.iter().any(|l| l.code() == code)
}

/// What is wrong with one language's file, compared with the Italian one.
fn problems(code: &str, table: &Table, reference: &Table) -> Vec<String> {
    let mut out = Vec::new();
    let Some(info) = language(code) else { return vec![format!("`{code}` is not in core's language table (lang.rs)")] };
    for (key, expected) in reference {
        let Some(entry) = table.get(key) else {
            if must_be_complete(code) {
                out.push(format!("lacks `{key}`"));
            }
            continue;
        };
        if entry.texts().iter().any(|t| t.trim().is_empty()) {
            out.push(format!("`{key}` is empty"));
        }
        if entry.placeholders() != expected.placeholders() {
            out.push(format!("`{key}`: placeholders {:?}, Italian has {:?}", entry.placeholders(), expected.placeholders()));
        }
        match (expected, entry) {
            (SourceEntry::Plural(_), SourceEntry::Plural(forms)) => {
                for category in info.categories.iter().filter(|c| !forms.contains_key(c.as_str())) {
                    out.push(format!("`{key}` lacks the `{}` form", category.as_str()));
                }
            }
            (SourceEntry::Plural(_), SourceEntry::Text(_)) => out.push(format!("`{key}` must count (one form per plural category)")),
            (SourceEntry::Text(_), SourceEntry::Plural(_)) => out.push(format!("`{key}` must be a single text")),
            _ => {}
        }
    }
    for key in table.keys().filter(|k| !reference.contains_key(*k)) {
        out.push(format!("has `{key}`, unknown in Italian"));
    }
    out
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders_and_plural_forms() {
    let all = locales();
    let reference = &all["it"];
    let report: Vec<String> = all
        .iter()
        .flat_map(|(code, table)| problems(code, table, reference).into_iter().map(move |p| format!("locales/{code}.json {p}")))
        .collect();
    assert!(report.is_empty(), "translation problems:\n{}", report.join("\n"));
}

/// The translators' list: every key each language lacks (shown in English until translated). Run with
/// `cargo test --lib missing_keys_per_language -- --nocapture` to read it.
#[test]
fn missing_keys_per_language() {
    let all = locales();
    let reference = &all["it"];
    for (code, table) in &all {
        let keys = missing(table, reference);
        println!("locales/{code}.json: {} of {} keys missing{}", keys.len(), reference.len(), if keys.is_empty() { "" } else { ":" });
        for key in &keys {
            println!("  {key}");
        }
        assert!(keys.is_empty() || !must_be_complete(code), "locales/{code}.json must have every key: {keys:?}");
        assert_eq!(keys.len(), k::missing_texts(code), "build.rs counts the same for the About page");
    }
}

#[test]
fn the_check_reports_each_missing_key_per_language() {
    let it: Table = flatten(&serde_json::json!({"a": {"x": "X {n}", "n": {"one": "1", "other": "{n}"}}})).unwrap();
    let fr = flatten(&serde_json::json!({"a": {"x": "X", "extra": "E"}})).unwrap();
    assert_eq!(problems("fr", &fr, &it), ["`a.x`: placeholders {}, Italian has {\"n\"}", "has `a.extra`, unknown in Italian"]);
    assert_eq!(missing(&fr, &it), ["a.n"]);
    assert_eq!(problems("en", &fr, &it)[0], "lacks `a.n`", "English must be complete");
    let ar = flatten(&serde_json::json!({"a": {"x": "X {n}", "n": {"one": "1", "other": "{n}"}}})).unwrap();
    assert_eq!(problems("ar", &ar, &it), ["`a.n` lacks the `zero` form", "`a.n` lacks the `two` form", "`a.n` lacks the `few` form", "`a.n` lacks the `many` form"]);
}

#[test]
fn every_shipped_language_has_a_file_and_names_itself_as_the_switch_does() {
    let all = locales();
    let codes: Vec<&str> = all.keys().map(String::as_str).collect();
    let mut shipped: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
    shipped.sort();
    assert_eq!(codes, shipped, "locales/*.json and core's Lang::ALL");
    for lang in Lang::ALL {
        let own = match all[lang.code()].get("site.lang_name") {
            Some(SourceEntry::Text(t)) => t.clone(),
            other => panic!("{}: site.lang_name is {other:?}", lang.code()),
        };
        assert_eq!(own, lang.info().endonym, "{}", lang.code());
        assert!(k::locale_hash(lang.code()).is_some(), "build.rs hashed locales/{}.json", lang.code());
    }
}

#[test]
fn the_generated_keys_are_the_italian_files_but_the_servers_texts() {
    let all = locales();
    let reference: Vec<&String> = all["it"].keys().filter(|p| !microwork_core::catalog::source::server_only(p)).collect();
    assert_eq!(k::PATHS.len(), reference.len());
    assert!(k::PATHS.iter().zip(&reference).all(|(a, b)| a == b));
    assert_eq!(k::lookup("api.not_found"), None, "the server's own texts");
    assert_eq!(k::lookup("site.name"), Some(k::site::NAME));
    assert_eq!(k::lookup("site.nope"), None);
}

/// The start page in index.html is static HTML (no wasm on a first visit); its texts must stay the app's own.
#[test]
fn the_static_start_page_says_exactly_what_the_app_says() {
    let tables = locales();
    let html = include_str!("../index.html");
    let mut checked = 0;
    let mut problems = Vec::new();
    for (lang, key, text) in static_texts(html) {
        let Some(table) = tables.get(lang.as_str()) else {
            problems.push(format!("`{key}` is marked with unknown language `{lang}`"));
            continue;
        };
        match table.get(&key) {
            Some(SourceEntry::Text(expected)) if *expected == text || format!("{expected} – Micro Work") == text => checked += 1,
            Some(expected) => problems.push(format!("`{key}` ({lang}): index.html says {text:?}, the app says {expected:?}")),
            None => problems.push(format!("index.html uses `{key}`, which locales/{lang}.json lacks")),
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

#[test]
fn every_contact_problem_has_its_sentence() {
    for key in microwork_core::contact::Problem::MESSAGE_KEYS {
        let path = format!("{}.{key}", microwork_core::contact::MESSAGES_NAMESPACE);
        assert!(k::lookup(&path).is_some(), "locales/it.json lacks `{path}`");
    }
    for p in microwork_core::contact::Problem::ALL {
        assert!(microwork_core::contact::Problem::MESSAGE_KEYS.contains(&p.message_key()), "{p:?}");
    }
}

/// The second part of the texts (`locales/<lang>.more.json`) holds groups of the Italian file, and the pages that do
/// not wait for it (`Page::reads_more_texts`) read none of them in their own code. (A component they share that read
/// one would log an error in the browser, which the journeys catch.)
#[test]
fn the_pages_without_the_second_part_of_the_texts_read_none_of_it() {
    use microwork_core::catalog::source::MORE_GROUPS;
    let it: serde_json::Value = serde_json::from_str(include_str!("../locales/it.json")).unwrap();
    for group in MORE_GROUPS {
        assert!(it.get(group).is_some(), "`{group}` is no group of locales/it.json");
    }
    let pages = ["start", "self_check", "question", "check_answers", "results", "outcome_card", "outcome_loan", "guide", "guide_terms", "guide_glossary", "guide_faq", "not_found"];
    for page in pages {
        let path = format!("{}/src/pages/{page}.rs", env!("CARGO_MANIFEST_DIR"));
        let code = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for group in MORE_GROUPS {
            assert!(!code.contains(&format!("k::{group}::")), "src/pages/{page}.rs reads `{group}` texts, which it does not download");
        }
    }
}
