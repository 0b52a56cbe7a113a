//! "/sportelli": the nearest help desks, as a list first and on a map beside it (a toggle on phones).
//! Where to search from and the filters live in the URL (`?comune=058091&tipo=cpi&strumento=…&giorno=mon`,
//! and `?regione=12&strumenti=a,b` from the results page), so back/forward and shared links work; the
//! person's own position is kept in memory only.

use crate::components::desk_info::{day_name, host_label, km_text, open_status_text, status_class, status_text};
use crate::components::heading::PageHeading;
use crate::components::load_failed::LoadFailed;
use crate::components::lang::lang_of;
use crate::components::map::{DeskMap, MapDesk};
use crate::components::page::use_title;
use crate::components::place_search::{PickedComune, PlaceSearch};
use crate::data::use_data;
use crate::dom;
use crate::geolocation::{GeoError, current_position};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use microwork_core::date::Weekday;
use microwork_core::geo::{DeskFilter, Point};
use microwork_core::hours::weekday_code;
use microwork_core::sportelli::{Desk, GeoPrecision, HostType};

const RESULTS: usize = 10;

/// One desk as the list shows it (computed for the current language).
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: String,
    name: String,
    host: String,
    place: String,
    km: Option<String>,
    status: String,
    status_class: &'static str,
    open: String,
    approximate: bool,
    point: Option<(f64, f64)>,
}

/// `km`: the distance, when the list is sorted by it; `from_comune`: the origin is a comune's reference point
/// (so a desk placed at that same point is "in the same comune", not "0 m away").
fn row(desk: &Desk, km: Option<f64>, from_comune: bool, locale: Locale, now: (microwork_core::date::Date, u16)) -> Row {
    let lang = lang_of(locale);
    let place = desk
        .location
        .as_ref()
        .map(|l| match &l.address {
            Some(a) => format!("{a}, {} ({})", l.comune.name, l.comune.prov),
            None => format!("{} ({})", l.comune.name, l.comune.prov),
        })
        .unwrap_or_default();
    Row {
        id: desk.id.clone(),
        name: desk.name.get(lang).to_string(),
        host: desk.host.name.clone().unwrap_or_else(|| host_label(locale, desk.host.kind)),
        place,
        km: km.map(|k| km_text(locale, k, from_comune)),
        status: status_text(locale, desk),
        status_class: status_class(desk),
        open: open_status_text(locale, &desk.status_at(now.0, now.1)),
        approximate: desk.location.as_ref().is_some_and(|l| l.geo_precision == GeoPrecision::Comune),
        point: desk.point().map(|p| (p.lat, p.lon)),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Listing {
    Loading,
    Failed,
    /// Nothing to search from yet.
    Prompt,
    Near { heading: String, rows: Vec<Row>, nothing_near: bool },
    Region { heading: String, rows: Vec<Row> },
}

fn split_list(value: Option<String>) -> Vec<String> {
    value.map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

#[component]
pub fn SportelliPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let query = use_query_map();
    use_title(move || t_string!(i18n, titles.sportelli).to_string());

    let comune = Memo::new(move |_| query.read().get("comune"));
    // A partner may embed the locator for its own region (`?embed=1&region=12`).
    let embed_region = crate::context::use_app().embed.as_ref().and_then(|e| e.region.clone());
    let region = Memo::new(move |_| query.read().get("regione").or_else(|| embed_region.clone()));
    let fitting = Memo::new(move |_| split_list(query.read().get("strumenti")));
    let hosts = Memo::new(move |_| split_list(query.read().get("tipo")));
    let instrument = Memo::new(move |_| query.read().get("strumento").filter(|s| !s.is_empty()));
    let day = Memo::new(move |_| query.read().get("giorno").and_then(|d| weekday_code::from_code(&d)));

    let position = RwSignal::new(None::<(f64, f64)>);
    // Choosing a comune (or going back/forward to another) replaces the person's position as the origin.
    Effect::new(move |previous: Option<Option<String>>| {
        let now = comune.get();
        if previous.is_some_and(|p| p != now) {
            position.set(None);
        }
        now
    });
    let locating = RwSignal::new(false);
    let geo_error = RwSignal::new(None::<GeoError>);
    let selected = RwSignal::new(None::<String>);
    let map_on_phone = RwSignal::new(false);

    let navigate = use_navigate();
    let set_param = {
        let navigate = navigate.clone();
        move |key: &'static str, value: Option<String>, replace: bool| {
            let mut q = query.get_untracked();
            match value.filter(|v| !v.is_empty()) {
                Some(v) => q.replace(key, v),
                None => {
                    q.remove(key);
                }
            }
            let qs = q.to_query_string();
            navigate(&format!("{}{qs}", crate::routes::Route::Sportelli.path()), NavigateOptions { replace, scroll: false, ..Default::default() });
        }
    };
    let set_param = StoredValue::new(set_param);

    let filter = Memo::new(move |_| DeskFilter {
        host_types: hosts.get().iter().filter_map(|h| HostType::from_code(h)).collect(),
        instruments: match instrument.get() {
            Some(i) => vec![i],
            None => fitting.get(),
        },
        open_on: day.get(),
    });

    let listing = Memo::new(move |_| {
        let locale = i18n.get_locale();
        let (Some(desks), comuni) = (data.desks(), data.comuni()) else { return Listing::Loading };
        let Ok(desks) = desks else { return Listing::Failed };
        let now = dom::rome_now();
        let filter = filter.get();
        // Where from: the person's position, or the chosen comune.
        // (point, heading, from a comune)
        let origin: Option<(Point, String, bool)> = if let Some((lat, lon)) = position.get() {
            Some((Point::new(lat, lon), t_string!(i18n, sportelli.results_near_position).to_string(), false))
        } else if let Some(istat) = comune.get() {
            match &comuni {
                Some(Ok(gaz)) => gaz.by_istat(&istat).map(|p| {
                    (p.comune.point, t_string!(i18n, sportelli.results_near, place = p.label()).to_string(), true)
                }),
                Some(Err(_)) => return Listing::Failed,
                None => return Listing::Loading,
            }
        } else {
            None
        };
        if let Some((from, heading, from_comune)) = origin {
            let near = desks.nearest(from, RESULTS, &filter);
            let rows = near.hits.iter().map(|h| row(h.desk, Some(h.km), from_comune, locale, now)).collect();
            return Listing::Near { heading, rows, nothing_near: near.nothing_near };
        }
        if let Some(code) = region.get() {
            let name = match &comuni {
                Some(Ok(gaz)) => gaz.regions().iter().find(|r| r.code == code).map(|r| r.name.clone()),
                Some(Err(_)) => return Listing::Failed,
                None => return Listing::Loading,
            };
            if let Some(name) = name {
                let rows = desks.in_region(&name, &filter).into_iter().map(|d| row(d, None, false, locale, now)).collect();
                return Listing::Region { heading: t_string!(i18n, sportelli.results_region, region = name).to_string(), rows };
            }
        }
        Listing::Prompt
    });
    let online = Memo::new(move |_| {
        let locale = i18n.get_locale();
        match data.desks() {
            Some(Ok(d)) => d.online().map(|desk| row(desk, None, false, locale, dom::rome_now())).collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    });
    let rows = Memo::new(move |_| match listing.get() {
        Listing::Near { rows, .. } | Listing::Region { rows, .. } => rows,
        _ => Vec::new(),
    });
    let map_desks = Signal::derive(move || {
        rows.get()
            .into_iter()
            .filter_map(|r| r.point.map(|(lat, lon)| MapDesk { id: r.id, name: r.name, lat, lon }))
            .collect::<Vec<_>>()
    });
    let map_origin = Signal::derive(move || {
        let label = t_string!(i18n, sportelli.position_marker).to_string();
        position.get().map(|(lat, lon)| (lat, lon, label))
    });

    let picked_label = Memo::new(move |_| match (comune.get(), data.comuni()) {
        (Some(istat), Some(Ok(gaz))) => gaz.by_istat(&istat).map(|p| p.label()),
        _ => None,
    });
    let on_pick = Callback::new(move |p: Option<PickedComune>| {
        // Typing again (no pick yet) changes nothing until a comune is chosen.
        let Some(p) = p else { return };
        position.set(None);
        geo_error.set(None);
        selected.set(None);
        set_param.with_value(|f| f("comune", Some(p.istat), false));
    });
    let locate = move |_| {
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

    let host_box = move |h: HostType| {
        let code = h.code();
        let id = format!("tipo-{code}");
        let checked = move || hosts.get().iter().any(|x| x == code);
        view! {
            <div class="mw-checkbox mw-checkbox--small">
                <input class="mw-checkbox__input" type="checkbox" id=id.clone() prop:checked=checked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let mut list: Vec<String> = hosts.get_untracked().into_iter().filter(|x| x != code).collect();
                        if on {
                            list.push(code.to_string());
                        }
                        set_param.with_value(|f| f("tipo", Some(list.join(",")), true));
                    } />
                <label class="mw-checkbox__label" for=id>{move || host_label(i18n.get_locale(), h)}</label>
            </div>
        }
    };

    let instrument_options = Memo::new(move |_| {
        let lang = lang_of(i18n.get_locale());
        let today = dom::today();
        match data.rules() {
            Some(Ok(rules)) => rules
                .instruments()
                .instruments
                .iter()
                // Closed measures have nobody to help with them any more.
                .filter(|i| i.accepts_applications(today))
                .map(|i| (i.id.clone(), i.name.get(lang).to_string()))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    });

    let card = move |r: Row| {
        let id = r.id.clone();
        let select_id = r.id.clone();
        let is_selected = { let id = r.id.clone(); move || selected.get().as_deref() == Some(id.as_str()) };
        let is_selected2 = is_selected.clone();
        let has_point = r.point.is_some();
        let name = r.name.clone();
        view! {
            <li class="mw-desk" class:mw-desk--selected=is_selected id=format!("desk-{id}")>
                <h3 class="mw-desk__name">
                    <A href=crate::routes::Route::desk(&id)>{name}</A>
                </h3>
                <p class="mw-desk__host">{r.host}</p>
                <p class="mw-desk__place">
                    {r.place}
                    {r.km.map(|k| view! { " · " <strong>{k}</strong> })}
                    {r.approximate.then(|| view! { <span class="mw-hint"> " (" {move || t_string!(i18n, sportelli.geo_comune)} ")"</span> })}
                </p>
                <p class="mw-desk__open">{r.open}</p>
                <p><span class=r.status_class>{r.status}</span></p>
                {has_point.then(|| view! {
                    <button type="button" class="mw-button mw-button--secondary mw-button--small"
                        aria-pressed=move || is_selected2().to_string()
                        on:click=move |_| {
                            selected.set(Some(select_id.clone()));
                            map_on_phone.set(true);
                        }>
                        {move || t_string!(i18n, sportelli.show_on_map)}
                        <span class="mw-visually-hidden">": " {r.name.clone()}</span>
                    </button>
                })}
            </li>
        }
    };

    let geo_message = move || {
        geo_error.get().map(|e| match e {
            GeoError::Denied => t_string!(i18n, sportelli.position_denied),
            GeoError::Unavailable => t_string!(i18n, sportelli.position_unavailable),
            GeoError::Timeout => t_string!(i18n, sportelli.position_timeout),
            GeoError::Unsupported => t_string!(i18n, sportelli.position_unsupported),
        })
    };

    let days = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday, Weekday::Saturday];

    view! {
        <div class="mw-page mw-page--wide mw-locator">
            <PageHeading>{t!(i18n, titles.sportelli)}</PageHeading>
            <p class="mw-lead">{t!(i18n, sportelli.lead)}</p>
            <div class="mw-locator__search">
                <PlaceSearch id="luogo" initial=picked_label
                    label=Signal::derive(move || t_string!(i18n, sportelli.search_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, sportelli.search_hint).to_string())
                    error=Signal::derive(|| None::<String>) on_pick />
                <button type="button" class="mw-button mw-button--secondary" on:click=locate disabled=move || locating.get()>
                    {t!(i18n, sportelli.use_position)}
                </button>
                <p class="mw-hint" role="status">
                    {move || locating.get().then(|| t_string!(i18n, sportelli.position_searching))}
                </p>
                <Show when=move || geo_error.get().is_some()>
                    <p class="mw-error-message" id="position-error" role="alert">{geo_message}</p>
                </Show>
            </div>

            <details class="mw-filters" open=move || !hosts.get().is_empty() || instrument.get().is_some() || day.get().is_some()>
                <summary>{t!(i18n, sportelli.filters_title)}</summary>
                <fieldset class="mw-fieldset">
                    <legend class="mw-fieldset__legend">{t!(i18n, sportelli.filter_host)}</legend>
                    <div class="mw-checkboxes mw-checkboxes--inline">
                        {HostType::ALL.into_iter().map(host_box).collect_view()}
                    </div>
                </fieldset>
                <div class="mw-form-group">
                    <label class="mw-label" for="strumento">{t!(i18n, sportelli.filter_instrument)}</label>
                    <select class="mw-select" id="strumento"
                        on:change=move |ev| set_param.with_value(|f| f("strumento", Some(event_target_value(&ev)), true))>
                        <option value="" selected=move || instrument.get().is_none()>
                            {move || if fitting.get().is_empty() { t_string!(i18n, sportelli.instrument_any) } else { t_string!(i18n, sportelli.instruments_fit) }}
                        </option>
                        {move || instrument_options.get().into_iter().map(|(id, name)| {
                            let sel = id.clone();
                            view! { <option value=id selected=move || instrument.get().as_deref() == Some(sel.as_str())>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="mw-form-group">
                    <label class="mw-label" for="giorno">{t!(i18n, sportelli.filter_day)}</label>
                    <select class="mw-select" id="giorno"
                        on:change=move |ev| set_param.with_value(|f| f("giorno", Some(event_target_value(&ev)), true))>
                        <option value="" selected=move || day.get().is_none()>{t!(i18n, sportelli.day_any)}</option>
                        {days.into_iter().map(|d| view! {
                            <option value=weekday_code::code(d) selected=move || day.get() == Some(d)>
                                {move || day_name(i18n.get_locale(), d)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </details>

            <Show when=move || !fitting.get().is_empty()>
                <p class="mw-panel mw-panel--notice">
                    {t!(i18n, sportelli.from_results)} " "
                    <A href=crate::routes::Route::Sportelli.path()>{t!(i18n, sportelli.show_all)}</A>
                </p>
            </Show>

            <div class="mw-locator__results" class:mw-locator__results--map=move || map_on_phone.get()>
                <section class="mw-locator__list" aria-labelledby="results-heading">
                    <h2 id="results-heading">
                        {move || match listing.get() {
                            Listing::Near { heading, .. } | Listing::Region { heading, .. } => heading,
                            _ => t_string!(i18n, sportelli.list_label).to_string(),
                        }}
                    </h2>
                    // Said out loud when the results change; the heading above stays put for navigation.
                    <p class="mw-visually-hidden" role="status">
                        {move || match listing.get() {
                            Listing::Near { heading, rows, .. } | Listing::Region { heading, rows } => format!("{heading}: {}", rows.len()),
                            _ => String::new(),
                        }}
                    </p>
                    {move || match listing.get() {
                        Listing::Loading => view! { <p>{t!(i18n, sportelli.desks_loading)}</p> }.into_any(),
                        Listing::Failed => view! { <LoadFailed message=Signal::derive(move || t_string!(i18n, sportelli.desks_failed).to_string()) /> }.into_any(),
                        Listing::Prompt => view! { <p>{t!(i18n, sportelli.results_prompt)}</p> }.into_any(),
                        Listing::Near { rows, nothing_near, .. } => view! {
                            {nothing_near.then(|| view! { <p class="mw-panel mw-panel--notice">{t!(i18n, sportelli.nothing_near)}</p> })}
                            {rows.is_empty().then(|| view! { <p>{t!(i18n, sportelli.none_match)}</p> })}
                            <ol class="mw-desks">{rows.into_iter().map(card).collect_view()}</ol>
                        }.into_any(),
                        Listing::Region { rows, .. } => view! {
                            {rows.is_empty().then(|| view! { <p>{t!(i18n, sportelli.region_none)}</p> })}
                            <ol class="mw-desks">{rows.into_iter().map(card).collect_view()}</ol>
                        }.into_any(),
                    }}
                    <h2>{t!(i18n, sportelli.online_title)}</h2>
                    <p>{t!(i18n, sportelli.online_body)}</p>
                    <ul class="mw-desks mw-desks--online">
                        {move || online.get().into_iter().map(card).collect_view()}
                    </ul>
                    <p class="mw-hint">{t!(i18n, sportelli.data_note)}</p>
                </section>
                <div class="mw-locator__map">
                    <DeskMap desks=map_desks origin=map_origin selected visible=map_on_phone />
                </div>
            </div>
            <div class="mw-locator__toggle">
                <button type="button" class="mw-button mw-button--secondary"
                    on:click=move |_| map_on_phone.update(|m| *m = !*m)>
                    {move || if map_on_phone.get() { t_string!(i18n, sportelli.show_list) } else { t_string!(i18n, sportelli.show_map) }}
                </button>
            </div>
        </div>
    }
}
