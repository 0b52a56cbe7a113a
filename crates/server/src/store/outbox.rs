//! The `webhook_outbox` table: one row per request and event, written in the same transaction as what it
//! tells of (a new, non-spam request in [`super::save_contact_request`]; an escalation), so the webhook hears
//! of every acknowledged change, across crashes and restarts. The delivery itself is [`crate::webhook`]'s.

use super::StoreError;
use super::requests::{self, COLUMNS};
use microwork_core::contact::{Notification, StoredRequest, WebhookState};
use super::sql::{Backend, Sql, args};

/// The events, as the webhook's `event` field names them.
pub const CREATED: &str = Notification::CREATED;
pub const ESCALATED: &str = Notification::ESCALATED;

/// Adds the outbox row for an event of a request (called inside the transaction that made the change). An
/// event already queued for the request is not queued twice.
pub fn enqueue(conn: &dyn Sql, contact_id: i64, event: &str, now_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO webhook_outbox (contact_id, event, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (contact_id, event) DO NOTHING",
        args![contact_id, event, now_ms],
    )?;
    Ok(())
}

/// A notification whose turn has come.
#[derive(Debug, Clone)]
pub struct Due {
    pub outbox_id: i64,
    /// [`CREATED`] or [`ESCALATED`].
    pub event: String,
    pub escalated_at: Option<String>,
    /// Unix milliseconds.
    pub created_at: i64,
    pub attempts: u32,
    pub request: StoredRequest,
}

/// Claims up to `limit` pending notifications due by `now_ms`, the longest-waiting first, until `lease_until`
/// (unix ms): no other worker (on any instance) takes them before then. PostgreSQL skips rows another
/// instance is claiming at the same moment (`FOR UPDATE SKIP LOCKED`); on SQLite the one writer serialises
/// claims. A worker that dies leaves its claim to run out; then another sends the row again (at least once).
pub fn claim(conn: &dyn Sql, now_ms: i64, limit: usize, lease_until: i64) -> Result<Vec<Due>, StoreError> {
    let lock = match conn.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let claimed = conn.query(
        &format!(
            "UPDATE webhook_outbox SET lease_until = ?3 WHERE id IN
                (SELECT id FROM webhook_outbox
                  WHERE state = 'pending' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
                  ORDER BY next_attempt_at, id LIMIT ?2{lock})
             RETURNING id"
        ),
        args![now_ms, limit, lease_until],
    )?;
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = Vec::with_capacity(claimed.len());
    for row in &claimed {
        ids.push(super::sql::Value::Int(row.at::<i64>(0)?));
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("?{i}")).collect();
    let rows = conn.query(
        &format!(
            "SELECT o.id AS outbox_id, o.event AS outbox_event, o.created_at AS outbox_created_at,
                    o.attempts AS outbox_attempts, {COLUMNS}
               FROM webhook_outbox o JOIN contact_requests c ON c.id = o.contact_id
              WHERE o.id IN ({})
              ORDER BY o.next_attempt_at, o.id",
            marks.join(", ")
        ),
        &ids,
    )?;
    rows.iter()
        .map(|r| {
            Ok(Due {
                outbox_id: r.get("outbox_id")?,
                event: r.get("outbox_event")?,
                escalated_at: r.get("escalated_at")?,
                created_at: r.get("outbox_created_at")?,
                attempts: r.get::<i64>("outbox_attempts")?.clamp(0, i64::from(u32::MAX)) as u32,
                request: requests::stored_request(r)?,
            })
        })
        .collect()
}

/// Frees every claim: for the one process that owns a SQLite file, at start, so what a crash left claimed is
/// sent at once. (On a shared PostgreSQL database another instance's claims are alive: they run out instead.)
pub fn release_claims(conn: &dyn Sql) -> Result<usize, StoreError> {
    conn.execute("UPDATE webhook_outbox SET lease_until = NULL WHERE lease_until IS NOT NULL", args![])
}

/// When the next pending notification is due (unix ms), if any: its next attempt, or the end of its claim
/// if a worker holds it.
pub fn next_due(conn: &dyn Sql) -> Result<Option<i64>, StoreError> {
    super::sql::query_value(
        conn,
        "SELECT min(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)
           FROM webhook_outbox WHERE state = ?1",
        args![WebhookState::Pending.as_str()],
    )
}

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Failed; try again at `at` (unix ms).
    Retry { error: String, at: i64 },
    /// Too old: no more attempts.
    GaveUp { error: String },
}

/// Records an attempt made at `now` (unix ms).
pub fn record(conn: &dyn Sql, outbox_id: i64, now: i64, outcome: &Outcome) -> Result<(), StoreError> {
    match outcome {
        Outcome::Delivered => conn.execute(
            "UPDATE webhook_outbox SET state = ?3, attempts = attempts + 1, last_attempt_at = ?2,
                    delivered_at = ?2, last_error = NULL, lease_until = NULL WHERE id = ?1",
            args![outbox_id, now, WebhookState::Delivered.as_str()],
        ),
        Outcome::Retry { error, at } => conn.execute(
            "UPDATE webhook_outbox SET attempts = attempts + 1, last_attempt_at = ?2, next_attempt_at = ?3,
                    last_error = ?4, lease_until = NULL WHERE id = ?1",
            args![outbox_id, now, *at, error.as_str()],
        ),
        Outcome::GaveUp { error } => conn.execute(
            "UPDATE webhook_outbox SET state = ?3, last_error = ?2, lease_until = NULL WHERE id = ?1",
            args![outbox_id, error.as_str(), WebhookState::Failed.as_str()],
        ),
    }?;
    Ok(())
}

pub fn delete_received_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM webhook_outbox WHERE contact_id IN (SELECT id FROM contact_requests WHERE received_at < ?1)",
        args![cutoff],
    )?)
}
