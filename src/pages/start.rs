//! "/": what the service is, how long it takes, what happens to the answers; then the way in. (The same
//! content is static HTML in index.html for a first visit; a test keeps the texts identical.)

use crate::components::button::{ButtonLink, Look};
use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::i18n::{k, t};
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn StartPage() -> impl IntoView {
    use_title_key(k::titles::START);
    view! {
        <div class="mw-page mw-start">
            <PageHeading>{t(k::start::HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::start::LEAD)}</p>
            // The way in on the first screen, even on a small phone; what follows explains it.
            <ButtonLink href=Route::SelfCheck.href() look=Look::Start>{t(k::start::CTA)}</ButtonLink>
            <h2>{t(k::start::WHAT_TITLE)}</h2>
            <ul class="mw-list">
                <li>{t(k::start::WHAT_SELFCHECK)}</li>
                <li>{t(k::start::WHAT_SPORTELLI)}</li>
                <li>{t(k::start::WHAT_CONTACT)}</li>
            </ul>
            <h2>{t(k::start::BEFORE_TITLE)}</h2>
            <ul class="mw-list">
                <li>{t(k::start::BEFORE_TIME)}</li>
                <li>{t(k::start::BEFORE_ACCOUNT)}</li>
                <li>{t(k::start::BEFORE_PRIVACY)}</li>
            </ul>
            <ul class="mw-list mw-list--links">
                <li><a href=Route::Sportelli(Default::default()).href()>{t(k::start::OR_SPORTELLI)}</a></li>
                <li><a href=Route::Contact { desk: None }.href()>{t(k::start::OR_CONTACT)}</a></li>
            </ul>
        </div>
    }
}
