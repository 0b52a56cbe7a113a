//! The guide as data: "Cos'è il microcredito" and "Il percorso" (`guide.json`) and the frequently asked
//! questions (`faq.json`), both languages, each with its sources. The glossary is [`crate::glossary`].
//! Parsing is strict about shape; `check-data` lists what is missing (translations, sources, ids).

use crate::datacheck::{DataError, parse_json};
use crate::lang::Text;
use crate::rules::model::Source;
use serde::{Deserialize, Serialize};

pub const GUIDE_FILE: &str = "guide.json";
pub const FAQ_FILE: &str = "faq.json";
pub const SCHEMA: u32 = 1;

/// The guide's pages, in the order the guide lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub schema: u32,
    pub pages: Vec<Page>,
}

/// One page: a title, a one-line summary, sections and the sources of what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Stable: the app's route ends with it (`/guida/percorso`).
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub sections: Vec<Section>,
    pub sources: Vec<Source>,
}

/// A section of a page; for a step of the journey, how long it takes and what to bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable: the anchor of the section (`#tutor`).
    pub id: String,
    pub heading: Text,
    /// Paragraphs.
    pub body: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_long: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bring: Vec<Text>,
}

/// The frequently asked questions, in the order shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub schema: u32,
    pub questions: Vec<FaqEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// Stable: the anchor of the answer (`/guida/domande#naspi`).
    pub id: String,
    pub question: Text,
    /// Paragraphs.
    pub answer: Vec<Text>,
    pub sources: Vec<Source>,
}

impl Guide {
    /// Parses `guide.json`. Errors name the file and where.
    pub fn from_json(json: &str) -> Result<Guide, DataError> {
        let g: Guide = parse_json(GUIDE_FILE, json)?;
        schema(GUIDE_FILE, g.schema)?;
        Ok(g)
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == id)
    }
}

impl Faq {
    /// Parses `faq.json`. Errors name the file and where.
    pub fn from_json(json: &str) -> Result<Faq, DataError> {
        let f: Faq = parse_json(FAQ_FILE, json)?;
        schema(FAQ_FILE, f.schema)?;
        Ok(f)
    }

    pub fn get(&self, id: &str) -> Option<&FaqEntry> {
        self.questions.iter().find(|q| q.id == id)
    }
}

pub(crate) fn schema(file: &str, schema: u32) -> Result<(), DataError> {
    if schema == SCHEMA {
        Ok(())
    } else {
        Err(DataError::new(file, "schema", format!("schema {schema} is not supported (expected {SCHEMA})")))
    }
}
