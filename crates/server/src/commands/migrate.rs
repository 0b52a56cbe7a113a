//! `microwork migrate-to-postgres --from sqlite://… --to postgres://…`: copies a SQLite database into
//! PostgreSQL (schema created by the server's migrations), table by table in batches, each batch its own
//! transaction. Rows already in PostgreSQL are skipped (`ON CONFLICT DO NOTHING`), so a copy that stopped
//! half-way is finished by running the same command again. Then it checks: per table, the row count and a
//! checksum of every row's values on both sides, printed, and a non-zero exit if anything differs.
//!
//! Stop the server that writes the SQLite file first (or copy a backup of it): rows written during the copy
//! would be missed, and the check would say so.

use crate::store::db::{self, Target};
use crate::store::sql::{Row, Sql, Value};
use crate::store::{Db, StoreError};
use anyhow::{Context, bail};
use sha2::{Digest, Sha256};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The SQLite database to copy (`sqlite://PATH`). It is migrated to the latest schema first.
    #[arg(long)]
    pub from: String,
    /// The PostgreSQL database to copy into (`postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=require`).
    #[arg(long)]
    pub to: String,
    /// Rows per transaction.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=2000))]
    pub batch: u32,
}

/// Every table, parents before the tables that point at them, with the order rows are read in (their key).
pub const TABLES: &[(&str, &str)] = &[
    ("operators", "id"),
    ("operator_desks", "operator_id, desk_id"),
    ("password_links", "token_hash"),
    ("operator_sessions", "id_hash"),
    ("contact_requests", "id"),
    ("contact_request_events", "id"),
    ("contact_request_secrets", "secret_hash"),
    ("webhook_outbox", "id"),
    ("audit_log", "id"),
    ("desk_records", "desk_id"),
    ("desk_proposals", "id"),
    ("desk_reports", "id"),
];

/// Tables whose `id` PostgreSQL generates: their sequence continues after the copied ids.
const IDENTITY_TABLES: &[&str] =
    &["contact_requests", "contact_request_events", "webhook_outbox", "audit_log", "desk_proposals", "desk_reports"];

/// One table on one side: how many rows, and a checksum of their values that does not depend on their order
/// (SHA-256 over the sorted SHA-256 of each row), so both databases' collations agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: u64,
    pub checksum: String,
}

fn row_digest(row: &Row) -> [u8; 32] {
    let mut h = Sha256::new();
    for (name, value) in row.names().iter().zip(row.values()) {
        h.update(name.as_bytes());
        match value {
            Value::Null => h.update([0u8]),
            Value::Int(i) => {
                h.update([1u8]);
                h.update(i.to_be_bytes());
            }
            Value::Text(s) => {
                h.update([2u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    h.finalize().into()
}

fn columns(conn: &dyn Sql, table: &str) -> Result<Vec<String>, StoreError> {
    // The SQLite side's columns (the PostgreSQL schema has the same names).
    let rows = conn.query(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"), &[])?;
    rows.iter().map(|r| r.at(0)).collect()
}

/// Count and checksum of `table`, reading `cols` in pages.
pub fn summarize(conn: &dyn Sql, table: &str, order: &str, cols: &[String]) -> Result<Summary, StoreError> {
    let mut digests = Vec::new();
    let page = 5_000i64;
    let mut offset = 0i64;
    loop {
        let rows = conn.query(
            &format!("SELECT {} FROM {table} ORDER BY {order} LIMIT ?1 OFFSET ?2", cols.join(", ")),
            &[Value::Int(page), Value::Int(offset)],
        )?;
        digests.extend(rows.iter().map(row_digest));
        if (rows.len() as i64) < page {
            break;
        }
        offset += page;
    }
    digests.sort_unstable();
    let mut h = Sha256::new();
    for d in &digests {
        h.update(d);
    }
    let checksum = h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    Ok(Summary { rows: digests.len() as u64, checksum })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Target::Sqlite(path) = Target::parse(&args.from)? else { bail!("--from must be a sqlite:// database") };
    if !path.is_file() {
        bail!("{} does not exist", path.display());
    }
    let to = Target::parse(&args.to)?;
    if !matches!(to, Target::Postgres(_)) {
        bail!("--to must be a postgres:// database");
    }
    // The source at the latest schema, as the server would leave it; then read-only.
    drop(db::open_connection(&path).with_context(|| format!("opening {}", path.display()))?);
    let source = db::open_read_only(&path)?;
    let target = Db::connect(&to, 2).with_context(|| format!("connecting to {}", to.describe()))?;
    eprintln!("copying {} into {}", path.display(), to.describe());

    let batch = i64::from(args.batch);
    for (table, order) in TABLES {
        let cols = columns(&source, table)?;
        if cols.is_empty() {
            bail!("{} has no table {table}", path.display());
        }
        let mut offset = 0i64;
        let mut inserted = 0usize;
        loop {
            let rows = source.query(
                &format!("SELECT {} FROM {table} ORDER BY {order} LIMIT ?1 OFFSET ?2", cols.join(", ")),
                &[Value::Int(batch), Value::Int(offset)],
            )?;
            if rows.is_empty() {
                break;
            }
            let n = rows.len();
            let values: Vec<Value> = rows.iter().flat_map(|r| r.values().iter().cloned()).collect();
            let marks: Vec<String> = (0..n)
                .map(|r| format!("({})", (1..=cols.len()).map(|c| format!("?{}", r * cols.len() + c)).collect::<Vec<_>>().join(", ")))
                .collect();
            let sql = format!("INSERT INTO {table} ({}) VALUES {} ON CONFLICT DO NOTHING", cols.join(", "), marks.join(", "));
            inserted += target.write_blocking(move |c| c.execute(&sql, &values), false).with_context(|| format!("copying {table}"))?;
            offset += n as i64;
            if (n as i64) < batch {
                break;
            }
        }
        eprintln!("{table}: {inserted} rows copied ({} already there)", offset as usize - inserted);
    }
    for table in IDENTITY_TABLES {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT max(id) FROM {table}), 1))");
        target.write_blocking(move |c| c.query(&sql, &[]).map(|_| ()), false)?;
    }

    println!("{:<26} {:>10} {:>10}  {:<16}  {:<16}  check", "table", "sqlite", "postgres", "sqlite sum", "postgres sum");
    let mut all_equal = true;
    for (table, order) in TABLES {
        let cols = columns(&source, table)?;
        let here = summarize(&source, table, order, &cols)?;
        let there = target.read_blocking(|c| summarize(c, table, order, &cols))?;
        let ok = here == there;
        all_equal &= ok;
        println!(
            "{table:<26} {:>10} {:>10}  {:<16}  {:<16}  {}",
            here.rows,
            there.rows,
            here.checksum,
            there.checksum,
            if ok { "ok" } else { "DIFFERENT" }
        );
    }
    target.close();
    if all_equal {
        println!("every table copied and verified");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("microwork migrate-to-postgres: some tables differ (rows written meanwhile, or a target that was not empty)");
        Ok(ExitCode::FAILURE)
    }
}
