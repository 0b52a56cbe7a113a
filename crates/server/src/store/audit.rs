//! The `audit_log` table: who read, exported, changed or erased which request, and account events. Append
//! only; aged out with the requests by the retention purge.

use super::StoreError;
use microwork_core::account::{ActorKind, AuditAction, AuditEntry};
use super::sql::{Backend, Row, Sql, Value as SqlValue, args};

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub operator_id: Option<String>,
    pub email: Option<String>,
}

impl Actor {
    pub fn of(kind: ActorKind) -> Actor {
        Actor { kind, operator_id: None, email: None }
    }
}

/// One entry to write.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: &'a Actor,
    pub action: AuditAction,
    pub reference: Option<&'a str>,
    pub desk_id: Option<&'a str>,
    pub detail: Option<serde_json::Value>,
}

pub fn append(conn: &dyn Sql, at: &str, e: &Entry<'_>) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, operator_id, actor_email, action, reference, desk_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        args![
            at,
            e.actor.kind.as_str(),
            e.actor.operator_id.as_deref(),
            e.actor.email.as_deref(),
            e.action.as_str(),
            e.reference,
            e.desk_id,
            e.detail.as_ref().map(|d| d.to_string()),
        ],
    )?;
    Ok(())
}

fn entry(r: &Row) -> Result<AuditEntry, StoreError> {
    let bad = |column: &'static str, value: String| StoreError::BadValue { column, value };
    let actor: String = r.get("actor")?;
    let action: String = r.get("action")?;
    let detail: Option<String> = r.get("detail")?;
    Ok(AuditEntry {
        id: r.get("id")?,
        at: r.get("at")?,
        actor: ActorKind::parse(&actor).ok_or_else(|| bad("audit_log.actor", actor.clone()))?,
        actor_email: r.get("actor_email")?,
        action: AuditAction::parse(&action).ok_or_else(|| bad("audit_log.action", action.clone()))?,
        reference: r.get("reference")?,
        desk_id: r.get("desk_id")?,
        detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
    })
}

/// What an admin asks of the log.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub action: Option<AuditAction>,
    pub actor_email: Option<String>,
    pub reference: Option<String>,
    pub desk: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// Newest first.
pub fn list(conn: &dyn Sql, f: &Filter) -> Result<Vec<AuditEntry>, StoreError> {
    let mut sql = String::from("SELECT * FROM audit_log a WHERE 1 = 1");
    let mut args: Vec<SqlValue> = Vec::new();
    let mut add = |condition: &str, value: String| {
        args.push(SqlValue::Text(value));
        sql.push_str(&format!(" AND {condition} ?{}", args.len()));
    };
    if let Some(v) = &f.since {
        add("a.at >=", v.clone());
    }
    if let Some(v) = &f.until {
        add("a.at <", v.clone());
    }
    if let Some(v) = f.action {
        add("a.action =", v.as_str().into());
    }
    if let Some(v) = &f.actor_email {
        add("a.actor_email =", v.clone());
    }
    if let Some(v) = &f.reference {
        add("a.reference =", v.clone());
    }
    if let Some(v) = &f.desk {
        add("a.desk_id =", v.clone());
    }
    args.push(SqlValue::Int(i64::from(f.limit)));
    args.push(SqlValue::Int(i64::from(f.offset)));
    sql.push_str(&format!(" ORDER BY a.at DESC, a.id DESC LIMIT ?{} OFFSET ?{}", args.len() - 1, args.len()));
    conn.query(&sql, &args)?.iter().map(entry).collect()
}

/// Everything about one request, oldest first: entries naming it, and lists and exports that showed it
/// (their `detail.references`), since it was received.
pub fn for_reference(conn: &dyn Sql, reference: &str, received_at: &str) -> Result<Vec<AuditEntry>, StoreError> {
    // SQLite's instr is PostgreSQL's strpos.
    let find = match conn.backend() {
        Backend::Sqlite => "instr",
        Backend::Postgres => "strpos",
    };
    let rows = conn.query(
        &format!(
            "SELECT * FROM audit_log a
              WHERE a.at >= ?2
                AND (a.reference = ?1
                     OR (a.action IN ('request.list', 'request.export') AND {find}(a.detail, '\"' || ?1 || '\"') > 0))
              ORDER BY a.at, a.id"
        ),
        args![reference, received_at],
    )?;
    rows.iter().map(entry).collect()
}

pub fn delete_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM audit_log WHERE at < ?1", args![cutoff])
}
