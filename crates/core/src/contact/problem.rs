//! Why a contact request was refused, as codes: the API's `{field, code}`, and the key of the sentence a person
//! reads (in `locales/<lang>.json` under `problems`). Core never writes the sentence itself.

/// The fields a problem can be attached to; `as_str` is the form control's id and the API's `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    RequestId,
    DeskId,
    Name,
    Email,
    Phone,
    ComuneIstat,
    Channel,
    TimeWindow,
    Message,
    ConsentPrivacy,
    Assessment,
    Partner,
    Lang,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::RequestId => "request_id",
            Field::DeskId => "desk_id",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::ComuneIstat => "comune_istat",
            Field::Channel => "channel",
            Field::TimeWindow => "time_window",
            Field::Message => "message",
            Field::ConsentPrivacy => "consent_privacy",
            Field::Assessment => "assessment",
            Field::Partner => "partner",
            Field::Lang => "lang",
        }
    }
}

/// Why a field was refused. `as_str` is the stable API `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Required,
    Invalid,
    TooLong,
    EmailOrPhoneRequired,
    ChannelNeedsPhone,
    ChannelNeedsEmail,
    ConsentRequired,
    NotAllowedWithoutConsent,
    /// Control characters, or (in a name) bidirectional formatting characters.
    ControlCharacters,
    /// Well formed, but not one we know (a desk id missing from the catalogue, a comune that does not exist).
    Unknown,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::Invalid => "invalid",
            Code::TooLong => "too_long",
            Code::EmailOrPhoneRequired => "email_or_phone_required",
            Code::ChannelNeedsPhone => "channel_needs_phone",
            Code::ChannelNeedsEmail => "channel_needs_email",
            Code::ConsentRequired => "consent_required",
            Code::NotAllowedWithoutConsent => "not_allowed_without_consent",
            Code::ControlCharacters => "control_characters",
            Code::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Problem {
    pub field: Field,
    pub code: Code,
}

/// The namespace of the problems' sentences in `locales/<lang>.json`.
pub const MESSAGES_NAMESPACE: &str = "problems";

impl Problem {
    pub(crate) fn new(field: Field, code: Code) -> Problem {
        Problem { field, code }
    }

    /// Every problem [`crate::contact::ContactForm::validate_with`] can report, in form order. The server
    /// sends these as `{field, code}`; [`Problem::from_api`] reads them back.
    pub const ALL: &'static [Problem] = &[
        Problem { field: Field::RequestId, code: Code::Invalid },
        Problem { field: Field::Name, code: Code::Required },
        Problem { field: Field::Name, code: Code::TooLong },
        Problem { field: Field::Name, code: Code::ControlCharacters },
        Problem { field: Field::Email, code: Code::EmailOrPhoneRequired },
        Problem { field: Field::Email, code: Code::TooLong },
        Problem { field: Field::Email, code: Code::Invalid },
        Problem { field: Field::Email, code: Code::ChannelNeedsEmail },
        Problem { field: Field::Phone, code: Code::Invalid },
        Problem { field: Field::Phone, code: Code::ChannelNeedsPhone },
        Problem { field: Field::ComuneIstat, code: Code::Invalid },
        Problem { field: Field::ComuneIstat, code: Code::Unknown },
        Problem { field: Field::DeskId, code: Code::Invalid },
        Problem { field: Field::DeskId, code: Code::Unknown },
        Problem { field: Field::Channel, code: Code::Invalid },
        Problem { field: Field::TimeWindow, code: Code::Invalid },
        Problem { field: Field::Message, code: Code::TooLong },
        Problem { field: Field::Message, code: Code::ControlCharacters },
        Problem { field: Field::ConsentPrivacy, code: Code::ConsentRequired },
        Problem { field: Field::Assessment, code: Code::NotAllowedWithoutConsent },
        Problem { field: Field::Partner, code: Code::Invalid },
        Problem { field: Field::Lang, code: Code::Invalid },
    ];

    /// Every key [`Problem::message_key`] returns: each must exist in every locale file.
    pub const MESSAGE_KEYS: &'static [&'static str] = &[
        "name_required",
        "name_too_long",
        "email_or_phone_required",
        "email_invalid",
        "phone_invalid",
        "channel_needs_phone",
        "channel_needs_email",
        "channel_invalid",
        "time_window_invalid",
        "message_too_long",
        "consent_required",
        "desk_invalid",
        "comune_invalid",
        "assessment_without_consent",
        "control_characters",
        "too_long",
        "invalid",
    ];

    /// The problem behind an API error item `{field, code}` (as written by [`Field::as_str`] and
    /// [`Code::as_str`]), so the browser can show its own message, in the person's language, for a server
    /// refusal. `None` for anything the validator does not produce (`invalid_json`, `conflict`,
    /// `unknown_field`, `invalid_type`, a field without a code of that kind…): show the server's text then.
    pub fn from_api(field: &str, code: &str) -> Option<Problem> {
        Problem::ALL.iter().copied().find(|p| p.field.as_str() == field && p.code.as_str() == code)
    }

    /// The key of the sentence for this problem in `locales/<lang>.json`, under [`MESSAGES_NAMESPACE`]
    /// (`problems.name_required`). Several problems share a sentence.
    pub fn message_key(&self) -> &'static str {
        use Code::*;
        use Field as F;
        match (self.field, self.code) {
            (F::Name, Required) => "name_required",
            (F::Name, TooLong) => "name_too_long",
            (F::Email | F::Phone, EmailOrPhoneRequired) => "email_or_phone_required",
            (F::Email, Invalid | TooLong) => "email_invalid",
            (F::Phone, Invalid) => "phone_invalid",
            (F::Channel | F::Phone, ChannelNeedsPhone) => "channel_needs_phone",
            (F::Channel | F::Email, ChannelNeedsEmail) => "channel_needs_email",
            (F::Channel, _) => "channel_invalid",
            (F::TimeWindow, _) => "time_window_invalid",
            (F::Message, TooLong) => "message_too_long",
            (F::ConsentPrivacy, _) => "consent_required",
            (F::DeskId, _) => "desk_invalid",
            (F::ComuneIstat, _) => "comune_invalid",
            (F::Assessment, _) => "assessment_without_consent",
            (_, ControlCharacters) => "control_characters",
            (_, TooLong) => "too_long",
            _ => "invalid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_that_are_not_form_problems_are_not_read_back() {
        for (field, code) in [
            ("body", "invalid_json"),
            ("request_id", "conflict"),
            ("surname", "unknown_field"),
            ("name", "invalid_type"),
            ("request_id", "required"),
            ("name", "channel_needs_email"),
            ("desk_id", "UNKNOWN"),
            ("", ""),
        ] {
            assert_eq!(Problem::from_api(field, code), None, "{field}/{code}");
        }
        assert_eq!(Problem::from_api("desk_id", "unknown"), Some(Problem { field: Field::DeskId, code: Code::Unknown }));
    }

    #[test]
    fn every_problem_has_a_sentence_in_every_locale() {
        let locales = [("it", include_str!("../../../../locales/it.json")), ("en", include_str!("../../../../locales/en.json"))];
        for (lang, text) in locales {
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            for key in Problem::MESSAGE_KEYS {
                let sentence = json[MESSAGES_NAMESPACE][key].as_str().unwrap_or_default();
                assert!(!sentence.trim().is_empty(), "locales/{lang}.json has no {MESSAGES_NAMESPACE}.{key}");
            }
        }
        for p in Problem::ALL {
            assert!(Problem::MESSAGE_KEYS.contains(&p.message_key()), "{p:?}");
        }
    }
}
