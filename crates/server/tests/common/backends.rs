//! Both storage backends for tests: a SQLite file in a temporary directory, or a fresh database on the one
//! throwaway PostgreSQL cluster this test binary starts (see `microwork_server::pg_cluster`). If PostgreSQL
//! cannot start, the PostgreSQL tests fail and say why: they never skip silently.

use microwork_server::pg_cluster::{Cluster, Durability};
use microwork_server::store::Db;
use microwork_server::store::db::Target;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A database for one test, and what keeps it alive.
pub struct TestDb {
    pub db: Arc<Db>,
    pub kind: Kind,
    /// `MICROWORK_DATABASE_URL` of this database.
    pub url: String,
    pub dir: tempfile::TempDir,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// The test binary's cluster (started on first use; stopped when the binary exits).
pub fn cluster() -> &'static Cluster {
    match CLUSTER.get_or_init(|| Cluster::start(Durability::Fast).map_err(|e| e.to_string())) {
        Ok(c) => c,
        Err(e) => panic!("{e}\n(the PostgreSQL tests need Debian's `postgresql`: run scripts/setup.sh --test)"),
    }
}

/// A fresh, empty database's URL on the test cluster.
pub fn postgres_url() -> String {
    cluster().create_database("mwtest").unwrap_or_else(|e| panic!("{e}"))
}

/// Opens a database for a test. Blocking work (starting PostgreSQL, connecting) runs off the async thread.
pub async fn open(kind: Kind) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = match kind {
        Kind::Sqlite => format!("sqlite://{}", dir.path().join("var/test.db").display()),
        Kind::Postgres => tokio::task::spawn_blocking(postgres_url).await.unwrap(),
    };
    let target = Target::parse(&url).unwrap();
    let db = tokio::task::spawn_blocking(move || Db::connect(&target, 4)).await.unwrap().unwrap_or_else(|e| panic!("opening {url}: {e}"));
    TestDb { db: Arc::new(db), kind, url, dir }
}
