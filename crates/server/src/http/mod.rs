//! The HTTP surface: `/api/v1/*` (JSON only) and the app's files from `dist/`.

mod api;
mod error;
pub mod limits;
pub mod operator;
mod security;
mod static_files;

pub use error::ApiError;
pub use limits::RateLimit;
pub use operator::OperatorToken;

use crate::db::Db;
use crate::desks::Desks;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Requests larger than this are refused with 413 before they are read.
pub const API_BODY_LIMIT: usize = 16 * 1024;

/// Everything a handler needs, shared by all requests.
pub struct AppState {
    pub db: Arc<Db>,
    /// The desk ids a request may name; `None` when `data/sportelli.json` is absent (not checked).
    pub desks: Option<Desks>,
    /// `None`: no operator token configured, every operator route answers 401.
    pub operator_token: Option<OperatorToken>,
    /// Set when a webhook is configured: new requests get an outbox row, and this wakes the worker.
    pub webhook: Option<Arc<Notify>>,
}

impl AppState {
    /// No desk check, no operators, no webhook: add them with the fields above.
    pub fn new(db: Db) -> AppState {
        AppState { db: Arc::new(db), desks: None, operator_token: None, webhook: None }
    }
}

pub struct HttpConfig {
    pub dist: PathBuf,
    pub request_timeout: Duration,
    /// Partner sites whose pages may embed the app (CSP frame-ancestors) and post contact requests (CORS).
    /// Empty: same origin only.
    pub allowed_origins: Vec<HeaderValue>,
    /// On `POST /api/v1/contact-requests` only; `None`: no limit.
    pub rate_limit: Option<RateLimit>,
}

impl HttpConfig {
    pub fn new(dist: impl Into<PathBuf>) -> HttpConfig {
        HttpConfig {
            dist: dist.into(),
            request_timeout: Duration::from_secs(10),
            allowed_origins: Vec::new(),
            rate_limit: Some(RateLimit::default()),
        }
    }
}

pub fn router(state: Arc<AppState>, config: &HttpConfig) -> Router {
    let api = api::router(state.clone(), config).merge(operator::router(state));
    Router::new()
        .nest("/api", api.fallback(|| async { ApiError::for_status(axum::http::StatusCode::NOT_FOUND) }))
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
        // Partner sites allowed to post requests are also the ones allowed to embed the app.
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::header::CONTENT_SECURITY_POLICY,
            security::content_security_policy(&config.dist, &config.allowed_origins),
        ))
        .layer(axum::middleware::from_fn(api::json_errors))
        .layer(
            // Log method, path and status only: never query strings, bodies or client addresses,
            // which may hold or point to personal data.
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
            }),
        )
}
