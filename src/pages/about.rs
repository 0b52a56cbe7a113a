use crate::components::page::use_title;
use crate::i18n::*;
use crate::components::heading::PageHeading;
use leptos::prelude::*;

/// Who we are, what we are not, and the attribution every data source asks for.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, titles.about).to_string());
    view! {
        <div class="mw-page mw-prose">
            <PageHeading>{t!(i18n, about.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, about.intro)}</p>
            <p>{t!(i18n, about.not_official)}</p>
            <h2>{t!(i18n, about.sources_title)}</h2>
            <ul class="mw-list" id="attribution">
                <li>{t!(i18n, about.source_boundaries)}</li>
                <li>{t!(i18n, about.source_comuni)}</li>
                <li>{t!(i18n, about.source_sportelli)}</li>
            </ul>
            <p>{t!(i18n, about.sportelli_caveat)}</p>
            <h2>{t!(i18n, about.software_title)}</h2>
            <p>{t!(i18n, about.software)}</p>
        </div>
    }
}
