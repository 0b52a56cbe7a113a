//! "/risultati": for every instrument, whether it fits, may fit, does not fit or is closed, and why in terms of
//! the person's own answers (`microwork_core::rules::assess`), with amounts, what to prepare, next steps,
//! sources and dates. From saved answers, or from a share link (`#r=…`: answers in the fragment, never sent).

use crate::components::heading::PageHeading;
use crate::components::load_failed::LoadFailed;
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::data::use_data;
use crate::dom;
use crate::i18n::*;
use crate::routes::Route;
use crate::selfcheck::{status_label, use_selfcheck};
use leptos::prelude::*;
use leptos_router::components::A;
use microwork_core::Lang;
use microwork_core::questionnaire::{Answers, decode, encode};
use microwork_core::rules::{CriterionState, NoteKind, Outcome, Rulebook, Status};
use microwork_core::rules::model::DateKind;
use std::sync::Arc;
use wasm_bindgen::JsCast;

const FRAGMENT_KEY: &str = "r=";

fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix('#').and_then(|h| h.strip_prefix(FRAGMENT_KEY)).map(str::to_string)
}

fn share_url(answers: &Answers) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{}#{FRAGMENT_KEY}{}", Route::Results.path(), encode(answers))
}

/// Before printing, open every folded section so the printout has it all.
fn open_details_for_print() {
    if let Some(doc) = web_sys::window().and_then(|w| w.document())
        && let Ok(list) = doc.query_selector_all("details")
    {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.set_attribute("open", "");
            }
        }
    }
}

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
    use_title(move || t_string!(i18n, titles.results).to_string());
    // The share link's answers, until the person takes them over ("usa queste risposte").
    let link = RwSignal::new(fragment());

    let body = move || {
        let rules = match data.rules() {
            None => return view! { <p role="status">{t!(i18n, selfcheck.loading)}</p> }.into_any(),
            Some(Err(_)) => return view! { <LoadFailed message=Signal::derive(move || t_string!(i18n, selfcheck.failed).to_string()) /> }.into_any(),
            Some(Ok(r)) => r,
        };
        let source = match link.get() {
            Some(l) => match decode(&l, rules.questionnaire()) {
                Ok(a) => Source::Shared(a),
                Err(_) => Source::BadLink,
            },
            None => Source::Saved(selfcheck.answers.get()),
        };
        match source {
            Source::BadLink => view! {
                <PageHeading>{t!(i18n, titles.results)}</PageHeading>
                <p class="mw-panel mw-panel--notice">{t!(i18n, results.shared_invalid)}</p>
                <p><A href=Route::SelfCheck.path() attr:class="mw-button">{t!(i18n, results.start)}</A></p>
            }
            .into_any(),
            Source::Saved(a) if a.is_empty() => view! {
                <PageHeading>{t!(i18n, titles.results)}</PageHeading>
                <p>{t!(i18n, results.no_answers)}</p>
                <p><A href=Route::SelfCheck.path() attr:class="mw-button">{t!(i18n, results.start)}</A></p>
            }
            .into_any(),
            Source::Saved(a) => view! { <Results rules answers=a shared=None /> }.into_any(),
            Source::Shared(a) => view! { <Results rules answers=a shared=Some(link) /> }.into_any(),
        }
    };
    view! { <div class="mw-page mw-results">{body}</div> }
}

#[component]
/// `shared`: the results come from a share link (set to `None` when the person takes the answers over).
fn Results(rules: Arc<Rulebook>, answers: Answers, shared: Option<RwSignal<Option<String>>>) -> impl IntoView {
    let i18n = use_i18n();
    let selfcheck = use_selfcheck();
    let today = dom::today();
    let region = answers.get("region").and_then(|a| match a {
        microwork_core::questionnaire::Answer::Choice(c) => Some(c.clone()),
        _ => None,
    });
    // Another region's fund is not something that "does not fit": it simply does not concern this person.
    let outcomes: Vec<Outcome> = microwork_core::rules::relevant(rules.assess(&answers, today), &answers);
    let hopeful: Vec<String> = outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::Eligible | Status::Possible))
        .map(|o| o.id().to_string())
        .collect();
    let nearest = {
        let mut q = Vec::new();
        if let Some(r) = &region {
            q.push(format!("regione={r}"));
        }
        if !hopeful.is_empty() {
            q.push(format!("strumenti={}", hopeful.join(",")));
        }
        if q.is_empty() { Route::Sportelli.path().to_string() } else { format!("{}?{}", Route::Sportelli.path(), q.join("&")) }
    };
    let link = share_url(&answers);
    let copied = RwSignal::new(None::<bool>);
    let nothing_fits = hopeful.is_empty();
    let shown: Arc<Vec<String>> = Arc::new(outcomes.iter().map(|o| o.id().to_string()).collect());
    let outcomes = StoredValue::new(outcomes);
    let use_these = {
        let answers = answers.clone();
        move |_| {
            selfcheck.answers.set(answers.clone());
            // Drop the fragment without a new history entry; the page now shows the person's own answers.
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(Route::Results.path()));
            }
            if let Some(link) = shared {
                link.set(None);
            }
        }
    };
    let copy = {
        let link = link.clone();
        move |_| dom::copy_to_clipboard(link.clone(), copied)
    };
    let group = move |status: Status| {
        let list: Vec<Outcome> = outcomes.with_value(|o| o.iter().filter(|o| o.status == status).cloned().collect());
        let title = move || match status {
            Status::Eligible => t_string!(i18n, results.group_eligible),
            Status::Possible => t_string!(i18n, results.group_possible),
            Status::NotEligible => t_string!(i18n, results.group_not_eligible),
            Status::Closed => t_string!(i18n, results.group_closed),
        };
        let n = list.len();
        (n > 0).then(|| {
            let class = format!("mw-results__group mw-results__group--{}", status.as_str());
            view! {
                <section class=class aria-labelledby=format!("group-{}", status.as_str())>
                    <h2 id=format!("group-{}", status.as_str())>
                        {title} " "
                        <span class="mw-results__count">
                            "(" {move || if n == 1 { t_string!(i18n, results.in_group_one).to_string() } else { t_string!(i18n, results.in_group, n = n).to_string() }} ")"
                        </span>
                    </h2>
                    {list.into_iter().map(|o| view! { <OutcomeCard outcome=o rules=rules.clone() shown=shown.clone() /> }).collect_view()}
                </section>
            }
        })
    };

    view! {
        <PageHeading>{t!(i18n, titles.results)}</PageHeading>
        {shared.is_some().then(|| view! {
            <div class="mw-panel mw-panel--notice mw-no-print">
                <p>{t!(i18n, results.shared_banner)}</p>
                <button type="button" class="mw-button mw-button--secondary" on:click=use_these.clone()>{t!(i18n, results.use_these)}</button>
            </div>
        })}
        <p class="mw-lead">{t!(i18n, results.lead)}</p>
        <p class="mw-hint">{move || t_string!(i18n, results.assessed_on, date = crate::components::desk_info::date_text(i18n.get_locale(), today)).to_string()}</p>
        {nothing_fits.then(|| view! {
            <div class="mw-panel">
                <h2>{t!(i18n, results.nothing_heading)}</h2>
                <p>{t!(i18n, results.nothing_body)}</p>
            </div>
        })}
        <div class="mw-actions mw-no-print">
            <A href=nearest attr:class="mw-button">{t!(i18n, results.nearest)}</A>
            " "
            <A href=Route::Contact.path() attr:class="mw-button mw-button--secondary">{t!(i18n, results.contact)}</A>
        </div>
        {group(Status::Eligible)}
        {group(Status::Possible)}
        {group(Status::NotEligible)}
        {group(Status::Closed)}
        <p class="mw-panel mw-disclaimer">{t!(i18n, results.disclaimer)}</p>
        <div class="mw-no-print">
            <h2>{t!(i18n, results.share)}</h2>
            <p class="mw-hint" id="share-hint">{t!(i18n, results.share_hint)}</p>
            <label class="mw-label" for="share-link">{t!(i18n, results.share_label)}</label>
            <input class="mw-input mw-input--wide" id="share-link" type="text" readonly aria-describedby="share-hint" prop:value=link />
            <p>
                <button type="button" class="mw-button mw-button--secondary" on:click=copy>{t!(i18n, results.share)}</button>
                " "
                <button type="button" class="mw-button mw-button--secondary" on:click=move |_| {
                    open_details_for_print();
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{t!(i18n, results.print)}</button>
            </p>
            <p role="status" class="mw-hint">
                {move || copied.get().map(|ok| if ok { t_string!(i18n, results.copied) } else { t_string!(i18n, results.copy_failed) })}
            </p>
            <p><A href=Route::CHECK_ANSWERS>{t!(i18n, results.edit)}</A></p>
        </div>
    }
}

fn state_label(locale: Locale, state: CriterionState) -> String {
    match state {
        CriterionState::Met => td_string!(locale, results.met),
        CriterionState::Unmet => td_string!(locale, results.unmet),
        CriterionState::Unknown => td_string!(locale, results.unknown),
    }
    .to_string()
}

#[component]
fn OutcomeCard(outcome: Outcome, rules: Arc<Rulebook>, shown: Arc<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let o = StoredValue::new(outcome);
    let status = o.with_value(|o| o.status);
    let id = o.with_value(|o| o.id().to_string());
    let open_by_default = matches!(status, Status::Eligible | Status::Possible);
    let text = move |f: &dyn Fn(&Outcome, Lang) -> String| o.with_value(|o| f(o, lang()));
    let successor_name = o.with_value(|o| o.closed.as_ref().and_then(|c| c.successor.as_ref()).map(|s| s.name.clone()));
    let checked_on = o.with_value(|o| o.info.checked_on);

    let list = move |items: Vec<String>| items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view();
    view! {
        <article class=format!("mw-outcome mw-outcome--{}", status.as_str()) id=format!("misura-{id}")>
            <h3 class="mw-outcome__name">
                {move || text(&|o, l| o.info.name.get(l).to_string())}
                " "
                <span class=format!("mw-badge mw-badge--{}", status.as_str())>{move || status_label(i18n.get_locale(), status)}</span>
            </h3>
            <p class="mw-outcome__meta">
                {move || text(&|o, l| o.info.support.get(l).to_string())}
                " · " {t!(i18n, results.managed_by)} ": " {move || text(&|o, l| o.info.managing_body.get(l).to_string())}
            </p>
            {o.with_value(|o| o.closed.clone()).map(|c| view! {
                <p class="mw-outcome__closed"><strong>{move || c.text.get(lang()).to_string()}</strong></p>
            })}
            {successor_name.map(|n| view! { <p>{t!(i18n, results.successor)} ": " {move || n.get(lang()).to_string()}</p> })}
            {o.with_value(|o| o.verify_open).then(|| view! { <p class="mw-outcome__verify">{t!(i18n, results.verify_open)}</p> })}
            {(status == Status::NotEligible).then(|| {
                // Where to look instead, among the instruments listed on this page.
                let alternatives: Vec<(String, microwork_core::lang::Text)> = o.with_value(|o| o.info.alternatives.clone())
                    .into_iter()
                    .filter(|id| shown.contains(id))
                    .filter_map(|id| rules.instruments().get(&id).map(|i| (id, i.name.clone())))
                    .collect();
                (!alternatives.is_empty()).then(|| view! {
                    <p class="mw-outcome__alternatives">{t!(i18n, results.instead)} " "
                        {alternatives.into_iter().enumerate().map(|(i, (id, name))| view! {
                            {(i > 0).then_some(", ")}
                            <a href=format!("#misura-{id}")>{move || name.get(lang()).to_string()}</a>
                        }).collect_view()}
                    </p>
                })
            })}
            {move || {
                let amounts = text(&|o, l| o.amounts.iter().map(|a| a.get(l).to_string()).collect::<Vec<_>>().join("\u{1}"));
                (!amounts.is_empty()).then(|| view! {
                    <h4>{t!(i18n, results.amounts)}</h4>
                    <ul class="mw-list">{list(amounts.split('\u{1}').map(str::to_string).collect())}</ul>
                })
            }}
            // Why (or why not) is the point of the page: open, except for closed measures.
            <details class="mw-details" open=status != Status::Closed>
                <summary>{t!(i18n, results.why)}</summary>
                <ul class="mw-criteria">
                    {move || o.with_value(|o| o.criteria.clone()).into_iter().map(|c| {
                        let state = c.state;
                        let l = lang();
                        view! {
                            <li class=format!("mw-criterion mw-criterion--{}", match state { CriterionState::Met => "met", CriterionState::Unmet => "unmet", CriterionState::Unknown => "unknown" })>
                                <span class="mw-criterion__state">{state_label(i18n.get_locale(), state)}</span>
                                <span class="mw-criterion__label">{c.info.label.get(l).to_string()}</span>
                                <span class="mw-criterion__why">{c.explanation.get(l).to_string()}</span>
                                {c.would_fit_if.map(|w| view! {
                                    <span class="mw-criterion__fix"><strong>{t!(i18n, results.would_fit_if)} ": "</strong>{w.get(l).to_string()}</span>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </details>
            {move || {
                let prepare = text(&|o, l| o.prepare.iter().map(|a| a.get(l).to_string()).collect::<Vec<_>>().join("\u{1}"));
                let next = text(&|o, l| o.next_steps.iter().map(|a| a.get(l).to_string()).collect::<Vec<_>>().join("\u{1}"));
                // The "check the call is open" note is already said above when it applies.
                let notes = o.with_value(|o| {
                    o.notes
                        .iter()
                        .filter(|n| !(o.verify_open && n.kind == NoteKind::Verify))
                        .map(|n| n.text.get(lang()).to_string())
                        .collect::<Vec<_>>()
                });
                let split = |s: String| s.split('\u{1}').filter(|x| !x.is_empty()).map(str::to_string).collect::<Vec<_>>();
                let (prepare, next) = (split(prepare), split(next));
                (status != Status::Closed).then(|| view! {
                    <details class="mw-details" open=open_by_default>
                        <summary>{t!(i18n, results.prepare)} " · " {t!(i18n, results.next_steps)}</summary>
                        {(!prepare.is_empty()).then(|| view! { <h4>{t!(i18n, results.prepare)}</h4><ul class="mw-list">{list(prepare)}</ul> })}
                        {(!next.is_empty()).then(|| view! { <h4>{t!(i18n, results.next_steps)}</h4><ul class="mw-list">{list(next)}</ul> })}
                        {(!notes.is_empty()).then(|| view! { <h4>{t!(i18n, results.notes)}</h4><ul class="mw-list">{list(notes)}</ul> })}
                    </details>
                })
            }}
            <details class="mw-details">
                <summary>{t!(i18n, results.sources)}</summary>
                <p>{t!(i18n, results.legal_basis)} ": " {move || text(&|o, l| o.info.legal_basis.get(l).to_string())}</p>
                <ul class="mw-list mw-sources">
                    {move || o.with_value(|o| o.info.sources.clone()).into_iter().map(|s| {
                        let locale = i18n.get_locale();
                        let date = s.date.map(|d| {
                            let d = crate::components::desk_info::date_text(locale, d);
                            match s.date_kind {
                                DateKind::Published => td_string!(locale, results.source_published, date = d).to_string(),
                                DateKind::Consulted => td_string!(locale, results.source_consulted, date = d).to_string(),
                            }
                        });
                        view! {
                            <li>
                                <a href=s.url.clone() target="_blank" rel="noopener">{s.title.clone()}</a>
                                {date.map(|d| view! { " (" {d} ")" })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {checked_on.map(|d| view! {
                    <p class="mw-hint">{move || t_string!(i18n, results.checked_on, date = crate::components::desk_info::date_text(i18n.get_locale(), d)).to_string()}</p>
                })}
            </details>
        </article>
    }
}
