//! Durability: the real server under concurrent load is killed with SIGKILL mid-load, several times, and
//! restarted on the same database. Every request that got a 201 or 200 must be there exactly once, with the
//! reference it was given; requests that got no answer can be sent again and are then stored once too.

mod common;

use common::process::{self, Server};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CLIENTS: usize = 24;
const ROUNDS: usize = 3;
/// Each round is killed once this many requests were acknowledged (or after `ROUND_TIME`).
const ACKED_BEFORE_KILL: [usize; ROUNDS] = [150, 40, 300];
const ROUND_TIME: Duration = Duration::from_secs(8);

#[derive(Default)]
struct Ledger {
    /// request_id → the reference the server acknowledged.
    acked: HashMap<String, String>,
    /// Bodies sent that got no answer: the server may or may not have stored them.
    unanswered: HashMap<String, String>,
    bodies: HashMap<String, String>,
}

fn body(id: &str, n: usize) -> String {
    // Every tenth is spam (answered like a success, stored, never notified); some give a phone.
    let mut v = json!({
        "request_id": id,
        "name": format!("Persona {n}"),
        "email": format!("p{n}@example.it"),
        "consent_privacy": true,
        "message": "Vorrei informazioni sul microcredito",
    });
    if n.is_multiple_of(3) {
        v["phone"] = json!("333 123 4567");
    }
    if n.is_multiple_of(10) {
        v["website"] = json!("http://spam.example");
    }
    v.to_string()
}

fn record(ledger: &Mutex<Ledger>, id: &str, body: &str, answer: Option<(u16, Vec<u8>)>) -> bool {
    let mut l = ledger.lock().unwrap();
    l.bodies.insert(id.to_string(), body.to_string());
    match answer {
        Some((200 | 201, response)) => {
            let v: Value = serde_json::from_slice(&response).unwrap();
            let reference = v["reference"].as_str().unwrap().to_string();
            if let Some(previous) = l.acked.insert(id.to_string(), reference.clone()) {
                assert_eq!(previous, reference, "a replay got another reference");
            }
            l.unanswered.remove(id);
            true
        }
        Some((status, response)) => panic!("unexpected {status}: {}", String::from_utf8_lossy(&response)),
        None => {
            if !l.acked.contains_key(id) {
                l.unanswered.insert(id.to_string(), body.to_string());
            }
            false
        }
    }
}

async fn load_until_killed(server: &mut Server, ledger: Arc<Mutex<Ledger>>, round: usize, next: Arc<AtomicUsize>) {
    let url = format!("{}/api/v1/contact-requests", server.base);
    let stop = Arc::new(AtomicBool::new(false));
    let acked_this_round = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for client_no in 0..CLIENTS {
        let (url, ledger, stop, acked, next) = (url.clone(), ledger.clone(), stop.clone(), acked_this_round.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let client = process::client();
            let mut i = 0usize;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                // Now and then a client retries one that was acknowledged in an earlier life of the server.
                let replay = (round > 0 && i % 7 == client_no % 7)
                    .then(|| {
                        let l = ledger.lock().unwrap();
                        l.acked.keys().nth(i % l.acked.len().max(1)).map(|id| (id.clone(), l.bodies[id].clone()))
                    })
                    .flatten();
                let (id, b) = replay.unwrap_or_else(|| {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let id = uuid::Uuid::new_v4().to_string();
                    let b = body(&id, n);
                    (id, b)
                });
                let answer = process::post_json(&client, &url, b.clone()).await;
                let answered = answer.is_some();
                if record(&ledger, &id, &b, answer) {
                    acked.fetch_add(1, Ordering::Relaxed);
                }
                if !answered {
                    break; // the server is gone
                }
            }
        }));
    }
    let deadline = tokio::time::Instant::now() + ROUND_TIME;
    while acked_this_round.load(Ordering::Relaxed) < ACKED_BEFORE_KILL[round] && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL: no graceful shutdown, no final checkpoint, requests in flight.
    server.child.start_kill().unwrap();
    let status = server.child.wait().await.unwrap();
    assert!(!status.success(), "killed, not exited: {status:?}");
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_request_survives_sigkill_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let dist = process::dist(dir.path());
    let db = dir.path().join("var/crash.db");
    // Notifications on (to a closed loopback port): each stored request must also have its outbox row.
    let env = [("MICROWORK_RATE_LIMIT_PER_MINUTE", "0"), ("MICROWORK_WEBHOOK_URL", "http://127.0.0.1:9/hook")];
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let next = Arc::new(AtomicUsize::new(1));

    for round in 0..ROUNDS {
        let mut server = process::start(&db, &dist, &env).await;
        load_until_killed(&mut server, ledger.clone(), round, next.clone()).await;
    }

    // After the last crash: a client's outbox sends what got no answer; each is stored once (201) or was
    // already stored before the crash (200). Acknowledged ones sent again get 200 and the same reference.
    let mut server = process::start(&db, &dist, &env).await;
    let url = format!("{}/api/v1/contact-requests", server.base);
    let client = process::client();
    type Sent = (String, String);
    let (unanswered, some_acked): (Vec<Sent>, Vec<(String, String, String)>) = {
        let l = ledger.lock().unwrap();
        let some = l.acked.iter().take(50).map(|(id, r)| (id.clone(), r.clone(), l.bodies[id].clone())).collect();
        (l.unanswered.iter().map(|(a, b)| (a.clone(), b.clone())).collect(), some)
    };
    for (id, b) in &unanswered {
        let answer = process::post_json(&client, &url, b.clone()).await;
        assert!(matches!(answer, Some((200 | 201, _))), "{answer:?}");
        record(&ledger, id, b, answer);
    }
    for (id, reference, b) in some_acked {
        let (status, response) = process::post_json(&client, &url, b).await.unwrap();
        assert_eq!(status, 200, "{id}");
        assert_eq!(serde_json::from_slice::<Value>(&response).unwrap()["reference"], reference.as_str());
    }
    server.child.start_kill().unwrap();
    server.child.wait().await.unwrap();

    let ledger = ledger.lock().unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    let mut stored: HashMap<String, (String, i64)> = HashMap::new();
    let mut stmt = conn.prepare("SELECT request_id, reference, id FROM contact_requests").unwrap();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?))).unwrap() {
        let (id, reference, rowid) = row.unwrap();
        assert!(stored.insert(id.clone(), (reference, rowid)).is_none(), "{id} stored twice");
    }
    assert!(ledger.acked.len() >= ACKED_BEFORE_KILL.iter().sum::<usize>() / 2, "the load ran: {}", ledger.acked.len());
    for (id, reference) in &ledger.acked {
        let (stored_reference, _) = stored.get(id).unwrap_or_else(|| panic!("acknowledged {id} was lost"));
        assert_eq!(stored_reference, reference, "{id}");
    }
    assert_eq!(stored.len(), ledger.acked.len(), "every stored request was acknowledged at last, none twice");

    let (rows, outbox, spam): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM contact_requests),
                    (SELECT count(*) FROM webhook_outbox),
                    (SELECT count(*) FROM contact_requests WHERE status = 'spam')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(outbox, rows - spam, "each real request has its notification row, written in the same transaction");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM webhook_outbox WHERE contact_id NOT IN (SELECT id FROM contact_requests)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orphans, 0);
    eprintln!(
        "crash test: {} acknowledged over {ROUNDS} SIGKILLs, {} sent again after the last one",
        ledger.acked.len(),
        unanswered.len()
    );
}
