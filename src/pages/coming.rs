//! Pages whose feature is not built yet: they say so plainly and offer what works today.

use crate::components::page::use_title;
use crate::i18n::*;
use crate::routes::Route;
use crate::components::heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
fn Coming(title: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || title.get());
    view! {
        <div class="mw-page">
            <PageHeading>{title}</PageHeading>
            <div class="mw-panel mw-panel--notice">
                <h2>{t!(i18n, coming.heading)}</h2>
                <p>{t!(i18n, coming.body)}</p>
                <p><A href=Route::Contact.path()>{t!(i18n, coming.link)}</A></p>
            </div>
        </div>
    }
}

#[component]
pub fn SelfCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Coming title=Signal::derive(move || t_string!(i18n, titles.selfcheck).to_string()) /> }
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Coming title=Signal::derive(move || t_string!(i18n, titles.results).to_string()) /> }
}

#[component]
pub fn SportelliPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Coming title=Signal::derive(move || t_string!(i18n, titles.sportelli).to_string()) /> }
}
