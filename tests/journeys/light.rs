//! Light on a phone (issue 12): every page has its own prerendered file whose first screen shows before the
//! app runs; the app arrives in parts (one per group of pages, see crates/build and src/lazy_routes.rs) and
//! takes over the page; a part that fails to download says so, offers "Riprova" and never leaves a blank or
//! frozen page. Runs on the release build in dist/, served by our server.

use microwork_e2e::{Browser, Server, dist_copy};
use std::path::{Path, PathBuf};

/// (address, the page's heading, the group of pages whose part it needs)
const PAGES: &[(&str, &str, &str)] = &[
    ("/autovalutazione", "Quanti anni hai?", "self_check"),
    ("/autovalutazione/riepilogo", "Controlla le tue risposte", "self_check"),
    ("/sportelli", "Sportelli per l'autoimpiego", "sportelli"),
    ("/sportelli/enm-roma-goito", "Sportello microcredito – Comune di Roma", "desk"),
    ("/contatto", "Chiedi a uno sportello di ricontattarti", "contact"),
    ("/privacy", "Informativa sulla privacy", "text"),
    ("/integra", "Integra Micro Work nel tuo sito", "text"),
];

/// Console errors a journey expects: none, except the browser's own line for a download we made fail.
fn unexpected(errors: Vec<String>, allowed: &str) -> Vec<String> {
    errors.into_iter().filter(|e| allowed.is_empty() || !e.contains(allowed)).collect()
}

#[tokio::test]
async fn every_page_paints_from_its_own_file_then_the_app_takes_it_over_with_its_part() {
    let dist = dist_copy();
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::with_size(390, 844).await;
    browser.goto(&server.url("/")).await;
    for &(path, heading, group) in PAGES {
        // The page's own file, straight away (no redirect), with its heading before any script runs.
        let status = browser
            .js(&format!("return fetch('{path}', {{redirect: 'manual'}}).then(async r => [r.status, await r.text()]);"))
            .await;
        assert_eq!(status[0], 200, "{path}: not served as a page");
        let html = status[1].as_str().unwrap_or_default().replace("&#39;", "'");
        assert!(html.contains("class=\"mw-first\"") || html.contains("class=mw-first"), "{path}: no prerendered first screen");
        assert!(html.contains(heading), "{path}: the file does not show `{heading}`");

        browser.goto(&server.url(path)).await;
        browser.wait_for_h1(heading).await;
        browser.wait_until("the static copy to give way to the app", "document.getElementById('boot') === null").await;
        let parts = browser
            .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('split_'));")
            .await;
        let prefix = format!("split_{group}_part_");
        assert!(
            parts.as_array().is_some_and(|p| p.iter().any(|n| n.as_str().is_some_and(|n| n.contains(&prefix)))),
            "{path}: the app did not load its `{group}` part: {parts}"
        );
        // The page named its part for boot.js to fetch early (crates/build's prerender): every wasm file the app
        // loaded besides its main module was among them, and none was downloaded twice.
        let prefetched: Vec<String> = serde_json::from_value(
            browser.js("return (document.querySelector('script[data-prefetch]')?.dataset.prefetch || '').split(' ').filter(Boolean);").await,
        )
        .unwrap_or_default();
        assert!(prefetched.iter().any(|f| f.starts_with(&prefix)), "{path}: its part is not named for early download: {prefetched:?}");
        let downloads: Vec<(String, f64)> = serde_json::from_value(
            browser
                .js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm') && !e.name.includes('_bg.wasm')).map(e => [new URL(e.name).pathname.split('/').pop(), e.transferSize]);")
                .await,
        )
        .unwrap_or_default();
        for (file, _) in &downloads {
            assert!(prefetched.contains(file), "{path}: {file} was loaded but not fetched early ({prefetched:?})");
        }
        for file in &prefetched {
            let times = downloads.iter().filter(|(f, size)| f == file && *size > 0.0).count();
            assert!(times <= 1, "{path}: {file} was downloaded {times} times");
        }
        // boot.js asked for the configuration, the person's texts and the page's data as the page was painted,
        // alongside the main module; the app took each of those answers instead of asking a second time.
        browser.wait_until("the app to read every file boot.js asked for", "Object.keys(window.mwEarly || {}).length === 0").await;
        let data = data_files(&browser).await;
        for file in &data {
            assert_eq!(data.iter().filter(|f| *f == file).count(), 1, "{path}: {file} downloaded twice: {data:?}");
        }
        // The data texts in Italian only (crates/build's languages.rs): the English copies are not downloaded.
        assert!(!data.iter().any(|f| f.ends_with(".en.json")), "{path}: {data:?}");
        if group == "self_check" {
            assert!(data.iter().any(|f| f == "/data/questionnaire.it.json"), "{path}: {data:?}");
        }
        let first: Vec<String> = serde_json::from_value(
            browser
                .js("return performance.getEntriesByType('resource').map(e => new URL(e.name)).filter(u => u.pathname === '/config.json' || u.pathname.startsWith('/locales/')).map(u => u.pathname + u.search);")
                .await,
        )
        .unwrap_or_default();
        // The self-check reads the first part of the texts; the other pages both, in one file (`it.all.json`).
        assert_eq!(first.len(), 2, "{path}: the configuration and the texts, each asked for once: {first:?}");
        let texts = if group == "self_check" { "/locales/it.json?v=" } else { "/locales/it.all.json?v=" };
        assert!(first.iter().any(|u| u.starts_with(texts)), "{path}: {first:?}");
        browser.assert_accessible().await;
        assert_eq!(browser.console_errors().await, Vec::<String>::new(), "{path}: console errors");
    }
    // In English, the English copy of the questions, asked for by boot.js and read by the app.
    browser.goto(&server.url("/autovalutazione/status?lang=en")).await;
    browser.wait_until("the question in English", "document.getElementById('boot') === null && document.querySelector('main h1')?.textContent.includes('work')").await;
    browser.wait_until("the app to read every file boot.js asked for", "Object.keys(window.mwEarly || {}).length === 0").await;
    let data = data_files(&browser).await;
    assert!(data.iter().any(|f| f == "/data/questionnaire.en.json"), "{data:?}");
    assert!(!data.iter().any(|f| f.ends_with(".it.json")), "{data:?}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.goto(&server.url("/?lang=it")).await;
    browser.wait_until("Italian again", "document.documentElement.lang === 'it'").await;

    // Inside a group, the next page needs nothing more: the self-check's question after question.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    let before = browser.js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length;").await;
    browser.fill("#age", "30").await;
    browser.click_link_or_button("Continua").await;
    browser.wait_until("the second question", "document.querySelector('main h1') && document.querySelector('main h1').textContent.trim() !== 'Quanti anni hai?'").await;
    let after = browser.js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length;").await;
    assert_eq!(before, after, "a question of the same group downloaded more of the app");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// The data files a page has downloaded so far (paths under `/data/`).
async fn data_files(browser: &Browser) -> Vec<String> {
    let v = browser
        .js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/data/'));")
        .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// The locator and the contact form open without the comuni (79 KB compressed) or the rules (instruments.json,
/// 32 KB): the map names its towns from a small file; the comuni come when the person goes to the place field,
/// the measures' names (a small file, not the rules) when they open the filters; a desk's page names its measures
/// from that file too; on a phone, Leaflet when the map is opened.
#[tokio::test]
async fn the_locator_and_the_contact_form_download_the_comuni_and_the_rules_only_when_used() {
    let dist = dist_copy();
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::with_size(1280, 900).await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.wait_until("town names on the map", "document.querySelectorAll('#desk-map .mw-town').length >= 3").await;
    let files = data_files(&browser).await;
    assert!(files.iter().any(|f| f == "/data/towns.json"), "{files:?}");
    assert!(!files.iter().any(|f| f == "/data/comuni.json" || f.starts_with("/data/instruments.")), "{files:?}");

    // The filters: the measures to choose from arrive when they are opened.
    browser.click(".mw-filters > summary").await;
    browser.wait_until("the measures in the filter", "document.querySelectorAll('#strumento option').length > 1").await;
    let files = data_files(&browser).await;
    assert!(files.iter().any(|f| f == "/data/measures.json"), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("/data/instruments.")), "the names alone, not the whole rulebook: {files:?}");

    // The place field: a search works as before, the comuni downloaded for it.
    browser.fill("#luogo", "Latin").await;
    browser.wait_until("Latina among the suggestions", "[...document.querySelectorAll('#luogo-listbox li')].some(li => li.textContent.includes('Latina'))").await;
    assert!(data_files(&browser).await.iter().any(|f| f == "/data/comuni.json"));
    assert_eq!(browser.console_errors().await, Vec::<String>::new());

    // A desk's page names the measures it helps with from the same small file.
    browser.goto(&server.url("/sportelli/enm-roma-goito")).await;
    browser.wait_until("the desk's measures", "document.querySelectorAll('h2 + ul.mw-list:not(.mw-list--links):not(.mw-sources) li').length > 0").await;
    let files = data_files(&browser).await;
    assert!(files.iter().any(|f| f == "/data/measures.json"), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("/data/instruments.") || f == "/data/comuni.json"), "{files:?}");

    // The contact form, with nothing answered: neither file.
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the list of desks", "document.querySelectorAll('#desk_id option').length > 1").await;
    let files = data_files(&browser).await;
    assert!(!files.iter().any(|f| f == "/data/comuni.json" || f.starts_with("/data/instruments.")), "{files:?}");
    browser.assert_accessible().await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new());

    // On a phone the map is behind "Mostra la mappa": Leaflet and the region shapes come when it is asked for.
    browser.set_viewport(390, 844).await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.wait_until("the static copy to give way to the app", "document.getElementById('boot') === null").await;
    let leaflet = "performance.getEntriesByType('resource').some(e => e.name.includes('/vendor/leaflet/'))";
    assert_eq!(browser.js(&format!("return {leaflet};")).await, false, "Leaflet downloaded for a map nobody asked to see");
    assert!(!data_files(&browser).await.iter().any(|f| f == "/data/regioni.geojson"));
    browser.click(".mw-locator__toggle button").await;
    browser.wait_until("town names on the map", "document.querySelectorAll('#desk-map .mw-town').length >= 3").await;
    assert_eq!(browser.js(&format!("return {leaflet};")).await, true);
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// The files of one group's own part of the app (`split_<group>_part_*.wasm` and its compressed copies).
fn group_part(dist: &Path, group: &str) -> Vec<PathBuf> {
    let prefix = format!("split_{group}_part_");
    let found: Vec<PathBuf> = std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.contains(".wasm")))
        .collect();
    assert!(!found.is_empty(), "no {prefix}*.wasm in {}: is the app split by page group?", dist.display());
    found
}

#[tokio::test]
async fn a_part_that_fails_to_download_says_so_and_opens_when_tried_again() {
    let dist = dist_copy();
    let aside = tempfile::tempdir().unwrap();
    // The server loses the contact pages' part (as a dropped connection or a half-finished deploy would).
    let part = group_part(dist.path(), "contact");
    for file in &part {
        std::fs::rename(file, aside.path().join(file.file_name().unwrap())).unwrap();
    }
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;

    browser.click_link("Fatti ricontattare").await;
    let notice = browser.wait_for(".mw-chunk-failed").await.text().await.unwrap();
    assert!(notice.contains("Questa pagina non si è caricata"), "{notice}");
    assert_eq!(browser.js("return document.querySelector('.mw-chunk-failed').getAttribute('role')").await, "alert");
    browser.assert_accessible().await;
    // Only the browser's own line about the missing file: no panic, no other error.
    assert_eq!(unexpected(browser.console_errors().await, "split_contact_part_"), Vec::<String>::new());

    // The app still works: another page opens.
    browser.click_link("Autovalutazione").await;
    browser.wait_for_h1("Quanti anni hai?").await;

    // The part is back (the connection returned): "Riprova" loads it, and the page opens.
    for file in &part {
        std::fs::rename(aside.path().join(file.file_name().unwrap()), file).unwrap();
    }
    browser.click_link_or_button("Riprova").await;
    browser.wait_until("the notice to go", "document.querySelector('.mw-chunk-failed') === null").await;
    browser.click_link("Fatti ricontattare").await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.assert_accessible().await;
    assert_eq!(unexpected(browser.console_errors().await, "split_contact_part_"), Vec::<String>::new());
    browser.close().await;
}

/// The second part of the texts (`locales/it.more.json`) fails as a part of the app does: the same notice, and
/// "Riprova" opens the page once the file is back.
#[tokio::test]
async fn the_texts_of_a_page_that_fail_to_download_say_so_and_open_when_tried_again() {
    let dist = dist_copy();
    let aside = tempfile::tempdir().unwrap();
    // With its precompressed copies, which the server would send instead.
    let files: Vec<String> = ["", ".br", ".gz"].iter().map(|ext| format!("it.more.json{ext}")).collect();
    let locales = dist.path().join("locales");
    for f in &files {
        if locales.join(f).exists() {
            std::fs::rename(locales.join(f), aside.path().join(f)).unwrap();
        }
    }
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;

    browser.click_link("Sportelli").await;
    let notice = browser.wait_for(".mw-chunk-failed").await.text().await.unwrap();
    assert!(notice.contains("Questa pagina non si è caricata"), "{notice}");
    assert_eq!(browser.js("return document.querySelector('main h1').textContent.trim()").await, "Quanti anni hai?", "the page stays");
    browser.assert_accessible().await;
    assert_eq!(unexpected(browser.console_errors().await, "it.more.json"), Vec::<String>::new());

    for f in &files {
        if aside.path().join(f).exists() {
            std::fs::rename(aside.path().join(f), locales.join(f)).unwrap();
        }
    }
    browser.click_link_or_button("Riprova").await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.wait_until("the notice to go", "document.querySelector('.mw-chunk-failed') === null").await;
    let lead = browser.js("return document.querySelector('main .mw-lead')?.textContent.trim() || ''").await;
    assert!(!lead.as_str().unwrap_or_default().is_empty(), "the page's texts are there");
    browser.assert_accessible().await;
    assert_eq!(unexpected(browser.console_errors().await, "it.more.json"), Vec::<String>::new());
    browser.close().await;
}

/// The service worker's first install downloads the whole app (about a megabyte): it waits until the app has
/// taken the page over, so that on a slow connection it never takes bandwidth from the app's own start. Held back
/// here by a page part that arrives broken (present, so the worker could install): the page's `load` has long
/// passed, and still no worker; on a page the app does take over, the worker comes.
#[tokio::test]
async fn the_service_worker_waits_until_the_app_has_taken_the_page_over() {
    let dist = dist_copy();
    for file in group_part(dist.path(), "self_check") {
        if file.extension().is_some_and(|e| e == "wasm") {
            std::fs::write(&file, b"not a wasm module").unwrap();
        } else {
            std::fs::remove_file(&file).unwrap(); // its compressed copies: the server sends the broken file
        }
    }
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/autovalutazione/riepilogo")).await;
    browser.wait_for(".mw-chunk-failed").await;
    browser.wait_until("the page's load event", "document.readyState === 'complete'").await;
    // boot.js registers the worker two seconds after the app has shown its page: wait longer than that.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let registered = "return navigator.serviceWorker.getRegistration().then(r => r !== undefined);";
    assert_eq!(browser.js(registered).await, false, "a worker installing while the app has not started");

    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.wait_until("the static copy to give way to the app", "document.getElementById('boot') === null").await;
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    assert_eq!(unexpected(browser.console_errors().await, "split_self_check_part_"), Vec::<String>::new());
    browser.close().await;
}

/// Every route after one visit with the server stopped: each group's part of the app (content-hashed, precached
/// by the service worker with the prerendered pages) comes from the worker's cache, and the app takes each page
/// over. (everywhere.rs covers the self-check's answers and results offline; this covers every group.)
#[tokio::test]
async fn after_one_visit_every_route_opens_with_the_server_stopped() {
    const SHARE: &str = "#r=v1&age=28&gender=F&region=15&status=disoccupato&unemp_months=ge12&gol=no&naspi=no&purpose=nuova_attivita&stage=idea&form=ditta_individuale&employees=e0&amount=30000&sector=servizi&same_ateco=no";
    let dist = dist_copy();
    let mut server = Server::start_with(dist.path(), &[]).await;
    // At phone size; console errors checked below (the stopped server's refused requests are expected).
    let browser = Browser::with_size(360, 640).await;
    browser.goto(&server.url("/integra")).await;
    browser.wait_for_h1("Integra Micro Work nel tuo sito").await;
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    // Installed = every file precached (the worker activates only after its precache succeeded).
    server.kill().await;

    let mut pages: Vec<(String, &str)> = PAGES.iter().map(|&(path, heading, _)| (path.to_string(), heading)).collect();
    pages.extend([
        ("/autovalutazione/status".to_string(), "Qual è la tua condizione lavorativa oggi?"),
        (format!("/risultati{SHARE}"), "Risultati da un link condiviso"),
        ("/informazioni".to_string(), "Chi siamo e fonti dei dati"),
        ("/guida".to_string(), "Guida al microcredito"),
        ("/guida/domande".to_string(), "Domande frequenti"),
    ]);
    for (path, heading) in &pages {
        browser.goto(&server.url(path)).await;
        browser.wait_for_h1(heading).await;
        browser.wait_until("the app to take the page over", "document.getElementById('boot') === null").await;
        assert!(browser.js("return document.querySelector('.mw-chunk-failed') === null").await.as_bool().unwrap(), "{path}: a part did not load offline");
    }
    assert_eq!(unexpected(browser.console_errors().await, "net::ERR_"), Vec::<String>::new());
    browser.close().await;
}
