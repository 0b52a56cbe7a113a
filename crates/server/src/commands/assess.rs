//! `microwork assess --answers FILE.json [--today YYYY-MM-DD] [--data DIR]`: the self-check of an answers
//! file, printed as JSON (`{"assessed_on": …, "outcomes": [{"instrument", "status", "criteria", …}]}`).
//! A bad answers file exits with status 2 and lists every bad field on stderr.

use anyhow::Context;
use microwork_core::date::{Date, parse_iso, to_iso};
use microwork_core::questionnaire::{self, AnswersFileError};
use microwork_core::rules::{self, Rulebook};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The answers, as JSON: {"age": 36, "region": "15", "vulnerability": ["disoccupazione"], …}.
    #[arg(long)]
    pub answers: PathBuf,
    /// The date to assess on (which measures are open depends on it). Default: today (UTC).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// The directory with questionnaire.json and instruments.json.
    #[arg(long, default_value = "public/data")]
    pub data: PathBuf,
}

fn parse_date(s: &str) -> Result<Date, String> {
    parse_iso(s).ok_or_else(|| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// What is printed; a struct (not `json!`) so the fields keep their documented order.
#[derive(serde::Serialize)]
struct Output<'a> {
    assessed_on: String,
    outcomes: &'a [rules::Outcome],
}

/// Exit status for an answers file that cannot be assessed.
const BAD_ANSWERS: u8 = 2;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let read = |name: &str| {
        let path = args.data.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let rulebook = Rulebook::from_json(&read(questionnaire::FILE)?, &read(rules::model::FILE)?).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        anyhow::anyhow!("the data in {} cannot be used (run `microwork check-data`):\n{}", args.data.display(), list.join("\n"))
    })?;
    let text = std::fs::read_to_string(&args.answers).with_context(|| format!("reading {}", args.answers.display()))?;
    let file = args.answers.display();
    let answers = match rulebook.questionnaire().answers_from_json(&text) {
        Ok(a) => a,
        Err(AnswersFileError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{file}: {}: {} ({})", p.question, p.message.en, p.code.as_str());
            }
            eprintln!("{file}: {} bad answer{}", problems.len(), if problems.len() == 1 { "" } else { "s" });
            return Ok(ExitCode::from(BAD_ANSWERS));
        }
        Err(e) => {
            eprintln!("{file}: {e}");
            return Ok(ExitCode::from(BAD_ANSWERS));
        }
    };
    let today = args.today.unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let outcomes = rulebook.assess(&answers, today);
    let out = Output { assessed_on: to_iso(today), outcomes: &outcomes };
    let mut stdout = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut stdout, &out).map_err(std::io::Error::from).and_then(|()| writeln!(stdout));
    match written {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => other.map(|()| ExitCode::SUCCESS).context("writing the outcomes"),
    }
}
