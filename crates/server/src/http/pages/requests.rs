//! `/operatori`: the desk's queue (escalated first, then new ones, then by age), with filters by status, desk
//! and date, each request's age and a warning past the promised response time, and the CSV export link.

use super::format;
use super::{caller, html_response, page, server_error, sign_in::sign_in_page};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::operator::requests::{ListParams, read_audited};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use microwork_core::account::AuditAction;
use microwork_core::contact::TrackedRequest;
use std::sync::Arc;

/// The status filter's choices: (value, label).
const STATUS_CHOICES: [(&str, &str); 7] = [
    ("", "Tutte (tranne spam)"),
    ("open", "Da completare (nuove, prese in carico, contattate)"),
    ("new", "Nuove"),
    ("taken", "Prese in carico"),
    ("contacted", "Contattate"),
    ("closed", "Chiuse"),
    ("spam", "Spam"),
];

/// The most requests one page shows (the CSV has them all).
const PAGE_SIZE: u32 = 200;

fn desks_of(state: &AppState, caller: &Caller) -> Vec<String> {
    match caller {
        Caller::Operator { account, .. } if !account.admin => account.desks.clone(),
        _ => {
            let mut all: Vec<String> = state.catalog.desks.iter().flatten().cloned().collect();
            all.sort();
            all
        }
    }
}

fn select(id: &str, label: &str, choices: &[(String, String)], current: &str) -> Markup {
    html! {
        div class="op-field op-field--inline" {
            label for=(id) { (label) }
            select id=(id) name=(id) {
                @for (value, text) in choices {
                    option value=(value) selected[value == current] { (text) }
                }
            }
        }
    }
}

fn filters(state: &AppState, caller: &Caller, p: &ListParams) -> Markup {
    let statuses: Vec<(String, String)> = STATUS_CHOICES.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect();
    let desks: Vec<(String, String)> =
        std::iter::once((String::new(), "Tutti i tuoi sportelli".to_string())).chain(desks_of(state, caller).into_iter().map(|d| (d.clone(), d))).collect();
    let since = p.since.as_deref().unwrap_or("");
    let until = p.until.as_deref().unwrap_or("");
    html! {
        form class="op-filters" method="get" action=(super::BASE) {
            (select("status", "Stato", &statuses, p.status.as_deref().unwrap_or("")))
            (select("desk", "Sportello", &desks, p.desk.as_deref().unwrap_or("")))
            div class="op-field op-field--inline" {
                label for="since" { "Ricevute dal" }
                input id="since" name="since" type="date" value=(since);
            }
            div class="op-field op-field--inline" {
                label for="until" { "Ricevute prima del" }
                input id="until" name="until" type="date" value=(until);
            }
            div class="op-check" {
                input id="escalated" name="escalated" type="checkbox" value="true" checked[p.escalated.as_deref() == Some("true")];
                label for="escalated" { "Solo le segnalate dalla persona" }
            }
            button class="op-button op-button--secondary" type="submit" { "Filtra" }
        }
    }
}

fn item(r: &TrackedRequest, today: time::Date) -> Markup {
    let reference = r.request.reference.as_str();
    let waiting = r.status.awaits_contact();
    let escalated = r.escalated_at.is_some() && waiting;
    html! {
        li class={ "op-card" @if escalated { " op-card--escalated" } @else if r.overdue { " op-card--overdue" } } {
            h2 class="op-card__title" {
                a href={ "/operatori/richieste/" (reference) } { (r.request.name) }
            }
            p class="op-card__meta" {
                strong class=(format::status_class(r.status)) { (format::status(r.status)) }
                " " span class="op-nowrap" { (reference) }
                @if let Some(desk) = &r.request.desk_id { " · " span class="op-nowrap" { (desk) } }
                " · ricevuta " span class="op-nowrap" title=(format::date_time(&r.request.received_at)) { (format::age(&r.request.received_at, today)) }
            }
            @if escalated {
                p class="op-warning op-warning--escalated" {
                    strong { "Segnalata: " }
                    "la persona dice che nessuno l'ha contattata (" (format::date_time(r.escalated_at.as_deref().unwrap_or(""))) ")."
                }
            } @else if r.overdue {
                p class="op-warning" {
                    strong { "Oltre il tempo promesso: " }
                    "entro " (r.response_days) " giorni lavorativi, scaduto il " (format::date(r.due_on)) "."
                }
            }
        }
    }
}

/// `GET /operatori`: the list for a signed-in operator, the sign-in form otherwise.
pub async fn home(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return sign_in_page(StatusCode::OK, "", &[]),
        Err(e) => return server_error(None, &e),
    };
    let mut params = query.map(|Query(p)| p).unwrap_or_default();
    // The form sends empty fields: they mean "any".
    for v in [&mut params.desk, &mut params.since, &mut params.until, &mut params.status, &mut params.escalated] {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    }
    params.limit = Some((PAGE_SIZE + 1).to_string());
    params.offset = None;
    params.order = None;
    let (filter, bad) = match params.filter(true) {
        Ok(f) => (f, None),
        Err(e) => (ListParams::default().filter(true).unwrap_or_default(), Some(super::problems(&e))),
    };
    let mut rows = match read_audited(&state, &caller, filter, AuditAction::List, params.as_detail(), Some(PAGE_SIZE as usize)).await {
        Ok(rows) => rows,
        Err(e) => return server_error(Some(&caller), &e),
    };
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    let today = state.clock.today();
    let export = {
        let mut p = params.clone();
        p.limit = None;
        serde_urlencoded::to_string(&p).unwrap_or_default()
    };
    let escalated = rows.iter().filter(|r| r.escalated_at.is_some() && r.status.awaits_contact()).count();
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let body = html! {
        @if let Some(errors) = &bad { (super::error_summary(errors)) }
        h1 { "Richieste di contatto" }
        (filters(&state, &caller, &params))
        p class="op-summary" role="status" {
            @if rows.is_empty() { "Nessuna richiesta con questi filtri." }
            @else {
                (rows.len()) @if more { "+" } @if rows.len() == 1 { " richiesta" } @else { " richieste" }
                @if escalated > 0 { ", " strong class="op-text-red" { (escalated) " segnalat" @if escalated == 1 { "a" } @else { "e" } } }
                @if overdue > 0 { ", " strong { (overdue) " oltre il tempo promesso" } }
                "."
            }
            " " a href={ "/api/v1/operator/contact-requests.csv?" (export) } download="richieste.csv" { "Scarica CSV" span class="op-visually-hidden" { " delle richieste filtrate" } }
        }
        ul class="op-cards" {
            @for r in &rows { (item(r, today)) }
        }
        @if more { p { "Sono mostrate le prime " (PAGE_SIZE) ": restringi i filtri o scarica il CSV per vederle tutte." } }
    };
    html_response(StatusCode::OK, page("Richieste di contatto", Some(&caller), body))
}
