//! The frame around every page: skip link, header with navigation and language, the notices, main, footer;
//! and what every navigation needs: the route table, the history the back links read, and moving focus to the
//! new page's heading.

use crate::components::back_link::NavHistory;
use crate::components::heading::FocusPending;
use crate::components::lang::LanguageSwitch;
use crate::components::notices::{OutboxNotice, UpdateNotice};
use crate::context::{AppContext, use_app};
use crate::i18n::{Key, k, t};
use crate::navigation::{address, use_route};
use crate::pages;
use crate::routes::{Route as R, Section, segment};
use crate::{dom, embed, lazy_routes, offline};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_url};
use leptos_router::{Lazy, ParamSegment, StaticSegment};
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
    let endpoint = config.contact_endpoint.clone();
    provide_context(AppContext { config: Arc::new(config), embed });
    provide_context(FocusPending(StoredValue::new(false)));
    provide_context(NavHistory(StoredValue::new(Vec::new())));
    let selfcheck = crate::selfcheck::SelfCheck::start();
    provide_context(selfcheck);
    let data = crate::data::Data::start();
    provide_context(data);
    // Saved answers from an older questionnaire are cleaned as soon as any page has loaded the questions.
    Effect::new(move |_| {
        if let Some(Ok(questionnaire)) = data.peek_questionnaire() {
            selfcheck.clean(&questionnaire);
        }
        if let Some(Ok(rules)) = data.peek_rules() {
            selfcheck.clean(rules.questionnaire());
        }
    });
    provide_context(crate::outbox::OutboxService::start(endpoint));
    let update_ready = offline::UpdateReady(RwSignal::new(false));
    offline::watch_updates(update_ready);
    // The router adds nothing to our addresses (they carry the base path); it only matches under it.
    let base = (crate::routes::base() != "/").then(|| crate::routes::base().trim_end_matches('/').to_string());
    view! {
        <Router base=base.unwrap_or_default()>
            <FocusOnNavigation />
            <a href="#main" class="mw-skip-link">{t(k::site::SKIP_LINK)}</a>
            {if embedded { view! { <div class="mw-embed-bar"><LanguageSwitch /></div> }.into_any() } else { view! { <Header /> }.into_any() }}
            <UpdateNotice ready=update_ready />
            <OutboxNotice />
            <main id="main" class="mw-main" tabindex="-1">
                <Routes fallback=|| view! { <pages::not_found::NotFoundPage /> }>
                    <Route path=StaticSegment("") view={Lazy::<lazy_routes::StartRoute>::new()} />
                    <Route path=StaticSegment(segment::SELF_CHECK) view={Lazy::<lazy_routes::SelfCheckRoute>::new()} />
                    <Route path=(StaticSegment(segment::SELF_CHECK), StaticSegment(segment::CHECK_ANSWERS)) view={Lazy::<lazy_routes::CheckAnswersRoute>::new()} />
                    <Route path=(StaticSegment(segment::SELF_CHECK), ParamSegment("question")) view={Lazy::<lazy_routes::QuestionRoute>::new()} />
                    <Route path=StaticSegment(segment::RESULTS) view={Lazy::<lazy_routes::ResultsRoute>::new()} />
                    <Route path=StaticSegment(segment::SPORTELLI) view={Lazy::<lazy_routes::SportelliRoute>::new()} />
                    <Route path=(StaticSegment(segment::SPORTELLI), ParamSegment("id")) view={Lazy::<lazy_routes::DeskRoute>::new()} />
                    <Route path=StaticSegment(segment::CONTACT) view={Lazy::<lazy_routes::ContactRoute>::new()} />
                    <Route path=(StaticSegment(segment::CONTACT), StaticSegment(segment::SENT), ParamSegment("reference")) view={Lazy::<lazy_routes::ContactSentRoute>::new()} />
                    <Route path=(StaticSegment(segment::REQUEST), ParamSegment("reference")) view={Lazy::<lazy_routes::RequestStatusRoute>::new()} />
                    <Route path=StaticSegment(segment::PRIVACY) view={Lazy::<lazy_routes::PrivacyRoute>::new()} />
                    <Route path=StaticSegment(segment::ABOUT) view={Lazy::<lazy_routes::AboutRoute>::new()} />
                    <Route path=StaticSegment(segment::INTEGRATE) view={Lazy::<lazy_routes::IntegrateRoute>::new()} />
                    <Route path=StaticSegment(segment::GUIDE) view={Lazy::<lazy_routes::GuideRoute>::new()} />
                    <Route path=(StaticSegment(segment::GUIDE), ParamSegment("page")) view={Lazy::<lazy_routes::GuideRoute>::new()} />
                </Routes>
            </main>
            {(!embedded).then(|| view! { <Footer /> })}
        </Router>
    }
}

/// On every navigation after the first page, focus goes to the new page's `<h1>` (as a screen reader expects);
/// the history the back links read is kept here too.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = use_location();
    let url = use_url();
    let embed = use_app().embed;
    let pending = use_context::<FocusPending>();
    let history = use_context::<NavHistory>();
    Effect::new(move |_| {
        // As links write addresses (the back links compare with them), without the fragment.
        let here = url.with(|u| address(u)).split('#').next().unwrap_or_default().to_string();
        if let Some(h) = history {
            h.visit(here);
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
fn Header() -> impl IntoView {
    let route = use_route();
    let section = move || route.get().map_or(Section::Other, |r| r.section());
    let link = move |to: R, label: Key| {
        let here = to.section();
        view! {
            <li>
                <a href=to.href() class="mw-nav__link" aria-current=move || (section() == here).then_some("page")>{t(label)}</a>
            </li>
        }
    };
    view! {
        <header class="mw-header">
            <div class="mw-header__inner">
                <a href=R::Start.href() class="mw-header__brand">
                    <span class="mw-header__name">{t(k::site::NAME)}</span>
                    <span class="mw-header__tagline">{t(k::site::TAGLINE)}</span>
                </a>
                <LanguageSwitch />
            </div>
            <nav class="mw-nav" aria-label=t(k::site::NAV_LABEL)>
                <ul class="mw-nav__list">
                    {link(R::SelfCheck, k::site::NAV_SELFCHECK)}
                    {link(R::Sportelli(Default::default()), k::site::NAV_SPORTELLI)}
                    {link(R::Contact { desk: None }, k::site::NAV_CONTACT)}
                </ul>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="mw-footer">
            <nav aria-label=t(k::site::FOOTER_LABEL)>
                <ul class="mw-footer__links">
                    <li><a href=R::Privacy.href()>{t(k::site::FOOTER_PRIVACY)}</a></li>
                    <li><a href=R::About.href()>{t(k::site::FOOTER_ABOUT)}</a></li>
                    <li><a href=R::Integrate.href()>{t(k::site::FOOTER_INTEGRATE)}</a></li>
                    <li><a href=R::Guide(crate::routes::GuidePage::Index).href()>{t(k::guide::FOOTER_LINK)}</a></li>
                </ul>
            </nav>
            <p class="mw-footer__note">{t(k::site::FOOTER_NOTE)}</p>
        </footer>
    }
}
