//! Every API error is JSON: `{"errors": [{"field", "code", "message"}]}` ([`ApiErrors`] in core), with the
//! message in the client's language (from the locale files, see [`crate::messages`]).

use crate::messages::{self, API_NAMESPACE};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use microwork_core::Lang;
use microwork_core::contact::{ApiErrors, ApiProblem, Problem};

/// The sentence of one error item, looked up when the answer is written.
#[derive(Debug, Clone)]
enum Sentence {
    Api(&'static str),
    Problem(Problem),
}

#[derive(Debug, Clone)]
struct Item {
    field: Option<String>,
    code: String,
    sentence: Sentence,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    lang: Lang,
    items: Vec<Item>,
}

impl ApiError {
    /// An error about the request as a whole; `key` names its sentence under `api` in the locale files.
    pub fn new(status: StatusCode, code: &str, key: &'static str) -> ApiError {
        ApiError { status, lang: Lang::It, items: vec![Item { field: None, code: code.into(), sentence: Sentence::Api(key) }] }
    }

    /// An error about one field (of the body, the query or the path).
    pub fn field(status: StatusCode, field: &str, code: &str, key: &'static str) -> ApiError {
        let item = Item { field: Some(field.into()), code: code.into(), sentence: Sentence::Api(key) };
        ApiError { status, lang: Lang::It, items: vec![item] }
    }

    /// Several problems with named fields at once (`(field, code, key)`).
    pub fn fields(status: StatusCode, items: &[(&str, &str, &'static str)]) -> ApiError {
        let items = items
            .iter()
            .map(|(field, code, key)| Item { field: Some((*field).into()), code: (*code).into(), sentence: Sentence::Api(key) })
            .collect();
        ApiError { status, lang: Lang::It, items }
    }

    /// The validator's problems, each worded as the browser words it.
    pub fn invalid(problems: &[Problem]) -> ApiError {
        let items = problems
            .iter()
            .map(|p| Item { field: Some(p.field.as_str().into()), code: p.code.as_str().into(), sentence: Sentence::Problem(*p) })
            .collect();
        ApiError { status: StatusCode::BAD_REQUEST, lang: Lang::It, items }
    }

    /// The generic error for a status, for responses made by layers (timeouts, limits) rather than handlers.
    pub fn for_status(status: StatusCode) -> ApiError {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::REQUEST_TIMEOUT => "timeout",
            StatusCode::TOO_MANY_REQUESTS => "rate_limited",
            StatusCode::URI_TOO_LONG => "uri_too_long",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            s if s.is_server_error() => "server_error",
            _ => "bad_request",
        };
        ApiError::new(status, code, code)
    }

    /// The same error, worded in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    /// The error items as they are sent.
    pub fn problems(&self) -> Vec<ApiProblem> {
        self.items
            .iter()
            .map(|i| ApiProblem {
                field: i.field.clone(),
                code: i.code.clone(),
                message: match &i.sentence {
                    Sentence::Api(key) => messages::text(self.lang, API_NAMESPACE, key),
                    Sentence::Problem(p) => messages::problem(self.lang, p),
                },
            })
            .collect()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(ApiErrors { errors: self.problems() })).into_response()
    }
}

impl From<crate::store::DbError> for ApiError {
    fn from(e: crate::store::DbError) -> ApiError {
        use crate::store::{DbError, StoreError};
        match e {
            DbError::Store(StoreError::Update(problems)) => {
                let items: Vec<_> = problems.iter().map(|p| (p.field, p.code, p.message_key())).collect();
                ApiError::fields(StatusCode::BAD_REQUEST, &items)
            }
            e => {
                tracing::error!(error = %e, "database error");
                ApiError::for_status(StatusCode::SERVICE_UNAVAILABLE)
            }
        }
    }
}

/// The client's language for error messages, from `Accept-Language` (Italian when absent or unsupported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientLang(pub Lang);

impl ClientLang {
    pub fn of(headers: &axum::http::HeaderMap) -> Lang {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::It, messages::from_accept_language)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientLang, Self::Rejection> {
        Ok(ClientLang(ClientLang::of(&parts.headers)))
    }
}
