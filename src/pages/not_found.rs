//! Any address that is no page of the app.

use crate::components::heading::PageHeading;
use crate::components::page::use_title_key;
use crate::i18n::{k, t};
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_title_key(k::titles::NOT_FOUND);
    view! {
        <div class="mw-page">
            <PageHeading>{t(k::not_found::HEADING)}</PageHeading>
            <p>{t(k::not_found::BODY)}</p>
            <p><a href=Route::Start.href()>{t(k::not_found::HOME)}</a></p>
        </div>
    }
}
