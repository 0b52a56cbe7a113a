//! Desks keep their own details true (issue 19): an operator's proposal, an admin's decision, the published
//! file, confirmations and their age, reminders through the webhook, people's reports, the audit trail and
//! the export for static deployments.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use microwork_server::http::RateLimit;
use serde_json::{Value, json};

const LATINA: &str = "enm-latina";
const ROMA: &str = "enm-roma-goito";

fn desks_fixture() -> Fixture {
    fixture_with(Options { token: Some(TOKEN), desk_data: true, ..Options::default() })
}

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
    String::from_utf8_lossy(body).replace("&#39;", "'")
}

/// The edit form of Latina's desk, filled as an operator would, with `over` replacing fields.
fn latina_form<'a>(over: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("address", "Piazza del Popolo 1"),
        ("comune", "Latina (LT)"),
        ("lat", "41.4676"),
        ("lon", "12.9036"),
        ("phone", "0773 6521"),
        ("email", "sportello@comune.latina.it"),
        ("website", "https://www.comune.latina.it"),
        ("hours", "mar, gio 9:00-12:30; chiuso agosto"),
        ("instruments", "microcredito_imprenditoriale"),
        ("instruments", "microcredito_sociale"),
        ("languages", "it"),
        ("languages", "en"),
        ("accessibility", "Ingresso senza gradini"),
        ("active", "true"),
    ];
    for (k, v) in over {
        fields.retain(|(f, _)| f != k);
        if !v.is_empty() || *k == "hours" {
            fields.push((k, v));
        }
    }
    fields
}

async fn published(f: &Fixture) -> Value {
    let (status, _, body) = send(&f.app, page("/data/sportelli.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    json_body(&body)
}

fn desk<'a>(file: &'a Value, id: &str) -> &'a Value {
    file["sportelli"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap()
}

async fn audit_count(f: &Fixture, action: &'static str) -> i64 {
    let state = f.state.clone();
    state.db.read(move |c| microwork_server::store::sql::query_value(c, "SELECT COUNT(*) FROM audit_log WHERE action = ?1", microwork_server::args![action])).await.unwrap()
}

async fn report(f: &Fixture, body: Value) -> (StatusCode, Value) {
    let (status, _, b) = send(&f.app, post_json("/api/v1/desk-reports", body)).await;
    (status, if b.is_empty() { Value::Null } else { json_body(&b) })
}

fn post_json(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn an_operator_proposes_an_admin_approves_and_the_file_is_published_from_the_database() {
    let f = desks_fixture();
    let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    let admin = signed_in(&f, "admin@example.it", &[], true).await;

    // Before: the built file, unconfirmed.
    let before = published(&f).await;
    assert!(desk(&before, LATINA).get("confirmed_on").is_none());

    // The operator's desk page, then a proposal.
    let (status, _, body) = send(&f.app, page(&format!("/operatori/sportelli/{LATINA}"), Some(&op))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html(&body).contains("Da verificare: mai confermato dallo sportello"), "{}", html(&body));
    let (status, headers, _) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}"), Some(&op), &latina_form(&[]))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/operatori/sportelli/{LATINA}?esito=proposta"));

    // Pending: nothing published yet.
    let still = published(&f).await;
    assert_eq!(desk(&still, LATINA), desk(&before, LATINA));

    // The admin sees it and its changes, refuses to reject it without a reason, approves it.
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&admin))).await;
    let list = html(&body);
    assert!(list.contains("Modifiche da approvare (1)"), "{list}");
    let id: i64 = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT id FROM desk_proposals", &[])).await.unwrap();
    let (status, _, body) = send(&f.app, page(&format!("/operatori/proposte/{id}"), Some(&admin))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html(&body).contains("mar 09:00-12:30"), "{}", html(&body));
    let (status, _, _) = send(&f.app, form(&format!("/operatori/proposte/{id}"), Some(&admin), &[("decision", "reject"), ("reason", " ")])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, headers, _) = send(&f.app, form(&format!("/operatori/proposte/{id}"), Some(&admin), &[("decision", "approve")])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/operatori/sportelli?esito=approvata");
    // Decided once only.
    let (status, _, _) = send(&f.app, form(&format!("/operatori/proposte/{id}"), Some(&admin), &[("decision", "approve")])).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Published at once, from the database: the new hours, the desk's confirmation as a dated source.
    let (status, headers, body) = send(&f.app, page("/data/sportelli.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let etag = headers[header::ETAG].to_str().unwrap().to_string();
    let after = json_body(&body);
    let d = desk(&after, LATINA);
    let today = microwork_core::date::to_iso(f.state.clock.today());
    assert_eq!(d["confirmed_on"], today.as_str());
    assert_eq!(d["hours"]["weekly"][0], json!({"day": "tue", "from": "09:00", "to": "12:30"}));
    assert_eq!(d["hours"]["closures"][0], json!({"kind": "months", "from": 8, "to": 8}));
    assert_eq!(d["location"]["geo_precision"], "office");
    assert_eq!(d["languages"], json!(["it", "en"]));
    assert_eq!(d["status"]["value"], "active");
    assert!(d["sources"].as_array().unwrap().iter().any(|s| s["date_note"] == "confermato dallo sportello"));
    assert_eq!(desk(&after, ROMA), desk(&before, ROMA), "other desks unchanged");
    microwork_core::sportelli::SportelliFile::parse(&String::from_utf8(body).unwrap()).expect("the app can read it");
    // The service worker revalidates: same ETag → 304.
    let (status, _, _) = send(&f.app, browser("GET", "/data/sportelli.json", None).header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);

    // Audit: proposal and approval.
    assert_eq!(audit_count(&f, "desk.propose").await, 1);
    assert_eq!(audit_count(&f, "desk.approve").await, 1);

    // Static deployments: the same file, exported.
    let out = f.dir.path().join("sportelli.json");
    let code = microwork_server::commands::export_sportelli::run(microwork_server::commands::export_sportelli::Args {
        out: out.clone(),
        dist: f.dir.path().join("dist"),
        database_url: f.dir.path().join("var/test.db").display().to_string(),
        confirmation_months: 6,
    })
    .unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(desk(&exported, LATINA), d);
}

#[tokio::test]
async fn a_rejection_keeps_its_reason_and_publishes_nothing() {
    let f = desks_fixture();
    let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    let admin = signed_in(&f, "admin@example.it", &[], true).await;
    let before = published(&f).await;
    send(&f.app, form(&format!("/operatori/sportelli/{LATINA}"), Some(&op), &latina_form(&[("phone", "0773 000000")]))).await;
    // A second proposal supersedes the first: one pending.
    send(&f.app, form(&format!("/operatori/sportelli/{LATINA}"), Some(&op), &latina_form(&[]))).await;
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_proposals WHERE state = 'pending'").await, 1);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_proposals WHERE state = 'superseded'").await, 1);
    let id: i64 = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT id FROM desk_proposals WHERE state = 'pending'", &[])).await.unwrap();
    let (status, _, _) = send(&f.app, form(&format!("/operatori/proposte/{id}"), Some(&admin), &[("decision", "reject"), ("reason", "Il numero è del centralino")])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(published(&f).await, before);
    let reason: String = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT reason FROM desk_proposals WHERE state = 'rejected'", &[])).await.unwrap();
    assert_eq!(reason, "Il numero è del centralino");
    let detail: String = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT detail FROM audit_log WHERE action = 'desk.reject'", &[])).await.unwrap();
    assert!(detail.contains("centralino"));
}

#[tokio::test]
async fn edits_confirmations_reports_and_proposals_are_per_desk() {
    let f = desks_fixture();
    let latina = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    let roma = signed_in(&f, "roma@example.it", &[ROMA], false).await;
    // Another desk's page, edit, confirmation: the same 404 as a desk that does not exist.
    for uri in [format!("/operatori/sportelli/{ROMA}"), "/operatori/sportelli/non-esiste".to_string()] {
        let (status, _, _) = send(&f.app, page(&uri, Some(&latina))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    let (status, _, _) = send(&f.app, form(&format!("/operatori/sportelli/{ROMA}"), Some(&latina), &latina_form(&[]))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&f.app, form(&format!("/operatori/sportelli/{ROMA}/conferma"), Some(&latina), &[])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_proposals").await, 0);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_records").await, 0);
    // Proposals and reminders are for admins only.
    send(&f.app, form(&format!("/operatori/sportelli/{LATINA}"), Some(&latina), &latina_form(&[]))).await;
    let id: i64 = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT id FROM desk_proposals", &[])).await.unwrap();
    for who in [&latina, &roma] {
        let (status, _, _) = send(&f.app, page(&format!("/operatori/proposte/{id}"), Some(who))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = send(&f.app, form(&format!("/operatori/proposte/{id}"), Some(who), &[("decision", "approve")])).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}/promemoria"), Some(who), &[])).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    // A report about Latina: its operator sees it, Roma's does not, and cannot close it.
    let (status, _) = report(&f, json!({"desk_id": LATINA, "problem": "hours", "message": "Il martedì è chiuso", "contact": "mario@example.it"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&latina))).await;
    assert!(html(&body).contains("Il martedì è chiuso") && html(&body).contains("mario@example.it"));
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&roma))).await;
    assert!(!html(&body).contains("Il martedì è chiuso"));
    let rid: i64 = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT id FROM desk_reports", &[])).await.unwrap();
    let (status, _, _) = send(&f.app, form(&format!("/operatori/segnalazioni/{rid}/chiudi"), Some(&roma), &[])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&f.app, form(&format!("/operatori/segnalazioni/{rid}/chiudi"), Some(&latina), &[])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_reports WHERE state = 'closed'").await, 1);
    assert_eq!(audit_count(&f, "desk_report.list").await, 1);
    assert_eq!(audit_count(&f, "desk_report.close").await, 1);
    // Writes from another site are refused.
    let foreign = Request::post(format!("/operatori/sportelli/{LATINA}/conferma"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://evil.example")
        .header(header::COOKIE, &latina)
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = send(&f.app, foreign).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn every_field_is_validated_and_the_form_keeps_what_was_typed() {
    let f = desks_fixture();
    let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    for (over, text) in [
        (("hours", "mar 13:00-9:00"), "Orari non validi"),
        (("hours", "tutti i giorni sempre"), "Orari non validi"),
        (("lat", "45.4642"), "fuori dal comune di Latina"),
        (("instruments", "bitcoin"), "Misura sconosciuta"),
        (("languages", "klingon"), "Lingua sconosciuta"),
        (("comune", "Atlantide"), "Non troviamo il comune"),
        (("phone", "06-12"), "Il telefono"),
        (("email", "info@comune"), "e-mail non è valido"),
        (("website", "www.comune.it"), "https://"),
    ] {
        let (status, _, body) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}"), Some(&op), &latina_form(&[over]))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{over:?}");
        let page = html(&body);
        assert!(page.contains("C'è un problema") && page.contains(text), "{over:?}: {page}");
        assert!(page.contains("aria-invalid=\"true\"") || over.0 == "instruments" || over.0 == "languages", "{over:?}");
    }
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_proposals").await, 0);
}

#[tokio::test]
async fn confirmations_age_into_to_be_verified_and_admins_send_reminders() {
    // A webhook receiver on loopback that keeps what it gets.
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let keep = got.clone();
    let hook = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::body::Bytes| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, hook).await.unwrap() });

    let f = fixture_with(Options { token: Some(TOKEN), desk_data: true, desk_webhook: Some(url), ..Options::default() });
    let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    let admin = signed_in(&f, "admin@example.it", &[], true).await;

    // One click: confirmed today, published at once.
    let (status, headers, _) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}/conferma"), Some(&op), &[])).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/operatori/sportelli?esito=confermato"));
    let today = f.state.clock.today();
    assert_eq!(desk(&published(&f).await, LATINA)["confirmed_on"], microwork_core::date::to_iso(today).as_str());
    assert_eq!(audit_count(&f, "desk.confirm").await, 1);
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&op))).await;
    assert!(html(&body).contains("Confermato dallo sportello il"));

    // The admin's list by age: Latina confirmed, so no reminder button for it.
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&admin))).await;
    let list = html(&body);
    assert!(!list.contains(&format!("/operatori/sportelli/{LATINA}/promemoria")), "confirmed: no reminder");
    assert!(list.contains(&format!("/operatori/sportelli/{ROMA}/promemoria")), "never confirmed: a reminder");

    // Seven months later it is to be verified again (new sign-ins: the sessions have long expired).
    f.clock.advance(time::Duration::days(7 * 31));
    let op = login(&f, "latina@example.it", PASSWORD).await.unwrap();
    let admin = login(&f, "admin@example.it", PASSWORD).await.unwrap();
    let (_, _, body) = send(&f.app, page(&format!("/operatori/sportelli/{LATINA}"), Some(&op))).await;
    assert!(html(&body).contains("Da verificare: ultima conferma il"), "{}", html(&body));
    let (_, _, body) = send(&f.app, page("/operatori/sportelli", Some(&admin))).await;
    assert!(html(&body).contains(&format!("/operatori/sportelli/{LATINA}/promemoria")));

    // The reminder goes to the webhook with the desk's operators and the link.
    let (status, headers, _) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}/promemoria"), Some(&admin), &[])).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/operatori/sportelli?esito=promemoria"));
    let sent = got.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["event"], "desk.reminder");
    assert_eq!(sent[0]["operators"], json!(["latina@example.it"]));
    assert_eq!(sent[0]["link"], format!("{ORIGIN}/operatori/sportelli/{LATINA}"));
    let detail: String = f.state.db.read(|c| microwork_server::store::sql::query_value(c, "SELECT detail FROM audit_log WHERE action = 'desk.remind'", &[])).await.unwrap();
    assert!(detail.contains("\"delivered\":true"));
}

/// The age after which a confirmation no longer counts is the deployment's (`MICROWORK_CONFIRMATION_MONTHS`):
/// the published file says it, so the app judges as the operator pages do.
#[tokio::test]
async fn the_published_file_carries_the_deployments_confirmation_months() {
    for (months, current) in [(6, false), (12, true)] {
        let f = fixture_with(Options { token: Some(TOKEN), desk_data: true, confirmation_months: Some(months), ..Options::default() });
        // Nothing stored yet: already the deployment's months (the built file says 6).
        assert_eq!(published(&f).await["confirmation_months"], months, "{months}");

        let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
        let (status, _, _) = send(&f.app, form(&format!("/operatori/sportelli/{LATINA}/conferma"), Some(&op), &[])).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // Seven months later.
        f.clock.advance(time::Duration::days(7 * 31));
        let op = login(&f, "latina@example.it", PASSWORD).await.unwrap();
        let (_, _, body) = send(&f.app, page(&format!("/operatori/sportelli/{LATINA}"), Some(&op))).await;
        let shown = html(&body);
        if current {
            assert!(shown.contains("Confermato dallo sportello il"), "{months}: {shown}");
        } else {
            assert!(shown.contains("Da verificare: ultima conferma il"), "{months}: {shown}");
        }

        // The app reads the file and asks core the same question.
        let (_, _, body) = send(&f.app, page("/data/sportelli.json", None)).await;
        let file = microwork_core::sportelli::SportelliFile::parse(std::str::from_utf8(&body).unwrap()).unwrap();
        assert_eq!(file.confirmation_months, months);
        let latina = file.sportelli.iter().find(|d| d.id == LATINA).unwrap();
        assert_eq!(latina.confirmation(f.state.clock.today(), file.confirmation_months).is_current(), current, "{months}");

        // So does the export for static deployments, with its own setting.
        let out = f.dir.path().join("export.json");
        microwork_server::commands::export_sportelli::run(microwork_server::commands::export_sportelli::Args {
            out: out.clone(),
            dist: f.dir.path().join("dist"),
            database_url: f.dir.path().join("var/test.db").display().to_string(),
            confirmation_months: months,
        })
        .unwrap();
        let exported = microwork_core::sportelli::SportelliFile::parse(&std::fs::read_to_string(&out).unwrap()).unwrap();
        assert_eq!(exported.confirmation_months, months);
    }
}

#[tokio::test]
async fn desk_reports_are_checked_honeypotted_and_rate_limited() {
    let limit = RateLimit { per_minute: 2, burst: 2, trust_forwarded_for: false };
    let f = fixture_with(Options { desk_data: true, rate_limit: Some(limit), ..Options::default() });
    let from = |body: Value| {
        let mut req = post_json("/api/v1/desk-reports", body);
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 7], 40000))));
        req
    };
    let ok = json!({"desk_id": LATINA, "problem": "closed", "message": ""});
    let (status, _, _) = send(&f.app, from(ok.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    // Honeypot: the same answer, nothing kept.
    let (status, _, _) = send(&f.app, from(json!({"desk_id": LATINA, "problem": "hours", "message": "x", "website": "http://spam.example"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_reports").await, 1);
    // The burst is spent: 429 with Retry-After.
    let (status, headers, _) = send(&f.app, from(ok.clone())).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key(header::RETRY_AFTER));

    // Bad bodies (another address, not limited yet).
    let f = desks_fixture();
    for (body, field, code) in [
        (json!({"desk_id": "non-esiste", "problem": "hours", "message": "x"}), "desk_id", "unknown"),
        (json!({"desk_id": LATINA, "problem": "", "message": "x"}), "problem", "required"),
        (json!({"desk_id": LATINA, "problem": "meteo", "message": "x"}), "problem", "invalid"),
        (json!({"desk_id": LATINA, "problem": "other", "message": " "}), "message", "required"),
        (json!({"desk_id": LATINA, "problem": "hours", "message": "x".repeat(2001)}), "message", "too_long"),
        (json!({"desk_id": LATINA, "problem": "hours", "message": "x", "contact": "c".repeat(201)}), "contact", "too_long"),
    ] {
        let (status, v) = report(&f, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!((v["errors"][0]["field"].as_str(), v["errors"][0]["code"].as_str()), (Some(field), Some(code)), "{v}");
        assert!(!v["errors"][0]["message"].as_str().unwrap().starts_with("api."), "{v}");
    }
    let (status, _) = report(&f, json!({"desk_id": LATINA, "problem": "hours", "extra": 1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _, _) = send(&f.app, Request::post("/api/v1/desk-reports").body(Body::from("{}")).unwrap()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(count(&f.state, "SELECT COUNT(*) FROM desk_reports").await, 0);
}

/// The edit form works without script; one script from our own origin (no inline code, the strict policy
/// kept) adds comune suggestions and a map pin over the same fields.
#[tokio::test]
async fn the_desk_form_is_enhanced_by_one_script_of_ours_and_works_without_it() {
    let f = desks_fixture();
    let op = signed_in(&f, "latina@example.it", &[LATINA], false).await;
    let (status, headers, body) = send(&f.app, page(&format!("/operatori/sportelli/{LATINA}"), Some(&op))).await;
    assert_eq!(status, StatusCode::OK);
    let shown = html(&body);
    assert!(shown.contains(r#"<script src="/operatori/desk-map.js" defer></script>"#), "{shown}");
    assert_eq!(shown.matches("<script").count(), 1, "no inline script");
    // Without script: the typed comune (with the region's comuni as suggestions) and the two fields.
    assert!(shown.contains(r#"list="comuni-elenco""#) && shown.contains(r#"<option value="Latina (LT)">"#), "{shown}");
    assert!(shown.contains(r#"id="lat" name="lat""#) && shown.contains(r#"id="lon" name="lon""#));
    assert!(shown.contains("al massimo a 20 km dal centro del comune (35 km per un capoluogo di provincia)"), "{shown}");
    // The map's place: hidden until the script shows it, named for assistive technology.
    assert!(shown.contains(r#"<div id="mappa-blocco" class="op-map-block" hidden>"#), "{shown}");
    assert!(shown.contains(r#"role="region" aria-label="Mappa per scegliere la posizione dello sportello""#));
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';") && !csp.contains("unsafe-inline"), "{csp}");

    let (status, headers, body) = send(&f.app, page("/operatori/desk-map.js", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    let js = String::from_utf8(body).unwrap();
    // Our own files only: the app's comuni and the Leaflet the locator uses, never a CDN.
    for own in ["\"/data/comuni.json\"", "\"/vendor/leaflet/leaflet.js\"", "\"/vendor/leaflet/leaflet.css\"", "\"/data/regioni.geojson\""] {
        assert!(js.contains(own), "{own}");
    }
    assert!(!js.contains("https://unpkg") && !js.contains("cdn"), "no CDN");
}

#[tokio::test]
async fn without_newer_data_the_built_file_is_served() {
    let f = desks_fixture();
    let (status, headers, body) = send(&f.app, page("/data/sportelli.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get(header::ETAG).is_none_or(|e| !e.to_str().unwrap().contains("db-")));
    let built = std::fs::read(f.dir.path().join("dist/data/sportelli.json")).unwrap();
    assert_eq!(body, built);
}
