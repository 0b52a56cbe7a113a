use clap::{Parser, Subcommand};
use microwork_server::commands;
use microwork_server::{assets, serve, static_host};
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
    /// For static hosts: write DIR/_headers (Netlify, Cloudflare Pages) with the headers `serve` sends (CSP with
    /// the partners allowed to frame the app, caching); --nginx/--caddy FILE also write them for deploy/'s configs.
    StaticHeaders {
        #[arg(default_value = "dist")]
        dir: PathBuf,
        /// Partner sites that may embed the app (CSP frame-ancestors), as for `serve`.
        #[arg(long, env = "MICROWORK_ALLOWED_ORIGINS", value_delimiter = ',', default_value = "")]
        allowed_origins: Vec<String>,
        /// Also write the headers as nginx `add_header` lines to this file.
        #[arg(long)]
        nginx: Option<PathBuf>,
        /// Also write the headers as a Caddy `header` block to this file.
        #[arg(long)]
        caddy: Option<PathBuf>,
    },
    /// Publish DIR under a sub-path (`/microwork/`): rewrites the pages' links once, on a fresh build; then run
    /// `precompress` (see README, Deploy).
    PublicUrl {
        dir: PathBuf,
        /// The path the app will be served under, e.g. /microwork/.
        public_url: String,
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
        Command::StaticHeaders { dir, allowed_origins, nginx, caddy } => {
            microwork_server::http::limits::parse_origins(&allowed_origins)
                .map_err(anyhow::Error::from)
                .and_then(|origins| static_host::write(&dir, &origins, nginx.as_deref(), caddy.as_deref()))
                .map(|written| {
                    for file in &written.files {
                        eprintln!("wrote {}", file.display());
                    }
                    if written.rules > static_host::CLOUDFLARE_MAX_RULES {
                        eprintln!(
                            "note: _headers has {} rules; Cloudflare Pages reads only the first {}",
                            written.rules,
                            static_host::CLOUDFLARE_MAX_RULES
                        );
                    }
                    ExitCode::SUCCESS
                })
        }
        Command::PublicUrl { dir, public_url } => static_host::set_public_url(&dir, &public_url).map(|n| {
            eprintln!("{n} pages in {} now link under {}", dir.display(), static_host::normalize_public_url(&public_url));
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
