//! "/guida…": the guide, from `guide.json`, `faq.json` and `glossary.json` (downloaded only by these pages and,
//! for the glossary, the results page): the index, "Cos'è il microcredito" and "Il percorso" (a page per
//! `guide.json` page), the frequently asked questions and the glossary.

use super::guide_faq::FaqPage;
use super::guide_glossary::GlossaryPage;
use super::guide_terms::{linked, sources_list, use_glossary};
use crate::components::back_link::BackLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::{use_title, use_title_key};
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::navigation::use_route;
use crate::routes::{GuidePage as Page, Route};
use leptos::prelude::*;
use microwork_core::guide::{Faq, Guide};
use std::sync::Arc;

#[component]
pub fn GuidePage() -> impl IntoView {
    let route = use_route();
    let page = Memo::new(move |_| match route.get() {
        Some(Route::Guide(p)) => p,
        _ => Page::Index,
    });
    move || match page.get() {
        Page::Index => view! { <GuideIndex /> }.into_any(),
        Page::Page(id) => view! { <GuideContent id /> }.into_any(),
        Page::Faq => view! { <FaqPage /> }.into_any(),
        Page::Glossary { term } => view! { <GlossaryPage term /> }.into_any(),
    }
}

/// The guide's pages, the questions and the glossary, each with a line on what it holds.
#[component]
fn GuideIndex() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    use_title_key(k::guide::INDEX_HEADING);
    let body = move |content: Arc<(Guide, Faq)>| {
        let lang = i18n.lang();
        let pages = content
            .0
            .pages
            .iter()
            .map(|p| {
                let href = Route::Guide(Page::Page(p.id.clone())).href();
                view! { <li><a href=href class="mw-guide-list__link">{p.title.get(lang).to_string()}</a><p>{p.summary.get(lang).to_string()}</p></li> }
            })
            .collect_view();
        view! {
            <ul class="mw-guide-list">
                {pages}
                <li><a href=Route::Guide(Page::Faq).href() class="mw-guide-list__link">{t(k::guide::FAQ_TITLE)}</a><p>{t(k::guide::FAQ_LEAD)}</p></li>
                <li><a href=Route::Guide(Page::Glossary { term: None }).href() class="mw-guide-list__link">{t(k::guide::GLOSSARY_TITLE)}</a><p>{t(k::guide::GLOSSARY_LEAD)}</p></li>
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="mw-page mw-guide">
            <PageHeading>{t(k::guide::INDEX_HEADING)}</PageHeading>
            <p class="mw-lead">{t(k::guide::INDEX_LEAD)}</p>
            {when_loaded(move || data.guide(), k::guide::LOADING, k::guide::FAILED, body)}
            <p><a href=Route::SelfCheck.href()>{t(k::guide::TO_SELFCHECK)}</a></p>
        </div>
    }
}

/// One page of `guide.json`: its sections, with how long each step takes and what to bring.
#[component]
fn GuideContent(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let glossary = use_glossary();
    let title = {
        let id = id.clone();
        move || match data.guide() {
            Some(Ok(c)) => c.0.page(&id).map(|p| p.title.get(i18n.lang()).to_string()).unwrap_or_else(|| i18n.text(k::guide::NOT_FOUND)),
            _ => i18n.text(k::guide::INDEX_HEADING),
        }
    };
    use_title(title);
    let body = move |content: Arc<(Guide, Faq)>| {
        let lang = i18n.lang();
        let Some(page) = content.0.page(&id).cloned() else {
            return view! {
                <PageHeading>{t(k::guide::NOT_FOUND)}</PageHeading>
                <p><a href=Route::Guide(Page::Index).href()>{t(k::guide::INDEX_HEADING)}</a></p>
            }
            .into_any();
        };
        let g = glossary.get();
        let sections = page
            .sections
            .iter()
            .map(|s| {
                let paragraphs = s.body.iter().map(|b| view! { <p>{linked(g.as_deref(), b.get(lang), lang)}</p> }).collect_view();
                let how_long = s.how_long.as_ref().map(|h| {
                    view! { <p class="mw-guide__how-long"><strong>{t(k::guide::HOW_LONG)} ": "</strong>{h.get(lang).to_string()}</p> }
                });
                let bring = (!s.bring.is_empty()).then(|| {
                    let items = s.bring.iter().map(|b| view! { <li>{linked(g.as_deref(), b.get(lang), lang)}</li> }).collect_view();
                    view! { <h3>{t(k::guide::BRING)}</h3><ul class="mw-list">{items}</ul> }
                });
                view! {
                    <section class="mw-guide__section" id=s.id.clone() aria-labelledby=format!("{}-heading", s.id)>
                        <h2 id=format!("{}-heading", s.id)>{s.heading.get(lang).to_string()}</h2>
                        {paragraphs}
                        {how_long}
                        {bring}
                    </section>
                }
            })
            .collect_view();
        let others = content
            .0
            .pages
            .iter()
            .filter(|p| p.id != page.id)
            .map(|p| view! { <li><a href=Route::Guide(Page::Page(p.id.clone())).href()>{p.title.get(lang).to_string()}</a></li> })
            .collect_view();
        view! {
            <PageHeading>{page.title.get(lang).to_string()}</PageHeading>
            <p class="mw-lead">{page.summary.get(lang).to_string()}</p>
            {sections}
            <h2>{t(k::guide::SOURCES)}</h2>
            {sources_list(i18n, &page.sources)}
            <h2>{t(k::guide::MORE)}</h2>
            <ul class="mw-list mw-list--links">
                {others}
                <li><a href=Route::Guide(Page::Faq).href()>{t(k::guide::FAQ_TITLE)}</a></li>
                <li><a href=Route::Guide(Page::Glossary { term: None }).href()>{t(k::guide::GLOSSARY_TITLE)}</a></li>
                <li><a href=Route::SelfCheck.href()>{t(k::guide::TO_SELFCHECK)}</a></li>
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="mw-page mw-guide">
            <p><BackLink href=Route::Guide(Page::Index).href()>{t(k::guide::INDEX_HEADING)}</BackLink></p>
            {when_loaded(move || data.guide(), k::guide::LOADING, k::guide::FAILED, body)}
        </div>
    }
}
