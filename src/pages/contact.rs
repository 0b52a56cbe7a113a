//! "/contatto": ask a help desk to call back. Checked by core's `ContactForm::validate` (the server runs the
//! same function), sent through the outbox so that a weak connection loses nothing and nothing arrives twice;
//! what became of it comes straight back here ([`Submitted`]).

use super::contact_form::{ContactFields, Fields, SendButton};
use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::heading::{FocusPending, PageHeading};
use crate::components::page::use_title_key;
use crate::context::use_app;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::navigation::{Go, use_go, use_route};
use crate::outbox::{Submitted, use_outbox};
use crate::routes::Route;
use crate::selfcheck::use_attachable_summary;
use crate::wording::problems::{form_problem, server_problems};
use crate::{dom, external};
use leptos::prelude::*;

/// Where the page is with the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Editing,
    /// Between "invia" and the first answer.
    Sending,
    /// It waits in the outbox and goes by itself.
    Waiting,
    /// The device would not keep it and it could not be sent: the form still holds it.
    NotSaved,
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_data();
    let outbox = use_outbox();
    let route = use_route();
    let go = use_go();
    use_title_key(k::titles::CONTACT);

    let desk = match route.get_untracked() {
        Some(Route::Contact { desk }) => desk,
        _ => None,
    };
    let fields = Fields::new(desk);
    // One id per request, kept across retries, so the server stores it once however often it is sent.
    let request_id = StoredValue::new(dom::new_request_id());
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let stage = RwSignal::new(Stage::Editing);
    let restored = RwSignal::new(false);
    let summary = use_attachable_summary();

    // A request the server refused while the person was elsewhere comes back here, filled in, with the
    // reasons, to be corrected: it is never silently lost.
    Effect::new(move |_| {
        if outbox.refused.get() > 0
            && let Some(back) = outbox.take_refused()
        {
            fields.fill(back.form);
            problems.set(server_problems(i18n, &back.problems));
            restored.set(true);
            stage.set(Stage::Editing);
            request_id.set_value(dom::new_request_id());
        }
    });
    // Without a desk from the link (or with one that does not exist), the online network is preselected.
    Effect::new(move |_| {
        if let Some(Ok(index)) = data.desks()
            && let Some(default) = index.default_contact_desk(&fields.desk.get_untracked())
            && fields.desk.with_untracked(|d| d != default)
        {
            fields.desk.set(default.to_string());
        }
    });
    // Still here when the outbox delivers it later: its confirmation.
    Effect::new({
        let go = go.clone();
        move |_| {
            if stage.get() == Stage::Waiting {
                let id = request_id.get_value();
                if let Some(sent) = outbox.sent.with(|all| all.iter().find(|s| s.request_id == id).cloned()) {
                    go(&Route::Sent(sent.reference.to_string()), Go::default());
                }
            }
        }
    });
    // Once it waits, the form gives way to the outbox's promise (and the heading takes focus, as a new page's).
    let focus = use_context::<FocusPending>();
    Effect::new(move |_| {
        if stage.get() == Stage::Waiting {
            // The form was long and the person was at its end: the promise is read from the top.
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
            if let Some(FocusPending(flag)) = focus {
                flag.set_value(true);
            }
        }
    });

    let partner = app.partner();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.to_form(request_id.get_value(), i18n, partner.clone(), summary.get_untracked().map(|s| s.json));
        if let Err(list) = form.validate() {
            problems.set(list.iter().map(|p| form_problem(i18n, p)).collect());
            return;
        }
        problems.set(Vec::new());
        stage.set(Stage::Sending);
        let go = go.clone();
        leptos::task::spawn_local(async move {
            match outbox.submit(form).await {
                Submitted::Delivered(sent) => go(&Route::Sent(sent.reference.to_string()), Go::default()),
                Submitted::Waiting => stage.set(Stage::Waiting),
                Submitted::NotSaved => stage.set(Stage::NotSaved),
                Submitted::Refused(reasons) => {
                    stage.set(Stage::Editing);
                    problems.set(server_problems(i18n, &reasons));
                    // A new attempt after corrections is a new request.
                    request_id.set_value(dom::new_request_id());
                }
            }
        });
    };
    // With no endpoint, the person writes an e-mail instead: to the chosen desk, else the online network.
    let mail = app.config.contact_endpoint.is_none().then(|| {
        let help = app.config.help_email().to_string();
        Signal::derive(move || {
            let to = match data.desks() {
                Some(Ok(index)) => index.recipient(&fields.desk.get(), &help).to_string(),
                _ => help.clone(),
            };
            let body = format!(
                "{}\n\n{}\n{}\n{}\n\n{}",
                i18n.text(k::contact::MAIL_INTRO),
                fields.name.get(),
                fields.email.get(),
                fields.phone.get(),
                fields.message.get()
            );
            external::mailto_with(&to, &i18n.text(k::contact::MAIL_SUBJECT), &body)
        })
    });
    let no_endpoint = mail.is_some();

    view! {
        <div class="mw-page">
            <Show when=move || stage.get() == Stage::Waiting>
                <div class="mw-panel mw-panel--notice">
                    <PageHeading>{t(k::contact::PENDING_HEADING)}</PageHeading>
                    <p>{t(k::contact::PENDING_BODY)}</p>
                    <button type="button" class="mw-button mw-button--secondary" on:click=move |_| outbox.retry_now()>
                        {t(k::contact::RETRY_NOW)}
                    </button>
                </div>
            </Show>
            <div hidden=move || stage.get() == Stage::Waiting>
                <ErrorSummary problems />
                <PageHeading>{t(k::contact::HEADING)}</PageHeading>
                <p class="mw-lead">{t(k::contact::LEAD)}</p>
                <Show when=move || restored.get()>
                    <p class="mw-panel mw-panel--notice">{t(k::contact::REFUSED_RESTORED)}</p>
                </Show>
                <Show when=move || stage.get() == Stage::NotSaved>
                    <p class="mw-panel mw-panel--notice" role="alert" id="not-saved">{t(k::contact::NOT_SAVED)}</p>
                </Show>
                {no_endpoint.then(|| view! { <p class="mw-panel mw-panel--notice">{t(k::contact::NO_ENDPOINT)}</p> })}
                <form novalidate on:submit=on_submit class="mw-form">
                    <ContactFields fields problems summary />
                    <SendButton sending=Signal::derive(move || stage.get() == Stage::Sending) mail />
                </form>
            </div>
        </div>
    }
}
