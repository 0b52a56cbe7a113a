//! The Micro Work app: loads its configuration and data, keeps the person's state in signals, renders pages.
//! Eligibility, geography and validation live in `microwork-core`; nothing here decides, it only shows.

pub mod api;
pub mod components;
pub mod context;
pub mod data;
pub mod dom;
pub mod embed;
pub mod geolocation;
pub mod offline;
pub mod outbox;
pub mod pages;
pub mod problem_text;
pub mod routes;
pub mod selfcheck;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
#[cfg(test)]
mod i18n_check;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use crate::components::layout::Shell;
use crate::i18n::I18nContextProvider;
use leptos::prelude::*;

/// Mounts the app on `<body>`, replacing the loading message `index.html` shows until wasm runs.
pub fn start() {
    dom::remove_boot_message();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(api::load_config);
    view! {
        <I18nContextProvider>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(config) => view! { <Shell config /> }.into_any(),
                        Err(error) => view! { <pages::config_error::ConfigErrorPage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </I18nContextProvider>
    }
}
