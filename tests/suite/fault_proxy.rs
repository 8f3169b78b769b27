//! The fault proxy (tests/support/fault_proxy.rs) in front of moto_server, driven by the real
//! aws-sdk-organizations client (signing, no retries): each fault class reaches the client
//! the way it would from AWS, and what moto applied is checked by reading moto directly.

use crate::support;

use std::time::{Duration, Instant};

use aws_sdk_organizations as sdk;
use sdk::error::ProvideErrorMetadata;
use sdk::error::SdkError;

use orgtui::org::aws::map_sdk_error;
use orgtui::org::{
    collect_all, AwsBackend, ErrorKind, Lifecycle, NewAccount, OrgBackend, OrgError, OrgResult,
};
use support::fault_proxy::{FaultProxy, Rule};
use support::Moto;

/// Each test's own organization on the shared moto, reachable directly and through a proxy.
struct Org {
    proxy: FaultProxy,
    caller: String,
    /// Talks to moto through the proxy.
    faulty: AwsBackend,
    /// Talks to moto directly, to see what really happened.
    direct: AwsBackend,
    root: String,
}

async fn org(seed: u64) -> Org {
    let moto = Moto::shared();
    let caller = support::unique_account_id();
    let proxy = FaultProxy::start(&moto.endpoint(), seed);
    let faulty = AwsBackend::for_emulator(&proxy.endpoint(), Some(&caller));
    let direct = AwsBackend::for_emulator(&moto.endpoint(), Some(&caller));
    ok(direct.create_organization("ALL").await);
    let roots = ok(collect_all(|t| direct.list_roots(t)).await);
    let root = roots.first().expect("a root").id.clone();
    Org {
        proxy,
        caller,
        faulty,
        direct,
        root,
    }
}

fn ok<T>(r: OrgResult<T>) -> T {
    r.unwrap_or_else(|e| panic!("unexpected error: {e} ({:?})", e.kind))
}

fn failed<T: std::fmt::Debug>(r: OrgResult<T>) -> OrgError {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e,
    }
}

impl Org {
    /// The names of the OUs directly under the root, read from moto itself.
    async fn ou_names(&self) -> Vec<String> {
        let d = &self.direct;
        let ous = ok(collect_all(|t| d.list_organizational_units_for_parent(&self.root, t)).await);
        ous.into_iter().map(|o| o.name).collect()
    }

    /// The SDK client through the proxy, with an operation timeout.
    fn client_with_timeout(&self, timeout: Duration) -> sdk::Client {
        let timeouts = sdk::config::timeout::TimeoutConfig::builder()
            .operation_timeout(timeout)
            .build();
        let conf = self
            .faulty
            .client()
            .config()
            .to_builder()
            .timeout_config(timeouts)
            .build();
        sdk::Client::from_conf(conf)
    }
}

/// The HTTP status of the reply behind an SDK error, if there was a reply.
fn status<E>(e: &SdkError<E, sdk::config::http::HttpResponse>) -> Option<u16> {
    e.raw_response().map(|r| r.status().as_u16())
}

#[tokio::test]
async fn throttling_reaches_the_client_as_too_many_requests() {
    let o = org(1).await;
    o.proxy.add_rule(Rule::next(
        "ListRoots",
        2,
        support::fault_proxy::Fault::Throttle,
    ));

    let raw = o.faulty.client().list_roots().send().await;
    let e = raw.expect_err("throttled");
    assert_eq!(e.code(), Some("TooManyRequestsException"));
    assert_eq!(e.message(), Some("Rate exceeded"));
    assert_eq!(status(&e), Some(400));

    let e = failed(o.faulty.list_roots(None).await);
    assert_eq!(e.code, "TooManyRequestsException");
    assert_eq!(e.kind, ErrorKind::Throttled);

    // The rule is used up: the next call goes through to moto.
    let roots = ok(o.faulty.list_roots(None).await);
    assert_eq!(roots.items.len(), 1);
    let c = o.proxy.counters();
    assert_eq!(c.seen("ListRoots"), 3);
    assert_eq!(c.forwarded("ListRoots"), 1);
    assert_eq!(c.injected("ListRoots", "throttle"), 2);
}

#[tokio::test]
async fn server_errors_reach_the_client_with_their_status() {
    use support::fault_proxy::Fault::ServerError;
    let o = org(2).await;
    for code in [500, 503] {
        o.proxy
            .add_rule(Rule::next("ListRoots", 1, ServerError(code)));
        let e = o
            .faulty
            .client()
            .list_roots()
            .send()
            .await
            .expect_err("a server error");
        assert_eq!(status(&e), Some(code));
        assert_eq!(e.code(), Some("ServiceException"));
    }
    assert_eq!(o.proxy.counters().injected("ListRoots", "5xx"), 2);
    assert_eq!(o.proxy.counters().forwarded("ListRoots"), 0);
}

#[tokio::test]
async fn a_connection_closed_before_forwarding_changes_nothing() {
    use support::fault_proxy::Fault::CloseBeforeForward;
    let o = org(3).await;
    let op = "CreateOrganizationalUnit";
    o.proxy.add_rule(Rule::next(op, 1, CloseBeforeForward));

    let e = failed(
        o.faulty
            .create_organizational_unit(&o.root, "never-sent")
            .await,
    );
    // The client cannot tell this from a reply lost after forwarding: its request went
    // out, then the connection closed.
    assert_eq!(e.kind, ErrorKind::ConnectionLost, "{e:?}");
    assert!(o.ou_names().await.is_empty());
    assert_eq!(o.proxy.counters().forwarded(op), 0);
    assert_eq!(o.proxy.counters().injected(op, "close-before-forward"), 1);
}

#[tokio::test]
async fn a_reply_lost_after_forwarding_hides_a_change_that_happened() {
    use support::fault_proxy::Fault::CloseAfterForward;
    let o = org(4).await;
    o.proxy
        .add_rule(Rule::next("CreateOrganizationalUnit", 1, CloseAfterForward));
    o.proxy
        .add_rule(Rule::next("MoveAccount", 1, CloseAfterForward));

    // The client sees a failure...
    let e = failed(
        o.faulty
            .create_organizational_unit(&o.root, "lost-reply")
            .await,
    );
    assert_eq!(e.kind, ErrorKind::ConnectionLost, "{e:?}");
    // ...that may hide a change, so the worker never resends it blindly.
    assert_eq!(e.code, "ConnectionLost", "{e:?}");
    assert_eq!(orgtui::net::reach(&e), orgtui::net::Reach::Ambiguous);
    // ...and indeed moto created the OU, exactly once.
    assert_eq!(o.ou_names().await, ["lost-reply"]);

    // The same for a move.
    let target = ok(o.direct.create_organizational_unit(&o.root, "target").await);
    let status = ok(o
        .direct
        .create_account(&NewAccount::new("a@example.com", "moved"))
        .await);
    let account = status.account_id.expect("moto creates accounts at once");
    let e = failed(o.faulty.move_account(&account, &o.root, &target.id).await);
    assert_eq!(e.kind, ErrorKind::ConnectionLost, "{e:?}");
    let parents = ok(collect_all(|t| o.direct.list_parents(&account, t)).await);
    assert_eq!(parents.len(), 1);
    assert_eq!(parents[0].id, target.id);

    let c = o.proxy.counters();
    assert_eq!(c.forwarded("MoveAccount"), 1);
    assert_eq!(c.injected("MoveAccount", "close-after-forward"), 1);
}

#[tokio::test]
async fn a_stall_is_cut_off_by_the_operation_timeout() {
    use support::fault_proxy::Fault::{Stall, StallAfterForward};
    let o = org(5).await;
    let client = o.client_with_timeout(Duration::from_millis(500));
    o.proxy
        .add_rule(Rule::next("ListRoots", 1, Stall(Duration::from_secs(20))));

    let started = Instant::now();
    let e = client.list_roots().send().await.expect_err("timed out");
    let took = started.elapsed();
    assert!(matches!(e, SdkError::TimeoutError(_)), "{e:?}");
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let e = map_sdk_error(e);
    assert_eq!(e.code, "Timeout");
    assert_eq!(e.kind, ErrorKind::Timeout);

    // A stalled change is ambiguous: here moto did apply it.
    let op = "CreateOrganizationalUnit";
    let stall = StallAfterForward(Duration::from_secs(20));
    o.proxy.add_rule(Rule::next(op, 1, stall));
    let e = client
        .create_organizational_unit()
        .parent_id(&o.root)
        .name("stalled")
        .send()
        .await
        .expect_err("timed out");
    assert!(matches!(e, SdkError::TimeoutError(_)), "{e:?}");
    assert_eq!(o.ou_names().await, ["stalled"], "account {}", o.caller);
    assert_eq!(o.proxy.counters().injected(op, "stall-after-forward"), 1);
}

/// Which of `n` sequential ListRoots calls were throttled, with a 30% rule and `seed`.
async fn throttled_pattern(seed: u64, n: usize) -> (Vec<bool>, u32) {
    use support::fault_proxy::Fault::Throttle;
    let o = org(seed).await;
    o.proxy
        .add_rule(Rule::probability(Some("ListRoots"), 0.3, Throttle));
    let mut pattern = Vec::new();
    for _ in 0..n {
        match o.faulty.list_roots(None).await {
            Ok(_) => pattern.push(false),
            Err(e) if e.kind == ErrorKind::Throttled => pattern.push(true),
            Err(e) => panic!("unexpected error {e:?}"),
        }
    }
    (pattern, o.proxy.counters().injected_total())
}

#[tokio::test]
async fn probabilistic_faults_repeat_with_the_same_seed() {
    let (a, injected) = throttled_pattern(7, 40).await;
    let (b, _) = throttled_pattern(7, 40).await;
    let (c, _) = throttled_pattern(8, 40).await;
    assert_eq!(a, b);
    assert_ne!(a, c);
    let count = a.iter().filter(|t| **t).count();
    assert_eq!(count as u32, injected);
    assert!((4..=20).contains(&count), "{count} of 40 throttled at 30%");
}

#[tokio::test]
async fn throttled_calls_through_the_adaptive_limit_all_complete() {
    use orgtui::net::throttle::{call, AdaptiveLimit, Attempt, Backoff, SplitMix64};
    use std::sync::Arc;
    use support::fault_proxy::Fault::Throttle;

    let o = Arc::new(org(9).await);
    o.proxy
        .add_rule(Rule::probability(Some("ListRoots"), 0.3, Throttle));
    let limit = AdaptiveLimit::new(6, 5);
    let backoff = Arc::new(Backoff::new(
        Duration::from_millis(10),
        Duration::from_millis(200),
        SplitMix64::new(3),
    ));
    let lowest = Arc::new(std::sync::Mutex::new(usize::MAX));
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            let (o, limit, backoff, lowest) =
                (o.clone(), limit.clone(), backoff.clone(), lowest.clone());
            tokio::spawn(async move {
                let result = call(&limit, &backoff, 20, || async {
                    match o.faulty.list_roots(None).await {
                        Ok(page) => Attempt::Done(page),
                        Err(e) if e.is_throttling() => Attempt::Throttled(e),
                        Err(e) => Attempt::Failed(e),
                    }
                })
                .await;
                let mut low = lowest.lock().unwrap_or_else(|p| p.into_inner());
                *low = (*low).min(limit.status().limit);
                result
            })
        })
        .collect();
    for task in tasks {
        let page = tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .expect("every call ends in time")
            .expect("no task panicked");
        assert_eq!(ok(page).items.len(), 1);
    }
    let c = o.proxy.counters();
    let throttled = c.injected("ListRoots", "throttle");
    assert!(throttled > 0);
    // Every throttled call was sent again, nothing else was.
    assert_eq!(c.seen("ListRoots"), 24 + throttled);
    assert_eq!(c.forwarded("ListRoots"), 24);
    // Never more at once than the limit allows, and the limit did come down.
    assert!(c.max_in_flight <= 6, "{} at once", c.max_in_flight);
    assert!(*lowest.lock().unwrap_or_else(|p| p.into_inner()) < 6);
    assert_eq!(limit.status().in_flight, 0);
}
