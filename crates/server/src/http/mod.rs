//! The HTTP surface: `/api/v1/*` (JSON only) and the app's files from `dist/`.

mod api;
mod error;
mod static_files;

pub use error::ApiError;

use crate::db::Db;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Requests larger than this are refused with 413 before they are read.
pub const API_BODY_LIMIT: usize = 16 * 1024;

/// Everything a handler needs, shared by all requests.
pub struct AppState {
    pub db: Db,
}

pub struct HttpConfig {
    pub dist: PathBuf,
    pub request_timeout: Duration,
}

pub fn router(state: Arc<AppState>, config: &HttpConfig) -> Router {
    let api = api::router(state);
    Router::new()
        .nest("/api", api)
        .fallback_service(static_files::service(&config.dist))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(axum::middleware::from_fn(api::json_errors))
        .layer(
            // Log method, path and status only: never query strings or bodies, which may hold personal data.
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
}
