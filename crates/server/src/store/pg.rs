//! [`Sql`] on PostgreSQL: tokio-postgres connections pooled by deadpool-postgres (TLS by rustls when the URL's
//! `sslmode` asks for it), prepared statements cached per connection, and the schema's migrations run once
//! under an advisory lock, so several instances may start together.
//!
//! The store's functions are synchronous (SQLite's are), so the connections live on a small runtime of their
//! own and each statement is waited for from the blocking thread that runs the transaction: the callers'
//! runtimes (the server's, a test's, none in a command) never matter.

use super::StoreError;
use super::sql::{Backend, Row, Sql, Value, locks, numbered_to_dollar};
use deadpool_postgres::{Manager, ManagerConfig, RecyclingMethod};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

/// The PostgreSQL schema, the same tables and columns as SQLite's (`migrations/*.sql`), in its dialect. The
/// version of each is the SQLite migration it brings the schema level with.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (4, include_str!("../../migrations/postgres/004_schema.sql")),
    (5, include_str!("../../migrations/postgres/005_desks.sql")),
    (6, include_str!("../../migrations/postgres/006_webhook_lease.sql")),
];

/// Connections in the pool by default (MICROWORK_DATABASE_POOL_SIZE).
pub const DEFAULT_POOL_SIZE: u32 = 16;

/// The pool and the runtime its connections run on.
#[derive(Clone)]
pub struct Pool {
    pool: deadpool_postgres::Pool,
    runtime: Arc<DbRuntime>,
}

/// Shut down in the background when the last pool goes, so dropping a pool never blocks (nor panics inside
/// an async context).
struct DbRuntime(Option<tokio::runtime::Runtime>);

impl DbRuntime {
    fn handle(&self) -> &tokio::runtime::Handle {
        self.0.as_ref().map(tokio::runtime::Runtime::handle).expect("the runtime lives as long as the pool")
    }
}

impl Drop for DbRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl Pool {
    fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.handle().block_on(f)
    }
}

/// A URL with libpq's TLS settings that tokio-postgres does not read itself, taken out: `sslrootcert=FILE` (the
/// private CA, like `MICROWORK_DATABASE_CA_FILE`) and `sslmode=verify-ca|verify-full`, which become `require`:
/// rustls always checks the certificate chain and the host name, so every TLS connection here is `verify-full`.
#[derive(Debug, PartialEq, Eq)]
struct TlsUrl {
    url: String,
    root_cert: Option<std::path::PathBuf>,
}

fn tls_url(url: &str) -> TlsUrl {
    let Some((base, query)) = url.split_once('?') else { return TlsUrl { url: url.to_string(), root_cert: None } };
    let mut root_cert = None;
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (key, value) {
            ("sslrootcert", file) => {
                root_cert = Some(std::path::PathBuf::from(percent_encoding::percent_decode_str(file).decode_utf8_lossy().into_owned()));
            }
            ("sslmode", "verify-ca" | "verify-full") => kept.push("sslmode=require".to_string()),
            _ => kept.push(pair.to_string()),
        }
    }
    let url = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    TlsUrl { url, root_cert }
}

fn add_pem_roots(roots: &mut rustls::RootCertStore, file: &std::path::Path, setting: &str) -> Result<(), StoreError> {
    let pem = std::fs::read(file).map_err(|e| StoreError::Pool(format!("{setting} {}: {e}", file.display())))?;
    let mut found = 0;
    for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
        let cert = cert.map_err(|e| StoreError::Pool(format!("{setting} {}: {e}", file.display())))?;
        roots.add(cert).map_err(|e| StoreError::Pool(format!("{setting} {}: {e}", file.display())))?;
        found += 1;
    }
    if found == 0 {
        return Err(StoreError::Pool(format!("{setting} {}: no PEM certificate in the file", file.display())));
    }
    Ok(())
}

fn tls(root_cert: Option<&std::path::Path>) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    // A private CA (a self-hosted server's own certificate authority), in PEM.
    if let Some(file) = std::env::var_os("MICROWORK_DATABASE_CA_FILE") {
        add_pem_roots(&mut roots, std::path::Path::new(&file), "MICROWORK_DATABASE_CA_FILE")?;
    }
    if let Some(file) = root_cert {
        add_pem_roots(&mut roots, file, "sslrootcert")?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Pool(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Opens the pool (`postgres://user:password@host:port/db?sslmode=verify-full&sslrootcert=/etc/ca.pem`) and
/// migrates the schema. Blocking: call it from a thread that is not running async code.
pub fn connect(url: &str, pool_size: u32) -> Result<Pool, StoreError> {
    let TlsUrl { url, root_cert } = tls_url(url);
    let mut config = tokio_postgres::Config::from_str(&url).map_err(|e| StoreError::Pool(format!("database URL: {e}")))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(10));
    }
    config.application_name("microwork");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("postgres")
        .enable_all()
        .build()
        .map_err(|e| StoreError::Pool(e.to_string()))?;
    let manager = Manager::from_config(config, tls(root_cert.as_deref())?, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    let pool = {
        let _guard = runtime.enter();
        deadpool_postgres::Pool::builder(manager)
            .max_size(pool_size.max(1) as usize)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(10)))
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?
    };
    let pool = Pool { pool, runtime: Arc::new(DbRuntime(Some(runtime))) };
    pool.block_on(migrate(&pool.pool))?;
    Ok(pool)
}

fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => StoreError::Postgres(e),
        e => StoreError::Pool(e.to_string()),
    }
}

/// Applies the migrations this database lacks, in one transaction that holds an advisory lock: instances
/// that start together wait for the first, then find nothing left to do. (A small runner of our own: the
/// SQLite side's crate cannot drive PostgreSQL, and the lock is the point.)
async fn migrate(pool: &deadpool_postgres::Pool) -> Result<(), StoreError> {
    let mut client = pool.get().await.map_err(pool_error)?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&locks::MIGRATIONS]).await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .await?;
    let current: Option<i64> = tx.query_one("SELECT max(version) FROM schema_migrations", &[]).await?.get(0);
    for (version, sql) in MIGRATIONS {
        if current.is_some_and(|c| c >= *version) {
            continue;
        }
        tx.batch_execute(sql).await?;
        tx.execute("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", &[version, &crate::clock::now_rfc3339()])
            .await?;
        tracing::info!(version, "PostgreSQL schema migrated");
    }
    tx.commit().await?;
    Ok(())
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => Err(format!("an integer cannot be a {ty}").into()),
            },
            Value::Text(s) => {
                if <&str as ToSql>::accepts(ty) {
                    s.as_str().to_sql(ty, out)
                } else {
                    Err(format!("text cannot be a {ty}").into())
                }
            }
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn value(row: &tokio_postgres::Row, i: usize) -> Result<Value, StoreError> {
    let column = &row.columns()[i];
    let v = match *column.type_() {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
        Type::VOID => None,
        ref other => {
            return Err(StoreError::Column { column: column.name().into(), problem: format!("type {other} is not kept") });
        }
    };
    Ok(v.unwrap_or(Value::Null))
}

/// One transaction on a pooled connection.
pub struct PgTx<'a> {
    tx: deadpool_postgres::Transaction<'a>,
    pool: &'a Pool,
}

fn params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl PgTx<'_> {
    fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, StoreError> {
        Ok(self.pool.block_on(self.tx.prepare_cached(&numbered_to_dollar(sql)))?)
    }
}

impl Sql for PgTx<'_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn execute(&self, sql: &str, args: &[Value]) -> Result<usize, StoreError> {
        let stmt = self.statement(sql)?;
        let n = self.pool.block_on(self.tx.execute(&stmt, &params(args)))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let names: Arc<[String]> = stmt.columns().iter().map(|c| c.name().to_string()).collect::<Vec<_>>().into();
        let rows = self.pool.block_on(self.tx.query(&stmt, &params(args)))?;
        rows.iter()
            .map(|r| Ok(Row::new(names.clone(), (0..names.len()).map(|i| value(r, i)).collect::<Result<_, _>>()?)))
            .collect()
    }

    fn try_lock(&self, key: i64) -> Result<bool, StoreError> {
        let row = self.pool.block_on(self.tx.query_one("SELECT pg_try_advisory_xact_lock($1)", &[&key]))?;
        Ok(row.try_get(0)?)
    }
}

/// Runs `f` in a transaction on a connection from `pool` (read-only if `read_only`), committing if it
/// succeeds (an error rolls it back). Blocking: call it from a blocking thread, never from async code.
pub fn transaction<R, E: From<StoreError>>(
    pool: &Pool,
    read_only: bool,
    f: impl FnOnce(&dyn Sql) -> Result<R, E>,
) -> Result<R, E> {
    let mut client = pool.block_on(pool.pool.get()).map_err(pool_error)?;
    let tx = pool.block_on(client.build_transaction().read_only(read_only).start()).map_err(StoreError::from)?;
    let pg = PgTx { tx, pool };
    let result = f(&pg)?;
    pool.block_on(pg.tx.commit()).map_err(StoreError::from)?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::{TlsUrl, tls_url};
    use std::path::PathBuf;

    #[test]
    fn libpq_tls_settings_are_taken_out_of_the_url() {
        let plain = "postgres://app@db.example/microwork";
        assert_eq!(tls_url(plain), TlsUrl { url: plain.into(), root_cert: None });
        assert_eq!(
            tls_url("postgres://app:s%40cret@db.example:5432/microwork?sslmode=verify-full&sslrootcert=/etc/micro%20work/ca.pem&connect_timeout=5"),
            TlsUrl {
                url: "postgres://app:s%40cret@db.example:5432/microwork?sslmode=require&connect_timeout=5".into(),
                root_cert: Some(PathBuf::from("/etc/micro work/ca.pem")),
            }
        );
        assert_eq!(tls_url("postgres://h/d?sslmode=verify-ca").url, "postgres://h/d?sslmode=require");
        assert_eq!(tls_url("postgres://h/d?sslrootcert=ca.pem").url, "postgres://h/d");
        // What tokio-postgres reads itself passes through unchanged.
        assert_eq!(tls_url("postgres://h/d?sslmode=disable").url, "postgres://h/d?sslmode=disable");
    }
}
