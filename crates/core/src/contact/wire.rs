//! What crosses the wire about contact requests, defined once and used by the app, the server, the operator
//! API, the CSV export and the webhook: the server's answers ([`Receipt`], [`ApiErrors`]) and a stored request
//! ([`StoredRequest`], and [`TrackedRequest`] with the desk's workflow around it).

use super::workflow::{Outcome, Timeline};
use super::{Channel, Problem, Reference, TimeWindow};
pub use super::workflow::Status;
use crate::workdays::ResponsePromise;
use time::Date;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// The answer to an accepted contact request: 201 when stored now, 200 when it was stored before (a retry).
/// Field order is the wire order: `{"received_at": …, "reference": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// RFC 3339 in UTC, to the second: `2026-11-26T10:00:00Z`.
    pub received_at: String,
    pub reference: Reference,
    /// The person's key to their request's status page (`GET …/{reference}/status` with
    /// `Authorization: Bearer <status_secret>`), stored only hashed: the app keeps it in the URL fragment of
    /// the status link. Every accepted answer (201, and 200 for an identical retry) carries a fresh one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_secret: Option<String>,
}

/// One item of an error answer. `field` names the request's field (or `body`, a query parameter…) when the
/// problem is about one; `code` is stable and machine-readable; `message` is a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiProblem {
    pub field: Option<String>,
    pub code: String,
    #[serde(default)]
    pub message: String,
}

impl ApiProblem {
    /// The form problem behind this item, when it is one the validator reports (see [`Problem::from_api`]).
    pub fn problem(&self) -> Option<Problem> {
        Problem::from_api(self.field.as_deref()?, &self.code)
    }
}

/// Every error answer of the API: `{"errors": [ApiProblem, …]}`, never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrors {
    pub errors: Vec<ApiProblem>,
}

/// The state of a request's notification to the deployment's webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookState {
    Pending,
    Delivered,
    /// Given up: older than the maximum age.
    Failed,
}

impl WebhookState {
    pub const ALL: [WebhookState; 3] = [WebhookState::Pending, WebhookState::Delivered, WebhookState::Failed];

    pub fn parse(s: &str) -> Option<WebhookState> {
        WebhookState::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookState::Pending => "pending",
            WebhookState::Delivered => "delivered",
            WebhookState::Failed => "failed",
        }
    }
}

/// A contact request as stored: what a desk needs to call the person back. The webhook posts it (inside a
/// [`Notification`]); the operator API and the CSV export show it inside a [`TrackedRequest`].
/// `assessment` is present only when the person agreed to share their self-check summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRequest {
    pub reference: Reference,
    pub received_at: String,
    pub desk_id: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub channel: Channel,
    pub time_window: TimeWindow,
    pub comune_istat: Option<String>,
    pub message: Option<String>,
    pub lang: Lang,
    pub partner: Option<String>,
    pub consent_share_assessment: bool,
    pub assessment: Option<serde_json::Value>,
}

/// A stored request with the desk's work around it, as operators see it (API list and CSV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedRequest {
    #[serde(flatten)]
    pub request: StoredRequest,
    pub status: Status,
    pub status_changed_at: Option<String>,
    /// How a closed request ended (`None` unless closed).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// When the person said nobody had contacted them past the promised time (RFC 3339).
    #[serde(default)]
    pub escalated_at: Option<String>,
    /// The desk's promised response time (working days) and the day it runs out.
    pub response_days: u8,
    #[serde(with = "crate::date::iso")]
    pub due_on: Date,
    /// Past `due_on` and still not contacted (status new or taken).
    pub overdue: bool,
    /// The webhook notification; `None` when there is none (no webhook configured, or spam).
    pub webhook: Option<WebhookState>,
}

/// One request as its page shows it: everything in the list, the private note, and every move with who made
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub tracked: TrackedRequest,
    /// The desk's private note (never shown to the person, never sent to the webhook).
    pub note: Option<String>,
    pub history: Vec<HistoryEntry>,
}

/// A recorded move of a request: the status entered, the outcome when closed, when, and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub at: String,
    /// The operator's e-mail; `null` for the integration token.
    pub by: Option<String>,
}

/// What the person sees on their status page (`GET /api/v1/contact-requests/{reference}/status`): no personal
/// data, only where the request is and whether the desk's promise has run out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestStatusView {
    pub reference: Reference,
    /// new, taken, contacted or closed (never spam).
    pub status: Status,
    /// `received_at`, `taken_at`, `contacted_at`, `closed_at`: each step's date, `null` if not (yet) reached.
    #[serde(flatten)]
    pub timeline: Timeline,
    pub escalated_at: Option<String>,
    pub desk_id: Option<String>,
    pub response_days: u8,
    #[serde(with = "crate::date::iso")]
    pub due_on: Date,
    /// Past the promised time and not contacted yet.
    pub overdue: bool,
    /// `POST …/escalate` would be accepted now (overdue, not contacted, not escalated yet).
    pub can_escalate: bool,
}

/// Whether a person may say "nobody contacted me" now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escalation {
    Allowed,
    /// Said before: nothing new happens.
    AlreadyEscalated,
    /// The promised time has not run out yet.
    TooEarly,
    /// The desk has made contact (or closed the request).
    AlreadyContacted,
}

impl Escalation {
    pub fn of(status: Status, escalated: bool, promise: &ResponsePromise, today: Date) -> Escalation {
        if !status.public().awaits_contact() {
            Escalation::AlreadyContacted
        } else if escalated {
            Escalation::AlreadyEscalated
        } else if !promise.is_past(today) {
            Escalation::TooEarly
        } else {
            Escalation::Allowed
        }
    }
}

/// What the deployment's webhook receives (`Content-Type: application/json`): for each new, non-spam request
/// (`contact_request.created`), and when a person says nobody contacted them past the promised time
/// (`contact_request.escalated`, with `escalated_at`). Receivers deduplicate on `event` + `reference`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification<'a> {
    pub event: &'static str,
    #[serde(flatten)]
    pub request: &'a StoredRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalated_at: Option<&'a str>,
}

impl<'a> Notification<'a> {
    pub const CREATED: &'static str = "contact_request.created";
    pub const ESCALATED: &'static str = "contact_request.escalated";
    pub const EVENTS: [&'static str; 2] = [Self::CREATED, Self::ESCALATED];

    pub fn created(request: &'a StoredRequest) -> Notification<'a> {
        Notification { event: Self::CREATED, request, escalated_at: None }
    }

    pub fn escalated(request: &'a StoredRequest, at: &'a str) -> Notification<'a> {
        Notification { event: Self::ESCALATED, request, escalated_at: Some(at) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredRequest {
        StoredRequest {
            reference: Reference::from_random(7),
            received_at: "2026-11-26T10:00:00Z".into(),
            desk_id: Some("mo-01".into()),
            name: "Maria Rossi".into(),
            email: None,
            phone: Some("+393331234567".into()),
            channel: Channel::Whatsapp,
            time_window: TimeWindow::Morning,
            comune_istat: Some("036023".into()),
            message: None,
            lang: Lang::En,
            partner: None,
            consent_share_assessment: false,
            assessment: None,
        }
    }

    #[test]
    fn the_receipt_is_byte_compatible_with_the_published_answer() {
        let r = Receipt { received_at: "2026-11-26T10:00:00Z".into(), reference: Reference::from_random(0), status_secret: None };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"received_at":"2026-11-26T10:00:00Z","reference":"MW-0000-0000"}"#);
        let back: Receipt = serde_json::from_str(r#"{"reference":"mw-0000-0000","received_at":"x"}"#).unwrap();
        assert_eq!(back.reference.as_str(), "MW-0000-0000");
    }

    #[test]
    fn errors_read_back_into_form_problems() {
        let e: ApiErrors = serde_json::from_str(
            r#"{"errors":[{"field":"name","code":"required","message":"Inserisci il tuo nome"},{"field":null,"code":"invalid_json","message":"x"}]}"#,
        )
        .unwrap();
        assert_eq!(e.errors[0].problem(), Problem::from_api("name", "required"));
        assert_eq!(e.errors[1].problem(), None);
        assert_eq!(serde_json::to_string(&e.errors[1]).unwrap(), r#"{"field":null,"code":"invalid_json","message":"x"}"#);
    }

    #[test]
    fn the_webhook_payload_and_the_operator_view_share_the_stored_request() {
        let s = stored();
        let payload = serde_json::to_string(&Notification::created(&s)).unwrap();
        assert_eq!(
            payload,
            r#"{"event":"contact_request.created","reference":"MW-7000-0000","received_at":"2026-11-26T10:00:00Z","desk_id":"mo-01","name":"Maria Rossi","email":null,"phone":"+393331234567","channel":"whatsapp","time_window":"morning","comune_istat":"036023","message":null,"lang":"en","partner":null,"consent_share_assessment":false,"assessment":null}"#
        );
        let escalated = serde_json::to_value(Notification::escalated(&s, "2026-12-07T08:00:00Z")).unwrap();
        assert_eq!((escalated["event"].as_str(), escalated["escalated_at"].as_str()), (Some("contact_request.escalated"), Some("2026-12-07T08:00:00Z")));
        let tracked = TrackedRequest {
            request: s,
            status: Status::Contacted,
            status_changed_at: None,
            outcome: None,
            escalated_at: None,
            response_days: 5,
            due_on: crate::date::parse_iso("2026-12-03").unwrap(),
            overdue: false,
            webhook: Some(WebhookState::Pending),
        };
        let json = serde_json::to_value(&tracked).unwrap();
        assert_eq!((json["status"].as_str(), json["webhook"].as_str(), json["name"].as_str()), (Some("contacted"), Some("pending"), Some("Maria Rossi")));
        assert_eq!(serde_json::from_value::<TrackedRequest>(json).unwrap(), tracked);
    }

    #[test]
    fn statuses_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for w in WebhookState::ALL {
            assert_eq!(WebhookState::parse(w.as_str()), Some(w));
        }
        assert_eq!(Status::parse("done"), None);
        assert!(!Status::Spam.settable() && Status::Closed.settable());
    }

    #[test]
    fn escalation_needs_an_overdue_request_nobody_contacted() {
        let at = crate::workdays::tests::utc("2026-11-27T10:00:00Z");
        let promise = ResponsePromise::new(at, None);
        let day = |s| crate::date::parse_iso(s).unwrap();
        assert_eq!(Escalation::of(Status::New, false, &promise, day("2026-12-04")), Escalation::TooEarly);
        assert_eq!(Escalation::of(Status::New, false, &promise, day("2026-12-05")), Escalation::Allowed);
        assert_eq!(Escalation::of(Status::Taken, false, &promise, day("2026-12-07")), Escalation::Allowed);
        assert_eq!(Escalation::of(Status::Spam, false, &promise, day("2026-12-07")), Escalation::Allowed);
        assert_eq!(Escalation::of(Status::Taken, true, &promise, day("2026-12-07")), Escalation::AlreadyEscalated);
        assert_eq!(Escalation::of(Status::Contacted, false, &promise, day("2026-12-07")), Escalation::AlreadyContacted);
        assert_eq!(Escalation::of(Status::Closed, true, &promise, day("2026-12-07")), Escalation::AlreadyContacted);
    }
}
