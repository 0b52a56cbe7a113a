//! The HTTP surface: `/api/v1/*` (JSON only) and the app's files from `dist/`.

mod api;
mod desk_reports;
pub mod auth;
pub mod auth_throttle;
mod error;
pub mod limits;
pub mod operator;
mod pages;
mod person;
pub(crate) mod security;
pub mod server;
pub(crate) mod static_files;

pub use error::{ApiError, ClientLang};
pub use limits::RateLimit;
pub use operator::OperatorToken;

use crate::catalog::Catalogs;
use crate::clock::{Clock, SystemClock};
use crate::store::Db;
use axum::Router;
use axum::http::{HeaderValue, Request};
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
    /// The desk ids and comuni a request may name (each list unchecked when its data file is absent).
    pub catalog: Catalogs,
    /// `None`: no operator token configured, every operator route answers 401.
    pub operator_token: Option<OperatorToken>,
    /// Set when a webhook is configured: new requests get an outbox row, and this wakes the worker.
    pub webhook: Option<Arc<Notify>>,
    /// Failed operator authentications per client address.
    pub auth_throttle: auth_throttle::AuthThrottle,
    /// Behind a reverse proxy: client addresses come from `X-Forwarded-For` (see [`RateLimit`]), and
    /// `X-Forwarded-Proto: https` says the deployment is on https (session cookies).
    pub trust_forwarded_for: bool,
    /// "Now" for handlers (received_at, sessions, the promised response time); tests move it.
    pub clock: Arc<dyn Clock>,
    /// Operator accounts: password hashing, sign-in throttling, session lifetimes, the public origin.
    pub accounts: auth::Accounts,
    /// The desks' data and their own entries (issue 19): the base file, the comuni, the publishing.
    pub desks: crate::desks::DeskData,
}

impl AppState {
    /// No desk or comune check, no operators, no webhook: add them with the fields above.
    pub fn new(db: Db) -> AppState {
        AppState {
            db: Arc::new(db),
            catalog: Catalogs::default(),
            operator_token: None,
            webhook: None,
            auth_throttle: auth_throttle::AuthThrottle::default(),
            trust_forwarded_for: false,
            clock: Arc::new(SystemClock),
            accounts: auth::Accounts::default(),
            desks: crate::desks::DeskData::default(),
        }
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
    let api = api::router(state.clone(), config)
        .merge(operator::router(state.clone()))
        .merge(desk_reports::router(state.clone(), config));
    let router = Router::new()
        .merge(pages::router(state.clone()))
        // Browsers ask for /favicon.ico on documents that name no icon (a JSON file): nothing, without an error.
        .route("/favicon.ico", axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT }))
        .nest("/api", api.fallback(|ClientLang(lang): ClientLang| async move {
            ApiError::for_status(axum::http::StatusCode::NOT_FOUND).in_lang(lang)
        }))
        .fallback_service(static_files::service(&config.dist))
        // Desk data newer in the database than in dist/ is served from the database (issue 19).
        .layer(axum::middleware::from_fn_with_state(state.clone(), desk_reports::published_desks))
        .layer(axum::middleware::from_fn(static_files::cache_headers))
        .layer(axum::middleware::from_fn(static_files::no_offsite_redirects))
        .layer(axum::middleware::from_fn(static_files::cap_path_length))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ));
    // nosniff, the referrer policy and the CSP (partner sites allowed to post requests are also the ones
    // allowed to embed the app): the list static hosts get too (`microwork static-headers`).
    let router = security::site_headers(&config.dist, &config.allowed_origins)
        .into_iter()
        .fold(router, |router, (name, value)| router.layer(SetResponseHeaderLayer::overriding(name, value)));
    router
        .layer(axum::middleware::from_fn(api::json_errors))
        .layer(
            // Log method, path and status only: never query strings, bodies or client addresses,
            // which may hold or point to personal data. Paths can carry a request's reference
            // (`/contatto/inviata/MW-…`, the operator routes): it leads to a person, so it is redacted.
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                tracing::info_span!("http", method = %req.method(), path = %log_path(req.uri().path()))
            }),
        )
}

/// Paths are cut to this many characters in the logs: a stranger's 2 KB path is not worth 2 KB per line.
pub const LOGGED_PATH_MAX_CHARS: usize = 120;

/// The path as logged: references redacted ([`redact_path`]), cut to [`LOGGED_PATH_MAX_CHARS`].
pub fn log_path(path: &str) -> String {
    let redacted = redact_path(path);
    match redacted.char_indices().nth(LOGGED_PATH_MAX_CHARS) {
        Some((at, _)) => format!("{}…", &redacted[..at]),
        None => redacted.into_owned(),
    }
}

/// What a redacted reference looks like in the logs.
pub const REDACTED_REFERENCE: &str = "MW-…";

/// The path with every segment that looks like a contact request's reference replaced by
/// [`REDACTED_REFERENCE`]. "Looks like" is generous, since a person or an operator may type it any way the
/// lookup accepts: any case, percent-encoded, with or without dashes, spaces or a suffix (`mw-7k3q-9pxd`,
/// `MW%2D7K3Q%2D9PXD`, `MW-7K3Q9PXD.html`). Wrongly redacting a look-alike only costs a log detail.
pub fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.split('/').any(looks_like_reference) {
        return std::borrow::Cow::Borrowed(path);
    }
    let segments: Vec<&str> =
        path.split('/').map(|s| if looks_like_reference(s) { REDACTED_REFERENCE } else { s }).collect();
    std::borrow::Cow::Owned(segments.join("/"))
}

/// `MW` at the start of a word, then at least 8 letters or digits, separators (`-`, `_`, `.`, spaces)
/// allowed anywhere between them, in the percent-decoded segment.
fn looks_like_reference(segment: &str) -> bool {
    let decoded = percent_decode(segment).to_ascii_uppercase();
    let bytes = decoded.as_bytes();
    (0..bytes.len()).any(|i| {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        starts_word && bytes[i..].starts_with(b"MW") && {
            let rest = &bytes[i + 2..];
            let run = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b' ' | b'+'));
            run.filter(|b| b.is_ascii_alphanumeric()).count() >= 8
        }
    })
}

/// `%XX` sequences decoded (invalid ones kept as they are), lossily as UTF-8: only for matching.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_paths_are_redacted_however_they_are_written() {
        for (path, logged) in [
            ("/contatto/inviata/MW-7K3Q-9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/mw-7k3q-9pxd", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/Mw-7K3Q-9PXD/", "/contatto/inviata/MW-…/"),
            ("/contatto/inviata/MW-7K3Q9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/MW7K3Q9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/MW-7K3Q-9PXD.html", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/%20MW-7K3Q-9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/MW%2D7K3Q%2D9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/%4d%57-7K3Q-9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/MW-7K3Q-9PXD-extra", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/ref:MW-7K3Q-9PXD", "/contatto/inviata/MW-…"),
            ("/contatto/inviata/MW-O0OO-ILIL", "/contatto/inviata/MW-…"),
            ("/api/v1/operator/contact-requests/MW-7K3Q-9PXD", "/api/v1/operator/contact-requests/MW-…"),
            ("/api/v1/operator/contact-requests/mw-7k3q-9pxd", "/api/v1/operator/contact-requests/MW-…"),
            ("/MW-7K3Q-9PXD/MW-AAAA-BBBB", "/MW-…/MW-…"),
        ] {
            assert_eq!(redact_path(path), logged, "{path}");
            assert!(!redact_path(path).to_ascii_uppercase().contains("7K3Q"), "{path}");
        }
    }

    #[test]
    fn long_paths_are_cut_in_the_logs() {
        let long = format!("/{}", "a".repeat(300));
        let logged = log_path(&long);
        assert_eq!(logged.chars().count(), LOGGED_PATH_MAX_CHARS + 1);
        assert!(logged.ends_with('…'));
        assert_eq!(log_path("/sportelli"), "/sportelli");
        assert_eq!(log_path("/contatto/inviata/MW-7K3Q-9PXD"), "/contatto/inviata/MW-…");
    }

    #[test]
    fn other_paths_are_logged_as_they_are() {
        for path in [
            "/",
            "/api/v1/contact-requests",
            "/api/v1/operator/contact-requests",
            "/api/v1/operator/contact-requests.csv",
            "/sportelli/enm-latina",
            "/contatto/inviata/",
            "/contatto/inviata/MW-7K3",
            "/assets/microwork-3f2a9c1b7d.wasm",
            "/homework12345678",
            "/farmwork12345678",
            "%zz/%",
            "",
        ] {
            assert!(matches!(redact_path(path), std::borrow::Cow::Borrowed(p) if p == path), "{path}");
        }
    }
}
