//! Response headers that protect people using the app: a strict Content-Security-Policy (only our own code
//! runs; only partner sites in the configuration may frame the app), computed once at start. The same list is
//! what `microwork static-headers` writes for static hosts (crate::static_host): one source for both.

use axum::http::{HeaderName, HeaderValue, header};
use microwork_core::config::AppConfig;
use std::path::Path;

/// `scheme://host[:port]` of an absolute http(s) URL, or `None` for a path.
fn origin_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").map(|r| ("https", r)).or_else(|| url.strip_prefix("http://").map(|r| ("http", r)))?;
    let host = rest.1.split(['/', '?', '#']).next().filter(|h| !h.is_empty() && !h.contains('{'))?;
    Some(format!("{}://{host}", rest.0))
}

/// Every header `microwork serve` sets on every answer, in the order it sets them: `(name, value)`.
pub fn site_headers(dist: &Path, frame_ancestors: &[HeaderValue]) -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (HeaderName::from_static("x-content-type-options"), HeaderValue::from_static("nosniff")),
        (HeaderName::from_static("referrer-policy"), HeaderValue::from_static("same-origin")),
        (header::CONTENT_SECURITY_POLICY, content_security_policy(dist, frame_ancestors)),
    ]
}

/// The policy for this deployment: `config.json` in `dist` names the API and tile servers the app talks to.
pub fn content_security_policy(dist: &Path, frame_ancestors: &[HeaderValue]) -> HeaderValue {
    let config = std::fs::read_to_string(dist.join("config.json")).ok().and_then(|t| AppConfig::parse(&t).ok());
    let mut connect = vec!["'self'".to_string()];
    let mut img = vec!["'self'".to_string(), "data:".to_string()];
    if let Some(c) = &config {
        connect.extend([Some(c.api_base.as_str()), c.contact_endpoint.as_deref()].into_iter().flatten().filter_map(origin_of));
        if let Some(tiles) = &c.tile_server {
            // Tile URLs may use {s} subdomains: allow the host with any subdomain then.
            let url = tiles.url.replace("{s}.", "*.");
            img.extend(origin_of(&url.replace("*.", "x.")).map(|o| o.replace("://x.", "://*.")));
        }
    }
    connect.dedup();
    let ancestors: Vec<String> = std::iter::once("'self'".to_string())
        .chain(frame_ancestors.iter().filter_map(|o| o.to_str().ok()).map(str::to_string))
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src {}; connect-src {}; \
         font-src 'self'; manifest-src 'self'; worker-src 'self'; frame-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors {}",
        img.join(" "),
        connect.join(" "),
        ancestors.join(" ")
    );
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'self'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_partners_tiles_and_an_external_api() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"api_base": "https://api.example.it/api/v1", "contact_endpoint": "/api/v1/contact-requests",
                "privacy_email": "p@example.it",
                "tile_server": {"url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png", "attribution": "© OSM"}}"#,
        )
        .unwrap();
        let csp = content_security_policy(dir.path(), &[HeaderValue::from_static("https://www.comune.example.it")]);
        let csp = csp.to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'self' https://www.comune.example.it"), "{csp}");
        assert!(csp.contains("connect-src 'self' https://api.example.it;"), "{csp}");
        assert!(csp.contains("img-src 'self' data: https://*.tiles.example.org;"), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{csp}");
    }

    #[test]
    fn without_partners_only_the_app_itself_may_frame_it() {
        let dir = tempfile::tempdir().unwrap();
        let csp = content_security_policy(dir.path(), &[]);
        assert!(csp.to_str().unwrap().ends_with("frame-ancestors 'self'"));
    }
}
