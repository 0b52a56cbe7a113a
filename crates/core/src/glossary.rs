//! The glossary (`glossary.json`): words a person meets in results and in the guide (TAEG, garanzia,
//! de minimis, SPID…) with a plain definition, and [`Glossary::find`], which finds them in any text so the
//! app can link each one to its definition.
//!
//! Matching is by whole words, ignoring case and the kind of apostrophe, and prefers the longest term
//! ("Fondo di Garanzia" over "garanzia"); a term is found by its name or any of its aliases in that language.

use crate::datacheck::{DataError, parse_json};
use crate::lang::{Lang, Text};
use crate::rules::model::Source;
use serde::{Deserialize, Serialize};

pub const FILE: &str = "glossary.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub schema: u32,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Stable: the anchor of the definition (`/guida/glossario#taeg`).
    pub id: String,
    /// The name as the glossary shows it.
    pub term: Text,
    /// Other spellings found in texts (plurals, acronyms), per language.
    #[serde(default)]
    pub aliases: Aliases,
    pub definition: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aliases {
    #[serde(default)]
    pub it: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

impl Aliases {
    /// The spellings in `lang`; an overlay language uses the English ones (its own are not in the data yet).
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::It => &self.it,
            _ => &self.en,
        }
    }
}

/// Where a term occurs in a text: byte offsets (`text[start..end]` is the words as written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    /// Index into [`Glossary::terms`].
    pub term: usize,
}

/// A piece of text, plain or a glossary term (for rendering links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Plain(&'a str),
    Term { text: &'a str, id: &'a str },
}

/// The glossary, with each language's spellings folded and sorted longest first for matching.
#[derive(Debug, Clone)]
pub struct Glossary {
    file: GlossaryFile,
    /// Per language: (folded spelling, term index), longest first.
    needles: [Vec<(Vec<char>, usize)>; 2],
}

impl PartialEq for Glossary {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
    }
}

impl Glossary {
    /// Parses `glossary.json`. Errors name the file and where.
    pub fn from_json(json: &str) -> Result<Glossary, DataError> {
        let file: GlossaryFile = parse_json(FILE, json)?;
        crate::guide::schema(FILE, file.schema)?;
        Ok(Glossary::new(file))
    }

    pub fn new(file: GlossaryFile) -> Glossary {
        let needles = Lang::INLINE.map(|lang| {
            let mut v: Vec<(Vec<char>, usize)> = file
                .terms
                .iter()
                .enumerate()
                .flat_map(|(i, t)| spellings(t, lang).map(move |s| (fold_str(s), i)))
                .filter(|(s, _)| !s.is_empty())
                .collect();
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
            v
        });
        Glossary { file, needles }
    }

    pub fn file(&self) -> &GlossaryFile {
        &self.file
    }

    pub fn terms(&self) -> &[Term] {
        &self.file.terms
    }

    pub fn get(&self, id: &str) -> Option<&Term> {
        self.file.terms.iter().find(|t| t.id == id)
    }

    /// Every occurrence of a glossary term in `text`, in order, never overlapping.
    pub fn find(&self, text: &str, lang: Lang) -> Vec<TermMatch> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let needles = &self.needles[lang_index(lang)];
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let at_word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
            let hit = at_word_start
                .then(|| {
                    needles.iter().find(|(needle, _)| {
                        let end = i + needle.len();
                        end <= chars.len()
                            && chars[i..end].iter().zip(needle).all(|((_, c), n)| fold(*c) == *n)
                            && chars.get(end).is_none_or(|(_, c)| !c.is_alphanumeric())
                    })
                })
                .flatten();
            match hit {
                Some((needle, term)) => {
                    let end = i + needle.len();
                    let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                    out.push(TermMatch { start: chars[i].0, end: end_byte, term: *term });
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Only the first occurrence of each term: what a page links, so a paragraph is not a sea of links.
    pub fn first_mentions(&self, text: &str, lang: Lang) -> Vec<TermMatch> {
        let mut seen = Vec::new();
        self.find(text, lang)
            .into_iter()
            .filter(|m| {
                let new = !seen.contains(&m.term);
                seen.push(m.term);
                new
            })
            .collect()
    }

    /// `text` cut into plain pieces and the first mention of each term, in order.
    pub fn segments<'a>(&'a self, text: &'a str, lang: Lang) -> Vec<Segment<'a>> {
        let mut out = Vec::new();
        let mut at = 0;
        for m in self.first_mentions(text, lang) {
            if m.start > at {
                out.push(Segment::Plain(&text[at..m.start]));
            }
            out.push(Segment::Term { text: &text[m.start..m.end], id: &self.file.terms[m.term].id });
            at = m.end;
        }
        if at < text.len() {
            out.push(Segment::Plain(&text[at..]));
        }
        out
    }
}

/// A term's name and aliases in one language.
pub(crate) fn spellings(t: &Term, lang: Lang) -> impl Iterator<Item = &str> {
    std::iter::once(t.term.get(lang)).chain(t.aliases.get(lang).iter().map(String::as_str))
}

/// The index in `needles` (built for the inline languages; an overlay language searches the English spellings,
/// so a term is linked only where its text is still English).
fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::It => 0,
        _ => 1,
    }
}

/// Case and apostrophes do not matter: "Partita IVA" = "partita iva", "piano d’impresa" = "piano d'impresa".
fn fold(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '`' => '\'',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

pub(crate) fn fold_str(s: &str) -> Vec<char> {
    s.trim().chars().map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let t = |id: &str, it: &str, aliases: &[&str]| Term {
            id: id.into(),
            term: Text::new(it, it),
            aliases: Aliases { it: aliases.iter().map(|s| s.to_string()).collect(), en: Vec::new() },
            definition: Text::new("x", "x"),
            sources: Vec::new(),
        };
        Glossary::new(GlossaryFile {
            schema: 1,
            terms: vec![
                t("garanzia", "Garanzia", &["garanzie"]),
                t("fondo", "Fondo di Garanzia", &[]),
                t("taeg", "TAEG", &[]),
                t("bp", "business plan", &["piano d'impresa"]),
            ],
        })
    }

    fn found(text: &str) -> Vec<(String, String)> {
        let g = glossary();
        g.find(text, Lang::It).into_iter().map(|m| (text[m.start..m.end].to_owned(), g.terms()[m.term].id.clone())).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn whole_words_any_case_longest_first() {
        assert_eq!(found("Il TAEG e il taeg."), pairs(&[("TAEG", "taeg"), ("taeg", "taeg")]));
        assert_eq!(
            found("Il Fondo di Garanzia dà una garanzia, non altre garanzie."),
            pairs(&[("Fondo di Garanzia", "fondo"), ("garanzia", "garanzia"), ("garanzie", "garanzia")])
        );
        assert_eq!(found("garanziasi, TAEGX, ritaeg"), []);
        assert_eq!(found("Il piano d’impresa (business plan)"), pairs(&[("piano d’impresa", "bp"), ("business plan", "bp")]));
        assert_eq!(found(""), []);
    }

    #[test]
    fn segments_link_the_first_mention_only() {
        let g = glossary();
        let s = g.segments("Chiedi il TAEG: il TAEG è tutto. È così.", Lang::It);
        assert_eq!(
            s,
            [Segment::Plain("Chiedi il "), Segment::Term { text: "TAEG", id: "taeg" }, Segment::Plain(": il TAEG è tutto. È così.")]
        );
        assert_eq!(g.segments("niente", Lang::It), [Segment::Plain("niente")]);
    }
}
