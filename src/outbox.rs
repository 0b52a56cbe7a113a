//! Sending contact requests so that none is lost and none arrives twice: the request is put in the outbox
//! (localStorage) before the first attempt, sent with its own `request_id` every time, and taken out only when
//! the server acknowledged it or refused it for good. The page that sends hears the outcome directly
//! ([`OutboxService::submit`]); later attempts (when the browser is back online, when the app starts, on a
//! growing timer) leave their outcome in state the notices read: the requests still waiting, the refused ones
//! to correct, the receipts kept. Which HTTP answer means what is core's `Attempt::from_status`, only.

use crate::api;
use leptos::prelude::*;
use microwork_core::contact::{ApiErrors, ApiProblem, Channel, ContactForm, Receipt, Reference, TimeWindow};
use microwork_core::outbox::{Attempt, MAX_BACKOFF_MS, Outbox};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

const OUTBOX_KEY: &str = "mw.outbox.v1";
const REFUSED_KEY: &str = "mw.refused.v1";
const SENT_KEY: &str = "mw.sent.v1";
const MAX_SENT: usize = 20;
/// The soonest a timer wakes the outbox again (a Retry-After of 0 must not spin).
const MIN_WAIT_MS: f64 = 1_000.0;

/// What the person keeps of a sent request (no contact details: only what the confirmation page shows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    pub reference: Reference,
    pub received_at: String,
    pub request_id: String,
    pub desk_id: Option<String>,
    pub channel: Option<Channel>,
    pub time_window: Option<TimeWindow>,
    /// The key to the request's status page (`…/richiesta/{reference}#<secret>`); absent in receipts kept
    /// before the server gave one.
    #[serde(default)]
    pub status_secret: Option<String>,
}

impl SentRequest {
    fn new(receipt: Receipt, form: &ContactForm) -> SentRequest {
        SentRequest {
            reference: receipt.reference,
            received_at: receipt.received_at,
            request_id: form.request_id.clone(),
            desk_id: form.desk_id.clone(),
            channel: form.channel.as_deref().and_then(Channel::parse),
            time_window: form.time_window.as_deref().and_then(TimeWindow::parse),
            status_secret: receipt.status_secret,
        }
    }
}

/// A request the server refused while the person was elsewhere, kept so they can correct it, not lose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub form: ContactForm,
    pub problems: Vec<ApiProblem>,
}

/// What became of a request the person just sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    /// The server stored it.
    Delivered(SentRequest),
    /// It could not be sent now: it waits on this device and goes by itself.
    Waiting,
    /// The server will not accept it as it is: why, for the form.
    Refused(Vec<ApiProblem>),
    /// This device would not keep it (storage full, private mode, disabled) and it could not be sent now
    /// either: nothing was saved, the form still holds it.
    NotSaved,
}

/// The device's storage refused to keep something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NotStored;

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

fn write<T: Serialize>(key: &str, value: &T, empty: bool) -> Result<(), NotStored> {
    let storage = crate::dom::local_storage().ok_or(NotStored)?;
    let written = if empty {
        storage.remove_item(key)
    } else {
        let text = serde_json::to_string(value).map_err(|_| NotStored)?;
        storage.set_item(key, &text)
    };
    written.map_err(|_| NotStored)
}

fn save(outbox: &Outbox) -> Result<(), NotStored> {
    write(OUTBOX_KEY, outbox, outbox.is_empty())
}

/// One attempt's result, read from the server's answer.
enum Tried {
    Delivered(Receipt),
    Refused(Vec<ApiProblem>),
    Retry(Attempt),
}

async fn attempt(endpoint: &str, form: &ContactForm) -> Tried {
    let Ok(answer) = api::post_contact_request(endpoint, form).await else { return Tried::Retry(Attempt::network_error()) };
    match Attempt::from_status(answer.status, answer.retry_after_s) {
        Attempt::Delivered => match serde_json::from_str::<Receipt>(&answer.body) {
            Ok(receipt) => Tried::Delivered(receipt),
            // A success we could not read: send again, the server answers the same receipt.
            Err(_) => Tried::Retry(Attempt::network_error()),
        },
        Attempt::Refused => {
            Tried::Refused(serde_json::from_str::<ApiErrors>(&answer.body).map(|e| e.errors).unwrap_or_default())
        }
        retry => Tried::Retry(retry),
    }
}

/// Provided once by the shell.
#[derive(Clone, Copy)]
pub struct OutboxService {
    endpoint: StoredValue<Option<String>>,
    /// How many requests are waiting.
    pub pending: RwSignal<usize>,
    /// How many refused requests wait for the person to correct them.
    pub refused: RwSignal<usize>,
    /// The requests sent from this device, newest first (also kept when storage fails, for this visit).
    pub sent: RwSignal<Vec<SentRequest>>,
    /// A request that had to wait was delivered: news for the notice, until the next page.
    pub delivered_later: RwSignal<Option<SentRequest>>,
    /// Requests being sent right now (the timer must not send them a second time meanwhile).
    in_flight: StoredValue<Vec<String>>,
    busy: StoredValue<bool>,
    timer: StoredValue<Option<i32>>,
}

impl OutboxService {
    /// Starts the outbox: sends what an earlier visit left, and again whenever the browser is back online.
    pub fn start(endpoint: Option<String>) -> OutboxService {
        // Counted without reading the requests: the code that reads and sends them is a part of the app of its
        // own (see `send_due`), downloaded only when something waits or the person sends.
        let svc = OutboxService {
            endpoint: StoredValue::new(endpoint),
            pending: RwSignal::new(read::<Count>(OUTBOX_KEY).pending.len()),
            refused: RwSignal::new(read::<Vec<serde::de::IgnoredAny>>(REFUSED_KEY).len()),
            sent: RwSignal::new(read(SENT_KEY)),
            delivered_later: RwSignal::new(None),
            in_flight: StoredValue::new(Vec::new()),
            busy: StoredValue::new(false),
            timer: StoredValue::new(None),
        };
        if let Some(window) = web_sys::window() {
            let on_online = Closure::<dyn FnMut()>::new(move || {
                if svc.pending.get_untracked() > 0 {
                    svc.retry_now();
                }
            });
            let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            on_online.forget();
        }
        if svc.pending.get_untracked() > 0 {
            svc.run();
        }
        svc
    }

    fn endpoint(self) -> String {
        self.endpoint.get_value().unwrap_or_default()
    }

    /// Keeps the request on the device, then sends it; the outcome comes back to the caller.
    pub async fn submit(self, form: ContactForm) -> Submitted {
        let mut outbox: Outbox = read(OUTBOX_KEY);
        outbox.add(form.clone(), now_ms());
        let kept = save(&outbox).is_ok();
        if kept {
            self.pending.set(outbox.pending.len());
        }
        self.in_flight.update_value(|ids| ids.push(form.request_id.clone()));
        let tried = attempt(&self.endpoint(), &form).await;
        self.in_flight.update_value(|ids| ids.retain(|id| *id != form.request_id));
        let (attempt, outcome) = match tried {
            Tried::Delivered(receipt) => (Attempt::Delivered, Submitted::Delivered(self.keep_sent(receipt, &form))),
            Tried::Refused(problems) => (Attempt::Refused, Submitted::Refused(problems)),
            Tried::Retry(a) if kept => (a, Submitted::Waiting),
            Tried::Retry(a) => (a, Submitted::NotSaved),
        };
        self.record(&form.request_id, attempt);
        self.schedule();
        outcome
    }

    /// The person asks to try again now, without waiting for the timer.
    pub fn retry_now(self) {
        leptos::task::spawn_local(async move { retry_due(self).await });
    }

    /// The most recent refused request, taken out of the store to be corrected in the form.
    pub fn take_refused(self) -> Option<Refused> {
        let mut all: Vec<Refused> = read(REFUSED_KEY);
        let last = all.pop();
        let _ = write(REFUSED_KEY, &all, all.is_empty());
        self.refused.set(all.len());
        last
    }

    /// The confirmation of a request sent from this device.
    pub fn sent(self, reference: &str) -> Option<SentRequest> {
        self.sent.with(|all| all.iter().find(|r| r.reference.as_str() == reference).cloned())
    }

    /// Forgets the confirmation of a request the person withdrew (nothing of it stays on the device).
    pub fn forget_sent(self, reference: &str) {
        self.sent.update(|all| {
            all.retain(|x| x.reference.as_str() != reference);
            let _ = write(SENT_KEY, all, all.is_empty());
        });
    }

    /// Records an attempt's outcome in the stored outbox (re-read: another tab may have changed it).
    fn record(self, request_id: &str, attempt: Attempt) -> Option<u32> {
        let mut outbox: Outbox = read(OUTBOX_KEY);
        let left = outbox.record(request_id, attempt, now_ms());
        let _ = save(&outbox);
        self.pending.set(outbox.pending.len());
        left.map(|p| p.attempts)
    }

    fn keep_sent(self, receipt: Receipt, form: &ContactForm) -> SentRequest {
        let sent = SentRequest::new(receipt, form);
        self.sent.update(|all| {
            all.retain(|x| x.request_id != sent.request_id);
            all.insert(0, sent.clone());
            all.truncate(MAX_SENT);
            let _ = write(SENT_KEY, all, false);
        });
        sent
    }

    /// Sends what is due, from the outbox's own part of the app.
    fn run(self) {
        leptos::task::spawn_local(async move { send_due(self).await });
    }

    /// Sends every request whose turn has come; the person may be on any page meanwhile.
    async fn process(self) {
        if self.busy.get_value() || self.endpoint.with_value(Option::is_none) {
            return;
        }
        self.busy.set_value(true);
        let endpoint = self.endpoint();
        loop {
            let in_flight = self.in_flight.get_value();
            let due: Vec<ContactForm> =
                read::<Outbox>(OUTBOX_KEY).due(now_ms()).into_iter().filter(|f| !in_flight.contains(&f.request_id)).collect();
            if due.is_empty() {
                break;
            }
            for form in due {
                match attempt(&endpoint, &form).await {
                    Tried::Delivered(receipt) => {
                        let waited = self.record(&form.request_id, Attempt::Delivered).is_some_and(|attempts| attempts > 0);
                        let sent = self.keep_sent(receipt, &form);
                        if waited {
                            self.delivered_later.set(Some(sent));
                        }
                    }
                    Tried::Refused(problems) => {
                        self.record(&form.request_id, Attempt::Refused);
                        let mut all: Vec<Refused> = read(REFUSED_KEY);
                        all.push(Refused { form, problems });
                        let _ = write(REFUSED_KEY, &all, false);
                        self.refused.set(all.len());
                    }
                    Tried::Retry(a) => {
                        self.record(&form.request_id, a);
                    }
                }
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
        let Some(next) = read::<Outbox>(OUTBOX_KEY).next_due_ms() else { return };
        let wait = (next - now_ms()).clamp(MIN_WAIT_MS, MAX_BACKOFF_MS);
        // Straight to the sending code (already here: this runs after it): a timer must not need a download.
        let wake = Closure::once_into_js(move || leptos::task::spawn_local(self.process()));
        let handle =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(wake.unchecked_ref(), wait as i32).ok();
        self.timer.set_value(handle);
    }
}

/// Sends every request whose turn has come: its own part of the app (the requests' format, the sending, the
/// outcomes), so a first visit with an empty outbox downloads none of it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn send_due(svc: OutboxService) {
    svc.process().await;
}

/// The person (or the browser coming back online) asks to send now, without waiting for the timer.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn retry_due(svc: OutboxService) {
    let mut outbox: Outbox = read(OUTBOX_KEY);
    outbox.retry_all_now(now_ms());
    let _ = save(&outbox);
    svc.process().await;
}

/// How many requests wait, read without decoding them.
#[derive(Default, Deserialize)]
struct Count {
    #[serde(default)]
    pending: Vec<serde::de::IgnoredAny>,
}

pub fn use_outbox() -> OutboxService {
    use_context::<OutboxService>().expect("OutboxService is provided by the shell")
}
