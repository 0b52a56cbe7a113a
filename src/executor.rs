//! The app's async executor: Leptos's effects, resources and routes run as tasks here, in slices of the main
//! thread of about `SLICE_MS`, so that the page stays responsive while the app starts or renders a page.
//!
//! Leptos's default (wasm-bindgen-futures) runs every ready task in the same microtask queue: the app's start-up,
//! from the first render to the page's last effect, was one task of up to a second on a phone (Lighthouse's total
//! blocking time), and a tap in that second waited for all of it. Here a task that becomes ready still runs in
//! a microtask, as before, while the current slice is young; once the slice has run `SLICE_MS`, the rest waits
//! for a new browser task (a `MessageChannel` message, which the browser does not delay like `setTimeout`), so
//! input and painting can come in between. While the app starts, the static copy of the page (boot.js) stays on
//! screen until the app's page has its heading, so the slices in between are not seen.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use async_task::Runnable;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// How long the tasks run in one go before the browser gets the main thread back: React's scheduler yields
/// every 5 ms too. Measured with Lighthouse (median of 3, interleaved runs; noisy): 30 ms gave /autovalutazione a
/// total blocking time of 446 ms, 10 ms 304 ms, 5 ms 259 ms. A single task longer than this (building a
/// page's view) still runs whole.
const SLICE_MS: f64 = 5.0;

thread_local! {
    static QUEUE: RefCell<VecDeque<Runnable>> = const { RefCell::new(VecDeque::new()) };
    static STATE: State = const { State {
        draining: Cell::new(false),
        microtask_queued: Cell::new(false),
        task_queued: Cell::new(false),
        slice_start: Cell::new(None),
    } };
    static CHANNEL: Option<web_sys::MessageChannel> = new_channel();
}

struct State {
    /// `drain` is running (a task woken now is picked up by its loop).
    draining: Cell<bool>,
    /// A microtask will drain the queue.
    microtask_queued: Cell<bool>,
    /// A message is on its way: it ends the current slice and drains what is left (a task woken meanwhile
    /// waits for it, one browser task later at most).
    task_queued: Cell<bool>,
    /// When the current slice began (`None`: no slice since the last browser task of ours).
    slice_start: Cell<Option<f64>>,
}

/// Makes this the executor Leptos spawns on. Call before mounting the app (mounting would set the default one);
/// without a `MessageChannel` (none known to lack it) Leptos's default is kept.
pub fn install() {
    if CHANNEL.with(|channel| channel.is_some()) {
        _ = Executor::init_local_custom_executor(Sliced);
    }
}

struct Sliced;

impl CustomExecutor for Sliced {
    fn spawn(&self, fut: PinnedFuture<()>) {
        spawn_local(fut);
    }
    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        spawn_local(fut);
    }
    fn poll_local(&self) {}
}

fn spawn_local(fut: PinnedLocalFuture<()>) {
    let (runnable, task) = async_task::spawn_local(fut, schedule);
    task.detach();
    runnable.schedule();
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn schedule(runnable: Runnable) {
    QUEUE.with(|queue| queue.borrow_mut().push_back(runnable));
    STATE.with(|state| {
        if state.draining.get() || state.microtask_queued.get() || state.task_queued.get() {
            return;
        }
        state.microtask_queued.set(true);
        wasm_bindgen_futures::spawn_local(async {
            STATE.with(|state| state.microtask_queued.set(false));
            drain();
        });
    });
}

/// Runs ready tasks until none is left or the slice is used up; then a message continues in a new task.
fn drain() {
    let slice_start = STATE.with(|state| {
        state.draining.set(true);
        let start = state.slice_start.get().unwrap_or_else(now);
        if state.slice_start.get().is_none() {
            state.slice_start.set(Some(start));
            // The slice ends with the browser task it began in: the message clears it.
            post_message(state);
        }
        start
    });
    loop {
        let Some(runnable) = QUEUE.with(|queue| queue.borrow_mut().pop_front()) else { break };
        runnable.run();
        if now() - slice_start >= SLICE_MS && QUEUE.with(|queue| !queue.borrow().is_empty()) {
            STATE.with(post_message);
            break;
        }
    }
    STATE.with(|state| state.draining.set(false));
}

fn post_message(state: &State) {
    if state.task_queued.replace(true) {
        return;
    }
    CHANNEL.with(|channel| {
        if let Some(channel) = channel {
            _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        }
    });
}

/// A new browser task: the slice before it is over; go on with what is queued.
fn on_message() {
    STATE.with(|state| {
        state.task_queued.set(false);
        state.slice_start.set(None);
    });
    if QUEUE.with(|queue| !queue.borrow().is_empty()) && !STATE.with(|state| state.draining.get()) {
        drain();
    }
}

fn new_channel() -> Option<web_sys::MessageChannel> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let handler = Closure::<dyn FnMut()>::new(on_message);
    channel.port1().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // Lives as long as the page.
    handler.forget();
    Some(channel)
}
