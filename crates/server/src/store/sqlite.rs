//! [`Sql`] on a SQLite connection (rusqlite): the writer's savepoint, a read-only connection, or a command's
//! transaction.

use super::StoreError;
use super::sql::{Backend, Row, Sql, Value};
use rusqlite::Connection;
use rusqlite::types::{ToSqlOutput, ValueRef};
use std::sync::Arc;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Value::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn value(v: ValueRef<'_>, column: &str) -> Result<Value, StoreError> {
    match v {
        ValueRef::Null => Ok(Value::Null),
        ValueRef::Integer(i) => Ok(Value::Int(i)),
        ValueRef::Text(t) => Ok(Value::Text(String::from_utf8_lossy(t).into_owned())),
        ValueRef::Real(r) => Err(StoreError::Column { column: column.into(), problem: format!("a real number ({r}) where none is kept") }),
        ValueRef::Blob(_) => Err(StoreError::Column { column: column.into(), problem: "a blob where none is kept".into() }),
    }
}

impl Sql for Connection {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn execute(&self, sql: &str, args: &[Value]) -> Result<usize, StoreError> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(args))?)
    }

    fn query(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.prepare_cached(sql)?;
        let names: Arc<[String]> = stmt.column_names().into_iter().map(String::from).collect::<Vec<_>>().into();
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut values = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                values.push(value(r.get_ref(i)?, name)?);
            }
            out.push(Row::new(names.clone(), values));
        }
        Ok(out)
    }

    fn try_lock(&self, _key: i64) -> Result<bool, StoreError> {
        Ok(true)
    }
}
