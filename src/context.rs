//! What every page may need, provided once by the shell (the Elm "Session").

use microwork_core::config::AppConfig;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppContext {
    pub config: Arc<AppConfig>,
}

pub fn use_app() -> AppContext {
    leptos::prelude::use_context::<AppContext>().expect("AppContext is provided by the shell")
}
