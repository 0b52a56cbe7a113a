//! GOV.UK select: a label, an optional hint (which may hold a link), the error message and a `<select>`.
//! The page keeps the value; `on_change` hears the new one.

use super::error_message::ErrorMessage;
use super::field::FieldState;
use leptos::prelude::*;

/// One `<option>`: value and label.
pub type SelectOption = (String, String);

#[component]
pub fn Select(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] options: Signal<Vec<SelectOption>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// What goes under the label (`<id>-hint`), e.g. a sentence with a link.
    #[prop(optional)]
    hint: Option<ViewFn>,
) -> impl IntoView {
    let error = error.unwrap_or_default();
    let state = FieldState::new(&id, hint.is_some(), error);
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || state.has_error()>
            <label class="mw-label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{h.run()}</p> })}
            <ErrorMessage id=id.clone() error />
            <select class="mw-select" id=id.clone() name=id aria-describedby=state.described_by aria-invalid=move || state.invalid()
                on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || options.get().into_iter().map(|(v, l)| {
                    let chosen = v.clone();
                    view! { <option value=v selected=move || value.read() == chosen>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
