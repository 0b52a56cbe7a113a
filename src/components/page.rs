use crate::dom;
use crate::i18n::*;
use leptos::prelude::*;

/// Keeps `document.title` as "<page title> – Micro Work", in the current language.
pub fn use_title(title: impl Fn() -> String + Send + Sync + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| dom::set_title(&title(), &t_string!(i18n, site.title_suffix)));
}
