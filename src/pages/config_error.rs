//! Shown instead of the app when `config.json` is missing or malformed: never a blank page.

use crate::api::LoadError;
use crate::components::page::use_title_key;
use crate::i18n::{k, t};
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn ConfigErrorPage(error: LoadError) -> impl IntoView {
    use_title_key(k::titles::CONFIG_ERROR);
    view! {
        <header class="mw-header">
            <div class="mw-header__inner">
                <span class="mw-header__brand"><span class="mw-header__name">{t(k::site::NAME)}</span></span>
            </div>
        </header>
        <main id="main" class="mw-main" tabindex="-1">
            <div class="mw-page">
                <h1 tabindex="-1">{t(k::config_error::HEADING)}</h1>
                <p>{t(k::config_error::BODY)}</p>
                <p><a class="mw-button" href=Route::Start.href()>{t(k::config_error::RETRY)}</a></p>
                <p class="mw-hint">{t(k::config_error::OPERATOR)}</p>
                <pre class="mw-technical"><code>{error.to_string()}</code></pre>
            </div>
        </main>
    }
}
