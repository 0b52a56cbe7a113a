//! The service worker: registered after the page has loaded (it must not compete with the first visit), and
//! a notice when a new version has taken over, so the person knows the next load brings it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Set when a newer version of the app has been installed while this page was open.
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent on http origins other than localhost, and in some private modes.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into()).ok()?.then(|| navigator.service_worker())
}

pub fn register(update_ready: UpdateReady) {
    let Some(window) = web_sys::window() else { return };
    let Some(sw) = container() else { return };
    let had_controller = sw.controller().is_some();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        // The first install takes control of a page that had none: that is not an update.
        if had_controller {
            update_ready.0.set(true);
        }
    });
    sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();

    let start = Closure::once_into_js(move || {
        if let Some(sw) = container() {
            let _ = sw.register("/sw.js");
        }
    });
    let ready = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.ready_state() == "complete");
    if ready {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 1000);
    } else {
        let _ = window.add_event_listener_with_callback("load", start.unchecked_ref());
    }
}
