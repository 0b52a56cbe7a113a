//! One module per page (and the parts only one page uses). Pages are views: they read signals, call core
//! and render; every decision they show is a tested function of `microwork_core`.

pub mod about;
pub mod check_answers;
pub mod config_error;
pub mod contact;
pub mod contact_form;
pub mod contact_sent;
pub mod desk_card;
pub mod desk_report;
pub mod guide;
pub mod guide_faq;
pub mod guide_glossary;
pub mod guide_terms;
pub mod integrate;
pub mod not_found;
pub mod outcome_card;
pub mod outcome_loan;
pub mod privacy;
pub mod question;
pub mod request_status;
pub mod results;
pub mod self_check;
pub mod sportelli;
pub mod sportelli_filters;
pub mod sportello;
pub mod start;
