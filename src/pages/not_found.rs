use crate::components::page::use_title;
use crate::i18n::*;
use crate::routes::Route;
use crate::components::heading::PageHeading;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, titles.not_found).to_string());
    view! {
        <div class="mw-page">
            <PageHeading>{t!(i18n, not_found.heading)}</PageHeading>
            <p>{t!(i18n, not_found.body)}</p>
            <p><A href=Route::Start.path()>{t!(i18n, not_found.home)}</A></p>
        </div>
    }
}
