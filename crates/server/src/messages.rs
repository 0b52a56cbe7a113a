//! The sentences the server writes for people, read from the app's own locale files (`locales/<lang>.json`,
//! built into the binary): one text system, so a translator finds every sentence in one place. Contact-form
//! problems are under `problems` (the browser shows the same sentences), the API's other errors under `api`.

use microwork_core::Lang;
use microwork_core::contact::{MESSAGES_NAMESPACE, Problem};
use serde_json::Value;
use std::sync::LazyLock;

/// The API errors' namespace in the locale files.
pub const API_NAMESPACE: &str = "api";

/// Every `api.*` key the server uses: each must exist in every locale file (a test checks).
pub const API_KEYS: &[&str] = &[
    "not_found",
    "method_not_allowed",
    "too_large",
    "unsupported_media_type",
    "timeout",
    "rate_limited",
    "server_error",
    "bad_request",
    "uri_too_long",
    "invalid_json",
    "body_not_object",
    "missing_field",
    "unknown_field",
    "invalid_type",
    "conflict",
    "unauthorized",
    "reference_not_found",
    "invalid_query",
    "since_invalid",
    "status_filter_invalid",
    "status_invalid",
    "number_invalid",
    "forbidden",
    "action_invalid",
    "escalated_invalid",
    "order_invalid",
    "reference_invalid",
    "escalation_too_early",
    "escalation_already_contacted",
    "invalid_credentials",
    "no_session",
    "origin_refused",
    "token_invalid",
    "status_not_allowed",
    "outcome_invalid",
    "outcome_required",
    "outcome_not_allowed",
    "note_too_long",
    "update_empty",
    "password_too_short",
    "password_too_long",
    "password_common",
    "password_contains_email",
];

static LOCALES: LazyLock<Vec<(Lang, Value)>> = LazyLock::new(|| {
    let parse = |text: &str| serde_json::from_str(text).unwrap_or(Value::Null);
    vec![
        (Lang::It, parse(include_str!("../../../locales/it.json"))),
        (Lang::En, parse(include_str!("../../../locales/en.json"))),
        (Lang::Ro, parse(include_str!("../../../locales/ro.json"))),
        (Lang::Ar, parse(include_str!("../../../locales/ar.json"))),
        (Lang::Sq, parse(include_str!("../../../locales/sq.json"))),
        (Lang::Uk, parse(include_str!("../../../locales/uk.json"))),
        (Lang::Zh, parse(include_str!("../../../locales/zh.json"))),
        (Lang::Fr, parse(include_str!("../../../locales/fr.json"))),
    ]
});

fn lookup(lang: Lang, namespace: &str, key: &str) -> Option<&'static str> {
    let (_, json) = LOCALES.iter().find(|(l, _)| *l == lang)?;
    json.get(namespace)?.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// The sentence `namespace.key` in `lang`, else in English, else in Italian (the app's fallbacks), else the key
/// itself (never empty, never a panic).
pub fn text(lang: Lang, namespace: &str, key: &str) -> String {
    lookup(lang, namespace, key)
        .or_else(|| lang.fallbacks().iter().find_map(|l| lookup(*l, namespace, key)))
        .map_or_else(|| format!("{namespace}.{key}"), str::to_string)
}

/// A contact-form problem, as the browser would word it.
pub fn problem(lang: Lang, problem: &Problem) -> String {
    text(lang, MESSAGES_NAMESPACE, problem.message_key())
}

/// The language a client prefers among ours, from `Accept-Language` (`en-GB,en;q=0.9,it;q=0.8`): the
/// supported tag with the highest weight; Italian when none is supported.
pub fn from_accept_language(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(lang) = Lang::from_code(tag)
            && q > 0.0
            && best.is_none_or(|(b, _)| q > b)
        {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::It, |(_, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_server_uses_is_in_every_locale() {
        for (lang, json) in LOCALES.iter() {
            assert!(json.is_object(), "locales/{}.json does not parse", lang.code());
            // The other languages may lag behind (their missing texts fall back to English: src/i18n_check.rs
            // lists them); Italian and English must have every sentence.
            if !Lang::INLINE.contains(lang) {
                continue;
            }
            for key in API_KEYS {
                assert!(lookup(*lang, API_NAMESPACE, key).is_some(), "locales/{}.json has no api.{key}", lang.code());
            }
            let core_keys = microwork_core::contact::UpdateProblem::ALL.map(|p| p.message_key()).into_iter()
                .chain(microwork_core::account::PasswordProblem::ALL.map(|p| p.message_key()));
            for key in core_keys {
                assert!(API_KEYS.contains(&key), "api.{key} missing from API_KEYS");
            }
            for p in Problem::ALL {
                assert!(lookup(*lang, MESSAGES_NAMESPACE, p.message_key()).is_some(), "{}: {p:?}", lang.code());
            }
        }
    }

    #[test]
    fn sentences_come_in_the_asked_language_with_italian_as_the_fallback() {
        let name = Problem::ALL[1];
        assert_eq!(problem(Lang::It, &name), "Inserisci il tuo nome");
        assert_eq!(problem(Lang::En, &name), "Enter your name");
        assert_eq!(text(Lang::En, API_NAMESPACE, "no_such_key"), "api.no_such_key");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        for (header, lang) in [
            ("en-GB,en;q=0.9", Lang::En),
            ("fr-FR,fr;q=0.9,en;q=0.8,it;q=0.7", Lang::Fr),
            ("de-DE,de;q=0.9,en;q=0.8", Lang::En),
            ("it-IT,it;q=0.9,en;q=0.8", Lang::It),
            ("de", Lang::It),
            ("", Lang::It),
            ("en;q=0, it", Lang::It),
            ("*", Lang::It),
        ] {
            assert_eq!(from_accept_language(header), lang, "{header}");
        }
    }
}
