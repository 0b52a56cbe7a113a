//! What hostile or clumsy clients send: each gets the right 4xx in the API's JSON shape, or is stored and
//! given back to operators exactly as text. Nothing refused is ever stored.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};

/// The text fields of the contract, with the code a hostile value in each gets.
const TEXT_FIELDS: [&str; 11] =
    ["request_id", "name", "email", "phone", "desk_id", "comune_istat", "channel", "time_window", "message", "partner", "lang"];

async fn refused(f: &Fixture, body: impl Into<Body>) -> Value {
    let (status, headers, response) = send(&f.app, post(body)).await;
    assert!(status.is_client_error(), "{status}: {}", String::from_utf8_lossy(&response));
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let json = json_body(&response);
    assert!(!json["errors"].as_array().unwrap().is_empty());
    json["errors"][0].clone()
}

async fn nothing_stored(f: &Fixture) {
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 0);
}

#[tokio::test]
async fn malformed_json_is_400_invalid_json() {
    let f = fixture();
    let mut invalid_utf8 = br#"{"request_id": "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "name": "Ma"#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    invalid_utf8.extend_from_slice(br#"ria", "email": "maria@example.it", "consent_privacy": true}"#);
    let raw_nul = b"{\"request_id\": \"0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10\", \"name\": \"Ma\0ria\", \"email\": \"m@x.it\", \"consent_privacy\": true}".to_vec();
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"{".to_vec(),
        b"{\"name\": }".to_vec(),
        b"{'name': 'single quotes'}".to_vec(),
        format!("{} trailing", valid()).into_bytes(),
        b"\xef\xbb\xbf{}".to_vec(),
        invalid_utf8,
        raw_nul,
    ];
    for body in bodies {
        let e = refused(&f, body.clone()).await;
        assert_eq!(e["code"], "invalid_json", "{}", String::from_utf8_lossy(&body));
    }
    let positional = format!("[{}]", valid());
    for not_an_object in ["null", "[]", "\"text\"", "42", "true", positional.as_str()] {
        let e = refused(&f, not_an_object.to_string()).await;
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("body"), Some("invalid_type")), "{not_an_object}");
    }
    nothing_stored(&f).await;
}

#[tokio::test]
async fn wrong_types_name_the_field() {
    let f = fixture();
    let wrong: [(&str, Value); 15] = [
        ("request_id", json!(12345)),
        ("name", json!(["Maria"])),
        ("email", json!({"address": "m@x.it"})),
        ("phone", json!(3331234567u64)),
        ("desk_id", json!(true)),
        ("comune_istat", json!(36023)),
        ("channel", json!(1)),
        ("time_window", json!([])),
        ("message", json!({})),
        ("consent_privacy", json!("true")),
        ("consent_share_assessment", json!(1)),
        ("partner", json!(5)),
        ("lang", json!(null)), // null is "absent" for optional fields: accepted below
        ("website", json!(false)),
        ("name", json!(null)),
    ];
    for (field, value) in wrong {
        let mut body = valid();
        body[field] = value.clone();
        let (status, _, response) = send(&f.app, post(body.to_string())).await;
        if field == "lang" {
            assert_eq!(status, StatusCode::CREATED, "optional null");
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {value}");
        let e = &json_body(&response)["errors"][0];
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some(field), Some("invalid_type")), "{field}: {value}");
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
}

#[tokio::test]
async fn missing_required_fields_are_named() {
    let f = fixture();
    for field in ["request_id", "name", "consent_privacy"] {
        let mut body = valid();
        body.as_object_mut().unwrap().remove(field);
        let e = refused(&f, body.to_string()).await;
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some(field), Some("required")));
    }
    let mut neither = valid();
    neither.as_object_mut().unwrap().remove("email");
    let e = refused(&f, neither.to_string()).await;
    assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("email"), Some("email_or_phone_required")));
    nothing_stored(&f).await;
}

#[tokio::test]
async fn long_strings_are_413_over_16_kb_and_too_long_or_invalid_under() {
    let f = fixture();
    for field in TEXT_FIELDS.iter().chain(["website", "assessment"].iter()) {
        let mut body = valid();
        body[*field] = json!("x".repeat(100 * 1024));
        let e = refused(&f, body.to_string()).await;
        assert_eq!(e["code"], "too_large", "{field}");
    }
    for field in TEXT_FIELDS {
        let mut body = valid();
        body[field] = json!("9".repeat(2_000));
        let e = refused(&f, body.to_string()).await;
        assert_eq!(e["field"], field);
        assert!(["too_long", "invalid"].contains(&e["code"].as_str().unwrap()), "{field}: {e}");
    }
    nothing_stored(&f).await;
}

#[tokio::test]
async fn deeply_nested_json_is_refused_without_harm() {
    let f = fixture();
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let e = refused(&f, deep(7_000)).await;
    assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("body"), Some("invalid_type")), "not an object");
    let e = refused(&f, format!("{}1{}", r#"{"a":"#.repeat(2_000), "}".repeat(2_000))).await;
    assert!(["invalid_json", "unknown_field"].contains(&e["code"].as_str().unwrap()), "{e}");
    let mut body = valid().to_string();
    body.truncate(body.len() - 1);
    let nested_in_a_field = format!(r#"{body}, "consent_share_assessment": true, "assessment": {}}}"#, deep(5_000));
    let e = refused(&f, nested_in_a_field).await;
    assert_eq!(e["code"], "invalid_json");
    let objects = format!("{}1{}", r#"{"a":"#.repeat(2_500), "}".repeat(2_500));
    let nested_objects = format!(r#"{body}, "consent_share_assessment": true, "assessment": {objects}}}"#);
    assert_eq!(refused(&f, nested_objects).await["code"], "invalid_json");
    nothing_stored(&f).await;

    // Reasonable nesting inside the self-check summary is fine.
    let ok = valid_n(1, json!({"consent_share_assessment": true, "assessment": {"a": {"b": {"c": [1, [2, [3]]]}}}}));
    create(&f, ok).await;
}

#[tokio::test]
async fn nul_bytes_are_refused_in_every_text_field() {
    let f = fixture();
    for field in TEXT_FIELDS {
        let mut body = valid();
        let current = body[field].as_str().unwrap_or("x").to_string();
        body[field] = json!(format!("{current}\u{0}"));
        let e = refused(&f, body.to_string()).await;
        assert_eq!(e["field"], field);
        assert!(["control_characters", "invalid"].contains(&e["code"].as_str().unwrap()), "{field}: {e}");
    }
    nothing_stored(&f).await;
}

#[tokio::test]
async fn markup_is_refused_where_it_cannot_belong_and_kept_as_text_where_it_can() {
    let f = fixture();
    let script = "<script>alert(1)</script>";
    for (n, field) in TEXT_FIELDS.iter().copied().enumerate() {
        let mut body = valid_n(10 + n as u32, json!({}));
        body[field] = json!(script);
        let (status, _, response) = send(&f.app, post(body.to_string())).await;
        match field {
            "name" | "message" => assert_eq!(status, StatusCode::CREATED, "{field}"),
            _ => {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
                assert_eq!(json_body(&response)["errors"][0]["field"], field);
            }
        }
    }
    // In name and message it is someone's text: stored and shown exactly as typed, as JSON or CSV text.
    let reference = create(&f, valid_n(2, json!({"name": script, "message": format!("{script}\n<img src=x onerror=alert(1)>"),
        "consent_share_assessment": true, "assessment": {"note": script}}))).await;
    let (_, headers, body) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{reference}"))).await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let item = json_body(&body);
    assert_eq!(item["name"], script);
    assert_eq!(item["message"], format!("{script}\n<img src=x onerror=alert(1)>"));
    assert_eq!(item["assessment"]["note"], script);
    let (_, headers, csv) = send(&f.app, get_op("/api/v1/operator/contact-requests.csv")).await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(String::from_utf8(csv).unwrap().contains(script));
}

#[tokio::test]
async fn names_in_any_script_are_valid_and_come_back_unchanged() {
    let f = fixture();
    let names = [
        "محمد علي",
        "דוד כהן",
        "李小龙 🚀",
        "👩🏽‍💻 Ada Lovelace",
        "Zoë D'Ambrosio-Nuñez",
        "Ελένη Παπαδοπούλου",
        "Nguyễn Thị Minh Khai",
        "مهدی\u{200C}زاده",
    ];
    let mut references = Vec::new();
    for (n, name) in names.iter().enumerate() {
        references.push(create(&f, valid_n(n as u32 + 1, json!({"name": name}))).await);
    }
    for (reference, name) in references.iter().zip(names) {
        let (_, _, body) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{reference}"))).await;
        assert_eq!(json_body(&body)["name"], name);
    }
    let (_, _, csv) = send(&f.app, get_op("/api/v1/operator/contact-requests.csv")).await;
    let csv = String::from_utf8(csv).unwrap();
    for name in names {
        assert!(csv.contains(name), "{name}");
    }

    // Length is counted in characters: 1,000 emoji fit in a message, 1,001 do not.
    create(&f, valid_n(100, json!({"message": "🚀".repeat(1000)}))).await;
    let e = refused(&f, valid_n(101, json!({"message": "🚀".repeat(1001)})).to_string()).await;
    assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("message"), Some("too_long")));
}

#[tokio::test]
async fn unknown_desk_ids_are_400() {
    let f = fixture_with(Options { desks: Some(vec!["mo-01"]), ..Options::default() });
    for (desk, code) in [("mo-02", "unknown"), ("MO-01", "unknown"), ("../mo-01", "invalid"), ("mo-01\u{0}", "invalid")] {
        let e = refused(&f, valid_n(1, json!({"desk_id": desk})).to_string()).await;
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("desk_id"), Some(code)), "{desk}");
    }
    nothing_stored(&f).await;
    create(&f, valid_n(1, json!({"desk_id": " mo-01 "}))).await;
}

#[tokio::test]
async fn the_request_line_and_headers_are_checked_too() {
    let f = fixture();
    // A JSON content type with a body that is not, a declared length that lies, methods that do not exist.
    let req = Request::post("/api/v1/contact-requests")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "99999999")
        .body(Body::from(valid().to_string()))
        .unwrap();
    let (status, _, body) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_body(&body)["errors"][0]["code"], "too_large");
    for method in ["PUT", "DELETE", "PATCH"] {
        let req = Request::builder().method(method).uri("/api/v1/contact-requests").body(Body::empty()).unwrap();
        let (status, _, body) = send(&f.app, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(json_body(&body)["errors"][0]["code"], "method_not_allowed");
    }
    nothing_stored(&f).await;
}

#[tokio::test]
async fn invisible_names_are_missing_and_bidi_controls_never_reach_an_operator() {
    let f = fixture();
    // Made only of zero-width spaces, byte-order marks or Hangul fillers: nobody could call this person back.
    for (n, blank) in ["\u{200B}", "\u{FEFF}\u{200B}", "\u{3164}", " \u{2060}\u{200B} ", "\u{115F}\u{1160}"].iter().enumerate() {
        let e = refused(&f, valid_n(n as u32, json!({"name": blank})).to_string()).await;
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("name"), Some("required")), "{blank:?}");
        assert_eq!(e["message"], "Inserisci il tuo nome");
    }
    // A right-to-left override or an isolate would show the operator another name than the one stored.
    for (n, spoof) in ["\u{202E}Maria\u{202C}", "Ma\u{2066}ria", "Maria\u{2069}", "\u{202D}Maria", "Ma\u{202A}ria"].iter().enumerate() {
        let e = refused(&f, valid_n(10 + n as u32, json!({"name": spoof})).to_string()).await;
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("name"), Some("control_characters")), "{spoof:?}");
    }
    nothing_stored(&f).await;

    // In a message they are dropped; the rest is kept.
    let reference = create(&f, valid_n(20, json!({"message": "Fattura \u{202E}fdp.exe\u{202C} e \u{2067}ciao\u{2069}"}))).await;
    let (_, _, body) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{reference}"))).await;
    assert_eq!(json_body(&body)["message"], "Fattura fdp.exe e ciao");
    let (_, _, csv) = send(&f.app, get_op("/api/v1/operator/contact-requests.csv")).await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')), "{csv:?}");
}

#[tokio::test]
async fn a_comune_that_does_not_exist_is_refused_on_its_field() {
    let f = fixture_with(Options { comuni: Some(vec!["036023", "058091"]), ..Options::default() });
    let e = refused(&f, valid_n(1, json!({"comune_istat": "999999"})).to_string()).await;
    assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("comune_istat"), Some("unknown")));
    assert_eq!(e["message"], "Scegli il tuo comune dall'elenco");
    nothing_stored(&f).await;
    create(&f, valid_n(2, json!({"comune_istat": "036023"}))).await;
    create(&f, valid_n(3, json!({}))).await; // no comune given is fine
}
