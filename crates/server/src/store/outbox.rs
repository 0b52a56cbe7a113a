//! The `webhook_outbox` table: one row per request and event, written in the same transaction as what it
//! tells of (a new, non-spam request in [`super::save_contact_request`]; an escalation), so the webhook hears
//! of every acknowledged change, across crashes and restarts. The delivery itself is [`crate::webhook`]'s.

use super::StoreError;
use super::requests::{self, COLUMNS};
use microwork_core::contact::{Notification, StoredRequest, WebhookState};
use rusqlite::{Connection, OptionalExtension, params};

/// The events, as the webhook's `event` field names them.
pub const CREATED: &str = Notification::CREATED;
pub const ESCALATED: &str = Notification::ESCALATED;

/// Adds the outbox row for an event of a request (called inside the transaction that made the change). An
/// event already queued for the request is not queued twice.
pub fn enqueue(conn: &Connection, contact_id: i64, event: &str, now_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO webhook_outbox (contact_id, event, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (contact_id, event) DO NOTHING",
        params![contact_id, event, now_ms],
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

/// Up to `limit` pending notifications due by `now_ms`, the longest-waiting first.
pub fn due(conn: &Connection, now_ms: i64, limit: usize) -> Result<Vec<Due>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT o.id AS outbox_id, o.event AS outbox_event, o.created_at AS outbox_created_at,
                o.attempts AS outbox_attempts, {COLUMNS}
           FROM webhook_outbox o JOIN contact_requests c ON c.id = o.contact_id
          WHERE o.state = ?1 AND o.next_attempt_at <= ?2
          ORDER BY o.next_attempt_at, o.id
          LIMIT ?3"
    ))?;
    let mut rows = stmt.query(params![WebhookState::Pending.as_str(), now_ms, limit as i64])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Due {
            outbox_id: r.get("outbox_id")?,
            event: r.get("outbox_event")?,
            escalated_at: r.get("escalated_at")?,
            created_at: r.get("outbox_created_at")?,
            attempts: r.get::<_, i64>("outbox_attempts")?.clamp(0, i64::from(u32::MAX)) as u32,
            request: requests::stored_request(r)?,
        });
    }
    Ok(out)
}

/// When the next pending notification is due (unix ms), if any.
pub fn next_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT min(next_attempt_at) FROM webhook_outbox WHERE state = ?1",
            [WebhookState::Pending.as_str()],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
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
pub fn record(conn: &Connection, outbox_id: i64, now: i64, outcome: &Outcome) -> Result<(), StoreError> {
    match outcome {
        Outcome::Delivered => conn.execute(
            "UPDATE webhook_outbox SET state = ?3, attempts = attempts + 1, last_attempt_at = ?2,
                    delivered_at = ?2, last_error = NULL WHERE id = ?1",
            params![outbox_id, now, WebhookState::Delivered.as_str()],
        ),
        Outcome::Retry { error, at } => conn.execute(
            "UPDATE webhook_outbox SET attempts = attempts + 1, last_attempt_at = ?2, next_attempt_at = ?3,
                    last_error = ?4 WHERE id = ?1",
            params![outbox_id, now, at, error],
        ),
        Outcome::GaveUp { error } => conn.execute(
            "UPDATE webhook_outbox SET state = ?3, last_error = ?2 WHERE id = ?1",
            params![outbox_id, error, WebhookState::Failed.as_str()],
        ),
    }?;
    Ok(())
}

pub fn delete_received_before(conn: &Connection, cutoff: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM webhook_outbox WHERE contact_id IN (SELECT id FROM contact_requests WHERE received_at < ?1)",
        [cutoff],
    )?)
}
