//! Checks of the data files (`questionnaire.json`, `instruments.json`, `regioni.json`, and
//! `sportelli.json` when there is one), listing every problem with its file and JSON path: broken
//! references, questions no path reaches, missing translations, undated sources, desks naming unknown
//! instruments. `microwork check-data` prints them; [`crate::rules::Rulebook::new`]
//! refuses data with the problems that would make the engine misread it.

mod desks;
mod guide;
mod instruments;
mod questions;
mod reach;

pub use desks::check_sportelli;
pub use guide::{MIN_FAQ, check_faq, check_glossary, check_guide};
pub(crate) use instruments::source_problems;

use crate::lang::Text;
use crate::questionnaire::{self, Questionnaire};
use crate::rules::model::{self, Instruments};
use crate::rules::template::{Var, placeholders};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// What sort of problem, and so whether the engine can still run with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The file is not valid JSON or not the expected shape.
    Parse,
    /// A name that points nowhere: question, option, condition, criterion, instrument, placeholder.
    Reference,
    /// A shape the engine cannot interpret faithfully (e.g. `min` on a choice question).
    Structure,
    /// A text missing in a language.
    Translation,
    /// Sources and dates: a source without a date, an instrument without `checked_on`.
    Source,
    /// A question that no answers can reach.
    Unreachable,
    /// A question that nothing reads.
    Unused,
    /// Content that reads poorly: an unmet case without "would fit if", a case that can never apply.
    Content,
    /// An instrument past its `review_by` date (reported only when a date is given: `--today`).
    Stale,
}

impl ProblemKind {
    pub fn blocks_engine(self) -> bool {
        matches!(self, ProblemKind::Parse | ProblemKind::Reference | ProblemKind::Structure)
    }
}

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    pub file: String,
    /// JSON path, e.g. `instruments[4].criteria[1].cases[0].when.in[2]`.
    pub path: String,
    pub message: String,
    pub kind: ProblemKind,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.path, self.message)
    }
}

impl DataError {
    pub fn new(file: &str, path: impl Into<String>, message: impl Into<String>) -> DataError {
        DataError { file: file.to_owned(), path: path.into(), message: message.into(), kind: ProblemKind::Parse }
    }
}

/// Parses a data file, naming the JSON path of the first problem.
#[cfg(feature = "json-paths")]
pub(crate) fn parse_json<T: DeserializeOwned>(file: &str, json: &str) -> Result<T, DataError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        DataError::new(file, if path == "." { "(top level)".to_owned() } else { path }, e.into_inner().to_string())
    })?;
    de.end().map_err(|e| DataError::new(file, "(end)", e.to_string()))?;
    Ok(value)
}

/// Parses a data file, naming the line and column of the first problem. The browser build uses this one:
/// JSON paths cost ~90 KB of wasm there, and `microwork check-data` (with paths) has checked the files anyway.
#[cfg(not(feature = "json-paths"))]
pub(crate) fn parse_json<T: DeserializeOwned>(file: &str, json: &str) -> Result<T, DataError> {
    serde_json::from_str(json).map_err(|e| DataError::new(file, format!("(line {}, column {})", e.line(), e.column()), e.to_string()))
}

pub const REGIONS_FILE: &str = "regioni.json";

/// A region from `regioni.json` (other fields are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
}

pub fn parse_regions(json: &str) -> Result<Vec<Region>, DataError> {
    parse_json(REGIONS_FILE, json)
}

/// The contents of a data directory; `None` for a file that is missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct DataFiles<'a> {
    pub questionnaire: Option<&'a str>,
    pub instruments: Option<&'a str>,
    pub regions: Option<&'a str>,
    /// Optional: `None` (no desk list in this directory) is not a problem.
    pub sportelli: Option<&'a str>,
    /// The guide's files: optional like `sportelli` (a rules-only directory has none).
    pub guide: Option<&'a str>,
    pub faq: Option<&'a str>,
    pub glossary: Option<&'a str>,
    /// When given, every instrument past its `review_by` date is listed ([`review_due`]).
    pub today: Option<crate::date::Date>,
}

/// Parses and checks a data directory's files, listing every problem.
pub fn check_files(files: DataFiles) -> Vec<DataError> {
    let missing = |file: &str| DataError::new(file, "(file)", "the file is missing");
    let questionnaire = files.questionnaire.map_or_else(|| Err(missing(questionnaire::FILE)), Questionnaire::from_json);
    let instruments = files.instruments.map_or_else(|| Err(missing(model::FILE)), Instruments::from_json);
    let regions = files.regions.map_or_else(|| Err(missing(REGIONS_FILE)), parse_regions);
    let mut out: Vec<DataError> = Vec::new();
    for e in [questionnaire.as_ref().err(), instruments.as_ref().err(), regions.as_ref().err()].into_iter().flatten() {
        out.push(e.clone());
    }
    match (&questionnaire, &instruments) {
        (Ok(q), Ok(i)) => out.extend(check(q, i, regions.as_deref().ok())),
        (Ok(q), Err(_)) => out.extend(check_questionnaire(q, regions.as_deref().ok())),
        _ => {}
    }
    if let Some(json) = files.sportelli {
        out.extend(check_sportelli(json, instruments.as_ref().ok()));
    }
    for (json, check) in [(files.guide, check_guide as fn(&str) -> Vec<DataError>), (files.faq, check_faq), (files.glossary, check_glossary)] {
        if let Some(json) = json {
            out.extend(check(json));
        }
    }
    if let (Some(today), Ok(i)) = (files.today, &instruments) {
        out.extend(review_due(i, today));
    }
    out
}

/// Every instrument whose `review_by` date is before `today`: its data may no longer be true (a call that
/// ran out of money, a new decree), so the results already say "check the call is still open".
pub fn review_due(instruments: &Instruments, today: crate::date::Date) -> Vec<DataError> {
    use crate::date::to_iso;
    instruments
        .instruments
        .iter()
        .enumerate()
        .filter_map(|(n, inst)| {
            let review = inst.review_by.filter(|r| today > *r)?;
            let checked = inst.checked_on.map_or_else(|| "never".to_owned(), to_iso);
            Some(DataError {
                file: model::FILE.to_owned(),
                path: format!("instruments[{n}].review_by"),
                message: format!(
                    "`{}` is past its review date {} (last checked {checked}): check its sources, then update `checked_on` and `review_by`",
                    inst.id,
                    to_iso(review)
                ),
                kind: ProblemKind::Stale,
            })
        })
        .collect()
}

/// Every problem of the questionnaire alone.
pub fn check_questionnaire(q: &Questionnaire, regions: Option<&[Region]>) -> Vec<DataError> {
    let mut c = Checker { q, regions, out: Vec::new() };
    c.questionnaire();
    c.out
}

/// Every problem of both files, including the references between them.
pub fn check(q: &Questionnaire, instruments: &Instruments, regions: Option<&[Region]>) -> Vec<DataError> {
    let mut c = Checker { q, regions, out: Vec::new() };
    c.questionnaire();
    c.instruments(instruments);
    c.unused(instruments);
    c.out
}

const QF: &str = questionnaire::FILE;
const IF: &str = model::FILE;

/// What a condition may do where it appears.
#[derive(Clone, Copy)]
struct Allowed {
    /// In `show_if`: only questions before this index, "non so" is a plain value, no date, no `ref`.
    show_if_of: Option<usize>,
}

struct Checker<'a> {
    q: &'a Questionnaire,
    regions: Option<&'a [Region]>,
    out: Vec<DataError>,
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// "Valle d'Aosta/Vallée d'Aoste" → "valle_d_aosta"; "Emilia-Romagna" → "emilia_romagna".
pub fn region_slug(name: &str) -> String {
    let first = name.split('/').next().unwrap_or(name);
    let mut slug = String::new();
    for c in first.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    slug.trim_end_matches('_').to_owned()
}

impl<'a> Checker<'a> {
    fn push(&mut self, file: &str, path: impl Into<String>, kind: ProblemKind, message: impl Into<String>) {
        self.out.push(DataError { file: file.to_owned(), path: path.into(), message: message.into(), kind });
    }

    fn text(&mut self, file: &str, path: &str, t: &Text) {
        for lang in t.missing() {
            self.push(file, format!("{path}.{}", lang.code()), ProblemKind::Translation, format!("missing {} text", lang_name(lang)));
        }
    }

    fn opt_text(&mut self, file: &str, path: &str, t: Option<&Text>) {
        if let Some(t) = t {
            self.text(file, path, t);
        }
    }

    /// Translations, and placeholders naming a question or one of `vars`.
    fn template(&mut self, file: &str, path: &str, t: &Text, vars: &[Var]) {
        self.text(file, path, t);
        for (lang, s) in [("it", &t.it), ("en", &t.en)] {
            for name in placeholders(s) {
                if let Some(spec) = name.strip_prefix("g:") {
                    self.variants(file, &format!("{path}.{lang}"), spec);
                    continue;
                }
                let ok = Var::parse(name).is_some_and(|v| vars.contains(&v)) || self.q.question(name).is_some();
                if !ok {
                    self.push(
                        file,
                        format!("{path}.{lang}"),
                        ProblemKind::Reference,
                        format!("`{{{name}}}` is neither a question id nor a placeholder allowed here"),
                    );
                }
            }
        }
    }
}

impl Checker<'_> {
    /// `{g:masculine|feminine}` or `{g:masculine|feminine|neutral}`.
    fn variants(&mut self, file: &str, path: &str, spec: &str) {
        if crate::rules::template::Variants::parse(spec, crate::Lang::It).is_none() {
            self.push(
                file,
                path.to_owned(),
                ProblemKind::Structure,
                format!("`{{g:{spec}}}` needs two or three non-empty forms: {{g:masculine|feminine}} or {{g:masculine|feminine|neutral}}"),
            );
        }
    }

    /// An option's short text may carry `{g:…}` forms (resolved where the answer is quoted), nothing else.
    pub(crate) fn short_text(&mut self, file: &str, path: &str, t: &Text) {
        self.text(file, path, t);
        for (lang, s) in [("it", &t.it), ("en", &t.en)] {
            for name in placeholders(s) {
                match name.strip_prefix("g:") {
                    Some(spec) => self.variants(file, &format!("{path}.{lang}"), spec),
                    None => self.push(
                        file,
                        format!("{path}.{lang}"),
                        ProblemKind::Reference,
                        format!("`{{{name}}}`: a short text takes only {{g:…}} forms"),
                    ),
                }
            }
        }
    }
}

fn lang_name(lang: crate::Lang) -> &'static str {
    match lang {
        crate::Lang::It => "Italian",
        crate::Lang::En => "English",
        other => other.info().endonym,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_of_region_names() {
        assert_eq!(region_slug("Emilia-Romagna"), "emilia_romagna");
        assert_eq!(region_slug("Valle d'Aosta/Vallée d'Aoste"), "valle_d_aosta");
        assert_eq!(region_slug("Trentino-Alto Adige/Südtirol"), "trentino_alto_adige");
        assert_eq!(region_slug("Basilicata"), "basilicata");
    }
}
