//! The operator tables: `operators` (one row per account, by e-mail), `operator_desks` (whose requests a desk
//! operator sees) and `password_links` (one-time links to set a password, kept as hashes).

use super::StoreError;
use super::sql::{Row, Sql, args};

/// An operator account as stored (the password hash never leaves the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub admin: bool,
    pub desks: Vec<String>,
    pub password_hash: Option<String>,
    pub password_set_at: Option<String>,
    pub created_at: String,
    pub disabled_at: Option<String>,
    pub last_login_at: Option<String>,
}

impl Account {
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

const COLUMNS: &str =
    "o.id, o.email, o.is_admin, o.password_hash, o.password_set_at, o.created_at, o.disabled_at, o.last_login_at";

fn account(conn: &dyn Sql, r: &Row) -> Result<Account, StoreError> {
    let id: String = r.get("id")?;
    let desks = desks(conn, &id)?;
    Ok(Account {
        email: r.get("email")?,
        admin: r.get::<i64>("is_admin")? == 1,
        desks,
        password_hash: r.get("password_hash")?,
        password_set_at: r.get("password_set_at")?,
        created_at: r.get("created_at")?,
        disabled_at: r.get("disabled_at")?,
        last_login_at: r.get("last_login_at")?,
        id,
    })
}

fn desks(conn: &dyn Sql, operator_id: &str) -> Result<Vec<String>, StoreError> {
    let rows = conn.query("SELECT desk_id FROM operator_desks WHERE operator_id = ?1 ORDER BY desk_id", args![operator_id])?;
    rows.iter().map(|r| r.at(0)).collect()
}

fn one(conn: &dyn Sql, condition: &str, value: &str) -> Result<Option<Account>, StoreError> {
    let row = conn.query_opt(&format!("SELECT {COLUMNS} FROM operators o WHERE {condition}"), args![value])?;
    row.map(|r| account(conn, &r)).transpose()
}

/// Creates an account (no password yet). `Refused("email_taken")` if the e-mail has one.
pub fn create(conn: &dyn Sql, id: &str, email: &str, admin: bool, desks: &[String], now: &str) -> Result<(), StoreError> {
    let inserted = conn.execute(
        "INSERT INTO operators (id, email, is_admin, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO NOTHING",
        args![id, email, i64::from(admin), now],
    )?;
    if inserted == 0 {
        return Err(StoreError::Refused("email_taken"));
    }
    set_desks(conn, id, desks)
}

/// Replaces the desks of an account.
pub fn set_desks(conn: &dyn Sql, id: &str, desks: &[String]) -> Result<(), StoreError> {
    conn.execute("DELETE FROM operator_desks WHERE operator_id = ?1", args![id])?;
    for desk in desks {
        conn.execute(
            "INSERT INTO operator_desks (operator_id, desk_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            args![id, desk],
        )?;
    }
    Ok(())
}

pub fn by_email(conn: &dyn Sql, email: &str) -> Result<Option<Account>, StoreError> {
    one(conn, "o.email = ?1", email)
}

pub fn by_id(conn: &dyn Sql, id: &str) -> Result<Option<Account>, StoreError> {
    one(conn, "o.id = ?1", id)
}

/// Every account, by e-mail.
pub fn list(conn: &dyn Sql) -> Result<Vec<Account>, StoreError> {
    let rows = conn.query(&format!("SELECT {COLUMNS} FROM operators o ORDER BY o.email"), args![])?;
    rows.iter().map(|r| account(conn, r)).collect()
}

/// Disables (`Some(now)`) or enables (`None`) an account.
pub fn set_disabled(conn: &dyn Sql, id: &str, at: Option<&str>) -> Result<(), StoreError> {
    conn.execute("UPDATE operators SET disabled_at = ?2 WHERE id = ?1", args![id, at])?;
    Ok(())
}

pub fn set_password(conn: &dyn Sql, id: &str, hash: &str, now: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE operators SET password_hash = ?2, password_set_at = ?3 WHERE id = ?1", args![id, hash, now])?;
    Ok(())
}

/// Forgets the password (`operator reset`): only a new link lets the operator in again.
pub fn clear_password(conn: &dyn Sql, id: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE operators SET password_hash = NULL, password_set_at = NULL WHERE id = ?1", args![id])?;
    Ok(())
}

pub fn record_login(conn: &dyn Sql, id: &str, now: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE operators SET last_login_at = ?2 WHERE id = ?1", args![id, now])?;
    Ok(())
}

/// A new one-time link for the operator; any earlier link of theirs stops working.
pub fn create_link(conn: &dyn Sql, operator_id: &str, token_hash: &str, now: &str, expires_at: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM password_links WHERE operator_id = ?1", args![operator_id])?;
    conn.execute(
        "INSERT INTO password_links (token_hash, operator_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        args![token_hash, operator_id, now, expires_at],
    )?;
    Ok(())
}

/// The account a link is for and when it expires, if the link exists, has not expired and the account is
/// active.
pub fn peek_link(conn: &dyn Sql, token_hash: &str, now: &str) -> Result<Option<(Account, String)>, StoreError> {
    let found: Option<(String, String)> = conn
        .query_opt(
            "SELECT operator_id, expires_at FROM password_links WHERE token_hash = ?1 AND expires_at > ?2",
            args![token_hash, now],
        )?
        .map(|r| Ok::<_, StoreError>((r.at(0)?, r.at(1)?)))
        .transpose()?;
    let Some((id, expires_at)) = found else { return Ok(None) };
    Ok(by_id(conn, &id)?.filter(Account::is_active).map(|a| (a, expires_at)))
}

/// Uses up a link: the account it was for (see [`peek_link`]); the link is deleted either way.
pub fn redeem_link(conn: &dyn Sql, token_hash: &str, now: &str) -> Result<Option<Account>, StoreError> {
    let found = peek_link(conn, token_hash, now)?;
    conn.execute("DELETE FROM password_links WHERE token_hash = ?1", args![token_hash])?;
    Ok(found.map(|(a, _)| a))
}

pub fn delete_links(conn: &dyn Sql, operator_id: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM password_links WHERE operator_id = ?1", args![operator_id])
}

pub fn delete_expired_links(conn: &dyn Sql, now: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM password_links WHERE expires_at <= ?1", args![now])
}

/// When an operator's link expires, if they have one (for `operator list`).
pub fn link_expires_at(conn: &dyn Sql, operator_id: &str) -> Result<Option<String>, StoreError> {
    super::sql::query_value(conn, "SELECT max(expires_at) FROM password_links WHERE operator_id = ?1", args![operator_id])
}
