//! Sending contact requests so that none is lost and none arrives twice: the request is put in the outbox
//! (localStorage) before the first attempt, sent with its own `request_id` every time, and taken out only when
//! the server acknowledged or refused it. Attempts run now, when the browser comes back online, when the app
//! starts, and on a growing timer (`microwork_core::outbox`).

use crate::api::{self, SendError, ServerProblem};
use leptos::prelude::*;
use microwork_core::contact::ContactForm;
use microwork_core::outbox::{Attempt, Outbox};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const OUTBOX_KEY: &str = "mw.outbox.v1";
const RECEIPTS_KEY: &str = "mw.sent.v1";
const MAX_RECEIPTS: usize = 20;

/// What the person keeps of a sent request (no contact details: only what the confirmation page shows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub reference: String,
    pub received_at: String,
    pub request_id: String,
    pub desk_id: Option<String>,
    pub channel: Option<String>,
    pub time_window: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Delivered(Receipt),
    /// Could not be sent now; it waits in the outbox.
    Deferred { request_id: String },
    /// The server will never accept it as it is.
    Refused { request_id: String, problems: Vec<ServerProblem> },
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn load() -> Outbox {
    storage()
        .and_then(|s| s.get_item(OUTBOX_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save(outbox: &Outbox) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(outbox)) {
        let _ = if outbox.is_empty() { s.remove_item(OUTBOX_KEY) } else { s.set_item(OUTBOX_KEY, &text) };
    }
}

pub fn receipts() -> Vec<Receipt> {
    storage()
        .and_then(|s| s.get_item(RECEIPTS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn keep_receipt(r: &Receipt) {
    let mut all = receipts();
    all.retain(|x| x.request_id != r.request_id);
    all.insert(0, r.clone());
    all.truncate(MAX_RECEIPTS);
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&all)) {
        let _ = s.set_item(RECEIPTS_KEY, &text);
    }
}

/// Provided once by the shell.
#[derive(Clone, Copy)]
pub struct OutboxService {
    endpoint: StoredValue<Option<String>>,
    /// How many requests are waiting.
    pub pending: RwSignal<usize>,
    /// The latest thing that happened to a request.
    pub last: RwSignal<Option<Event>>,
    busy: StoredValue<bool>,
    timer: StoredValue<Option<i32>>,
}

impl OutboxService {
    /// Starts the outbox: sends what an earlier visit left, and again whenever the browser is back online.
    pub fn start(endpoint: Option<String>) -> OutboxService {
        let svc = OutboxService {
            endpoint: StoredValue::new(endpoint),
            pending: RwSignal::new(load().pending.len()),
            last: RwSignal::new(None),
            busy: StoredValue::new(false),
            timer: StoredValue::new(None),
        };
        if let Some(window) = web_sys::window() {
            let on_online = Closure::<dyn FnMut()>::new(move || {
                let mut outbox = load();
                outbox.retry_all_now(now_ms());
                save(&outbox);
                svc.run();
            });
            let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            on_online.forget();
        }
        svc.run();
        svc
    }

    /// Queues the request (before anything is sent), then tries to send it.
    pub fn queue(self, form: ContactForm) {
        let mut outbox = load();
        outbox.add(form, now_ms());
        save(&outbox);
        self.pending.set(outbox.pending.len());
        self.run();
    }

    /// The person asks to try again now, without waiting for the timer.
    pub fn retry_now(self) {
        let mut outbox = load();
        outbox.retry_all_now(now_ms());
        save(&outbox);
        self.run();
    }

    pub fn run(self) {
        leptos::task::spawn_local(async move { self.process().await });
    }

    async fn process(self) {
        if self.busy.get_value() || self.endpoint.with_value(Option::is_none) {
            return;
        }
        self.busy.set_value(true);
        let endpoint = self.endpoint.get_value().unwrap_or_default();
        loop {
            let due = load().due(now_ms());
            if due.is_empty() {
                break;
            }
            for form in due {
                let result = api::send_contact_request(&endpoint, &form).await;
                let (attempt, event) = match result {
                    Ok(received) => {
                        let receipt = Receipt {
                            reference: received.reference,
                            received_at: received.received_at,
                            request_id: form.request_id.clone(),
                            desk_id: form.desk_id.clone(),
                            channel: form.channel.clone(),
                            time_window: form.time_window.clone(),
                        };
                        keep_receipt(&receipt);
                        (Attempt::Delivered, Event::Delivered(receipt))
                    }
                    Err(SendError::Network) => {
                        (Attempt::Retry { retry_after_s: None }, Event::Deferred { request_id: form.request_id.clone() })
                    }
                    Err(SendError::Unavailable { retry_after_s, .. }) => {
                        (Attempt::Retry { retry_after_s }, Event::Deferred { request_id: form.request_id.clone() })
                    }
                    Err(SendError::Refused { problems, .. }) => {
                        (Attempt::Refused, Event::Refused { request_id: form.request_id.clone(), problems })
                    }
                };
                // Re-read: another tab may have sent or queued meanwhile.
                let mut outbox = load();
                outbox.record(&form.request_id, attempt, now_ms());
                save(&outbox);
                self.pending.set(outbox.pending.len());
                self.last.set(Some(event));
            }
        }
        self.busy.set_value(false);
        self.schedule();
    }

    /// Wakes up when the next attempt is due.
    fn schedule(self) {
        let Some(window) = web_sys::window() else { return };
        if let Some(t) = self.timer.get_value() {
            window.clear_timeout_with_handle(t);
        }
        let Some(next) = load().next_due_ms() else { return };
        let wait = (next - now_ms()).clamp(1_000.0, 15.0 * 60_000.0);
        let wake = Closure::once_into_js(move || self.run());
        let handle =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(wake.unchecked_ref(), wait as i32).ok();
        self.timer.set_value(handle);
    }
}

pub fn use_outbox() -> OutboxService {
    use_context::<OutboxService>().expect("OutboxService is provided by the shell")
}
