//! "/autovalutazione/<question>": one question per page, GOV.UK "question pages": its legend is the `<h1>`,
//! progress counts only the questions the person can still be asked, the options offered fit the earlier
//! answers, the answer is saved at every step. Where
//! "continua" and the back link lead, what the form starts with, parsing and messages are all
//! `microwork_core::questionnaire`; this page only shows them.

use crate::components::back_link::BackLink;
use crate::components::button::Button;
use crate::components::checkboxes::Checkboxes;
use crate::components::date_input::DateInput;
use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::{use_title, use_title_key};
use crate::components::radios::{Choice, Radios};
use crate::components::text_input::TextInput;
use crate::context::use_app;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::navigation::{Go, use_go, use_route};
use crate::routes::Route;
use crate::selfcheck::use_selfcheck;
use leptos::prelude::*;
use microwork_core::lang::Text;
use microwork_core::questionnaire::{Draft, Kind, Question, Questionnaire};
use std::sync::Arc;

#[component]
pub fn QuestionPage() -> impl IntoView {
    let data = use_data();
    let route = use_route();
    let asked = Memo::new(move |_| match route.get() {
        Some(Route::Question { id, from_summary }) => (id, from_summary),
        _ => (String::new(), false),
    });
    let body = move |questionnaire: Arc<Questionnaire>| {
        let (id, from_summary) = asked.get();
        match questionnaire.question(&id).cloned() {
            Some(question) => view! { <QuestionForm questionnaire question from_summary /> }.into_any(),
            None => view! { <UnknownQuestion /> }.into_any(),
        }
    };
    view! { <div class="mw-page">{when_loaded(move || data.questionnaire(), k::selfcheck::LOADING, k::selfcheck::FAILED, body)}</div> }
}

#[component]
fn UnknownQuestion() -> impl IntoView {
    use_title_key(k::selfcheck::NOT_FOUND);
    view! {
        <PageHeading>{t(k::selfcheck::NOT_FOUND)}</PageHeading>
        <p>{t(k::selfcheck::NOT_FOUND_BODY)}</p>
        <p><a href=Route::SelfCheck.href()>{t(k::start::CTA)}</a></p>
    }
}

/// The control an error links to: the box, the first radio or checkbox, the day.
fn first_control(question: &Question) -> String {
    match question.kind {
        Kind::Integer => question.id.clone(),
        Kind::Single | Kind::Multiple => format!("{}-0", question.id),
        Kind::Date => format!("{}-day", question.id),
    }
}

#[component]
fn QuestionForm(questionnaire: Arc<Questionnaire>, question: Question, from_summary: bool) -> impl IntoView {
    let i18n = use_i18n();
    let selfcheck = use_selfcheck();
    let go = use_go();
    let id = question.id.clone();
    let q = &*questionnaire;

    // A question the person's answers skip (an old link, a changed answer): go where they are expected.
    if let Some(step) = q.redirect_if_skipped(&id, &selfcheck.answers.get_untracked()) {
        go(&step.into(), Go { replace: true, ..Go::default() });
    }
    let in_lang = move |text: Text| Signal::derive(move || text.get(i18n.lang()).to_string());
    let legend = in_lang(question.legend.clone());
    use_title(move || legend.get());

    let suggested = use_app().embed.as_ref().and_then(|e| e.region.clone());
    let draft = RwSignal::new(q.draft(&id, &selfcheck.answers.get_untracked(), suggested.as_deref()));
    let problem = RwSignal::new(None::<Text>);
    let error = Signal::derive(move || problem.get().map(|m| m.get(i18n.lang()).to_string()));
    let anchor = first_control(&question);
    let problems = Signal::derive(move || {
        error.get().map(|message| vec![FormProblem { field: Some(anchor.clone()), message }]).unwrap_or_default()
    });

    // "Domanda n di total": total is the longest path the answers so far still allow, so it only settles.
    let position = {
        let (id, q) = (id.clone(), questionnaire.clone());
        Memo::new(move |_| q.progress(&id, &selfcheck.answers.get()))
    };
    // Only the options that fit the earlier answers (no "attiva da più di 5 anni" for a new business).
    let mut question = question;
    question.options = q.offered_options(&id, &selfcheck.answers.get_untracked()).into_iter().cloned().collect();
    let back: Signal<String> = {
        let (id, q) = (id.clone(), questionnaire.clone());
        Signal::derive(move || {
            Route::from(q.back_from(&id, &selfcheck.answers.get(), from_summary)).href()
        })
    };
    let kind = question.kind;
    let on_submit = {
        let (id, q) = (id.clone(), questionnaire.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match draft.with_untracked(|d| q.parse_input(&id, d.raw(kind))) {
                Err(p) => problem.set(Some(p.message)),
                Ok(answer) => {
                    problem.set(None);
                    selfcheck.set(&q, &id, answer);
                    let next = q.after_answer(&id, &selfcheck.answers.get_untracked(), from_summary);
                    go(&next.into(), Go::default());
                }
            }
        }
    };

    view! {
        <p><BackLink href=back>{t(k::selfcheck::BACK)}</BackLink></p>
        <ErrorSummary problems />
        {move || position.get().map(|(n, total)| view! {
            <p class="mw-progress-text" id="progress">{move || i18n.msg(k::selfcheck::Progress { n: &n, total: &total })}</p>
            <progress class="mw-progress" max=total value=n aria-labelledby="progress"></progress>
        })}
        <form novalidate on:submit=on_submit class="mw-form">
            <Answer question draft error legend />
            <Button>{t(k::selfcheck::NEXT_BUTTON)}</Button>
        </form>
    }
}

/// The control a question takes, bound to the draft.
#[component]
fn Answer(question: Question, draft: RwSignal<Draft>, error: Signal<Option<String>>, legend: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let in_lang = move |text: Option<Text>| text.map(|t| Signal::derive(move || t.get(i18n.lang()).to_string()));
    let hint = in_lang(question.hint.clone());
    let id = question.id.clone();
    // One signal per part of the draft the control edits, kept in step with the draft.
    let field = move |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        let value = RwSignal::new(draft.with_untracked(get));
        Effect::new(move |_| {
            let v = value.get();
            draft.update(|d| set(d, v));
        });
        value
    };
    let options = {
        let options = question.options.clone();
        Signal::derive(move || {
            let lang = i18n.lang();
            options
                .iter()
                .map(|o| Choice {
                    value: o.value.clone(),
                    label: o.label.get(lang).to_string(),
                    hint: o.hint.as_ref().map(|h| h.get(lang).to_string()),
                })
                .collect::<Vec<_>>()
        })
    };
    match question.kind {
        Kind::Single => {
            let value = field(|d| d.choice.clone(), |d, v| d.choice = v);
            view! { <Radios id legend hint options value error legend_is_heading=true /> }.into_any()
        }
        Kind::Multiple => {
            let checked = Signal::derive(move || draft.with(|d| d.choices.clone()));
            let on_toggle = Callback::new(move |(value, on): (String, bool)| draft.update(|d| d.toggle(&value, on)));
            view! { <Checkboxes id legend hint options checked on_toggle error legend_is_heading=true /> }.into_any()
        }
        Kind::Integer => {
            let value = field(|d| d.text.clone(), |d, v| d.text = v);
            let suffix = in_lang(question.unit.clone());
            view! {
                <TextInput id label=legend hint value error short=true suffix
                    autocomplete="off" inputmode="numeric" label_is_heading=true />
            }
            .into_any()
        }
        Kind::Date => {
            let day = field(|d| d.day.clone(), |d, v| d.day = v);
            let month = field(|d| d.month.clone(), |d, v| d.month = v);
            let year = field(|d| d.year.clone(), |d, v| d.year = v);
            view! { <DateInput id legend hint day month year error legend_is_heading=true /> }.into_any()
        }
    }
}
