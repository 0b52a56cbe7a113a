//! The built app from `dist/`: precompressed files, the app's `index.html` for its own routes (deep links),
//! long caching for content-hashed files and revalidation for everything else.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

pub fn service(dist: &Path) -> BoxCloneSyncService<Request, Response, Infallible> {
    let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
    let app_route = tower::service_fn(move |req: Request| {
        let index = index.clone();
        async move {
            // A path whose last segment has a dot is a file that does not exist: a real 404, not the app.
            let last = req.uri().path().rsplit('/').next().unwrap_or("");
            if last.contains('.') {
                return Ok::<_, Infallible>((StatusCode::NOT_FOUND, "Not found").into_response());
            }
            Ok(index.oneshot(req).await.map(IntoResponse::into_response).unwrap_or_else(|e| match e {}))
        }
    });
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(app_route);
    BoxCloneSyncService::new(files.map_response(IntoResponse::into_response))
}

/// Trunk names built files `name-<16 hex>.ext` (wasm: `name-<hash>_bg.wasm`); their content never changes.
fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    if path.starts_with("/api/") || !(response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let value = if is_content_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        // index.html, config.json, data files, the service worker: always ask whether they changed.
        "no-cache"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names() {
        assert!(is_content_hashed("/microwork-9f8e7d6c5b4a3921.js"));
        assert!(is_content_hashed("/microwork-9f8e7d6c5b4a3921_bg.wasm"));
        assert!(is_content_hashed("/main-0123456789abcdef.css"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/config.json"));
        assert!(!is_content_hashed("/data/comuni.json"));
        assert!(!is_content_hashed("/vendor/leaflet/leaflet-src.js"));
    }
}
