//! GOV.UK checkboxes: several choices in a fieldset (error links land on the first box, `<id>-0`), and the
//! single checkbox of a consent.

use super::error_message::ErrorMessage;
use super::field::{FieldState, Fieldset};
use super::radios::Choice;
use leptos::prelude::*;

/// A group of checkboxes; `checked` holds the ticked values, `on_toggle` hears `(value, ticked)`.
#[component]
pub fn Checkboxes(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    #[prop(into)] options: Signal<Vec<Choice>>,
    #[prop(into)] checked: Signal<Vec<String>>,
    on_toggle: Callback<(String, bool)>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// On a question page the legend is the page heading.
    #[prop(optional)]
    legend_is_heading: bool,
    /// Small boxes side by side (filters).
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let name = id.clone();
    let item = move |(i, o): (usize, Choice)| {
        let input_id = format!("{name}-{i}");
        let (value, toggled) = (o.value.clone(), o.value.clone());
        view! {
            <div class="mw-checkbox" class:mw-checkbox--small=inline>
                <input class="mw-checkbox__input" type="checkbox" id=input_id.clone() name=name.clone() value=o.value
                    prop:checked=move || checked.read().contains(&value)
                    on:change=move |ev| on_toggle.run((toggled.clone(), event_target_checked(&ev))) />
                <label class="mw-checkbox__label" for=input_id>{o.label}</label>
            </div>
        }
    };
    view! {
        <Fieldset id legend hint error=error.unwrap_or_default() legend_is_heading>
            <div class="mw-checkboxes" class:mw-checkboxes--inline=inline>
                {move || options.get().into_iter().enumerate().map(item.clone()).collect_view()}
            </div>
        </Fieldset>
    }
}

/// One checkbox whose label is the children (a consent), with its own error message.
#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    checked: RwSignal<bool>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    /// The id of a text that explains it (read out with it), besides the error.
    #[prop(optional)]
    hint_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let error = error.unwrap_or_default();
    let state = FieldState::new(&id, false, error);
    let described = move || match (hint_id, state.described_by.get()) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => b.or(a.map(str::to_string)),
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || state.has_error()>
            <ErrorMessage id=id.clone() error />
            <div class="mw-checkbox">
                <input class="mw-checkbox__input" type="checkbox" id=id.clone() name=id.clone()
                    aria-describedby=described aria-invalid=move || state.invalid() bind:checked=checked />
                <label class="mw-checkbox__label" for=id>{children()}</label>
            </div>
        </div>
    }
}
