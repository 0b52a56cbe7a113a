//! The `contact_requests` table: storing a validated request once per `request_id`, and reading requests back
//! as the core's [`StoredRequest`] / [`TrackedRequest`], by column name, for the operator API, the CSV export
//! and the webhook alike.

use super::StoreError;
use microwork_core::Lang;
use microwork_core::contact::{
    Channel, Escalation, HistoryEntry, Outcome, Position, Receipt, Reference, RequestDetail, RequestStatusView,
    RequestUpdateBody, Status, StatusStep, StoredRequest, TimeWindow, Timeline, TrackedRequest,
    ValidatedContactRequest, WebhookState,
};
use microwork_core::workdays::ResponsePromise;
use super::sql::{Backend, Row, Sql, Value as SqlValue, args};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use time::Date;

/// How many references are drawn before giving up (each clash is a 1 in 2^40 event).
const REFERENCE_DRAWS: usize = 8;

/// What happened to a contact request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// New: stored now (`id` is the row's key, for rows that go with it such as the webhook outbox).
    Created { id: i64, receipt: Receipt },
    /// The same request_id with the same content was stored before: nothing new was written (but a status
    /// secret, by the caller).
    Replayed { id: i64, receipt: Receipt },
    /// The same request_id was stored with different content.
    Conflict,
}

pub fn body_hash(req: &ValidatedContactRequest) -> String {
    let digest = Sha256::digest(req.canonical_json().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn bad(column: &'static str, value: impl Into<String>) -> StoreError {
    StoreError::BadValue { column, value: value.into() }
}

fn reference(value: String) -> Result<Reference, StoreError> {
    Reference::parse(&value).map_err(|_| bad("reference", value))
}

/// Stores a request unless its request_id is already there (see [`Stored`]).
pub fn insert(conn: &dyn Sql, req: &ValidatedContactRequest, received_at: &str) -> Result<Stored, StoreError> {
    let hash = body_hash(req);
    if let Some(stored) = existing(conn, req.request_id(), &hash)? {
        return Ok(stored);
    }
    let assessment = req.assessment().map(|v| v.to_string());
    let status = if req.is_spam() { Status::Spam } else { Status::New };
    for _ in 0..REFERENCE_DRAWS {
        let random = getrandom::u64().map_err(|e| StoreError::Random(e.to_string()))?;
        let reference = Reference::from_random(random);
        let inserted = conn.query_opt(
            "INSERT INTO contact_requests (request_id, reference, body_hash, received_at, desk_id, name, email, phone,
                 comune_istat, channel, time_window, message, consent_privacy, consent_share_assessment, assessment,
                 partner, lang, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT DO NOTHING RETURNING id",
            args![
                req.request_id(),
                reference.as_str(),
                hash.as_str(),
                received_at,
                req.desk_id(),
                req.name(),
                req.email(),
                req.phone(),
                req.comune_istat(),
                req.channel().as_str(),
                req.time_window().as_str(),
                req.message(),
                req.consent_share_assessment(),
                assessment.as_deref(),
                req.partner(),
                req.lang().code(),
                status.as_str(),
            ],
        )?;
        if let Some(row) = inserted {
            let receipt = Receipt { reference, received_at: received_at.to_string(), status_secret: None };
            return Ok(Stored::Created { id: row.get("id")?, receipt });
        }
        // Not inserted: the same request_id committed meanwhile (by another instance sharing a PostgreSQL
        // database, which this statement waited for), or, practically never, the reference was taken.
        if let Some(stored) = existing(conn, req.request_id(), &hash)? {
            return Ok(stored);
        }
    }
    Err(StoreError::NoFreeReference)
}

/// The request already stored under `request_id`: a replay if its content hashes to `hash`, else a conflict.
fn existing(conn: &dyn Sql, request_id: &str, hash: &str) -> Result<Option<Stored>, StoreError> {
    let Some(r) = conn.query_opt(
        "SELECT id, reference, body_hash, received_at FROM contact_requests WHERE request_id = ?1",
        args![request_id],
    )?
    else {
        return Ok(None);
    };
    if r.get::<String>("body_hash")? != hash {
        return Ok(Some(Stored::Conflict));
    }
    let receipt = Receipt { reference: reference(r.get("reference")?)?, received_at: r.get("received_at")?, status_secret: None };
    Ok(Some(Stored::Replayed { id: r.get("id")?, receipt }))
}

/// The columns [`stored_request`] and [`tracked_request`] read, for a query on `contact_requests c`.
pub const COLUMNS: &str = "c.id AS contact_id, c.reference, c.received_at, c.desk_id, c.name, c.email, c.phone,
    c.channel, c.time_window, c.comune_istat, c.message, c.lang, c.partner, c.consent_share_assessment, c.assessment,
    c.status, c.status_changed_at, c.outcome, c.escalated_at, c.note,
    (SELECT o.state FROM webhook_outbox o WHERE o.contact_id = c.id AND o.event = 'contact_request.created') AS webhook";

/// A row selected with [`COLUMNS`] as the request itself (what the webhook posts).
pub fn stored_request(r: &Row) -> Result<StoredRequest, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> { r.get::<String>(column) };
    let channel = text("channel")?;
    let time_window = text("time_window")?;
    let lang = text("lang")?;
    let consent: bool = r.get("consent_share_assessment")?;
    let assessment: Option<String> = r.get("assessment")?;
    Ok(StoredRequest {
        reference: reference(text("reference")?)?,
        received_at: text("received_at")?,
        desk_id: r.get("desk_id")?,
        name: text("name")?,
        email: r.get("email")?,
        phone: r.get("phone")?,
        channel: Channel::parse(&channel).ok_or_else(|| bad("channel", channel.clone()))?,
        time_window: TimeWindow::parse(&time_window).ok_or_else(|| bad("time_window", time_window.clone()))?,
        comune_istat: r.get("comune_istat")?,
        message: r.get("message")?,
        lang: Lang::from_code(&lang).filter(|l| l.code() == lang).ok_or_else(|| bad("lang", lang.clone()))?,
        partner: r.get("partner")?,
        consent_share_assessment: consent,
        // Stored only with consent; checked again here because this leaves our hands.
        assessment: assessment.filter(|_| consent).and_then(|s| serde_json::from_str(&s).ok()),
    })
}

/// What the promised response time of a request depends on besides the row: each desk's promise and today's
/// date in Italy.
#[derive(Debug, Clone)]
pub struct Promises {
    pub response_days: Arc<HashMap<String, u8>>,
    pub today: Date,
}

impl Promises {
    pub fn promise(&self, received_at: &str, desk_id: Option<&str>) -> Result<ResponsePromise, StoreError> {
        let at = crate::clock::parse_utc(received_at).ok_or_else(|| bad("received_at", received_at))?;
        Ok(ResponsePromise::new(at, desk_id.and_then(|d| self.response_days.get(d).copied())))
    }
}

fn status(r: &Row) -> Result<Status, StoreError> {
    let status: String = r.get("status")?;
    Status::parse(&status).ok_or_else(|| bad("status", status.clone()))
}

fn outcome(r: &Row) -> Result<Option<Outcome>, StoreError> {
    let outcome: Option<String> = r.get("outcome")?;
    outcome.map(|o| Outcome::parse(&o).ok_or_else(|| bad("outcome", o.clone()))).transpose()
}

/// A row selected with [`COLUMNS`], with the desk's workflow (what operators see).
pub fn tracked_request(r: &Row, promises: &Promises) -> Result<TrackedRequest, StoreError> {
    let webhook: Option<String> = r.get("webhook")?;
    let request = stored_request(r)?;
    let status = status(r)?;
    let promise = promises.promise(&request.received_at, request.desk_id.as_deref())?;
    Ok(TrackedRequest {
        status,
        status_changed_at: r.get("status_changed_at")?,
        outcome: outcome(r)?,
        escalated_at: r.get("escalated_at")?,
        response_days: promise.response_days,
        due_on: promise.due_on(),
        overdue: status.awaits_contact() && promise.is_past(promises.today),
        webhook: match webhook {
            None => None,
            Some(w) => Some(WebhookState::parse(&w).ok_or_else(|| bad("webhook_outbox.state", w.clone()))?),
        },
        request,
    })
}

/// Whose requests a caller may see: every desk's (admins, the integration token), or only some desks'.
/// Requests outside the scope do not exist for the caller: every lookup answers as for a missing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Desks(Vec<String>),
}

impl Scope {
    pub fn allows(&self, desk_id: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Desks(desks) => desk_id.is_some_and(|d| desks.iter().any(|x| x == d)),
        }
    }

    /// ` AND <condition on c.desk_id>`, its arguments appended to `args`.
    fn sql(&self, args: &mut Vec<SqlValue>) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Desks(desks) if desks.is_empty() => " AND 1 = 0".into(),
            Scope::Desks(desks) => {
                let mut marks = Vec::new();
                for d in desks {
                    args.push(SqlValue::Text(d.clone()));
                    marks.push(format!("?{}", args.len()));
                }
                format!(" AND c.desk_id IN ({})", marks.join(", "))
            }
        }
    }
}

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// The desk's work queue: escalated requests nobody contacted yet first, then new ones, then taken and
    /// contacted ones (each group longest-waiting first), then closed (and spam) ones, most recent first.
    #[default]
    Queue,
    Newest,
    Oldest,
}

impl Order {
    pub fn parse(s: &str) -> Option<Order> {
        match s {
            "queue" => Some(Order::Queue),
            "newest" => Some(Order::Newest),
            "oldest" => Some(Order::Oldest),
            _ => None,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            Order::Queue => {
                " ORDER BY CASE WHEN c.escalated_at IS NOT NULL AND c.status IN ('new', 'taken') THEN 0
                                WHEN c.status = 'new' THEN 1
                                WHEN c.status IN ('taken', 'contacted') THEN 2
                                ELSE 3 END,
                           CASE WHEN c.status IN ('new', 'taken', 'contacted') THEN c.received_at END ASC,
                           c.received_at DESC, c.id"
            }
            Order::Newest => " ORDER BY c.received_at DESC, c.id DESC",
            Order::Oldest => " ORDER BY c.received_at ASC, c.id ASC",
        }
    }
}

/// What an operator asks for. Without `statuses`, spam is left out; asking for spam lists it.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub desk: Option<String>,
    /// Normalised by [`crate::clock::parse_since`]: compared as text with `received_at`.
    pub since: Option<String>,
    /// Received before this time (exclusive), normalised like `since`.
    pub until: Option<String>,
    pub statuses: Vec<Status>,
    /// Only requests the person escalated (`Some(true)`), or only the others (`Some(false)`).
    pub escalated: Option<bool>,
    pub order: Order,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// The WHERE clause is built from the filters that are set, so SQLite can use the `(desk_id, status,
/// received_at)` index instead of scanning every row.
pub fn list(conn: &dyn Sql, filter: &Filter, scope: &Scope, promises: &Promises) -> Result<Vec<TrackedRequest>, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM contact_requests c WHERE 1 = 1");
    let mut args: Vec<SqlValue> = Vec::new();
    sql.push_str(&scope.sql(&mut args));
    if let Some(desk) = &filter.desk {
        args.push(SqlValue::Text(desk.clone()));
        sql.push_str(&format!(" AND c.desk_id = ?{}", args.len()));
    }
    let statuses: Vec<Status> = if filter.statuses.is_empty() {
        Status::ALL.into_iter().filter(|s| *s != Status::Spam).collect()
    } else {
        filter.statuses.clone()
    };
    let listed: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
    sql.push_str(&format!(" AND c.status IN ({})", listed.join(", ")));
    if let Some(since) = &filter.since {
        args.push(SqlValue::Text(since.clone()));
        sql.push_str(&format!(" AND c.received_at >= ?{}", args.len()));
    }
    if let Some(until) = &filter.until {
        args.push(SqlValue::Text(until.clone()));
        sql.push_str(&format!(" AND c.received_at < ?{}", args.len()));
    }
    match filter.escalated {
        Some(true) => sql.push_str(" AND c.escalated_at IS NOT NULL"),
        Some(false) => sql.push_str(" AND c.escalated_at IS NULL"),
        None => {}
    }
    sql.push_str(filter.order.sql());
    // No limit: SQLite's is a negative one, PostgreSQL's NULL.
    args.push(match (filter.limit, conn.backend()) {
        (Some(n), _) => SqlValue::Int(i64::from(n)),
        (None, Backend::Sqlite) => SqlValue::Int(-1),
        (None, Backend::Postgres) => SqlValue::Null,
    });
    sql.push_str(&format!(" LIMIT ?{}", args.len()));
    args.push(SqlValue::Int(i64::from(filter.offset)));
    sql.push_str(&format!(" OFFSET ?{}", args.len()));
    conn.query(&sql, &args)?.iter().map(|row| tracked_request(row, promises)).collect()
}

/// A request with its row id and private note, if it exists and is in `scope`.
pub struct Found {
    pub contact_id: i64,
    pub tracked: TrackedRequest,
    pub note: Option<String>,
}

pub fn find(conn: &dyn Sql, reference: &str, scope: &Scope, promises: &Promises) -> Result<Option<Found>, StoreError> {
    let mut args = vec![SqlValue::Text(reference.to_string())];
    let sql = format!("SELECT {COLUMNS} FROM contact_requests c WHERE c.reference = ?1{}", scope.sql(&mut args));
    let Some(row) = conn.query_opt(&sql, &args)? else { return Ok(None) };
    Ok(Some(Found { contact_id: row.get("contact_id")?, tracked: tracked_request(&row, promises)?, note: row.get("note")? }))
}

/// Every move of a request, oldest first, with the operator's e-mail.
pub fn history(conn: &dyn Sql, contact_id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows = conn.query(
        "SELECT e.status, e.outcome, e.at, o.email FROM contact_request_events e
           LEFT JOIN operators o ON o.id = e.operator_id
          WHERE e.contact_id = ?1 ORDER BY e.id",
        args![contact_id],
    )?;
    rows.iter()
        .map(|r| Ok(HistoryEntry { status: status(r)?, outcome: outcome(r)?, at: r.get("at")?, by: r.get("email")? }))
        .collect()
}

/// The request as its page shows it.
pub fn detail(conn: &dyn Sql, reference: &str, scope: &Scope, promises: &Promises) -> Result<Option<RequestDetail>, StoreError> {
    let Some(found) = find(conn, reference, scope, promises)? else { return Ok(None) };
    let history = history(conn, found.contact_id)?;
    Ok(Some(RequestDetail { tracked: found.tracked, note: found.note, history }))
}

/// What an update changed (for the audit log: never the note's text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Changed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub note: bool,
}

/// Applies an operator's update in one transaction: checked against the request as it is now (core's
/// [`RequestUpdateBody::plan`]), a move recorded with its date and operator. `Ok(None)`: no such request in
/// `scope`; `Err(Update(problems))`: refused.
pub fn update(
    conn: &dyn Sql,
    reference: &str,
    scope: &Scope,
    promises: &Promises,
    body: &RequestUpdateBody,
    operator_id: Option<&str>,
    now: &str,
) -> Result<Option<(RequestDetail, Changed)>, StoreError> {
    let Some(found) = find(conn, reference, scope, promises)? else { return Ok(None) };
    let current = Position { status: found.tracked.status, outcome: found.tracked.outcome };
    let plan = body.plan(current).map_err(StoreError::Update)?;
    if let Some(to) = plan.move_to {
        conn.execute(
            "UPDATE contact_requests SET status = ?2, outcome = ?3, status_changed_at = ?4 WHERE id = ?1",
            args![found.contact_id, to.status.as_str(), to.outcome.map(Outcome::as_str), now],
        )?;
        conn.execute(
            "INSERT INTO contact_request_events (contact_id, at, status, outcome, operator_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            args![found.contact_id, now, to.status.as_str(), to.outcome.map(Outcome::as_str), operator_id],
        )?;
    }
    if let Some(note) = &plan.note {
        conn.execute("UPDATE contact_requests SET note = ?2 WHERE id = ?1", args![found.contact_id, note])?;
    }
    let changed = Changed {
        status: plan.move_to.filter(|m| m.status != current.status).map(|m| m.status),
        outcome: plan.move_to.and_then(|m| m.outcome).filter(|o| Some(*o) != current.outcome),
        note: plan.note.is_some(),
    };
    Ok(detail(conn, reference, scope, promises)?.map(|d| (d, changed)))
}

/// SHA-256 of a secret or token, as stored (hex).
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Each request keeps at most this many status secrets (one per accepted answer; a client that retries an
/// identical request many times does not grow the table without bound: the oldest go).
pub const MAX_SECRETS_PER_REQUEST: i64 = 8;

/// Records a status secret (its hash) for a request.
pub fn add_secret(conn: &dyn Sql, contact_id: i64, hash: &str, now: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO contact_request_secrets (secret_hash, contact_id, created_at) VALUES (?1, ?2, ?3)",
        args![hash, contact_id, now],
    )?;
    // The one just given and the newest others (SQLite: by insertion; PostgreSQL has no rowid: by time).
    let order = match conn.backend() {
        Backend::Sqlite => "created_at DESC, rowid DESC",
        Backend::Postgres => "created_at DESC, secret_hash",
    };
    conn.execute(
        &format!(
            "DELETE FROM contact_request_secrets WHERE contact_id = ?1 AND secret_hash <> ?3 AND secret_hash NOT IN
                (SELECT secret_hash FROM contact_request_secrets WHERE contact_id = ?1 AND secret_hash <> ?3
                  ORDER BY {order} LIMIT ?2)"
        ),
        args![contact_id, MAX_SECRETS_PER_REQUEST - 1, hash],
    )?;
    Ok(())
}

/// The request `reference` if `secret_hash` is one of its secrets. A wrong secret and a missing reference
/// are the same `None`.
pub fn find_by_secret(conn: &dyn Sql, reference: &str, secret_hash: &str, promises: &Promises) -> Result<Option<Found>, StoreError> {
    let Some(row) = conn.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM contact_requests c JOIN contact_request_secrets s ON s.contact_id = c.id
              WHERE c.reference = ?1 AND s.secret_hash = ?2"
        ),
        args![reference, secret_hash],
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Found { contact_id: row.get("contact_id")?, tracked: tracked_request(&row, promises)?, note: row.get("note")? }))
}

/// What the person sees of a request.
pub fn status_view(conn: &dyn Sql, found: &Found, promises: &Promises) -> Result<RequestStatusView, StoreError> {
    let t = &found.tracked;
    let steps: Vec<StatusStep> =
        history(conn, found.contact_id)?.into_iter().map(|h| StatusStep { status: h.status, at: h.at }).collect();
    let promise = promises.promise(&t.request.received_at, t.request.desk_id.as_deref())?;
    let escalation = Escalation::of(t.status, t.escalated_at.is_some(), &promise, promises.today);
    Ok(RequestStatusView {
        reference: t.request.reference.clone(),
        status: t.status.public(),
        timeline: Timeline::from_steps(&t.request.received_at, &steps, t.status),
        escalated_at: t.escalated_at.clone(),
        desk_id: t.request.desk_id.clone(),
        response_days: promise.response_days,
        due_on: promise.due_on(),
        overdue: t.status.public().awaits_contact() && promise.is_past(promises.today),
        can_escalate: escalation == Escalation::Allowed,
    })
}

/// Marks a request escalated at `now` (only if it was not already).
pub fn mark_escalated(conn: &dyn Sql, contact_id: i64, now: &str) -> Result<bool, StoreError> {
    Ok(conn.execute(
        "UPDATE contact_requests SET escalated_at = ?2 WHERE id = ?1 AND escalated_at IS NULL",
        args![contact_id, now],
    )? == 1)
}

/// The row id and desk of the request `reference`, if it exists and is in `scope`.
pub fn locate(conn: &dyn Sql, reference: &str, scope: &Scope) -> Result<Option<(i64, Option<String>)>, StoreError> {
    let mut args = vec![SqlValue::Text(reference.to_string())];
    let sql = format!("SELECT c.id, c.desk_id FROM contact_requests c WHERE c.reference = ?1{}", scope.sql(&mut args));
    conn.query_opt(&sql, &args)?.map(|r| Ok((r.at(0)?, r.at(1)?))).transpose()
}

pub fn delete_received_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM contact_requests WHERE received_at < ?1", args![cutoff])?)
}

pub fn count_received_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    let n: i64 = super::sql::query_value(conn, "SELECT count(*) FROM contact_requests WHERE received_at < ?1", args![cutoff])?;
    Ok(n.max(0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Db;
    use microwork_core::contact::ContactForm;

    fn request(id: &str, name: &str) -> ValidatedContactRequest {
        ContactForm {
            request_id: id.into(),
            name: name.into(),
            email: Some("a@example.it".into()),
            consent_privacy: true,
            ..ContactForm::default()
        }
        .validate()
        .unwrap()
    }

    fn promises() -> Promises {
        Promises { response_days: Arc::default(), today: microwork_core::date::parse_iso("2026-11-27").unwrap() }
    }

    #[tokio::test]
    async fn stores_once_and_replays() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("sub/x.db")).unwrap();
        let id = "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10";
        let r = request(id, "Maria");
        let first = db.write({ let r = r.clone(); move |c| insert(c, &r, "2026-11-26T10:00:00Z") }).await.unwrap();
        let Stored::Created { receipt, .. } = first.clone() else { panic!("{first:?}") };
        let again = db.write({ let r = r.clone(); move |c| insert(c, &r, "2026-11-26T10:01:00Z") }).await.unwrap();
        let Stored::Replayed { receipt: replayed, .. } = again else { panic!("{again:?}") };
        assert_eq!(replayed, receipt);
        assert_eq!(receipt.received_at, "2026-11-26T10:00:00Z");
        let other = request(id, "Marta");
        assert_eq!(db.write(move |c| insert(c, &other, "x")).await.unwrap(), Stored::Conflict);
        let rows = db.read(|c| list(c, &Filter::default(), &Scope::All, &promises())).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].request.name.as_str(), rows[0].status, rows[0].webhook), ("Maria", Status::New, None));
    }

    #[tokio::test]
    async fn a_row_this_version_cannot_read_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("x.db")).unwrap();
        let r = request("1b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "Ok");
        db.write(move |c| insert(c, &r, "2026-11-26T10:00:00Z")).await.unwrap();
        db.write(|c| c.execute("UPDATE contact_requests SET channel = 'fax'", args![])).await.unwrap();
        let err = db.read(|c| list(c, &Filter::default(), &Scope::All, &promises())).await.unwrap_err();
        assert!(matches!(err, crate::store::DbError::Store(StoreError::BadValue { column: "channel", .. })), "{err:?}");
    }
}
