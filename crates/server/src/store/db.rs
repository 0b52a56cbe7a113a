//! The database, chosen by `MICROWORK_DATABASE_URL`: SQLite (`sqlite://PATH`, the default) or PostgreSQL
//! (`postgres://…`). Every write and read is a closure over [`Sql`], run in one transaction.
//!
//! SQLite: the database file and its one writer. A writer thread commits batches of writes ("group commit"):
//! every write waits for a durable commit (WAL, synchronous=FULL) before it is acknowledged, and concurrent
//! writes share one fsync. Reads run on short-lived read-only connections and never block the writer.
//!
//! PostgreSQL: a pool of connections ([`super::pg`]); each write is its own transaction, acknowledged after
//! COMMIT (the server's `synchronous_commit` decides durability; it is on by default). Several instances may
//! share the database.

use super::StoreError;
use super::pg;
use super::sql::Sql;
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;
use tokio::sync::{mpsc, oneshot};

/// Versioned schema migrations, applied in order on start; the version lives in SQLite's `user_version`.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../../migrations/001_contact_requests.sql")),
    M::up(include_str!("../../migrations/002_webhook_outbox.sql")),
    M::up(include_str!("../../migrations/003_canonical_request_ids.sql")),
    M::up(include_str!("../../migrations/004_desk_work.sql")).foreign_key_check(),
    M::up(include_str!("../../migrations/005_desks.sql")),
    M::up(include_str!("../../migrations/006_webhook_lease.sql")),
];

/// Writes waiting beyond this many are not merged into the running batch but wait for the next one.
const MAX_BATCH: usize = 256;

/// After a checkpoint SQLite reuses the WAL from its start; past this size the file is cut back, so old frames
/// do not linger in a large WAL (erasure and retention truncate it to nothing anyway).
const JOURNAL_SIZE_LIMIT: i64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL `{0}` is not supported: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the write was not committed")]
    WriteFailed,
    #[error("the database is shutting down")]
    Closed,
    #[error("database task failed: {0}")]
    Task(String),
}

/// Which database a `MICROWORK_DATABASE_URL` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sqlite(PathBuf),
    /// The URL as given (it holds the password: never log it).
    Postgres(String),
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Target::Postgres(url.to_string()));
        }
        path_from_url(url).map(Target::Sqlite)
    }

    /// For logs and messages: the file, or the server and database without user and password.
    pub fn describe(&self) -> String {
        match self {
            Target::Sqlite(path) => path.display().to_string(),
            Target::Postgres(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
                format!("postgres://{}", rest.split('?').next().unwrap_or(rest))
            }
        }
    }
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

/// Sends a write's outcome to whoever waits for it.
type Reply = Box<dyn FnOnce() + Send>;

/// One write: runs in the writer's transaction and says whether it succeeded, with the reply to send (after
/// the commit for a success, at once for a failure, which is rolled back).
struct Work {
    run: Box<dyn FnOnce(&Connection) -> (bool, Reply) + Send>,
    /// Erasure: once committed, checkpoint the WAL into the database file and truncate it before replying,
    /// so the erased data is in neither file when the caller hears "done".
    truncate_wal: bool,
}

pub struct Db {
    inner: Inner,
}

enum Inner {
    Sqlite(SqliteDb),
    Postgres(pg::Pool),
}

struct SqliteDb {
    path: PathBuf,
    writer: Mutex<Option<mpsc::Sender<Work>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Erasure and retention must not leave personal data in free pages of the file.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "journal_size_limit", JOURNAL_SIZE_LIMIT)?;
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
    // Migrations that rebuild a table (004) drop the old one: with foreign keys on, that would cascade into the
    // rows that point at it. Off while migrating (each such migration checks the keys at its end), then on.
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    // ON DELETE CASCADE (a request's notifications, secrets and history go with it) needs this.
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

/// One transaction for an operator command (`microwork operator`, `purge`, `export`), outside the server:
/// on SQLite its own connection (an IMMEDIATE transaction, serialised with a running server's writes; with
/// `erasing` the WAL is emptied after the commit), on PostgreSQL one connection. Migrates first. `f`'s error
/// rolls everything back.
pub fn with_transaction<R, E: From<StoreError>>(
    target: &Target,
    erasing: bool,
    f: impl FnOnce(&dyn Sql) -> Result<R, E>,
) -> Result<R, E> {
    match target {
        Target::Sqlite(path) => {
            let mut conn = open_connection(path).map_err(|e| StoreError::Pool(e.to_string()))?;
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(StoreError::from)?;
            let result = f(&*tx)?;
            tx.commit().map_err(StoreError::from)?;
            if erasing {
                // Move the deleted pages out of the WAL into the (zeroed: secure_delete) main file now and empty
                // the WAL, so what was deleted is in neither file.
                match truncate_wal(&conn) {
                    Ok(true) => {}
                    Ok(false) => eprintln!("microwork: a reader kept the WAL from being emptied; the server empties it after its next write"),
                    Err(e) => eprintln!("microwork: WAL checkpoint skipped: {e}"),
                }
            }
            Ok(result)
        }
        Target::Postgres(url) => {
            let pool = pg::connect(url, 1)?;
            pg::transaction(&pool, false, f)
        }
    }
}

/// A read-only connection to an existing database (`microwork export`, the API's reads).
pub fn open_read_only(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|source| DbError::Open { path: path.to_path_buf(), source })?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Moves every committed frame of the WAL into the database file and empties the WAL, waiting (busy timeout)
/// for readers of older snapshots. `Ok(false)` when a reader kept it from finishing.
pub fn truncate_wal(conn: &Connection) -> rusqlite::Result<bool> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// A closure run in one transaction.
pub trait Txn<R>: FnOnce(&dyn Sql) -> Result<R, StoreError> + Send + 'static {}
impl<R, F: FnOnce(&dyn Sql) -> Result<R, StoreError> + Send + 'static> Txn<R> for F {}

impl Db {
    /// Opens (creating if needed) a SQLite database, applies migrations and starts the writer.
    pub fn open(path: &Path) -> Result<Db, DbError> {
        let conn = open_connection(path)?;

        let (tx, rx) = mpsc::channel::<Work>(4 * MAX_BATCH);
        let thread = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || writer_loop(conn, rx))
            .map_err(|e| DbError::Task(e.to_string()))?;
        let db = SqliteDb { path: path.to_path_buf(), writer: Mutex::new(Some(tx)), thread: Mutex::new(Some(thread)) };
        Ok(Db { inner: Inner::Sqlite(db) })
    }

    /// Opens the database a `MICROWORK_DATABASE_URL` names, migrated to the latest schema. Blocking (call it
    /// before serving, or from a blocking thread). `pool_size`: PostgreSQL connections at most.
    pub fn connect(target: &Target, pool_size: u32) -> Result<Db, DbError> {
        match target {
            Target::Sqlite(path) => Db::open(path),
            Target::Postgres(url) => Ok(Db { inner: Inner::Postgres(pg::connect(url, pool_size)?) }),
        }
    }

    /// The SQLite file, if this is SQLite.
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Sqlite(db) => Some(&db.path),
            Inner::Postgres(_) => None,
        }
    }

    pub fn backend(&self) -> super::sql::Backend {
        match &self.inner {
            Inner::Sqlite(_) => super::sql::Backend::Sqlite,
            Inner::Postgres(_) => super::sql::Backend::Postgres,
        }
    }

    /// Runs `f` in a write transaction; resolves once it is durably committed (or with `f`'s error, rolled
    /// back).
    pub async fn write<R: Send + 'static>(&self, f: impl Txn<R>) -> Result<R, DbError> {
        self.submit(f, false).await
    }

    /// [`Db::write`] for erasure: on SQLite the WAL is also checkpointed and truncated before this resolves.
    /// (PostgreSQL's WAL and dead rows are its own to recycle: see the README's "Running at scale".)
    pub async fn write_erasing<R: Send + 'static>(&self, f: impl Txn<R>) -> Result<R, DbError> {
        self.submit(f, true).await
    }

    async fn submit<R: Send + 'static>(&self, f: impl Txn<R>, truncate_wal: bool) -> Result<R, DbError> {
        match &self.inner {
            Inner::Sqlite(db) => db.submit(f, truncate_wal).await,
            Inner::Postgres(pool) => {
                let pool = pool.clone();
                tokio::task::spawn_blocking(move || pg::transaction(&pool, false, f))
                    .await
                    .map_err(|e| DbError::Task(e.to_string()))?
                    .map_err(DbError::from)
            }
        }
    }

    /// Runs `f` in a read-only transaction (on SQLite a fresh read-only connection: WAL readers never block
    /// the writer).
    pub async fn read<R: Send + 'static>(&self, f: impl Txn<R>) -> Result<R, DbError> {
        match &self.inner {
            Inner::Sqlite(db) => {
                let path = db.path.clone();
                tokio::task::spawn_blocking(move || {
                    let conn = open_read_only(&path)?;
                    Ok(f(&conn)?)
                })
                .await
                .map_err(|e| DbError::Task(e.to_string()))?
            }
            Inner::Postgres(pool) => {
                let pool = pool.clone();
                tokio::task::spawn_blocking(move || pg::transaction(&pool, true, f))
                    .await
                    .map_err(|e| DbError::Task(e.to_string()))?
                    .map_err(DbError::from)
            }
        }
    }

    /// [`Db::write`] for commands (not on an async runtime's thread).
    pub fn write_blocking<R: Send + 'static>(&self, f: impl Txn<R>, erasing: bool) -> Result<R, DbError> {
        match &self.inner {
            Inner::Sqlite(db) => {
                let (reply, done) = std::sync::mpsc::channel::<Result<R, StoreError>>();
                db.send_blocking(f, erasing, move |r| {
                    let _ = reply.send(r);
                })?;
                Ok(done.recv().map_err(|_| DbError::WriteFailed)??)
            }
            Inner::Postgres(pool) => Ok(pg::transaction(pool, false, f)?),
        }
    }

    /// [`Db::read`] for commands (not on an async runtime's thread).
    pub fn read_blocking<R>(&self, f: impl FnOnce(&dyn Sql) -> Result<R, StoreError>) -> Result<R, DbError> {
        match &self.inner {
            Inner::Sqlite(db) => {
                let conn = open_read_only(&db.path)?;
                Ok(f(&conn)?)
            }
            Inner::Postgres(pool) => Ok(pg::transaction(pool, true, f)?),
        }
    }

    /// Stops taking writes, lets the writer finish what it has, and waits for it.
    pub fn close(&self) {
        if let Inner::Sqlite(db) = &self.inner {
            db.close();
        }
    }
}

impl SqliteDb {
    async fn submit<R: Send + 'static>(&self, f: impl Txn<R>, truncate_wal: bool) -> Result<R, DbError> {
        let (reply, done) = oneshot::channel::<Result<R, StoreError>>();
        let work = Self::work(f, truncate_wal, move |r| {
            let _ = reply.send(r);
        });
        let sender = self.writer.lock().map_err(|_| DbError::Closed)?.clone().ok_or(DbError::Closed)?;
        sender.send(work).await.map_err(|_| DbError::Closed)?;
        Ok(done.await.map_err(|_| DbError::WriteFailed)??)
    }

    fn send_blocking<R: Send + 'static>(
        &self,
        f: impl Txn<R>,
        truncate_wal: bool,
        reply: impl FnOnce(Result<R, StoreError>) + Send + 'static,
    ) -> Result<(), DbError> {
        let sender = self.writer.lock().map_err(|_| DbError::Closed)?.clone().ok_or(DbError::Closed)?;
        sender.blocking_send(Self::work(f, truncate_wal, reply)).map_err(|_| DbError::Closed)
    }

    fn work<R: Send + 'static>(
        f: impl Txn<R>,
        truncate_wal: bool,
        reply: impl FnOnce(Result<R, StoreError>) + Send + 'static,
    ) -> Work {
        let run = Box::new(move |conn: &Connection| -> (bool, Reply) {
            let result = f(conn);
            let ok = result.is_ok();
            (ok, Box::new(move || reply(result)))
        });
        Work { run, truncate_wal }
    }

    fn close(&self) {
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
    // An erasure whose truncation a long reader prevented: try again after the next batch.
    let mut truncate_owed = false;
    while let Some(first) = rx.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(work) => batch.push(work),
                Err(_) => break,
            }
        }
        let size = batch.len();
        let truncate = truncate_owed || batch.iter().any(|w| w.truncate_wal);
        match commit_batch(&mut conn, batch) {
            Ok(replies) => {
                if truncate {
                    truncate_owed = !matches!(truncate_wal(&conn), Ok(true));
                    if truncate_owed {
                        tracing::warn!("WAL truncation after erasure was blocked by a reader; retrying after the next write");
                    }
                }
                // Acknowledge only after COMMIT returned: the data is on disk.
                replies.into_iter().for_each(|reply| reply());
            }
            // Dropping the replies tells every waiting request that its write failed.
            Err(e) => tracing::error!(error = %e, size, "batch commit failed"),
        }
    }
    if let Err(e) = truncate_wal(&conn) {
        tracing::warn!(error = %e, "WAL checkpoint at shutdown failed");
    }
}

fn commit_batch(conn: &mut Connection, batch: Vec<Work>) -> rusqlite::Result<Vec<Reply>> {
    let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut done = Vec::with_capacity(batch.len());
    for work in batch {
        // Each write in its own savepoint: one failing write does not take the others down with it.
        let sp = tx.savepoint()?;
        let (ok, reply) = (work.run)(&sp);
        if ok {
            sp.commit()?;
            done.push(reply);
        } else {
            drop(sp); // rolled back
            reply();
        }
    }
    tx.commit()?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::{args, query_value};

    #[test]
    fn urls() {
        assert_eq!(path_from_url("sqlite://var/microwork.db").unwrap(), PathBuf::from("var/microwork.db"));
        assert_eq!(path_from_url("sqlite:///tmp/x.db?mode=rwc").unwrap(), PathBuf::from("/tmp/x.db"));
        assert!(path_from_url("postgres://db/x").is_err());
        assert_eq!(Target::parse("postgres://u:secret@db:5432/x?sslmode=require").unwrap().describe(), "postgres://db:5432/x");
        assert_eq!(Target::parse("sqlite://var/m.db").unwrap(), Target::Sqlite(PathBuf::from("var/m.db")));
    }

    #[tokio::test]
    async fn a_failing_write_is_rolled_back_alone_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let db = std::sync::Arc::new(Db::open(&dir.path().join("x.db")).unwrap());
        let bad = db.write(|c| {
            c.execute("CREATE TABLE t (x INTEGER)", args![])?;
            Err::<(), _>(StoreError::NoFreeReference)
        });
        let good = db.write(|c| c.execute("CREATE TABLE u (x INTEGER)", args![]));
        let (bad, good) = tokio::join!(bad, good);
        assert!(matches!(bad, Err(DbError::Store(StoreError::NoFreeReference))), "{bad:?}");
        assert!(good.is_ok());
        let tables: i64 = db
            .read(|c| query_value(c, "SELECT count(*) FROM sqlite_master WHERE name IN ('t', 'u')", args![]))
            .await
            .unwrap();
        assert_eq!(tables, 1, "the failed write's table was rolled back, the other kept");
        let mode: String = db.read(|c| query_value(c, "PRAGMA journal_mode", args![])).await.unwrap();
        assert_eq!(mode, "wal");
    }

    #[tokio::test]
    async fn an_erasing_write_leaves_an_empty_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        let db = Db::open(&path).unwrap();
        db.write(|c| c.execute("CREATE TABLE t (x TEXT)", args![])).await.unwrap();
        db.write(|c| c.execute("INSERT INTO t VALUES ('Zq7-erased')", args![])).await.unwrap();
        let wal = path.with_extension("db-wal");
        assert!(std::fs::metadata(&wal).unwrap().len() > 0);
        db.write_erasing(|c| c.execute("DELETE FROM t", args![])).await.unwrap();
        assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
        assert!(!std::fs::read(&path).unwrap().windows(10).any(|w| w == b"Zq7-erased"));
    }
}
