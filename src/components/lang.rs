//! The language switch: the other languages, each offered in its own language (a person who does not read
//! Italian can find "English"). Choosing one downloads its texts and remembers the choice on this device.

use crate::i18n::{k, t, use_i18n};
use leptos::prelude::*;
use microwork_core::Lang;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let others = move || {
        let current = i18n.lang();
        Lang::ALL.into_iter().filter(move |l| *l != current).collect::<Vec<_>>()
    };
    view! {
        <div class="mw-lang" role="group" aria-label=t(k::site::LANG_LABEL)>
            <For each=others key=|l| *l let:lang>
                <button type="button" class="mw-lang__button" lang=lang.code() on:click=move |_| i18n.switch(lang)>
                    {lang.info().endonym}
                </button>
            </For>
        </div>
    }
}
