//! Signing in and out, and choosing a password from the one-time link.

use super::{BASE, SameOrigin, error_summary, form, html_response, message, page, problems, server_error};
use crate::http::AppState;
use crate::http::auth;
use crate::http::operator::session::{self, SignIn};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use std::sync::Arc;

/// The sign-in page (also what `/operatori` shows without a session).
pub fn sign_in_page(status: StatusCode, email: &str, errors: &[(String, String)]) -> Response {
    let body = html! {
        (error_summary(errors))
        h1 { "Accesso operatori" }
        p { "Entra con l'e-mail del tuo account di sportello. Se non hai ancora una password, usa il link che ti è stato inviato." }
        form method="post" action="/operatori/accesso" novalidate {
            div class="op-field" {
                label for="email" { "E-mail" }
                input id="email" name="email" type="email" autocomplete="username" spellcheck="false" value=(email) required;
            }
            div class="op-field" {
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" required;
            }
            button class="op-button" type="submit" { "Entra" }
        }
    };
    html_response(status, page("Accesso", None, body))
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /operatori/accesso` → 303 to the list with the session cookie, or the page again with the reason.
pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    _: SameOrigin,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let f: SignInForm = match form(&body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let client = session::peer(&extensions, &headers, state.trust_forwarded_for);
    match session::sign_in(&state, client, &f.email, f.password).await {
        Ok(SignIn::Session(id)) => {
            let mut response = Redirect::to(BASE).into_response();
            response.headers_mut().insert(header::SET_COOKIE, auth::set_cookie(&state, &headers, Some(&id)));
            response
        }
        Ok(SignIn::Refused) => sign_in_page(
            StatusCode::UNAUTHORIZED,
            &f.email,
            &[("email".into(), "E-mail o password non corretti".into())],
        ),
        Ok(SignIn::HeldBack(wait)) => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            let mut r = sign_in_page(
                StatusCode::TOO_MANY_REQUESTS,
                &f.email,
                &[("email".into(), format!("Troppi tentativi non riusciti: riprova tra {minutes} minut{}", if minutes == 1 { "o" } else { "i" }))],
            );
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
            r
        }
        Err(e) => server_error(None, &e),
    }
}

/// `POST /operatori/esci` → 303 to the sign-in page, the session ended and the cookie cleared.
pub async fn sign_out(State(state): State<Arc<AppState>>, _: SameOrigin, headers: HeaderMap) -> Response {
    if let Err(e) = session::end_session(&state, &headers).await {
        return server_error(None, &e);
    }
    let mut response = Redirect::to(BASE).into_response();
    response.headers_mut().insert(header::SET_COOKIE, auth::set_cookie(&state, &headers, None));
    response
}

#[derive(Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    t: String,
}

fn password_form(token: &str, email: &str, until: &str, errors: &[(String, String)]) -> Markup {
    html! {
        (error_summary(errors))
        h1 { "Scegli la tua password" }
        p { "Account: " strong { (email) } ". Il link vale una sola volta, fino al " (super::format::date_time(until)) "." }
        form method="post" action="/operatori/password" novalidate {
            input type="hidden" name="t" value=(token);
            // For password managers: which account this password belongs to.
            input type="hidden" name="username" autocomplete="username" value=(email);
            div class="op-field" {
                label for="password" { "Nuova password" }
                div id="password-hint" class="op-hint" {
                    "Almeno 12 caratteri. Evita password comuni e il tuo indirizzo e-mail: va bene una frase di tre o quattro parole a caso."
                }
                input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-hint" required minlength="12";
            }
            button class="op-button" type="submit" { "Salva la password" }
        }
    }
}

fn bad_link() -> Response {
    message(
        StatusCode::BAD_REQUEST,
        None,
        "Link non valido",
        "Questo link non è valido, è già stato usato o è scaduto. Chiedi all'amministratore un nuovo link.",
    )
}

/// `GET /operatori/password?t=…` → the form, while the link works.
pub async fn password_page(State(state): State<Arc<AppState>>, query: Result<Query<LinkQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let token = query.map(|Query(q)| q.t).unwrap_or_default();
    match session::link_account(&state, &token).await {
        Ok(Some((email, until))) => html_response(StatusCode::OK, page("Scegli la password", None, password_form(&token, &email, &until, &[]))),
        Ok(None) => bad_link(),
        Err(e) => server_error(None, &e),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    t: String,
    #[serde(default)]
    password: String,
}

/// `POST /operatori/password` → the password set, a page inviting to sign in; or the form with the reason.
pub async fn set_password(State(state): State<Arc<AppState>>, _: SameOrigin, body: axum::body::Bytes) -> Response {
    let f: PasswordForm = match form(&body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    match session::set_password_from_link(&state, &f.t, f.password).await {
        Ok(()) => html_response(
            StatusCode::OK,
            page("Password salvata", None, html! {
                div class="op-panel" role="status" {
                    h1 { "Password salvata" }
                    p { "Ora puoi entrare con la tua e-mail e la nuova password." }
                }
                p { a class="op-button" href=(BASE) { "Vai all'accesso" } }
            }),
        ),
        Err(e) if e.problems().iter().any(|p| p.field.as_deref() == Some("password")) => {
            match session::link_account(&state, &f.t).await {
                Ok(Some((email, until))) => {
                    let errors = problems(&e);
                    html_response(StatusCode::BAD_REQUEST, page("Scegli la password", None, password_form(&f.t, &email, &until, &errors)))
                }
                Ok(None) => bad_link(),
                Err(e) => server_error(None, &e),
            }
        }
        Err(e) if e.status == StatusCode::BAD_REQUEST => bad_link(),
        Err(e) => server_error(None, &e),
    }
}
