//! "/informazioni": who we are, what we are not, and the attribution every data source asks for.

use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::i18n::{k, t, use_i18n};
use leptos::prelude::*;
use microwork_core::Lang;
use microwork_core::lang::Review;

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
            <LanguageStatus />
            <h2>{t(k::about::SOFTWARE_TITLE)}</h2>
            <p>{t(k::about::SOFTWARE)}</p>
        </div>
    }
}

/// Each language, who translated it and whether a native speaker checked it (declared in core's language
/// table), and how many of its texts are missing (counted by build.rs from the locale files and, for the data
/// texts of the overlay languages, from `public/data/i18n`): "every text is translated" only when none is.
#[component]
fn LanguageStatus() -> impl IntoView {
    let i18n = use_i18n();
    let review_text = move |review: Review| {
        let key = match review {
            Review::Original => k::about::STATUS_ORIGINAL,
            Review::Team => k::about::STATUS_TEAM,
            Review::MachineNotReviewed => k::about::STATUS_MACHINE,
            Review::NativeReviewed => k::about::STATUS_REVIEWED,
        };
        i18n.text(key)
    };
    view! {
        <h2 id="languages">{t(k::about::LANGUAGES_TITLE)}</h2>
        <p>{t(k::about::LANGUAGES_INTRO)}</p>
        <ul class="mw-list" id="language-status">
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    let info = lang.info();
                    let missing = crate::i18n::k::missing_texts(info.code) as u64;
                    let missing_data = crate::i18n::k::missing_data_texts(info.code) as u64;
                    view! {
                        <li data-lang=info.code>
                            <strong lang=info.code dir=info.dir.as_str()>{info.endonym}</strong>
                            ": "
                            {move || review_text(info.review)}
                            {(missing > 0).then(|| view! { " " {move || format!("({})", i18n.msg(k::about::missing_texts(missing)))} })}
                            {(missing_data > 0).then(|| {
                                view! { " " {move || format!("({})", i18n.msg(k::about::missing_data_texts(missing_data)))} }
                            })}
                            {(lang.has_overlay() && missing == 0 && missing_data == 0).then(|| view! { <br /> {t(k::about::ALL_TRANSLATED)} })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
