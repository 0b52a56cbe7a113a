//! "/guida/glossario": the words a person meets in results and in the guide, each with a plain definition; a
//! link from a result (`/guida/glossario#taeg`) scrolls to its term.

use super::guide_terms::sources_list;
use crate::components::back_link::BackLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title_key;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::routes::{GuidePage, Route};
use leptos::prelude::*;
use microwork_core::glossary::Glossary;
use std::sync::Arc;

#[component]
pub fn GlossaryPage(term: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    use_title_key(k::guide::GLOSSARY_TITLE);
    // Arriving at a term: bring it into view once the list is there.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let loaded = matches!(data.glossary(), Some(Ok(_)));
        if let (true, Some(id)) = (loaded, term.as_deref()) {
            let id = id.to_string();
            request_animation_frame(move || {
                if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id)) {
                    el.scroll_into_view();
                }
            });
        }
        loaded
    });
    let body = move |glossary: Arc<Glossary>| {
        let lang = i18n.lang();
        let mut terms: Vec<_> = glossary.terms().iter().collect();
        terms.sort_by_key(|t| t.term.get(lang).to_lowercase());
        let items = terms
            .into_iter()
            .map(|term| {
                let sources = (!term.sources.is_empty()).then(|| sources_list(i18n, &term.sources));
                view! {
                    <div class="mw-glossary__entry" id=term.id.clone()>
                        <dt>{term.term.get(lang).to_string()}</dt>
                        <dd>
                            <p>{term.definition.get(lang).to_string()}</p>
                            {sources}
                        </dd>
                    </div>
                }
            })
            .collect_view();
        view! { <dl class="mw-glossary">{items}</dl> }.into_any()
    };
    view! {
        <div class="mw-page mw-guide">
            <p><BackLink href=Route::Guide(GuidePage::Index).href()>{t(k::guide::INDEX_HEADING)}</BackLink></p>
            <PageHeading>{t(k::guide::GLOSSARY_TITLE)}</PageHeading>
            <p class="mw-lead">{t(k::guide::GLOSSARY_LEAD)}</p>
            {when_loaded(move || data.glossary(), k::guide::LOADING, k::guide::FAILED, body)}
        </div>
    }
}
