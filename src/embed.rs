//! Embed mode, browser side: read the options once (and keep them for reloads inside the iframe), tell the
//! partner page our height whenever it changes, and answer only that page.

use js_sys::{Object, Reflect};
use microwork_core::embed::EmbedOptions;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const SESSION_KEY: &str = "mw.embed";

fn query_pairs(search: &str) -> Vec<(String, String)> {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else { return Vec::new() };
    let mut out = Vec::new();
    for key in ["embed", "partner", "accent", "region", "origin"] {
        if let Some(v) = params.get(key) {
            out.push((key.to_string(), v));
        }
    }
    out
}

/// The embed options from this page's URL, or from earlier in this tab (the URL loses them as the person navigates).
pub fn read_options() -> Option<EmbedOptions> {
    let window = web_sys::window()?;
    let session = window.session_storage().ok().flatten();
    let search = window.location().search().unwrap_or_default();
    let pairs = query_pairs(&search);
    let from_url = EmbedOptions::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if from_url.is_some() {
        if let Some(s) = &session {
            let _ = s.set_item(SESSION_KEY, &search);
        }
        return from_url;
    }
    // Same-origin frames share the tab's sessionStorage with the top page (our own /integra preview does), so
    // only a page that is itself framed may take the saved options.
    if !is_framed(&window) {
        return None;
    }
    let saved = session.and_then(|s| s.get_item(SESSION_KEY).ok().flatten())?;
    let pairs = query_pairs(&saved);
    EmbedOptions::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn is_framed(window: &web_sys::Window) -> bool {
    window.parent().ok().flatten().is_some_and(|parent| !Object::is(&parent, window))
}

fn post(kind: &str, height: Option<f64>, origin: &str) {
    let Some(window) = web_sys::window() else { return };
    if !is_framed(&window) {
        return;
    }
    let Ok(Some(parent)) = window.parent() else { return };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"type".into(), &kind.into());
    if let Some(h) = height {
        let _ = Reflect::set(&msg, &"height".into(), &h.into());
    }
    let _ = parent.post_message(&msg, origin);
}

fn content_height() -> Option<f64> {
    let body = web_sys::window()?.document()?.body()?;
    // The content's own height (not the iframe's): it must be able to shrink as well as grow. Round up so no
    // 1-pixel scroll bar appears.
    Some(body.get_bounding_client_rect().height().ceil())
}

/// Starts reporting our height to the embedding page: now, on every size change, and when it asks.
pub fn start_reporting(options: &EmbedOptions) {
    let Some(window) = web_sys::window() else { return };
    // Height is not sensitive, but with a known partner origin we only ever talk to it.
    let origin = options.parent_origin.clone().unwrap_or_else(|| "*".to_string());
    let send = {
        let origin = origin.clone();
        move || {
            if let Some(h) = content_height() {
                post("microwork:resize", Some(h), &origin);
            }
        }
    };
    send();
    let on_resize = {
        let send = send.clone();
        Closure::<dyn FnMut(js_sys::Array, web_sys::ResizeObserver)>::new(move |_, _| send())
    };
    if let (Ok(observer), Some(body)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        window.document().and_then(|d| d.body()),
    ) {
        observer.observe(&body);
    }
    on_resize.forget();

    // The partner page may ask for the height again (e.g. after it laid itself out); answer only that page.
    let expected = options.parent_origin.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let from_parent = web_sys::window()
            .and_then(|w| w.parent().ok().flatten())
            .zip(event.source())
            .is_some_and(|(parent, source)| Object::is(&parent, &source));
        let origin_ok = expected.as_deref().is_none_or(|o| o == event.origin());
        let kind = Reflect::get(&event.data(), &"type".into()).ok().and_then(|v| v.as_string());
        if from_parent && origin_ok && kind.as_deref() == Some("microwork:ping") {
            send();
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
}

/// Tells the partner page we moved to another page, so it can bring the top of the frame into view.
pub fn announce_navigation(options: &EmbedOptions) {
    post("microwork:navigate", None, options.parent_origin.as_deref().unwrap_or("*"));
}

/// Applies the partner's accent colour through CSS custom properties (no inline styles needed).
pub fn apply_accent(options: &EmbedOptions) {
    let Some(accent) = &options.accent else { return };
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    if let Ok(el) = root.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.style().set_property("--mw-accent", &accent.used.to_hex());
        let _ = el.style().set_property("--mw-accent-dark", &accent.used.to_hex());
    }
}
