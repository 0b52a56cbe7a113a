//! Share links: answers in the URL fragment, so results can be reopened on another device with no server.
//!
//! The form is `v1&age=36&region=15&vulnerability=disoccupazione,calo_reddito`. It is keyed by question
//! id and option value, the public contract, so a link keeps working when questions are added or
//! reordered; a question removed later makes the link fail with a clear error instead of guessing.

use super::input::{InputProblem, RawInput};
use super::{Answer, Answers, Kind, Questionnaire};
use crate::date::to_iso;

const VERSION: &str = "v1";
/// Far more than any real set of answers (~300 characters); refuses pasted junk before parsing it.
const MAX_LEN: usize = 4096;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShareError {
    #[error("the link holds no answers")]
    Empty,
    #[error("the link is too long")]
    TooLong,
    #[error("the link was made by another version of Micro Work")]
    Version,
    #[error("the link is damaged: {0}")]
    Malformed(String),
    #[error("the link has answers that do not fit the questions: {}", .0.iter().map(|p| p.question.as_str()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<InputProblem>),
}

/// The answers as a URL-fragment-safe string (only letters, digits, `_ - . ~ & = ,` and `%XX`).
pub fn encode(answers: &Answers) -> String {
    let mut out = String::from(VERSION);
    for (id, answer) in answers.iter() {
        out.push('&');
        escape_into(id, &mut out);
        out.push('=');
        match answer {
            Answer::Integer(n) => out.push_str(&n.to_string()),
            Answer::Choice(v) => escape_into(v, &mut out),
            Answer::Choices(vs) => {
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    escape_into(v, &mut out);
                }
            }
            Answer::Date(d) => out.push_str(&to_iso(*d)),
        }
    }
    out
}

/// Reads a share link (with or without the leading `#`), checking every answer against the questions.
pub fn decode(link: &str, questionnaire: &Questionnaire) -> Result<Answers, ShareError> {
    let link = link.trim().trim_start_matches('#');
    if link.len() > MAX_LEN {
        return Err(ShareError::TooLong);
    }
    if link.is_empty() {
        return Err(ShareError::Empty);
    }
    let mut parts = link.split('&');
    if parts.next() != Some(VERSION) {
        return Err(ShareError::Version);
    }
    let mut answers = Answers::new();
    let mut problems = Vec::new();
    for part in parts.filter(|p| !p.is_empty()) {
        let (raw_id, raw_value) = part.split_once('=').ok_or_else(|| ShareError::Malformed(format!("`{part}` has no `=`")))?;
        let id = unescape(raw_id)?;
        if answers.contains(&id) {
            return Err(ShareError::Malformed(format!("`{id}` appears twice")));
        }
        let parsed = match questionnaire.question(&id).map(|q| q.kind) {
            Some(Kind::Multiple) => {
                // Unescape first: option values never contain commas, and apps sometimes escape them.
                let values: Vec<String> = unescape(raw_value)?.split(',').map(str::to_owned).collect();
                questionnaire.parse_input(&id, RawInput::Choices(&values))
            }
            Some(Kind::Single) => questionnaire.parse_input(&id, RawInput::Choice(Some(&unescape(raw_value)?))),
            Some(Kind::Integer | Kind::Date) | None => questionnaire.parse_input(&id, RawInput::Text(&unescape(raw_value)?)),
        };
        match parsed {
            Ok(answer) => {
                answers.set(id, answer);
            }
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(ShareError::Invalid(problems));
    }
    Ok(answers)
}

fn escape_into(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

fn unescape(s: &str) -> Result<String, ShareError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or_else(|| ShareError::Malformed("a `%` is cut short".into()))?;
            let b = u8::from_str_radix(hex, 16).map_err(|_| ShareError::Malformed(format!("`%{hex}` is not an escape")))?;
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ShareError::Malformed("not UTF-8".into()))
}

impl Questionnaire {
    /// [`encode`] after dropping answers to questions no longer asked.
    pub fn share_link(&self, answers: &Answers) -> String {
        encode(&self.prune(answers))
    }

    /// [`decode`].
    pub fn from_share_link(&self, link: &str) -> Result<Answers, ShareError> {
        decode(link, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_anything_unsafe() {
        let mut out = String::new();
        escape_into("a b&c=d,é", &mut out);
        assert_eq!(out, "a%20b%26c%3Dd%2C%C3%A9");
        assert_eq!(unescape(&out).unwrap(), "a b&c=d,é");
        assert!(unescape("%").is_err());
        assert!(unescape("%zz").is_err());
        assert!(unescape("%C3").is_err());
        assert!(unescape("%é").is_err());
    }
}
