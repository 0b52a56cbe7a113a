//! Contact requests: the form as typed, its validation, and the validated request both app and server accept.
//!
//! "Parse, don't validate": a [`ValidatedContactRequest`] can only be made by [`ContactForm::validate`]
//! (or [`ContactForm::validate_with`]), so the server stores nothing that this module did not check.
//!
//! Phone numbers: the default build (the browser's) checks syntax only: digits and the usual separators,
//! 6 to 15 digits, and keeps the number as typed. With the `phone-full` feature (the server's) the number is
//! also parsed with libphonenumber's metadata (`phonenumber` crate; numbers without `+` are Italian) and stored
//! in E.164 form (`+393331234567`), so a number the browser let through can still be refused by the server.

use crate::Lang;
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 100;
pub const MESSAGE_MAX_CHARS: usize = 1000;
const EMAIL_MAX_CHARS: usize = 254;
const PARTNER_MAX_CHARS: usize = 40;
const DESK_ID_MAX_CHARS: usize = 80;

/// The request exactly as a client sends it (field names are a public contract, see ARCHITECTURE.md).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Email,
    Whatsapp,
}

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
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "phone" => Some(Channel::Phone),
            "email" => Some(Channel::Email),
            "whatsapp" => Some(Channel::Whatsapp),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Whatsapp => "whatsapp",
        }
    }
}

impl TimeWindow {
    pub fn parse(s: &str) -> Option<TimeWindow> {
        match s {
            "morning" => Some(TimeWindow::Morning),
            "afternoon" => Some(TimeWindow::Afternoon),
            "evening" => Some(TimeWindow::Evening),
            "any" => Some(TimeWindow::Any),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            TimeWindow::Morning => "morning",
            TimeWindow::Afternoon => "afternoon",
            TimeWindow::Evening => "evening",
            TimeWindow::Any => "any",
        }
    }
}

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
    ControlCharacters,
    /// Well formed, but not one we know (a desk id missing from the catalogue).
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

impl Problem {
    fn new(field: Field, code: Code) -> Problem {
        Problem { field, code }
    }

    /// Every problem [`ContactForm::validate_with`] can report, in form order. The server sends these as
    /// `{field, code}`; [`Problem::from_api`] reads them back.
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

    /// The problem behind an API error item `{field, code}` (as written by [`Field::as_str`] and
    /// [`Code::as_str`]), so the browser can show its own message, in the person's language, for a server
    /// refusal. `None` for anything the validator does not produce (`invalid_json`, `conflict`,
    /// `unknown_field`, `invalid_type`, a field without a code of that kind…): show the server's text then.
    pub fn from_api(field: &str, code: &str) -> Option<Problem> {
        Problem::ALL.iter().copied().find(|p| p.field.as_str() == field && p.code.as_str() == code)
    }

    /// A plain message for the person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        use Code::*;
        use Field as F;
        let it = lang == Lang::It;
        let s = match (self.field, self.code) {
            (F::Name, Required) => if it { "Inserisci il tuo nome" } else { "Enter your name" },
            (F::Name, TooLong) => if it { "Il nome può avere al massimo 100 caratteri" } else { "Your name must be 100 characters or fewer" },
            (F::Email, EmailOrPhoneRequired) | (F::Phone, EmailOrPhoneRequired) => {
                if it { "Inserisci un indirizzo e-mail o un numero di telefono" } else { "Enter an e-mail address or a phone number" }
            }
            (F::Email, Invalid) | (F::Email, TooLong) => {
                if it { "Inserisci un indirizzo e-mail valido, ad esempio nome@esempio.it" } else { "Enter a valid e-mail address, like name@example.com" }
            }
            (F::Phone, Invalid) => {
                if it { "Inserisci un numero di telefono valido, ad esempio 333 123 4567 o +39 06 1234 5678" } else { "Enter a valid phone number, like 333 123 4567 or +39 06 1234 5678" }
            }
            (F::Channel, ChannelNeedsPhone) | (F::Phone, ChannelNeedsPhone) => {
                if it { "Per essere contattato per telefono o WhatsApp inserisci un numero di telefono" } else { "To be contacted by phone or WhatsApp, enter a phone number" }
            }
            (F::Channel, ChannelNeedsEmail) | (F::Email, ChannelNeedsEmail) => {
                if it { "Per essere contattato per e-mail inserisci un indirizzo e-mail" } else { "To be contacted by e-mail, enter an e-mail address" }
            }
            (F::Channel, _) => if it { "Scegli come preferisci essere contattato" } else { "Choose how you prefer to be contacted" },
            (F::TimeWindow, _) => if it { "Scegli quando preferisci essere contattato" } else { "Choose when you prefer to be contacted" },
            (F::Message, TooLong) => if it { "Il messaggio può avere al massimo 1.000 caratteri" } else { "Your message must be 1,000 characters or fewer" },
            (F::ConsentPrivacy, _) => {
                if it { "Per inviare la richiesta devi accettare l'informativa sulla privacy" } else { "To send the request you must accept the privacy notice" }
            }
            (F::DeskId, _) => if it { "Scegli uno sportello dall'elenco" } else { "Choose a help desk from the list" },
            (F::ComuneIstat, _) => if it { "Scegli il tuo comune dall'elenco" } else { "Choose your municipality from the list" },
            (F::Assessment, _) => {
                if it { "Il riepilogo dell'autovalutazione si può allegare solo con il tuo consenso" } else { "The self-check summary can only be attached with your consent" }
            }
            (_, ControlCharacters) => if it { "Il testo contiene caratteri non ammessi" } else { "The text contains characters that are not allowed" },
            (_, TooLong) => if it { "Il testo è troppo lungo" } else { "The text is too long" },
            _ => if it { "Questo valore non è valido" } else { "This value is not valid" },
        };
        s.to_string()
    }
}

/// A request that passed every check. Only [`ContactForm::validate`] makes one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidatedContactRequest {
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

/// Which desk ids exist. The browser has no catalogue at hand when it validates ([`AnyDesk`]); the server
/// loads `data/sportelli.json` and refuses ids that are not in it.
pub trait DeskCatalog {
    fn contains_desk(&self, id: &str) -> bool;
}

/// Accepts every well-formed desk id: what [`ContactForm::validate`] uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyDesk;

impl DeskCatalog for AnyDesk {
    fn contains_desk(&self, _id: &str) -> bool {
        true
    }
}

impl<S: std::hash::BuildHasher> DeskCatalog for std::collections::HashSet<String, S> {
    fn contains_desk(&self, id: &str) -> bool {
        self.contains(id)
    }
}

impl DeskCatalog for std::collections::BTreeSet<String> {
    fn contains_desk(&self, id: &str) -> bool {
        self.contains(id)
    }
}

impl<T: DeskCatalog + ?Sized> DeskCatalog for &T {
    fn contains_desk(&self, id: &str) -> bool {
        (**self).contains_desk(id)
    }
}

impl ContactForm {
    /// Every problem at once (GOV.UK: list them all in the summary), in the order the form shows the fields.
    /// Any well-formed desk id is accepted; the server uses [`ContactForm::validate_with`] and its catalogue.
    pub fn validate(&self) -> Result<ValidatedContactRequest, Vec<Problem>> {
        self.validate_with(&AnyDesk)
    }

    /// [`ContactForm::validate`], and a desk id must also be one that `desks` knows (else `desk_id: unknown`).
    pub fn validate_with(&self, desks: &impl DeskCatalog) -> Result<ValidatedContactRequest, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut fail = |field, code| problems.push(Problem::new(field, code));

        let request_id = self.request_id.trim().to_ascii_lowercase();
        if uuid::Uuid::try_parse(&request_id).map(|u| u.get_version_num() != 4).unwrap_or(true) {
            fail(Field::RequestId, Code::Invalid);
        }

        let name = self.name.trim().to_string();
        if name.is_empty() {
            fail(Field::Name, Code::Required);
        } else if name.chars().count() > NAME_MAX_CHARS {
            fail(Field::Name, Code::TooLong);
        } else if has_control_chars(&name, false) {
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
        if let Some(c) = &comune_istat
            && !(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        {
            fail(Field::ComuneIstat, Code::Invalid);
        }

        let desk_id = clean(&self.desk_id);
        if let Some(d) = &desk_id {
            if d.chars().count() > DESK_ID_MAX_CHARS
                || !d.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                fail(Field::DeskId, Code::Invalid);
            } else if !desks.contains_desk(d) {
                fail(Field::DeskId, Code::Unknown);
            }
        }

        let channel = match clean(&self.channel) {
            None => {
                // Without a stated preference, use what the person gave us.
                if phone.is_some() { Some(Channel::Phone) } else { Some(Channel::Email) }
            }
            Some(c) => {
                let parsed = Channel::parse(&c);
                if parsed.is_none() {
                    fail(Field::Channel, Code::Invalid);
                }
                parsed
            }
        };
        match channel {
            Some(Channel::Phone | Channel::Whatsapp) if phone.is_none() && email.is_some() => {
                fail(Field::Phone, Code::ChannelNeedsPhone)
            }
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

        let message = clean(&self.message);
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

/// A reference a person can read out on the phone: "MW-7K3Q-9PXD" (Crockford base32: no I, L, O, U).
pub fn reference_from_random(random: u64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let chars: String = (0..8).map(|i| ALPHABET[((random >> (i * 5)) & 31) as usize] as char).collect();
    format!("MW-{}-{}", &chars[..4], &chars[4..])
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
        for name in ["Zoë D'Ambrosio", "محمد علي", "李小龙 🚀", "<script>alert(1)</script>"] {
            let f = ContactForm { name: name.into(), ..form() };
            assert_eq!(f.validate().unwrap().name(), name);
        }
        let f = ContactForm { name: "Ma\0ria".into(), ..form() };
        assert_eq!(codes(&f), [("name", "control_characters")]);
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

    #[test]
    fn desk_ids_are_checked_against_a_catalogue_when_one_is_given() {
        let desks: std::collections::HashSet<String> = ["mo-01".to_string()].into();
        let known = ContactForm { desk_id: Some("mo-01".into()), ..form() };
        assert_eq!(known.validate_with(&desks).unwrap().desk_id(), Some("mo-01"));
        let unknown = ContactForm { desk_id: Some("xx-99".into()), ..form() };
        assert!(unknown.validate().is_ok(), "the browser has no catalogue: any well-formed id");
        let problems = unknown.validate_with(&desks).unwrap_err();
        assert_eq!(problems, [Problem { field: Field::DeskId, code: Code::Unknown }]);
        assert_eq!(problems[0].code.as_str(), "unknown");
        let malformed = ContactForm { desk_id: Some("<script>".into()), ..form() };
        assert_eq!(malformed.validate_with(&desks).unwrap_err()[0].code, Code::Invalid);
        assert!(ContactForm { desk_id: None, ..form() }.validate_with(&desks).is_ok(), "no desk chosen is fine");
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

    #[test]
    fn references_are_readable() {
        assert_eq!(reference_from_random(0), "MW-0000-0000");
        let r = reference_from_random(u64::MAX);
        assert_eq!(r, "MW-ZZZZ-ZZZZ");
        assert!(reference_from_random(0x1234_5678_9abc).chars().all(|c| !"ILOU".contains(c)));
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
        let desks: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let mut seen = std::collections::HashSet::new();
        for f in forms_with_each_problem() {
            for p in f.validate_with(&desks).unwrap_err() {
                assert!(Problem::ALL.contains(&p), "{p:?} is missing from Problem::ALL");
                assert_eq!(Problem::from_api(p.field.as_str(), p.code.as_str()), Some(p));
                seen.insert(p);
            }
        }
        let missed: Vec<_> = Problem::ALL.iter().filter(|p| !seen.contains(*p)).collect();
        assert!(missed.is_empty(), "listed but never reported: {missed:?}");
        assert_eq!(seen.len(), Problem::ALL.len());
    }

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
    fn every_problem_has_a_message_in_every_language() {
        let f = ContactForm { request_id: "x".into(), ..ContactForm::default() };
        for p in f.validate().unwrap_err() {
            for lang in Lang::ALL {
                assert!(!p.message(lang).is_empty());
            }
        }
    }
}
