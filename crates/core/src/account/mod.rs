//! Operator accounts: the e-mail as an account's name, the password policy (codes only; the pages word them),
//! and the wire types of the sign-in endpoints. Hashing, sessions and storage are the server's.

use serde::{Deserialize, Serialize};

/// Fewer characters than this are refused (`too_short`).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// More characters than this are refused (`too_long`): hashing a megabyte per try would be a cheap attack.
pub const PASSWORD_MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("common_passwords.txt");

/// Why a password is refused. `code()` is the API's code under the field `password`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// One of the passwords people choose most often (also with digits or symbols around it), or one character
    /// or a keyboard/alphabet run repeated.
    Common,
    /// Contains the account's e-mail address or its name part.
    ContainsEmail,
}

impl PasswordProblem {
    pub const ALL: [PasswordProblem; 4] =
        [PasswordProblem::TooShort, PasswordProblem::TooLong, PasswordProblem::Common, PasswordProblem::ContainsEmail];

    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "too_short",
            PasswordProblem::TooLong => "too_long",
            PasswordProblem::Common => "common",
            PasswordProblem::ContainsEmail => "contains_email",
        }
    }

    /// The key of its sentence under `api` in the locale files.
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_too_short",
            PasswordProblem::TooLong => "password_too_long",
            PasswordProblem::Common => "password_common",
            PasswordProblem::ContainsEmail => "password_contains_email",
        }
    }
}

/// `s` lower-cased with only its letters and digits kept.
fn letters_and_digits(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn is_common_word(word: &str) -> bool {
    !word.is_empty()
        && COMMON.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).any(|l| l == word)
}

/// `aaaa…`, `abab…`, `123123…`: a short piece repeated.
fn is_repetition(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=chars.len() / 2).any(|n| chars.len() % n == 0 && chars.chunks(n).all(|c| c == &chars[..n]))
}

/// Runs such as `abcdefghijkl`, `123456789012`, `9876543210`: each character one after (or before) the last.
fn is_run(s: &str) -> bool {
    let codes: Vec<i64> = s.chars().map(|c| c as i64).collect();
    codes.len() > 2
        && (codes.windows(2).all(|w| w[1] - w[0] == 1 || (w[0] == '9' as i64 && w[1] == '0' as i64))
            || codes.windows(2).all(|w| w[0] - w[1] == 1 || (w[0] == '0' as i64 && w[1] == '9' as i64)))
}

/// Whether `password` is one people choose too often (see [`PasswordProblem::Common`]).
pub fn is_common_password(password: &str) -> bool {
    let plain = letters_and_digits(password);
    if plain.is_empty() || is_repetition(&plain) || is_run(&plain) {
        return true;
    }
    // "Password2024!", "2024juventus": the word with digits around it.
    let stem = plain.trim_matches(|c: char| c.is_ascii_digit());
    let stem_repeated = !stem.is_empty() && is_repetition(stem);
    is_common_word(&plain) || is_common_word(stem) || stem_repeated || {
        // "Mario Rossi 1980", "ciaociao…": every word of it common (or a digit run).
        let words: Vec<String> = password
            .split(|c: char| !c.is_alphanumeric())
            .map(letters_and_digits)
            .filter(|w| !w.is_empty())
            .collect();
        words.len() > 1
            && words.iter().all(|w| {
                let w = w.trim_matches(|c: char| c.is_ascii_digit());
                w.is_empty() || is_common_word(w)
            })
    }
}

/// Checks a new password for the account `email`: the first problem found, in the order of
/// [`PasswordProblem::ALL`].
pub fn check_password(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if is_common_password(password) {
        return Err(PasswordProblem::Common);
    }
    let plain = letters_and_digits(password);
    let email = email.trim().to_lowercase();
    let local = letters_and_digits(email.split('@').next().unwrap_or(""));
    if (local.chars().count() >= 4 && plain.contains(&local)) || (!email.is_empty() && password.to_lowercase().contains(&email)) {
        return Err(PasswordProblem::ContainsEmail);
    }
    Ok(())
}

/// An operator's e-mail as an account name: trimmed, lower-cased, and a valid address; `None` otherwise.
pub fn normalize_email(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    (e.len() <= 254 && !e.chars().any(|c| c.is_whitespace() || c.is_control()) && e.parse::<email_address::EmailAddress>().is_ok())
        .then_some(e)
}

/// `POST /api/v1/operator/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/operator/password`: the one-time link's token and the new password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    pub token: String,
    pub password: String,
}

/// `POST /api/v1/operator/password/check`: is this link still good?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    pub token: String,
}

/// The answer to a good link: whose it is and until when it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub email: String,
    pub expires_at: String,
}

/// Who is calling the operator API (`GET /api/v1/operator/me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorMe {
    /// `operator` (a person with a session) or `token` (an integration with the bearer token).
    pub kind: ActorKind,
    pub email: Option<String>,
    /// Sees every desk's requests and the audit log.
    pub admin: bool,
    /// The desks whose requests this operator sees (every desk for an admin, whatever is listed).
    pub desks: Vec<String>,
    pub session: Option<SessionInfo>,
}

/// The current session's times (RFC 3339): it ends at `idle_expires_at` without activity, at `expires_at` in
/// any case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub created_at: String,
    pub idle_expires_at: String,
    pub expires_at: String,
}

/// Who did something, in the audit log and in `me`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A person signed in with an operator account.
    Operator,
    /// An integration with `MICROWORK_OPERATOR_TOKEN`.
    Token,
    /// The person who sent the request, with its status secret.
    Person,
    /// `microwork` commands run on the server.
    Cli,
    /// The server itself (retention).
    System,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [ActorKind::Operator, ActorKind::Token, ActorKind::Person, ActorKind::Cli, ActorKind::System];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Operator => "operator",
            ActorKind::Token => "token",
            ActorKind::Person => "person",
            ActorKind::Cli => "cli",
            ActorKind::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What the audit log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// One request's personal data shown (`GET …/contact-requests/{reference}`).
    #[serde(rename = "request.read")]
    Read,
    /// A list of requests shown (the references are in `detail.references`).
    #[serde(rename = "request.list")]
    List,
    /// A CSV export (the references are in `detail.references`).
    #[serde(rename = "request.export")]
    Export,
    /// Status, outcome or note changed (`detail` says which; never the note's text).
    #[serde(rename = "request.update")]
    Update,
    /// Erased by an operator or, withdrawn, by the person.
    #[serde(rename = "request.erase")]
    Erase,
    /// The person said nobody contacted them.
    #[serde(rename = "request.escalate")]
    Escalate,
    #[serde(rename = "session.login")]
    Login,
    #[serde(rename = "session.logout")]
    Logout,
    /// Every session of the operator ended.
    #[serde(rename = "session.logout_all")]
    LogoutAll,
    #[serde(rename = "operator.password_set")]
    PasswordSet,
    #[serde(rename = "operator.add")]
    OperatorAdd,
    #[serde(rename = "operator.disable")]
    OperatorDisable,
    #[serde(rename = "operator.enable")]
    OperatorEnable,
    /// A new one-time link; the old password and sessions no longer work.
    #[serde(rename = "operator.reset")]
    OperatorReset,
    /// A desk's correction proposed by its operator (`desk_id`; `detail.proposal` = its id).
    #[serde(rename = "desk.propose")]
    DeskPropose,
    /// An admin approved a proposal (`detail.proposal`): the entry is published.
    #[serde(rename = "desk.approve")]
    DeskApprove,
    /// An admin rejected a proposal (`detail.reason`).
    #[serde(rename = "desk.reject")]
    DeskReject,
    /// The desk's operator confirmed the entry unchanged.
    #[serde(rename = "desk.confirm")]
    DeskConfirm,
    /// An admin sent the desk's operators a reminder (`detail.delivered`).
    #[serde(rename = "desk.remind")]
    DeskRemind,
    /// Desk reports shown (they may hold a person's contact; `detail.reports` = their ids).
    #[serde(rename = "desk_report.list")]
    DeskReportList,
    /// A desk report marked handled.
    #[serde(rename = "desk_report.close")]
    DeskReportClose,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        AuditAction::Read,
        AuditAction::List,
        AuditAction::Export,
        AuditAction::Update,
        AuditAction::Erase,
        AuditAction::Escalate,
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::LogoutAll,
        AuditAction::PasswordSet,
        AuditAction::OperatorAdd,
        AuditAction::OperatorDisable,
        AuditAction::OperatorEnable,
        AuditAction::OperatorReset,
        AuditAction::DeskPropose,
        AuditAction::DeskApprove,
        AuditAction::DeskReject,
        AuditAction::DeskConfirm,
        AuditAction::DeskRemind,
        AuditAction::DeskReportList,
        AuditAction::DeskReportClose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "request.read",
            AuditAction::List => "request.list",
            AuditAction::Export => "request.export",
            AuditAction::Update => "request.update",
            AuditAction::Erase => "request.erase",
            AuditAction::Escalate => "request.escalate",
            AuditAction::Login => "session.login",
            AuditAction::Logout => "session.logout",
            AuditAction::LogoutAll => "session.logout_all",
            AuditAction::PasswordSet => "operator.password_set",
            AuditAction::OperatorAdd => "operator.add",
            AuditAction::OperatorDisable => "operator.disable",
            AuditAction::OperatorEnable => "operator.enable",
            AuditAction::OperatorReset => "operator.reset",
            AuditAction::DeskPropose => "desk.propose",
            AuditAction::DeskApprove => "desk.approve",
            AuditAction::DeskReject => "desk.reject",
            AuditAction::DeskConfirm => "desk.confirm",
            AuditAction::DeskRemind => "desk.remind",
            AuditAction::DeskReportList => "desk_report.list",
            AuditAction::DeskReportClose => "desk_report.close",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One line of the audit log (`GET /api/v1/operator/audit`, `GET …/contact-requests/{reference}/audit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC, to the second.
    pub at: String,
    pub actor: ActorKind,
    /// The operator's e-mail (for `operator`, and for `cli` actions on an account: the account's).
    pub actor_email: Option<String>,
    pub action: AuditAction,
    /// The request concerned, for actions on one request.
    pub reference: Option<String>,
    pub desk_id: Option<String>,
    /// Action-specific facts: the filter and references of a list or export, what an update changed.
    pub detail: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_common_and_personal_passwords_are_refused() {
        let email = "maria.rossi@comune.example.it";
        for (password, problem) in [
            ("", PasswordProblem::TooShort),
            ("corto1!", PasswordProblem::TooShort),
            ("undici car.", PasswordProblem::TooShort),
            (&"x1".repeat(65), PasswordProblem::TooLong),
            ("password1234", PasswordProblem::Common),
            ("Password2024!", PasswordProblem::Common),
            ("2024Juventus!!", PasswordProblem::Common),
            ("123456789012", PasswordProblem::Common),
            ("qwertyuiopasdfghjkl", PasswordProblem::Common),
            ("aaaaaaaaaaaaaa", PasswordProblem::Common),
            ("abcabcabcabc", PasswordProblem::Common),
            ("abcdefghijklm", PasswordProblem::Common),
            ("9876543210987", PasswordProblem::Common),
            ("ciaociaociao", PasswordProblem::Common),
            ("Forza Napoli 1926", PasswordProblem::Common),
            ("Amore Mio 2025!", PasswordProblem::Common),
            ("maria.rossi-2026!", PasswordProblem::ContainsEmail),
            ("xMariaRossi2026x", PasswordProblem::ContainsEmail),
        ] {
            assert_eq!(check_password(password, email), Err(problem), "{password}");
        }
        for good in ["cavallo batteria graffetta", "Sportello di Latina, 3 caffè!", "tT7#kq9Lm2vX"] {
            assert_eq!(check_password(good, email), Ok(()), "{good}");
        }
        // Length counts characters, not bytes.
        assert_eq!(check_password("èèèèèèèèèèè", "x@y.it"), Err(PasswordProblem::TooShort));
    }

    #[test]
    fn every_problem_has_a_code_and_a_message_key() {
        let codes: std::collections::HashSet<_> = PasswordProblem::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), PasswordProblem::ALL.len());
        assert!(PasswordProblem::ALL.iter().all(|p| p.message_key().starts_with("password_")));
    }

    #[test]
    fn emails_are_account_names() {
        assert_eq!(normalize_email("  Maria.Rossi@Comune.Example.IT ").as_deref(), Some("maria.rossi@comune.example.it"));
        for bad in ["", "maria", "maria@", "@x.it", "ma ria@x.it", "maria@x.it\u{7}"] {
            assert_eq!(normalize_email(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn audit_actions_and_actor_kinds_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
