//! "/contatto/inviata/<reference>": the confirmation — the reference to keep, the desk, what happens next and
//! when (from the desk's hours), and print/save. Reloads and prints work: the receipt is kept on the device.

use crate::components::desk_info::opening_day;
use crate::components::heading::PageHeading;
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::context::use_app;
use crate::data::use_data;
use crate::dom;
use crate::i18n::*;
use crate::outbox::receipts;
use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use microwork_core::hours::OpenStatus;

#[component]
pub fn ContactSentPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_data();
    let params = use_params_map();
    use_title(move || t_string!(i18n, titles.contact_sent).to_string());
    let reference = params.get_untracked().get("reference").unwrap_or_default();
    let receipt = receipts().into_iter().find(|r| r.reference == reference);
    let email = app.config.help_email().to_string();

    let details = move || {
        let locale = i18n.get_locale();
        let lang = lang_of(locale);
        let receipt = receipt.clone()?;
        let index = match data.desks() {
            Some(Ok(i)) => Some(i),
            _ => None,
        };
        let desk = index.as_ref().and_then(|i| receipt.desk_id.as_deref().and_then(|id| i.get(id)).cloned());
        let channel = match receipt.channel.as_deref() {
            Some("email") => td_string!(locale, sent.by_email),
            Some("whatsapp") => td_string!(locale, sent.by_whatsapp),
            _ => td_string!(locale, sent.by_phone),
        };
        let window = match receipt.time_window.as_deref() {
            Some("morning") => td_string!(locale, contact.time_morning),
            Some("afternoon") => td_string!(locale, contact.time_afternoon),
            Some("evening") => td_string!(locale, contact.time_evening),
            _ => td_string!(locale, contact.time_any),
        }
        .to_lowercase();
        let (date, minute) = dom::rome_now();
        let when = match desk.as_ref().map(|d| d.status_at(date, minute)) {
            Some(OpenStatus::Open { until }) => td_string!(locale, sent.next_open_now, time = until.to_string()).to_string(),
            Some(OpenStatus::Closed { next: Some(o) }) | Some(OpenStatus::ClosedForClosure { reopens: Some(o), .. }) => {
                td_string!(locale, sent.next_opening, day = opening_day(locale, &o), time = o.from.to_string())
                    .to_string()
            }
            _ => td_string!(locale, sent.next_unknown).to_string(),
        };
        Some(view! {
            {desk.map(|d| view! { <p>{td_string!(locale, sent.desk, desk = d.name.get(lang).to_string()).to_string()}</p> })}
            <h2>{t!(i18n, sent.next_title)}</h2>
            <p>{td_string!(locale, sent.next_contact, channel = channel, window = window).to_string()}</p>
            <p>{when}</p>
        })
    };
    let known = receipts().iter().any(|r| r.reference == reference);

    view! {
        <div class="mw-page">
            <div class="mw-panel mw-panel--confirmation">
                <PageHeading>{t!(i18n, sent.heading)}</PageHeading>
                <p>{t!(i18n, sent.reference)}</p>
                <p class="mw-reference" id="reference">{reference.clone()}</p>
            </div>
            {details}
            {(!known).then(|| view! { <p>{t!(i18n, sent.unknown_receipt)}</p> })}
            <p>{t!(i18n, contact.sent_next)}</p>
            <p>{move || t_string!(i18n, sent.next_nohear, email = email.clone()).to_string()}</p>
            <p class="mw-no-print">
                <button type="button" class="mw-button mw-button--secondary" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>{t!(i18n, sent.print)}</button>
            </p>
            <p class="mw-no-print"><A href=Route::Start.path()>{t!(i18n, sent.home)}</A></p>
        </div>
    }
}
