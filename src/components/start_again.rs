//! A self-check page with nothing to show yet (no answers saved, a broken share link): its heading, why, and
//! the way to the first question. The results page and "check your answers" say it alike.

use crate::components::button::ButtonLink;
use crate::components::heading::PageHeading;
use crate::i18n::{Key, k, t};
use crate::routes::Route;
use leptos::prelude::*;

pub fn start_again(heading: impl IntoView + Send + 'static, message: Key) -> AnyView {
    view! {
        <PageHeading>{heading}</PageHeading>
        <p class="mw-panel mw-panel--notice">{t(message)}</p>
        <p><ButtonLink href=Route::SelfCheck.href()>{t(k::results::START)}</ButtonLink></p>
    }
    .into_any()
}
