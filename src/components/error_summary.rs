//! GOV.UK error summary: above the form, it takes focus when problems appear (so they are read out and the
//! person starts there) and links each problem to its control.

use crate::dom;
use crate::i18n::{k, t};
use leptos::prelude::*;

/// One problem to show: the id of the control it is about (`None`: about the whole form) and the message.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProblem {
    pub field: Option<String>,
    pub message: String,
}

#[component]
pub fn ErrorSummary(#[prop(into)] problems: Signal<Vec<FormProblem>>) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !problems.read().is_empty()
            && let Some(el) = root.get()
        {
            let _ = el.focus();
        }
    });
    let item = |p: FormProblem| match p.field {
        Some(field) => {
            let target = field.clone();
            view! {
                <li>
                    <a href=format!("#{field}") on:click=move |ev| {
                        ev.prevent_default();
                        dom::focus_id(&target);
                    }>{p.message}</a>
                </li>
            }
            .into_any()
        }
        None => view! { <li>{p.message}</li> }.into_any(),
    };
    view! {
        <Show when=move || !problems.read().is_empty()>
            <div class="mw-error-summary" tabindex="-1" node_ref=root aria-labelledby="error-summary-title">
                // role=alert on an inner element, so the focus above and the announcement do not race.
                <div role="alert">
                    <h2 class="mw-error-summary__title" id="error-summary-title">{t(k::components::ERROR_SUMMARY_TITLE)}</h2>
                    <ul class="mw-error-summary__list">{move || problems.get().into_iter().map(item).collect_view()}</ul>
                </div>
            </div>
        </Show>
    }
}
