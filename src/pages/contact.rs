//! "Chiedi di essere ricontattato": the form, validated by `microwork_core::contact`, posted to the backend.

use crate::api::{self, Received, SendError};
use crate::components::error_summary::{ErrorSummary, FormProblem};
use crate::components::form::{Checkbox, TextArea, TextInput};
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::context::use_app;
use crate::i18n::*;
use crate::routes::Route;
use crate::components::heading::{FocusPending, PageHeading};
use leptos::prelude::*;
use microwork_core::contact::{ContactForm, Field, MESSAGE_MAX_CHARS};

/// A version 4 UUID from the browser's random generator (available on http and https alike).
fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}


#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    use_title(move || t_string!(i18n, titles.contact).to_string());

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let website = RwSignal::new(String::new());
    // One id per request, kept across retries, so the server stores it once however often it is sent.
    let request_id = StoredValue::new(new_request_id());
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let sent = RwSignal::new(None::<Received>);

    let endpoint = app.config.contact_endpoint.clone();
    let app = StoredValue::new(app);
    let send = Action::new_local(move |form: &ContactForm| {
        let form = form.clone();
        let endpoint = endpoint.clone();
        async move {
            match endpoint {
                Some(endpoint) => api::send_contact_request(&endpoint, &form).await,
                None => Err(SendError::Network),
            }
        }
    });
    let focus = use_context::<FocusPending>();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(received)) => {
            // The confirmation's heading takes focus, as a new page's would.
            if let Some(FocusPending(flag)) = focus {
                flag.set_value(true);
            }
            sent.set(Some(received));
        }
        Some(Err(error)) => {
            let lang = lang_of(i18n.get_locale_untracked());
            let list = match error {
                SendError::Refused { problems, .. } if !problems.is_empty() => problems
                    .into_iter()
                    .map(|p| FormProblem { field: field_id(p.field.as_deref()), message: p.message })
                    .collect(),
                SendError::Network => vec![FormProblem { field: None, message: t_string!(i18n, contact.network_error).to_string() }],
                _ => vec![FormProblem { field: None, message: t_string!(i18n, contact.server_error).to_string() }],
            };
            let _ = lang;
            problems.set(list);
        }
        None => {}
    });

    let field_error = move |field: Field| {
        Signal::derive(move || problems.read().iter().find(|p| p.field == Some(field.as_str())).map(|p| p.message.clone()))
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = lang_of(i18n.get_locale_untracked());
        let some = |s: String| (!s.trim().is_empty()).then_some(s);
        let form = ContactForm {
            request_id: request_id.get_value(),
            name: name.get(),
            email: some(email.get()),
            phone: some(phone.get()),
            message: some(message.get()),
            consent_privacy: consent.get(),
            lang: Some(lang.code().to_string()),
            website: some(website.get()),
            partner: app.with_value(|a| a.partner()),
            ..ContactForm::default()
        };
        match form.validate() {
            Ok(_) => {
                problems.set(Vec::new());
                send.dispatch_local(form);
            }
            Err(list) => problems.set(
                list.into_iter()
                    .map(|p| FormProblem { field: Some(p.field.as_str()), message: p.message(lang) })
                    .collect(),
            ),
        }
    };

    let form_view = move || {
        view! {
            <ErrorSummary problems=problems.into() />
            <PageHeading>{t!(i18n, contact.heading)}</PageHeading>
            <p class="mw-lead">{t!(i18n, contact.lead)}</p>
            <form novalidate on:submit=on_submit class="mw-form">
                <TextInput id="name" label=Signal::derive(move || t_string!(i18n, contact.name).to_string())
                    value=name error=field_error(Field::Name) autocomplete="name" />
                <fieldset class="mw-fieldset" aria-describedby="contact-hint">
                    <legend class="mw-fieldset__legend">{t!(i18n, contact.how_title)}</legend>
                    <p class="mw-hint" id="contact-hint">{t!(i18n, contact.contact_hint)}</p>
                    <TextInput id="email" label=Signal::derive(move || t_string!(i18n, contact.email).to_string())
                        value=email error=field_error(Field::Email) input_type="email" autocomplete="email" inputmode="email" />
                    <TextInput id="phone" label=Signal::derive(move || t_string!(i18n, contact.phone).to_string())
                        value=phone error=field_error(Field::Phone) input_type="tel" autocomplete="tel" inputmode="tel" />
                </fieldset>
                <TextArea id="message" label=Signal::derive(move || t_string!(i18n, contact.message).to_string())
                    hint=Signal::derive(move || t_string!(i18n, contact.message_hint).to_string())
                    value=message error=field_error(Field::Message) max_chars=MESSAGE_MAX_CHARS />
                <Checkbox id="consent_privacy" checked=consent error=field_error(Field::ConsentPrivacy)>
                    {t!(i18n, contact.consent)}
                </Checkbox>
                <p><a href=Route::Privacy.path() target="_blank">{t!(i18n, contact.privacy_link)}</a></p>
                // Honeypot: hidden from people and assistive technology; bots that fill every field fill this too.
                <div class="mw-honeypot" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" bind:value=website />
                </div>
                <button type="submit" class="mw-button" disabled=move || send.pending().get()>
                    {move || if send.pending().get() { t_string!(i18n, contact.sending) } else { t_string!(i18n, contact.submit) }}
                </button>
            </form>
        }
    };

    view! {
        <div class="mw-page">
            {move || match sent.get() {
                Some(received) => view! {
                    <div class="mw-panel mw-panel--confirmation">
                        <PageHeading>{t!(i18n, contact.sent_heading)}</PageHeading>
                        <p>{t!(i18n, contact.sent_reference)}</p>
                        <p class="mw-reference" id="reference">{received.reference}</p>
                    </div>
                    <p>{t!(i18n, contact.sent_next)}</p>
                }
                .into_any(),
                None => form_view().into_any(),
            }}
        </div>
    }
}

fn field_id(field: Option<&str>) -> Option<&'static str> {
    const FIELDS: [Field; 6] = [Field::Name, Field::Email, Field::Phone, Field::Message, Field::ConsentPrivacy, Field::Channel];
    field.and_then(|f| FIELDS.iter().find(|x| x.as_str() == f).map(|x| x.as_str()))
}
