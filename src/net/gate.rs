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

/// Calls allowed at once when AWS does not throttle: where a real organization is fast
/// (Organizations publishes no rate; the limit halves when AWS throttles, and the
/// config file's `concurrency` caps it).
pub const MAX_CONCURRENCY: usize = 32;
/// At most this many successes before the limit grows again (by half).
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
    match e.kind {
        // AWS answered that it did nothing; a connection that could not be made, or a
        // change stopped before it was sent: nothing was sent.
        ErrorKind::Throttled | ErrorKind::Unreachable | ErrorKind::Stopped => Reach::NotApplied,
        ErrorKind::Timeout
        | ErrorKind::ConnectionLost
        | ErrorKind::ServerError { .. }
        | ErrorKind::OutcomeUnknown => Reach::Ambiguous,
        // AWS refuses a change that races another one on the same target before doing
        // anything (AWS's own code, not one of ours).
        ErrorKind::Constraint if e.code == "ConcurrentModificationException" => Reach::NotApplied,
        ErrorKind::AccessDenied
        | ErrorKind::Credentials
        | ErrorKind::NoOrganization
        | ErrorKind::NotFound
        | ErrorKind::InvalidInput
        | ErrorKind::Constraint
        // Not Organizations: a read sent again would meet the same web server.
        | ErrorKind::NotOrganizations
        | ErrorKind::Other => Reach::Refused,
    }
}

/// Whether a failed read is sent again: when it did nothing or may have reached AWS, but
/// not after a timeout (a stall would only stall again).
fn read_again(e: &OrgError) -> bool {
    e.kind != ErrorKind::Timeout && reach(e) != Reach::Refused
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
                    Err(e) if read_again(&e) => Attempt::NotSent(e),
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
    OrgError::timeout(format!("no answer within {} s", after.as_secs_f32()))
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
        assert_eq!(reach(&OrgError::unreachable("refused")), Reach::NotApplied);
        assert_eq!(
            reach(&e("ConcurrentModificationException")),
            Reach::NotApplied
        );
        assert_eq!(reach(&OrgError::timeout("x")), Reach::Ambiguous);
        assert_eq!(reach(&OrgError::connection_lost("x")), Reach::Ambiguous);
        assert_eq!(reach(&OrgError::server_error(503, "x")), Reach::Ambiguous);
        assert_eq!(reach(&e("ServiceException")), Reach::Ambiguous);
        assert_eq!(reach(&e("DuplicateAccountException")), Reach::Refused);
        assert_eq!(reach(&e("AccessDeniedException")), Reach::Refused);
    }

    #[test]
    fn what_an_error_says_about_aws_is_decided_by_its_kind_not_its_code() {
        let k = |kind: ErrorKind, code: &str| OrgError::with_kind(kind, code, "x");
        // Codes that once decided, on errors of another kind: the kind wins.
        assert_eq!(reach(&k(ErrorKind::Other, "Timeout")), Reach::Refused);
        assert_eq!(
            reach(&k(ErrorKind::Other, "ConnectionLost")),
            Reach::Refused
        );
        assert_eq!(reach(&k(ErrorKind::Other, "HTTP 503")), Reach::Refused);
        assert_eq!(reach(&k(ErrorKind::Other, "NetworkError")), Reach::Refused);
        assert_eq!(
            reach(&k(ErrorKind::Unreachable, "Timeout")),
            Reach::NotApplied
        );
        assert_eq!(
            reach(&k(ErrorKind::ConnectionLost, "NetworkError")),
            Reach::Ambiguous
        );
        assert_eq!(
            reach(&k(ErrorKind::ServerError { status: 502 }, "Bad Gateway")),
            Reach::Ambiguous
        );
        assert_eq!(reach(&k(ErrorKind::Timeout, "Slow")), Reach::Ambiguous);
        assert_eq!(
            reach(&k(ErrorKind::OutcomeUnknown, "Whatever")),
            Reach::Ambiguous
        );
        assert_eq!(
            reach(&k(ErrorKind::Stopped, "Cancelled")),
            Reach::NotApplied
        );
        // The read rule too: resent after a server error or a lost connection, whatever
        // the code says; never after a timeout, whatever the code says.
        assert!(read_again(&k(
            ErrorKind::ServerError { status: 500 },
            "Timeout"
        )));
        assert!(read_again(&k(ErrorKind::Unreachable, "Timeout")));
        assert!(!read_again(&k(ErrorKind::Timeout, "HTTP 503")));
        assert!(!read_again(&k(ErrorKind::Other, "HTTP 503")));
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
                        _ => Err(OrgError::connection_lost("closed after sending")),
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
                        Err(OrgError::server_error(503, "busy"))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await;
        assert_eq!(r, Ok(2));
    }
}
