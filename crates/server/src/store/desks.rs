//! The desks' own entries (issue 19): `desk_records` (the published desk where the database knows better than
//! `dist/data/sportelli.json`), `desk_proposals` (corrections waiting for an admin) and `desk_reports`
//! ("segnala un errore"). Every storage function of the issue is here, in portable SQL, so it can be ported
//! to another database in one place. Nothing here knows HTTP; the audit entries are written by the callers in
//! the same transaction.

use super::StoreError;
use super::requests::Scope;
use microwork_core::sportelli::Desk;
use microwork_core::sportelli::proposal::DeskProposal;
use microwork_core::sportelli::report::DeskReport;
use super::sql::{Row, Sql, args, query_value};

fn bad(column: &'static str, value: impl Into<String>) -> StoreError {
    StoreError::BadValue { column, value: value.into() }
}

/// One stored desk entry.
#[derive(Debug, Clone)]
pub struct DeskRecord {
    pub desk: Desk,
    pub updated_at: String,
}

/// Every stored entry, by desk id.
pub fn records(conn: &dyn Sql) -> Result<Vec<DeskRecord>, StoreError> {
    let rows = conn.query("SELECT desk_id, data, updated_at FROM desk_records ORDER BY desk_id", args![])?;
    rows.iter().map(|row| {
        let (data, updated_at): (String, String) = (row.at(1)?, row.at(2)?);
        let desk: Desk = serde_json::from_str(&data).map_err(|_| bad("desk_records.data", data.chars().take(80).collect::<String>()))?;
        Ok(DeskRecord { desk, updated_at })
    })
    .collect()
}

/// The newest `updated_at` of the stored entries (what the published file's freshness is compared with).
pub fn last_update(conn: &dyn Sql) -> Result<Option<String>, StoreError> {
    query_value(conn, "SELECT MAX(updated_at) FROM desk_records", args![])
}

pub fn record(conn: &dyn Sql, desk_id: &str) -> Result<Option<DeskRecord>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_opt("SELECT data, updated_at FROM desk_records WHERE desk_id = ?1", args![desk_id])?
        .map(|r| Ok::<_, StoreError>((r.at(0)?, r.at(1)?)))
        .transpose()?;
    row.map(|(data, updated_at)| {
        let desk: Desk = serde_json::from_str(&data).map_err(|_| bad("desk_records.data", desk_id))?;
        Ok(DeskRecord { desk, updated_at })
    })
    .transpose()
}

/// Stores the desk as it is now published.
pub fn save_record(conn: &dyn Sql, desk: &Desk, at: &str, by: Option<&str>) -> Result<(), StoreError> {
    let data = serde_json::to_string(desk).map_err(|e| bad("desk_records.data", e.to_string()))?;
    let updated = conn.execute(
        "UPDATE desk_records SET data = ?2, updated_at = ?3, updated_by = ?4 WHERE desk_id = ?1",
        args![desk.id.as_str(), data.as_str(), at, by],
    )?;
    if updated == 0 {
        conn.execute(
            "INSERT INTO desk_records (desk_id, data, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)",
            args![desk.id.as_str(), data.as_str(), at, by],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalState {
    Pending,
    Approved,
    Rejected,
    Superseded,
}

impl ProposalState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Pending => "pending",
            ProposalState::Approved => "approved",
            ProposalState::Rejected => "rejected",
            ProposalState::Superseded => "superseded",
        }
    }

    fn parse(s: &str) -> Option<ProposalState> {
        [ProposalState::Pending, ProposalState::Approved, ProposalState::Rejected, ProposalState::Superseded]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// One stored proposal.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub id: i64,
    pub desk_id: String,
    pub proposed_by: Option<String>,
    pub proposed_at: String,
    pub data: DeskProposal,
    pub state: ProposalState,
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

fn proposal(r: &Row) -> Result<Proposal, StoreError> {
    let data: String = r.get("data")?;
    let state: String = r.get("state")?;
    Ok(Proposal {
        id: r.get("id")?,
        desk_id: r.get("desk_id")?,
        proposed_by: r.get("proposed_by")?,
        proposed_at: r.get("proposed_at")?,
        data: serde_json::from_str(&data).map_err(|_| bad("desk_proposals.data", data.chars().take(80).collect::<String>()))?,
        state: ProposalState::parse(&state).ok_or_else(|| bad("desk_proposals.state", state.clone()))?,
        decided_at: r.get("decided_at")?,
        decided_by: r.get("decided_by")?,
        reason: r.get("reason")?,
    })
}

const PROPOSAL_COLUMNS: &str = "id, desk_id, proposed_by, proposed_at, data, state, decided_at, decided_by, reason";

/// Stores a new proposal; an earlier pending one of the same desk is superseded (the newest word counts).
pub fn propose(
    conn: &dyn Sql,
    desk_id: &str,
    operator_id: Option<&str>,
    proposed_by: Option<&str>,
    at: &str,
    data: &DeskProposal,
) -> Result<i64, StoreError> {
    conn.execute(
        "UPDATE desk_proposals SET state = 'superseded', decided_at = ?2 WHERE desk_id = ?1 AND state = 'pending'",
        args![desk_id, at],
    )?;
    let json = serde_json::to_string(data).map_err(|e| bad("desk_proposals.data", e.to_string()))?;
    query_value(
        conn,
        "INSERT INTO desk_proposals (desk_id, operator_id, proposed_by, proposed_at, data) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        args![desk_id, operator_id, proposed_by, at, json],
    )
}

/// A proposal, if it is in `scope`.
pub fn proposal_by_id(conn: &dyn Sql, id: i64, scope: &Scope) -> Result<Option<Proposal>, StoreError> {
    let found = conn
        .query_opt(&format!("SELECT {PROPOSAL_COLUMNS} FROM desk_proposals WHERE id = ?1"), args![id])?
        .map(|r| proposal(&r))
        .transpose()?;
    Ok(found.filter(|p| scope.allows(Some(&p.desk_id))))
}

/// Proposals in `scope` (all states, or only `state`), newest first.
pub fn proposals(conn: &dyn Sql, scope: &Scope, state: Option<ProposalState>, limit: u32) -> Result<Vec<Proposal>, StoreError> {
    let rows = conn.query(
        &format!(
            "SELECT {PROPOSAL_COLUMNS} FROM desk_proposals WHERE (CAST(?1 AS TEXT) IS NULL OR state = ?1)
              ORDER BY proposed_at DESC, id DESC"
        ),
        args![state.map(ProposalState::as_str)],
    )?;
    let mut out = Vec::new();
    for row in &rows {
        let p = proposal(row)?;
        if scope.allows(Some(&p.desk_id)) {
            out.push(p);
            if out.len() >= limit as usize {
                break;
            }
        }
    }
    Ok(out)
}

/// An admin's decision on a pending proposal. `false` when it is no longer pending (decided, superseded).
pub fn decide(
    conn: &dyn Sql,
    id: i64,
    approve: bool,
    at: &str,
    by: Option<&str>,
    reason: Option<&str>,
) -> Result<bool, StoreError> {
    let state = if approve { ProposalState::Approved } else { ProposalState::Rejected };
    let n = conn.execute(
        "UPDATE desk_proposals SET state = ?2, decided_at = ?3, decided_by = ?4, reason = ?5 WHERE id = ?1 AND state = 'pending'",
        args![id, state.as_str(), at, by, reason],
    )?;
    Ok(n == 1)
}

/// One stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReport {
    pub id: i64,
    pub desk_id: String,
    pub received_at: String,
    pub problem: String,
    pub message: Option<String>,
    pub contact: Option<String>,
    pub open: bool,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

fn report(r: &Row) -> Result<StoredReport, StoreError> {
    let state: String = r.get("state")?;
    Ok(StoredReport {
        id: r.get("id")?,
        desk_id: r.get("desk_id")?,
        received_at: r.get("received_at")?,
        problem: r.get("problem")?,
        message: r.get("message")?,
        contact: r.get("contact")?,
        open: match state.as_str() {
            "open" => true,
            "closed" => false,
            _ => return Err(bad("desk_reports.state", state)),
        },
        closed_at: r.get("closed_at")?,
        closed_by: r.get("closed_by")?,
    })
}

pub fn add_report(conn: &dyn Sql, report: &DeskReport, at: &str) -> Result<i64, StoreError> {
    query_value(
        conn,
        "INSERT INTO desk_reports (desk_id, received_at, problem, message, contact) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        args![report.desk_id.as_str(), at, report.problem.as_str(), &report.message, &report.contact],
    )
}

/// Reports in `scope`: open ones first, then by age (newest first).
pub fn reports(conn: &dyn Sql, scope: &Scope, open_only: bool, limit: u32) -> Result<Vec<StoredReport>, StoreError> {
    let rows = conn.query(
        "SELECT id, desk_id, received_at, problem, message, contact, state, closed_at, closed_by FROM desk_reports
          WHERE (?1 = 0 OR state = 'open')
          ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, received_at DESC, id DESC",
        args![i64::from(open_only)],
    )?;
    let mut out = Vec::new();
    for row in &rows {
        let r = report(row)?;
        if scope.allows(Some(&r.desk_id)) {
            out.push(r);
            if out.len() >= limit as usize {
                break;
            }
        }
    }
    Ok(out)
}

/// Marks a report handled; `None` when there is no such report in `scope`.
pub fn close_report(conn: &dyn Sql, id: i64, scope: &Scope, at: &str, by: Option<&str>) -> Result<Option<String>, StoreError> {
    let desk: Option<String> = conn.query_opt("SELECT desk_id FROM desk_reports WHERE id = ?1", args![id])?.map(|r| r.at(0)).transpose()?;
    let Some(desk) = desk.filter(|d| scope.allows(Some(d))) else { return Ok(None) };
    conn.execute(
        "UPDATE desk_reports SET state = 'closed', closed_at = ?2, closed_by = ?3 WHERE id = ?1 AND state = 'open'",
        args![id, at, by],
    )?;
    Ok(Some(desk))
}

/// Retention: reports received before `cutoff` (they may hold a contact).
pub fn delete_reports_before(conn: &dyn Sql, cutoff: &str) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM desk_reports WHERE received_at < ?1", args![cutoff])
}
