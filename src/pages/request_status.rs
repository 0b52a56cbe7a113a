//! "/richiesta/<reference>#<secret>": where the person's request is (received, taken on, contacted, closed,
//! with dates in their language), the last known status when offline, "Nessuno ti ha contattato?" once the
//! desk's promised time has passed, and withdrawal with erasure. The secret lives in the URL fragment (never in
//! a server log) and on the device; the status is kept on the device too, for offline visits.

use crate::api::{self, StatusCall};
use crate::components::checkboxes::Checkbox;
use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::context::use_app;
use crate::i18n::{I18n, k, t, use_i18n};
use crate::navigation::use_route;
use crate::outbox::use_outbox;
use crate::routes::{Route, SportelliQuery};
use crate::wording::dates::date_text;
use leptos::prelude::*;
use microwork_core::contact::{RequestStatusView, Status};
use microwork_core::workdays::italian_date_of_utc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const KEY: &str = "mw.status.v1";
/// Requests whose status this device remembers at most (the oldest are forgotten).
const MAX_KEPT: usize = 20;

/// What the device keeps per request: its secret and the last status seen, with when it was seen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Kept {
    secret: String,
    #[serde(default)]
    view: Option<RequestStatusView>,
    #[serde(default)]
    seen_at: Option<String>,
}

fn read_all() -> BTreeMap<String, Kept> {
    crate::dom::local_storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Best effort: a device that will not store only loses the offline copy.
fn write_all(all: &BTreeMap<String, Kept>) {
    if let (Some(storage), Ok(text)) = (crate::dom::local_storage(), serde_json::to_string(all)) {
        let _ = storage.set_item(KEY, &text);
    }
}

fn keep(reference: &str, kept: Kept) {
    let mut all = read_all();
    all.insert(reference.to_string(), kept);
    while all.len() > MAX_KEPT {
        let oldest = all.iter().min_by_key(|(_, k)| k.seen_at.clone().unwrap_or_default()).map(|(r, _)| r.clone());
        match oldest {
            Some(r) => all.remove(&r),
            None => break,
        };
    }
    write_all(&all);
}

fn forget(reference: &str) {
    let mut all = read_all();
    all.remove(reference);
    write_all(&all);
}

fn now_utc() -> String {
    // `2026-11-27T10:00:00.000Z` → to the second, as the server writes times.
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    format!("{}Z", iso.get(..19).unwrap_or(""))
}

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    /// `live`: just fetched; otherwise the copy kept on the device, seen at `seen_at`.
    Status { view: RequestStatusView, live: bool, seen_at: Option<String> },
    Offline,
    Missing,
    NoSecret,
    Withdrawn,
}

fn day(i18n: I18n, at: &str) -> String {
    italian_date_of_utc(at).map(|d| date_text(i18n, d)).unwrap_or_default()
}

fn status_label(s: Status) -> crate::i18n::Key {
    match s {
        Status::Taken => k::request_status::STEP_TAKEN,
        Status::Contacted => k::request_status::STEP_CONTACTED,
        Status::Closed => k::request_status::STEP_CLOSED,
        Status::New | Status::Spam => k::request_status::STEP_RECEIVED,
    }
}

#[component]
fn Steps(view: RequestStatusView) -> impl IntoView {
    let i18n = use_i18n();
    let steps = [
        (k::request_status::STEP_RECEIVED, Some(view.timeline.received_at.clone())),
        (k::request_status::STEP_TAKEN, view.timeline.taken_at.clone()),
        (k::request_status::STEP_CONTACTED, view.timeline.contacted_at.clone()),
        (k::request_status::STEP_CLOSED, view.timeline.closed_at.clone()),
    ];
    view! {
        <ol class="mw-list" id="status-steps">
            {steps
                .into_iter()
                .map(|(label, at)| {
                    let done = at.is_some();
                    view! {
                        <li data-done=if done { "true" } else { "false" }>
                            <strong>{t(label)}</strong>
                            ": "
                            {move || match &at {
                                Some(at) => day(i18n, at),
                                None => i18n.text(k::request_status::NOT_YET),
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn RequestStatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let outbox = use_outbox();
    use_title_key(k::titles::REQUEST_STATUS);
    let (reference, from_link) = match use_route().get_untracked() {
        Some(Route::RequestStatus { reference, secret }) => (reference, secret),
        _ => (String::new(), None),
    };
    // The link's secret, else the one kept with the receipt or with an earlier visit.
    let kept = read_all().get(&reference).cloned();
    let secret = from_link
        .filter(|s| !s.trim().is_empty())
        .or_else(|| outbox.sent(&reference).and_then(|s| s.status_secret))
        .or_else(|| kept.as_ref().map(|k| k.secret.clone()));
    let endpoint = app.config.contact_endpoint.clone();
    let shown = RwSignal::new(Shown::Loading);
    let problem = RwSignal::new(None::<crate::i18n::Key>);
    let confirm = RwSignal::new(false);

    let remember = {
        let reference = reference.clone();
        move |secret: &str, view: &RequestStatusView| {
            keep(&reference, Kept { secret: secret.to_string(), view: Some(view.clone()), seen_at: Some(now_utc()) })
        }
    };

    match (&secret, &endpoint) {
        (None, _) | (_, None) => shown.set(Shown::NoSecret),
        (Some(secret), Some(endpoint)) => {
            let (secret, endpoint, reference, remember) = (secret.clone(), endpoint.clone(), reference.clone(), remember.clone());
            leptos::task::spawn_local(async move {
                let answer = api::status_call(&endpoint, &reference, &secret, StatusCall::Read).await;
                shown.set(match answer {
                    Ok(a) if a.status == 200 => match serde_json::from_str::<RequestStatusView>(&a.body) {
                        Ok(view) => {
                            remember(&secret, &view);
                            Shown::Status { view, live: true, seen_at: None }
                        }
                        Err(_) => Shown::Offline,
                    },
                    Ok(a) if a.status == 404 => {
                        forget(&reference);
                        Shown::Missing
                    }
                    // No answer, or a server in trouble: the last status this device saw.
                    _ => match kept.and_then(|k| k.view.map(|v| (v, k.seen_at))) {
                        Some((view, seen_at)) => Shown::Status { view, live: false, seen_at },
                        None => Shown::Offline,
                    },
                });
            });
        }
    }

    let act = {
        let (secret, endpoint, reference) = (secret.clone().unwrap_or_default(), endpoint.clone().unwrap_or_default(), reference.clone());
        move |call: StatusCall| {
            if call == StatusCall::Withdraw && !confirm.get_untracked() {
                problem.set(Some(k::request_status::WITHDRAW_NEED_CONFIRM));
                return;
            }
            problem.set(None);
            let (secret, endpoint, reference, remember) = (secret.clone(), endpoint.clone(), reference.clone(), remember.clone());
            leptos::task::spawn_local(async move {
                match (call, api::status_call(&endpoint, &reference, &secret, call).await) {
                    (StatusCall::Withdraw, Ok(a)) if a.status == 200 || a.status == 404 => {
                        forget(&reference);
                        outbox.forget_sent(&reference);
                        shown.set(Shown::Withdrawn);
                    }
                    (StatusCall::Escalate, Ok(a)) if a.status == 200 => match serde_json::from_str::<RequestStatusView>(&a.body) {
                        Ok(view) => {
                            remember(&secret, &view);
                            shown.set(Shown::Status { view, live: true, seen_at: None });
                        }
                        Err(_) => problem.set(Some(k::request_status::FAILED)),
                    },
                    _ => problem.set(Some(k::request_status::FAILED)),
                }
            });
        }
    };
    let act = StoredValue::new(act);
    let help_email = app.config.help_email().to_string();
    let reference_text = reference.clone();

    view! {
        <div class="mw-page">
            <PageHeading>{t(k::request_status::HEADING)}</PageHeading>
            <p class="mw-reference">{move || i18n.msg(k::request_status::reference(&reference_text))}</p>
            {move || problem.get().map(|key| view! { <p class="mw-error-message" role="alert">{t(key)}</p> })}
            {move || match shown.get() {
                Shown::Loading => view! { <p role="status">{t(k::request_status::LOADING)}</p> }.into_any(),
                Shown::NoSecret => view! { <p>{t(k::request_status::NO_SECRET)}</p> }.into_any(),
                Shown::Missing => view! { <p>{t(k::request_status::MISSING)}</p> }.into_any(),
                Shown::Offline => view! { <p role="status">{t(k::request_status::OFFLINE_NONE)}</p> }.into_any(),
                Shown::Withdrawn => view! {
                    <div class="mw-panel mw-panel--confirmation" role="status"><p>{t(k::request_status::WITHDRAWN)}</p></div>
                    <p><a href=Route::Start.href()>{t(k::sent::HOME)}</a></p>
                }.into_any(),
                Shown::Status { view, live, seen_at } => {
                    let status = view.status;
                    let due = date_text(i18n, view.due_on);
                    let escalated_at = view.escalated_at.clone();
                    let can_escalate = view.can_escalate;
                    let help_email = help_email.clone();
                    view! {
                        {(!live).then(|| view! {
                            <p class="mw-disclaimer" role="status">{i18n.msg(k::request_status::offline(&seen_at.as_deref().map(|s| day(i18n, s)).unwrap_or_default()))}</p>
                        })}
                        <p id="current-status"><strong>{i18n.msg(k::request_status::current(&i18n.text(status_label(status))))}</strong></p>
                        <Steps view=view.clone() />
                        {status.awaits_contact().then(|| view! { <p>{i18n.msg(k::request_status::due(&due))}</p> })}
                        {escalated_at.map(|at| {
                            let email = help_email.clone();
                            view! {
                                <div class="mw-panel" id="escalated">
                                    <p>{i18n.msg(k::request_status::escalated(&day(i18n, &at)))}</p>
                                    <p>{i18n.msg(k::request_status::help(&email))}</p>
                                    <p><a href=Route::Sportelli(SportelliQuery::default()).href()>{t(k::request_status::DESKS_LINK)}</a></p>
                                </div>
                            }
                        })}
                        {(can_escalate && live).then(|| view! {
                            <h2>{t(k::request_status::ESCALATE_TITLE)}</h2>
                            <p>{t(k::request_status::ESCALATE_TEXT)}</p>
                            <p>
                                <button type="button" class="mw-button" id="escalate"
                                    on:click=move |_| act.with_value(|a| a(StatusCall::Escalate))>
                                    {t(k::request_status::ESCALATE_BUTTON)}
                                </button>
                            </p>
                        })}
                        {live.then(|| view! {
                            <h2>{t(k::request_status::WITHDRAW_TITLE)}</h2>
                            <p>{t(k::request_status::WITHDRAW_TEXT)}</p>
                            <Checkbox id="withdraw-confirm" checked=confirm>{t(k::request_status::WITHDRAW_CONFIRM)}</Checkbox>
                            <p>
                                <button type="button" class="mw-button mw-button--secondary" id="withdraw"
                                    on:click=move |_| act.with_value(|a| a(StatusCall::Withdraw))>
                                    {t(k::request_status::WITHDRAW_BUTTON)}
                                </button>
                            </p>
                        })}
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
