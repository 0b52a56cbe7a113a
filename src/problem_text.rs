//! The sentence for a contact-form problem, from `locales/<lang>.json` under `problems` (the server words its
//! refusals from the same keys). Core gives the key ([`Problem::message_key`]); leptos_i18n needs literal
//! key paths, hence the match (a runtime lookup by key replaces it when the app's i18n does).

use crate::i18n::*;
use microwork_core::contact::Problem;

pub fn problem_text(locale: Locale, problem: &Problem) -> String {
    let text = match problem.message_key() {
        "name_required" => td_string!(locale, problems.name_required),
        "name_too_long" => td_string!(locale, problems.name_too_long),
        "email_or_phone_required" => td_string!(locale, problems.email_or_phone_required),
        "email_invalid" => td_string!(locale, problems.email_invalid),
        "phone_invalid" => td_string!(locale, problems.phone_invalid),
        "channel_needs_phone" => td_string!(locale, problems.channel_needs_phone),
        "channel_needs_email" => td_string!(locale, problems.channel_needs_email),
        "channel_invalid" => td_string!(locale, problems.channel_invalid),
        "time_window_invalid" => td_string!(locale, problems.time_window_invalid),
        "message_too_long" => td_string!(locale, problems.message_too_long),
        "consent_required" => td_string!(locale, problems.consent_required),
        "desk_invalid" => td_string!(locale, problems.desk_invalid),
        "comune_invalid" => td_string!(locale, problems.comune_invalid),
        "assessment_without_consent" => td_string!(locale, problems.assessment_without_consent),
        "control_characters" => td_string!(locale, problems.control_characters),
        "too_long" => td_string!(locale, problems.too_long),
        _ => td_string!(locale, problems.invalid),
    };
    text.to_string()
}
