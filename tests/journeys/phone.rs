//! The whole journey on a 360×640 phone, as a new person meets it (issue 13): the map from each way of
//! arriving, the list never covered, a search that finds nothing, the first screen of each page, the desk and
//! contact pages' small promises. Every browser here fails on any console error.

use microwork_e2e::{Browser, Server};
use serde_json::{Value, json};

const LOCATOR: &str = "Sportelli per l'autoimpiego";

fn young_unemployed_in_campania() -> Value {
    json!({"age": 28, "gender": "F", "region": "15", "status": "disoccupato", "unemp_months": "ge12", "gol": "no",
           "naspi": "no", "purpose": "nuova_attivita", "stage": "idea", "form": "ditta_individuale", "employees": "e0",
           "amount": 30000, "sector": "servizi", "same_ateco": "no"})
}

async fn search(browser: &Browser, text: &str) {
    browser.fill("#luogo", text).await;
    browser.wait_for("#luogo-listbox:not([hidden]) li").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.unwrap(); // Enter picks the first suggestion
}

async fn listed(browser: &Browser) -> Vec<String> {
    browser.wait_for("ol.mw-desks li.mw-desk").await;
    let v = browser.js("return [...document.querySelectorAll('ol.mw-desks li.mw-desk')].map(li => li.id.replace('desk-', ''));").await;
    serde_json::from_value(v).unwrap()
}

/// True when the map is on screen at its size, with the region outlines and the markers inside its own area
/// (not a blank box, not one cluster stuck in a corner).
const MAP_DRAWN: &str = "(() => {
    const m = document.getElementById('desk-map');
    if (!m) return false;
    const r = m.getBoundingClientRect();
    if (r.width < 300 || r.height < 250) return false;
    const inside = (b) => b.width > 0 && b.right > r.left && b.left < r.right && b.bottom > r.top && b.top < r.bottom;
    const outlines = [...m.querySelectorAll('.leaflet-overlay-pane path')].filter(p => inside(p.getBoundingClientRect()));
    const pins = [...m.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')].map(i => i.getBoundingClientRect()).filter(inside);
    const spread = new Set(pins.map(b => Math.round(b.left) + ',' + Math.round(b.top))).size;
    return outlines.length >= 1 && pins.length >= 1 && spread === pins.length;
})()";

/// How many desks the map holds: single markers plus the counts on the clusters.
const DESKS_ON_MAP: &str = "return [...document.querySelectorAll('#desk-map .leaflet-marker-pane .leaflet-marker-icon')]
    .reduce((n, i) => n + (i.classList.contains('marker-cluster') ? parseInt(i.textContent, 10) : 1), 0);";

async fn show_map(browser: &Browser) {
    assert_eq!(browser.js("return document.querySelector('.mw-locator__toggle button').textContent.trim()").await, "Mostra la mappa");
    browser.click(".mw-locator__toggle button").await;
    browser.wait_until("the map drawn at its size", MAP_DRAWN).await;
    // And on the screen, not below it.
    browser
        .wait_until(
            "the map on the screen",
            "(() => { const b = document.getElementById('desk-map').getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight + 1; })()",
        )
        .await;
}

async fn show_list(browser: &Browser) {
    assert_eq!(browser.js("return document.querySelector('.mw-locator__toggle button').textContent.trim()").await, "Mostra l'elenco");
    browser.click(".mw-locator__toggle button").await;
    browser.wait_until("the list", "document.querySelector('.mw-locator__list').offsetParent !== null").await;
}

/// The map on a phone, once the page is open: the overview, a search, "show on the map", another search.
async fn use_the_map(browser: &Browser, first_search: &str) {
    // Before any search the map shows every desk (clustered) or, arriving from the results, the region's listed
    // desks; the regions, and the names of the main towns.
    show_map(browser).await;
    let shown = browser.js("return document.querySelectorAll('ol.mw-desks li.mw-desk').length").await.as_u64().unwrap_or(0);
    let expected = if shown == 0 { "40".to_string() } else { shown.to_string() };
    browser.wait_until("every desk on the map", &format!("(() => {{ {DESKS_ON_MAP} }})() >= {expected}")).await;
    browser
        .wait_until(
            "town names",
            "[...document.querySelectorAll('#desk-map .mw-town')].filter(t => t.style.display !== 'none' && t.offsetParent !== null).length >= 3",
        )
        .await;
    assert_eq!(browser.js("return document.querySelectorAll('#desk-map .leaflet-overlay-pane path').length >= 20").await, true);
    browser.assert_accessible().await;
    browser.assert_no_console_errors().await;
    show_list(browser).await;

    search(browser, first_search).await;
    browser
        .wait_until("the results", &format!("document.getElementById('results-heading')?.textContent.includes({:?})", first_search))
        .await;
    let first_desk = listed(browser).await[0].clone();
    // "Mostra sulla mappa" on the first desk: the map opens on it, with its popup, and focus goes to the map.
    browser.click(&format!("#desk-{first_desk} button")).await;
    browser.wait_until("the map drawn at its size", MAP_DRAWN).await;
    browser.wait_until("focus on the map", "document.activeElement && document.activeElement.id === 'desk-map'").await;
    browser
        .wait_until(
            "the chosen desk's marker and popup",
            "(() => { const m = document.getElementById('desk-map').getBoundingClientRect();
                      const s = document.querySelector('#desk-map .mw-marker--selected');
                      const p = document.querySelector('#desk-map .leaflet-popup');
                      if (!s || !p) return false;
                      const b = s.getBoundingClientRect();
                      return b.left >= m.left && b.right <= m.right && b.top >= m.top && b.bottom <= m.bottom; })()",
        )
        .await;
    let popup_link = browser.js("return document.querySelector('#desk-map .leaflet-popup a.mw-popup__link').getAttribute('href')").await;
    assert_eq!(popup_link, json!(format!("/sportelli/{first_desk}")));
    let popup = browser.js("return document.querySelector('#desk-map .leaflet-popup').textContent").await;
    assert!(popup.as_str().unwrap().contains(" km") || popup.as_str().unwrap().contains("stesso comune"), "{popup}");
    browser.assert_accessible().await;
    // Back to the list: focus returns to the desk that was chosen.
    show_list(browser).await;
    browser
        .wait_until("focus back on the desk", &format!("document.activeElement === document.querySelector('#desk-{first_desk} button')"))
        .await;

    // Another search, and the map again: no error, the new desks in view.
    search(browser, "Latina").await;
    browser.wait_until("the results for Latina", "document.getElementById('results-heading')?.textContent.includes('Latina (LT)')").await;
    show_map(browser).await;
    browser.assert_no_console_errors().await;
    show_list(browser).await;
}

#[tokio::test]
async fn the_map_works_on_a_phone_arriving_from_the_menu_and_from_the_results() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    // From the top navigation, inside the app.
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.click_link("Sportelli").await;
    browser.wait_for_h1(LOCATOR).await;
    use_the_map(&browser, "Roma").await;

    // The popup's link opens the desk's page inside the app.
    browser.click("#desk-enm-latina button").await;
    browser
        .wait_until("the popup", "document.querySelector('#desk-map .leaflet-popup a.mw-popup__link[href=\"/sportelli/enm-latina\"]') !== null")
        .await;
    // The popup is drawn again while the map zooms to the desk: tap it once it holds still.
    for attempt in 0.. {
        let link = browser.wait_for("#desk-map .leaflet-popup a.mw-popup__link").await;
        match link.click().await {
            Ok(_) => break,
            Err(e) if attempt < 20 => {
                let _ = e;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => panic!("tap the popup's link: {e}"),
        }
    }
    browser.wait_for_path("the desk's page", |p| p == "/sportelli/enm-latina").await;
    browser.wait_until("the desk page", "document.querySelector('main h1')?.textContent.includes('Latina')").await;

    // From the results page's link.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.answer_self_check(&young_unemployed_in_campania()).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    browser.click_link("Vedi i risultati").await;
    browser.wait_for_h1("I tuoi risultati").await;
    browser.click_link("Trova lo sportello più vicino che può aiutarti").await;
    browser.wait_for_h1(LOCATOR).await;
    browser.wait_until("the Campania list", "document.getElementById('results-heading')?.textContent.includes('Campania')").await;
    use_the_map(&browser, "Napoli").await;
    browser.close().await;
}

#[tokio::test]
async fn no_bar_covers_the_list_on_a_phone() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    browser.goto(&server.url("/sportelli?comune=058091")).await;
    browser.wait_for_h1(LOCATOR).await;
    listed(&browser).await;
    // Each link and button of the list, scrolled to the bottom edge of the screen, is what a tap there reaches.
    let covered = browser
        .js("const out = [];
             for (const e of document.querySelectorAll('.mw-locator__list a, .mw-locator__list button')) {
                 if (e.offsetParent === null) continue;
                 e.scrollIntoView({ block: 'end' });
                 const b = e.getBoundingClientRect();
                 const hit = document.elementFromPoint(b.left + Math.min(10, b.width / 2), b.bottom - 4);
                 if (!hit || !(e === hit || e.contains(hit))) out.push(e.textContent.trim() + ' under ' + (hit ? hit.outerHTML.slice(0, 60) : 'nothing'));
             }
             return out;")
        .await;
    assert_eq!(covered, json!([]), "links covered at the bottom of the screen");
    browser.close().await;
}

#[tokio::test]
async fn a_search_that_finds_nothing_says_so_and_marks_the_old_list() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    search(&browser, "Roma").await;
    browser.wait_until("the results for Rome", "document.getElementById('results-heading')?.textContent.includes('Roma (RM)')").await;

    browser.fill("#luogo", "xyz").await;
    browser.wait_for("#luogo").await.send_keys("\u{E007}").await.unwrap();
    // Said on screen, next to the field, not only to screen readers.
    let note = browser.wait_for_text(".mw-combobox .mw-hint", "Nessun comune trovato per «xyz»", 10).await;
    assert!(note.contains("CAP"), "{note}");
    assert_eq!(
        browser
            .js("const e = [...document.querySelectorAll('.mw-combobox .mw-hint')].find(e => e.textContent.includes('xyz'));
                 const b = e.getBoundingClientRect(); return b.height > 10 && b.width > 100 && !e.closest('.mw-visually-hidden');")
            .await,
        true
    );
    // The list still on screen is marked as the previous search's, with what to try instead.
    let notice = browser.wait_for("#no-match").await.text().await.unwrap();
    assert!(notice.contains("ricerca precedente"), "{notice}");
    assert!(notice.contains("CAP"), "{notice}");
    assert_eq!(browser.js("return document.querySelector('#no-match button').textContent.trim()").await, "Usa la mia posizione");
    browser.assert_accessible().await;

    // A real comune again: the notice goes.
    search(&browser, "Latina").await;
    browser.wait_until("the notice gone", "document.getElementById('no-match') === null").await;

    // With no earlier list there is nothing to call old.
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    browser.fill("#luogo", "qqqq").await;
    let notice = browser.wait_for("#no-match").await.text().await.unwrap();
    assert!(!notice.contains("ricerca precedente"), "{notice}");
    browser.close().await;
}

/// The element's box, if it is shown: (top, bottom) in the first screen's coordinates (the page not scrolled).
async fn first_screen_box(browser: &Browser, css: &str) -> (f64, f64, f64) {
    browser.wait_for(css).await;
    let v = browser
        .js(&format!(
            "window.scrollTo(0, 0);
             const e = [...document.querySelectorAll({css:?})].find(e => e.offsetParent !== null);
             if (!e) return null;
             const b = e.getBoundingClientRect();
             return [b.top, b.bottom, window.innerHeight];"
        ))
        .await;
    let v: Vec<f64> = serde_json::from_value(v.clone()).unwrap_or_else(|_| panic!("no visible `{css}`: {v}"));
    (v[0], v[1], v[2])
}

#[tokio::test]
async fn each_pages_main_action_is_on_the_first_screen_of_a_phone() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    for (path, h1, action) in [
        ("/", "Vuoi avviare un'attività? Scopri quali aiuti fanno per te", ".mw-button--start"),
        ("/autovalutazione", "Quanti anni hai?", "form.mw-form button[type=submit]"),
        ("/sportelli", LOCATOR, "#luogo"),
        ("/sportelli", LOCATOR, ".mw-locator__search > .mw-button"),
        ("/sportelli/enm-roma-goito", "Sportello microcredito – Comune di Roma", ".mw-actions .mw-button"),
        ("/contatto", "Chiedi a uno sportello di ricontattarti", "#desk_id"),
    ] {
        browser.goto(&server.url(path)).await;
        browser.wait_for_h1(h1).await;
        // Really a 360×640 screen (a headless window cannot be narrower than 500 px; the harness emulates it).
        assert_eq!(browser.js("return [window.innerWidth, window.innerHeight]").await, json!([360, 640]), "{path}");
        let (_, bottom, screen) = first_screen_box(&browser, action).await;
        assert!(bottom <= screen, "{path}: `{action}` ends at {bottom}px, below the first screen ({screen}px)");
        // The header is two short rows on a phone (name and language; the sections), not a third of the screen.
        let (_, header, _) = first_screen_box(&browser, "header.mw-header").await;
        assert!(header <= screen / 4.0, "{path}: the header is {header}px tall, more than a quarter of the screen");
    }
    // The results' way to a desk, after a self-check.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.answer_self_check(&young_unemployed_in_campania()).await;
    browser.wait_for_h1("Controlla le tue risposte").await;
    browser.click_link("Vedi i risultati").await;
    browser.wait_for_h1("I tuoi risultati").await;
    let (_, bottom, screen) = first_screen_box(&browser, ".mw-actions .mw-button").await;
    assert!(bottom <= screen, "/risultati: the way to a desk ends at {bottom}px, below the first screen ({screen}px)");
    browser.close().await;
}

#[tokio::test]
async fn the_small_things_a_person_trips_over() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    // A desk never offers a measure that no longer takes applications (the €500 a month closed on 2 March 2026).
    browser.goto(&server.url("/sportelli/enm-roma-goito")).await;
    browser.wait_for_h1("Sportello microcredito – Comune di Roma").await;
    let items = "[...document.querySelectorAll('main h2')].find(h => h.textContent === 'Può aiutarti con').nextElementSibling";
    browser.wait_until("the measures", &format!("{items}.children.length > 0")).await;
    let helps = browser.js(&format!("return {items}.textContent;")).await;
    let helps = helps.as_str().unwrap();
    assert!(!helps.is_empty() && !helps.contains("500"), "closed measure offered: {helps}");

    // The Italian hint names Bolzano in Italian.
    browser.goto(&server.url("/sportelli")).await;
    browser.wait_for_h1(LOCATOR).await;
    let hint = browser.wait_for("#luogo-hint").await.text().await.unwrap();
    assert!(hint.contains("Bolzano") && !hint.contains("Bozen"), "{hint}");

    // Folded sections show that they open: a visible marker before the summary, turned when open.
    let cue = "(() => { const s = document.querySelector(SEL); const m = getComputedStyle(s, '::before');
                 return m.content !== 'none' && (parseFloat(m.borderInlineStartWidth) > 0 || m.content.length > 2) ? m.transform : null; })()";
    let closed = browser.js(&format!("return {};", cue.replace("SEL", "'.mw-filters > summary'"))).await;
    assert!(closed.is_string(), "no expand cue on the filters: {closed}");
    browser.click(".mw-filters > summary").await;
    let open = browser.js(&format!("return {};", cue.replace("SEL", "'.mw-filters > summary'"))).await;
    assert_ne!(open, closed, "the cue does not change when open");
    browser.js("const d = document.createElement('details'); d.className = 'mw-details'; d.id = 'probe';
                d.innerHTML = '<summary>Perché</summary><p>…</p>'; document.querySelector('main').appendChild(d); return null;")
        .await;
    assert!(browser.js(&format!("return {};", cue.replace("SEL", "'#probe > summary'"))).await.is_string(), "no cue on .mw-details");

    // The copy buttons do not touch the code above them.
    browser.goto(&server.url("/integra")).await;
    browser.wait_for_h1("Integra Micro Work nel tuo sito").await;
    let gaps = browser
        .js("return [...document.querySelectorAll('pre.mw-code')].map(p => {
                 const b = p.nextElementSibling; return b.getBoundingClientRect().top - p.getBoundingClientRect().bottom; });")
        .await;
    let gaps: Vec<f64> = serde_json::from_value(gaps).unwrap();
    assert!(gaps.len() == 2 && gaps.iter().all(|g| *g >= 12.0), "gaps between code and copy button: {gaps:?}");
    browser.close().await;
}

#[tokio::test]
async fn an_unconfirmed_desk_is_named_before_sending_and_nothing_more_is_promised() {
    let server = Server::start().await;
    let browser = Browser::phone().await;
    // Misterbianco's desk is only announced: say so, and offer a confirmed desk nearby and the online one.
    browser.goto(&server.url("/contatto?sportello=enm-misterbianco")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desk", "document.getElementById('desk_id').value === 'enm-misterbianco'").await;
    let caution = browser.wait_for("#desk-caution").await.text().await.unwrap();
    assert!(caution.contains("Non abbiamo una conferma recente"), "{caution}");
    assert!(caution.contains("Lo sportello confermato più vicino è"), "{caution}");
    assert!(caution.contains("sportello online"), "{caution}");
    browser.assert_accessible().await;
    browser.click_link_or_button("Scegli lo sportello online").await;
    browser.wait_until("the online desk chosen", "document.getElementById('desk_id').value === 'enm-online'").await;
    // Back to the unconfirmed one, then its nearest confirmed desk: the caution goes.
    browser.goto(&server.url("/contatto?sportello=enm-misterbianco")).await;
    browser.wait_for("#desk-caution").await;
    browser.click("#desk-caution .mw-button").await;
    browser.wait_until("a confirmed desk chosen", "document.getElementById('desk-caution') === null").await;
    let chosen = browser.js("return document.getElementById('desk_id').value").await;
    assert_ne!(chosen, "enm-misterbianco");

    // Sent to an unconfirmed desk anyway: the confirmation does not say someone will read it.
    browser.goto(&server.url("/contatto?sportello=enm-misterbianco")).await;
    browser.wait_for("#desk-caution").await;
    browser.fill("#name", "Salvo Russo").await;
    browser.fill("#phone", "333 765 4321").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    let page = browser.wait_for("#next-unconfirmed").await.text().await.unwrap();
    assert!(page.contains("non possiamo dirti se e quando ti risponderà"), "{page}");
    let main = browser.wait_for("main").await.text().await.unwrap();
    assert!(!main.contains("leggerà la tua richiesta"), "{main}");
    browser.assert_accessible().await;

    // A confirmed desk: no caution.
    browser.goto(&server.url("/contatto?sportello=enm-latina")).await;
    browser.wait_until("the desk", "document.getElementById('desk_id').value === 'enm-latina'").await;
    assert_eq!(browser.js("return document.getElementById('desk-caution') === null").await, true);
    browser.close().await;
}

#[tokio::test]
async fn offline_the_saved_request_is_explained_once_from_the_top() {
    let mut server = Server::start().await;
    let browser = Browser::phone().await;
    browser.goto(&server.url("/contatto?sportello=enm-latina")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desk", "document.getElementById('desk_id').value === 'enm-latina'").await;
    server.kill().await;
    browser.fill("#name", "Anna Verdi").await;
    browser.fill("#phone", "+39 06 1234 5678").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta salvata: la invieremo appena possibile").await;
    let text = browser.wait_for(".mw-panel--notice").await.text().await.unwrap();
    assert!(!text.contains("anche se chiudi"), "contradicts itself: {text}");
    assert!(text.contains("la prossima volta che lo apri"), "{text}");
    browser.wait_until("the page read from the top", "window.scrollY === 0").await;
    let (top, bottom, screen) = first_screen_box(&browser, "main h1").await;
    assert!(top >= 0.0 && bottom <= screen, "the heading is at {top}–{bottom}px on a {screen}px screen");
    // The server being down is the point here: only failed requests to it may be in the console.
    let errors = browser.console_errors().await;
    let expected = |e: &String| e.contains("ERR_CONNECTION_REFUSED") || e.contains("error occurred when fetching the script");
    assert!(errors.iter().all(expected), "{errors:?}");
    browser.close().await;
}
