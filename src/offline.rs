//! The service worker (registered by boot.js once the page has loaded): a notice when a new version has taken
//! over, so the person knows the next load brings it.

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

/// Listens for a new version taking over. (boot.js registers the worker, also on the static start page.)
pub fn watch_updates(update_ready: UpdateReady) {
    let Some(sw) = container() else { return };
    let mut had_controller = sw.controller().is_some();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        // The first install takes control of a page that had none: that is not an update; any later change is.
        if had_controller {
            update_ready.0.set(true);
        }
        had_controller = true;
    });
    sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}
