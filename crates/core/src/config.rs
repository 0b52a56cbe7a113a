//! `config.json`, the deployment's settings read by the app at start.

use serde::{Deserialize, Serialize};

/// What a deployment tells the app: where the API is, whether requests can be sent, which map tiles to use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// Base URL of the JSON API, e.g. "/api/v1" (same origin) or "https://host/api/v1".
    pub api_base: String,
    /// Where contact requests are posted. `null` on static-only deployments: the form then offers e-mail.
    pub contact_endpoint: Option<String>,
    /// Where people write to see, correct or delete their data (shown on the privacy page).
    pub privacy_email: String,
    /// Where "segnala un errore" on a desk's page writes to; the privacy address when absent.
    #[serde(default)]
    pub data_email: Option<String>,
    /// Where people write when a desk did not call back; the privacy address when absent.
    #[serde(default)]
    pub help_email: Option<String>,
    /// A raster tile layer for the map; `null` draws only the region boundaries we ship.
    #[serde(default)]
    pub tile_server: Option<TileServer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TileServer {
    /// URL template with `{z}`, `{x}`, `{y}`.
    pub url: String,
    /// Attribution shown on the map, required by every tile provider's terms.
    pub attribution: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json is not valid: {0}")]
    Malformed(String),
    #[error("config.json: field `{field}` {problem}")]
    Invalid { field: &'static str, problem: &'static str },
}

impl AppConfig {
    /// Where corrections to the desk list go.
    pub fn data_email(&self) -> &str {
        self.data_email.as_deref().unwrap_or(&self.privacy_email)
    }

    /// Where people write when nobody called them back.
    pub fn help_email(&self) -> &str {
        self.help_email.as_deref().unwrap_or(&self.privacy_email)
    }

    pub fn parse(json: &str) -> Result<AppConfig, ConfigError> {
        let config: AppConfig =
            serde_json::from_str(json).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let url_like = |s: &str| s.starts_with('/') || s.starts_with("https://") || s.starts_with("http://");
        if !url_like(&self.api_base) {
            return Err(ConfigError::Invalid { field: "api_base", problem: "must be a path or an http(s) URL" });
        }
        if let Some(endpoint) = &self.contact_endpoint
            && !url_like(endpoint)
        {
            return Err(ConfigError::Invalid { field: "contact_endpoint", problem: "must be a path or an http(s) URL" });
        }
        if !self.privacy_email.contains('@') {
            return Err(ConfigError::Invalid { field: "privacy_email", problem: "must be an e-mail address" });
        }
        if self.data_email.as_deref().is_some_and(|e| !e.contains('@')) {
            return Err(ConfigError::Invalid { field: "data_email", problem: "must be an e-mail address" });
        }
        if self.help_email.as_deref().is_some_and(|e| !e.contains('@')) {
            return Err(ConfigError::Invalid { field: "help_email", problem: "must be an e-mail address" });
        }
        if let Some(tiles) = &self.tile_server {
            if !(tiles.url.starts_with("https://") || tiles.url.starts_with("http://") || tiles.url.starts_with('/'))
                || !["{z}", "{x}", "{y}"].iter().all(|p| tiles.url.contains(p))
            {
                return Err(ConfigError::Invalid { field: "tile_server.url", problem: "must be a URL template with {z}, {x} and {y}" });
            }
            if tiles.attribution.trim().is_empty() {
                return Err(ConfigError::Invalid { field: "tile_server.attribution", problem: "must not be empty" });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_config_parses() {
        let config = AppConfig::parse(include_str!("../../../public/config.json")).unwrap();
        assert_eq!(config.api_base, "/api/v1");
        assert!(config.contact_endpoint.is_some());
    }

    #[test]
    fn names_the_problem() {
        assert!(matches!(AppConfig::parse("{"), Err(ConfigError::Malformed(_))));
        let missing = AppConfig::parse(r#"{"contact_endpoint": null}"#).unwrap_err().to_string();
        assert!(missing.contains("api_base"), "{missing}");
        let unknown = AppConfig::parse(r#"{"api_base": "/api/v1", "contact_endpoint": null, "privacy_email": "a@b.it", "tiles": 1}"#);
        assert!(unknown.unwrap_err().to_string().contains("tiles"));
        let bad_tiles = AppConfig::parse(
            r#"{"api_base": "/api/v1", "contact_endpoint": null, "privacy_email": "a@b.it", "tile_server": {"url": "https://t/{z}", "attribution": "x"}}"#,
        );
        assert_eq!(
            bad_tiles,
            Err(ConfigError::Invalid { field: "tile_server.url", problem: "must be a URL template with {z}, {x} and {y}" })
        );
    }
}
