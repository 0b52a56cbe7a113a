//! The guide (issue 14): "Cos'è il microcredito", "Il percorso", the questions and the glossary, in both
//! languages, reached from the footer and the results page, with glossary terms linked. At 360×640, audited
//! with axe-core, failing on any console error.

mod console;

use console::{assert_no_console_errors, record_console_errors};
use microwork_e2e::{Browser, Server};

#[tokio::test]
async fn the_guide_from_the_footer_in_italian_and_english() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    // The start page is static HTML until the app runs (BUILD adds the guide to its footer); any app page has it.
    browser.goto(&server.url("/sportelli")).await;
    // The prerendered copy has the same footer link: wait for the app's own page before following it.
    browser.wait_until("the app to take the page over", "document.getElementById('boot') === null").await;
    browser.wait_for("footer a[href='/guida']").await;
    record_console_errors(&browser).await;
    browser.click("footer a[href='/guida']").await;
    browser.wait_for_h1("Guida al microcredito").await;
    browser.wait_for("a[href='/guida/microcredito']").await;
    browser.assert_accessible().await;

    browser.click("main a[href='/guida/microcredito']").await;
    browser.wait_for_h1("Cos'è il microcredito").await;
    assert!(browser.js("return document.title").await.as_str().unwrap().starts_with("Cos'è il microcredito"));
    browser.assert_accessible().await;

    browser.click("main a[href='/guida/percorso']").await;
    browser.wait_for_h1("Il percorso, passo per passo").await;
    let steps = browser.wait_for("main").await.text().await.unwrap();
    for words in ["Quanto ci vuole", "Cosa portare", "Fonti"] {
        assert!(steps.contains(words), "{words} in {steps}");
    }
    // The journey's words link to the glossary.
    assert!(browser.js("return document.querySelectorAll('main a.mw-term').length").await.as_u64().unwrap() > 0);
    browser.assert_accessible().await;

    browser.click("main a[href='/guida/domande']").await;
    browser.wait_for_h1("Domande frequenti").await;
    let n = browser.js("return document.querySelectorAll('main section.mw-guide__section').length").await.as_u64().unwrap();
    assert!(n >= 15, "{n} questions");
    browser.click("a[href='#naspi']").await;
    browser.wait_for("#naspi h2").await;
    browser.assert_accessible().await;

    browser.goto(&server.url("/guida/glossario#taeg")).await;
    browser.wait_for_h1("Glossario").await;
    record_console_errors(&browser).await;
    let taeg = browser.wait_for("#taeg").await.text().await.unwrap();
    assert!(taeg.contains("TAEG"), "{taeg}");
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;

    // English, the same pages.
    browser.goto(&server.url("/guida/percorso?lang=en")).await;
    browser.wait_for_h1("The journey, step by step").await;
    record_console_errors(&browser).await;
    let text = browser.wait_for("main").await.text().await.unwrap();
    assert!(text.contains("How long it takes") && text.contains("What to bring"), "{text}");
    browser.assert_accessible().await;
    browser.goto(&server.url("/guida/glossario?lang=en")).await;
    browser.wait_for_h1("Glossary").await;
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;
    browser.close().await;
}

#[tokio::test]
async fn the_start_page_does_not_download_the_guide() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    browser.goto(&server.url("/autovalutazione")).await;
    browser.wait_for_h1("Quanti anni hai?").await;
    let fetched = browser
        .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => /guide|faq|glossary/.test(n))")
        .await;
    assert_eq!(fetched, serde_json::json!([]), "the guide's data is for the guide's pages");
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_guide_page_says_so() {
    let server = Server::start().await;
    let browser = Browser::with_size(360, 640).await;
    browser.goto(&server.url("/guida/nessuna")).await;
    browser.wait_for_h1("Pagina della guida non trovata").await;
    record_console_errors(&browser).await;
    browser.assert_accessible().await;
    assert_no_console_errors(&browser).await;
    browser.close().await;
}
