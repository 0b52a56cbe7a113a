//! GOV.UK checkboxes: several choices in a fieldset (error links land on the first box, `<id>-0`), and the
//! single checkbox of a consent.

use super::error_message::ErrorMessage;
use super::field::{Hint, described_by};
use super::radios::{Choice, legend};
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
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let has_error = move || error.read().is_some();
    let described = {
        let id = id.clone();
        move || described_by(&id, has_hint, has_error())
    };
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
        <div class="mw-form-group" class:mw-form-group--error=has_error>
            <fieldset class="mw-fieldset" aria-describedby=described>
                <legend class="mw-fieldset__legend" class:mw-fieldset__legend--heading=legend_is_heading>
                    {self::legend(legend, legend_is_heading)}
                </legend>
                {hint.map(|h| view! { <Hint id=id.clone() text=h /> })}
                <ErrorMessage id=id.clone() error />
                <div class="mw-checkboxes" class:mw-checkboxes--inline=inline>
                    {move || options.get().into_iter().enumerate().map(item.clone()).collect_view()}
                </div>
            </fieldset>
        </div>
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
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_error = move || error.read().is_some();
    let described = {
        let id = id.clone();
        move || {
            let own = described_by(&id, false, has_error());
            match (hint_id, own) {
                (Some(a), Some(b)) => Some(format!("{a} {b}")),
                (a, b) => b.or(a.map(str::to_string)),
            }
        }
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=has_error>
            <ErrorMessage id=id.clone() error />
            <div class="mw-checkbox">
                <input class="mw-checkbox__input" type="checkbox" id=id.clone() name=id.clone()
                    aria-describedby=described
                    aria-invalid=move || has_error().then_some("true")
                    bind:checked=checked />
                <label class="mw-checkbox__label" for=id>{children()}</label>
            </div>
        </div>
    }
}
