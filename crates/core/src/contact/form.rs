//! The contact form as typed, its validation, and the validated request both app and server accept.
//!
//! "Parse, don't validate": a [`ValidatedContactRequest`] can only be made by [`ContactForm::validate`]
//! (or [`ContactForm::validate_with`]), so the server stores nothing that this module did not check.
//!
//! Phone numbers: the default build (the browser's) checks syntax only: digits and the usual separators,
//! 6 to 15 digits, and keeps the number as typed. With the `phone-full` feature (the server's) the number is
//! also parsed with libphonenumber's metadata (`phonenumber` crate; numbers without `+` are Italian) and stored
//! in E.164 form (`+393331234567`), so a number the browser let through can still be refused by the server.

use super::problem::{Code, Field, Problem};
use super::text;
use crate::Lang;
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 100;
pub const MESSAGE_MAX_CHARS: usize = 1000;
pub(crate) const EMAIL_MAX_CHARS: usize = 254;
const PARTNER_MAX_CHARS: usize = 40;
const DESK_ID_MAX_CHARS: usize = 80;

/// The request exactly as a client sends it (field names are a public contract, see the README's API section).
/// `channel` and `time_window` stay text here, so that an unknown value is a field problem (`invalid`), not an
/// undecodable body; [`Channel`] and [`TimeWindow`] are what they mean, and what a client should write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactForm {
    pub request_id: String,
    #[serde(default)]
    pub desk_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub comune_istat: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub time_window: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    pub consent_privacy: bool,
    #[serde(default)]
    pub consent_share_assessment: bool,
    #[serde(default)]
    pub assessment: Option<serde_json::Value>,
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    /// Honeypot: people never see it, so it must stay empty.
    #[serde(default)]
    pub website: Option<String>,
}

/// How the person prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Email,
    Whatsapp,
}

/// When the person prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TimeWindow {
    Morning,
    Afternoon,
    Evening,
    #[default]
    Any,
}

impl Channel {
    /// In the order the form offers them.
    pub const ALL: [Channel; 3] = [Channel::Phone, Channel::Email, Channel::Whatsapp];

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The wire value (`"phone"`), also the form control's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Whatsapp => "whatsapp",
        }
    }

    /// Whether this channel needs a phone number (else an e-mail address).
    pub fn needs_phone(self) -> bool {
        matches!(self, Channel::Phone | Channel::Whatsapp)
    }
}

impl TimeWindow {
    /// In the order the form offers them.
    pub const ALL: [TimeWindow; 4] = [TimeWindow::Morning, TimeWindow::Afternoon, TimeWindow::Evening, TimeWindow::Any];

    pub fn parse(s: &str) -> Option<TimeWindow> {
        TimeWindow::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The wire value (`"morning"`), also the form control's value.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeWindow::Morning => "morning",
            TimeWindow::Afternoon => "afternoon",
            TimeWindow::Evening => "evening",
            TimeWindow::Any => "any",
        }
    }
}

/// A request that passed every check. Only [`ContactForm::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidatedContactRequest {
    /// The canonical form of the UUID (lower case, hyphenated), however the client wrote it.
    request_id: String,
    desk_id: Option<String>,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    comune_istat: Option<String>,
    channel: Channel,
    time_window: TimeWindow,
    message: Option<String>,
    consent_share_assessment: bool,
    assessment: Option<serde_json::Value>,
    partner: Option<String>,
    lang: Lang,
    #[serde(skip)]
    is_spam: bool,
}

impl ValidatedContactRequest {
    /// The idempotency key in canonical form: `0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10`.
    pub fn request_id(&self) -> &str { &self.request_id }
    pub fn desk_id(&self) -> Option<&str> { self.desk_id.as_deref() }
    pub fn name(&self) -> &str { &self.name }
    pub fn email(&self) -> Option<&str> { self.email.as_deref() }
    pub fn phone(&self) -> Option<&str> { self.phone.as_deref() }
    pub fn comune_istat(&self) -> Option<&str> { self.comune_istat.as_deref() }
    pub fn channel(&self) -> Channel { self.channel }
    pub fn time_window(&self) -> TimeWindow { self.time_window }
    pub fn message(&self) -> Option<&str> { self.message.as_deref() }
    pub fn consent_share_assessment(&self) -> bool { self.consent_share_assessment }
    pub fn assessment(&self) -> Option<&serde_json::Value> { self.assessment.as_ref() }
    pub fn partner(&self) -> Option<&str> { self.partner.as_deref() }
    pub fn lang(&self) -> Lang { self.lang }
    /// The honeypot was filled: answer like a success, store as spam, never deliver.
    pub fn is_spam(&self) -> bool { self.is_spam }

    /// The request in a canonical form, for telling a retry from a different request with the same id.
    /// Stored hashes depend on it: keep it byte-for-byte stable (a test pins it).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Control characters (NUL and friends) have no place in a name or a message; newlines and tabs do in a message.
fn has_control_chars(s: &str, allow_newlines: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
}

fn valid_email(s: &str) -> bool {
    // Nothing invisible: an address that shows as another must not get through.
    if s.chars().any(|c| c.is_control() || text::is_invisible(c)) {
        return false;
    }
    // The `email_address` crate follows RFC 5321/5322; we also want a dot in the domain (no intranet hosts).
    email_address::EmailAddress::parse_with_options(s, email_address::Options::default().without_display_text())
        .map(|e| e.domain().contains('.') && !e.domain().ends_with('.'))
        .unwrap_or(false)
}

/// Digits, spaces, dots, dashes, parentheses and a leading +; 6 to 15 digits (E.164).
fn valid_phone_syntax(s: &str) -> bool {
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '/'))
        && (6..=15).contains(&digits)
}

/// The number as it is kept, or `None` if it is not a phone number. Default build: syntax only, as typed.
#[cfg(not(feature = "phone-full"))]
fn normalize_phone(s: &str) -> Option<String> {
    valid_phone_syntax(s).then(|| s.to_string())
}

/// The number in E.164 form (`+393331234567`), or `None` if libphonenumber's metadata says it cannot exist.
/// Without a leading `+` (or `00`) the number is read as Italian: "333 123 4567", "06 1234 5678".
#[cfg(feature = "phone-full")]
fn normalize_phone(s: &str) -> Option<String> {
    // The syntax check first: libphonenumber is lenient with letters ("vanity" numbers) and stray text.
    if !valid_phone_syntax(s) {
        return None;
    }
    let number = phonenumber::parse(Some(phonenumber::country::Id::IT), s).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(phonenumber::Mode::E164).to_string())
}

/// The request ids a client may send: a version 4 UUID in any of its usual spellings (hyphenated, without
/// dashes, in braces, as `urn:uuid:`, any case), always kept in one canonical form so that a retry written
/// differently is still the same request.
pub fn canonical_request_id(s: &str) -> Option<String> {
    let uuid = uuid::Uuid::try_parse(&s.trim().to_ascii_lowercase()).ok()?;
    (uuid.get_version_num() == 4).then(|| uuid.hyphenated().to_string())
}

/// What the validator can check a request against beyond its shape. The browser knows neither list when it
/// validates ([`Unchecked`]); the server loads `data/sportelli.json` and `data/comuni.json` and refuses ids
/// that are not in them (`unknown`). Each answer is `true` when the catalogue does not know that kind of id.
pub trait Catalog {
    fn has_desk(&self, _id: &str) -> bool {
        true
    }
    fn has_comune(&self, _istat: &str) -> bool {
        true
    }
}

/// Accepts every well-formed desk id and comune code: what [`ContactForm::validate`] uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unchecked;

impl Catalog for Unchecked {}

impl<T: Catalog + ?Sized> Catalog for &T {
    fn has_desk(&self, id: &str) -> bool {
        (**self).has_desk(id)
    }
    fn has_comune(&self, istat: &str) -> bool {
        (**self).has_comune(istat)
    }
}

impl ContactForm {
    /// Every problem at once (GOV.UK: list them all in the summary), in the order the form shows the fields.
    /// Any well-formed desk id and comune code is accepted; the server uses [`ContactForm::validate_with`].
    pub fn validate(&self) -> Result<ValidatedContactRequest, Vec<Problem>> {
        self.validate_with(&Unchecked)
    }

    /// [`ContactForm::validate`], and a desk id or comune code must also be one that `catalog` knows (else
    /// `unknown` on that field).
    pub fn validate_with(&self, catalog: &impl Catalog) -> Result<ValidatedContactRequest, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut fail = |field, code| problems.push(Problem::new(field, code));

        let request_id = canonical_request_id(&self.request_id).unwrap_or_default();
        if request_id.is_empty() {
            fail(Field::RequestId, Code::Invalid);
        }

        // Zero-width spaces and fillers at the ends are trimmed like spaces; a name of nothing else is missing.
        let name = text::trim_blank(&self.name).to_string();
        if name.is_empty() {
            fail(Field::Name, Code::Required);
        } else if name.chars().count() > NAME_MAX_CHARS {
            fail(Field::Name, Code::TooLong);
        } else if has_control_chars(&name, false) || self.name.chars().any(text::is_bidi_control) {
            // A right-to-left override would show the operator another name than the one stored.
            fail(Field::Name, Code::ControlCharacters);
        }

        let email = clean(&self.email);
        let typed_phone = clean(&self.phone);
        if email.is_none() && typed_phone.is_none() {
            fail(Field::Email, Code::EmailOrPhoneRequired);
        }
        if let Some(e) = &email {
            if e.chars().count() > EMAIL_MAX_CHARS {
                fail(Field::Email, Code::TooLong);
            } else if !valid_email(e) {
                fail(Field::Email, Code::Invalid);
            }
        }
        let phone = match typed_phone.as_deref().map(|p| (p, normalize_phone(p))) {
            None => None,
            Some((_, Some(normalized))) => Some(normalized),
            Some((typed, None)) => {
                fail(Field::Phone, Code::Invalid);
                // Still "given": the channel checks below must not also ask for a phone number.
                Some(typed.to_string())
            }
        };

        let comune_istat = clean(&self.comune_istat);
        if let Some(c) = &comune_istat {
            if !(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())) {
                fail(Field::ComuneIstat, Code::Invalid);
            } else if !catalog.has_comune(c) {
                fail(Field::ComuneIstat, Code::Unknown);
            }
        }

        let desk_id = clean(&self.desk_id);
        if let Some(d) = &desk_id {
            if d.chars().count() > DESK_ID_MAX_CHARS
                || !d.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                fail(Field::DeskId, Code::Invalid);
            } else if !catalog.has_desk(d) {
                fail(Field::DeskId, Code::Unknown);
            }
        }

        let channel = match clean(&self.channel) {
            // Without a stated preference, use what the person gave us.
            None => Some(if phone.is_some() { Channel::Phone } else { Channel::Email }),
            Some(c) => {
                let parsed = Channel::parse(&c);
                if parsed.is_none() {
                    fail(Field::Channel, Code::Invalid);
                }
                parsed
            }
        };
        match channel {
            Some(c) if c.needs_phone() && phone.is_none() && email.is_some() => fail(Field::Phone, Code::ChannelNeedsPhone),
            Some(Channel::Email) if email.is_none() && phone.is_some() => fail(Field::Email, Code::ChannelNeedsEmail),
            _ => {}
        }

        let time_window = match clean(&self.time_window) {
            None => Some(TimeWindow::Any),
            Some(t) => {
                let parsed = TimeWindow::parse(&t);
                if parsed.is_none() {
                    fail(Field::TimeWindow, Code::Invalid);
                }
                parsed
            }
        };

        // Bidirectional controls are dropped from the message (they only reorder what an operator sees), and a
        // message of nothing visible is no message.
        let message = self
            .message
            .as_deref()
            .map(|m| text::strip_bidi(m).trim().to_string())
            .filter(|m| !text::is_blank(m));
        if let Some(m) = &message {
            if m.chars().count() > MESSAGE_MAX_CHARS {
                fail(Field::Message, Code::TooLong);
            } else if has_control_chars(m, true) {
                fail(Field::Message, Code::ControlCharacters);
            }
        }

        if !self.consent_privacy {
            fail(Field::ConsentPrivacy, Code::ConsentRequired);
        }
        let assessment = self.assessment.clone().filter(|v| !v.is_null());
        if assessment.is_some() && !self.consent_share_assessment {
            fail(Field::Assessment, Code::NotAllowedWithoutConsent);
        }

        let partner = clean(&self.partner);
        if let Some(p) = &partner
            && (p.len() > PARTNER_MAX_CHARS || !p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
        {
            fail(Field::Partner, Code::Invalid);
        }

        let lang = match clean(&self.lang) {
            None => Some(Lang::It),
            Some(l) => {
                let parsed = Lang::from_code(&l).filter(|p| p.code() == l);
                if parsed.is_none() {
                    fail(Field::Lang, Code::Invalid);
                }
                parsed
            }
        };

        match (problems.is_empty(), channel, time_window, lang) {
            (true, Some(channel), Some(time_window), Some(lang)) => Ok(ValidatedContactRequest {
                request_id,
                desk_id,
                name,
                email,
                phone,
                comune_istat,
                channel,
                time_window,
                message,
                consent_share_assessment: self.consent_share_assessment && assessment.is_some(),
                assessment,
                partner,
                lang,
                is_spam: clean(&self.website).is_some(),
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ContactForm {
        ContactForm {
            request_id: "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10".into(),
            name: "Maria Rossi".into(),
            email: Some("maria@example.it".into()),
            consent_privacy: true,
            ..ContactForm::default()
        }
    }

    fn codes(f: &ContactForm) -> Vec<(&'static str, &'static str)> {
        f.validate().unwrap_err().iter().map(|p| (p.field.as_str(), p.code.as_str())).collect()
    }

    #[test]
    fn a_minimal_request_is_valid() {
        let v = form().validate().unwrap();
        assert_eq!(v.channel(), Channel::Email);
        assert_eq!(v.time_window(), TimeWindow::Any);
        assert_eq!(v.lang(), Lang::It);
        assert!(!v.is_spam());
    }

    #[test]
    fn empty_form_lists_every_problem_in_form_order() {
        let f = ContactForm::default();
        assert_eq!(
            codes(&f),
            [
                ("request_id", "invalid"),
                ("name", "required"),
                ("email", "email_or_phone_required"),
                ("consent_privacy", "consent_required")
            ]
        );
    }

    #[test]
    fn names_in_any_script_are_valid_but_control_characters_are_not() {
        for name in ["Zoë D'Ambrosio", "محمد علي", "李小龙 🚀", "<script>alert(1)</script>", "👩🏽\u{200D}💻 Ada", "مهدی\u{200C}زاده"] {
            let f = ContactForm { name: name.into(), ..form() };
            assert_eq!(f.validate().unwrap().name(), name);
        }
        let f = ContactForm { name: "Ma\0ria".into(), ..form() };
        assert_eq!(codes(&f), [("name", "control_characters")]);
    }

    #[test]
    fn a_name_of_invisible_characters_is_missing() {
        for blank in ["\u{200B}", "\u{FEFF}", "\u{3164}\u{3164}", " \u{200B}\u{2060} ", "\u{115F}\u{1160}", "\u{2800}", "\u{202E}"] {
            let f = ContactForm { name: blank.into(), ..form() };
            assert_eq!(codes(&f), [("name", "required")], "{blank:?}");
        }
        let f = ContactForm { name: "\u{200B}Maria Rossi\u{FEFF}".into(), ..form() };
        assert_eq!(f.validate().unwrap().name(), "Maria Rossi", "trimmed like spaces");
    }

    #[test]
    fn bidi_controls_are_refused_in_names_and_stripped_from_messages() {
        for c in ['\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200F}'] {
            for name in [format!("{c}Maria"), format!("Ma{c}ria"), format!("Maria{c}")] {
                let f = ContactForm { name: name.clone(), ..form() };
                assert_eq!(codes(&f), [("name", "control_characters")], "{name:?}");
            }
        }
        let f = ContactForm { message: Some("Grazie \u{202E}fdp.exe\u{202C} e \u{2066}ciao\u{2069}".into()), ..form() };
        assert_eq!(f.validate().unwrap().message(), Some("Grazie fdp.exe e ciao"));
        let f = ContactForm { message: Some("\u{202E}\u{200B} ".into()), ..form() };
        assert_eq!(f.validate().unwrap().message(), None, "nothing visible is no message");
        let f = ContactForm { email: Some("ma\u{202E}ria@example.it".into()), ..form() };
        assert_eq!(codes(&f), [("email", "invalid")]);
    }

    #[test]
    fn a_request_id_written_any_usual_way_is_the_same_id() {
        let canonical = "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10";
        for typed in [
            canonical,
            "0B6F0C1E-5D55-4F7E-9A53-2F3C8F1F2A10",
            "0b6f0c1e5d554f7e9a532f3c8f1f2a10",
            "{0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10}",
            "urn:uuid:0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10",
            "URN:UUID:0B6F0C1E-5D55-4F7E-9A53-2F3C8F1F2A10",
            " {0B6F0C1E-5D55-4F7E-9A53-2F3C8F1F2A10} ",
        ] {
            let f = ContactForm { request_id: typed.into(), ..form() };
            let v = f.validate().unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(v.request_id(), canonical, "{typed}");
            assert_eq!(v.canonical_json(), form().validate().unwrap().canonical_json(), "{typed}");
        }
        for bad in ["", "x", "0b6f0c1e-5d55-1f7e-9a53-2f3c8f1f2a10", "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a1", "{0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10"] {
            assert_eq!(canonical_request_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_canonical_form_stays_byte_for_byte_what_stored_hashes_were_made_from() {
        let f = ContactForm {
            desk_id: Some("mo-01".into()),
            phone: Some("+44 20 7946 0958".into()),
            channel: Some("whatsapp".into()),
            time_window: Some("morning".into()),
            comune_istat: Some("036023".into()),
            message: Some(" Ciao ".into()),
            consent_share_assessment: true,
            assessment: Some(serde_json::json!({"b": 1, "a": [true]})),
            partner: Some("comune-x".into()),
            lang: Some("en".into()),
            ..form()
        };
        #[cfg(feature = "phone-full")]
        let phone = "+442079460958";
        #[cfg(not(feature = "phone-full"))]
        let phone = "+44 20 7946 0958";
        assert_eq!(
            f.validate().unwrap().canonical_json(),
            format!(
                r#"{{"request_id":"0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10","desk_id":"mo-01","name":"Maria Rossi","email":"maria@example.it","phone":"{phone}","comune_istat":"036023","channel":"whatsapp","time_window":"morning","message":"Ciao","consent_share_assessment":true,"assessment":{{"a":[true],"b":1}},"partner":"comune-x","lang":"en"}}"#
            )
        );
    }

    #[test]
    fn email_and_phone_syntax() {
        let bad_email = ContactForm { email: Some("maria@".into()), ..form() };
        assert_eq!(codes(&bad_email), [("email", "invalid")]);
        let phone_only = ContactForm { email: None, phone: Some("+39 333 123 4567".into()), ..form() };
        assert_eq!(phone_only.validate().unwrap().channel(), Channel::Phone);
        let bad_phone = ContactForm { phone: Some("call me".into()), ..form() };
        assert_eq!(codes(&bad_phone), [("phone", "invalid")]);
    }

    fn phone(p: &str) -> Result<Option<String>, Vec<(&'static str, &'static str)>> {
        let f = ContactForm { phone: Some(p.into()), ..form() };
        f.validate().map(|v| v.phone().map(str::to_string)).map_err(|_| codes(&f))
    }

    #[test]
    fn phone_syntax_is_checked_in_every_build() {
        for bad in ["call me", "12", "+39 333 123 4567 8901 234", "333-ABC-4567", "+", "++39 333 1234567"] {
            assert_eq!(phone(bad), Err(vec![("phone", "invalid")]), "{bad}");
        }
        // A bad number is still a number given: no "channel needs a phone" on top of "invalid".
        let f = ContactForm { phone: Some("nope".into()), channel: Some("phone".into()), email: None, ..form() };
        assert_eq!(codes(&f), [("phone", "invalid")]);
    }

    #[cfg(not(feature = "phone-full"))]
    #[test]
    fn light_build_keeps_the_number_as_typed() {
        assert_eq!(phone("333 123 4567"), Ok(Some("333 123 4567".into())));
        assert_eq!(phone("+44 20 7946 0958"), Ok(Some("+44 20 7946 0958".into())));
        // Syntax only: a number no Italian operator hands out still passes here (the server refuses it).
        assert_eq!(phone("123456"), Ok(Some("123456".into())));
    }

    #[cfg(feature = "phone-full")]
    #[test]
    fn full_build_reads_numbers_as_italian_and_stores_e164() {
        for (typed, stored) in [
            ("333 123 4567", "+393331234567"),
            ("06 1234 5678", "+390612345678"),
            ("+39 06 1234 5678", "+390612345678"),
            ("0039 333 123 4567", "+393331234567"),
            ("(02) 1234-5678", "+390212345678"),
            ("+44 20 7946 0958", "+442079460958"),
            ("+33 1 23 45 67 89", "+33123456789"),
        ] {
            assert_eq!(phone(typed), Ok(Some(stored.into())), "{typed}");
        }
        for impossible in ["123456", "+39 999 999", "+44 20 79", "+1 000 000 0000"] {
            assert_eq!(phone(impossible), Err(vec![("phone", "invalid")]), "{impossible}");
        }
    }

    #[cfg(feature = "phone-full")]
    #[test]
    fn the_same_number_typed_differently_is_the_same_request() {
        let a = ContactForm { phone: Some("333 123 4567".into()), ..form() }.validate().unwrap();
        let b = ContactForm { phone: Some("+39 3331234567".into()), ..form() }.validate().unwrap();
        assert_eq!(a.canonical_json(), b.canonical_json());
    }

    /// The server's catalogue in the tests: one desk, one comune.
    struct Known;
    impl Catalog for Known {
        fn has_desk(&self, id: &str) -> bool {
            id == "mo-01"
        }
        fn has_comune(&self, istat: &str) -> bool {
            istat == "036023"
        }
    }

    #[test]
    fn desk_ids_and_comuni_are_checked_against_a_catalogue_when_one_is_given() {
        let known = ContactForm { desk_id: Some("mo-01".into()), comune_istat: Some("036023".into()), ..form() };
        assert_eq!(known.validate_with(&Known).unwrap().desk_id(), Some("mo-01"));
        let unknown = ContactForm { desk_id: Some("xx-99".into()), comune_istat: Some("999999".into()), ..form() };
        assert!(unknown.validate().is_ok(), "the browser has no catalogue: any well-formed id");
        let problems = unknown.validate_with(&Known).unwrap_err();
        assert_eq!(
            problems,
            [Problem { field: Field::ComuneIstat, code: Code::Unknown }, Problem { field: Field::DeskId, code: Code::Unknown }]
        );
        assert_eq!(problems[0].code.as_str(), "unknown");
        let malformed = ContactForm { desk_id: Some("<script>".into()), comune_istat: Some("12345".into()), ..form() };
        let codes: Vec<Code> = malformed.validate_with(&Known).unwrap_err().iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::Invalid, Code::Invalid]);
        assert!(ContactForm { desk_id: None, ..form() }.validate_with(&Known).is_ok(), "no desk chosen is fine");
    }

    #[test]
    fn channel_must_match_what_was_given() {
        let f = ContactForm { channel: Some("whatsapp".into()), ..form() };
        assert_eq!(codes(&f), [("phone", "channel_needs_phone")]);
        let f = ContactForm { channel: Some("fax".into()), ..form() };
        assert_eq!(codes(&f), [("channel", "invalid")]);
    }

    #[test]
    fn assessment_needs_consent() {
        let f = ContactForm { assessment: Some(serde_json::json!({"x": 1})), ..form() };
        assert_eq!(codes(&f), [("assessment", "not_allowed_without_consent")]);
        let f = ContactForm { consent_share_assessment: true, assessment: Some(serde_json::json!({"x": 1})), ..form() };
        assert!(f.validate().unwrap().consent_share_assessment());
    }

    #[test]
    fn honeypot_marks_spam() {
        let f = ContactForm { website: Some("http://spam".into()), ..form() };
        assert!(f.validate().unwrap().is_spam());
    }

    #[test]
    fn message_length_counts_characters_not_bytes() {
        let f = ContactForm { message: Some("è".repeat(MESSAGE_MAX_CHARS)), ..form() };
        assert!(f.validate().is_ok());
        let f = ContactForm { message: Some("è".repeat(MESSAGE_MAX_CHARS + 1)), ..form() };
        assert_eq!(codes(&f), [("message", "too_long")]);
    }

    /// One form per problem the validator can report (with the catalogue below for `desk_id: unknown`).
    fn forms_with_each_problem() -> Vec<ContactForm> {
        let long = |n: usize| Some("x".repeat(n));
        vec![
            ContactForm::default(),
            ContactForm { name: "x".repeat(NAME_MAX_CHARS + 1), ..form() },
            ContactForm { name: "a\u{7}b".into(), ..form() },
            ContactForm { email: Some(format!("{}@example.it", "a".repeat(EMAIL_MAX_CHARS))), ..form() },
            ContactForm { email: Some("maria@".into()), ..form() },
            ContactForm { email: None, phone: Some("333 123 4567".into()), channel: Some("email".into()), ..form() },
            ContactForm { phone: Some("call me".into()), ..form() },
            ContactForm { channel: Some("phone".into()), ..form() },
            ContactForm { comune_istat: Some("12345".into()), ..form() },
            ContactForm { comune_istat: Some("999999".into()), ..form() },
            ContactForm { desk_id: Some("<x>".into()), ..form() },
            ContactForm { desk_id: Some("not-in-the-catalogue".into()), ..form() },
            ContactForm { channel: Some("fax".into()), time_window: Some("night".into()), ..form() },
            ContactForm { message: long(MESSAGE_MAX_CHARS + 1), ..form() },
            ContactForm { message: Some("a\0b".into()), ..form() },
            ContactForm { assessment: Some(serde_json::json!({})), partner: Some("a b".into()), lang: Some("xx".into()), ..form() },
        ]
    }

    #[test]
    fn every_problem_the_validator_reports_reads_back_from_the_api() {
        struct Nothing;
        impl Catalog for Nothing {
            fn has_desk(&self, _: &str) -> bool {
                false
            }
            fn has_comune(&self, _: &str) -> bool {
                false
            }
        }
        let mut seen = std::collections::HashSet::new();
        for f in forms_with_each_problem() {
            for p in f.validate_with(&Nothing).unwrap_err() {
                assert!(Problem::ALL.contains(&p), "{p:?} is missing from Problem::ALL");
                assert_eq!(Problem::from_api(p.field.as_str(), p.code.as_str()), Some(p));
                seen.insert(p);
            }
        }
        let missed: Vec<_> = Problem::ALL.iter().filter(|p| !seen.contains(*p)).collect();
        assert!(missed.is_empty(), "listed but never reported: {missed:?}");
        assert_eq!(seen.len(), Problem::ALL.len());
    }

}
