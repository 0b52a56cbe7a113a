//! The real `microwork` binary as a child process on a loopback port, and a small HTTP client for it.
#![allow(dead_code)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStderr, Command};

pub const BIN: &str = env!("CARGO_BIN_EXE_microwork");

/// A dist directory with just what `serve` insists on.
pub fn dist(dir: &Path) -> std::path::PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    dist
}

pub struct Server {
    pub child: Child,
    pub base: String,
    stderr: Option<ChildStderr>,
}

impl Server {
    /// Everything the server logged (with `Spawn::capture_stderr`), once it has exited.
    pub async fn stderr(&mut self) -> String {
        let mut out = String::new();
        if let Some(mut e) = self.stderr.take() {
            let _ = e.read_to_string(&mut out).await;
        }
        out
    }
}

/// How to start the server.
#[derive(Debug, Clone, Copy)]
pub struct Spawn {
    /// Lower the open-files limit (soft and hard) of the child to this before it starts.
    pub open_files: Option<u64>,
    /// `MICROWORK_LOG`.
    pub log: &'static str,
    /// Keep the child's stderr for [`Server::stderr`] instead of passing it through.
    pub capture_stderr: bool,
}

impl Default for Spawn {
    fn default() -> Spawn {
        Spawn { open_files: None, log: "error", capture_stderr: false }
    }
}

/// Starts `microwork serve` on 127.0.0.1 (port chosen by the system) and waits for its address line.
pub async fn start(db: &Path, dist: &Path, env: &[(&str, &str)]) -> Server {
    spawn(db, dist, env, Spawn::default()).await
}

pub async fn spawn(db: &Path, dist: &Path, env: &[(&str, &str)], how: Spawn) -> Server {
    spawn_url(&format!("sqlite://{}", db.display()), dist, env, how).await
}

/// [`spawn`] on any `MICROWORK_DATABASE_URL` (PostgreSQL too).
pub async fn spawn_url(database_url: &str, dist: &Path, env: &[(&str, &str)], how: Spawn) -> Server {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--bind", "127.0.0.1:0", "--dist"])
        .arg(dist)
        .arg("--database-url")
        .arg(database_url)
        .env("MICROWORK_LOG", how.log)
        .env_remove("MICROWORK_OPERATOR_TOKEN")
        .env_remove("MICROWORK_WEBHOOK_URL")
        .env_remove("MICROWORK_ALLOWED_ORIGINS")
        .stdout(Stdio::piped())
        .stderr(if how.capture_stderr { Stdio::piped() } else { Stdio::inherit() })
        .kill_on_drop(true);
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(limit) = how.open_files {
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec here.
        unsafe {
            cmd.pre_exec(move || rlimit::setrlimit(rlimit::Resource::NOFILE, limit, limit));
        }
    }
    let mut child = cmd.spawn().expect("spawn microwork");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take();
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("server did not start in time")
        .unwrap()
        .expect("server exited before listening");
    let base = line.strip_prefix("listening on ").expect(&line).trim().to_string();
    // Keep draining stdout so the child never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server { child, base, stderr }
}

pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).pool_max_idle_per_host(64).build_http()
}

/// POSTs JSON; `None` when no answer came (connection refused or cut: the server died).
pub async fn post_json(client: &HttpClient, url: &str, body: String) -> Option<(u16, Vec<u8>)> {
    let req = hyper::Request::post(url)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .ok()?;
    let response = tokio::time::timeout(Duration::from_secs(20), client.request(req)).await.ok()?.ok()?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.ok()?.to_bytes().to_vec();
    Some((status, body))
}
