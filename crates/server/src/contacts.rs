//! Contact requests as operators see them: filtered lists, status changes, erasure, retention and CSV.
//! Shared by the operator API and the `export`/`purge` commands, so both give the same answers.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;
use std::borrow::Cow;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// Where a request is in the desk's work. `spam` is set by the honeypot, never by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    New,
    Contacted,
    Handled,
    Spam,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "new" => Some(Status::New),
            "contacted" => Some(Status::Contacted),
            "handled" => Some(Status::Handled),
            "spam" => Some(Status::Spam),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Contacted => "contacted",
            Status::Handled => "handled",
            Status::Spam => "spam",
        }
    }
}

/// A stored request, in the operator API's JSON and the CSV export.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContactRow {
    pub reference: String,
    pub received_at: String,
    pub status: String,
    pub status_changed_at: Option<String>,
    pub desk_id: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub channel: String,
    pub time_window: String,
    pub comune_istat: Option<String>,
    pub message: Option<String>,
    pub lang: String,
    pub partner: Option<String>,
    pub consent_share_assessment: bool,
    pub assessment: Option<serde_json::Value>,
    /// The webhook notification: `pending`, `delivered`, `failed`, or `null` (none: no webhook, or spam).
    pub webhook: Option<String>,
}

const COLUMNS: &str = "c.reference, c.received_at, c.status, c.status_changed_at, c.desk_id, c.name, c.email, c.phone,
    c.channel, c.time_window, c.comune_istat, c.message, c.lang, c.partner, c.consent_share_assessment, c.assessment,
    (SELECT o.state FROM webhook_outbox o WHERE o.contact_id = c.id)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ContactRow> {
    let assessment: Option<String> = r.get(15)?;
    Ok(ContactRow {
        reference: r.get(0)?,
        received_at: r.get(1)?,
        status: r.get(2)?,
        status_changed_at: r.get(3)?,
        desk_id: r.get(4)?,
        name: r.get(5)?,
        email: r.get(6)?,
        phone: r.get(7)?,
        channel: r.get(8)?,
        time_window: r.get(9)?,
        comune_istat: r.get(10)?,
        message: r.get(11)?,
        lang: r.get(12)?,
        partner: r.get(13)?,
        consent_share_assessment: r.get(14)?,
        assessment: assessment.and_then(|s| serde_json::from_str(&s).ok()),
        webhook: r.get(16)?,
    })
}

/// What an operator asks for. Without `status`, spam is left out; `status: Some(Spam)` lists only spam.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub desk: Option<String>,
    /// Normalised by [`parse_since`]: compared as text with `received_at`.
    pub since: Option<String>,
    pub status: Option<Status>,
    pub limit: Option<u32>,
    pub offset: u32,
}

/// Newest first. The WHERE clause is built from the filters that are set, so SQLite can use the
/// `(desk_id, status, received_at)` index instead of scanning every row.
pub fn list(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<ContactRow>> {
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
        None => sql.push_str(" AND c.status IN ('new', 'contacted', 'handled')"),
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
    let rows = stmt.query_map(params_from_iter(args), from_row)?;
    rows.collect()
}

pub fn get(conn: &Connection, reference: &str) -> rusqlite::Result<Option<ContactRow>> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM contact_requests c WHERE c.reference = ?1"), [reference], from_row)
        .optional()
}

/// Sets the status; `None` if no request has this reference.
pub fn set_status(conn: &Connection, reference: &str, status: Status, now: &str) -> rusqlite::Result<Option<ContactRow>> {
    let changed = conn.execute(
        "UPDATE contact_requests SET status = ?2, status_changed_at = ?3 WHERE reference = ?1",
        params![reference, status.as_str(), now],
    )?;
    if changed == 0 { Ok(None) } else { get(conn, reference) }
}

/// Erasure: the row and (by ON DELETE CASCADE) its webhook outbox row. `false` if there was none.
pub fn delete(conn: &Connection, reference: &str) -> rusqlite::Result<bool> {
    // Explicit as well as cascaded: erasure must not depend on a pragma being set on this connection.
    conn.execute(
        "DELETE FROM webhook_outbox WHERE contact_id IN (SELECT id FROM contact_requests WHERE reference = ?1)",
        [reference],
    )?;
    Ok(conn.execute("DELETE FROM contact_requests WHERE reference = ?1", [reference])? > 0)
}

/// Retention: deletes every request (spam included) received before `cutoff`; returns how many.
pub fn purge_before(conn: &Connection, cutoff: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM webhook_outbox WHERE contact_id IN (SELECT id FROM contact_requests WHERE received_at < ?1)",
        [cutoff],
    )?;
    conn.execute("DELETE FROM contact_requests WHERE received_at < ?1", [cutoff])
}

pub fn count_before(conn: &Connection, cutoff: &str) -> rusqlite::Result<usize> {
    conn.query_row("SELECT count(*) FROM contact_requests WHERE received_at < ?1", [cutoff], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as usize)
}

/// `received_at` format: RFC 3339 in UTC, to the second (`2026-11-26T10:00:00Z`), so text order is time order.
pub fn format_utc(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    at.replace_nanosecond(0).unwrap_or(at).format(&Rfc3339).unwrap_or_default()
}

pub fn now_rfc3339() -> String {
    format_utc(OffsetDateTime::now_utc())
}

/// `2026-11-01` (midnight UTC) or an RFC 3339 time with any offset, as a `received_at` to compare with.
pub fn parse_since(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(at) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(format_utc(at));
    }
    let date = Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(format_utc(date.midnight().assume_utc()))
}

/// Spreadsheets run a cell that starts with one of these as a formula (CSV injection): such a cell is
/// prefixed with a single quote, which spreadsheets show as text (OWASP's advice).
fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

pub const CSV_HEADER: [&str; 16] = [
    "reference",
    "received_at",
    "status",
    "status_changed_at",
    "desk_id",
    "name",
    "email",
    "phone",
    "channel",
    "time_window",
    "comune_istat",
    "message",
    "lang",
    "partner",
    "consent_share_assessment",
    "assessment",
];

/// RFC 4180 CSV in UTF-8, one line per request, header first; every cell made [`spreadsheet_safe`].
pub fn write_csv<W: std::io::Write>(rows: &[ContactRow], out: W) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADER)?;
    for r in rows {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let assessment = r.assessment.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let cells: [String; 16] = [
            r.reference.clone(),
            r.received_at.clone(),
            r.status.clone(),
            opt(&r.status_changed_at),
            opt(&r.desk_id),
            r.name.clone(),
            opt(&r.email),
            opt(&r.phone),
            r.channel.clone(),
            r.time_window.clone(),
            opt(&r.comune_istat),
            opt(&r.message),
            r.lang.clone(),
            opt(&r.partner),
            if r.consent_share_assessment { "true".into() } else { "false".into() },
            assessment,
        ];
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_dates_and_times_in_any_offset() {
        assert_eq!(parse_since("2026-11-01").as_deref(), Some("2026-11-01T00:00:00Z"));
        assert_eq!(parse_since("2026-11-01T10:30:00+01:00").as_deref(), Some("2026-11-01T09:30:00Z"));
        assert_eq!(parse_since("2026-11-01T10:30:00.750Z").as_deref(), Some("2026-11-01T10:30:00Z"));
        for bad in ["", "yesterday", "2026-13-01", "01/11/2026", "2026-11-01T10:30"] {
            assert_eq!(parse_since(bad), None, "{bad}");
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+39333", "'+39333"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Maria", "Maria"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe);
        }
    }
}
