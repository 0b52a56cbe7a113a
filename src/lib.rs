//! The Micro Work app: loads its configuration, texts and data, keeps the person's state in signals, renders
//! pages. Eligibility, geography and validation live in `microwork-core`; nothing here decides, it only shows.
//! ARCHITECTURE.md (at the repository's root) maps the layers and where each kind of code goes.

pub mod api;
pub mod components;
pub mod context;
pub mod data;
pub mod dom;
pub mod embed;
pub mod executor;
pub mod external;
pub mod geolocation;
pub mod i18n;
pub mod lazy_routes;
pub mod navigation;
pub mod offline;
pub mod outbox;
pub mod pages;
pub mod routes;
pub mod selfcheck;
pub mod wording;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
#[cfg(test)]
mod i18n_check;

use crate::components::layout::Shell;
use crate::i18n::{I18n, Texts, TextsUnavailable};
use leptos::prelude::*;
use microwork_core::config::AppConfig;

/// Mounts the app on `<body>`, replacing the loading message `index.html` shows until wasm runs.
pub fn start() {
    executor::install();
    routes::set_base(&dom::base_path());
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    // The configuration and the person's language at once: on a slow connection the wait is the longer one.
    // Nothing is drawn until both have arrived: the static copy of the page (boot.js) stays on screen meanwhile.
    // (A plain task and a signal, not a resource in a Suspense: that machinery was code every first visit
    // downloaded, issue 12.)
    let arrived = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        // A first page that reads the second part of the texts gets both at once (boot.js asked for the same).
        let more = lazy_routes::Page::of(routes::Route::parse(&navigation::current_address()).as_ref()).reads_more_texts();
        arrived.set_value(Some(futures_util::future::join(api::load_config(), i18n::load(i18n::initial_lang(), more)).await));
        ready.set(true);
    });
    move || {
        if !ready.get() {
            return None;
        }
        let (config, texts) = arrived.try_update_value(Option::take).flatten()?;
        Some(match texts {
            Ok(texts) => view! { <Started config texts /> }.into_any(),
            Err(_) => view! { <TextsUnavailable /> }.into_any(),
        })
    }
}

#[component]
fn Started(config: Result<AppConfig, api::LoadError>, texts: Texts) -> impl IntoView {
    I18n::provide(texts);
    match config {
        Ok(config) => view! { <Shell config /> }.into_any(),
        Err(error) => view! { <pages::config_error::ConfigErrorPage error /> }.into_any(),
    }
}
