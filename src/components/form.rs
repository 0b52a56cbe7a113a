//! Form controls in the GOV.UK manner: label, hint and error message tied to the control with
//! `aria-describedby`; the error message starts with a visually hidden "Errore:".

use crate::i18n::*;
use leptos::prelude::*;

fn described_by(id: &'static str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn ErrorMessage(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || error.read().is_some()>
            <p class="mw-error-message" id=format!("{id}-error")>
                <span class="mw-visually-hidden">{t!(i18n, contact.error_prefix)} " "</span>
                {move || error.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

#[component]
pub fn TextInput(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <label class="mw-label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{h}</p> })}
            <ErrorMessage id error />
            <input
                class="mw-input"
                class:mw-input--error=move || error.read().is_some()
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                aria-describedby=move || described_by(id, has_hint, error.read().is_some())
                aria-invalid=move || error.read().is_some().then_some("true")
                bind:value=value
            />
        </div>
    }
}

#[component]
pub fn TextArea(
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] max_chars: Option<usize>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <label class="mw-label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{h}</p> })}
            <ErrorMessage id error />
            <textarea
                class="mw-textarea"
                id=id
                name=id
                rows="5"
                aria-describedby=move || described_by(id, has_hint, error.read().is_some())
                aria-invalid=move || error.read().is_some().then_some("true")
                bind:value=value
            ></textarea>
            {max_chars.map(|max| view! { <CharacterCount id value max /> })}
        </div>
    }
}

#[component]
fn CharacterCount(id: &'static str, value: RwSignal<String>, max: usize) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || value.read().chars().count();
    view! {
        <p
            class=move || {
                if count() > max { "mw-hint mw-character-count mw-character-count--over" } else { "mw-hint mw-character-count" }
            }
            id=format!("{id}-count")
            aria-live="polite"
        >
            {move || {
                let n = count();
                match n {
                    n if n == max + 1 => t_string!(i18n, form.chars_over_one).to_string(),
                    n if n > max => t_string!(i18n, form.chars_over, n = n - max).to_string(),
                    n if n + 1 == max => t_string!(i18n, form.chars_left_one).to_string(),
                    n => t_string!(i18n, form.chars_left, n = max - n).to_string(),
                }
            }}
        </p>
    }
}

#[component]
pub fn Checkbox(
    id: &'static str,
    checked: RwSignal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <ErrorMessage id error />
            <div class="mw-checkbox">
                <input
                    class="mw-checkbox__input"
                    type="checkbox"
                    id=id
                    name=id
                    aria-describedby=move || described_by(id, false, error.read().is_some())
                    aria-invalid=move || error.read().is_some().then_some("true")
                    bind:checked=checked
                />
                <label class="mw-checkbox__label" for=id>{children()}</label>
            </div>
        </div>
    }
}
