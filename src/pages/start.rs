use crate::components::page::use_title;
use crate::i18n::*;
use crate::routes::Route;
use crate::components::heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::A;

/// What the service is, how long it takes, what happens to your answers; then the way in.
#[component]
pub fn StartPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, titles.start).to_string());
    view! {
        <div class="mw-page mw-start">
            <PageHeading>{t!(i18n, start.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, start.lead)}</p>
            <h2>{t!(i18n, start.what_title)}</h2>
            <ul class="mw-list">
                <li>{t!(i18n, start.what_selfcheck)}</li>
                <li>{t!(i18n, start.what_sportelli)}</li>
                <li>{t!(i18n, start.what_contact)}</li>
            </ul>
            <h2>{t!(i18n, start.before_title)}</h2>
            <ul class="mw-list">
                <li>{t!(i18n, start.before_time)}</li>
                <li>{t!(i18n, start.before_account)}</li>
                <li>{t!(i18n, start.before_privacy)}</li>
            </ul>
            <A href=Route::SelfCheck.path() attr:class="mw-button mw-button--start" attr:draggable="false">
                {t!(i18n, start.cta)}
            </A>
            <ul class="mw-list mw-list--links">
                <li><A href=Route::Sportelli.path()>{t!(i18n, start.or_sportelli)}</A></li>
                <li><A href=Route::Contact.path()>{t!(i18n, start.or_contact)}</A></li>
            </ul>
        </div>
    }
}
