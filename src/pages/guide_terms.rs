//! Glossary terms linked wherever they appear: results, criteria, the guide. Core finds them
//! (`Glossary::segments`: whole words, longest first, the first mention in each text); this only renders.

use crate::data::use_data;
use crate::i18n::{I18n, k};
use crate::routes::{GuidePage, Route};
use leptos::prelude::*;
use microwork_core::Lang;
use microwork_core::glossary::{Glossary, Segment};
use crate::wording::dates::date_text;
use microwork_core::rules::model::DateKind;
use microwork_core::rules::{Source, SourceKind};
use std::sync::Arc;

/// The glossary once it has arrived (asking for it starts the download); `None` meanwhile or if it failed:
/// texts are then shown without links, which loses nothing but the shortcut.
pub fn use_glossary() -> Signal<Option<Arc<Glossary>>> {
    let data = use_data();
    Signal::derive(move || data.glossary().and_then(Result::ok))
}

/// `text` with the first mention of each glossary term linked to its definition.
pub fn linked(glossary: Option<&Glossary>, text: &str, lang: Lang) -> AnyView {
    let Some(g) = glossary else { return text.to_string().into_any() };
    g.segments(text, lang)
        .into_iter()
        .map(|segment| match segment {
            Segment::Plain(p) => p.to_string().into_any(),
            Segment::Term { text, id } => {
                let href = Route::Guide(GuidePage::Glossary { term: Some(id.to_string()) }).href();
                view! { <a class="mw-term" href=href>{text.to_string()}</a> }.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// A list of sources with their dates, secondary ones labelled as such.
pub fn sources_list(i18n: I18n, sources: &[Source]) -> impl IntoView + use<> {
    let items = sources
        .iter()
        .map(|s| {
            let mut notes: Vec<String> = Vec::new();
            if let Some(d) = s.date {
                let d = date_text(i18n, d);
                notes.push(match s.date_kind {
                    DateKind::Published => i18n.msg(k::results::source_published(&d)),
                    DateKind::Consulted => i18n.msg(k::results::source_consulted(&d)),
                });
            }
            if s.kind == Some(SourceKind::Secondary) {
                notes.push(i18n.text(k::guide::SECONDARY));
            }
            let notes = (!notes.is_empty()).then(|| format!(" ({})", notes.join("; ")));
            view! { <li><a href=s.url.clone() target="_blank" rel="noopener">{s.title.clone()}</a>{notes}</li> }
        })
        .collect_view();
    view! { <ul class="mw-list mw-sources">{items}</ul> }
}
