//! Several instances on one PostgreSQL database: two real `microwork serve` processes started together on a
//! fresh database (so their migrations race), a few thousand contact requests spread across both, every
//! retry sent to the other instance, one instance killed with SIGKILL mid-load and started again. Then:
//! every acknowledged request is stored exactly once with the reference it was given, every notification
//! reached the webhook receiver, and duplicates (only a crash may force a redelivery) are counted and
//! reported.

mod common;

use axum::extract::State;
use axum::http::StatusCode;
use common::backends;
use common::process::{self, Server, Spawn};
use microwork_server::store::Db;
use microwork_server::store::db::Target;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

const REQUESTS: usize = 3000;
const CLIENTS: usize = 16;
/// Instance 0 is killed after this many acknowledgements, and started again after this many more.
const KILL_AT: usize = 900;
const RESTART_AT: usize = 1600;

/// A receiver that takes every post and notes the reference (and event) of each.
async fn receiver() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let app = axum::Router::new()
        .route(
            "/hook",
            axum::routing::post(|State(log): State<Arc<Mutex<Vec<(String, String)>>>>, body: String| async move {
                let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                let reference = v["request"]["reference"].as_str().or(v["reference"].as_str()).unwrap_or("").to_string();
                let event = v["event"].as_str().unwrap_or("").to_string();
                log.lock().unwrap().push((reference, event));
                StatusCode::NO_CONTENT
            }),
        )
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, log)
}

fn body(id: &str, n: usize) -> String {
    let mut v = json!({
        "request_id": id,
        "name": format!("Persona {n}"),
        "email": format!("p{n}@example.it"),
        "consent_privacy": true,
    });
    // Every tenth is spam: stored, answered like any other, never notified.
    if n.is_multiple_of(10) {
        v["website"] = json!("http://spam.example");
    }
    v.to_string()
}

async fn start(url: &str, dist: &std::path::Path, hook: &str) -> Server {
    let env = [
        ("MICROWORK_RATE_LIMIT_PER_MINUTE", "0"),
        ("MICROWORK_WEBHOOK_URL", hook),
        ("MICROWORK_WEBHOOK_TIMEOUT_SECONDS", "2"),
        ("MICROWORK_DATABASE_POOL_SIZE", "8"),
    ];
    process::spawn_url(url, dist, &env, Spawn::default()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_one_killed_every_request_once_every_notification_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let dist = process::dist(dir.path());
    let url = tokio::task::spawn_blocking(backends::postgres_url).await.unwrap();
    let (hook, deliveries) = receiver().await;

    // Both start at once on an empty database: one migrates, the other waits for it (advisory lock).
    let (a, b) = tokio::join!(start(&url, &dist, &hook), start(&url, &dist, &hook));
    let bases = Arc::new(RwLock::new([Some(a.base.clone()), Some(b.base.clone())]));
    let mut servers = [Some(a), Some(b)];

    let ids: Arc<Vec<(String, String)>> = Arc::new(
        (0..REQUESTS)
            .map(|n| {
                let id = uuid::Uuid::new_v4().to_string();
                let b = body(&id, n);
                (id, b)
            })
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(AtomicUsize::new(0));
    let retries = Arc::new(AtomicUsize::new(0));
    let ledger: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (ids, next, acked, retries, ledger, bases) =
            (ids.clone(), next.clone(), acked.clone(), retries.clone(), ledger.clone(), bases.clone());
        tasks.push(tokio::spawn(async move {
            let client = process::client();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some((id, b)) = ids.get(n) else { return };
                // First to instance n % 2; each retry to the other one.
                let mut which = n % 2;
                let mut tries = 0;
                let (status, response) = loop {
                    let base = bases.read().unwrap()[which].clone();
                    if let Some(base) = base {
                        let answer = process::post_json(&client, &format!("{base}/api/v1/contact-requests"), b.clone()).await;
                        if let Some(answer) = answer {
                            break answer;
                        }
                    }
                    tries += 1;
                    retries.fetch_add(1, Ordering::Relaxed);
                    assert!(tries < 200, "no instance answered request {n}");
                    which = 1 - which;
                    if tries % 2 == 0 {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                };
                assert!(status == 201 || status == 200, "{status}: {}", String::from_utf8_lossy(&response));
                let v: Value = serde_json::from_slice(&response).unwrap();
                let reference = v["reference"].as_str().unwrap().to_string();
                assert!(ledger.lock().unwrap().insert(id.clone(), reference).is_none());
                acked.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }

    let wait_for = |target: usize| {
        let acked = acked.clone();
        async move {
            for _ in 0..12_000 {
                if acked.load(Ordering::Relaxed) >= target {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("the load stalled before {target} acknowledgements");
        }
    };
    wait_for(KILL_AT).await;
    // SIGKILL mid-load: requests in flight, notifications claimed and not yet recorded.
    let mut killed = servers[0].take().unwrap();
    bases.write().unwrap()[0] = None;
    killed.child.start_kill().unwrap();
    assert!(!killed.child.wait().await.unwrap().success());
    let acked_at_kill = acked.load(Ordering::Relaxed);
    wait_for(RESTART_AT).await;
    let restarted = start(&url, &dist, &hook).await;
    bases.write().unwrap()[0] = Some(restarted.base.clone());
    servers[0] = Some(restarted);
    for t in tasks {
        t.await.unwrap();
    }
    let ledger = ledger.lock().unwrap().clone();
    assert_eq!(ledger.len(), REQUESTS);

    // Retries of acknowledged requests, each to the other instance than the first: the same reference.
    let client = process::client();
    for (n, (id, b)) in ids.iter().enumerate().step_by(REQUESTS / 50) {
        let base = bases.read().unwrap()[1 - n % 2].clone().unwrap();
        let (status, response) = process::post_json(&client, &format!("{base}/api/v1/contact-requests"), b.clone()).await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_slice::<Value>(&response).unwrap()["reference"].as_str(), Some(ledger[id].as_str()));
    }

    // Every real request's notification arrives (the killed instance's claims run out; another sends them).
    let expected: HashSet<String> =
        ids.iter().enumerate().filter(|(n, _)| !n.is_multiple_of(10)).map(|(_, (id, _))| ledger[id].clone()).collect();
    let mut delivered_all = false;
    for _ in 0..900 {
        let got: HashSet<String> = deliveries.lock().unwrap().iter().map(|(r, _)| r.clone()).collect();
        if expected.is_subset(&got) {
            delivered_all = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = deliveries.lock().unwrap().clone();
    let distinct: HashSet<&String> = log.iter().map(|(r, _)| r).collect();
    let missing = expected.iter().filter(|r| !distinct.contains(r)).count();
    assert!(delivered_all, "{missing} of {} notifications never arrived", expected.len());
    assert!(log.iter().all(|(r, e)| expected.contains(r) && e == "contact_request.created"), "only the real requests, once created");
    let duplicates = log.len() - distinct.len();

    // The database: each request once, with the reference its sender was given; each notification delivered.
    let target = Target::parse(&url).unwrap();
    let db = tokio::task::spawn_blocking(move || Db::connect(&target, 2)).await.unwrap().unwrap();
    let outbox_states = || {
        db.read(|c| {
            c.query("SELECT state, count(*) FROM webhook_outbox GROUP BY state", &[])?.iter().map(|r| Ok((r.at(0)?, r.at(1)?))).collect()
        })
    };
    // The hook has had every notification; an instance marks one delivered just after the hook answered it.
    let all_delivered = vec![("delivered".to_string(), expected.len() as i64)];
    for _ in 0..100 {
        let states: Vec<(String, i64)> = outbox_states().await.unwrap();
        if states == all_delivered {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    for s in servers.iter_mut().flatten() {
        s.child.start_kill().unwrap();
        s.child.wait().await.unwrap();
    }
    let rows: Vec<(String, String)> = db
        .read(|c| c.query("SELECT request_id, reference FROM contact_requests", &[])?.iter().map(|r| Ok((r.at(0)?, r.at(1)?))).collect())
        .await
        .unwrap();
    assert_eq!(rows.len(), REQUESTS, "no request stored twice, none lost");
    for (id, reference) in &rows {
        assert_eq!(ledger.get(id), Some(reference), "{id}");
    }
    let states: Vec<(String, i64)> = outbox_states().await.unwrap();
    assert_eq!(states, all_delivered);
    drop(db);

    eprintln!(
        "instances: {REQUESTS} requests on 2 instances (one SIGKILLed at {acked_at_kill} acknowledged, restarted at {RESTART_AT}), \
         {} retries to the other instance; {} notifications, {duplicates} sent twice (claimed by the killed instance)",
        retries.load(Ordering::Relaxed),
        expected.len()
    );
    // Redelivery only for what the killed instance had claimed: at most two rounds of its worker.
    assert!(duplicates <= 64, "{duplicates} duplicate deliveries");
}
