//! The browser's outbox of contact requests: a request is queued before the first attempt (so closing the tab
//! loses nothing) and leaves the queue only when the server has acknowledged it or refused it for good.
//! Every retry reuses the request's `request_id`, so the server stores it once however often it arrives.
//! Pure bookkeeping: the app stores it in localStorage and does the sending; times are passed in (ms).

use crate::contact::ContactForm;
use serde::{Deserialize, Serialize};

/// First retry after this long; each further attempt waits three times longer, up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: f64 = 5_000.0;
pub const MAX_BACKOFF_MS: f64 = 15.0 * 60_000.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub form: ContactForm,
    /// When the person pressed "invia".
    pub queued_at_ms: f64,
    pub attempts: u32,
    /// Not before this time (the next due attempt).
    pub next_attempt_ms: f64,
}

/// What the server said about a request, as far as the outbox cares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt {
    /// 201 or 200: stored. Remove it.
    Delivered,
    /// No answer, or any status that is neither delivered nor refused (with its Retry-After in seconds, if
    /// any): try again later. See [`Attempt::from_status`].
    Retry { retry_after_s: Option<f64> },
    /// 400/409/413/415/422: this request as it is will never be accepted. Remove it (the person is told).
    Refused,
}

impl Attempt {
    /// Classifies the server's HTTP status. Only an answer that proves the request can never be accepted
    /// as it is removes it unsent; anything else is retried with the same `request_id`, which the server
    /// stores once, so a retry can never duplicate a request:
    /// 408 (the write may already be committed: the retry gets the same reference back), 401/403/404 (a
    /// proxy or captive portal in the way, not our API), 429, 5xx and anything unexpected.
    pub fn from_status(status: u16, retry_after_s: Option<f64>) -> Attempt {
        match status {
            200 | 201 => Attempt::Delivered,
            400 | 409 | 413 | 415 | 422 => Attempt::Refused,
            _ => Attempt::Retry { retry_after_s },
        }
    }

    /// No HTTP answer at all (offline, DNS, connection reset): try again later.
    pub fn network_error() -> Attempt {
        Attempt::Retry { retry_after_s: None }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub pending: Vec<Pending>,
}

/// Delay before attempt number `attempts + 1` (after `attempts` failures).
pub fn backoff_ms(attempts: u32) -> f64 {
    (FIRST_BACKOFF_MS * 3f64.powi(attempts.saturating_sub(1).min(10) as i32)).min(MAX_BACKOFF_MS)
}

impl Outbox {
    /// Queues a request (once: queuing the same request_id again keeps the first).
    pub fn add(&mut self, form: ContactForm, now_ms: f64) {
        if !self.pending.iter().any(|p| p.form.request_id == form.request_id) {
            self.pending.push(Pending { form, queued_at_ms: now_ms, attempts: 0, next_attempt_ms: now_ms });
        }
    }

    /// Requests whose turn has come, oldest first.
    pub fn due(&self, now_ms: f64) -> Vec<ContactForm> {
        self.pending.iter().filter(|p| p.next_attempt_ms <= now_ms).map(|p| p.form.clone()).collect()
    }

    /// When the next attempt is due, if anything is waiting.
    pub fn next_due_ms(&self) -> Option<f64> {
        self.pending.iter().map(|p| p.next_attempt_ms).min_by(f64::total_cmp)
    }

    /// Makes everything due now (the browser says it is back online, or the person asks to retry).
    pub fn retry_all_now(&mut self, now_ms: f64) {
        self.pending.iter_mut().for_each(|p| p.next_attempt_ms = p.next_attempt_ms.min(now_ms));
    }

    /// Records an attempt's outcome; returns the request if it left the queue.
    pub fn record(&mut self, request_id: &str, outcome: Attempt, now_ms: f64) -> Option<Pending> {
        let i = self.pending.iter().position(|p| p.form.request_id == request_id)?;
        match outcome {
            Attempt::Delivered | Attempt::Refused => Some(self.pending.remove(i)),
            Attempt::Retry { retry_after_s } => {
                let p = &mut self.pending[i];
                p.attempts += 1;
                let wait = backoff_ms(p.attempts).max(retry_after_s.unwrap_or(0.0) * 1000.0);
                p.next_attempt_ms = now_ms + wait;
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(id: &str) -> ContactForm {
        ContactForm { request_id: id.into(), name: "Maria".into(), consent_privacy: true, ..ContactForm::default() }
    }

    #[test]
    fn a_request_waits_with_growing_pauses_until_delivered() {
        let mut o = Outbox::default();
        o.add(form("a"), 1_000.0);
        o.add(form("a"), 2_000.0);
        assert_eq!(o.pending.len(), 1, "queued once");
        assert_eq!(o.due(1_000.0).len(), 1);
        assert!(o.record("a", Attempt::Retry { retry_after_s: None }, 1_000.0).is_none());
        assert_eq!(o.due(1_000.0).len(), 0);
        assert_eq!(o.next_due_ms(), Some(6_000.0));
        o.record("a", Attempt::Retry { retry_after_s: None }, 6_000.0);
        assert_eq!(o.next_due_ms(), Some(21_000.0), "5 s, then 15 s");
        o.record("a", Attempt::Retry { retry_after_s: Some(120.0) }, 21_000.0);
        assert_eq!(o.next_due_ms(), Some(141_000.0), "the server's Retry-After wins when longer");
        o.retry_all_now(50_000.0);
        assert_eq!(o.due(50_000.0).len(), 1, "back online: try now");
        let left = o.record("a", Attempt::Delivered, 50_000.0).unwrap();
        assert_eq!(left.attempts, 3);
        assert!(o.is_empty());
    }

    #[test]
    fn refused_requests_leave_and_backoff_is_capped() {
        let mut o = Outbox::default();
        o.add(form("b"), 0.0);
        assert!(o.record("b", Attempt::Refused, 0.0).is_some());
        assert!(o.is_empty());
        assert_eq!(backoff_ms(1), 5_000.0);
        assert_eq!(backoff_ms(50), MAX_BACKOFF_MS);
    }

    #[test]
    fn statuses_are_classified_so_that_only_a_definitive_answer_drops_a_request() {
        for s in [200, 201] {
            assert_eq!(Attempt::from_status(s, Some(3.0)), Attempt::Delivered, "{s}");
        }
        for s in [400, 409, 413, 415, 422] {
            assert_eq!(Attempt::from_status(s, None), Attempt::Refused, "{s}");
        }
        // 408: maybe committed; 401/403/404: a proxy; 429/5xx: busy; the rest: unexpected. All retried.
        for s in [0, 100, 202, 204, 301, 304, 401, 403, 404, 405, 408, 410, 418, 429, 500, 502, 503, 504, 599, 999] {
            assert_eq!(Attempt::from_status(s, None), Attempt::Retry { retry_after_s: None }, "{s}");
        }
        assert_eq!(Attempt::from_status(429, Some(30.0)), Attempt::Retry { retry_after_s: Some(30.0) }, "Retry-After kept");
        assert_eq!(Attempt::from_status(503, Some(7.5)), Attempt::Retry { retry_after_s: Some(7.5) });
        assert_eq!(Attempt::network_error(), Attempt::Retry { retry_after_s: None });
    }

    #[test]
    fn it_round_trips_through_json() {
        let mut o = Outbox::default();
        o.add(form("c"), 5.0);
        let back: Outbox = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }
}
