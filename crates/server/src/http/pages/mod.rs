//! The operators' pages at `/operatori`: server-rendered HTML (maud), plain forms that post with the session
//! cookie and are checked for `Origin`, one stylesheet, and one small script (`desk-map.js`) that only
//! enhances the desk form (comune suggestions, a pin on a map): everything works without it. Nothing here is
//! part of the public app: a member of the public downloads none of it (the wasm, its data and the service worker's list are
//! untouched). Italian only: the desks work in Italian.
//!
//! The pages call the same functions as the JSON API (`super::operator`): one scope check, one audit trail.

mod desks;
mod format;
mod request;
mod requests;
mod sign_in;

use super::auth::{self, Caller};
use super::{ApiError, AppState};
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the pages live.
pub const BASE: &str = "/operatori";
const STYLE: &str = include_str!("style.css");

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/operatori", get(requests::home))
        .route("/operatori/", get(requests::home))
        .route("/operatori/accesso", axum::routing::post(sign_in::sign_in))
        .route("/operatori/esci", axum::routing::post(sign_in::sign_out))
        .route("/operatori/password", get(sign_in::password_page).post(sign_in::set_password))
        .route("/operatori/richieste/{reference}", get(request::show).post(request::update))
        .route("/operatori/richieste/{reference}/cancella", get(request::confirm_erase).post(request::erase))
        .route("/operatori/sportelli", get(desks::list))
        .route("/operatori/sportelli/{id}", get(desks::show).post(desks::propose))
        .route("/operatori/sportelli/{id}/conferma", axum::routing::post(desks::confirm_unchanged))
        .route("/operatori/sportelli/{id}/promemoria", axum::routing::post(desks::remind))
        .route("/operatori/proposte/{id}", get(desks::show_proposal).post(desks::decide))
        .route("/operatori/segnalazioni/{id}/chiudi", axum::routing::post(desks::close_report))
        .route("/operatori/stile.css", get(style))
        .route(desks::DESK_MAP_SCRIPT, get(desks::desk_map_script))
        // Personal data: never kept by a browser or a proxy.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .with_state(state)
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// A whole page: the header (with the signed-in operator and "Esci"), the title as `<h1>`'s companion in
/// `<title>`, and `body` in `<main>`.
pub(crate) fn page(title: &str, caller: Option<&Caller>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="it" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " – Micro Work, operatori" }
                link rel="icon" href="/favicon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/operatori/stile.css";
            }
            body {
                a class="op-skip" href="#contenuto" { "Vai al contenuto" }
                header class="op-header" {
                    div class="op-wrap op-header__row" {
                        a class="op-header__brand" href=(BASE) { "Micro Work · Operatori" }
                        @if let Some(Caller::Operator { account, .. }) = caller {
                            nav class="op-header__nav" aria-label="Sezioni" {
                                a href=(BASE) { "Richieste" }
                                " · "
                                a href=(desks::DESKS) { "Sportelli" }
                            }
                            div class="op-header__who" {
                                span { (account.email) @if account.admin { " (amministratore)" } }
                                form method="post" action="/operatori/esci" {
                                    button class="op-link-button" type="submit" { "Esci" }
                                }
                            }
                        }
                    }
                }
                main id="contenuto" class="op-wrap" tabindex="-1" { (body) }
            }
        }
    }
}

pub(crate) fn html_response(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// A short page with a heading and a sentence (errors, refusals).
pub(crate) fn message(status: StatusCode, caller: Option<&Caller>, title: &str, text: &str) -> Response {
    html_response(
        status,
        page(title, caller, html! {
            h1 { (title) }
            p { (text) }
            p { a href=(BASE) { "Torna alle richieste" } }
        }),
    )
}

pub(crate) fn server_error(caller: Option<&Caller>, e: &ApiError) -> Response {
    let status = e.status;
    let status = if status.is_success() { StatusCode::INTERNAL_SERVER_ERROR } else { status };
    message(status, caller, "Si è verificato un problema", "Non è stato possibile completare l'operazione. Riprova tra poco.")
}

pub(crate) fn not_found(caller: Option<&Caller>) -> Response {
    message(StatusCode::NOT_FOUND, caller, "Richiesta non trovata", "Non c'è una richiesta con questo riferimento tra quelle che puoi vedere.")
}

/// The signed-in operator, if the cookie names a live session.
pub(crate) async fn caller(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Option<Caller>, ApiError> {
    match auth::session_cookie(state, headers) {
        None => Ok(None),
        Some(id) => auth::live_session(state, &id).await,
    }
}

/// For a page that needs a session: the caller, or the response to send instead (back to sign-in).
async fn signed_in(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Caller, Response> {
    match caller(state, headers).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(Redirect::to(BASE).into_response()),
        Err(e) => Err(server_error(None, &e)),
    }
}

/// For a form post: refused unless it comes from the site itself.
fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    if auth::origin_allowed(state, &Method::POST, headers) {
        Ok(())
    } else {
        Err(message(
            StatusCode::FORBIDDEN,
            None,
            "Richiesta rifiutata",
            "Il modulo non è stato inviato da questo sito. Apri la pagina degli operatori e riprova.",
        ))
    }
}

// The preludes of the handlers, as extractors: a handler that takes one cannot forget its check, and its
// body starts with what it is for. Each rejection is the page a person sees (sign-in, 403, error page).

/// A page for a signed-in operator (`GET`): without a live session, back to the sign-in page.
pub(crate) struct SignedIn(pub Caller);

impl FromRequestParts<Arc<AppState>> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<SignedIn, Response> {
        signed_in(state, &parts.headers).await.map(SignedIn)
    }
}

/// A form posted from this site itself (`Origin`, else `Referer`), for the forms used before signing in
/// (sign-in, password); from anywhere else: 403.
pub(crate) struct SameOrigin;

impl FromRequestParts<Arc<AppState>> for SameOrigin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<SameOrigin, Response> {
        same_origin(state, &parts.headers).map(|()| SameOrigin)
    }
}

/// A form posted from this site by a signed-in operator: the site is checked first (a form from another site
/// is refused, 403, whoever's cookie it carries), then the session (none: back to sign-in). What the operator
/// may do with it (their desks, admin only) is each handler's scope check.
pub(crate) struct OperatorForm(pub Caller);

impl FromRequestParts<Arc<AppState>> for OperatorForm {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<OperatorForm, Response> {
        same_origin(state, &parts.headers)?;
        signed_in(state, &parts.headers).await.map(OperatorForm)
    }
}

/// A form body (`application/x-www-form-urlencoded`), or the 400 page.
pub(crate) fn form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_urlencoded::from_bytes(body)
        .map_err(|_| message(StatusCode::BAD_REQUEST, None, "Modulo non valido", "Il modulo inviato non è leggibile. Ricarica la pagina e riprova."))
}

/// GOV.UK's error summary: a titled list linking each message to its field.
pub(crate) fn error_summary(errors: &[(String, String)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="op-error-summary" role="alert" tabindex="-1" {
                h2 class="op-error-summary__title" { "C'è un problema" }
                ul {
                    @for (field, text) in errors {
                        li { a href={ "#" (field) } { (text) } }
                    }
                }
            }
        }
    }
}

/// The sentences of an API error, with the form field each belongs to (`field` → the input's id).
pub(crate) fn problems(e: &ApiError) -> Vec<(String, String)> {
    e.problems().into_iter().map(|p| (p.field.unwrap_or_else(|| "contenuto".into()), p.message)).collect()
}
