//! `microwork serve`: configuration, start-up and graceful shutdown.

use crate::store::{self, Db, db};
use crate::catalog::Catalogs;
use crate::http::server::{self as connections, ConnectionLimits};
use crate::http::{self, AppState, HttpConfig, OperatorToken, RateLimit};
use clap::ArgAction;
use clap::builder::BoolishValueParser;
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
    /// Where contact requests are stored: `sqlite://PATH` (created on first start) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=require` (several instances may share it).
    #[arg(long, env = "MICROWORK_DATABASE_URL", default_value = "sqlite://var/microwork.db", hide_env_values = true)]
    pub database_url: String,
    /// PostgreSQL connections this instance keeps at most (each instance has its own pool).
    #[arg(long, env = "MICROWORK_DATABASE_POOL_SIZE", default_value_t = store::pg::DEFAULT_POOL_SIZE, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_pool_size: u32,
    /// The built app (Trunk's output).
    #[arg(long, env = "MICROWORK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Seconds before a request is answered with 408.
    #[arg(long, env = "MICROWORK_REQUEST_TIMEOUT", default_value_t = 10)]
    pub request_timeout: u64,
    /// Seconds a client has to send a request's headers (a new connection that stays silent is closed then too).
    #[arg(long, env = "MICROWORK_HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout: u64,
    /// Seconds an idle keep-alive connection stays open between requests.
    #[arg(long, env = "MICROWORK_KEEP_ALIVE_TIMEOUT", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub keep_alive_timeout: u64,
    /// Open connections at most; more are closed at once. 0: three quarters of the open-files limit (which is
    /// raised to its hard limit at start), at most 10,000.
    #[arg(long, env = "MICROWORK_MAX_CONNECTIONS", default_value_t = 0)]
    pub max_connections: usize,
    /// Open connections at most from one client address (IPv6: one /64); 0 turns the cap off. Not applied
    /// with MICROWORK_TRUST_FORWARDED_FOR, where every connection comes from the proxy.
    #[arg(long, env = "MICROWORK_MAX_CONNECTIONS_PER_CLIENT", default_value_t = 64)]
    pub max_connections_per_client: usize,
    /// Seconds requests in flight get to finish after SIGTERM or Ctrl-C; then the rest are cut (writes already
    /// handed to the database are still committed).
    #[arg(long, env = "MICROWORK_SHUTDOWN_TIMEOUT", default_value_t = 10)]
    pub shutdown_timeout: u64,
    /// Log as JSON lines (for log collectors) instead of text. Env: 1/0, true/false, yes/no, on/off.
    #[arg(long, env = "MICROWORK_LOG_JSON", action = ArgAction::Set, num_args = 0..=1, default_value_t = false,
          default_missing_value = "true", value_parser = BoolishValueParser::new())]
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
    /// in front, or clients could choose their own address. Env: 1/0, true/false, yes/no, on/off.
    #[arg(long, env = "MICROWORK_TRUST_FORWARDED_FOR", action = ArgAction::Set, num_args = 0..=1,
          default_value_t = false, default_missing_value = "true", value_parser = BoolishValueParser::new())]
    pub trust_forwarded_for: bool,
    /// Bearer token for /api/v1/operator/*. Unset: every operator route answers 401.
    #[arg(long, env = "MICROWORK_OPERATOR_TOKEN", hide_env_values = true)]
    pub operator_token: Option<String>,
    /// The deployment's address as people reach it, e.g. `https://microwork.example.it`: operator pages and
    /// sign-in accept state-changing requests only from its origin, and over https the session cookie is
    /// `__Host-` and Secure. Unset: the request's own `Host` (and `X-Forwarded-Proto` behind a trusted proxy).
    #[arg(long, env = "MICROWORK_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Minutes without a request after which an operator's session ends.
    #[arg(long, env = "MICROWORK_SESSION_IDLE_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which an operator's session ends in any case.
    #[arg(long, env = "MICROWORK_SESSION_MAX_HOURS", default_value_t = 12, value_parser = clap::value_parser!(u64).range(1..))]
    pub session_max_hours: u64,
    /// Posted for each new (non-spam) request, retried until delivered. Unset: no notifications. (Its value
    /// often carries a secret: never shown in --help.)
    #[arg(long, env = "MICROWORK_WEBHOOK_URL", hide_env_values = true)]
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
    /// Seconds one webhook post may take, connection included.
    #[arg(long, env = "MICROWORK_WEBHOOK_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout_seconds: u64,
    /// Notifications posted at once (a slow receiver then holds up only one of them).
    #[arg(long, env = "MICROWORK_WEBHOOK_CONCURRENCY", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub webhook_concurrency: u64,
    /// A desk's own confirmation older than this many months shows as "da verificare" again (issue 19).
    #[arg(long, env = "MICROWORK_CONFIRMATION_MONTHS", default_value_t = microwork_core::sportelli::DEFAULT_CONFIRMATION_MONTHS,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(microwork_core::sportelli::MAX_CONFIRMATION_MONTHS)))]
    pub confirmation_months: u32,
}

/// `--max-connections`: as given, or (0) from the open-files limit; never more than that limit allows.
fn effective_max_connections(asked: usize, open_files: u64) -> usize {
    if asked == 0 {
        return connections::auto_max_connections(open_files);
    }
    if asked as u64 >= open_files {
        tracing::warn!(asked, open_files, "MICROWORK_MAX_CONNECTIONS is not below the open-files limit: a flood can exhaust it");
    }
    asked
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
    // Each connection is a file descriptor: take all the system allows (the soft limit up to the hard one), so
    // the connection cap, not "too many open files", is what a flood meets.
    let open_files = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(e) => {
            tracing::warn!(error = %e, "cannot raise the open-files limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(soft, _)| soft).unwrap_or(1024)
        }
    };
    let args = ServeArgs { max_connections: effective_max_connections(args.max_connections, open_files), ..args };
    tracing::info!(open_files, max_connections = args.max_connections, "connection limits");
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
                concurrency: args.webhook_concurrency as usize,
                timeout: Duration::from_secs(args.webhook_timeout_seconds),
                ..WebhookConfig::new(url)
            })
        }
    };
    // libphonenumber's metadata loads on first use: pay for it now, not in the first person's request.
    warm_up_validation();

    let target = db::Target::parse(&args.database_url)?;
    let database = target.describe();
    let pool_size = args.database_pool_size;
    let db = tokio::task::spawn_blocking(move || Db::connect(&target, pool_size))
        .await?
        .with_context(|| format!("opening {database}"))?;
    let mut state = AppState::new(db);
    state.catalog = catalog;
    state.operator_token = operator_token;
    state.webhook = webhook_config.as_ref().map(|_| Arc::new(Notify::new()));
    state.trust_forwarded_for = args.trust_forwarded_for;
    state.accounts.public_origin = match args.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(url) => Some(http::auth::origin_of_url(url).with_context(|| format!("MICROWORK_PUBLIC_URL `{url}` is not an http(s) address"))?),
    };
    state.accounts.idle = time::Duration::minutes(args.session_idle_minutes.min(7 * 24 * 60) as i64);
    state.accounts.max_age = time::Duration::hours(args.session_max_hours.min(24 * 30) as i64);
    state.desks = crate::desks::DeskData::load(&args.dist)?;
    state.desks.confirmation_months = args.confirmation_months;
    state.desks.webhook = webhook_config.clone();
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
    tracing::info!(%addr, %database, dist = %args.dist.display(), "serving Micro Work");
    // Printed on stdout so scripts and tests that bind port 0 learn the real address.
    println!("listening on http://{addr}");

    let limits = ConnectionLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout),
        keep_alive_timeout: Duration::from_secs(args.keep_alive_timeout),
        max_connections: args.max_connections,
        // Behind a proxy every connection comes from the proxy: a per-address cap would cap everyone together.
        max_connections_per_client: if args.trust_forwarded_for { 0 } else { args.max_connections_per_client },
        shutdown_timeout: Duration::from_secs(args.shutdown_timeout),
    };
    let served = connections::serve(listener, app, limits, shutdown_signal()).await;
    tracing::info!(cut = served.cut_at_shutdown, "stopped taking requests; finishing writes");
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

/// Deletes requests past the retention period now and every six hours, until told to stop. With several
/// instances on one PostgreSQL database, one of them does it each time (advisory lock; the others skip).
async fn retention_loop(db: Arc<Db>, days: u32, mut stop: watch::Receiver<bool>) {
    loop {
        let cutoff = crate::clock::format_utc(time::OffsetDateTime::now_utc() - time::Duration::days(i64::from(days)));
        // Like an erasure: the deleted requests leave the WAL too.
        // Ended sessions and spent links go too (they hold no personal data, only clutter).
        let now = crate::clock::now_rfc3339();
        let idle_cutoff = crate::clock::format_utc(time::OffsetDateTime::now_utc() - time::Duration::days(1));
        if let Err(e) = db
            .write(move |c| {
                if !c.try_lock(store::sql::locks::RETENTION)? {
                    return Ok(0);
                }
                store::sessions::delete_expired(c, &now, &idle_cutoff)?;
                store::accounts::delete_expired_links(c, &now)
            })
            .await
        {
            tracing::warn!(error = %e, "retention: session sweep failed, will retry");
        }
        let purge = move |c: &dyn store::Sql| {
            if !c.try_lock(store::sql::locks::RETENTION)? {
                tracing::info!("retention: another instance is purging");
                return Ok(0);
            }
            store::purge_before(c, &cutoff)
        };
        match db.write_erasing(purge).await {
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
