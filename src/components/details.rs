//! GOV.UK details: a summary the person opens for more ("Perché", "Fonti"), closed unless `open`.

use leptos::prelude::*;

#[component]
pub fn Details(#[prop(into)] summary: Signal<String>, #[prop(optional, into)] open: Signal<bool>, children: Children) -> impl IntoView {
    view! {
        <details class="mw-details" open=move || open.get()>
            <summary>{summary}</summary>
            {children()}
        </details>
    }
}
