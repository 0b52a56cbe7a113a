//! The language: `?lang=` first, then the person's earlier choice, then the browser's preference, then Italian.

use crate::i18n::*;
use leptos::prelude::*;
use microwork_core::Lang;

const STORAGE_KEY: &str = "mw.lang";


fn locale_from_code(code: &str) -> Option<Locale> {
    let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
    Locale::get_all().iter().copied().find(|l| l.as_str() == primary)
}

/// The UI locale for a shipped language (they are the same list; the generated enum just has its own type).
pub fn locale_of(lang: Lang) -> Locale {
    locale_from_code(lang.code()).unwrap_or_default()
}

/// The domain's language for the current UI locale (texts from data files, validation messages).
pub fn lang_of(locale: Locale) -> Lang {
    Lang::from_code(locale.as_str()).unwrap_or_default()
}

/// Applies `?lang=` or the stored choice; otherwise leaves leptos_i18n's choice from `navigator.languages`.
pub fn init_locale() {
    let i18n = use_i18n();
    let from_query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"))
        .and_then(|code| locale_from_code(&code));
    let chosen = from_query.or_else(|| {
        crate::dom::local_storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).and_then(|code| locale_from_code(&code))
    });
    if let Some(locale) = chosen {
        i18n.set_locale(locale);
        if from_query.is_some() {
            remember(locale);
        }
    }
}

fn remember(locale: Locale) {
    if let Some(s) = crate::dom::local_storage() {
        let _ = s.set_item(STORAGE_KEY, locale.as_str());
    }
}

/// The other languages, each offered in its own language (a person who does not read Italian can find "English").
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let others = move || {
        let current = i18n.get_locale();
        Locale::get_all().iter().copied().filter(move |l| *l != current).collect::<Vec<_>>()
    };
    view! {
        <div class="mw-lang" role="group" aria-label=move || t_string!(i18n, site.lang_label)>
            <For each=others key=|l| *l let:locale>
                <button
                    type="button"
                    class="mw-lang__button"
                    lang=locale.as_str()
                    on:click=move |_| {
                        i18n.set_locale(locale);
                        remember(locale);
                    }
                >
                    {td_string!(locale, site.lang_name)}
                </button>
            </For>
        </div>
    }
}
