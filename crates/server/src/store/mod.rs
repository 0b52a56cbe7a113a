//! SQLite storage: [`db`] owns the file and its one writer; each table has the module that owns it
//! ([`requests`]: `contact_requests`; [`outbox`]: `webhook_outbox`). What spans both tables is here: storing a
//! new request with its notification, and erasing one with it. Nothing in `store` knows HTTP or the webhook's
//! delivery; they use it.

pub mod db;
pub mod outbox;
pub mod requests;

pub use db::{Db, DbError};

use microwork_core::contact::ValidatedContactRequest;
use requests::Stored;
use rusqlite::Connection;

/// What can go wrong inside a storage function, beyond SQLite itself.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Every reference drawn was taken (40 random bits: practically never).
    #[error("no free reference: every reference drawn is taken")]
    NoFreeReference,
    #[error("the system's random source failed: {0}")]
    Random(String),
    /// A stored value this version cannot read (a hand-edited row, or a newer version's data).
    #[error("contact_requests.{column} holds `{value}`, which this version cannot read")]
    BadValue { column: &'static str, value: String },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Stores a request and, if `notify` and it is new and not spam, its webhook outbox row: both in the caller's
/// transaction (the writer's savepoint), so neither exists without the other.
pub fn save_contact_request(
    conn: &Connection,
    req: &ValidatedContactRequest,
    received_at: &str,
    notify: bool,
    now_ms: i64,
) -> Result<Stored, StoreError> {
    let stored = requests::insert(conn, req, received_at)?;
    if let Stored::Created { id, .. } = &stored
        && notify
        && !req.is_spam()
    {
        outbox::enqueue(conn, *id, now_ms)?;
    }
    Ok(stored)
}

/// Erasure: the request and its notification. `false` if there was no such request. Run it with
/// [`Db::write_erasing`] so the WAL is emptied too.
pub fn erase(conn: &Connection, reference: &str) -> Result<bool, StoreError> {
    // Explicit as well as cascaded: erasure must not depend on a pragma being set on this connection.
    outbox::delete_for_reference(conn, reference)?;
    requests::delete(conn, reference)
}

/// Retention: every request (spam included) received before `cutoff`, with its notification; returns how
/// many requests. Run it with [`Db::write_erasing`].
pub fn purge_before(conn: &Connection, cutoff: &str) -> Result<usize, StoreError> {
    outbox::delete_received_before(conn, cutoff)?;
    requests::delete_received_before(conn, cutoff)
}
