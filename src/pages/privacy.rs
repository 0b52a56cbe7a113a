//! "/privacy": what is stored, why, for how long, and how to have it deleted.

use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::context::use_app;
use crate::i18n::{k, t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let email = use_app().config.privacy_email.clone();
    use_title_key(k::titles::PRIVACY);
    let section = |title, body| view! { <h2>{t(title)}</h2> <p>{t(body)}</p> };
    view! {
        <div class="mw-page mw-prose">
            <PageHeading>{t(k::privacy::HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::privacy::INTRO)}</p>
            {section(k::privacy::DEVICE_TITLE, k::privacy::DEVICE)}
            {section(k::privacy::REQUEST_TITLE, k::privacy::REQUEST)}
            {section(k::privacy::PURPOSE_TITLE, k::privacy::PURPOSE)}
            {section(k::privacy::WHO_TITLE, k::privacy::WHO)}
            {section(k::privacy::RETENTION_TITLE, k::privacy::RETENTION)}
            <h2>{t(k::privacy::RIGHTS_TITLE)}</h2>
            <p id="privacy-rights">{move || i18n.msg(k::privacy::rights(&email))}</p>
            {section(k::privacy::LOGS_TITLE, k::privacy::LOGS)}
        </div>
    }
}
