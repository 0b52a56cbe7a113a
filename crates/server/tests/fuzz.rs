//! Fuzz-style property tests: arbitrary bytes and arbitrary JSON into the contact-request decoder and
//! validator (as the server runs them, with its real catalogues), and into the self-check answers parsers
//! (answers files and share links). Never a panic; always a typed error or a value that passes the checks.

use microwork_core::contact::{Catalog, ContactForm, Problem};
use microwork_core::questionnaire::Questionnaire;
use microwork_server::catalog::Catalogs;
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::LazyLock;

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

/// The server's catalogues from the shipped data (desks and comuni).
static CATALOG: LazyLock<Catalogs> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    for file in ["sportelli.json", "comuni.json"] {
        std::fs::copy(repo(&format!("public/data/{file}")), dir.path().join("data").join(file)).unwrap();
    }
    Catalogs::load(dir.path()).unwrap()
});

static QUESTIONNAIRE: LazyLock<Questionnaire> = LazyLock::new(|| {
    Questionnaire::from_json(&std::fs::read_to_string(repo("public/data/questionnaire.json")).unwrap()).unwrap()
});

const CONTACT_FIELDS: [&str; 15] = [
    "request_id", "desk_id", "name", "email", "phone", "comune_istat", "channel", "time_window", "message",
    "consent_privacy", "consent_share_assessment", "assessment", "partner", "lang", "website",
];

/// Text that reaches the interesting cases: control, invisible and bidi characters, digits, @, UUID-ish.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[0-9a-fA-F{}:urn-]{0,45}",
        "[ \\t\\n\\r\\x00\\u{200B}\\u{202E}\\u{2066}\\u{3164}\\u{FEFF}a-z@.+=;,]{0,30}",
        Just("0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10".to_string()),
        Just("maria@example.it".to_string()),
        Just("333 123 4567".to_string()),
        Just("058091".to_string()),
        Just("phone".to_string()),
        Just("morning".to_string()),
    ]
}

fn json(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A JSON object using the contract's field names (and now and then another), with arbitrary values.
fn contact_object() -> impl Strategy<Value = Value> {
    let key = prop_oneof![9 => prop::sample::select(CONTACT_FIELDS.to_vec()).prop_map(str::to_string), 1 => text()];
    prop::collection::btree_map(key, json(3), 0..16).prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

/// What the server does with a body: decode, then validate against its catalogues.
fn check_contact(bytes: &[u8]) -> Result<(), TestCaseError> {
    let form = match ContactForm::from_json(bytes) {
        Ok(form) => form,
        Err(e) => {
            prop_assert!(!e.code.as_str().is_empty());
            return Ok(());
        }
    };
    match form.validate_with(&*CATALOG) {
        Ok(valid) => {
            // What was accepted is what the validator promises.
            prop_assert!(uuid::Uuid::parse_str(valid.request_id()).is_ok_and(|u| u.get_version_num() == 4));
            prop_assert!(!valid.name().trim().is_empty());
            prop_assert!(valid.email().is_some() || valid.phone().is_some());
            prop_assert!(valid.desk_id().is_none_or(|d| CATALOG.has_desk(d)));
            prop_assert!(valid.comune_istat().is_none_or(|c| CATALOG.has_comune(c)));
            prop_assert!(!valid.name().chars().any(microwork_core::contact::text::is_bidi_control));
            prop_assert!(!valid.message().unwrap_or_default().chars().any(microwork_core::contact::text::is_bidi_control));
            prop_assert!(!valid.canonical_json().is_empty());
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(Problem::ALL.contains(&p), "{p:?}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_into_the_contact_decoder(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_contact(&bytes)?;
    }

    #[test]
    fn arbitrary_json_into_the_contact_decoder_and_validator(value in contact_object()) {
        check_contact(value.to_string().as_bytes())?;
    }

    #[test]
    fn almost_valid_requests_with_one_field_replaced(field in prop::sample::select(CONTACT_FIELDS.to_vec()), value in json(2)) {
        let mut v = serde_json::json!({
            "request_id": "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "name": "Maria Rossi",
            "email": "maria@example.it", "consent_privacy": true,
        });
        v[field] = value;
        check_contact(v.to_string().as_bytes())?;
    }

    #[test]
    fn arbitrary_text_into_the_answers_parsers(s in ".{0,200}") {
        check_answers(QUESTIONNAIRE.answers_from_json(&s))?;
        if let Ok(answers) = QUESTIONNAIRE.from_share_link(&s) {
            prop_assert!(QUESTIONNAIRE.check_answers(&answers).is_empty());
        }
    }

    #[test]
    fn arbitrary_json_into_the_answers_parser(value in answers_object()) {
        check_answers(QUESTIONNAIRE.answers_from_json(&value.to_string()))?;
    }
}

/// An answers file using the questionnaire's real ids (and now and then another), with arbitrary values.
fn answers_object() -> impl Strategy<Value = Value> {
    let ids: Vec<String> = QUESTIONNAIRE.questions().iter().map(|q| q.id.clone()).collect();
    let key = prop_oneof![9 => prop::sample::select(ids), 1 => text()];
    prop::collection::btree_map(key, json(2), 0..12).prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

fn check_answers(result: Result<microwork_core::questionnaire::Answers, microwork_core::questionnaire::AnswersFileError>) -> Result<(), TestCaseError> {
    match result {
        // Accepted answers are answers the questionnaire accepts one by one.
        Ok(answers) => prop_assert!(QUESTIONNAIRE.check_answers(&answers).is_empty()),
        Err(e) => prop_assert!(!e.to_string().is_empty()),
    }
    Ok(())
}
