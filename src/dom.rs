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

/// Today's date and the minutes since midnight in Italy (desks' hours are Italian local time, whatever the
/// person's device is set to). Falls back to the device's own clock if the browser lacks time zone data.
pub fn rome_now() -> (microwork_core::date::Date, u16) {
    let now = js_sys::Date::new_0();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Rome".into());
    let _ = js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into());
    // Swedish formatting is ISO-like: "2026-11-27 09:05:00".
    let text: String = now.to_locale_string("sv-SE", &options).into();
    let parsed = text.get(0..10).and_then(microwork_core::date::parse_iso).zip(
        text.get(11..13).and_then(|h| h.parse::<u16>().ok()).zip(text.get(14..16).and_then(|m| m.parse::<u16>().ok())),
    );
    match parsed {
        Some((date, (h, m))) => (date, h * 60 + m),
        None => {
            let iso = format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date());
            let date = microwork_core::date::parse_iso(&iso)
                .unwrap_or(microwork_core::date::Date::MIN);
            (date, (now.get_hours() * 60 + now.get_minutes()) as u16)
        }
    }
}

/// Today in Italy.
pub fn today() -> microwork_core::date::Date {
    rome_now().0
}
