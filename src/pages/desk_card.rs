//! One desk in the locator's list: name (to its page), who runs it, where and how far, open now or when, how
//! sure we are it works, and "show on the map".

use crate::i18n::{k, t, use_i18n};
use crate::routes::Route;
use crate::wording::desks;
use leptos::prelude::*;
use microwork_core::geo::DeskRow;

/// A desk as the list shows it, in facts; the words follow the language.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: String,
    pub place: Option<String>,
    pub km: Option<f64>,
    pub same_comune: bool,
    pub approximate: bool,
    pub point: Option<(f64, f64)>,
    pub desk: microwork_core::sportelli::Desk,
    /// The file's `confirmation_months`: how long the desk's own confirmation counts.
    pub months: u32,
}

impl Card {
    pub fn new(row: &DeskRow, months: u32) -> Card {
        Card {
            id: row.desk.id.clone(),
            place: row.place(),
            km: row.km,
            same_comune: row.same_comune,
            approximate: row.approximate(),
            point: row.desk.point().map(|p| (p.lat, p.lon)),
            desk: row.desk.clone(),
            months,
        }
    }
}

#[component]
pub fn DeskCard(card: Card, selected: RwSignal<Option<String>>, map_on_phone: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let c = StoredValue::new(card);
    let id = c.with_value(|c| c.id.clone());
    let is_selected = {
        let id = id.clone();
        Signal::derive(move || selected.read().as_deref() == Some(id.as_str()))
    };
    let name = move || c.with_value(|c| c.desk.name.get(i18n.lang()).to_string());
    let distance = move || {
        c.with_value(|c| {
            let row = microwork_core::geo::DeskRow { desk: &c.desk, km: c.km, same_comune: c.same_comune };
            desks::distance(i18n, &row)
        })
    };
    let now = crate::dom::rome_now();
    let select = {
        let id = id.clone();
        move |_| {
            selected.set(Some(id.clone()));
            map_on_phone.set(true);
        }
    };
    view! {
        <li class="mw-desk" class:mw-desk--selected=is_selected id=format!("desk-{id}")>
            <h3 class="mw-desk__name"><a href=Route::Desk { id: id.clone() }.href()>{name}</a></h3>
            <p class="mw-desk__host">{move || c.with_value(|c| desks::host(i18n, &c.desk))}</p>
            <p class="mw-desk__place">
                {c.with_value(|c| c.place.clone())}
                {move || distance().map(|d| view! { " · " <strong>{d}</strong> })}
                {c.with_value(|c| c.approximate).then(|| view! { <span class="mw-hint"> " (" {t(k::sportelli::GEO_COMUNE)} ")"</span> })}
            </p>
            <p class="mw-desk__open">{move || c.with_value(|c| desks::open_status(i18n, &c.desk.status_at(now.0, now.1)))}</p>
            <p><span class=c.with_value(|c| desks::status_class(&c.desk, c.months))>{move || c.with_value(|c| desks::status(i18n, &c.desk, c.months))}</span></p>
            {c.with_value(|c| c.point.is_some()).then(|| view! {
                <button type="button" class="mw-button mw-button--secondary mw-button--small"
                    aria-pressed=move || is_selected.get().to_string() on:click=select>
                    {t(k::sportelli::SHOW_ON_MAP)}
                    <span class="mw-visually-hidden">": " {name}</span>
                </button>
            })}
        </li>
    }
}
