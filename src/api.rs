//! Every request the app makes goes through here; pages never see a URL. What an HTTP status means is decided
//! in one place, core's `outbox::Attempt::from_status`; this module only reports what came back.

use crate::routes::asset;
use gloo_net::http::Request;
use microwork_core::Lang;
use microwork_core::config::AppConfig;
use microwork_core::contact::ContactForm;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: could not be downloaded ({detail})")]
    Network { file: String, detail: String },
    #[error("{file}: the server answered {status}")]
    Status { file: String, status: u16 },
    #[error("{0}")]
    Invalid(String),
}

/// The answer boot.js already asked for at this address (`window.mwEarly`, see public/boot.js), taken once.
async fn early_answer(url: &str) -> Option<gloo_net::http::Response> {
    use wasm_bindgen::JsCast;
    let early = js_sys::Reflect::get(&web_sys::window()?.into(), &"mwEarly".into()).ok()?.dyn_into::<js_sys::Object>().ok()?;
    let key = wasm_bindgen::JsValue::from_str(url);
    let answer = js_sys::Reflect::get(&early, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&early, &key);
    // A request that failed there is made again here.
    let response = wasm_bindgen_futures::JsFuture::from(answer).await.ok()?.dyn_into::<web_sys::Response>().ok()?;
    Some(response.into())
}

/// A file of the app (`config.json`, `data/…`, `locales/…`) as text.
pub(crate) async fn get_text(url: &str) -> Result<String, LoadError> {
    let network = |e: gloo_net::Error| LoadError::Network { file: url.to_string(), detail: e.to_string() };
    let response = match early_answer(url).await {
        Some(response) => response,
        None => Request::get(url).send().await.map_err(network)?,
    };
    if !response.ok() {
        return Err(LoadError::Status { file: url.to_string(), status: response.status() });
    }
    response.text().await.map_err(network)
}

pub async fn load_config() -> Result<AppConfig, LoadError> {
    let text = get_text(&asset("config.json")).await?;
    AppConfig::parse(&text).map_err(|e| LoadError::Invalid(e.to_string()))
}

/// What the server answered to a request: its status, its `Retry-After` in seconds, its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub retry_after_s: Option<f64>,
    pub body: String,
}

/// No answer at all: offline, DNS, connection refused, or no answer within [`SEND_TIMEOUT_MS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoAnswer;

/// A request that hangs longer than this is abandoned and retried later (with the same request_id).
pub const SEND_TIMEOUT_MS: i32 = 20_000;

/// An AbortSignal that fires after `ms`, so a connection that never answers does not block the outbox.
fn timeout_signal(ms: i32) -> Option<web_sys::AbortSignal> {
    use wasm_bindgen::JsCast;
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    web_sys::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), ms).ok()?;
    Some(signal)
}

pub async fn post_contact_request(endpoint: &str, form: &ContactForm) -> Result<Answer, NoAnswer> {
    let signal = timeout_signal(SEND_TIMEOUT_MS);
    let request = Request::post(endpoint).abort_signal(signal.as_ref()).json(form).map_err(|_| NoAnswer)?;
    let response = request.send().await.map_err(|_| NoAnswer)?;
    let retry_after_s = response.headers().get("retry-after").and_then(|v| v.trim().parse::<f64>().ok());
    // A body cut off on the way reads as empty: whoever reads it treats it as unreadable.
    let body = response.text().await.unwrap_or_default();
    Ok(Answer { status: response.status(), retry_after_s, body })
}

/// Posts `body` as JSON (a desk report, issue 19); the answer, or none.
pub async fn post_json<T: serde::Serialize>(endpoint: &str, body: &T) -> Result<Answer, NoAnswer> {
    let signal = timeout_signal(SEND_TIMEOUT_MS);
    let request = Request::post(endpoint).abort_signal(signal.as_ref()).json(body).map_err(|_| NoAnswer)?;
    let response = request.send().await.map_err(|_| NoAnswer)?;
    let body = response.text().await.unwrap_or_default();
    Ok(Answer { status: response.status(), retry_after_s: None, body })
}

/// What the person does with their own request, with its status secret (issue 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCall {
    /// `GET …/{reference}/status`
    Read,
    /// `POST …/{reference}/escalate`: nobody contacted me.
    Escalate,
    /// `DELETE …/{reference}`: withdraw and erase.
    Withdraw,
}

/// One of [`StatusCall`] for `reference`, next to the contact endpoint, with `Authorization: Bearer <secret>`.
pub async fn status_call(endpoint: &str, reference: &str, secret: &str, call: StatusCall) -> Result<Answer, NoAnswer> {
    let base = format!("{}/{}", endpoint.trim_end_matches('/'), reference);
    let auth = format!("Bearer {secret}");
    let signal = timeout_signal(SEND_TIMEOUT_MS);
    let request = match call {
        StatusCall::Read => Request::get(&format!("{base}/status")),
        StatusCall::Escalate => Request::post(&format!("{base}/escalate")),
        StatusCall::Withdraw => Request::delete(&base),
    };
    let response = request.header("Authorization", &auth).abort_signal(signal.as_ref()).send().await.map_err(|_| NoAnswer)?;
    let body = response.text().await.unwrap_or_default();
    Ok(Answer { status: response.status(), retry_after_s: None, body })
}

/// A region as in `data/regioni.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
}

async fn get_json<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, LoadError> {
    let text = get_text(&asset(path)).await?;
    serde_json::from_str(&text).map_err(|e| LoadError::Invalid(format!("{path}: {e}")))
}

pub async fn load_regions() -> Result<Vec<Region>, LoadError> {
    get_json("data/regioni.json").await
}

/// A language's data-text overlay (`None` for Italian and English). A failed download is not an error: the texts
/// then show in English, as any text the overlay lacks.
pub async fn load_overlay(lang: Lang) -> Option<microwork_core::overlay::Overlay> {
    let url = crate::i18n::overlay_url(lang)?;
    let text = get_text(&url).await.ok()?;
    microwork_core::overlay::parse(&text).ok()
}

/// A data file with texts (`stem`: `"questionnaire"`) in the copy `lang` reads: the build ships one per inline
/// language (crates/build, `languages.rs`), so a person downloads the texts of one language only.
fn data_file(stem: &str, lang: Lang) -> String {
    asset(&format!("data/{stem}.{}.json", lang.inline().code()))
}

/// A data file's JSON with the overlay's texts for it (`stem`: `"questionnaire"`) written in.
pub fn with_overlay(json: String, stem: &str, overlay: Option<&microwork_core::overlay::Overlay>) -> String {
    match overlay.and_then(|o| o.get(stem)) {
        Some(texts) => microwork_core::overlay::apply_json(&json, Some(texts)).unwrap_or(json),
        None => json,
    }
}

/// The questionnaire alone (the self-check's pages), with its texts in `lang` where it has an overlay.
pub async fn load_questionnaire(lang: Lang) -> Result<microwork_core::questionnaire::Questionnaire, LoadError> {
    let (text, overlay) = futures_util::future::join(get_text(&data_file("questionnaire", lang)), load_overlay(lang)).await;
    let text = with_overlay(text?, "questionnaire", overlay.as_ref());
    microwork_core::questionnaire::Questionnaire::from_json(&text).map_err(|e| LoadError::Invalid(e.to_string()))
}

/// The questionnaire and the instruments, with their texts in `lang` where it has an overlay.
pub async fn load_rules(lang: Lang) -> Result<microwork_core::rules::Rulebook, LoadError> {
    // All files at once: on a slow connection the wait is the longest of them, not their sum.
    let (questionnaire, instruments, overlay) = futures_util::future::join3(
        get_text(&data_file("questionnaire", lang)),
        get_text(&data_file("instruments", lang)),
        load_overlay(lang),
    )
    .await;
    let questionnaire = with_overlay(questionnaire?, "questionnaire", overlay.as_ref());
    let instruments = with_overlay(instruments?, "instruments", overlay.as_ref());
    // Checked when the app was built (crates/build refuses data the engine could not read faithfully).
    microwork_core::rules::Rulebook::from_checked_json(&questionnaire, &instruments).map(|rb| rb.with_overlay_language(lang)).map_err(|problems| {
        LoadError::Invalid(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    })
}

/// Each measure's name and when it takes applications (written by the build from the rules), with the names in
/// `lang` where it has an overlay: the overlay's instrument texts apply, the file having instruments.json's shape.
pub async fn load_measures(lang: Lang) -> Result<microwork_core::sportelli::MeasureList, LoadError> {
    let (text, overlay) = futures_util::future::join(get_text(&asset("data/measures.json")), load_overlay(lang)).await;
    let text = with_overlay(text?, "instruments", overlay.as_ref());
    microwork_core::sportelli::MeasureList::from_json(&text).map_err(|e| LoadError::Invalid(format!("measures.json: {e}")))
}

/// The glossary, for the guide and for linking terms on the results page, with its texts in `lang` where it has
/// an overlay.
pub async fn load_glossary(lang: Lang) -> Result<microwork_core::glossary::Glossary, LoadError> {
    let (text, overlay) = futures_util::future::join(get_text(&data_file("glossary", lang)), load_overlay(lang)).await;
    let text = with_overlay(text?, "glossary", overlay.as_ref());
    microwork_core::glossary::Glossary::from_json(&text).map_err(|e| LoadError::Invalid(e.to_string()))
}

/// The guide's pages and its frequently asked questions, both at once, with their texts in `lang` where it has an
/// overlay.
pub async fn load_guide(lang: Lang) -> Result<(microwork_core::guide::Guide, microwork_core::guide::Faq), LoadError> {
    let (guide, faq, overlay) = futures_util::future::join3(
        get_text(&data_file("guide", lang)),
        get_text(&data_file("faq", lang)),
        load_overlay(lang),
    )
    .await;
    let guide = with_overlay(guide?, "guide", overlay.as_ref());
    let faq = with_overlay(faq?, "faq", overlay.as_ref());
    let guide = microwork_core::guide::Guide::from_json(&guide).map_err(|e| LoadError::Invalid(e.to_string()))?;
    let faq = microwork_core::guide::Faq::from_json(&faq).map_err(|e| LoadError::Invalid(e.to_string()))?;
    Ok((guide, faq))
}

pub async fn load_comuni() -> Result<microwork_core::geo::Gazetteer, LoadError> {
    let text = get_text(&asset("data/comuni.json")).await?;
    microwork_core::geo::Gazetteer::from_json(&text).map_err(|e| LoadError::Invalid(format!("comuni.json: {e}")))
}

pub async fn load_desks() -> Result<microwork_core::geo::DeskIndex, LoadError> {
    let text = get_text(&asset("data/sportelli.json")).await?;
    microwork_core::sportelli::SportelliFile::parse(&text)
        .map(microwork_core::geo::DeskIndex::from_file)
        .map_err(|e| LoadError::Invalid(e.to_string()))
}
