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
