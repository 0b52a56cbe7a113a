//! The person's side of a request, with the status secret from the 201 answer as
//! `Authorization: Bearer <status_secret>`: where the request is, "nobody contacted me" past the desk's
//! promised time, and withdrawal with erasure. A wrong or missing secret answers exactly like a reference
//! that does not exist (404), so a reference alone tells nothing.

use super::operator::Erased;
use super::{ApiError, AppState, ClientLang};
use crate::store::audit::{self, Actor, Entry};
use crate::store::requests::{self, Promises, Scope};
use crate::store::{self, outbox};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use microwork_core::Lang;
use microwork_core::account::{ActorKind, AuditAction};
use microwork_core::contact::{Escalation, Reference, RequestStatusView, Status};
use std::sync::Arc;

fn not_found(lang: Lang) -> ApiError {
    ApiError::field(StatusCode::NOT_FOUND, "reference", "not_found", "reference_not_found").in_lang(lang)
}

fn promises(state: &AppState) -> Promises {
    Promises { response_days: state.catalog.response_days.clone(), today: state.clock.today() }
}

/// The reference and the hash of the presented secret, or the 404 every failure gets.
fn credentials(typed: &str, headers: &HeaderMap, lang: Lang) -> Result<(Reference, String), ApiError> {
    let reference = Reference::parse(typed).map_err(|_| not_found(lang))?;
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.len() <= 256);
    // Hashed whether or not one was sent, so a missing secret takes the path a wrong one takes.
    Ok((reference, requests::secret_hash(secret.unwrap_or(""))))
}

fn person() -> Actor {
    Actor::of(ActorKind::Person)
}

/// `GET /api/v1/contact-requests/{reference}/status` → [`RequestStatusView`].
pub async fn status(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (reference, hash) = credentials(&typed, &headers, lang)?;
    let promises = promises(&state);
    let view = state
        .db
        .read(move |c| match requests::find_by_secret(c, reference.as_str(), &hash, &promises)? {
            None => Ok(None),
            Some(found) => requests::status_view(c, &found, &promises).map(Some),
        })
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    view.map(|v| axum::Json(v).into_response()).ok_or_else(|| not_found(lang))
}

enum Escalated {
    Missing,
    Refused(Escalation),
    Done { view: RequestStatusView, queued: bool },
}

/// `POST /api/v1/contact-requests/{reference}/escalate` → 200 with the status (`escalated_at` set) when the
/// desk's promised time has passed and nobody contacted the person; the desk and admins see it, and the
/// webhook gets `contact_request.escalated`. Saying it again changes nothing (200). Too early: 409
/// `too_early`; already contacted or closed: 409 `already_contacted`.
pub async fn escalate(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (reference, hash) = credentials(&typed, &headers, lang)?;
    let (promises, now) = (promises(&state), state.clock.now_rfc3339());
    let notify = state.webhook.is_some();
    let now_ms = (state.clock.now().unix_timestamp_nanos() / 1_000_000) as i64;
    let outcome = state
        .db
        .write(move |c| {
            let Some(found) = requests::find_by_secret(c, reference.as_str(), &hash, &promises)? else {
                return Ok(Escalated::Missing);
            };
            let t = &found.tracked;
            let promise = promises.promise(&t.request.received_at, t.request.desk_id.as_deref())?;
            let mut queued = false;
            match Escalation::of(t.status, t.escalated_at.is_some(), &promise, promises.today) {
                Escalation::Allowed => {
                    requests::mark_escalated(c, found.contact_id, &now)?;
                    if notify && t.status != Status::Spam {
                        outbox::enqueue(c, found.contact_id, outbox::ESCALATED, now_ms)?;
                        queued = true;
                    }
                    let desk = t.request.desk_id.as_deref();
                    audit::append(c, &now, &Entry { actor: &person(), action: AuditAction::Escalate, reference: Some(reference.as_str()), desk_id: desk, detail: None })?;
                }
                Escalation::AlreadyEscalated => {}
                refused => return Ok(Escalated::Refused(refused)),
            }
            let found = requests::find_by_secret(c, reference.as_str(), &hash, &promises)?.unwrap_or(found);
            Ok(Escalated::Done { view: requests::status_view(c, &found, &promises)?, queued })
        })
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    match outcome {
        Escalated::Missing => Err(not_found(lang)),
        Escalated::Refused(Escalation::TooEarly) => {
            Err(ApiError::new(StatusCode::CONFLICT, "too_early", "escalation_too_early").in_lang(lang))
        }
        Escalated::Refused(_) => {
            Err(ApiError::new(StatusCode::CONFLICT, "already_contacted", "escalation_already_contacted").in_lang(lang))
        }
        Escalated::Done { view, queued } => {
            if queued && let Some(wake) = &state.webhook {
                wake.notify_one();
            }
            Ok(axum::Json(view).into_response())
        }
    }
}

/// `DELETE /api/v1/contact-requests/{reference}` → 200 `{"deleted": true, "reference"}`: the person withdraws
/// the request and it is erased as an operator's erasure erases it (database file and WAL).
pub async fn withdraw(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (reference, hash) = credentials(&typed, &headers, lang)?;
    let (promises, now) = (promises(&state), state.clock.now_rfc3339());
    let r = reference.clone();
    let deleted = state
        .db
        .write_erasing(move |c| {
            if requests::find_by_secret(c, r.as_str(), &hash, &promises)?.is_none() {
                return Ok(false);
            }
            let Some(desk) = store::erase(c, r.as_str(), &Scope::All)? else { return Ok(false) };
            audit::append(c, &now, &Entry { actor: &person(), action: AuditAction::Erase, reference: Some(r.as_str()), desk_id: desk.as_deref(), detail: None })?;
            Ok(true)
        })
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    if !deleted {
        return Err(not_found(lang));
    }
    tracing::info!("contact request withdrawn by the person");
    Ok(axum::Json(Erased { deleted: true, reference }).into_response())
}
