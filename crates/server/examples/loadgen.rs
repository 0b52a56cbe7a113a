//! `make bench-server`: load benchmark of `POST /api/v1/contact-requests`, and the same load on json-server.
//!
//! Starts the server (`--microwork`, built with `--profile server`) on a loopback port with a fresh SQLite
//! database; then on a throwaway PostgreSQL cluster (durable settings; skipped with `--no-postgres`) one
//! instance, then two instances on one database with the load spread over both; then json-server
//! (`--json-server`, the classic "small JSON backend"), and runs on each:
//!   1. closed loop: `--concurrency` clients posting back to back for `--seconds`: throughput and latency;
//!   2. open loop: `--rate` requests per second for `--seconds`, latency measured from when each request was
//!      due (so a slow server cannot hide its queue: no coordinated omission).
//!
//! Every POST is a distinct, valid request (its own UUID v4 `request_id`). Our server commits each one durably
//! (WAL, synchronous=FULL) before answering; the run checks the database has exactly one row per 201.
//! json-server rewrites its whole db.json on each POST, without fsync. Loopback only, bounded in time.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use microwork_server::pg_cluster::{Cluster, Durability};
use tokio::process::{Child, Command};

type HttpClient = Client<HttpConnector, Full<Bytes>>;

struct Args {
    microwork: PathBuf,
    json_server: PathBuf,
    work_dir: PathBuf,
    concurrency: usize,
    seconds: u64,
    rate: u64,
    postgres: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        microwork: "target/server/microwork".into(),
        json_server: "node_modules/.bin/json-server".into(),
        work_dir: "target/bench-server".into(),
        concurrency: 32,
        seconds: 10,
        rate: 200,
        postgres: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|_| format!("{flag}: not a number: {v}"));
        match flag.as_str() {
            "--microwork" => args.microwork = value()?.into(),
            "--json-server" => args.json_server = value()?.into(),
            "--work-dir" => args.work_dir = value()?.into(),
            "--concurrency" => args.concurrency = number(value()?)?.clamp(1, 1024) as usize,
            "--seconds" => args.seconds = number(value()?)?.clamp(1, 60),
            "--rate" => args.rate = number(value()?)?.clamp(1, 10_000),
            "--no-postgres" => args.postgres = false,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn body() -> String {
    serde_json::json!({
        "request_id": uuid::Uuid::new_v4().to_string(),
        "desk_id": "mo-01",
        "name": "Maria Rossi",
        "email": "maria.rossi@example.it",
        "phone": "333 123 4567",
        "comune_istat": "036023",
        "channel": "phone",
        "time_window": "morning",
        "message": "Vorrei aprire un piccolo laboratorio di ceramica: quali incentivi posso chiedere?",
        "consent_privacy": true,
        "lang": "it"
    })
    .to_string()
}

/// One POST; `Some(latency)` for a 2xx answer.
async fn post(client: &HttpClient, url: &str) -> Option<Duration> {
    let req = hyper::Request::post(url).header("content-type", "application/json").body(Full::new(Bytes::from(body()))).ok()?;
    let start = Instant::now();
    let response = tokio::time::timeout(Duration::from_secs(30), client.request(req)).await.ok()?.ok()?;
    let ok = response.status().is_success();
    response.into_body().collect().await.ok()?;
    ok.then(|| start.elapsed())
}

struct Phase {
    name: String,
    ok: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Phase {
    fn rps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len()) - 1;
        self.latencies[i].as_secs_f64() * 1000.0
    }
}

/// With several instances, client `i` (or request `i`) goes to instance `i mod n`: a round-robin balancer.
async fn closed_loop(client: &HttpClient, urls: &[String], concurrency: usize, seconds: u64) -> Phase {
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..concurrency {
        let (client, url, stop) = (client.clone(), urls[i % urls.len()].clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut errors) = (Vec::new(), 0usize);
            while !stop.load(Ordering::Relaxed) {
                match post(&client, &url).await {
                    Some(latency) => ok.push(latency),
                    None => errors += 1,
                }
            }
            (ok, errors)
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut phase = Phase { name: format!("{concurrency} clients"), ok: 0, errors: 0, elapsed: Duration::ZERO, latencies: Vec::new() };
    for t in tasks {
        if let Ok((ok, errors)) = t.await {
            phase.latencies.extend(ok);
            phase.errors += errors;
        }
    }
    phase.elapsed = start.elapsed();
    phase.ok = phase.latencies.len();
    phase.latencies.sort();
    phase
}

async fn open_loop(client: &HttpClient, urls: &[String], rate: u64, seconds: u64) -> Phase {
    let total = rate * seconds;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + interval.mul_f64(i as f64);
        tokio::time::sleep_until(due).await;
        let (client, url) = (client.clone(), urls[i as usize % urls.len()].clone());
        tasks.push(tokio::spawn(async move {
            // From when the request was due, not when it left: a backlog shows up as latency.
            post(&client, &url).await.map(|_| due.elapsed())
        }));
    }
    let mut phase = Phase { name: format!("{rate} req/s"), ok: 0, errors: 0, elapsed: Duration::ZERO, latencies: Vec::new() };
    for t in tasks {
        match t.await.ok().flatten() {
            Some(latency) => phase.latencies.push(latency),
            None => phase.errors += 1,
        }
    }
    phase.elapsed = start.elapsed();
    phase.ok = phase.latencies.len();
    phase.latencies.sort();
    phase
}

/// Returns the warm-up (not reported, but its requests are stored too), the closed and the open loop.
async fn run_load(target: &str, urls: &[String], args: &Args) -> (Phase, Phase, Phase) {
    let client: HttpClient = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(args.concurrency * 2).build_http();
    // Warm-up: connections, caches, the other side's JIT.
    let warm_up = closed_loop(&client, urls, args.concurrency, 1).await;
    eprintln!("{target}: {} clients for {} s …", args.concurrency, args.seconds);
    let closed = closed_loop(&client, urls, args.concurrency, args.seconds).await;
    eprintln!("{target}: {} req/s for {} s …", args.rate, args.seconds);
    let open = open_loop(&client, urls, args.rate, args.seconds).await;
    (warm_up, closed, open)
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn start_microwork(args: &Args, dir: &Path, database_url: &str) -> Result<(Child, String), String> {
    std::fs::create_dir_all(dir.join("dist")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("dist/index.html"), "<!doctype html><title>bench</title>").map_err(|e| e.to_string())?;
    let mut child = Command::new(&args.microwork)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .arg("--dist")
        .arg(dir.join("dist"))
        .arg("--database-url")
        .arg(database_url)
        // One client address sends everything here: the per-address limit would stop the benchmark.
        .env("MICROWORK_RATE_LIMIT_PER_MINUTE", "0")
        .env_remove("MICROWORK_WEBHOOK_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", args.microwork.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
        .await
        .map_err(|_| "microwork did not start in 60 s".to_string())?
        .map_err(|e| e.to_string())?
        .ok_or("microwork exited at start")?;
    let base = line.strip_prefix("listening on ").ok_or(format!("unexpected: {line}"))?.trim().to_string();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok((child, base))
}

async fn start_json_server(args: &Args, dir: &Path) -> Result<(Child, String), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("db.json"), r#"{"contact-requests": []}"#).map_err(|e| e.to_string())?;
    let port = free_port().map_err(|e| e.to_string())?;
    let bin = std::fs::canonicalize(&args.json_server).map_err(|e| format!("{}: {e}", args.json_server.display()))?;
    let child = Command::new(bin)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--quiet", "db.json"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start json-server: {e}"))?;
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok((child, base));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("json-server did not start in 10 s".into())
}

fn row(target: &str, p: &Phase) {
    println!(
        "| {target:<20} | {:<11} | {:>8} | {:>6} | {:>7.0} | {:>7.2} | {:>7.2} |",
        p.name,
        p.ok,
        p.errors,
        p.rps(),
        p.percentile(0.50),
        p.percentile(0.99)
    );
}

/// One microwork run: its phases, and how many distinct requests its database holds afterwards.
struct Run {
    name: &'static str,
    warm_up: Phase,
    closed: Phase,
    open: Phase,
    stored: i64,
}

impl Run {
    /// Every 2xx must be stored, each once; a request that timed out may have been stored as well.
    fn check(&self) -> Result<(), String> {
        let acked = (self.warm_up.ok + self.closed.ok + self.open.ok) as i64;
        let unsure = (self.warm_up.errors + self.closed.errors + self.open.errors) as i64;
        println!("{}: {} distinct requests stored for {acked} acknowledged, committed durably", self.name, self.stored);
        if self.stored < acked || self.stored > acked + unsure {
            return Err(format!("{}: {acked} requests were acknowledged but {} are stored", self.name, self.stored));
        }
        Ok(())
    }
}

/// `instances` servers on `database_url`, the load spread over them.
async fn run_microwork(name: &'static str, args: &Args, dir: &Path, database_url: &str, instances: usize) -> Result<Run, String> {
    let mut children = Vec::new();
    let mut urls = Vec::new();
    for i in 0..instances {
        let (child, base) = start_microwork(args, &dir.join(format!("instance-{i}")), database_url).await?;
        children.push(child);
        urls.push(format!("{base}/api/v1/contact-requests"));
    }
    let (warm_up, closed, open) = run_load(name, &urls, args).await;
    for mut child in children {
        let _ = child.start_kill();
        let _ = child.wait().await;
    }
    let target = microwork_server::store::db::Target::parse(database_url).map_err(|e| e.to_string())?;
    let stored = tokio::task::spawn_blocking(move || {
        let db = microwork_server::store::Db::connect(&target, 1).map_err(|e| e.to_string())?;
        db.read_blocking(|c| microwork_server::store::sql::query_value::<i64>(c, "SELECT count(DISTINCT request_id) FROM contact_requests", &[]))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())??;
    Ok(Run { name, warm_up, closed, open, stored })
}

async fn bench(args: Args) -> Result<(), String> {
    let run_dir = args.work_dir.join(format!("run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&run_dir);
    std::fs::create_dir_all(&run_dir).map_err(|e| format!("{}: {e}", run_dir.display()))?;
    let run_dir = std::fs::canonicalize(&run_dir).map_err(|e| e.to_string())?;

    let mut runs = Vec::new();
    let sqlite_url = format!("sqlite://{}", run_dir.join("microwork/bench.db").display());
    runs.push(run_microwork("microwork sqlite", &args, &run_dir.join("microwork"), &sqlite_url, 1).await?);

    if args.postgres {
        // PostgreSQL's defaults (fsync, synchronous_commit on): as durable as SQLite's synchronous=FULL.
        let cluster = tokio::task::spawn_blocking(|| Cluster::start(Durability::Durable))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let cluster = Arc::new(cluster);
        for (name, instances) in [("microwork pg x1", 1), ("microwork pg x2", 2)] {
            let c = cluster.clone();
            let url = tokio::task::spawn_blocking(move || c.create_database("bench"))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
            runs.push(run_microwork(name, &args, &run_dir.join(name.replace(' ', "-")), &url, instances).await?);
        }
        drop(cluster);
    }

    let theirs_dir = run_dir.join("json-server");
    let (mut theirs, base) = start_json_server(&args, &theirs_dir).await?;
    let (_, j_closed, j_open) = run_load("json-server", &[format!("{base}/contact-requests")], &args).await;
    let _ = theirs.start_kill();
    let _ = theirs.wait().await;

    println!();
    println!("POST a contact request, loopback, {} s per phase ({} cores)", args.seconds, std::thread::available_parallelism().map_or(0, |n| n.get()));
    println!("| server               | load        | requests | errors |     rps |  p50 ms |  p99 ms |");
    println!("|----------------------|-------------|----------|--------|---------|---------|---------|");
    for run in &runs {
        row(run.name, &run.closed);
        row(run.name, &run.open);
    }
    row("json-server", &j_closed);
    row("json-server", &j_open);
    println!();
    let ours = &runs[0];
    println!(
        "throughput ratio at {} clients: microwork (sqlite) / json-server = {:.1}x",
        args.concurrency,
        ours.closed.rps() / j_closed.rps()
    );
    println!(
        "microwork (sqlite) p99 at {} req/s: {:.2} ms (target < 50 ms); json-server: {:.2} ms",
        args.rate,
        ours.open.percentile(0.99),
        j_open.percentile(0.99)
    );
    let checks: Vec<Result<(), String>> = runs.iter().map(Run::check).collect();
    let _ = std::fs::remove_dir_all(&run_dir);
    checks.into_iter().collect()
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let result = match parse_args() {
        Ok(args) => bench(args).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loadgen: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
