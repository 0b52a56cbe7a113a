//! The audit log, read back: one request's (its desk's operators and admins) and the whole log (admins only).

use super::forbidden;
use super::requests::{QueryResult, bad_param, nonempty, not_found, number, promises, query_params, reference, time_param};
use crate::http::auth::Caller;
use crate::http::{ApiError, AppState, ClientLang};
use crate::store::audit::{self, Filter};
use crate::store::requests;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use microwork_core::account::{AuditAction, AuditEntry};
use microwork_core::contact::Reference;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 200;

#[derive(Serialize)]
struct Entries {
    items: Vec<AuditEntry>,
}

/// `GET /api/v1/operator/contact-requests/{reference}/audit` → `{items}`, oldest first: who read, listed,
/// exported or changed this request, and when.
pub async fn of_request(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
) -> Result<Response, ApiError> {
    let reference = reference(&typed, lang)?;
    let items = audit_of_request(&state, &caller, reference).await.map_err(|e| e.in_lang(lang))?;
    items.map(|items| axum::Json(Entries { items }).into_response()).ok_or_else(|| not_found(lang))
}

/// The audit entries of one request in the caller's scope, oldest first; `None` if missing or outside it.
pub(crate) async fn audit_of_request(state: &Arc<AppState>, caller: &Caller, reference: Reference) -> Result<Option<Vec<AuditEntry>>, ApiError> {
    let (scope, promises) = (caller.scope(), promises(state));
    Ok(state
        .db
        .read(move |c| {
            let Some(found) = requests::find(c, reference.as_str(), &scope, &promises)? else { return Ok(None) };
            audit::for_reference(c, reference.as_str(), &found.tracked.request.received_at).map(Some)
        })
        .await?)
}

#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    since: Option<String>,
    until: Option<String>,
    action: Option<String>,
    actor: Option<String>,
    reference: Option<String>,
    desk: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
struct Page {
    items: Vec<AuditEntry>,
    limit: u32,
    more: bool,
    offset: u32,
}

/// `GET /api/v1/operator/audit?since=&until=&action=&actor=&reference=&desk=&limit=&offset=` (admins) →
/// `{items, limit, more, offset}`, newest first.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    query: QueryResult<AuditParams>,
) -> Result<Response, ApiError> {
    if !caller.is_admin() {
        return Err(forbidden(lang));
    }
    let p = query_params(query).map_err(|e| e.in_lang(lang))?;
    let parse = || -> Result<Filter, ApiError> {
        let action = match nonempty(&p.action) {
            None => None,
            Some(a) => Some(AuditAction::parse(&a).ok_or_else(|| bad_param("action", "action_invalid"))?),
        };
        let reference = match nonempty(&p.reference) {
            None => None,
            Some(r) => Some(
                microwork_core::contact::Reference::parse(&r)
                    .map(|r| r.as_str().to_string())
                    .map_err(|_| bad_param("reference", "reference_invalid"))?,
            ),
        };
        Ok(Filter {
            since: time_param("since", &p.since)?,
            until: time_param("until", &p.until)?,
            action,
            actor_email: nonempty(&p.actor).map(|a| a.to_lowercase()),
            reference,
            desk: nonempty(&p.desk),
            limit: number("limit", &p.limit)?.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
            offset: number("offset", &p.offset)?.unwrap_or(0),
        })
    };
    let mut filter = parse().map_err(|e| e.in_lang(lang))?;
    let (limit, offset) = (filter.limit, filter.offset);
    filter.limit = limit + 1;
    let mut items = state.db.read(move |c| audit::list(c, &filter)).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    Ok(axum::Json(Page { items, limit, more, offset }).into_response())
}
