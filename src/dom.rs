//! Small browser helpers the pages share: document title, focus, the boot message.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

pub fn remove_boot_message() {
    if let Some(el) = document().and_then(|d| d.get_element_by_id("boot")) {
        el.remove();
    }
}

pub fn set_title(title: &str, suffix: &str) {
    if let Some(d) = document() {
        d.set_title(&format!("{title} – {suffix}"));
    }
}

/// Moves focus to the page's main heading after the new page has rendered, so screen readers announce it.
pub fn focus_main_heading() {
    let Some(window) = web_sys::window() else { return };
    let focus = wasm_bindgen::closure::Closure::once_into_js(|| {
        if let Some(h1) = document()
            .and_then(|d| d.query_selector("main h1").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = h1.focus();
        }
    });
    let _ = window.request_animation_frame(focus.unchecked_ref());
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
