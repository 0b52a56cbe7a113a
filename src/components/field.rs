//! What every form control shares: its error state, how its hint and error message are tied to it for screen
//! readers, and the fieldset that groups radios, checkboxes and the parts of a date.

use super::error_message::ErrorMessage;
use super::heading::PageHeading;
use leptos::prelude::*;

/// `aria-describedby` for a control: its hint (`<id>-hint`) and its error message (`<id>-error`), when shown.
pub fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A control's error, and what follows from it for its markup.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub error: Signal<Option<String>>,
    /// The control's `aria-describedby`.
    pub described_by: Signal<Option<String>>,
}

impl FieldState {
    pub fn new(id: &str, has_hint: bool, error: Signal<Option<String>>) -> FieldState {
        let id = id.to_string();
        FieldState { error, described_by: Signal::derive(move || described_by(&id, has_hint, error.read().is_some())) }
    }

    pub fn has_error(self) -> bool {
        self.error.read().is_some()
    }

    /// `aria-invalid`.
    pub fn invalid(self) -> Option<&'static str> {
        self.has_error().then_some("true")
    }
}

/// The hint under a label or legend, `<id>-hint`.
#[component]
pub fn Hint(#[prop(into)] id: String, #[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <p class="mw-hint" id=format!("{id}-hint")>{text}</p> }
}

/// A form group around a fieldset: the legend (on a question page, the page's `<h1>`), the hint, the error
/// message, then the controls (`children`).
#[component]
pub fn Fieldset(
    #[prop(into)] id: String,
    #[prop(into)] legend: Signal<String>,
    #[prop(into, optional_no_strip)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] legend_is_heading: bool,
    /// `group` for the parts of one answer (a date).
    #[prop(optional)]
    role: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let state = FieldState::new(&id, hint.is_some(), error);
    let legend = if legend_is_heading {
        view! { <PageHeading>{legend}</PageHeading> }.into_any()
    } else {
        view! { <span>{legend}</span> }.into_any()
    };
    view! {
        <div class="mw-form-group" class:mw-form-group--error=move || state.has_error()>
            <fieldset class="mw-fieldset" role=role aria-describedby=state.described_by>
                <legend class="mw-fieldset__legend" class:mw-fieldset__legend--heading=legend_is_heading>{legend}</legend>
                {hint.map(|h| view! { <Hint id=id.clone() text=h /> })}
                <ErrorMessage id=id.clone() error />
                {children()}
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::described_by;

    #[test]
    fn hint_then_error() {
        assert_eq!(described_by("name", false, false), None);
        assert_eq!(described_by("name", true, false).as_deref(), Some("name-hint"));
        assert_eq!(described_by("name", true, true).as_deref(), Some("name-hint name-error"));
        assert_eq!(described_by("name", false, true).as_deref(), Some("name-error"));
    }
}
