//! The operators' API: the token, lists with filters, CSV export, status changes and erasure.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};

/// Moves a request back in time, as if it had arrived then.
async fn received_at(f: &Fixture, reference: &str, at: &'static str) {
    let reference = reference.to_string();
    f.state
        .db
        .write(move |c| c.execute("UPDATE contact_requests SET received_at = ?2 WHERE reference = ?1", microwork_server::args![reference, at]))
        .await
        .unwrap();
}

fn references(body: &[u8]) -> Vec<String> {
    json_body(body)["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_wrong_or_missing_token_gets_401_and_no_detail() {
    let f = fixture();
    let reference = create(&f, valid()).await;
    let routes = [
        ("GET", "/api/v1/operator/contact-requests".to_string()),
        ("GET", "/api/v1/operator/contact-requests.csv".to_string()),
        ("GET", format!("/api/v1/operator/contact-requests/{reference}")),
        ("PATCH", format!("/api/v1/operator/contact-requests/{reference}")),
        ("DELETE", format!("/api/v1/operator/contact-requests/{reference}")),
    ];
    let near_miss = format!("{}x", &TOKEN[..TOKEN.len() - 1]);
    let wrong = [
        None,
        Some("Bearer".to_string()),
        Some("Bearer ".to_string()),
        Some(format!("Bearer {near_miss}")),
        Some(format!("Bearer {TOKEN}{TOKEN}")),
        Some(format!("Basic {TOKEN}")),
        Some(TOKEN.to_string()),
    ];
    let mut bodies = std::collections::HashSet::new();
    // Each attempt from its own address: failures from one address are throttled (another test).
    let mut peer = 0u32;
    for (method, uri) in &routes {
        for auth in &wrong {
            peer += 1;
            let mut req = Request::builder()
                .method(*method)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((peer.to_be_bytes(), 4000))));
            if let Some(a) = auth {
                req = req.header(header::AUTHORIZATION, a);
            }
            let (status, headers, body) = send(&f.app, req.body(Body::from(r#"{"status":"contacted"}"#)).unwrap()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {uri} {auth:?}");
            assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
            assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
            bodies.insert(body);
        }
    }
    assert_eq!(bodies.len(), 1, "every refusal is the same: nothing to learn from it");
    let body = json_body(bodies.iter().next().unwrap());
    assert_eq!(body["errors"][0]["code"], "unauthorized");
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'new'").await, 1, "nothing changed");

    let (status, _, _) = send(&f.app, get_op("/api/v1/operator/contact-requests")).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn without_a_configured_token_the_operator_api_is_closed() {
    let f = fixture_with(Options::default());
    create(&f, valid()).await;
    for auth in ["Bearer ", "Bearer x", &format!("Bearer {TOKEN}")] {
        let req = Request::get("/api/v1/operator/contact-requests").header(header::AUTHORIZATION, auth).body(Body::empty()).unwrap();
        assert_eq!(send(&f.app, req).await.0, StatusCode::UNAUTHORIZED, "{auth}");
    }
}

#[tokio::test]
async fn lists_filter_by_desk_date_and_status_in_queue_or_date_order() {
    let f = fixture();
    let a = create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let b = create(&f, valid_n(2, json!({"desk_id": "mo-01", "phone": "06 1234 5678", "channel": "phone"}))).await;
    let c = create(&f, valid_n(3, json!({"desk_id": "bo-02"}))).await;
    let spam = create(&f, valid_n(4, json!({"desk_id": "mo-01", "website": "x"}))).await;
    received_at(&f, &a, "2026-10-30T09:00:00Z").await;
    received_at(&f, &b, "2026-11-02T15:30:00Z").await;
    received_at(&f, &c, "2026-11-03T08:00:00Z").await;
    received_at(&f, &spam, "2026-11-04T08:00:00Z").await;

    let (status, headers, body) = send(&f.app, get_op("/api/v1/operator/contact-requests")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(references(&body), [&a, &b, &c].map(String::as_str), "the queue: new ones, longest waiting first, spam left out");
    let (_, _, body) = send(&f.app, get_op("/api/v1/operator/contact-requests?order=newest")).await;
    assert_eq!(references(&body), [&c, &b, &a].map(String::as_str), "newest first");
    let item = &json_body(&body)["items"][1];
    for (field, value) in [
        ("desk_id", json!("mo-01")),
        ("name", json!("Maria Rossi")),
        ("phone", json!("+390612345678")),
        ("email", json!("maria@example.it")),
        ("channel", json!("phone")),
        ("time_window", json!("any")),
        ("status", json!("new")),
        ("received_at", json!("2026-11-02T15:30:00Z")),
        ("webhook", Value::Null),
    ] {
        assert_eq!(item[field], value, "{field}");
    }

    let list = |q: &str| get_op(&format!("/api/v1/operator/contact-requests?order=newest&{q}"));
    assert_eq!(references(&send(&f.app, list("desk=mo-01")).await.2), [&b, &a].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("until=2026-11-03")).await.2), [&b, &a].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("desk=mo-01&since=2026-11-01")).await.2), [&b].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("since=2026-11-02T16:00:00%2B01:00")).await.2), [&c, &b].map(String::as_str), "15:00Z");
    assert_eq!(references(&send(&f.app, list("desk=mo-01&status=spam")).await.2), [&spam].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("desk=nobody")).await.2), Vec::<String>::new());

    let (_, _, body) = send(&f.app, list("limit=2")).await;
    assert_eq!((references(&body), json_body(&body)["more"].clone()), (vec![c.clone(), b.clone()], json!(true)));
    let (_, _, body) = send(&f.app, list("limit=2&offset=2")).await;
    assert_eq!((references(&body), json_body(&body)["more"].clone()), (vec![a.clone()], json!(false)));

    for (q, field) in [
        ("since=yesterday", "since"),
        ("until=domani", "until"),
        ("status=done", "status"),
        ("status=handled", "status"),
        ("escalated=forse", "escalated"),
        ("order=random", "order"),
        ("limit=-1", "limit"),
        ("offset=x", "offset"),
    ] {
        let (status, _, body) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests?{q}"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(json_body(&body)["errors"][0]["field"], field, "{q} {}", String::from_utf8_lossy(&body));
    }
}

#[tokio::test]
async fn operators_take_contact_and_close_requests_with_an_outcome_and_a_note() {
    let f = fixture();
    let reference = create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let other = create(&f, valid_n(2, json!({"desk_id": "mo-01"}))).await;
    let patch = |r: &str, body: &str| {
        operator("PATCH", &format!("/api/v1/operator/contact-requests/{r}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (status, _, body) = send(&f.app, patch(&reference, r#"{"status": "taken"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(json_body(&body)["status"], "taken");
    let (status, _, body) = send(&f.app, patch(&reference, r#"{"status": "contacted", "note": "  richiamare lunedì  "}"#)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let detail = json_body(&body);
    assert_eq!((detail["status"].as_str(), detail["note"].as_str()), (Some("contacted"), Some("richiamare lunedì")));
    assert!(detail["status_changed_at"].as_str().unwrap().ends_with('Z'));
    let moves: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(moves, ["taken", "contacted"]);
    assert_eq!(detail["history"][0]["by"], Value::Null, "the integration token has no e-mail");

    // Closing needs an outcome.
    let (status, _, body) = send(&f.app, patch(&reference, r#"{"status": "closed"}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!((json_body(&body)["errors"][0]["field"].as_str(), json_body(&body)["errors"][0]["code"].as_str()), (Some("outcome"), Some("required")));
    // Read out on the phone and typed back in lower case: still found.
    let (status, _, body) = send(&f.app, patch(&reference.to_lowercase(), r#"{"status": "closed", "outcome": "path_started"}"#)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((json_body(&body)["status"].as_str(), json_body(&body)["outcome"].as_str()), (Some("closed"), Some("path_started")));

    let list = |q: &str| get_op(&format!("/api/v1/operator/contact-requests?desk=mo-01&{q}"));
    assert_eq!(references(&send(&f.app, list("status=closed")).await.2), [&reference].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("status=new")).await.2), [&other].map(String::as_str));
    assert_eq!(references(&send(&f.app, list("status=open")).await.2), [&other].map(String::as_str));

    for (bad, field, code) in [
        (r#"{"status": "spam"}"#, Some("status"), "invalid"),
        (r#"{"status": "done"}"#, Some("status"), "invalid"),
        (r#"{"status": "handled"}"#, Some("status"), "invalid"),
        (r#"{"outcome": "declined"}"#, Some("outcome"), "not_allowed"),
        (r#"{"state": "closed"}"#, Some("body"), "unknown_field"),
        ("{}", Some("body"), "empty"),
        ("{", None, "invalid_json"),
        ("\"closed\"", Some("body"), "invalid_type"),
    ] {
        let (status, _, body) = send(&f.app, patch(&other, bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        let e = &json_body(&body)["errors"][0];
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (field, Some(code)), "{bad}");
        assert!(!e["message"].as_str().unwrap_or("").is_empty(), "{bad}: worded");
    }
    // Closed cannot jump back to new.
    let (status, _, body) = send(&f.app, patch(&reference, r#"{"status": "new"}"#)).await;
    assert_eq!((status, json_body(&body)["errors"][0]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("not_allowed")));
    let (status, _, body) = send(&f.app, patch("MW-0000-0000", r#"{"status": "taken"}"#)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json_body(&body)["errors"][0]["code"], "not_found");
}

#[tokio::test]
async fn erasure_really_deletes_the_request_and_its_notification() {
    let f = fixture_with(Options { token: Some(TOKEN), webhook: true, ..Options::default() });
    let reference = create(&f, valid_n(1, json!({"name": "Erminia Cancellanda", "message": "Numero segreto 4242"}))).await;
    let kept = create(&f, valid_n(2, json!({"name": "Rita Conservata"}))).await;
    assert_eq!(count(&f.state, "SELECT count(*) FROM webhook_outbox").await, 2);

    let erase = |r: &str| operator("DELETE", &format!("/api/v1/operator/contact-requests/{r}")).body(Body::empty()).unwrap();
    let (status, _, body) = send(&f.app, erase(&reference)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_body(&body), json!({"reference": reference, "deleted": true}));
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
    assert_eq!(count(&f.state, "SELECT count(*) FROM webhook_outbox").await, 1, "its notification is gone too");
    let (status, _, _) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{reference}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(send(&f.app, erase(&reference)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{kept}"))).await.0, StatusCode::OK);

    // As soon as the 200 arrives, and with nothing else done: the person's data is neither in the database
    // file nor in its write-ahead log (secure_delete zeroes the pages; the WAL is checkpointed and truncated).
    let path = f.dir.path().join("var/test.db");
    let wal = path.with_extension("db-wal");
    let holds = |file: &std::path::Path, needle: &[u8]| {
        std::fs::read(file).unwrap_or_default().windows(needle.len()).any(|w| w == needle)
    };
    for needle in [&b"Erminia Cancellanda"[..], b"Numero segreto 4242", b"0b6f0c1e-5d55-4f7e-9a53-000000000001"] {
        for file in [&path, &wal] {
            assert!(!holds(file, needle), "{} still holds {}", file.display(), String::from_utf8_lossy(needle));
        }
    }
    assert!(holds(&path, b"Rita Conservata") || holds(&wal, b"Rita Conservata"), "the search itself works");
}

#[tokio::test]
async fn csv_export_is_spreadsheet_safe() {
    let f = fixture();
    let nasty = [
        ("=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("Zoë \"Zo\" D'Ambrosio, jr.", "Zoë \"Zo\" D'Ambrosio, jr."),
    ];
    for (n, (name, _)) in nasty.iter().enumerate() {
        let message = format!("riga uno\nriga due, {name}");
        create(&f, valid_n(n as u32 + 1, json!({"name": name, "desk_id": "mo-01", "message": message, "phone": "333 123 4567"}))).await;
    }
    // Excel set to Italian splits on `;`: each part that would start a formula is neutralised too.
    let semicolons = create(&f, valid_n(50, json!({"name": "Anna", "desk_id": "mo-01", "message": "Grazie;=cmd|' /C calc'!A0;-2+3"}))).await;
    create(&f, valid_n(99, json!({"desk_id": "bo-02"}))).await;

    let (status, headers, body) = send(&f.app, get_op("/api/v1/operator/contact-requests.csv?desk=mo-01")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    let mut reader = csv::Reader::from_reader(body.as_slice());
    let header_row: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header_row, microwork_server::spreadsheet::CSV_HEADER);
    let col = |name: &str| header_row.iter().position(|h| h == name).unwrap();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let split = rows.iter().position(|r| r[col("reference")] == *semicolons.as_str()).unwrap();
    assert_eq!(&rows.remove(split)[col("message")], "Grazie;'=cmd|' /C calc'!A0;'-2+3");
    assert_eq!(rows.len(), nasty.len(), "one desk only");
    let mut names: Vec<&str> = rows.iter().map(|r| &r[col("name")]).collect();
    names.sort();
    let mut expected: Vec<&str> = nasty.iter().map(|(_, safe)| *safe).collect();
    expected.sort();
    assert_eq!(names, expected);
    for row in &rows {
        assert_eq!(&row[col("phone")], "'+393331234567", "E.164 starts with + and is escaped too");
        assert!(row[col("message")].starts_with("riga uno\nriga due"), "multi-line cells survive");
        for cell in row.iter() {
            for part in cell.split([';', ',', '\t', '\n']) {
                assert!(!part.trim_start_matches(' ').starts_with(['=', '+', '-', '@', '\r']), "{cell:?}");
            }
        }
    }
    // Every field is quoted: a spreadsheet splitting on another separator still sees whole cells.
    for line in String::from_utf8(body).unwrap().split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.starts_with('"') && line.ends_with('"'), "{line}");
    }
}

#[tokio::test]
async fn failed_authentications_are_throttled_per_address() {
    let f = fixture();
    let from = |ip: [u8; 4], token: &str| {
        Request::get("/api/v1/operator/contact-requests")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 4000))))
            .body(Body::empty())
            .unwrap()
    };
    let (a, b) = ([198, 51, 100, 1], [198, 51, 100, 2]);
    for n in 0..microwork_server::http::auth_throttle::BURST {
        assert_eq!(send(&f.app, from(a, &format!("guess-{n}"))).await.0, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let (status, headers, body) = send(&f.app, from(a, "one-guess-too-many")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers[header::RETRY_AFTER].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(json_body(&body)["errors"][0]["code"], "rate_limited");
    // While it waits, even the right token is not looked at: a guess made now could not succeed either.
    assert_eq!(send(&f.app, from(a, TOKEN)).await.0, StatusCode::TOO_MANY_REQUESTS);
    // Another address, and the operator's own correct requests, are not affected.
    assert_eq!(send(&f.app, from(b, TOKEN)).await.0, StatusCode::OK);
    for _ in 0..30 {
        assert_eq!(send(&f.app, from(b, TOKEN)).await.0, StatusCode::OK, "successes never count");
    }
}

#[tokio::test]
async fn operator_answers_are_never_cached() {
    let f = fixture();
    let reference = create(&f, valid()).await;
    for req in [
        get_op("/api/v1/operator/contact-requests"),
        get_op("/api/v1/operator/contact-requests.csv"),
        get_op(&format!("/api/v1/operator/contact-requests/{reference}")),
        get_op("/api/v1/operator/contact-requests/MW-0000-0000"),
        Request::get("/api/v1/operator/contact-requests").body(Body::empty()).unwrap(),
    ] {
        let uri = req.uri().to_string();
        let (_, headers, _) = send(&f.app, req).await;
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{uri}");
    }
}
