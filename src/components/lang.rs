//! The language switch: a disclosure whose summary names the current language ("Lingua · Language: Italiano",
//! recognisable whatever the page's language), opening on every language, each written in itself, so a person
//! who reads no Italian finds theirs. Choosing one downloads its texts and remembers the choice on this device.

use crate::i18n::{k, t, use_i18n};
use leptos::prelude::*;
use microwork_core::Lang;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let details = NodeRef::<leptos::html::Details>::new();
    let choose = move |lang: Lang| {
        if let Some(d) = details.get_untracked() {
            d.set_open(false);
        }
        if lang != i18n.lang_untracked() {
            i18n.switch(lang);
        }
    };
    view! {
        <details class="mw-lang" node_ref=details>
            <summary class="mw-lang__button">
                <span class="mw-lang__label">{t(k::site::LANG_CHOOSE)}</span>
                <span class="mw-lang__current" lang=move || i18n.lang().code()>{move || i18n.lang().info().endonym}</span>
            </summary>
            <ul class="mw-lang__list" aria-label=t(k::site::LANG_LABEL)>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let info = lang.info();
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="mw-lang__option"
                                    lang=info.code
                                    dir=info.dir.as_str()
                                    aria-pressed=move || if i18n.lang() == lang { "true" } else { "false" }
                                    on:click=move |_| choose(lang)
                                >
                                    {info.endonym}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
