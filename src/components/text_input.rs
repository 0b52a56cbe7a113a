//! GOV.UK text input: a label (or, on a question page, the page's `<h1>` as the label), an optional hint, the
//! error message, and the input tied to both with `aria-describedby`. A unit ("anni", "€") may follow the box.

use super::error_message::ErrorMessage;
use super::field::{FieldState, Hint};
use super::heading::PageHeading;
use leptos::prelude::*;

#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// A narrower box for short values (`mw-input--short`).
    #[prop(optional)]
    short: bool,
    /// A unit shown after the box ("anni").
    #[prop(into, optional_no_strip)]
    suffix: Option<Signal<String>>,
    /// On a question page the label is the page's heading.
    #[prop(optional)]
    label_is_heading: bool,
) -> impl IntoView {
    let state = FieldState::new(&id, hint.is_some(), error);
    let label_view = if label_is_heading {
        let target = id.clone();
        view! { <PageHeading><label class="mw-label-heading" for=target>{label}</label></PageHeading> }.into_any()
    } else {
        view! { <label class="mw-label" for=id.clone()>{label}</label> }.into_any()
    };
    let input = view! {
        <input
            class="mw-input"
            class:mw-input--short=short
            class:mw-input--error=move || state.has_error()
            id=id.clone()
            name=id.clone()
            type=input_type
            autocomplete=autocomplete
            inputmode=inputmode
            // Numbers are not words: no red underline under "50000".
            spellcheck=(inputmode == Some("numeric")).then_some("false")
            aria-describedby=state.described_by
            aria-invalid=move || state.invalid()
            bind:value=value
        />
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || state.has_error()>
            {label_view}
            {hint.map(|h| view! { <Hint id=id.clone() text=h /> })}
            <ErrorMessage id=id.clone() error />
            {match suffix {
                Some(unit) => view! {
                    <div class="mw-input-wrapper">
                        {input}
                        <span class="mw-input-suffix" aria-hidden="true">{unit}</span>
                    </div>
                }
                .into_any(),
                None => input.into_any(),
            }}
        </div>
    }
}
