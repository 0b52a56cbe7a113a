//! `/api/v1/operator/*`: the help desks' side. Two ways in: a person's operator account (session cookie, see
//! [`super::auth`]), or the integrations' bearer token (`MICROWORK_OPERATOR_TOKEN`). A desk operator sees only
//! the requests of their desks; an admin and the token see all. Every answer is `Cache-Control: no-store`.
//!
//! Without a configured token, a bearer request answers 401, as for a wrong token: there is nothing to learn
//! from the difference.

pub(crate) mod audit;
pub(crate) mod requests;
pub(crate) mod session;

pub(crate) use requests::Erased;

use super::auth;
use super::{ApiError, AppState};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{delete, get, post};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use subtle::ConstantTimeEq;
use tower_http::set_header::SetResponseHeaderLayer;

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
    let signed_in = Router::new()
        .route("/v1/operator/me", get(session::me))
        .route("/v1/operator/sessions", delete(session::logout_everywhere))
        .route("/v1/operator/contact-requests", get(requests::list))
        .route("/v1/operator/contact-requests.csv", get(requests::export_csv))
        .route(
            "/v1/operator/contact-requests/{reference}",
            get(requests::show).patch(requests::update).delete(requests::erase),
        )
        .route("/v1/operator/contact-requests/{reference}/audit", get(audit::of_request))
        .route("/v1/operator/audit", get(audit::list))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::authenticate));
    let signing_in = Router::new()
        .route("/v1/operator/session", post(session::login).delete(session::logout))
        .route("/v1/operator/password", post(session::set_password))
        .route("/v1/operator/password/check", post(session::check_link));
    signed_in
        .merge(signing_in)
        // Personal data: no browser or proxy may keep a copy (the 401s too, so nothing differs).
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state)
}

fn forbidden(lang: microwork_core::Lang) -> ApiError {
    ApiError::for_status(StatusCode::FORBIDDEN).in_lang(lang)
}
