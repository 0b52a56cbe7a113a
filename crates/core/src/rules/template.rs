//! Texts with placeholders, parsed once: `"Hai {age} anni: il limite è 34 anni"`.
//! `{<question id>}` inserts the person's answer; a few named variables exist where they make sense
//! (`{value}`, `{basis}` in amounts; `{question}`, `{date}`, `{successor}`, `{reason}` in engine texts).
//!
//! Italian agrees with the person: `{g:iscritto|iscritta}` follows the answer to the gender question
//! ("M" → the first form, "F" → the second) and, when the answer is anything else or missing, says both
//! ("iscritto o iscritta") or the third form if one is given: `{g:stato|stata|hai avuto}`. The same
//! variants may appear in an option's `short` text, and are resolved where the answer is quoted.

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
    Gender(Box<Variants>),
}

/// The question whose answer decides `{g:…}` forms, and its values.
pub const GENDER_QUESTION: &str = "gender";
const FEMININE: &str = "F";
const MASCULINE: &str = "M";

/// How to address the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Masculine,
    Feminine,
    /// Not said, or neither: both forms, or a neutral wording.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variants {
    masculine: Box<str>,
    feminine: Box<str>,
    neutral: Box<str>,
}

impl Variants {
    /// `"iscritto|iscritta"` or `"stato|stata|hai avuto"` (the text after `g:`); `None` if malformed.
    pub(crate) fn parse(spec: &str, lang: crate::lang::Lang) -> Option<Variants> {
        let parts: Vec<&str> = spec.split('|').collect();
        if parts.iter().any(|p| p.trim().is_empty()) {
            return None;
        }
        let both = |m: &str, f: &str| match lang {
            Lang::It => format!("{m} o {f}"),
            // Templates with gender forms are Italian and English only; other languages read the English.
            _ => format!("{m} or {f}"),
        };
        match parts.as_slice() {
            [m, f] => Some(Variants { masculine: (*m).into(), feminine: (*f).into(), neutral: both(m, f).into() }),
            [m, f, n] => Some(Variants { masculine: (*m).into(), feminine: (*f).into(), neutral: (*n).into() }),
            _ => None,
        }
    }

    fn pick(&self, g: Gender) -> &str {
        match g {
            Gender::Masculine => &self.masculine,
            Gender::Feminine => &self.feminine,
            Gender::Unknown => &self.neutral,
        }
    }
}

/// The person's gender as far as the answers say.
pub(crate) fn gender_of(questionnaire: &Questionnaire, slots: &[Slot]) -> Gender {
    let Some(q) = questionnaire.index(GENDER_QUESTION) else {
        return Gender::Unknown;
    };
    match (slots.get(q), questionnaire.questions().get(q)) {
        (Some(Slot::Choice(i)), Some(question)) => match question.options.get(usize::from(*i)).map(|o| o.value.as_str()) {
            Some(FEMININE) => Gender::Feminine,
            Some(MASCULINE) => Gender::Masculine,
            _ => Gender::Unknown,
        },
        _ => Gender::Unknown,
    }
}

/// Resolves every `{g:…}` in `s` (an option's short text quoted in a sentence); other braces stay.
pub(crate) fn resolve_variants(s: &str, g: Gender, lang: Lang) -> std::borrow::Cow<'_, str> {
    if !s.contains("{g:") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find("{g:") {
        let after = &rest[open + 3..];
        let Some(close) = after.find('}') else { break };
        out.push_str(&rest[..open]);
        match Variants::parse(&after[..close], lang) {
            Some(v) => out.push_str(v.pick(g)),
            None => out.push_str(&rest[open..open + 3 + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A parsed text. Most texts have no placeholder: they are built once and shared by every outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Template {
    Static(Arc<Text>),
    /// One segment list per language; `local` for the overlay language's text (`Text::local`), when there is one.
    Dynamic {
        it: Box<[Seg]>,
        en: Box<[Seg]>,
        local: Option<Box<[Seg]>>,
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
        let one = |s: &str, lang: Lang| -> Box<[Seg]> {
            let mut segs = Vec::new();
            let mut rest = s;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('}') else { break };
                let name = &after[..close];
                let seg = match (Var::parse(name).filter(|v| vars.contains(v)), questionnaire.index(name)) {
                    _ if name.starts_with("g:") => Variants::parse(&name[2..], lang).map(|v| Seg::Gender(Box::new(v))),
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
        let (it, en) = (one(&text.it, Lang::It), one(en_text, Lang::En));
        // The overlay's text (one language at a time): parsed like the others, so that an explanation shows in the
        // person's language with their answers in it. Gender forms are Italian and English only.
        let local_text = text.local.as_deref().filter(|s| !s.trim().is_empty());
        let local = local_text.map(|s| one(s, Lang::En));
        let literal = |segs: &[Seg]| segs.iter().all(|s| matches!(s, Seg::Lit(_)));
        if literal(&it) && literal(&en) && local.as_deref().is_none_or(literal) {
            // Nothing to fill in: the segments put together are the text itself.
            Template::Static(Arc::new(Text { it: text.it.clone(), en: en_text.clone(), local: local_text.map(str::to_string) }))
        } else {
            Template::Dynamic { it, en, local }
        }
    }

    /// Whether the text has `{g:…}` forms (so the gender answer changes it).
    pub(crate) fn has_variants(&self) -> bool {
        match self {
            Template::Static(_) => false,
            Template::Dynamic { it, en, local } => {
                it.iter().chain(en.iter()).chain(local.iter().flatten()).any(|s| matches!(s, Seg::Gender(_)))
            }
        }
    }

    /// The questions whose answers this text inserts.
    pub(crate) fn answers(&self, out: &mut Vec<u16>) {
        let Template::Dynamic { it, en, local } = self else {
            return;
        };
        out.extend(it.iter().chain(en.iter()).chain(local.iter().flatten()).filter_map(|s| match s {
            Seg::Answer(q) => Some(*q),
            Seg::Lit(_) | Seg::Var(_) | Seg::Gender(_) => None,
        }));
    }

    /// The text with the answers and variables filled in, in Italian, English and, if the data was loaded with an
    /// overlay, in `local` (the overlay's language: how its numbers, dates and answers are written).
    pub(crate) fn render(&self, questionnaire: &Questionnaire, slots: &[Slot], no_answer: &Text, vars: &Vars, local: Lang) -> Arc<Text> {
        let (it, en, local_segs) = match self {
            Template::Static(text) => return text.clone(),
            Template::Dynamic { it, en, local } => (it, en, local),
        };
        let gender = gender_of(questionnaire, slots);
        let one = |segs: &[Seg], lang: Lang| {
            let literal: usize = segs.iter().map(|s| if let Seg::Lit(l) = s { l.len() } else { 0 }).sum();
            let mut out = String::with_capacity(literal + 24);
            for seg in segs {
                match seg {
                    Seg::Lit(s) => out.push_str(s),
                    Seg::Answer(q) => {
                        let q = usize::from(*q);
                        let start = out.len();
                        let written = match (questionnaire.questions().get(q), slots.get(q)) {
                            (Some(question), Some(slot)) => write_slot(&mut out, question, *slot, lang),
                            _ => false,
                        };
                        if !written {
                            out.push_str(no_answer.get(lang));
                        } else if out[start..].contains("{g:") {
                            let resolved = resolve_variants(&out[start..], gender, lang).into_owned();
                            out.truncate(start);
                            out.push_str(&resolved);
                        }
                    }
                    Seg::Var(v) => write_var(&mut out, *v, vars, lang),
                    Seg::Gender(v) => out.push_str(v.pick(gender)),
                }
            }
            out
        };
        Arc::new(Text { it: one(it, Lang::It), en: one(en, Lang::En), local: local_segs.as_ref().map(|segs| one(segs, local)) })
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

    #[test]
    fn variants_follow_the_gender_and_say_both_otherwise() {
        let s = "Sei {g:iscritto|iscritta} e {g:stato|stata|hai avuto} {g:x}";
        assert_eq!(resolve_variants(s, Gender::Feminine, Lang::It), "Sei iscritta e stata {g:x}");
        assert_eq!(resolve_variants(s, Gender::Masculine, Lang::It), "Sei iscritto e stato {g:x}");
        assert_eq!(resolve_variants(s, Gender::Unknown, Lang::It), "Sei iscritto o iscritta e hai avuto {g:x}");
        assert_eq!(resolve_variants("no variants", Gender::Unknown, Lang::En), "no variants");
        assert!(Variants::parse("a|", Lang::It).is_none());
        assert!(Variants::parse("a|b|c|d", Lang::It).is_none());
    }
}
