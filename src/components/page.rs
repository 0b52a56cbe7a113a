//! What every page does on arrival: name itself in the tab's title, in the current language.

use crate::dom;
use crate::i18n::{Key, k, use_i18n};
use leptos::prelude::*;

/// Keeps `document.title` as "<page title> – Micro Work", in the current language.
pub fn use_title(title: impl Fn() -> String + Send + Sync + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| dom::set_title(&title(), &i18n.text(k::site::TITLE_SUFFIX)));
}

/// [`use_title`] with a text of `locales/`.
pub fn use_title_key(key: Key) {
    let i18n = use_i18n();
    use_title(move || i18n.text(key));
}
