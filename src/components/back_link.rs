//! GOV.UK back link that agrees with the browser's back button: when the page it points to is the one the
//! person came from, it goes back in history (so the next "back" does not bounce between two pages).

use leptos::prelude::*;
use leptos_router::components::A;

/// The paths visited in this tab (with query), most recent last; kept by the shell.
#[derive(Clone, Copy)]
pub struct NavHistory(pub StoredValue<Vec<String>>);

/// `prefix`: the page came from `href` with any query (a search list with its filters counts as the list).
#[component]
pub fn BackLink(#[prop(into)] href: Signal<String>, #[prop(optional)] prefix: bool, children: Children) -> impl IntoView {
    let history = use_context::<NavHistory>();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let target = href.get_untracked();
        let came_from = history.and_then(|h| h.0.with_value(|v| v.len().checked_sub(2).map(|i| v[i].clone())));
        let same = came_from.as_deref().is_some_and(|from| {
            from == target || (prefix && from.strip_prefix(target.as_str()).is_some_and(|rest| rest.starts_with('?')))
        });
        if same
            && let Some(h) = web_sys::window().and_then(|w| w.history().ok())
        {
            ev.prevent_default();
            let _ = h.back();
        }
    };
    view! {
        <A href=move || href.get() attr:class="mw-back-link" on:click=on_click>{children()}</A>
    }
}
