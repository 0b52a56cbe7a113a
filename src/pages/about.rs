//! "/informazioni": who we are, what we are not, and the attribution every data source asks for.

use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::i18n::{k, t};
use leptos::prelude::*;

#[component]
pub fn AboutPage() -> impl IntoView {
    use_title_key(k::titles::ABOUT);
    view! {
        <div class="mw-page mw-prose">
            <PageHeading>{t(k::about::HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::about::INTRO)}</p>
            <p>{t(k::about::NOT_OFFICIAL)}</p>
            <h2>{t(k::about::SOURCES_TITLE)}</h2>
            <ul class="mw-list" id="attribution">
                <li>{t(k::about::SOURCE_BOUNDARIES)}</li>
                <li>{t(k::about::SOURCE_COMUNI)}</li>
                <li>{t(k::about::SOURCE_SPORTELLI)}</li>
            </ul>
            <p>{t(k::about::SPORTELLI_CAVEAT)}</p>
            <h2>{t(k::about::SOFTWARE_TITLE)}</h2>
            <p>{t(k::about::SOFTWARE)}</p>
        </div>
    }
}
