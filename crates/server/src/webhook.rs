//! Notifications to the deployment's webhook (`MICROWORK_WEBHOOK_URL`), delivered at least once.
//!
//! A new, non-spam request gets a `webhook_outbox` row in the same transaction as the request itself
//! ([`crate::store::save_contact_request`]). A background worker posts the due rows, a few at once (never the
//! same row twice at once), as core's [`Notification`] of the stored request, retries with
//! exponential backoff (`next_attempt_at`, `attempts`, `last_error` are stored, so a restart resumes where the
//! last run stopped) and gives up on a row older than the configured maximum age. A delivery that succeeded
//! just before a crash may be sent again: receivers deduplicate on `reference`.
//!
//! Several instances may share one PostgreSQL database: each round *claims* its rows for a lease
//! ([`outbox::claim`], `FOR UPDATE SKIP LOCKED`), long enough for the whole round, so two workers never post
//! the same row in normal operation; the rows of an instance that died are sent by another once the lease
//! has run out.

use crate::clock::now_ms;
use crate::store::Db;
use crate::store::outbox::{self, Due, Outcome};
use microwork_core::contact::Notification;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore, watch};

/// Rows taken per round; a round is short, so new rows never wait long behind a backlog.
const BATCH: usize = 32;
/// Posts in flight at once by default: one slow receiver answer does not hold up the others.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Even with nothing due, look again this often (a safety net: the wake-up after each insert is the norm).
const IDLE_POLL: Duration = Duration::from_secs(60);
/// On PostgreSQL other instances add rows this worker is not woken for (and leave rows behind if they die).
const IDLE_POLL_SHARED: Duration = Duration::from_secs(5);
/// `last_error` is for an operator's eye, not a log of the receiver's answers.
const ERROR_MAX_CHARS: usize = 200;

#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub url: String,
    /// Sent as `Authorization: Bearer …` so the receiver can tell our posts from anyone else's.
    pub token: Option<String>,
    /// A row this old is given up (state `failed`, logged as an error).
    pub max_age: Duration,
    /// The wait after the first failure; it doubles after each further failure, up to `max_retry`.
    pub first_retry: Duration,
    pub max_retry: Duration,
    /// For one post, connection included.
    pub timeout: Duration,
    /// At most this many posts at once (each request's own attempts never overlap).
    pub concurrency: usize,
}

impl WebhookConfig {
    pub fn new(url: impl Into<String>) -> WebhookConfig {
        WebhookConfig {
            url: url.into(),
            token: None,
            max_age: Duration::from_secs(72 * 3600),
            first_retry: Duration::from_secs(10),
            max_retry: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookConfigError {
    #[error("MICROWORK_WEBHOOK_URL must be an http:// or https:// URL, got `{0}`")]
    Url(String),
}

/// Checks the URL's shape at start-up, so a typo fails loudly instead of filling the outbox.
pub fn check_url(url: &str) -> Result<(), WebhookConfigError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !url.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(WebhookConfigError::Url(url.to_string())),
    }
}

/// `http://127.0.0.1…`, `http://localhost…`, `http://[::1]…`: a receiver on this machine (no TLS needed).
pub fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') { host.split(']').next().map(|h| &h[1..]).unwrap_or("") } else { host.split(':').next().unwrap_or("") };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The wait before attempt `failures + 1`: `first · 2^(failures-1)`, at most `max`.
pub fn backoff(failures: u32, first: Duration, max: Duration) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
    first.saturating_mul(factor).min(max)
}

fn truncate(mut s: String) -> String {
    if let Some((i, _)) = s.char_indices().nth(ERROR_MAX_CHARS) {
        s.truncate(i);
    }
    s
}

fn client(config: &WebhookConfig) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(config.timeout))
        // A status is an answer to judge, not a transport error.
        .http_status_as_error(false)
        // A redirected POST would become a GET, or carry personal data somewhere unexpected: treat as failure.
        .max_redirects(0)
        .user_agent(concat!("microwork/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// One post. `Ok` only for a 2xx answer.
fn post(agent: &ureq::Agent, config: &WebhookConfig, body: &str) -> Result<(), String> {
    let mut request = agent.post(&config.url).header("content-type", "application/json");
    if let Some(token) = &config.token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    match request.send(body) {
        Ok(mut response) => {
            // Read (a little of) the answer so the connection can be reused; its content does not matter.
            let _ = response.body_mut().with_config().limit(64 * 1024).read_to_vec();
            let status = response.status();
            if status.is_success() { Ok(()) } else { Err(format!("HTTP {}", status.as_u16())) }
        }
        Err(e) => Err(truncate(e.to_string())),
    }
}

/// One post now, outside the outbox (a desk reminder an admin sends and sees the result of at once).
/// Blocking: call it from `spawn_blocking`.
pub fn post_once(config: &WebhookConfig, body: &str) -> Result<(), String> {
    post(&client(config), config, body)
}

/// The background worker. Runs until `stop` turns true; `wake` is notified after each new outbox row.
/// Each round takes the due rows and posts up to `concurrency` of them at once; the next round starts when
/// every post of this one is recorded, so a row is never posted twice at the same time.
pub async fn run(db: Arc<Db>, config: WebhookConfig, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    let agent = client(&config);
    let config = Arc::new(config);
    let slots = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let idle_poll = match db.backend() {
        crate::store::sql::Backend::Sqlite => IDLE_POLL,
        crate::store::sql::Backend::Postgres => IDLE_POLL_SHARED,
    };
    let lease = lease(&config);
    if db.backend() == crate::store::sql::Backend::Sqlite {
        if let Err(e) = db.write(outbox::release_claims).await {
            tracing::warn!(error = %e, "webhook worker cannot free the claims of an earlier run");
        }
    }
    tracing::info!(concurrency = config.concurrency.max(1), lease_seconds = lease.as_secs(), "webhook worker started");
    while !*stop.borrow() {
        let now = now_ms();
        let until = now + lease.as_millis() as i64;
        let batch = match db.write(move |c| outbox::claim(c, now, BATCH, until)).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::error!(error = %e, "webhook worker cannot read the outbox");
                Vec::new()
            }
        };
        if batch.is_empty() {
            let next = db.read(outbox::next_due).await.ok().flatten();
            let wait = next
                .map(|at| Duration::from_millis((at - now_ms()).max(0) as u64))
                .unwrap_or(idle_poll)
                .min(idle_poll);
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = wake.notified() => {}
                _ = stop.changed() => {}
            }
            continue;
        }
        let mut posts = tokio::task::JoinSet::new();
        for item in batch {
            if *stop.borrow() {
                break;
            }
            let Ok(slot) = slots.clone().acquire_owned().await else { break };
            let (db, agent, config) = (db.clone(), agent.clone(), config.clone());
            posts.spawn(async move {
                deliver(&db, &agent, &config, item).await;
                drop(slot);
            });
        }
        while posts.join_next().await.is_some() {}
    }
    tracing::info!("webhook worker stopped");
}

/// How long a round's claim lasts: every post of a full round one after another at the worst (each waits for
/// a slot and may take the whole timeout), and a margin for recording them.
pub fn lease(config: &WebhookConfig) -> Duration {
    let rounds = BATCH.div_ceil(config.concurrency.max(1)) as u32;
    config.timeout.saturating_mul(rounds) + Duration::from_secs(5)
}

/// One attempt at one row, and its record.
async fn deliver(db: &Db, agent: &ureq::Agent, config: &Arc<WebhookConfig>, item: Due) {
    let outcome = if now_ms() - item.created_at > config.max_age.as_millis() as i64 {
        Outcome::GaveUp { error: format!("gave up after {} attempts", item.attempts) }
    } else {
        let notification = match (item.event.as_str(), item.escalated_at.as_deref()) {
            (outbox::ESCALATED, Some(at)) => Notification::escalated(&item.request, at),
            _ => Notification::created(&item.request),
        };
        let body = serde_json::to_string(&notification).unwrap_or_default();
        let (agent, cfg) = (agent.clone(), config.clone());
        let result = tokio::task::spawn_blocking(move || post(&agent, &cfg, &body))
            .await
            .unwrap_or_else(|e| Err(format!("delivery task failed: {e}")));
        match result {
            Ok(()) => Outcome::Delivered,
            Err(error) => {
                let failures = item.attempts.saturating_add(1);
                let wait = backoff(failures, config.first_retry, config.max_retry);
                Outcome::Retry { error, at: now_ms() + wait.as_millis() as i64 }
            }
        }
    };
    // Logged by the outbox row's own id: not the reference, which a person holds and could be traced by.
    let outbox_id = item.outbox_id;
    match &outcome {
        Outcome::Delivered => tracing::info!(outbox_id, attempts = item.attempts + 1, "webhook delivered"),
        Outcome::Retry { error, .. } => {
            tracing::warn!(outbox_id, attempts = item.attempts + 1, error, "webhook delivery failed; will retry")
        }
        Outcome::GaveUp { .. } => tracing::error!(outbox_id, attempts = item.attempts, "webhook delivery abandoned: too old"),
    }
    let at = now_ms();
    if let Err(e) = db.write(move |c| outbox::record(c, outbox_id, at, &outcome)).await {
        // Not recorded: the row stays due and is tried again (at least once, never lost).
        tracing::error!(error = %e, "cannot record a webhook attempt");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let (first, max) = (Duration::from_secs(10), Duration::from_secs(3600));
        let waits: Vec<u64> = (1..=10).map(|n| backoff(n, first, max).as_secs()).collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600]);
        assert_eq!(backoff(u32::MAX, first, max), max);
    }

    #[test]
    fn urls_are_checked() {
        assert!(check_url("https://desk.example.it/hooks/microwork").is_ok());
        assert!(check_url("http://127.0.0.1:9000/").is_ok());
        for bad in ["", "ftp://x", "desk.example.it", "https://", "https:///x", "http://a b"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        for local in ["http://127.0.0.1:9000/x", "http://localhost/x", "http://[::1]:80/", "http://u:p@127.0.0.2/"] {
            assert!(is_loopback(local), "{local}");
        }
        for remote in ["http://desk.example.it/x", "http://10.0.0.1/", "http://127.0.0.1.evil.example/"] {
            assert!(!is_loopback(remote), "{remote}");
        }
    }
}
