//! In-process fixture shared by the HTTP contract tests: the real router over a real SQLite file.
#![allow(dead_code)]

pub mod backends;
pub mod process;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use microwork_server::store::Db;
use microwork_server::catalog::Catalogs;
use microwork_server::clock::ManualClock;
use microwork_server::http::auth::Passwords;
use microwork_server::http::{AppState, HttpConfig, OperatorToken, RateLimit, router};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub const TOKEN: &str = "test-operator-token-0123456789abcdef";
pub const PARTNER: &str = "https://partner.example";

pub struct Fixture {
    pub app: axum::Router,
    pub state: Arc<AppState>,
    pub dir: tempfile::TempDir,
    /// The handlers' clock: starts at the real time, moves only when a test moves it.
    pub clock: Arc<ManualClock>,
}

#[derive(Default)]
pub struct Options {
    pub desks: Option<Vec<&'static str>>,
    pub comuni: Option<Vec<&'static str>>,
    pub token: Option<&'static str>,
    pub origins: Vec<&'static str>,
    pub rate_limit: Option<RateLimit>,
    pub webhook: bool,
    /// `MICROWORK_PUBLIC_URL`.
    pub public_url: Option<&'static str>,
    /// Each desk's promised response time (working days).
    pub response_days: Vec<(&'static str, u8)>,
    /// Copy the real `public/data/sportelli.json` and `comuni.json` into dist/ and load them (issue 19).
    pub desk_data: bool,
    /// Where desk reminders are posted (issue 19).
    pub desk_webhook: Option<String>,
    /// `MICROWORK_CONFIRMATION_MONTHS` (default 6).
    pub confirmation_months: Option<u32>,
}

pub fn fixture() -> Fixture {
    fixture_with(Options { token: Some(TOKEN), ..Options::default() })
}

pub fn fixture_with(options: Options) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.join("microwork-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("config.json"), "{}").unwrap();
    std::fs::write(dist.join("data/x.json"), "[1,2,3]").unwrap();
    std::fs::write(dist.join("data/x.json.br"), microwork_server::assets::brotli(b"[1,2,3]")).unwrap();
    let db = Db::open(&dir.path().join("var/test.db")).unwrap();
    let mut state = AppState::new(db);
    state.catalog = Catalogs::default();
    if let Some(desks) = options.desks {
        state.catalog = state.catalog.with_desks(desks);
    }
    if let Some(comuni) = options.comuni {
        state.catalog = state.catalog.with_comuni(comuni);
    }
    for (desk, days) in &options.response_days {
        state.catalog = state.catalog.clone().with_response_days(desk, *days);
    }
    state.accounts.public_origin = options.public_url.map(|u| microwork_server::http::auth::origin_of_url(u).unwrap());
    state.operator_token = options.token.map(OperatorToken::new);
    let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
    state.clock = clock.clone();
    // Cheap Argon2 settings: tests sign in many times (the real settings are tested in the crate).
    state.accounts.passwords = Arc::new(Passwords::for_tests());
    state.webhook = options.webhook.then(|| Arc::new(tokio::sync::Notify::new()));
    if options.desk_data {
        let public = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/data");
        for file in ["sportelli.json", "comuni.json"] {
            std::fs::copy(public.join(file), dist.join("data").join(file)).unwrap();
        }
        state.desks = microwork_server::desks::DeskData::load(&dist).unwrap();
        state.desks.webhook = options.desk_webhook.map(microwork_server::webhook::WebhookConfig::new);
        if let Some(months) = options.confirmation_months {
            state.desks.confirmation_months = months;
        }
    }
    let state = Arc::new(state);
    let config = HttpConfig {
        dist,
        // Generous: the machine running the tests may be busy; no test here is about the timeout.
        request_timeout: Duration::from_secs(30),
        allowed_origins: options.origins.iter().map(|o| o.parse().unwrap()).collect(),
        rate_limit: options.rate_limit,
    };
    let app = router(state.clone(), &config);
    Fixture { app, state, dir, clock }
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

pub fn json_body(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)))
}

pub fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/v1/contact-requests").header(header::CONTENT_TYPE, "application/json").body(body.into()).unwrap()
}

/// A POST as it arrives over TCP from `ip`, for the rate limit.
pub fn post_from(ip: [u8; 4], body: impl Into<Body>) -> Request<Body> {
    let mut req = post(body);
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

pub fn operator(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
}

pub fn get_op(uri: &str) -> Request<Body> {
    operator("GET", uri).body(Body::empty()).unwrap()
}

pub fn valid() -> Value {
    json!({
        "request_id": "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10",
        "name": "Maria Rossi",
        "email": "maria@example.it",
        "consent_privacy": true
    })
}

/// A valid request with its own id (`n` distinguishes them) and the given extra fields.
pub fn valid_n(n: u32, extra: Value) -> Value {
    let mut v = valid();
    v["request_id"] = json!(format!("0b6f0c1e-5d55-4f7e-9a53-{n:012x}"));
    if let (Some(target), Some(extra)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in extra {
            target.insert(k.clone(), x.clone());
        }
    }
    v
}

pub async fn count(state: &AppState, sql: &'static str) -> i64 {
    state.db.read(move |c| microwork_server::store::sql::query_value(c, sql, &[])).await.unwrap()
}

/// Posts and expects 201; returns the reference.
pub async fn create(f: &Fixture, body: Value) -> String {
    let (status, _, response) = send(&f.app, post(body.to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&response));
    json_body(&response)["reference"].as_str().unwrap().to_string()
}

/// The host the in-process tests pretend to be served at.
pub const HOST: &str = "microwork.test";
pub const ORIGIN: &str = "http://microwork.test";
pub const PASSWORD: &str = "cavallo batteria graffetta";

/// Creates an operator account straight in the database and returns the one-time link's token.
pub async fn add_operator(f: &Fixture, email: &str, desks: &[&str], admin: bool) -> String {
    use microwork_server::store::{accounts, requests};
    let (email, desks) = (email.trim().to_lowercase(), desks.iter().map(|d| d.to_string()).collect::<Vec<_>>());
    let token = microwork_server::http::auth::random_token().unwrap();
    let hash = requests::secret_hash(&token);
    let now = f.state.clock.now();
    let (at, until) = (microwork_server::clock::format_utc(now), microwork_server::clock::format_utc(now + time::Duration::hours(48)));
    f.state
        .db
        .write(move |c| {
            let id = format!("id-{email}");
            accounts::create(c, &id, &email, admin, &desks, &at)?;
            accounts::create_link(c, &id, &hash, &at, &until)
        })
        .await
        .unwrap();
    token
}

/// A browser request to the site (Host and, for writes, Origin as a browser sends them) with `cookie`.
pub fn browser(method: &str, uri: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut b = Request::builder().method(method).uri(uri).header(header::HOST, HOST);
    if method != "GET" {
        b = b.header(header::ORIGIN, ORIGIN);
    }
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b
}

pub fn browser_json(method: &str, uri: &str, cookie: Option<&str>, body: Value) -> Request<Body> {
    browser(method, uri, cookie).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
}

/// `name=value` of the response's session cookie.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    let set = headers.get(header::SET_COOKIE)?.to_str().ok()?;
    let pair = set.split(';').next()?.trim();
    (!pair.ends_with('=')).then(|| pair.to_string())
}

/// Sets the password from the link and signs in; returns the cookie (`name=value`).
pub async fn signed_in(f: &Fixture, email: &str, desks: &[&str], admin: bool) -> String {
    let token = add_operator(f, email, desks, admin).await;
    let (status, _, body) =
        send(&f.app, browser_json("POST", "/api/v1/operator/password", None, json!({"token": token, "password": PASSWORD}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{}", String::from_utf8_lossy(&body));
    login(f, email, PASSWORD).await.unwrap_or_else(|s| panic!("sign-in: {s}"))
}

/// Signs in; the cookie, or the status of the refusal.
pub async fn login(f: &Fixture, email: &str, password: &str) -> Result<String, StatusCode> {
    let (status, headers, _) =
        send(&f.app, browser_json("POST", "/api/v1/operator/session", None, json!({"email": email, "password": password}))).await;
    if status != StatusCode::NO_CONTENT {
        return Err(status);
    }
    Ok(session_cookie(&headers).expect("a session cookie"))
}
