//! The requests, as operators work on them: the list (queue order by default), the CSV export, one request,
//! its update and its erasure. Every read of personal data is written to the audit log in the same
//! transaction as the read, so nothing is shown that is not recorded; a request outside the caller's desks
//! answers exactly like a missing one.

use crate::clock;
use crate::http::auth::Caller;
use crate::http::{ApiError, AppState, ClientLang};
use crate::spreadsheet;
use crate::store::audit::{self, Entry};
use crate::store::requests::{self, Filter, Order, Promises};
use crate::store::{self};
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use microwork_core::Lang;
use microwork_core::account::AuditAction;
use microwork_core::contact::{Reference, RequestDetail, RequestUpdateBody, Status, TrackedRequest};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

/// Largest page of the JSON list; the CSV export has no limit.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 200;

pub(super) fn promises(state: &AppState) -> Promises {
    Promises { response_days: state.catalog.response_days.clone(), today: state.clock.today() }
}

/// Query parameters as text, parsed here so each bad one gets its own field error.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
}

pub(super) fn bad_param(field: &str, key: &'static str) -> ApiError {
    ApiError::field(StatusCode::BAD_REQUEST, field, "invalid", key)
}

pub(super) fn nonempty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

pub(super) fn number(field: &str, v: &Option<String>) -> Result<Option<u32>, ApiError> {
    nonempty(v).map(|s| s.parse::<u32>().map_err(|_| bad_param(field, "number_invalid"))).transpose()
}

/// `since`/`until`: a date (midnight UTC) or an RFC 3339 time.
pub(super) fn time_param(field: &str, v: &Option<String>) -> Result<Option<String>, ApiError> {
    nonempty(v).map(|s| clock::parse_since(&s).ok_or_else(|| bad_param(field, "since_invalid"))).transpose()
}

/// `status=new`, `status=new,taken`, or `status=open` (new, taken, contacted).
fn statuses(v: &Option<String>) -> Result<Vec<Status>, ApiError> {
    let Some(list) = nonempty(v) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "open" {
            out.extend([Status::New, Status::Taken, Status::Contacted]);
        } else {
            out.push(Status::parse(part).ok_or_else(|| bad_param("status", "status_filter_invalid"))?);
        }
    }
    out.dedup();
    Ok(out)
}

impl ListParams {
    pub(crate) fn filter(&self, paged: bool) -> Result<Filter, ApiError> {
        let escalated = match nonempty(&self.escalated).as_deref() {
            None => None,
            Some("true" | "1") => Some(true),
            Some("false" | "0") => Some(false),
            Some(_) => return Err(bad_param("escalated", "escalated_invalid")),
        };
        let order = match nonempty(&self.order) {
            None => Order::Queue,
            Some(o) => Order::parse(&o).ok_or_else(|| bad_param("order", "order_invalid"))?,
        };
        let limit = number("limit", &self.limit)?.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let offset = number("offset", &self.offset)?.unwrap_or(0);
        Ok(Filter {
            desk: nonempty(&self.desk),
            since: time_param("since", &self.since)?,
            until: time_param("until", &self.until)?,
            statuses: statuses(&self.status)?,
            escalated,
            order,
            limit: paged.then_some(limit),
            offset: if paged { offset } else { 0 },
        })
    }

    /// The filter as the audit log records it.
    pub(crate) fn as_detail(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for (k, v) in [
            ("desk", &self.desk),
            ("since", &self.since),
            ("until", &self.until),
            ("status", &self.status),
            ("escalated", &self.escalated),
            ("order", &self.order),
            ("limit", &self.limit),
            ("offset", &self.offset),
        ] {
            if let Some(v) = nonempty(v) {
                m.insert(k.into(), v.into());
            }
        }
        serde_json::Value::Object(m)
    }
}

pub(super) type QueryResult<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

pub(super) fn query_params<T>(query: QueryResult<T>) -> Result<T, ApiError> {
    query.map(|Query(p)| p).map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", "invalid_query"))
}

/// A page of the list. Field order is the wire order (alphabetical, as it has always been sent).
#[derive(Serialize)]
struct Page {
    items: Vec<TrackedRequest>,
    limit: u32,
    more: bool,
    offset: u32,
}

/// Reads a list and records it in the audit log, in one transaction.
pub(crate) async fn read_audited(
    state: &Arc<AppState>,
    caller: &Caller,
    filter: Filter,
    action: AuditAction,
    detail: serde_json::Value,
    shown: Option<usize>,
) -> Result<Vec<TrackedRequest>, ApiError> {
    let (scope, actor, promises, now) = (caller.scope(), caller.actor(), promises(state), state.clock.now_rfc3339());
    Ok(state
        .db
        .write(move |c| {
            let rows = requests::list(c, &filter, &scope, &promises)?;
            let visible = &rows[..shown.unwrap_or(rows.len()).min(rows.len())];
            if !visible.is_empty() {
                let references: Vec<&str> = visible.iter().map(|r| r.request.reference.as_str()).collect();
                let detail = json!({"filter": detail, "count": visible.len(), "references": references});
                audit::append(c, &now, &Entry { actor: &actor, action, reference: None, desk_id: filter.desk.as_deref(), detail: Some(detail) })?;
            }
            Ok(rows)
        })
        .await?)
}

/// `GET /api/v1/operator/contact-requests?desk=&since=&until=&status=&escalated=&order=&limit=&offset=`
/// → `{items, limit, more, offset}`.
pub async fn list(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    query: QueryResult<ListParams>,
) -> Result<Response, ApiError> {
    let params = query_params(query).map_err(|e| e.in_lang(lang))?;
    let mut filter = params.filter(true).map_err(|e| e.in_lang(lang))?;
    let (limit, offset) = (filter.limit.unwrap_or(DEFAULT_LIMIT), filter.offset);
    // One more than asked tells whether there is a next page.
    filter.limit = Some(limit + 1);
    let mut items = read_audited(&state, &caller, filter, AuditAction::List, params.as_detail(), Some(limit as usize))
        .await
        .map_err(|e| e.in_lang(lang))?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    Ok(axum::Json(Page { items, limit, more, offset }).into_response())
}

/// `GET /api/v1/operator/contact-requests.csv?desk=&since=&until=&status=&escalated=&order=` → every matching
/// request as CSV (newest first unless `order` says otherwise).
pub async fn export_csv(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    query: QueryResult<ListParams>,
) -> Result<Response, ApiError> {
    let params = query_params(query).map_err(|e| e.in_lang(lang))?;
    let mut filter = params.filter(false).map_err(|e| e.in_lang(lang))?;
    if nonempty(&params.order).is_none() {
        filter.order = Order::Newest;
    }
    let rows = read_audited(&state, &caller, filter, AuditAction::Export, params.as_detail(), None)
        .await
        .map_err(|e| e.in_lang(lang))?;
    let mut out = Vec::new();
    spreadsheet::write_csv(&rows, &mut out).map_err(|e| {
        tracing::error!(error = %e, "CSV export failed");
        ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR).in_lang(lang)
    })?;
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (header::CONTENT_DISPOSITION, "attachment; filename=\"contact-requests.csv\""),
    ];
    Ok((headers, out).into_response())
}

pub(super) fn not_found(lang: Lang) -> ApiError {
    ApiError::field(StatusCode::NOT_FOUND, "reference", "not_found", "reference_not_found").in_lang(lang)
}

/// The reference in the path as a person may have typed it; a malformed one is simply not found.
pub(super) fn reference(typed: &str, lang: Lang) -> Result<Reference, ApiError> {
    Reference::parse(typed).map_err(|_| not_found(lang))
}

/// One request in the caller's scope with its note and history, the read written to the audit log in the same
/// transaction; `None` if missing or outside the scope.
pub(crate) async fn detail_audited(state: &Arc<AppState>, caller: &Caller, reference: Reference) -> Result<Option<RequestDetail>, ApiError> {
    let (scope, actor, promises, now) = (caller.scope(), caller.actor(), promises(state), state.clock.now_rfc3339());
    Ok(state
        .db
        .write(move |c| {
            let detail = requests::detail(c, reference.as_str(), &scope, &promises)?;
            if let Some(d) = &detail {
                let desk = d.tracked.request.desk_id.as_deref();
                audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::Read, reference: Some(reference.as_str()), desk_id: desk, detail: None })?;
            }
            Ok(detail)
        })
        .await?)
}

/// `GET /api/v1/operator/contact-requests/{reference}` → the request with its note and history (audited).
pub async fn show(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
) -> Result<Response, ApiError> {
    let reference = reference(&typed, lang)?;
    let found = detail_audited(&state, &caller, reference).await.map_err(|e| e.in_lang(lang))?;
    found.map(|d| axum::Json(d).into_response()).ok_or_else(|| not_found(lang))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// A small JSON body as `T`: 415 if not JSON, 400 `invalid_json` / `unknown_field` otherwise.
pub(super) fn json_body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    if !is_json(headers) {
        return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
    }
    serde_json::from_slice(body).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("unknown field") {
            ApiError::field(StatusCode::BAD_REQUEST, "body", "unknown_field", "unknown_field")
        } else if text.starts_with("missing field") {
            ApiError::field(StatusCode::BAD_REQUEST, "body", "required", "missing_field")
        } else if e.is_data() {
            ApiError::field(StatusCode::BAD_REQUEST, "body", "invalid_type", "invalid_type")
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", "invalid_json")
        }
    })
}

/// `PATCH /api/v1/operator/contact-requests/{reference}` with `{"status"?, "outcome"?, "note"?}` → the request
/// as `GET` shows it. The move is checked against the request's current state (core's rules) in the same
/// transaction that makes it.
pub async fn update(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let change: RequestUpdateBody = json_body(&headers, &body).map_err(|e| e.in_lang(lang))?;
    let reference = reference(&typed, lang)?;
    let updated = update_audited(&state, &caller, reference, change).await.map_err(|e| e.in_lang(lang))?;
    updated.map(|d| axum::Json(d).into_response()).ok_or_else(|| not_found(lang))
}

/// Applies an update (core's rules, one transaction) and audits it; `None` if missing or outside the scope.
pub(crate) async fn update_audited(
    state: &Arc<AppState>,
    caller: &Caller,
    reference: Reference,
    change: RequestUpdateBody,
) -> Result<Option<RequestDetail>, ApiError> {
    let (scope, actor, promises, now) = (caller.scope(), caller.actor(), promises(state), state.clock.now_rfc3339());
    let operator_id = caller.operator_id();
    Ok(state
        .db
        .write(move |c| {
            let result = requests::update(c, reference.as_str(), &scope, &promises, &change, operator_id.as_deref(), &now)?;
            if let Some((d, changed)) = &result {
                let desk = d.tracked.request.desk_id.as_deref();
                let detail = serde_json::to_value(changed).ok();
                audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::Update, reference: Some(reference.as_str()), desk_id: desk, detail })?;
            }
            Ok(result.map(|(d, _)| d))
        })
        .await?)
}

/// What an erasure answers: `{"deleted": true, "reference": …}`.
#[derive(Serialize)]
pub(crate) struct Erased {
    pub deleted: bool,
    pub reference: Reference,
}

/// `DELETE /api/v1/operator/contact-requests/{reference}`: erasure (GDPR art. 17). When this answers, the
/// request is gone from the database file and from its WAL (see [`store::Db::write_erasing`]); the audit log
/// keeps who erased which reference, when.
pub async fn erase(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
) -> Result<Response, ApiError> {
    let reference = reference(&typed, lang)?;
    if !erase_audited(&state, &caller, reference.clone()).await.map_err(|e| e.in_lang(lang))? {
        return Err(not_found(lang));
    }
    Ok(axum::Json(Erased { deleted: true, reference }).into_response())
}

/// Erases a request in the caller's scope (file and WAL) and audits it; `false` if missing or outside the scope.
pub(crate) async fn erase_audited(state: &Arc<AppState>, caller: &Caller, reference: Reference) -> Result<bool, ApiError> {
    let (scope, actor, now) = (caller.scope(), caller.actor(), state.clock.now_rfc3339());
    let deleted = state
        .db
        .write_erasing(move |c| {
            let found = store::erase(c, reference.as_str(), &scope)?;
            if let Some(desk) = &found {
                audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::Erase, reference: Some(reference.as_str()), desk_id: desk.as_deref(), detail: None })?;
            }
            Ok(found.is_some())
        })
        .await?;
    if deleted {
        // No reference in the log: it would tie the log line to the person whose data was just erased.
        tracing::info!("contact request erased");
    }
    Ok(deleted)
}
