//! Contact requests from the page: sent from a desk's page with a self-check attached, errors (ours and the
//! server's), waiting in the outbox while the server is down and delivered exactly once when it is back,
//! and the e-mail alternative on static-only deployments.

use microwork_e2e::{Browser, Server, dist_copy};
use serde_json::json;

const PERSONA: &str = r#"{"age":28,"gender":"F","region":"15","status":"disoccupato","unemp_months":"ge12","gol":"no","naspi":"no","purpose":"nuova_attivita","stage":"idea","form":"ditta_individuale","employees":"e0","amount":30000,"sector":"servizi","same_ateco":"no"}"#;

async fn fill_form(browser: &Browser, name: &str, phone: &str) {
    browser.fill("#name", name).await;
    browser.fill("#phone", phone).await;
    browser.click("#consent_privacy").await;
}

#[tokio::test]
async fn a_request_from_a_desks_page_arrives_with_the_desk_the_consents_and_the_self_check() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    // The person did the self-check earlier on this device.
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.js(&format!("localStorage.setItem('mw.answers.v1', {}); return null;", serde_json::to_string(PERSONA).unwrap())).await;

    browser.goto(&server.url("/sportelli/enm-latina")).await;
    browser.wait_for_h1("Sportello microcredito – Comune di Latina").await;
    browser.click_link("Chiedi a questo sportello di ricontattarti").await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desk to be chosen", "document.getElementById('desk_id').value === 'enm-latina'").await;
    browser.assert_accessible().await;

    fill_form(&browser, "Giulia Esposito", "333 123 4567").await;
    browser.fill("#email", "giulia@example.it").await;
    browser.fill("#comune_istat", "Latina").await;
    browser.wait_for("#comune_istat-listbox:not([hidden]) li").await;
    browser.wait_for("#comune_istat").await.send_keys("\u{E007}").await.unwrap();
    browser.click("input[name='channel'][value='whatsapp']").await;
    browser.click("input[name='time_window'][value='morning']").await;
    browser.fill("#message", "Vorrei aprire un'agenzia di servizi. <script>alert(1)</script>").await;
    // Attaching the self-check: the person sees what would be sent first.
    browser.click("#consent_share_assessment").await;
    browser.click(".mw-details summary").await;
    let preview = browser.wait_for(".mw-details").await.text().await.unwrap();
    assert!(preview.contains("Resto al Sud 2.0"), "{preview}");
    browser.click("form.mw-form button[type=submit]").await;

    browser.wait_for_h1("Richiesta inviata").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let page = browser.wait_for("main").await.text().await.unwrap();
    assert!(page.contains("Comune di Latina") && page.contains("su WhatsApp"), "{page}");
    browser.assert_accessible().await;

    let row: (String, String, String, String, String, String, i64, String) = server
        .db()
        .query_row(
            "SELECT desk_id, phone, comune_istat, channel, time_window, message, consent_share_assessment, assessment
             FROM contact_requests WHERE reference = ?1",
            [&reference],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .expect("stored under its reference");
    assert_eq!(
        (row.0.as_str(), row.1.as_str(), row.2.as_str(), row.3.as_str(), row.4.as_str()),
        ("enm-latina", "+393331234567", "059011", "whatsapp", "morning")
    );
    assert!(row.5.contains("<script>"), "stored as text, as typed");
    assert_eq!(row.6, 1);
    let assessment: serde_json::Value = serde_json::from_str(&row.7).unwrap();
    assert!(assessment["outcomes"].as_array().unwrap().iter().any(|o| o == &json!({"instrument": "resto_al_sud_2", "status": "eligible"})), "{assessment}");

    // The confirmation survives a reload (the receipt stays on the device).
    browser.client.refresh().await.unwrap();
    browser.wait_for_h1("Richiesta inviata").await;
    assert_eq!(browser.wait_for("#reference").await.text().await.unwrap(), reference);
    browser.close().await;
}

#[tokio::test]
async fn problems_are_listed_focused_and_linked_to_their_fields_including_the_servers() {
    let server = Server::start().await;
    let mut browser = Browser::new().await;
    // The server refusing a request it finds invalid is part of this journey.
    browser.allow_console_errors(&["contact-requests - Failed to load resource: the server responded with a status of 400"]);
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_until("focus on the summary", "document.activeElement.classList.contains('mw-error-summary')").await;
    let summary = browser.wait_for(".mw-error-summary").await.text().await.unwrap();
    for expected in ["Inserisci il tuo nome", "Inserisci un indirizzo e-mail o un numero di telefono", "informativa sulla privacy"] {
        assert!(summary.contains(expected), "{expected} in {summary}");
    }
    browser.assert_accessible().await;
    browser.click(".mw-error-summary a[href='#name']").await;
    assert_eq!(browser.focused().await, "name");
    assert_eq!(browser.js("return document.getElementById('name').getAttribute('aria-describedby')").await, "name-error");

    // The browser's light phone check accepts "123456"; the server's full check does not, and says where.
    fill_form(&browser, "Luca Bianchi", "123456").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_until("the server's answer", "document.querySelector('.mw-error-summary a[href=\"#phone\"]') !== null").await;
    assert_eq!(browser.js("return document.getElementById('phone').getAttribute('aria-invalid')").await, "true");
    browser.assert_accessible().await;
    let n: i64 = server.db().query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing stored for a refused request");
    browser.close().await;
}

#[tokio::test]
async fn with_the_server_down_the_request_waits_survives_a_reload_and_arrives_once() {
    let mut server = Server::start().await;
    let mut browser = Browser::new().await;
    // Sending while the server is stopped is part of this journey (and Chromium's own check for a newer sw.js
    // fails then too).
    browser.allow_console_errors(&[
        "contact-requests - Failed to load resource: net::ERR_CONNECTION_REFUSED",
        "An unknown error occurred when fetching the script",
    ]);
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    browser.wait_until("the desks", "document.getElementById('desk_id').value !== ''").await;
    server.kill().await;

    fill_form(&browser, "Anna Verdi", "+39 06 1234 5678").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta salvata: la invieremo appena possibile").await;
    browser.assert_accessible().await;
    assert_eq!(browser.js("return JSON.parse(localStorage.getItem('mw.outbox.v1')).pending.length").await, 1);

    // A reload (served by the service worker while the server is down) loses nothing.
    browser.client.refresh().await.unwrap();
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_for(".mw-update__text").await;
    assert_eq!(browser.js("return JSON.parse(localStorage.getItem('mw.outbox.v1')).pending.length").await, 1);

    server.restart(&[]).await;
    // Retried on its timer (or the next start); then the person is told, with the reference. The timer backs
    // off 5 s, 15 s, 45 s, 135 s: on a loaded machine the server's restart can come after the third attempt.
    let notice = browser.wait_for_text(".mw-update__text", "Codice di riferimento", 150).await;
    let reference: String = notice.split("Codice di riferimento: ").nth(1).unwrap().chars().take(12).collect();
    assert!(reference.starts_with("MW-"), "{notice}");
    assert_eq!(browser.js("return localStorage.getItem('mw.outbox.v1')").await, serde_json::Value::Null);

    // Another start of the app sends nothing again: exactly one row.
    browser.client.refresh().await.unwrap();
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let (n, stored): (i64, String) = server
        .db()
        .query_row("SELECT count(*), max(reference) FROM contact_requests", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((n, stored), (1, reference));
    browser.close().await;
}

#[tokio::test]
async fn without_a_contact_endpoint_the_form_offers_an_email_instead() {
    let dist = dist_copy();
    for name in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dist.path().join(name));
    }
    std::fs::write(
        dist.path().join("config.json"),
        r#"{"api_base": "/api/v1", "contact_endpoint": null, "privacy_email": "privacy@example.org", "tile_server": null}"#,
    )
    .unwrap();
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    let notice = browser.wait_for(".mw-panel--notice").await.text().await.unwrap();
    assert!(notice.contains("invio diretto non è attivo"), "{notice}");
    browser.fill("#name", "Sara").await;
    let href = browser.js("return document.querySelector('a.mw-button[href^=\"mailto:\"]').getAttribute('href')").await;
    assert!(href.as_str().unwrap().starts_with("mailto:sportelli@microcredito.gov.it?subject="), "{href}");
    browser.assert_accessible().await;
    browser.close().await;
}

#[tokio::test]
async fn when_the_device_will_not_keep_the_request_the_page_says_so_and_keeps_the_form_filled() {
    let mut server = Server::start().await;
    let mut browser = Browser::new().await;
    // Sending while the server is stopped is part of this journey (and Chromium's own check for a newer sw.js
    // fails then too).
    browser.allow_console_errors(&[
        "contact-requests - Failed to load resource: net::ERR_CONNECTION_REFUSED",
        "An unknown error occurred when fetching the script",
    ]);
    browser.goto(&server.url("/contatto")).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desks", "document.getElementById('desk_id').value !== ''").await;
    // Storage full, private mode or turned off: every write throws, as browsers do then.
    browser
        .js("Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; return null;")
        .await;
    server.kill().await;

    fill_form(&browser, "Paola Neri", "+39 06 1234 5678").await;
    browser.fill("#message", "Vorrei aprire un laboratorio.").await;
    browser.click("form.mw-form button[type=submit]").await;
    let notice = browser.wait_for_text("#not-saved", "non riusciamo a inviarla", 15).await;
    assert!(notice.contains("su questo dispositivo"), "{notice}");
    // Not the promise that it will go by itself: nothing was kept to send.
    assert_eq!(browser.h1().await.as_deref(), Some("Chiedi a uno sportello di ricontattarti"));
    assert_eq!(browser.js("return localStorage.getItem('mw.outbox.v1')").await, serde_json::Value::Null);
    // Everything the person typed is still there.
    assert_eq!(browser.js("return document.getElementById('name').value").await, "Paola Neri");
    assert_eq!(browser.js("return document.getElementById('phone').value").await, "+39 06 1234 5678");
    assert_eq!(browser.js("return document.getElementById('message').value").await, "Vorrei aprire un laboratorio.");
    assert_eq!(browser.js("return document.getElementById('consent_privacy').checked").await, true);
    browser.assert_accessible().await;

    // With the service reachable again the same form goes, although the device still keeps nothing.
    server.restart(&[]).await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let n: i64 = server.db().query_row("SELECT count(*) FROM contact_requests WHERE reference = ?1", [&reference], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
    browser.close().await;
}
