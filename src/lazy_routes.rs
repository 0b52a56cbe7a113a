//! The app arrives in parts, one per group of pages (wasm-split, see crates/build): a first visit downloads the
//! app's core and the group of the page asked for, not the whole app. Groups follow what a person does next
//! (the self-check's pages together, the contact form with its confirmation), so moving inside a group
//! downloads nothing more.
//!
//! Each group is one `#[lazy]` function (one split); [`Page::view`] names the group of each page.
//! Without the `split` feature (tests, `cargo check`) the same functions run in the one module: an unsplit
//! module with split points cannot be instantiated.

use crate::pages;
use crate::routes::{GuidePage, Route};
use leptos::prelude::*;

/// Resolves once the texts a page waits for are in (see [`crate::i18n::I18n::more`]).
type TextsReady = futures_channel::oneshot::Receiver<()>;

/// While a group downloads, the link the person followed keeps the focus; the new page's heading takes focus
/// only from nobody (components::heading), so the link lets go once the page is there.
pub fn release_followed_link() {
    use wasm_bindgen::JsCast;
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    if let Some(link) = active.filter(|a| a.tag_name().eq_ignore_ascii_case("a")).and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = link.blur();
    }
}

/// Declares one group: `group!(fn_name: Enum { Variant => page::Component, … })`.
macro_rules! group {
    ($(#[$doc:meta])* $group:ident: $pages:ident { $($variant:ident => $module:ident::$page:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        enum $pages { $($variant),+ }

        #[cfg_attr(feature = "split", leptos::lazy)]
        async fn $group(page: $pages, texts: Option<TextsReady>) -> AnyView {
            // Once the group has arrived: the page's texts, if it was still waiting for them, before it is built.
            if let Some(texts) = texts {
                let _ = texts.await;
            }
            match page {
                $($pages::$variant => view! { <pages::$module::$page /> }.into_any()),+
            }
        }
    };
}

group!(
    /// The self-check: its entry, each question, check-your-answers.
    self_check_part: SelfCheckPart {
        Entry => self_check::SelfCheckPage,
        Question => question::QuestionPage,
        CheckAnswers => check_answers::CheckAnswersPage,
    }
);

group!(
    /// The results.
    results_part: ResultsPart { Results => results::ResultsPage }
);

group!(
    /// The help desk locator (list, filters, map).
    sportelli_part: SportelliPart { List => sportelli::SportelliPage }
);

group!(
    /// One help desk's page.
    desk_part: DeskPart { Desk => sportello::SportelloPage }
);

group!(
    /// The contact form and the confirmation of a sent request.
    contact_part: ContactPart {
        Form => contact::ContactPage,
        Sent => contact_sent::ContactSentPage,
    }
);

group!(
    /// The pages of text: start (after a navigation inside the app), privacy, about, for partners.
    text_part: TextPart {
        Start => start::StartPage,
        Privacy => privacy::PrivacyPage,
        About => about::AboutPage,
        Integrate => integrate::IntegratePage,
    }
);

group!(
    /// The guide: its index and each of its pages (FAQ, glossary, the topics).
    guide_part: GuidePart { Guide => guide::GuidePage }
);

group!(
    /// The status of a sent request (reached from the confirmation page or from the link sent to the person).
    request_status_part: RequestStatusPart { Status => request_status::RequestStatusPage }
);

/// Which page of the app is shown: one per kind of address. A new address of the same kind keeps the page on
/// screen, and its signals follow the address (from one question to the next, a list with other filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Start,
    SelfCheck,
    Question,
    CheckAnswers,
    Results,
    Sportelli,
    Desk,
    Contact,
    Sent,
    RequestStatus,
    Privacy,
    About,
    Integrate,
    GuideIndex,
    Guide,
    NotFound,
}

impl Page {
    pub fn of(route: Option<&Route>) -> Page {
        match route {
            None => Page::NotFound,
            Some(route) => match route {
                Route::Start => Page::Start,
                Route::SelfCheck => Page::SelfCheck,
                Route::Question { .. } => Page::Question,
                Route::CheckAnswers => Page::CheckAnswers,
                Route::Results { .. } => Page::Results,
                Route::Sportelli(_) => Page::Sportelli,
                Route::Desk { .. } => Page::Desk,
                Route::Contact { .. } => Page::Contact,
                Route::Sent(_) => Page::Sent,
                Route::RequestStatus { .. } => Page::RequestStatus,
                Route::Privacy => Page::Privacy,
                Route::About => Page::About,
                Route::Integrate => Page::Integrate,
                Route::Guide(GuidePage::Index) => Page::GuideIndex,
                Route::Guide(_) => Page::Guide,
            },
        }
    }

    /// Whether the page reads texts of the `more` part of the locale file (core's `catalog::source::MORE_GROUPS`):
    /// every page but the start, the self-check's, the results, the guide and "not found" (most people arrive at those).
    pub fn reads_more_texts(self) -> bool {
        !matches!(self, Page::Start | Page::SelfCheck | Page::Question | Page::CheckAnswers | Page::Results | Page::GuideIndex | Page::Guide | Page::NotFound)
    }

    /// The page's view, once its group and `texts` (what [`crate::i18n::I18n::more`] gave) have arrived.
    pub async fn view(self, texts: Option<TextsReady>) -> AnyView {
        match self {
            Page::Start => text_part(TextPart::Start, texts).await,
            Page::SelfCheck => self_check_part(SelfCheckPart::Entry, texts).await,
            Page::Question => self_check_part(SelfCheckPart::Question, texts).await,
            Page::CheckAnswers => self_check_part(SelfCheckPart::CheckAnswers, texts).await,
            Page::Results => results_part(ResultsPart::Results, texts).await,
            Page::Sportelli => sportelli_part(SportelliPart::List, texts).await,
            Page::Desk => desk_part(DeskPart::Desk, texts).await,
            Page::Contact => contact_part(ContactPart::Form, texts).await,
            Page::Sent => contact_part(ContactPart::Sent, texts).await,
            Page::RequestStatus => request_status_part(RequestStatusPart::Status, texts).await,
            Page::Privacy => text_part(TextPart::Privacy, texts).await,
            Page::About => text_part(TextPart::About, texts).await,
            Page::Integrate => text_part(TextPart::Integrate, texts).await,
            Page::GuideIndex | Page::Guide => guide_part(GuidePart::Guide, texts).await,
            Page::NotFound => view! { <pages::not_found::NotFoundPage /> }.into_any(),
        }
    }
}
