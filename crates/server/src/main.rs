use clap::{Parser, Subcommand};
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
    /// Write brotli (.br) and gzip (.gz) copies of the text files in DIR, for the server to send as they are.
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
        Command::Serve(args) => serve::run(args),
        Command::Precompress { dir } => assets::precompress(&dir).map(|n| eprintln!("precompressed {n} files in {}", dir.display())),
        Command::Size { dir } => assets::size_report(&dir).map(|report| print!("{report}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("microwork: {e:#}");
            ExitCode::FAILURE
        }
    }
}
