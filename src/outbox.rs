//! Sending contact requests so that none is lost and none arrives twice: the request is put in the outbox
//! (localStorage) before the first attempt, sent with its own `request_id` every time, and taken out only when
//! the server acknowledged it (or refused it for good: then it is kept aside, with the reasons, for the person
//! to correct). Attempts run now, when the browser comes back online, when the app starts, and on a growing
//! timer. Which answer means what is `microwork_core::outbox::Attempt::from_status`.

use crate::api::{self, SendError, ServerProblem};
use leptos::prelude::*;
use microwork_core::contact::ContactForm;
use microwork_core::outbox::{Attempt, Outbox};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const OUTBOX_KEY: &str = "mw.outbox.v1";
const REFUSED_KEY: &str = "mw.refused.v1";
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

/// A request the server refused, kept so the person can correct it rather than lose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub form: ContactForm,
    pub problems: Vec<ServerProblem>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// `deferred`: it had to wait in the outbox (the person may be elsewhere by now, and should be told).
    Delivered { receipt: Receipt, deferred: bool },
    /// Could not be sent now; it waits in the outbox.
    Deferred { request_id: String },
    /// The server will never accept it as it is; it is kept aside for correction.
    Refused { request_id: String },
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn read<T: for<'de> Deserialize<'de> + Default>(key: &str) -> T {
    let Some(storage) = crate::dom::local_storage() else { return T::default() };
    let Some(text) = storage.get_item(key).ok().flatten() else { return T::default() };
    match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(_) => {
            // Never overwrite what we could not read (a newer or older format): set it aside first.
            let _ = storage.set_item(&format!("{key}.unreadable.{}", now_ms() as u64), &text);
            let _ = storage.remove_item(key);
            T::default()
        }
    }
}

fn write<T: Serialize>(key: &str, value: &T, empty: bool) {
    if let Some(s) = crate::dom::local_storage() {
        let _ = match serde_json::to_string(value) {
            Ok(_) if empty => s.remove_item(key),
            Ok(text) => s.set_item(key, &text),
            Err(_) => Ok(()),
        };
    }
}

fn load() -> Outbox {
    read(OUTBOX_KEY)
}

fn save(outbox: &Outbox) {
    write(OUTBOX_KEY, outbox, outbox.is_empty());
}

pub fn receipts() -> Vec<Receipt> {
    read(RECEIPTS_KEY)
}

fn keep_receipt(r: &Receipt) {
    let mut all = receipts();
    all.retain(|x| x.request_id != r.request_id);
    all.insert(0, r.clone());
    all.truncate(MAX_RECEIPTS);
    write(RECEIPTS_KEY, &all, false);
}

fn refused() -> Vec<Refused> {
    read(REFUSED_KEY)
}

/// Provided once by the shell.
#[derive(Clone, Copy)]
pub struct OutboxService {
    endpoint: StoredValue<Option<String>>,
    /// How many requests are waiting.
    pub pending: RwSignal<usize>,
    /// How many refused requests wait for the person to correct them.
    pub refused: RwSignal<usize>,
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
            refused: RwSignal::new(refused().len()),
            last: RwSignal::new(None),
            busy: StoredValue::new(false),
            timer: StoredValue::new(None),
        };
        if let Some(window) = web_sys::window() {
            let on_online = Closure::<dyn FnMut()>::new(move || svc.retry_now());
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

    /// The most recent refused request, taken out of the store to be corrected in the form.
    pub fn take_refused(self) -> Option<Refused> {
        let mut all = refused();
        let last = all.pop();
        write(REFUSED_KEY, &all, all.is_empty());
        self.refused.set(all.len());
        last
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
                let (attempt, received, problems) = match result {
                    Ok(received) => (Attempt::Delivered, Some(received), Vec::new()),
                    Err(SendError::Network) => (Attempt::network_error(), None, Vec::new()),
                    // A success whose answer we could not read: send again, the server replays the same answer.
                    Err(SendError::Status { status: 200 | 201, .. }) => (Attempt::network_error(), None, Vec::new()),
                    Err(SendError::Status { status, retry_after_s, problems }) => {
                        (Attempt::from_status(status, retry_after_s), None, problems)
                    }
                };
                // Re-read: another tab may have sent or queued meanwhile.
                let mut outbox = load();
                let left = outbox.record(&form.request_id, attempt, now_ms());
                save(&outbox);
                self.pending.set(outbox.pending.len());
                let event = match (attempt, received) {
                    (Attempt::Delivered, Some(received)) => {
                        let receipt = Receipt {
                            reference: received.reference,
                            received_at: received.received_at,
                            request_id: form.request_id.clone(),
                            desk_id: form.desk_id.clone(),
                            channel: form.channel.clone(),
                            time_window: form.time_window.clone(),
                        };
                        keep_receipt(&receipt);
                        Event::Delivered { receipt, deferred: left.is_some_and(|p| p.attempts > 0) }
                    }
                    (Attempt::Refused, _) => {
                        let mut all = refused();
                        all.push(Refused { form: form.clone(), problems });
                        write(REFUSED_KEY, &all, false);
                        self.refused.set(all.len());
                        Event::Refused { request_id: form.request_id.clone() }
                    }
                    _ => Event::Deferred { request_id: form.request_id.clone() },
                };
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
