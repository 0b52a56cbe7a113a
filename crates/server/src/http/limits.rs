//! Who may call the public API and how often: CORS for partner sites, a rate limit per client address.

use super::ApiError;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use governor::middleware::NoOpMiddleware;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

#[derive(Debug, thiserror::Error)]
pub enum OriginError {
    #[error("MICROWORK_ALLOWED_ORIGINS: `{0}` is not an origin like https://partner.example or http://localhost:8081")]
    Invalid(String),
}

/// `https://partner.example, http://localhost:8081` → exact origins (scheme, host, optional port; no path).
pub fn parse_origins(list: &[String]) -> Result<Vec<HeaderValue>, OriginError> {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|origin| {
            let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
            let ok = host.is_some_and(|h| {
                !h.is_empty() && !h.contains(['/', '?', '#', '*', ' ', '@']) && !h.ends_with(':')
            });
            if !ok {
                return Err(OriginError::Invalid(origin.to_string()));
            }
            HeaderValue::from_str(origin).map_err(|_| OriginError::Invalid(origin.to_string()))
        })
        .collect()
}

/// Browsers on the listed origins may post contact requests and use the person's status routes (the app may
/// be hosted on a partner's or a static host's origin); every other origin gets no CORS headers at all
/// (same-origin requests from the app itself need none). No credentials: the status secret is a bearer
/// header, never a cookie. Preflights are answered here, before the rate limit.
pub fn cors(origins: &[HeaderValue]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600))
}

/// tower-http answers a preflight from any origin with its allowed methods and headers, leaving out only
/// `Access-Control-Allow-Origin`. Browsers refuse such an answer anyway; this removes the rest too, so an
/// origin that is not on the list learns nothing about the API.
pub async fn strip_cors_for_unknown_origins(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(req).await;
    if !response.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        let names: Vec<_> =
            response.headers().keys().filter(|n| n.as_str().starts_with("access-control-")).cloned().collect();
        for name in names {
            response.headers_mut().remove(name);
        }
    }
    response
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Sustained requests per minute per client address.
    pub per_minute: u32,
    /// Requests a client may make at once before the sustained rate applies.
    pub burst: u32,
    /// Behind a reverse proxy: take the client address from the last `X-Forwarded-For` entry (the one the
    /// proxy added) instead of the peer address, which would be the proxy's for everyone.
    pub trust_forwarded_for: bool,
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit { per_minute: 20, burst: 5, trust_forwarded_for: false }
    }
}

/// The rate-limit key: the client's IP address; IPv6 by /64, the block one household or phone usually gets.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    trust_forwarded_for: bool,
}

/// The address a client's requests count against: IPv6 by /64 (the block one household or phone usually
/// gets), IPv4-mapped IPv6 as IPv4.
pub fn client_key(ip: IpAddr) -> IpAddr {
    ClientIp::key(ip)
}

/// The client's address: the peer's, or behind a trusted proxy the last `X-Forwarded-For` entry (the one the
/// proxy added). No peer address happens only in-process (tests): one shared address rather than a 500.
pub fn client_ip<T>(req: &Request<T>, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| req.headers().get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    forwarded.or(peer).unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

impl ClientIp {
    fn key(ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let s = v6.segments();
                    IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
                }
            },
            v4 => v4,
        }
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        Ok(Self::key(client_ip(req, self.trust_forwarded_for)))
    }
}

pub type RateLimitLayer = GovernorLayer<ClientIp, NoOpMiddleware, Body>;

/// `per_minute` requests a minute per client, after a burst of `burst`. Governor's quota is "one more request
/// every `period`", so the period is a minute divided by the rate (not `per_second(n)`, an interval).
pub fn rate_limit(limit: &RateLimit) -> Option<RateLimitLayer> {
    if limit.per_minute == 0 {
        return None;
    }
    let period = Duration::from_nanos((60_000_000_000u64 / u64::from(limit.per_minute)).max(1));
    let config = GovernorConfigBuilder::default()
        .key_extractor(ClientIp { trust_forwarded_for: limit.trust_forwarded_for })
        .period(period)
        .burst_size(limit.burst.max(1))
        .finish()?;
    let limiter = config.limiter().clone();
    // Forget clients whose bucket is full again, so memory stays bounded by recent traffic. Weak: the task
    // ends when the router (and its limiter) is dropped.
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let weak = std::sync::Arc::downgrade(&limiter);
        runtime.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = weak.upgrade() else { break };
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        });
    }
    Some(GovernorLayer::new(config).error_handler(too_many_requests))
}

/// 429 in the API's JSON shape, with `Retry-After` in whole seconds (at least 1).
fn too_many_requests(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut response = ApiError::for_status(StatusCode::TOO_MANY_REQUESTS).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_time.max(1)));
            response
        }
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_must_be_exact() {
        let ok = parse_origins(&["https://partner.example".into(), " http://localhost:8081 ".into(), "".into()]).unwrap();
        assert_eq!(ok, ["https://partner.example", "http://localhost:8081"]);
        for bad in ["*", "partner.example", "https://partner.example/", "https://*.example", "https://", "ftp://x"] {
            assert!(parse_origins(&[bad.to_string()]).is_err(), "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_block() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientIp::key(a), ClientIp::key(b));
        assert_ne!(ClientIp::key(a), ClientIp::key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(ClientIp::key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn forwarded_for_is_used_only_when_trusted_and_only_its_last_entry() {
        let req = Request::builder()
            .header("x-forwarded-for", "6.6.6.6, 203.0.113.9")
            .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))))
            .body(())
            .unwrap();
        let trusted = ClientIp { trust_forwarded_for: true }.extract(&req).unwrap();
        assert_eq!(trusted, "203.0.113.9".parse::<IpAddr>().unwrap(), "the proxy's entry, not the client's claim");
        let direct = ClientIp { trust_forwarded_for: false }.extract(&req).unwrap();
        assert_eq!(direct, "127.0.0.1".parse::<IpAddr>().unwrap());
    }
}
