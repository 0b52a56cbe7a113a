//! A data file could not be downloaded: say so, and offer to try again (also done by itself when the browser
//! comes back online).

use crate::data::use_data;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LoadFailed(#[prop(into)] message: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    view! {
        <div class="mw-panel mw-panel--notice" role="alert">
            <p>{message}</p>
            <button type="button" class="mw-button mw-button--secondary" on:click=move |_| data.retry()>
                {t!(i18n, site.retry)}
            </button>
        </div>
    }
}
