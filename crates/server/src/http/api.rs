//! `/api/v1`: health and contact requests. Every answer, error or not, is JSON.

use super::{API_BODY_LIMIT, ApiError, AppState, ClientLang, HttpConfig, limits};
use crate::clock::now_ms;
use crate::store::{self, requests::Stored};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use microwork_core::Lang;
use microwork_core::contact::{ContactForm, DecodeCode, DecodeError};
use serde_json::json;
use std::sync::Arc;

/// The public routes: what the app and partner sites call. CORS wraps both routes (preflights are answered
/// before anything else); the rate limit wraps the POST handler only, so preflights, health checks and
/// static files never count against a client.
pub fn router(state: Arc<AppState>, config: &HttpConfig) -> Router {
    let mut create = post(create_contact_request);
    if let Some(layer) = config.rate_limit.as_ref().and_then(limits::rate_limit) {
        create = create.route_layer(layer);
    }
    // The person's routes count against a limiter of their own: checking a status does not use up the
    // quota for sending requests.
    let mut person = Router::new()
        .route("/v1/contact-requests/{reference}/status", get(super::person::status))
        .route("/v1/contact-requests/{reference}/escalate", post(super::person::escalate))
        .route("/v1/contact-requests/{reference}", delete(super::person::withdraw));
    if let Some(layer) = config.rate_limit.as_ref().and_then(limits::rate_limit) {
        person = person.route_layer(layer);
    }
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/contact-requests", create)
        .merge(person)
        // The person's status is theirs alone: no copy in a browser cache or a proxy.
        .layer(axum::middleware::from_fn(no_store_for_person))
        .layer(limits::cors(&config.allowed_origins))
        .layer(axum::middleware::from_fn(limits::strip_cors_for_unknown_origins))
        .with_state(state)
}

/// Turns any non-JSON error under `/api/` (from a layer: timeout, 405, 413, …) into our JSON error shape,
/// keeping every header (Retry-After, Allow, the CORS headers a partner page needs to read the error).
pub async fn json_errors(req: Request, next: Next) -> Response {
    let is_api = req.uri().path() == "/api" || req.uri().path().starts_with("/api/");
    let lang = ClientLang::of(req.headers());
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api || status.as_u16() < 400 || is_json {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let (_, body) = ApiError::for_status(status).in_lang(lang).into_response().into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    parts.headers.insert(header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
    Response::from_parts(parts, body)
}

/// `Cache-Control: no-store` on everything under `/api/v1/contact-requests/` (the person's status routes).
async fn no_store_for_person(req: Request, next: Next) -> Response {
    let personal = req.uri().path().starts_with("/api/v1/contact-requests/") || req.uri().path().starts_with("/v1/contact-requests/");
    let mut response = next.run(req).await;
    if personal {
        response.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    }
    response
}

async fn health(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    state.db.read(|c| store::sql::query_value::<i64>(c, "SELECT 1", &[])).await?;
    Ok(axum::Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") })).into_response())
}

pub(super) fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads the body, refusing more than [`API_BODY_LIMIT`] bytes without buffering them.
pub(super) async fn read_limited(headers: &HeaderMap, body: Body) -> Result<axum::body::Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > API_BODY_LIMIT) {
        return Err(ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE));
    }
    axum::body::to_bytes(body, API_BODY_LIMIT).await.map_err(|_| ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE))
}

/// JSON that does not fit the contract: say which field and why, in the API's error shape.
fn decode_error(e: DecodeError) -> ApiError {
    let key = match (e.code, e.field.as_deref()) {
        (DecodeCode::InvalidJson, _) => "invalid_json",
        (DecodeCode::InvalidType, Some("body")) => "body_not_object",
        (DecodeCode::InvalidType, _) => "invalid_type",
        (DecodeCode::Required, _) => "missing_field",
        (DecodeCode::UnknownField, _) => "unknown_field",
    };
    match &e.field {
        Some(field) => ApiError::field(StatusCode::BAD_REQUEST, field, e.code.as_str(), key),
        None => ApiError::new(StatusCode::BAD_REQUEST, e.code.as_str(), key),
    }
}

async fn create_contact_request(
    State(state): State<Arc<AppState>>,
    ClientLang(client_lang): ClientLang,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if !is_json_content_type(&headers) {
        return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE).in_lang(client_lang));
    }
    let bytes = read_limited(&headers, body).await.map_err(|e| e.in_lang(client_lang))?;
    let form = ContactForm::from_json(&bytes).map_err(|e| decode_error(e).in_lang(client_lang))?;
    // The language the person filled the form in, when it says; else what their browser asks for.
    let lang = form.lang.as_deref().and_then(Lang::from_code).unwrap_or(client_lang);
    let request = form.validate_with(&state.catalog).map_err(|problems| ApiError::invalid(&problems).in_lang(lang))?;

    let received_at = state.clock.now_rfc3339();
    let spam = request.is_spam();
    let notify = state.webhook.is_some();
    let now_ms = now_ms();
    // The person's key to the status page: only its hash is stored. A retry with the identical body (the same
    // person: nobody else has the request_id and every field) gets a key of its own; a different body never does.
    let secret = super::auth::random_token().map_err(|e| ApiError::from(store::DbError::from(e)).in_lang(lang))?;
    let secret_hash = store::requests::secret_hash(&secret);
    // The request and its webhook outbox row are one write: acknowledged together or not at all.
    let stored = state
        .db
        .write(move |c| store::save_contact_request(c, &request, &received_at, notify, now_ms, &secret_hash))
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    let (status, mut receipt) = match stored {
        Stored::Created { receipt, .. } => {
            if let (Some(wake), false) = (&state.webhook, spam) {
                wake.notify_one();
            }
            (StatusCode::CREATED, receipt)
        }
        Stored::Replayed { receipt, .. } => (StatusCode::OK, receipt),
        Stored::Conflict => {
            return Err(ApiError::field(StatusCode::CONFLICT, "request_id", "conflict", "conflict").in_lang(lang));
        }
    };
    receipt.status_secret = Some(secret);
    tracing::info!(status = status.as_u16(), spam, "contact request");
    Ok((status, axum::Json(receipt)).into_response())
}
