//! What every form control shares: how its hint and error message are tied to it for screen readers.

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

/// The hint under a label or legend, `<id>-hint`.
#[component]
pub fn Hint(#[prop(into)] id: String, #[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <p class="mw-hint" id=format!("{id}-hint")>{text}</p> }
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
