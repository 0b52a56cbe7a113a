//! Signing in and out, setting a password from the one-time link, and `me`.

use super::requests::json_body;
use crate::http::auth::{self, Caller};
use crate::http::limits::{client_ip, client_key};
use crate::http::{ApiError, AppState, ClientLang};
use crate::store::audit::{self, Actor, Entry};
use crate::store::{accounts, requests, sessions};
use axum::extract::{ConnectInfo, Extension, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use microwork_core::Lang;
use microwork_core::account::{
    ActorKind, AuditAction, LoginBody, OperatorMe, PasswordBody, SessionInfo, TokenBody, TokenInfo, check_password,
    normalize_email,
};
use std::net::SocketAddr;
use std::sync::Arc;

fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The client's address as the throttles key it (axum 0.8 has no optional `ConnectInfo` extractor: read the
/// extension the server sets, absent in-process).
pub(crate) fn peer(extensions: &axum::http::Extensions, headers: &HeaderMap, trust_forwarded_for: bool) -> std::net::IpAddr {
    let mut req = axum::http::Request::new(());
    *req.headers_mut() = headers.clone();
    if let Some(c) = extensions.get::<ConnectInfo<SocketAddr>>() {
        req.extensions_mut().insert(c.clone());
    }
    client_key(client_ip(&req, trust_forwarded_for))
}

fn invalid_credentials(lang: Lang) -> Response {
    let mut response =
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "invalid_credentials").in_lang(lang).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
    response
}

/// `POST /api/v1/operator/session` `{email, password}` → 204 with the session cookie; 401
/// `invalid_credentials` for a wrong password, an unknown e-mail, a disabled account or one without a password
/// yet (the same answer, after the same Argon2 work); 429 with `Retry-After` after too many failures for the
/// account or from the address.
pub async fn login(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    extensions: axum::http::Extensions,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &axum::http::Method::POST, &headers) {
        return Ok(auth::origin_refused(lang));
    }
    let LoginBody { email, password } = json_body(&headers, &body).map_err(|e| e.in_lang(lang))?;
    let client = peer(&extensions, &headers, state.trust_forwarded_for);
    Ok(match sign_in(&state, client, &email, password).await.map_err(|e| e.in_lang(lang))? {
        SignIn::HeldBack(wait) => auth::held_back(wait, lang),
        SignIn::Refused => invalid_credentials(lang),
        SignIn::Session(id) => {
            let mut response = no_content();
            response.headers_mut().insert(header::SET_COOKIE, auth::set_cookie(&state, &headers, Some(&id)));
            response
        }
    })
}

/// What a sign-in came to.
pub(crate) enum SignIn {
    /// The new session's id (for the cookie).
    Session(String),
    /// Wrong password, unknown e-mail, disabled account, no password yet: one answer.
    Refused,
    /// Too many failures for the account or from the address: try again after this.
    HeldBack(std::time::Duration),
}

/// Checks the credentials (throttled per address and per account, the same Argon2 work for unknown e-mails)
/// and opens a session: shared by the API and the operator pages.
pub(crate) async fn sign_in(state: &Arc<AppState>, client: std::net::IpAddr, email: &str, password: String) -> Result<SignIn, ApiError> {
    // Unknown and malformed e-mails are throttled under what was typed, like real ones.
    let key = normalize_email(email).unwrap_or_else(|| email.trim().to_lowercase());
    if let Some(wait) = state.auth_throttle.wait(client).or_else(|| state.accounts.throttle.wait(&key)) {
        return Ok(SignIn::HeldBack(wait));
    }
    let account = match normalize_email(email) {
        None => None,
        Some(e) => state.db.read(move |c| accounts::by_email(c, &e)).await?,
    };
    let usable = account.filter(|a| a.is_active() && a.password_hash.is_some() && password.chars().count() <= 1024);
    let stored = usable.as_ref().and_then(|a| a.password_hash.clone());
    let (ok, outdated) = state.accounts.passwords.verify(password.clone(), stored).await;
    let Some(account) = usable.filter(|_| ok) else {
        let address = state.auth_throttle.failed(client);
        let per_account = state.accounts.throttle.failed(&key);
        return Ok(match address.or(per_account) {
            Some(wait) => SignIn::HeldBack(wait),
            None => SignIn::Refused,
        });
    };
    let rehash = if outdated { state.accounts.passwords.hash(password).await } else { None };
    let id = auth::random_token().map_err(|e| ApiError::from(crate::store::DbError::from(e)))?;
    let hash = requests::secret_hash(&id);
    let now = state.clock.now();
    let (at, expires) = (crate::clock::format_utc(now), crate::clock::format_utc(now + state.accounts.max_age));
    let actor = Actor { kind: ActorKind::Operator, operator_id: Some(account.id.clone()), email: Some(account.email.clone()) };
    state
        .db
        .write(move |c| {
            sessions::create(c, &hash, &account.id, &at, &expires)?;
            accounts::record_login(c, &account.id, &at)?;
            if let Some(h) = &rehash {
                accounts::set_password(c, &account.id, h, account.password_set_at.as_deref().unwrap_or(&at))?;
            }
            // Ended sessions go when someone signs in, besides the retention sweep.
            let idle_cutoff = crate::clock::format_utc(now - time::Duration::days(1));
            sessions::delete_expired(c, &at, &idle_cutoff)?;
            audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::Login, reference: None, desk_id: None, detail: None })
        })
        .await?;
    Ok(SignIn::Session(id))
}

/// `DELETE /api/v1/operator/session` → 204, the cookie cleared and the session ended (also when there was
/// none: signing out twice is not an error).
pub async fn logout(State(state): State<Arc<AppState>>, ClientLang(lang): ClientLang, headers: HeaderMap) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &axum::http::Method::DELETE, &headers) {
        return Ok(auth::origin_refused(lang));
    }
    end_session(&state, &headers).await.map_err(|e| e.in_lang(lang))?;
    let mut response = no_content();
    response.headers_mut().insert(header::SET_COOKIE, auth::set_cookie(&state, &headers, None));
    Ok(response)
}

/// Ends the session of the request's cookie, if it is live (audited).
pub(crate) async fn end_session(state: &Arc<AppState>, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(id) = auth::session_cookie(state, headers)
        && let Some(Caller::Operator { account, session_hash, .. }) = auth::live_session(state, &id).await?
    {
        let actor = Actor { kind: ActorKind::Operator, operator_id: Some(account.id.clone()), email: Some(account.email.clone()) };
        let now = state.clock.now_rfc3339();
        state
            .db
            .write(move |c| {
                sessions::delete(c, &session_hash)?;
                audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::Logout, reference: None, desk_id: None, detail: None })
            })
            .await?;
    }
    Ok(())
}

/// `DELETE /api/v1/operator/sessions` → 204: every session of the signed-in operator ends, this one too
/// ("log out everywhere"). The integration token has no sessions: 400 `no_session`.
pub async fn logout_everywhere(
    State(state): State<Arc<AppState>>,
    Extension(caller): Extension<Caller>,
    ClientLang(lang): ClientLang,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Caller::Operator { account, .. } = &caller else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "no_session", "no_session").in_lang(lang));
    };
    let (id, actor, now) = (account.id.clone(), caller.actor(), state.clock.now_rfc3339());
    let ended = state
        .db
        .write(move |c| {
            let n = sessions::delete_for_operator(c, &id)?;
            let detail = Some(serde_json::json!({"sessions": n}));
            audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::LogoutAll, reference: None, desk_id: None, detail })?;
            Ok(n)
        })
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?;
    tracing::info!(sessions = ended, "operator signed out everywhere");
    let mut response = no_content();
    response.headers_mut().insert(header::SET_COOKIE, auth::set_cookie(&state, &headers, None));
    Ok(response)
}

/// `GET /api/v1/operator/me` → who is signed in, whose requests they see, and when the session ends.
pub async fn me(State(state): State<Arc<AppState>>, Extension(caller): Extension<Caller>) -> Response {
    let me = match &caller {
        Caller::Token => OperatorMe { kind: ActorKind::Token, email: None, admin: true, desks: Vec::new(), session: None },
        Caller::Operator { account, session, .. } => {
            let idle_end = crate::clock::parse_utc(&session.last_seen_at)
                .map(|seen| crate::clock::format_utc(seen + state.accounts.idle))
                .unwrap_or_default();
            OperatorMe {
                kind: ActorKind::Operator,
                email: Some(account.email.clone()),
                admin: account.admin,
                desks: account.desks.clone(),
                session: Some(SessionInfo {
                    created_at: session.created_at.clone(),
                    idle_expires_at: idle_end.min(session.expires_at.clone()),
                    expires_at: session.expires_at.clone(),
                }),
            }
        }
    };
    axum::Json(me).into_response()
}

fn token_invalid(lang: Lang) -> ApiError {
    ApiError::field(StatusCode::BAD_REQUEST, "token", "invalid", "token_invalid").in_lang(lang)
}

/// `POST /api/v1/operator/password/check` `{token}` → `{email, expires_at}` while the link works, else 400
/// `token`/`invalid` (unknown, used, expired, or the account disabled: one answer).
pub async fn check_link(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &axum::http::Method::POST, &headers) {
        return Ok(auth::origin_refused(lang));
    }
    let TokenBody { token } = json_body(&headers, &body).map_err(|e| e.in_lang(lang))?;
    let (hash, now) = (requests::secret_hash(token.trim()), state.clock.now_rfc3339());
    let found = state.db.read(move |c| accounts::peek_link(c, &hash, &now)).await.map_err(|e| ApiError::from(e).in_lang(lang))?;
    let (account, expires_at) = found.ok_or_else(|| token_invalid(lang))?;
    Ok(axum::Json(TokenInfo { email: account.email, expires_at }).into_response())
}

/// `POST /api/v1/operator/password` `{token, password}` → 204: the password is set, the link used up, and any
/// session of the account ended. 400 `token`/`invalid` for a bad link; 400 `password`/`too_short` | `too_long` |
/// `common` | `contains_email` for a refused password (the link still works then).
pub async fn set_password(
    State(state): State<Arc<AppState>>,
    ClientLang(lang): ClientLang,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !auth::origin_allowed(&state, &axum::http::Method::POST, &headers) {
        return Ok(auth::origin_refused(lang));
    }
    let PasswordBody { token, password } = json_body(&headers, &body).map_err(|e| e.in_lang(lang))?;
    set_password_from_link(&state, &token, password).await.map_err(|e| e.in_lang(lang))?;
    Ok(no_content())
}

/// The account a one-time link is for and when the link expires, while it works.
pub(crate) async fn link_account(state: &Arc<AppState>, token: &str) -> Result<Option<(String, String)>, ApiError> {
    let (hash, now) = (requests::secret_hash(token.trim()), state.clock.now_rfc3339());
    Ok(state.db.read(move |c| accounts::peek_link(c, &hash, &now)).await?.map(|(a, until)| (a.email, until)))
}

/// Sets the password of a link's account: the link is used up and every session of the account ends. 400
/// `token`/`invalid` for a bad link, `password`/… for a refused password (the link still works then).
pub(crate) async fn set_password_from_link(state: &Arc<AppState>, token: &str, password: String) -> Result<(), ApiError> {
    let hash = requests::secret_hash(token.trim());
    let now = state.clock.now_rfc3339();
    let found = {
        let (hash, now) = (hash.clone(), now.clone());
        state.db.read(move |c| accounts::peek_link(c, &hash, &now)).await?
    };
    let (account, _) = found.ok_or_else(|| token_invalid(Lang::It))?;
    if let Err(problem) = check_password(&password, &account.email) {
        return Err(ApiError::field(StatusCode::BAD_REQUEST, "password", problem.code(), problem.message_key()));
    }
    let Some(password_hash) = state.accounts.passwords.hash(password).await else {
        return Err(ApiError::for_status(StatusCode::SERVICE_UNAVAILABLE));
    };
    let done = state
        .db
        .write(move |c| {
            // Redeemed in the write: a link used twice at once sets one password, the other gets 400.
            let Some(account) = accounts::redeem_link(c, &hash, &now)? else { return Ok(false) };
            accounts::set_password(c, &account.id, &password_hash, &now)?;
            sessions::delete_for_operator(c, &account.id)?;
            let actor = Actor { kind: ActorKind::Operator, operator_id: Some(account.id.clone()), email: Some(account.email.clone()) };
            audit::append(c, &now, &Entry { actor: &actor, action: AuditAction::PasswordSet, reference: None, desk_id: None, detail: None })?;
            Ok(true)
        })
        .await?;
    if !done {
        return Err(token_invalid(Lang::It));
    }
    Ok(())
}
