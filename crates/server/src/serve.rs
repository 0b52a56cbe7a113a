//! `microwork serve`: configuration, start-up and graceful shutdown.

use crate::store::{self, Db, db};
use crate::catalog::Catalogs;
use crate::http::{self, AppState, HttpConfig, OperatorToken, RateLimit};
use crate::webhook::{self, WebhookConfig};
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

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
    /// Partner sites whose pages may embed the app (CSP frame-ancestors) and post contact requests (CORS):
    /// exact origins, comma-separated,
    /// e.g. `https://www.partner.it,https://comune.example.it`. Empty: only the app's own origin.
    #[arg(long, env = "MICROWORK_ALLOWED_ORIGINS", value_delimiter = ',', default_value = "")]
    pub allowed_origins: Vec<String>,
    /// Contact requests per minute per client address (0 turns the limit off).
    #[arg(long, env = "MICROWORK_RATE_LIMIT_PER_MINUTE", default_value_t = 20)]
    pub rate_limit_per_minute: u32,
    /// Requests a client may send at once before the per-minute rate applies.
    #[arg(long, env = "MICROWORK_RATE_LIMIT_BURST", default_value_t = 5)]
    pub rate_limit_burst: u32,
    /// Behind a reverse proxy that sets X-Forwarded-For: limit by the address it reports. Only with a proxy
    /// in front, or clients could choose their own address.
    #[arg(long, env = "MICROWORK_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,
    /// Bearer token for /api/v1/operator/*. Unset: every operator route answers 401.
    #[arg(long, env = "MICROWORK_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// Posted for each new (non-spam) request, retried until delivered. Unset: no notifications.
    #[arg(long, env = "MICROWORK_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Sent to the webhook as `Authorization: Bearer …`.
    #[arg(long, env = "MICROWORK_WEBHOOK_TOKEN", hide_env_values = true)]
    pub webhook_token: Option<String>,
    /// Hours after which an undelivered notification is given up (the request stays in the database).
    #[arg(long, env = "MICROWORK_WEBHOOK_MAX_AGE_HOURS", default_value_t = 72)]
    pub webhook_max_age_hours: u64,
    /// Contact requests older than this many days are deleted automatically (checked at start and every 6
    /// hours). The privacy page promises 12 months. 0 keeps everything (then run `microwork purge` yourself).
    #[arg(long, env = "MICROWORK_RETENTION_DAYS", default_value_t = 365)]
    pub retention_days: u32,
    /// Seconds before the first retry of a failed notification; doubles each time, up to an hour.
    #[arg(long, env = "MICROWORK_WEBHOOK_RETRY_SECONDS", default_value_t = 10)]
    pub webhook_retry_seconds: u64,
}

/// The shortest operator token accepted without a warning (32 characters: e.g. `openssl rand -hex 16`).
const OPERATOR_TOKEN_MIN_CHARS: usize = 32;

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
    let allowed_origins = http::limits::parse_origins(&args.allowed_origins)?;
    let catalog = Catalogs::load(&args.dist)?;
    match &catalog.desks {
        Some(d) => tracing::info!(desks = d.len(), "desk ids are checked against data/sportelli.json"),
        None => tracing::warn!(dist = %args.dist.display(), "data/sportelli.json not found: desk ids are not checked"),
    }
    match &catalog.comuni {
        Some(c) => tracing::info!(comuni = c.len(), "comuni are checked against data/comuni.json"),
        None => tracing::warn!(dist = %args.dist.display(), "data/comuni.json not found: comuni are not checked"),
    }
    let operator_token = match args.operator_token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => {
            tracing::warn!("MICROWORK_OPERATOR_TOKEN is not set: the operator API answers 401 to everyone");
            None
        }
        Some(t) => {
            if t.chars().count() < OPERATOR_TOKEN_MIN_CHARS {
                tracing::warn!("MICROWORK_OPERATOR_TOKEN is short: use at least {OPERATOR_TOKEN_MIN_CHARS} random characters");
            }
            Some(OperatorToken::new(t))
        }
    };
    let webhook_config = match args.webhook_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(url) => {
            webhook::check_url(url)?;
            if url.starts_with("http://") && !webhook::is_loopback(url) {
                tracing::warn!("MICROWORK_WEBHOOK_URL is plain http: notifications carry personal data, use https");
            }
            Some(WebhookConfig {
                token: args.webhook_token.clone().filter(|t| !t.trim().is_empty()),
                max_age: Duration::from_secs(args.webhook_max_age_hours.saturating_mul(3600)),
                first_retry: Duration::from_secs(args.webhook_retry_seconds.max(1)),
                ..WebhookConfig::new(url)
            })
        }
    };
    // libphonenumber's metadata loads on first use: pay for it now, not in the first person's request.
    warm_up_validation();

    let path = db::path_from_url(&args.database_url)?;
    let db = Db::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let mut state = AppState::new(db);
    state.catalog = catalog;
    state.operator_token = operator_token;
    state.webhook = webhook_config.as_ref().map(|_| Arc::new(Notify::new()));
    let state = Arc::new(state);

    let (stop_worker, stop_rx) = watch::channel(false);
    let worker = match (&webhook_config, &state.webhook) {
        (Some(config), Some(wake)) => {
            tracing::info!("webhook notifications on");
            Some(tokio::spawn(webhook::run(state.db.clone(), config.clone(), wake.clone(), stop_rx)))
        }
        _ => None,
    };

    let retention = (args.retention_days > 0)
        .then(|| tokio::spawn(retention_loop(state.db.clone(), args.retention_days, stop_worker.subscribe())));

    let rate_limit = (args.rate_limit_per_minute > 0).then_some(RateLimit {
        per_minute: args.rate_limit_per_minute,
        burst: args.rate_limit_burst.max(1),
        trust_forwarded_for: args.trust_forwarded_for,
    });
    if rate_limit.is_none() {
        tracing::warn!("rate limit is off (MICROWORK_RATE_LIMIT_PER_MINUTE=0)");
    }
    let config = HttpConfig {
        dist: args.dist.clone(),
        request_timeout: Duration::from_secs(args.request_timeout),
        allowed_origins,
        rate_limit,
    };
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
    let _ = stop_worker.send(true);
    if let Some(task) = retention {
        let _ = task.await;
    }
    if let Some(worker) = worker {
        // A post in flight ends within its timeout; what it did not record is sent again after restart.
        let grace = webhook_config.as_ref().map_or(Duration::ZERO, |c| c.timeout) + Duration::from_secs(1);
        if tokio::time::timeout(grace, worker).await.is_err() {
            tracing::warn!("webhook worker did not stop in time");
        }
    }
    state.db.close();
    tracing::info!("bye");
    Ok(())
}

/// Deletes requests past the retention period now and every six hours, until told to stop.
async fn retention_loop(db: Arc<Db>, days: u32, mut stop: watch::Receiver<bool>) {
    loop {
        let cutoff = crate::clock::format_utc(time::OffsetDateTime::now_utc() - time::Duration::days(i64::from(days)));
        // Like an erasure: the deleted requests leave the WAL too.
        match db.write_erasing(move |c| store::purge_before(c, &cutoff)).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, days, "retention: deleted old contact requests"),
            Err(e) => tracing::warn!(error = %e, "retention: purge failed, will retry"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(6 * 3600)) => {}
            _ = stop.changed() => return,
        }
    }
}

fn warm_up_validation() {
    let form = microwork_core::contact::ContactForm {
        request_id: "00000000-0000-4000-8000-000000000000".into(),
        name: "x".into(),
        phone: Some("333 123 4567".into()),
        consent_privacy: true,
        ..Default::default()
    };
    let _ = form.validate();
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
