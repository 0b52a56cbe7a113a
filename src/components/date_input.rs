//! GOV.UK date input: day, month and year in three boxes inside a fieldset (`<id>-day`, `<id>-month`,
//! `<id>-year`; error links land on the day). The boxes hold text as typed; core reads it into a date.

use super::error_message::ErrorMessage;
use super::field::{Hint, described_by};
use super::radios::legend;
use crate::i18n::{k, t};
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
    let has_hint = hint.is_some();
    let has_error = move || error.read().is_some();
    let described = {
        let id = id.clone();
        move || described_by(&id, has_hint, has_error())
    };
    let part = |suffix: &str, label: Signal<String>, width: &'static str, value: RwSignal<String>| {
        let input_id = format!("{id}-{suffix}");
        view! {
            <div class="mw-date-input__item">
                <label class="mw-label" for=input_id.clone()>{label}</label>
                <input class=format!("mw-input {width}") class:mw-input--error=has_error id=input_id.clone() name=input_id
                    type="text" inputmode="numeric" aria-invalid=move || has_error().then_some("true") bind:value=value />
            </div>
        }
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=has_error>
            <fieldset class="mw-fieldset" role="group" aria-describedby=described>
                <legend class="mw-fieldset__legend" class:mw-fieldset__legend--heading=legend_is_heading>
                    {self::legend(legend, legend_is_heading)}
                </legend>
                {hint.map(|h| view! { <Hint id=id.clone() text=h /> })}
                <ErrorMessage id=id.clone() error />
                <div class="mw-date-input">
                    {part("day", Signal::derive(t(k::components::DAY)), "mw-input--2", day)}
                    {part("month", Signal::derive(t(k::components::MONTH)), "mw-input--2", month)}
                    {part("year", Signal::derive(t(k::components::YEAR)), "mw-input--4", year)}
                </div>
            </fieldset>
        </div>
    }
}
