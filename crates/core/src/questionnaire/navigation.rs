//! Moving through the questions: the path for the current answers, next/previous, "Domanda 3 di 12",
//! where to resume, and dropping answers that branching has made irrelevant. All pure.

use super::state::Slot;
use super::{Answers, Question, Questionnaire};

impl Questionnaire {
    /// The questions a person with these answers is asked, in order. A question whose branching depends
    /// on an answer not given yet is included (it may still be asked), so the count only ever shrinks
    /// as the person goes on.
    pub fn path(&self, answers: &Answers) -> Vec<&Question> {
        let slots = self.resolve(answers);
        self.questions().iter().zip(slots).filter(|(_, s)| s.on_path()).map(|(q, _)| q).collect()
    }

    /// Whether the question is asked for these answers.
    pub fn is_shown(&self, id: &str, answers: &Answers) -> bool {
        self.index(id).is_some_and(|i| self.resolve(answers)[i].on_path())
    }

    /// The question after `id` on the path, or `None` when `id` is the last one (→ check your answers).
    /// Works even when `id` itself has just been skipped by a change of answer.
    pub fn next(&self, id: &str, answers: &Answers) -> Option<&Question> {
        let at = self.index(id)?;
        let slots = self.resolve(answers);
        (at + 1..slots.len()).find(|i| slots[*i].on_path()).map(|i| &self.questions()[i])
    }

    /// The question before `id` on the path, or `None` at the first one (→ start page).
    pub fn previous(&self, id: &str, answers: &Answers) -> Option<&Question> {
        let at = self.index(id)?;
        let slots = self.resolve(answers);
        (0..at).rev().find(|i| slots[*i].on_path()).map(|i| &self.questions()[i])
    }

    /// `(n, total)`, 1-based, counting only questions on the path: "Domanda n di total".
    /// `None` if the question is unknown or not asked for these answers.
    pub fn position(&self, id: &str, answers: &Answers) -> Option<(usize, usize)> {
        let at = self.index(id)?;
        let slots = self.resolve(answers);
        if !slots[at].on_path() {
            return None;
        }
        let n = slots[..=at].iter().filter(|s| s.on_path()).count();
        let total = slots.iter().filter(|s| s.on_path()).count();
        Some((n, total))
    }

    /// Where to resume: the first question on the path without a usable answer. `None` when every
    /// question on the path is answered (→ check your answers).
    pub fn first_unanswered(&self, answers: &Answers) -> Option<&Question> {
        let slots = self.resolve(answers);
        slots.iter().position(|s| matches!(s, Slot::Unanswered | Slot::Invalid | Slot::Maybe)).map(|i| &self.questions()[i])
    }

    pub fn is_complete(&self, answers: &Answers) -> bool {
        self.first_unanswered(answers).is_none()
    }

    /// The answers without those to questions that are no longer asked (or do not exist). Call after
    /// every change so stored answers, share links and summaries carry nothing stale.
    pub fn prune(&self, answers: &Answers) -> Answers {
        let slots = self.resolve(answers);
        let mut kept = answers.clone();
        kept.retain(|id, _| self.index(id).is_some_and(|i| slots[i] != Slot::Hidden));
        kept
    }
}
