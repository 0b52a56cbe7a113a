//! The contact form's fields: what the person types (one signal each), the request they make, and the form
//! itself. Validation is core's `ContactForm::validate`, the same function the server runs.

use crate::components::button::Button;
use crate::components::character_count::CharacterCount;
use crate::components::checkboxes::Checkbox;
use crate::components::details::Details;
use crate::components::error_summary::FormProblem;
use crate::components::place_search::{PickedComune, PlaceSearch};
use crate::components::radios::{Choice, Radios};
use crate::components::select::Select;
use crate::components::text_input::TextInput;
use crate::data::use_data;
use crate::i18n::{I18n, k, t, tr, use_i18n};
use crate::routes::{Route, SportelliQuery};
use crate::selfcheck::AttachableSummary;
use crate::wording::problems::anchor;
use leptos::prelude::*;
use microwork_core::contact::{Channel, ContactForm, Field, MESSAGE_MAX_CHARS, TimeWindow};
use microwork_core::geo::format_km;

/// What the person typed, chose and ticked.
#[derive(Clone, Copy)]
pub struct Fields {
    pub desk: RwSignal<String>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub comune: RwSignal<Option<PickedComune>>,
    pub channel: RwSignal<String>,
    pub time_window: RwSignal<String>,
    pub message: RwSignal<String>,
    pub consent: RwSignal<bool>,
    pub attach: RwSignal<bool>,
    /// The honeypot.
    pub website: RwSignal<String>,
}

fn some(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

impl Fields {
    pub fn new(desk: Option<String>) -> Fields {
        Fields {
            desk: RwSignal::new(desk.unwrap_or_default()),
            name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            comune: RwSignal::new(None),
            channel: RwSignal::new(String::new()),
            time_window: RwSignal::new(TimeWindow::default().as_str().to_string()),
            message: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
            attach: RwSignal::new(false),
            website: RwSignal::new(String::new()),
        }
    }

    /// Puts a request back in the form (one the server refused, to be corrected).
    pub fn fill(self, f: ContactForm) {
        let text = |v: Option<String>| v.unwrap_or_default();
        self.desk.set(text(f.desk_id));
        self.name.set(f.name);
        self.email.set(text(f.email));
        self.phone.set(text(f.phone));
        self.channel.set(text(f.channel));
        self.time_window.set(f.time_window.unwrap_or_else(|| TimeWindow::default().as_str().to_string()));
        self.message.set(text(f.message));
        self.consent.set(f.consent_privacy);
    }

    /// The request as the API takes it.
    pub fn to_form(self, request_id: String, i18n: I18n, partner: Option<String>, summary: Option<serde_json::Value>) -> ContactForm {
        let assessment = summary.filter(|_| self.attach.get_untracked());
        ContactForm {
            request_id,
            desk_id: some(self.desk.get_untracked()),
            name: self.name.get_untracked(),
            email: some(self.email.get_untracked()),
            phone: some(self.phone.get_untracked()),
            comune_istat: self.comune.get_untracked().map(|c| c.istat),
            channel: some(self.channel.get_untracked()),
            time_window: some(self.time_window.get_untracked()),
            message: some(self.message.get_untracked()),
            consent_privacy: self.consent.get_untracked(),
            consent_share_assessment: assessment.is_some(),
            assessment,
            partner,
            lang: Some(i18n.lang_untracked().code().to_string()),
            website: some(self.website.get_untracked()),
        }
    }
}

fn channel_label(c: Channel) -> crate::i18n::Key {
    match c {
        Channel::Phone => k::contact::CHANNEL_PHONE,
        Channel::Email => k::contact::CHANNEL_EMAIL,
        Channel::Whatsapp => k::contact::CHANNEL_WHATSAPP,
    }
}

pub fn time_window_label(w: TimeWindow) -> crate::i18n::Key {
    match w {
        TimeWindow::Morning => k::contact::TIME_MORNING,
        TimeWindow::Afternoon => k::contact::TIME_AFTERNOON,
        TimeWindow::Evening => k::contact::TIME_EVENING,
        TimeWindow::Any => k::contact::TIME_ANY,
    }
}

/// The form's controls. `problems`: what the error summary lists (each control shows its own).
#[component]
pub fn ContactFields(fields: Fields, problems: RwSignal<Vec<FormProblem>>, summary: Signal<Option<AttachableSummary>>) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    let error = move |field: Field| {
        let id = anchor(field);
        Signal::derive(move || problems.read().iter().find(|p| id.is_some() && p.field == id).map(|p| p.message.clone()))
    };
    // The online network first (it always answers), then by comune.
    let desks = Signal::derive(move || match data.desks() {
        Some(Ok(index)) => index
            .contact_choices(i18n.lang())
            .into_iter()
            .map(|c| (c.id, format!("{} – {}", c.place.unwrap_or_else(|| i18n.text(k::contact::DESK_ONLINE)), c.name)))
            .collect(),
        _ => Vec::new(),
    });
    let channels = Signal::derive(move || Channel::ALL.map(|c| Choice::new(c.as_str(), i18n.text(channel_label(c)))).to_vec());
    let windows = Signal::derive(move || TimeWindow::ALL.map(|w| Choice::new(w.as_str(), i18n.text(time_window_label(w)))).to_vec());
    let desk_hint = ViewFn::from(move || view! {
        {t(k::contact::DESK_HINT)} " " <a href=Route::Sportelli(SportelliQuery::default()).href()>{t(k::contact::DESK_FIND)}</a>
    });
    view! {
        <Select id="desk_id" label=t(k::contact::DESK) options=desks value=fields.desk hint=desk_hint error=error(Field::DeskId)
            on_change=Callback::new(move |v| fields.desk.set(v)) />
        <DeskCaution desk=fields.desk />
        <TextInput id="name" label=t(k::contact::NAME) value=fields.name error=error(Field::Name) autocomplete="name" />
        <fieldset class="mw-fieldset" aria-describedby="contact-hint">
            <legend class="mw-fieldset__legend">{t(k::contact::HOW_TITLE)}</legend>
            <p class="mw-hint" id="contact-hint">{t(k::contact::CONTACT_HINT)}</p>
            <TextInput id="email" label=t(k::contact::EMAIL) value=fields.email error=error(Field::Email)
                input_type="email" autocomplete="email" inputmode="email" />
            <TextInput id="phone" label=t(k::contact::PHONE) value=fields.phone error=error(Field::Phone)
                input_type="tel" autocomplete="tel" inputmode="tel" />
        </fieldset>
        <PlaceSearch id="comune_istat" label=t(k::contact::COMUNE) hint=t(k::contact::COMUNE_HINT) error=error(Field::ComuneIstat)
            on_pick=Callback::new(move |p: Option<PickedComune>| fields.comune.set(p)) />
        <Radios id="channel" legend=t(k::contact::CHANNEL) options=channels value=fields.channel error=error(Field::Channel) inline=true />
        <Radios id="time_window" legend=t(k::contact::TIME) options=windows value=fields.time_window error=error(Field::TimeWindow) />
        <CharacterCount id="message" label=t(k::contact::MESSAGE) hint=tr(k::contact::MESSAGE_HINT)
            value=fields.message error=error(Field::Message) max=MESSAGE_MAX_CHARS />
        <Checkbox id="consent_privacy" checked=fields.consent error=error(Field::ConsentPrivacy)>{t(k::contact::CONSENT)}</Checkbox>
        <p><a href=Route::Privacy.href() target="_blank" rel="noopener">{t(k::contact::PRIVACY_LINK)}</a></p>
        {move || summary.get().map(|s| view! { <AttachSummary summary=s attach=fields.attach /> })}
        // Honeypot: hidden from people and assistive technology; bots that fill every field fill this too.
        <div class="mw-honeypot" aria-hidden="true">
            <label for="website">"Website"</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" bind:value=fields.website />
        </div>
    }
}

/// Before sending to an office no recent source reports working: say so, and offer the nearest confirmed office
/// and the online network (core's `DeskIndex::alternatives`), each one tap away.
#[component]
fn DeskCaution(desk: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = use_data();
    move || {
        let Some(Ok(index)) = data.desks() else { return None };
        // Warned exactly when the locator says "da verificare" (core's `Desk::is_confirmed`, the file's months).
        let alt = index.alternatives(&desk.get(), crate::dom::today())?;
        let lang = i18n.lang();
        let nearest = alt.nearest_confirmed.map(|hit| {
            let (id, name) = (hit.desk.id.clone(), hit.desk.name.get(lang).to_string());
            let place = hit.desk.location.as_ref().map(|l| format!("{} ({})", l.comune.name, l.comune.prov)).unwrap_or_default();
            let km = format_km(hit.km, lang);
            view! {
                <p>{i18n.msg(k::contact::NearestConfirmed { name: &name, place: &place, km: &km })}</p>
                <p>
                    <button type="button" class="mw-button mw-button--secondary mw-button--small" on:click=move |_| desk.set(id.clone())>
                        {t(k::contact::CHOOSE_NEAREST)} <span class="mw-visually-hidden">": " {name.clone()}</span>
                    </button>
                </p>
            }
        });
        let online = alt.online.map(|o| {
            let id = o.id.clone();
            view! {
                <p>{t(k::contact::ONLINE_ALTERNATIVE)}</p>
                <p>
                    <button type="button" class="mw-button mw-button--secondary mw-button--small" on:click=move |_| desk.set(id.clone())>
                        {t(k::contact::CHOOSE_ONLINE)}
                    </button>
                </p>
            }
        });
        Some(view! {
            <div class="mw-panel mw-panel--notice mw-caution" id="desk-caution">
                <p><strong>{t(k::contact::UNCONFIRMED)}</strong></p>
                {nearest}
                {online}
            </div>
        })
    }
}

/// The submit button, or (with no contact endpoint) the e-mail to write instead.
#[component]
pub fn SendButton(sending: Signal<bool>, mail: Option<Signal<String>>) -> impl IntoView {
    let i18n = use_i18n();
    match mail {
        None => view! {
            <Button busy=sending>{move || i18n.text(if sending.get() { k::contact::SENDING } else { k::contact::SUBMIT })}</Button>
        }
        .into_any(),
        Some(href) => view! { <a class="mw-button" href=href>{t(k::contact::MAIL_BUTTON)}</a> }.into_any(),
    }
}

/// The optional consent to attach the self-check, with exactly what would be sent.
#[component]
fn AttachSummary(summary: AttachableSummary, attach: RwSignal<bool>) -> impl IntoView {
    view! {
        <Checkbox id="consent_share_assessment" checked=attach hint_id="attach-hint">{t(k::contact::ATTACH)}</Checkbox>
        <p class="mw-hint" id="attach-hint">{t(k::contact::ATTACH_HINT)}</p>
        <Details summary=t(k::contact::ATTACH_PREVIEW)>
            <h2 class="mw-heading-s">{t(k::contact::ATTACH_OUTCOMES)}</h2>
            <ul class="mw-list">{summary.outcomes.into_iter().map(|(name, status)| view! { <li>{name} ": " {status}</li> }).collect_view()}</ul>
            <h2 class="mw-heading-s">{t(k::contact::ATTACH_ANSWERS)}</h2>
            <dl class="mw-summary-list">
                {summary.answers.into_iter().map(|(q, a)| view! { <div class="mw-summary-list__row"><dt>{q}</dt><dd>{a}</dd></div> }).collect_view()}
            </dl>
        </Details>
    }
}
