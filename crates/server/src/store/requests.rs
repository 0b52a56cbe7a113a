//! The `contact_requests` table: storing a validated request once per `request_id`, and reading requests back
//! as the core's [`StoredRequest`] / [`TrackedRequest`], by column name, for the operator API, the CSV export
//! and the webhook alike.

use super::StoreError;
use microwork_core::Lang;
use microwork_core::contact::{
    Channel, Receipt, Reference, Status, StoredRequest, TimeWindow, TrackedRequest, ValidatedContactRequest,
    WebhookState,
};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use sha2::{Digest, Sha256};

/// How many references are drawn before giving up (each clash is a 1 in 2^40 event).
const REFERENCE_DRAWS: usize = 8;

/// What happened to a contact request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// New: stored now (`id` is the row's key, for rows that go with it such as the webhook outbox).
    Created { id: i64, receipt: Receipt },
    /// The same request_id with the same content was stored before: nothing new was written.
    Replayed(Receipt),
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
pub fn insert(conn: &Connection, req: &ValidatedContactRequest, received_at: &str) -> Result<Stored, StoreError> {
    let hash = body_hash(req);
    let existing = conn
        .query_row(
            "SELECT reference, body_hash, received_at FROM contact_requests WHERE request_id = ?1",
            [req.request_id()],
            |r| Ok((r.get::<_, String>("reference")?, r.get::<_, String>("body_hash")?, r.get::<_, String>("received_at")?)),
        )
        .optional()?;
    if let Some((stored_reference, stored_hash, at)) = existing {
        if stored_hash != hash {
            return Ok(Stored::Conflict);
        }
        return Ok(Stored::Replayed(Receipt { reference: reference(stored_reference)?, received_at: at }));
    }
    let assessment = req.assessment().map(|v| v.to_string());
    let status = if req.is_spam() { Status::Spam } else { Status::New };
    for _ in 0..REFERENCE_DRAWS {
        let random = getrandom::u64().map_err(|e| StoreError::Random(e.to_string()))?;
        let reference = Reference::from_random(random);
        let inserted = conn.execute(
            "INSERT INTO contact_requests (request_id, reference, body_hash, received_at, desk_id, name, email, phone,
                 comune_istat, channel, time_window, message, consent_privacy, consent_share_assessment, assessment,
                 partner, lang, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (reference) DO NOTHING",
            params![
                req.request_id(),
                reference.as_str(),
                hash,
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
                assessment,
                req.partner(),
                req.lang().code(),
                status.as_str(),
            ],
        )?;
        if inserted == 1 {
            let receipt = Receipt { reference, received_at: received_at.to_string() };
            return Ok(Stored::Created { id: conn.last_insert_rowid(), receipt });
        }
    }
    Err(StoreError::NoFreeReference)
}

/// The columns [`stored_request`] and [`tracked_request`] read, for a query on `contact_requests c`.
pub const COLUMNS: &str = "c.reference, c.received_at, c.desk_id, c.name, c.email, c.phone, c.channel, c.time_window,
    c.comune_istat, c.message, c.lang, c.partner, c.consent_share_assessment, c.assessment, c.status,
    c.status_changed_at, (SELECT o.state FROM webhook_outbox o WHERE o.contact_id = c.id) AS webhook";

/// A row selected with [`COLUMNS`] as the request itself (what the webhook posts).
pub fn stored_request(r: &Row<'_>) -> Result<StoredRequest, StoreError> {
    let text = |column: &'static str| -> Result<String, StoreError> { Ok(r.get::<_, String>(column)?) };
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

/// A row selected with [`COLUMNS`], with the desk's workflow (what operators see).
pub fn tracked_request(r: &Row<'_>) -> Result<TrackedRequest, StoreError> {
    let status: String = r.get("status")?;
    let webhook: Option<String> = r.get("webhook")?;
    Ok(TrackedRequest {
        request: stored_request(r)?,
        status: Status::parse(&status).ok_or_else(|| bad("status", status.clone()))?,
        status_changed_at: r.get("status_changed_at")?,
        webhook: match webhook {
            None => None,
            Some(w) => Some(WebhookState::parse(&w).ok_or_else(|| bad("webhook_outbox.state", w.clone()))?),
        },
    })
}

/// What an operator asks for. Without `status`, spam is left out; `status: Some(Spam)` lists only spam.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub desk: Option<String>,
    /// Normalised by [`crate::clock::parse_since`]: compared as text with `received_at`.
    pub since: Option<String>,
    pub status: Option<Status>,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// Newest first. The WHERE clause is built from the filters that are set, so SQLite can use the
/// `(desk_id, status, received_at)` index instead of scanning every row.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<TrackedRequest>, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM contact_requests c WHERE 1 = 1");
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(desk) = &filter.desk {
        args.push(SqlValue::Text(desk.clone()));
        sql.push_str(&format!(" AND c.desk_id = ?{}", args.len()));
    }
    match filter.status {
        Some(status) => {
            args.push(SqlValue::Text(status.as_str().into()));
            sql.push_str(&format!(" AND c.status = ?{}", args.len()));
        }
        None => {
            let listed: Vec<String> =
                Status::ALL.iter().filter(|s| **s != Status::Spam).map(|s| format!("'{}'", s.as_str())).collect();
            sql.push_str(&format!(" AND c.status IN ({})", listed.join(", ")));
        }
    }
    if let Some(since) = &filter.since {
        args.push(SqlValue::Text(since.clone()));
        sql.push_str(&format!(" AND c.received_at >= ?{}", args.len()));
    }
    sql.push_str(" ORDER BY c.received_at DESC, c.id DESC");
    args.push(SqlValue::Integer(filter.limit.map_or(-1, i64::from)));
    sql.push_str(&format!(" LIMIT ?{}", args.len()));
    args.push(SqlValue::Integer(i64::from(filter.offset)));
    sql.push_str(&format!(" OFFSET ?{}", args.len()));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(tracked_request(row)?);
    }
    Ok(out)
}

pub fn get(conn: &Connection, reference: &str) -> Result<Option<TrackedRequest>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM contact_requests c WHERE c.reference = ?1"))?;
    let mut rows = stmt.query([reference])?;
    rows.next()?.map(tracked_request).transpose()
}

/// Sets the status; `None` if no request has this reference.
pub fn set_status(conn: &Connection, reference: &str, status: Status, now: &str) -> Result<Option<TrackedRequest>, StoreError> {
    let changed = conn.execute(
        "UPDATE contact_requests SET status = ?2, status_changed_at = ?3 WHERE reference = ?1",
        params![reference, status.as_str(), now],
    )?;
    if changed == 0 { Ok(None) } else { get(conn, reference) }
}

/// Deletes one request (its notification goes by ON DELETE CASCADE; see [`super::erase`]).
pub fn delete(conn: &Connection, reference: &str) -> Result<bool, StoreError> {
    Ok(conn.execute("DELETE FROM contact_requests WHERE reference = ?1", [reference])? > 0)
}

pub fn delete_received_before(conn: &Connection, cutoff: &str) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM contact_requests WHERE received_at < ?1", [cutoff])?)
}

pub fn count_received_before(conn: &Connection, cutoff: &str) -> Result<usize, StoreError> {
    let n: i64 = conn.query_row("SELECT count(*) FROM contact_requests WHERE received_at < ?1", [cutoff], |r| r.get(0))?;
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

    #[tokio::test]
    async fn stores_once_and_replays() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("sub/x.db")).unwrap();
        let id = "0b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10";
        let r = request(id, "Maria");
        let first = db.write({ let r = r.clone(); move |c| insert(c, &r, "2026-11-26T10:00:00Z") }).await.unwrap();
        let Stored::Created { receipt, .. } = first.clone() else { panic!("{first:?}") };
        let again = db.write({ let r = r.clone(); move |c| insert(c, &r, "2026-11-26T10:01:00Z") }).await.unwrap();
        assert_eq!(again, Stored::Replayed(receipt.clone()));
        assert_eq!(receipt.received_at, "2026-11-26T10:00:00Z");
        let other = request(id, "Marta");
        assert_eq!(db.write(move |c| insert(c, &other, "x")).await.unwrap(), Stored::Conflict);
        let rows = db.read(|c| list(c, &Filter::default())).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].request.name.as_str(), rows[0].status, rows[0].webhook), ("Maria", Status::New, None));
    }

    #[tokio::test]
    async fn a_row_this_version_cannot_read_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("x.db")).unwrap();
        let r = request("1b6f0c1e-5d55-4f7e-9a53-2f3c8f1f2a10", "Ok");
        db.write(move |c| insert(c, &r, "t")).await.unwrap();
        db.write(|c| Ok(c.execute("UPDATE contact_requests SET channel = 'fax'", [])?)).await.unwrap();
        let err = db.read(|c| list(c, &Filter::default())).await.unwrap_err();
        assert!(matches!(err, crate::store::DbError::Store(StoreError::BadValue { column: "channel", .. })), "{err:?}");
    }
}
