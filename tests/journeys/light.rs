//! Light on a phone: the app arrives in parts (one per page, see crates/build), and a part that fails to
//! download never leaves a blank or frozen page.

use microwork_e2e::{Browser, Server, dist_copy};
use std::path::{Path, PathBuf};

/// The files of one page's own part of the app (`split___<route>_view_*.wasm` and its compressed copies).
fn page_part(dist: &Path, route: &str) -> Vec<PathBuf> {
    let prefix = format!("split___{route}_view_");
    let found: Vec<PathBuf> = std::fs::read_dir(dist)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix) && n.contains(".wasm")))
        .collect();
    assert!(!found.is_empty(), "no {prefix}*.wasm in {}: is the app split by route?", dist.display());
    found
}

#[tokio::test]
async fn a_page_that_fails_to_download_says_so_and_opens_when_tried_again() {
    let dist = dist_copy();
    let aside = tempfile::tempdir().unwrap();
    // The server loses the contact page's part (as a network failure or a half-finished deploy would).
    let part = page_part(dist.path(), "contact_route");
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
    browser.wait_for_h1("Chiedi di essere ricontattato").await;
    browser.assert_accessible().await;
    browser.close().await;
}
