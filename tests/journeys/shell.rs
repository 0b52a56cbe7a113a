//! The app shell: pages render, links reach every route, deep links reload, 404, config errors, and a contact
//! request sent from the page lands in the database. Every page is audited with axe-core.

use microwork_e2e::{Browser, Server, dist_copy};

const START_IT: &str = "Vuoi avviare un'attività? Scopri quali aiuti fanno per te";
const START_EN: &str = "Starting a business? Find out which support fits you";

#[tokio::test]
async fn the_start_page_is_plain_html_in_the_persons_language_without_the_app() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1(START_IT).await;
    assert_eq!(browser.js("return document.documentElement.lang").await, "it");
    assert_eq!(browser.client.title().await.unwrap(), "Microcredito e incentivi per l'autoimpiego – Micro Work");
    browser.assert_accessible().await;

    // English without any app code: the language button switches the page and is remembered.
    browser.click("button[data-set-lang=en]").await;
    browser.wait_for_h1(START_EN).await;
    assert_eq!(browser.js("return document.documentElement.lang").await, "en");
    assert_eq!(browser.client.title().await.unwrap(), "Microcredit and self-employment incentives – Micro Work");
    browser.assert_accessible().await;
    assert!(!browser.loaded_wasm().await, "the start page must not download the app");

    browser.client.refresh().await.unwrap();
    browser.wait_for_h1(START_EN).await;
    browser.goto(&server.url("/?lang=it")).await;
    browser.wait_for_h1(START_IT).await;
    browser.close().await;
}

#[tokio::test]
async fn the_accessibility_audit_catches_a_violation() {
    // The audit itself must be able to fail: an unlabelled field is a WCAG 2.1 A violation.
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.js("document.querySelector('main').appendChild(document.createElement('input')); return null;").await;
    let violations = browser.axe_violations().await;
    assert!(violations.as_array().unwrap().iter().any(|v| v["id"] == "label"), "{violations:#}");
    browser.close().await;
}

#[tokio::test]
async fn every_route_is_reached_through_links_with_focus_on_its_heading() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1(START_IT).await;
    // From the static start page into the app (a full page load): the app starts and takes over.
    browser.click_link("Inizia l'autovalutazione").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    assert!(browser.loaded_wasm().await);
    assert_eq!(browser.js("return document.getElementById('boot') === null").await, true);

    // (link text, path, h1, title): navigation inside the app moves focus to the new page's heading.
    let stops = [
        ("Sportelli", "/sportelli", "Sportelli per l'autoimpiego", "Sportelli per l'autoimpiego – Micro Work"),
        ("Fatti ricontattare", "/contatto", "Chiedi a uno sportello di ricontattarti", "Chiedi a uno sportello di ricontattarti – Micro Work"),
        ("Privacy", "/privacy", "Informativa sulla privacy", "Informativa sulla privacy – Micro Work"),
        ("Chi siamo e fonti dei dati", "/informazioni", "Chi siamo e fonti dei dati", "Chi siamo e fonti dei dati – Micro Work"),
        ("Per i siti partner", "/integra", "Integra Micro Work nel tuo sito", "Integra Micro Work nel tuo sito – Micro Work"),
        ("Autovalutazione", "/autovalutazione/age", "Quanti anni hai?", "Quanti anni hai? – Micro Work"),
    ];
    for (link, path, h1, title) in stops {
        browser.click_link(link).await;
        browser.wait_for_h1(h1).await;
        assert!(browser.url().await.ends_with(path), "{link} led to {}", browser.url().await);
        browser.wait_until(&format!("focus on the heading of {path}"), "document.activeElement && document.activeElement.tagName === 'H1'").await;
        assert_eq!(browser.client.title().await.unwrap(), title);
        browser.assert_accessible().await;
    }
    // The results page is reached from the self-check; it exists and says what it is.
    browser.goto(&server.url("/risultati")).await;
    browser.wait_for_h1("I tuoi risultati").await;
    browser.assert_accessible().await;
    // Back to the start through the site name, inside the app this time.
    browser.click(".mw-header__brand").await;
    browser.wait_for_h1(START_IT).await;
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn a_deep_link_reloads_to_the_same_page() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/informazioni")).await;
    browser.wait_for_h1("Chi siamo e fonti dei dati").await;
    let attribution = browser.wait_for("#attribution").await.text().await.unwrap();
    assert!(browser.loaded_wasm().await);
    assert!(attribution.contains("openpolis") && attribution.contains("Garda Informatica"), "{attribution}");
    browser.client.refresh().await.unwrap();
    browser.wait_for_h1("Chi siamo e fonti dei dati").await;
    browser.close().await;
}

#[tokio::test]
async fn the_skip_link_takes_the_focus_to_the_page_and_its_links_still_work() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.wait_until("the app to take over", "document.getElementById('boot') === null").await;
    // The skip link, as a keyboard user takes it: the page's main content has the focus, the next Tab goes on
    // from there, and the app is still the same page.
    browser.wait_for(".mw-skip-link").await.send_keys("\u{E007}").await.unwrap();
    browser.wait_until("focus on the main content", "document.activeElement && document.activeElement.id === 'main'").await;
    assert!(browser.url().await.ends_with("/sportelli#main"), "{}", browser.url().await);
    // The app still follows links (no reload: the same document).
    browser.js("window.__sameDocument = true; return null").await;
    browser.click_link("Fatti ricontattare").await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    assert_eq!(browser.js("return window.__sameDocument === true").await, true);
    browser.client.back().await.unwrap();
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_address_shows_the_not_found_page() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/questa-pagina-non-esiste")).await;
    browser.wait_for_h1("Pagina non trovata").await;
    assert_eq!(browser.client.title().await.unwrap(), "Pagina non trovata – Micro Work");
    browser.assert_accessible().await;
    browser.click_link("Torna all'inizio").await;
    browser.wait_for_h1(START_IT).await;
    browser.close().await;
}

#[tokio::test]
async fn a_contact_request_sent_from_the_page_is_in_the_database() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;

    // Sending the empty form lists the problems and moves focus to the summary.
    browser.click("button[type=submit]").await;
    let summary = browser.wait_for(".mw-error-summary").await;
    let text = summary.text().await.unwrap();
    assert!(text.contains("Inserisci il tuo nome"), "{text}");
    assert!(text.contains("Inserisci un indirizzo e-mail o un numero di telefono"), "{text}");
    browser.wait_until("focus on the error summary", "document.activeElement.classList.contains('mw-error-summary')").await;
    browser.assert_accessible().await;

    browser.fill("#name", "Maria Rossi").await;
    browser.fill("#email", "maria.rossi@example.it").await;
    browser.fill("#message", "Vorrei aprire un laboratorio di sartoria.").await;
    browser.click("#consent_privacy").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    assert!(reference.starts_with("MW-") && reference.len() == 12, "{reference}");
    browser.assert_accessible().await;

    let (name, email, message, status): (String, String, String, String) = server
        .db()
        .query_row(
            "SELECT name, email, message, status FROM contact_requests WHERE reference = ?1",
            [&reference],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("the request is stored under its reference");
    assert_eq!(
        (name.as_str(), email.as_str(), message.as_str(), status.as_str()),
        ("Maria Rossi", "maria.rossi@example.it", "Vorrei aprire un laboratorio di sartoria.", "new")
    );
    browser.close().await;
}


/// A copy of dist/ whose config.json is replaced (None: removed), without its precompressed copies.
fn dist_with_config(config: Option<&str>) -> tempfile::TempDir {
    let dir = dist_copy();
    for name in ["config.json", "config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dir.path().join(name));
    }
    if let Some(text) = config {
        std::fs::write(dir.path().join("config.json"), text).unwrap();
    }
    dir
}

#[tokio::test]
async fn a_missing_or_malformed_config_shows_a_clear_error_page() {
    for (config, detail) in [
        (None, "/config.json: the server answered 404"),
        (Some("{\"api_base\": \"/api/v1\""), "config.json is not valid"),
        (Some("{\"api_base\": \"/api/v1\", \"contact_endpoint\": null}"), "missing field `privacy_email`"),
    ] {
        let dist = dist_with_config(config);
        let server = Server::start_with(dist.path(), &[]).await;
        let mut browser = Browser::new().await;
        // The missing file is what this journey is about.
        browser.allow_console_errors(&["config.json - Failed to load resource: the server responded with a status of 404"]);
        browser.goto(&server.url("/contatto")).await;
        browser.wait_for_h1("Il servizio non è disponibile al momento").await;
        let technical = browser.wait_for(".mw-technical").await.text().await.unwrap();
        assert!(technical.contains(detail), "expected `{detail}` in `{technical}`");
        browser.assert_accessible().await;
        browser.close().await;
    }
}
