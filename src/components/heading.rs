//! The page's `<h1>`: after an in-app navigation it takes focus as soon as it is in the document, so screen
//! readers announce the new page (pages that wait for data render their heading later, and still get it).

use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Set by the shell when the route changes; cleared by the first heading that takes focus.
#[derive(Clone, Copy)]
pub struct FocusPending(pub StoredValue<bool>);

/// Focuses `h1` once it is attached to the document, and keeps it focused for about a second while the router
/// may still move the page's nodes (moving a node drops its focus, leaving it on `<body>`). Focus the person
/// moves elsewhere meanwhile is left alone: we only act while nothing else has it, and not at all once they
/// press a key or touch the page (the button they pressed may hide itself, leaving focus on `<body>` for a
/// moment, for the page to send it where they now look: the locator's map).
fn keep_focus(h1: web_sys::HtmlElement, frames: u32, acted: Rc<Cell<bool>>) {
    crate::dom::each_frame(frames, move || {
        if acted.get() {
            return true;
        }
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let nothing_focused = active.as_ref().is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
        if h1.is_connected() && nothing_focused {
            let _ = h1.focus();
        }
        false
    });
}

/// A flag set by the person's next key press or touch (each listener runs once, then is gone).
fn until_the_person_acts() -> Rc<Cell<bool>> {
    let acted = Rc::new(Cell::new(false));
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        options.set_once(true);
        for event in ["keydown", "pointerdown"] {
            let flag = acted.clone();
            let listener = Closure::once_into_js(move || flag.set(true));
            let _ = document.add_event_listener_with_callback_and_add_event_listener_options(event, listener.unchecked_ref(), &options);
        }
    }
    acted
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
            keep_focus(h1.into(), 60, until_the_person_acts());
        }
    });
    view! { <h1 tabindex="-1" node_ref=node>{children()}</h1> }
}
