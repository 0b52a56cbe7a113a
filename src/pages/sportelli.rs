//! "/sportelli": the nearest help desks, as a list first and on a map beside it (a toggle on phones). Where to
//! search from and the filters live in the address ([`SportelliQuery`]), so back/forward and shared links
//! work; the person's own position is kept in memory only. What the list holds is core's
//! `DeskIndex::listing`.

use super::desk_card::{Card, DeskCard};
use super::sportelli_filters::Filters;
use crate::components::heading::PageHeading;
use crate::components::load_failed::LoadFailed;
use crate::components::map::{DeskMap, MapContent, MapDesk};
use crate::components::page::use_title_key;
use crate::components::place_search::{PickedComune, PlaceSearch};
use crate::context::use_app;
use crate::data::use_data;
use crate::geolocation::{GeoError, current_position};
use crate::i18n::{k, t, use_i18n};
use crate::navigation::{Go, use_go, use_route};
use crate::wording::desks;
use crate::routes::{Route, SportelliQuery};
use leptos::prelude::*;
use microwork_core::geo::{DeskRow, Listing, Origin, Point, Search, filter};

/// What the list shows, for the view.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    Failed,
    Prompt,
    Near { heading: String, cards: Vec<Card>, nothing_near: bool },
    Region { heading: String, cards: Vec<Card> },
}

#[component]
pub fn SportelliPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let route = use_route();
    let go = use_go();
    use_title_key(k::titles::SPORTELLI);
    let query = Memo::new(move |_| match route.get() {
        Some(Route::Sportelli(q)) => q,
        _ => SportelliQuery::default(),
    });
    // A partner may embed the locator for its own region (`?embed=1&region=12`).
    let embed_region = use_app().embed.as_ref().and_then(|e| e.region.clone());
    let change = {
        let go = go.clone();
        Callback::new(move |q: SportelliQuery| go(&Route::Sportelli(q), Go { replace: true, keep_scroll: true }))
    };

    let position = RwSignal::new(None::<(f64, f64)>);
    // Choosing a comune (or going back/forward to another) replaces the person's position as the origin.
    Effect::new(move |previous: Option<Option<String>>| {
        let now = query.with(|q| q.place.clone());
        if previous.is_some_and(|p| p != now) {
            position.set(None);
        }
        now
    });
    let locating = RwSignal::new(false);
    let geo_error = RwSignal::new(None::<GeoError>);
    let selected = RwSignal::new(None::<String>);
    let map_on_phone = RwSignal::new(false);
    // What was typed matches no comune (the list below, if any, is still the previous search's).
    let unmatched = RwSignal::new(None::<String>);

    let desk_filter = Memo::new(move |_| query.with(|q| filter(&q.hosts, q.instrument.as_deref(), &q.instruments, q.day)));
    let shown = Memo::new(move |_| {
        let Some(desks) = data.desks() else { return Shown::Loading };
        let Ok(desks) = desks else { return Shown::Failed };
        let q = query.get();
        let search = Search {
            position: position.get().map(|(lat, lon)| Point::new(lat, lon)),
            comune: q.place.as_deref(),
            region: q.region.as_deref().or(embed_region.as_deref()),
        };
        // Not downloaded for the page itself: core's listing says when a search needs the comuni (below).
        let comuni = data.peek_comuni();
        let filter = desk_filter.get();
        let gazetteer = match &comuni {
            Some(Ok(g)) => Some(&**g),
            _ => None,
        };
        let months = desks.confirmation_months();
        let cards = |rows: &[microwork_core::geo::DeskRow]| rows.iter().map(|r| Card::new(r, months)).collect::<Vec<_>>();
        match desks.listing(gazetteer, &search, &filter) {
            // Asking starts the download (or retries a failed one); the memo runs again when it lands.
            Listing::NeedsComuni => match data.comuni() {
                Some(Err(_)) => Shown::Failed,
                _ => Shown::Loading,
            },
            Listing::Prompt => Shown::Prompt,
            Listing::Near { origin, rows, nothing_near } => {
                let heading = match origin {
                    Origin::Position => i18n.text(k::sportelli::RESULTS_NEAR_POSITION),
                    Origin::Comune(place) => i18n.msg(k::sportelli::results_near(&place.label())),
                };
                Shown::Near { heading, cards: cards(&rows), nothing_near }
            }
            Listing::Region { name, rows } => Shown::Region { heading: i18n.msg(k::sportelli::results_region(&name)), cards: cards(&rows) },
        }
    });
    let online = Memo::new(move |_| match data.desks() {
        Some(Ok(d)) => d.online_rows().iter().map(|r| Card::new(r, d.confirmation_months())).collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    // The map shows the list's desks, or before any search every desk that passes the filters.
    let map_content = Signal::derive(move || {
        let to_map = |row: &DeskRow, months: u32| {
            row.desk.point().map(|p| MapDesk {
                id: row.desk.id.clone(),
                name: row.desk.name.get(i18n.lang()).to_string(),
                lat: p.lat,
                lon: p.lon,
                distance: desks::distance(i18n, row),
                status: desks::status(i18n, row.desk, months),
                href: Route::Desk { id: row.desk.id.clone() }.href(),
            })
        };
        match shown.get() {
            Shown::Near { cards, .. } | Shown::Region { cards, .. } => MapContent {
                desks: cards
                    .iter()
                    .filter_map(|c| to_map(&DeskRow { desk: &c.desk, km: c.km, same_comune: c.same_comune }, c.months))
                    .collect(),
                focus: true,
            },
            _ => match data.desks() {
                Some(Ok(index)) => MapContent {
                    desks: desk_filter.with(|f| index.offices(f).into_iter().filter_map(|d| to_map(&DeskRow::new(d), index.confirmation_months())).collect()),
                    focus: false,
                },
                _ => MapContent::default(),
            },
        }
    });
    let map_origin = Signal::derive(move || position.get().map(|(lat, lon)| (lat, lon, i18n.text(k::sportelli::POSITION_MARKER))));

    let picked_label = Memo::new(move |_| {
        let istat = query.with(|q| q.place.clone())?;
        match data.comuni() {
            Some(Ok(gaz)) => gaz.by_istat(&istat).map(|p| p.label()),
            _ => None,
        }
    });
    let on_pick = Callback::new(move |p: Option<PickedComune>| {
        // Typing again (no pick yet) changes nothing until a comune is chosen.
        let Some(p) = p else { return };
        position.set(None);
        geo_error.set(None);
        selected.set(None);
        let mut q = query.get_untracked();
        q.place = Some(p.istat);
        go(&Route::Sportelli(q), Go { replace: false, keep_scroll: true });
    });
    let locate = move |_: leptos::ev::MouseEvent| {
        locating.set(true);
        geo_error.set(None);
        leptos::task::spawn_local(async move {
            match current_position().await {
                Ok(p) => {
                    position.set(Some(p));
                    selected.set(None);
                }
                Err(e) => geo_error.set(Some(e)),
            }
            locating.set(false);
        });
    };
    let geo_message = move || {
        geo_error.get().map(|e| {
            i18n.text(match e {
                GeoError::Denied => k::sportelli::POSITION_DENIED,
                GeoError::Unavailable => k::sportelli::POSITION_UNAVAILABLE,
                GeoError::Timeout => k::sportelli::POSITION_TIMEOUT,
                GeoError::Unsupported => k::sportelli::POSITION_UNSUPPORTED,
            })
        })
    };
    // On a phone the list and the map take turns: the button that was pressed may have just been hidden, so
    // focus goes where the person now looks (the map, or back to the desk they had chosen in the list).
    Effect::new(move |previous: Option<bool>| {
        let on_map = map_on_phone.get();
        if previous.is_some_and(|p| p != on_map) {
            match (on_map, selected.get_untracked()) {
                // The map opens under the toggle: bring both onto the screen (a phone; on wide screens the
                // toggle is hidden and nothing moves).
                (true, _) => {
                    scroll_to_top_of(".mw-locator__toggle");
                    focus_later("#desk-map".to_string(), true)
                }
                // Back to the list where they left it: the desk they had shown on the map.
                (false, Some(id)) => focus_later(format!("#desk-{id} button"), false),
                (false, None) => focus_later("#results-heading".to_string(), true),
            }
        }
        on_map
    });
    let toggle = move |_| map_on_phone.update(|m| *m = !*m);
    let list = move |cards: Vec<Card>| {
        view! { <ol class="mw-desks">{cards.into_iter().map(|card| view! { <DeskCard card selected map_on_phone /> }).collect_view()}</ol> }
    };
    let heading = move || match shown.get() {
        Shown::Near { heading, .. } | Shown::Region { heading, .. } => heading,
        _ => i18n.text(k::sportelli::LIST_LABEL),
    };
    // Said out loud when the results change; the heading stays put for navigation.
    let announced = move || match shown.get() {
        Shown::Near { heading, cards, .. } | Shown::Region { heading, cards } => format!("{heading}: {}", cards.len()),
        _ => String::new(),
    };

    view! {
        <div class="mw-page mw-page--wide mw-locator">
            <PageHeading>{t(k::titles::SPORTELLI)}</PageHeading>
            <p class="mw-lead">{t(k::sportelli::LEAD)}</p>
            <div class="mw-locator__search">
                <PlaceSearch id="luogo" initial=picked_label label=t(k::sportelli::SEARCH_LABEL) hint=t(k::sportelli::SEARCH_HINT)
                    error=Signal::derive(|| None::<String>) on_pick unmatched />
                <button type="button" class="mw-button mw-button--secondary" on:click=locate disabled=move || locating.get()>
                    {t(k::sportelli::USE_POSITION)}
                </button>
                <p class="mw-hint" role="status">{move || locating.get().then(t(k::sportelli::POSITION_SEARCHING))}</p>
                <Show when=move || geo_error.get().is_some()>
                    <p class="mw-error-message" id="position-error" role="alert">{geo_message}</p>
                </Show>
            </div>
            <Filters query change />
            <Show when=move || !query.read().instruments.is_empty()>
                <p class="mw-panel mw-panel--notice">
                    {t(k::sportelli::FROM_RESULTS)} " " <a href=Route::Sportelli(SportelliQuery::default()).href()>{t(k::sportelli::SHOW_ALL)}</a>
                </p>
            </Show>
            <Show when=move || unmatched.get().is_some()>
                <div class="mw-panel mw-panel--notice" id="no-match">
                    <p>
                        {move || unmatched.get().map(|text| i18n.msg(k::sportelli::no_match(&text)))}
                        " "
                        {move || matches!(shown.get(), Shown::Near { .. } | Shown::Region { .. }).then(|| i18n.text(k::sportelli::NO_MATCH_OLD_LIST))}
                    </p>
                    <p>{t(k::sportelli::NO_MATCH_TRY)}</p>
                    <button type="button" class="mw-button mw-button--secondary" on:click=locate disabled=move || locating.get()>
                        {t(k::sportelli::USE_POSITION)}
                    </button>
                </div>
            </Show>
            // Phones: the list or the map, never a bar over the list's links.
            <div class="mw-locator__toggle">
                <button type="button" class="mw-button mw-button--secondary" aria-controls="locator-results" on:click=toggle>
                    {move || i18n.text(if map_on_phone.get() { k::sportelli::SHOW_LIST } else { k::sportelli::SHOW_MAP })}
                </button>
            </div>
            <div class="mw-locator__results" id="locator-results" class:mw-locator__results--map=move || map_on_phone.get()
                class:mw-locator__results--stale=move || unmatched.get().is_some()>
                <section class="mw-locator__list" aria-labelledby="results-heading">
                    <h2 id="results-heading" tabindex="-1">{heading}</h2>
                    <p class="mw-visually-hidden" role="status">{announced}</p>
                    {move || match shown.get() {
                        Shown::Loading => view! { <p>{t(k::sportelli::DESKS_LOADING)}</p> }.into_any(),
                        Shown::Failed => view! { <LoadFailed message=k::sportelli::DESKS_FAILED /> }.into_any(),
                        Shown::Prompt => view! { <p>{t(k::sportelli::RESULTS_PROMPT)}</p> }.into_any(),
                        Shown::Near { cards, nothing_near, .. } => view! {
                            {nothing_near.then(|| view! { <p class="mw-panel mw-panel--notice">{t(k::sportelli::NOTHING_NEAR)}</p> })}
                            {cards.is_empty().then(|| view! { <p>{t(k::sportelli::NONE_MATCH)}</p> })}
                            {list(cards)}
                        }.into_any(),
                        Shown::Region { cards, .. } => view! {
                            {cards.is_empty().then(|| view! { <p>{t(k::sportelli::REGION_NONE)}</p> })}
                            {list(cards)}
                        }.into_any(),
                    }}
                    <h2>{t(k::sportelli::ONLINE_TITLE)}</h2>
                    <p>{t(k::sportelli::ONLINE_BODY)}</p>
                    <ul class="mw-desks mw-desks--online">
                        {move || online.get().into_iter().map(|card| view! { <DeskCard card selected map_on_phone /> }).collect_view()}
                    </ul>
                    <p class="mw-hint">{t(k::sportelli::DATA_NOTE)}</p>
                </section>
                <div class="mw-locator__map">
                    <DeskMap content=map_content origin=map_origin selected visible=map_on_phone />
                </div>
            </div>
        </div>
    }
}

/// After the list/map swap has been drawn, scrolls the element (a CSS selector) to the top of the screen, if
/// it is shown.
fn scroll_to_top_of(target: &'static str) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let later = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(Some(el)) = document.query_selector(target)
            && el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| e.offset_parent().is_some())
        {
            el.scroll_into_view_with_bool(true);
        }
    });
    let _ = window.request_animation_frame(later.unchecked_ref());
}

/// After the list/map swap has been drawn, focus `target` (a CSS selector) if it is shown; with `only_if_lost`,
/// only when what had focus is now hidden (a phone), so keyboard and screen reader users are not left on nothing.
/// The swap reaches the screen a frame or a few after the effect that asks for this (the app's tasks run in
/// slices, src/executor.rs), and a map set up anew takes focus only once Leaflet is on it: so this tries again
/// on each frame, for up to about three seconds (Leaflet may still be downloading).
fn focus_later(target: String, only_if_lost: bool) {
    use wasm_bindgen::JsCast;
    crate::dom::each_frame(180, move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return true };
        let lost = document
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            .is_none_or(|e| e.offset_parent().is_none());
        let shown = document
            .query_selector(&target)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|el| el.offset_parent().is_some());
        match shown {
            Some(el) if lost || !only_if_lost => {
                let _ = el.focus();
                // The map's box takes focus only once Leaflet has set it up (its tabindex), a moment later.
                document.active_element().is_some_and(|a| a == *el)
            }
            _ => false,
        }
    });
}
