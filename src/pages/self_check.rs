//! "/autovalutazione": straight to the first question, or, with answers saved, resume or start again.

use crate::components::button::ButtonLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title_key;
use crate::data::use_data;
use crate::i18n::{k, t};
use crate::navigation::{Go, use_go};
use crate::routes::Route;
use crate::selfcheck::use_selfcheck;
use leptos::prelude::*;

#[component]
pub fn SelfCheckPage() -> impl IntoView {
    let data = use_data();
    let selfcheck = use_selfcheck();
    let go = use_go();
    use_title_key(k::titles::SELFCHECK);
    // Nothing to resume: the start page already said what this is; begin (replacing this address, so "back"
    // from the first question leaves the self-check).
    Effect::new(move |_| {
        if let Some(Ok(q)) = data.questionnaire() {
            selfcheck.clean(&q);
            if let Some(step) = q.entry(&selfcheck.answers.get_untracked()) {
                go(&step.into(), Go { replace: true, ..Go::default() });
            }
        }
    });
    let body = move |q: std::sync::Arc<microwork_core::questionnaire::Questionnaire>| {
        let answers = selfcheck.answers.get();
        if q.entry(&answers).is_some() {
            return ().into_any();
        }
        let resume: Route = q.resume(&answers).into();
        let first: Route = q.entry(&Default::default()).map_or(Route::SelfCheck, Into::into);
        view! {
            <PageHeading>{t(k::selfcheck::RESUME_HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::selfcheck::RESUME_BODY)}</p>
            <p><ButtonLink href=resume.href()>{t(k::selfcheck::CONTINUE_WHERE)}</ButtonLink></p>
            <ul class="mw-list mw-list--links">
                <li><a href=Route::CheckAnswers.href()>{t(k::selfcheck::SEE_ANSWERS)}</a></li>
                <li><a href=first.href() on:click=move |_| selfcheck.clear()>{t(k::selfcheck::RESTART)}</a></li>
            </ul>
        }
        .into_any()
    };
    view! { <div class="mw-page">{when_loaded(move || data.questionnaire(), k::selfcheck::LOADING, k::selfcheck::FAILED, body)}</div> }
}
