//! `microwork serve`: configuration, start-up and graceful shutdown.

use crate::db::{self, Db};
use crate::http::{self, AppState, HttpConfig};
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "MICROWORK_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Where contact requests are stored (created on first start).
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db")]
    pub database_url: String,
    /// The built app (Trunk's output).
    #[arg(long, env = "MICROWORK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Seconds before a request is answered with 408.
    #[arg(long, env = "MICROWORK_REQUEST_TIMEOUT", default_value_t = 10)]
    pub request_timeout: u64,
    /// Log as JSON lines (for log collectors) instead of text.
    #[arg(long, env = "MICROWORK_LOG_JSON")]
    pub log_json: bool,
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MICROWORK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    init_logging(args.log_json);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    if !args.dist.join("index.html").is_file() {
        anyhow::bail!("{} has no index.html: build the app first (make build)", args.dist.display());
    }
    let path = db::path_from_url(&args.database_url)?;
    let db = Db::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let state = Arc::new(AppState { db });
    let config = HttpConfig { dist: args.dist.clone(), request_timeout: Duration::from_secs(args.request_timeout) };
    let app = http::router(state.clone(), &config);

    let listener = tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("binding {}", args.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, database = %path.display(), dist = %args.dist.display(), "serving Micro Work");
    // Printed on stdout so scripts and tests that bind port 0 learn the real address.
    println!("listening on http://{addr}");

    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("stopped taking requests; finishing writes");
    state.db.close();
    tracing::info!("bye");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
