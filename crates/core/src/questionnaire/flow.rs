//! The self-check as a person goes through it: where the entry page sends them, where a question page's back
//! link and "continua" lead, what the form starts with, and which saved answers still hold. The app turns each
//! [`Step`] into an address; the decisions are here, tested.

use super::{Answer, Answers, Kind, Questionnaire, RawInput};
use crate::date::Date;
use crate::rules::REGION_QUESTION;

/// A place in the self-check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Before the first question: the start page.
    Start,
    /// `from_summary`: the person came from the check-your-answers page and goes back there.
    Question { id: String, from_summary: bool },
    CheckAnswers,
}

impl Step {
    fn question(id: &str, from_summary: bool) -> Step {
        Step::Question { id: id.to_string(), from_summary }
    }
}

impl Questionnaire {
    /// The entry page with no saved answers goes straight to the first question (`None` with answers saved:
    /// the page offers to resume or start again).
    pub fn entry(&self, answers: &Answers) -> Option<Step> {
        answers.is_empty().then(|| self.questions().first().map(|q| Step::question(&q.id, false))).flatten()
    }

    /// Where to resume: the first question still to answer, or the check-your-answers page.
    pub fn resume(&self, answers: &Answers) -> Step {
        self.first_unanswered(answers).map_or(Step::CheckAnswers, |q| Step::question(&q.id, false))
    }

    /// A question these answers skip (an old link, a changed answer) sends the person where they are expected.
    pub fn redirect_if_skipped(&self, id: &str, answers: &Answers) -> Option<Step> {
        (!self.is_shown(id, answers)).then(|| self.resume(answers))
    }

    /// Where "continua" leads once `id` is answered: the next question, or back to the summary for a person
    /// who came from it (unless the change opened questions still to answer, which are asked first).
    pub fn after_answer(&self, id: &str, answers: &Answers, from_summary: bool) -> Step {
        if from_summary {
            return self.first_unanswered(answers).map_or(Step::CheckAnswers, |q| Step::question(&q.id, true));
        }
        self.next(id, answers).map_or(Step::CheckAnswers, |q| Step::question(&q.id, false))
    }

    /// Where a question page's back link leads.
    pub fn back_from(&self, id: &str, answers: &Answers, from_summary: bool) -> Step {
        if from_summary {
            return Step::CheckAnswers;
        }
        self.previous(id, answers).map_or(Step::Start, |q| Step::question(&q.id, false))
    }

    /// The saved answers that still fit the questions (a newer questionnaire may have changed some), without
    /// those that branching no longer asks.
    pub fn clean(&self, answers: &Answers) -> Answers {
        let valid: Answers =
            answers.iter().filter(|(id, a)| self.check_answer(id, a).is_ok()).map(|(id, a)| (id.to_string(), a.clone())).collect();
        self.prune(&valid)
    }

    /// What the form of question `id` starts with: the saved answer, else, for the region question, the region
    /// a partner embedding the app suggests (the person still confirms or changes it).
    pub fn draft(&self, id: &str, answers: &Answers, suggested_region: Option<&str>) -> Draft {
        let mut draft = Draft::from_answer(answers.get(id));
        if id == REGION_QUESTION
            && draft.choice.is_empty()
            && let Some(region) = suggested_region
        {
            draft.choice = region.to_string();
        }
        draft
    }
}

/// What a question's form holds before it becomes an answer: what was typed and ticked, as is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub choice: String,
    pub choices: Vec<String>,
    pub day: String,
    pub month: String,
    pub year: String,
}

impl Draft {
    /// The form filled with a saved answer (a date goes into its three boxes, without leading zeros).
    pub fn from_answer(answer: Option<&Answer>) -> Draft {
        let mut d = Draft::default();
        match answer {
            Some(Answer::Integer(n)) => d.text = n.to_string(),
            Some(Answer::Choice(c)) => d.choice = c.clone(),
            Some(Answer::Choices(list)) => d.choices = list.clone(),
            Some(Answer::Date(date)) => d.set_date(*date),
            None => {}
        }
        d
    }

    fn set_date(&mut self, date: Date) {
        self.day = date.day().to_string();
        self.month = u8::from(date.month()).to_string();
        self.year = date.year().to_string();
    }

    /// Ticks or unticks one checkbox.
    pub fn toggle(&mut self, value: &str, on: bool) {
        self.choices.retain(|c| c != value);
        if on {
            self.choices.push(value.to_string());
        }
    }

    /// The form's content for [`Questionnaire::parse_input`].
    pub fn raw(&self, kind: Kind) -> RawInput<'_> {
        match kind {
            Kind::Integer => RawInput::Text(&self.text),
            Kind::Single => RawInput::Choice((!self.choice.is_empty()).then_some(self.choice.as_str())),
            Kind::Multiple => RawInput::Choices(&self.choices),
            Kind::Date => RawInput::DateParts { day: &self.day, month: &self.month, year: &self.year },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        Questionnaire::from_json(include_str!("../../tests/fixtures/flow_questionnaire.json")).expect("fixture")
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().cloned().map(|(k, v)| (k.to_string(), v)).collect()
    }

    fn question(id: &str, from_summary: bool) -> Step {
        Step::question(id, from_summary)
    }

    #[test]
    fn the_entry_starts_or_offers_to_resume() {
        let q = q();
        assert_eq!(q.entry(&Answers::new()), Some(question("age", false)));
        let a = answers(&[("age", Answer::Integer(30))]);
        assert_eq!(q.entry(&a), None);
        assert_eq!(q.resume(&a), question("region", false));
        let all = answers(&[("age", Answer::Integer(30)), ("region", Answer::choice("12")), ("status", Answer::choice("occupato"))]);
        assert_eq!(q.resume(&all), Step::CheckAnswers);
    }

    #[test]
    fn continue_and_back_follow_the_path_and_the_summary() {
        let q = q();
        let a = answers(&[("age", Answer::Integer(30)), ("region", Answer::choice("12"))]);
        assert_eq!(q.after_answer("age", &a, false), question("region", false));
        assert_eq!(q.after_answer("region", &a, true), question("status", true), "a question still open comes first");
        let all = answers(&[("age", Answer::Integer(30)), ("region", Answer::choice("12")), ("status", Answer::choice("occupato"))]);
        assert_eq!(q.after_answer("status", &all, false), Step::CheckAnswers);
        assert_eq!(q.after_answer("age", &all, true), Step::CheckAnswers);
        assert_eq!(q.back_from("age", &a, false), Step::Start);
        assert_eq!(q.back_from("region", &a, false), question("age", false));
        assert_eq!(q.back_from("region", &a, true), Step::CheckAnswers);
    }

    #[test]
    fn a_skipped_question_redirects_and_stale_answers_are_cleaned() {
        let q = q();
        let employed = answers(&[("age", Answer::Integer(30)), ("region", Answer::choice("12")), ("status", Answer::choice("occupato"))]);
        assert_eq!(q.redirect_if_skipped("months", &employed), Some(Step::CheckAnswers));
        assert_eq!(q.redirect_if_skipped("status", &employed), None);
        let stale = answers(&[
            ("age", Answer::Integer(300)),
            ("region", Answer::choice("12")),
            ("status", Answer::choice("occupato")),
            ("months", Answer::Integer(3)),
            ("gone", Answer::Integer(1)),
        ]);
        let kept = answers(&[("region", Answer::choice("12")), ("status", Answer::choice("occupato"))]);
        assert_eq!(q.clean(&stale), kept, "out of range, skipped and unknown answers go");
    }

    #[test]
    fn the_form_starts_from_the_answer_or_the_partners_region() {
        let q = q();
        let date = crate::date::parse_iso("2026-03-07").unwrap();
        let d = Draft::from_answer(Some(&Answer::Date(date)));
        assert_eq!((d.day.as_str(), d.month.as_str(), d.year.as_str()), ("7", "3", "2026"));
        assert_eq!(d.raw(Kind::Date), RawInput::DateParts { day: "7", month: "3", year: "2026" });
        assert_eq!(q.draft("region", &Answers::new(), Some("15")).choice, "15");
        let a = answers(&[("region", Answer::choice("12"))]);
        assert_eq!(q.draft("region", &a, Some("15")).choice, "12", "the person's own answer wins");
        assert_eq!(q.draft("status", &Answers::new(), Some("15")).choice, "", "only the region question");
        let mut d = Draft::default();
        d.toggle("a", true);
        d.toggle("b", true);
        d.toggle("a", false);
        assert_eq!(d.choices, ["b"]);
        assert_eq!(Draft::default().raw(Kind::Single), RawInput::Choice(None));
    }
}
