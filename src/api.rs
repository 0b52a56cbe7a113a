//! Every request the app makes goes through here; pages never see a URL or an HTTP status.

use gloo_net::http::Request;
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

async fn get_text(url: &str) -> Result<String, LoadError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError::Network { file: url.to_string(), detail: e.to_string() })?;
    if !response.ok() {
        return Err(LoadError::Status { file: url.to_string(), status: response.status() });
    }
    response.text().await.map_err(|e| LoadError::Network { file: url.to_string(), detail: e.to_string() })
}

pub async fn load_config() -> Result<AppConfig, LoadError> {
    let text = get_text("/config.json").await?;
    AppConfig::parse(&text).map_err(|e| LoadError::Invalid(e.to_string()))
}

/// The server's answer to a contact request.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Received {
    pub reference: String,
    pub received_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServerProblem {
    pub field: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SendError {
    /// No answer: offline, DNS, connection refused. Worth retrying.
    Network,
    /// 5xx or 429: the server is struggling. Worth retrying.
    Unavailable { status: u16 },
    /// The server refused the request as it is (400, 409, 413, 415): retrying will not help.
    Refused { status: u16, problems: Vec<ServerProblem> },
}

impl SendError {
    pub fn is_retryable(&self) -> bool {
        matches!(self, SendError::Network | SendError::Unavailable { .. })
    }
}

pub async fn send_contact_request(endpoint: &str, form: &ContactForm) -> Result<Received, SendError> {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<ServerProblem>,
    }
    let request = Request::post(endpoint).json(form).map_err(|_| SendError::Network)?;
    let response = request.send().await.map_err(|_| SendError::Network)?;
    let status = response.status();
    match status {
        200 | 201 => response.json::<Received>().await.map_err(|_| SendError::Unavailable { status }),
        429 | 500..=599 => Err(SendError::Unavailable { status }),
        _ => {
            let problems = response.json::<Errors>().await.map(|e| e.errors).unwrap_or_default();
            Err(SendError::Refused { status, problems })
        }
    }
}

/// A region as in `data/regioni.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Region {
    pub code: String,
    pub name: String,
}

async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, LoadError> {
    let text = get_text(url).await?;
    serde_json::from_str(&text).map_err(|e| LoadError::Invalid(format!("{url}: {e}")))
}

pub async fn load_regions() -> Result<Vec<Region>, LoadError> {
    get_json("/data/regioni.json").await
}
