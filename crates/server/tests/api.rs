//! The HTTP contract, exercised in-process against the real router and a real SQLite file.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use microwork_server::http::RateLimit;
use serde_json::{Value, json};

#[tokio::test]
async fn health_is_json() {
    let f = fixture();
    let (status, headers, body) = send(&f.app, Request::get("/api/v1/health").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_body(&body)["status"], "ok");
}

#[tokio::test]
async fn a_request_is_stored_once_and_replayed() {
    let f = fixture();
    let (status, _, body) = send(&f.app, post(valid().to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    let created = json_body(&body);
    let reference = created["reference"].as_str().unwrap().to_string();
    assert!(reference.starts_with("MW-"));
    assert!(created["received_at"].as_str().unwrap().ends_with('Z'));

    // Every accepted answer carries a status secret of its own (the retry may come from a browser that lost
    // the first answer); the rest is the same.
    let receipt = |v: &Value| (v["reference"].clone(), v["received_at"].clone());
    let first_secret = created["status_secret"].as_str().unwrap().to_string();
    assert_eq!(first_secret.len(), 43, "32 random bytes, base64url");
    let (status, _, body) = send(&f.app, post(valid().to_string())).await;
    assert_eq!(status, StatusCode::OK);
    let replayed = json_body(&body);
    assert_eq!(receipt(&replayed), receipt(&created), "a retry gets the same reference and time");
    assert_ne!(replayed["status_secret"].as_str().unwrap(), first_secret);

    // The same content written differently (key order, spacing, upper-case id) is the same request.
    let respelled = r#"{ "consent_privacy": true, "email": " maria@example.it ",
        "name": "Maria Rossi", "request_id": "0B6F0C1E-5D55-4F7E-9A53-2F3C8F1F2A10" }"#;
    let (status, _, body) = send(&f.app, post(respelled)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receipt(&json_body(&body)), receipt(&created));

    let mut other = valid();
    other["name"] = json!("Someone Else");
    let (status, _, body) = send(&f.app, post(other.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_body(&body)["errors"][0]["field"], "request_id");
    assert_eq!(json_body(&body)["errors"][0]["code"], "conflict");

    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
}

#[tokio::test]
async fn phone_numbers_are_stored_in_e164_and_a_retry_may_type_them_differently() {
    let f = fixture();
    let first = valid_n(1, json!({"email": null, "phone": "333 123 4567", "channel": "whatsapp"}));
    let reference = create(&f, first).await;
    let again = valid_n(1, json!({"email": null, "phone": "+39 333 1234567", "channel": "whatsapp"}));
    let (status, _, body) = send(&f.app, post(again.to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_body(&body)["reference"], reference.as_str());
    let (_, _, body) = send(&f.app, get_op(&format!("/api/v1/operator/contact-requests/{reference}"))).await;
    assert_eq!(json_body(&body)["phone"], "+393331234567");

    // Fine for the browser's light check, but no Italian number looks like this.
    let impossible = valid_n(2, json!({"phone": "123456"}));
    let (status, _, body) = send(&f.app, post(impossible.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_body(&body)["errors"][0]["field"], "phone");
}

#[tokio::test]
async fn invalid_requests_are_refused_field_by_field_and_not_stored() {
    let f = fixture();
    let mut bad = valid();
    bad["name"] = json!("");
    bad["email"] = json!("nope");
    bad["consent_privacy"] = json!(false);
    let (status, _, body) = send(&f.app, post(bad.to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let errors = json_body(&body)["errors"].clone();
    let fields: Vec<_> = errors.as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["name", "email", "consent_privacy"]);
    assert_eq!(errors[0]["message"], "Inserisci il tuo nome");

    bad["lang"] = json!("en");
    let (_, _, body) = send(&f.app, post(bad.to_string())).await;
    assert_eq!(json_body(&body)["errors"][0]["message"], "Enter your name", "messages in the request's language");

    for (body, field, code) in [
        ("{", None, "invalid_json"),
        (r#"{"name": 5}"#, Some("name"), "invalid_type"),
        (r#"{"name": "x", "consent_privacy": true}"#, Some("request_id"), "required"),
        (r#"{"request_id": "x", "name": "x", "consent_privacy": true, "extra": 1}"#, Some("extra"), "unknown_field"),
    ] {
        let (status, _, response) = send(&f.app, post(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let e = &json_body(&response)["errors"][0];
        assert_eq!(e["code"], code, "{body}: {e}");
        assert_eq!(e["field"].as_str(), field, "{body}: {e}");
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 0);
}

#[tokio::test]
async fn size_and_content_type_limits_answer_in_json() {
    let f = fixture();
    let big = json!({ "request_id": "x", "name": "x".repeat(20_000), "consent_privacy": true });
    let (status, _, body) = send(&f.app, post(big.to_string())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_body(&body)["errors"][0]["code"], "too_large");

    // No Content-Length (chunked): the limit holds while reading.
    let chunks = Chunks(vec![vec![b' '; 8 * 1024]; 3].into_iter());
    let req = Request::post("/api/v1/contact-requests")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(chunks))
        .unwrap();
    let (status, _, body) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_body(&body)["errors"][0]["code"], "too_large");

    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let mut req = Request::post("/api/v1/contact-requests");
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let (status, _, body) = send(&f.app, req.body(Body::from(valid().to_string())).unwrap()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type:?}");
        assert_eq!(json_body(&body)["errors"][0]["code"], "unsupported_media_type");
    }
    let req = Request::post("/api/v1/contact-requests")
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(valid().to_string()))
        .unwrap();
    assert_eq!(send(&f.app, req).await.0, StatusCode::CREATED, "a charset parameter is fine");
}

/// A body that arrives in chunks with no declared length, as a chunked upload does.
struct Chunks(std::vec::IntoIter<Vec<u8>>);

impl http_body::Body for Chunks {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.next().map(|c| Ok(http_body::Frame::data(bytes::Bytes::from(c)))))
    }
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_json_not_the_app() {
    let f = fixture();
    let (status, headers, body) = send(&f.app, Request::get("/api/v1/nope").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_body(&body)["errors"][0]["code"], "not_found");

    let (status, headers, body) = send(&f.app, Request::get("/api/v1/contact-requests").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(headers.contains_key(header::ALLOW));
    assert_eq!(json_body(&body)["errors"][0]["code"], "method_not_allowed");
}

#[tokio::test]
async fn the_honeypot_answers_like_a_success_but_stores_spam_and_sends_nothing() {
    let f = fixture_with(Options { token: Some(TOKEN), webhook: true, ..Options::default() });
    let bot = valid_n(7, json!({"website": "http://cheap-pills.example"}));
    let (status, _, body) = send(&f.app, post(bot.to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    let answer = json_body(&body);
    assert!(answer["reference"].as_str().unwrap().starts_with("MW-"), "indistinguishable from a real success");
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'spam'").await, 1);
    assert_eq!(count(&f.state, "SELECT count(*) FROM webhook_outbox").await, 0, "spam is never delivered");

    let (_, _, body) = send(&f.app, get_op("/api/v1/operator/contact-requests")).await;
    assert_eq!(json_body(&body)["items"], json!([]), "spam is not in the operators' list");
    let (_, _, body) = send(&f.app, get_op("/api/v1/operator/contact-requests?status=spam")).await;
    assert_eq!(json_body(&body)["items"][0]["reference"], answer["reference"]);

    // A real request in the same deployment gets its notification row.
    create(&f, valid_n(8, json!({}))).await;
    assert_eq!(count(&f.state, "SELECT count(*) FROM webhook_outbox").await, 1);
}

#[tokio::test]
async fn desk_ids_must_be_in_the_catalogue_when_there_is_one() {
    let f = fixture_with(Options { desks: Some(vec!["mo-01", "bo-02"]), ..Options::default() });
    create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let (status, _, body) = send(&f.app, post(valid_n(2, json!({"desk_id": "zz-99"})).to_string())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let e = &json_body(&body)["errors"][0];
    assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("desk_id"), Some("unknown")));
    assert_eq!(e["message"], "Scegli uno sportello dall'elenco");
    create(&f, valid_n(3, json!({}))).await; // no desk chosen: the general help desk

    // Without sportelli.json the server cannot tell, and accepts any well-formed id.
    let open = fixture_with(Options::default());
    create(&open, valid_n(2, json!({"desk_id": "zz-99"}))).await;
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_per_client_address() {
    let limit = RateLimit { per_minute: 2, burst: 2, trust_forwarded_for: false };
    let f = fixture_with(Options { rate_limit: Some(limit), origins: vec![PARTNER], ..Options::default() });
    let (a, b) = ([192, 0, 2, 1], [192, 0, 2, 2]);

    // Preflights, health checks and static files never count.
    for _ in 0..5 {
        let preflight = Request::options("/api/v1/contact-requests")
            .header(header::ORIGIN, PARTNER)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((a, 1))))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&f.app, preflight).await.0, StatusCode::OK);
        let health = Request::get("/api/v1/health")
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from((a, 1))))
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&f.app, health).await.0, StatusCode::OK);
    }

    assert_eq!(send(&f.app, post_from(a, valid_n(1, json!({})).to_string())).await.0, StatusCode::CREATED);
    assert_eq!(send(&f.app, post_from(a, "{")).await.0, StatusCode::BAD_REQUEST, "refused requests count too");
    let (status, headers, body) = send(&f.app, post_from(a, valid_n(2, json!({})).to_string())).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "Retry-After in seconds: {retry_after}");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_body(&body)["errors"][0]["code"], "rate_limited");

    // A partner page can read the 429 (CORS headers on it), and another client is not affected.
    let mut from_partner = post_from(a, valid_n(3, json!({})).to_string());
    from_partner.headers_mut().insert(header::ORIGIN, PARTNER.parse().unwrap());
    let (status, headers, _) = send(&f.app, from_partner).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PARTNER);
    assert_eq!(send(&f.app, post_from(b, valid_n(4, json!({})).to_string())).await.0, StatusCode::CREATED);

    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 2, "nothing stored for a 429");
}

fn preflight(origin: &str) -> Request<Body> {
    Request::options("/api/v1/contact-requests")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_allows_the_configured_partner_origins_only() {
    let f = fixture_with(Options { origins: vec![PARTNER, "http://localhost:8081"], ..Options::default() });

    let (status, headers, _) = send(&f.app, preflight(PARTNER)).await;
    assert!(status.is_success());
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PARTNER);
    assert!(headers[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("POST"));
    assert!(headers[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap().to_ascii_lowercase().contains("content-type"));

    let mut req = post(valid().to_string());
    req.headers_mut().insert(header::ORIGIN, PARTNER.parse().unwrap());
    let (status, headers, _) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PARTNER);

    let mut invalid = post("{");
    invalid.headers_mut().insert(header::ORIGIN, PARTNER.parse().unwrap());
    let (status, headers, _) = send(&f.app, invalid).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], PARTNER, "the partner page can read the errors");

    for other in ["https://evil.example", "https://partner.example.evil.example", "http://partner.example"] {
        let (_, headers, _) = send(&f.app, preflight(other)).await;
        assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{other}");
        assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_METHODS), "{other}");
        let mut req = post(valid_n(9, json!({})).to_string());
        req.headers_mut().insert(header::ORIGIN, other.parse().unwrap());
        let (_, headers, _) = send(&f.app, req).await;
        assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN), "{other}");
    }

    // The operator API is not for partner pages.
    let req = Request::options("/api/v1/operator/contact-requests")
        .header(header::ORIGIN, PARTNER)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .unwrap();
    let (_, headers, _) = send(&f.app, req).await;
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[tokio::test]
async fn without_configured_origins_no_cross_origin_access_is_granted() {
    let f = fixture_with(Options::default());
    let (_, headers, _) = send(&f.app, preflight(PARTNER)).await;
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    // Same-origin requests (the app itself, which also sends Origin on POST) work without CORS.
    let mut req = post(valid().to_string());
    req.headers_mut().insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    assert_eq!(send(&f.app, req).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn app_routes_get_index_html_and_files_get_the_right_cache_headers() {
    let f = fixture();
    for path in ["/", "/sportelli", "/autovalutazione/eta"] {
        let (status, headers, body) = send(&f.app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(String::from_utf8_lossy(&body).contains("<title>app</title>"), "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
    let (status, _, _) = send(&f.app, Request::get("/missing.js").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a missing file is not the app");

    let (status, headers, _) =
        send(&f.app, Request::get("/microwork-0123456789abcdef_bg.wasm").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers["x-content-type-options"], "nosniff");

    let (_, headers, _) = send(&f.app, Request::get("/config.json").body(Body::empty()).unwrap()).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    let req = Request::get("/data/x.json").header(header::ACCEPT_ENCODING, "br, gzip").body(Body::empty()).unwrap();
    let (status, headers, body) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br", "the precompressed copy is sent as it is");
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(body, microwork_server::assets::brotli(b"[1,2,3]"));
}

#[tokio::test]
async fn when_the_database_cannot_take_the_write_the_client_is_told_to_retry() {
    let f = fixture();
    f.state.db.close();
    let (status, headers, body) = send(&f.app, post(valid().to_string())).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "not acknowledged: the browser's outbox keeps it");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    assert_eq!(json_body(&body)["errors"][0]["code"], "server_error");
}

#[tokio::test]
async fn the_same_request_id_written_another_way_is_the_same_request() {
    let f = fixture();
    let reference = create(&f, valid()).await;
    for spelling in [
        "0b6f0c1e5d554f7e9a532f3c8f1f2a10",
        "{0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10}",
        "urn:uuid:0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10",
        "{0B6F0C1E-5D55-4F7E-9A53-2F3C8F1F2A10}",
        "0B6F0C1E5D554F7E9A532F3C8F1F2A10",
    ] {
        let mut again = valid();
        again["request_id"] = json!(spelling);
        let (status, _, body) = send(&f.app, post(again.to_string())).await;
        assert_eq!(status, StatusCode::OK, "{spelling}: {}", String::from_utf8_lossy(&body));
        assert_eq!(json_body(&body)["reference"], reference.as_str(), "{spelling}");
        let mut different = again.clone();
        different["name"] = json!("Qualcun Altro");
        assert_eq!(send(&f.app, post(different.to_string())).await.0, StatusCode::CONFLICT, "{spelling}");
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
    let stored: String = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT request_id FROM contact_requests", &[])).await.unwrap();
    assert_eq!(stored, "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "kept in canonical form");
}

#[tokio::test]
async fn error_messages_follow_the_request_language_then_the_browser() {
    let f = fixture();
    let mut bad = valid();
    bad["name"] = json!("");
    let req = |body: String, accept: Option<&str>| {
        let mut r = post(body);
        if let Some(a) = accept {
            r.headers_mut().insert(header::ACCEPT_LANGUAGE, a.parse().unwrap());
        }
        r
    };
    let message = |body: &[u8]| json_body(body)["errors"][0]["message"].as_str().unwrap().to_string();
    assert_eq!(message(&send(&f.app, req(bad.to_string(), None)).await.2), "Inserisci il tuo nome");
    assert_eq!(message(&send(&f.app, req(bad.to_string(), Some("en-GB,en;q=0.9"))).await.2), "Enter your name");
    bad["lang"] = json!("it");
    assert_eq!(message(&send(&f.app, req(bad.to_string(), Some("en"))).await.2), "Inserisci il tuo nome", "the form's language wins");
    assert_eq!(message(&send(&f.app, req("{".into(), Some("en"))).await.2), "The body is not valid JSON");
    assert_eq!(message(&send(&f.app, req("{".into(), None)).await.2), "Il corpo non è JSON valido");
    let (_, _, body) = send(&f.app, Request::get("/api/v1/nope").header(header::ACCEPT_LANGUAGE, "en").body(Body::empty()).unwrap()).await;
    assert_eq!(message(&body), "Not found");
    // No sentence carries two languages at once any more.
    assert!(!message(&body).contains(" / "));
}
