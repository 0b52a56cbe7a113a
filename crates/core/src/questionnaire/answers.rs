//! A person's answers: question id → answer. The JSON form is stable (localStorage, answers files):
//! `{"age": 36, "region": "15", "vulnerability": ["disoccupazione"], "start_date": "2025-09-01"}`.

use crate::date::{Date, parse_iso, to_iso};
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// One answer. In JSON: a number, a string, an array of strings, or a `YYYY-MM-DD` string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Answer {
    Integer(i64),
    /// One option value.
    Choice(String),
    /// Several option values.
    Choices(Vec<String>),
    Date(Date),
}

impl Answer {
    pub fn choice(value: impl Into<String>) -> Answer {
        Answer::Choice(value.into())
    }

    pub fn choices<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Answer {
        Answer::Choices(values.into_iter().map(Into::into).collect())
    }

    /// The answer as JSON, as it appears in answers files.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Answer::Integer(n) => serde_json::Value::from(*n),
            Answer::Choice(s) => serde_json::Value::from(s.as_str()),
            Answer::Choices(v) => serde_json::Value::from(v.clone()),
            Answer::Date(d) => serde_json::Value::from(to_iso(*d)),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Integer(n) => s.serialize_i64(*n),
            Answer::Choice(v) => s.serialize_str(v),
            Answer::Choices(v) => v.serialize(s),
            Answer::Date(d) => s.serialize_str(&to_iso(*d)),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
        struct AnswerVisitor;
        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = Answer;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number, an option value, a list of option values or a YYYY-MM-DD date")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Answer, E> {
                Ok(Answer::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Answer, E> {
                i64::try_from(v).map(Answer::Integer).map_err(|_| E::custom("number too large"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Answer, E> {
                // Option values never look like dates (check-data keeps them to letters, digits and `_`).
                Ok(parse_iso(v).map_or_else(|| Answer::Choice(v.to_owned()), Answer::Date))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    values.push(v);
                }
                Ok(Answer::Choices(values))
            }
        }
        d.deserialize_any(AnswerVisitor)
    }
}

/// All answers given so far, by question id. Ordered by id so the JSON is stable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Answer>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.0.get(id)
    }

    /// Sets (or replaces) an answer. Use [`super::Questionnaire::prune`] after a change to drop answers of
    /// questions that are no longer asked.
    pub fn set(&mut self, id: impl Into<String>, answer: Answer) -> Option<Answer> {
        self.0.insert(id.into(), answer)
    }

    /// Builder form of [`Answers::set`].
    pub fn with(mut self, id: impl Into<String>, answer: Answer) -> Answers {
        self.set(id, answer);
        self
    }

    pub fn remove(&mut self, id: &str) -> Option<Answer> {
        self.0.remove(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str, &Answer) -> bool) {
        self.0.retain(|k, v| keep(k, v));
    }
}

impl FromIterator<(String, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, Answer)>>(iter: I) -> Answers {
        // Inserted one by one, not collected: `BTreeMap`'s own `collect` sorts with a stable sort, one more copy
        // of sort code in the app's first module (issue 12). A later duplicate wins, as with `collect`.
        let mut map = BTreeMap::new();
        for (id, answer) in iter {
            map.insert(id, answer);
        }
        Answers(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_plain_and_round_trips() {
        let json = r#"{"age":36,"region":"15","start_date":"2025-09-01","vulnerability":["disoccupazione","calo_reddito"]}"#;
        let answers: Answers = serde_json::from_str(json).unwrap();
        assert_eq!(answers.get("age"), Some(&Answer::Integer(36)));
        assert_eq!(answers.get("region"), Some(&Answer::choice("15")));
        assert!(matches!(answers.get("start_date"), Some(Answer::Date(_))));
        assert_eq!(serde_json::to_string(&answers).unwrap(), json);
    }

    #[test]
    fn rejects_what_is_not_an_answer() {
        for bad in [r#"{"age": 36.5}"#, r#"{"age": true}"#, r#"{"age": null}"#, r#"{"v": [1]}"#, "[]"] {
            assert!(serde_json::from_str::<Answers>(bad).is_err(), "{bad}");
        }
    }
}
