//! A request's life at the desk: nuova → presa in carico → contattata → chiusa (with an outcome), the moves an
//! operator may make between them, what a change asks for ([`RequestUpdate`]), and the dated steps a person
//! sees on their status page ([`Timeline`]).

use serde::{Deserialize, Serialize};

/// Where a request is in the desk's work. `spam` is set by the honeypot, never by an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nuova: nobody at the desk has taken it yet.
    New,
    /// Presa in carico: someone at the desk is on it.
    Taken,
    /// Contattata: the desk has spoken to (or written to) the person.
    Contacted,
    /// Chiusa, with an [`Outcome`].
    Closed,
    Spam,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::New, Status::Taken, Status::Contacted, Status::Closed, Status::Spam];
    /// The steps of the desk's work, in order.
    pub const STEPS: [Status; 4] = [Status::New, Status::Taken, Status::Contacted, Status::Closed];
    /// Still waiting for a first contact: the promised response time applies.
    pub const AWAITING_CONTACT: [Status; 2] = [Status::New, Status::Taken];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Taken => "taken",
            Status::Contacted => "contacted",
            Status::Closed => "closed",
            Status::Spam => "spam",
        }
    }

    /// What an operator may set (spam is the honeypot's verdict).
    pub fn settable(self) -> bool {
        self != Status::Spam
    }

    /// Not yet contacted (new or taken).
    pub fn awaits_contact(self) -> bool {
        Status::AWAITING_CONTACT.contains(&self)
    }

    fn rank(self) -> Option<usize> {
        Status::STEPS.iter().position(|s| *s == self)
    }

    /// Whether an operator may move a request from `self` to `next`: any step forward (a desk may call at once
    /// without "taking" first, or close an unreachable request), one step back to correct a slip (closed →
    /// contacted reopens), and spam back to new (the honeypot was wrong). Nothing becomes spam by hand.
    pub fn can_change_to(self, next: Status) -> bool {
        match (self, next) {
            (_, Status::Spam) => false,
            (Status::Spam, next) => next == Status::New,
            (from, to) => match (from.rank(), to.rank()) {
                (Some(a), Some(b)) => b > a || b + 1 == a,
                _ => false,
            },
        }
    }

    /// What the person sees: spam is shown as new (a bot gets no hint that it was caught).
    pub fn public(self) -> Status {
        if self == Status::Spam { Status::New } else { self }
    }
}

/// How a closed request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Avviato percorso: the person started a path (microcredit, an incentive…) with the desk's help.
    PathStarted,
    /// Non idoneo: none of the instruments fits.
    NotEligible,
    /// Non raggiungibile: the desk could not reach the person.
    Unreachable,
    /// Rinuncia: the person gave up.
    Declined,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::PathStarted, Outcome::NotEligible, Outcome::Unreachable, Outcome::Declined];

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::PathStarted => "path_started",
            Outcome::NotEligible => "not_eligible",
            Outcome::Unreachable => "unreachable",
            Outcome::Declined => "declined",
        }
    }
}

/// The longest private note an operator may keep on a request.
pub const NOTE_MAX_CHARS: usize = 2000;

/// `PATCH` body of a request, as sent: every field optional; `note: null` or `""` clears the note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestUpdateBody {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    /// Absent: unchanged; `null`: cleared.
    #[serde(default, with = "double_option")]
    pub note: Option<Option<String>>,
}

/// Tells an absent field (`None`) from `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Option<String>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            None => s.serialize_none(),
            Some(inner) => inner.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }
}

/// What is wrong with an update: the field and a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UpdateProblem {
    pub field: &'static str,
    pub code: &'static str,
}

impl UpdateProblem {
    const fn new(field: &'static str, code: &'static str) -> UpdateProblem {
        UpdateProblem { field, code }
    }
    /// An unknown status, or `spam`.
    pub const STATUS_INVALID: UpdateProblem = UpdateProblem::new("status", "invalid");
    /// A move [`Status::can_change_to`] does not allow.
    pub const STATUS_NOT_ALLOWED: UpdateProblem = UpdateProblem::new("status", "not_allowed");
    pub const OUTCOME_INVALID: UpdateProblem = UpdateProblem::new("outcome", "invalid");
    /// Closing needs an outcome.
    pub const OUTCOME_REQUIRED: UpdateProblem = UpdateProblem::new("outcome", "required");
    /// An outcome belongs to a closed request only.
    pub const OUTCOME_NOT_ALLOWED: UpdateProblem = UpdateProblem::new("outcome", "not_allowed");
    pub const NOTE_TOO_LONG: UpdateProblem = UpdateProblem::new("note", "too_long");
    /// Nothing to change.
    pub const EMPTY: UpdateProblem = UpdateProblem::new("body", "empty");

    pub const ALL: [UpdateProblem; 7] = [
        UpdateProblem::STATUS_INVALID,
        UpdateProblem::STATUS_NOT_ALLOWED,
        UpdateProblem::OUTCOME_INVALID,
        UpdateProblem::OUTCOME_REQUIRED,
        UpdateProblem::OUTCOME_NOT_ALLOWED,
        UpdateProblem::NOTE_TOO_LONG,
        UpdateProblem::EMPTY,
    ];

    /// The key of its sentence under `api` in the locale files.
    pub fn message_key(self) -> &'static str {
        match (self.field, self.code) {
            ("status", "invalid") => "status_invalid",
            ("status", _) => "status_not_allowed",
            ("outcome", "invalid") => "outcome_invalid",
            ("outcome", "required") => "outcome_required",
            ("outcome", _) => "outcome_not_allowed",
            ("note", _) => "note_too_long",
            _ => "update_empty",
        }
    }
}

/// Where a request is: its status and, when closed, the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub status: Status,
    pub outcome: Option<Outcome>,
}

/// What an accepted update does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The new position, when it differs from the current one (a dated step is recorded then).
    pub move_to: Option<Position>,
    /// The new note (`Some(None)`: cleared), when the update names one.
    pub note: Option<Option<String>>,
}

/// Trims a note, drops control characters other than line breaks and tabs; empty becomes none.
pub fn clean_note(note: &str) -> Option<String> {
    let cleaned: String = note
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .filter(|c| !super::text::is_bidi_control(*c))
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

impl RequestUpdateBody {
    /// Checks the update against where the request is now. Every problem at once, or what to do.
    pub fn plan(&self, current: Position) -> Result<Plan, Vec<UpdateProblem>> {
        let mut problems = Vec::new();
        let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let status = match nonempty(&self.status) {
            None => None,
            Some(s) => match Status::parse(&s).filter(|s| s.settable()) {
                Some(s) => Some(s),
                None => {
                    problems.push(UpdateProblem::STATUS_INVALID);
                    None
                }
            },
        };
        let outcome = match nonempty(&self.outcome) {
            None => None,
            Some(s) => match Outcome::parse(&s) {
                Some(o) => Some(o),
                None => {
                    problems.push(UpdateProblem::OUTCOME_INVALID);
                    None
                }
            },
        };
        let note = match &self.note {
            None => None,
            Some(None) => Some(None),
            Some(Some(text)) => {
                let cleaned = clean_note(text);
                if cleaned.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
                    problems.push(UpdateProblem::NOTE_TOO_LONG);
                }
                Some(cleaned)
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let target = status.unwrap_or(current.status);
        if let Some(s) = status
            && s != current.status
            && !current.status.can_change_to(s)
        {
            problems.push(UpdateProblem::STATUS_NOT_ALLOWED);
        }
        let target_outcome = if target == Status::Closed {
            match outcome.or(if current.status == Status::Closed { current.outcome } else { None }) {
                Some(o) => Some(o),
                None => {
                    problems.push(UpdateProblem::OUTCOME_REQUIRED);
                    None
                }
            }
        } else {
            if outcome.is_some() {
                problems.push(UpdateProblem::OUTCOME_NOT_ALLOWED);
            }
            None
        };
        if status.is_none() && outcome.is_none() && note.is_none() {
            problems.push(UpdateProblem::EMPTY);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let next = Position { status: target, outcome: target_outcome };
        Ok(Plan { move_to: (next != current).then_some(next), note })
    }
}

/// One recorded move: the status entered and when (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStep {
    pub status: Status,
    pub at: String,
}

/// The steps a person sees, each with the date it was reached (or `null` if it was skipped or not reached).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub received_at: String,
    pub taken_at: Option<String>,
    pub contacted_at: Option<String>,
    pub closed_at: Option<String>,
}

impl Timeline {
    /// From the recorded moves in time order: a step moved back from no longer counts, and nothing after the
    /// current status does.
    pub fn from_steps(received_at: &str, steps: &[StatusStep], current: Status) -> Timeline {
        let mut reached: [Option<&str>; 4] = [Some(received_at), None, None, None];
        for step in steps {
            if let Some(rank) = step.status.rank() {
                reached[rank] = Some(step.at.as_str());
                for later in reached.iter_mut().skip(rank + 1) {
                    *later = None;
                }
            }
        }
        let current_rank = current.public().rank().unwrap_or(0);
        let at = |rank: usize| (rank <= current_rank).then(|| reached[rank].map(str::to_string)).flatten();
        Timeline { received_at: received_at.to_string(), taken_at: at(1), contacted_at: at(2), closed_at: at(3) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(status: Status) -> Position {
        Position { status, outcome: None }
    }

    fn body(status: Option<&str>, outcome: Option<&str>) -> RequestUpdateBody {
        RequestUpdateBody { status: status.map(str::to_string), outcome: outcome.map(str::to_string), note: None }
    }

    #[test]
    fn statuses_and_outcomes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        assert_eq!(Status::parse("handled"), None);
    }

    #[test]
    fn allowed_moves() {
        use Status::*;
        let allowed = [
            (New, Taken),
            (New, Contacted),
            (New, Closed),
            (Taken, Contacted),
            (Taken, Closed),
            (Taken, New),
            (Contacted, Closed),
            (Contacted, Taken),
            (Closed, Contacted),
            (Spam, New),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                assert_eq!(from.can_change_to(to), allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn updates_are_checked_against_the_current_position() {
        use Status::*;
        let closed = |o| Position { status: Closed, outcome: Some(o) };
        for (current, update, result) in [
            (pos(New), body(Some("taken"), None), Ok(Some(pos(Taken)))),
            (pos(New), body(Some("new"), None), Ok(None)),
            (pos(Taken), body(Some("closed"), Some("unreachable")), Ok(Some(closed(Outcome::Unreachable)))),
            (closed(Outcome::Unreachable), body(None, Some("declined")), Ok(Some(closed(Outcome::Declined)))),
            (closed(Outcome::Unreachable), body(Some("closed"), None), Ok(None)),
            (closed(Outcome::Unreachable), body(Some("contacted"), None), Ok(Some(pos(Contacted)))),
            (pos(Taken), body(Some("closed"), None), Err(vec![UpdateProblem::OUTCOME_REQUIRED])),
            (pos(Taken), body(None, Some("declined")), Err(vec![UpdateProblem::OUTCOME_NOT_ALLOWED])),
            (pos(New), body(Some("contacted"), Some("declined")), Err(vec![UpdateProblem::OUTCOME_NOT_ALLOWED])),
            (pos(Closed), body(Some("new"), None), Err(vec![UpdateProblem::STATUS_NOT_ALLOWED])),
            (pos(New), body(Some("spam"), None), Err(vec![UpdateProblem::STATUS_INVALID])),
            (pos(New), body(Some("handled"), Some("maybe")), Err(vec![UpdateProblem::STATUS_INVALID, UpdateProblem::OUTCOME_INVALID])),
            (pos(New), body(None, None), Err(vec![UpdateProblem::EMPTY])),
            (pos(New), body(Some("  "), None), Err(vec![UpdateProblem::EMPTY])),
        ] {
            let got = update.plan(current).map(|p| p.move_to);
            assert_eq!(got, result, "{current:?} {update:?}");
        }
    }

    #[test]
    fn notes_are_cleaned_and_bounded() {
        let with_note = |n: Option<Option<&str>>| RequestUpdateBody {
            note: n.map(|n| n.map(str::to_string)),
            ..RequestUpdateBody::default()
        };
        let plan = with_note(Some(Some("  richiamare \u{202E}lunedì\u{0007}\n "))).plan(pos(Status::New)).unwrap();
        assert_eq!(plan, Plan { move_to: None, note: Some(Some("richiamare lunedì".into())) });
        assert_eq!(with_note(Some(Some("   "))).plan(pos(Status::New)).unwrap().note, Some(None));
        assert_eq!(with_note(Some(None)).plan(pos(Status::New)).unwrap().note, Some(None));
        let long = "x".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(with_note(Some(Some(&long))).plan(pos(Status::New)), Err(vec![UpdateProblem::NOTE_TOO_LONG]));
        let parsed: RequestUpdateBody = serde_json::from_str(r#"{"note": null}"#).unwrap();
        assert_eq!(parsed.note, Some(None));
        let parsed: RequestUpdateBody = serde_json::from_str(r#"{"status": "taken"}"#).unwrap();
        assert_eq!(parsed.note, None);
        assert!(serde_json::from_str::<RequestUpdateBody>(r#"{"stato": "x"}"#).is_err());
    }

    #[test]
    fn the_timeline_forgets_steps_moved_back_from() {
        let step = |status, at: &str| StatusStep { status, at: at.into() };
        let t = Timeline::from_steps("d0", &[], Status::New);
        assert_eq!((t.taken_at, t.contacted_at, t.closed_at), (None, None, None));
        let steps = [step(Status::Taken, "d1"), step(Status::Contacted, "d2"), step(Status::Taken, "d3")];
        let t = Timeline::from_steps("d0", &steps, Status::Taken);
        assert_eq!((t.taken_at.as_deref(), t.contacted_at), (Some("d3"), None));
        // Contacted without taking first: "taken" was skipped, not dated.
        let t = Timeline::from_steps("d0", &[step(Status::Contacted, "d1"), step(Status::Closed, "d2")], Status::Closed);
        assert_eq!((t.taken_at, t.contacted_at.as_deref(), t.closed_at.as_deref()), (None, Some("d1"), Some("d2")));
        // Spam shows as new, with nothing after.
        let t = Timeline::from_steps("d0", &[step(Status::Taken, "d1")], Status::Spam);
        assert_eq!(t.taken_at, None);
    }
}
