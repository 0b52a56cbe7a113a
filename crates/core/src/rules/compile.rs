//! The rulebook: the questionnaire and the instruments checked against each other and compiled once
//! (question indices, option bitmasks, parsed texts), so `assess` only interprets.

use super::model::{Criterion, CriterionState, Instrument, Instruments, LoanTerms, NoteKind};
use super::outcome::{CriterionInfo, InstrumentInfo};
use super::template::{Template, Var, Vars};
use crate::datacheck::{self, DataError};
use crate::date::Date;
use crate::lang::{Lang, Text};
use crate::questionnaire::{Cond, Condition, Questionnaire, Tri, compile};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Questions, instruments and the links between them, ready for [`super::assess`].
#[derive(Debug, Clone)]
pub struct Rulebook {
    pub(crate) questionnaire: Questionnaire,
    pub(crate) file: Instruments,
    pub(crate) texts: CompiledTexts,
    pub(crate) instruments: Vec<CompiledInstrument>,
    /// Question ids and option short labels, shared by every outcome that quotes them.
    pub(crate) ids: Vec<Arc<str>>,
    pub(crate) labels: Vec<Vec<Arc<Text>>>,
    /// Per question, the engine's "not answered" and "answered «non so»" sentences, built once.
    pub(crate) unknown_texts: Vec<(Arc<Text>, Arc<Text>)>,
    /// How many distinct compiled criteria there are (the size of the per-call memo).
    pub(crate) memo_slots: usize,
    /// The language of the overlay the data was loaded with ([`Rulebook::with_overlay_language`]): the texts'
    /// `local` slots are in it, and so are the numbers, dates and answers the engine writes into them.
    pub(crate) local: Lang,
}

/// Hands out memo indices while compiling.
struct MemoCounter<'a>(&'a std::cell::Cell<usize>);

impl MemoCounter<'_> {
    fn get(&self) -> usize {
        let n = self.0.get();
        self.0.set(n + 1);
        n
    }
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledTexts {
    pub unanswered: Template,
    pub dont_know: Template,
    pub verify_open: Template,
    pub closed: Template,
    pub not_yet_open: Template,
    pub paused: Template,
    pub successor: Template,
    pub no_answer: Arc<Text>,
    /// The check added past `review_by` (shared by every outcome that carries it).
    pub review: Arc<CriterionInfo>,
    pub review_due: Template,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledInstrument {
    pub info: Arc<InstrumentInfo>,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub pauses: Vec<(Date, Date, Text)>,
    /// Narrower windows for some answers: condition, opens, closes, closed text.
    pub lines: Vec<CompiledLine>,
    pub checked_on: Option<Date>,
    pub review_by: Option<Date>,
    /// The loan terms and, per adjustment, its compiled condition.
    pub loan: Option<(LoanTerms, Vec<Cond>)>,
    pub verify_open: bool,
    pub closed_text: Option<Template>,
    pub successor: Option<(String, Text)>,
    /// Shared with other instruments for common criteria (same `Arc`, same memo slot).
    pub criteria: Vec<Arc<CompiledCriterion>>,
    pub amounts: Vec<CompiledAmount>,
    pub notes: Vec<(Cond, NoteKind, Template)>,
    pub prepare: Vec<(Cond, Template)>,
    pub next_steps: Vec<(Cond, Template)>,
    /// Every question whose answer (or whose being asked) can change this outcome, sorted.
    pub used: Vec<u16>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledLine {
    pub when: Cond,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub closed_text: Option<Template>,
}

/// The id of the check the engine adds to an instrument past its `review_by` date. Reserved: no
/// criterion in the data may use it.
pub const REVIEW_DUE: &str = "review_due";

#[derive(Debug, Clone)]
pub(crate) struct CompiledCriterion {
    /// Index of this criterion's result in the per-call memo: a common criterion is evaluated once per
    /// call however many instruments use it. `usize::MAX` for a criterion of one instrument only.
    pub memo: usize,
    pub info: Arc<CriterionInfo>,
    pub unknown: Option<Template>,
    pub cases: Vec<CompiledCase>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledCase {
    pub when: Cond,
    pub state: CriterionState,
    pub blocking: bool,
    pub explain: Template,
    pub would_fit_if: Option<Template>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledAmount {
    pub when: Cond,
    /// Question index and cap.
    pub basis: Option<(u16, i64)>,
    pub percent: Option<u32>,
    pub text: Template,
}

impl Rulebook {
    /// Checks the two files against each other and compiles them. Refuses data the engine could not
    /// read faithfully (unknown questions or options, malformed criteria); gaps that only affect
    /// presentation (a missing English text, a source without a date) are left to `check-data`.
    pub fn new(questionnaire: Questionnaire, instruments: Instruments) -> Result<Rulebook, Vec<DataError>> {
        let blocking: Vec<DataError> =
            datacheck::check(&questionnaire, &instruments, None).into_iter().filter(|p| p.kind.blocks_engine()).collect();
        if !blocking.is_empty() {
            return Err(blocking);
        }
        Ok(Rulebook::compile(questionnaire, instruments))
    }

    /// Parses both files, then [`Rulebook::new`].
    pub fn from_json(questionnaire_json: &str, instruments_json: &str) -> Result<Rulebook, Vec<DataError>> {
        let questionnaire = Questionnaire::from_json(questionnaire_json);
        let instruments = Instruments::from_json(instruments_json);
        match (questionnaire, instruments) {
            (Ok(q), Ok(i)) => Rulebook::new(q, i),
            (q, i) => Err(q.err().into_iter().chain(i.err()).collect()),
        }
    }

    /// Parses both files and compiles them without checking them against each other: for data that passed
    /// the checks already (the build refuses to ship data with a problem [`Rulebook::new`] would refuse, and
    /// `make test` runs `check-data`). The app uses it, so the checker is not part of what a phone downloads.
    pub fn from_checked_json(questionnaire_json: &str, instruments_json: &str) -> Result<Rulebook, Vec<DataError>> {
        let questionnaire = Questionnaire::from_json(questionnaire_json);
        let instruments = Instruments::from_json(instruments_json);
        match (questionnaire, instruments) {
            (Ok(q), Ok(i)) => Ok(Rulebook::compile(q, i)),
            (q, i) => Err(q.err().into_iter().chain(i.err()).collect()),
        }
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        &self.questionnaire
    }

    pub fn instruments(&self) -> &Instruments {
        &self.file
    }

    /// Ids of the questions whose answers can change this instrument's outcome (directly, or by deciding
    /// whether such a question is asked). Any other answer is irrelevant to it.
    pub fn questions_used(&self, instrument: &str) -> Option<Vec<&str>> {
        let ci = self.instruments.iter().find(|i| i.info.id == instrument)?;
        Some(ci.used.iter().map(|q| self.questionnaire.questions()[usize::from(*q)].id.as_str()).collect())
    }

    /// Compiles without checking (check-data uses it to see which questions the rules read).
    pub(crate) fn compile(questionnaire: Questionnaire, file: Instruments) -> Rulebook {
        let defines = |name: &str| file.define.get(name);
        let cond = |c: &Option<Condition>| c.as_ref().map_or(Cond::Const(Tri::True), |c| compile(c, &questionnaire, &defines));
        let tpl = |t: &Text, vars: &[Var]| Template::parse(t, &questionnaire, vars);
        let t = &file.texts;
        let texts = CompiledTexts {
            unanswered: tpl(&t.unanswered, &[Var::Question]),
            dont_know: tpl(&t.dont_know, &[Var::Question]),
            verify_open: tpl(&t.verify_open, &[]),
            closed: tpl(&t.closed, &[Var::Date]),
            not_yet_open: tpl(&t.not_yet_open, &[Var::Date]),
            paused: tpl(&t.paused, &[Var::Date, Var::Reason]),
            successor: tpl(&t.successor, &[Var::Successor]),
            no_answer: Arc::new(t.no_answer.clone()),
            review: Arc::new(CriterionInfo { id: REVIEW_DUE.to_owned(), label: t.review_label.clone() }),
            review_due: tpl(&t.review_due, &[Var::Date]),
        };

        let next_memo = std::cell::Cell::new(0usize);
        let next_memo = MemoCounter(&next_memo);
        let criterion = |c: &Criterion, memo: usize| CompiledCriterion {
            memo,
            info: Arc::new(CriterionInfo { id: c.id.clone(), label: c.label.clone() }),
            unknown: c.unknown.as_ref().map(|u| tpl(u, &[Var::Question])),
            cases: c
                .cases
                .iter()
                .map(|case| CompiledCase {
                    when: cond(&case.when),
                    state: case.state,
                    blocking: case.blocking,
                    explain: tpl(&case.explain, &[]),
                    would_fit_if: case.would_fit_if.as_ref().map(|w| tpl(w, &[])),
                })
                .collect(),
        };
        let common: HashMap<&str, Arc<CompiledCriterion>> =
            file.common_criteria.iter().map(|(name, c)| (name.as_str(), Arc::new(criterion(c, next_memo.get())))).collect();
        let instruments = file
            .instruments
            .iter()
            .map(|inst| {
                let criteria: Vec<Arc<CompiledCriterion>> = inst
                    .criteria
                    .iter()
                    .filter_map(|c| match &c.uses {
                        Some(name) => common.get(name.as_str()).cloned(),
                        // Used by this instrument only: nothing to share, no memo slot.
                        None => Some(Arc::new(criterion(c, usize::MAX))),
                    })
                    .collect();
                let amounts: Vec<CompiledAmount> = inst
                    .amounts
                    .iter()
                    .map(|a| CompiledAmount {
                        when: cond(&a.when),
                        basis: a.basis.as_ref().and_then(|b| {
                            let q = questionnaire.index(&b.q).and_then(|i| u16::try_from(i).ok())?;
                            Some((q, b.max.unwrap_or(i64::MAX)))
                        }),
                        percent: a.percent,
                        text: tpl(&a.text, &[Var::Value, Var::Basis]),
                    })
                    .collect();
                let successor = inst.successor.as_ref().and_then(|s| file.get(s)).map(|s| (s.id.clone(), s.name.clone()));
                let mut compiled = CompiledInstrument {
                    info: Arc::new(info(inst)),
                    opens_on: inst.opens_on,
                    closes_on: inst.closes_on,
                    pauses: inst.pauses.iter().map(|p| (p.from, p.to, p.reason.clone())).collect(),
                    lines: inst
                        .lines
                        .iter()
                        .map(|l| CompiledLine {
                            when: cond(&Some(l.when.clone())),
                            opens_on: l.opens_on,
                            closes_on: l.closes_on,
                            closed_text: l.closed_text.as_ref().map(|t| tpl(t, &[Var::Date])),
                        })
                        .collect(),
                    checked_on: inst.checked_on,
                    review_by: inst.review_by,
                    loan: inst.loan.as_ref().map(|l| (l.clone(), l.adjust.iter().map(|a| cond(&Some(a.when.clone()))).collect())),
                    verify_open: inst.verify_open,
                    closed_text: inst.closed_text.as_ref().map(|t| tpl(t, &[Var::Date])),
                    successor,
                    criteria,
                    amounts,
                    notes: inst.notes.iter().map(|n| (cond(&n.when), n.kind, tpl(&n.text, &[]))).collect(),
                    prepare: inst.prepare.iter().map(|p| (cond(&p.when), tpl(&p.text, &[]))).collect(),
                    next_steps: inst.next_steps.iter().map(|p| (cond(&p.when), tpl(&p.text, &[]))).collect(),
                    used: Vec::new(),
                };
                compiled.used = used_questions(&compiled, &questionnaire);
                compiled
            })
            .collect();
        let ids = questionnaire.questions().iter().map(|q| Arc::from(q.id.as_str())).collect();
        let labels =
            questionnaire.questions().iter().map(|q| q.options.iter().map(|o| Arc::new(o.short_label().clone())).collect()).collect();
        let unknown_texts = unknown_texts(&questionnaire, &texts, Lang::En);
        let memo_slots = next_memo.0.get();
        Rulebook { questionnaire, file, texts, instruments, ids, labels, unknown_texts, memo_slots, local: Lang::En }
    }

    /// Says which overlay language the data files were loaded with (`crate::overlay`), so that the explanations,
    /// amounts and steps the engine writes are complete in it too (numbers and dates in its format). Italian and
    /// English need nothing (their texts are inline).
    pub fn with_overlay_language(mut self, lang: Lang) -> Rulebook {
        if lang.has_overlay() {
            self.local = lang;
            self.unknown_texts = unknown_texts(&self.questionnaire, &self.texts, lang);
        }
        self
    }
}

/// Per question, the engine's "not answered" and "answered «non so»" sentences.
fn unknown_texts(questionnaire: &Questionnaire, texts: &CompiledTexts, local: Lang) -> Vec<(Arc<Text>, Arc<Text>)> {
    questionnaire
        .questions()
        .iter()
        .map(|q| {
            let vars = Vars { question: Some(&q.legend), ..Vars::default() };
            let render = |t: &Template| t.render(questionnaire, &[], &texts.no_answer, &vars, local);
            (render(&texts.unanswered), render(&texts.dont_know))
        })
        .collect()
}

fn info(inst: &Instrument) -> InstrumentInfo {
    InstrumentInfo {
        id: inst.id.clone(),
        name: inst.name.clone(),
        managing_body: inst.managing_body.clone(),
        region: inst.region.clone(),
        support: inst.support.clone(),
        support_kinds: inst.support_kinds.clone(),
        legal_basis: inst.legal_basis.clone(),
        sources: inst.sources.clone(),
        checked_on: inst.checked_on,
        review_by: inst.review_by,
        opens_on: inst.opens_on,
        closes_on: inst.closes_on,
        alternatives: inst.alternatives.clone(),
        loan: inst.loan.clone(),
        non_repayable: inst.non_repayable.clone(),
    }
}

/// The questions an instrument reads, closed over branching: if a rule reads `crater`, whether `crater`
/// is asked depends on `region`, so `region` is used too.
fn used_questions(ci: &CompiledInstrument, questionnaire: &Questionnaire) -> Vec<u16> {
    let mut direct = Vec::new();
    for c in &ci.criteria {
        if let Some(u) = &c.unknown {
            u.answers(&mut direct);
        }
        for case in &c.cases {
            case.when.questions(&mut direct);
            case.explain.answers(&mut direct);
            if let Some(w) = &case.would_fit_if {
                w.answers(&mut direct);
            }
        }
    }
    for a in &ci.amounts {
        a.when.questions(&mut direct);
        a.text.answers(&mut direct);
        direct.extend(a.basis.map(|(q, _)| q));
    }
    for (when, _, text) in &ci.notes {
        when.questions(&mut direct);
        text.answers(&mut direct);
    }
    for (when, text) in ci.prepare.iter().chain(&ci.next_steps) {
        when.questions(&mut direct);
        text.answers(&mut direct);
    }
    for line in &ci.lines {
        line.when.questions(&mut direct);
    }
    if let Some((_, conds)) = &ci.loan {
        conds.iter().for_each(|c| c.questions(&mut direct));
        direct.extend(questionnaire.index(crate::loan::AMOUNT_QUESTION).and_then(|i| u16::try_from(i).ok()));
    }
    // `{g:…}` forms, in the rule's own texts or in the short texts of the answers it quotes or reads (the
    // criteria list every answer they read), agree with the person: the gender answer is read too.
    let mut texts: Vec<&Template> = Vec::new();
    for c in &ci.criteria {
        texts.extend(c.unknown.iter());
        for case in &c.cases {
            texts.push(&case.explain);
            texts.extend(case.would_fit_if.iter());
        }
    }
    texts.extend(ci.amounts.iter().map(|a| &a.text));
    texts.extend(ci.notes.iter().map(|(_, _, t)| t));
    texts.extend(ci.prepare.iter().chain(&ci.next_steps).map(|(_, t)| t));
    texts.extend(ci.lines.iter().filter_map(|l| l.closed_text.as_ref()));
    texts.extend(ci.closed_text.iter());
    let quotes_gendered = direct.iter().any(|q| {
        questionnaire
            .questions()
            .get(usize::from(*q))
            .is_some_and(|q| q.options.iter().any(|o| o.short.as_ref().is_some_and(|s| s.it.contains("{g:") || s.en.contains("{g:"))))
    });
    if quotes_gendered || texts.iter().any(|t| t.has_variants()) {
        direct.extend(questionnaire.index(super::template::GENDER_QUESTION).and_then(|i| u16::try_from(i).ok()));
    }
    let mut used: BTreeSet<u16> = BTreeSet::new();
    let mut todo = direct;
    while let Some(q) = todo.pop() {
        if used.insert(q) {
            questionnaire.compiled_show_if(usize::from(q)).questions(&mut todo);
        }
    }
    used.into_iter().collect()
}
