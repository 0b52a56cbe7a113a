//! Accepting connections: hyper's HTTP/1 server with a timer, so that no client can hold the server's
//! connections or its shutdown.
//!
//! - a request's headers must arrive within the header-read timeout (a client that trickles them is cut; a
//!   new connection that says nothing is closed after the same time);
//! - an idle keep-alive connection is closed after the keep-alive timeout;
//! - at most `max_connections` are open at once, and `max_connections_per_client` from one address (IPv6:
//!   one /64); the excess is accepted and closed at once, never left waiting in the kernel's queue;
//! - on shutdown, no new connection is taken, idle ones close, requests in flight get `shutdown_timeout` to
//!   finish, then the rest are cut. Writes already handed to the database are committed all the same
//!   (its writer finishes its queue before the process exits).

use super::limits::client_key;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub keep_alive_timeout: Duration,
    pub max_connections: usize,
    /// 0: no per-address cap (behind a reverse proxy every connection comes from the proxy).
    pub max_connections_per_client: usize,
    pub shutdown_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(5),
            max_connections: 1000,
            max_connections_per_client: 64,
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

/// What `max_connections = 0` means: three quarters of the open-files limit (the rest is for the database,
/// its readers, static files and the webhook), at least 16 and at most 10,000.
pub fn auto_max_connections(open_files_limit: u64) -> usize {
    (open_files_limit.saturating_mul(3) / 4).clamp(16, 10_000) as usize
}

/// How the serving ended, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Served {
    /// Connections accepted and closed at once because a cap was reached.
    pub refused: u64,
    /// Connections still busy at the shutdown deadline, cut.
    pub cut_at_shutdown: usize,
}

/// Open connections, in total and per client address.
#[derive(Default)]
struct Open {
    total: AtomicUsize,
    per_client: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; counted until dropped.
struct Admitted {
    open: Arc<Open>,
    client: Option<IpAddr>,
}

impl Open {
    fn admit(self: &Arc<Self>, ip: IpAddr, limits: &ConnectionLimits) -> Option<Admitted> {
        if self.total.fetch_add(1, Ordering::AcqRel) >= limits.max_connections {
            self.total.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        let mut client = None;
        if limits.max_connections_per_client > 0 {
            let key = client_key(ip);
            let mut map = self.per_client.lock().unwrap_or_else(|e| e.into_inner());
            let n = map.entry(key).or_insert(0);
            if *n >= limits.max_connections_per_client {
                drop(map);
                self.total.fetch_sub(1, Ordering::AcqRel);
                return None;
            }
            *n += 1;
            client = Some(key);
        }
        Some(Admitted { open: self.clone(), client })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        if let Some(key) = self.client {
            let mut map = self.open.per_client.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(n) = map.get_mut(&key) {
                *n -= 1;
                if *n == 0 {
                    map.remove(&key);
                }
            }
        }
        self.open.total.fetch_sub(1, Ordering::AcqRel);
    }
}

/// When a connection last moved bytes, and how many of its requests are being answered.
struct Activity {
    started: Instant,
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity { started: Instant::now(), last_ms: AtomicU64::new(0), in_flight: AtomicUsize::new(0) }
    }
    fn touch(&self) {
        self.last_ms.store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    fn idle_since(&self) -> Instant {
        self.started + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }
}

/// Counts a request as in flight until its response is made.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: &Arc<Activity>) -> InFlight {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(activity.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The socket, noting each time bytes move.
struct Tracked {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }
    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains as described in the module doc.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> Served {
    let open = Arc::new(Open::default());
    let (closing, close_rx) = watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let mut served = Served::default();
    let mut last_accept_warning: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors (EMFILE/ENFILE) or a connection reset before accept: wait a
                        // moment instead of spinning, and say so at most every ten seconds.
                        if last_accept_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                            tracing::warn!(error = %e, "cannot accept a connection");
                            last_accept_warning = Some(Instant::now());
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                match open.admit(peer.ip(), &limits) {
                    // Over a cap: closed at once (the client sees the connection end, the queue stays empty).
                    None => {
                        served.refused += 1;
                        drop(stream);
                    }
                    Some(admitted) => {
                        connections.spawn(connection(stream, peer, app.clone(), limits, close_rx.clone(), admitted));
                    }
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    if served.refused > 0 {
        tracing::info!(refused = served.refused, "connections refused over the caps");
    }
    let _ = closing.send(true);
    let drained = tokio::time::timeout(limits.shutdown_timeout, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        served.cut_at_shutdown = connections.len();
        tracing::warn!(connections = served.cut_at_shutdown, "shutdown deadline reached: cutting the connections still open");
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
    served
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    mut closing: watch::Receiver<bool>,
    _admitted: Admitted,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Tracked { stream, activity: activity.clone() });
    let service = {
        let activity = activity.clone();
        tower::service_fn(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let busy = InFlight::begin(&activity);
            let app = app.clone();
            async move {
                let response = app.oneshot(req).await;
                drop(busy);
                response
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    let conn = builder.serve_connection(io, TowerToHyperService::new(service));
    tokio::pin!(conn);
    let mut shutting_down = *closing.borrow();
    if shutting_down {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        let idle_deadline = activity.idle_since() + limits.keep_alive_timeout;
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    // Timeouts and clients that vanish are normal here; nothing a person's data is in.
                    tracing::debug!(error = %e, "connection ended");
                }
                return;
            }
            _ = closing.changed(), if !shutting_down => {
                shutting_down = true;
                conn.as_mut().graceful_shutdown();
            }
            () = tokio::time::sleep_until(idle_deadline.into()), if !shutting_down => {
                if activity.in_flight.load(Ordering::Acquire) == 0 && activity.idle_since() + limits.keep_alive_timeout <= Instant::now() {
                    shutting_down = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_automatic_cap_leaves_room_for_the_rest() {
        assert_eq!(auto_max_connections(1024), 768);
        assert_eq!(auto_max_connections(256), 192);
        assert_eq!(auto_max_connections(10), 16);
        assert_eq!(auto_max_connections(1 << 20), 10_000);
    }

    #[test]
    fn caps_count_in_total_and_per_client() {
        let open = Arc::new(Open::default());
        let limits = ConnectionLimits { max_connections: 3, max_connections_per_client: 2, ..ConnectionLimits::default() };
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let a1 = open.admit(a, &limits).unwrap();
        let a2 = open.admit(a, &limits).unwrap();
        assert!(open.admit(a, &limits).is_none(), "third from the same address");
        let b1 = open.admit(b, &limits).unwrap();
        assert!(open.admit(b, &limits).is_none(), "the total is full");
        drop(a1);
        assert!(open.admit(b, &limits).is_some(), "room again");
        drop((a2, b1));
        let v6a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let v6b: IpAddr = "2001:db8:1:2::2".parse().unwrap();
        let per = ConnectionLimits { max_connections_per_client: 1, ..ConnectionLimits::default() };
        let _x = open.admit(v6a, &per).unwrap();
        assert!(open.admit(v6b, &per).is_none(), "one /64 is one client");
    }
}
