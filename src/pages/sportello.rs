//! "/sportelli/<id>": one help desk — where, how to reach it, when it is open, what it helps with, how sure we
//! are of all that, and the two actions: get directions, or ask it to call you back.

use crate::components::back_link::BackLink;
use crate::components::button::ButtonLink;
use crate::components::heading::PageHeading;
use crate::components::load_failed::when_loaded;
use crate::components::page::{use_title, use_title_key};
use crate::context::use_app;
use crate::data::use_data;
use crate::i18n::{k, t, use_i18n};
use crate::navigation::use_route;
use crate::routes::{Route, SportelliQuery};
use crate::wording::dates::{date_text, day_name, partial_date_text};
use crate::wording::desks;
use super::desk_report::DeskReport;
use crate::{dom, external};
use leptos::prelude::*;
use microwork_core::geo::DeskIndex;
use microwork_core::sportelli::{Desk, DeskKind, GeoPrecision};
use std::sync::Arc;

#[component]
pub fn SportelloPage() -> impl IntoView {
    let data = use_data();
    let route = use_route();
    let id = Memo::new(move |_| match route.get() {
        Some(Route::Desk { id }) => id,
        _ => String::new(),
    });
    let body = move |index: Arc<DeskIndex>| match index.get(&id.get()).cloned() {
        Some(desk) => view! { <DeskDetails desk months=index.confirmation_months() /> }.into_any(),
        None => view! { <NotFoundDesk /> }.into_any(),
    };
    view! { <div class="mw-page">{when_loaded(move || data.desks(), k::sportelli::DESKS_LOADING, k::sportelli::DESKS_FAILED, body)}</div> }
}

#[component]
fn NotFoundDesk() -> impl IntoView {
    use_title_key(k::sportello::NOT_FOUND);
    view! {
        <PageHeading>{t(k::sportello::NOT_FOUND)}</PageHeading>
        <p>{t(k::sportello::NOT_FOUND_BODY)}</p>
        <p><a href=Route::Sportelli(SportelliQuery::default()).href()>{t(k::sportello::BACK)}</a></p>
    }
}

#[component]
fn DeskDetails(desk: Desk, months: u32) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let data = use_data();
    let now = dom::rome_now();
    let d = StoredValue::new(desk);
    let name = move || d.with_value(|d| d.name.get(i18n.lang()).to_string());
    use_title(name);
    let report = {
        let email = app.config.data_email().to_string();
        move || {
            let (name, id) = (name(), d.with_value(|d| d.id.clone()));
            let subject = i18n.msg(k::sportello::report_subject(&name));
            external::mailto_with(&email, &subject, &i18n.msg(k::sportello::ReportBody { name: &name, id: &id }))
        }
    };
    // Names from data/measures.json (the rules' names and dates, not the whole rulebook); a region's own measures
    // that the rules do not cover are named as such.
    let measures = move || match data.measures() {
        Some(Ok(list)) => {
            // Only measures that take applications today: a closed one is no help (core decides which).
            let (names, regional) = d.with_value(|d| {
                let m = d.measures(&list, dom::today());
                (m.known.iter().map(|n| n.get(i18n.lang()).to_string()).collect::<Vec<_>>(), m.regional)
            });
            names.into_iter().chain(regional.then(|| i18n.text(k::sportello::REGIONAL))).collect()
        }
        _ => Vec::new(),
    };
    let (location, hours, phone, email, website, online, id) =
        d.with_value(|d| (d.location.clone(), d.hours.clone(), d.phone.clone(), d.email.clone(), d.website.clone(), d.kind == DeskKind::Online, d.id.clone()));
    let no_contacts = phone.is_none() && email.is_none() && website.is_none();
    let row = |label, value: AnyView| view! { <div class="mw-summary-list__row"><dt>{t(label)}</dt><dd>{value}</dd></div> };

    view! {
        <p><BackLink href=Route::Sportelli(SportelliQuery::default()).href() prefix=true>{t(k::sportello::BACK)}</BackLink></p>
        <PageHeading>{name}</PageHeading>
        <p class="mw-lead">{move || d.with_value(|d| desks::host(i18n, d))}</p>
        {online.then(|| view! { <p>{t(k::sportello::ONLINE_NOTE)}</p> })}
        <p><span class=d.with_value(|d| desks::status_class(d, months))>{move || d.with_value(|d| desks::status(i18n, d, months))}</span></p>
        <div class="mw-actions">
            <ButtonLink href=Route::Contact { desk: Some(id) }.href()>{t(k::sportello::ASK_CONTACT)}</ButtonLink>
        </div>
        {location.map(|l| view! {
            <h2>{t(k::sportello::ADDRESS)}</h2>
            <p>
                {l.address.clone().map(|a| view! { {a} <br/> })}
                {format!("{} ({}), {}", l.comune.name, l.comune.prov, l.comune.region)}
            </p>
            {l.address.is_none().then(|| view! { <p class="mw-hint">{t(k::sportello::ADDRESS_UNKNOWN)}</p> })}
            {(l.geo_precision == GeoPrecision::Comune).then(|| view! { <p class="mw-hint">{t(k::sportelli::GEO_COMUNE)}</p> })}
            <ul class="mw-list mw-list--links">
                <li><a href=external::directions(l.lat, l.lon) target="_blank" rel="noopener">{t(k::sportello::DIRECTIONS)}</a></li>
                {dom::is_phone().then(|| view! { <li><a href=external::geo(l.lat, l.lon)>{t(k::sportello::DIRECTIONS_APP)}</a></li> })}
            </ul>
        })}
        <h2>{t(k::sportello::CONTACTS)}</h2>
        <dl class="mw-summary-list">
            {phone.map(|p| row(k::sportello::PHONE, view! { <a href=external::tel(&p)>{p.clone()}</a> }.into_any()))}
            {email.map(|e| row(k::sportello::EMAIL, view! { <a href=external::mailto(&e)>{e.clone()}</a> }.into_any()))}
            {website.map(|w| row(k::sportello::WEBSITE, view! { <a href=w.clone() target="_blank" rel="noopener">{w.clone()}</a> }.into_any()))}
        </dl>
        {no_contacts.then(|| view! { <p>{t(k::sportello::NO_CONTACTS)}</p> })}
        <h2>{t(k::sportello::HOURS_TITLE)}</h2>
        <p class="mw-desk__open"><strong>{move || d.with_value(|d| desks::open_status(i18n, &d.status_at(now.0, now.1)))}</strong></p>
        {hours.map(|h| view! {
            {(!h.weekly.is_empty()).then(|| view! {
                <dl class="mw-summary-list">
                    {h.weekly.iter().map(|r| {
                        let day = r.day;
                        view! { <div class="mw-summary-list__row"><dt>{move || day_name(i18n, day)}</dt><dd>{format!("{}–{}", r.from, r.to)}</dd></div> }
                    }).collect_view()}
                </dl>
            })}
            {(!h.closures.is_empty()).then(|| {
                let closures = h.closures.clone();
                view! { <p>{t(k::sportello::CLOSURES)} ": " {move || closures.iter().map(|c| desks::closure(i18n, c)).collect::<Vec<_>>().join("; ")}</p> }
            })}
            {h.notes.clone().map(|n| view! { <p>{move || n.get(i18n.lang()).to_string()}</p> })}
            {h.text.clone().map(|text| view! { <p class="mw-hint">{t(k::sportello::HOURS_AS_STATED)} " " <q>{text}</q></p> })}
        })}
        <h2>{t(k::sportello::INSTRUMENTS_TITLE)}</h2>
        <ul class="mw-list">{move || measures().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        {d.with_value(|d| (!d.languages.is_empty()).then(|| {
            let langs = d.languages.clone();
            view! {
                <h2>{t(k::sportello::LANGUAGES_TITLE)}</h2>
                <p>{move || langs.iter().filter_map(|l| microwork_core::sportelli::proposal::language_label(l, i18n.lang())).collect::<Vec<_>>().join(", ")}</p>
            }
        }))}
        {d.with_value(|d| d.accessibility.clone()).map(|a| view! { <h2>{t(k::sportello::ACCESSIBILITY_TITLE)}</h2> <p>{a}</p> })}
        <h2>{t(k::sportello::SOURCES_TITLE)}</h2>
        <ul class="mw-list mw-sources">
            {d.with_value(|d| d.sources.clone()).into_iter().map(|s| {
                let date = s.date.clone();
                let when = move || date.as_ref().map_or_else(|| i18n.text(k::sportello::SOURCE_UNDATED), |d| partial_date_text(i18n, d));
                // The desk's own confirmation is a dated source without a public page.
                if s.url == microwork_core::sportelli::proposal::DESK_SOURCE_URL {
                    return view! { <li>{t(k::sportello::DESK_SOURCE)} " (" {when} ")"</li> }.into_any();
                }
                view! { <li><a href=s.url.clone() target="_blank" rel="noopener">{s.url.clone()}</a> " (" {when} ")"</li> }.into_any()
            }).collect_view()}
        </ul>
        <p class="mw-hint">{move || d.with_value(|d| i18n.msg(k::sportello::checked_on(&date_text(i18n, d.checked_on))))}</p>
        <DeskReport desk_id=d.with_value(|d| d.id.clone()) mailto=Signal::derive(report) />
    }
}
