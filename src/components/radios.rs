//! GOV.UK radios: one choice among a few, in a fieldset whose legend names the choice (on a question page, the
//! legend is the page's `<h1>`). Error links land on the first radio, `<id>-0`.

use super::field::Fieldset;
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
        <Fieldset id=id.clone() legend hint error legend_is_heading>
            <div class="mw-radios" class:mw-radios--inline=inline id=id.clone()>
                {move || options.get().into_iter().enumerate().map(item.clone()).collect_view()}
            </div>
        </Fieldset>
    }
}
