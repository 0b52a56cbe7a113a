//! Moving between pages inside the app, as elm-spa-example's `Browser.application`: the address is a signal,
//! [`Route`] reads it, links and back/forward are handled here, and [`use_go`] goes to a page.
//!
//! Our own, not leptos_router: `Route` already parses and writes every address (src/routes.rs), and the router's
//! generic route matching was code every page downloaded (issue 12). What it did that people notice is kept:
//! a followed link changes the address bar once its page is shown (a page still downloading keeps the old one
//! on screen, see `Pages` in components::layout), then scrolls to the top or to the `#fragment`; a navigation from code
//! changes it at once.

use crate::routes::Route;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The address bar as the app sees it, provided by the shell ([`Nav::provide`]).
#[derive(Clone, Copy)]
pub struct Nav {
    /// Path, `?query` and `#fragment`: already the new address while a followed link's page renders.
    address: RwSignal<String>,
    route: Memo<Option<Route>>,
    /// A followed link, written to the history once its page is shown ([`Nav::page_shown`]).
    pending: StoredValue<Option<Change>>,
}

#[derive(Debug, Clone)]
struct Change {
    address: String,
    replace: bool,
    scroll: bool,
}

/// How to go to a page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Go {
    /// Replace the current history entry (a redirect, a filter change) instead of adding one.
    pub replace: bool,
    /// Keep the scroll position (the same page with other filters).
    pub keep_scroll: bool,
}

/// The address of this document: path, `?query` and `#fragment`.
pub(crate) fn current_address() -> String {
    let location = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| location.as_ref().and_then(|l| f(l).ok()).unwrap_or_default();
    format!("{}{}{}", part(web_sys::Location::pathname), part(web_sys::Location::search), part(web_sys::Location::hash))
}

/// The address without its fragment.
pub fn without_fragment(address: &str) -> &str {
    address.split('#').next().unwrap_or_default()
}

/// The path of an address: without `?query` and `#fragment`.
pub fn path_of(address: &str) -> &str {
    without_fragment(address).split('?').next().unwrap_or_default()
}

impl Nav {
    /// Reads the address, and from now on follows links to the app's pages and the back and forward buttons.
    pub fn provide() -> Nav {
        let address = RwSignal::new(current_address());
        let route = Memo::new(move |_| address.with(|a| Route::parse(a)));
        let nav = Nav { address, route, pending: StoredValue::new(None) };
        provide_context(nav);
        nav.listen_for_links();
        // Back, forward, and a link within the page (below): the address changes, the page follows.
        let changed = move || {
            nav.pending.set_value(None);
            if address.with_untracked(|a| *a != current_address()) {
                address.set(current_address());
            }
        };
        // As long as the page is open.
        std::mem::forget(window_event_listener(leptos::ev::popstate, move |_| changed()));
        std::mem::forget(window_event_listener(leptos::ev::hashchange, move |_| changed()));
        nav
    }

    /// The address shown (reactive).
    pub fn address(self) -> Signal<String> {
        self.address.into()
    }

    /// Links' own click handlers run first: a back link that goes back in history prevents the default, and
    /// Leptos runs them from a listener on `window`, added before or after this one. Listeners on one target run
    /// in the order they were added, so the link is followed by a listener added as the click starts (the
    /// capture phase at `window`), which runs once the click has bubbled back up to it, after all of them.
    fn listen_for_links(self) {
        let Some(window) = web_sys::window() else { return };
        let on_capture = Closure::<dyn Fn()>::new(move || {
            let Some(window) = web_sys::window() else { return };
            let once = web_sys::AddEventListenerOptions::new();
            once.set_once(true);
            let follow = Closure::once_into_js(move |ev: web_sys::MouseEvent| self.follow_link(&ev));
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options("click", follow.unchecked_ref(), &once);
        });
        let capture = web_sys::AddEventListenerOptions::new();
        capture.set_capture(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options("click", on_capture.as_ref().unchecked_ref(), &capture);
        // As long as the page is open.
        on_capture.forget();
    }

    /// A click on a link to one of the app's pages goes there without reloading: not with a modifier key, not a
    /// link that opens elsewhere (`target`), downloads, is marked `rel="external"`, or leaves the app's base path.
    fn follow_link(self, ev: &web_sys::MouseEvent) {
        if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.alt_key() || ev.ctrl_key() || ev.shift_key() {
            return;
        }
        let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("a[href]").ok().flatten());
        let Some(link) = link else { return };
        let external = link.get_attribute("rel").is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
        if link.get_attribute("target").is_some_and(|t| !t.is_empty()) || link.has_attribute("download") || external {
            return;
        }
        // The link's `href` property: its address resolved as the browser would follow it.
        let Some(url) = link.dyn_ref::<web_sys::HtmlAnchorElement>().and_then(|a| web_sys::Url::new(&a.href()).ok()) else { return };
        if url.origin() != crate::dom::origin() || !url.pathname().starts_with(crate::routes::base().trim_end_matches('/')) {
            return;
        }
        // A link to a place in this page (the skip link, a card in the results): the browser's own, which also
        // moves the focus there (a keyboard user's next Tab goes on from it); the address follows (`hashchange`).
        let here = self.address.with_untracked(|a| without_fragment(a).to_string());
        if here == format!("{}{}", url.pathname(), url.search()) && !url.hash().is_empty() {
            return;
        }
        ev.prevent_default();
        let to = format!("{}{}{}", url.pathname(), url.search(), url.hash());
        let change = Change { address: to.clone(), replace: false, scroll: true };
        let same_path = self.address.with_untracked(|a| path_of(a) == url.pathname());
        self.address.set(to);
        if same_path {
            complete(&change);
        } else {
            self.pending.set_value(Some(change));
        }
    }

    /// Called once a page is on screen (`shows`: whether an address is that page's): the followed link to it
    /// now enters the history. A link followed meanwhile to another page waits for that one.
    pub fn page_shown(self, shows: impl Fn(Option<&Route>) -> bool) {
        let Some(change) = self.pending.try_update_value(Option::take).flatten() else { return };
        if self.address.with_untracked(|a| *a != change.address) {
            return;
        }
        if shows(Route::parse(&change.address).as_ref()) {
            complete(&change);
        } else {
            self.pending.set_value(Some(change));
        }
    }

    /// Goes to an address of the app now (address bar, history and scroll at once).
    fn go(self, to: String, go: Go) {
        self.pending.set_value(None);
        if self.address.with_untracked(|a| *a != to) {
            self.address.set(to.clone());
        }
        complete(&Change { address: to, replace: go.replace, scroll: !go.keep_scroll });
    }
}

/// Writes the address to the history (a new entry unless `replace`, none if it is already the current one),
/// then scrolls to the element the fragment names, else to the top (unless asked not to).
fn complete(change: &Change) {
    let Some(window) = web_sys::window() else { return };
    if let Ok(history) = window.history() {
        let value = wasm_bindgen::JsValue::NULL;
        if change.replace {
            let _ = history.replace_state_with_url(&value, "", Some(&change.address));
        } else if current_address() != change.address {
            let _ = history.push_state_with_url(&value, "", Some(&change.address));
        }
    }
    let hash = window.location().hash().unwrap_or_default();
    let target = hash.strip_prefix('#').filter(|h| !h.is_empty()).and_then(|h| {
        let id = js_sys::decode_uri(h).ok().and_then(|d| d.as_string()).unwrap_or_else(|| h.to_string());
        window.document().and_then(|d| d.get_element_by_id(&id))
    });
    match target {
        Some(el) => el.scroll_into_view(),
        None if change.scroll => window.scroll_to_with_x_and_y(0.0, 0.0),
        None => {}
    }
}

fn use_nav() -> Nav {
    use_context::<Nav>().expect("Nav is provided by the shell")
}

/// The route a page reads: only addresses of its own kind. While the next page downloads, the one on screen
/// keeps its own address (it does not show "question not found" for the locator's, nor take the focus that
/// is the new page's).
#[derive(Clone, Copy)]
struct PageRoute(Memo<Option<Route>>);

/// Gives the page being created (its reactive owner) the addresses that `is_mine` accepts.
pub fn provide_page_route(is_mine: impl Fn(Option<&Route>) -> bool + Send + Sync + 'static) {
    let route = use_nav().route;
    let mine = Memo::new(move |previous: Option<&Option<Route>>| {
        let now = route.get();
        if is_mine(now.as_ref()) { now } else { previous.cloned().flatten() }
    });
    provide_context(PageRoute(mine));
}

/// The page the address names (reactive), `None` for an address that is no page. Inside a page, only
/// addresses of that page's kind ([`provide_page_route`]).
pub fn use_route() -> Memo<Option<Route>> {
    use_context::<PageRoute>().map_or_else(|| use_nav().route, |p| p.0)
}

/// The address shown: path, `?query` and `#fragment` (reactive).
pub fn use_address() -> Signal<String> {
    use_nav().address()
}

/// Goes to a page of the app.
pub fn use_go() -> impl Fn(&Route, Go) + Clone + Send + Sync + 'static {
    let nav = use_nav();
    move |route: &Route, go: Go| nav.go(route.href(), go)
}
