//! `microwork check-data [DIR] [--today YYYY-MM-DD]`: validates the data files and lists every problem with
//! its file and JSON path; with `--today`, also every instrument past its `review_by` date (its results
//! already say "check the call is still open"). Exit status 0 when there is none, 1 otherwise (so
//! `make test` fails on bad data).

use anyhow::Context;
use microwork_core::datacheck::{self, DataFiles, REGIONS_FILE};
use microwork_core::{questionnaire, rules, sportelli};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The directory with questionnaire.json, instruments.json and regioni.json (and sportelli.json,
    /// checked when present).
    #[arg(default_value = "public/data")]
    pub dir: PathBuf,
    /// Also list every instrument whose `review_by` date is before this day (e.g. today, in a weekly job).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<microwork_core::date::Date>,
}

fn parse_date(s: &str) -> Result<microwork_core::date::Date, String> {
    microwork_core::date::parse_iso(s).ok_or_else(|| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// A file's text, or `None` if it does not exist (reported as a problem, not an error).
fn read_optional(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.dir.is_dir() {
        anyhow::bail!("{} is not a directory", args.dir.display());
    }
    let questionnaire = read_optional(&args.dir.join(questionnaire::FILE))?;
    let instruments = read_optional(&args.dir.join(rules::model::FILE))?;
    let regions = read_optional(&args.dir.join(REGIONS_FILE))?;
    // Optional: a data directory without desks (tests, a rules-only copy) is still complete.
    let desks = read_optional(&args.dir.join(sportelli::FILE))?;
    // Optional too: the guide's pages, questions and glossary.
    let guide = read_optional(&args.dir.join(microwork_core::guide::GUIDE_FILE))?;
    let faq = read_optional(&args.dir.join(microwork_core::guide::FAQ_FILE))?;
    let glossary = read_optional(&args.dir.join(microwork_core::glossary::FILE))?;
    let problems = datacheck::check_files(DataFiles {
        questionnaire: questionnaire.as_deref(),
        instruments: instruments.as_deref(),
        regions: regions.as_deref(),
        sportelli: desks.as_deref(),
        guide: guide.as_deref(),
        faq: faq.as_deref(),
        glossary: glossary.as_deref(),
        today: args.today,
    });
    let mut stdout = std::io::stdout().lock();
    for p in &problems {
        match writeln!(stdout, "{}: {}: {}", args.dir.join(&p.file).display(), p.path, p.message) {
            // A reader that stops early (`| head`) is not an error; the exit status still tells.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            other => other.context("writing the problems")?,
        }
    }
    if problems.is_empty() {
        eprintln!("check-data: {}: no problems", args.dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("check-data: {}: {} problem{}", args.dir.display(), problems.len(), if problems.len() == 1 { "" } else { "s" });
        Ok(ExitCode::FAILURE)
    }
}
