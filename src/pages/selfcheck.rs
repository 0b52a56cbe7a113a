//! The self-check, GOV.UK "question pages": one question per page with its legend as the `<h1>`, progress
//! that counts only the questions on the person's path, answers saved at every step, and a check-your-answers
//! page. Navigation, branching, parsing and messages are `microwork_core::questionnaire`.

use crate::components::back_link::BackLink;
use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::form::{ErrorMessage, RadioOption, Radios, described_by};
use crate::components::heading::PageHeading;
use crate::components::load_failed::LoadFailed;
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::data::use_data;
use crate::i18n::*;
use crate::routes::Route;
use crate::selfcheck::use_selfcheck;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use microwork_core::questionnaire::{Answer, Kind, Question, RawInput};
use microwork_core::rules::Rulebook;
use std::sync::Arc;

fn question_path(id: &str) -> String {
    Route::question(id)
}

const CHECK_ANSWERS: &str = Route::CHECK_ANSWERS;

/// Shows `content` once the rules are loaded; a plain message while loading or if they cannot be.
fn with_rules<V: IntoView + 'static>(content: impl Fn(Arc<Rulebook>) -> V + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    move || match data.rules() {
        None => view! { <p role="status">{t!(i18n, selfcheck.loading)}</p> }.into_any(),
        Some(Err(_)) => view! { <LoadFailed message=Signal::derive(move || t_string!(i18n, selfcheck.failed).to_string()) /> }.into_any(),
        Some(Ok(rules)) => content(rules).into_any(),
    }
}

/// "/autovalutazione": straight to the first question, or — with answers saved — resume or start again.
#[component]
pub fn SelfCheckPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let selfcheck = use_selfcheck();
    let navigate = use_navigate();
    use_title(move || t_string!(i18n, titles.selfcheck).to_string());
    // Nothing to resume: the start page already said what this is; begin (replacing this address, so "back"
    // from the first question leaves the self-check).
    Effect::new(move |_| {
        if let Some(Ok(rules)) = data.rules() {
            selfcheck.clean(&rules);
            if selfcheck.answers.with_untracked(|a| a.is_empty())
                && let Some(first) = rules.questionnaire().questions().first()
            {
                navigate(&question_path(&first.id), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    let body = move |rules: Arc<Rulebook>| {
        let q = rules.questionnaire();
        let answers = selfcheck.answers.get();
        if answers.is_empty() {
            return ().into_any();
        }
        let first = q.questions().first().map(|q| q.id.clone()).unwrap_or_default();
        let resume = q.first_unanswered(&answers).map(|q| question_path(&q.id)).unwrap_or_else(|| CHECK_ANSWERS.into());
        view! {
            <PageHeading>{t!(i18n, selfcheck.resume_heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, selfcheck.resume_body)}</p>
            <p><A href=resume attr:class="mw-button">{t!(i18n, selfcheck.continue_where)}</A></p>
            <ul class="mw-list mw-list--links">
                <li><A href=CHECK_ANSWERS>{t!(i18n, selfcheck.see_answers)}</A></li>
                <li><A href=question_path(&first) on:click=move |_| selfcheck.clear()>{t!(i18n, selfcheck.restart)}</A></li>
            </ul>
        }
        .into_any()
    };
    view! { <div class="mw-page">{with_rules(body)}</div> }
}

/// What the form holds before it becomes an answer.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    text: String,
    choice: String,
    choices: Vec<String>,
    day: String,
    month: String,
    year: String,
}

impl Draft {
    fn from_answer(answer: Option<&Answer>) -> Draft {
        let mut d = Draft::default();
        match answer {
            Some(Answer::Integer(n)) => d.text = n.to_string(),
            Some(Answer::Choice(c)) => d.choice = c.clone(),
            Some(Answer::Choices(list)) => d.choices = list.clone(),
            Some(Answer::Date(date)) => {
                let iso = microwork_core::date::to_iso(*date);
                d.year = iso[0..4].to_string();
                d.month = iso[5..7].trim_start_matches('0').to_string();
                d.day = iso[8..10].trim_start_matches('0').to_string();
            }
            None => {}
        }
        d
    }

    fn raw(&self, kind: Kind) -> RawInput<'_> {
        match kind {
            Kind::Integer => RawInput::Text(&self.text),
            Kind::Single => RawInput::Choice((!self.choice.is_empty()).then_some(self.choice.as_str())),
            Kind::Multiple => RawInput::Choices(&self.choices),
            Kind::Date => RawInput::DateParts { day: &self.day, month: &self.month, year: &self.year },
        }
    }
}

/// "/autovalutazione/<question>".
#[component]
pub fn QuestionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("question").unwrap_or_default());
    view! {
        <div class="mw-page">
            {with_rules(move |rules| {
                let id = id.get();
                match rules.questionnaire().question(&id).cloned() {
                    Some(question) => view! { <QuestionForm rules question /> }.into_any(),
                    None => view! { <UnknownQuestion /> }.into_any(),
                }
            })}
        </div>
    }
}

#[component]
fn UnknownQuestion() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, selfcheck.not_found).to_string());
    view! {
        <PageHeading>{t!(i18n, selfcheck.not_found)}</PageHeading>
        <p>{t!(i18n, selfcheck.not_found_body)}</p>
        <p><A href=Route::SelfCheck.path()>{t!(i18n, start.cta)}</A></p>
    }
}

#[component]
fn QuestionForm(rules: Arc<Rulebook>, question: Question) -> impl IntoView {
    let i18n = use_i18n();
    let selfcheck = use_selfcheck();
    let query = use_query_map();
    let navigate = use_navigate();
    let lang = move || lang_of(i18n.get_locale());
    let id = question.id.clone();
    let from_summary = query.get_untracked().get("da").as_deref() == Some("riepilogo");

    // A question the person's answers skip (an old link, a changed answer): go where they are expected.
    {
        let answers = selfcheck.answers.get_untracked();
        let q = rules.questionnaire();
        if !q.is_shown(&id, &answers) {
            let to = q.first_unanswered(&answers).map(|n| question_path(&n.id)).unwrap_or_else(|| CHECK_ANSWERS.into());
            navigate(&to, NavigateOptions { replace: true, ..Default::default() });
        }
    }

    let legend = StoredValue::new(question.legend.clone());
    use_title(move || legend.with_value(|l| l.get(lang_of(i18n.get_locale())).to_string()));
    let mut first_draft = Draft::from_answer(selfcheck.answers.get_untracked().get(&id));
    // A partner embedding the app for its region suggests it (the person still confirms or changes it).
    if id == "region" && first_draft.choice.is_empty()
        && let Some(region) = crate::context::use_app().embed.as_ref().and_then(|e| e.region.clone())
    {
        first_draft.choice = region;
    }
    let draft = RwSignal::new(first_draft);
    let problem = RwSignal::new(None::<(String, microwork_core::lang::Text)>);
    let error = Signal::derive(move || problem.get().map(|(_, m)| m.get(lang()).to_string()));
    let problems = Signal::derive(move || {
        problem.get().map(|(anchor, m)| vec![FormProblem { field: Some(leak(anchor)), message: m.get(lang()).to_string() }]).unwrap_or_default()
    });

    let rules_for_nav = rules.clone();
    let position = {
        let id = id.clone();
        let rules = rules.clone();
        Memo::new(move |_| rules.questionnaire().position(&id, &selfcheck.answers.get()))
    };
    let back_href = {
        let id = id.clone();
        let rules = rules.clone();
        Signal::derive(move || {
            if from_summary {
                return CHECK_ANSWERS.to_string();
            }
            rules
                .questionnaire()
                .previous(&id, &selfcheck.answers.get())
                .map(|p| question_path(&p.id))
                .unwrap_or_else(|| Route::Start.path().to_string())
        })
    };

    let kind = question.kind;
    let first_input = match kind {
        Kind::Integer => id.clone(),
        Kind::Single | Kind::Multiple => format!("{id}-0"),
        Kind::Date => format!("{id}-day"),
    };
    let on_submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let q = rules_for_nav.questionnaire();
            let result = draft.with_untracked(|d| q.parse_input(&id, d.raw(kind)));
            match result {
                Err(p) => problem.set(Some((first_input.clone(), p.message))),
                Ok(answer) => {
                    problem.set(None);
                    selfcheck.set(&rules_for_nav, &id, answer);
                    let answers = selfcheck.answers.get_untracked();
                    let to = if from_summary {
                        // Back to the summary, unless the change opened questions still to answer.
                        q.first_unanswered(&answers)
                            .map(|n| Route::change_question(&n.id))
                            .unwrap_or_else(|| CHECK_ANSWERS.into())
                    } else {
                        q.next(&id, &answers).map(|n| question_path(&n.id)).unwrap_or_else(|| CHECK_ANSWERS.into())
                    };
                    navigate(&to, Default::default());
                }
            }
        }
    };

    let hint = question.hint.clone().map(|h| Signal::derive(move || h.get(lang()).to_string()));
    let legend_text = Signal::derive(move || legend.with_value(|l| l.get(lang()).to_string()));
    let input = match kind {
        Kind::Single => {
            let options = question.options.clone();
            let value = RwSignal::new(draft.get_untracked().choice);
            Effect::new(move |_| {
                let v = value.get();
                draft.update(|d| d.choice = v);
            });
            let options = Signal::derive(move || {
                options
                    .iter()
                    .map(|o| RadioOption {
                        value: o.value.clone(),
                        label: o.label.get(lang()).to_string(),
                        hint: o.hint.as_ref().map(|h| h.get(lang()).to_string()),
                    })
                    .collect::<Vec<_>>()
            });
            let id = leak(id.clone());
            match hint {
                Some(hint) => view! { <Radios id legend=legend_text hint options value error legend_is_heading=true /> }.into_any(),
                None => view! { <Radios id legend=legend_text options value error legend_is_heading=true /> }.into_any(),
            }
        }
        Kind::Multiple => view! { <Checkboxes question=question.clone() draft error /> }.into_any(),
        Kind::Integer => view! { <IntegerInput question=question.clone() draft error /> }.into_any(),
        Kind::Date => view! { <DateInput question=question.clone() draft error /> }.into_any(),
    };

    view! {
        <p><BackLink href=back_href>{t!(i18n, selfcheck.back)}</BackLink></p>
        <ErrorSummary problems />
        {move || position.get().map(|(n, total)| view! {
            <p class="mw-progress-text" id="progress">{t!(i18n, selfcheck.progress, n = n, total = total)}</p>
            <progress class="mw-progress" max=total value=n aria-labelledby="progress"></progress>
        })}
        <form novalidate on:submit=on_submit class="mw-form">
            {input}
            <button type="submit" class="mw-button">{t!(i18n, selfcheck.next_button)}</button>
        </form>
    }
}

/// Form controls take `&'static str` ids; question ids are few and fixed, so each is interned once per visit.
fn leak(s: String) -> &'static str {
    thread_local! {
        static IDS: std::cell::RefCell<std::collections::HashSet<&'static str>> = Default::default();
    }
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        match ids.get(s.as_str()) {
            Some(id) => id,
            None => {
                let id: &'static str = Box::leak(s.into_boxed_str());
                ids.insert(id);
                id
            }
        }
    })
}

#[component]
fn IntegerInput(question: Question, draft: RwSignal<Draft>, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = leak(question.id.clone());
    let hint = question.hint.clone();
    let unit = question.unit.clone();
    let has_hint = hint.is_some();
    let described = move || described_by(id, has_hint, error.read().is_some());
    let legend = question.legend.clone();
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <PageHeading><label class="mw-label-heading" for=id>{move || legend.get(lang()).to_string()}</label></PageHeading>
            {question.hint.clone().map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{move || h.get(lang()).to_string()}</p> })}
            <ErrorMessage id error />
            <div class="mw-input-wrapper">
                <input class="mw-input mw-input--short" id=id name=id type="text" inputmode="numeric" autocomplete="off" spellcheck="false"
                    aria-describedby=described aria-invalid=move || error.read().is_some().then_some("true")
                    prop:value=move || draft.with(|d| d.text.clone())
                    on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev)) />
                {unit.map(|u| view! { <span class="mw-input-suffix" aria-hidden="true">{move || u.get(lang()).to_string()}</span> })}
            </div>
        </div>
    }
}

#[component]
fn Checkboxes(question: Question, draft: RwSignal<Draft>, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = leak(question.id.clone());
    let has_hint = question.hint.is_some();
    let legend = question.legend.clone();
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <fieldset class="mw-fieldset" aria-describedby=move || described_by(id, has_hint, error.read().is_some())>
                <legend class="mw-fieldset__legend mw-fieldset__legend--heading">
                    <PageHeading>{move || legend.get(lang()).to_string()}</PageHeading>
                </legend>
                {question.hint.clone().map(|h| view! { <p class="mw-hint" id=format!("{id}-hint")>{move || h.get(lang()).to_string()}</p> })}
                <ErrorMessage id error />
                <div class="mw-checkboxes">
                    {question.options.iter().enumerate().map(|(i, o)| {
                        let input_id = format!("{id}-{i}");
                        let value = o.value.clone();
                        let v2 = o.value.clone();
                        let label = o.label.clone();
                        view! {
                            <div class="mw-checkbox">
                                <input class="mw-checkbox__input" type="checkbox" id=input_id.clone() name=id value=value.clone()
                                    prop:checked=move || draft.with(|d| d.choices.contains(&value))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.update(|d| {
                                            d.choices.retain(|c| *c != v2);
                                            if on { d.choices.push(v2.clone()); }
                                        });
                                    } />
                                <label class="mw-checkbox__label" for=input_id>{move || label.get(lang()).to_string()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
fn DateInput(question: Question, draft: RwSignal<Draft>, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = leak(question.id.clone());
    let legend = question.legend.clone();
    let part = move |suffix: &'static str, label: &'static str, width: &'static str, get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        let input_id = format!("{id}-{suffix}");
        view! {
            <div class="mw-date-input__item">
                <label class="mw-label" for=input_id.clone()>{label}</label>
                <input class=format!("mw-input {width}") id=input_id.clone() name=input_id type="text" inputmode="numeric"
                    aria-invalid=move || error.read().is_some().then_some("true")
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
            </div>
        }
    };
    let labels = move || {
        let l = i18n.get_locale();
        (td_string!(l, selfcheck.day), td_string!(l, selfcheck.month), td_string!(l, selfcheck.year))
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || error.read().is_some()>
            <fieldset class="mw-fieldset" role="group" aria-describedby=move || described_by(id, true, error.read().is_some())>
                <legend class="mw-fieldset__legend mw-fieldset__legend--heading">
                    <PageHeading>{move || legend.get(lang()).to_string()}</PageHeading>
                </legend>
                <p class="mw-hint" id=format!("{id}-hint")>
                    {question.hint.clone().map(|h| h.get(lang()).to_string())}
                </p>
                <ErrorMessage id error />
                {move || {
                    let (d, m, y) = labels();
                    view! {
                        <div class="mw-date-input">
                            {part("day", d, "mw-input--2", |d| d.day.clone(), |d, v| d.day = v)}
                            {part("month", m, "mw-input--2", |d| d.month.clone(), |d, v| d.month = v)}
                            {part("year", y, "mw-input--4", |d| d.year.clone(), |d, v| d.year = v)}
                        </div>
                    }
                }}
            </fieldset>
        </div>
    }
}

/// "/autovalutazione/riepilogo": every answer on the path, each with "modifica" (which comes back here).
#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    let i18n = use_i18n();
    let selfcheck = use_selfcheck();
    use_title(move || t_string!(i18n, titles.check_answers).to_string());
    let body = move |rules: Arc<Rulebook>| {
        let lang = lang_of(i18n.get_locale());
        let q = rules.questionnaire();
        let answers = selfcheck.answers.get();
        let rows = q
            .path(&answers)
            .into_iter()
            .map(|question| {
                let shown = answers
                    .get(&question.id)
                    .map(|a| q.display(&question.id, a).get(lang).to_string())
                    .unwrap_or_else(|| t_string!(i18n, selfcheck.no_answer).to_string());
                (question.id.clone(), question.legend.get(lang).to_string(), shown)
            })
            .collect::<Vec<_>>();
        let next = q.first_unanswered(&answers).map(|n| question_path(&n.id));
        view! {
            <PageHeading>{t!(i18n, selfcheck.check_heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, selfcheck.check_lead)}</p>
            <dl class="mw-summary-list mw-summary-list--actions">
                {rows.into_iter().map(|(id, legend, shown)| {
                    let hidden = t_string!(i18n, selfcheck.change_hidden, question = legend.clone()).to_string();
                    view! {
                        <div class="mw-summary-list__row">
                            <dt>{legend}</dt>
                            <dd>{shown}</dd>
                            <dd class="mw-summary-list__action">
                                <A href=Route::change_question(&id)>
                                    {t!(i18n, selfcheck.change)}<span class="mw-visually-hidden">" " {hidden}</span>
                                </A>
                            </dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
            {match next {
                Some(href) => view! { <p><A href=href attr:class="mw-button">{t!(i18n, selfcheck.continue_where)}</A></p> }.into_any(),
                None => view! { <p><A href=Route::Results.path() attr:class="mw-button">{t!(i18n, selfcheck.see_results)}</A></p> }.into_any(),
            }}
            <p><A href=Route::SelfCheck.path() on:click=move |_| selfcheck.clear()>{t!(i18n, selfcheck.restart)}</A></p>
        }
    };
    view! { <div class="mw-page">{with_rules(body)}</div> }
}
