//! The page's `<h1>`: after an in-app navigation it takes focus as soon as it is in the document, so screen
//! readers announce the new page (pages that wait for data render their heading later, and still get it).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Set by the shell when the route changes; cleared by the first heading that takes focus.
#[derive(Clone, Copy)]
pub struct FocusPending(pub StoredValue<bool>);

/// Focuses `h1` once it is attached to the document, and keeps it focused for about a second while the router
/// may still move the page's nodes (moving a node drops its focus, leaving it on `<body>`). Focus the person
/// moves elsewhere meanwhile is left alone: we only act while nothing else has it.
fn keep_focus(h1: web_sys::HtmlElement, frames_left: u32) {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let nothing_focused = active.as_ref().is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
    if h1.is_connected() && nothing_focused {
        let _ = h1.focus();
    }
    if frames_left == 0 {
        return;
    }
    let next = Closure::once_into_js(move || keep_focus(h1, frames_left - 1));
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(next.unchecked_ref());
    }
}

#[component]
pub fn PageHeading(children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::H1>::new();
    let pending = use_context::<FocusPending>();
    Effect::new(move |_| {
        if let (Some(h1), Some(FocusPending(flag))) = (node.get(), pending)
            && flag.get_value()
        {
            flag.set_value(false);
            keep_focus(h1.into(), 60);
        }
    });
    view! { <h1 tabindex="-1" node_ref=node>{children()}</h1> }
}
