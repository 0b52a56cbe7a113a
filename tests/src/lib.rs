//! The end-to-end harness: starts the real `microwork` server on a free loopback port with a temporary
//! database and the built `dist/`, drives Debian's headless Chromium through chromedriver, and audits each
//! page with axe-core (WCAG 2.1 A/AA) served from `node_modules`.
//!
//! Environment: `MICROWORK_BIN` (server binary, default target/debug/microwork), `MICROWORK_DIST` (default
//! dist/), `CHROMEDRIVER` (default /usr/bin/chromedriver), `CHROMIUM` (default /usr/bin/chromium).

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub use fantoccini::elements::Element;

/// The workspace root (this crate lives in `tests/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

fn env_path(var: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or(default)
}

pub fn server_bin() -> PathBuf {
    env_path("MICROWORK_BIN", root().join("target/debug/microwork"))
}

pub fn dist_dir() -> PathBuf {
    env_path("MICROWORK_DIST", root().join("dist"))
}

/// A temporary copy of the built dist/, for tests that change what the server serves.
pub fn dist_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dist_into(dir.path());
    dir
}

/// Copies the built dist/ into `to` (created if missing).
pub fn copy_dist_into(to: &Path) {
    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    copy_dir(&dist_dir(), to);
}

/// A running `microwork serve` with its own database, stopped (SIGKILL) when dropped.
pub struct Server {
    pub base: String,
    pub db_path: PathBuf,
    pub dist: PathBuf,
    env: Vec<(String, String)>,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        Server::start_with(&dist_dir(), &[]).await
    }

    /// Starts a server on `dist` with extra `serve` arguments.
    pub async fn start_with(dist: &Path, args: &[&str]) -> Server {
        Server::start_with_env(dist, args, &[]).await
    }

    /// Starts a server on `dist` with extra `serve` arguments and environment variables (MICROWORK_…).
    pub async fn start_with_env(dist: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("microwork.db");
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut server =
            Server { base: String::new(), db_path, dist: dist.to_path_buf(), env, child: None, _dir: dir };
        server.spawn("127.0.0.1:0", args).await;
        server
    }

    async fn spawn(&mut self, bind: &str, args: &[&str]) {
        let bin = server_bin();
        assert!(bin.is_file(), "server binary {} missing: run `make server-debug`", bin.display());
        assert!(self.dist.join("index.html").is_file(), "{} has no index.html: run `make dist`", self.dist.display());
        let mut child = Command::new(&bin)
            .arg("serve")
            .arg("--bind")
            .arg(bind)
            .arg("--database-url")
            .arg(format!("sqlite://{}", self.db_path.display()))
            .arg("--dist")
            .arg(&self.dist)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("MICROWORK_LOG", "error")
            // Journeys post from one address faster than a person would: the limit has its own server tests.
            .env("MICROWORK_RATE_LIMIT_PER_MINUTE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("server stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("server did not start within 20 s")
            .expect("read server stdout")
            .expect("server exited before listening");
        self.base = line.strip_prefix("listening on ").expect("server announces its address").trim().to_string();
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Stops the server the hard way (like a crash or `kill -9`).
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Starts the server again on the same address and database.
    pub async fn restart(&mut self, args: &[&str]) {
        self.kill().await;
        let bind = self.base.trim_start_matches("http://").to_string();
        self.spawn(&bind, args).await;
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db_path).expect("open the test database")
    }
}

/// A second web site on its own loopback port (a partner page embedding the app, or a hostile one): answers every
/// GET with the HTML it was given.
pub struct StaticHost {
    pub base: String,
    html: std::sync::Arc<std::sync::Mutex<String>>,
    task: tokio::task::JoinHandle<()>,
}

impl StaticHost {
    /// Starts serving an empty page; set what it serves with [`StaticHost::set_html`] (the page usually needs to
    /// know the app's address, and the app's allowed origins need this one's).
    pub async fn start() -> StaticHost {
        use tokio::io::AsyncWriteExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let html = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let served = html.clone();
        let task = tokio::spawn(async move {
            let html = served;
            while let Ok((mut socket, _)) = listener.accept().await {
                let html = html.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buf = [0u8; 4096];
                    // Read the request head (we answer every path the same way).
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tokio::io::AsyncReadExt::read(&mut socket, &mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buf[..n]),
                        }
                    }
                    let page = html.lock().map(|h| h.clone()).unwrap_or_default();
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                        page.len(),
                        page
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        });
        StaticHost { base, html, task }
    }

    pub fn set_html(&self, html: String) {
        if let Ok(mut h) = self.html.lock() {
            *h = html;
        }
    }
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A chromedriver process and one fresh Chromium session (new profile) driving it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    /// Fail at [`Browser::close`] on any browser console error seen during the journey: on for every browser.
    strict_console: bool,
    /// Errors a journey provokes on purpose (see [`Browser::allow_console_errors`]).
    allowed_errors: Vec<String>,
}

/// A panicking journey never reaches [`Browser::close`]; killing chromedriver alone would leave its Chromium
/// running (ten processes per browser), so the whole process group goes.
impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).stderr(Stdio::null()).status();
        }
    }
}

/// chromedriver's log endpoint (`POST /session/{id}/se/log`), which fantoccini has no method for: the browser
/// console (console.error, uncaught exceptions, failed loads) kept since the last call.
#[derive(Debug)]
struct BrowserLog;

/// chromedriver's Chrome DevTools Protocol pass-through (`POST /session/{id}/goog/cdp/execute`).
#[derive(Debug)]
struct Cdp(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

impl Browser {
    pub async fn new() -> Browser {
        Browser::with_size(1280, 900).await
    }

    /// A browser whose person said no to sharing their location (Chromium's own setting, not a mock).
    pub async fn with_geolocation_blocked() -> Browser {
        Browser::launch(1280, 900, json!({ "profile.default_content_setting_values.geolocation": 2 })).await
    }

    /// A window of this size; under 500 px wide (headless Chromium's smallest window) the page's viewport is
    /// emulated at exactly this size (see [`Browser::set_viewport`]).
    pub async fn with_size(width: u32, height: u32) -> Browser {
        Browser::launch(width, height, json!({})).await
    }

    /// Makes the page's viewport exactly `width`×`height` CSS pixels, as a phone's (headless Chromium will not
    /// make a window narrower than 500 px, so resizing the window cannot do it): DevTools' device metrics
    /// override, kept across navigations.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true });
        self.client
            .issue_cmd(Cdp(json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": params })))
            .await
            .unwrap_or_else(|e| panic!("emulate a {width}×{height} viewport: {e}"));
    }

    /// A 360×640 phone (Italian) whose journey fails on any browser console error: checked at
    /// [`Browser::close`], and whenever the journey calls [`Browser::assert_no_console_errors`].
    pub async fn phone() -> Browser {
        let mut b = Browser::launch_with(360, 640, json!({}), &["--hide-scrollbars"]).await;
        b.strict_console = true;
        b
    }

    /// The browser console's errors (level SEVERE: console.error, uncaught exceptions, failed loads) since the
    /// last call.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.unwrap_or_else(|e| panic!("read the browser log: {e}"));
        log.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// For a journey that provokes console errors on purpose (a server stopped, a refused request, a blocked
    /// frame): errors containing one of `patterns` no longer fail it; any other error still does.
    pub fn allow_console_errors(&mut self, patterns: &[&str]) {
        self.allowed_errors.extend(patterns.iter().map(|p| p.to_string()));
    }

    /// Fails with the messages if the console logged an error since the last check.
    pub async fn assert_no_console_errors(&self) {
        let errors = self.console_errors().await;
        assert!(errors.is_empty(), "browser console errors at {}:\n{}", self.url().await, errors.join("\n"));
    }

    async fn launch(width: u32, height: u32, extra_prefs: Value) -> Browser {
        Browser::launch_with(width, height, extra_prefs, &[]).await
    }

    /// A plain window of this size (e.g. for screenshots), with extra Chromium arguments.
    pub async fn with_size_and_args(width: u32, height: u32, args: &[&str]) -> Browser {
        Browser::launch_with(width, height, json!({}), args).await
    }

    /// `extra_args`: e.g. `--hide-scrollbars`, so a 360 px window lays out 360 px like a phone (whose scrollbars
    /// take no room).
    async fn launch_with(width: u32, height: u32, extra_prefs: Value, extra_args: &[&str]) -> Browser {
        let port = free_port();
        let driver = Command::new(env_path("CHROMEDRIVER", PathBuf::from("/usr/bin/chromedriver")))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            // Its own process group, with the Chromium it starts: a journey that panics kills them all on drop.
            .process_group(0)
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut prefs = json!({ "intl.accept_languages": "it-IT,it" });
        if let (Some(p), Some(extra)) = (prefs.as_object_mut(), extra_prefs.as_object()) {
            p.extend(extra.clone());
        }
        let mut args: Vec<String> = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        args.extend([format!("--user-data-dir={}", profile.path().display()), format!("--window-size={width},{height}")]);
        args.push("--lang=it-IT".into());
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": env_path("CHROMIUM", PathBuf::from("/usr/bin/chromium")),
                "args": args,
                "prefs": prefs
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not start a Chromium session: {e}"),
            }
        };
        let browser = Browser { client, driver, _profile: profile, strict_console: true, allowed_errors: Vec::new() };
        if width < 500 {
            browser.set_viewport(width, height).await;
        }
        browser
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits (up to 15 s) for an element, for wasm to start and pages to render.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` appeared: {e}"))
    }

    /// The text of the visible `<h1>` in `<main>` (the static start page holds one per language, one hidden).
    /// On app pages, the app's own heading: the prerendered copy in `#boot` shows the same text before the app
    /// runs, but a journey must act on the app's page, not on the static one it replaces.
    pub async fn h1(&self) -> Option<String> {
        self.js("const boot = document.getElementById('boot');
                 const copy = (h) => boot && boot.contains(h) && document.documentElement.dataset.boot !== 'start';
                 const h = [...document.querySelectorAll('main h1')].find(h => !copy(h) && (h.offsetParent !== null || h === document.activeElement));
                 return h ? h.textContent.trim() : null;")
            .await
            .as_str()
            .map(str::to_string)
    }

    /// Waits until the page's visible `<h1>` has exactly this text.
    pub async fn wait_for_h1(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.h1().await;
            if found.as_deref() == Some(text) {
                return;
            }
            if Instant::now() > deadline {
                panic!("expected h1 `{text}`, found {found:?} at {}", self.url().await);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits (up to `seconds`) until an element's text contains `needle`, and returns that text.
    pub async fn wait_for_text(&self, css: &str, needle: &str, seconds: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let script = format!(
            "return [...document.querySelectorAll({})].map(e => e.textContent).find(t => t.includes({})) || null;",
            serde_json::to_string(css).unwrap_or_default(),
            serde_json::to_string(needle).unwrap_or_default()
        );
        loop {
            if let Some(text) = self.js(&script).await.as_str() {
                return text.to_string();
            }
            assert!(Instant::now() < deadline, "no `{css}` with `{needle}` within {seconds} s at {}", self.url().await);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether this page has downloaded the app's WebAssembly.
    pub async fn loaded_wasm(&self) -> bool {
        self.js("return performance.getEntriesByType('resource').some(e => e.name.endsWith('.wasm'));").await == json!(true)
    }

    /// Polls a JavaScript expression until it returns `true` (up to 15 s).
    pub async fn wait_until(&self, what: &str, js_expression: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let script = format!("return !!({js_expression});");
        while !self.client.execute(&script, vec![]).await.map(|v| v == json!(true)).unwrap_or(false) {
            assert!(Instant::now() < deadline, "timed out waiting for {what} ({js_expression})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn url(&self) -> String {
        self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.unwrap_or_else(|e| panic!("click `{css}`: {e}"));
    }

    pub async fn click_link(&self, text: &str) {
        let link = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::LinkText(text))
            .await
            .unwrap_or_else(|e| panic!("no link `{text}`: {e}"));
        link.click().await.unwrap_or_else(|e| panic!("click link `{text}`: {e}"));
    }

    /// Clicks the link or button with exactly this text.
    pub async fn click_link_or_button(&self, text: &str) {
        let xpath = format!("//a[normalize-space(.)='{text}'] | //button[normalize-space(.)='{text}']");
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no link or button `{text}`: {e}"));
        el.click().await.unwrap_or_else(|e| panic!("click `{text}`: {e}"));
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        el.clear().await.expect("clear field");
        el.send_keys(text).await.expect("type into field");
    }

    /// The id (or tag) of the focused element.
    pub async fn focused(&self) -> String {
        self.js("const e = document.activeElement; return e ? (e.id || e.tagName.toLowerCase()) : '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The current path (without origin, query or fragment).
    pub async fn path(&self) -> String {
        self.js("return location.pathname;").await.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the path satisfies `ok` (client-side navigation finished).
    pub async fn wait_for_path(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let p = self.path().await;
            if ok(&p) {
                return p;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; at {p}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Answers the self-check from a persona (question id → answer, as in an answers file), page by page through
    /// the real form, until the check-your-answers page. Fails on a question the persona does not expect, so the
    /// branching is asserted too. Returns the ids asked, in order.
    pub async fn answer_self_check(&self, persona: &Value) -> Vec<String> {
        let mut asked = Vec::new();
        loop {
            let path = self.wait_for_path("a question page", |p| p.starts_with("/autovalutazione/")).await;
            let id = path.trim_start_matches("/autovalutazione/").to_string();
            if id == "riepilogo" {
                return asked;
            }
            assert!(asked.len() < 30, "the self-check does not end: {asked:?}");
            self.wait_for("form.mw-form button[type=submit]").await;
            let answer = persona.get(&id).unwrap_or_else(|| panic!("unexpected question `{id}` after {asked:?}"));
            match answer {
                Value::Number(n) => self.fill(&format!("#{id}"), &n.to_string()).await,
                Value::String(s) if id == "start_date" => {
                    let (y, rest) = s.split_at(4);
                    let (m, d) = (&rest[1..3], &rest[4..6]);
                    self.fill(&format!("#{id}-day"), d).await;
                    self.fill(&format!("#{id}-month"), m).await;
                    self.fill(&format!("#{id}-year"), y).await;
                }
                Value::String(s) => {
                    self.click(&format!("input[name='{id}'][value='{s}']")).await;
                }
                Value::Array(list) => {
                    for v in list {
                        self.click(&format!("input[name='{id}'][value='{}']", v.as_str().unwrap())).await;
                    }
                }
                other => panic!("cannot answer {id} with {other}"),
            }
            self.click("form.mw-form button[type=submit]").await;
            let before = path.clone();
            self.wait_for_path("the next page", move |p| p != before).await;
            asked.push(id);
        }
    }

    /// `(instrument id, status)` of every outcome card on the results page, in page order.
    pub async fn outcomes(&self) -> Vec<(String, String)> {
        self.wait_for("article.mw-outcome").await;
        let v = self
            .js("return [...document.querySelectorAll('article.mw-outcome')].map(a => [a.id.replace('misura-', ''),
                   [...a.classList].find(c => c.startsWith('mw-outcome--')).replace('mw-outcome--', '')]);")
            .await;
        serde_json::from_value(v).expect("outcome list")
    }

    /// Runs axe-core on the current page (WCAG 2.0/2.1 A and AA) and fails with the details of any violation.
    pub async fn assert_accessible(&self) {
        let violations = self.axe_violations().await;
        assert_eq!(violations, json!([]), "axe-core violations at {}:\n{:#}", self.url().await, violations);
    }

    /// axe-core's violations on the current page: `[{id, impact, help, nodes}]`.
    pub async fn axe_violations(&self) -> Value {
        // Let finite CSS transitions and animations end first (a map popup fading in measured 4.2:1 halfway
        // through its fade, then 4.5:1 and more): axe judges the page a person reads, not a frame of a fade.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const finite = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
                 Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))), new Promise(r => setTimeout(r, 3000))])
                   .then(() => done(null));",
                vec![],
            )
            .await;
        let axe = std::fs::read_to_string(root().join("node_modules/axe-core/axe.min.js"))
            .expect("node_modules/axe-core/axe.min.js: run `npm ci`");
        self.client.execute(&axe, vec![]).await.expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary) }))))
                   .catch(e => done({ error: String(e) }));",
                vec![],
            )
            .await
            .expect("run axe-core");
        assert!(result.is_array(), "axe-core failed: {result}");
        result
    }

    pub async fn close(mut self) {
        if self.strict_console {
            let mut errors = self.console_errors().await;
            errors.retain(|e| !self.allowed_errors.iter().any(|p| e.contains(p.as_str())));
            if !errors.is_empty() {
                let at = self.url().await;
                let _ = self.client.clone().close().await;
                let _ = self.driver.kill().await;
                panic!("browser console errors at {at}:\n{}", errors.join("\n"));
            }
        }
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// A copy of the built dist/ whose `config.json` is `config` (its stale .br/.gz copies removed), readable by
/// every user (a static file server's workers may run as another user).
pub fn dist_copy_with_config(config: &str) -> tempfile::TempDir {
    let dist = dist_copy();
    for name in ["config.json.br", "config.json.gz"] {
        let _ = std::fs::remove_file(dist.path().join(name));
    }
    std::fs::write(dist.path().join("config.json"), config).expect("write config.json");
    dist
}

/// An answer read by [`http_get`].
#[derive(Debug)]
pub struct HttpAnswer {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One plain HTTP/1.1 GET (`Connection: close`), redirects not followed: what a browser's first request sees.
/// `base` is `http://host:port`; `extra` are request headers such as `("accept-encoding", "gzip")`.
pub async fn http_get(base: &str, path: &str, extra: &[(&str, &str)]) -> HttpAnswer {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap_or_else(|e| panic!("connect to {host}: {e}"));
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    socket.write_all(request.as_bytes()).await.expect("send the request");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut raw))
        .await
        .unwrap_or_else(|_| panic!("no answer to GET {path} within 10 s"))
        .expect("read the answer");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("GET {path}: no header end"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    HttpAnswer { status, headers, body }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    out
}

/// Which of the configurations in `deploy/` a [`StaticServer`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deploy {
    /// `deploy/nginx/microwork.conf`: the README's recommended nginx site (headers, caching, gzip_static,
    /// route pages without a redirect, 404.html for the rest).
    Nginx,
    /// `deploy/nginx/bare.conf`: what a host with no rewrite rules and no header settings does (GitHub
    /// Pages-like): only `error_page 404 /404.html`.
    NginxBare,
    /// `deploy/Caddyfile`, run by Caddy 2.
    Caddy,
}

/// A plain static file server (Debian's nginx or Caddy, `scripts/setup.sh --test` installs both) serving a built
/// `dist/` on a free loopback port with one of the configurations in `deploy/`, unprivileged: its own config,
/// pid and log files in a temporary directory, in the foreground, killed when dropped. The recommended
/// configurations get their headers file from `microwork static-headers` on that `dist/`.
pub struct StaticServer {
    pub base: String,
    child: Child,
    dir: tempfile::TempDir,
}

impl StaticServer {
    pub async fn start(dist: &Path, deploy: Deploy) -> StaticServer {
        StaticServer::start_on(free_port(), dist, deploy).await
    }

    /// On this loopback port (known in advance: the API's allowed origins name it).
    pub async fn start_on(port: u16, dist: &Path, deploy: Deploy) -> StaticServer {
        StaticServer::launch(port, dist, dist, deploy, "/").await
    }

    /// A bare host (see [`Deploy::NginxBare`]) whose document root `www` holds the app in a folder, published
    /// under `public_url` (`/microwork/`): its 404.html is `/microwork/404.html`.
    pub async fn start_under(www: &Path, public_url: &str) -> StaticServer {
        let dist = www.join(public_url.trim_matches('/'));
        StaticServer::launch(free_port(), www, &dist, Deploy::NginxBare, public_url).await
    }

    async fn launch(port: u16, root_dir: &Path, dist: &Path, deploy: Deploy, public_url: &str) -> StaticServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let listen = format!("127.0.0.1:{port}");
        let conf = dir.path();
        if deploy != Deploy::NginxBare {
            let mut cmd = std::process::Command::new(server_bin());
            cmd.arg("static-headers").arg(dist).env_remove("MICROWORK_ALLOWED_ORIGINS");
            match deploy {
                Deploy::Caddy => cmd.arg("--caddy").arg(conf.join("microwork-headers.caddy")),
                _ => cmd.arg("--nginx").arg(conf.join("microwork-headers.conf")),
            };
            let out = cmd.output().expect("run microwork static-headers");
            assert!(out.status.success(), "microwork static-headers: {}", String::from_utf8_lossy(&out.stderr));
        }
        // A copy of dist/ in a 0700 temp dir must be readable by nginx's workers (`user nobody` when root).
        make_world_readable(root_dir);
        let child = match deploy {
            Deploy::Caddy => {
                // Only the global options are added: no admin endpoint (tests may run several servers).
                let site = std::fs::read_to_string(root().join("deploy/Caddyfile")).expect("deploy/Caddyfile");
                std::fs::write(conf.join("Caddyfile"), format!("{{\n\tadmin off\n}}\n{site}")).expect("write Caddyfile");
                Command::new(env_path("CADDY", PathBuf::from("/usr/bin/caddy")))
                    .args(["run", "--adapter", "caddyfile", "--config"])
                    .arg(conf.join("Caddyfile"))
                    .env("MICROWORK_SITE", format!("http://{listen}"))
                    .env("MICROWORK_DIST", dist)
                    .env("HOME", conf)
                    .env("XDG_CONFIG_HOME", conf.join("config"))
                    .env("XDG_DATA_HOME", conf.join("data"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .kill_on_drop(true)
                    .spawn()
                    .expect("start caddy (apt-get install caddy)")
            }
            Deploy::Nginx | Deploy::NginxBare => {
                let file = if deploy == Deploy::Nginx { "microwork.conf" } else { "bare.conf" };
                let site = std::fs::read_to_string(root().join("deploy/nginx").join(file)).expect("deploy/nginx config");
                let site = replace_line(&site, "listen ", &format!("listen {listen};"));
                let site = replace_line(&site, "root ", &format!("root {};", root_dir.display()));
                let site = replace_line(&site, "error_page 404 ", &format!("error_page 404 {public_url}404.html;"));
                std::fs::write(conf.join("site.conf"), site).expect("write site.conf");
                std::fs::write(conf.join("nginx.conf"), nginx_main_conf(conf)).expect("write nginx.conf");
                Command::new(env_path("NGINX", PathBuf::from("/usr/sbin/nginx")))
                    .arg("-p")
                    .arg(conf)
                    .arg("-c")
                    .arg(conf.join("nginx.conf"))
                    .arg("-e")
                    .arg(conf.join("error.log"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::inherit())
                    .kill_on_drop(true)
                    .spawn()
                    .expect("start nginx (apt-get install nginx)")
            }
        };
        let server = StaticServer { base: format!("http://{listen}"), child, dir };
        let started = Instant::now();
        while tokio::net::TcpStream::connect(&listen).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "{deploy:?} did not listen on {listen} within 20 s{}", server.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// nginx's error log (empty for Caddy), for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).map(|l| format!("\n{l}")).unwrap_or_default()
    }

    /// The configuration directory (the generated headers file is there).
    pub fn conf_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for StaticServer {
    /// SIGTERM first: nginx's master then stops its worker (a SIGKILLed master would leave it serving).
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.start_kill();
    }
}

/// The first line whose trimmed text starts with `prefix`, replaced by `with` (indentation kept).
fn replace_line(text: &str, prefix: &str, with: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|line| {
            if !done && line.trim_start().starts_with(prefix) {
                done = true;
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}{with}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

fn nginx_main_conf(conf: &Path) -> String {
    let p = conf.display();
    // As root (CI containers), the workers drop to nobody; otherwise nginx runs as whoever started it.
    let running_as_root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").expect("/proc/self")) == 0;
    let user = if running_as_root { "user nobody nogroup;\n" } else { "" };
    format!(
        "{user}daemon off;\nmaster_process on;\nworker_processes 1;\npid {p}/nginx.pid;\nerror_log {p}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  sendfile on;\n\
         client_body_temp_path {p}/client_body;\n  proxy_temp_path {p}/proxy;\n  fastcgi_temp_path {p}/fastcgi;\n\
         uwsgi_temp_path {p}/uwsgi;\n  scgi_temp_path {p}/scgi;\n  include site.conf;\n}}\n"
    )
}

/// `chmod a+rX` on `dir` and everything under it (a temp dir is 0700).
fn make_world_readable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fn walk(path: &Path) {
        let Ok(meta) = std::fs::symlink_metadata(path) else { return };
        let mode = meta.permissions().mode();
        let wanted = if meta.is_dir() { mode | 0o755 } else { mode | 0o644 };
        if wanted != mode {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted));
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path());
            }
        }
    }
    walk(dir);
}
