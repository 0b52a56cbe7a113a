//! `microwork migrate-to-postgres`, run as an operator would: a SQLite database the server wrote (requests
//! with history, secrets and notifications, an operator with a session and a link, audit entries) is copied
//! into a fresh PostgreSQL database and verified; a copy interrupted half-way is finished by running it again;
//! a target that differs is reported; the copied database then takes new requests and recognises old retries.

mod common;

use common::backends;
use common::process::BIN;
use microwork_core::account::{ActorKind, AuditAction};
use microwork_core::contact::{ContactForm, RequestUpdateBody, ValidatedContactRequest};
use microwork_server::store::audit::{self, Actor, Entry};
use microwork_server::store::db::Target;
use microwork_server::store::requests::{self, Promises, Scope, Stored};
use microwork_server::store::sql::query_value;
use microwork_server::store::{self, Db, accounts, sessions};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

fn request(n: u32) -> ValidatedContactRequest {
    ContactForm {
        request_id: format!("1b6f0c1e-5d55-4f7e-9a53-{n:012x}"),
        name: format!("Persona {n} — àèìòù"),
        email: Some(format!("p{n}@example.it")),
        desk_id: Some(if n % 2 == 0 { "mo-01" } else { "bo-02" }.into()),
        message: (n % 3 == 0).then(|| "Vorrei aprire un'attività".to_string()),
        website: (n % 10 == 0).then(|| "spam".to_string()),
        consent_privacy: true,
        ..ContactForm::default()
    }
    .validate()
    .unwrap()
}

async fn seed(path: &Path) -> usize {
    let db = Db::open(path).unwrap();
    let n = 240;
    for i in 1..=n as u32 {
        let r = request(i);
        let at = format!("2026-11-{:02}T{:02}:00:00Z", 1 + i % 25, i % 24);
        db.write(move |c| store::save_contact_request(c, &r, &at, true, 1_000 + i64::from(i), &format!("secret-{i}"))).await.unwrap();
    }
    db.write(|c| {
        accounts::create(c, "op-1", "op@example.it", false, &["mo-01".into()], "2026-11-01T00:00:00Z")?;
        accounts::create_link(c, "op-1", "link-hash", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z")?;
        sessions::create(c, "session-hash", "op-1", "2026-11-02T00:00:00Z", "2026-11-02T12:00:00Z")
    })
    .await
    .unwrap();
    let promises = Promises { response_days: Arc::default(), today: microwork_core::date::parse_iso("2026-11-27").unwrap() };
    let listed = db.read(move |c| requests::list(c, &requests::Filter::default(), &Scope::All, &promises)).await.unwrap();
    for (i, t) in listed.iter().enumerate().take(30) {
        let reference = t.request.reference.as_str().to_string();
        let promises = Promises { response_days: Arc::default(), today: microwork_core::date::parse_iso("2026-11-27").unwrap() };
        db.write(move |c| {
            let body = RequestUpdateBody { status: Some("taken".into()), outcome: None, note: Some(Some(format!("nota {i}"))) };
            requests::update(c, &reference, &Scope::All, &promises, &body, Some("op-1"), "2026-11-26T10:00:00Z")?;
            let actor = Actor { kind: ActorKind::Operator, operator_id: Some("op-1".into()), email: Some("op@example.it".into()) };
            let detail = serde_json::json!({"status": "taken"});
            audit::append(c, "2026-11-26T10:00:00Z", &Entry { actor: &actor, action: AuditAction::Update, reference: Some(&reference), desk_id: None, detail: Some(detail) })
        })
        .await
        .unwrap();
    }
    db.close();
    n
}

fn migrate(from: &Path, to: &str) -> Output {
    Command::new(BIN)
        .args(["migrate-to-postgres", "--batch", "50", "--from"])
        .arg(format!("sqlite://{}", from.display()))
        .args(["--to", to])
        .env_remove("MICROWORK_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn connect(url: &str) -> Db {
    let target = Target::parse(url).unwrap();
    tokio::task::spawn_blocking(move || Db::connect(&target, 2)).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_database_is_copied_verified_resumed_and_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("var/old.db");
    let requests_seeded = seed(&sqlite).await;
    let url = tokio::task::spawn_blocking(backends::postgres_url).await.unwrap();

    let out = migrate(&sqlite, &url);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    for table in ["contact_requests", "webhook_outbox", "contact_request_secrets", "contact_request_events", "operators", "audit_log"] {
        let line = stdout.lines().find(|l| l.starts_with(table)).unwrap_or_else(|| panic!("no line for {table}:\n{stdout}"));
        assert!(line.trim_end().ends_with("ok"), "{line}");
    }
    let line = stdout.lines().find(|l| l.starts_with("contact_requests ")).unwrap();
    let counts: Vec<&str> = line.split_whitespace().skip(1).take(2).collect();
    assert_eq!(counts, [requests_seeded.to_string(), requests_seeded.to_string()], "{line}");
    assert!(stdout.contains("every table copied and verified"), "{stdout}");

    // Interrupted half-way (here: part of the copy lost): running it again finishes it.
    let db = connect(&url).await;
    db.write(|c| c.execute("DELETE FROM contact_requests WHERE id > 100", &[])).await.unwrap();
    db.write(|c| c.execute("DELETE FROM audit_log WHERE id > 10", &[])).await.unwrap();
    let out = migrate(&sqlite, &url);
    assert!(out.status.success(), "{}\n{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stderr).contains(&format!("contact_requests: {} rows copied (100 already there)", requests_seeded - 100)), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("every table copied and verified"));

    // A target that holds something else is reported, and the command fails.
    db.write(|c| c.execute("UPDATE contact_requests SET note = 'changed' WHERE id = 5", &[])).await.unwrap();
    let out = migrate(&sqlite, &url);
    assert!(!out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.lines().any(|l| l.starts_with("contact_requests") && l.trim_end().ends_with("DIFFERENT")), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("webhook_outbox") && l.trim_end().ends_with("ok")), "{stdout}");
    db.write(|c| c.execute("UPDATE contact_requests SET note = NULL WHERE id = 5", &[])).await.unwrap();

    // The copy works: a retry of an old request gets its old reference; a new one gets a new id.
    let old = request(7);
    let replay = db.write(move |c| requests::insert(c, &old, "2026-11-27T00:00:00Z")).await.unwrap();
    assert!(matches!(replay, Stored::Replayed { id: 7, .. }), "{replay:?}");
    let new = request(100_000);
    let created = db.write(move |c| store::save_contact_request(c, &new, "2026-11-27T00:00:00Z", true, 5, "s")).await.unwrap();
    assert!(matches!(created, Stored::Created { id, .. } if id > requests_seeded as i64), "{created:?}");
    let account = db.read(|c| accounts::by_email(c, "op@example.it")).await.unwrap().unwrap();
    assert_eq!(account.desks, ["mo-01"]);
    assert!(db.read(|c| sessions::find(c, "session-hash")).await.unwrap().is_some());
    let history: i64 = db.read(|c| query_value(c, "SELECT count(*) FROM contact_request_events", &[])).await.unwrap();
    assert_eq!(history, 30);
}

#[test]
fn a_wrong_source_or_target_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let out = migrate(&missing, "postgres://postgres@127.0.0.1:1/x");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("does not exist"), "{}", text(&out.stderr));
    let out = Command::new(BIN).args(["migrate-to-postgres", "--from", "sqlite://x.db", "--to", "sqlite://y.db"]).output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--to must be a postgres:// database") || text(&out.stderr).contains("does not exist"));
}
