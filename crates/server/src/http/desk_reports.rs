//! The public side of issue 19: `POST /api/v1/desk-reports` ("segnala un errore", rate-limited and
//! honeypotted like contact requests) and `GET /data/sportelli.json` from the database when it holds newer
//! desk data than `dist/`.

use super::api::{is_json_content_type, read_limited};
use super::{ApiError, AppState, ClientLang, HttpConfig, limits};
use crate::store;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use microwork_core::contact::Catalog;
use microwork_core::sportelli::report::{DeskReportForm, ReportProblem};
use serde_json::json;
use std::sync::Arc;

/// The path the app reads desk data from (the same with or without the server).
pub const DESKS_PATH: &str = "/data/sportelli.json";

pub fn router(state: Arc<AppState>, config: &HttpConfig) -> Router {
    let mut create = post(create_report);
    // Its own limiter: reports do not use up the quota for contact requests, and the reverse.
    if let Some(layer) = config.rate_limit.as_ref().and_then(limits::rate_limit) {
        create = create.route_layer(layer);
    }
    Router::new()
        .route("/v1/desk-reports", create)
        .layer(limits::cors(&config.allowed_origins))
        .layer(axum::middleware::from_fn(limits::strip_cors_for_unknown_origins))
        .with_state(state)
}

fn api_key(p: &ReportProblem) -> &'static str {
    match (p.field, p.code) {
        ("desk_id", "required") | ("desk_id", _) => "desk_report_desk_unknown",
        ("problem", "required") => "desk_report_problem_required",
        ("problem", _) => "desk_report_problem_invalid",
        ("message", "required") => "desk_report_message_required",
        ("message", _) => "desk_report_message_too_long",
        _ => "desk_report_contact_too_long",
    }
}

async fn create_report(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    if !is_json_content_type(&headers) {
        return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE).in_lang(lang));
    }
    let bytes = read_limited(&headers, body).await.map_err(|e| e.in_lang(lang))?;
    let form: DeskReportForm = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Err(_) => return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", "invalid_json").in_lang(lang)),
        Ok(v) if !v.is_object() => {
            return Err(ApiError::field(StatusCode::BAD_REQUEST, "body", "invalid_type", "body_not_object").in_lang(lang));
        }
        Ok(v) => serde_json::from_value(v)
            .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", "bad_request").in_lang(lang))?,
    };
    let report = form.validate(|id| state.catalog.has_desk(id) && state.desks.base.as_ref().is_none_or(|b| b.sportelli.iter().any(|d| d.id == id)));
    let report = match report {
        Ok(r) => r,
        Err(problems) => {
            let items: Vec<(&str, &str, &'static str)> = problems.iter().map(|p| (p.field, p.code, api_key(p))).collect();
            return Err(ApiError::fields(StatusCode::BAD_REQUEST, &items).in_lang(lang));
        }
    };
    // Filled honeypot: the same answer, nothing kept.
    if !report.is_spam {
        let at = state.clock.now_rfc3339();
        state.db.write(move |c| store::desks::add_report(c, &report, &at)).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    }
    tracing::info!("desk report");
    Ok((StatusCode::CREATED, axum::Json(json!({ "status": "received" }))).into_response())
}

/// `GET /data/sportelli.json`: the database's version when it is newer than the file in `dist/`, with an
/// ETag (the service worker and the browser revalidate: `no-cache` is set by the static cache headers).
pub async fn published_desks(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.uri().path() != DESKS_PATH || !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return next.run(req).await;
    }
    let published = match state.desks.published(&state.db).await {
        Ok(Some(p)) => p,
        Ok(None) => return next.run(req).await,
        Err(e) => {
            // The file in dist/ is still a true, if older, answer.
            tracing::warn!(error = %e, "cannot read the desks' entries; serving the built file");
            return next.run(req).await;
        }
    };
    let etag = HeaderValue::from_str(&published.etag).unwrap_or(HeaderValue::from_static("\"db\""));
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == published.etag));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let brotli = req
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.split(';').next().is_some_and(|e| e.trim() == "br")));
        let (body, encoding) =
            if brotli && !published.brotli.is_empty() { (published.brotli.to_vec(), Some("br")) } else { (published.json.to_vec(), None) };
        let mut r = (StatusCode::OK, body).into_response();
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(e) = encoding {
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(e));
        }
        if req.method() == Method::HEAD {
            let (parts, _) = r.into_parts();
            r = Response::from_parts(parts, Body::empty());
        }
        r
    };
    response.headers_mut().insert(header::ETAG, etag);
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}
