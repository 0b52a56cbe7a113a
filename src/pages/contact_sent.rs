//! "/contatto/inviata/<reference>": the confirmation — the reference to keep, the desk, what happens next and
//! when (from the desk's hours), and print/save. Reloads and prints work: the receipt is kept on the device.

use super::contact_form::time_window_label;
use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::context::use_app;
use crate::data::use_data;
use crate::dom;
use crate::i18n::{k, t, use_i18n};
use crate::navigation::use_route;
use crate::outbox::{SentRequest, use_outbox};
use crate::routes::Route;
use crate::wording::dates::opening_day;
use leptos::prelude::*;
use microwork_core::contact::Channel;
use microwork_core::hours::OpenStatus;

/// Who will call, how, and when the desk is next open.
#[component]
fn WhatNext(sent: SentRequest) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let help = use_app().config.help_email().to_string();
    move || {
        let email = help.clone();
        let (desk, months) = match data.desks() {
            Some(Ok(index)) => (sent.desk_id.as_deref().and_then(|id| index.get(id)).cloned(), index.confirmation_months()),
            _ => (None, microwork_core::sportelli::DEFAULT_CONFIRMATION_MONTHS),
        };
        let channel = i18n.text(match sent.channel {
            Some(Channel::Email) => k::sent::BY_EMAIL,
            Some(Channel::Whatsapp) => k::sent::BY_WHATSAPP,
            Some(Channel::Phone) | None => k::sent::BY_PHONE,
        });
        let window = i18n.text(time_window_label(sent.time_window.unwrap_or_default())).to_lowercase();
        // A desk no recent source reports working: no promise of who reads it or when.
        // The same question the locator's "confermato"/"da verificare" asks.
        if desk.as_ref().is_none_or(|d| !d.is_confirmed(dom::today(), months)) {
            return view! {
                {desk.map(|d| view! { <p>{i18n.msg(k::sent::desk(&d.name.get(i18n.lang())))}</p> })}
                <h2>{t(k::sent::NEXT_TITLE)}</h2>
                <p id="next-unconfirmed">{i18n.msg(k::sent::NextUnconfirmed { channel: &channel, window: &window, email: &email })}</p>
            }
            .into_any();
        }
        let (date, minute) = dom::rome_now();
        let when = match desk.as_ref().map(|d| d.status_at(date, minute)) {
            Some(OpenStatus::Open { until }) => i18n.msg(k::sent::next_open_now(&until)),
            Some(OpenStatus::Closed { next: Some(o) } | OpenStatus::ClosedForClosure { reopens: Some(o), .. }) => {
                i18n.msg(k::sent::NextOpening { day: &opening_day(i18n, &o), time: &o.from })
            }
            _ => i18n.text(k::sent::NEXT_UNKNOWN),
        };
        view! {
            {desk.map(|d| view! { <p>{i18n.msg(k::sent::desk(&d.name.get(i18n.lang())))}</p> })}
            <h2>{t(k::sent::NEXT_TITLE)}</h2>
            <p>{i18n.msg(k::sent::NextContact { channel: &channel, window: &window })}</p>
            <p>{when}</p>
            <p>{i18n.msg(k::sent::next_nohear(&email))}</p>
        }
        .into_any()
    }
}

#[component]
pub fn ContactSentPage() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let route = use_route();
    use_title_key(k::titles::CONTACT_SENT);
    let reference = match route.get_untracked() {
        Some(Route::Sent(reference)) => reference,
        _ => String::new(),
    };
    let sent = outbox.sent(&reference);
    let known = sent.is_some();
    let email = use_app().config.help_email().to_string();
    view! {
        <div class="mw-page">
            <div class="mw-panel mw-panel--confirmation">
                <PageHeading>{t(k::sent::HEADING)}</PageHeading>
                <p>{t(k::sent::REFERENCE)}</p>
                <p class="mw-reference" id="reference">{reference}</p>
            </div>
            {sent.clone().and_then(|s| s.status_secret.map(|secret| (s.reference, secret))).map(|(reference, secret)| {
                let href = Route::RequestStatus { reference: reference.as_str().to_string(), secret: Some(secret) }.href();
                view! {
                    <h2>{t(k::request_status::FOLLOW_TITLE)}</h2>
                    <p>{t(k::request_status::FOLLOW_TEXT)}</p>
                    <p><a id="status-link" href=href>{t(k::request_status::FOLLOW_LINK)}</a></p>
                }
            })}
            {sent.map(|sent| view! { <WhatNext sent /> })}
            {(!known).then(|| view! {
                <p>{t(k::sent::UNKNOWN_RECEIPT)}</p>
                <p>{move || i18n.msg(k::sent::next_nohear(&email))}</p>
            })}
            <p>{t(k::contact::SENT_NEXT)}</p>
            <p class="mw-no-print">
                <button type="button" class="mw-button mw-button--secondary" on:click=move |_| dom::print()>{t(k::sent::PRINT)}</button>
            </p>
            <p class="mw-no-print"><a href=Route::Start.href()>{t(k::sent::HOME)}</a></p>
        </div>
    }
}
