//! `microwork purge --older-than DAYS`: retention. Deletes every contact request (spam included) received
//! more than DAYS days ago, with its webhook outbox row, in one durable transaction. Safe while the server
//! runs: SQLite serialises it with the server's writes; PostgreSQL's transaction isolation does the same.

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
    let target = db::Target::parse(&args.database_url)?;
    if let db::Target::Sqlite(path) = &target {
        if !path.is_file() {
            anyhow::bail!("{} does not exist: nothing to purge, or the wrong --database-url", path.display());
        }
    }
    let cutoff_at = time::OffsetDateTime::now_utc() - time::Duration::days(i64::from(args.older_than));
    let cutoff = clock::format_utc(cutoff_at);
    if args.dry_run {
        let n = db::with_transaction(&target, false, |c| requests::count_received_before(c, &cutoff))?;
        println!("{n} contact requests received before {cutoff} would be deleted");
        return Ok(ExitCode::SUCCESS);
    }
    // SQLite: WAL, synchronous=FULL, migrations (the server's settings), and the WAL emptied after the commit.
    let n = db::with_transaction(&target, true, |c| store::purge_before(c, &cutoff))?;
    println!("deleted {n} contact requests received before {cutoff}");
    Ok(ExitCode::SUCCESS)
}
