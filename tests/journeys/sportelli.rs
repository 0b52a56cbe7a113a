//! The help desk locator: search by comune, CAP and position (mocked, and denied for real), keyboard use,
//! the map's own region boundaries without any tile server, a desk's page, and axe on each.

use microwork_e2e::{Browser, Server};

/// The ids of the listed desks, nearest first.
async fn listed(browser: &Browser) -> Vec<String> {
    browser.wait_for("ol.mw-desks li.mw-desk").await;
    let v = browser.js("return [...document.querySelectorAll('ol.mw-desks li.mw-desk')].map(li => li.id.replace('desk-', ''));").await;
    serde_json::from_value(v).unwrap()
}

async fn search(browser: &Browser, text: &str) {
    browser.fill("#luogo", text).await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.unwrap(); // Enter picks the first suggestion
}

#[tokio::test]
async fn typing_latina_lists_the_latina_desk_first() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.assert_accessible().await;
    search(&browser, "latina").await;
    browser.wait_until("the results for Latina", "document.getElementById('results-heading')?.textContent.includes('Latina (LT)')").await;
    assert_eq!(listed(&browser).await[0], "enm-latina");
    assert!(browser.url().await.contains("comune=059011"), "the search is in the address: {}", browser.url().await);
    // The online desk is always offered.
    browser.wait_for("#desk-enm-online").await;
    // The map draws the 20 regions we ship, with no tile server configured, and one marker or cluster at least.
    browser.wait_until("the region boundaries", "document.querySelectorAll('.mw-map .leaflet-overlay-pane path').length >= 20").await;
    browser.wait_until("markers", "document.querySelectorAll('.mw-map .leaflet-marker-icon').length > 0").await;
    assert_eq!(browser.js("return document.querySelectorAll('.mw-map .leaflet-tile').length").await, 0);
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn a_cap_lists_the_roma_desk_first_and_an_unknown_city_cap_falls_back() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    search(&browser, "00184").await;
    browser.wait_until("the results for Rome", "document.getElementById('results-heading')?.textContent.includes('Roma (RM)')").await;
    assert_eq!(listed(&browser).await[0], "enm-roma-goito");

    browser.fill("#luogo", "00100").await;
    let note = browser.wait_for(".mw-combobox .mw-hint[aria-live]").await;
    browser.wait_until("the fallback note", "document.querySelector('.mw-combobox .mw-hint[aria-live]').textContent.includes('00100')").await;
    assert!(note.text().await.unwrap().contains("00100"));
    browser.close().await;
}

#[tokio::test]
async fn a_position_near_agrigento_lists_an_agrigento_area_desk_first() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    // Mock the browser's geolocation: a point in the Valle dei Templi.
    browser
        .js("navigator.geolocation.getCurrentPosition = (ok) => setTimeout(() => ok({coords: {latitude: 37.2905, longitude: 13.5875}}), 10); return null;")
        .await;
    browser.click_link_or_button("Usa la mia posizione").await;
    browser.wait_until("the results near the position", "document.getElementById('results-heading')?.textContent.includes('posizione')").await;
    let first = listed(&browser).await[0].clone();
    assert!(first.starts_with("enm-lcc-agrigento"), "{first}");
    browser.close().await;
}

#[tokio::test]
async fn denied_geolocation_says_so() {
    let server = Server::start().await;
    let browser = Browser::with_geolocation_blocked().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    browser.click_link_or_button("Usa la mia posizione").await;
    let message = browser.wait_for("#position-error").await.text().await.unwrap();
    assert!(message.contains("Non hai dato il permesso"), "{message}");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn the_list_works_with_the_keyboard_alone() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1("Sportelli per l'autoimpiego").await;
    // Type, arrow down to the first suggestion, Enter.
    let input = browser.wait_for("#luogo").await;
    input.send_keys("Bozen").await.unwrap();
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    input.send_keys("\u{E015}").await.unwrap(); // ArrowDown
    assert_eq!(browser.js("return document.getElementById('luogo').getAttribute('aria-activedescendant')").await, "luogo-option-0");
    input.send_keys("\u{E007}").await.unwrap(); // Enter
    browser.wait_until("results for Bolzano", "document.getElementById('results-heading')?.textContent.includes('Bolzano')").await;
    // Tab to the first desk's "show on the map" button and press Enter: the desk is selected, list and map agree.
    let desks = listed(&browser).await;
    browser.js("document.querySelector('ol.mw-desks li.mw-desk button').focus(); return null;").await;
    browser.client.active_element().await.unwrap().send_keys("\u{E007}").await.unwrap();
    browser
        .wait_until("the desk to be selected", &format!("document.getElementById('desk-{}').classList.contains('mw-desk--selected')", desks[0]))
        .await;
    assert_eq!(browser.js("return document.querySelector('ol.mw-desks li.mw-desk button').getAttribute('aria-pressed')").await, "true");
    browser.wait_until("the marker to be highlighted", "document.querySelector('.mw-marker--selected') !== null").await;
    // Markers can be reached with the keyboard too.
    assert_eq!(browser.js("return document.querySelector('.mw-map .leaflet-marker-icon').getAttribute('tabindex')").await, "0");
    browser.close().await;
}

#[tokio::test]
async fn a_desks_page_has_what_a_person_needs_to_reach_it() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli/enm-roma-goito")).await;
    browser.wait_for_h1("Sportello microcredito – Comune di Roma").await;
    assert_eq!(browser.js("return document.querySelector('a[href^=\"tel:\"]').getAttribute('href')").await, "tel:060606");
    let open = browser.wait_for(".mw-desk__open").await.text().await.unwrap();
    assert!(open.contains("Aperto ora") || open.contains("Apre"), "{open}");
    assert!(browser.js("return !!document.querySelector('a[href^=\"https://www.openstreetmap.org/directions?to=41.893\"]')").await == true);
    // "Segnala un errore" is a small form to the desk's queue when the server is there (issue 19; the prefilled
    // e-mail stays for static deployments and when sending fails).
    assert_eq!(browser.js("return document.querySelector('form.mw-desk-report input[name=problem]')?.type").await, "radio");
    browser.assert_accessible().await;
    browser.click_link("Chiedi a questo sportello di ricontattarti").await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desk to be chosen", "document.getElementById('desk_id').value === 'enm-roma-goito'").await;

    browser.goto(&server.url("/sportelli/non-esiste")).await;
    browser.wait_for_h1("Sportello non trovato").await;
    browser.close().await;
}

#[tokio::test]
async fn from_the_results_the_locator_is_filtered_to_the_region_and_what_fits() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/sportelli?regione=15&strumenti=resto_al_sud_2,microcredito_imprenditoriale")).await;
    browser.wait_until("the Campania list", "document.getElementById('results-heading')?.textContent.includes('Campania')").await;
    let desks = listed(&browser).await;
    assert!(!desks.is_empty() && desks.iter().all(|d| d.contains("napoli") || d.contains("salerno") || d.contains("benevento")
        || d.contains("nocera") || d.contains("angri") || d.contains("saviano") || d.contains("capua")), "{desks:?}");
    browser.wait_for(".mw-panel--notice").await;
    browser.assert_accessible().await;
    browser.close().await;
}
