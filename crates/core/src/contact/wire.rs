//! What crosses the wire about contact requests, defined once and used by the app, the server, the operator
//! API, the CSV export and the webhook: the server's answers ([`Receipt`], [`ApiErrors`]) and a stored request
//! ([`StoredRequest`], and [`TrackedRequest`] with the desk's workflow around it).

use super::{Channel, Problem, Reference, TimeWindow};
use crate::Lang;
use serde::{Deserialize, Serialize};

/// The answer to an accepted contact request: 201 when stored now, 200 when it was stored before (a retry).
/// Field order is the wire order: `{"received_at": …, "reference": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// RFC 3339 in UTC, to the second: `2026-11-26T10:00:00Z`.
    pub received_at: String,
    pub reference: Reference,
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

/// Where a request is in the desk's work. `spam` is set by the honeypot, never by an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Contacted,
    Handled,
    Spam,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::New, Status::Contacted, Status::Handled, Status::Spam];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Contacted => "contacted",
            Status::Handled => "handled",
            Status::Spam => "spam",
        }
    }

    /// What an operator may set (spam is the honeypot's verdict).
    pub fn settable(self) -> bool {
        self != Status::Spam
    }
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

/// A stored request with the desk's work around it, as operators see it (API and CSV).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackedRequest {
    #[serde(flatten)]
    pub request: StoredRequest,
    pub status: Status,
    pub status_changed_at: Option<String>,
    /// The webhook notification; `None` when there is none (no webhook configured, or spam).
    pub webhook: Option<WebhookState>,
}

/// What the deployment's webhook receives for each new, non-spam request (`Content-Type: application/json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification<'a> {
    pub event: &'static str,
    #[serde(flatten)]
    pub request: &'a StoredRequest,
}

impl<'a> Notification<'a> {
    pub const CREATED: &'static str = "contact_request.created";

    pub fn created(request: &'a StoredRequest) -> Notification<'a> {
        Notification { event: Self::CREATED, request }
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
        let r = Receipt { received_at: "2026-11-26T10:00:00Z".into(), reference: Reference::from_random(0) };
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
        let tracked = TrackedRequest { request: s, status: Status::Contacted, status_changed_at: None, webhook: Some(WebhookState::Pending) };
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
        assert!(!Status::Spam.settable() && Status::Handled.settable());
    }
}
