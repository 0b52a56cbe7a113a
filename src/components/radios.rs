//! GOV.UK radios: one choice among a few, in a fieldset whose legend names the choice (on a question page, the
//! legend is the page's `<h1>`). Error links land on the first radio, `<id>-0`.

use super::error_message::ErrorMessage;
use super::field::{Hint, described_by};
use super::heading::PageHeading;
use leptos::prelude::*;

/// One choice of a radio or checkbox group.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice { value: value.into(), label: label.into(), hint: None }
    }
}

/// The legend of a fieldset: the page's heading on a question page, else plain text.
pub(crate) fn legend(text: Signal<String>, is_heading: bool) -> AnyView {
    if is_heading {
        view! { <PageHeading>{text}</PageHeading> }.into_any()
    } else {
        view! { <span>{text}</span> }.into_any()
    }
}

#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    #[prop(into)] options: Signal<Vec<Choice>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// On a question page the legend is the page heading.
    #[prop(optional)]
    legend_is_heading: bool,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let has_error = move || error.read().is_some();
    let described = {
        let id = id.clone();
        move || described_by(&id, has_hint, has_error())
    };
    let name = id.clone();
    let item = move |(i, o): (usize, Choice)| {
        let input_id = format!("{name}-{i}");
        let hint_id = format!("{input_id}-hint");
        let (checked, chosen) = (o.value.clone(), o.value.clone());
        view! {
            <div class="mw-radios__item">
                <input class="mw-radios__input" type="radio" id=input_id.clone() name=name.clone() value=o.value
                    aria-describedby=o.hint.is_some().then(|| hint_id.clone())
                    prop:checked=move || value.read() == checked
                    on:change=move |_| value.set(chosen.clone()) />
                <label class="mw-radios__label" for=input_id>{o.label}</label>
                {o.hint.map(|h| view! { <p class="mw-hint mw-radios__hint" id=hint_id>{h}</p> })}
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
                <div class="mw-radios" class:mw-radios--inline=inline id=id.clone()>
                    {move || options.get().into_iter().enumerate().map(item.clone()).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
