//! Every API call goes through the gate: one adaptive concurrency limit shared by the
//! whole worker (halved when AWS throttles, grown back slowly), exponential backoff with
//! full jitter, and a deadline on every attempt. Reads are resent when that is harmless;
//! changes only when they provably never reached AWS.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::net::throttle::{call, AdaptiveLimit, Attempt, Backoff};
use crate::org::{for_each_page, ErrorKind, OrgError, OrgResult, Page, Token};

/// How long requests may take. An attempt that exceeds `attempt` is abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub attempt: Duration,
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            attempt: Duration::from_secs(10),
            operation: Duration::from_secs(30),
        }
    }
}

/// Calls allowed at once when AWS does not throttle.
pub const MAX_CONCURRENCY: usize = 8;
/// Successes before the limit grows by one again.
const GROW_AFTER: usize = 8;
/// Attempts of a read (throttling, connections that failed, 5xx).
const READ_ATTEMPTS: u32 = 6;
/// Attempts of a change that AWS throttled or that was never sent.
const CHANGE_ATTEMPTS: u32 = 6;

/// Whether a failed call can have changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// AWS answered that it did nothing (throttled), or the request was never sent.
    NotApplied,
    /// It may or may not have been carried out: a timeout, a connection lost after the
    /// request went out, a 5xx.
    Ambiguous,
    /// AWS answered with a definite error.
    Refused,
}

pub fn reach(e: &OrgError) -> Reach {
    match (e.kind, e.code.as_str()) {
        (ErrorKind::Throttled, _) => Reach::NotApplied,
        // A connection that could not be made: nothing was sent. AWS refuses a change
        // that races another one on the same target before doing anything.
        (_, "NetworkError" | "ConcurrentModificationException") => Reach::NotApplied,
        (_, "Timeout" | "ConnectionLost") => Reach::Ambiguous,
        (_, "ServiceException" | "InternalFailure" | "ServiceUnavailableException") => {
            Reach::Ambiguous
        }
        (_, code) if code.starts_with("HTTP 5") => Reach::Ambiguous,
        _ => Reach::Refused,
    }
}

pub struct Gate {
    limit: AdaptiveLimit,
    backoff: Backoff,
    pub timeouts: Timeouts,
}

impl Gate {
    pub fn new(timeouts: Timeouts) -> Self {
        Gate {
            limit: AdaptiveLimit::new(MAX_CONCURRENCY, GROW_AFTER),
            backoff: Backoff::default(),
            timeouts,
        }
    }

    /// The gate the config file asks for: `concurrency` calls at once at most, else
    /// `MAX_CONCURRENCY`. The UI's worker, `export` and `eval` all use it.
    pub fn configured(timeouts: Timeouts, concurrency: Option<usize>) -> Self {
        match concurrency {
            Some(n) => Gate::new(timeouts).with_max(n),
            None => Gate::new(timeouts),
        }
    }

    /// At most `max` calls at once (at least 1) instead of `MAX_CONCURRENCY`.
    pub fn with_max(mut self, max: usize) -> Self {
        self.limit = AdaptiveLimit::new(max.max(1), GROW_AFTER);
        self
    }

    pub fn limit(&self) -> &AdaptiveLimit {
        &self.limit
    }

    /// A read: changes nothing, so it is resent after throttling, a failed connection or
    /// a 5xx; a timeout is reported at once (a stall would only stall again).
    pub async fn read<T, F, Fut>(&self, mut f: F) -> OrgResult<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = OrgResult<T>>,
    {
        let run = call(&self.limit, &self.backoff, READ_ATTEMPTS, || {
            let attempt = self.timed(f());
            async move {
                match attempt.await {
                    Ok(v) => Attempt::Done(v),
                    Err(e) if e.is_throttling() => Attempt::Throttled(e),
                    Err(e) if e.code != "Timeout" && reach(&e) != Reach::Refused => {
                        Attempt::NotSent(e)
                    }
                    Err(e) => Attempt::Failed(e),
                }
            }
        });
        match tokio::time::timeout(self.timeouts.operation, run).await {
            Ok(r) => r,
            Err(_) => Err(timed_out(self.timeouts.operation)),
        }
    }

    /// A change: resent only while it provably did nothing (throttled, never sent).
    /// Answers the result and how many times it was sent.
    pub async fn change<T, F, Fut>(&self, mut f: F) -> (OrgResult<T>, u32)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = OrgResult<T>>,
    {
        let sent = AtomicU32::new(0);
        let r = call(&self.limit, &self.backoff, CHANGE_ATTEMPTS, || {
            sent.fetch_add(1, Ordering::Relaxed);
            let attempt = self.timed(f());
            async move {
                match attempt.await {
                    Ok(v) => Attempt::Done(v),
                    Err(e) if e.is_throttling() => Attempt::Throttled(e),
                    Err(e) if reach(&e) == Reach::NotApplied => Attempt::NotSent(e),
                    Err(e) => Attempt::Failed(e),
                }
            }
        })
        .await;
        (r, sent.load(Ordering::Relaxed))
    }

    /// Every page of a listing, each page a read of its own.
    pub async fn all<T, F, Fut>(&self, f: F) -> OrgResult<Vec<T>>
    where
        F: Fn(Token) -> Fut,
        Fut: Future<Output = OrgResult<Page<T>>>,
    {
        let mut out = Vec::new();
        self.each_page(f, |items, _| out.extend(items)).await?;
        Ok(out)
    }

    /// Every page of a listing, handed on as it arrives (`last` on the final one).
    pub async fn each_page<T, F, Fut>(
        &self,
        f: F,
        on_page: impl FnMut(Vec<T>, bool),
    ) -> OrgResult<()>
    where
        F: Fn(Token) -> Fut,
        Fut: Future<Output = OrgResult<Page<T>>>,
    {
        let f = &f;
        for_each_page(|t: Token| self.read(move || f(t.clone())), on_page).await
    }

    async fn timed<T>(&self, fut: impl Future<Output = OrgResult<T>>) -> OrgResult<T> {
        match tokio::time::timeout(self.timeouts.attempt, fut).await {
            Ok(r) => r,
            Err(_) => Err(timed_out(self.timeouts.attempt)),
        }
    }
}

fn timed_out(after: Duration) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Network,
        "Timeout",
        format!("no answer within {} s", after.as_secs_f32()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn gate() -> Gate {
        Gate::new(Timeouts {
            attempt: Duration::from_millis(50),
            operation: Duration::from_secs(5),
        })
    }

    #[test]
    fn the_configured_concurrency_is_the_limit() {
        let t = Timeouts::default();
        assert_eq!(Gate::configured(t, Some(20)).limit().status().max, 20);
        assert_eq!(Gate::configured(t, Some(0)).limit().status().max, 1);
        assert_eq!(
            Gate::configured(t, None).limit().status().max,
            MAX_CONCURRENCY
        );
    }

    #[test]
    fn errors_are_sorted_by_what_they_say_about_aws() {
        let e = |code: &str| OrgError::new(code, "x");
        assert_eq!(reach(&e("TooManyRequestsException")), Reach::NotApplied);
        assert_eq!(
            reach(&OrgError::with_kind(
                ErrorKind::Network,
                "NetworkError",
                "refused"
            )),
            Reach::NotApplied
        );
        assert_eq!(
            reach(&e("ConcurrentModificationException")),
            Reach::NotApplied
        );
        assert_eq!(reach(&e("Timeout")), Reach::Ambiguous);
        assert_eq!(reach(&e("ConnectionLost")), Reach::Ambiguous);
        assert_eq!(reach(&e("HTTP 503")), Reach::Ambiguous);
        assert_eq!(reach(&e("ServiceException")), Reach::Ambiguous);
        assert_eq!(reach(&e("DuplicateAccountException")), Reach::Refused);
        assert_eq!(reach(&e("AccessDeniedException")), Reach::Refused);
    }

    #[tokio::test(start_paused = true)]
    async fn a_change_is_resent_after_throttling_but_never_after_an_ambiguous_failure() {
        let g = gate();
        let calls = AtomicUsize::new(0);
        let (r, sent) = g
            .change(|| {
                let n = calls.fetch_add(1, Ordering::Relaxed);
                async move {
                    match n {
                        0 => Err(OrgError::new("TooManyRequestsException", "slow down")),
                        _ => Err(OrgError::new("ConnectionLost", "closed after sending")),
                    }
                }
            })
            .await;
        assert_eq!(r.map_err(|e| e.code), Err::<(), _>("ConnectionLost".into()));
        assert_eq!(sent, 2, "resent once after throttling, then never again");
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_attempt_times_out_and_a_read_is_not_repeated_after_a_timeout() {
        let g = gate();
        let calls = AtomicUsize::new(0);
        let r: OrgResult<()> = g
            .read(|| {
                calls.fetch_add(1, Ordering::Relaxed);
                std::future::pending()
            })
            .await;
        assert_eq!(r.map_err(|e| e.code), Err("Timeout".into()));
        assert_eq!(calls.load(Ordering::Relaxed), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_read_is_resent_after_a_5xx() {
        let g = gate();
        let calls = AtomicUsize::new(0);
        let r = g
            .read(|| {
                let n = calls.fetch_add(1, Ordering::Relaxed);
                async move {
                    if n < 2 {
                        Err(OrgError::new("HTTP 503", "busy"))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await;
        assert_eq!(r, Ok(2));
    }
}
