//! Checks of the guide's files (`guide.json`, `faq.json`, `glossary.json`): translations, ids, sources
//! (official or secondary, official first, real pages), at least 15 questions, and glossary spellings
//! that do not point to two terms at once.

use super::{DataError, ProblemKind, is_id, source_problems};
use crate::glossary::{self, Glossary};
use crate::guide::{self, Faq, Guide};
use crate::lang::{Lang, Text};
use crate::rules::model::{Source, SourceKind};
use std::collections::{HashMap, HashSet};

/// The fewest questions the FAQ may have.
pub const MIN_FAQ: usize = 15;

struct Out<'a> {
    file: &'a str,
    problems: Vec<DataError>,
}

impl Out<'_> {
    fn push(&mut self, path: impl Into<String>, kind: ProblemKind, message: impl Into<String>) {
        self.problems.push(DataError { file: self.file.to_owned(), path: path.into(), message: message.into(), kind });
    }

    fn text(&mut self, path: &str, t: &Text) {
        for lang in t.missing() {
            let name = match lang {
                Lang::It => "Italian",
                Lang::En => "English",
                other => other.info().endonym,
            };
            self.push(format!("{path}.{}", lang.code()), ProblemKind::Translation, format!("missing {name} text"));
        }
    }

    fn paragraphs(&mut self, path: &str, ps: &[Text]) {
        if ps.is_empty() {
            self.push(path.to_owned(), ProblemKind::Content, "needs at least one paragraph");
        }
        for (k, t) in ps.iter().enumerate() {
            self.text(&format!("{path}[{k}]"), t);
        }
    }

    fn id(&mut self, path: &str, id: &str, seen: &mut HashSet<String>) {
        if !is_id(id) {
            self.push(format!("{path}.id"), ProblemKind::Structure, format!("`{id}` is not an id (lowercase letters, digits, `_`)"));
        }
        if !seen.insert(id.to_owned()) {
            self.push(format!("{path}.id"), ProblemKind::Structure, format!("`{id}` appears twice"));
        }
    }

    fn sources(&mut self, path: &str, sources: &[Source], required: bool) {
        if required && sources.is_empty() {
            self.push(format!("{path}.sources"), ProblemKind::Source, "needs at least one source");
        }
        let mut seen_secondary = false;
        for (k, s) in sources.iter().enumerate() {
            let sp = format!("{path}.sources[{k}]");
            self.problems.extend(source_problems(self.file, &sp, s));
            match s.kind {
                Some(SourceKind::Secondary) => seen_secondary = true,
                Some(SourceKind::Official) if seen_secondary => {
                    self.push(format!("{sp}.kind"), ProblemKind::Source, "official sources come before secondary ones")
                }
                _ => {}
            }
        }
    }
}

pub fn check_guide(json: &str) -> Vec<DataError> {
    let g = match Guide::from_json(json) {
        Ok(g) => g,
        Err(e) => return vec![e],
    };
    let mut o = Out { file: guide::GUIDE_FILE, problems: Vec::new() };
    let mut pages = HashSet::new();
    for (n, page) in g.pages.iter().enumerate() {
        let p = format!("pages[{n}]");
        o.id(&p, &page.id, &mut pages);
        o.text(&format!("{p}.title"), &page.title);
        o.text(&format!("{p}.summary"), &page.summary);
        if page.sections.is_empty() {
            o.push(format!("{p}.sections"), ProblemKind::Content, "a page needs at least one section");
        }
        let mut sections = HashSet::new();
        for (k, s) in page.sections.iter().enumerate() {
            let sp = format!("{p}.sections[{k}]");
            o.id(&sp, &s.id, &mut sections);
            o.text(&format!("{sp}.heading"), &s.heading);
            o.paragraphs(&format!("{sp}.body"), &s.body);
            if let Some(h) = &s.how_long {
                o.text(&format!("{sp}.how_long"), h);
            }
            for (b, t) in s.bring.iter().enumerate() {
                o.text(&format!("{sp}.bring[{b}]"), t);
            }
        }
        o.sources(&p, &page.sources, true);
    }
    o.problems
}

pub fn check_faq(json: &str) -> Vec<DataError> {
    let f = match Faq::from_json(json) {
        Ok(f) => f,
        Err(e) => return vec![e],
    };
    let mut o = Out { file: guide::FAQ_FILE, problems: Vec::new() };
    if f.questions.len() < MIN_FAQ {
        o.push("questions", ProblemKind::Content, format!("{} questions: the FAQ needs at least {MIN_FAQ}", f.questions.len()));
    }
    let mut ids = HashSet::new();
    for (n, q) in f.questions.iter().enumerate() {
        let p = format!("questions[{n}]");
        o.id(&p, &q.id, &mut ids);
        o.text(&format!("{p}.question"), &q.question);
        o.paragraphs(&format!("{p}.answer"), &q.answer);
        o.sources(&p, &q.sources, true);
    }
    o.problems
}

pub fn check_glossary(json: &str) -> Vec<DataError> {
    let g = match Glossary::from_json(json) {
        Ok(g) => g,
        Err(e) => return vec![e],
    };
    let mut o = Out { file: glossary::FILE, problems: Vec::new() };
    let mut ids = HashSet::new();
    // A spelling must lead to one term only.
    let mut spellings: [HashMap<Vec<char>, String>; 2] = [HashMap::new(), HashMap::new()];
    for (n, t) in g.terms().iter().enumerate() {
        let p = format!("terms[{n}]");
        o.id(&p, &t.id, &mut ids);
        o.text(&format!("{p}.term"), &t.term);
        o.text(&format!("{p}.definition"), &t.definition);
        for (li, lang) in Lang::INLINE.into_iter().enumerate() {
            for (k, a) in t.aliases.get(lang).iter().enumerate() {
                if a.trim().is_empty() {
                    o.push(format!("{p}.aliases.{}[{k}]", lang.code()), ProblemKind::Structure, "an empty alias");
                }
            }
            for s in glossary::spellings(t, lang) {
                let folded = glossary::fold_str(s);
                if folded.is_empty() {
                    continue;
                }
                match spellings[li].get(&folded) {
                    Some(other) if *other != t.id => {
                        o.push(p.clone(), ProblemKind::Structure, format!("«{s}» ({}) is also a spelling of `{other}`", lang.code()))
                    }
                    _ => {
                        spellings[li].insert(folded, t.id.clone());
                    }
                }
            }
        }
        o.sources(&p, &t.sources, false);
    }
    o.problems
}
