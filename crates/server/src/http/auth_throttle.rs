//! Throttling failed operator authentications per client address, so the operator token cannot be guessed
//! at network speed: after [`BURST`] failures an address must wait, and earns one more try every
//! `60 / PER_MINUTE` seconds. While it waits, its requests are answered 429 without looking at the token
//! (so a guess made then cannot succeed either). Successful requests never count.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed at once.
pub const BURST: u32 = 10;
/// Failures allowed per minute after the burst.
pub const PER_MINUTE: u32 = 6;
/// Addresses remembered at most (a flood of addresses cannot grow memory without bound).
const MAX_BLOCKED: usize = 100_000;

/// Failures counted per key: a client address here, an account's e-mail for sign-in
/// ([`super::auth::LoginThrottle`]).
pub struct AuthThrottle<K: Hash + Eq + Clone = IpAddr> {
    failures: DefaultKeyedRateLimiter<K>,
    blocked: Mutex<HashMap<K, Instant>>,
}

impl Default for AuthThrottle<IpAddr> {
    fn default() -> AuthThrottle<IpAddr> {
        AuthThrottle::new(BURST, PER_MINUTE)
    }
}

impl<K: Hash + Eq + Clone> AuthThrottle<K> {
    /// `burst` failures at once, then `per_minute`.
    pub fn new(burst: u32, per_minute: u32) -> AuthThrottle<K> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        AuthThrottle { failures: RateLimiter::keyed(quota), blocked: Mutex::new(HashMap::new()) }
    }

    /// `Some(wait)` while `client` must wait before its next try.
    pub fn wait(&self, client: K) -> Option<Duration> {
        let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let until = *blocked.get(&client)?;
        until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero())
    }

    /// Records a failed authentication; `Some(wait)` if that was one too many.
    pub fn failed(&self, client: K) -> Option<Duration> {
        match self.failures.check_key(&client) {
            Ok(()) => None,
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
                if blocked.len() >= MAX_BLOCKED {
                    let now = Instant::now();
                    blocked.retain(|_, until| *until > now);
                    self.failures.retain_recent();
                }
                blocked.insert(client, Instant::now() + wait);
                Some(wait)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_held_back_after_too_many_failures_and_others_are_not() {
        let t = AuthThrottle::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..BURST {
            assert_eq!(t.wait(a), None);
            assert_eq!(t.failed(a), None);
        }
        let wait = t.failed(a).expect("one failure too many");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60 / u64::from(PER_MINUTE)), "{wait:?}");
        assert!(t.wait(a).is_some());
        assert_eq!(t.wait(b), None);
        assert_eq!(t.failed(b), None);
    }
}
