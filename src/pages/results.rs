//! "/risultati": first the summary (what fits, what may fit, each a link to its card), then one folded card
//! per measure grouped by verdict as core's `rules::Overview` decides, the way on to the nearest desks and to
//! the guide. From saved answers, or from a share link (`#r=…`: answers in the fragment, never sent to any
//! server). Printing gives the summary and the measures that fit or may fit (style/main.css, print).

use super::outcome_card::OutcomeCard;
use crate::components::button::{ButtonLink, Look};
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::use_title;
use crate::components::start_again::start_again;
use crate::data::use_data;
use crate::dom;
use crate::i18n::{Key, k, t, use_i18n};
use crate::navigation::use_route;
use crate::routes::{GuidePage, Route, SportelliQuery};
use crate::selfcheck::use_selfcheck;
use crate::wording::dates::date_text;
use leptos::prelude::*;
use microwork_core::questionnaire::{Answers, decode, encode};
use microwork_core::rules::{GROUPS, Overview, Rulebook, Status};
use std::sync::Arc;

/// Where the answers come from.
#[derive(Clone, PartialEq)]
enum Source {
    Saved(Answers),
    Shared(Answers),
    BadLink,
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let selfcheck = use_selfcheck();
    let route = use_route();
    // The share link's answers, until the person takes them over ("usa queste risposte").
    let link = RwSignal::new(match route.get_untracked() {
        Some(Route::Results { shared }) => shared,
        _ => None,
    });
    // Someone else's answers are not "your" results.
    let heading = move || i18n.text(if link.get().is_some() { k::results::SHARED_HEADING } else { k::titles::RESULTS });
    use_title(heading);
    let body = move |rules: Arc<Rulebook>| {
        let source = match link.get() {
            Some(l) => decode(&l, rules.questionnaire()).map_or(Source::BadLink, Source::Shared),
            None => Source::Saved(selfcheck.answers.get()),
        };
        match source {
            Source::BadLink => start_again(heading, k::results::SHARED_INVALID),
            Source::Saved(a) if a.is_empty() => start_again(heading, k::results::NO_ANSWERS),
            Source::Saved(a) => view! { <Results rules answers=a shared=None /> }.into_any(),
            Source::Shared(a) => view! { <Results rules answers=a shared=Some(link) /> }.into_any(),
        }
    };
    view! { <div class="mw-page mw-results">{when_loaded(move || data.rules(), k::selfcheck::LOADING, k::selfcheck::FAILED, body)}</div> }
}

/// After a link to a card (`#misura-…`): open its group if folded and move focus there, as a screen reader
/// user expects from an in-page link (the router only scrolls).
pub fn go_to_card(id: &str) {
    let card = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&format!("misura-{id}")));
    let Some(card) = card else { return };
    if let Ok(Some(group)) = card.closest("details.mw-results__folded") {
        let _ = group.set_attribute("open", "");
    }
    if let Ok(card) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(card) {
        let _ = card.focus();
    }
}

/// `shared`: the results come from a share link (set to `None` when the person takes the answers over).
#[component]
fn Results(rules: Arc<Rulebook>, answers: Answers, shared: Option<RwSignal<Option<String>>>) -> impl IntoView {
    let i18n = use_i18n();
    let selfcheck = use_selfcheck();
    let today = dom::today();
    let overview = Arc::new(rules.overview(&answers, today));
    let search = overview.desk_search();
    let nearest = Route::Sportelli(SportelliQuery { region: search.region, instruments: search.instruments, ..Default::default() });
    let link = format!("{}{}", dom::origin(), Route::Results { shared: Some(encode(&answers)) }.href());
    let copied = RwSignal::new(None::<bool>);
    // Taking over a shared link replaces saved answers only if there are any: say so only then.
    let replaces_saved = !selfcheck.answers.get_untracked().is_empty();
    let use_these = move |_| {
        selfcheck.answers.set(answers.clone());
        // Drop the fragment without a new history entry; the page now shows the person's own answers.
        dom::replace_address(&Route::Results { shared: None }.href());
        if let Some(link) = shared {
            link.set(None);
        }
    };
    let copy = {
        let link = link.clone();
        move |_| dom::copy_to_clipboard(link.clone(), copied)
    };
    let heading = move || i18n.text(if shared.is_some_and(|s| s.get().is_some()) { k::results::SHARED_HEADING } else { k::titles::RESULTS });
    let groups = GROUPS.into_iter().map(|status| view! { <Group overview=overview.clone() status /> }).collect_view();
    view! {
        <PageHeading>{heading}</PageHeading>
        {shared.is_some().then(|| view! {
            <div class="mw-panel mw-panel--notice mw-no-print">
                <p>{t(k::results::SHARED_BANNER)}</p>
                <button type="button" class="mw-button mw-button--secondary" on:click=use_these>
                    {t(if replaces_saved { k::results::USE_THESE } else { k::results::USE_THESE_NOTHING_SAVED })}
                </button>
            </div>
        })}
        <p class="mw-lead">{t(k::results::LEAD)}</p>
        // The way to a desk stays on a phone's first screen (issue 13.7); the summary follows at once.
        <div class="mw-actions mw-no-print">
            <ButtonLink href=nearest.href()>{t(k::results::NEAREST)}</ButtonLink>
            " "
            <ButtonLink href=Route::Contact { desk: None }.href() look=Look::Secondary>{t(k::results::CONTACT)}</ButtonLink>
        </div>
        <Summary overview=overview.clone() />
        <p class="mw-hint">{move || i18n.msg(k::results::assessed_on(&date_text(i18n, today)))}</p>
        <p class="mw-results__guide mw-no-print">
            <a href=Route::Guide(GuidePage::Page("percorso".into())).href()>{t(k::results::GUIDE_LINK)}</a>
        </p>
        {groups}
        <p class="mw-panel mw-disclaimer">{t(k::results::DISCLAIMER)}</p>
        <div class="mw-no-print">
            <h2>{t(k::results::SHARE)}</h2>
            <p class="mw-hint" id="share-hint">{t(k::results::SHARE_HINT)}</p>
            <label class="mw-label" for="share-link">{t(k::results::SHARE_LABEL)}</label>
            // mw-ltr: a web address reads left to right (in Arabic it showed reordered around its punctuation).
            <input class="mw-input mw-input--wide mw-ltr" id="share-link" type="text" readonly aria-describedby="share-hint" prop:value=link />
            <p class="mw-actions">
                <button type="button" class="mw-button mw-button--secondary" on:click=copy>{t(k::results::SHARE)}</button>
                " "
                <button type="button" class="mw-button mw-button--secondary" on:click=move |_| dom::print()>{t(k::results::PRINT)}</button>
            </p>
            <p role="status" class="mw-hint">
                {move || copied.get().map(|ok| i18n.text(if ok { k::results::COPIED } else { k::results::COPY_FAILED }))}
            </p>
            <p><a href=Route::CheckAnswers.href()>{t(k::results::EDIT)}</a></p>
        </div>
    }
}

/// "In breve": the measures that fit and those that may, each a link to its card; how many do not.
#[component]
fn Summary(overview: Arc<Overview>) -> impl IntoView {
    let i18n = use_i18n();
    let list = |status: Status, title: Key| {
        let items = overview.group(status);
        (!items.is_empty()).then(|| {
            let n = items.len() as u64;
            let links = items
                .into_iter()
                .map(|o| {
                    let (name, support, id) = (o.info.name.clone(), o.info.support.clone(), o.id().to_string());
                    view! {
                        <li>
                            <a href=format!("#misura-{id}") on:click=move |_| go_to_card(&id)>{move || name.get(i18n.lang()).to_string()}</a>
                            <span class="mw-results-summary__support">{move || support.get(i18n.lang()).to_string()}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>{t(title)} " " <span class="mw-results__count">"(" {move || i18n.msg(k::results::in_group(n))} ")"</span></h3>
                <ul class="mw-list mw-results-summary__list">{links}</ul>
            }
        })
    };
    let others = overview.group(Status::NotEligible).len() + overview.group(Status::Closed).len();
    view! {
        <section class="mw-results-summary" aria-labelledby="results-summary">
            <h2 id="results-summary">{t(k::results::SUMMARY_HEADING)}</h2>
            {overview.nothing_fits().then(|| view! {
                <h3>{t(k::results::NOTHING_HEADING)}</h3>
                <p>{t(k::results::NOTHING_BODY)}</p>
            })}
            {list(Status::Eligible, k::results::GROUP_ELIGIBLE)}
            {list(Status::Possible, k::results::GROUP_POSSIBLE)}
            {(others > 0).then(|| view! {
                <p class="mw-no-print">
                    <a href="#group-others" on:click=|_| dom::open_details(".mw-results__folded")>{move || i18n.msg(k::results::others(others as u64))}</a>
                </p>
            })}
        </section>
    }
}

/// The measures with one verdict, under a heading that counts them.
#[component]
fn Group(overview: Arc<Overview>, status: Status) -> impl IntoView {
    let i18n = use_i18n();
    let n = overview.group(status).len();
    let title = match status {
        Status::Eligible => k::results::GROUP_ELIGIBLE,
        Status::Possible => k::results::GROUP_POSSIBLE,
        Status::NotEligible => k::results::GROUP_NOT_ELIGIBLE,
        Status::Closed => k::results::GROUP_CLOSED,
    };
    let cards = overview
        .group(status)
        .into_iter()
        .map(|o| view! { <OutcomeCard outcome=o.clone() alternatives=overview.alternatives(o).into_iter().map(|(id, name)| (id.to_string(), name.clone())).collect() /> })
        .collect_view();
    let heading_id = format!("group-{}", status.as_str());
    // The summary's "the others" link lands on the first group that is not a fit.
    let first_other = match status {
        Status::NotEligible => true,
        Status::Closed => overview.group(Status::NotEligible).is_empty(),
        _ => false,
    };
    let heading = view! {
        <h2 id=heading_id.clone()>
            {t(title)} " "
            <span class="mw-results__count">"(" {move || i18n.msg(k::results::in_group(n as u64))} ")"</span>
        </h2>
    };
    // What does not fit is there for who wants to know why, folded under its heading: the page stays short.
    let hopeful = matches!(status, Status::Eligible | Status::Possible);
    let body = if hopeful {
        view! { {heading} {cards} }.into_any()
    } else {
        view! {
            <details class="mw-details mw-results__folded">
                <summary>{heading}</summary>
                {cards}
            </details>
        }
        .into_any()
    };
    (n > 0).then(|| view! {
        <section class=format!("mw-results__group mw-results__group--{}", status.as_str()) aria-labelledby=heading_id.clone()>
            {first_other.then(|| view! { <span id="group-others"></span> })}
            {body}
        </section>
    })
}
