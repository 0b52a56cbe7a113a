//! The person's side of a request, with the status secret from the 201 answer: the status page's data,
//! "nobody contacted me" once the desk's promised time has passed (injected clock), and withdrawal.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};

/// Posts a request; its reference and status secret.
async fn sent(f: &Fixture, body: Value) -> (String, String) {
    let (status, _, response) = send(&f.app, post(body.to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&response));
    let r = json_body(&response);
    (r["reference"].as_str().unwrap().to_string(), r["status_secret"].as_str().unwrap().to_string())
}

fn with_secret(method: &str, uri: &str, secret: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(s) = secret {
        b = b.header(header::AUTHORIZATION, format!("Bearer {s}"));
    }
    b.body(Body::empty()).unwrap()
}

fn status_of(reference: &str, secret: Option<&str>) -> Request<Body> {
    with_secret("GET", &format!("/api/v1/contact-requests/{reference}/status"), secret)
}

fn escalate(reference: &str, secret: &str) -> Request<Body> {
    with_secret("POST", &format!("/api/v1/contact-requests/{reference}/escalate"), Some(secret))
}

fn patch(reference: &str, body: Value) -> Request<Body> {
    operator("PATCH", &format!("/api/v1/operator/contact-requests/{reference}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_status_secret_opens_the_status_and_a_wrong_one_is_a_missing_reference() {
    let f = fixture();
    let (reference, secret) = sent(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let (other, other_secret) = sent(&f, valid_n(2, json!({"desk_id": "mo-01"}))).await;
    let stored: i64 = count(&f.state, "SELECT count(*) FROM contact_request_secrets").await;
    assert_eq!(stored, 2);
    let hashes: Vec<String> = f.state.db.read(|c| c.query("SELECT secret_hash FROM contact_request_secrets", &[])?.iter().map(|r| r.at(0)).collect()).await.unwrap();
    assert!(!hashes.contains(&secret), "stored hashed");

    let (status, headers, body) = send(&f.app, status_of(&reference.to_lowercase(), Some(&secret))).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let view = json_body(&body);
    assert_eq!((view["status"].as_str(), view["taken_at"].clone(), view["contacted_at"].clone()), (Some("new"), Value::Null, Value::Null));
    assert!(view["received_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!((view["response_days"].as_u64(), view["overdue"].as_bool(), view["can_escalate"].as_bool()), (Some(5), Some(false), Some(false)));
    for personal in ["name", "email", "phone", "message", "note"] {
        assert!(view.get(personal).is_none(), "{personal} is not on the status page");
    }

    // Wrong, missing, another request's secret, and a reference that does not exist: one answer.
    let mut refusals = std::collections::HashSet::new();
    for req in [
        status_of(&reference, Some("sbagliato")),
        status_of(&reference, None),
        status_of(&reference, Some(&other_secret)),
        status_of(&other, Some(&secret)),
        status_of("MW-0000-0000", Some(&secret)),
        status_of("non-un-riferimento", Some(&secret)),
    ] {
        let (status, _, body) = send(&f.app, req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        refusals.insert(body);
    }
    assert_eq!(refusals.len(), 1, "{refusals:?}");

    // The desk's moves show with their dates; the note never does.
    f.clock.advance(time::Duration::hours(3));
    send(&f.app, patch(&reference, json!({"status": "taken", "note": "nota privata"}))).await;
    f.clock.advance(time::Duration::hours(20));
    send(&f.app, patch(&reference, json!({"status": "contacted"}))).await;
    let (_, _, body) = send(&f.app, status_of(&reference, Some(&secret))).await;
    let view = json_body(&body);
    assert_eq!(view["status"], "contacted");
    assert!(view["taken_at"].as_str().unwrap() < view["contacted_at"].as_str().unwrap());
    assert!(!String::from_utf8_lossy(&body).contains("nota privata"));

    // Spam looks new to whoever sent it.
    let (spam, spam_secret) = sent(&f, valid_n(3, json!({"website": "x"}))).await;
    let (_, _, body) = send(&f.app, status_of(&spam, Some(&spam_secret))).await;
    assert_eq!(json_body(&body)["status"], "new");
}

#[tokio::test]
async fn escalation_waits_for_the_promised_working_days_then_reaches_the_desk_and_the_webhook() {
    let f = fixture_with(Options { token: Some(TOKEN), webhook: true, response_days: vec![("lt-01", 2)], ..Options::default() });
    // Friday 4 December 2026, 10:00 in Rome. Tuesday 8 December is a holiday (Immacolata).
    f.clock.set(microwork_server::clock::parse_utc("2026-12-04T09:00:00Z").unwrap());
    let (reference, secret) = sent(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let (short, short_secret) = sent(&f, valid_n(2, json!({"desk_id": "lt-01"}))).await;
    let (contacted, contacted_secret) = sent(&f, valid_n(3, json!({"desk_id": "mo-01"}))).await;

    let (_, _, body) = send(&f.app, status_of(&reference, Some(&secret))).await;
    assert_eq!(json_body(&body)["due_on"], "2026-12-14", "5 working days: Mon 7, Wed 9, Thu 10, Fri 11, Mon 14");
    let (_, _, body) = send(&f.app, status_of(&short, Some(&short_secret))).await;
    assert_eq!((json_body(&body)["due_on"].as_str(), json_body(&body)["response_days"].as_u64()), (Some("2026-12-09"), Some(2)), "the desk's own promise");

    let (status, _, body) = send(&f.app, escalate(&reference, &secret)).await;
    assert_eq!((status, json_body(&body)["errors"][0]["code"].as_str()), (StatusCode::CONFLICT, Some("too_early")));
    // The due day itself (Monday 14, late evening in Rome) is still within the promise.
    f.clock.set(microwork_server::clock::parse_utc("2026-12-14T22:30:00Z").unwrap());
    assert_eq!(send(&f.app, escalate(&reference, &secret)).await.0, StatusCode::CONFLICT);
    let (_, _, body) = send(&f.app, status_of(&reference, Some(&secret))).await;
    assert_eq!((json_body(&body)["overdue"].as_bool(), json_body(&body)["can_escalate"].as_bool()), (Some(false), Some(false)));
    // 23:30 UTC is already Tuesday 15 in Rome.
    f.clock.set(microwork_server::clock::parse_utc("2026-12-14T23:30:00Z").unwrap());
    let (_, _, body) = send(&f.app, status_of(&reference, Some(&secret))).await;
    assert_eq!((json_body(&body)["overdue"].as_bool(), json_body(&body)["can_escalate"].as_bool()), (Some(true), Some(true)));
    let (status, _, body) = send(&f.app, escalate(&reference, &secret)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let view = json_body(&body);
    assert_eq!((view["escalated_at"].as_str(), view["can_escalate"].as_bool()), (Some("2026-12-14T23:30:00Z"), Some(false)));
    // Saying it again changes nothing.
    f.clock.advance(time::Duration::hours(1));
    let (status, _, body) = send(&f.app, escalate(&reference, &secret)).await;
    assert_eq!((status, json_body(&body)["escalated_at"].as_str()), (StatusCode::OK, Some("2026-12-14T23:30:00Z")));
    assert_eq!(count(&f.state, "SELECT count(*) FROM webhook_outbox WHERE event = 'contact_request.escalated'").await, 1, "one webhook event");
    assert_eq!(count(&f.state, "SELECT count(*) FROM audit_log WHERE action = 'request.escalate' AND actor = 'person'").await, 1);
    assert_eq!(send(&f.app, escalate(&reference, "sbagliato")).await.0, StatusCode::NOT_FOUND);

    // A request the desk has contacted cannot be escalated.
    send(&f.app, patch(&contacted, json!({"status": "contacted"}))).await;
    let (status, _, body) = send(&f.app, escalate(&contacted, &contacted_secret)).await;
    assert_eq!((status, json_body(&body)["errors"][0]["code"].as_str()), (StatusCode::CONFLICT, Some("already_contacted")));

    // The desk sees it first in its queue, escalated and overdue.
    let (_, _, body) = send(&f.app, get_op("/api/v1/operator/contact-requests")).await;
    let list = json_body(&body);
    let first = &list["items"][0];
    assert_eq!((first["reference"].as_str(), first["overdue"].as_bool()), (Some(reference.as_str()), Some(true)));
    assert_eq!(first["escalated_at"], "2026-12-14T23:30:00Z");
    let (_, _, body) = send(&f.app, get_op("/api/v1/operator/contact-requests?escalated=true")).await;
    assert_eq!(json_body(&body)["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_person_withdraws_and_the_request_is_erased() {
    let f = fixture_with(Options { token: Some(TOKEN), webhook: true, ..Options::default() });
    let (reference, secret) = sent(&f, valid_n(1, json!({"desk_id": "mo-01", "name": "Giulia Withdrawn"}))).await;
    let withdraw = |s: &str| with_secret("DELETE", &format!("/api/v1/contact-requests/{reference}"), Some(s));
    assert_eq!(send(&f.app, withdraw("sbagliato")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1, "a wrong secret erases nothing");

    let (status, headers, body) = send(&f.app, withdraw(&secret)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(json_body(&body), json!({"deleted": true, "reference": reference}));
    for table in ["contact_requests", "contact_request_secrets", "contact_request_events", "webhook_outbox"] {
        let n: i64 = f.state.db.read(move |c| microwork_server::store::sql::query_value(c, &format!("SELECT count(*) FROM {table}"), &[])).await.unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let path = f.state.db.path().expect("a SQLite file");
    let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
    let file = std::fs::read(path).unwrap();
    assert!(!wal.windows(9).any(|w| w == b"Withdrawn") && !file.windows(9).any(|w| w == b"Withdrawn"), "erased from the file and its WAL");
    assert_eq!(send(&f.app, status_of(&reference, Some(&secret))).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send(&f.app, withdraw(&secret)).await.0, StatusCode::NOT_FOUND, "withdrawing twice: gone");
    assert_eq!(count(&f.state, "SELECT count(*) FROM audit_log WHERE action = 'request.erase' AND actor = 'person'").await, 1);
}

#[tokio::test]
async fn partner_sites_may_call_the_status_routes_without_credentials() {
    let f = fixture_with(Options { token: Some(TOKEN), origins: vec![PARTNER], ..Options::default() });
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/contact-requests/MW-0000-0000/status")
        .header(header::ORIGIN, PARTNER)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&f.app, preflight).await;
    assert!(status.is_success(), "{status}");
    assert_eq!(headers["access-control-allow-origin"], PARTNER);
    assert!(headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase().contains("authorization"));
    assert!(headers.get("access-control-allow-credentials").is_none(), "a bearer secret, never cookies");
}
