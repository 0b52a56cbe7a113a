//! Browser-only behaviour of the app, run in headless Chromium by wasm-bindgen-test:
//! `cargo test --target wasm32-unknown-unknown --lib --features rtl-test-locale`.

use crate::components::layout::Shell;
use crate::i18n::*;
use leptos::prelude::*;
use microwork_core::config::AppConfig;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn rect(selector: &str) -> web_sys::DomRect {
    document().query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).get_bounding_client_rect()
}

/// Switches the language once the provider has settled on its own choice (the browser's).
#[component]
fn ForceLocale(locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| i18n.set_locale(locale));
}

/// Adding a right-to-left language takes translation files only: `<html dir>` follows the locale and the
/// layout (logical CSS properties) mirrors, with nothing overflowing sideways.
#[cfg(feature = "rtl-test-locale")]
#[wasm_bindgen_test]
async fn a_right_to_left_locale_mirrors_the_layout() {
    let doc = document();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../style/main.css")));
    doc.head().unwrap().append_child(&style).unwrap();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let config = AppConfig::parse(include_str!("../public/config.json")).unwrap();
    let _mounted = leptos::mount::mount_to(host.unchecked_into(), move || {
        let config = config.clone();
        view! {
            <I18nContextProvider>
                <ForceLocale locale=Locale::ar />
                <Shell config />
            </I18nContextProvider>
        }
    });
    sleep(300).await;

    let root = doc.document_element().unwrap();
    assert_eq!(root.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(root.get_attribute("lang").as_deref(), Some("ar"));
    // In RTL the site name sits on the right and the language buttons on the left.
    let (brand, lang) = (rect(".mw-header__brand"), rect(".mw-lang"));
    assert!(brand.left() > lang.right(), "brand at {}..{}, language at {}..{}", brand.left(), brand.right(), lang.left(), lang.right());
    let text_start = rect("main h1");
    let main = rect("main .mw-page");
    assert!((main.right() - text_start.right()).abs() < 2.0, "the heading starts from the right edge");
    assert!(root.scroll_width() <= root.client_width(), "no horizontal scrolling in RTL");
}
