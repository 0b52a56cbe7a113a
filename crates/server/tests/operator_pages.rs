//! The operators' pages at `/operatori`, as a browser uses them: plain forms, the session cookie, Origin.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::*;
use serde_json::json;

fn page(uri: &str, cookie: Option<&str>) -> Request<Body> {
    browser("GET", uri, cookie).body(Body::empty()).unwrap()
}

fn form(uri: &str, cookie: Option<&str>, fields: &[(&str, &str)]) -> Request<Body> {
    browser("POST", uri, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(serde_urlencoded::to_string(fields).unwrap()))
        .unwrap()
}

fn html(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn location(headers: &HeaderMap) -> &str {
    headers[header::LOCATION].to_str().unwrap()
}

#[tokio::test]
async fn an_operator_sets_a_password_signs_in_and_works_a_request() {
    let f = fixture();
    let token = add_operator(&f, "mo@example.it", &["mo-01"], false).await;
    let reference = create(&f, valid_n(1, json!({"desk_id": "mo-01", "name": "Giulia Bianchi", "phone": "333 123 4567", "channel": "whatsapp"}))).await;

    // The link's page, a refused password, then a good one.
    let (status, headers, body) = send(&f.app, page(&format!("/operatori/password?t={token}"), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
    assert!(html(&body).contains("mo@example.it") && html(&body).contains("<html lang=\"it\""));
    let (status, _, body) = send(&f.app, form("/operatori/password", None, &[("t", &token), ("password", "password123")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html(&body).contains("C&#39;è un problema") || html(&body).contains("C'è un problema"), "{}", html(&body));
    let (status, _, body) = send(&f.app, form("/operatori/password", None, &[("t", &token), ("password", PASSWORD)])).await;
    assert_eq!(status, StatusCode::OK, "{}", html(&body));
    assert!(html(&body).contains("Password salvata"));
    let (status, _, body) = send(&f.app, page(&format!("/operatori/password?t={token}"), None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a used link");
    assert!(html(&body).contains("Link non valido"));

    // Sign in: the list shows the new request.
    let (status, _, body) = send(&f.app, page("/operatori", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html(&body).contains("Accesso operatori") && !html(&body).contains("Giulia"));
    let (status, _, body) = send(&f.app, form("/operatori/accesso", None, &[("email", "mo@example.it"), ("password", "sbagliata sbagliata")])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html(&body).contains("E-mail o password non corretti"));
    let (status, headers, _) = send(&f.app, form("/operatori/accesso", None, &[("email", "mo@example.it"), ("password", PASSWORD)])).await;
    assert_eq!((status, location(&headers)), (StatusCode::SEE_OTHER, "/operatori"));
    let cookie = session_cookie(&headers).unwrap();
    let (status, _, body) = send(&f.app, page("/operatori", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let list = html(&body);
    assert!(list.contains("Giulia Bianchi") && list.contains(&reference) && list.contains("Nuova") && list.contains("oggi"), "{list}");
    assert!(list.contains(&format!("/operatori/richieste/{reference}")));
    assert!(list.contains("/api/v1/operator/contact-requests.csv"), "the export link");

    // One request: tap-to-call and WhatsApp links, then "contacted" with a note.
    let uri = format!("/operatori/richieste/{reference}");
    let (status, _, body) = send(&f.app, page(&uri, Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let one = html(&body);
    assert!(one.contains("href=\"tel:+393331234567\"") && one.contains("href=\"https://wa.me/393331234567\""), "{one}");
    assert!(one.contains("Registro degli accessi") && one.contains("ha aperto la richiesta"));
    let (status, headers, _) = send(&f.app, form(&uri, Some(&cookie), &[("status", "contacted"), ("outcome", "declined"), ("note", "Richiamare lunedì")])).await;
    assert_eq!((status, location(&headers)), (StatusCode::SEE_OTHER, format!("{uri}?salvato=1").as_str()));
    let (_, _, body) = send(&f.app, page(&format!("{uri}?salvato=1"), Some(&cookie))).await;
    let one = html(&body);
    assert!(one.contains("Modifiche salvate") && one.contains("Richiamare lunedì") && one.contains("Contattata"), "{one}");
    // Closing without an outcome is explained on the page.
    let (status, _, body) = send(&f.app, form(&uri, Some(&cookie), &[("status", "closed"), ("outcome", ""), ("note", "")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html(&body).contains("href=\"#outcome\""), "{}", html(&body));

    // A form from another site changes nothing.
    let mut foreign = form(&uri, Some(&cookie), &[("status", "taken"), ("note", "")]);
    foreign.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&f.app, foreign).await.0, StatusCode::FORBIDDEN);
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'contacted'").await, 1);

    // Erasure needs the confirmation.
    let (status, _, body) = send(&f.app, page(&format!("{uri}/cancella"), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html(&body).contains("Cancella definitivamente"));
    assert_eq!(send(&f.app, form(&format!("{uri}/cancella"), Some(&cookie), &[])).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
    let (status, _, body) = send(&f.app, form(&format!("{uri}/cancella"), Some(&cookie), &[("confirm", "yes")])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html(&body).contains("Richiesta cancellata"));
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 0);

    // Signing out ends the session.
    let (status, headers, _) = send(&f.app, form("/operatori/esci", Some(&cookie), &[])).await;
    assert_eq!((status, location(&headers)), (StatusCode::SEE_OTHER, "/operatori"));
    let (_, _, body) = send(&f.app, page("/operatori", Some(&cookie))).await;
    assert!(html(&body).contains("Accesso operatori"));
    let (status, headers, _) = send(&f.app, page(&uri, Some(&cookie))).await;
    assert_eq!((status, location(&headers)), (StatusCode::SEE_OTHER, "/operatori"));
}

#[tokio::test]
async fn the_desk_sees_which_language_to_call_the_person_back_in() {
    let f = fixture();
    let cookie = signed_in(&f, "mo@example.it", &["mo-01"], false).await;
    let languages = [("it", "italiano"), ("en", "inglese"), ("ro", "rumeno"), ("ar", "arabo"), ("sq", "albanese"), ("uk", "ucraino"), ("zh", "cinese"), ("fr", "francese")];
    for (n, (code, name)) in (1..).zip(languages) {
        let reference = create(&f, valid_n(n, json!({"desk_id": "mo-01", "lang": code}))).await;
        let (status, _, body) = send(&f.app, page(&format!("/operatori/richieste/{reference}"), Some(&cookie))).await;
        assert_eq!(status, StatusCode::OK);
        let one = html(&body);
        assert!(one.contains(&format!("<dt>Lingua</dt><dd>{name}</dd>")), "{code}: {one}");
    }
    // The export a desk opens in a spreadsheet has the language's code in its own column.
    let (status, _, csv) = send(&f.app, page("/api/v1/operator/contact-requests.csv", Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let mut rows = csv::Reader::from_reader(csv.as_slice());
    let column = rows.headers().unwrap().iter().position(|c| c == "lang").expect("a lang column");
    let mut codes: Vec<String> = rows.records().map(|r| r.unwrap()[column].to_string()).collect();
    codes.sort();
    assert_eq!(codes, ["ar", "en", "fr", "it", "ro", "sq", "uk", "zh"]);
}

#[tokio::test]
async fn an_operator_of_another_desk_sees_none_of_it_and_escalations_are_red() {
    let f = fixture();
    f.clock.set(microwork_server::clock::parse_utc("2026-11-23T09:00:00Z").unwrap());
    let (status, _, body) = send(&f.app, post(valid_n(1, json!({"desk_id": "mo-01", "name": "Giulia Bianchi"})).to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    let (reference, secret) = (json_body(&body)["reference"].as_str().unwrap().to_string(), json_body(&body)["status_secret"].as_str().unwrap().to_string());
    signed_in(&f, "mo@example.it", &["mo-01"], false).await;
    let other = signed_in(&f, "bo@example.it", &["bo-02"], false).await;

    let (_, _, body) = send(&f.app, page("/operatori", Some(&other))).await;
    assert!(!html(&body).contains("Giulia") && html(&body).contains("Nessuna richiesta"), "{}", html(&body));
    let (_, _, body) = send(&f.app, page("/operatori?desk=mo-01", Some(&other))).await;
    assert!(!html(&body).contains("Giulia"));
    let uri = format!("/operatori/richieste/{reference}");
    for req in [
        page(&uri, Some(&other)),
        page(&format!("{uri}/cancella"), Some(&other)),
        form(&uri, Some(&other), &[("status", "taken"), ("note", "")]),
        form(&format!("{uri}/cancella"), Some(&other), &[("confirm", "yes")]),
    ] {
        let (status, _, body) = send(&f.app, req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html(&body).contains("Giulia"));
    }
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests WHERE status = 'new'").await, 1, "untouched");

    // A week later nobody has called: overdue, then escalated by the person, in red on the desk's list.
    f.clock.set(microwork_server::clock::parse_utc("2026-12-01T09:00:00Z").unwrap());
    let mine = login(&f, "mo@example.it", PASSWORD).await.unwrap();
    let (_, _, body) = send(&f.app, page("/operatori", Some(&mine))).await;
    assert!(html(&body).contains("Oltre il tempo promesso"), "{}", html(&body));
    let req = Request::post(format!("/api/v1/contact-requests/{reference}/escalate")).header(header::AUTHORIZATION, format!("Bearer {secret}")).body(Body::empty()).unwrap();
    assert_eq!(send(&f.app, req).await.0, StatusCode::OK);
    let (_, _, body) = send(&f.app, page("/operatori", Some(&mine))).await;
    let list = html(&body);
    assert!(list.contains("op-card--escalated") && list.contains("nessuno l'ha contattata"), "{list}");
    assert!(list.contains("1 segnalata"), "{list}");
}

#[tokio::test]
async fn the_pages_style_comes_from_the_server_not_from_the_app() {
    let f = fixture();
    let (status, headers, body) = send(&f.app, page("/operatori/stile.css", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
    assert!(!body.is_empty());
    // The CSP allows it (same origin, no inline style or script on the pages).
    let (_, headers, body) = send(&f.app, page("/operatori", None)).await;
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("style-src 'self'"));
    assert!(!html(&body).contains("<script") && !html(&body).contains("style=\""));
}

/// Every form of the operator pages has the same prelude (the `OperatorForm`/`SameOrigin` extractors): from
/// another site → 403 and nothing done, signed in or not; from the site without a session → back to sign-in.
#[tokio::test]
async fn every_operator_form_refuses_other_sites_and_sends_the_signed_out_to_sign_in() {
    let f = fixture_with(Options { token: Some(TOKEN), desk_data: true, ..Options::default() });
    let cookie = signed_in(&f, "admin@example.it", &[], true).await;
    let reference = create(&f, valid_n(1, json!({"desk_id": "enm-latina", "name": "Giulia Bianchi", "phone": "333 123 4567"}))).await;
    let request = format!("/operatori/richieste/{reference}");
    let session_forms =
        [request.clone(), format!("{request}/cancella"), "/operatori/sportelli/enm-latina".into(), "/operatori/sportelli/enm-latina/conferma".into(),
         "/operatori/sportelli/enm-latina/promemoria".into(), "/operatori/proposte/1".into(), "/operatori/segnalazioni/1/chiudi".into()];
    let foreign = |uri: &str, cookie: Option<&str>| {
        let mut r = form(uri, cookie, &[("confirm", "yes")]);
        r.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        r
    };
    for uri in &session_forms {
        for who in [Some(cookie.as_str()), None] {
            let (status, _, body) = send(&f.app, foreign(uri, who)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{uri} {who:?}");
            assert!(html(&body).contains("Il modulo non è stato inviato da questo sito"), "{uri}");
        }
        let (status, headers, _) = send(&f.app, form(uri, None, &[("confirm", "yes")])).await;
        assert_eq!((status, location(&headers)), (StatusCode::SEE_OTHER, "/operatori"), "{uri}");
    }
    // The forms used before signing in check the site only.
    for uri in ["/operatori/accesso", "/operatori/esci", "/operatori/password"] {
        assert_eq!(send(&f.app, foreign(uri, None)).await.0, StatusCode::FORBIDDEN, "{uri}");
    }
    // Nothing was done: the request is still there, no desk confirmed, the admin still signed in.
    assert_eq!(count(&f.state, "SELECT count(*) FROM contact_requests").await, 1);
    assert_eq!(count(&f.state, "SELECT count(*) FROM desk_records").await, 0);
    assert_eq!(send(&f.app, page("/operatori/sportelli", Some(&cookie))).await.0, StatusCode::OK);
}
