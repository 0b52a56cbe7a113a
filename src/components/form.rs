//! Form controls in the GOV.UK manner: label, hint and error message tied to the control with
//! `aria-describedby`; the error message starts with a visually hidden "Errore:".

use crate::i18n::*;
use leptos::prelude::*;

/// `aria-describedby` for a control: its hint and its error message, when they are shown.
pub fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The message next to a control, `<id>-error`, with a visually hidden "Errore:" before it.
#[component]
pub fn ErrorMessage(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
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

/// One choice of a radio group.
#[derive(Debug, Clone, PartialEq)]
pub struct RadioOption {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

/// GOV.UK radios: a fieldset whose legend (the page's `<h1>` on a question page) names the choice.
#[component]
pub fn Radios(
    id: &'static str,
    #[prop(into)] legend: Signal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into)] options: Signal<Vec<RadioOption>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// On a question page the legend is the page heading.
    #[prop(optional)]
    legend_is_heading: bool,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let legend_view = move || {
        if legend_is_heading {
            view! { <crate::components::heading::PageHeading>{legend}</crate::components::heading::PageHeading> }.into_any()
        } else {
            view! { <span>{legend}</span> }.into_any()
        }
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <fieldset class="mw-fieldset" aria-describedby=move || described_by(id, has_hint, error.read().is_some())>
                <legend class="mw-fieldset__legend" class:mw-fieldset__legend--heading=legend_is_heading>{legend_view}</legend>
                {hint.map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{h}</p> })}
                <ErrorMessage id error />
                <div class="mw-radios" class:mw-radios--inline=inline id=id>
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, o)| {
                                // `<id>-0`, the first radio, is where error links land.
                                let input_id = format!("{id}-{i}");
                                let hint_id = format!("{input_id}-hint");
                                let v = o.value.clone();
                                let v2 = o.value.clone();
                                view! {
                                    <div class="mw-radios__item">
                                        <input class="mw-radios__input" type="radio" id=input_id.clone() name=id value=o.value.clone()
                                            aria-describedby=o.hint.is_some().then(|| hint_id.clone())
                                            prop:checked=move || value.get() == v
                                            on:change=move |_| value.set(v2.clone()) />
                                        <label class="mw-radios__label" for=input_id>{o.label}</label>
                                        {o.hint.map(|h| view! { <p class="mw-hint mw-radios__hint" id=hint_id>{h}</p> })}
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
        </div>
    }
}
