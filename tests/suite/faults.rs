//! The change path under faults, end to end: the real app and worker (tests/support/
//! harness.rs) over the real SDK client, through the fault proxy, in front of moto. Each
//! case drives a bulk move or an OU creation by keys, then checks that moto's state, the
//! summary in the model and the audit log agree, that nothing exists twice, and that no
//! change reached moto twice. The `measure_*` tests print numbers (run with --nocapture).

use crate::support::{self, Look};

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use orgtui::app::{Change, Dialog, Loadable, Mode};
use orgtui::net::Timeouts;
use orgtui::org::{collect_all, AwsBackend, OrgBackend};
use orgtui::store::audit::{AuditEntry, AuditLog, Phase};
use orgtui::worker::Options;
use ratatui::crossterm::event::KeyCode;
use support::fault_proxy::{Counters, Fault, FaultProxy, Rule};
use support::harness::Harness;
use support::seed::{new_account_in, new_org, new_ou, ok};
use support::Moto;

/// Bound on every wait for the app (loading, confirming, a whole bulk move).
const LIMIT: Duration = Duration::from_secs(60);

/// Each test's own organization on the shared moto: a Source OU holding the accounts, an
/// empty Dest OU, the app's backend through the fault proxy and a direct one to check.
struct Org {
    proxy: Arc<FaultProxy>,
    /// When the proxy started (within microseconds): its timeline counts from here.
    proxy_started: Instant,
    /// The proxy's counters when the first change was sent.
    armed: Arc<std::sync::Mutex<Option<Counters>>>,
    direct: AwsBackend,
    faulty: Arc<AwsBackend>,
    root: String,
    source: String,
    dest: String,
    accounts: Vec<String>,
    audit: PathBuf,
    _dir: tempfile::TempDir,
}

async fn org(seed: u64, accounts: usize) -> Org {
    let moto = Moto::shared();
    let caller = support::unique_account_id();
    let proxy = Arc::new(FaultProxy::start(&moto.endpoint(), seed));
    let proxy_started = Instant::now();
    let direct = AwsBackend::for_emulator(&moto.endpoint(), Some(&caller));
    let faulty = Arc::new(AwsBackend::for_emulator(&proxy.endpoint(), Some(&caller)));
    let (_, root) = new_org(&direct).await;
    let source = new_ou(&direct, &root.id, "Source").await.id;
    let dest = new_ou(&direct, &root.id, "Dest").await.id;
    let names: Vec<String> = (0..accounts).map(|i| format!("acct-{i:02}")).collect();
    let accounts = futures::future::join_all(
        names
            .iter()
            .map(|n| new_account_in(&direct, &root.id, &source, n)),
    )
    .await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    Org {
        proxy,
        proxy_started,
        armed: Arc::default(),
        direct,
        faulty,
        root: root.id,
        source,
        dest,
        accounts,
        audit: dir.path().join("audit.jsonl"),
        _dir: dir,
    }
}

impl Org {
    /// A time on the harness's clock (`h.started` + `t`) on the proxy's clock.
    fn proxy_time(&self, h: &Harness, t: Duration) -> Duration {
        (h.started + t).saturating_duration_since(self.proxy_started)
    }

    /// The app over the faulty backend, loaded.
    async fn open(&self, timeouts: Timeouts) -> Harness {
        self.open_with(self.faulty.clone(), timeouts).await
    }

    /// The app over `backend`, loaded.
    async fn open_with(&self, backend: Arc<AwsBackend>, timeouts: Timeouts) -> Harness {
        let options = Options {
            read_only: false,
            audit: Some(Arc::new(AuditLog::new(self.audit.clone()))),
            timeouts,
            concurrency: None,
            sts: None,
            plans: None,
        };
        let mut h = Harness::new(backend, options);
        h.settle(LIMIT).await;
        h
    }

    /// The faulty backend with the SDK's own deadlines set, as the binary's client has
    /// them (`ClientOptions::aws`), so a stall ends in the SDK's timeout error.
    fn with_sdk_timeouts(&self, attempt: Duration, operation: Duration) -> Arc<AwsBackend> {
        let timeouts = aws_sdk_organizations::config::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(3))
            .operation_attempt_timeout(attempt)
            .operation_timeout(operation)
            .build();
        // The proxy's endpoint and the account header stay; only the deadlines change.
        let mut conf = self.faulty.client().config().to_builder();
        conf.set_timeout_config(Some(timeouts));
        let client = aws_sdk_organizations::Client::from_conf(conf.build());
        Arc::new(AwsBackend::from_client(client))
    }

    /// Adds `rules` when the first change is sent (loading and confirming go unharmed).
    fn arm(&self, h: &mut Harness, rules: Vec<Rule>) {
        let proxy = self.proxy.clone();
        let armed = self.armed.clone();
        h.before_first_change(move || {
            *armed.lock().unwrap_or_else(|p| p.into_inner()) = Some(proxy.counters());
            for r in rules {
                proxy.add_rule(r);
            }
        });
    }

    fn audit_entries(&self) -> Vec<AuditEntry> {
        let text = std::fs::read_to_string(&self.audit).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l}: {e}")))
            .collect()
    }

    /// The one parent moto has for `account`.
    async fn parent_of(&self, account: &str) -> String {
        let d = &self.direct;
        let parents = ok(
            "list_parents",
            collect_all(|t| d.list_parents(account, t)).await,
        );
        assert_eq!(parents.len(), 1, "{account} has one parent: {parents:?}");
        parents[0].id.clone()
    }

    /// The names of the OUs under the root, read from moto.
    async fn ou_names(&self) -> Vec<String> {
        let d = &self.direct;
        let ous = ok(
            "list OUs",
            collect_all(|t| d.list_organizational_units_for_parent(&self.root, t)).await,
        );
        ous.into_iter().map(|o| o.name).collect()
    }
}

/// Marks every account in Source, moves them to Dest by keys, confirms with `y` once
/// drawn, and waits for the summary and the re-reads after it. Faults start with the
/// first change.
async fn bulk_move(o: &Org, timeouts: Timeouts, rules: Vec<Rule>) -> Harness {
    let mut h = move_confirmation(o, timeouts).await;
    o.arm(&mut h, rules);
    h.confirm(LIMIT).await;
    summary(&mut h, o).await;
    h
}

/// The app with every account in Source marked and their move to Dest to confirm.
async fn move_confirmation(o: &Org, timeouts: Timeouts) -> Harness {
    let mut h = o.open(timeouts).await;
    h.select("Source");
    h.key(KeyCode::Right);
    h.settle(LIMIT).await;
    h.key(KeyCode::Down);
    for _ in &o.accounts {
        h.ch(' '); // marks and moves down
    }
    assert_eq!(h.model.marked_count(), o.accounts.len());
    h.ch('m');
    h.settle(LIMIT).await;
    h.typed("Dest");
    h.settle(LIMIT).await;
    h.key(KeyCode::Enter);
    h.settle(LIMIT).await;
    h
}

/// Waits for every move's answer and the re-reads after; the faults end there.
async fn summary(h: &mut Harness, o: &Org) {
    h.until(
        LIMIT,
        "every move answered",
        |m| matches!(m.dialog(), Some(Dialog::Progress(p)) if p.done()),
    )
    .await;
    h.settle(LIMIT).await;
    o.proxy.clear_rules();
}

/// What a bulk move came to, once the three accounts of it agree.
#[derive(Debug)]
struct Moved {
    moved: BTreeSet<String>,
    /// Account → error code, for those that did not move.
    failed: BTreeMap<String, String>,
    reconciled: BTreeSet<String>,
    counters: Counters,
}

fn moved_account(c: &Change) -> &str {
    match c {
        Change::MoveAccount(orgtui::change::MoveAccount { account, .. }) => account,
        other => panic!("a move, not {other:?}"),
    }
}

/// Checks that moto, the model's summary and the audit log agree about every account.
async fn agree_on_moves(h: &Harness, o: &Org) -> Moved {
    // moto: each account has exactly one parent, Source or Dest.
    let mut moved = BTreeSet::new();
    for a in &o.accounts {
        let parent = o.parent_of(a).await;
        assert!(parent == o.source || parent == o.dest, "{a} is in {parent}");
        if parent == o.dest {
            moved.insert(a.clone());
        }
    }

    // The summary: one result per account, succeeded exactly where moto moved it.
    let p = h.progress().expect("a bulk move's summary stays open");
    assert!(p.done() && p.queue.is_empty() && p.in_flight == 0);
    assert_eq!(p.results.len(), o.accounts.len());
    let mut failed = BTreeMap::new();
    let mut said_moved = BTreeSet::new();
    for (c, r) in &p.results {
        let a = moved_account(c).to_string();
        match r {
            Ok(()) => assert!(said_moved.insert(a), "one result per account"),
            Err(e) => assert!(failed.insert(a, e.code.clone()).is_none()),
        }
    }
    assert_eq!(
        said_moved, moved,
        "the summary's successes are moto's moves"
    );
    assert_eq!(said_moved.len() + failed.len(), o.accounts.len());
    let reconciled: BTreeSet<String> = p
        .reconciled
        .iter()
        .map(|c| moved_account(c).to_string())
        .collect();
    assert_eq!(reconciled.len(), p.reconciled.len(), "reconciled once each");
    // Failed accounts stay marked for another try; moved ones are not.
    assert_eq!(h.model.marked_count(), failed.len());
    for a in failed.keys() {
        assert!(h.model.node_by_id(a).is_some_and(|n| n.marked), "{a}");
    }
    // The tree, re-read after the move, shows in Source what moto has there.
    let source = h.model.node_by_id(&o.source).expect("Source in the tree");
    let shown: BTreeSet<String> = source
        .children
        .iter()
        .map(|&ix| h.model.node(ix).id.clone())
        .collect();
    let left: BTreeSet<String> = o
        .accounts
        .iter()
        .filter(|a| !moved.contains(*a))
        .cloned()
        .collect();
    assert_eq!(shown, left, "the tree shows what is left in Source");

    // The audit log: per account one attempt and one outcome with the same id, the
    // outcome as moto has it, reconciled as the summary says.
    let entries = o.audit_entries();
    let mut by_id: BTreeMap<&str, Vec<&AuditEntry>> = BTreeMap::new();
    for e in &entries {
        assert_eq!(e.operation, "MoveAccount");
        by_id.entry(e.id.as_str()).or_default().push(e);
    }
    // Moves stopped (Esc) before they were sent have no audit lines.
    let stopped: BTreeSet<&String> = failed
        .iter()
        .filter(|(_, code)| *code == "NotSent")
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        by_id.len(),
        o.accounts.len() - stopped.len(),
        "one audit id per account sent"
    );
    let mut audited = BTreeSet::new();
    for (id, lines) in &by_id {
        let phases: Vec<Phase> = lines.iter().map(|e| e.phase).collect();
        assert_eq!(phases, [Phase::Attempt, Phase::Outcome], "{id}");
        assert_eq!(lines[0].parameters, lines[1].parameters, "{id}");
        let account = lines[1].parameters["AccountId"]
            .as_str()
            .expect("AccountId")
            .to_string();
        let outcome = lines[1].outcome.as_deref();
        // An outcome no re-read could settle stays open ("unknown"), never a failure.
        let want = if moved.contains(&account) {
            "success"
        } else if failed.get(&account).map(String::as_str) == Some("OutcomeUnknown") {
            "unknown"
        } else {
            "failure"
        };
        assert_eq!(outcome, Some(want), "{account}: {:?}", lines[1]);
        assert_eq!(
            lines[1].reconciled,
            reconciled.contains(&account),
            "{account}"
        );
        assert_eq!(
            lines[1].error_code.as_ref(),
            failed.get(&account),
            "{account}"
        );
        audited.insert(account);
    }
    assert_eq!(audited.len(), o.accounts.len() - stopped.len());
    assert!(stopped.iter().all(|a| !audited.contains(*a)));

    // No move reached moto twice: what was forwarded is what moved.
    let counters = o.proxy.counters();
    assert_eq!(
        counters.forwarded("MoveAccount") as usize,
        moved.len(),
        "{counters:?}"
    );
    Moved {
        moved,
        failed,
        reconciled,
        counters,
    }
}

fn default_timeouts() -> Timeouts {
    Timeouts::default()
}

fn short_timeouts() -> Timeouts {
    Timeouts {
        attempt: Duration::from_secs(1),
        operation: Duration::from_secs(3),
    }
}

const N: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_under_throttling_resends_only_what_was_throttled() {
    let o = org(11, N).await;
    let rules = vec![Rule::probability(Some("MoveAccount"), 0.3, Fault::Throttle)];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    let c = &r.counters;
    let throttled = c.injected("MoveAccount", "throttle");
    assert!(throttled > 0, "{c:?}");
    assert_eq!(
        c.seen("MoveAccount"),
        c.forwarded("MoveAccount") + throttled
    );
    // Throttling is retried; a move fails only after throttling every attempt.
    for code in r.failed.values() {
        assert_eq!(code, "TooManyRequestsException");
    }
    assert!(r.moved.len() >= N - 2, "{r:?}");
    assert!(r.reconciled.is_empty(), "nothing ambiguous: {r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_with_server_errors_reports_them_not_done_after_a_re_read() {
    let o = org(12, N).await;
    let rules = vec![Rule::probability(
        Some("MoveAccount"),
        0.25,
        Fault::ServerError(500),
    )];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    let errors = r.counters.injected("MoveAccount", "5xx") as usize;
    assert!(errors > 0);
    // A 5xx is ambiguous: never resent, re-read, found not done.
    assert_eq!(r.failed.len(), errors, "{r:?}");
    assert_eq!(r.reconciled.len(), errors);
    assert_eq!(r.counters.seen("MoveAccount") as usize, N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_with_connections_closed_before_forwarding() {
    let o = org(13, N).await;
    let rules = vec![Rule::probability(
        Some("MoveAccount"),
        0.25,
        Fault::CloseBeforeForward,
    )];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    let closed = r.counters.injected("MoveAccount", "close-before-forward") as usize;
    assert!(closed > 0);
    // The client cannot tell this from a lost reply: re-read, found not done, not resent.
    assert_eq!(r.failed.len(), closed, "{r:?}");
    assert_eq!(r.reconciled.len(), closed);
    assert_eq!(r.counters.seen("MoveAccount") as usize, N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_with_replies_lost_after_the_move_happened() {
    let o = org(14, N).await;
    let rules = vec![Rule::probability(
        Some("MoveAccount"),
        0.25,
        Fault::CloseAfterForward,
    )];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    let lost = r.counters.injected("MoveAccount", "close-after-forward") as usize;
    assert!(lost > 0);
    // Every move happened once; those whose reply was lost were confirmed by re-read.
    assert_eq!(r.moved.len(), N, "{r:?}");
    assert_eq!(r.reconciled.len(), lost);
    assert_eq!(r.counters.seen("MoveAccount") as usize, N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_with_stalls_longer_than_the_attempt_timeout() {
    let o = org(15, N).await;
    let stall = Duration::from_secs(5);
    // The first move stalls before reaching moto, the second after.
    let rules = vec![
        Rule::next("MoveAccount", 1, Fault::Stall(stall)),
        Rule::next("MoveAccount", 1, Fault::StallAfterForward(stall)),
    ];
    let h = bulk_move(&o, short_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    assert_eq!(r.moved.len(), N - 1, "{r:?}");
    // The one that never reached moto: a timed-out request may still be carried out by AWS
    // later, so after two re-reads without it the outcome is unknown, not "not done".
    assert_eq!(r.failed.values().collect::<Vec<_>>(), ["OutcomeUnknown"]);
    assert_eq!(r.reconciled.len(), 2, "{r:?}");
    assert_eq!(r.counters.seen("MoveAccount") as usize, N);
    // Neither stall held the bulk move up for the whole stall.
    let took =
        h.changed.last().map(|(t, _)| *t).unwrap_or_default() - h.first_change.unwrap_or_default();
    assert!(took < stall, "took {took:?}");
}

/// Creates an OU named `name` under the root by keys; faults start when it is sent.
async fn create_ou(mut h: Harness, o: &Org, name: &str, rules: Vec<Rule>) -> Harness {
    h.key(KeyCode::Home);
    assert_eq!(
        h.model.selected_node().map(|n| n.id.clone()),
        Some(o.root.clone())
    );
    h.ch('n');
    h.typed(name);
    h.key(KeyCode::Enter);
    o.arm(&mut h, rules);
    h.confirm(LIMIT).await;
    h.settle(LIMIT).await;
    o.proxy.clear_rules();
    h
}

/// Checks that moto, the model and the audit log agree about one OU creation; whether
/// the OU exists.
async fn agree_on_create(h: &Harness, o: &Org, name: &str) -> bool {
    let names = o.ou_names().await;
    let count = names.iter().filter(|n| *n == name).count();
    assert!(count <= 1, "no duplicate: {names:?}");
    let exists = count == 1;

    assert_eq!(h.changed.len(), 1, "one outcome");
    let changed = &h.changed[0].1;
    assert_eq!(changed.outcome.is_ok(), exists, "{changed:?}");
    if exists {
        // The summary said so, and the tree (re-read) shows the new OU, selected.
        assert_eq!(*h.model.overlay(), Mode::Normal);
        let want = format!("Created OU {name} under Root");
        assert!(
            h.model.info().is_some_and(|s| *s == want),
            "{:?}",
            h.model.status_shown()
        );
        let created = changed.created.as_deref().expect("the new OU's id");
        assert_eq!(
            h.model.selected_node().map(|n| n.id.as_str()),
            Some(created)
        );
    } else {
        // Back at the prompt with the name typed and the error.
        match h.model.overlay() {
            Mode::Dialog(Dialog::Prompt(p)) => {
                assert_eq!(p.input, name);
                assert!(p.failure.is_some());
            }
            other => panic!("expected the prompt again, got {other:?}"),
        }
        assert!(h.model.error().is_some());
    }

    let entries = o.audit_entries();
    let phases: Vec<Phase> = entries.iter().map(|e| e.phase).collect();
    assert_eq!(phases, [Phase::Attempt, Phase::Outcome], "{entries:?}");
    assert_eq!(entries[0].id, entries[1].id);
    assert!(entries
        .iter()
        .all(|e| e.operation == "CreateOrganizationalUnit" && e.parameters["Name"] == name));
    // An outcome no re-read could settle stays open ("unknown"), never a failure.
    let want = match &changed.outcome {
        Ok(()) => "success",
        Err(e) if e.is_unknown_outcome() => "unknown",
        Err(_) => "failure",
    };
    assert_eq!(entries[1].outcome.as_deref(), Some(want));
    assert_eq!(entries[1].reconciled, changed.reconciled);

    let c = o.proxy.counters();
    assert_eq!(
        c.forwarded("CreateOrganizationalUnit") as usize,
        count,
        "{c:?}"
    );
    exists
}

/// Creates an OU whose reply stalls after moto created it: a timeout ends the wait well
/// before the stall does, and a re-read finds the OU, created once.
async fn created_once_despite_a_stall(o: &Org, h: Harness, name: &str) {
    let stall = Duration::from_secs(5);
    let op = "CreateOrganizationalUnit";
    let rules = vec![Rule::next(op, 1, Fault::StallAfterForward(stall))];
    let h = create_ou(h, o, name, rules).await;
    assert!(agree_on_create(&h, o, name).await);
    assert!(h.changed[0].1.reconciled);
    let took = h.changed[0].0 - h.first_change.unwrap_or_default();
    assert!(took < stall, "answered after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_ou_with_the_connection_closed_before_forwarding_is_not_done() {
    let o = org(21, 0).await;
    let rules = vec![Rule::next(
        "CreateOrganizationalUnit",
        1,
        Fault::CloseBeforeForward,
    )];
    let h = create_ou(o.open(default_timeouts()).await, &o, "Closed", rules).await;
    assert!(!agree_on_create(&h, &o, "Closed").await);
    assert!(h.changed[0].1.reconciled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_ou_whose_reply_is_lost_is_created_once_and_confirmed_by_re_read() {
    let o = org(22, 0).await;
    let rules = vec![Rule::next(
        "CreateOrganizationalUnit",
        1,
        Fault::CloseAfterForward,
    )];
    let h = create_ou(o.open(default_timeouts()).await, &o, "Lost Reply", rules).await;
    assert!(agree_on_create(&h, &o, "Lost Reply").await);
    assert!(h.changed[0].1.reconciled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_ou_stalled_after_forwarding_is_created_once() {
    let o = org(23, 0).await;
    let h = o.open(short_timeouts()).await;
    created_once_despite_a_stall(&o, h, "Stalled").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_ou_stalled_before_forwarding_is_not_done() {
    let o = org(24, 0).await;
    let rules = vec![Rule::next(
        "CreateOrganizationalUnit",
        1,
        Fault::Stall(Duration::from_secs(5)),
    )];
    let h = create_ou(o.open(short_timeouts()).await, &o, "Never", rules).await;
    assert!(!agree_on_create(&h, &o, "Never").await);
    assert!(h.changed[0].1.reconciled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_ou_stalled_past_the_sdk_timeout_is_created_once() {
    let o = org(25, 0).await;
    // The SDK's own attempt deadline (as the binary sets it) ends the stall, long before
    // the worker's (10 s) or the stall itself would.
    let backend = o.with_sdk_timeouts(Duration::from_millis(700), Duration::from_secs(2));
    let h = o.open_with(backend, default_timeouts()).await;
    created_once_despite_a_stall(&o, h, "Sdk Timeout").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn esc_during_a_bulk_move_with_lost_replies_stops_the_rest() {
    let o = org(16, N).await;
    let mut h = move_confirmation(&o, default_timeouts()).await;
    let lost = Rule::probability(Some("MoveAccount"), 0.25, Fault::CloseAfterForward);
    o.arm(&mut h, vec![lost]);
    h.confirm(LIMIT).await;
    // Pressed before any answer is in: the first window is on its way, the rest is not.
    h.key(KeyCode::Esc);
    summary(&mut h, &o).await;
    let r = agree_on_moves(&h, &o).await;
    let window = orgtui::app::SEND_WINDOW;
    assert_eq!(r.moved.len(), window, "{r:?}");
    assert_eq!(r.failed.len(), N - window);
    assert!(r.failed.values().all(|code| code == "NotSent"), "{r:?}");
    let lost = r.counters.injected("MoveAccount", "close-after-forward") as usize;
    assert_eq!(r.reconciled.len(), lost);
    assert_eq!(r.counters.seen("MoveAccount") as usize, window);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quitting_during_a_bulk_move_waits_for_what_was_sent() {
    let o = org(18, N).await;
    let mut h = move_confirmation(&o, short_timeouts()).await;
    let stall = Fault::StallAfterForward(Duration::from_secs(5));
    let lost = Fault::CloseAfterForward;
    let rules = vec![
        Rule::next("MoveAccount", 1, stall),
        Rule::probability(Some("MoveAccount"), 0.25, lost),
    ];
    o.arm(&mut h, rules);
    h.confirm(LIMIT).await;
    // `q` asks first; `s` stops sending the rest and quits once what was sent answered.
    h.ch('q');
    assert!(h.progress().is_some_and(|p| p.quit_asked) && !h.model.has_quit());
    h.ch('s');
    assert!(!h.model.has_quit(), "changes are in flight");
    h.until(LIMIT, "quit", |m| m.has_quit()).await;
    let p = h.progress().expect("the summary");
    assert!(p.done() && p.in_flight == 0, "{p:?}");
    // Nothing is left without an outcome, and all of it agrees.
    assert_eq!(orgtui::store::audit::unfinished(&o.audit), Vec::new());
    h.settle(LIMIT).await;
    o.proxy.clear_rules();
    let r = agree_on_moves(&h, &o).await;
    assert_eq!(r.moved.len(), orgtui::app::SEND_WINDOW, "{r:?}");
    assert!(r.failed.values().all(|code| code == "NotSent"), "{r:?}");
}

/// AWS may carry out a request after the client gave up on it (it was queued, or slow):
/// a re-read right after the timeout cannot prove it will not happen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_move_carried_out_after_its_timeout_is_never_reported_not_done() {
    let o = org(17, 3).await;
    let late = Duration::from_millis(1500);
    let rules = vec![Rule::next("MoveAccount", 1, Fault::ForwardLate(late))];
    // The attempt times out after 1 s; moto gets the move after 1.5 s.
    let h = bulk_move(&o, short_timeouts(), rules).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while o.proxy.counters().forwarded("MoveAccount") < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for a in &o.accounts {
        assert_eq!(o.parent_of(a).await, o.dest, "every move happened");
    }
    let p = h.progress().expect("the summary");
    for (c, r) in &p.results {
        if let Err(e) = r {
            assert!(
                !e.message.contains("not done"),
                "{} reported as {}: {} — but moto has it moved",
                moved_account(c),
                e.code,
                e.message
            );
        }
    }
}

/// The most requests the proxy had in flight in each `bucket` of time after `from`.
fn concurrency_timeline(c: &Counters, from: Duration, bucket: Duration) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &(t, n) in &c.concurrency {
        let Some(since) = t.checked_sub(from) else {
            continue;
        };
        let i = (since.as_millis() / bucket.as_millis()) as usize;
        if out.len() <= i {
            out.resize(i + 1, 0);
        }
        out[i] = out[i].max(n);
    }
    out
}

/// Prints what a measured bulk move cost.
fn report(label: &str, h: &Harness, o: &Org, r: &Moved) {
    let start = h.first_change.expect("changes were sent");
    let last = h.changed.last().map(|(t, _)| *t).expect("outcomes");
    let c = &r.counters;
    let before = o
        .armed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .unwrap_or_default();
    let since =
        |now: &BTreeMap<String, u32>, then: &BTreeMap<String, u32>| -> BTreeMap<String, u32> {
            now.iter()
                .map(|(k, v)| (k.clone(), v - then.get(k).copied().unwrap_or(0)))
                .filter(|(_, v)| *v > 0)
                .collect()
        };
    let seen = since(&c.seen, &before.seen);
    let flat = |m: &BTreeMap<(String, String), u32>| -> BTreeMap<String, u32> {
        m.iter()
            .map(|((op, fault), n)| (format!("{op}/{fault}"), *n))
            .collect()
    };
    let injected = since(&flat(&c.injected), &flat(&before.injected));
    let all_seen: u32 = seen.values().sum();
    let all_forwarded: u32 = since(&c.forwarded, &before.forwarded).values().sum();
    let lowest = h.throttle.iter().map(|(_, s)| s.limit).min();
    let most_waiting = h.throttle.iter().map(|(_, s)| s.waiting).max();
    let limits: Vec<String> = h
        .throttle
        .iter()
        .filter(|(t, _)| *t >= start && *t <= last)
        .map(|(t, s)| format!("{:.2}s:{}", (*t - start).as_secs_f64(), s.limit))
        .collect();
    println!("[measure] {label}: {} accounts", o.accounts.len());
    println!(
        "   wall time, first change sent → last outcome: {:.2} s",
        (last - start).as_secs_f64()
    );
    println!(
        "   moved {}, failed {}, reconciled by re-read {}",
        r.moved.len(),
        r.failed.len(),
        r.reconciled.len()
    );
    println!(
        "   MoveAccount: sent {} (forwarded to moto {}); faults injected since the first change {injected:?}",
        c.seen("MoveAccount"),
        c.forwarded("MoveAccount"),
    );
    println!(
        "   all calls from the first change on (moves, re-reads of lost replies, re-reads after): sent {all_seen}, forwarded {all_forwarded}; by op {seen:?}"
    );
    let timeline = concurrency_timeline(c, o.proxy_time(h, start), Duration::from_millis(50));
    println!(
        "   most in flight at the proxy since the first change: {}; worker limit lowest {lowest:?}, most waiting {most_waiting:?} (sampled every 250 ms)",
        timeline.iter().max().copied().unwrap_or(0)
    );
    println!("   most in flight at the proxy per 50 ms: {timeline:?}");
    println!("   worker limit over time: {}", limits.join(" "));
}

/// Never more calls on the wire at once than the worker's limit allows.
fn within_the_limit(h: &Harness, o: &Org, r: &Moved) {
    let start = o.proxy_time(h, h.first_change.unwrap_or_default());
    let most = concurrency_timeline(&r.counters, start, Duration::from_millis(50));
    let most = most.into_iter().max().unwrap_or(0);
    assert!(most <= orgtui::net::MAX_CONCURRENCY, "{most} at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measure_bulk_move_of_60_without_faults() {
    let o = org(30, 60).await;
    let h = bulk_move(&o, default_timeouts(), Vec::new()).await;
    let r = agree_on_moves(&h, &o).await;
    report("60-account bulk move, no faults (baseline)", &h, &o, &r);
    within_the_limit(&h, &o, &r);
    assert_eq!(r.moved.len(), 60);
    assert_eq!(r.counters.seen("MoveAccount"), 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measure_bulk_move_of_60_under_throttling() {
    let o = org(31, 60).await;
    // Every call is throttled 30% of the time once the move starts.
    let rules = vec![Rule::probability(None, 0.3, Fault::Throttle)];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    report(
        "60-account bulk move, 30% of all calls throttled",
        &h,
        &o,
        &r,
    );
    within_the_limit(&h, &o, &r);
    assert!(r.counters.injected("MoveAccount", "throttle") > 0);
    assert!(r.reconciled.is_empty(), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measure_bulk_move_of_60_with_replies_lost() {
    let o = org(32, 60).await;
    // 5% of the moves happen but their reply is lost; the rest is throttled 30% as above.
    let rules = vec![
        Rule::probability(Some("MoveAccount"), 0.05, Fault::CloseAfterForward),
        Rule::probability(None, 0.3, Fault::Throttle),
    ];
    let h = bulk_move(&o, default_timeouts(), rules).await;
    let r = agree_on_moves(&h, &o).await;
    report(
        "60-account bulk move, 30% throttled, 5% of replies lost after the move",
        &h,
        &o,
        &r,
    );
    let lost = r.counters.injected("MoveAccount", "close-after-forward") as usize;
    assert!(lost > 0, "{r:?}");
    assert_eq!(r.reconciled.len(), lost, "{r:?}");
    assert!(r.reconciled.is_subset(&r.moved), "{r:?}");
}

/// Time from expanding Dest, whose ListOrganizationalUnitsForParent stalls, until the
/// tree shows the failure (`h` opened, and the stall set up, by the caller).
async fn stalled_read(o: &Org, mut h: Harness) -> Duration {
    h.select("Dest");
    let asked = Instant::now();
    h.key(KeyCode::Right);
    let dest = o.dest.clone();
    h.until(LIMIT, "the stalled read is reported", |m| {
        m.node_by_id(&dest)
            .is_some_and(|n| matches!(n.children_load, Some(Loadable::Failed(_))))
    })
    .await;
    let took = asked.elapsed();
    let Some(e) = h.model.error() else {
        panic!("the status says what failed: {:?}", h.model.status_shown())
    };
    assert_eq!(e.code, "Timeout", "{e:?}");
    println!(
        "[measure] stalled read: reported after {:.2} s as {}: {}",
        took.as_secs_f64(),
        e.code,
        e.message
    );
    took
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn measure_time_for_a_stalled_read_to_be_reported() {
    let o = org(33, 0).await;
    let short = Timeouts {
        attempt: Duration::from_secs(2),
        operation: Duration::from_secs(5),
    };
    // Both harnesses read the tree before the stall is set up: the stall is for the two
    // expansions of Dest, never for a start (which raced for it when each set up its own).
    let default = o.open(default_timeouts()).await;
    let configured = o.open(short).await;
    o.proxy.add_rule(Rule::next(
        "ListOrganizationalUnitsForParent",
        2,
        Fault::Stall(Duration::from_secs(20)),
    ));
    // Both at once: the default (10 s) and a configured shorter one.
    let (default, configured) =
        tokio::join!(stalled_read(&o, default), stalled_read(&o, configured));
    o.proxy.clear_rules();
    // Bounded by the attempt timeout, not by the stall (20 s).
    assert!(default < Duration::from_secs(15), "{default:?}");
    assert!(configured < Duration::from_secs(5), "{configured:?}");
}
