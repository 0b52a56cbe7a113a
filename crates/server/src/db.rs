//! SQLite storage. One writer thread commits batches of writes ("group commit"): every write waits for a
//! durable commit (WAL, synchronous=FULL) before it is acknowledged, and concurrent writes share one fsync.

use microwork_core::contact::{Receipt, Reference, ValidatedContactRequest};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;
use tokio::sync::{mpsc, oneshot};

/// Versioned schema migrations, applied in order on start; the version lives in SQLite's `user_version`.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/001_contact_requests.sql")),
    M::up(include_str!("../migrations/002_webhook_outbox.sql")),
];

/// Writes waiting beyond this many are not merged into the running batch but wait for the next one.
const MAX_BATCH: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL `{0}` is not supported: use sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the write was not committed")]
    WriteFailed,
    #[error("the database is shutting down")]
    Closed,
    #[error("database task failed: {0}")]
    Task(String),
}

/// `sqlite://var/microwork.db`, `sqlite:var/microwork.db` or a plain path.
pub fn path_from_url(url: &str) -> Result<PathBuf, DbError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if rest.is_empty() || rest.contains("://") {
        return Err(DbError::UnsupportedUrl(url.to_string()));
    }
    // Query options such as ?mode=rwc are for other drivers; we always create the file.
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

type Committed = Box<dyn FnOnce() + Send>;
type Work = Box<dyn FnOnce(&Connection) -> rusqlite::Result<Committed> + Send>;

pub struct Db {
    path: PathBuf,
    writer: Mutex<Option<mpsc::Sender<Work>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // ON DELETE CASCADE (a request's webhook row goes with it) needs this on every connection.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Erasure and retention must not leave personal data in free pages of the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

/// A read-write connection in WAL mode with durable commits (synchronous=FULL), migrated to the latest
/// schema: what the writer thread uses, and what operator commands (`microwork purge`) use directly.
pub fn open_connection(path: &Path) -> Result<Connection, DbError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir { path: dir.to_path_buf(), source })?;
    }
    let mut conn = Connection::open(path).map_err(|source| DbError::Open { path: path.to_path_buf(), source })?;
    configure(&conn)?;
    // WAL lets operators read while requests are written; FULL makes each commit survive power loss.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "SQLite did not switch to WAL mode");
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

/// A read-only connection to an existing database (`microwork export`, the API's reads).
pub fn open_read_only(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|source| DbError::Open { path: path.to_path_buf(), source })?;
    configure_reader(&conn)?;
    Ok(conn)
}

fn configure_reader(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

impl Db {
    /// Opens (creating if needed) the database, applies migrations and starts the writer.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let conn = open_connection(path)?;

        let (tx, rx) = mpsc::channel::<Work>(4 * MAX_BATCH);
        let thread = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || writer_loop(conn, rx))
            .map_err(|e| DbError::Task(e.to_string()))?;
        Ok(Db { path: path.to_path_buf(), writer: Mutex::new(Some(tx)), thread: Mutex::new(Some(thread)) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in the writer's transaction; resolves once it is durably committed.
    pub async fn write<R, F>(&self, f: F) -> Result<R, DbError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let (reply, done) = oneshot::channel();
        let work: Work = Box::new(move |conn| {
            let value = f(conn)?;
            Ok(Box::new(move || {
                let _ = reply.send(value);
            }))
        });
        let sender = self.writer.lock().map_err(|_| DbError::Closed)?.clone().ok_or(DbError::Closed)?;
        sender.send(work).await.map_err(|_| DbError::Closed)?;
        done.await.map_err(|_| DbError::WriteFailed)
    }

    /// Runs `f` on a fresh read-only connection (WAL readers never block the writer).
    pub async fn read<R, F>(&self, f: F) -> Result<R, DbError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || {
            let conn = open_read_only(&path)?;
            Ok(f(&conn)?)
        })
        .await
        .map_err(|e| DbError::Task(e.to_string()))?
    }

    /// Stops taking writes, lets the writer finish what it has, and waits for it.
    pub fn close(&self) {
        if let Ok(mut w) = self.writer.lock() {
            w.take();
        }
        if let Some(handle) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = handle.join();
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.close();
    }
}

fn writer_loop(mut conn: Connection, mut rx: mpsc::Receiver<Work>) {
    while let Some(first) = rx.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(work) => batch.push(work),
                Err(_) => break,
            }
        }
        let size = batch.len();
        match commit_batch(&mut conn, batch) {
            // Acknowledge only after COMMIT returned: the data is on disk.
            Ok(done) => done.into_iter().for_each(|ack| ack()),
            // Dropping the acknowledgements tells every waiting request that its write failed.
            Err(e) => tracing::error!(error = %e, size, "batch commit failed"),
        }
    }
    if let Err(e) = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
        tracing::warn!(error = %e, "WAL checkpoint at shutdown failed");
    }
}

fn commit_batch(conn: &mut Connection, batch: Vec<Work>) -> rusqlite::Result<Vec<Committed>> {
    let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut done = Vec::with_capacity(batch.len());
    for work in batch {
        // Each write in its own savepoint: one failing write does not take the others down with it.
        let sp = tx.savepoint()?;
        match work(&sp) {
            Ok(ack) => {
                sp.commit()?;
                done.push(ack);
            }
            Err(e) => tracing::error!(error = %e, "write failed and was rolled back"),
        }
    }
    tx.commit()?;
    Ok(done)
}

/// What happened to a contact request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// New: stored now (`id` is the row's key, for rows that go with it such as the webhook outbox).
    Created { id: i64, receipt: Receipt },
    /// The same request_id with the same content was stored before: nothing new was written.
    Replayed(Receipt),
    /// The same request_id was stored with different content.
    Conflict,
}

pub fn body_hash(req: &ValidatedContactRequest) -> String {
    let digest = Sha256::digest(req.canonical_json().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores a request and, if `notify` and it is new and not spam, its webhook outbox row: both in the caller's
/// transaction (the writer's savepoint), so neither exists without the other.
pub fn store_contact_request(
    conn: &Connection,
    req: &ValidatedContactRequest,
    received_at: &str,
    notify: bool,
    now_ms: i64,
) -> rusqlite::Result<Stored> {
    let stored = insert_contact(conn, req, received_at)?;
    if let Stored::Created { id, .. } = &stored
        && notify
        && !req.is_spam()
    {
        crate::webhook::enqueue(conn, *id, now_ms)?;
    }
    Ok(stored)
}

/// Stores a request unless its request_id is already there (see [`Stored`]).
pub fn insert_contact(conn: &Connection, req: &ValidatedContactRequest, received_at: &str) -> rusqlite::Result<Stored> {
    let hash = body_hash(req);
    if let Some((reference, stored_hash, at)) = conn
        .query_row(
            "SELECT reference, body_hash, received_at FROM contact_requests WHERE request_id = ?1",
            [req.request_id()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)),
        )
        .optional()?
    {
        if stored_hash != hash {
            return Ok(Stored::Conflict);
        }
        let reference = Reference::parse(&reference).map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?;
        return Ok(Stored::Replayed(Receipt { reference, received_at: at }));
    }
    let assessment = req.assessment().map(|v| v.to_string());
    let status = if req.is_spam() { "spam" } else { "new" };
    // A reference is 40 random bits; on the rare clash, draw again.
    for _ in 0..8 {
        let reference = Reference::from_random(getrandom::u64().map_err(|e| {
            rusqlite::Error::ToSqlConversionFailure(Box::new(std::io::Error::other(e.to_string())))
        })?);
        let inserted = conn.execute(
            "INSERT INTO contact_requests (request_id, reference, body_hash, received_at, desk_id, name, email, phone,
                 comune_istat, channel, time_window, message, consent_privacy, consent_share_assessment, assessment,
                 partner, lang, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (reference) DO NOTHING",
            params![
                req.request_id(),
                reference.as_str(),
                hash,
                received_at,
                req.desk_id(),
                req.name(),
                req.email(),
                req.phone(),
                req.comune_istat(),
                req.channel().as_str(),
                req.time_window().as_str(),
                req.message(),
                req.consent_share_assessment(),
                assessment,
                req.partner(),
                req.lang().code(),
                status,
            ],
        )?;
        if inserted == 1 {
            let receipt = Receipt { reference, received_at: received_at.to_string() };
            return Ok(Stored::Created { id: conn.last_insert_rowid(), receipt });
        }
    }
    Err(rusqlite::Error::ToSqlConversionFailure(Box::new(std::io::Error::other("no free reference"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use microwork_core::contact::ContactForm;

    fn request(id: &str, name: &str) -> ValidatedContactRequest {
        ContactForm {
            request_id: id.into(),
            name: name.into(),
            email: Some("a@example.it".into()),
            consent_privacy: true,
            ..ContactForm::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn urls() {
        assert_eq!(path_from_url("sqlite://var/microwork.db").unwrap(), PathBuf::from("var/microwork.db"));
        assert_eq!(path_from_url("sqlite:///tmp/x.db?mode=rwc").unwrap(), PathBuf::from("/tmp/x.db"));
        assert!(path_from_url("postgres://db/x").is_err());
    }

    #[tokio::test]
    async fn stores_once_and_replays() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("sub/x.db")).unwrap();
        let id = "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10";
        let r = request(id, "Maria");
        let first = db.write({ let r = r.clone(); move |c| insert_contact(c, &r, "2026-11-26T10:00:00Z") }).await.unwrap();
        let Stored::Created { receipt, .. } = first.clone() else { panic!("{first:?}") };
        let again = db.write({ let r = r.clone(); move |c| insert_contact(c, &r, "2026-11-26T10:01:00Z") }).await.unwrap();
        assert_eq!(again, Stored::Replayed(receipt.clone()));
        assert_eq!(receipt.received_at, "2026-11-26T10:00:00Z");
        let other = request(id, "Marta");
        assert_eq!(db.write(move |c| insert_contact(c, &other, "x")).await.unwrap(), Stored::Conflict);
        let n: i64 = db.read(|c| c.query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0))).await.unwrap();
        assert_eq!(n, 1);
        let mode: String = db.read(|c| c.query_row("PRAGMA journal_mode", [], |r| r.get(0))).await.unwrap();
        assert_eq!(mode, "wal");
    }

    #[tokio::test]
    async fn a_failing_write_does_not_sink_its_batch() {
        let dir = tempfile::tempdir().unwrap();
        let db = std::sync::Arc::new(Db::open(&dir.path().join("x.db")).unwrap());
        let bad = db.write(|c| c.execute("INSERT INTO nowhere VALUES (1)", []));
        let good = db.write({
            let r = request("1b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "Ok");
            move |c| insert_contact(c, &r, "t")
        });
        let (bad, good) = tokio::join!(bad, good);
        assert!(matches!(bad, Err(DbError::WriteFailed)));
        assert!(matches!(good, Ok(Stored::Created { .. })));
    }
}
