//! GOV.UK date input: day, month and year in three boxes inside a fieldset (`<id>-day`, `<id>-month`,
//! `<id>-year`; error links land on the day). The boxes hold text as typed; core reads it into a date.

use super::field::Fieldset;
use crate::i18n::{Key, k, t};
use leptos::prelude::*;

#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    day: RwSignal<String>,
    month: RwSignal<String>,
    year: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// On a question page the legend is the page heading.
    #[prop(optional)]
    legend_is_heading: bool,
) -> impl IntoView {
    let invalid = move || error.read().is_some().then_some("true");
    let part = |suffix: &str, label: Key, width: &'static str, value: RwSignal<String>| {
        let input_id = format!("{id}-{suffix}");
        view! {
            <div class="mw-date-input__item">
                <label class="mw-label" for=input_id.clone()>{t(label)}</label>
                <input class=format!("mw-input {width}") class:mw-input--error=move || invalid().is_some() id=input_id.clone()
                    name=input_id type="text" inputmode="numeric" aria-invalid=invalid bind:value=value />
            </div>
        }
    };
    let parts = view! {
        <div class="mw-date-input">
            {part("day", k::components::DAY, "mw-input--2", day)}
            {part("month", k::components::MONTH, "mw-input--2", month)}
            {part("year", k::components::YEAR, "mw-input--4", year)}
        </div>
    };
    view! { <Fieldset id legend hint error legend_is_heading role="group">{parts}</Fieldset> }
}
