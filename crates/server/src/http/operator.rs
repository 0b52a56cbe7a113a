//! `/api/v1/operator/*`: the help desks' side, behind a bearer token (`MICROWORK_OPERATOR_TOKEN`).
//!
//! Without a configured token every operator route answers 401, as for a wrong token: there is nothing to
//! learn from the difference.

use super::limits::{client_ip, client_key};
use super::{ApiError, AppState, ClientLang};
use crate::clock;
use crate::store::{self, requests, requests::Filter};
use crate::spreadsheet;
use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use microwork_core::Lang;
use microwork_core::contact::{Reference, Status, TrackedRequest};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest page of the JSON list; the CSV export has no limit.
const MAX_LIMIT: u32 = 1000;
const DEFAULT_LIMIT: u32 = 200;

/// The operators' shared secret, kept only as a SHA-256 digest: comparing digests in constant time hides
/// both the content and the length of the token from timing.
#[derive(Clone)]
pub struct OperatorToken([u8; 32]);

impl OperatorToken {
    pub fn new(token: &str) -> OperatorToken {
        OperatorToken(Sha256::digest(token.as_bytes()).into())
    }

    pub fn verify(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.0.ct_eq(&digest).into()
    }
}

impl std::fmt::Debug for OperatorToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OperatorToken(…)")
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/operator/contact-requests", get(list))
        .route("/v1/operator/contact-requests.csv", get(export_csv))
        .route(
            "/v1/operator/contact-requests/{reference}",
            get(show).patch(update_status).delete(erase),
        )
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), require_token))
        // Personal data: no browser or proxy may keep a copy (the 401s too, so nothing differs).
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state)
}

fn unauthorized(lang: Lang) -> Response {
    let mut response = ApiError::for_status(StatusCode::UNAUTHORIZED).in_lang(lang).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// 429 with `Retry-After` (whole seconds, at least 1) for an address that failed too often.
fn held_back(wait: std::time::Duration, lang: Lang) -> Response {
    let mut response = ApiError::for_status(StatusCode::TOO_MANY_REQUESTS).in_lang(lang).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs_f64().ceil().max(1.0) as u64));
    response
}

async fn require_token(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let lang = ClientLang::of(req.headers());
    let client = client_key(client_ip(&req, state.trust_forwarded_for));
    // Held back: answered without looking at the token, so a guess made now cannot succeed either.
    if let Some(wait) = state.auth_throttle.wait(client) {
        return held_back(wait, lang);
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match (&state.operator_token, presented) {
        (Some(token), Some(presented)) if token.verify(presented) => next.run(req).await,
        _ => match state.auth_throttle.failed(client) {
            Some(wait) => held_back(wait, lang),
            None => unauthorized(lang),
        },
    }
}

/// Query parameters as text, parsed here so each bad one gets its own field error.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    desk: Option<String>,
    since: Option<String>,
    status: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn bad_param(field: &str, key: &'static str) -> ApiError {
    ApiError::field(StatusCode::BAD_REQUEST, field, "invalid", key)
}

impl ListParams {
    fn filter(&self, paged: bool) -> Result<Filter, ApiError> {
        let nonempty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let since = match nonempty(&self.since) {
            None => None,
            Some(s) => Some(clock::parse_since(&s).ok_or_else(|| bad_param("since", "since_invalid"))?),
        };
        let status = match nonempty(&self.status) {
            None => None,
            Some(s) => Some(Status::parse(&s).ok_or_else(|| bad_param("status", "status_filter_invalid"))?),
        };
        let number = |field: &str, v: &Option<String>| -> Result<Option<u32>, ApiError> {
            nonempty(v).map(|s| s.parse::<u32>().map_err(|_| bad_param(field, "number_invalid"))).transpose()
        };
        let limit = number("limit", &self.limit)?.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
        let offset = number("offset", &self.offset)?.unwrap_or(0);
        Ok(Filter {
            desk: nonempty(&self.desk),
            since,
            status,
            limit: paged.then_some(limit),
            offset: if paged { offset } else { 0 },
        })
    }
}

type QueryResult = Result<Query<ListParams>, axum::extract::rejection::QueryRejection>;

fn query_params(query: QueryResult) -> Result<ListParams, ApiError> {
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

/// `GET /api/v1/operator/contact-requests?desk=&since=&status=&limit=&offset=` → `{items, limit, more, offset}`.
async fn list(State(state): State<Arc<AppState>>, ClientLang(lang): ClientLang, query: QueryResult) -> Result<Response, ApiError> {
    let mut filter = query_params(query).and_then(|q| q.filter(true)).map_err(|e| e.in_lang(lang))?;
    let (limit, offset) = (filter.limit.unwrap_or(DEFAULT_LIMIT), filter.offset);
    // One more than asked tells whether there is a next page.
    filter.limit = Some(limit + 1);
    let mut items = state.db.read(move |c| requests::list(c, &filter)).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    Ok(axum::Json(Page { items, limit, more, offset }).into_response())
}

/// `GET /api/v1/operator/contact-requests.csv?desk=&since=&status=` → every matching request as CSV.
async fn export_csv(State(state): State<Arc<AppState>>, ClientLang(lang): ClientLang, query: QueryResult) -> Result<Response, ApiError> {
    let filter = query_params(query).and_then(|q| q.filter(false)).map_err(|e| e.in_lang(lang))?;
    let rows = state.db.read(move |c| requests::list(c, &filter)).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
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

fn not_found(lang: Lang) -> ApiError {
    ApiError::field(StatusCode::NOT_FOUND, "reference", "not_found", "reference_not_found").in_lang(lang)
}

/// The reference in the path as a person may have typed it; a malformed one is simply not found.
fn reference(typed: &str, lang: Lang) -> Result<Reference, ApiError> {
    Reference::parse(typed).map_err(|_| not_found(lang))
}

async fn show(State(state): State<Arc<AppState>>, ClientLang(lang): ClientLang, Path(typed): Path<String>) -> Result<Response, ApiError> {
    let reference = reference(&typed, lang)?;
    let row = state.db.read(move |c| requests::get(c, reference.as_str())).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    row.map(|r| axum::Json(r).into_response()).ok_or_else(|| not_found(lang))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    status: String,
}

/// `PATCH /api/v1/operator/contact-requests/{reference}` with `{"status": "contacted" | "handled" | "new"}`.
async fn update_status(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    Path(typed): Path<String>,
    body: Result<axum::Json<StatusChange>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let invalid = || ApiError::field(StatusCode::BAD_REQUEST, "status", "invalid", "status_invalid").in_lang(lang);
    let axum::Json(change) = body.map_err(|e| match e {
        axum::extract::rejection::JsonRejection::MissingJsonContentType(_) => {
            ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE).in_lang(lang)
        }
        _ => invalid(),
    })?;
    let status = Status::parse(change.status.trim()).filter(|s| s.settable()).ok_or_else(invalid)?;
    let reference = reference(&typed, lang)?;
    let now = clock::now_rfc3339();
    let row = state
        .db
        .write(move |c| requests::set_status(c, reference.as_str(), status, &now))
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    row.map(|r| axum::Json(r).into_response()).ok_or_else(|| not_found(lang))
}

/// What an erasure answers: `{"deleted": true, "reference": …}`.
#[derive(Serialize)]
struct Erased {
    deleted: bool,
    reference: Reference,
}

/// `DELETE /api/v1/operator/contact-requests/{reference}`: erasure (GDPR art. 17). When this answers, the
/// request is gone from the database file and from its WAL (see [`store::Db::write_erasing`]).
async fn erase(State(state): State<Arc<AppState>>, ClientLang(lang): ClientLang, Path(typed): Path<String>) -> Result<Response, ApiError> {
    let reference = reference(&typed, lang)?;
    let r = reference.clone();
    let deleted =
        state.db.write_erasing(move |c| store::erase(c, r.as_str())).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    if !deleted {
        return Err(not_found(lang));
    }
    // No reference in the log: it would tie the log line to the person whose data was just erased.
    tracing::info!("contact request erased");
    Ok(axum::Json(Erased { deleted: true, reference }).into_response())
}
