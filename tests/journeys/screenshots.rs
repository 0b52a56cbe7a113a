//! `make screenshots`: what a person sees on a 360 px phone, page by page, as PNG files (the first screen, and
//! the whole page) in `screenshots/` (git-ignored), so that anyone can look without a phone. Not a test of
//! anything (it is `#[ignore]`d, so `make test` skips it); `make screenshots` runs it with `--ignored`.
//!
//! Each language's results page comes last (`15-results-<lang>`).
//!
//! Environment: `SCREENSHOTS_DIR` (default `screenshots/` at the repository root), plus the harness's own.

use microwork_e2e::{Browser, Server, root};
use serde_json::json;
use std::path::{Path, PathBuf};

const WIDTH: u32 = 360;
const HEIGHT: u32 = 640;

fn out_dir() -> PathBuf {
    std::env::var_os("SCREENSHOTS_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("screenshots"))
}

/// The first screen as the person sees it (or, with `here`, the screen where they are now), then the whole page
/// (the window made as tall as the page).
async fn shoot_at(browser: &Browser, dir: &Path, name: &str, here: bool) {
    // Let fonts, the map and late data settle; there is no event that says "done drawing".
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    if !here {
        browser.js("window.scrollTo(0, 0); return null;").await;
    }
    let first = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), first).expect("write screenshot");
    let height = browser.js("return Math.ceil(document.documentElement.scrollHeight);").await.as_u64().unwrap_or(HEIGHT as u64);
    browser.set_viewport(WIDTH, (height as u32).clamp(HEIGHT, 8000)).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let full = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}-full.png")), full).expect("write screenshot");
    browser.set_viewport(WIDTH, HEIGHT).await;
    println!("{}", dir.join(format!("{name}.png")).display());
}

async fn shoot(browser: &Browser, dir: &Path, name: &str) {
    shoot_at(browser, dir, name, false).await;
}

#[tokio::test]
#[ignore = "produces screenshots; run with `make screenshots`"]
async fn screenshots_at_360_pixels() {
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("create the screenshots folder");
    let server = Server::start().await;
    // Browser::with_size sets the window; the page's viewport is what matters, so set it exactly.
    let browser = Browser::with_size_and_args(WIDTH, HEIGHT, &["--hide-scrollbars"]).await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    assert_eq!(browser.js("return [window.innerWidth, window.innerHeight];").await, json!([WIDTH, HEIGHT]));
    shoot(&browser, &dir, "01-start").await;

    browser.click_link("Inizia l'autovalutazione").await;
    browser.wait_for_h1("Quanti anni hai?").await;
    shoot(&browser, &dir, "02-self-check-first-question").await;
    let persona = json!({"age": 28, "gender": "F", "region": "15", "status": "disoccupato", "unemp_months": "ge12",
        "gol": "no", "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale",
        "employees": "e0", "amount": 30000, "sector": "servizi", "same_ateco": "no"});
    browser.answer_self_check(&persona).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    shoot(&browser, &dir, "03-self-check-answers").await;
    browser.click_link("Vedi i risultati").await;
    browser.wait_for_h1("I tuoi risultati").await;
    shoot(&browser, &dir, "04-results").await;

    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    shoot(&browser, &dir, "05-locator-before-search").await;
    browser.click(".mw-locator__toggle button").await;
    browser.wait_until("map markers", "document.querySelectorAll('#desk-map .leaflet-marker-icon').length > 0").await;
    shoot_at(&browser, &dir, "06-locator-map-before-search", true).await;
    browser.click(".mw-locator__toggle button").await;
    browser.fill("#luogo", "Roma").await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.expect("Enter");
    browser.wait_until("results", "document.getElementById('results-heading')?.textContent.includes('Roma')").await;
    shoot(&browser, &dir, "07-locator-after-search").await;
    browser.click("ol.mw-desks li.mw-desk button").await;
    browser.wait_until("the chosen desk on the map", "document.querySelector('#desk-map .leaflet-popup') !== null").await;
    shoot_at(&browser, &dir, "08-locator-desk-on-map", true).await;
    browser.fill("#luogo", "xyz").await;
    browser.wait_for("#no-match").await;
    shoot(&browser, &dir, "09-locator-nothing-found").await;

    browser.goto(&server.url("/sportelli/enm-roma-goito")).await;
    browser.wait_for_h1("Sportello microcredito – Comune di Roma").await;
    shoot(&browser, &dir, "10-desk").await;

    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desks", "document.getElementById('desk_id').value !== ''").await;
    shoot(&browser, &dir, "11-contact").await;
    let unconfirmed = browser
        .js("const o = [...document.querySelectorAll('#desk_id option')].find(o => o.value === 'enm-misterbianco'); return o ? o.value : null;")
        .await;
    if unconfirmed.is_string() {
        browser.goto(&server.url("/contatto?sportello=enm-misterbianco")).await;
        browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
        browser.wait_for("#desk-caution").await;
        shoot(&browser, &dir, "12-contact-unconfirmed-desk").await;
    }
    browser.fill("#name", "Giulia Esposito").await;
    browser.fill("#phone", "333 123 4567").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    shoot(&browser, &dir, "13-contact-sent").await;

    browser.goto(&server.url("/integra")).await;
    browser.wait_for_h1("Integra Micro Work nel tuo sito").await;
    shoot(&browser, &dir, "14-integrate").await;

    // The same person's results in each of the other languages (the answers stay on the device): right to left
    // in Arabic, Chinese line breaking, long Ukrainian and Albanian words. Headings from the languages' files.
    for lang in ["ro", "ar", "sq", "uk", "zh", "fr"] {
        let file = root().join(format!("locales/{lang}.json"));
        let texts: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read a locale file")).expect("a locale file's JSON");
        browser.goto(&server.url(&format!("/risultati?lang={lang}"))).await;
        browser.wait_for_h1(texts["titles"]["results"].as_str().expect("titles.results")).await;
        browser.wait_for("article.mw-outcome").await;
        shoot(&browser, &dir, &format!("15-results-{lang}")).await;
    }
    browser.close().await;
    println!("screenshots in {}", dir.display());
}
