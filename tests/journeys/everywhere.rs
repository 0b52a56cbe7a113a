//! Everywhere: partner embedding, offline after one visit, new versions, phone-sized screens, languages.

use microwork_e2e::{Browser, Server, StaticHost, dist_copy, dist_dir};
use std::time::Duration;

async fn frame_height(browser: &Browser) -> i64 {
    browser.js("return parseInt(document.querySelector('iframe.microwork-embed').style.height, 10);").await.as_i64().unwrap_or(0)
}

/// Waits until the partner page's iframe height equals the app's content height (±1 px), the frame's page has
/// finished loading (styles, fonts, the app's take-over) and the height held for two looks in a row; returns it.
/// (A single look could catch the frame before its page was complete: under load it then grew legitimately.)
async fn settled_height(browser: &Browser) -> i64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let mut last = -1;
    loop {
        let outer = frame_height(browser).await;
        browser.client.enter_frame(0).await.unwrap();
        let inner = browser.js("return Math.ceil(document.body.getBoundingClientRect().height);").await.as_i64().unwrap_or(-1);
        let inner_scroll = browser.js("return document.documentElement.scrollHeight - window.innerHeight;").await.as_i64().unwrap_or(99);
        let complete = browser
            .js("return document.readyState === 'complete' && document.fonts.status === 'loaded' && !document.getElementById('boot');")
            .await
            .as_bool()
            .unwrap_or(false);
        browser.client.enter_parent_frame().await.unwrap();
        let settled = (outer - inner).abs() <= 1 && inner > 0 && inner_scroll <= 1 && complete;
        if settled && outer == last {
            return outer;
        }
        last = if settled { outer } else { -1 };
        assert!(std::time::Instant::now() < deadline, "frame {outer}px, content {inner}px, inner scroll {inner_scroll}px");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn partner_page(app: &str, extra: &str) -> String {
    format!(
        r##"<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Comune di Prova</title></head>
<body><h1>Comune di Prova</h1><p>Servizi per chi vuole avviare un'attività.</p>
<script src="{app}/embed.js" data-partner="comune-prova" data-lang="it" data-accent="#ffdd00" async></script>
<p>Fine della pagina del partner.</p>{extra}</body></html>"##
    )
}

#[tokio::test]
async fn embedded_by_a_partner_the_frame_grows_and_shrinks_with_its_content() {
    let host = StaticHost::start().await;
    let server = Server::start_with_env(&dist_dir(), &[], &[("MICROWORK_ALLOWED_ORIGINS", &host.base)]).await;
    host.set_html(partner_page(&server.base, ""));
    let browser = Browser::new().await;
    browser.goto(&host.base).await;
    browser.wait_for("iframe.microwork-embed").await;
    let start = settled_height(&browser).await;

    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    // Embed mode: no site header or footer; the partner's yellow, too light for white text, is darkened to AA.
    assert_eq!(browser.js("return document.querySelector('header.mw-header, footer.mw-footer') === null").await, true);
    let accent = browser.js("return getComputedStyle(document.documentElement).getPropertyValue('--mw-accent').trim()").await;
    assert_ne!(accent, "#ffdd00", "the accent was not made accessible");
    browser.assert_accessible().await;
    browser.click_link("Chiedi a uno sportello di ricontattarti").await;
    browser.wait_for_h1("Chiedi a uno sportello di ricontattarti").await;
    browser.client.enter_parent_frame().await.unwrap();
    let longer = settled_height(&browser).await;
    assert!(longer > start, "the contact form ({longer}px) is longer than the start page ({start}px)");

    browser.client.enter_frame(0).await.unwrap();
    browser.assert_accessible().await;
    // Links that would leave the app open in a new tab, not inside the partner's frame.
    let stray = browser.js("return [...document.querySelectorAll('a[href^=\"http\"]')].filter(a => a.target !== '_blank').map(a => a.href);").await;
    assert_eq!(stray, serde_json::json!([]), "external links without target=_blank");
    // A request sent from inside the frame is recorded with the partner's id.
    browser.fill("#name", "Rita Neri").await;
    browser.fill("#email", "rita@example.it").await;
    browser.click("#consent_privacy").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Richiesta inviata").await;
    let reference = browser.wait_for("#reference").await.text().await.unwrap();
    let partner: Option<String> = server
        .db()
        .query_row("SELECT partner FROM contact_requests WHERE reference = ?1", [&reference], |r| r.get(0))
        .unwrap();
    assert_eq!(partner.as_deref(), Some("comune-prova"));
    browser.js("history.back(); history.back(); return null;").await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    browser.client.enter_parent_frame().await.unwrap();
    let shorter = settled_height(&browser).await;
    assert!(shorter < longer, "back on the start page the frame shrinks ({shorter}px < {longer}px)");
    browser.close().await;
}

#[tokio::test]
async fn resize_messages_from_anyone_but_the_app_frame_are_ignored() {
    let host = StaticHost::start().await;
    let evil = StaticHost::start().await;
    evil.set_html(
        "<!doctype html><html lang=en><title>x</title><body><script>
           parent.postMessage({type: 'microwork:resize', height: 7}, '*');
           setTimeout(() => parent.postMessage({type: 'microwork:resize', height: 9}, '*'), 500);
         </script></body></html>"
            .into(),
    );
    let server = Server::start_with_env(&dist_dir(), &[], &[("MICROWORK_ALLOWED_ORIGINS", &host.base)]).await;
    host.set_html(partner_page(&server.base, &format!(r#"<iframe title="altro" src="{}/"></iframe>"#, evil.base)));
    let browser = Browser::new().await;
    browser.goto(&host.base).await;
    let before = settled_height(&browser).await;
    // The partner page itself (same window, not the app's frame) also tries.
    browser.js("window.postMessage({type: 'microwork:resize', height: 11}, '*'); return null;").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(frame_height(&browser).await, before, "a message not from the app's frame changed the height");
    browser.close().await;
}

#[tokio::test]
async fn a_site_not_in_the_allowed_list_cannot_frame_the_app() {
    let host = StaticHost::start().await;
    let server = Server::start_with_env(&dist_dir(), &[], &[("MICROWORK_ALLOWED_ORIGINS", "https://partner.example")]).await;
    host.set_html(partner_page(&server.base, ""));
    let mut browser = Browser::new().await;
    // The refusal itself is what this journey checks.
    browser.allow_console_errors(&["violates the following Content Security Policy directive: \"frame-ancestors"]);
    browser.goto(&host.base).await;
    browser.wait_for("iframe.microwork-embed").await;
    tokio::time::sleep(Duration::from_millis(2000)).await;
    browser.client.enter_frame(0).await.unwrap();
    let has_app = browser.js("return !!document.querySelector('main h1');").await;
    assert_eq!(has_app, false, "the browser showed the app inside a site that is not allowed");
    browser.client.enter_parent_frame().await.unwrap();
    // The app's own pages (the /integra preview) may still frame it.
    browser.goto(&server.url("/integra")).await;
    browser.wait_for_h1("Integra Micro Work nel tuo sito").await;
    browser.wait_for("iframe.mw-preview").await;
    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    browser.close().await;
}

#[tokio::test]
async fn after_one_visit_the_app_works_with_the_server_stopped() {
    let mut server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    server.kill().await;

    // The self-check: questions, answers, results.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.fill("#age", "29").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Qual è il tuo genere?").await;
    browser
        .js(r#"localStorage.setItem('mw.answers.v1', JSON.stringify({"age":28,"gender":"F","region":"15","status":"disoccupato","unemp_months":"ge12","gol":"no","naspi":"no","purpose":"nuova_attivita","stage":"idea","form":"ditta_individuale","employees":"e0","amount":30000,"sector":"servizi","same_ateco":"no"})); return null;"#)
        .await;
    browser.goto(&server.url("/risultati")).await;
    browser.wait_for_h1("I tuoi risultati").await;
    assert!(browser.outcomes().await.iter().any(|(id, s)| id == "resto_al_sud_2" && s == "eligible"));
    // The desk list and a desk's details.
    browser.goto(&server.url("/sportelli?comune=059011")).await;
    browser.wait_until("the desks near Latina", "document.getElementById('results-heading')?.textContent.includes('Latina')").await;
    browser.goto(&server.url("/sportelli/enm-latina")).await;
    browser.wait_for_h1("Sportello microcredito – Comune di Latina").await;
    // Static pages and the start page.
    browser.goto(&server.url("/informazioni")).await;
    browser.wait_for_h1("Chi siamo e fonti dei dati").await;
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    browser.close().await;
}

#[tokio::test]
async fn a_new_version_is_announced_and_old_caches_are_deleted() {
    let dist = dist_copy();
    let server = Server::start_with(dist.path(), &[]).await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.wait_until("the service worker to take control", "navigator.serviceWorker.controller !== null").await;
    let first = browser.js("return caches.keys();").await;

    // Deploy a new version: a different worker (browsers compare sw.js byte for byte).
    let sw = std::fs::read_to_string(dist.path().join("sw.js")).unwrap();
    let old_version = sw.split("const VERSION = \"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    std::fs::write(dist.path().join("sw.js"), sw.replace(&old_version, "0123456789abcdef")).unwrap();
    for copy in ["sw.js.br", "sw.js.gz"] {
        let _ = std::fs::remove_file(dist.path().join(copy));
    }
    browser.js("navigator.serviceWorker.getRegistration().then(r => r.update()); return null;").await;
    let notice = browser.wait_for(".mw-update__text").await.text().await.unwrap();
    assert!(notice.contains("nuova versione"), "{notice}");
    browser.assert_accessible().await;
    // WebDriver waits for the promise caches.keys() returns.
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let keys = browser.js("return caches.keys();").await;
        if keys == serde_json::json!(["microwork-0123456789abcdef"]) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "caches after the update: {keys} (before: {first})");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(first, serde_json::json!([format!("microwork-{old_version}")]));
    browser.close().await;
}


#[tokio::test]
async fn on_a_360_pixel_phone_no_page_scrolls_sideways() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    // A journey: the self-check's first questions, the locator with results, a desk, the contact form.
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    browser.fill("#age", "33").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("Qual è il tuo genere?").await;
    browser.click("input[name='gender'][value='F']").await;
    browser.click("form.mw-form button[type=submit]").await;
    browser.wait_for_h1("In quale regione avrà sede l'attività?").await;
    for (path, h1) in [
        ("/autovalutazione/region", "In quale regione avrà sede l'attività?"),
        ("/sportelli?comune=059011", "Sportelli per l'autoimpiego"),
        ("/sportelli/enm-roma-goito", "Sportello microcredito – Comune di Roma"),
        ("/", "Vuoi avviare un'attività? Scopri quali aiuti fanno per te"),
        ("/contatto", "Chiedi a uno sportello di ricontattarti"),
        ("/privacy", "Informativa sulla privacy"),
        ("/informazioni", "Chi siamo e fonti dei dati"),
        ("/integra", "Integra Micro Work nel tuo sito"),
    ] {
        browser.goto(&server.url(path)).await;
        browser.wait_for_h1(h1).await;
        let overflow = browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;").await;
        assert_eq!(overflow, 0, "{path} scrolls sideways by {overflow}px at 360px");
        // Touch targets: every link and button in the header, nav and forms is at least 44px tall.
        let small = browser
            .js("return [...document.querySelectorAll('.mw-nav__link, .mw-lang__button, .mw-button, .mw-input, .mw-checkbox__input, .mw-footer__links a')]
                   .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                   .map(e => e.className + ' ' + Math.round(e.getBoundingClientRect().height));")
            .await;
        assert_eq!(small, serde_json::json!([]), "{path}: touch targets under 44px");
    }
    // And the narrowest phones we support.
    browser.set_viewport(320, 640).await;
    for (path, h1) in [("/", "Vuoi avviare un'attività? Scopri quali aiuti fanno per te"), ("/sportelli?comune=059011", "Sportelli per l'autoimpiego"), ("/contatto", "Chiedi a uno sportello di ricontattarti")] {
        browser.goto(&server.url(path)).await;
        browser.wait_for_h1(h1).await;
        let overflow = browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;").await;
        assert_eq!(overflow, 0, "{path} scrolls sideways by {overflow}px at 320px");
    }
    browser.close().await;
}

#[tokio::test]
async fn an_english_deep_link_stays_english() {
    let server = Server::start().await;
    let browser = Browser::new().await;
    browser.goto(&server.url("/privacy?lang=en")).await;
    browser.wait_for_h1("Privacy notice").await;
    assert_eq!(browser.js("return document.documentElement.lang").await, "en");
    assert_eq!(browser.client.title().await.unwrap(), "Privacy notice – Micro Work");
    browser.assert_accessible().await;
    browser.click_link("About us and data sources").await;
    browser.wait_for_h1("About us and data sources").await;
    // The choice persists: a later visit without ?lang= is still English, the static start page included.
    browser.goto(&server.url("/")).await;
    browser.wait_for_h1("Starting a business? Find out which support fits you").await;
    browser.click("button[data-set-lang=it]").await;
    browser.wait_for_h1("Vuoi avviare un'attività? Scopri quali aiuti fanno per te").await;
    browser.goto(&server.url("/privacy")).await;
    browser.wait_for_h1("Informativa sulla privacy").await;
    browser.close().await;
}
