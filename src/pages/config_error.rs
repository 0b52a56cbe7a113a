//! Shown instead of the app when `config.json` is missing or malformed: never a blank page.

use crate::api::LoadError;
use crate::i18n::*;
use crate::dom;
use leptos::prelude::*;

#[component]
pub fn ConfigErrorPage(error: LoadError) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| dom::set_title(&t_string!(i18n, titles.config_error), &t_string!(i18n, site.title_suffix)));
    view! {
        <header class="mw-header">
            <div class="mw-header__inner">
                <span class="mw-header__brand"><span class="mw-header__name">{t!(i18n, site.name)}</span></span>
            </div>
        </header>
        <main id="main" class="mw-main" tabindex="-1">
            <div class="mw-page">
                <h1 tabindex="-1">{t!(i18n, config_error.heading)}</h1>
                <p>{t!(i18n, config_error.body)}</p>
                <p><a class="mw-button" href="/">{t!(i18n, config_error.retry)}</a></p>
                <p class="mw-hint">{t!(i18n, config_error.operator)}</p>
                <pre class="mw-technical"><code>{error.to_string()}</code></pre>
            </div>
        </main>
    }
}
