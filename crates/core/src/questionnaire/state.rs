//! What is known about each question for a set of answers: asked or skipped by the branching, and the
//! answer read against the question's options. Navigation and the rules engine both start here, so the
//! path a person walks and the answers the rules read can never disagree.

use super::condition::{Ctx, Mode, Witness};
use super::{Answer, Answers, Kind, Question, Questionnaire, Tri};
use crate::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Not asked: its `show_if` is false. Its answer, if any, is ignored.
    Hidden,
    /// Asked or not depending on an earlier answer that is missing.
    Maybe,
    /// Asked, not answered.
    Unanswered,
    /// Asked, but the stored answer does not fit the question (wrong type or not an option).
    Invalid,
    /// Index of the chosen option.
    Choice(u8),
    /// Bitmask of the chosen options.
    Choices(u64),
    Int(i64),
    Date(Date),
}

impl Slot {
    /// Asked, or possibly asked: the question belongs on the person's path.
    pub(crate) fn on_path(self) -> bool {
        !matches!(self, Slot::Hidden)
    }
}

impl Questionnaire {
    /// One slot per question, in questionnaire order, as navigation sees it: a question is asked when
    /// its `show_if` holds for the answers given ("non so" being an answer like any other).
    /// `show_if` only looks back, so one pass suffices.
    pub(crate) fn resolve(&self, answers: &Answers) -> Vec<Slot> {
        self.resolve_both(answers).0
    }

    /// The slots as the rules read them. Same as [`Questionnaire::resolve`], except that a question
    /// skipped only because of a "non so" answer (or a missing one) counts as possibly asked: once the
    /// person knows, it may well be asked, so its answer is unknown rather than "does not apply".
    pub(crate) fn resolve_for_rules(&self, answers: &Answers) -> Vec<Slot> {
        self.resolve_both(answers).1
    }

    fn resolve_both(&self, answers: &Answers) -> (Vec<Slot>, Vec<Slot>) {
        let n = self.questions().len();
        let (mut literal, mut rules) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut scratch = Witness::new();
        for (i, question) in self.questions().iter().enumerate() {
            let show_if = self.compiled_show_if(i);
            scratch.clear();
            let asked =
                show_if.eval(&Ctx { slots: &literal, unknown: self.unknown_indices(), mode: Mode::Literal, today: None }, &mut scratch);
            let answer = || answers.get(&question.id).map_or(Slot::Unanswered, |a| read(question, a));
            let slot = match asked {
                Tri::True => answer(),
                Tri::False => Slot::Hidden,
                Tri::Unknown => Slot::Maybe,
            };
            // Evaluated with "non so" as unknown, branching can only lose certainty (Kleene logic), so
            // `True` here implies `True` above: only a skipped question can become "possibly asked".
            let rules_slot = match slot {
                Slot::Hidden => {
                    scratch.clear();
                    let ctx = Ctx { slots: &rules, unknown: self.unknown_indices(), mode: Mode::Assess, today: None };
                    if show_if.eval(&ctx, &mut scratch) == Tri::False { Slot::Hidden } else { Slot::Maybe }
                }
                other => other,
            };
            literal.push(slot);
            rules.push(rules_slot);
        }
        (literal, rules)
    }
}

/// Reads one answer against its question.
fn read(question: &Question, answer: &Answer) -> Slot {
    match (question.kind, answer) {
        (Kind::Integer, Answer::Integer(n)) if (question.min_value()..=question.max_value()).contains(n) => Slot::Int(*n),
        // "Non lo so ancora" to a number: the rules read it as unknown, like any "non so".
        (Kind::Integer, Answer::Choice(v)) if question.unknown_option.as_deref() == Some(v.as_str()) => {
            question.option_index(v).and_then(|i| u8::try_from(i).ok()).map_or(Slot::Invalid, Slot::Choice)
        }
        (Kind::Date, Answer::Date(d)) => Slot::Date(*d),
        (Kind::Single, Answer::Choice(v)) => {
            question.option_index(v).and_then(|i| u8::try_from(i).ok()).filter(|i| *i < 64).map_or(Slot::Invalid, Slot::Choice)
        }
        (Kind::Multiple, Answer::Choices(vs)) if !vs.is_empty() => {
            let mut mask = 0u64;
            for v in vs {
                match question.option_index(v) {
                    Some(i) if i < 64 => mask |= 1u64 << i,
                    _ => return Slot::Invalid,
                }
            }
            Slot::Choices(mask)
        }
        _ => Slot::Invalid,
    }
}
