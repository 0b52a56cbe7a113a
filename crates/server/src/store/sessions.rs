//! The `operator_sessions` table: one row per signed-in browser, keyed by the SHA-256 of its cookie, with the
//! times that end it (idle and absolute).

use super::StoreError;
use super::accounts::{self, Account};
use super::sql::{Sql, args};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub operator_id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
}

pub fn create(conn: &dyn Sql, id_hash: &str, operator_id: &str, now: &str, expires_at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO operator_sessions (id_hash, operator_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
        args![id_hash, operator_id, now, expires_at],
    )?;
    Ok(())
}

/// The session and its account, whatever their state (the caller checks expiry and whether it is active).
pub fn find(conn: &dyn Sql, id_hash: &str) -> Result<Option<(Session, Account)>, StoreError> {
    let session = conn
        .query_opt(
            "SELECT operator_id, created_at, last_seen_at, expires_at FROM operator_sessions WHERE id_hash = ?1",
            args![id_hash],
        )?
        .map(|r| {
            Ok::<_, StoreError>(Session { operator_id: r.at(0)?, created_at: r.at(1)?, last_seen_at: r.at(2)?, expires_at: r.at(3)? })
        })
        .transpose()?;
    let Some(session) = session else { return Ok(None) };
    Ok(accounts::by_id(conn, &session.operator_id)?.map(|a| (session, a)))
}

pub fn touch(conn: &dyn Sql, id_hash: &str, now: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE operator_sessions SET last_seen_at = ?2 WHERE id_hash = ?1", args![id_hash, now])?;
    Ok(())
}

pub fn delete(conn: &dyn Sql, id_hash: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM operator_sessions WHERE id_hash = ?1", args![id_hash])
}

/// Ends every session of an operator ("log out everywhere", disable, reset).
pub fn delete_for_operator(conn: &dyn Sql, operator_id: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM operator_sessions WHERE operator_id = ?1", args![operator_id])
}

/// Sessions past their absolute end, or idle since before `idle_cutoff`.
pub fn delete_expired(conn: &dyn Sql, now: &str, idle_cutoff: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM operator_sessions WHERE expires_at <= ?1 OR last_seen_at < ?2", args![now, idle_cutoff])
}
