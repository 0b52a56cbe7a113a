//! One measure on the results page, folded to what a person needs first: the verdict, one line on why, the
//! amount, what a loan would cost, the next step. "Tutti i dettagli" opens the rest: every criterion in terms
//! of the person's own answers, a calculator for another amount, what to prepare, notes, sources and dates.
//! Glossary terms in these texts link to their definitions.

use super::guide_terms::{linked, sources_list, use_glossary};
use super::outcome_loan::{LoanCalculator, LoanSummary};
use crate::i18n::{I18n, k, t, use_i18n};
use crate::selfcheck::status_label;
use crate::wording::dates::date_text;
use leptos::prelude::*;
use microwork_core::glossary::Glossary;
use microwork_core::lang::Text;
use microwork_core::rules::{CriterionOutcome, CriterionState, NoteKind, Outcome, Status};
use std::sync::Arc;

/// A data text in the current language, with its glossary terms linked (re-rendered on a language switch
/// and when the glossary arrives).
fn rich(i18n: I18n, glossary: Signal<Option<Arc<Glossary>>>, text: Arc<Text>) -> impl Fn() -> AnyView + Send + Sync + 'static {
    move || {
        let lang = i18n.lang();
        linked(glossary.get().as_deref(), text.get(lang), lang)
    }
}

fn state_label(i18n: I18n, state: CriterionState) -> (&'static str, String) {
    let (class, key) = match state {
        CriterionState::Met => ("met", k::results::MET),
        CriterionState::Unmet => ("unmet", k::results::UNMET),
        CriterionState::Unknown => ("unknown", k::results::UNKNOWN),
    };
    (class, i18n.text(key))
}

/// A list of texts under a heading, or nothing when empty.
fn text_list(i18n: I18n, glossary: Signal<Option<Arc<Glossary>>>, heading: crate::i18n::Key, items: Vec<Arc<Text>>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let items = items.into_iter().map(|x| view! { <li>{rich(i18n, glossary, x)}</li> }).collect_view();
        view! { <h4>{t(heading)}</h4><ul class="mw-list">{items}</ul> }
    })
}

fn criterion(i18n: I18n, glossary: Signal<Option<Arc<Glossary>>>, c: CriterionOutcome) -> impl IntoView {
    let state = move || state_label(i18n, c.state).1;
    let class = state_label(i18n, c.state).0;
    let label = c.info.label.clone();
    view! {
        <li class=format!("mw-criterion mw-criterion--{class}")>
            <span class="mw-criterion__state">{state}</span>
            <span class="mw-criterion__label">{move || label.get(i18n.lang()).to_string()}</span>
            <span class="mw-criterion__why">{rich(i18n, glossary, c.explanation.clone())}</span>
            {c.would_fit_if.clone().map(|w| view! {
                <span class="mw-criterion__fix"><strong>{t(k::results::WOULD_FIT_IF)} ": "</strong>{rich(i18n, glossary, w)}</span>
            })}
        </li>
    }
}

/// `alternatives`: where to look instead, among the measures on the page (id, name).
#[component]
pub fn OutcomeCard(outcome: Outcome, alternatives: Vec<(String, Text)>) -> impl IntoView {
    let i18n = use_i18n();
    let glossary = use_glossary();
    let status = outcome.status;
    let in_lang = move |text: &Text| {
        let text = text.clone();
        move || text.get(i18n.lang()).to_string()
    };
    let hopeful = matches!(status, Status::Eligible | Status::Possible);
    let why = outcome.headline().map(|c| c.explanation.clone());
    // The "check the call is open" note is already said above when it applies.
    let notes: Vec<Arc<Text>> = outcome
        .notes
        .iter()
        .filter(|n| !(outcome.verify_open && n.kind == NoteKind::Verify))
        .map(|n| n.text.clone())
        .collect();
    let Outcome { info, criteria, amounts, prepare, next_steps, closed, verify_open, loan, .. } = outcome;
    let id = info.id.clone();
    let first_amount = amounts.first().cloned();
    let first_step = next_steps.first().cloned().filter(|_| hopeful);
    let non_repayable: Vec<Arc<Text>> = info.non_repayable.iter().map(|n| Arc::new(n.text.clone())).collect();
    let sources = info.sources.clone();
    let checked_on = info.checked_on;
    let legal_basis = in_lang(&info.legal_basis);
    let more_summary = Signal::derive(move || i18n.text(k::results::MORE));
    view! {
        <article class=format!("mw-outcome mw-outcome--{}", status.as_str()) id=format!("misura-{id}") tabindex="-1">
            <h3 class="mw-outcome__name">
                {in_lang(&info.name)} " "
                <span class=format!("mw-badge mw-badge--{}", status.as_str())>{move || status_label(i18n, status)}</span>
            </h3>
            {closed.as_ref().map(|c| view! { <p class="mw-outcome__closed"><strong>{in_lang(&c.text)}</strong></p> })}
            {closed.as_ref().and_then(|c| c.successor.as_ref()).map(|s| view! {
                <p>{t(k::results::SUCCESSOR)} ": " {
                    let to = s.id.clone();
                    view! { <a href=format!("#misura-{}", s.id) on:click=move |_| super::results::go_to_card(&to)>{in_lang(&s.name)}</a> }
                }</p>
            })}
            {(closed.is_none()).then(|| view! {
                <p class="mw-outcome__why">
                    {match why.clone() {
                        Some(w) => rich(i18n, glossary, w).into_any(),
                        None => t(k::results::FITS_ALL).into_any(),
                    }}
                </p>
            })}
            {verify_open.then(|| view! { <p class="mw-outcome__verify">{t(k::results::VERIFY_OPEN)}</p> })}
            {first_amount.map(|a| view! {
                <p class="mw-outcome__amount"><strong>{t(k::results::AMOUNTS)} ": "</strong>{rich(i18n, glossary, a)}</p>
            })}
            {(hopeful && loan.is_some()).then(|| loan.clone().map(|l| view! { <LoanSummary loan=l /> }))}
            {(hopeful && !non_repayable.is_empty()).then(|| {
                let items = non_repayable.iter().cloned().map(|x| view! { <li>{rich(i18n, glossary, x)}</li> }).collect_view();
                view! { <div class="mw-outcome__grant"><p><strong>{t(k::results::NON_REPAYABLE)}</strong></p><ul class="mw-list">{items}</ul></div> }
            })}
            {first_step.map(|s| view! {
                <p class="mw-outcome__next"><strong>{t(k::results::NEXT_STEP)} ": "</strong>{rich(i18n, glossary, s)}</p>
            })}
            {(!alternatives.is_empty()).then(|| view! {
                <p class="mw-outcome__alternatives">{t(k::results::INSTEAD)} " "
                    {alternatives.iter().enumerate().map(|(i, (id, name))| view! {
                        {(i > 0).then_some(", ")}
                        <a href=format!("#misura-{id}") on:click={
                            let to = id.clone();
                            move |_| super::results::go_to_card(&to)
                        }>{in_lang(name)}</a>
                    }).collect_view()}
                </p>
            })}
            <details class="mw-details mw-outcome__more">
                <summary>{more_summary}</summary>
                <p class="mw-outcome__meta">
                    {in_lang(&info.support)} " · " {t(k::results::MANAGED_BY)} ": " {in_lang(&info.managing_body)}
                </p>
                {(amounts.len() > 1).then(|| text_list(i18n, glossary, k::results::AMOUNTS, amounts.clone()))}
                {(status != Status::Closed).then(|| view! {
                    <h4>{t(k::results::WHY)}</h4>
                    <ul class="mw-criteria">{criteria.into_iter().map(|c| criterion(i18n, glossary, c)).collect_view()}</ul>
                })}
                {(hopeful && loan.is_some()).then(|| loan.clone().map(|l| view! { <LoanCalculator loan=l id=id.clone() /> }))}
                {(status != Status::Closed).then(|| view! {
                    {text_list(i18n, glossary, k::results::PREPARE, prepare)}
                    {text_list(i18n, glossary, k::results::NEXT_STEPS, next_steps)}
                    {text_list(i18n, glossary, k::results::NOTES, notes)}
                })}
                <h4>{t(k::results::SOURCES)}</h4>
                <p>{t(k::results::LEGAL_BASIS)} ": " {legal_basis}</p>
                {move || sources_list(i18n, &sources)}
                {checked_on.map(|d| view! { <p class="mw-hint">{move || i18n.msg(k::results::checked_on(&date_text(i18n, d)))}</p> })}
            </details>
        </article>
    }
}
