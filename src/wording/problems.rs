//! A contact form's problems as the form shows them: the sentence in the person's language and the control
//! the error summary links to. The same for the problems the server answered (`{field, code}`): ours when we
//! know them, else one plain sentence.

use crate::components::error_summary::FormProblem;
use crate::i18n::{I18n, k};
use microwork_core::contact::{ApiProblem, Field, MESSAGES_NAMESPACE, Problem};

/// Where a problem's link in the error summary leads (a radio group's first radio); `None` for the fields the
/// page has no control for (the app fills them itself).
pub fn anchor(field: Field) -> Option<String> {
    match field {
        Field::Channel => Some("channel-0".into()),
        Field::TimeWindow => Some("time_window-0".into()),
        Field::RequestId | Field::Assessment | Field::Partner | Field::Lang => None,
        other => Some(other.as_str().into()),
    }
}

/// The sentence for a problem: `problems.<message_key>` in `locales/` (the server words it the same way).
pub fn problem_text(i18n: I18n, problem: &Problem) -> String {
    let path = format!("{MESSAGES_NAMESPACE}.{}", problem.message_key());
    i18n.text(k::lookup(&path).unwrap_or(k::problems::INVALID))
}

pub fn form_problem(i18n: I18n, problem: &Problem) -> FormProblem {
    FormProblem { field: anchor(problem.field), message: problem_text(i18n, problem) }
}

/// The server's reasons; a refusal we cannot word still says something.
pub fn server_problems(i18n: I18n, list: &[ApiProblem]) -> Vec<FormProblem> {
    let mut shown: Vec<FormProblem> = list.iter().filter_map(ApiProblem::problem).map(|p| form_problem(i18n, &p)).collect();
    if shown.is_empty() {
        shown.push(FormProblem { field: None, message: i18n.text(k::contact::GENERIC_REFUSED) });
    }
    shown
}
