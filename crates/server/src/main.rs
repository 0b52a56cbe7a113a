use clap::{Parser, Subcommand};
use microwork_server::commands;
use microwork_server::{assets, serve};
use std::path::PathBuf;
use std::process::ExitCode;

/// Micro Work: self-check, help desks and contact requests for people starting a small business in Italy.
#[derive(Parser)]
#[command(name = "microwork", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and the JSON API.
    Serve(serve::ServeArgs),
    /// Assess an answers file against the instruments: prints the outcomes as JSON.
    Assess(commands::assess::Args),
    /// Validate the data files (questionnaire, instruments, desks…) and list every problem.
    CheckData(commands::check_data::Args),
    /// Convert the operators' CSV of help desks into sportelli.json (on stdout).
    ImportSportelli(commands::import_sportelli::Args),
    /// Write sportelli.json as the server publishes it (with the desks' approved corrections and confirmations).
    ExportSportelli(commands::export_sportelli::Args),
    /// Convert the shared comuni/CAP/boundary data into the app's compact data files.
    ImportComuni(commands::import_comuni::Args),
    /// Export a desk's contact requests (CSV).
    Export(commands::export::Args),
    /// Operator accounts: add, list, disable, enable, reset (prints one-time links to set a password).
    Operator(commands::operator::Args),
    /// Delete contact requests older than the retention period.
    Purge(commands::purge::Args),
    /// Copy a SQLite database into PostgreSQL (resumable), then compare row counts and checksums.
    MigrateToPostgres(commands::migrate::Args),
    /// Finish a built DIR for serving: fill the service worker's precache list and version, then write brotli
    /// (.br) and gzip (.gz) copies of the text files for the server to send as they are.
    Precompress {
        #[arg(default_value = "dist")]
        dir: PathBuf,
    },
    /// Print raw, gzip and brotli bytes of every file in DIR and what a first visit downloads.
    Size {
        #[arg(default_value = "dist")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::Assess(args) => commands::assess::run(args),
        Command::CheckData(args) => commands::check_data::run(args),
        Command::ImportSportelli(args) => commands::import_sportelli::run(args),
        Command::ExportSportelli(args) => commands::export_sportelli::run(args),
        Command::ImportComuni(args) => commands::import_comuni::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Purge(args) => commands::purge::run(args),
        Command::Operator(args) => commands::operator::run(args),
        Command::MigrateToPostgres(args) => commands::migrate::run(args),
        Command::Precompress { dir } => microwork_server::service_worker::write(&dir)
            .and_then(|version| {
                if let Some(v) = version {
                    eprintln!("service worker version {v}");
                }
                assets::precompress(&dir)
            })
            .map(|n| {
                eprintln!("precompressed {n} files in {}", dir.display());
                ExitCode::SUCCESS
            }),
        Command::Size { dir } => assets::size_report(&dir).map(|report| {
            print!("{report}");
            ExitCode::SUCCESS
        }),
    };
    result.unwrap_or_else(|e| {
        eprintln!("microwork: {e:#}");
        ExitCode::FAILURE
    })
}
