//! "/autovalutazione/riepilogo": every answer on the person's path, each with "modifica" (which comes back
//! here), then on to the results (or to the first question still open).

use crate::components::button::ButtonLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title_key;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::routes::Route;
use crate::selfcheck::use_selfcheck;
use leptos::prelude::*;
use microwork_core::questionnaire::Step;
use microwork_core::rules::Rulebook;
use std::sync::Arc;

#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let selfcheck = use_selfcheck();
    use_title_key(k::titles::CHECK_ANSWERS);
    let body = move |rules: Arc<Rulebook>| {
        let lang = i18n.lang();
        let q = rules.questionnaire();
        let answers = selfcheck.answers.get();
        let row = |question: &microwork_core::questionnaire::Question| {
            let legend = question.legend.get(lang).to_string();
            let shown = answers
                .get(&question.id)
                .map(|a| q.display_in(&question.id, a, lang))
                .unwrap_or_else(|| i18n.text(k::selfcheck::NO_ANSWER));
            let change = Route::Question { id: question.id.clone(), from_summary: true };
            let hidden = i18n.msg(k::selfcheck::change_hidden(&legend));
            view! {
                <div class="mw-summary-list__row">
                    <dt>{legend}</dt>
                    <dd>{shown}</dd>
                    <dd class="mw-summary-list__action">
                        <a href=change.href()>{t(k::selfcheck::CHANGE)}<span class="mw-visually-hidden">" " {hidden}</span></a>
                    </dd>
                </div>
            }
        };
        let next = match q.resume(&answers) {
            Step::CheckAnswers => view! { <ButtonLink href=Route::Results { shared: None }.href()>{t(k::selfcheck::SEE_RESULTS)}</ButtonLink> }.into_any(),
            open => view! { <ButtonLink href=Route::from(open).href()>{t(k::selfcheck::CONTINUE_WHERE)}</ButtonLink> }.into_any(),
        };
        view! {
            <PageHeading>{t(k::selfcheck::CHECK_HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::selfcheck::CHECK_LEAD)}</p>
            <dl class="mw-summary-list mw-summary-list--actions">{q.path(&answers).into_iter().map(row).collect_view()}</dl>
            <p>{next}</p>
            <p><a href=Route::SelfCheck.href() on:click=move |_| selfcheck.clear()>{t(k::selfcheck::RESTART)}</a></p>
        }
        .into_any()
    };
    view! { <div class="mw-page">{when_loaded(move || data.rules(), k::selfcheck::LOADING, k::selfcheck::FAILED, body)}</div> }
}
