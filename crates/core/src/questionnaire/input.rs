//! Turning what a person typed or chose (or what an answers file says) into an [`Answer`], or into a
//! problem with a plain message in each language. Messages come from `questionnaire.json`.

use super::display::{each_lang, format_euros, format_integer};
use super::{Answer, Answers, Kind, NumberFormat, Question, Questionnaire};
use crate::date::{Date, Month, parse_iso};
use crate::lang::{Lang, Text};
use serde::Serialize;

/// One raw input for a question, as a form delivers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawInput<'a> {
    /// A text box: integers ("50.000", "50000 €") and dates ("2025-09-01", "1/9/2025").
    Text(&'a str),
    /// A radio group: the chosen value, if any.
    Choice(Option<&'a str>),
    /// A checkbox group: the ticked values.
    Choices(&'a [String]),
    /// A GOV.UK-style date input with three boxes.
    DateParts { day: &'a str, month: &'a str, year: &'a str },
}

/// Why an input was refused. `as_str` is stable (for tests and logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputCode {
    UnknownQuestion,
    Required,
    NotANumber,
    BelowMin,
    AboveMax,
    NotADate,
    NotAnOption,
    Exclusive,
    WrongType,
}

impl InputCode {
    pub fn as_str(self) -> &'static str {
        match self {
            InputCode::UnknownQuestion => "unknown_question",
            InputCode::Required => "required",
            InputCode::NotANumber => "not_a_number",
            InputCode::BelowMin => "below_min",
            InputCode::AboveMax => "above_max",
            InputCode::NotADate => "not_a_date",
            InputCode::NotAnOption => "not_an_option",
            InputCode::Exclusive => "exclusive",
            InputCode::WrongType => "wrong_type",
        }
    }
}

/// A refused input: which question, why, and what to tell the person.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{question}: {} ({})", message.en, code.as_str())]
pub struct InputProblem {
    pub question: String,
    pub code: InputCode,
    pub message: Text,
}

/// Why an answers file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswersFileError {
    #[error("not valid JSON: {0}")]
    NotJson(String),
    #[error("the answers must be a JSON object of question id → answer")]
    NotAnObject,
    #[error("{} bad answers", .0.len())]
    Invalid(Vec<InputProblem>),
}

impl Questionnaire {
    /// Parses one input for a question.
    pub fn parse_input(&self, id: &str, raw: RawInput) -> Result<Answer, InputProblem> {
        let Some(question) = self.question(id) else {
            return Err(self.problem_for_unknown(id));
        };
        let fail = |code| Err(self.problem(question, code, None));
        // A number question may also be answered "non lo so ancora" (its `unknown_option`), from a radio
        // next to the box, an answers file (`"amount": "non_so"`) or a share link.
        let unknown_number = |v: &str| question.kind == Kind::Integer && question.unknown_option.as_deref() == Some(v.trim());
        match (question.kind, raw) {
            (Kind::Integer, RawInput::Text(s) | RawInput::Choice(Some(s))) if unknown_number(s) => Ok(Answer::Choice(s.trim().to_owned())),
            (Kind::Integer, RawInput::Choice(None)) => fail(InputCode::Required),
            (Kind::Integer, RawInput::Text(s)) => {
                if s.trim().is_empty() {
                    return fail(InputCode::Required);
                }
                match parse_integer(s) {
                    Parsed::Number(n) if n < question.min_value() => fail(InputCode::BelowMin),
                    Parsed::Number(n) if n > question.max_value() => fail(InputCode::AboveMax),
                    Parsed::Number(n) => Ok(Answer::Integer(n)),
                    Parsed::TooSmall => fail(InputCode::BelowMin),
                    Parsed::TooLarge => fail(InputCode::AboveMax),
                    Parsed::NotANumber => fail(InputCode::NotANumber),
                }
            }
            (Kind::Date, RawInput::Text(s)) => {
                if s.trim().is_empty() {
                    return fail(InputCode::Required);
                }
                parse_date_text(s).map(Answer::Date).ok_or_else(|| self.problem(question, InputCode::NotADate, None))
            }
            (Kind::Date, RawInput::DateParts { day, month, year }) => {
                if [day, month, year].iter().all(|p| p.trim().is_empty()) {
                    return fail(InputCode::Required);
                }
                date_from_parts(day, month, year).map(Answer::Date).ok_or_else(|| self.problem(question, InputCode::NotADate, None))
            }
            (Kind::Single, RawInput::Choice(value)) => match value.map(str::trim).filter(|v| !v.is_empty()) {
                None => fail(InputCode::Required),
                Some(v) if question.option(v).is_some() => Ok(Answer::Choice(v.to_owned())),
                Some(_) => fail(InputCode::NotAnOption),
            },
            (Kind::Multiple, RawInput::Choices(values)) => {
                let mut chosen: Vec<String> = Vec::with_capacity(values.len());
                for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                    if question.option(v).is_none() {
                        return fail(InputCode::NotAnOption);
                    }
                    if !chosen.iter().any(|c| c == v) {
                        chosen.push(v.to_owned());
                    }
                }
                if chosen.is_empty() {
                    return fail(InputCode::Required);
                }
                if chosen.len() > 1
                    && let Some(excl) = chosen.iter().find(|v| question.exclusive.contains(v))
                {
                    return Err(self.problem(question, InputCode::Exclusive, question.option(excl).map(|c| &c.label)));
                }
                // In the questionnaire's order, so equal answers compare equal (without a sort: its code would be
                // in the app's first module).
                let in_order = question.options.iter().filter(|o| chosen.contains(&o.value)).map(|o| o.value.clone()).collect();
                Ok(Answer::Choices(in_order))
            }
            _ => fail(InputCode::WrongType),
        }
    }

    /// Checks a stored answer as if it had just been typed (answers files, share links, localStorage).
    pub fn check_answer(&self, id: &str, answer: &Answer) -> Result<Answer, InputProblem> {
        match answer {
            Answer::Integer(n) => self.parse_input(id, RawInput::Text(&n.to_string())),
            Answer::Choice(v) => match self.question(id).map(|q| q.kind) {
                Some(Kind::Multiple) => self.parse_input(id, RawInput::Choices(std::slice::from_ref(v))),
                _ => self.parse_input(id, RawInput::Choice(Some(v))),
            },
            Answer::Choices(vs) => self.parse_input(id, RawInput::Choices(vs)),
            Answer::Date(d) => self.parse_input(id, RawInput::Text(&crate::date::to_iso(*d))),
        }
    }

    /// Every bad field of a set of answers (unknown ids, values that are not options, numbers out of range…).
    pub fn check_answers(&self, answers: &Answers) -> Vec<InputProblem> {
        answers.iter().filter_map(|(id, a)| self.check_answer(id, a).err()).collect()
    }

    /// Reads an answers file (`{"age": 36, "region": "15", …}`), listing every bad field at once.
    /// A `null` value counts as no answer.
    pub fn answers_from_json(&self, json: &str) -> Result<Answers, AnswersFileError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| AnswersFileError::NotJson(e.to_string()))?;
        let serde_json::Value::Object(map) = value else {
            return Err(AnswersFileError::NotAnObject);
        };
        let mut answers = Answers::new();
        let mut problems = Vec::new();
        for (id, v) in &map {
            let parsed = match (self.question(id).map(|q| q.kind), v) {
                (_, serde_json::Value::Null) => continue,
                (None, _) => Err(self.problem_for_unknown(id)),
                (Some(Kind::Integer), serde_json::Value::Number(n)) => self.parse_input(id, RawInput::Text(&n.to_string())),
                (Some(Kind::Integer | Kind::Date), serde_json::Value::String(s)) => self.parse_input(id, RawInput::Text(s)),
                (Some(Kind::Single), serde_json::Value::String(s)) => self.parse_input(id, RawInput::Choice(Some(s))),
                (Some(Kind::Multiple), serde_json::Value::String(s)) => self.parse_input(id, RawInput::Choices(std::slice::from_ref(s))),
                (Some(Kind::Multiple), serde_json::Value::Array(items)) => {
                    match items.iter().map(|i| i.as_str().map(str::to_owned)).collect::<Option<Vec<String>>>() {
                        Some(values) => self.parse_input(id, RawInput::Choices(&values)),
                        None => Err(self.wrong_type(id)),
                    }
                }
                (Some(_), _) => Err(self.wrong_type(id)),
            };
            match parsed {
                Ok(a) => {
                    answers.set(id.clone(), a);
                }
                Err(p) => problems.push(p),
            }
        }
        if problems.is_empty() { Ok(answers) } else { Err(AnswersFileError::Invalid(problems)) }
    }

    fn wrong_type(&self, id: &str) -> InputProblem {
        match self.question(id) {
            Some(q) => self.problem(q, InputCode::WrongType, None),
            None => self.problem_for_unknown(id),
        }
    }

    fn problem_for_unknown(&self, id: &str) -> InputProblem {
        let m = &self.messages().unknown_question;
        InputProblem { question: id.to_owned(), code: InputCode::UnknownQuestion, message: each_lang(|l| m.get(l).replace("{id}", id)) }
    }

    fn problem(&self, question: &Question, code: InputCode, option: Option<&Text>) -> InputProblem {
        let m = self.messages();
        let o = &question.messages;
        let template = match code {
            InputCode::Required => o.required.as_ref().unwrap_or(&m.required),
            InputCode::NotANumber => o.not_a_number.as_ref().unwrap_or(&m.not_a_number),
            InputCode::BelowMin => o.below_min.as_ref().unwrap_or(&m.below_min),
            InputCode::AboveMax => o.above_max.as_ref().unwrap_or(&m.above_max),
            InputCode::NotADate => o.not_a_date.as_ref().unwrap_or(&m.not_a_date),
            InputCode::NotAnOption => &m.not_an_option,
            InputCode::Exclusive => &m.exclusive,
            InputCode::UnknownQuestion => &m.unknown_question,
            InputCode::WrongType => &m.wrong_type,
        };
        let number = |n: i64, l: Lang| match question.format {
            NumberFormat::Euro => format_euros(n, l),
            NumberFormat::Plain => format_integer(n, l),
        };
        let message = each_lang(|l| {
            template
                .get(l)
                .replace("{min}", &question.min.map(|n| number(n, l)).unwrap_or_default())
                .replace("{max}", &question.max.map(|n| number(n, l)).unwrap_or_default())
                .replace("{unit}", question.unit.as_ref().map_or("", |u| u.get(l)))
                .replace("{option}", option.map_or("", |t| t.get(l)))
                .replace("{id}", &question.id)
        });
        InputProblem { question: question.id.clone(), code, message }
    }
}

enum Parsed {
    Number(i64),
    TooSmall,
    TooLarge,
    NotANumber,
}

/// Accepts "50000", "50.000", "50,000", "1.500.000", "50000 €", "- 3"; refuses "1.5", "1,50", "abc".
fn parse_integer(s: &str) -> Parsed {
    let cleaned: String = s.chars().filter(|c| !c.is_whitespace() && *c != '€' && *c != '\'').collect();
    let (negative, body) = match cleaned.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    let digits: String = if body.bytes().all(|b| b.is_ascii_digit()) {
        body.to_owned()
    } else {
        // Thousands separators: one kind, groups of exactly three digits after the first.
        let sep = if body.contains('.') { '.' } else { ',' };
        let mut groups = body.split(sep);
        let first = groups.next().unwrap_or_default();
        let rest: Vec<&str> = groups.collect();
        let ok = !first.is_empty()
            && first.len() <= 3
            && !rest.is_empty()
            && std::iter::once(first).chain(rest.iter().copied()).all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && rest.iter().all(|g| g.len() == 3);
        if !ok {
            return Parsed::NotANumber;
        }
        std::iter::once(first).chain(rest).collect()
    };
    if digits.is_empty() {
        return Parsed::NotANumber;
    }
    match digits.parse::<i64>() {
        Ok(n) if negative => Parsed::Number(-n),
        Ok(n) => Parsed::Number(n),
        Err(_) if negative => Parsed::TooSmall,
        Err(_) => Parsed::TooLarge,
    }
}

/// "2025-09-01", or day first as Italians write it: "1/9/2025", "01.09.2025", "1-9-2025".
fn parse_date_text(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(d) = parse_iso(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => date_from_parts(d, m, y),
        _ => None,
    }
}

fn date_from_parts(day: &str, month: &str, year: &str) -> Option<Date> {
    let num = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    let (d, m, y) = (num(day)?, num(month)?, num(year)?);
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<i64> {
        match parse_integer(s) {
            Parsed::Number(n) => Some(n),
            _ => None,
        }
    }

    #[test]
    fn integers_as_people_type_them() {
        assert_eq!(n("50000"), Some(50_000));
        assert_eq!(n(" 50.000 € "), Some(50_000));
        assert_eq!(n("€50,000"), Some(50_000));
        assert_eq!(n("1.500.000"), Some(1_500_000));
        assert_eq!(n("-3"), Some(-3));
        for bad in ["1.5", "1,50", "12.34.567", "abc", "", "-", "1.000,50", ".000"] {
            assert_eq!(n(bad), None, "{bad}");
        }
        assert!(matches!(parse_integer("99999999999999999999"), Parsed::TooLarge));
    }

    #[test]
    fn dates_in_iso_or_day_first() {
        let d = crate::date::parse_iso("2025-09-01");
        assert_eq!(parse_date_text("2025-09-01"), d);
        assert_eq!(parse_date_text("1/9/2025"), d);
        assert_eq!(parse_date_text("01.09.2025"), d);
        for bad in ["31/2/2025", "2025/09/01", "1/9/25", "ieri"] {
            assert_eq!(parse_date_text(bad), None, "{bad}");
        }
        assert_eq!(date_from_parts("1", "9", "2025"), d);
        assert_eq!(date_from_parts("1", "13", "2025"), None);
    }
}
