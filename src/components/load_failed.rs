//! Waiting for a data file: a plain message while it downloads; if it could not be, say so and offer to try
//! again (also done by itself when the browser comes back online).

use crate::data::{Loaded, use_data};
use crate::i18n::{Key, k, t};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn LoadFailed(message: Key) -> impl IntoView {
    let data = use_data();
    view! {
        <div class="mw-panel mw-panel--notice" role="alert">
            <p>{t(message)}</p>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| data.retry()>
                {t(k::site::RETRY)}
            </button>
        </div>
    }
}

/// Shows `content` once the file `state` reads is there (reactive: it follows the download).
pub fn when_loaded<T: Send + Sync + 'static>(
    state: impl Fn() -> Loaded<T> + Send + Sync + 'static,
    loading: Key,
    failed: Key,
    content: impl Fn(Arc<T>) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || match state() {
        None => view! { <p role="status">{t(loading)}</p> }.into_any(),
        Some(Err(_)) => view! { <LoadFailed message=failed /> }.into_any(),
        Some(Ok(value)) => content(value),
    }
}
