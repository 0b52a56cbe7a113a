//! "/autovalutazione/riepilogo": every answer on the person's path, each with "modifica" (which comes back
//! here), then on to the results (or to the first question still open); with nothing answered, the way to
//! start. Answers that cannot all be true (core's `contradictions`) are shown first, with links to change them,
//! so no result is built on a slip.

use crate::components::back_link::BackLink;
use crate::components::button::ButtonLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title_key;
use crate::components::start_again::start_again;
use crate::data::use_data;
use crate::dom;
use crate::i18n::{I18n, k, t, use_i18n};
use crate::routes::Route;
use crate::selfcheck::use_selfcheck;
use leptos::prelude::*;
use microwork_core::contradictions::{Contradiction, contradictions};
use microwork_core::questionnaire::{Answers, Questionnaire, Step};
use std::sync::Arc;

/// The text of a contradiction (`contradictions.<code>` in `locales/`).
fn contradiction_text(i18n: I18n, c: &Contradiction) -> String {
    k::lookup(&format!("contradictions.{}", c.code.as_str())).map(|key| i18n.text(key)).unwrap_or_default()
}

/// What does not add up, each with a link per answer involved.
fn contradictions_panel(i18n: I18n, q: &Questionnaire, answers: &Answers) -> impl IntoView + use<> {
    let lang = i18n.lang();
    let found = contradictions(q, answers, dom::today());
    (!found.is_empty()).then(|| {
        let items = found
            .iter()
            .map(|c| {
                let links = c
                    .questions
                    .iter()
                    .filter_map(|id| q.question(id))
                    .map(|question| {
                        let href = Route::Question { id: question.id.clone(), from_summary: true }.href();
                        let legend = question.legend.get(lang).to_string();
                        view! { <li><a href=href>{i18n.msg(k::contradictions::change(&legend))}</a></li> }
                    })
                    .collect_view();
                view! { <li class="mw-contradiction"><p>{contradiction_text(i18n, c)}</p><ul class="mw-list mw-list--links">{links}</ul></li> }
            })
            .collect_view();
        view! {
            <div class="mw-panel mw-panel--warning mw-contradictions" role="region" aria-labelledby="contradictions-heading">
                <h2 id="contradictions-heading">{t(k::contradictions::HEADING)}</h2>
                <p>{t(k::contradictions::LEAD)}</p>
                <ul class="mw-list mw-contradictions__list">{items}</ul>
            </div>
        }
    })
}

#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let selfcheck = use_selfcheck();
    use_title_key(k::titles::CHECK_ANSWERS);
    let body = move |questionnaire: Arc<Questionnaire>| {
        let lang = i18n.lang();
        let q = &*questionnaire;
        let answers = selfcheck.answers.get();
        // Nothing answered yet (a bookmark, a reload after "ricomincia"): a list of questions each saying "no
        // answer" checks nothing; say so, as the results page does, and offer the start.
        if answers.is_empty() {
            return start_again(t(k::selfcheck::CHECK_HEADING), k::results::NO_ANSWERS);
        }
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
        let path = q.path(&answers);
        // Back to the last question asked (or to the start when nothing is answered).
        let back = path.last().map_or(Route::SelfCheck, |last| Route::Question { id: last.id.clone(), from_summary: false });
        let next = match q.resume(&answers) {
            Step::CheckAnswers => view! { <ButtonLink href=Route::Results { shared: None }.href()>{t(k::selfcheck::SEE_RESULTS)}</ButtonLink> }.into_any(),
            open => view! { <ButtonLink href=Route::from(open).href()>{t(k::selfcheck::CONTINUE_WHERE)}</ButtonLink> }.into_any(),
        };
        view! {
            <p><BackLink href=back.href()>{t(k::selfcheck::BACK)}</BackLink></p>
            <PageHeading>{t(k::selfcheck::CHECK_HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::selfcheck::CHECK_LEAD)}</p>
            {contradictions_panel(i18n, q, &answers)}
            <dl class="mw-summary-list mw-summary-list--actions">{path.into_iter().map(row).collect_view()}</dl>
            <p>{next}</p>
            <p><a href=Route::SelfCheck.href() on:click=move |_| selfcheck.clear()>{t(k::selfcheck::RESTART)}</a></p>
        }
        .into_any()
    };
    view! { <div class="mw-page">{when_loaded(move || data.questionnaire(), k::selfcheck::LOADING, k::selfcheck::FAILED, body)}</div> }
}

#[cfg(test)]
mod tests {
    use crate::i18n::k;
    use microwork_core::contradictions::ContradictionCode;

    #[test]
    fn every_contradiction_has_a_text() {
        for code in ContradictionCode::ALL {
            assert!(k::lookup(&format!("contradictions.{}", code.as_str())).is_some(), "contradictions.{} in locales/it.json", code.as_str());
        }
    }
}
