//! The interpreter: answers + rulebook + date → one [`Outcome`] per instrument. Pure and deterministic.
//!
//! Status, in order: outside its dates (or paused) an instrument is `closed`, whatever the answers
//! (a line with its own window, e.g. loans above €25,000, uses that window for the answers it covers);
//! an unmet blocking criterion makes it `not_eligible`; an unknown answer, a non-blocking unmet
//! criterion or an unconfirmed call makes it `possible`; otherwise `eligible`. Past its `review_by`
//! date an instrument that would fit gets one more check, [`REVIEW_DUE`] ("last checked on …: check
//! the call is still open"), so data that nobody re-checked never keeps saying "eligible".

use super::compile::{CompiledCriterion, CompiledInstrument, REVIEW_DUE, Rulebook};
use super::model::{CriterionState, NoteKind, Shut, shut_on};
use super::outcome::{AnswerUsed, Closure, ClosureReason, CriterionOutcome, Note, Outcome, Status, SuccessorRef};
use super::template::{Vars, gender_of, resolve_variants};
use crate::date::Date;
use crate::lang::{Lang, Text};
use crate::questionnaire::display::slot_text;
use crate::questionnaire::state::Slot;
use crate::questionnaire::{Answers, Ctx, InputProblem, Mode, Tri, Witness};
use std::sync::Arc;

/// Assesses every instrument, in the order of `instruments.json`.
pub fn assess(answers: &Answers, rulebook: &Rulebook, today: Date) -> Vec<Outcome> {
    let slots = rulebook.questionnaire.resolve_for_rules(answers);
    let ctx = Ctx { slots: &slots, unknown: rulebook.questionnaire.unknown_indices(), mode: Mode::Assess, today: Some(today) };
    let mut scratch = Witness::new();
    let mut memo: Vec<Option<Option<CriterionOutcome>>> = vec![None; rulebook.memo_slots];
    rulebook.instruments.iter().map(|inst| assess_one(inst, rulebook, answers, &ctx, today, &mut scratch, &mut memo)).collect()
}

impl Rulebook {
    /// [`assess`].
    pub fn assess(&self, answers: &Answers, today: Date) -> Vec<Outcome> {
        assess(answers, self, today)
    }

    /// [`assess`], refusing answers that do not fit their questions (an amount of 0 €, an option that does
    /// not exist…) with the same plain messages the questions show. [`assess`] itself never fails: it
    /// reads such an answer as missing, so it can only make an outcome "possible", never "eligible".
    pub fn assess_checked(&self, answers: &Answers, today: Date) -> Result<Vec<Outcome>, BadAnswers> {
        let problems = self.questionnaire.check_answers(answers);
        if problems.is_empty() { Ok(assess(answers, self, today)) } else { Err(BadAnswers(problems)) }
    }
}

/// Answers [`Rulebook::assess_checked`] refused, each with its question and message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} answer(s) do not fit their questions: {}", .0.len(), .0.iter().map(|p| p.question.as_str()).collect::<Vec<_>>().join(", "))]
pub struct BadAnswers(pub Vec<InputProblem>);

fn assess_one(
    inst: &CompiledInstrument,
    rb: &Rulebook,
    answers: &Answers,
    ctx: &Ctx,
    today: Date,
    w: &mut Witness,
    memo: &mut [Option<Option<CriterionOutcome>>],
) -> Outcome {
    let render = |t: &super::template::Template, vars: &Vars| t.render(&rb.questionnaire, ctx.slots, &rb.texts.no_answer, vars, rb.local);
    let holds = |c: &crate::questionnaire::Cond, w: &mut Witness| {
        w.clear();
        c.eval(ctx, w) == Tri::True
    };

    let mut criteria = Vec::with_capacity(inst.criteria.len());
    for c in &inst.criteria {
        // A criterion's result depends only on the answers and the date, fixed for this call.
        let result = match memo.get(c.memo) {
            Some(Some(done)) => done.clone(),
            _ => {
                let fresh = criterion(c, rb, answers, ctx, w);
                if let Some(slot) = memo.get_mut(c.memo) {
                    *slot = Some(fresh.clone());
                }
                fresh
            }
        };
        criteria.extend(result);
    }

    let closed = closure(inst, rb, today, ctx, w);
    let would_fit = closed.is_none() && !criteria.iter().any(|c| c.state == CriterionState::Unmet && c.blocking);
    // A call that nobody re-checked may have run out of money: say when it was last checked. Funds whose
    // call is not confirmed at all already say so (`verify_open`).
    if would_fit && !inst.verify_open && inst.review_by.is_some_and(|r| today > r) {
        let date = inst.checked_on.or(inst.review_by);
        criteria.push(CriterionOutcome {
            info: rb.texts.review.clone(),
            state: CriterionState::Unknown,
            blocking: false,
            answers: Vec::new(),
            explanation: render(&rb.texts.review_due, &Vars { date, ..Vars::default() }),
            would_fit_if: None,
        });
    }
    debug_assert!(criteria.iter().filter(|c| c.info.id == REVIEW_DUE).count() <= 1);
    let status = if closed.is_some() {
        Status::Closed
    } else if criteria.iter().any(|c| c.state == CriterionState::Unmet && c.blocking) {
        Status::NotEligible
    } else if inst.verify_open || criteria.iter().any(|c| c.state != CriterionState::Met) {
        Status::Possible
    } else {
        Status::Eligible
    };

    let no_vars = Vars::default();
    let mut amounts = Vec::with_capacity(inst.amounts.len());
    amounts.extend(inst.amounts.iter().filter(|a| holds(&a.when, w)).filter_map(|a| {
        let basis = match a.basis {
            None => None,
            Some((q, cap)) => match ctx.slots.get(usize::from(q)) {
                Some(Slot::Int(n)) => Some((*n).clamp(0, cap.max(0))),
                // Without the number there is nothing to compute: leave the line out.
                _ => return None,
            },
        };
        let value = match (basis, a.percent) {
            (Some(b), Some(p)) => Some(percent_of(b, p)),
            (b, _) => b,
        };
        Some(render(&a.text, &Vars { value, basis, ..Vars::default() }))
    }));

    let mut notes = Vec::with_capacity(inst.notes.len() + 1);
    if inst.verify_open {
        notes.push(Note { kind: NoteKind::Verify, text: render(&rb.texts.verify_open, &no_vars) });
    }
    notes.extend(
        inst.notes.iter().filter(|(when, _, _)| holds(when, w)).map(|(_, kind, text)| Note { kind: *kind, text: render(text, &no_vars) }),
    );
    let mut prepare = Vec::with_capacity(inst.prepare.len());
    prepare.extend(inst.prepare.iter().filter(|(when, _)| holds(when, w)).map(|(_, t)| render(t, &no_vars)));
    let mut next_steps = Vec::with_capacity(inst.next_steps.len());
    next_steps.extend(inst.next_steps.iter().filter(|(when, _)| holds(when, w)).map(|(_, t)| render(t, &no_vars)));

    let loan = inst.loan.as_ref().map(|(terms, conds)| {
        let applies: Vec<bool> = conds.iter().map(|c| holds(c, w)).collect();
        let mut loan = crate::loan::PersonLoan::resolve(terms, |i| applies.get(i).copied().unwrap_or(false));
        let amount = rb.questionnaire.index(crate::loan::AMOUNT_QUESTION).and_then(|q| match ctx.slots.get(q) {
            Some(Slot::Int(n)) => Some(*n),
            _ => None,
        });
        loan.estimate = amount.and_then(|a| loan.estimate(a, None).ok());
        loan
    });

    Outcome { info: inst.info.clone(), status, criteria, amounts, prepare, next_steps, notes, closed, verify_open: inst.verify_open, loan }
}

/// `percent`% of `basis`, rounded to the nearest euro.
fn percent_of(basis: i64, percent: u32) -> i64 {
    let exact = i128::from(basis) * i128::from(percent);
    i64::try_from((exact + 50) / 100).unwrap_or(i64::MAX)
}

/// Walks the cases: the first that holds decides; one that cannot be decided (it needs an answer that
/// is missing or "non so") makes the criterion unknown; if none holds the criterion does not apply.
fn criterion(c: &CompiledCriterion, rb: &Rulebook, answers: &Answers, ctx: &Ctx, w: &mut Witness) -> Option<CriterionOutcome> {
    w.clear();
    let qn = &rb.questionnaire;
    let render = |t: &super::template::Template, vars: &Vars| t.render(qn, ctx.slots, &rb.texts.no_answer, vars, rb.local);
    for case in &c.cases {
        let start = w.len();
        match case.when.eval(ctx, w) {
            Tri::False => continue,
            Tri::True => {
                return Some(CriterionOutcome {
                    info: c.info.clone(),
                    state: case.state,
                    blocking: case.state == CriterionState::Unmet && case.blocking,
                    answers: answers_used(w.iter().map(|(q, _)| *q), rb, answers, ctx.slots),
                    explanation: render(&case.explain, &Vars::default()),
                    would_fit_if: case.would_fit_if.as_ref().map(|t| render(t, &Vars::default())),
                });
            }
            Tri::Unknown => {
                let unknown = || w[start..].iter().filter(|(_, t)| *t == Tri::Unknown).map(|(q, _)| *q);
                let first = unknown().next().map(usize::from);
                let said_dont_know = first.is_some_and(
                    |q| matches!(ctx.slots.get(q), Some(Slot::Choice(i)) if ctx.unknown.get(q).copied().flatten() == Some(*i)),
                );
                let explanation = match (&c.unknown, first.and_then(|q| rb.unknown_texts.get(q))) {
                    (Some(own), _) => {
                        let question = first.and_then(|q| qn.questions().get(q)).map(|q| &q.legend);
                        render(own, &Vars { question, ..Vars::default() })
                    }
                    (None, Some((unanswered, dont_know))) => {
                        if said_dont_know {
                            dont_know.clone()
                        } else {
                            unanswered.clone()
                        }
                    }
                    (None, None) => render(&rb.texts.unanswered, &Vars::default()),
                };
                return Some(CriterionOutcome {
                    info: c.info.clone(),
                    state: CriterionState::Unknown,
                    blocking: false,
                    answers: answers_used(unknown(), rb, answers, ctx.slots),
                    explanation,
                    would_fit_if: None,
                });
            }
        }
    }
    None
}

fn answers_used(qs: impl Iterator<Item = u16>, rb: &Rulebook, answers: &Answers, slots: &[Slot]) -> Vec<AnswerUsed> {
    let mut out: Vec<AnswerUsed> = Vec::new();
    let mut seen = 0u64;
    for q in qs {
        let i = usize::from(q);
        let (Some(question), Some(id)) = (rb.questionnaire.questions().get(i), rb.ids.get(i)) else {
            continue;
        };
        // Questions are few (check-data caps choices, not questions): a bitmask covers the usual case.
        if i < 64 && seen & (1u64 << i) != 0 || i >= 64 && out.iter().any(|a| a.question == *id) {
            continue;
        }
        if i < 64 {
            seen |= 1u64 << i;
        }
        let slot = slots.get(i).copied().unwrap_or(Slot::Unanswered);
        let display = match slot {
            Slot::Choice(c) => rb.labels.get(i).and_then(|l| l.get(usize::from(c))).cloned(),
            _ => slot_text(question, slot).map(Arc::new),
        };
        // A short text with `{g:…}` forms agrees with the person.
        let display = display.map(|d| {
            if d.it.contains("{g:") || d.en.contains("{g:") {
                let g = gender_of(&rb.questionnaire, slots);
                Arc::new(Text::new(resolve_variants(&d.it, g, Lang::It), resolve_variants(&d.en, g, Lang::En)))
            } else {
                d
            }
        });
        let value = display.as_ref().and_then(|_| answers.get(&question.id).cloned());
        out.push(AnswerUsed { question: id.clone(), value, display: display.unwrap_or_else(|| rb.texts.no_answer.clone()) });
    }
    out
}

fn closure(inst: &CompiledInstrument, rb: &Rulebook, today: Date, ctx: &Ctx, w: &mut Witness) -> Option<Closure> {
    let render = |t: &super::template::Template, vars: &Vars| t.render(&rb.questionnaire, ctx.slots, &rb.texts.no_answer, vars, rb.local);
    // The first line that surely covers these answers has its own window; an undecided one does not count,
    // so an unknown answer keeps the widest (the instrument's own) window.
    let line = inst.lines.iter().find(|l| {
        w.clear();
        l.when.eval(ctx, w) == Tri::True
    });
    let opens_on = line.and_then(|l| l.opens_on).or(inst.opens_on);
    let closes_on = line.and_then(|l| l.closes_on).or(inst.closes_on);
    let closed_text = line.and_then(|l| l.closed_text.as_ref()).or(inst.closed_text.as_ref());
    // The rule itself lives in `shut_on`, shared with `Instrument::accepts_applications`.
    let shut = shut_on(opens_on, closes_on, inst.pauses.iter().map(|(from, to, _)| (*from, *to)), today)?;
    let (reason, date, mut text) = match shut {
        Shut::NotYetOpen(open) => {
            (ClosureReason::NotYetOpen, open, render(&rb.texts.not_yet_open, &Vars { date: Some(open), ..Vars::default() }))
        }
        Shut::Closed(close) => {
            let template = closed_text.unwrap_or(&rb.texts.closed);
            (ClosureReason::Closed, close, render(template, &Vars { date: Some(close), ..Vars::default() }))
        }
        Shut::Paused { index, until } => {
            let why = inst.pauses.get(index).map(|(_, _, why)| why);
            (ClosureReason::Paused, until, render(&rb.texts.paused, &Vars { date: Some(until), reason: why, ..Vars::default() }))
        }
    };
    let successor = inst.successor.as_ref().map(|(id, name)| SuccessorRef { id: id.clone(), name: name.clone() });
    if let Some(s) = &successor {
        let line = render(&rb.texts.successor, &Vars { successor: Some(&s.name), ..Vars::default() });
        text = Arc::new(Text::new(format!("{} {}", text.it, line.it), format!("{} {}", text.en, line.en)));
    }
    Some(Closure { reason, date, text, successor })
}
