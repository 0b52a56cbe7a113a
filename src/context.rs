//! What every page may need, provided once by the shell (the Elm "Session").

use microwork_core::config::AppConfig;
use microwork_core::embed::EmbedOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppContext {
    pub config: Arc<AppConfig>,
    /// Set when the app runs inside a partner's iframe (`?embed=1…`).
    pub embed: Option<Arc<EmbedOptions>>,
}

impl AppContext {
    pub fn is_embedded(&self) -> bool {
        self.embed.is_some()
    }

    pub fn partner(&self) -> Option<String> {
        self.embed.as_ref().and_then(|e| e.partner.clone())
    }
}

pub fn use_app() -> AppContext {
    leptos::prelude::use_context::<AppContext>().expect("AppContext is provided by the shell")
}
