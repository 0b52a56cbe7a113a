//! `microwork export --desk ID --format csv [--since DATE] [--status S]`: a desk's contact requests on stdout
//! (or `--output FILE`), read straight from the database, also while the server runs (WAL readers never
//! block it). Spam is left out unless `--status spam`.

use crate::clock;
use crate::spreadsheet;
use crate::store::db;
use crate::catalog::Catalogs;
use crate::clock::Clock;
use crate::store::requests::{self, Filter, Order, Promises, Scope};
use microwork_core::contact::Status;
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180, UTF-8, header line first, every field quoted; formula-like cells and parts prefixed with `'`.
    Csv,
    /// One JSON object per line, as the operator API lists them.
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The desk's id (as in data/sportelli.json).
    #[arg(long)]
    pub desk: String,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Only requests received on or after this date (2026-11-01, midnight UTC) or RFC 3339 time.
    #[arg(long)]
    pub since: Option<String>,
    /// Only requests in this status: new, taken, contacted, closed or spam.
    #[arg(long)]
    pub status: Option<String>,
    /// The built app, for each desk's promised response time in data/sportelli.json (else 5 working days).
    #[arg(long, env = "MICROWORK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Write here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db")]
    pub database_url: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let since = match &args.since {
        None => None,
        Some(s) => Some(clock::parse_since(s).with_context(|| format!("--since `{s}`: use 2026-11-01 or an RFC 3339 time"))?),
    };
    let status = match &args.status {
        None => None,
        Some(s) => Some(Status::parse(s).with_context(|| format!("--status `{s}`: use new, taken, contacted, closed or spam"))?),
    };
    let target = db::Target::parse(&args.database_url)?;
    if let db::Target::Sqlite(path) = &target {
        if !path.is_file() {
            anyhow::bail!("{} does not exist: no contact requests yet, or the wrong --database-url", path.display());
        }
    }
    let filter = Filter {
        desk: Some(args.desk.clone()),
        since,
        statuses: status.into_iter().collect(),
        order: Order::Newest,
        ..Filter::default()
    };
    // The desk's promised response time comes from the desk data when it is there (else the default).
    let catalog = Catalogs::load(&args.dist).unwrap_or_default();
    let promises = Promises { response_days: catalog.response_days, today: clock::SystemClock.today() };
    let rows = read(&target, |c| requests::list(c, &filter, &Scope::All, &promises))
        .with_context(|| format!("reading {}", target.describe()))?;

    let mut out: Box<dyn Write> = match &args.output {
        Some(file) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(file).with_context(|| format!("creating {}", file.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        Format::Csv => spreadsheet::write_csv(&rows, &mut out)?,
        Format::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut out, row)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    eprintln!("exported {} contact requests of desk {}", rows.len(), args.desk);
    Ok(ExitCode::SUCCESS)
}

/// A read on an existing database: SQLite read-only (the file as it is, no migration), PostgreSQL in a
/// transaction.
fn read<R>(target: &db::Target, f: impl FnOnce(&dyn crate::store::Sql) -> Result<R, crate::store::StoreError>) -> anyhow::Result<R> {
    match target {
        db::Target::Sqlite(path) => Ok(f(&db::open_read_only(path)?)?),
        db::Target::Postgres(_) => Ok(db::with_transaction(target, false, f)?),
    }
}
