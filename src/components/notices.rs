//! Notices shown above every page: a new version is ready; contact requests wait to be sent; a waiting one was
//! delivered (news until the next page); a refused one waits to be corrected. The person may be far from the
//! form by then.

use crate::i18n::{k, t, use_i18n};
use crate::navigation::{path_of, use_address, use_route};
use crate::offline::UpdateReady;
use crate::outbox::use_outbox;
use crate::routes::Route;
use leptos::prelude::*;

/// A new version was installed while this page was open: say so; the next load uses it.
#[component]
pub fn UpdateNotice(ready: UpdateReady) -> impl IntoView {
    let reload = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div role="status" class="mw-update">
            <Show when=move || ready.0.get()>
                <p class="mw-update__text">
                    {t(k::notices::UPDATE_READY)} " " <a href="" on:click=reload>{t(k::notices::UPDATE_RELOAD)}</a>
                </p>
            </Show>
        </div>
    }
}

#[component]
pub fn OutboxNotice() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = use_outbox();
    let address = use_address();
    let path = move || address.with(|a| path_of(a).to_string());
    let path_now = move || address.with_untracked(|a| path_of(a).to_string());
    let route = use_route();
    // The news goes away at the first navigation after it was shown.
    let shown_on = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let path = path();
        if shown_on.with_value(|p| p.as_ref().is_some_and(|p| *p != path)) {
            shown_on.set_value(None);
            outbox.delivered_later.set(None);
        }
    });
    // Not on its own confirmation page, which says it all.
    let delivered = move || {
        let sent = outbox.delivered_later.get()?;
        if matches!(route.get(), Some(Route::Sent(_))) {
            return None;
        }
        shown_on.set_value(Some(path_now()));
        Some(sent)
    };
    let on_contact = move || matches!(route.get(), Some(Route::Contact { .. }));
    view! {
        <div role="status" class="mw-update">
            {move || delivered().map(|sent| view! {
                <p class="mw-update__text">
                    {i18n.msg(k::notices::outbox_delivered(&sent.reference))} " "
                    <a href=Route::Sent(sent.reference.to_string()).href()>{t(k::notices::OUTBOX_SEE)}</a>
                </p>
            })}
            {move || (outbox.pending.get() > 0).then(|| view! {
                <p class="mw-update__text">{t(k::notices::OUTBOX_PENDING)}</p>
            })}
            {move || (outbox.refused.get() > 0 && !on_contact()).then(|| view! {
                <p class="mw-update__text">
                    {t(k::notices::REFUSED_NOTICE)} " "
                    <a href=Route::Contact { desk: None }.href()>{t(k::notices::REFUSED_OPEN)}</a>
                </p>
            })}
        </div>
    }
}
