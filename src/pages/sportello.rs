//! "/sportelli/<id>": one help desk — where, how to reach it, when it is open, what it helps with, how sure we
//! are of all that, and the two actions: get directions, or ask it to call you back.

use crate::components::desk_info::{closure_text, date_text, day_name, host_label, open_status_text, partial_date_text, status_class, status_text};
use crate::components::back_link::BackLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::LoadFailed;
use crate::components::lang::lang_of;
use crate::components::page::use_title;
use crate::context::use_app;
use crate::data::use_data;
use crate::dom;
use crate::i18n::*;
use crate::routes::Route;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use microwork_core::sportelli::{Desk, DeskKind, GeoPrecision};

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

fn is_phone_device() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .is_some_and(|ua| ua.contains("Android") || ua.contains("iPhone") || ua.contains("iPad"))
}

#[component]
fn DeskDetails(desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_data();
    let lang = move || lang_of(i18n.get_locale());
    let now = dom::rome_now();
    let d = StoredValue::new(desk);
    let name = move || d.with_value(|d| d.name.get(lang()).to_string());
    use_title(move || d.with_value(|d| d.name.get(lang_of(i18n.get_locale())).to_string()));

    let report = {
        let email = app.config.data_email().to_string();
        move || {
            let locale = i18n.get_locale();
            let (n, id) = d.with_value(|d| (d.name.get(lang_of(locale)).to_string(), d.id.clone()));
            let subject = td_string!(locale, sportello.report_subject, name = n.clone()).to_string();
            let body = td_string!(locale, sportello.report_body, name = n, id = id).to_string();
            format!("mailto:{email}?subject={}&body={}", encode(&subject), encode(&body))
        }
    };
    // Names from instruments.json; a region's own measures that our rules do not cover are named as such
    // (once), never by their id.
    let instrument_names = move || {
        let l = lang();
        let ids = d.with_value(|d| d.instruments.clone());
        match data.rules() {
            Some(Ok(rules)) => {
                let mut names: Vec<String> = ids
                    .iter()
                    .filter_map(|id| rules.instruments().get(id).map(|i| i.name.get(l).to_string()))
                    .collect();
                if ids.iter().any(|id| id.starts_with("regionale_") && rules.instruments().get(id).is_none()) {
                    names.push(t_string!(i18n, sportello.regional).to_string());
                }
                names
            }
            _ => Vec::new(),
        }
    };

    let location = d.with_value(|d| d.location.clone());
    let directions = location.as_ref().map(|l| {
        let osm = format!("https://www.openstreetmap.org/directions?to={}%2C{}", l.lat, l.lon);
        let geo = format!("geo:{},{}?q={},{}", l.lat, l.lon, l.lat, l.lon);
        (osm, geo)
    });
    let hours = d.with_value(|d| d.hours.clone());
    let (phone, email, website) = d.with_value(|d| (d.phone.clone(), d.email.clone(), d.website.clone()));
    let no_contacts = phone.is_none() && email.is_none() && website.is_none();
    let online = d.with_value(|d| d.kind == DeskKind::Online);
    let id = d.with_value(|d| d.id.clone());

    view! {
        <p><BackLink href=Route::Sportelli.path().to_string() prefix=true>{t!(i18n, sportello.back)}</BackLink></p>
        <PageHeading>{name}</PageHeading>
        <p class="mw-lead">
            {move || d.with_value(|d| d.host.name.clone().unwrap_or_else(|| host_label(i18n.get_locale(), d.host.kind)))}
        </p>
        {online.then(|| view! { <p>{t!(i18n, sportello.online_note)}</p> })}
        <p><span class=d.with_value(status_class)>{move || d.with_value(|d| status_text(i18n.get_locale(), d))}</span></p>

        <div class="mw-actions">
            <A href=Route::contact_with_desk(&id) attr:class="mw-button">{t!(i18n, sportello.ask_contact)}</A>
        </div>

        {location.clone().map(|l| view! {
            <h2>{t!(i18n, sportello.address)}</h2>
            <p>
                {l.address.clone().map(|a| view! { {a} <br/> })}
                {format!("{} ({}), {}", l.comune.name, l.comune.prov, l.comune.region)}
            </p>
            {(l.address.is_none()).then(|| view! { <p class="mw-hint">{t!(i18n, sportello.address_unknown)}</p> })}
            {(l.geo_precision == GeoPrecision::Comune).then(|| view! { <p class="mw-hint">{t!(i18n, sportelli.geo_comune)}</p> })}
            {directions.clone().map(|(osm, geo)| view! {
                <ul class="mw-list mw-list--links">
                    <li><a href=osm target="_blank" rel="noopener">{t!(i18n, sportello.directions)}</a></li>
                    {is_phone_device().then(|| view! { <li><a href=geo>{t!(i18n, sportello.directions_app)}</a></li> })}
                </ul>
            })}
        })}

        <h2>{t!(i18n, sportello.contacts)}</h2>
        <dl class="mw-summary-list">
            {phone.map(|p| {
                let tel = format!("tel:{}", p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                view! { <div class="mw-summary-list__row"><dt>{t!(i18n, sportello.phone)}</dt><dd><a href=tel>{p}</a></dd></div> }
            })}
            {email.map(|e| view! { <div class="mw-summary-list__row"><dt>{t!(i18n, sportello.email)}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd></div> })}
            {website.map(|w| view! { <div class="mw-summary-list__row"><dt>{t!(i18n, sportello.website)}</dt><dd><a href=w.clone() target="_blank" rel="noopener">{w.clone()}</a></dd></div> })}
        </dl>
        {no_contacts.then(|| view! { <p>{t!(i18n, sportello.no_contacts)}</p> })}

        <h2>{t!(i18n, sportello.hours_title)}</h2>
        <p class="mw-desk__open"><strong>{move || d.with_value(|d| open_status_text(i18n.get_locale(), &d.status_at(now.0, now.1)))}</strong></p>
        {hours.map(|h| {
            let weekly = h.weekly.clone();
            let closures = h.closures.clone();
            let notes = h.notes.clone();
            let text = h.text.clone();
            view! {
                {(!weekly.is_empty()).then(|| view! {
                    <dl class="mw-summary-list">
                        {weekly.into_iter().map(|r| view! {
                            <div class="mw-summary-list__row">
                                <dt>{move || day_name(i18n.get_locale(), r.day)}</dt>
                                <dd>{format!("{}–{}", r.from, r.to)}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                })}
                {(!closures.is_empty()).then(|| view! {
                    <p>{t!(i18n, sportello.closures)} ": "
                        {move || closures.iter().map(|c| closure_text(i18n.get_locale(), c)).collect::<Vec<_>>().join("; ")}
                    </p>
                })}
                {notes.map(|n| view! { <p>{move || n.get(lang()).to_string()}</p> })}
                {text.map(|t| view! { <p class="mw-hint">{t!(i18n, sportello.hours_as_stated)} " " <q>{t}</q></p> })}
            }
        })}

        <h2>{t!(i18n, sportello.instruments_title)}</h2>
        <ul class="mw-list">{move || instrument_names().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>

        <h2>{t!(i18n, sportello.sources_title)}</h2>
        <ul class="mw-list mw-sources">
            {d.with_value(|d| d.sources.clone()).into_iter().map(|s| {
                let date = s.date.clone();
                view! {
                    <li>
                        <a href=s.url.clone() target="_blank" rel="noopener">{s.url.clone()}</a>
                        " ("
                        {move || date.as_ref().map(|d| partial_date_text(i18n.get_locale(), d)).unwrap_or_else(|| t_string!(i18n, sportello.source_undated).to_string())}
                        ")"
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="mw-hint">{move || d.with_value(|d| t_string!(i18n, sportello.checked_on, date = date_text(i18n.get_locale(), d.checked_on)).to_string())}</p>
        <p><a href=report>{t!(i18n, sportello.report_error)}</a></p>
    }
}

#[component]
pub fn SportelloPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    view! {
        <div class="mw-page">
            {move || match data.desks() {
                None => view! { <p role="status">{t!(i18n, sportelli.desks_loading)}</p> }.into_any(),
                Some(Err(_)) => view! { <LoadFailed message=Signal::derive(move || t_string!(i18n, sportelli.desks_failed).to_string()) /> }.into_any(),
                Some(Ok(index)) => match index.get(&id.get()).cloned() {
                    Some(desk) => view! { <DeskDetails desk /> }.into_any(),
                    None => view! { <NotFoundDesk /> }.into_any(),
                },
            }}
        </div>
    }
}

#[component]
fn NotFoundDesk() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || t_string!(i18n, sportello.not_found).to_string());
    view! {
        <PageHeading>{t!(i18n, sportello.not_found)}</PageHeading>
        <p>{t!(i18n, sportello.not_found_body)}</p>
        <p><A href=Route::Sportelli.path()>{t!(i18n, sportello.back)}</A></p>
    }
}
