//! "/guida/domande": the frequently asked questions (`faq.json`), a list of them first, then each answer under
//! its own heading (its anchor is the question's id: `/guida/domande#naspi`).

use super::guide_terms::{linked, sources_list, use_glossary};
use crate::components::back_link::BackLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title_key;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::routes::{GuidePage, Route};
use leptos::prelude::*;
use microwork_core::guide::{Faq, Guide};
use std::sync::Arc;

#[component]
pub fn FaqPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let glossary = use_glossary();
    use_title_key(k::guide::FAQ_TITLE);
    let body = move |content: Arc<(Guide, Faq)>| {
        let lang = i18n.lang();
        let g = glossary.get();
        let questions = &content.1.questions;
        let contents = questions
            .iter()
            .map(|q| view! { <li><a href=format!("#{}", q.id)>{q.question.get(lang).to_string()}</a></li> })
            .collect_view();
        let answers = questions
            .iter()
            .map(|q| {
                let paragraphs = q.answer.iter().map(|a| view! { <p>{linked(g.as_deref(), a.get(lang), lang)}</p> }).collect_view();
                view! {
                    <section class="mw-guide__section" id=q.id.clone() aria-labelledby=format!("{}-heading", q.id)>
                        <h2 id=format!("{}-heading", q.id)>{q.question.get(lang).to_string()}</h2>
                        {paragraphs}
                        <details class="mw-details">
                            <summary>{t(k::guide::SOURCES)}</summary>
                            {sources_list(i18n, &q.sources)}
                        </details>
                    </section>
                }
            })
            .collect_view();
        view! {
            <nav class="mw-contents" aria-labelledby="faq-contents">
                <h2 id="faq-contents" class="mw-contents__title">{t(k::guide::CONTENTS)}</h2>
                <ol class="mw-list">{contents}</ol>
            </nav>
            {answers}
        }
        .into_any()
    };
    view! {
        <div class="mw-page mw-guide">
            <p><BackLink href=Route::Guide(GuidePage::Index).href()>{t(k::guide::INDEX_HEADING)}</BackLink></p>
            <PageHeading>{t(k::guide::FAQ_TITLE)}</PageHeading>
            <p class="mw-lead">{t(k::guide::FAQ_LEAD)}</p>
            {when_loaded(move || data.guide(), k::guide::LOADING, k::guide::FAILED, body)}
        </div>
    }
}
