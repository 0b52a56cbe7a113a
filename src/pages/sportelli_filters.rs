//! The locator's filters: who runs the desk, the measure it helps with, the day it is open. Each change is a
//! new address ([`SportelliQuery`]), so back/forward and shared links keep them.

use crate::components::checkboxes::Checkboxes;
use crate::components::radios::Choice;
use crate::components::select::Select;
use crate::data::use_data;
use crate::dom;
use crate::i18n::{k, t, use_i18n};
use crate::routes::SportelliQuery;
use crate::wording::{dates::day_name, desks::host_label};
use leptos::prelude::*;
use microwork_core::date::Weekday;
use microwork_core::hours::weekday_code;
use microwork_core::sportelli::HostType;

const DAYS: [Weekday; 6] = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday, Weekday::Saturday];

/// `query`: the current address's; `change` gets the new one.
#[component]
pub fn Filters(query: Memo<SportelliQuery>, change: Callback<SportelliQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let update = move |f: &dyn Fn(&mut SportelliQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        change.run(q);
    };
    let hosts = Signal::derive(move || HostType::ALL.into_iter().map(|h| Choice::new(h.code(), host_label(i18n, h))).collect::<Vec<_>>());
    let checked = Signal::derive(move || query.read().hosts.iter().map(|h| h.code().to_string()).collect::<Vec<_>>());
    let on_toggle = Callback::new(move |(code, on): (String, bool)| {
        update(&|q| {
            q.hosts.retain(|h| h.code() != code);
            if on {
                q.hosts.extend(HostType::from_code(&code));
            }
        })
    });
    // The measures' names come from data/measures.json: downloaded when the filters are opened, not with the
    // page.
    let opened = RwSignal::new(false);
    let instruments = Signal::derive(move || {
        let lang = i18n.lang();
        // The first choice says which desks show without a choice: all, or those for the measures that fit.
        let any = if query.read().instruments.is_empty() { k::sportelli::INSTRUMENT_ANY } else { k::sportelli::INSTRUMENTS_FIT };
        let mut list = vec![(String::new(), i18n.text(any))];
        let wanted = opened.get() || query.read().has_filters();
        if let Some(Ok(measures)) = if wanted { data.measures() } else { data.peek_measures() } {
            list.extend(measures.open(dom::today()).into_iter().map(|(id, name)| (id.to_string(), name.get(lang).to_string())));
        }
        list
    });
    let days = Signal::derive(move || {
        let mut list = vec![(String::new(), i18n.text(k::sportelli::DAY_ANY))];
        list.extend(DAYS.map(|d| (weekday_code::code(d).to_string(), day_name(i18n, d))));
        list
    });
    let instrument = Signal::derive(move || query.read().instrument.clone().unwrap_or_default());
    let day = Signal::derive(move || query.read().day.map(|d| weekday_code::code(d).to_string()).unwrap_or_default());
    let some = |v: String| (!v.is_empty()).then_some(v);
    view! {
        <details class="mw-filters" open=move || query.read().has_filters()
            on:toggle=move |ev| opened.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>{t(k::sportelli::FILTERS_TITLE)}</summary>
            <Checkboxes id="tipo" legend=t(k::sportelli::FILTER_HOST) options=hosts checked on_toggle inline=true />
            <Select id="strumento" label=t(k::sportelli::FILTER_INSTRUMENT) options=instruments value=instrument
                on_change=Callback::new(move |v: String| update(&|q| q.instrument = some(v.clone()))) />
            <Select id="giorno" label=t(k::sportelli::FILTER_DAY) options=days value=day
                on_change=Callback::new(move |v: String| update(&|q| q.day = weekday_code::from_code(&v))) />
        </details>
    }
}
