//! The app arrives in parts, one per group of pages (wasm-split, see crates/build): a first visit downloads the
//! app's core and the group of the page asked for, not the whole app. Groups follow what a person does next
//! (the self-check's pages together, the contact form with its confirmation), so moving inside a group
//! downloads nothing more.
//!
//! Each group is one `#[lazy]` function (one split); each route's `LazyRoute` names its page in the group.
//! Without the `split` feature (tests, `cargo check`) the same functions run in the one module: an unsplit
//! module with split points cannot be instantiated.

use crate::pages;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// While a group downloads, the link the person followed keeps the focus; the new page's heading takes focus
/// only from nobody (components::heading), so the link lets go once the page is there.
fn release_followed_link() {
    use wasm_bindgen::JsCast;
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    if let Some(link) = active.filter(|a| a.tag_name().eq_ignore_ascii_case("a")).and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = link.blur();
    }
}

/// Declares one group: `group!(fn_name, Enum { Variant => page::Component, … })`, then one route type per page.
macro_rules! group {
    ($(#[$doc:meta])* $group:ident: $pages:ident { $($route:ident: $variant:ident => $module:ident::$page:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub enum $pages { $($variant),+ }

        #[cfg_attr(feature = "split", leptos::lazy)]
        #[allow(clippy::unused_async)]
        async fn $group(page: $pages) -> AnyView {
            match page {
                $($pages::$variant => view! { <pages::$module::$page /> }.into_any()),+
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    let page = $group($pages::$variant).await;
                    release_followed_link();
                    page
                }
            }
        )+
    };
}

group!(
    /// The self-check: its entry, each question, check-your-answers.
    self_check_part: SelfCheckPart {
        SelfCheckRoute: Entry => self_check::SelfCheckPage,
        QuestionRoute: Question => question::QuestionPage,
        CheckAnswersRoute: CheckAnswers => check_answers::CheckAnswersPage,
    }
);

group!(
    /// The results.
    results_part: ResultsPart { ResultsRoute: Results => results::ResultsPage }
);

group!(
    /// The help desk locator (list, filters, map).
    sportelli_part: SportelliPart { SportelliRoute: List => sportelli::SportelliPage }
);

group!(
    /// One help desk's page.
    desk_part: DeskPart { DeskRoute: Desk => sportello::SportelloPage }
);

group!(
    /// The contact form and the confirmation of a sent request.
    contact_part: ContactPart {
        ContactRoute: Form => contact::ContactPage,
        ContactSentRoute: Sent => contact_sent::ContactSentPage,
    }
);

group!(
    /// The pages of text: start (after a navigation inside the app), privacy, about, for partners.
    text_part: TextPart {
        StartRoute: Start => start::StartPage,
        PrivacyRoute: Privacy => privacy::PrivacyPage,
        AboutRoute: About => about::AboutPage,
        IntegrateRoute: Integrate => integrate::IntegratePage,
    }
);

group!(
    /// The guide: its index and each of its pages (FAQ, glossary, the topics).
    guide_part: GuidePart { GuideRoute: Guide => guide::GuidePage }
);

group!(
    /// The status of a sent request (reached from the confirmation page or from the link sent to the person).
    request_status_part: RequestStatusPart { RequestStatusRoute: Status => request_status::RequestStatusPage }
);
