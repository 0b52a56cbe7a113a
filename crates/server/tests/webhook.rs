//! Webhook notifications against a real receiver on a loopback port that fails the first N posts.

mod common;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use common::*;
use microwork_server::store::Db;
use microwork_server::webhook::{self, WebhookConfig};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, watch};

#[derive(Default)]
struct Received {
    /// Posts answered with an error so far.
    failed: usize,
    /// Successful deliveries: (Authorization header, body).
    delivered: Vec<(Option<String>, Value)>,
}

struct Receiver {
    url: String,
    log: Arc<Mutex<Received>>,
}

/// A webhook receiver that answers 503 to the first `fail_first` posts, then 204.
async fn receiver(fail_first: usize) -> Receiver {
    let log = Arc::new(Mutex::new(Received::default()));
    let app = axum::Router::new()
        .route(
            "/hook",
            axum::routing::post(move |State(log): State<Arc<Mutex<Received>>>, headers: HeaderMap, body: String| async move {
                let mut log = log.lock().unwrap();
                if log.failed < fail_first {
                    log.failed += 1;
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
                log.delivered.push((auth, serde_json::from_str(&body).unwrap_or(Value::Null)));
                StatusCode::NO_CONTENT
            }),
        )
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Receiver { url, log }
}

fn fast(url: &str) -> WebhookConfig {
    WebhookConfig {
        token: Some("hook-secret".into()),
        first_retry: Duration::from_millis(20),
        max_retry: Duration::from_millis(200),
        timeout: Duration::from_secs(5),
        ..WebhookConfig::new(url)
    }
}

struct Worker {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

fn start(db: Arc<Db>, config: WebhookConfig, wake: Arc<Notify>) -> Worker {
    let (stop, rx) = watch::channel(false);
    Worker { stop, task: tokio::spawn(webhook::run(db, config, wake, rx)) }
}

impl Worker {
    async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Waits (bounded) until `done` holds.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..400 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("gave up waiting: {what}");
}

async fn outbox(db: &Db) -> Vec<(String, i64, Option<String>)> {
    db.read(|c| {
        let rows = c.query("SELECT state, attempts, last_error FROM webhook_outbox ORDER BY id", &[])?;
        rows.iter().map(|r| Ok((r.at(0)?, r.at(1)?, r.at(2)?))).collect()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_new_request_is_posted_and_retried_until_the_receiver_takes_it() {
    let hook = receiver(3).await;
    let f = fixture_with(Options { webhook: true, ..Options::default() });
    let worker = start(f.state.db.clone(), fast(&hook.url), f.state.webhook.clone().unwrap());

    let reference = create(
        &f,
        valid_n(1, json!({"desk_id": "mo-01", "phone": "333 123 4567", "channel": "phone", "time_window": "morning",
            "comune_istat": "036023", "message": "Vorrei aprire un bar", "consent_share_assessment": true,
            "assessment": {"microcredito": "eligible"}, "lang": "it"})),
    )
    .await;
    create(&f, valid_n(2, json!({"assessment": null}))).await;
    eventually("two deliveries", || hook.log.lock().unwrap().delivered.len() == 2).await;
    worker.stop().await;

    let (failed, delivered) = {
        let log = hook.log.lock().unwrap();
        (log.failed, log.delivered.clone())
    };
    assert_eq!(failed, 3);
    let (auth, first) = delivered.iter().find(|(_, p)| p["reference"] == reference.as_str()).unwrap();
    assert_eq!(auth.as_deref(), Some("Bearer hook-secret"));
    for (field, value) in [
        ("event", json!("contact_request.created")),
        ("desk_id", json!("mo-01")),
        ("name", json!("Maria Rossi")),
        ("email", json!("maria@example.it")),
        ("phone", json!("+393331234567")),
        ("channel", json!("phone")),
        ("time_window", json!("morning")),
        ("comune_istat", json!("036023")),
        ("message", json!("Vorrei aprire un bar")),
        ("lang", json!("it")),
        ("consent_share_assessment", json!(true)),
        ("assessment", json!({"microcredito": "eligible"})),
    ] {
        assert_eq!(first[field], value, "{field}");
    }
    assert!(first["received_at"].as_str().unwrap().ends_with('Z'));
    let (_, second) = delivered.iter().find(|(_, p)| p["reference"] != reference.as_str()).unwrap();
    assert_eq!(second["assessment"], Value::Null, "no summary without consent");

    let rows = outbox(&f.state.db).await;
    assert!(rows.iter().all(|(state, _, error)| state == "delivered" && error.is_none()), "{rows:?}");
    let attempts: i64 = rows.iter().map(|(_, a, _)| a).sum();
    assert_eq!(attempts, 5, "3 failures and 2 successes, each recorded");

    let f2 = fixture_with(Options { token: Some(TOKEN), webhook: true, ..Options::default() });
    let r = create(&f2, valid_n(1, json!({}))).await;
    let (_, _, body) = send(&f2.app, get_op(&format!("/api/v1/operator/contact-requests/{r}"))).await;
    assert_eq!(json_body(&body)["webhook"], "pending", "operators see the notification's state");
}

#[tokio::test]
async fn pending_notifications_survive_a_restart() {
    // The first life's receiver refuses everything (however often the worker retries before it stops: a busy
    // machine may fit in more than one attempt); the second life's accepts.
    let refusing = receiver(usize::MAX).await;
    let hook = receiver(0).await;
    let f = fixture_with(Options { webhook: true, ..Options::default() });
    let path = f.dir.path().join("var/test.db");

    // First life: the receiver refuses the one attempt made, then the server stops.
    let worker = start(f.state.db.clone(), fast(&refusing.url), f.state.webhook.clone().unwrap());
    let reference = create(&f, valid_n(1, json!({}))).await;
    eventually("a failed attempt", || refusing.log.lock().unwrap().failed >= 1).await;
    worker.stop().await;
    // And one request arrives while no worker runs at all.
    let later = create(&f, valid_n(2, json!({}))).await;
    let Fixture { app, state, dir, .. } = f;
    drop(app);
    drop(state);

    let rows: Vec<(String, i64)> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = c.prepare("SELECT state, attempts FROM webhook_outbox ORDER BY id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    // Kept on disk with its history: still pending, each recorded attempt counted (an attempt cut short by the
    // stop may reach the receiver without being recorded: it is simply made again).
    let refused = refusing.log.lock().unwrap().failed as i64;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].0 == "pending" && (1..=refused).contains(&rows[0].1), "{rows:?}, refused {refused}");
    assert_eq!(rows[1], ("pending".to_string(), 0));

    // Second life: a new process on the same file delivers both.
    let db = Arc::new(Db::open(&path).unwrap());
    let worker = start(db.clone(), fast(&hook.url), Arc::new(Notify::new()));
    eventually("both delivered", || hook.log.lock().unwrap().delivered.len() == 2).await;
    worker.stop().await;
    let delivered: Vec<Value> = hook.log.lock().unwrap().delivered.iter().map(|(_, p)| p["reference"].clone()).collect();
    assert!(delivered.contains(&json!(reference)) && delivered.contains(&json!(later)));
    assert!(outbox(&db).await.iter().all(|(state, _, _)| state == "delivered"));
    drop(dir);
}

#[tokio::test]
async fn a_notification_too_old_is_given_up_and_an_erased_one_never_sent() {
    let hook = receiver(usize::MAX).await;
    let f = fixture_with(Options { webhook: true, ..Options::default() });
    create(&f, valid_n(1, json!({}))).await;
    let erased = create(&f, valid_n(2, json!({}))).await;
    let erase = erased.clone();
    f.state
        .db
        .write(move |c| {
            c.execute("UPDATE webhook_outbox SET created_at = created_at - 7200000", &[])?;
            microwork_server::store::erase(c, &erase, &microwork_server::store::requests::Scope::All).map(|d| d.is_some())
        })
        .await
        .unwrap();

    let config = WebhookConfig { max_age: Duration::from_secs(3600), ..fast(&hook.url) };
    let worker = start(f.state.db.clone(), config, f.state.webhook.clone().unwrap());
    let db = f.state.db.clone();
    let mut rows = Vec::new();
    for _ in 0..400 {
        rows = outbox(&db).await;
        if rows.iter().all(|(state, _, _)| state == "failed") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    worker.stop().await;
    assert_eq!(rows.len(), 1, "the erased request's row went with it");
    assert_eq!(rows[0].0, "failed");
    assert!(rows[0].2.as_deref().unwrap().starts_with("gave up"));
    let log = hook.log.lock().unwrap();
    assert_eq!((log.failed, log.delivered.len()), (0, 0), "nothing was posted");
}

/// A receiver that holds each post until `hold_until` posts are in flight together (or a few seconds pass),
/// and records the most it ever saw at once.
async fn gathering_receiver(hold_until: usize) -> (String, Arc<Mutex<(usize, usize, usize)>>) {
    // (in flight now, most at once, delivered)
    let state = Arc::new(Mutex::new((0usize, 0usize, 0usize)));
    let app = axum::Router::new()
        .route(
            "/hook",
            axum::routing::post(move |State(s): State<Arc<Mutex<(usize, usize, usize)>>>| async move {
                {
                    let mut g = s.lock().unwrap();
                    g.0 += 1;
                    g.1 = g.1.max(g.0);
                }
                for _ in 0..200 {
                    if s.lock().unwrap().1 >= hold_until {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
                let mut g = s.lock().unwrap();
                g.0 -= 1;
                g.2 += 1;
                StatusCode::NO_CONTENT
            }),
        )
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, state)
}

#[tokio::test]
async fn a_slow_receiver_gets_a_few_posts_at_once_but_never_more_than_configured() {
    let (url, seen) = gathering_receiver(2).await;
    let f = fixture_with(Options { webhook: true, ..Options::default() });
    for n in 1..=6 {
        create(&f, valid_n(n, json!({}))).await;
    }
    let config = WebhookConfig { concurrency: 2, ..fast(&url) };
    let worker = start(f.state.db.clone(), config, f.state.webhook.clone().unwrap());
    eventually("six deliveries", || seen.lock().unwrap().2 == 6).await;
    worker.stop().await;
    let (_, most, delivered) = *seen.lock().unwrap();
    assert_eq!(most, 2, "two posts in flight together, never three");
    assert_eq!(delivered, 6);
    let rows = outbox(&f.state.db).await;
    assert!(rows.iter().all(|(state, attempts, _)| state == "delivered" && *attempts == 1), "each once: {rows:?}");
}
