//! The router's side of [`crate::routes`]: the current page as a [`Route`], and going to one.

use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_url};
use leptos_router::location::Url;

/// The address as our links write it: path, `?query` and `#fragment`.
pub fn address(url: &Url) -> String {
    let query = if url.search().is_empty() { String::new() } else { format!("?{}", url.search()) };
    format!("{}{query}{}", url.path(), url.hash())
}

/// The page the address names (reactive), `None` for an address that is no page. It reads the URL of the
/// route being shown, which is already the new one while a navigation renders.
pub fn use_route() -> Memo<Option<Route>> {
    let url = use_url();
    Memo::new(move |_| url.with(|u| Route::parse(&address(u))))
}

/// How to go to a page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Go {
    /// Replace the current history entry (a redirect, a filter change) instead of adding one.
    pub replace: bool,
    /// Keep the scroll position (the same page with other filters).
    pub keep_scroll: bool,
}

/// Goes to a page of the app. Our addresses already carry the base path, so the router must not add it.
pub fn use_go() -> impl Fn(&Route, Go) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |route: &Route, go: Go| {
        navigate(&route.href(), NavigateOptions { resolve: false, replace: go.replace, scroll: !go.keep_scroll, ..Default::default() })
    }
}
