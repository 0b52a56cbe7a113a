//! The `operator_sessions` table: one row per signed-in browser, keyed by the SHA-256 of its cookie, with the
//! times that end it (idle and absolute).

use super::StoreError;
use super::accounts::{self, Account};
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub operator_id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
}

pub fn create(conn: &Connection, id_hash: &str, operator_id: &str, now: &str, expires_at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO operator_sessions (id_hash, operator_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![id_hash, operator_id, now, expires_at],
    )?;
    Ok(())
}

/// The session and its account, whatever their state (the caller checks expiry and whether it is active).
pub fn find(conn: &Connection, id_hash: &str) -> Result<Option<(Session, Account)>, StoreError> {
    let session = conn
        .query_row(
            "SELECT operator_id, created_at, last_seen_at, expires_at FROM operator_sessions WHERE id_hash = ?1",
            [id_hash],
            |r| Ok(Session { operator_id: r.get(0)?, created_at: r.get(1)?, last_seen_at: r.get(2)?, expires_at: r.get(3)? }),
        )
        .optional()?;
    let Some(session) = session else { return Ok(None) };
    Ok(accounts::by_id(conn, &session.operator_id)?.map(|a| (session, a)))
}

pub fn touch(conn: &Connection, id_hash: &str, now: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE operator_sessions SET last_seen_at = ?2 WHERE id_hash = ?1", params![id_hash, now])?;
    Ok(())
}

pub fn delete(conn: &Connection, id_hash: &str) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM operator_sessions WHERE id_hash = ?1", [id_hash])?)
}

/// Ends every session of an operator ("log out everywhere", disable, reset).
pub fn delete_for_operator(conn: &Connection, operator_id: &str) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM operator_sessions WHERE operator_id = ?1", [operator_id])?)
}

/// Sessions past their absolute end, or idle since before `idle_cutoff`.
pub fn delete_expired(conn: &Connection, now: &str, idle_cutoff: &str) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM operator_sessions WHERE expires_at <= ?1 OR last_seen_at < ?2",
        params![now, idle_cutoff],
    )?)
}
