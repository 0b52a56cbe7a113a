//! What a loan costs, on a results card: the monthly instalment and the total repaid for the person's amount
//! over the measure's longest term (core's `loan`, French amortisation), the rate and whether it is only an
//! example, and fields to try another amount and term.

use super::guide_terms::sources_list;
use crate::i18n::{I18n, k, t, use_i18n};
use leptos::prelude::*;
use microwork_core::Lang;
use microwork_core::loan::{Estimate, PersonLoan};
use microwork_core::questionnaire::{format_cents, format_euros, format_integer};

fn percent(rate: f64, lang: Lang) -> String {
    let s = format!("{}", (rate * 100.0).round() / 100.0);
    if lang == Lang::It { s.replace('.', ",") } else { s }
}

/// The plan in sentences: what is lent, the instalment, the total, the grace months, the part written off.
pub fn plan_text(i18n: I18n, loan: &PersonLoan, e: &Estimate) -> Vec<String> {
    let lang = i18n.lang();
    let s = &e.schedule;
    let mut out = Vec::new();
    if e.lent != e.amount {
        out.push(i18n.msg(k::results::LoanLent { amount: &format_euros(e.amount, lang), lent: &format_euros(e.lent, lang) }));
    }
    out.push(i18n.msg(k::results::LoanPlan {
        monthly: &format_cents(s.monthly_cents, lang),
        months: &format_integer(i64::from(s.months), lang),
        total: &format_cents(s.total_cents, lang),
    }));
    if s.grace_months > 0 {
        out.push(i18n.msg(k::results::LoanGrace {
            months: &format_integer(i64::from(s.grace_months), lang),
            monthly: &format_cents(s.grace_monthly_cents, lang),
        }));
    }
    if e.written_off > 0 {
        out.push(i18n.msg(k::results::loan_written_off(&format_euros(e.written_off, lang))));
    }
    out.push(rate_text(i18n, loan));
    out
}

fn rate_text(i18n: I18n, loan: &PersonLoan) -> String {
    let lang = i18n.lang();
    if loan.is_illustrative() {
        i18n.msg(k::results::loan_rate_illustrative(&percent(loan.rate.percent, lang)))
    } else if loan.rate.percent == 0.0 {
        i18n.text(k::results::LOAN_RATE_ZERO)
    } else {
        i18n.msg(k::results::loan_rate_fixed(&percent(loan.rate.percent, lang)))
    }
}

/// The short version for the folded card: the plan for the person's own amount, or what to do without one.
#[component]
pub fn LoanSummary(loan: PersonLoan) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mw-outcome__loan">
            {move || match &loan.estimate {
                Some(e) => plan_text(i18n, &loan, e).into_iter().map(|line| view! { <p>{line}</p> }).collect_view().into_any(),
                None => view! { <p>{t(k::results::LOAN_NO_AMOUNT)}</p><p>{rate_text(i18n, &loan)}</p> }.into_any(),
            }}
        </div>
    }
}

/// Another amount and another term: the same plan, recomputed as the person types or moves the slider.
#[component]
pub fn LoanCalculator(loan: PersonLoan, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let longest = loan.max_term_months.max(1);
    let amount = RwSignal::new(loan.estimate.map(|e| e.amount.to_string()).unwrap_or_default());
    let months = RwSignal::new(longest.to_string());
    let (amount_id, months_id) = (format!("loan-amount-{id}"), format!("loan-months-{id}"));
    let note = loan.rate.note.clone();
    let source = loan.rate.source.clone();
    let result = {
        let loan = loan.clone();
        move || {
            let typed: String = amount.get().chars().filter(char::is_ascii_digit).collect();
            let term = months.get().parse::<u32>().ok();
            match typed.parse::<i64>().ok().map(|a| loan.estimate(a, term)) {
                Some(Ok(e)) => plan_text(i18n, &loan, &e).join(" "),
                _ => i18n.text(k::results::LOAN_BAD_AMOUNT),
            }
        }
    };
    let min_months = longest.min(12);
    view! {
        <div class="mw-loan-calculator">
            <h4>{t(k::results::LOAN_TRY)}</h4>
            <div class="mw-field">
                <label class="mw-label" for=amount_id.clone()>{t(k::results::LOAN_AMOUNT_LABEL)}</label>
                <input class="mw-input mw-input--short" id=amount_id type="text" inputmode="numeric" autocomplete="off"
                    prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
            </div>
            <div class="mw-field">
                <label class="mw-label" for=months_id.clone()>{move || i18n.msg(k::results::loan_months_label(&months.get()))}</label>
                <input class="mw-range" id=months_id type="range" min=min_months max=longest step="1"
                    prop:value=move || months.get() on:input=move |ev| months.set(event_target_value(&ev)) />
            </div>
            <p class="mw-loan-calculator__result" aria-live="polite">{result}</p>
            {move || note.as_ref().map(|n| view! { <p class="mw-hint">{n.get(i18n.lang()).to_string()}</p> })}
            {source.map(|s| view! { <p class="mw-hint">{t(k::results::LOAN_RATE_SOURCE)} ":"</p>{sources_list(i18n, &[s])}})}
        </div>
    }
}
