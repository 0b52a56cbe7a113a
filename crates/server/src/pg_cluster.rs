//! A throwaway PostgreSQL cluster for the tests and `make bench-server`: `initdb` in a fresh directory under
//! the system's temporary directory, the server on a loopback port (and its socket in that directory), trust
//! authentication for the `postgres` role, stopped and deleted when the [`Cluster`] is dropped — or, if the
//! process that started it dies first (a test binary never drops its statics), by a small watchdog process.
//!
//! PostgreSQL refuses to run as root: as root, every PostgreSQL command runs as the `postgres` system user
//! (`runuser -u postgres`), which Debian's `postgresql` package creates; as anyone else, as that user.
//! Binaries: `MICROWORK_PG_BIN` (a directory), else the newest `/usr/lib/postgresql/*/bin`, else `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// Why a cluster could not be had, said so a person can fix it.
#[derive(Debug, thiserror::Error)]
#[error("cannot start a throwaway PostgreSQL cluster: {0}")]
pub struct ClusterError(String);

/// Durability of the throwaway cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// PostgreSQL's defaults (fsync, synchronous_commit on): for benchmarks beside SQLite's synchronous=FULL.
    Durable,
    /// fsync off: for tests, where the machine does not crash, only our server does.
    Fast,
}

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    watchdog: Option<std::process::Child>,
}

static NEXT_DB: AtomicU32 = AtomicU32::new(1);

fn bin_dir() -> Result<PathBuf, ClusterError> {
    if let Some(dir) = std::env::var_os("MICROWORK_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Ok(bin);
    }
    let on_path = Command::new("sh").args(["-c", "command -v initdb"]).output().ok().filter(|o| o.status.success());
    match on_path.and_then(|o| String::from_utf8(o.stdout).ok()).map(|s| PathBuf::from(s.trim())) {
        Some(initdb) if initdb.parent().is_some() => Ok(initdb.parent().map(Path::to_path_buf).unwrap_or_default()),
        _ => Err(ClusterError(
            "PostgreSQL's initdb was not found (install Debian's `postgresql`: scripts/setup.sh --test does, or set MICROWORK_PG_BIN)"
                .into(),
        )),
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().ok().and_then(|o| String::from_utf8(o.stdout).ok()).is_some_and(|s| s.trim() == "0")
}

fn free_port() -> Result<u16, ClusterError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| ClusterError(format!("no free loopback port: {e}")))?;
    Ok(listener.local_addr().map_err(|e| ClusterError(e.to_string()))?.port())
}

impl Cluster {
    /// Creates and starts a cluster; fails with the reason (and PostgreSQL's own log) if it cannot.
    pub fn start(durability: Durability) -> Result<Cluster, ClusterError> {
        Cluster::start_with(durability, None)
    }

    /// A cluster that takes TCP connections over TLS only (`hostssl`; plain ones are rejected), with this
    /// server certificate and key (PEM): for the tests of `sslmode`.
    pub fn start_tls(durability: Durability, cert_pem: &str, key_pem: &str) -> Result<Cluster, ClusterError> {
        Cluster::start_with(durability, Some((cert_pem, key_pem)))
    }

    fn start_with(durability: Durability, tls: Option<(&str, &str)>) -> Result<Cluster, ClusterError> {
        let bin = bin_dir()?;
        let as_postgres = is_root();
        let dir = std::env::temp_dir().join(format!(
            "microwork-pg-{}-{}",
            std::process::id(),
            NEXT_DB.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| ClusterError(format!("creating {}: {e}", dir.display())))?;
        let mut cluster = Cluster { dir, bin, port: 0, as_postgres, watchdog: None };
        if as_postgres {
            cluster.run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&cluster.dir), "chown postgres")?;
        }
        cluster.watch()?;
        let data = cluster.dir.join("data");
        let mut initdb = cluster.command("initdb");
        initdb.arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
        cluster.run(&mut initdb, "initdb")?;
        if let Some((cert, key)) = tls {
            cluster.require_tls(&data, cert, key)?;
        }
        let mut options = vec![
            "-c listen_addresses=127.0.0.1".to_string(),
            format!("-c unix_socket_directories={}", cluster.dir.display()),
            "-c max_connections=200".into(),
            "-c shared_buffers=64MB".into(),
        ];
        if tls.is_some() {
            options.push("-c ssl=on".into());
        }
        if durability == Durability::Fast {
            options.extend(["-c fsync=off".into(), "-c synchronous_commit=off".into(), "-c full_page_writes=off".into()]);
        }
        // A port taken between our look and PostgreSQL's bind: try another.
        let mut last = String::new();
        for _ in 0..5 {
            cluster.port = free_port()?;
            let mut start = cluster.command("pg_ctl");
            start
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(cluster.dir.join("log"))
                .args(["-w", "-t", "60", "-o"])
                .arg(format!("-p {} {}", cluster.port, options.join(" ")))
                .arg("start");
            match cluster.run(&mut start, "pg_ctl start") {
                Ok(()) => return Ok(cluster),
                Err(e) => last = e.0,
            }
        }
        Err(ClusterError(last))
    }

    /// The certificate and key as PostgreSQL's `server.crt`/`server.key` (the key readable by its owner only,
    /// or PostgreSQL refuses it), and TCP connections allowed over TLS only.
    fn require_tls(&self, data: &Path, cert: &str, key: &str) -> Result<(), ClusterError> {
        let write = |name: &str, text: &str| {
            std::fs::write(data.join(name), text).map_err(|e| ClusterError(format!("writing {name}: {e}")))
        };
        write("server.crt", cert)?;
        write("server.key", key)?;
        write("pg_hba.conf", "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n")?;
        if self.as_postgres {
            self.run(Command::new("chown").args(["postgres:postgres"]).arg(data.join("server.crt")).arg(data.join("server.key")).arg(data.join("pg_hba.conf")), "chown postgres")?;
        }
        self.run(Command::new("chmod").arg("600").arg(data.join("server.key")), "chmod server.key")
    }

    /// `postgres://` URL of database `db` on this cluster.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A new, empty database; its URL. Names are unique within the process.
    pub fn create_database(&self, prefix: &str) -> Result<String, ClusterError> {
        let name = format!("{prefix}_{}", NEXT_DB.fetch_add(1, Ordering::Relaxed));
        let mut createdb = self.command("createdb");
        createdb.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", &name]);
        self.run(&mut createdb, "createdb")?;
        Ok(self.url(&name))
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn run(&self, command: &mut Command, what: &str) -> Result<(), ClusterError> {
        let out = command.stdin(Stdio::null()).output().map_err(|e| ClusterError(format!("{what}: {e}")))?;
        if out.status.success() {
            return Ok(());
        }
        let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        Err(ClusterError(format!(
            "{what} failed ({}): {}{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim(),
            String::from_utf8_lossy(&out.stdout).trim(),
            tail.join("\n")
        )))
    }

    /// Stops the cluster and deletes its directory when this process ends, however it ends.
    fn watch(&mut self) -> Result<(), ClusterError> {
        let stop = self.stop_script();
        let script = format!("while kill -0 {} 2>/dev/null; do sleep 1; done; {stop}", std::process::id());
        let child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ClusterError(format!("watchdog: {e}")))?;
        self.watchdog = Some(child);
        Ok(())
    }

    fn stop_script(&self) -> String {
        let pg_ctl = self.bin.join("pg_ctl");
        let data = self.dir.join("data");
        let runuser = if self.as_postgres { "runuser -u postgres -- " } else { "" };
        format!(
            "[ -f '{data}/postmaster.pid' ] && {runuser}'{pg_ctl}' -D '{data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{dir}'",
            data = data.display(),
            pg_ctl = pg_ctl.display(),
            dir = self.dir.display()
        )
    }

    /// Stops PostgreSQL now (an immediate shutdown: it is thrown away) and deletes the directory.
    pub fn stop(&mut self) {
        let _ = Command::new("sh").args(["-c", &self.stop_script()]).status();
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}
