//! Texts with placeholders, parsed once: `"Hai {age} anni: il limite è 34 anni"`.
//! `{<question id>}` inserts the person's answer; a few named variables exist where they make sense
//! (`{value}`, `{basis}` in amounts; `{question}`, `{date}`, `{successor}`, `{reason}` in engine texts).

use crate::lang::{Lang, Text};
use crate::questionnaire::Questionnaire;
use crate::questionnaire::display::{write_date, write_euros, write_slot};
use crate::questionnaire::state::Slot;
use std::sync::Arc;

/// The named variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Var {
    Value,
    Basis,
    Question,
    Date,
    Successor,
    Reason,
}

impl Var {
    pub(crate) fn parse(name: &str) -> Option<Var> {
        Some(match name {
            "value" => Var::Value,
            "basis" => Var::Basis,
            "question" => Var::Question,
            "date" => Var::Date,
            "successor" => Var::Successor,
            "reason" => Var::Reason,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Lit(Box<str>),
    Answer(u16),
    Var(Var),
}

/// A parsed text. Most texts have no placeholder: they are built once and shared by every outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Template {
    Static(Arc<Text>),
    /// One segment list per language.
    Dynamic {
        it: Box<[Seg]>,
        en: Box<[Seg]>,
    },
}

/// The placeholders in a text, in order (for check-data).
pub(crate) fn placeholders(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// What a render can draw on besides the answers.
#[derive(Default)]
pub(crate) struct Vars<'a> {
    pub value: Option<i64>,
    pub basis: Option<i64>,
    pub question: Option<&'a Text>,
    pub date: Option<crate::date::Date>,
    pub successor: Option<&'a Text>,
    pub reason: Option<&'a Text>,
}

impl Template {
    /// Parses both languages. A placeholder that is neither a question nor a variable allowed in
    /// `vars` stays as written (check-data reports it).
    pub(crate) fn parse(text: &Text, questionnaire: &Questionnaire, vars: &[Var]) -> Template {
        let one = |s: &str| -> Box<[Seg]> {
            let mut segs = Vec::new();
            let mut rest = s;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else { break };
                let name = &after[..close];
                let seg = match (Var::parse(name).filter(|v| vars.contains(v)), questionnaire.index(name)) {
                    (Some(v), _) => Some(Seg::Var(v)),
                    (None, Some(q)) => u16::try_from(q).ok().map(Seg::Answer),
                    (None, None) => None,
                };
                match seg {
                    Some(seg) => {
                        if open > 0 {
                            segs.push(Seg::Lit(rest[..open].into()));
                        }
                        segs.push(seg);
                    }
                    None => segs.push(Seg::Lit(rest[..open + close + 2].into())),
                }
                rest = &after[close + 1..];
            }
            if !rest.is_empty() {
                segs.push(Seg::Lit(rest.into()));
            }
            segs.into_boxed_slice()
        };
        // An empty translation falls back to Italian, as `Text::get` does.
        let en_text = if text.en.trim().is_empty() { &text.it } else { &text.en };
        let (it, en) = (one(&text.it), one(en_text));
        let literal = |segs: &[Seg]| segs.iter().all(|s| matches!(s, Seg::Lit(_)));
        if literal(&it) && literal(&en) {
            // Nothing to fill in: the segments put together are the text itself.
            Template::Static(Arc::new(Text::new(text.it.clone(), en_text.clone())))
        } else {
            Template::Dynamic { it, en }
        }
    }

    /// The questions whose answers this text inserts.
    pub(crate) fn answers(&self, out: &mut Vec<u16>) {
        let Template::Dynamic { it, en } = self else { return };
        out.extend(it.iter().chain(en.iter()).filter_map(|s| match s {
            Seg::Answer(q) => Some(*q),
            Seg::Lit(_) | Seg::Var(_) => None,
        }));
    }

    pub(crate) fn render(&self, questionnaire: &Questionnaire, slots: &[Slot], no_answer: &Text, vars: &Vars) -> Arc<Text> {
        let (it, en) = match self {
            Template::Static(text) => return text.clone(),
            Template::Dynamic { it, en } => (it, en),
        };
        let one = |segs: &[Seg], lang: Lang| {
            let literal: usize = segs.iter().map(|s| if let Seg::Lit(l) = s { l.len() } else { 0 }).sum();
            let mut out = String::with_capacity(literal + 24);
            for seg in segs {
                match seg {
                    Seg::Lit(s) => out.push_str(s),
                    Seg::Answer(q) => {
                        let q = usize::from(*q);
                        let written = match (questionnaire.questions().get(q), slots.get(q)) {
                            (Some(question), Some(slot)) => write_slot(&mut out, question, *slot, lang),
                            _ => false,
                        };
                        if !written {
                            out.push_str(no_answer.get(lang));
                        }
                    }
                    Seg::Var(v) => write_var(&mut out, *v, vars, lang),
                }
            }
            out
        };
        Arc::new(Text { it: one(it, Lang::It), en: one(en, Lang::En) })
    }
}

fn write_var(out: &mut String, v: Var, vars: &Vars, lang: Lang) {
    match v {
        Var::Value => vars.value.into_iter().for_each(|n| write_euros(out, n, lang)),
        Var::Basis => vars.basis.into_iter().for_each(|n| write_euros(out, n, lang)),
        Var::Question => out.push_str(vars.question.map_or("", |t| t.get(lang))),
        Var::Date => vars.date.into_iter().for_each(|d| write_date(out, d, lang)),
        Var::Successor => out.push_str(vars.successor.map_or("", |t| t.get(lang))),
        Var::Reason => out.push_str(vars.reason.map_or("", |t| t.get(lang))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders() {
        assert_eq!(placeholders("Hai {age} anni, {value}."), ["age", "value"]);
        assert!(placeholders("niente { qui").is_empty());
    }
}
