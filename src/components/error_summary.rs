//! GOV.UK error summary: appears above the form, takes focus, links to each field with a problem.

use crate::dom;
use crate::i18n::*;
use leptos::prelude::*;

/// One problem to show: the id of the control it is about (None: about the whole form) and the message.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    pub field: Option<&'static str>,
    pub message: String,
}

#[component]
pub fn ErrorSummary(problems: Signal<Vec<FormProblem>>) -> impl IntoView {
    let i18n = use_i18n();
    let root = NodeRef::<leptos::html::Div>::new();
    // Focus the summary each time a new list of problems is shown, so it is read out and the person starts there.
    Effect::new(move |_| {
        if !problems.read().is_empty()
            && let Some(el) = root.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <Show when=move || !problems.read().is_empty()>
            <div class="mw-error-summary" tabindex="-1" node_ref=root aria-labelledby="error-summary-title">
                // role=alert on an inner element, so the focus above and the announcement do not race.
                <div role="alert">
                    <h2 class="mw-error-summary__title" id="error-summary-title">{t!(i18n, contact.error_title)}</h2>
                    <ul class="mw-error-summary__list">
                        {move || {
                            problems
                                .get()
                                .into_iter()
                                .map(|p| match p.field {
                                    Some(field) => view! {
                                        <li>
                                            <a
                                                href=format!("#{field}")
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    dom::focus_id(field);
                                                }
                                            >
                                                {p.message}
                                            </a>
                                        </li>
                                    }
                                    .into_any(),
                                    None => view! { <li>{p.message}</li> }.into_any(),
                                })
                                .collect_view()
                        }}
                    </ul>
                </div>
            </div>
        </Show>
    }
}
