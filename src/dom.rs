//! Small browser helpers the pages share: document title, focus, the boot message, `<html lang dir>`.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Runs `step` on each of the next frames until it returns true, at most `frames + 1` times: for what must wait
/// until the page has been drawn (focus after a swap, a heading the router may still move).
pub fn each_frame(frames: u32, mut step: impl FnMut() -> bool + 'static) {
    leptos::prelude::request_animation_frame(move || {
        if !step() && frames > 0 {
            each_frame(frames - 1, step);
        }
    });
}

pub fn remove_boot_message() {
    if let Some(el) = document().and_then(|d| d.get_element_by_id("boot")) {
        el.remove();
    }
}

/// The path the app is served under (`/`, or `/microwork/` under a sub-path): `<base href>`'s path if the page
/// has one, else the folder of boot.js (which sits at the app's root: `microwork public-url` moves it with the
/// rest), else `/`. Read once at start.
pub fn base_path() -> String {
    let d = document();
    let base = d.as_ref().and_then(|d| d.query_selector("base[href]").ok().flatten()).and_then(|_| d.as_ref()?.base_uri().ok().flatten());
    let boot = || {
        let script = d.as_ref()?.query_selector("script[data-wasm][src]").ok().flatten()?;
        let src = script.get_attribute("src")?;
        let page = d.as_ref()?.url().ok()?;
        web_sys::Url::new_with_base(".", &web_sys::Url::new_with_base(&src, &page).ok()?.href()).ok().map(|u| u.href())
    };
    base.or_else(boot)
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map_or_else(|| "/".to_string(), |url| url.pathname())
}

/// Sets the page's language and writing direction (screen readers, hyphenation, right-to-left layout).
pub fn set_root_lang(lang: &str, dir: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
        let _ = root.set_attribute("dir", dir);
    }
}

pub fn set_title(title: &str, suffix: &str) {
    if let Some(d) = document() {
        d.set_title(&format!("{title} – {suffix}"));
    }
}

/// Focuses an element by id (error summaries, fields named in them).
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Adds a class on `<html>` (e.g. `mw-embedded`), for styles that depend on how the app runs.
pub fn add_root_class(class: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.class_list().add_1(class);
    }
}

/// Today's date and the minutes since midnight in Italy (desks' hours are Italian local time, whatever the
/// person's device is set to), from the device's clock (core computes Italy's offset).
pub fn rome_now() -> (microwork_core::date::Date, u16) {
    let now = js_sys::Date::now();
    microwork_core::workdays::italian_time_of_unix_ms(now).unwrap_or((microwork_core::date::Date::MIN, 0))
}

/// Today in Italy.
pub fn today() -> microwork_core::date::Date {
    rome_now().0
}

/// The browser's localStorage, when it is available (it may be blocked, or full).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Copies text to the clipboard; `status` becomes `Some(true)` on success, `Some(false)` if the browser refused.
pub fn copy_to_clipboard(text: String, status: leptos::prelude::RwSignal<Option<bool>>) {
    use leptos::prelude::Set;
    let clipboard = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined());
    let promise = clipboard.and_then(|c| {
        let write = js_sys::Reflect::get(&c, &"writeText".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        write.call1(&c, &text.into()).ok()?.dyn_into::<js_sys::Promise>().ok()
    });
    match promise {
        Some(p) => leptos::task::spawn_local(async move {
            status.set(Some(wasm_bindgen_futures::JsFuture::from(p).await.is_ok()));
        }),
        None => status.set(Some(false)),
    }
}

/// `https://host:port` of this page.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Changes the address without a new history entry (and without the router noticing).
pub fn replace_address(href: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// Opens the folded sections (`<details>`) that match `selector`, e.g. before a link into one of them.
pub fn open_details(selector: &str) {
    if let Some(list) = document().and_then(|d| d.query_selector_all(selector).ok()) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.set_attribute("open", "");
            }
        }
    }
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// A phone or tablet, whose own map app takes `geo:` links.
pub fn is_phone() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Android") || ua.contains("iPhone") || ua.contains("iPad"))
}

/// A version 4 UUID from the browser's random generator (available on http and https alike).
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}
