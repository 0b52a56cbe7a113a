//! `dist/` on plain static hosting (issue 18): the configurations in `deploy/` (nginx as the README recommends,
//! a "bare" nginx that does what a host without rewrite rules or header settings does, Caddy), the API on
//! another origin, and no API at all. The main journeys run again here: self-check to results, locator, a desk's
//! page, contact with its status link and outbox, every page loaded straight from the static host too.
//! Browsers are phones (360×640) that fail on any console error; every page is audited with axe-core.

use microwork_e2e::{Browser, Deploy, HttpAnswer, Server, StaticServer, dist_copy_with_config, free_port, http_get};
use serde_json::{Value, json};

const PERSONA: &str = r#"{"age":28,"gender":"F","region":"15","status":"disoccupato","unemp_months":"ge12","gol":"no","naspi":"no","purpose":"nuova_attivita","stage":"idea","form":"ditta_individuale","employees":"e0","amount":30000,"sector":"servizi","same_ateco":"no"}"#;

const SELF_CHECK: &str = "Quanti anni hai?";
const LOCATOR: &str = "Sportelli per l'autoimpiego";
const CONTACT: &str = "Chiedi a uno sportello di ricontattarti";
const LATINA: &str = "Sportello microcredito – Comune di Latina";

/// config.json for a static host whose API is `api` (`None`: no API, requests go by e-mail).
fn config(api: Option<&str>) -> String {
    let (api_base, endpoint) = match api {
        Some(api) => (json!(format!("{api}/api/v1")), json!(format!("{api}/api/v1/contact-requests"))),
        None => (json!("/api/v1"), Value::Null),
    };
    json!({"api_base": api_base, "contact_endpoint": endpoint, "privacy_email": "privacy@example.org", "tile_server": null})
        .to_string()
}

/// The API on its own origin, allowing the static host's origin `http://127.0.0.1:{host_port}`.
async fn api_for(host_port: u16) -> Server {
    let origin = format!("http://127.0.0.1:{host_port}");
    Server::start_with(&microwork_e2e::dist_dir(), &["--allowed-origins", &origin]).await
}

/// The start page, then the self-check from its plain link (a full page load from the static host) to the
/// results.
async fn self_check_to_results(browser: &Browser, host: &StaticServer) {
    browser.goto(&host.url("/")).await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    browser.assert_accessible().await;
    browser.click_link("Inizia l'autovalutazione").await;
    browser.wait_for_h1(SELF_CHECK).await;
    browser.assert_accessible().await;
    let persona: Value = serde_json::from_str(PERSONA).unwrap();
    browser.answer_self_check(&persona).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    browser.click_link("Vedi i risultati").await;
    browser.wait_for_h1("I tuoi risultati").await;
    let outcomes = browser.outcomes().await;
    assert!(outcomes.contains(&("resto_al_sud_2".to_string(), "eligible".to_string())), "{outcomes:?}");
    browser.assert_accessible().await;
}

/// `locator_and_deep_links` visits two addresses that are no page: the host answers 404, which Chrome may log.
const NOT_FOUND_LOGGED: &str = "/non-esiste - Failed to load resource: the server responded with a status of 404";

/// The locator loaded straight from the static host, a search, a desk's page; then that desk's page and a
/// question's page loaded straight from the host too (deep links).
async fn locator_and_deep_links(browser: &Browser, host: &StaticServer) {
    browser.goto(&host.url("/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    browser.fill("#luogo", "latina").await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.unwrap();
    browser.wait_until("the results for Latina", "document.getElementById('results-heading')?.textContent.includes('Latina (LT)')").await;
    browser.assert_accessible().await;
    browser.click("#desk-enm-latina h3 a").await;
    browser.wait_for_h1(LATINA).await;
    browser.assert_accessible().await;

    for (path, heading) in [("/sportelli/enm-latina", LATINA), ("/autovalutazione/age", SELF_CHECK), ("/contatto", CONTACT)] {
        browser.goto(&host.url(path)).await;
        browser.wait_for_h1(heading).await;
        browser.assert_accessible().await;
    }
    // A path that is nothing: the app's own "page not found", from the host's 404.html.
    browser.goto(&host.url("/sportelli/non-esiste")).await;
    browser.wait_for_h1("Sportello non trovato").await;
    browser.goto(&host.url("/non-esiste")).await;
    browser.wait_for_h1("Pagina non trovata").await;
    browser.assert_accessible().await;
}

#[tokio::test]
async fn on_a_bare_static_host_the_self_check_the_locator_and_deep_links_work() {
    let port = free_port();
    let api = api_for(port).await;
    let dist = dist_copy_with_config(&config(Some(&api.base)));
    let host = StaticServer::start_on(port, dist.path(), Deploy::NginxBare).await;
    let mut browser = Browser::phone().await;
    browser.allow_console_errors(&[NOT_FOUND_LOGGED]);
    self_check_to_results(&browser, &host).await;
    locator_and_deep_links(&browser, &host).await;
    browser.close().await;
}

/// A request sent from a desk's page to the API on its own origin; returns the reference and status link.
async fn send_request(browser: &Browser, host: &StaticServer, name: &str) -> (String, String) {
    browser.goto(&host.url("/sportelli/enm-latina")).await;
    browser.wait_for_h1(LATINA).await;
    browser.click_link("Chiedi a questo sportello di ricontattarti").await;
    browser.wait_for_h1(CONTACT).await;
    browser.wait_until("the desk to be chosen", "document.getElementById('desk_id').value === 'enm-latina'").await;
    browser.fill("#name", name).await;
    browser.fill("#phone", "333 123 4567").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    browser.assert_accessible().await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let link = browser.wait_for("#status-link").await.attr("href").await.unwrap().expect("a status link");
    assert!(link.starts_with(&format!("/richiesta/{reference}#")), "{link}");
    (reference, link)
}

/// On the recommended nginx site (its CSP must let the app reach the API's origin) and on the bare one.
async fn contact_with_the_api_on_another_origin(deploy: Deploy) {
    let port = free_port();
    let mut api = api_for(port).await;
    let dist = dist_copy_with_config(&config(Some(&api.base)));
    let host = StaticServer::start_on(port, dist.path(), deploy).await;
    let browser = Browser::phone().await;

    let (reference, link) = send_request(&browser, &host, "Giulia Esposito").await;
    let desk: String =
        api.db().query_row("SELECT desk_id FROM contact_requests WHERE reference = ?1", [&reference], |r| r.get(0)).unwrap();
    assert_eq!(desk, "enm-latina");

    // The private status link, opened as a person would from their notes: a page the host does not have (its
    // 404.html app shell), asking the API on the other origin with the secret.
    browser.goto(&host.url(&link)).await;
    browser.wait_for_h1("Stato della tua richiesta").await;
    browser.wait_for_text("#current-status", "Ricevuta", 15).await;
    browser.assert_accessible().await;

    // With the API down the next request waits in the outbox, and goes once the API is back.
    browser.goto(&host.url("/contatto?sportello=enm-latina")).await;
    browser.wait_for_h1(CONTACT).await;
    browser.wait_until("the desk to be chosen", "document.getElementById('desk_id').value === 'enm-latina'").await;
    api.kill().await;
    browser.fill("#name", "Anna Verdi").await;
    browser.fill("#phone", "+39 06 1234 5678").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta salvata: la invieremo appena possibile").await;
    browser.assert_accessible().await;
    api.restart(&["--allowed-origins", &host.base]).await;
    // Retried on its timer; the person is then told, with the new reference.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
    let second = loop {
        let second: Option<String> = api
            .db()
            .query_row("SELECT reference FROM contact_requests WHERE reference <> ?1", [&reference], |r| r.get(0))
            .ok();
        if let Some(second) = second {
            break second;
        }
        assert!(std::time::Instant::now() < deadline, "the waiting request did not arrive within 40 s");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    browser.wait_for_text("main, .mw-update__text", &second, 15).await;
    let n: i64 = api.db().query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2, "both requests arrived, once each ({reference}, {second})");
    // Allowed: the failed attempts (the browser's own "connection refused" lines) and, when the status link was
    // opened before the service worker took over, Chromium's note that the host answered it with its 404.html
    // shell (status 404, by design on a host without rewrite rules). Nothing else may appear.
    let errors = browser.console_errors().await;
    let status_page = host.url(&link);
    assert!(
        errors.iter().all(|e| (e.contains("/api/v1/contact-requests") && e.contains("ERR_CONNECTION_REFUSED"))
            || (e.starts_with(&status_page) && e.contains("status of 404"))),
        "{errors:?}"
    );
    browser.close().await;
}

#[tokio::test]
async fn on_the_recommended_nginx_site_a_request_reaches_the_api_on_another_origin_and_its_status_link_works() {
    contact_with_the_api_on_another_origin(Deploy::Nginx).await;
}

#[tokio::test]
async fn on_a_bare_static_host_a_request_reaches_the_api_on_another_origin_and_its_status_link_works() {
    contact_with_the_api_on_another_origin(Deploy::NginxBare).await;
}

#[tokio::test]
async fn with_no_api_at_all_everything_works_and_the_contact_page_offers_an_email() {
    let dist = dist_copy_with_config(&config(None));
    let host = StaticServer::start(dist.path(), Deploy::NginxBare).await;
    let mut browser = Browser::phone().await;
    browser.allow_console_errors(&[NOT_FOUND_LOGGED]);
    self_check_to_results(&browser, &host).await;
    locator_and_deep_links(&browser, &host).await;
    browser.goto(&host.url("/sportelli/enm-latina")).await;
    browser.wait_for_h1(LATINA).await;
    browser.click_link("Chiedi a questo sportello di ricontattarti").await;
    browser.wait_for_h1(CONTACT).await;
    let notice = browser.wait_for(".mw-panel--notice").await.text().await.unwrap();
    assert!(notice.contains("invio diretto non è attivo"), "{notice}");
    browser.fill("#name", "Sara").await;
    let href = browser.js("return document.querySelector('a.mw-button[href^=\"mailto:\"]').getAttribute('href')").await;
    assert!(href.as_str().unwrap_or_default().starts_with("mailto:"), "{href}");
    assert_eq!(browser.js("return document.querySelector('form.mw-form button[type=submit]')").await, Value::Null, "no send button");
    browser.assert_accessible().await;
    // Nothing the app did asked a server for anything but files.
    let api_calls = browser.js("return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/')).length").await;
    assert_eq!(api_calls, json!(0));
    browser.close().await;
}

fn assert_cache(answer: &HttpAnswer, path: &str, expected: &str) {
    assert_eq!(answer.status, 200, "{path}");
    assert_eq!(answer.header("cache-control"), Some(expected), "Cache-Control of {path}");
}

/// A hashed file of the build (the app's wasm), e.g. `/microwork-0123456789abcdef_bg.wasm`.
fn a_hashed_wasm(dist: &std::path::Path) -> String {
    std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm") && n.contains('-'))
        .map(|n| format!("/{n}"))
        .expect("a hashed .wasm in dist/")
}

/// What a static host must answer, whatever serves it: the server's own headers on pages (also the 404 shell),
/// caching by name, precompressed copies, route pages without a redirect, and 404 with the app's shell for
/// the rest.
async fn serves_like_microwork_serve(host: &StaticServer, server: &Server, dist: &std::path::Path, encoding: &str) {
    let ours = http_get(&server.base, "/", &[]).await;
    let theirs = http_get(&host.base, "/", &[]).await;
    for name in ["content-security-policy", "x-content-type-options", "referrer-policy"] {
        assert!(ours.header(name).is_some(), "microwork serve sends {name}");
        assert_eq!(theirs.header(name), ours.header(name), "{name} on the static host");
    }
    assert!(theirs.header("content-security-policy").unwrap_or_default().contains("frame-ancestors 'self'"));
    assert_cache(&theirs, "/", "no-cache");
    for path in ["/index.html", "/config.json", "/sw.js", "/data/sportelli.json"] {
        assert_cache(&http_get(&host.base, path, &[]).await, path, "no-cache");
    }
    let wasm = a_hashed_wasm(dist);
    let answer = http_get(&host.base, &wasm, &[]).await;
    assert_cache(&answer, &wasm, "public, max-age=31536000, immutable");
    assert_eq!(answer.header("content-type"), Some("application/wasm"));
    let packed = http_get(&host.base, "/index.html", &[("accept-encoding", encoding)]).await;
    assert_eq!(packed.header("content-encoding"), Some(encoding), "index.html sent as its .{encoding} copy");

    // Every page a link reaches is a file, with or without the slash, and no redirect.
    for path in ["/autovalutazione", "/autovalutazione/", "/autovalutazione/age", "/sportelli/enm-latina", "/contatto/"] {
        let answer = http_get(&host.base, path, &[]).await;
        assert_eq!(answer.status, 200, "{path}");
        assert!(answer.text().contains("<h1"), "{path} has its first screen");
        assert!(answer.header("content-security-policy").is_some(), "{path} has the CSP");
    }
    // The rest: 404 with the app's shell (which routes on the client), with the CSP.
    let shell = std::fs::read_to_string(dist.join("404.html")).expect("dist/404.html");
    let answer = http_get(&host.base, "/richiesta/MW-7K3Q-9PXD", &[]).await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.text(), shell);
    assert!(answer.header("content-security-policy").is_some(), "the shell has the CSP");
}

#[tokio::test]
async fn the_recommended_nginx_site_sends_what_microwork_serve_sends() {
    let dist = microwork_e2e::dist_copy();
    let server = Server::start_with(dist.path(), &[]).await;
    let host = StaticServer::start(dist.path(), Deploy::Nginx).await;
    // nginx as Debian ships it has gzip_static but no brotli_static module: gzip it is.
    serves_like_microwork_serve(&host, &server, dist.path(), "gzip").await;
    // The same headers in _headers (Netlify, Cloudflare Pages), written by the same command from the same source.
    let headers = std::fs::read_to_string(dist.path().join("_headers")).expect("static-headers wrote _headers");
    let csp = http_get(&server.base, "/", &[]).await.header("content-security-policy").unwrap().to_string();
    assert!(headers.contains(&format!("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: same-origin\n  Content-Security-Policy: {csp}\n")), "{headers}");
    assert!(headers.contains(&format!("\n{}\n  Cache-Control: public, max-age=31536000, immutable\n", a_hashed_wasm(dist.path()))), "{headers}");
}

#[tokio::test]
async fn the_readme_caddyfile_is_valid_and_serves_what_microwork_serve_sends() {
    let dist = microwork_e2e::dist_copy();
    let server = Server::start_with(dist.path(), &[]).await;
    let host = StaticServer::start(dist.path(), Deploy::Caddy).await;
    let validate = std::process::Command::new("caddy")
        .args(["validate", "--adapter", "caddyfile", "--config"])
        .arg(host.conf_dir().join("Caddyfile"))
        .env("MICROWORK_SITE", &host.base)
        .env("MICROWORK_DIST", dist.path())
        .env("HOME", host.conf_dir())
        .output()
        .expect("run caddy validate");
    assert!(validate.status.success(), "caddy validate: {}", String::from_utf8_lossy(&validate.stderr));
    // Caddy sends the brotli copies too.
    serves_like_microwork_serve(&host, &server, dist.path(), "br").await;
}

#[tokio::test]
async fn a_bare_host_redirects_to_the_slash_and_the_app_takes_it_from_there() {
    let dist = dist_copy_with_config(&config(None));
    let host = StaticServer::start(dist.path(), Deploy::NginxBare).await;
    let answer = http_get(&host.base, "/sportelli", &[]).await;
    assert_eq!(answer.status, 301, "what GitHub Pages-like hosts do with a directory");
    assert!(answer.header("content-security-policy").is_none(), "a bare host sends no CSP: see the README");
    let browser = Browser::phone().await;
    browser.goto(&host.url("/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    browser.assert_accessible().await;
    // A question's page at its slashed address: answered, the next question follows.
    browser.goto(&host.url("/autovalutazione/age")).await;
    browser.wait_for_h1(SELF_CHECK).await;
    browser.fill("#age", "28").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_path("the next question", |p| p.starts_with("/autovalutazione/") && !p.contains("age")).await;
    browser.wait_for("form.mw-form button[type=submit]").await;
    browser.assert_accessible().await;
    browser.close().await;
}

#[test]
fn the_readme_quotes_the_deploy_files_the_tests_run() {
    let readme = std::fs::read_to_string(microwork_e2e::root().join("README.md")).unwrap();
    for file in ["deploy/nginx/microwork.conf", "deploy/Caddyfile"] {
        let text = std::fs::read_to_string(microwork_e2e::root().join(file)).unwrap();
        assert!(readme.contains(&text), "README.md's Deploy section must quote {file} as it is");
    }
    assert!(readme.contains("deploy/nginx/bare.conf"));
}

/// Runs `microwork <args>` and fails with its output if it fails.
fn microwork(args: &[&std::ffi::OsStr]) {
    let out = std::process::Command::new(microwork_e2e::server_bin()).args(args).output().expect("run microwork");
    assert!(out.status.success(), "microwork {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn under_a_sub_path_the_app_its_worker_manifest_and_embed_work_and_work_offline_after_one_visit() {
    // A partner publishes the static-only app at http://host/microwork/ on a bare host.
    let www = tempfile::tempdir().unwrap();
    let dist = www.path().join("microwork");
    microwork_e2e::copy_dist_into(&dist);
    for name in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dist.join(name));
    }
    std::fs::write(dist.join("config.json"), config(None)).unwrap();
    microwork(&["public-url".as_ref(), dist.as_os_str(), "/microwork/".as_ref()]);
    let host = StaticServer::start_under(www.path(), "/microwork/").await;
    assert_eq!(http_get(&host.base, "/sportelli", &[]).await.status, 404, "nothing outside the sub-path");

    let browser = Browser::phone().await;
    browser.goto(&host.url("/microwork/")).await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    assert!(!browser.loaded_wasm().await, "the start page is still plain HTML under a sub-path");
    browser.assert_accessible().await;
    browser.click_link("Inizia l'autovalutazione").await;
    browser.wait_for_h1(SELF_CHECK).await;
    browser.assert_accessible().await;
    browser.fill("#age", "28").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_path("the next question", |p| p.starts_with("/microwork/autovalutazione/") && !p.ends_with("/age") && !p.ends_with("/age/")).await;

    // The service worker is the sub-path's, and so is the manifest.
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    let scope = browser.js("return navigator.serviceWorker.getRegistration().then(r => r.scope)").await;
    assert_eq!(scope, json!(host.url("/microwork/")));
    let manifest = browser
        .js("const l = document.querySelector('link[rel=manifest]'); return fetch(l.href).then(r => r.json()).then(m => [l.href, new URL(m.start_url, l.href).href, new URL(m.scope, l.href).href, new URL(m.icons[0].src, l.href).href]);")
        .await;
    assert_eq!(
        manifest,
        json!([host.url("/microwork/manifest.webmanifest"), host.url("/microwork/"), host.url("/microwork/"), host.url("/microwork/icons/icon-192.png")])
    );

    // The locator from the app's own links, a desk, straight from the host.
    browser.goto(&host.url("/microwork/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    browser.fill("#luogo", "latina").await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.unwrap();
    browser.click("#desk-enm-latina h3 a").await;
    browser.wait_for_h1(LATINA).await;
    assert_eq!(browser.path().await, "/microwork/sportelli/enm-latina");
    browser.assert_accessible().await;
    browser.click_link("Chiedi a questo sportello di ricontattarti").await;
    browser.wait_for_h1(CONTACT).await;
    assert!(browser.path().await.starts_with("/microwork/contatto"), "{}", browser.path().await);
    browser.assert_no_console_errors().await;

    // Offline after that one visit: the host is gone, every page still opens (from the worker's precache).
    let origin = host.base.clone();
    drop(host);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for (path, heading) in [
        ("/microwork/sportelli/enm-latina", LATINA),
        // The person answered a question earlier: the self-check offers to resume.
        ("/microwork/autovalutazione", "Riprendi l'autovalutazione"),
        ("/microwork/sportelli", LOCATOR),
        ("/microwork/richiesta/MW-7K3Q-9PXD", "Stato della tua richiesta"),
    ] {
        browser.goto(&format!("{origin}{path}")).await;
        browser.wait_for_h1(heading).await;
    }
    browser.goto(&format!("{origin}/microwork/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    browser.fill("#luogo", "latina").await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    // Offline, only failed network attempts (the worker's update check) may show in the console.
    let errors = browser.console_errors().await;
    assert!(errors.iter().all(|e| e.contains("ERR_CONNECTION_REFUSED") || e.contains("Failed to update a ServiceWorker")), "{errors:?}");
    browser.close().await;
}

#[tokio::test]
async fn under_a_sub_path_embed_js_frames_the_sub_paths_pages() {
    let www = tempfile::tempdir().unwrap();
    let dist = www.path().join("microwork");
    microwork_e2e::copy_dist_into(&dist);
    std::fs::write(dist.join("config.json"), config(None)).unwrap();
    for name in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dist.join(name));
    }
    microwork(&["public-url".as_ref(), dist.as_os_str(), "/microwork/".as_ref()]);
    let host = StaticServer::start_under(www.path(), "/microwork/").await;
    let partner = microwork_e2e::StaticHost::start().await;
    partner.set_html(format!(
        r#"<!doctype html><html lang="it"><head><title>Comune</title></head><body><main><h1>Comune di prova</h1>
<script src="{}/microwork/embed.js" data-partner="comune-prova" data-page="/sportelli" async></script>
<script src="{}/microwork/embed.js" data-partner="comune-prova" async></script></main></body></html>"#,
        host.base, host.base
    ));
    let browser = Browser::new().await;
    browser.goto(&partner.base).await;
    browser.wait_until("two frames", "document.querySelectorAll('iframe.microwork-embed').length === 2").await;
    let srcs = browser.js("return [...document.querySelectorAll('iframe.microwork-embed')].map(f => f.src.split('?')[0])").await;
    assert_eq!(srcs, json!([host.url("/microwork/sportelli"), host.url("/microwork/")]));
    // The app in the frame runs and reports its height to the page (embed.js sizes the frame).
    browser.wait_until("the app sized its frame", "document.querySelector('iframe.microwork-embed').style.height !== '640px'").await;
    browser.close().await;
}
