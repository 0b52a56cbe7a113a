//! "Segnala un errore" on a desk's page (issue 19): a small form (what is wrong, a few words, an optional
//! contact) posted to `/api/v1/desk-reports`, which lands in the desk's and the admins' queue. Checked by
//! core's `DeskReportForm::validate`, the server's own check. Without an API (static deployments) the
//! prefilled e-mail stays.

use crate::components::button::Button;
use crate::components::character_count::CharacterCount;
use crate::components::details::Details;
use crate::components::radios::{Choice, Radios};
use crate::components::text_input::TextInput;
use crate::context::use_app;
use crate::i18n::{Key, k, t, tr, use_i18n};
use leptos::prelude::*;
use microwork_core::sportelli::report::{DeskReportForm, MAX_REPORT_MESSAGE_CHARS, REPORT_PROBLEMS};

fn problem_label(code: &str) -> Key {
    match code {
        "address" => k::desk_report::PROBLEM_ADDRESS,
        "hours" => k::desk_report::PROBLEM_HOURS,
        "contacts" => k::desk_report::PROBLEM_CONTACTS,
        "services" => k::desk_report::PROBLEM_SERVICES,
        "closed" => k::desk_report::PROBLEM_CLOSED,
        _ => k::desk_report::PROBLEM_OTHER,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sent {
    No,
    Sending,
    Done,
    Failed,
}

/// The report form, or the e-mail link when the deployment has no API (`mailto`: the prefilled e-mail).
#[component]
pub fn DeskReport(#[prop(into)] desk_id: String, #[prop(into)] mailto: Signal<String>) -> impl IntoView {
    let app = use_app();
    let i18n = use_i18n();
    // The contact endpoint says the API is there; reports go next to it.
    let Some(_) = app.config.contact_endpoint.clone() else {
        return view! { <p><a href=mailto>{t(k::sportello::REPORT_ERROR)}</a></p> }.into_any();
    };
    let endpoint = format!("{}/desk-reports", app.config.api_base.trim_end_matches('/'));
    let problem = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let website = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<(&'static str, Key)>::new());
    let sent = RwSignal::new(Sent::No);
    let options = Signal::derive(move || REPORT_PROBLEMS.iter().map(|p| Choice::new(*p, i18n.text(problem_label(p)))).collect::<Vec<_>>());
    let error = move |field: &'static str| {
        Signal::derive(move || errors.read().iter().find(|(f, _)| *f == field).map(|(_, key)| i18n.text(*key)))
    };
    let desk = StoredValue::new(desk_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sent.get_untracked() == Sent::Sending {
            return;
        }
        let form = DeskReportForm {
            desk_id: desk.get_value(),
            problem: problem.get_untracked(),
            message: message.get_untracked(),
            contact: Some(contact.get_untracked()).filter(|c| !c.trim().is_empty()),
            website: Some(website.get_untracked()).filter(|w| !w.is_empty()),
        };
        // The same check as the server's; the desk is known (this is its page).
        if let Err(problems) = form.validate(|_| true) {
            errors.set(
                problems
                    .iter()
                    .map(|p| {
                        (p.field, match (p.field, p.code) {
                            ("problem", _) => k::desk_report::ERROR_PROBLEM,
                            ("message", "required") => k::desk_report::ERROR_MESSAGE,
                            ("message", _) => k::desk_report::ERROR_MESSAGE_LONG,
                            _ => k::desk_report::ERROR_CONTACT_LONG,
                        })
                    })
                    .collect(),
            );
            if let Some(first) = problems.first() {
                crate::dom::focus_id(if first.field == "problem" { "problem-0" } else { first.field });
            }
            return;
        }
        errors.set(Vec::new());
        sent.set(Sent::Sending);
        let endpoint = endpoint.clone();
        leptos::task::spawn_local(async move {
            let ok = matches!(crate::api::post_json(&endpoint, &form).await, Ok(a) if a.status == 201);
            sent.set(if ok { Sent::Done } else { Sent::Failed });
        });
    };
    view! {
        <Details summary=tr(k::sportello::REPORT_ERROR)>
            <Show when=move || sent.get() != Sent::Done fallback=move || view! {
                <div class="mw-panel" role="status"><p>{t(k::desk_report::THANKS)}</p></div>
            }>
                <form class="mw-desk-report" novalidate on:submit=submit.clone()>
                    <Radios id="problem" legend=tr(k::desk_report::WHAT) options=options value=problem error=error("problem") />
                    <CharacterCount id="message" label=tr(k::desk_report::MESSAGE) value=message error=error("message") max=MAX_REPORT_MESSAGE_CHARS />
                    <TextInput id="contact" label=tr(k::desk_report::CONTACT) hint=tr(k::desk_report::CONTACT_HINT) value=contact error=error("contact") autocomplete="email" />
                    // Honeypot: hidden from people and assistive technology.
                    <div class="mw-honeypot" aria-hidden="true">
                        <label for="report-website">"Website"</label>
                        <input id="report-website" name="website" type="text" tabindex="-1" autocomplete="off" bind:value=website />
                    </div>
                    {move || (sent.get() == Sent::Failed).then(|| view! {
                        <div class="mw-panel mw-panel--warning" role="alert"><p>{t(k::desk_report::FAILED)} " " <a href=mailto>{t(k::desk_report::FAILED_MAIL)}</a></p></div>
                    })}
                    <Button busy=Signal::derive(move || sent.get() == Sent::Sending)>{t(k::desk_report::SEND)}</Button>
                </form>
            </Show>
        </Details>
    }
    .into_any()
}
