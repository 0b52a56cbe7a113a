//! GOV.UK character count: a textarea that says, as the person types, how many characters are left or too
//! many (politely announced). The limit itself is enforced by core's validation, not by the box.

use super::error_message::ErrorMessage;
use super::field::{FieldState, Hint};
use crate::i18n::{k, use_i18n};
use leptos::prelude::*;

#[component]
pub fn CharacterCount(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    max: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = FieldState::new(&id, hint.is_some(), error);
    let count = move || value.read().chars().count();
    let message = move || {
        let n = count();
        if n > max {
            i18n.msg(k::components::chars_over((n - max) as u64))
        } else {
            i18n.msg(k::components::chars_left((max - n) as u64))
        }
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || state.has_error()>
            <label class="mw-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <Hint id=id.clone() text=h /> })}
            <ErrorMessage id=id.clone() error />
            <textarea class="mw-textarea" id=id.clone() name=id.clone() rows="5"
                aria-describedby=state.described_by aria-invalid=move || state.invalid() bind:value=value></textarea>
            <p class="mw-hint mw-character-count" class:mw-character-count--over=move || { count() > max }
                id=format!("{id}-count") aria-live="polite">
                {message}
            </p>
        </div>
    }
}
