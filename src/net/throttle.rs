//! Throttling handled the way AWS recommends: exponential backoff with full jitter between
//! attempts, and one adaptive concurrency limit shared by every call of the worker (halved
//! when AWS throttles, grown back by half again after every few successes, so a short
//! burst of throttling does not leave the rest of a crawl at one call at a time).

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The state stays consistent at every await point, so a panic elsewhere cannot break it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A small, seedable pseudo-random generator (SplitMix64): enough for jitter, and
/// repeatable in tests.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// Seeded from the clock and the process id, so two instances rarely move in lockstep.
    pub fn from_entropy() -> SplitMix64 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        SplitMix64(nanos ^ (u64::from(std::process::id()) << 32))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0.0..1.0`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Exponential backoff with full jitter: before retry `attempt` (0 for the first retry),
/// sleep a uniformly random time between 0 and `min(cap, base * 2^attempt)`.
#[derive(Debug)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    rng: Mutex<SplitMix64>,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration, rng: SplitMix64) -> Backoff {
        Backoff {
            base,
            cap,
            rng: Mutex::new(rng),
        }
    }

    /// The upper bound of the sleep before retry `attempt`.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.min(31));
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The sleep before retry `attempt`.
    pub fn delay(&self, attempt: u32) -> Duration {
        let r = lock(&self.rng).next_f64();
        self.ceiling(attempt).mul_f64(r)
    }
}

impl Default for Backoff {
    /// 100 ms doubling up to 20 s, seeded from the clock.
    fn default() -> Backoff {
        Backoff::new(
            Duration::from_millis(100),
            Duration::from_secs(20),
            SplitMix64::from_entropy(),
        )
    }
}

/// What the status line needs to know about the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitStatus {
    /// Calls allowed at once now.
    pub limit: usize,
    /// The limit it grows back to.
    pub max: usize,
    pub in_flight: usize,
    /// Calls waiting for a permit.
    pub waiting: usize,
    /// AWS throttled a call in the last `RECENT` (the limit may stay low long after,
    /// growing back only as calls succeed).
    pub recently_throttled: bool,
}

/// How long after AWS last throttled a call the status line still says so.
pub const RECENT: Duration = Duration::from_secs(10);

impl LimitStatus {
    /// Whether AWS throttled recently (the limit is below its maximum).
    pub fn throttling(&self) -> bool {
        self.limit < self.max
    }

    /// For the status line, while AWS throttles calls that are under way: "AWS is
    /// throttling; 3 calls wait". Once nothing runs, there is nothing to say (the limit
    /// grows back only as calls succeed).
    pub fn describe(&self) -> Option<String> {
        let busy = self.in_flight + self.waiting > 0;
        let at_once = format!("{} of {} at once", self.limit, self.max);
        (self.recently_throttled && busy).then(|| match self.waiting {
            0 => format!("AWS is throttling; calls are slowed down ({at_once})"),
            1 => format!("AWS is throttling; 1 call waits ({at_once})"),
            n => format!("AWS is throttling; {n} calls wait ({at_once})"),
        })
    }
}

#[derive(Debug)]
struct State {
    limit: usize,
    max: usize,
    in_flight: usize,
    waiting: usize,
    /// Successes since the limit last changed.
    successes: usize,
    grow_after: usize,
    /// Bumped on every decrease: a throttled call that started before the last decrease
    /// was already accounted for, so a burst of throttling halves the limit only once.
    epoch: u64,
    /// When AWS last throttled a call (tokio's clock, so paused time in tests).
    last_throttled: Option<tokio::time::Instant>,
}

#[derive(Debug)]
struct Inner {
    state: Mutex<State>,
    freed: Notify,
}

/// One concurrency limit for all calls (AIMD). Clones share it.
#[derive(Debug, Clone)]
pub struct AdaptiveLimit {
    inner: Arc<Inner>,
}

impl AdaptiveLimit {
    /// Starts at `max` calls at once; after throttling, grows by one per `grow_after`
    /// successes. Both are at least 1.
    pub fn new(max: usize, grow_after: usize) -> AdaptiveLimit {
        let max = max.max(1);
        AdaptiveLimit {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    limit: max,
                    max,
                    in_flight: 0,
                    waiting: 0,
                    successes: 0,
                    grow_after: grow_after.max(1),
                    epoch: 0,
                    last_throttled: None,
                }),
                freed: Notify::new(),
            }),
        }
    }

    pub fn status(&self) -> LimitStatus {
        let s = lock(&self.inner.state);
        LimitStatus {
            limit: s.limit,
            max: s.max,
            in_flight: s.in_flight,
            waiting: s.waiting,
            recently_throttled: s.last_throttled.is_some_and(|t| t.elapsed() < RECENT),
        }
    }

    /// Waits until fewer calls than the current limit are in flight. Cancel-safe: a dropped
    /// wait is no longer counted as waiting.
    pub async fn acquire(&self) -> Permit {
        let mut queued: Option<Queued<'_>> = None;
        loop {
            let freed = self.inner.freed.notified();
            tokio::pin!(freed);
            // Registered before the check, so a release in between is not missed.
            freed.as_mut().enable();
            {
                let mut s = lock(&self.inner.state);
                if s.in_flight < s.limit {
                    s.in_flight += 1;
                    if let Some(q) = queued.take() {
                        std::mem::forget(q); // its count is taken back here, under the lock
                        s.waiting -= 1;
                    }
                    return Permit {
                        inner: Arc::clone(&self.inner),
                        epoch: s.epoch,
                    };
                }
                if queued.is_none() {
                    s.waiting += 1;
                    queued = Some(Queued(&self.inner));
                }
            }
            freed.await;
        }
    }
}

/// Counts a waiting `acquire` until it gets its permit or is dropped.
struct Queued<'a>(&'a Inner);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        lock(&self.0.state).waiting -= 1;
    }
}

/// One call's place under the limit; say how the call went with `succeeded` or
/// `throttled`. Dropped without either (the call failed otherwise, or was cancelled), it
/// just frees the place.
#[derive(Debug)]
pub struct Permit {
    inner: Arc<Inner>,
    epoch: u64,
}

impl Permit {
    /// The call went through. After as many successes as half the limit (at most
    /// `grow_after`), the limit grows by half (at least one), up to its maximum: from 1
    /// back to 32 takes about 40 successes, not hundreds.
    pub fn succeeded(self) {
        let mut s = lock(&self.inner.state);
        if s.limit < s.max {
            s.successes += 1;
            let needed = (s.limit / 2).clamp(1, s.grow_after);
            if s.successes >= needed {
                s.limit = (s.limit + (s.limit / 2).max(1)).min(s.max);
                s.successes = 0;
            }
        }
    }

    /// AWS throttled the call: halve the limit (at least 1), once per burst.
    pub fn throttled(self) {
        let mut s = lock(&self.inner.state);
        s.last_throttled = Some(tokio::time::Instant::now());
        if self.epoch == s.epoch {
            s.limit = (s.limit / 2).max(1);
            s.successes = 0;
            s.epoch += 1;
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        lock(&self.inner.state).in_flight -= 1;
        self.inner.freed.notify_waiters();
    }
}

/// How one attempt of a call ended, as far as retrying goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt<T, E> {
    Done(T),
    /// AWS throttled it: it provably did nothing, so it may be sent again.
    Throttled(E),
    /// It provably never reached AWS (connection refused, request not sent): it may be
    /// sent again, but says nothing about AWS's rate, so the limit stays.
    NotSent(E),
    /// Any other failure: not retried here (it may have reached AWS).
    Failed(E),
}

/// Runs `op` under the limit, resending it after a jittered backoff while it is throttled or
/// not sent, at most `max_attempts` times in all. Nothing else is resent: after a failure
/// that may have reached AWS, only the caller can tell (by re-reading) what happened.
pub async fn call<T, E, F, Fut>(
    limit: &AdaptiveLimit,
    backoff: &Backoff,
    max_attempts: u32,
    mut op: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Attempt<T, E>>,
{
    let mut attempt = 0;
    loop {
        let permit = limit.acquire().await;
        // The permit is given back before the backoff: a sleeping call holds no place.
        let e = match op().await {
            Attempt::Done(v) => {
                permit.succeeded();
                return Ok(v);
            }
            Attempt::Failed(e) => return Err(e),
            Attempt::Throttled(e) => {
                permit.throttled();
                e
            }
            Attempt::NotSent(e) => {
                drop(permit);
                e
            }
        };
        attempt += 1;
        if attempt >= max_attempts.max(1) {
            return Err(e);
        }
        tokio::time::sleep(backoff.delay(attempt - 1)).await;
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn the_status_stops_saying_throttling_soon_after_aws_stopped() {
        let limit = AdaptiveLimit::new(8, 1000);
        let busy = limit.acquire().await;
        limit.acquire().await.throttled();
        assert!(
            limit.status().describe().is_some(),
            "said while it throttles"
        );
        // Calls still run (a long poll) and the limit is still low, but AWS stopped
        // throttling: the status line stops saying it does.
        tokio::time::advance(RECENT).await;
        assert!(
            limit.status().throttling(),
            "the limit grows back only with successes"
        );
        assert_eq!(limit.status().describe(), None);
        drop(busy);
    }

    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_generator_is_splitmix64_and_repeatable() {
        // The first output for seed 0 of the reference implementation.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
        let a: Vec<u64> = (0..5)
            .scan(SplitMix64::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..5)
            .scan(SplitMix64::new(7), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        let mut r = SplitMix64::new(1);
        assert!((0..1000)
            .map(|_| r.next_f64())
            .all(|x| (0.0..1.0).contains(&x)));
    }

    #[test]
    fn the_ceiling_doubles_up_to_the_cap() {
        let b = Backoff::new(100 * MS, 1000 * MS, SplitMix64::new(1));
        let ceilings: Vec<u128> = (0..6).map(|a| b.ceiling(a).as_millis()).collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(b.ceiling(u32::MAX), 1000 * MS);
    }

    #[test]
    fn delays_are_spread_over_the_whole_range_and_repeatable() {
        let b = Backoff::new(100 * MS, 1000 * MS, SplitMix64::new(42));
        let delays: Vec<Duration> = (0..2000).map(|_| b.delay(3)).collect();
        assert!(delays.iter().all(|d| *d <= 800 * MS));
        // Full jitter: uniform over 0..=ceiling, so both ends are used and the mean is half.
        assert!(delays.iter().any(|d| *d < 80 * MS));
        assert!(delays.iter().any(|d| *d > 720 * MS));
        let mean = delays.iter().sum::<Duration>() / delays.len() as u32;
        assert!((360 * MS..440 * MS).contains(&mean), "mean {mean:?}");
        // The same seed gives the same delays; another seed does not (no lockstep).
        let again = Backoff::new(100 * MS, 1000 * MS, SplitMix64::new(42));
        assert_eq!(again.delay(3), delays[0]);
        let other = Backoff::new(100 * MS, 1000 * MS, SplitMix64::new(43));
        assert_ne!(other.delay(3), delays[0]);
    }

    async fn permits(limit: &AdaptiveLimit, n: usize) -> Vec<Permit> {
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(limit.acquire().await);
        }
        v
    }

    #[tokio::test]
    async fn a_burst_of_throttling_halves_the_limit_once() {
        let limit = AdaptiveLimit::new(8, 3);
        for p in permits(&limit, 6).await {
            p.throttled();
        }
        assert_eq!(limit.status().limit, 4);
        assert!(limit.status().throttling());
        // A call started after the decrease counts again; the limit never goes below 1.
        for want in [2, 1, 1] {
            limit.acquire().await.throttled();
            assert_eq!(limit.status().limit, want);
        }
    }

    #[tokio::test]
    async fn successes_grow_the_limit_back_quickly_up_to_the_max() {
        let limit = AdaptiveLimit::new(4, 3);
        limit.acquire().await.throttled();
        assert_eq!(limit.status().limit, 2);
        let mut seen = Vec::new();
        for _ in 0..9 {
            limit.acquire().await.succeeded();
            seen.push(limit.status().limit);
        }
        // Half the limit's successes (at least one) grow it by half (at least one).
        assert_eq!(seen, [3, 4, 4, 4, 4, 4, 4, 4, 4]);
        assert!(!limit.status().throttling());
        assert_eq!(limit.status().describe(), None);
        assert_eq!(limit.status().in_flight, 0);
    }

    #[tokio::test]
    async fn a_lowered_limit_with_nothing_running_is_not_reported() {
        let limit = AdaptiveLimit::new(4, 100);
        let p = limit.acquire().await;
        let running = limit.acquire().await;
        p.throttled();
        assert_eq!(
            limit.status().describe().as_deref(),
            Some("AWS is throttling; calls are slowed down (2 of 4 at once)")
        );
        drop(running);
        assert!(limit.status().throttling());
        assert_eq!(limit.status().describe(), None, "nothing runs any more");
    }

    #[tokio::test]
    async fn calls_over_the_limit_wait_and_are_counted() {
        let limit = AdaptiveLimit::new(4, 100);
        let mut held = permits(&limit, 4).await;
        // Throttled: the limit is now 2 while 3 are still in flight.
        if let Some(p) = held.pop() {
            p.throttled();
        }
        let waiter = {
            let limit = limit.clone();
            tokio::spawn(async move { limit.acquire().await })
        };
        let waiting = |n| {
            let limit = limit.clone();
            async move {
                for _ in 0..100 {
                    if limit.status().waiting == n {
                        return true;
                    }
                    tokio::time::sleep(MS).await;
                }
                false
            }
        };
        assert!(waiting(1).await, "{:?}", limit.status());
        let line = limit.status().describe();
        assert_eq!(
            line.as_deref(),
            Some("AWS is throttling; 1 call waits (2 of 4 at once)")
        );
        // One release leaves 2 in flight: still at the limit, so it keeps waiting.
        drop(held.pop());
        tokio::time::sleep(10 * MS).await;
        assert!(!waiter.is_finished());
        assert_eq!(limit.status().waiting, 1);
        drop(held.pop());
        let permit = tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .expect("the waiter gets a permit")
            .expect("the waiter did not panic");
        let s = limit.status();
        assert_eq!((s.limit, s.in_flight, s.waiting), (2, 2, 0));
        drop(permit);
        drop(held);
        assert_eq!(limit.status().in_flight, 0);
    }

    #[tokio::test]
    async fn a_cancelled_wait_is_no_longer_counted() {
        let limit = AdaptiveLimit::new(1, 1);
        let held = limit.acquire().await;
        let gave_up = tokio::time::timeout(10 * MS, limit.acquire()).await;
        assert!(gave_up.is_err());
        assert_eq!(limit.status().waiting, 0);
        drop(held);
        let _again = limit.acquire().await;
        assert_eq!(limit.status().in_flight, 1);
    }

    /// Runs `call` with an operation that answers `script` in turn; returns the result and
    /// how many attempts were made.
    async fn run(
        script: Vec<Attempt<u8, &'static str>>,
        max: u32,
    ) -> (Result<u8, &'static str>, u32) {
        let limit = AdaptiveLimit::new(4, 10);
        let backoff = Backoff::new(100 * MS, 1000 * MS, SplitMix64::new(5));
        let tries = AtomicU32::new(0);
        let throttles = script.iter().any(|a| matches!(a, Attempt::Throttled(_)));
        let script = Mutex::new(script.into_iter());
        let result = call(&limit, &backoff, max, || {
            tries.fetch_add(1, Ordering::SeqCst);
            let next = lock(&script)
                .next()
                .unwrap_or(Attempt::Failed("script ended"));
            async move { next }
        })
        .await;
        let status = limit.status();
        assert_eq!(status.in_flight, 0);
        // Only throttling lowers the limit.
        assert_eq!(status.limit < 4, throttles, "{status:?}");
        (result, tries.load(Ordering::SeqCst))
    }

    #[tokio::test(start_paused = true)]
    async fn throttled_calls_are_resent_after_a_bounded_backoff() {
        use Attempt::*;
        let start = tokio::time::Instant::now();
        let (result, tries) = run(vec![Throttled("slow"), Throttled("slow"), Done(7)], 5).await;
        assert_eq!((result, tries), (Ok(7), 3));
        // Two sleeps, at most 100 ms and 200 ms.
        assert!(start.elapsed() <= 300 * MS, "{:?}", start.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn other_failures_are_not_resent_and_attempts_are_bounded() {
        use Attempt::*;
        let (result, tries) = run(vec![Failed("closed"), Done(1)], 5).await;
        assert_eq!((result, tries), (Err("closed"), 1));
        let (result, tries) = run(vec![Throttled("a"), Throttled("b"), Throttled("c")], 2).await;
        assert_eq!((result, tries), (Err("b"), 2));
    }

    #[tokio::test(start_paused = true)]
    async fn calls_not_sent_are_resent_without_lowering_the_limit() {
        use Attempt::*;
        let (result, tries) = run(vec![NotSent("refused"), NotSent("refused"), Done(9)], 5).await;
        assert_eq!((result, tries), (Ok(9), 3));
    }
}
