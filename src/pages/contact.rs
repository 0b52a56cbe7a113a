//! "/contatto": ask a help desk to call back. Validated by `microwork_core::contact` (the server runs the
//! same function), sent through the outbox so that a weak connection loses nothing and nothing arrives twice.

use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::form::{Checkbox, RadioOption, Radios, TextArea, TextInput};
use crate::components::heading::PageHeading;
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::components::place_search::{PickedComune, PlaceSearch};
use crate::context::use_app;
use crate::data::use_data;
use crate::i18n::*;
use crate::outbox::{Event, use_outbox};
use crate::routes::Route;
use crate::selfcheck::{AttachableSummary, use_attachable_summary};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use microwork_core::contact::{ContactForm, Field, MESSAGE_MAX_CHARS};

/// A version 4 UUID from the browser's random generator (available on http and https alike).
fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

/// The server's reasons, in the person's language: ours when we know the (field, code), else a plain sentence.
fn server_problems(list: &[crate::api::ServerProblem], locale: Locale) -> Vec<FormProblem> {
    let mut shown: Vec<FormProblem> = list
        .iter()
        .filter_map(|p| {
            let known = microwork_core::contact::Problem::from_api(p.field.as_deref()?, &p.code)?;
            Some(FormProblem { field: anchor(known.field), message: crate::problem_text::problem_text(locale, &known) })
        })
        .collect();
    if shown.is_empty() {
        shown.push(FormProblem { field: None, message: td_string!(locale, contact.generic_refused).to_string() });
    }
    shown
}

/// Where a problem's link in the error summary leads (a radio group's first radio); None for the fields the
/// page has no input for (sent by the app itself).
fn anchor(field: Field) -> Option<&'static str> {
    match field {
        Field::Channel => Some("channel-0"),
        Field::TimeWindow => Some("time_window-0"),
        Field::RequestId | Field::Assessment | Field::Partner | Field::Lang => None,
        other => Some(other.as_str()),
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_data();
    let outbox = use_outbox();
    let query = use_query_map();
    let navigate = use_navigate();
    use_title(move || t_string!(i18n, titles.contact).to_string());

    let desk = RwSignal::new(query.get_untracked().get("sportello").unwrap_or_default());
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let comune = RwSignal::new(None::<PickedComune>);
    let channel = RwSignal::new(String::new());
    let time_window = RwSignal::new("any".to_string());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let attach = RwSignal::new(false);
    let website = RwSignal::new(String::new());
    // One id per request, kept across retries, so the server stores it once however often it is sent.
    let request_id = StoredValue::new(new_request_id());
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let waiting = RwSignal::new(false);
    // Between "invia" and the first answer (or the promise that it waits in the outbox).
    let sending = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let summary = use_attachable_summary();

    // A request the server refused earlier (perhaps while the person was on another page) comes back here,
    // filled in, with the reasons, to be corrected: it is never silently lost.
    if let Some(back) = outbox.take_refused() {
        let f = back.form;
        let text = |v: Option<String>| v.unwrap_or_default();
        desk.set(text(f.desk_id));
        name.set(f.name);
        email.set(text(f.email));
        phone.set(text(f.phone));
        channel.set(text(f.channel));
        time_window.set(f.time_window.unwrap_or_else(|| "any".into()));
        message.set(text(f.message));
        consent.set(f.consent_privacy);
        restored.set(true);
        problems.set(server_problems(&back.problems, i18n.get_locale_untracked()));
    }

    // The desks to choose from: the online network first (always available), then by comune.
    let desks = Memo::new(move |_| {
        let lang = lang_of(i18n.get_locale());
        match data.desks() {
            Some(Ok(index)) => {
                let mut list: Vec<(String, String)> = index
                    .desks()
                    .iter()
                    .map(|d| {
                        let place = d
                            .location
                            .as_ref()
                            .map(|l| format!("{} ({})", l.comune.name, l.comune.prov))
                            .unwrap_or_else(|| t_string!(i18n, contact.desk_online).to_string());
                        (d.id.clone(), format!("{place} – {}", d.name.get(lang)))
                    })
                    .collect();
                let online: Vec<String> = index.online().map(|d| d.id.clone()).collect();
                list.sort_by(|a, b| (!online.contains(&a.0), &a.1).cmp(&(!online.contains(&b.0), &b.1)));
                list
            }
            _ => Vec::new(),
        }
    });
    // Without a desk from the link (or with one that does not exist), the online network is preselected:
    // every request reaches someone.
    Effect::new(move |_| {
        if let Some(Ok(index)) = data.desks()
            && desk.with_untracked(|d| d.is_empty() || index.get(d).is_none())
            && let Some(first) = index.online().next()
        {
            desk.set(first.id.clone());
        }
    });

    // What the outbox reports about this request.
    Effect::new(move |_| {
        let Some(event) = outbox.last.get() else { return };
        let mine = request_id.get_value();
        match event {
            Event::Delivered { receipt, .. } if receipt.request_id == mine => {
                sending.set(false);
                navigate(&Route::contact_sent(&receipt.reference), Default::default());
            }
            Event::Deferred { request_id: id } if id == mine => {
                sending.set(false);
                waiting.set(true);
            }
            Event::Refused { request_id: id } if id == mine => {
                sending.set(false);
                waiting.set(false);
                // Still on the form: take it back from the refused store and show why, right here.
                if let Some(back) = outbox.take_refused() {
                    let locale = i18n.get_locale_untracked();
                    problems.set(server_problems(&back.problems, locale));
                }
                // A new attempt after corrections is a new request.
                request_id.set_value(new_request_id());
            }
            _ => {}
        }
    });

    let field_error = move |field: Field| {
        let id = anchor(field);
        Signal::derive(move || problems.read().iter().find(|p| id.is_some() && p.field == id).map(|p| p.message.clone()))
    };
    let partner = app.partner();
    let form_value = move || {
        let lang = lang_of(i18n.get_locale_untracked());
        let some = |s: String| (!s.trim().is_empty()).then_some(s);
        let assessment = (attach.get_untracked()).then(|| summary.get_untracked().map(|s| s.json)).flatten();
        ContactForm {
            request_id: request_id.get_value(),
            desk_id: some(desk.get_untracked()),
            name: name.get_untracked(),
            email: some(email.get_untracked()),
            phone: some(phone.get_untracked()),
            comune_istat: comune.get_untracked().map(|c| c.istat),
            channel: some(channel.get_untracked()),
            time_window: some(time_window.get_untracked()),
            message: some(message.get_untracked()),
            consent_privacy: consent.get_untracked(),
            consent_share_assessment: assessment.is_some(),
            assessment,
            partner: partner.clone(),
            lang: Some(lang.code().to_string()),
            website: some(website.get_untracked()),
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = form_value();
        match form.validate() {
            Ok(_) => {
                problems.set(Vec::new());
                sending.set(true);
                outbox.queue(form);
            }
            Err(list) => problems.set(
                list.into_iter()
                    .map(|p| FormProblem { field: anchor(p.field), message: crate::problem_text::problem_text(i18n.get_locale_untracked(), &p) })
                    .collect(),
            ),
        }
    };
    let mail_link = {
        let fallback = app.config.help_email().to_string();
        move || {
            let locale = i18n.get_locale();
            let to = match data.desks() {
                Some(Ok(index)) => index
                    .get(&desk.get())
                    .and_then(|d| d.email.clone())
                    .or_else(|| index.online().find_map(|d| d.email.clone()))
                    .unwrap_or_else(|| fallback.clone()),
                _ => fallback.clone(),
            };
            let body = format!(
                "{}\n\n{}\n{}\n{}\n\n{}",
                td_string!(locale, contact.mail_intro),
                name.get(),
                email.get(),
                phone.get(),
                message.get()
            );
            let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
            format!("mailto:{to}?subject={}&body={}", enc(&td_string!(locale, contact.mail_subject)), enc(&body))
        }
    };
    let can_send = app.config.contact_endpoint.is_some();

    let channel_options = Signal::derive(move || {
        let o = |v: &str, l: String| RadioOption { value: v.into(), label: l, hint: None };
        vec![
            o("phone", t_string!(i18n, contact.channel_phone).to_string()),
            o("email", t_string!(i18n, contact.channel_email).to_string()),
            o("whatsapp", t_string!(i18n, contact.channel_whatsapp).to_string()),
        ]
    });
    let time_options = Signal::derive(move || {
        let o = |v: &str, l: String| RadioOption { value: v.into(), label: l, hint: None };
        vec![
            o("morning", t_string!(i18n, contact.time_morning).to_string()),
            o("afternoon", t_string!(i18n, contact.time_afternoon).to_string()),
            o("evening", t_string!(i18n, contact.time_evening).to_string()),
            o("any", t_string!(i18n, contact.time_any).to_string()),
        ]
    });
    let tr = move |f: fn(Locale) -> String| Signal::derive(move || f(i18n.get_locale()));

    let form_view = {
        view! {
            <ErrorSummary problems=problems.into() />
            <PageHeading>{t!(i18n, contact.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, contact.lead)}</p>
            <Show when=move || restored.get()>
                <p class="mw-panel mw-panel--notice">{t!(i18n, contact.refused_restored)}</p>
            </Show>
            {(!can_send).then(|| view! { <p class="mw-panel mw-panel--notice">{t!(i18n, contact.no_endpoint)}</p> })}
            <form novalidate on:submit=on_submit class="mw-form">
                <div class="mw-form-group" class:mw-form-group--error=move || field_error(Field::DeskId).get().is_some()>
                    <label class="mw-label" for="desk_id">{t!(i18n, contact.desk)}</label>
                    <p class="mw-hint" id="desk_id-hint">{t!(i18n, contact.desk_hint)} " "
                        <A href=Route::Sportelli.path()>{t!(i18n, contact.desk_find)}</A>
                    </p>
                    <Show when=move || field_error(Field::DeskId).get().is_some()>
                        <p class="mw-error-message" id="desk_id-error">
                            <span class="mw-visually-hidden">{t!(i18n, contact.error_prefix)} " "</span>
                            {move || field_error(Field::DeskId).get().unwrap_or_default()}
                        </p>
                    </Show>
                    <select class="mw-select" id="desk_id"
                        aria-describedby=move || if field_error(Field::DeskId).get().is_some() { "desk_id-hint desk_id-error" } else { "desk_id-hint" }
                        aria-invalid=move || field_error(Field::DeskId).get().is_some().then_some("true")
                        on:change=move |ev| desk.set(event_target_value(&ev))>
                        {move || desks.get().into_iter().map(|(id, label)| {
                            let sel = id.clone();
                            view! { <option value=id selected=move || desk.get() == sel>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput id="name" label=tr(|l| td_string!(l, contact.name).to_string())
                    value=name error=field_error(Field::Name) autocomplete="name" />
                <fieldset class="mw-fieldset" aria-describedby="contact-hint">
                    <legend class="mw-fieldset__legend">{t!(i18n, contact.how_title)}</legend>
                    <p class="mw-hint" id="contact-hint">{t!(i18n, contact.contact_hint)}</p>
                    <TextInput id="email" label=tr(|l| td_string!(l, contact.email).to_string())
                        value=email error=field_error(Field::Email) input_type="email" autocomplete="email" inputmode="email" />
                    <TextInput id="phone" label=tr(|l| td_string!(l, contact.phone).to_string())
                        value=phone error=field_error(Field::Phone) input_type="tel" autocomplete="tel" inputmode="tel" />
                </fieldset>
                <PlaceSearch id="comune_istat" label=tr(|l| td_string!(l, contact.comune).to_string())
                    hint=tr(|l| td_string!(l, contact.comune_hint).to_string())
                    error=field_error(Field::ComuneIstat)
                    on_pick=Callback::new(move |p: Option<PickedComune>| comune.set(p)) />
                <Radios id="channel" legend=tr(|l| td_string!(l, contact.channel).to_string()) options=channel_options
                    value=channel error=field_error(Field::Channel) inline=true />
                <Radios id="time_window" legend=tr(|l| td_string!(l, contact.time).to_string()) options=time_options
                    value=time_window error=field_error(Field::TimeWindow) />
                <TextArea id="message" label=tr(|l| td_string!(l, contact.message).to_string())
                    hint=tr(|l| td_string!(l, contact.message_hint).to_string())
                    value=message error=field_error(Field::Message) max_chars=MESSAGE_MAX_CHARS />
                <Checkbox id="consent_privacy" checked=consent error=field_error(Field::ConsentPrivacy)>
                    {t!(i18n, contact.consent)}
                </Checkbox>
                <p><a href=Route::Privacy.path() target="_blank" rel="noopener">{t!(i18n, contact.privacy_link)}</a></p>
                {move || summary.get().map(|s| view! { <AttachSummary summary=s attach /> })}
                // Honeypot: hidden from people and assistive technology; bots that fill every field fill this too.
                <div class="mw-honeypot" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" bind:value=website />
                </div>
                {if can_send {
                    view! {
                        <button type="submit" class="mw-button" disabled=move || sending.get() aria-disabled=move || sending.get().then_some("true")>
                            {move || if sending.get() { t_string!(i18n, contact.sending) } else { t_string!(i18n, contact.submit) }}
                        </button>
                    }.into_any()
                } else {
                    view! { <a class="mw-button" href=mail_link>{t!(i18n, contact.mail_button)}</a> }.into_any()
                }}
            </form>
        }
    };

    // Once queued and not yet delivered, the form gives way to the outbox's promise (and the heading takes
    // focus, as a new page's would).
    let focus = use_context::<crate::components::heading::FocusPending>();
    Effect::new(move |_| {
        if waiting.get()
            && let Some(crate::components::heading::FocusPending(flag)) = focus
        {
            flag.set_value(true);
        }
    });
    view! {
        <div class="mw-page">
            <Show when=move || waiting.get()>
                <div class="mw-panel mw-panel--notice">
                    <PageHeading>{t!(i18n, contact.pending_heading)}</PageHeading>
                    <p>{t!(i18n, contact.pending_body)}</p>
                    <button type="button" class="mw-button mw-button--secondary" on:click=move |_| outbox.retry_now()>
                        {t!(i18n, contact.retry_now)}
                    </button>
                </div>
            </Show>
            <div hidden=move || waiting.get()>{form_view}</div>
        </div>
    }
}

/// The optional consent to attach the self-check, with exactly what would be sent.
#[component]
fn AttachSummary(summary: AttachableSummary, attach: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mw-form-group">
            <div class="mw-checkbox">
                <input class="mw-checkbox__input" type="checkbox" id="consent_share_assessment" aria-describedby="attach-hint"
                    bind:checked=attach />
                <label class="mw-checkbox__label" for="consent_share_assessment">{t!(i18n, contact.attach)}</label>
            </div>
            <p class="mw-hint" id="attach-hint">{t!(i18n, contact.attach_hint)}</p>
            <details class="mw-details">
                <summary>{t!(i18n, contact.attach_preview)}</summary>
                <h2 class="mw-heading-s">{t!(i18n, contact.attach_outcomes)}</h2>
                <ul class="mw-list">{summary.outcomes.into_iter().map(|(name, status)| view! { <li>{name} ": " {status}</li> }).collect_view()}</ul>
                <h2 class="mw-heading-s">{t!(i18n, contact.attach_answers)}</h2>
                <dl class="mw-summary-list">
                    {summary.answers.into_iter().map(|(q, a)| view! {
                        <div class="mw-summary-list__row"><dt>{q}</dt><dd>{a}</dd></div>
                    }).collect_view()}
                </dl>
            </details>
        </div>
    }
}
