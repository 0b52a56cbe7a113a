//! The built app from `dist/`: precompressed files, a route's prerendered `route/index.html` or else the app's
//! `index.html` for its own routes (deep links),
//! long caching for content-hashed files and revalidation for everything else.
//!
//! Only what the build put in `dist/` is served: no dotfile, nothing a symlink leads to outside `dist/`, no
//! path longer than [`MAX_PATH_BYTES`], and never a redirect (so never one to `//host`, an open redirect).
//! A file that cannot be read is a 404, quietly: a stranger's odd path must not fill the logs.

use super::{ApiError, ClientLang};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

/// Longer paths get 414: no file of ours has one, and it bounds what the logs and the file system see.
pub const MAX_PATH_BYTES: usize = 1024;
/// A file name longer than this cannot exist on the file systems we run on (ext4, xfs, tmpfs).
const MAX_SEGMENT_BYTES: usize = 255;

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// `%XX` decoded; `None` for anything that is not a plain file path of `dist/`: invalid UTF-8, a NUL or a
/// backslash, `..`, a segment starting with a dot (dotfiles, `.git`, `.env`), or a segment too long to exist.
fn relative_path(uri_path: &str) -> Option<PathBuf> {
    let bytes = uri_path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                decoded.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    let decoded = String::from_utf8(decoded).ok()?;
    let mut path = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0']) || segment.len() > MAX_SEGMENT_BYTES {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// `false` when `file` exists and is, or leads through a symlink to, something outside `dist`.
async fn stays_inside(dist: &Path, file: &Path) -> bool {
    let Ok(real) = tokio::fs::canonicalize(file).await else { return true }; // missing: nothing to leak
    match tokio::fs::canonicalize(dist).await {
        Ok(root) => real.starts_with(root),
        Err(_) => false,
    }
}

pub fn service(dist: &Path) -> BoxCloneSyncService<Request, Response, Infallible> {
    let index = ServeFile::new(dist.join("index.html")).precompressed_br().precompressed_gzip();
    let pages = dist.to_path_buf();
    let app_route = tower::service_fn(move |req: Request| {
        let index = index.clone();
        let pages = pages.clone();
        async move {
            // A path whose last segment has a dot is a file that does not exist: a real 404, not the app.
            let last = req.uri().path().rsplit('/').next().unwrap_or("");
            if last.contains('.') {
                return Ok::<_, Infallible>(not_found());
            }
            // The page's own prerendered first screen if the build made one (`/sportelli` and `/sportelli/` →
            // `sportelli/index.html`, no redirect: that would cost a round trip on every first visit).
            let page = relative_path(req.uri().path()).map(|r| pages.join(r).join("index.html")).filter(|p| p.is_file());
            let served = match page {
                Some(page) => ServeFile::new(page).precompressed_br().precompressed_gzip().oneshot(req).await,
                None => index.oneshot(req).await,
            };
            Ok(served.map(IntoResponse::into_response).unwrap_or_else(|_| not_found()))
        }
    });
    // No directory index and no trailing-slash redirect: a directory is an app route like any other path.
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .redirect_to_trailing_slash(false)
        .fallback(app_route);
    let dist = dist.to_path_buf();
    let service = tower::service_fn(move |req: Request| {
        let mut files = files.clone();
        let dist = dist.clone();
        async move {
            let path = req.uri().path();
            // Any /api/… path no route took: the API's JSON 404, never the app's HTML.
            if path == "/api" || path.starts_with("/api/") {
                let lang = ClientLang::of(req.headers());
                return Ok::<_, Infallible>(ApiError::for_status(StatusCode::NOT_FOUND).in_lang(lang).into_response());
            }
            let Some(relative) = relative_path(path) else { return Ok(not_found()) };
            let file = dist.join(&relative);
            for candidate in [file.clone(), PathBuf::from(format!("{}.br", file.display())), PathBuf::from(format!("{}.gz", file.display()))] {
                if !stays_inside(&dist, &candidate).await {
                    return Ok(not_found());
                }
            }
            let response = match files.try_call(req).await {
                Ok(response) => response.into_response(),
                // ENAMETOOLONG, EACCES, EISDIR…: not a file we serve. No log line: strangers choose these paths.
                Err(_) => not_found(),
            };
            Ok(response)
        }
    });
    BoxCloneSyncService::new(service)
}

/// Paths longer than [`MAX_PATH_BYTES`] get 414 before any route or file lookup sees them.
pub async fn cap_path_length(req: Request, next: Next) -> Response {
    if req.uri().path().len() > MAX_PATH_BYTES {
        return (StatusCode::URI_TOO_LONG, "URI too long").into_response();
    }
    next.run(req).await
}

/// A last guard: no answer of ours ever redirects to another host (`//evil.example`, `/\evil.example`).
pub async fn no_offsite_redirects(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let offsite = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.starts_with("//") || l.starts_with("/\\") || l.contains("://"));
    if offsite { not_found() } else { response }
}

/// `Cache-Control` of content-hashed files (also in `microwork static-headers`' output).
pub const CACHE_HASHED: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of every other file: index.html, config.json, data files, the service worker.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// Trunk names built files `name-<16 hex>.ext` (wasm: `name-<hash>_bg.wasm`); their content never changes.
pub fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut response = next.run(req).await;
    // The API and the operator pages set their own (`no-store`: personal data).
    if path.starts_with("/api/") || path.starts_with("/operatori") || !(response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED) {
        return response;
    }
    // index.html, config.json, data files, the service worker: always ask whether they changed.
    let value = if is_content_hashed(&path) { CACHE_HASHED } else { CACHE_REVALIDATE };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn only_plain_paths_map_to_files() {
        assert_eq!(relative_path("/data/x.json"), Some(PathBuf::from("data/x.json")));
        assert_eq!(relative_path("//data"), Some(PathBuf::from("data")));
        assert_eq!(relative_path("/d%61ta/x.json"), Some(PathBuf::from("data/x.json")));
        for bad in ["/.env", "/data/.hidden", "/%2egit/config", "/../etc/passwd", "/a%2F..%2F..%2Fetc", "/a\\b", "/a%00b", "/%ff"] {
            assert_eq!(relative_path(bad), None, "{bad}");
        }
        assert_eq!(relative_path(&format!("/{}", "a".repeat(256))), None);
        assert!(relative_path(&format!("/{}", "a".repeat(255))).is_some());
    }
}
