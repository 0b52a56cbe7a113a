//! The desk's side and the person's side of a request (issue 15), in Chromium against the real server: an
//! operator sets a password from the one-time link, signs in, sees a new request, opens it and marks it
//! contacted, and the person's private status page then says "Contattata"; an operator of another desk sees
//! none of it; a request past its promised time is escalated by the person and shows in red to the desk.
//! On a phone (360×640) and a desktop, axe clean.

use microwork_e2e::{Browser, Server, server_bin};
use std::process::Command;

/// `microwork operator …` on the server's database; the one-time link it prints.
fn add_operator(server: &Server, email: &str, desk: &str) -> String {
    let out = Command::new(server_bin())
        .args(["operator", "add", "--email", email, "--desk", desk])
        .arg("--database-url")
        .arg(format!("sqlite://{}", server.db_path.display()))
        .arg("--public-url")
        .arg(&server.base)
        .arg("--dist")
        .arg(&server.dist)
        .output()
        .expect("run microwork operator add");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    printed.lines().find(|l| l.starts_with("http")).unwrap_or_else(|| panic!("no link in {printed}")).trim().to_string()
}

const PASSWORD: &str = "cavallo batteria graffetta";

/// The console line of the refused too-common password in [`set_password_and_sign_in`].
const TOO_COMMON_REFUSED: &str = "/operatori/password - Failed to load resource: the server responded with a status of 400";

async fn set_password_and_sign_in(browser: &Browser, link: &str, email: &str) {
    browser.goto(link).await;
    browser.wait_for_h1("Scegli la tua password").await;
    browser.assert_accessible().await;
    browser.fill("#password", "password1234").await;
    browser.click("main button[type=submit]").await;
    browser.wait_for_text(".op-error-summary", "troppo comune", 10).await;
    browser.assert_accessible().await;
    browser.fill("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser.wait_for_h1("Password salvata").await;
    browser.click_link("Vai all'accesso").await;
    browser.wait_for_h1("Accesso operatori").await;
    browser.assert_accessible().await;
    browser.fill("#email", email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("main button[type=submit]").await;
    browser.wait_for_h1("Richieste di contatto").await;
}

/// A person sends a request to `desk` through the app; the reference and the private status link.
async fn person_sends(browser: &Browser, server: &Server, desk: &str, name: &str) -> (String, String) {
    browser.goto(&server.url(&format!("/contatto?sportello={desk}"))).await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_until("the desk to be chosen", &format!("document.getElementById('desk_id').value === '{desk}'")).await;
    browser.fill("#name", name).await;
    browser.fill("#phone", "333 123 4567").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let link = browser.wait_for("#status-link").await.attr("href").await.unwrap().expect("a status link");
    assert!(link.contains(&format!("/richiesta/{reference}#")), "{link}");
    browser.assert_accessible().await;
    (reference, link)
}

async fn operator_journey(width: u32, height: u32) {
    let server = Server::start().await;
    let link = add_operator(&server, "latina@example.it", "enm-latina");
    let other_link = add_operator(&server, "roma@example.it", "enm-roma-goito");

    let person = Browser::with_size(width, height).await;
    let (reference, _status_link) = person_sends(&person, &server, "enm-latina", "Giulia Esposito").await;
    person.click("#status-link").await;
    person.wait_for_h1("Stato della tua richiesta").await;
    person.wait_for_text("#current-status", "Ricevuta", 15).await;
    person.assert_accessible().await;

    let mut operator = Browser::with_size(width, height).await;
    // A too-common password, refused (400) on purpose while setting it.
    operator.allow_console_errors(&[TOO_COMMON_REFUSED]);
    set_password_and_sign_in(&operator, &link, "latina@example.it").await;
    let list = operator.wait_for_text("main", "Giulia Esposito", 10).await;
    assert!(list.contains(&reference) && list.contains("Nuova") && list.contains("oggi"), "{list}");
    operator.assert_accessible().await;
    operator.click_link("Giulia Esposito").await;
    operator.wait_for_h1("Giulia Esposito").await;
    let call = operator.wait_for("a[href^='tel:']").await.attr("href").await.unwrap();
    assert_eq!(call.as_deref(), Some("tel:+393331234567"));
    operator.assert_accessible().await;
    operator.click("#status-contacted").await;
    operator.fill("#note", "Richiamata, fissato appuntamento").await;
    operator.click("#status-form button[type=submit]").await;
    operator.wait_for_text("main", "Modifiche salvate", 10).await;
    operator.assert_accessible().await;

    // The person's page now says so, with the date (reloaded: the person is still on it).
    person.client.refresh().await.unwrap();
    person.wait_for_text("#current-status", "Contattata", 15).await;
    let steps = person.wait_for("#status-steps").await.text().await.unwrap();
    assert!(!steps.contains("Contattata: non ancora"), "{steps}");

    // An operator of another desk sees none of it.
    let mut other = Browser::with_size(width, height).await;
    // The too-common password again, and another desk's request answered 404 (what this part checks).
    other.allow_console_errors(&[TOO_COMMON_REFUSED, "Failed to load resource: the server responded with a status of 404"]);
    set_password_and_sign_in(&other, &other_link, "roma@example.it").await;
    let list = other.wait_for("main").await.text().await.unwrap();
    assert!(!list.contains("Giulia") && list.contains("Nessuna richiesta"), "{list}");
    other.goto(&server.url(&format!("/operatori/richieste/{reference}"))).await;
    other.wait_for_h1("Richiesta non trovata").await;
    assert!(!other.wait_for("main").await.text().await.unwrap().contains("Giulia"));
    other.assert_accessible().await;
    for b in [person, operator, other] {
        b.close().await;
    }
}

#[tokio::test]
async fn on_a_phone_an_operator_signs_in_from_the_link_and_marks_a_new_request_contacted() {
    operator_journey(360, 640).await;
}

#[tokio::test]
async fn on_a_desktop_an_operator_signs_in_from_the_link_and_marks_a_new_request_contacted() {
    operator_journey(1280, 900).await;
}

#[tokio::test]
async fn a_request_past_its_promised_time_is_escalated_by_the_person_and_shows_in_red() {
    let server = Server::start().await;
    let link = add_operator(&server, "latina@example.it", "enm-latina");
    let person = Browser::with_size(360, 640).await;
    let (reference, status_link) = person_sends(&person, &server, "enm-latina", "Marco Rossi").await;
    // Received three weeks ago: well past five working days, whatever the holidays.
    server
        .db()
        .execute(
            "UPDATE contact_requests SET received_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-21 days') WHERE reference = ?1",
            [&reference],
        )
        .unwrap();
    person.goto(&status_link).await;
    person.wait_for_h1("Stato della tua richiesta").await;
    person.wait_for_text("main", "Nessuno ti ha contattato?", 15).await;
    person.assert_accessible().await;
    person.click("#escalate").await;
    person.wait_for_text("#escalated", "Hai segnalato il ritardo", 15).await;
    person.assert_accessible().await;

    let mut operator = Browser::new().await;
    operator.allow_console_errors(&[TOO_COMMON_REFUSED]);
    set_password_and_sign_in(&operator, &link, "latina@example.it").await;
    let card = operator.wait_for(".op-card--escalated").await.text().await.unwrap();
    assert!(card.contains("Marco Rossi") && card.contains("nessuno l'ha contattata"), "{card}");
    let color = operator.js("return getComputedStyle(document.querySelector('.op-card--escalated')).borderLeftColor;").await;
    assert_eq!(color.as_str(), Some("rgb(212, 53, 28)"), "red");
    operator.assert_accessible().await;

    // Withdrawal from the same page erases the request.
    person.goto(&status_link).await;
    person.wait_for_text("#current-status", "Ricevuta", 15).await;
    person.click("#withdraw").await;
    person.wait_for_text("main", "Spunta la casella", 10).await;
    person.click("#withdraw-confirm").await;
    person.click("#withdraw").await;
    person.wait_for_text("main", "Richiesta ritirata", 15).await;
    let left: i64 = server.db().query_row("SELECT count(*) FROM contact_requests", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    person.close().await;
    operator.close().await;
}
