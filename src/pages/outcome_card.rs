//! One measure on the results page: the verdict, why (criterion by criterion, in terms of the person's own
//! answers), amounts, what to prepare, next steps, and the sources with their dates.

use crate::components::details::Details;
use crate::i18n::{I18n, k, t, tr, use_i18n};
use crate::selfcheck::status_label;
use crate::wording::dates::date_text;
use leptos::prelude::*;
use microwork_core::lang::Text;
use microwork_core::rules::model::DateKind;
use microwork_core::rules::{CriterionOutcome, CriterionState, NoteKind, Outcome, Status};
use std::sync::Arc;

fn state_label(i18n: I18n, state: CriterionState) -> (&'static str, String) {
    let (class, key) = match state {
        CriterionState::Met => ("met", k::results::MET),
        CriterionState::Unmet => ("unmet", k::results::UNMET),
        CriterionState::Unknown => ("unknown", k::results::UNKNOWN),
    };
    (class, i18n.text(key))
}

/// A list of texts in the current language, or nothing when empty.
fn text_list(i18n: I18n, heading: crate::i18n::Key, items: Vec<Arc<Text>>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h4>{t(heading)}</h4>
            <ul class="mw-list">{move || items.iter().map(|x| view! { <li>{x.get(i18n.lang()).to_string()}</li> }).collect_view()}</ul>
        }
    })
}

fn criterion(i18n: I18n, c: CriterionOutcome) -> impl IntoView {
    move || {
        let lang = i18n.lang();
        let (class, state) = state_label(i18n, c.state);
        view! {
            <li class=format!("mw-criterion mw-criterion--{class}")>
                <span class="mw-criterion__state">{state}</span>
                <span class="mw-criterion__label">{c.info.label.get(lang).to_string()}</span>
                <span class="mw-criterion__why">{c.explanation.get(lang).to_string()}</span>
                {c.would_fit_if.as_ref().map(|w| view! {
                    <span class="mw-criterion__fix"><strong>{t(k::results::WOULD_FIT_IF)} ": "</strong>{w.get(lang).to_string()}</span>
                })}
            </li>
        }
    }
}

/// `alternatives`: where to look instead, among the measures on the page (id, name).
#[component]
pub fn OutcomeCard(outcome: Outcome, alternatives: Vec<(String, Text)>) -> impl IntoView {
    let i18n = use_i18n();
    let status = outcome.status;
    let in_lang = move |text: &Text| {
        let text = text.clone();
        move || text.get(i18n.lang()).to_string()
    };
    let hopeful = matches!(status, Status::Eligible | Status::Possible);
    // The "check the call is open" note is already said above when it applies.
    let notes: Vec<Arc<Text>> = outcome
        .notes
        .iter()
        .filter(|n| !(outcome.verify_open && n.kind == NoteKind::Verify))
        .map(|n| n.text.clone())
        .collect();
    let Outcome { info, criteria, amounts, prepare, next_steps, closed, verify_open, .. } = outcome;
    let sources = info.sources.clone();
    let checked_on = info.checked_on;
    let legal_basis = in_lang(&info.legal_basis);
    view! {
        <article class=format!("mw-outcome mw-outcome--{}", status.as_str()) id=format!("misura-{}", info.id)>
            <h3 class="mw-outcome__name">
                {in_lang(&info.name)} " "
                <span class=format!("mw-badge mw-badge--{}", status.as_str())>{move || status_label(i18n, status)}</span>
            </h3>
            <p class="mw-outcome__meta">
                {in_lang(&info.support)} " · " {t(k::results::MANAGED_BY)} ": " {in_lang(&info.managing_body)}
            </p>
            {closed.as_ref().map(|c| view! { <p class="mw-outcome__closed"><strong>{in_lang(&c.text)}</strong></p> })}
            {closed.as_ref().and_then(|c| c.successor.as_ref()).map(|s| view! {
                <p>{t(k::results::SUCCESSOR)} ": " {in_lang(&s.name)}</p>
            })}
            {verify_open.then(|| view! { <p class="mw-outcome__verify">{t(k::results::VERIFY_OPEN)}</p> })}
            {(!alternatives.is_empty()).then(|| view! {
                <p class="mw-outcome__alternatives">{t(k::results::INSTEAD)} " "
                    {alternatives.iter().enumerate().map(|(i, (id, name))| view! {
                        {(i > 0).then_some(", ")}
                        <a href=format!("#misura-{id}")>{in_lang(name)}</a>
                    }).collect_view()}
                </p>
            })}
            {text_list(i18n, k::results::AMOUNTS, amounts)}
            // Why (or why not) is the point of the page: open, except for closed measures.
            <Details summary=tr(k::results::WHY) open=status != Status::Closed>
                <ul class="mw-criteria">{criteria.into_iter().map(|c| criterion(i18n, c)).collect_view()}</ul>
            </Details>
            {(status != Status::Closed).then(|| view! {
                <Details summary=Signal::derive(move || format!("{} · {}", i18n.text(k::results::PREPARE), i18n.text(k::results::NEXT_STEPS))) open=hopeful>
                    {text_list(i18n, k::results::PREPARE, prepare)}
                    {text_list(i18n, k::results::NEXT_STEPS, next_steps)}
                    {text_list(i18n, k::results::NOTES, notes)}
                </Details>
            })}
            <Details summary=tr(k::results::SOURCES)>
                <p>{t(k::results::LEGAL_BASIS)} ": " {legal_basis}</p>
                <ul class="mw-list mw-sources">
                    {sources.into_iter().map(|s| {
                        let (when, kind) = (s.date, s.date_kind);
                        let date = move || when.map(|d| {
                            let d = date_text(i18n, d);
                            let text = match kind {
                                DateKind::Published => i18n.msg(k::results::source_published(&d)),
                                DateKind::Consulted => i18n.msg(k::results::source_consulted(&d)),
                            };
                            format!(" ({text})")
                        });
                        view! { <li><a href=s.url.clone() target="_blank" rel="noopener">{s.title.clone()}</a>{date}</li> }
                    }).collect_view()}
                </ul>
                {checked_on.map(|d| view! { <p class="mw-hint">{move || i18n.msg(k::results::checked_on(&date_text(i18n, d)))}</p> })}
            </Details>
        </article>
    }
}
