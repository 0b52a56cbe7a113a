//! "Segnala un errore": a person's structured report that a desk's entry is wrong (issue 19), checked once
//! here for the app and the server.

use serde::{Deserialize, Serialize};

/// What can be wrong with an entry (the form's choices).
pub const REPORT_PROBLEMS: [&str; 6] = ["address", "hours", "contacts", "services", "closed", "other"];
/// Longest message and contact the server keeps.
pub const MAX_REPORT_MESSAGE_CHARS: usize = 2000;
pub const MAX_REPORT_CONTACT_CHARS: usize = 200;

/// The JSON body of `POST /api/v1/desk-reports`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskReportForm {
    #[serde(default)]
    pub desk_id: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub message: String,
    /// How to reach the person, if they want an answer (e-mail or phone, as they write it).
    #[serde(default)]
    pub contact: Option<String>,
    /// Honeypot: a field people never see; filled, the report is accepted and dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// A checked report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskReport {
    pub desk_id: String,
    pub problem: String,
    pub message: Option<String>,
    pub contact: Option<String>,
    pub is_spam: bool,
}

/// One problem: the field and a code (`required`, `unknown`, `invalid`, `too_long`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportProblem {
    pub field: &'static str,
    pub code: &'static str,
}

fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl DeskReportForm {
    /// `has_desk`: whether the desk id exists (the server's catalog).
    pub fn validate(&self, has_desk: impl Fn(&str) -> bool) -> Result<DeskReport, Vec<ReportProblem>> {
        let mut problems = Vec::new();
        let desk_id = self.desk_id.trim();
        if desk_id.is_empty() {
            problems.push(ReportProblem { field: "desk_id", code: "required" });
        } else if !has_desk(desk_id) {
            problems.push(ReportProblem { field: "desk_id", code: "unknown" });
        }
        let problem = self.problem.trim();
        if problem.is_empty() {
            problems.push(ReportProblem { field: "problem", code: "required" });
        } else if !REPORT_PROBLEMS.contains(&problem) {
            problems.push(ReportProblem { field: "problem", code: "invalid" });
        }
        let message = clean(&self.message);
        if message.as_ref().is_some_and(|m| m.chars().count() > MAX_REPORT_MESSAGE_CHARS) {
            problems.push(ReportProblem { field: "message", code: "too_long" });
        } else if message.is_none() && problem == "other" {
            // "Something else" says nothing without a word of what.
            problems.push(ReportProblem { field: "message", code: "required" });
        }
        let contact = self.contact.as_deref().and_then(clean);
        if contact.as_ref().is_some_and(|c| c.chars().count() > MAX_REPORT_CONTACT_CHARS) {
            problems.push(ReportProblem { field: "contact", code: "too_long" });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(DeskReport {
            desk_id: desk_id.to_string(),
            problem: problem.to_string(),
            message,
            contact,
            is_spam: self.website.as_deref().and_then(clean).is_some(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DeskReportForm {
        DeskReportForm { desk_id: "enm-latina".into(), problem: "hours".into(), message: "Il martedì è chiuso".into(), ..Default::default() }
    }

    fn codes(f: DeskReportForm) -> Vec<(&'static str, &'static str)> {
        f.validate(|id| id == "enm-latina").err().unwrap_or_default().into_iter().map(|p| (p.field, p.code)).collect()
    }

    #[test]
    fn reports_are_checked() {
        let ok = form().validate(|id| id == "enm-latina").unwrap();
        assert_eq!((ok.problem.as_str(), ok.is_spam, ok.contact), ("hours", false, None));
        assert_eq!(codes(DeskReportForm { desk_id: "nope".into(), ..form() }), [("desk_id", "unknown")]);
        assert_eq!(codes(DeskReportForm { problem: " ".into(), ..form() }), [("problem", "required")]);
        assert_eq!(codes(DeskReportForm { problem: "meteo".into(), ..form() }), [("problem", "invalid")]);
        assert_eq!(codes(DeskReportForm { problem: "other".into(), message: String::new(), ..form() }), [("message", "required")]);
        assert_eq!(codes(DeskReportForm { message: "x".repeat(2001), ..form() }), [("message", "too_long")]);
        assert_eq!(codes(DeskReportForm { contact: Some("c".repeat(201)), ..form() }), [("contact", "too_long")]);
        assert!(DeskReportForm { website: Some("http://spam".into()), ..form() }.validate(|_| true).unwrap().is_spam);
        assert!(serde_json::from_str::<DeskReportForm>(r#"{"desk_id": "x", "extra": 1}"#).is_err());
    }
}
