//! Answers that cannot all be true, for the "check your answers" page: "you are 40, but all the partners
//! are 18 to 35?". Assessing them silently would give a confident result built on a mistake, so the page
//! shows each contradiction, with links to the questions involved, before the results.
//!
//! Only questions the person is actually asked count (an answer the branching has hidden is ignored), and
//! "non so" answers never contradict anything. Codes are stable: the app shows `contradictions.<code>`.

use crate::date::{Date, Month};
use crate::questionnaire::{Answer, Answers, Questionnaire};
use serde::Serialize;

/// What does not add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContradictionCode {
    /// Under 18 or 36 and over, but every partner is 18 to 35.
    AgeVsYoungPartners,
    /// 18 to 35, but no partner is 18 to 35.
    AgeVsNoYoungPartner,
    /// A man, but every partner is a woman.
    GenderVsWomenPartners,
    /// A woman, but no partner is a woman.
    GenderVsNoWomanPartner,
    /// A man of 36 or over, but every partner is a woman or under 36.
    AgeGenderVsAllWomenOrUnder36,
    /// Growing a business they already have, which is still an idea.
    ExistingBusinessIsAnIdea,
    /// Starting a new business that has been running for over a year.
    NewBusinessRunningForYears,
    /// The opening date does not match how long the business has been running.
    StartDateVsStage,
    /// Lost their job, but works as an employee today.
    JobLossVsEmployee,
}

impl ContradictionCode {
    pub const ALL: [ContradictionCode; 9] = [
        ContradictionCode::AgeVsYoungPartners,
        ContradictionCode::AgeVsNoYoungPartner,
        ContradictionCode::GenderVsWomenPartners,
        ContradictionCode::GenderVsNoWomanPartner,
        ContradictionCode::AgeGenderVsAllWomenOrUnder36,
        ContradictionCode::ExistingBusinessIsAnIdea,
        ContradictionCode::NewBusinessRunningForYears,
        ContradictionCode::StartDateVsStage,
        ContradictionCode::JobLossVsEmployee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContradictionCode::AgeVsYoungPartners => "age_vs_young_partners",
            ContradictionCode::AgeVsNoYoungPartner => "age_vs_no_young_partner",
            ContradictionCode::GenderVsWomenPartners => "gender_vs_women_partners",
            ContradictionCode::GenderVsNoWomanPartner => "gender_vs_no_woman_partner",
            ContradictionCode::AgeGenderVsAllWomenOrUnder36 => "age_gender_vs_all_women_or_under36",
            ContradictionCode::ExistingBusinessIsAnIdea => "existing_business_is_an_idea",
            ContradictionCode::NewBusinessRunningForYears => "new_business_running_for_years",
            ContradictionCode::StartDateVsStage => "start_date_vs_stage",
            ContradictionCode::JobLossVsEmployee => "job_loss_vs_employee",
        }
    }
}

/// One contradiction and the questions to change (ids, in questionnaire order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    pub code: ContradictionCode,
    pub questions: Vec<&'static str>,
}

/// Every contradiction among the answers the person was asked, in [`ContradictionCode`] order. `today`
/// dates the start-date checks ("opened this month or last month").
pub fn contradictions(questionnaire: &Questionnaire, answers: &Answers, today: Date) -> Vec<Contradiction> {
    use ContradictionCode as C;
    // An answer counts only if its question is on the person's path.
    let asked = |id: &str| {
        if questionnaire.is_shown(id, answers) { answers.get(id) } else { None }
    };
    let choice = |id: &str| match asked(id) {
        Some(Answer::Choice(v)) => Some(v.as_str()),
        _ => None,
    };
    let number = |id: &str| match asked(id) {
        Some(Answer::Integer(n)) => Some(*n),
        _ => None,
    };
    let age = number("age");
    let gender = choice("gender");
    let mut out = Vec::new();
    let mut found = |code: C, questions: &[&'static str]| out.push(Contradiction { code, questions: questions.to_vec() });

    match (age, choice("young_share")) {
        (Some(a), Some("all")) if !(18..=35).contains(&a) => found(C::AgeVsYoungPartners, &["age", "young_share"]),
        (Some(a), Some("none")) if (18..=35).contains(&a) => found(C::AgeVsNoYoungPartner, &["age", "young_share"]),
        _ => {}
    }
    match (gender, choice("women_share")) {
        (Some("M"), Some("all")) => found(C::GenderVsWomenPartners, &["gender", "women_share"]),
        (Some("F"), Some("none")) => found(C::GenderVsNoWomanPartner, &["gender", "women_share"]),
        _ => {}
    }
    if let (Some(a), Some("M"), Some("si")) = (age, gender, choice("all_women_or_under36"))
        && a >= 36
    {
        found(C::AgeGenderVsAllWomenOrUnder36, &["age", "gender", "all_women_or_under36"]);
    }
    match (choice("purpose"), choice("stage")) {
        (Some("sviluppo_attivita_esistente"), Some("idea")) => found(C::ExistingBusinessIsAnIdea, &["purpose", "stage"]),
        (Some("nuova_attivita"), Some("m12_36" | "m36_60" | "gt60m")) => found(C::NewBusinessRunningForYears, &["purpose", "stage"]),
        _ => {}
    }
    if let (Some(stage), Some(Answer::Date(start))) = (choice("stage"), asked("start_date"))
        && !start_fits_stage(stage, *start, today)
    {
        found(C::StartDateVsStage, &["stage", "start_date"]);
    }
    if let (Some(Answer::Choices(v)), Some("dipendente")) = (asked("vulnerability"), choice("status"))
        && v.iter().any(|x| x == "disoccupazione")
    {
        found(C::JobLossVsEmployee, &["status", "vulnerability"]);
    }
    out
}

/// Whether an opening date fits the stage the person chose, as of `today`: "this month or last month",
/// "under 12 months", "1 to 3 years". A date in the future never fits a business already opened.
fn start_fits_stage(stage: &str, start: Date, today: Date) -> bool {
    if start > today {
        return false;
    }
    let first_of_last_month = months_before(first_of_month(today), 1);
    match stage {
        "appena_aperta" => start >= first_of_last_month,
        "lt12m" => start > months_before(today, 12),
        "m12_36" => start <= months_before(today, 12) && start > months_before(today, 36),
        _ => true,
    }
}

fn first_of_month(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

/// The same day `months` months earlier (the month's last day when it is shorter).
fn months_before(d: Date, months: u32) -> Date {
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 - i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(i32::MIN);
    let month = u8::try_from(total.rem_euclid(12) + 1).ok().and_then(|m| Month::try_from(m).ok()).unwrap_or(Month::January);
    Date::from_calendar_date(year, month, d.day().min(month.length(year))).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        crate::date::parse_iso(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn start_dates_by_stage() {
        let today = day("2026-03-10");
        assert!(start_fits_stage("appena_aperta", day("2026-02-01"), today));
        assert!(start_fits_stage("appena_aperta", day("2026-03-10"), today));
        assert!(!start_fits_stage("appena_aperta", day("2026-01-31"), today));
        assert!(!start_fits_stage("appena_aperta", day("2026-03-11"), today), "not in the future");
        assert!(start_fits_stage("lt12m", day("2025-03-11"), today));
        assert!(!start_fits_stage("lt12m", day("2025-03-10"), today));
        assert!(start_fits_stage("m12_36", day("2025-03-10"), today));
        assert!(start_fits_stage("m12_36", day("2023-03-11"), today));
        assert!(!start_fits_stage("m12_36", day("2023-03-10"), today));
        assert_eq!(months_before(day("2026-03-31"), 1), day("2026-02-28"));
        assert_eq!(months_before(day("2026-01-15"), 1), day("2025-12-15"));
    }
}
