//! The frame around every page: skip link, header with navigation and language, the notices, main, footer;
//! and what every navigation needs: the route table, the history the back links read, and moving focus to the
//! new page's heading.

use crate::components::back_link::NavHistory;
use crate::components::heading::FocusPending;
use crate::components::lang::LanguageSwitch;
use crate::components::notices::{OutboxNotice, UpdateNotice};
use crate::context::{AppContext, use_app};
use crate::i18n::{Key, k, t, use_i18n};
use crate::lazy_routes::{Page, release_followed_link};
use crate::navigation::{Nav, path_of, provide_page_route, use_address, use_route, without_fragment};
use crate::routes::{Route as R, Section};
use crate::{dom, embed, offline};
use leptos::prelude::*;
use leptos::tachys::reactive_graph::OwnedView;
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
    Nav::provide();
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
    view! {
        <FocusOnNavigation />
        <a href="#main" class="mw-skip-link">{t(k::site::SKIP_LINK)}</a>
        {if embedded { view! { <div class="mw-embed-bar"><LanguageSwitch /></div> }.into_any() } else { view! { <Header /> }.into_any() }}
        <UpdateNotice ready=update_ready />
        <OutboxNotice />
        <main id="main" class="mw-main" tabindex="-1">
            <Pages />
        </main>
        {(!embedded).then(|| view! { <Footer /> })}
    }
}

/// The page of the address. A page of another kind replaces it once its group of pages has arrived (the old one
/// stays on screen meanwhile); each page lives, and is drawn, in its own reactive owner, cleaned up when it leaves.
#[component]
fn Pages() -> impl IntoView {
    let nav = use_context::<Nav>().expect("Nav is provided by the shell");
    let route = use_route();
    let parent = Owner::current().unwrap_or_default();
    // The page the address names, the one downloading, the one on screen.
    let wanted = StoredValue::new(None::<Page>);
    let loading = StoredValue::new(None::<Page>);
    let shown = StoredValue::new(None::<Page>);
    let arrived = StoredValue::new_local(None::<(AnyView, Owner, Page)>);
    let on_screen = StoredValue::new(None::<Owner>);
    let version = RwSignal::new(0_u32);
    Effect::new(move |_| {
        // Every new address, also one that names the same page (a followed link then enters the history).
        nav.address().track();
        let page = route.with(|r| Page::of(r.as_ref()));
        wanted.set_value(Some(page));
        if shown.get_value() == Some(page) {
            nav.page_shown(move |route| Page::of(route) == page);
            return;
        }
        if loading.get_value() == Some(page) {
            // Already on its way (a second click while the group downloads).
            return;
        }
        loading.set_value(Some(page));
        let owner = parent.with(Owner::new);
        untrack(|| {
            owner.clone().with(|| {
                provide_page_route(move |route| Page::of(route) == page);
                let i18n = use_i18n();
                leptos::task::spawn_local_scoped(async move {
                    // The page's texts download alongside its part of the app.
                    let texts = if page.reads_more_texts() { i18n.more() } else { None };
                    let view = page.view(texts).await;
                    if loading.get_value() == Some(page) {
                        loading.set_value(None);
                    }
                    if wanted.get_value() != Some(page) {
                        // Another page was asked for meanwhile.
                        owner.cleanup();
                        return;
                    }
                    release_followed_link();
                    shown.set_value(Some(page));
                    let view = OwnedView::new_with_owner(view, owner.clone()).into_any();
                    arrived.set_value(Some((view, owner, page)));
                    version.update(|v| *v += 1);
                });
            });
        });
    });
    move || {
        version.track();
        let (view, owner, page) = arrived.try_update_value(Option::take).flatten()?;
        if let Some(old) = on_screen.try_update_value(|o| o.replace(owner)).flatten() {
            // Untracked: what the old page reads while cleaning up must not re-run this.
            untrack(|| old.cleanup());
        }
        // Once the new page is in the document.
        leptos::task::spawn_local(async move { nav.page_shown(move |route| Page::of(route) == page) });
        Some(view)
    }
}

/// On every navigation after the first page, focus goes to the new page's `<h1>` (as a screen reader expects);
/// the history the back links read is kept here too.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let address = use_address();
    let embed = use_app().embed;
    let pending = use_context::<FocusPending>();
    let history = use_context::<NavHistory>();
    Effect::new(move |_| {
        // As links write addresses (the back links compare with them), without the fragment.
        let here = address.with(|a| without_fragment(a).to_string());
        if let Some(h) = history {
            h.visit(here);
        }
    });
    Effect::new(move |previous: Option<String>| {
        let path = address.with(|a| path_of(a).to_string());
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
