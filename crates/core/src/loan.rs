//! What a loan costs: the French amortisation (fixed monthly instalments, "rata costante alla francese",
//! the plan Italian banks and microcredit lenders use), with an optional grace period (preammortamento)
//! in which only interest is paid, and the estimate for a person's amount under a measure's terms.
//!
//! Money is in euro cents (`i64`). Each month's interest is rounded to the cent and the last instalment
//! absorbs what rounding leaves, as a bank's repayment plan does, so the total repaid is exact.

use crate::rules::model::{LoanTerms, Rate, RateBasis};

/// The question whose answer is the amount a person needs (euros).
pub const AMOUNT_QUESTION: &str = "amount";
use serde::Serialize;

/// Why a repayment plan cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoanError {
    #[error("the amount must be more than zero")]
    NoAmount,
    #[error("the term must be at least one month")]
    NoTerm,
    #[error("the interest rate must be a percentage from 0 up")]
    BadRate,
}

/// A repayment plan in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schedule {
    /// What is borrowed.
    pub principal_cents: i64,
    /// Monthly instalments after the grace period.
    pub months: u32,
    /// The instalment of every month but the last.
    pub monthly_cents: i64,
    /// The last instalment (the rounding differences end up here).
    pub last_cents: i64,
    /// Months at the start with interest only (0 at a zero rate).
    pub grace_months: u32,
    /// What each grace month costs (interest only).
    pub grace_monthly_cents: i64,
    /// Everything paid back: grace interest and every instalment.
    pub total_cents: i64,
    /// `total_cents - principal_cents`.
    pub interest_cents: i64,
}

/// The French amortisation of `principal_cents` at a yearly nominal rate (TAN) of `annual_percent`, over
/// `months` monthly instalments, after `grace_months` of interest only. At 0% every instalment is the
/// principal divided by the months.
pub fn french(principal_cents: i64, annual_percent: f64, months: u32, grace_months: u32) -> Result<Schedule, LoanError> {
    if principal_cents <= 0 {
        return Err(LoanError::NoAmount);
    }
    if months == 0 {
        return Err(LoanError::NoTerm);
    }
    if !annual_percent.is_finite() || annual_percent < 0.0 {
        return Err(LoanError::BadRate);
    }
    let r = annual_percent / 1200.0;
    let p = principal_cents as f64;
    let n = f64::from(months);
    let exact = if r == 0.0 { p / n } else { p * r / (1.0 - (1.0 + r).powf(-n)) };
    let monthly = exact.round() as i64;
    let interest_on = |balance: i64| (balance as f64 * r).round() as i64;
    let grace_monthly = interest_on(principal_cents);
    let mut total = grace_monthly * i64::from(grace_months);
    let mut balance = principal_cents;
    let mut last = monthly;
    for k in 1..=months {
        let interest = interest_on(balance);
        let pay = if k == months { balance + interest } else { monthly.min(balance + interest) };
        balance -= pay - interest;
        total += pay;
        last = pay;
    }
    Ok(Schedule {
        principal_cents,
        months,
        monthly_cents: monthly,
        last_cents: last,
        grace_months,
        grace_monthly_cents: grace_monthly,
        total_cents: total,
        interest_cents: total - principal_cents,
    })
}

/// A measure's loan terms for one person (conditions already applied by the engine).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonLoan {
    pub max_term_months: u32,
    pub grace_months: u32,
    /// How much of the person's amount is lent, in percent.
    pub lends_percent: u32,
    pub max_amount: Option<i64>,
    /// The share of the loan that is paid back, in percent (100 but for write-offs).
    pub repaid_percent: u32,
    pub rate: Rate,
    /// The plan for the person's own amount over the longest term, when the amount is known.
    pub estimate: Option<Estimate>,
}

/// What the person would borrow and repay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// The amount the person gave, in euros.
    pub amount: i64,
    /// The part of it that is lent, in euros (capped at the measure's maximum).
    pub lent: i64,
    /// The part of the loan that is written off and never repaid, in euros.
    pub written_off: i64,
    pub schedule: Schedule,
}

impl PersonLoan {
    /// Resolves a measure's terms: every adjustment whose condition holds (`holds(i)` for
    /// `terms.adjust[i]`) overrides the base figures, in order.
    pub fn resolve(terms: &LoanTerms, holds: impl Fn(usize) -> bool) -> PersonLoan {
        let mut out = PersonLoan {
            max_term_months: terms.max_term_months,
            grace_months: terms.grace_months,
            lends_percent: terms.lends_percent,
            max_amount: terms.max_amount,
            repaid_percent: terms.repaid_percent,
            rate: terms.rate.clone(),
            estimate: None,
        };
        for (_, a) in terms.adjust.iter().enumerate().filter(|(i, _)| holds(*i)) {
            out.lends_percent = a.lends_percent.unwrap_or(out.lends_percent);
            out.max_amount = a.max_amount.or(out.max_amount);
            out.repaid_percent = a.repaid_percent.unwrap_or(out.repaid_percent);
        }
        out
    }

    /// The plan for `amount` euros over `months` (the longest term when `None`; clamped to 1..=longest):
    /// what the app shows next to a slider or an amount field.
    pub fn estimate(&self, amount: i64, months: Option<u32>) -> Result<Estimate, LoanError> {
        if amount <= 0 {
            return Err(LoanError::NoAmount);
        }
        let lent = percent_of(amount, self.lends_percent);
        let lent = self.max_amount.map_or(lent, |m| lent.min(m));
        let repaid = percent_of(lent, self.repaid_percent);
        let months = months.unwrap_or(self.max_term_months).clamp(1, self.max_term_months.max(1));
        let grace = if self.rate.percent == 0.0 { 0 } else { self.grace_months };
        let schedule = french(repaid.saturating_mul(100), self.rate.percent, months, grace)?;
        Ok(Estimate { amount, lent, written_off: lent - repaid, schedule })
    }

    /// Whether the figures use a real rate (set by the measure) or only an example.
    pub fn is_illustrative(&self) -> bool {
        self.rate.basis == RateBasis::Illustrative
    }
}

/// `percent`% of `n`, rounded to the nearest unit.
fn percent_of(n: i64, percent: u32) -> i64 {
    i64::try_from((i128::from(n) * i128::from(percent) + 50) / 100).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples() {
        // €10,000 at 5% over 5 years: the textbook €188.71 a month, €1,322.74 of interest.
        let s = french(1_000_000, 5.0, 60, 0).unwrap();
        assert_eq!((s.monthly_cents, s.interest_cents, s.total_cents), (18_871, 132_274, 1_132_274));
        // €100,000 at 6% over 10 years: €1,110.21 a month.
        let s = french(10_000_000, 6.0, 120, 0).unwrap();
        assert_eq!(s.monthly_cents, 111_021);
        assert_eq!(s.total_cents, 13_322_433);
        // €200,000 at 3.5% over 30 years: €898.09 a month.
        assert_eq!(french(20_000_000, 3.5, 360, 0).unwrap().monthly_cents, 89_809);
    }

    #[test]
    fn zero_interest_divides_the_principal_and_the_last_instalment_evens_it_out() {
        let s = french(2_500_000, 0.0, 84, 0).unwrap();
        assert_eq!((s.monthly_cents, s.last_cents), (29_762, 29_754));
        assert_eq!((s.total_cents, s.interest_cents), (2_500_000, 0));
        let s = french(3_600_000, 0.0, 84, 12).unwrap();
        assert_eq!((s.grace_monthly_cents, s.total_cents), (0, 3_600_000));
    }

    #[test]
    fn a_grace_period_costs_interest_only() {
        let s = french(1_000_000, 5.0, 60, 6).unwrap();
        // €10,000 × 5% / 12 = €41.67 a month for 6 months, then the same plan as without grace.
        assert_eq!(s.grace_monthly_cents, 4_167);
        assert_eq!(s.total_cents, 1_132_274 + 6 * 4_167);
    }

    #[test]
    fn the_plan_adds_up() {
        for (p, rate, n) in [(123_456, 7.3, 37), (5_000_000, 0.0, 1), (999_999, 12.0, 240)] {
            let s = french(p, rate, n, 0).unwrap();
            assert_eq!(s.total_cents, s.monthly_cents * i64::from(n - 1) + s.last_cents);
            assert!((s.last_cents - s.monthly_cents).abs() <= i64::from(n), "{s:?}");
        }
    }

    #[test]
    fn nonsense_is_refused() {
        assert_eq!(french(0, 5.0, 60, 0), Err(LoanError::NoAmount));
        assert_eq!(french(100, 5.0, 0, 0), Err(LoanError::NoTerm));
        assert_eq!(french(100, -1.0, 12, 0), Err(LoanError::BadRate));
        assert_eq!(french(100, f64::NAN, 12, 0), Err(LoanError::BadRate));
    }

    fn loan(lends: u32, max: Option<i64>, repaid: u32, rate: f64, term: u32) -> PersonLoan {
        PersonLoan {
            max_term_months: term,
            grace_months: 0,
            lends_percent: lends,
            max_amount: max,
            repaid_percent: repaid,
            rate: Rate { percent: rate, basis: RateBasis::Fixed, source: None, note: None },
            estimate: None,
        }
    }

    #[test]
    fn estimates_apply_the_share_lent_the_cap_and_the_write_off() {
        // ON-like: 70% of €200,000 lent at 0% over 10 years.
        let e = loan(70, None, 100, 0.0, 120).estimate(200_000, None).unwrap();
        assert_eq!((e.lent, e.written_off, e.schedule.monthly_cents), (140_000, 0, 116_667));
        // Capped at €75,000.
        let e = loan(100, Some(75_000), 100, 0.0, 120).estimate(90_000, None).unwrap();
        assert_eq!(e.lent, 75_000);
        // Smart&Start in the South: 80% lent, 70% of it repaid.
        let e = loan(80, None, 70, 0.0, 120).estimate(300_000, Some(60)).unwrap();
        assert_eq!((e.lent, e.written_off, e.schedule.months), (240_000, 72_000, 60));
        assert_eq!(e.schedule.total_cents, 16_800_000);
        // A term beyond the measure's longest is clamped to it.
        assert_eq!(loan(100, None, 100, 0.0, 84).estimate(10_000, Some(200)).unwrap().schedule.months, 84);
        assert_eq!(loan(100, None, 100, 0.0, 84).estimate(0, None), Err(LoanError::NoAmount));
    }
}
