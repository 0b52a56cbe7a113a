//! Odd paths: nothing outside what the build put in `dist/` is served, nothing redirects, unknown API paths
//! are JSON, and a stranger's long path neither errors nor lands in the logs.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_with_or_without_a_trailing_slash() {
    let f = fixture();
    for path in ["/api/", "/api", "/api//", "/api/v1/", "/api/v2/anything", "/api/v1/operator/", "/api/%2e%2e/index.html"] {
        let (status, headers, body) = send(&f.app, get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "{path}");
        assert_eq!(json_body(&body)["errors"][0]["code"], "not_found", "{path}");
    }
}

#[tokio::test]
async fn nothing_ever_redirects_least_of_all_to_another_host() {
    let f = fixture();
    for path in ["//data", "/data", "//data/", "///data", "//evil.example", "//evil.example/%2e%2e", "/data/"] {
        let (status, headers, _) = send(&f.app, get(path)).await;
        assert!(!status.is_redirection(), "{path}: {status}");
        assert!(!headers.contains_key(header::LOCATION), "{path}");
    }
    let (status, _, body) = send(&f.app, get("//data/x.json")).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"[1,2,3]"[..]), "doubled slashes still find the file");
}

#[tokio::test]
async fn the_icon_browsers_ask_for_by_themselves_is_an_empty_answer_not_an_error() {
    let f = fixture();
    let (status, _, body) = send(&f.app, get("/favicon.ico")).await;
    assert_eq!((status, body.len()), (StatusCode::NO_CONTENT, 0));
}

#[tokio::test]
async fn dotfiles_and_symlinks_out_of_dist_are_not_served() {
    let f = fixture();
    let dist = f.dir.path().join("dist");
    std::fs::write(dist.join(".env"), "SECRET=1").unwrap();
    std::fs::create_dir_all(dist.join(".git")).unwrap();
    std::fs::write(dist.join(".git/config"), "[core]").unwrap();
    std::fs::write(dist.join("data/.hidden.json"), "{}").unwrap();
    let outside = f.dir.path().join("outside.txt");
    std::fs::write(&outside, "private").unwrap();
    std::os::unix::fs::symlink(&outside, dist.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(f.dir.path(), dist.join("up")).unwrap();
    std::os::unix::fs::symlink(dist.join("data/x.json"), dist.join("alias.json")).unwrap();
    for path in ["/.env", "/.git/config", "/data/.hidden.json", "/%2eenv", "/leak.txt", "/up/outside.txt", "/up/var/test.db"] {
        let (status, _, body) = send(&f.app, get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("SECRET") && !text.contains("private") && !text.contains("[core]"), "{path}");
    }
    let (status, _, body) = send(&f.app, get("/alias.json")).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"[1,2,3]"[..]), "a symlink inside dist is fine");
}

#[tokio::test]
async fn long_paths_are_refused_without_errors() {
    let f = fixture();
    let segment = format!("/{}", "a".repeat(300));
    let (status, _, _) = send(&f.app, get(&segment)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a name no file system has");
    let (status, _, _) = send(&f.app, get(&format!("{segment}.js"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&f.app, get(&format!("/{}", "b/".repeat(600)))).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    let (status, headers, _) = send(&f.app, get(&format!("/api/{}", "c".repeat(2000)))).await;
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"), "the API answers JSON even then");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_long_path_leaves_no_error_and_no_path_in_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let dist = common::process::dist(dir.path());
    let spawn = common::process::Spawn { log: "info,tower_http=debug", capture_stderr: true, ..Default::default() };
    let mut server = common::process::spawn(&dir.path().join("var/log.db"), &dist, &[], spawn).await;
    let client = common::process::client();
    let long = "q".repeat(300);
    for path in [format!("/{long}"), format!("/{long}.css"), format!("/x/{}", "z".repeat(1500))] {
        let uri: hyper::Uri = format!("{}{path}", server.base).parse().unwrap();
        let response = client.get(uri).await.unwrap();
        assert!(response.status().is_client_error(), "{path}: {}", response.status());
    }
    server.child.start_kill().unwrap();
    let _ = server.child.wait().await;
    let logs = server.stderr().await;
    assert!(!logs.contains("ERROR"), "{logs}");
    assert!(!logs.contains(&"q".repeat(150)), "a long path was logged in full");
    assert!(logs.contains("/qqq"), "the path's start is logged: {logs}");
}

#[tokio::test]
async fn a_route_with_a_prerendered_page_gets_it_without_a_redirect_other_routes_the_app() {
    let f = fixture();
    let dist = f.dir.path().join("dist");
    std::fs::create_dir_all(dist.join("sportelli/enm-roma")).unwrap();
    std::fs::write(dist.join("sportelli/index.html"), "<h1>Sportelli</h1>").unwrap();
    std::fs::write(dist.join("sportelli/index.html.br"), microwork_server::assets::brotli(b"<h1>Sportelli</h1>")).unwrap();
    std::fs::write(dist.join("sportelli/enm-roma/index.html"), "<h1>ENM Roma</h1>").unwrap();
    for path in ["/sportelli", "/sportelli/", "//sportelli"] {
        let (status, headers, body) = send(&f.app, get(path)).await;
        assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"<h1>Sportelli</h1>"[..]), "{path}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"), "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
    let (_, _, body) = send(&f.app, get("/sportelli/enm-roma")).await;
    assert_eq!(body, b"<h1>ENM Roma</h1>");
    // Precompressed like every other file.
    let request = Request::get("/sportelli").header(header::ACCEPT_ENCODING, "br").body(Body::empty()).unwrap();
    let (status, headers, _) = send(&f.app, request).await;
    assert_eq!((status, &headers[header::CONTENT_ENCODING]), (StatusCode::OK, &"br".parse::<header::HeaderValue>().unwrap()));
    // A route the build did not prerender (a sent request's confirmation) still gets the app's shell.
    let (status, _, body) = send(&f.app, get("/contatto/inviata/ABC")).await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"<!doctype html><title>app</title>"[..]));
}
