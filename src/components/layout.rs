//! The frame around every page: skip link, header with navigation and language, main, footer.
//! Also the two things every navigation needs: the title and moving focus to the new page's heading.

use crate::components::back_link::NavHistory;
use crate::components::heading::FocusPending;
use crate::components::lang::{LanguageSwitch, init_locale};
use crate::context::{AppContext, use_app};
use crate::embed;
use crate::offline;
use crate::i18n::*;
use crate::pages;
use crate::routes::Route as R;
use crate::dom;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{ParamSegment, StaticSegment};
use microwork_core::config::AppConfig;
use std::sync::Arc;

#[component]
pub fn Shell(config: AppConfig) -> impl IntoView {
    let embed = embed::read_options().map(Arc::new);
    if let Some(options) = &embed {
        embed::apply_accent(options);
        embed::start_reporting(options);
        dom::add_root_class("mw-embedded");
    }
    let embedded = embed.is_some();
    provide_context(AppContext { config: Arc::new(config), embed });
    provide_context(FocusPending(StoredValue::new(false)));
    provide_context(NavHistory(StoredValue::new(Vec::new())));
    let selfcheck = crate::selfcheck::SelfCheck::start();
    provide_context(selfcheck);
    provide_context(crate::data::Data::new());
    // Saved answers from an older questionnaire are cleaned as soon as any page has loaded the rules.
    let data = crate::data::use_data();
    if let Some(window) = web_sys::window() {
        // Back online: files that failed to download are tried again.
        let on_online = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || data.retry());
        let _ = window.add_event_listener_with_callback("online", wasm_bindgen::JsCast::unchecked_ref(on_online.as_ref()));
        on_online.forget();
    }
    Effect::new(move |_| {
        if let Some(Ok(rules)) = data.peek_rules() {
            selfcheck.clean(&rules);
        }
    });
    let endpoint = use_app().config.contact_endpoint.clone();
    provide_context(crate::outbox::OutboxService::start(endpoint));
    init_locale();
    let update_ready = offline::UpdateReady(RwSignal::new(false));
    offline::watch_updates(update_ready);
    view! {
        <Router>
            <FocusOnNavigation />
            <SkipLink />
            {if embedded { view! { <EmbedBar /> }.into_any() } else { view! { <Header /> }.into_any() }}
            <UpdateNotice ready=update_ready />
            <OutboxNotice />
            <main id="main" class="mw-main" tabindex="-1">
                <Routes fallback=|| view! { <pages::not_found::NotFoundPage /> }>
                    <Route path=StaticSegment(R::Start.segment()) view=pages::start::StartPage />
                    <Route path=StaticSegment(R::SelfCheck.segment()) view=pages::selfcheck::SelfCheckPage />
                    <Route path=(StaticSegment(R::SelfCheck.segment()), StaticSegment("riepilogo")) view=pages::selfcheck::CheckAnswersPage />
                    <Route path=(StaticSegment(R::SelfCheck.segment()), ParamSegment("question")) view=pages::selfcheck::QuestionPage />
                    <Route path=StaticSegment(R::Results.segment()) view=pages::results::ResultsPage />
                    <Route path=StaticSegment(R::Sportelli.segment()) view=pages::sportelli::SportelliPage />
                    <Route path=(StaticSegment(R::Sportelli.segment()), ParamSegment("id")) view=pages::sportello::SportelloPage />
                    <Route path=StaticSegment(R::Contact.segment()) view=pages::contact::ContactPage />
                    <Route path=(StaticSegment(R::Contact.segment()), StaticSegment("inviata"), ParamSegment("reference")) view=pages::contact_sent::ContactSentPage />
                    <Route path=StaticSegment(R::Privacy.segment()) view=pages::privacy::PrivacyPage />
                    <Route path=StaticSegment(R::About.segment()) view=pages::about::AboutPage />
                    <Route path=StaticSegment(R::Integrate.segment()) view=pages::integrate::IntegratePage />
                </Routes>
            </main>
            {(!embedded).then(|| view! { <Footer /> })}
        </Router>
    }
}

/// On every navigation after the first page, focus goes to the new page's `<h1>` (as a screen reader expects).
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    let embed = use_app().embed;
    let pending = use_context::<FocusPending>();
    let history = use_context::<NavHistory>();
    Effect::new(move |_| {
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        if let Some(NavHistory(h)) = history {
            h.update_value(|v| {
                // Going back to the page before: pop instead of push, as the browser does.
                if v.len() >= 2 && v[v.len() - 2] == here {
                    v.pop();
                } else if v.last() != Some(&here) {
                    v.push(here);
                }
            });
        }
    });
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            if let Some(FocusPending(flag)) = pending {
                flag.set_value(true);
            }
            if let Some(options) = &embed {
                embed::announce_navigation(options);
            }
        }
        path
    });
}

#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a href="#main" class="mw-skip-link">{t!(i18n, site.skip_link)}</a> }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="mw-header">
            <div class="mw-header__inner">
                <A href=R::Start.path() attr:class="mw-header__brand">
                    <span class="mw-header__name">{t!(i18n, site.name)}</span>
                    <span class="mw-header__tagline">{t!(i18n, site.tagline)}</span>
                </A>
                <LanguageSwitch />
            </div>
            <nav class="mw-nav" aria-label=move || t_string!(i18n, site.nav_label)>
                <ul class="mw-nav__list">
                    <li><A href=R::SelfCheck.path() attr:class="mw-nav__link">{t!(i18n, site.nav_selfcheck)}</A></li>
                    <li><A href=R::Sportelli.path() attr:class="mw-nav__link">{t!(i18n, site.nav_sportelli)}</A></li>
                    <li><A href=R::Contact.path() attr:class="mw-nav__link">{t!(i18n, site.nav_contact)}</A></li>
                </ul>
            </nav>
        </header>
    }
}

/// A new version was installed while this page was open: say so; the next load uses it.
#[component]
fn UpdateNotice(ready: offline::UpdateReady) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="status" class="mw-update">
            <Show when=move || ready.0.get()>
                <p class="mw-update__text">
                    {t!(i18n, site.update_ready)} " "
                    <a href="" on:click=move |ev| {
                        ev.prevent_default();
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }>{t!(i18n, site.update_reload)}</a>
                </p>
            </Show>
        </div>
    }
}

/// Requests waiting in the outbox, refused ones to correct, and the news when a waiting one was sent: on
/// whatever page the person is (they may have left the form long ago).
#[component]
fn OutboxNotice() -> impl IntoView {
    let i18n = use_i18n();
    let outbox = crate::outbox::use_outbox();
    let location = use_location();
    // A "sent" notice is news once: it goes away at the next navigation after it was shown.
    let shown_on = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let path = location.pathname.get();
        if shown_on.with_value(|p| p.as_ref().is_some_and(|p| *p != path)) {
            shown_on.set_value(None);
            outbox.last.set(None);
        }
    });
    let delivered = move || match outbox.last.get() {
        Some(crate::outbox::Event::Delivered { receipt, deferred: true })
            if !location.pathname.get().starts_with(&R::contact_sent("")) =>
        {
            shown_on.set_value(Some(location.pathname.get_untracked()));
            Some(receipt)
        }
        _ => None,
    };
    view! {
        <div role="status" class="mw-update">
            {move || delivered().map(|r| view! {
                <p class="mw-update__text">
                    {t!(i18n, contact.outbox_delivered, reference = r.reference.clone())} " "
                    <A href=R::contact_sent(&r.reference)>{t!(i18n, contact.outbox_see)}</A>
                </p>
            })}
            {move || (outbox.pending.get() > 0).then(|| view! {
                <p class="mw-update__text">{t!(i18n, contact.outbox_pending)}</p>
            })}
            {move || (outbox.refused.get() > 0 && location.pathname.get() != R::Contact.path()).then(|| view! {
                <p class="mw-update__text">
                    {t!(i18n, contact.refused_notice)} " "
                    <A href=R::Contact.path()>{t!(i18n, contact.refused_open)}</A>
                </p>
            })}
        </div>
    }
}

/// In a partner's page the site's own header and footer would be noise: only the language choice stays.
#[component]
fn EmbedBar() -> impl IntoView {
    view! {
        <div class="mw-embed-bar">
            <LanguageSwitch />
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="mw-footer">
            <nav aria-label=move || t_string!(i18n, site.footer_label)>
                <ul class="mw-footer__links">
                    <li><A href=R::Privacy.path()>{t!(i18n, site.footer_privacy)}</A></li>
                    <li><A href=R::About.path()>{t!(i18n, site.footer_about)}</A></li>
                    <li><A href=R::Integrate.path()>{t!(i18n, site.footer_integrate)}</A></li>
                </ul>
            </nav>
            <p class="mw-footer__note">{t!(i18n, site.footer_note)}</p>
        </footer>
    }
}
