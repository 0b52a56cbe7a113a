//! Storage on SQLite or PostgreSQL: [`db`] opens the one `MICROWORK_DATABASE_URL` names and runs transactions
//! over the [`sql::Sql`] interface both implement ([`sqlite`], [`pg`]); each table has the module that owns it
//! ([`requests`]: `contact_requests`; [`outbox`]: `webhook_outbox`; …), written once for both. What spans
//! tables is here: storing a new request with its notification, and erasing one with it. Nothing in `store`
//! knows HTTP or the webhook's delivery; they use it.

pub mod accounts;
pub mod audit;
pub mod db;
pub mod desks;
pub mod outbox;
pub mod pg;
pub mod requests;
pub mod sessions;
pub mod sql;
pub mod sqlite;

pub use db::{Db, DbError};
pub use sql::Sql;

use microwork_core::contact::ValidatedContactRequest;
use requests::Stored;
use sql::args;

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
    #[error("PostgreSQL: {}", with_causes(.0))]
    Postgres(#[from] tokio_postgres::Error),
    #[error("database connection pool: {0}")]
    Pool(String),
    /// A query expected to return a row returned none.
    #[error("the query returned no row")]
    NoRow,
    /// A column missing from a row, or holding a value of another type than expected.
    #[error("column {column}: {problem}")]
    Column { column: String, problem: String },
    /// An operator's update that the request's current state does not allow (a 400 with these codes).
    #[error("update refused: {0:?}")]
    Update(Vec<microwork_core::contact::UpdateProblem>),
    /// A storage rule refused the write (a 400/409 with this code), e.g. an e-mail already in use.
    #[error("refused: {0}")]
    Refused(&'static str),
}

/// Stores a request and, if `notify` and it is new and not spam, its webhook outbox row: both in the caller's
/// transaction (the writer's savepoint), so neither exists without the other. An accepted request (new, or an
/// identical retry) also gets the status secret whose hash is `secret_hash`.
pub fn save_contact_request(
    conn: &dyn Sql,
    req: &ValidatedContactRequest,
    received_at: &str,
    notify: bool,
    now_ms: i64,
    secret_hash: &str,
) -> Result<Stored, StoreError> {
    let stored = requests::insert(conn, req, received_at)?;
    match &stored {
        Stored::Created { id, .. } => {
            if notify && !req.is_spam() {
                outbox::enqueue(conn, *id, outbox::CREATED, now_ms)?;
            }
            requests::add_secret(conn, *id, secret_hash, received_at)?;
        }
        Stored::Replayed { id, .. } => requests::add_secret(conn, *id, secret_hash, received_at)?,
        Stored::Conflict => {}
    }
    Ok(stored)
}

/// Erasure: the request, its notifications, status secrets and history, if it is in `scope`. Returns the
/// request's desk (`Some(desk_id)`), or `None` if there was no such request. Run it with
/// [`Db::write_erasing`] so the WAL is emptied too.
pub fn erase(conn: &dyn Sql, reference: &str, scope: &requests::Scope) -> Result<Option<Option<String>>, StoreError> {
    let Some((id, desk)) = requests::locate(conn, reference, scope)? else { return Ok(None) };
    // Explicit as well as cascaded: erasure must not depend on a pragma being set on this connection.
    for table in ["webhook_outbox", "contact_request_secrets", "contact_request_events"] {
        conn.execute(&format!("DELETE FROM {table} WHERE contact_id = ?1"), args![id])?;
    }
    conn.execute("DELETE FROM contact_requests WHERE id = ?1", args![id])?;
    Ok(Some(desk))
}

/// Retention: every request (spam included) received before `cutoff`, with its notifications, secrets and
/// history; audit entries, ended sessions and spent links older than the cutoff too. Returns how many
/// requests. Run it with [`Db::write_erasing`].
pub fn purge_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    outbox::delete_received_before(conn, cutoff)?;
    for table in ["contact_request_secrets", "contact_request_events"] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE contact_id IN (SELECT id FROM contact_requests WHERE received_at < ?1)"),
            args![cutoff],
        )?;
    }
    let n = requests::delete_received_before(conn, cutoff)?;
    audit::delete_before(conn, cutoff)?;
    desks::delete_reports_before(conn, cutoff)?;
    Ok(n)
}

/// An error with its causes ("db error: FATAL: pg_hba.conf rejects …", "error performing TLS handshake: invalid
/// peer certificate: UnknownIssuer"): tokio-postgres' own text alone says only "db error".
fn with_causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}
