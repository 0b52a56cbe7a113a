//! The request body → [`ContactForm`], with a typed reason when the JSON does not fit the contract: which
//! field, and whether it is missing, unknown or of the wrong type. The server answers each with a 400.

use super::ContactForm;

/// Why a body is not a contact form. `field` is the JSON path of the culprit (`name`, `assessment.x`), or
/// `body` for the whole body; `None` when the body is not JSON at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} at {field:?}")]
pub struct DecodeError {
    pub field: Option<String>,
    pub code: DecodeCode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecodeCode {
    /// Not JSON, or something after the object.
    InvalidJson,
    /// A required field is missing.
    Required,
    /// A field the contract does not have.
    UnknownField,
    /// A value of the wrong type (or a body that is not one object).
    InvalidType,
}

impl DecodeCode {
    /// The API `code`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeCode::InvalidJson => "invalid_json",
            DecodeCode::Required => "required",
            DecodeCode::UnknownField => "unknown_field",
            DecodeCode::InvalidType => "invalid_type",
        }
    }
}

impl DecodeError {
    fn new(field: Option<&str>, code: DecodeCode) -> DecodeError {
        DecodeError { field: field.map(str::to_string), code }
    }
}

impl ContactForm {
    /// Decodes a request body: exactly one JSON object and nothing after it. (serde would also fill a struct
    /// from an array, by position: not part of the contract.) Nesting is bounded by serde_json's recursion
    /// limit, so any byte string gets an answer, never a crash.
    pub fn from_json(bytes: &[u8]) -> Result<ContactForm, DecodeError> {
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            return Err(DecodeError::new(Some("body"), DecodeCode::InvalidType));
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let form: ContactForm = serde_path_to_error::deserialize(&mut de).map_err(classify)?;
        de.end().map_err(|_| DecodeError::new(None, DecodeCode::InvalidJson))?;
        Ok(form)
    }
}

fn classify(e: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let text = inner.to_string();
    let quoted = |prefix: &str| text.split_once(prefix).and_then(|(_, rest)| rest.split('`').nth(1)).map(str::to_string);
    match inner.classify() {
        serde_json::error::Category::Data => {
            if let Some(field) = quoted("missing field") {
                DecodeError { field: Some(field), code: DecodeCode::Required }
            } else if let Some(field) = quoted("unknown field") {
                DecodeError { field: Some(field), code: DecodeCode::UnknownField }
            } else {
                let field = if path == "." { "body".to_string() } else { path };
                DecodeError { field: Some(field), code: DecodeCode::InvalidType }
            }
        }
        _ => DecodeError::new(None, DecodeCode::InvalidJson),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(body: &str) -> (Option<String>, &'static str) {
        let e = ContactForm::from_json(body.as_bytes()).unwrap_err();
        (e.field, e.code.as_str())
    }

    #[test]
    fn bodies_that_do_not_fit_name_the_field() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(err("{"), (None, "invalid_json"));
        assert_eq!(err(r#"{"name": 5}"#), (some("name"), "invalid_type"));
        assert_eq!(err(r#"{"name": "x", "consent_privacy": true}"#), (some("request_id"), "required"));
        assert_eq!(err(r#"{"request_id": "x", "name": "x", "consent_privacy": true, "extra": 1}"#), (some("extra"), "unknown_field"));
        assert_eq!(err("[]"), (some("body"), "invalid_type"));
        assert_eq!(err("null"), (some("body"), "invalid_type"));
        assert_eq!(err(r#"{"request_id": "x", "name": "x", "consent_privacy": true} trailing"#), (None, "invalid_json"));
        let ok = ContactForm::from_json(br#"{"request_id": "x", "name": "x", "consent_privacy": true}"#).unwrap();
        assert_eq!(ok.name, "x");
    }
}
