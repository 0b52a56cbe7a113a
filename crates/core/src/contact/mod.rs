//! Contact requests: the form a person fills in, its validation (the same in the browser and on the server),
//! the codes of what can be wrong with it, and the wire types every part of the product shares.
//!
//! - `form`: [`ContactForm`] as typed → [`ValidatedContactRequest`], or every [`Problem`] at once;
//! - `problem`: [`Field`], [`Code`], and the key of each problem's sentence in `locales/<lang>.json`;
//! - `reference`: the [`Reference`] a person is given (`MW-7K3Q-9PXD`);
//! - `wire`: the server's answers ([`Receipt`], [`ApiErrors`]) and a stored request ([`StoredRequest`]);
//! - `workflow`: [`Status`] and [`Outcome`], the moves an operator may make, the person's [`Timeline`];
//! - `text`: invisible and bidirectional characters;
//! - `decode` (native builds): the request body → [`ContactForm`], or a typed [`DecodeError`].

#[cfg(feature = "json-paths")]
mod decode;
mod form;
mod problem;
mod reference;
pub mod text;
mod wire;
mod workflow;

#[cfg(feature = "json-paths")]
pub use decode::{DecodeCode, DecodeError};
pub use form::{
    Catalog, Channel, ContactForm, MESSAGE_MAX_CHARS, NAME_MAX_CHARS, TimeWindow, Unchecked, ValidatedContactRequest,
    canonical_request_id,
};
pub use problem::{Code, Field, MESSAGES_NAMESPACE, Problem};
pub use reference::{Reference, ReferenceError};
pub use wire::{
    ApiErrors, ApiProblem, Escalation, HistoryEntry, Notification, Receipt, RequestDetail, RequestStatusView, Status,
    StoredRequest, TrackedRequest, WebhookState,
};
pub use workflow::{
    NOTE_MAX_CHARS, Outcome, Plan, Position, RequestUpdateBody, StatusStep, Timeline, UpdateProblem, clean_note,
};
