//! GOV.UK button: a `<button>` (submit by default), or a link that looks like one (`ButtonLink`, for a
//! "start" or "next" that is a navigation). Variants: secondary, small, start.

use leptos::prelude::*;

/// How a button looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Look {
    #[default]
    Primary,
    Secondary,
    /// Secondary and small (inside lists).
    Small,
    /// The big start button.
    Start,
}

impl Look {
    fn class(self) -> &'static str {
        match self {
            Look::Primary => "mw-button",
            Look::Secondary => "mw-button mw-button--secondary",
            Look::Small => "mw-button mw-button--secondary mw-button--small",
            Look::Start => "mw-button mw-button--start",
        }
    }
}

#[component]
pub fn Button(
    #[prop(optional)] look: Look,
    /// `submit` (default) or `button`.
    #[prop(default = "submit")]
    kind: &'static str,
    /// While set, the button is disabled (and says so to assistive technology).
    #[prop(into, optional)]
    busy: Signal<bool>,
    #[prop(into, optional)] pressed: Option<Signal<bool>>,
    #[prop(optional)] on_click: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    view! {
        <button type=kind class=look.class()
            disabled=move || busy.get() aria-disabled=move || busy.get().then_some("true")
            aria-pressed=move || pressed.map(|p| p.get().to_string())
            on:click=move |_| if let Some(f) = on_click { f.run(()) }>
            {children()}
        </button>
    }
}

/// A link styled as a button.
#[component]
pub fn ButtonLink(#[prop(into)] href: Signal<String>, #[prop(optional)] look: Look, children: Children) -> impl IntoView {
    let start = look == Look::Start;
    view! { <a href=href class=look.class() draggable=start.then_some("false")>{children()}</a> }
}
