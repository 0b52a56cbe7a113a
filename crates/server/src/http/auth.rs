//! Operator sign-in: Argon2id passwords, session cookies, the `Origin` check on state-changing requests, and
//! throttled failures. Who is calling ([`Caller`]) is decided here once per request, for every operator route.

use super::limits::{client_ip, client_key};
use super::{ApiError, AppState, ClientLang};
use crate::store::accounts::Account;
use crate::store::audit::Actor;
use crate::store::requests::Scope;
use crate::store::{requests, sessions};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use microwork_core::Lang;
use microwork_core::account::ActorKind;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The session cookie's name over https (`__Host-`: Secure, no Domain, Path=/, so no other site or subdomain
/// can set or overwrite it) and over plain http (browsers refuse `__Host-` without Secure).
pub const COOKIE_HTTPS: &str = "__Host-mw_session";
pub const COOKIE_HTTP: &str = "mw_session";

/// How long a one-time link to set a password works.
pub const LINK_HOURS: i64 = 48;

/// 32 random bytes as base64url (43 characters): session ids, link tokens, status secrets.
pub fn random_token() -> Result<String, crate::store::StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| crate::store::StoreError::Random(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Argon2id hashing with a bounded number of hashes at once (each takes ~19 MiB and tens of milliseconds: a
/// flood of logins must not take the machine's memory or every core).
pub struct Passwords {
    params: Params,
    /// A hash of a password nobody has, verified for unknown e-mails so they take as long as known ones.
    dummy: String,
    slots: Semaphore,
}

impl Passwords {
    /// OWASP's Argon2id settings (19 MiB, 2 passes, 1 lane: the crate's defaults).
    pub fn new() -> Passwords {
        Passwords::with_params(Params::default())
    }

    /// Cheaper settings, for tests only.
    pub fn for_tests() -> Passwords {
        Passwords::with_params(Params::new(1024, 1, 1, None).unwrap_or_default())
    }

    fn with_params(params: Params) -> Passwords {
        let mut p = Passwords { params, dummy: String::new(), slots: Semaphore::new(2) };
        p.dummy = p.hash_now("not anyone's password: timing only").unwrap_or_default();
        p
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    fn hash_now(&self, password: &str) -> Option<String> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).ok()?;
        let salt = SaltString::encode_b64(&salt).ok()?;
        self.argon2().hash_password(password.as_bytes(), &salt).ok().map(|h| h.to_string())
    }

    /// The PHC string of `password`, hashed off the async threads.
    pub async fn hash(self: &Arc<Self>, password: String) -> Option<String> {
        let _slot = self.slots.acquire().await.ok()?;
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.hash_now(&password)).await.ok().flatten()
    }

    /// Whether `password` matches `stored` (a PHC string); with `None` the dummy hash is checked and the answer
    /// is always false, in the same time. Also says whether the stored hash uses older settings.
    pub async fn verify(self: &Arc<Self>, password: String, stored: Option<String>) -> (bool, bool) {
        let Ok(_slot) = self.slots.acquire().await else { return (false, false) };
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let real = stored.is_some();
            let hash = stored.unwrap_or_else(|| me.dummy.clone());
            let Ok(parsed) = PasswordHash::new(&hash) else { return (false, false) };
            let ok = me.argon2().verify_password(password.as_bytes(), &parsed).is_ok() && real;
            // Only the costs matter: a PHC string carries no key id and states its output length.
            let outdated = Params::try_from(&parsed)
                .map(|p| (p.m_cost(), p.t_cost(), p.p_cost()) != (me.params.m_cost(), me.params.t_cost(), me.params.p_cost()))
                .unwrap_or(true);
            (ok, ok && outdated)
        })
        .await
        .unwrap_or((false, false))
    }
}

impl Default for Passwords {
    fn default() -> Passwords {
        Passwords::new()
    }
}

/// Failed sign-ins per account: 5 at once, then one more try a minute. (Per address, the operator API's
/// [`super::auth_throttle::AuthThrottle`] counts them too.) An unknown e-mail is counted like a known one.
pub struct LoginThrottle(super::auth_throttle::AuthThrottle<String>);

pub const ACCOUNT_BURST: u32 = 5;
pub const ACCOUNT_PER_MINUTE: u32 = 1;

impl Default for LoginThrottle {
    fn default() -> LoginThrottle {
        LoginThrottle(super::auth_throttle::AuthThrottle::new(ACCOUNT_BURST, ACCOUNT_PER_MINUTE))
    }
}

impl LoginThrottle {
    /// `Some(wait)` if the account has no try left now (checked without using one).
    pub fn wait(&self, account: &str) -> Option<Duration> {
        self.0.wait(account.to_string())
    }

    /// Records a failure; `Some(wait)` if that was one too many.
    pub fn failed(&self, account: &str) -> Option<Duration> {
        self.0.failed(account.to_string())
    }
}

/// Settings of the operators' sign-in.
pub struct Accounts {
    pub passwords: Arc<Passwords>,
    pub throttle: LoginThrottle,
    /// A session ends after this long without a request…
    pub idle: time::Duration,
    /// …and this long after sign-in in any case.
    pub max_age: time::Duration,
    /// `https://microwork.example.it` (scheme, host, port) when `MICROWORK_PUBLIC_URL` is set: the origin
    /// state-changing requests must come from, and (https) the switch to `__Host-` Secure cookies.
    pub public_origin: Option<String>,
}

impl Default for Accounts {
    fn default() -> Accounts {
        Accounts {
            passwords: Arc::new(Passwords::new()),
            throttle: LoginThrottle::default(),
            idle: time::Duration::minutes(60),
            max_age: time::Duration::hours(12),
            public_origin: None,
        }
    }
}

/// `https://host:port` of an absolute http(s) URL (path dropped, host lower-cased); `None` otherwise.
pub fn origin_of_url(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty() && !h.contains('@'))?;
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// Whether this request reached the deployment over https: the public URL says so, or a trusted proxy does
/// (`X-Forwarded-Proto: https` with `MICROWORK_TRUST_FORWARDED_FOR`).
pub fn is_https(state: &AppState, headers: &HeaderMap) -> bool {
    if let Some(origin) = &state.accounts.public_origin {
        return origin.starts_with("https://");
    }
    state.trust_forwarded_for
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The deployment's own origin: the public URL's, else the scheme and `Host` of this request.
pub fn own_origin(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(origin) = &state.accounts.public_origin {
        return Some(origin.clone());
    }
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let scheme = if is_https(state, headers) { "https" } else { "http" };
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The CSRF rule for requests a browser makes with the session cookie (and for sign-in itself): a
/// state-changing request must come from the deployment's own origin. `Origin` present: it must be exactly
/// that origin (`null` never is). Absent (some older browsers, or not a browser): `Sec-Fetch-Site`, if sent,
/// must be `same-origin`; with neither header the request passes, and the cookie's `SameSite=Strict` is the
/// guard (a browser never attaches it to a request started by another site).
pub fn origin_allowed(state: &AppState, method: &Method, headers: &HeaderMap) -> bool {
    if !is_state_changing(method) {
        return true;
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str().unwrap_or("null")) {
        Some(origin) => own_origin(state, headers).is_some_and(|own| own.eq_ignore_ascii_case(origin.trim())),
        None => headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|site| site.eq_ignore_ascii_case("same-origin")),
    }
}

pub fn origin_refused(lang: Lang) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, "origin_refused", "origin_refused").in_lang(lang).into_response()
}

/// The session id from the request's cookie of the right name for its scheme.
pub fn session_cookie(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let name = if is_https(state, headers) { COOKIE_HTTPS } else { COOKIE_HTTP };
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// `Set-Cookie` for a new session (`Some(id)`) or to remove it (`None`). No `Max-Age`: the cookie ends with
/// the browser; the server ends the session anyway at its idle or absolute expiry.
pub fn set_cookie(state: &AppState, headers: &HeaderMap, id: Option<&str>) -> HeaderValue {
    let https = is_https(state, headers);
    let name = if https { COOKIE_HTTPS } else { COOKIE_HTTP };
    let mut c = cookie::Cookie::build((name, id.unwrap_or("").to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(https);
    if id.is_none() {
        c = c.max_age(cookie::time::Duration::ZERO);
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Who is calling an operator route, once authenticated.
#[derive(Debug, Clone)]
pub enum Caller {
    /// The integration token: every desk, like an admin.
    Token,
    Operator { account: Account, session_hash: String, session: sessions::Session },
}

impl Caller {
    pub fn scope(&self) -> Scope {
        match self {
            Caller::Token => Scope::All,
            Caller::Operator { account, .. } if account.admin => Scope::All,
            Caller::Operator { account, .. } => Scope::Desks(account.desks.clone()),
        }
    }

    pub fn is_admin(&self) -> bool {
        match self {
            Caller::Token => true,
            Caller::Operator { account, .. } => account.admin,
        }
    }

    pub fn actor(&self) -> Actor {
        match self {
            Caller::Token => Actor::of(ActorKind::Token),
            Caller::Operator { account, .. } => Actor {
                kind: ActorKind::Operator,
                operator_id: Some(account.id.clone()),
                email: Some(account.email.clone()),
            },
        }
    }

    pub fn operator_id(&self) -> Option<String> {
        match self {
            Caller::Token => None,
            Caller::Operator { account, .. } => Some(account.id.clone()),
        }
    }
}

pub fn unauthorized(lang: Lang) -> Response {
    let mut response = ApiError::for_status(StatusCode::UNAUTHORIZED).in_lang(lang).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// 429 with `Retry-After` (whole seconds, at least 1).
pub fn held_back(wait: Duration, lang: Lang) -> Response {
    let mut response = ApiError::for_status(StatusCode::TOO_MANY_REQUESTS).in_lang(lang).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs_f64().ceil().max(1.0) as u64));
    response
}

/// Sessions are touched at most this often (a write per request would be a write per click).
const TOUCH_EVERY: time::Duration = time::Duration::minutes(1);

/// The operator routes' gate: `Authorization: Bearer <MICROWORK_OPERATOR_TOKEN>` (integrations), or a live
/// session cookie with the [`origin_allowed`] check. Puts the [`Caller`] into the request's extensions.
pub async fn authenticate(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let lang = ClientLang::of(req.headers());
    if req.headers().contains_key(header::AUTHORIZATION) {
        let client = client_key(client_ip(&req, state.trust_forwarded_for));
        // Held back: answered without looking at the token, so a guess made now cannot succeed either.
        if let Some(wait) = state.auth_throttle.wait(client) {
            return held_back(wait, lang);
        }
        let presented = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim);
        return match (&state.operator_token, presented) {
            (Some(token), Some(presented)) if token.verify(presented) => {
                req.extensions_mut().insert(Caller::Token);
                next.run(req).await
            }
            _ => match state.auth_throttle.failed(client) {
                Some(wait) => held_back(wait, lang),
                None => unauthorized(lang),
            },
        };
    }
    let Some(id) = session_cookie(&state, req.headers()) else { return unauthorized(lang) };
    match live_session(&state, &id).await {
        Ok(Some(caller)) => {
            if !origin_allowed(&state, req.method(), req.headers()) {
                return origin_refused(lang);
            }
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Ok(None) => {
            let mut response = unauthorized(lang);
            response.headers_mut().insert(header::SET_COOKIE, set_cookie(&state, req.headers(), None));
            response
        }
        Err(e) => e.in_lang(lang).into_response(),
    }
}

/// The caller behind a session id, if the session is live (not past its idle or absolute end, the account
/// active); an ended session is deleted. Touches the session's last use.
pub async fn live_session(state: &Arc<AppState>, id: &str) -> Result<Option<Caller>, ApiError> {
    let hash = requests::secret_hash(id);
    let found = {
        let hash = hash.clone();
        state.db.read(move |c| sessions::find(c, &hash)).await?
    };
    let Some((session, account)) = found else { return Ok(None) };
    let now = state.clock.now();
    let parse = |s: &str| crate::clock::parse_utc(s);
    let live = account.is_active()
        && parse(&session.expires_at).is_some_and(|end| now < end)
        && parse(&session.last_seen_at).is_some_and(|seen| now < seen + state.accounts.idle);
    if !live {
        let hash = hash.clone();
        state.db.write(move |c| sessions::delete(c, &hash)).await?;
        return Ok(None);
    }
    let mut session = session;
    if parse(&session.last_seen_at).is_none_or(|seen| now - seen >= TOUCH_EVERY) {
        let (h, at) = (hash.clone(), crate::clock::format_utc(now));
        session.last_seen_at = at.clone();
        state.db.write(move |c| sessions::touch(c, &h, &at)).await?;
    }
    Ok(Some(Caller::Operator { account, session_hash: hash, session }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_urls() {
        assert_eq!(origin_of_url("https://MicroWork.example.it/app/").as_deref(), Some("https://microwork.example.it"));
        assert_eq!(origin_of_url("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
        for bad in ["", "microwork.example.it", "ftp://x", "https://", "https://u@x"] {
            assert_eq!(origin_of_url(bad), None, "{bad}");
        }
    }

    #[tokio::test]
    async fn passwords_verify_and_unknown_accounts_never_do() {
        let p = Arc::new(Passwords::for_tests());
        let hash = p.hash("cavallo batteria graffetta".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert_eq!(p.verify("cavallo batteria graffetta".into(), Some(hash.clone())).await, (true, false));
        assert_eq!(p.verify("cavallo batteria".into(), Some(hash.clone())).await.0, false);
        assert_eq!(p.verify("not anyone's password: timing only".into(), None).await.0, false);
        // A hash made with other settings still verifies, and is flagged for rehashing.
        let stronger = Arc::new(Passwords::new());
        assert_eq!(stronger.verify("cavallo batteria graffetta".into(), Some(hash)).await, (true, true));
    }

    #[test]
    fn the_account_throttle_allows_a_burst_then_waits() {
        let t = LoginThrottle::default();
        for _ in 0..ACCOUNT_BURST {
            assert_eq!(t.wait("a@x.it"), None);
            assert_eq!(t.failed("a@x.it"), None);
        }
        assert!(t.failed("a@x.it").is_some(), "one failure too many");
        assert!(t.wait("a@x.it").is_some());
        assert_eq!(t.wait("b@x.it"), None, "other accounts are not held back");
    }
}
