use crate::components::page::use_title;
use crate::context::use_app;
use crate::i18n::*;
use crate::components::heading::PageHeading;
use leptos::prelude::*;

/// What is stored, why, for how long, and how to have it deleted.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let email = use_app().config.privacy_email.clone();
    use_title(move || t_string!(i18n, titles.privacy).to_string());
    view! {
        <div class="mw-page mw-prose">
            <PageHeading>{t!(i18n, privacy.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, privacy.intro)}</p>
            <h2>{t!(i18n, privacy.device_title)}</h2>
            <p>{t!(i18n, privacy.device)}</p>
            <h2>{t!(i18n, privacy.request_title)}</h2>
            <p>{t!(i18n, privacy.request)}</p>
            <h2>{t!(i18n, privacy.purpose_title)}</h2>
            <p>{t!(i18n, privacy.purpose)}</p>
            <h2>{t!(i18n, privacy.who_title)}</h2>
            <p>{t!(i18n, privacy.who)}</p>
            <h2>{t!(i18n, privacy.retention_title)}</h2>
            <p>{t!(i18n, privacy.retention)}</p>
            <h2>{t!(i18n, privacy.rights_title)}</h2>
            <p id="privacy-rights">{t!(i18n, privacy.rights, email = move || email.clone())}</p>
            <h2>{t!(i18n, privacy.logs_title)}</h2>
            <p>{t!(i18n, privacy.logs)}</p>
        </div>
    }
}
