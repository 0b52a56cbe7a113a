//! One request: the person's details with tap-to-call, mailto and WhatsApp links, the self-check summary when
//! shared, status + outcome + private note, the history of moves, who accessed it, and erasure.

use super::format;
use super::{BASE, OperatorForm, SignedIn, error_summary, form, html_response, not_found, page, problems, server_error};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::operator::audit::audit_of_request;
use crate::http::operator::requests::{detail_audited, erase_audited, update_audited};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use microwork_core::account::AuditEntry;
use microwork_core::contact::{Channel, Outcome, Reference, RequestDetail, RequestUpdateBody, Status};
use microwork_core::sportelli::proposal::language_name;
use serde::Deserialize;
use std::sync::Arc;

fn href(reference: &Reference) -> String {
    format!("{BASE}/richieste/{}", reference.as_str())
}

fn assessment(value: &serde_json::Value) -> Markup {
    use microwork_core::rules::{AssessmentSummary, Status as Verdict};
    match serde_json::from_value::<AssessmentSummary>(value.clone()) {
        Ok(s) => html! {
            p { "Autovalutazione del " (format::date(s.assessed_on)) ":" }
            ul {
                @for o in &s.outcomes {
                    li {
                        strong { (o.instrument) } ": "
                        (match o.status {
                            Verdict::Eligible => "sembra in possesso dei requisiti",
                            Verdict::Possible => "forse, da verificare",
                            Verdict::NotEligible => "requisiti non soddisfatti",
                            Verdict::Closed => "misura chiusa",
                        })
                        @if !o.to_check.is_empty() { " (da verificare: " (o.to_check.join(", ")) ")" }
                    }
                }
            }
        },
        Err(_) => html! { pre class="op-pre" { (serde_json::to_string_pretty(value).unwrap_or_default()) } },
    }
}

fn contact_links(d: &RequestDetail) -> Markup {
    let r = &d.tracked.request;
    html! {
        ul class="op-actions" {
            @if let Some(phone) = &r.phone {
                li { a class="op-button" href={ "tel:" (phone) } { "Chiama " (phone) } }
                li { a class="op-button op-button--secondary" href=(format::whatsapp_link(phone)) rel="noopener noreferrer" target="_blank" { "WhatsApp" span class="op-visually-hidden" { " (si apre in una nuova scheda)" } } }
            }
            @if let Some(email) = &r.email {
                li { a class="op-button op-button--secondary" href={ "mailto:" (email) "?subject=" (format!("Richiesta {}", r.reference.as_str()).replace(' ', "%20")) } { "Scrivi a " (email) } }
            }
        }
    }
}

fn audit_list(entries: &[AuditEntry]) -> Markup {
    html! {
        @if entries.is_empty() { p { "Nessun accesso registrato." } }
        @else {
            ol class="op-log" {
                @for e in entries {
                    li { span class="op-nowrap" { (format::date_time(&e.at)) } ": " (format::actor(e)) " " (format::action(e.action)) }
                }
            }
        }
    }
}

fn view(d: &RequestDetail, audit: &[AuditEntry], today: time::Date, errors: &[(String, String)], saved: bool) -> Markup {
    let t = &d.tracked;
    let r = &t.request;
    let waiting = t.status.awaits_contact();
    html! {
        (error_summary(errors))
        @if saved { div class="op-panel op-panel--success" role="status" { p { "Modifiche salvate." } } }
        p { a href=(BASE) { "← Tutte le richieste" } }
        h1 { (r.name) }
        p class="op-card__meta" {
            strong class=(format::status_class(t.status)) { (format::status(t.status)) }
            @if let Some(o) = t.outcome { " · esito: " (format::outcome(o)) }
            " · " (r.reference.as_str()) " · ricevuta " (format::date_time(&r.received_at)) " (" (format::age(&r.received_at, today)) ")"
        }
        @if let (Some(at), true) = (&t.escalated_at, waiting) {
            div class="op-warning op-warning--escalated" role="alert" {
                strong { "Segnalata dalla persona il " (format::date_time(at)) ": " }
                "dice che nessuno l'ha contattata entro il tempo promesso. Contattala al più presto."
            }
        } @else if t.overdue {
            p class="op-warning" {
                strong { "Oltre il tempo promesso: " }
                "lo sportello risponde entro " (t.response_days) " giorni lavorativi; il termine era il " (format::date(t.due_on)) "."
            }
        } @else if waiting {
            p { "Da contattare entro il " (format::date(t.due_on)) " (" (t.response_days) " giorni lavorativi)." }
        }
        (contact_links(d))
        h2 { "Dati della persona" }
        dl class="op-dl" {
            dt { "Canale preferito" } dd { (format::channel(r.channel)) }
            dt { "Quando" } dd { (format::time_window(r.time_window)) }
            @if let Some(p) = &r.phone { dt { "Telefono" } dd { a href={ "tel:" (p) } { (p) } } }
            @if let Some(e) = &r.email { dt { "E-mail" } dd { a href={ "mailto:" (e) } { (e) } } }
            @if let Some(desk) = &r.desk_id { dt { "Sportello" } dd { (desk) } }
            @if let Some(c) = &r.comune_istat { dt { "Comune (codice ISTAT)" } dd { (c) } }
            // The language to call back in: every shipped one (an Arabic request once read "italiano" here).
            dt { "Lingua" } dd { (language_name(r.lang.code()).unwrap_or(r.lang.code())) }
            @if let Some(m) = &r.message { dt { "Messaggio" } dd class="op-pre-line" { (m) } }
            @if let Some(p) = &r.partner { dt { "Arrivata da" } dd { (p) } }
        }
        @if r.channel == Channel::Whatsapp && r.phone.is_none() { p { "Ha scelto WhatsApp ma non ha lasciato un numero." } }
        @if let Some(a) = r.assessment.as_ref().filter(|_| r.consent_share_assessment) {
            h2 { "Autovalutazione condivisa" }
            (assessment(a))
        }
        h2 { "Stato della richiesta" }
        form id="status-form" method="post" action=(href(&r.reference)) novalidate {
            fieldset class="op-fieldset" id="status" {
                legend { "Stato" }
                @for s in Status::STEPS {
                    div class="op-radio" {
                        input type="radio" id={ "status-" (s.as_str()) } name="status" value=(s.as_str()) checked[t.status == s];
                        label for={ "status-" (s.as_str()) } { (format::status(s)) }
                    }
                }
            }
            div class="op-field" {
                label for="outcome" { "Esito (solo per le richieste chiuse)" }
                select id="outcome" name="outcome" {
                    option value="" selected[t.outcome.is_none()] { "—" }
                    @for o in Outcome::ALL {
                        option value=(o.as_str()) selected[t.outcome == Some(o)] { (format::outcome(o)) }
                    }
                }
            }
            div class="op-field" {
                label for="note" { "Nota privata" }
                div id="note-hint" class="op-hint" { "La vede solo lo sportello, non la persona. Massimo 2000 caratteri." }
                textarea id="note" name="note" rows="4" aria-describedby="note-hint" maxlength="2000" { (d.note.as_deref().unwrap_or("")) }
            }
            button class="op-button" type="submit" { "Salva" }
        }
        @if !d.history.is_empty() {
            h2 { "Storia" }
            ol class="op-log" {
                @for h in &d.history {
                    li {
                        span class="op-nowrap" { (format::date_time(&h.at)) } ": " (format::status(h.status))
                        @if let Some(o) = h.outcome { " (" (format::outcome(o)) ")" }
                        " — " (h.by.as_deref().unwrap_or("integrazione"))
                    }
                }
            }
        }
        h2 { "Registro degli accessi" }
        (audit_list(audit))
        h2 { "Cancellazione" }
        p { "Se la persona chiede di cancellare i suoi dati, puoi cancellare la richiesta: non si potrà recuperare." }
        p { a class="op-button op-button--warning" href={ (href(&r.reference)) "/cancella" } { "Cancella questa richiesta" } }
    }
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    salvato: Option<String>,
}

async fn render(state: &Arc<AppState>, caller: &Caller, reference: Reference, status: StatusCode, errors: &[(String, String)], saved: bool) -> Response {
    let detail = match detail_audited(state, caller, reference.clone()).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(Some(caller)),
        Err(e) => return server_error(Some(caller), &e),
    };
    let audit = match audit_of_request(state, caller, reference).await {
        Ok(a) => a.unwrap_or_default(),
        Err(e) => return server_error(Some(caller), &e),
    };
    let title = format!("Richiesta {}", detail.tracked.request.reference.as_str());
    html_response(status, page(&title, Some(caller), view(&detail, &audit, state.clock.today(), errors, saved)))
}

/// `GET /operatori/richieste/{reference}`.
pub async fn show(
    State(state): State<Arc<AppState>>,
    SignedIn(caller): SignedIn,
    Path(typed): Path<String>,
    query: Result<Query<ShowQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(reference) = Reference::parse(&typed) else { return not_found(Some(&caller)) };
    let saved = query.ok().and_then(|Query(q)| q.salvato).is_some();
    render(&state, &caller, reference, StatusCode::OK, &[], saved).await
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /operatori/richieste/{reference}` → 303 back to the page ("Modifiche salvate"), or the page with the
/// problems.
pub async fn update(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(typed): Path<String>, body: axum::body::Bytes) -> Response {
    let f: UpdateForm = match form(&body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Ok(reference) = Reference::parse(&typed) else { return not_found(Some(&caller)) };
    // The outcome select keeps its value when another status is chosen: it only counts for "chiusa".
    let closing = f.status.as_deref() == Some(Status::Closed.as_str());
    let change = RequestUpdateBody {
        status: f.status,
        outcome: f.outcome.filter(|_| closing),
        note: Some(f.note.map(|n| n.replace("\r\n", "\n"))),
    };
    match update_audited(&state, &caller, reference.clone(), change).await {
        Ok(Some(_)) => Redirect::to(&format!("{}?salvato=1", href(&reference))).into_response(),
        Ok(None) => not_found(Some(&caller)),
        Err(e) if e.status == StatusCode::BAD_REQUEST => render(&state, &caller, reference, StatusCode::BAD_REQUEST, &problems(&e), false).await,
        Err(e) => server_error(Some(&caller), &e),
    }
}

/// `GET /operatori/richieste/{reference}/cancella`: are you sure?
pub async fn confirm_erase(State(state): State<Arc<AppState>>, SignedIn(caller): SignedIn, Path(typed): Path<String>) -> Response {
    let Ok(reference) = Reference::parse(&typed) else { return not_found(Some(&caller)) };
    let detail = match detail_audited(&state, &caller, reference.clone()).await {
        Ok(Some(d)) => d,
        Ok(None) => return not_found(Some(&caller)),
        Err(e) => return server_error(Some(&caller), &e),
    };
    let body = html! {
        p { a href=(href(&reference)) { "← Torna alla richiesta" } }
        h1 { "Cancellare la richiesta di " (detail.tracked.request.name) "?" }
        div class="op-warning" {
            p { "La richiesta " (reference.as_str()) " e tutti i suoi dati saranno cancellati per sempre. Resta solo, nel registro, chi l'ha cancellata e quando." }
        }
        form method="post" action={ (href(&reference)) "/cancella" } {
            div class="op-check" {
                input id="confirm" name="confirm" type="checkbox" value="yes" required;
                label for="confirm" { "Confermo: la persona ha chiesto la cancellazione, o i dati non servono più" }
            }
            button class="op-button op-button--warning" type="submit" { "Cancella definitivamente" }
        }
    };
    html_response(StatusCode::OK, page("Cancellare la richiesta?", Some(&caller), body))
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /operatori/richieste/{reference}/cancella` (with the confirmation box ticked) → the request erased.
pub async fn erase(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(typed): Path<String>, body: axum::body::Bytes) -> Response {
    let f: EraseForm = match form(&body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Ok(reference) = Reference::parse(&typed) else { return not_found(Some(&caller)) };
    if f.confirm.as_deref() != Some("yes") {
        return super::message(StatusCode::BAD_REQUEST, Some(&caller), "Cancellazione non confermata", "Spunta la casella di conferma per cancellare la richiesta.");
    }
    match erase_audited(&state, &caller, reference.clone()).await {
        Ok(true) => html_response(
            StatusCode::OK,
            page("Richiesta cancellata", Some(&caller), html! {
                div class="op-panel op-panel--success" role="status" {
                    h1 { "Richiesta cancellata" }
                    p { "La richiesta " (reference.as_str()) " e i suoi dati sono stati cancellati." }
                }
                p { a href=(BASE) { "Torna alle richieste" } }
            }),
        ),
        Ok(false) => not_found(Some(&caller)),
        Err(e) => server_error(Some(&caller), &e),
    }
}
