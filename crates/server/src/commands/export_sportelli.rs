//! `microwork export-sportelli --out FILE`: the desks' data as the server publishes it (the built file with
//! every approved correction and confirmation from the database), for static-only deployments: commit the
//! file as `public/data/sportelli.json` and build. `import-sportelli` stays for bulk loads from the CSV.

use crate::desks::DeskData;
use crate::store::db;
use anyhow::Context;
use microwork_core::sportelli::{DEFAULT_CONFIRMATION_MONTHS, MAX_CONFIRMATION_MONTHS, SportelliFile};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write the file (`-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The built app whose `data/sportelli.json` and `data/comuni.json` the server serves.
    #[arg(long, env = "MICROWORK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db")]
    pub database_url: String,
    /// A desk's own confirmation older than this many months shows as "da verificare" again: written into
    /// the file (`confirmation_months`), as `serve` does.
    #[arg(long, env = "MICROWORK_CONFIRMATION_MONTHS", default_value_t = DEFAULT_CONFIRMATION_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_CONFIRMATION_MONTHS)))]
    pub confirmation_months: u32,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut data = DeskData::load(&args.dist)?;
    data.confirmation_months = args.confirmation_months;
    if data.base.is_none() {
        anyhow::bail!("{} has no data/sportelli.json: point --dist at the built app", args.dist.display());
    }
    let target = db::Target::parse(&args.database_url)?;
    let file = match &target {
        db::Target::Sqlite(path) => {
            if !path.is_file() {
                anyhow::bail!("{} does not exist: the wrong --database-url?", path.display());
            }
            data.merged(&db::open_read_only(path)?)?
        }
        db::Target::Postgres(_) => db::with_transaction(&target, false, |c| data.merged(c))?,
    }
    .context("no desks file")?;
    let json = serde_json::to_string_pretty(&file)? + "\n";
    // The same checks as every desks file: never publish one the app would refuse.
    SportelliFile::parse(&json).map_err(|e| anyhow::anyhow!("the merged file is not valid: {e}"))?;
    if args.out.as_os_str() == "-" {
        print!("{json}");
    } else {
        std::fs::write(&args.out, &json).with_context(|| format!("writing {}", args.out.display()))?;
        eprintln!("wrote {} desks to {}", file.sportelli.len(), args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}
