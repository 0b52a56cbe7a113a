//! `microwork purge --older-than DAYS`: retention. Deletes every contact request (spam included) received
//! more than DAYS days ago, with its webhook outbox row, in one durable transaction. Safe while the server
//! runs: SQLite serialises it with the server's writes.

use crate::clock;
use crate::store::{self, db, requests};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Keep the last DAYS days (at least 1).
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    pub older_than: u32,
    /// Only count what would be deleted.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db")]
    pub database_url: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = db::path_from_url(&args.database_url)?;
    if !path.is_file() {
        anyhow::bail!("{} does not exist: nothing to purge, or the wrong --database-url", path.display());
    }
    let cutoff_at = time::OffsetDateTime::now_utc() - time::Duration::days(i64::from(args.older_than));
    let cutoff = clock::format_utc(cutoff_at);
    // WAL, synchronous=FULL, migrations: the same settings as the server's writer.
    let mut conn = db::open_connection(&path)?;
    if args.dry_run {
        let n = requests::count_received_before(&conn, &cutoff)?;
        println!("{n} contact requests received before {cutoff} would be deleted");
        return Ok(ExitCode::SUCCESS);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let n = store::purge_before(&tx, &cutoff)?;
    tx.commit()?;
    // Move the deleted pages out of the WAL into the (zeroed: secure_delete) main file now and empty the WAL,
    // so the deleted requests are in neither file.
    match db::truncate_wal(&conn) {
        Ok(true) => {}
        Ok(false) => eprintln!("microwork purge: a reader kept the WAL from being emptied; the server empties it after its next write"),
        Err(e) => eprintln!("microwork purge: WAL checkpoint skipped: {e}"),
    }
    println!("deleted {n} contact requests received before {cutoff}");
    Ok(ExitCode::SUCCESS)
}
