//! The HTTP contract, exercised in-process against the real router and a real SQLite file.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use microwork_server::db::Db;
use microwork_server::http::{AppState, HttpConfig, router};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

struct Fixture {
    app: axum::Router,
    state: Arc<AppState>,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.join("microwork-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("config.json"), "{}").unwrap();
    std::fs::write(dist.join("data/x.json"), "[1,2,3]").unwrap();
    std::fs::write(dist.join("data/x.json.br"), microwork_server::assets::brotli(b"[1,2,3]")).unwrap();
    let db = Db::open(&dir.path().join("var/test.db")).unwrap();
    let state = Arc::new(AppState { db });
    let app = router(state.clone(), &HttpConfig { dist, request_timeout: Duration::from_secs(5) });
    Fixture { app, state, _dir: dir }
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

fn json_body(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/v1/contact-requests").header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap()
}

fn valid() -> Value {
    json!({
        "request_id": "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10",
        "name": "Maria Rossi",
        "email": "maria@example.it",
        "consent_privacy": true
    })
}

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

    let (status, _, body) = send(&f.app, post(valid().to_string())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_body(&body), created, "a retry gets the same reference and time");

    let mut other = valid();
    other["name"] = json!("Someone Else");
    let (status, _, body) = send(&f.app, post(other.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_body(&body)["errors"][0]["field"], "request_id");

    let n: i64 = f.state.db.read(|c| c.query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0))).await.unwrap();
    assert_eq!(n, 1);
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
    let n: i64 = f.state.db.read(|c| c.query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0))).await.unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn size_and_content_type_limits_answer_in_json() {
    let f = fixture();
    let big = json!({ "request_id": "x", "name": "x".repeat(20_000), "consent_privacy": true });
    let (status, _, body) = send(&f.app, post(big.to_string())).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_body(&body)["errors"][0]["code"], "too_large");

    let req = Request::post("/api/v1/contact-requests").header(header::CONTENT_TYPE, "text/plain").body(Body::from("hi")).unwrap();
    let (status, _, body) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_body(&body)["errors"][0]["code"], "unsupported_media_type");
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
