//! Every API error is JSON: `{"errors": [{"field", "code", "message"}]}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use microwork_core::Lang;
use microwork_core::contact::Problem;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq)]
pub struct ErrorItem {
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub errors: Vec<ErrorItem>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: &str) -> ApiError {
        ApiError { status, errors: vec![ErrorItem { field: None, code: code.into(), message: message.into() }] }
    }

    pub fn field(status: StatusCode, field: &str, code: &str, message: &str) -> ApiError {
        ApiError {
            status,
            errors: vec![ErrorItem { field: Some(field.into()), code: code.into(), message: message.into() }],
        }
    }

    pub fn invalid(problems: &[Problem], lang: Lang) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: problems
                .iter()
                .map(|p| ErrorItem {
                    field: Some(p.field.as_str().into()),
                    code: p.code.as_str().into(),
                    message: p.message(lang),
                })
                .collect(),
        }
    }

    /// The generic error for a status, for responses made by layers (timeouts, limits) rather than handlers.
    pub fn for_status(status: StatusCode) -> ApiError {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => ("not_found", "Risorsa non trovata / Not found"),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "Metodo non consentito / Method not allowed"),
            StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "Richiesta troppo grande (max 16 KB) / Request too large (max 16 KB)"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ("unsupported_media_type", "Il corpo deve essere application/json / The body must be application/json")
            }
            StatusCode::REQUEST_TIMEOUT => ("timeout", "Tempo scaduto, riprova / Request timed out, try again"),
            StatusCode::TOO_MANY_REQUESTS => ("rate_limited", "Troppe richieste, riprova più tardi / Too many requests, try again later"),
            s if s.is_server_error() => ("server_error", "Errore del server, riprova più tardi / Server error, try again later"),
            _ => ("bad_request", "Richiesta non valida / Bad request"),
        };
        ApiError::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(serde_json::json!({ "errors": self.errors }))).into_response()
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> ApiError {
        tracing::error!(error = %e, "database error");
        ApiError::for_status(StatusCode::SERVICE_UNAVAILABLE)
    }
}
