//! `/operatori/sportelli`: the desks keep their own entries true (issue 19). A desk operator edits their
//! desk (a proposal), confirms it unchanged in one click and reads the people's reports about it; an admin
//! approves or rejects proposals with a reason, sees the desks by age of confirmation and sends a desk's
//! operators a reminder through the webhook. Every step is in the audit log.

use super::format;
use super::{OperatorForm, SignedIn, error_summary, html_response, message, page, server_error};
use crate::http::AppState;
use crate::http::auth::Caller;
use crate::store::audit::{self, Entry};
use crate::store::desks::{self as store_desks, Proposal, ProposalState, StoredReport};
use crate::store::requests::Scope;
use crate::store;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use microwork_core::account::AuditAction;
use microwork_core::sportelli::proposal::{DeskProposal, LANGUAGES, ProposalForm, ProposalProblem, confirm, language_name};
use microwork_core::sportelli::{Confirmation, Desk, NATIONAL_INSTRUMENTS, confirmation};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

pub const DESKS: &str = "/operatori/sportelli";
/// Most reports or proposals one page lists.
const PAGE_SIZE: u32 = 200;

fn desk_href(id: &str) -> String {
    format!("{DESKS}/{id}")
}

fn desk_name(d: &Desk) -> &str {
    &d.name.it
}

fn problem_label(code: &str) -> &'static str {
    match code {
        "address" => "Indirizzo o posizione",
        "hours" => "Orari",
        "contacts" => "Telefono, e-mail o sito",
        "services" => "Servizi offerti",
        "closed" => "Lo sportello non esiste più",
        _ => "Altro",
    }
}

fn confirmation_text(c: Confirmation) -> Markup {
    match c {
        Confirmation::Confirmed { on } => html! { span class="op-status op-status--contacted" { "Confermato dallo sportello il " (format::date(on)) } },
        Confirmation::Stale { on } => html! { span class="op-status op-status--new" { "Da verificare: ultima conferma il " (format::date(on)) } },
        Confirmation::Never => html! { span class="op-status op-status--new" { "Da verificare: mai confermato dallo sportello" } },
    }
}

/// The desks a caller works for (an admin: every desk of the data).
fn my_desk_ids(state: &AppState, caller: &Caller) -> Vec<String> {
    let all = state.desks.base.iter().flat_map(|b| b.sportelli.iter().map(|d| d.id.clone()));
    match caller.scope() {
        Scope::All => all.collect(),
        Scope::Desks(ids) => all.filter(|id| ids.contains(id)).collect(),
    }
}

/// What the list page shows, read in one go.
struct Overview {
    desks: Vec<Desk>,
    pending: Vec<Proposal>,
    reports: Vec<StoredReport>,
}

async fn overview(state: &Arc<AppState>, caller: &Caller) -> Result<Overview, crate::store::DbError> {
    let ids = my_desk_ids(state, caller);
    let scope = caller.scope();
    let data = state.desks.clone();
    let at = state.clock.now_rfc3339();
    let who = caller_clone(caller);
    state
        .db
        .write(move |c| {
            let desks = ids.iter().filter_map(|id| data.current(c, id).transpose()).collect::<Result<Vec<_>, _>>()?;
            let pending = store_desks::proposals(c, &scope, Some(ProposalState::Pending), PAGE_SIZE)?;
            let reports = store_desks::reports(c, &scope, true, PAGE_SIZE)?;
            if !reports.is_empty() {
                let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
                let actor = who.actor();
                audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskReportList, reference: None, desk_id: None, detail: Some(json!({ "reports": ids })) })?;
            }
            Ok(Overview { desks, pending, reports })
        })
        .await
}

/// Callers are not `Clone` across the write boundary; the audit only needs the actor.
struct CallerActor(crate::store::audit::Actor);

impl CallerActor {
    fn actor(&self) -> crate::store::audit::Actor {
        self.0.clone()
    }
}

fn caller_clone(caller: &Caller) -> CallerActor {
    CallerActor(caller.actor())
}

fn reports_list(reports: &[StoredReport], show_desk: bool) -> Markup {
    html! {
        @if reports.is_empty() { p { "Nessuna segnalazione aperta." } }
        @else {
            ul class="op-list" {
                @for r in reports {
                    li class="op-card" {
                        p class="op-card__meta" {
                            strong { (problem_label(&r.problem)) }
                            @if show_desk { " · " a href=(desk_href(&r.desk_id)) { (r.desk_id) } }
                            " · ricevuta " (format::date_time(&r.received_at))
                        }
                        @if let Some(m) = &r.message { p class="op-pre-line" { (m) } }
                        @if let Some(c) = &r.contact { p { "Contatto lasciato: " (c) } }
                        form method="post" action={ "/operatori/segnalazioni/" (r.id) "/chiudi" } {
                            button class="op-button op-button--secondary" type="submit" { "Segna come gestita" }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    esito: Option<String>,
}

fn notice(n: &Notice) -> Markup {
    let text = match n.esito.as_deref() {
        Some("proposta") => "Modifica inviata: sarà pubblicata quando un amministratore l'avrà approvata.",
        Some("confermato") => "Grazie: i dati dello sportello risultano confermati da oggi.",
        Some("approvata") => "Modifica approvata e pubblicata.",
        Some("respinta") => "Modifica respinta: il motivo è stato registrato.",
        Some("promemoria") => "Promemoria inviato agli operatori dello sportello.",
        Some("promemoria-non-inviato") => "Il promemoria non è stato inviato: il webhook non ha risposto. Riprova più tardi.",
        Some("chiusa") => "Segnalazione segnata come gestita.",
        _ => return html! {},
    };
    html! { div class="op-panel op-panel--success" role="status" { p { (text) } } }
}

/// `GET /operatori/sportelli`.
pub async fn list(State(state): State<Arc<AppState>>, SignedIn(caller): SignedIn, Query(n): Query<Notice>) -> Response {
    let o = match overview(&state, &caller).await {
        Ok(o) => o,
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    let today = state.clock.today();
    let months = state.desks.confirmation_months;
    let mut by_age: Vec<&Desk> = o.desks.iter().collect();
    // Never confirmed first, then the oldest confirmation.
    by_age.sort_by_key(|d| (d.confirmed_on.is_some(), d.confirmed_on, d.id.clone()));
    let body = html! {
        (notice(&n))
        h1 { "Sportelli" }
        p { "I dati di ogni sportello sono pubblicati nel localizzatore. Confermali almeno ogni " (months) " mesi; dopo, lo sportello appare «da verificare»." }
        @if caller.is_admin() {
            h2 { "Modifiche da approvare (" (o.pending.len()) ")" }
            @if o.pending.is_empty() { p { "Nessuna modifica in attesa." } }
            @else {
                ul class="op-list" {
                    @for p in &o.pending {
                        li class="op-card" {
                            a href={ "/operatori/proposte/" (p.id) } { "Modifica di " (p.desk_id) }
                            " · proposta " (format::date_time(&p.proposed_at))
                            @if let Some(by) = &p.proposed_by { " da " (by) }
                        }
                    }
                }
            }
            h2 { "Sportelli per data di conferma" }
            div class="op-table-wrap" {
                table class="op-table" {
                    caption class="op-visually-hidden" { "Sportelli, dal meno recentemente confermato" }
                    thead { tr { th scope="col" { "Sportello" } th scope="col" { "Conferma" } th scope="col" { "Promemoria" } } }
                    tbody {
                        @for d in &by_age {
                            tr {
                                td { a href=(desk_href(&d.id)) { (desk_name(d)) } }
                                td { (confirmation_text(confirmation(d.confirmed_on, today, months))) }
                                td {
                                    @if !confirmation(d.confirmed_on, today, months).is_current() {
                                        form method="post" action={ (desk_href(&d.id)) "/promemoria" } {
                                            button class="op-button op-button--secondary" type="submit" {
                                                "Invia promemoria" span class="op-visually-hidden" { " a " (desk_name(d)) }
                                            }
                                        }
                                    } @else { "—" }
                                }
                            }
                        }
                    }
                }
            }
        } @else {
            @if o.desks.is_empty() { p { "Il tuo account non è collegato a nessuno sportello." } }
            @for d in &o.desks {
                section class="op-card" aria-labelledby={ "d-" (d.id) } {
                    h2 id={ "d-" (d.id) } { (desk_name(d)) }
                    p { (confirmation_text(confirmation(d.confirmed_on, today, months))) }
                    @if o.pending.iter().any(|p| p.desk_id == d.id) { p { "Una modifica è in attesa di approvazione." } }
                    ul class="op-actions" {
                        li {
                            form method="post" action={ (desk_href(&d.id)) "/conferma" } {
                                button class="op-button" type="submit" { "Confermo: i dati sono corretti" }
                            }
                        }
                        li { a class="op-button op-button--secondary" href=(desk_href(&d.id)) { "Correggi i dati" } }
                    }
                }
            }
        }
        h2 { "Segnalazioni delle persone (" (o.reports.len()) ")" }
        (reports_list(&o.reports, true))
    };
    html_response(StatusCode::OK, page("Sportelli", Some(&caller), body))
}

fn instrument_label(id: &str) -> String {
    let s = id.replace('_', " ");
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn field_error(errors: &[(String, String)], field: &str) -> Markup {
    html! {
        @for (f, text) in errors.iter().filter(|(f, _)| f == field) {
            p class="op-field__error" id={ (f) "-errore" } { (text) }
        }
    }
}

fn text_field(id: &str, label: &str, value: &str, kind: &str, hint: Option<&str>, errors: &[(String, String)], extra: Option<&str>) -> Markup {
    let invalid = errors.iter().any(|(f, _)| f == id);
    let described = match (hint.is_some(), invalid) {
        (true, true) => Some(format!("{id}-aiuto {id}-errore")),
        (true, false) => Some(format!("{id}-aiuto")),
        (false, true) => Some(format!("{id}-errore")),
        (false, false) => None,
    };
    html! {
        div class="op-field" {
            label for=(id) { (label) }
            @if let Some(h) = hint { p class="op-hint" id={ (id) "-aiuto" } { (h) } }
            (field_error(errors, id))
            input id=(id) name=(id) type=(kind) value=(value) aria-invalid=[invalid.then_some("true")] aria-describedby=[described] list=[extra] autocomplete=[extra.map(|_| "off")];
        }
    }
}

fn edit_form(state: &AppState, desk: &Desk, f: &ProposalForm, errors: &[(String, String)]) -> Markup {
    let region = desk.location.as_ref().map(|l| l.comune.region.clone());
    let comuni: Vec<String> = state
        .desks
        .gazetteer
        .as_ref()
        .map(|g| {
            g.comuni()
                .iter()
                .filter_map(|c| {
                    let p = g.by_istat(&c.istat)?;
                    (Some(&p.region.name) == region.as_ref()).then(|| p.label())
                })
                .collect()
        })
        .unwrap_or_default();
    let mut instruments: Vec<String> = NATIONAL_INSTRUMENTS.iter().map(|s| s.to_string()).collect();
    for i in desk.instruments.iter().chain(f.instruments.iter()) {
        if !instruments.contains(i) {
            instruments.push(i.clone());
        }
    }
    let osm = (!f.lat.trim().is_empty() && !f.lon.trim().is_empty())
        .then(|| format!("https://www.openstreetmap.org/?mlat={0}&mlon={1}#map=17/{0}/{1}", f.lat.trim().replace(',', "."), f.lon.trim().replace(',', ".")));
    html! {
        form method="post" action=(desk_href(&desk.id)) novalidate {
            fieldset {
                legend { "Dove si trova" }
                (text_field("address", "Indirizzo (via e numero)", &f.address, "text", None, errors, None))
                (text_field("comune", "Comune", &f.comune, "text", Some("Scrivi il nome e scegli dall'elenco, es. «Latina (LT)»."), errors, Some("comuni-elenco")))
                // The region's comuni without script; desk-map.js refills it from the whole of Italy as one types.
                datalist id="comuni-elenco" { @for c in &comuni { option value=(c) {} } }
                p class="op-hint" id="posizione-aiuto" {
                    "Posizione dello sportello: latitudine e longitudine in gradi, per esempio copiate da OpenStreetMap (tasto destro → «Mostra indirizzo»). "
                    "Il punto deve essere dentro il comune indicato: controlliamo che sia al massimo a "
                    (fmt_km(microwork_core::sportelli::proposal::PIN_RADIUS_KM)) " km dal centro del comune ("
                    (fmt_km(microwork_core::sportelli::proposal::PIN_RADIUS_CAPOLUOGO_KM)) " km per un capoluogo di provincia). Vuoti: il centro del comune."
                }
                (field_error(errors, "lat"))
                div class="op-field op-field--inline" {
                    label for="lat" { "Latitudine" }
                    input id="lat" name="lat" type="text" inputmode="decimal" value=(f.lat) aria-describedby="posizione-aiuto" aria-invalid=[errors.iter().any(|(x, _)| x == "lat").then_some("true")];
                }
                div class="op-field op-field--inline" {
                    label for="lon" { "Longitudine" }
                    input id="lon" name="lon" type="text" inputmode="decimal" value=(f.lon) aria-describedby="posizione-aiuto";
                }
                // Shown by desk-map.js once Leaflet has loaded; the fields above stay the accessible way.
                div id="mappa-blocco" class="op-map-block" hidden {
                    p class="op-hint" id="mappa-aiuto" {
                        "Sulla mappa: fai clic nel punto dove si trova lo sportello, o trascina il segnaposto. Latitudine e longitudine si aggiornano da sole; se le scrivi, il segnaposto si sposta."
                    }
                    div id="mappa" class="op-map" role="region" aria-label="Mappa per scegliere la posizione dello sportello" aria-describedby="mappa-aiuto" {}
                }
                @if let Some(url) = osm { p { a href=(url) rel="noopener noreferrer" target="_blank" { "Controlla il punto su OpenStreetMap" span class="op-visually-hidden" { " (si apre in una nuova scheda)" } } } }
            }
            fieldset {
                legend { "Contatti" }
                (text_field("phone", "Telefono", &f.phone, "tel", None, errors, None))
                (text_field("email", "E-mail", &f.email, "email", None, errors, None))
                (text_field("website", "Sito web", &f.website, "url", Some("Comincia con https://"), errors, None))
            }
            fieldset {
                legend { "Orari" }
                div class="op-field" {
                    label for="hours" { "Orari di apertura e chiusure" }
                    p class="op-hint" id="hours-aiuto" {
                        "Per esempio: «lun, mer 9:00-13:00; gio 15:00-17:30; chiuso agosto; chiuso 24/12-06/01». "
                        "Le festività nazionali (Pasquetta compresa) sono già considerate chiuse. Vuoto: orari non noti."
                    }
                    (field_error(errors, "hours"))
                    textarea id="hours" name="hours" rows="3" aria-describedby="hours-aiuto" aria-invalid=[errors.iter().any(|(x, _)| x == "hours").then_some("true")] { (f.hours) }
                }
            }
            fieldset {
                legend { "Misure su cui lo sportello orienta" }
                (field_error(errors, "instruments"))
                @for i in &instruments {
                    div class="op-check" {
                        input id={ "instruments-" (i) } name="instruments" type="checkbox" value=(i) checked[f.instruments.contains(i)];
                        label for={ "instruments-" (i) } { (instrument_label(i)) }
                    }
                }
            }
            fieldset {
                legend { "Lingue parlate allo sportello" }
                (field_error(errors, "languages"))
                @for (code, name, _) in LANGUAGES {
                    div class="op-check" {
                        input id={ "languages-" (code) } name="languages" type="checkbox" value=(code) checked[f.languages.iter().any(|l| l.as_str() == code)];
                        label for={ "languages-" (code) } { (name) }
                    }
                }
            }
            fieldset {
                legend { "Accessibilità e stato" }
                div class="op-field" {
                    label for="accessibility" { "Note sull'accessibilità" }
                    p class="op-hint" id="accessibility-aiuto" { "Gradini, ascensore, parcheggio riservato, anello a induzione…" }
                    (field_error(errors, "accessibility"))
                    textarea id="accessibility" name="accessibility" rows="2" aria-describedby="accessibility-aiuto" { (f.accessibility) }
                }
                div class="op-check" {
                    input id="active" name="active" type="checkbox" value="true" checked[f.active];
                    label for="active" { "Lo sportello è attivo" }
                }
            }
            button class="op-button" type="submit" { "Invia la modifica" }
            p class="op-hint" { "La modifica sarà pubblicata dopo l'approvazione di un amministratore." }
        }
    }
}

async fn visible_desk(state: &Arc<AppState>, caller: &Caller, id: &str) -> Result<Option<Desk>, crate::store::DbError> {
    if !caller.scope().allows(Some(id)) {
        return Ok(None);
    }
    let data = state.desks.clone();
    let id = id.to_string();
    state.db.read(move |c| data.current(c, &id)).await
}

fn desk_page(state: &AppState, caller: &Caller, desk: &Desk, form: &ProposalForm, errors: &[(String, String)], pending: Option<&Proposal>, reports: &[StoredReport], n: &Notice) -> Markup {
    let today = state.clock.today();
    let c = confirmation(desk.confirmed_on, today, state.desks.confirmation_months);
    page(desk_name(desk), Some(caller), html! {
        (error_summary(errors))
        (notice(n))
        p { a href=(DESKS) { "← Tutti gli sportelli" } }
        h1 { (desk_name(desk)) }
        p { (confirmation_text(c)) }
        @if let Some(p) = pending {
            p class="op-warning" { "Una modifica inviata il " (format::date_time(&p.proposed_at)) " è in attesa di approvazione. Una nuova modifica la sostituisce." }
        }
        form method="post" action={ (desk_href(&desk.id)) "/conferma" } {
            button class="op-button" type="submit" { "Confermo: i dati pubblicati sono corretti" }
        }
        h2 { "Correggi i dati" }
        (edit_form(state, desk, form, errors))
        h2 { "Segnalazioni delle persone" }
        (reports_list(reports, false))
        script src=(DESK_MAP_SCRIPT) defer {}
    })
}

/// "20" or "2,5": a radius as the hint says it.
fn fmt_km(km: f64) -> String {
    if km.fract() == 0.0 { format!("{km:.0}") } else { format!("{km}").replace('.', ",") }
}

/// Comune suggestions and a map pin over the edit form (progressive enhancement; see the file's note).
pub const DESK_MAP_SCRIPT: &str = "/operatori/desk-map.js";
const DESK_MAP_JS: &str = include_str!("desk-map.js");

/// `GET /operatori/desk-map.js`.
pub async fn desk_map_script() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8")], DESK_MAP_JS).into_response()
}

/// `GET /operatori/sportelli/{id}`.
pub async fn show(State(state): State<Arc<AppState>>, SignedIn(caller): SignedIn, Path(id): Path<String>, Query(n): Query<Notice>) -> Response {
    let desk = match visible_desk(&state, &caller, &id).await {
        Ok(Some(d)) => d,
        Ok(None) => return desk_not_found(&caller),
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    let (pending, reports) = match read_desk_side(&state, &caller, &id).await {
        Ok(x) => x,
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    // A pending proposal is what the operator last said: show it, not the published entry, to edit further.
    let form = pending.as_ref().map_or_else(|| ProposalForm::of(&desk), |p| ProposalForm::of(&p.data.apply(&desk, state.clock.today())));
    html_response(StatusCode::OK, desk_page(&state, &caller, &desk, &form, &[], pending.as_ref(), &reports, &n))
}

async fn read_desk_side(state: &Arc<AppState>, caller: &Caller, id: &str) -> Result<(Option<Proposal>, Vec<StoredReport>), crate::store::DbError> {
    let scope = Scope::Desks(vec![id.to_string()]);
    let at = state.clock.now_rfc3339();
    let who = caller_clone(caller);
    let desk = id.to_string();
    state
        .db
        .write(move |c| {
            let pending = store_desks::proposals(c, &scope, Some(ProposalState::Pending), 1)?.into_iter().next();
            let reports = store_desks::reports(c, &scope, true, PAGE_SIZE)?;
            if !reports.is_empty() {
                let actor = who.actor();
                let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
                audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskReportList, reference: None, desk_id: Some(&desk), detail: Some(json!({ "reports": ids })) })?;
            }
            Ok((pending, reports))
        })
        .await
}

/// The scope check of a desk's actions: the desk is in the data and the caller works for it (an admin: any);
/// otherwise the same "not found" as an unknown desk (no hint that it exists).
fn desk_in_scope(state: &AppState, caller: &Caller, id: &str) -> Result<(), Response> {
    if caller.scope().allows(Some(id)) && state.desks.base_desk(id).is_some() { Ok(()) } else { Err(desk_not_found(caller)) }
}

/// Admins only (reminders): others get the desk's "not found".
fn admin_only(caller: &Caller) -> Result<(), Response> {
    if caller.is_admin() { Ok(()) } else { Err(desk_not_found(caller)) }
}

fn desk_not_found(caller: &Caller) -> Response {
    message(StatusCode::NOT_FOUND, Some(caller), "Sportello non trovato", "Non c'è uno sportello con questo codice tra quelli che puoi modificare.")
}

/// The form's fields (checkbox groups repeat their name).
fn proposal_form(body: &[u8]) -> Result<ProposalForm, Response> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|_| message(StatusCode::BAD_REQUEST, None, "Modulo non valido", "Il modulo inviato non è leggibile. Ricarica la pagina e riprova."))?;
    let mut f = ProposalForm::default();
    for (k, v) in pairs {
        match k.as_str() {
            "address" => f.address = v,
            "comune" => f.comune = v,
            "lat" => f.lat = v,
            "lon" => f.lon = v,
            "phone" => f.phone = v,
            "email" => f.email = v,
            "website" => f.website = v,
            "hours" => f.hours = v,
            "instruments" => f.instruments.push(v),
            "languages" => f.languages.push(v),
            "accessibility" => f.accessibility = v,
            "active" => f.active = v == "true",
            _ => {}
        }
    }
    Ok(f)
}

fn problems_of(p: Vec<ProposalProblem>) -> Vec<(String, String)> {
    p.into_iter().map(|p| (p.field.to_string(), p.message)).collect()
}

/// `POST /operatori/sportelli/{id}`: a proposal.
pub async fn propose(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(id): Path<String>, body: axum::body::Bytes) -> Response {
    let desk = match visible_desk(&state, &caller, &id).await {
        Ok(Some(d)) => d,
        Ok(None) => return desk_not_found(&caller),
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    let form = match proposal_form(&body) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let Some(gazetteer) = state.desks.gazetteer.clone() else {
        return message(StatusCode::SERVICE_UNAVAILABLE, Some(&caller), "Modifiche non disponibili", "Mancano i dati dei comuni su questo server: avvisa l'amministratore.");
    };
    let proposal = match form.validate(&gazetteer) {
        Ok(p) => p,
        Err(problems) => {
            let errors = problems_of(problems);
            let (pending, reports) = read_desk_side(&state, &caller, &id).await.unwrap_or_default();
            return html_response(StatusCode::BAD_REQUEST, desk_page(&state, &caller, &desk, &form, &errors, pending.as_ref(), &reports, &Notice::default()));
        }
    };
    let at = state.clock.now_rfc3339();
    let actor = caller.actor();
    let desk_id = id.clone();
    let result = state
        .db
        .write(move |c| {
            let pid = store_desks::propose(c, &desk_id, actor.operator_id.as_deref(), actor.email.as_deref(), &at, &proposal)?;
            audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskPropose, reference: None, desk_id: Some(&desk_id), detail: Some(json!({ "proposal": pid })) })?;
            Ok(pid)
        })
        .await;
    match result {
        Ok(_) => Redirect::to(&format!("{}?esito=proposta", desk_href(&id))).into_response(),
        Err(e) => server_error(Some(&caller), &e.into()),
    }
}

/// `POST /operatori/sportelli/{id}/conferma`: the entry is right as published.
pub async fn confirm_unchanged(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(id): Path<String>) -> Response {
    if let Err(r) = desk_in_scope(&state, &caller, &id) {
        return r;
    }
    let at = state.clock.now_rfc3339();
    let today = state.clock.today();
    let actor = caller.actor();
    let data = state.desks.clone();
    let desk_id = id.clone();
    let result = state
        .db
        .write(move |c| {
            let Some(mut desk) = data.current(c, &desk_id)? else { return Ok(()) };
            confirm(&mut desk, today);
            store_desks::save_record(c, &desk, &at, actor.email.as_deref())?;
            audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskConfirm, reference: None, desk_id: Some(&desk_id), detail: Some(json!({ "confirmed_on": microwork_core::date::to_iso(today) })) })
        })
        .await;
    match result {
        Ok(()) => Redirect::to(&format!("{DESKS}?esito=confermato")).into_response(),
        Err(e) => server_error(Some(&caller), &e.into()),
    }
}

fn changes(before: &Desk, after: &Desk) -> Vec<(&'static str, String, String)> {
    let loc = |d: &Desk| {
        d.location.as_ref().map_or(String::new(), |l| {
            format!("{}{} ({}) · {:.5}, {:.5}", l.address.as_deref().map(|a| format!("{a}, ")).unwrap_or_default(), l.comune.name, l.comune.prov, l.lat, l.lon)
        })
    };
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
    let hours = |d: &Desk| d.hours.as_ref().map_or("—".into(), |h| h.to_spec());
    let langs = |d: &Desk| d.languages.iter().filter_map(|l| language_name(l)).collect::<Vec<_>>().join(", ");
    let all = [
        ("Indirizzo e posizione", loc(before), loc(after)),
        ("Telefono", opt(&before.phone), opt(&after.phone)),
        ("E-mail", opt(&before.email), opt(&after.email)),
        ("Sito", opt(&before.website), opt(&after.website)),
        ("Orari", hours(before), hours(after)),
        ("Misure", before.instruments.join(", "), after.instruments.join(", ")),
        ("Lingue", langs(before), langs(after)),
        ("Accessibilità", opt(&before.accessibility), opt(&after.accessibility)),
        ("Attivo", if before.active { "sì" } else { "no" }.into(), if after.active { "sì" } else { "no" }.into()),
    ];
    all.into_iter().filter(|(_, a, b)| a != b).collect()
}

async fn admin_proposal(state: &Arc<AppState>, caller: &Caller, id: i64) -> Result<Option<(Proposal, Desk)>, crate::store::DbError> {
    if !caller.is_admin() {
        return Ok(None);
    }
    let data = state.desks.clone();
    state
        .db
        .read(move |c| {
            let Some(p) = store_desks::proposal_by_id(c, id, &Scope::All)? else { return Ok(None) };
            Ok(data.current(c, &p.desk_id)?.map(|d| (p, d)))
        })
        .await
}

fn proposal_page(state: &AppState, caller: &Caller, p: &Proposal, desk: &Desk, errors: &[(String, String)]) -> Markup {
    let after = p.data.apply(desk, state.clock.today());
    let diff = changes(desk, &after);
    page("Modifica proposta", Some(caller), html! {
        (error_summary(errors))
        p { a href=(DESKS) { "← Tutti gli sportelli" } }
        h1 { "Modifica proposta: " (desk_name(desk)) }
        p { "Proposta il " (format::date_time(&p.proposed_at)) @if let Some(by) = &p.proposed_by { " da " (by) } "." }
        @if diff.is_empty() { p { "Nessun dato cambia: approvarla vale come conferma dello sportello." } }
        @else {
            div class="op-table-wrap" {
                table class="op-table" {
                    caption { "Cosa cambia" }
                    thead { tr { th scope="col" { "Dato" } th scope="col" { "Pubblicato ora" } th scope="col" { "Proposto" } } }
                    tbody { @for (what, a, b) in &diff { tr { th scope="row" { (what) } td { (a) } td { (b) } } } }
                }
            }
        }
        @match p.state {
            ProposalState::Pending => {
                form method="post" action={ "/operatori/proposte/" (p.id) } {
                    input type="hidden" name="decision" value="approve";
                    button class="op-button" type="submit" { "Approva e pubblica" }
                }
                form method="post" action={ "/operatori/proposte/" (p.id) } {
                    input type="hidden" name="decision" value="reject";
                    div class="op-field" {
                        label for="reason" { "Motivo del rifiuto" }
                        @for (_, text) in errors.iter().filter(|(f, _)| f == "reason") { p class="op-field__error" id="reason-errore" { (text) } }
                        textarea id="reason" name="reason" rows="2" {}
                    }
                    button class="op-button op-button--secondary" type="submit" { "Respingi" }
                }
            }
            ProposalState::Approved => { p { "Approvata il " (p.decided_at.as_deref().map(format::date_time).unwrap_or_default()) "." } }
            ProposalState::Rejected => { p { "Respinta: " (p.reason.clone().unwrap_or_default()) } }
            ProposalState::Superseded => { p { "Sostituita da una modifica più recente." } }
        }
    })
}

/// `GET /operatori/proposte/{id}` (admins).
pub async fn show_proposal(State(state): State<Arc<AppState>>, SignedIn(caller): SignedIn, Path(id): Path<i64>) -> Response {
    match admin_proposal(&state, &caller, id).await {
        Ok(Some((p, desk))) => html_response(StatusCode::OK, proposal_page(&state, &caller, &p, &desk, &[])),
        Ok(None) => message(StatusCode::NOT_FOUND, Some(&caller), "Modifica non trovata", "Non c'è una modifica con questo numero tra quelle che puoi vedere."),
        Err(e) => server_error(Some(&caller), &e.into()),
    }
}

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /operatori/proposte/{id}`: approve (publish) or reject with a reason.
pub async fn decide(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(id): Path<i64>, body: axum::body::Bytes) -> Response {
    let d: Decision = match super::form(&body) {
        Ok(d) => d,
        Err(r) => return r,
    };
    let (p, desk) = match admin_proposal(&state, &caller, id).await {
        Ok(Some(x)) => x,
        Ok(None) => return message(StatusCode::NOT_FOUND, Some(&caller), "Modifica non trovata", "Non c'è una modifica con questo numero tra quelle che puoi vedere."),
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    let approve = match d.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return message(StatusCode::BAD_REQUEST, Some(&caller), "Modulo non valido", "Scegli se approvare o respingere la modifica."),
    };
    let reason = d.reason.trim().to_string();
    if !approve && reason.is_empty() {
        let errors = vec![("reason".to_string(), "Scrivi il motivo del rifiuto: lo sportello lo leggerà.".to_string())];
        return html_response(StatusCode::BAD_REQUEST, proposal_page(&state, &caller, &p, &desk, &errors));
    }
    let at = state.clock.now_rfc3339();
    let actor = caller.actor();
    // The day in Italy it was proposed (a UTC date would be yesterday's after 23:00).
    let proposed_on = microwork_core::workdays::italian_date_of_utc(&p.proposed_at).unwrap_or_else(|| state.clock.today());
    let data: DeskProposal = p.data.clone();
    let desk_id = p.desk_id.clone();
    let result = state
        .db
        .write(move |c| {
            if !store_desks::decide(c, id, approve, &at, actor.email.as_deref(), (!approve).then_some(reason.as_str()))? {
                return Ok(false);
            }
            if approve {
                store_desks::save_record(c, &data.apply(&desk, proposed_on), &at, actor.email.as_deref())?;
            }
            let (action, detail) = if approve {
                (AuditAction::DeskApprove, json!({ "proposal": id }))
            } else {
                (AuditAction::DeskReject, json!({ "proposal": id, "reason": reason }))
            };
            audit::append(c, &at, &Entry { actor: &actor, action, reference: None, desk_id: Some(&desk_id), detail: Some(detail) })?;
            Ok(true)
        })
        .await;
    match result {
        Ok(true) => Redirect::to(&format!("{DESKS}?esito={}", if approve { "approvata" } else { "respinta" })).into_response(),
        Ok(false) => message(StatusCode::CONFLICT, Some(&caller), "Modifica già decisa", "Questa modifica è già stata approvata, respinta o sostituita."),
        Err(e) => server_error(Some(&caller), &e.into()),
    }
}

/// `POST /operatori/sportelli/{id}/promemoria` (admins): the desk's operators get a reminder with the link to
/// their desk's page, through the deployment's webhook (which turns it into an e-mail, a chat message…).
pub async fn remind(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Err(r) = admin_only(&caller).and_then(|()| desk_in_scope(&state, &caller, &id)) {
        return r;
    }
    let Some(desk) = state.desks.base_desk(&id).cloned() else { return desk_not_found(&caller) };
    let Some(webhook) = state.desks.webhook.clone() else {
        return message(StatusCode::SERVICE_UNAVAILABLE, Some(&caller), "Promemoria non disponibile", "Su questo server non è configurato un webhook (MICROWORK_WEBHOOK_URL): i promemoria non possono partire.");
    };
    let desk_id = id.clone();
    let operators = match state
        .db
        .read(move |c| Ok(store::accounts::list(c)?.into_iter().filter(|a| a.is_active() && a.desks.contains(&desk_id)).map(|a| a.email).collect::<Vec<_>>()))
        .await
    {
        Ok(o) => o,
        Err(e) => return server_error(Some(&caller), &e.into()),
    };
    let origin = crate::http::auth::own_origin(&state, &headers).unwrap_or_default();
    let current = {
        let data = state.desks.clone();
        let id = id.clone();
        state.db.read(move |c| data.current(c, &id)).await.ok().flatten().unwrap_or(desk)
    };
    let body = json!({
        "event": "desk.reminder",
        "desk_id": id,
        "desk_name": current.name.it,
        "confirmed_on": current.confirmed_on.map(microwork_core::date::to_iso),
        "operators": operators,
        "link": format!("{origin}{}", desk_href(&id)),
        "text": format!("Promemoria: confermate o correggete i dati dello sportello «{}» su Micro Work: {origin}{}", current.name.it, desk_href(&id)),
    })
    .to_string();
    let delivered = tokio::task::spawn_blocking(move || crate::webhook::post_once(&webhook, &body)).await.unwrap_or_else(|e| Err(e.to_string()));
    let at = state.clock.now_rfc3339();
    let actor = caller.actor();
    let ok = delivered.is_ok();
    let desk_id = id.clone();
    let _ = state
        .db
        .write(move |c| audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskRemind, reference: None, desk_id: Some(&desk_id), detail: Some(json!({ "delivered": ok })) }))
        .await;
    if let Err(e) = &delivered {
        tracing::warn!(error = %e, "desk reminder not delivered");
    }
    Redirect::to(&format!("{DESKS}?esito={}", if ok { "promemoria" } else { "promemoria-non-inviato" })).into_response()
}

/// `POST /operatori/segnalazioni/{id}/chiudi`.
pub async fn close_report(State(state): State<Arc<AppState>>, OperatorForm(caller): OperatorForm, Path(id): Path<i64>) -> Response {
    let scope = caller.scope();
    let at = state.clock.now_rfc3339();
    let actor = caller.actor();
    let result = state
        .db
        .write(move |c| {
            let Some(desk) = store_desks::close_report(c, id, &scope, &at, actor.email.as_deref())? else { return Ok(false) };
            audit::append(c, &at, &Entry { actor: &actor, action: AuditAction::DeskReportClose, reference: None, desk_id: Some(&desk), detail: Some(json!({ "report": id })) })?;
            Ok(true)
        })
        .await;
    match result {
        Ok(true) => Redirect::to(&format!("{DESKS}?esito=chiusa")).into_response(),
        Ok(false) => message(StatusCode::NOT_FOUND, Some(&caller), "Segnalazione non trovata", "Non c'è una segnalazione con questo numero tra quelle che puoi vedere."),
        Err(e) => server_error(Some(&caller), &e.into()),
    }
}

