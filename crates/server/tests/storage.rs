//! The storage suite: every store function, written once and run on both backends — SQLite (a file) and
//! PostgreSQL (a throwaway cluster started by this test binary; see tests/common/backends.rs). Each test
//! below exists twice, as `sqlite::NAME` and `postgres::NAME`.

mod common;

use common::backends::{Kind, TestDb, open};
use microwork_core::account::{ActorKind, AuditAction};
use microwork_core::contact::{ContactForm, RequestUpdateBody, Status, ValidatedContactRequest};
use microwork_server::args;
use microwork_server::store::audit::{self, Actor, Entry};
use microwork_server::store::outbox::{self, Outcome};
use microwork_server::store::requests::{self, Filter, Order, Promises, Scope, Stored};
use microwork_server::store::sql::{Backend, query_value};
use microwork_server::store::{self, DbError, StoreError, accounts, sessions};
use std::sync::Arc;

/// Each `name` becomes `sqlite::name` and `postgres::name`, both running `name(TestDb)`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(super::open(super::Kind::Sqlite).await).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::$name(super::open(super::Kind::Postgres).await).await } )*
        }
    };
}

on_both!(
    a_request_is_stored_once_replayed_and_a_different_one_refused,
    the_same_request_sent_at_once_many_times_is_stored_once,
    lists_filter_order_page_and_keep_to_the_scope,
    an_update_moves_the_request_records_history_and_keeps_the_note,
    status_secrets_are_kept_newest_first_and_find_their_request,
    erasure_takes_the_request_with_everything_that_names_it,
    the_retention_purge_deletes_only_what_is_older,
    accounts_links_and_sessions_live_and_end,
    the_audit_log_lists_and_finds_a_request_in_lists_it_was_shown_in,
    notifications_are_claimed_for_a_lease_and_recorded,
    concurrent_claims_never_share_a_notification,
    a_row_this_version_cannot_read_is_a_typed_error,
    a_periodic_job_lock_is_held_by_one_transaction_at_a_time,
    desk_reports_are_kept_listed_in_scope_closed_and_aged_out,
);

const T0: &str = "2026-11-20T10:00:00Z";

fn request(n: u32, name: &str, desk: Option<&str>) -> ValidatedContactRequest {
    ContactForm {
        request_id: format!("0b6f0c1e-5d55-4f7e-9a53-{n:012x}"),
        name: name.into(),
        email: Some(format!("p{n}@example.it")),
        desk_id: desk.map(String::from),
        consent_privacy: true,
        ..ContactForm::default()
    }
    .validate()
    .unwrap()
}

fn promises() -> Promises {
    Promises { response_days: Arc::default(), today: microwork_core::date::parse_iso("2026-11-27").unwrap() }
}

/// Stores request `n` (received at `at`, with its notification) and returns its reference and row id.
async fn save(t: &TestDb, n: u32, desk: Option<&str>, at: &str) -> (String, i64) {
    let r = request(n, &format!("Persona {n}"), desk);
    let at = at.to_string();
    let stored = t
        .db
        .write(move |c| store::save_contact_request(c, &r, &at, true, 1_000, &format!("hash-{n}")))
        .await
        .unwrap();
    match stored {
        Stored::Created { id, receipt } => (receipt.reference.as_str().to_string(), id),
        other => panic!("{other:?}"),
    }
}

async fn count(t: &TestDb, sql: &'static str) -> i64 {
    t.db.read(move |c| query_value(c, sql, &[])).await.unwrap()
}

async fn a_request_is_stored_once_replayed_and_a_different_one_refused(t: TestDb) {
    let r = request(1, "Maria", Some("mo-01"));
    let first = t.db.write({ let r = r.clone(); move |c| requests::insert(c, &r, T0) }).await.unwrap();
    let Stored::Created { receipt, .. } = first.clone() else { panic!("{first:?}") };
    let again = t.db.write({ let r = r.clone(); move |c| requests::insert(c, &r, "2026-11-20T10:01:00Z") }).await.unwrap();
    let Stored::Replayed { receipt: replayed, .. } = again else { panic!("{again:?}") };
    assert_eq!(replayed, receipt, "a retry gets the first answer");
    let other = request(1, "Marta", Some("mo-01"));
    assert_eq!(t.db.write(move |c| requests::insert(c, &other, T0)).await.unwrap(), Stored::Conflict);

    let rows = t.db.read(|c| requests::list(c, &Filter::default(), &Scope::All, &promises())).await.unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.request.name.as_str(), row.status, row.webhook), ("Maria", Status::New, None));
    assert_eq!(row.request.desk_id.as_deref(), Some("mo-01"));
    assert_eq!(row.request.email.as_deref(), Some("p1@example.it"));
    assert_eq!(row.request.received_at, T0);
    assert_eq!(count(&t, "SELECT count(*) FROM contact_requests").await, 1);
}

async fn the_same_request_sent_at_once_many_times_is_stored_once(t: TestDb) {
    // Retries that arrive together (on PostgreSQL possibly at two instances): one row, one notification,
    // every answer the same reference.
    let r = request(7, "Anna", None);
    let mut tasks = Vec::new();
    for i in 0..16 {
        let (db, r) = (t.db.clone(), r.clone());
        tasks.push(tokio::spawn(async move {
            db.write(move |c| store::save_contact_request(c, &r, T0, true, 1_000, &format!("s-{i:02}"))).await
        }));
    }
    let mut references = Vec::new();
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap().unwrap() {
            Stored::Created { receipt, .. } => {
                created += 1;
                references.push(receipt.reference);
            }
            Stored::Replayed { receipt, .. } => references.push(receipt.reference),
            Stored::Conflict => panic!("the same content is no conflict"),
        }
    }
    assert_eq!(created, 1);
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(count(&t, "SELECT count(*) FROM contact_requests").await, 1);
    assert_eq!(count(&t, "SELECT count(*) FROM webhook_outbox").await, 1);
    // Concurrent answers each trim what they see; the next one brings the request back to the newest 8.
    t.db.write(move |c| store::save_contact_request(c, &r, T0, true, 1_000, "s-last")).await.unwrap();
    assert_eq!(count(&t, "SELECT count(*) FROM contact_request_secrets").await, 8, "at most 8 secrets kept");
}

async fn lists_filter_order_page_and_keep_to_the_scope(t: TestDb) {
    save(&t, 1, Some("a"), "2026-11-20T08:00:00Z").await;
    save(&t, 2, Some("b"), "2026-11-21T08:00:00Z").await;
    save(&t, 3, Some("a"), "2026-11-22T08:00:00Z").await;
    save(&t, 4, None, "2026-11-23T08:00:00Z").await;
    let names = |f: Filter, scope: Scope| {
        let db = t.db.clone();
        async move {
            db.read(move |c| requests::list(c, &f, &scope, &promises()))
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.request.name)
                .collect::<Vec<_>>()
        }
    };
    let p = |ns: &[u32]| ns.iter().map(|n| format!("Persona {n}")).collect::<Vec<_>>();
    assert_eq!(names(Filter::default(), Scope::All).await, p(&[1, 2, 3, 4]), "queue: longest waiting first");
    assert_eq!(names(Filter { order: Order::Newest, ..Filter::default() }, Scope::All).await, p(&[4, 3, 2, 1]));
    assert_eq!(names(Filter { desk: Some("a".into()), ..Filter::default() }, Scope::All).await, p(&[1, 3]));
    let since = Filter { since: Some("2026-11-21T00:00:00Z".into()), until: Some("2026-11-23T00:00:00Z".into()), ..Filter::default() };
    assert_eq!(names(since, Scope::All).await, p(&[2, 3]));
    let page = Filter { order: Order::Oldest, limit: Some(2), offset: 1, ..Filter::default() };
    assert_eq!(names(page, Scope::All).await, p(&[2, 3]));
    let unlimited = Filter { order: Order::Oldest, offset: 3, ..Filter::default() };
    assert_eq!(names(unlimited, Scope::All).await, p(&[4]), "no limit, with an offset");
    assert_eq!(names(Filter::default(), Scope::Desks(vec!["b".into()])).await, p(&[2]));
    assert_eq!(names(Filter::default(), Scope::Desks(vec![])).await, Vec::<String>::new());
    let spam = Filter { statuses: vec![Status::Spam], ..Filter::default() };
    assert_eq!(names(spam, Scope::All).await, Vec::<String>::new());
    // Found by reference only within the scope.
    let (reference, _) = save(&t, 5, Some("c"), "2026-11-24T08:00:00Z").await;
    let r = reference.clone();
    let outside = t.db.read(move |c| requests::detail(c, &r, &Scope::Desks(vec!["a".into()]), &promises())).await.unwrap();
    assert!(outside.is_none());
    let inside = t.db.read(move |c| requests::detail(c, &reference, &Scope::Desks(vec!["c".into()]), &promises())).await.unwrap();
    assert_eq!(inside.unwrap().tracked.webhook, Some(microwork_core::contact::WebhookState::Pending));
}

async fn an_update_moves_the_request_records_history_and_keeps_the_note(t: TestDb) {
    let (reference, _) = save(&t, 1, Some("a"), T0).await;
    let r = reference.clone();
    t.db.write(|c| accounts::create(c, "op-1", "op@example.it", false, &["a".into()], T0)).await.unwrap();
    let body = RequestUpdateBody { status: Some("contacted".into()), outcome: None, note: Some(Some("richiamare".into())) };
    let (detail, changed) = t
        .db
        .write(move |c| requests::update(c, &r, &Scope::All, &promises(), &body, Some("op-1"), "2026-11-21T09:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.tracked.status, Status::Contacted);
    assert_eq!(detail.note.as_deref(), Some("richiamare"));
    assert_eq!(changed.status, Some(Status::Contacted));
    assert!(changed.note);
    assert_eq!(detail.history.len(), 1);
    assert_eq!(detail.history[0].by.as_deref(), Some("op@example.it"));
    assert_eq!(detail.history[0].at, "2026-11-21T09:00:00Z");
    // A move the state does not allow is refused, and nothing changes.
    let r = reference.clone();
    let back = RequestUpdateBody { status: Some("new".into()), outcome: None, note: None };
    let refused = t.db.write(move |c| requests::update(c, &r, &Scope::All, &promises(), &back, None, T0)).await;
    assert!(matches!(refused, Err(DbError::Store(StoreError::Update(_)))), "{refused:?}");
    let missing = RequestUpdateBody { status: Some("closed".into()), outcome: None, note: None };
    let none = t.db.write(move |c| requests::update(c, "MW-0000-0000", &Scope::All, &promises(), &missing, None, T0)).await;
    assert!(none.unwrap().is_none());
}

async fn status_secrets_are_kept_newest_first_and_find_their_request(t: TestDb) {
    let (reference, id) = save(&t, 1, None, T0).await;
    for i in 0..12 {
        let at = format!("2026-11-20T10:{i:02}:00Z");
        t.db.write(move |c| requests::add_secret(c, id, &format!("h{i}"), &at)).await.unwrap();
    }
    assert_eq!(count(&t, "SELECT count(*) FROM contact_request_secrets").await, requests::MAX_SECRETS_PER_REQUEST);
    for (hash, kept) in [("h11", true), ("h4", true), ("h3", false), ("hash-1", false)] {
        let r = reference.clone();
        let found = t.db.read(move |c| requests::find_by_secret(c, &r, hash, &promises())).await.unwrap();
        assert_eq!(found.is_some(), kept, "{hash}");
    }
    // The newest is kept even when several share a second.
    for i in 0..10 {
        t.db.write(move |c| requests::add_secret(c, id, &format!("same{i}"), "2026-11-21T00:00:00Z")).await.unwrap();
        let r = reference.clone();
        let found = t.db.read(move |c| requests::find_by_secret(c, &r, &format!("same{i}"), &promises())).await.unwrap();
        assert!(found.is_some(), "same{i}");
    }
    let wrong = t.db.read(move |c| requests::find_by_secret(c, &reference, "nope", &promises())).await.unwrap();
    assert!(wrong.is_none());
}

async fn erasure_takes_the_request_with_everything_that_names_it(t: TestDb) {
    let (reference, _) = save(&t, 1, Some("a"), T0).await;
    let (kept, _) = save(&t, 2, Some("a"), T0).await;
    let r = reference.clone();
    let body = RequestUpdateBody { status: Some("taken".into()), outcome: None, note: None };
    t.db.write(move |c| requests::update(c, &r, &Scope::All, &promises(), &body, None, T0)).await.unwrap();
    let r = reference.clone();
    let outside = t.db.write_erasing(move |c| store::erase(c, &r, &Scope::Desks(vec!["b".into()]))).await.unwrap();
    assert_eq!(outside, None, "not in the caller's scope: as if missing");
    let r = reference.clone();
    let desk = t.db.write_erasing(move |c| store::erase(c, &r, &Scope::All)).await.unwrap();
    assert_eq!(desk, Some(Some("a".to_string())));
    for (sql, n) in [
        ("SELECT count(*) FROM contact_requests", 1),
        ("SELECT count(*) FROM webhook_outbox", 1),
        ("SELECT count(*) FROM contact_request_secrets", 1),
        ("SELECT count(*) FROM contact_request_events", 0),
    ] {
        assert_eq!(count(&t, sql).await, n, "{sql}");
    }
    let k = kept.clone();
    assert!(t.db.read(move |c| requests::locate(c, &k, &Scope::All)).await.unwrap().is_some());
    if t.kind == Kind::Sqlite {
        // SQLite's promise: the erased data is in neither the file nor its WAL.
        let path = t.dir.path().join("var/test.db");
        let wal = std::fs::metadata(path.with_extension("db-wal")).map(|m| m.len()).unwrap_or(0);
        assert_eq!(wal, 0);
        assert!(!std::fs::read(&path).unwrap().windows(reference.len()).any(|w| w == reference.as_bytes()));
    }
}

async fn the_retention_purge_deletes_only_what_is_older(t: TestDb) {
    save(&t, 1, None, "2025-01-01T00:00:00Z").await;
    save(&t, 2, None, "2025-06-01T00:00:00Z").await;
    save(&t, 3, None, "2026-11-01T00:00:00Z").await;
    let actor = Actor::of(ActorKind::Cli);
    for at in ["2025-01-02T00:00:00Z", "2026-11-02T00:00:00Z"] {
        let actor = actor.clone();
        t.db.write(move |c| audit::append(c, at, &Entry { actor: &actor, action: AuditAction::Read, reference: None, desk_id: None, detail: None }))
            .await
            .unwrap();
    }
    let cutoff = "2026-01-01T00:00:00Z";
    assert_eq!(t.db.read(move |c| requests::count_received_before(c, cutoff)).await.unwrap(), 2);
    assert_eq!(t.db.write_erasing(move |c| store::purge_before(c, cutoff)).await.unwrap(), 2);
    assert_eq!(count(&t, "SELECT count(*) FROM contact_requests").await, 1);
    assert_eq!(count(&t, "SELECT count(*) FROM webhook_outbox").await, 1);
    assert_eq!(count(&t, "SELECT count(*) FROM contact_request_secrets").await, 1);
    assert_eq!(count(&t, "SELECT count(*) FROM audit_log").await, 1);
}

async fn accounts_links_and_sessions_live_and_end(t: TestDb) {
    let desks = vec!["b".to_string(), "a".to_string()];
    t.db.write(move |c| accounts::create(c, "id-1", "op@example.it", false, &desks, T0)).await.unwrap();
    let taken = t.db.write(|c| accounts::create(c, "id-2", "op@example.it", true, &[], T0)).await;
    assert!(matches!(taken, Err(DbError::Store(StoreError::Refused("email_taken")))), "{taken:?}");
    t.db.write(|c| accounts::create(c, "id-3", "admin@example.it", true, &[], T0)).await.unwrap();
    let a = t.db.read(|c| accounts::by_email(c, "op@example.it")).await.unwrap().unwrap();
    assert_eq!((a.id.as_str(), a.admin, a.desks.clone()), ("id-1", false, vec!["a".to_string(), "b".to_string()]));
    assert!(t.db.read(|c| accounts::by_id(c, "id-3")).await.unwrap().unwrap().admin);
    let all: Vec<String> = t.db.read(|c| accounts::list(c)).await.unwrap().into_iter().map(|a| a.email).collect();
    assert_eq!(all, ["admin@example.it", "op@example.it"]);

    t.db.write(|c| accounts::create_link(c, "id-1", "tok", T0, "2026-11-22T10:00:00Z")).await.unwrap();
    assert_eq!(t.db.read(|c| accounts::link_expires_at(c, "id-1")).await.unwrap().as_deref(), Some("2026-11-22T10:00:00Z"));
    assert!(t.db.read(|c| accounts::peek_link(c, "tok", "2026-11-23T00:00:00Z")).await.unwrap().is_none(), "expired");
    let redeemed = t.db.write(|c| accounts::redeem_link(c, "tok", "2026-11-21T00:00:00Z")).await.unwrap();
    assert_eq!(redeemed.map(|a| a.id).as_deref(), Some("id-1"));
    assert!(t.db.write(|c| accounts::redeem_link(c, "tok", "2026-11-21T00:00:00Z")).await.unwrap().is_none(), "once");
    t.db.write(|c| accounts::set_password(c, "id-1", "$argon2id$x", T0)).await.unwrap();
    t.db.write(|c| accounts::record_login(c, "id-1", T0)).await.unwrap();

    t.db.write(|c| sessions::create(c, "s1", "id-1", T0, "2026-11-20T22:00:00Z")).await.unwrap();
    t.db.write(|c| sessions::create(c, "s2", "id-1", T0, "2026-11-20T22:00:00Z")).await.unwrap();
    t.db.write(|c| sessions::touch(c, "s1", "2026-11-20T11:00:00Z")).await.unwrap();
    let (s, acc) = t.db.read(|c| sessions::find(c, "s1")).await.unwrap().unwrap();
    assert_eq!((s.last_seen_at.as_str(), acc.password_hash.as_deref()), ("2026-11-20T11:00:00Z", Some("$argon2id$x")));
    assert_eq!(t.db.write(|c| sessions::delete_expired(c, "2026-11-20T12:00:00Z", "2026-11-20T10:30:00Z")).await.unwrap(), 1, "s2 idle");
    t.db.write(|c| accounts::set_disabled(c, "id-1", Some(T0))).await.unwrap();
    assert!(!t.db.read(|c| accounts::by_id(c, "id-1")).await.unwrap().unwrap().is_active());
    assert_eq!(t.db.write(|c| sessions::delete_for_operator(c, "id-1")).await.unwrap(), 1);
    t.db.write(|c| accounts::clear_password(c, "id-1")).await.unwrap();
    assert!(t.db.read(|c| accounts::by_id(c, "id-1")).await.unwrap().unwrap().password_hash.is_none());
}

async fn the_audit_log_lists_and_finds_a_request_in_lists_it_was_shown_in(t: TestDb) {
    let (reference, _) = save(&t, 1, Some("a"), T0).await;
    let actor = Actor { kind: ActorKind::Operator, operator_id: Some("id-1".into()), email: Some("op@example.it".into()) };
    let entries = [
        ("2026-11-20T11:00:00Z", AuditAction::List, None, Some(serde_json::json!({"references": [reference.clone()]}))),
        ("2026-11-20T12:00:00Z", AuditAction::Read, Some(reference.clone()), None),
        ("2026-11-20T13:00:00Z", AuditAction::List, None, Some(serde_json::json!({"references": ["MW-OTHER"]}))),
        ("2026-11-19T13:00:00Z", AuditAction::Read, Some(reference.clone()), None),
    ];
    for (at, action, r, detail) in entries {
        let actor = actor.clone();
        t.db.write(move |c| {
            audit::append(c, at, &Entry { actor: &actor, action, reference: r.as_deref(), desk_id: Some("a"), detail })
        })
        .await
        .unwrap();
    }
    let r = reference.clone();
    let found = t.db.read(move |c| audit::for_reference(c, &r, T0)).await.unwrap();
    let seen: Vec<(String, AuditAction)> = found.into_iter().map(|e| (e.at, e.action)).collect();
    assert_eq!(
        seen,
        [("2026-11-20T11:00:00Z".to_string(), AuditAction::List), ("2026-11-20T12:00:00Z".to_string(), AuditAction::Read)],
        "entries naming it and lists showing it, since it was received"
    );
    let filter = audit::Filter { action: Some(AuditAction::Read), limit: 10, ..audit::Filter::default() };
    let reads = t.db.read(move |c| audit::list(c, &filter)).await.unwrap();
    assert_eq!(reads.len(), 2);
    assert_eq!(reads[0].actor_email.as_deref(), Some("op@example.it"));
    let filter = audit::Filter { limit: 2, offset: 1, ..audit::Filter::default() };
    let page = t.db.read(move |c| audit::list(c, &filter)).await.unwrap();
    assert_eq!(page.iter().map(|e| e.at.as_str()).collect::<Vec<_>>(), ["2026-11-20T12:00:00Z", "2026-11-20T11:00:00Z"]);
}

async fn notifications_are_claimed_for_a_lease_and_recorded(t: TestDb) {
    save(&t, 1, None, T0).await;
    save(&t, 2, None, T0).await;
    assert_eq!(t.db.read(outbox::next_due).await.unwrap(), Some(1_000));
    let claimed = t.db.write(|c| outbox::claim(c, 2_000, 10, 60_000)).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert_eq!(claimed[0].request.name, "Persona 1");
    assert_eq!(claimed[0].event, outbox::CREATED);
    assert!(t.db.write(|c| outbox::claim(c, 3_000, 10, 60_000)).await.unwrap().is_empty(), "claimed: not due for others");
    assert_eq!(t.db.read(outbox::next_due).await.unwrap(), Some(60_000), "due again when the claim runs out");
    let (first, second) = (claimed[0].outbox_id, claimed[1].outbox_id);
    t.db.write(move |c| outbox::record(c, first, 4_000, &Outcome::Delivered)).await.unwrap();
    t.db.write(move |c| outbox::record(c, second, 4_000, &Outcome::Retry { error: "HTTP 503".into(), at: 9_000 })).await.unwrap();
    assert_eq!(t.db.read(outbox::next_due).await.unwrap(), Some(9_000), "a recorded attempt frees the claim");
    assert!(t.db.write(|c| outbox::claim(c, 8_000, 10, 60_000)).await.unwrap().is_empty());
    let again = t.db.write(|c| outbox::claim(c, 9_000, 10, 70_000)).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 1));
    // A worker that died: its claim runs out and the row is claimed again (at least once).
    let after_crash = t.db.write(|c| outbox::claim(c, 70_000, 10, 130_000)).await.unwrap();
    assert_eq!(after_crash.iter().map(|d| d.outbox_id).collect::<Vec<_>>(), [second]);
    t.db.write(move |c| outbox::record(c, second, 71_000, &Outcome::GaveUp { error: "gave up".into() })).await.unwrap();
    assert_eq!(t.db.read(outbox::next_due).await.unwrap(), None);
    let states: Vec<String> = t
        .db
        .read(|c| c.query("SELECT state FROM webhook_outbox ORDER BY id", &[])?.iter().map(|r| r.at(0)).collect())
        .await
        .unwrap();
    assert_eq!(states, ["delivered", "failed"]);
}

async fn concurrent_claims_never_share_a_notification(t: TestDb) {
    for n in 0..60 {
        save(&t, n, None, T0).await;
    }
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let got = db.write(|c| outbox::claim(c, 2_000, 4, 60_000)).await.unwrap();
                if got.is_empty() {
                    return mine;
                }
                mine.extend(got.into_iter().map(|d| d.outbox_id));
            }
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let total = all.len();
    all.sort();
    all.dedup();
    assert_eq!((total, all.len()), (60, 60), "each row claimed exactly once");
}

async fn a_row_this_version_cannot_read_is_a_typed_error(t: TestDb) {
    save(&t, 1, None, T0).await;
    t.db.write(|c| c.execute("UPDATE contact_requests SET channel = 'fax'", args![])).await.unwrap();
    let err = t.db.read(|c| requests::list(c, &Filter::default(), &Scope::All, &promises())).await.unwrap_err();
    assert!(matches!(err, DbError::Store(StoreError::BadValue { column: "channel", .. })), "{err:?}");
}

async fn a_periodic_job_lock_is_held_by_one_transaction_at_a_time(t: TestDb) {
    use microwork_server::store::sql::locks::RETENTION;
    let (held_tx, held_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let db = t.db.clone();
    // One transaction takes the lock and keeps it until told.
    let holder = tokio::spawn(async move {
        db.write(move |c| {
            let got = c.try_lock(RETENTION)?;
            let _ = held_tx.send(());
            let _ = release_rx.recv_timeout(std::time::Duration::from_secs(20));
            Ok(got)
        })
        .await
        .unwrap()
    });
    tokio::task::spawn_blocking(move || held_rx.recv().unwrap()).await.unwrap();
    let backend = t.db.backend();
    let other = match backend {
        // SQLite has one writer (and one process): the second job simply runs after the first.
        Backend::Sqlite => None,
        Backend::Postgres => Some(t.db.write(|c| c.try_lock(RETENTION)).await.unwrap()),
    };
    release_tx.send(()).unwrap();
    assert!(holder.await.unwrap());
    if let Some(other) = other {
        assert!(!other, "another instance's transaction does not get the lock while it is held");
    }
    assert!(t.db.write(|c| c.try_lock(RETENTION)).await.unwrap(), "free again once the holder committed");
}

async fn desk_reports_are_kept_listed_in_scope_closed_and_aged_out(t: TestDb) {
    use microwork_core::sportelli::report::DeskReport;
    use microwork_server::store::desks;
    let report = |desk: &str, contact: Option<&str>| DeskReport {
        desk_id: desk.into(),
        problem: "phone".into(),
        message: Some("Il numero non risponde".into()),
        contact: contact.map(String::from),
        is_spam: false,
    };
    let (a, b) = (report("mo-01", Some("p@example.it")), report("bo-02", None));
    let first = t.db.write(move |c| desks::add_report(c, &a, "2026-11-20T10:00:00Z")).await.unwrap();
    let second = t.db.write(move |c| desks::add_report(c, &b, "2026-11-21T10:00:00Z")).await.unwrap();
    assert!(second > first);
    let all = t.db.read(|c| desks::reports(c, &Scope::All, false, 10)).await.unwrap();
    assert_eq!(all.iter().map(|r| r.desk_id.as_str()).collect::<Vec<_>>(), ["bo-02", "mo-01"], "newest first");
    assert_eq!(all[1].contact.as_deref(), Some("p@example.it"));
    let mine = t.db.read(|c| desks::reports(c, &Scope::Desks(vec!["mo-01".into()]), false, 10)).await.unwrap();
    assert_eq!(mine.len(), 1);
    let outside = t.db.write(move |c| desks::close_report(c, first, &Scope::Desks(vec!["bo-02".into()]), T0, Some("op"))).await.unwrap();
    assert_eq!(outside, None);
    let closed = t.db.write(move |c| desks::close_report(c, first, &Scope::All, T0, Some("op"))).await.unwrap();
    assert_eq!(closed.as_deref(), Some("mo-01"));
    let open = t.db.read(|c| desks::reports(c, &Scope::All, true, 10)).await.unwrap();
    assert_eq!(open.iter().map(|r| r.id).collect::<Vec<_>>(), [second]);
    assert_eq!(t.db.read(|c| desks::last_update(c)).await.unwrap(), None);
    assert!(t.db.read(|c| desks::records(c)).await.unwrap().is_empty());
    // Retention: reports hold a contact and go with the requests.
    assert_eq!(t.db.write_erasing(|c| store::purge_before(c, "2026-11-21T00:00:00Z")).await.unwrap(), 0);
    assert_eq!(count(&t, "SELECT count(*) FROM desk_reports").await, 1);
}
