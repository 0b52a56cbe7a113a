//! GOV.UK error message: the reason a control's value was refused, next to it (`<id>-error`), read out after
//! a visually hidden "Errore:" so that a screen reader user knows it is an error. The control names it in
//! its `aria-describedby` (see [`super::field::described_by`]).

use crate::i18n::{k, t};
use leptos::prelude::*;

#[component]
pub fn ErrorMessage(#[prop(into)] id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.read().is_some()>
            <p class="mw-error-message" id=format!("{id}-error")>
                <span class="mw-visually-hidden">{t(k::components::ERROR_PREFIX)} " "</span>
                {move || error.get().unwrap_or_default()}
            </p>
        </Show>
    }
}
