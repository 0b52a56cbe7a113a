//! Operator accounts over HTTP: the one-time link, sign-in, the session cookie and its expiry, the Origin
//! check, throttled failures, per-desk isolation on every route, and the audit log.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};

fn items(body: &[u8]) -> Vec<Value> {
    json_body(body)["items"].as_array().cloned().unwrap_or_default()
}

fn references(body: &[u8]) -> Vec<String> {
    items(body).iter().map(|i| i["reference"].as_str().unwrap().to_string()).collect()
}

fn get(uri: &str, cookie: &str) -> Request<Body> {
    browser("GET", uri, Some(cookie)).body(Body::empty()).unwrap()
}

fn from_address(mut req: Request<Body>, n: u32) -> Request<Body> {
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((n.to_be_bytes(), 4000))));
    req
}

#[tokio::test]
async fn an_operator_sets_a_password_from_the_link_once_and_signs_in() {
    let f = fixture();
    let token = add_operator(&f, "Maria.Rossi@Comune.example.it", &["mo-01"], false).await;
    let (status, _, body) = send(&f.app, browser_json("POST", "/api/v1/operator/password/check", None, json!({"token": token}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_body(&body)["email"], "maria.rossi@comune.example.it");

    for (password, code) in [("corto", "too_short"), ("password2024!", "common"), ("maria.rossi-2026!", "contains_email")] {
        let (status, _, body) =
            send(&f.app, browser_json("POST", "/api/v1/operator/password", None, json!({"token": token, "password": password}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{password}");
        let e = &json_body(&body)["errors"][0];
        assert_eq!((e["field"].as_str(), e["code"].as_str()), (Some("password"), Some(code)), "{password}");
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    let set = |password: &str| browser_json("POST", "/api/v1/operator/password", None, json!({"token": token, "password": password}));
    assert_eq!(send(&f.app, set(PASSWORD)).await.0, StatusCode::NO_CONTENT, "a refused password leaves the link usable");
    let (status, _, body) = send(&f.app, set("un'altra password lunga")).await;
    assert_eq!((status, json_body(&body)["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("token")), "used once");
    let stored: String = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT password_hash FROM operators", &[])).await.unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("cavallo"), "{stored}");

    // A wrong password, an unknown e-mail and a malformed one: one answer.
    let mut refusals = std::collections::HashSet::new();
    for (n, (email, password)) in
        [("maria.rossi@comune.example.it", "sbagliata sbagliata"), ("nessuno@comune.example.it", PASSWORD), ("nessuno", PASSWORD)]
            .into_iter()
            .enumerate()
    {
        let req = browser_json("POST", "/api/v1/operator/session", None, json!({"email": email, "password": password}));
        let (status, headers, body) = send(&f.app, from_address(req, n as u32 + 1)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{email}");
        assert!(headers.get(header::SET_COOKIE).is_none());
        refusals.insert(body);
    }
    assert_eq!(refusals.len(), 1);
    assert_eq!(json_body(refusals.iter().next().unwrap())["errors"][0]["code"], "invalid_credentials");

    let req = browser_json("POST", "/api/v1/operator/session", None, json!({"email": " MARIA.ROSSI@comune.example.it", "password": PASSWORD}));
    let (status, headers, _) = send(&f.app, req).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let set_cookie = headers[header::SET_COOKIE].to_str().unwrap();
    for part in ["mw_session=", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    assert!(!set_cookie.contains("Secure") && !set_cookie.contains("Max-Age"), "plain http; a browser-session cookie: {set_cookie}");
    let cookie = session_cookie(&headers).unwrap();
    let stored_sessions: Vec<String> =
        f.state.db.read(|c| c.query("SELECT id_hash FROM operator_sessions", &[])?.iter().map(|r| r.at(0)).collect()).await.unwrap();
    assert!(!stored_sessions.iter().any(|h| cookie.contains(h.as_str())), "only the hash of the session id is stored");

    let (status, headers, body) = send(&f.app, get("/api/v1/operator/me", &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let me = json_body(&body);
    assert_eq!((me["kind"].as_str(), me["email"].as_str(), me["admin"].as_bool()), (Some("operator"), Some("maria.rossi@comune.example.it"), Some(false)));
    assert_eq!(me["desks"], json!(["mo-01"]));
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_secure() {
    let f = fixture_with(Options { token: Some(TOKEN), public_url: Some("https://microwork.example.it/"), ..Options::default() });
    let token = add_operator(&f, "op@example.it", &["mo-01"], false).await;
    let post = |uri: &str, body: Value| {
        Request::post(uri)
            .header(header::HOST, "microwork.example.it")
            .header(header::ORIGIN, "https://microwork.example.it")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    assert_eq!(send(&f.app, post("/api/v1/operator/password", json!({"token": token, "password": PASSWORD}))).await.0, StatusCode::NO_CONTENT);
    let (status, headers, _) = send(&f.app, post("/api/v1/operator/session", json!({"email": "op@example.it", "password": PASSWORD}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let set_cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set_cookie.starts_with("__Host-mw_session=") && set_cookie.contains("Secure") && set_cookie.contains("Path=/"), "{set_cookie}");
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
    // The public URL is the only origin accepted: the request's Host does not matter.
    let mut other = post("/api/v1/operator/session", json!({"email": "op@example.it", "password": PASSWORD}));
    other.headers_mut().insert(header::ORIGIN, "http://microwork.example.it".parse().unwrap());
    assert_eq!(send(&f.app, other).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sessions_end_when_idle_at_their_absolute_end_on_logout_and_everywhere() {
    let f = fixture();
    let cookie = signed_in(&f, "op@example.it", &["mo-01"], false).await;
    let me = |c: &str| get("/api/v1/operator/me", c);
    assert_eq!(send(&f.app, me(&cookie)).await.0, StatusCode::OK);

    // Idle: 59 minutes are fine and count as activity; 61 without a request end it.
    f.clock.advance(time::Duration::minutes(59));
    assert_eq!(send(&f.app, me(&cookie)).await.0, StatusCode::OK);
    f.clock.advance(time::Duration::minutes(61));
    let (status, headers, _) = send(&f.app, me(&cookie)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"), "the browser forgets the cookie");
    assert_eq!(count(&f.state, "SELECT count(*) FROM operator_sessions").await, 0, "an ended session is deleted");

    // Absolute: active every 50 minutes, still out after 12 hours.
    let cookie = login(&f, "op@example.it", PASSWORD).await.unwrap();
    for _ in 0..15 {
        assert_eq!(send(&f.app, me(&cookie)).await.0, StatusCode::OK);
        f.clock.advance(time::Duration::minutes(50));
    }
    assert_eq!(send(&f.app, me(&cookie)).await.0, StatusCode::UNAUTHORIZED, "active until 11 h 40 min, then past 12 h");

    // Logout ends this session only; logout everywhere ends all of them.
    let (a, b, c) = (
        login(&f, "op@example.it", PASSWORD).await.unwrap(),
        login(&f, "op@example.it", PASSWORD).await.unwrap(),
        login(&f, "op@example.it", PASSWORD).await.unwrap(),
    );
    let (status, headers, _) = send(&f.app, browser("DELETE", "/api/v1/operator/session", Some(&a)).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(send(&f.app, me(&a)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&f.app, me(&b)).await.0, StatusCode::OK);
    assert_eq!(send(&f.app, browser("DELETE", "/api/v1/operator/sessions", Some(&b)).body(Body::empty()).unwrap()).await.0, StatusCode::NO_CONTENT);
    assert_eq!(send(&f.app, me(&b)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&f.app, me(&c)).await.0, StatusCode::UNAUTHORIZED, "everywhere");

    // A disabled account's sessions stop working even if the rows were left.
    let d = login(&f, "op@example.it", PASSWORD).await.unwrap();
    f.state.db.write(|c| c.execute("UPDATE operators SET disabled_at = '2026-01-01T00:00:00Z'", &[])).await.unwrap();
    assert_eq!(send(&f.app, me(&d)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(login(&f, "op@example.it", PASSWORD).await, Err(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn state_changing_requests_need_the_sites_origin() {
    let f = fixture();
    let cookie = signed_in(&f, "op@example.it", &["mo-01"], false).await;
    let reference = create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let uri = format!("/api/v1/operator/contact-requests/{reference}");
    let patch = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut b = Request::patch(&uri).header(header::HOST, HOST).header(header::COOKIE, &cookie).header(header::CONTENT_TYPE, "application/json");
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(s) = fetch_site {
            b = b.header("sec-fetch-site", s);
        }
        b.body(Body::from(r#"{"status": "taken"}"#)).unwrap()
    };
    for (origin, site) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (Some("http://microwork.test.evil.example"), None),
        (Some("https://microwork.test"), None),
        (None, Some("cross-site")),
        (None, Some("same-site")),
    ] {
        let (status, _, body) = send(&f.app, patch(origin, site)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?} {site:?}");
        assert_eq!(json_body(&body)["errors"][0]["code"], "origin_refused");
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'new'").await, 1, "nothing changed");
    // Reading needs no Origin; a write from the site itself passes.
    assert_eq!(send(&f.app, get(&uri, &cookie)).await.0, StatusCode::OK);
    assert_eq!(send(&f.app, patch(Some(ORIGIN), Some("same-origin"))).await.0, StatusCode::OK);
    // Sign-in from another site is refused too (login CSRF).
    let mut req = browser_json("POST", "/api/v1/operator/session", None, json!({"email": "op@example.it", "password": PASSWORD}));
    req.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&f.app, req).await.0, StatusCode::FORBIDDEN);
    // The integration token is not a browser's ambient credential: no Origin rule for it.
    let req = operator("PATCH", &uri).header(header::ORIGIN, "https://evil.example").header(header::CONTENT_TYPE, "application/json");
    assert_eq!(send(&f.app, req.body(Body::from(r#"{"status": "contacted"}"#)).unwrap()).await.0, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_failures_are_throttled_per_account_and_per_address() {
    let f = fixture();
    signed_in(&f, "op@example.it", &["mo-01"], false).await;
    let attempt = |email: &str, password: &str, address: u32| {
        from_address(browser_json("POST", "/api/v1/operator/session", None, json!({"email": email, "password": password})), address)
    };
    // Per account: five wrong passwords from five addresses, then even the right one waits.
    for n in 0..5 {
        assert_eq!(send(&f.app, attempt("op@example.it", "sbagliata sbagliata", 100 + n)).await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, headers, _) = send(&f.app, attempt("op@example.it", "sbagliata sbagliata", 200)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers[header::RETRY_AFTER].to_str().unwrap().parse::<u64>().unwrap() >= 1);
    assert_eq!(send(&f.app, attempt("op@example.it", PASSWORD, 201)).await.0, StatusCode::TOO_MANY_REQUESTS, "held back: no guess can succeed");
    assert_eq!(send(&f.app, attempt("OP@example.it ", PASSWORD, 202)).await.0, StatusCode::TOO_MANY_REQUESTS, "however it is typed");

    // Per address: ten failures on ten different accounts from one address.
    for n in 0..10 {
        assert_eq!(send(&f.app, attempt(&format!("x{n}@example.it"), "qualcosa di lungo", 7)).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(send(&f.app, attempt("y@example.it", "qualcosa di lungo", 7)).await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(send(&f.app, attempt("z@example.it", "qualcosa di lungo", 8)).await.0, StatusCode::UNAUTHORIZED, "other addresses are not held back");
}

#[tokio::test]
async fn a_desk_operator_gets_404_for_another_desks_request_by_every_route() {
    let f = fixture();
    let mine = create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let theirs = create(&f, valid_n(2, json!({"desk_id": "bo-02"}))).await;
    let nodesk = create(&f, valid_n(3, json!({}))).await;
    let op = signed_in(&f, "mo@example.it", &["mo-01"], false).await;
    let admin = signed_in(&f, "admin@example.it", &[], true).await;

    let (_, _, body) = send(&f.app, get("/api/v1/operator/contact-requests", &op)).await;
    assert_eq!(references(&body), [mine.clone()]);
    let (_, _, body) = send(&f.app, get("/api/v1/operator/contact-requests?desk=bo-02", &op)).await;
    assert_eq!(references(&body), Vec::<String>::new());
    let (_, _, csv) = send(&f.app, get("/api/v1/operator/contact-requests.csv", &op)).await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains(&mine) && !csv.contains(&theirs) && !csv.contains(&nodesk), "{csv}");

    let missing = "MW-0000-0000".to_string();
    for reference in [&theirs, &nodesk, &missing] {
        let uri = format!("/api/v1/operator/contact-requests/{reference}");
        let mut answers = Vec::new();
        for req in [
            get(&uri, &op),
            get(&format!("{uri}/audit"), &op),
            browser_json("PATCH", &uri, Some(&op), json!({"status": "taken"})),
            browser("DELETE", &uri, Some(&op)).body(Body::empty()).unwrap(),
        ] {
            let (status, _, body) = send(&f.app, req).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{reference}");
            answers.push(body);
        }
        assert!(answers.windows(2).all(|w| w[0] == w[1]), "the same answer as a missing request");
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'new'").await, 3, "nothing changed, nothing erased");
    let (status, _, _) = send(&f.app, get("/api/v1/operator/audit", &op)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the whole log is for admins");

    let (_, _, body) = send(&f.app, get("/api/v1/operator/contact-requests", &admin)).await;
    assert_eq!(references(&body).len(), 3, "an admin sees every desk");
    assert_eq!(send(&f.app, get(&format!("/api/v1/operator/contact-requests/{theirs}"), &admin)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn reads_exports_updates_and_erasures_are_audited_and_aged_out() {
    let f = fixture();
    let a = create(&f, valid_n(1, json!({"desk_id": "mo-01"}))).await;
    let b = create(&f, valid_n(2, json!({"desk_id": "mo-01"}))).await;
    let op = signed_in(&f, "mo@example.it", &["mo-01"], false).await;
    let admin = signed_in(&f, "admin@example.it", &[], true).await;

    send(&f.app, get("/api/v1/operator/contact-requests?status=new", &op)).await;
    send(&f.app, get(&format!("/api/v1/operator/contact-requests/{a}"), &op)).await;
    send(&f.app, get("/api/v1/operator/contact-requests.csv", &op)).await;
    send(&f.app, browser_json("PATCH", &format!("/api/v1/operator/contact-requests/{a}"), Some(&op), json!({"status": "contacted", "note": "segreto"}))).await;
    assert_eq!(send(&f.app, browser("DELETE", &format!("/api/v1/operator/contact-requests/{b}"), Some(&op)).body(Body::empty()).unwrap()).await.0, StatusCode::OK);

    let (status, _, body) = send(&f.app, get("/api/v1/operator/audit", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    let log = items(&body);
    let actions: Vec<&str> = log.iter().filter(|e| e["actor_email"] == "mo@example.it").map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["request.erase", "request.update", "request.export", "request.read", "request.list", "session.login", "operator.password_set"], "newest first");
    let list = log.iter().find(|e| e["action"] == "request.list").unwrap();
    assert_eq!(list["detail"]["references"], json!([a.clone(), b.clone()]));
    assert_eq!(list["detail"]["filter"]["status"], "new");
    let update = log.iter().find(|e| e["action"] == "request.update").unwrap();
    assert_eq!((update["reference"].as_str(), update["detail"]["status"].as_str(), update["detail"]["note"].as_bool()), (Some(a.as_str()), Some("contacted"), Some(true)));
    assert!(!body.windows(7).any(|w| w == b"segreto"), "the note's text is never in the log");
    let erase = log.iter().find(|e| e["action"] == "request.erase").unwrap();
    assert_eq!((erase["reference"].as_str(), erase["desk_id"].as_str()), (Some(b.as_str()), Some("mo-01")));

    // The request's own audit: its desk's operators see who did what to it.
    let (status, _, body) = send(&f.app, get(&format!("/api/v1/operator/contact-requests/{a}/audit"), &op)).await;
    assert_eq!(status, StatusCode::OK);
    let of_a: Vec<String> = items(&body).iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(of_a, ["request.list", "request.read", "request.export", "request.update"]);
    let (_, _, body) = send(&f.app, get(&format!("/api/v1/operator/audit?reference={}&action=request.read", a.to_lowercase()), &admin)).await;
    assert_eq!(items(&body).len(), 1);

    // Retention ages the log out with the requests.
    let future = microwork_server::clock::format_utc(time::OffsetDateTime::now_utc() + time::Duration::days(1));
    f.state.db.write_erasing(move |c| microwork_server::store::purge_before(c, &future)).await.unwrap();
    assert_eq!(count(&f.state, "SELECT count(*) FROM audit_log").await, 0);
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 0);
}
