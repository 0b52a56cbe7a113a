//! The storage interface both databases implement: a connection inside one transaction that runs SQL with
//! numbered parameters (`?1`, `?2`…; PostgreSQL's `$1` is written for it) and hands back rows of plain values
//! read by column name. Every store function takes `&dyn Sql`, so the same code, with the same table and
//! column names, runs on SQLite and on PostgreSQL; the few places where the dialects differ ask
//! [`Sql::backend`].
//!
//! Values are integers, text or NULL: both schemas keep times as RFC 3339 text (or unix ms integers), flags
//! as 0/1 integers, ids as integers or text.

use super::StoreError;
use std::sync::Arc;

/// Which database runs the SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A value passed to or read from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// A connection inside one transaction (the caller commits or rolls back).
pub trait Sql {
    fn backend(&self) -> Backend;
    /// Runs a statement; how many rows it changed.
    fn execute(&self, sql: &str, args: &[Value]) -> Result<usize, StoreError>;
    /// Runs a query; every row it returns.
    fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// A transaction-scoped lock named by `key`, taken without waiting: `false` when another transaction (on
    /// another instance) holds it. PostgreSQL's advisory lock; on SQLite, where one process owns the file's
    /// writes, always `true`.
    fn try_lock(&self, key: i64) -> Result<bool, StoreError>;

    /// The first row, if any.
    fn query_opt(&self, sql: &str, args: &[Value]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// The one value of a query that returns one row with one column.
    fn query_value<T: FromValue>(&self, sql: &str, args: &[Value]) -> Result<T, StoreError>
    where
        Self: Sized,
    {
        query_value(self, sql, args)
    }
}

/// [`Sql::query_value`] for a `&dyn Sql`.
pub fn query_value<T: FromValue>(conn: &(impl Sql + ?Sized), sql: &str, args: &[Value]) -> Result<T, StoreError> {
    let row = conn.query_opt(sql, args)?.ok_or(StoreError::NoRow)?;
    row.at(0)
}

/// Names of advisory locks ([`Sql::try_lock`]): one job of one instance at a time.
pub mod locks {
    /// The retention purge and the session sweep.
    pub const RETENTION: i64 = 0x6d77_0001;
    /// Schema migrations at start-up.
    pub const MIGRATIONS: i64 = 0x6d77_0002;
}

/// One row: values by column name.
#[derive(Debug, Clone)]
pub struct Row {
    names: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    pub fn new(names: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { names, values }
    }

    pub fn get<T: FromValue>(&self, column: &str) -> Result<T, StoreError> {
        let i = self
            .names
            .iter()
            .position(|n| n == column)
            .ok_or_else(|| StoreError::Column { column: column.to_string(), problem: "no such column".into() })?;
        T::from_value(&self.values[i]).map_err(|problem| StoreError::Column { column: column.to_string(), problem })
    }

    pub fn at<T: FromValue>(&self, index: usize) -> Result<T, StoreError> {
        let value = self
            .values
            .get(index)
            .ok_or_else(|| StoreError::Column { column: format!("#{index}"), problem: "no such column".into() })?;
        T::from_value(value).map_err(|problem| StoreError::Column { column: format!("#{index}"), problem })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// A Rust type read from a [`Value`].
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<i64, String> {
        match v {
            Value::Int(i) => Ok(*i),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Result<bool, String> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Result<String, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Option<T>, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromValue for Value {
    fn from_value(v: &Value) -> Result<Value, String> {
        Ok(v.clone())
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Value {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Int(i64::from(v))
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}
impl<T: Clone + Into<Value>> From<&Option<T>> for Value {
    fn from(v: &Option<T>) -> Value {
        v.clone().map_or(Value::Null, Into::into)
    }
}
impl From<&Value> for Value {
    fn from(v: &Value) -> Value {
        v.clone()
    }
}

/// `args![a, b, c]`: the parameters `?1`, `?2`, `?3` of a statement, as [`Value`]s.
#[macro_export]
macro_rules! args {
    () => { &[] as &[$crate::store::sql::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::store::sql::Value::from($v)),+] as &[$crate::store::sql::Value] };
}
pub use crate::args;

/// SQLite's `?N` parameters as PostgreSQL's `$N`, leaving quoted text and identifiers alone.
pub fn numbered_to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            numbered_to_dollar("SELECT '?1', \"a?2\" FROM t WHERE x = ?1 AND y IN (?2, ?10) AND z = '\"' || ?3 || '\"'"),
            "SELECT '?1', \"a?2\" FROM t WHERE x = $1 AND y IN ($2, $10) AND z = '\"' || $3 || '\"'"
        );
    }

    #[test]
    fn rows_read_by_name_with_types_checked() {
        let row = Row::new(
            Arc::from(vec!["a".to_string(), "b".to_string(), "c".to_string()]),
            vec![Value::Int(1), Value::Text("x".into()), Value::Null],
        );
        assert_eq!(row.get::<i64>("a").unwrap(), 1);
        assert!(row.get::<bool>("a").unwrap());
        assert_eq!(row.get::<String>("b").unwrap(), "x");
        assert_eq!(row.get::<Option<String>>("c").unwrap(), None);
        assert!(row.get::<String>("a").is_err());
        assert!(row.get::<i64>("missing").is_err());
    }
}
