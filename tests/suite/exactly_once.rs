//! The fault cases of the change path that a trial found (issue 15), each held here: an
//! unknown outcome is never recorded as a failure or "not done" while the request may
//! still land, a change whose outcome is unknown is re-read before it is sent again, a
//! check at start waits for a request still in flight, and nothing is sent when the
//! re-read before sending failed unless the user, told so, confirms again.

use std::sync::Arc;
use std::time::Duration;

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Cmd, Fetch, Loadable, Model};
use orgtui::change::engine::{self, Engine, Send};
use orgtui::change::{About, Change, ChangeKind, MoveAccount, OrgChange};
use orgtui::demo::DemoBackend;
use orgtui::net::{Gate, Timeouts};
use orgtui::org::{collect_all, OrgBackend, OrgError};
use orgtui::store::audit::{unfinished, AuditEntry, AuditLog, Phase};
use ratatui::crossterm::event::KeyCode;

fn gate() -> Gate {
    Gate::new(Timeouts {
        attempt: Duration::from_secs(2),
        operation: Duration::from_secs(5),
    })
}

/// A move of the demo's first account of its first OU to its second OU.
async fn a_move(demo: &DemoBackend) -> MoveAccount {
    let root = collect_all(|t| demo.list_roots(t)).await.expect("roots")[0]
        .id
        .clone();
    let ous = collect_all(|t| demo.list_organizational_units_for_parent(&root, t))
        .await
        .expect("ous");
    let accounts = collect_all(|t| demo.list_accounts_for_parent(&ous[0].id, t))
        .await
        .expect("accounts");
    MoveAccount {
        account: accounts[0].id.clone(),
        source: ous[0].id.clone(),
        destination: ous[1].id.clone(),
    }
}

fn log_in(dir: &tempfile::TempDir) -> AuditLog {
    AuditLog::new(dir.path().join("audit.jsonl"))
}

fn lines(log: &AuditLog) -> Vec<AuditEntry> {
    std::fs::read_to_string(log.path())
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("an audit line"))
        .collect()
}

#[tokio::test]
async fn a_change_whose_outcome_was_unknown_is_not_sent_again_when_it_happened() {
    let demo = DemoBackend::from_asset().expect("demo");
    let mv = a_move(&demo).await;
    // The earlier send landed though its answer was lost.
    demo.move_account(&mv.account, &mv.source, &mv.destination)
        .await
        .expect("move");
    let dir = tempfile::tempdir().expect("dir");
    let log = log_in(&dir);
    let g = gate();
    let engine = Engine {
        gate: &g,
        backend: &demo,
        audit: Some(&log),
        read_only: false,
    };
    let again = Send { recheck: true };
    let changed = engine
        .apply(Change::MoveAccount(mv.clone()), again, "me", "run-1")
        .await;
    assert_eq!(changed.outcome, Ok(()), "{changed:?}");
    assert!(changed.reconciled);
    assert!(
        lines(&log).is_empty(),
        "nothing was sent, so nothing audited"
    );

    // One that did not happen is sent, once, with its attempt and outcome on record.
    let back = MoveAccount {
        account: mv.account.clone(),
        source: mv.destination.clone(),
        destination: mv.source.clone(),
    };
    let changed = engine
        .apply(Change::MoveAccount(back), again, "me", "run-2")
        .await;
    assert_eq!(changed.outcome, Ok(()));
    let phases: Vec<Phase> = lines(&log).iter().map(|e| e.phase).collect();
    assert_eq!(phases, [Phase::Attempt, Phase::Outcome]);
}

#[tokio::test(start_paused = true)]
async fn a_check_at_start_waits_for_a_request_that_may_still_land() {
    let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
    let mv = a_move(&demo).await;
    let dir = tempfile::tempdir().expect("dir");
    let log = log_in(&dir);
    let change = Change::MoveAccount(mv.clone());
    // The earlier run was killed with the request in flight; AWS carries it out 6 s later.
    let attempted = orgtui::time::now_rfc3339();
    log.record(&orgtui::change::engine::audit_entry(
        "old-1",
        Phase::Attempt,
        "me",
        &change,
        None,
        false,
    ))
    .expect("write");
    let late = demo.clone();
    let landing = mv.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(6)).await;
        late.move_account(&landing.account, &landing.source, &landing.destination)
            .await
            .expect("the late move");
    });
    let g = gate();
    let happened = engine::check(
        &g,
        demo.as_ref(),
        Some(&log),
        &change,
        Some(&attempted),
        "me",
        "old-1",
    )
    .await
    .expect("re-read");
    assert!(
        happened,
        "the re-read waited until the request could no longer land"
    );
    let last = lines(&log).pop().expect("an outcome line");
    assert_eq!(last.outcome.as_deref(), Some("success"));
    assert!(unfinished(log.path()).is_empty());
}

#[test]
fn an_unknown_outcome_leaves_the_change_open_for_the_next_start() {
    let dir = tempfile::tempdir().expect("dir");
    let log = log_in(&dir);
    let change = Change::MoveAccount(MoveAccount {
        account: "222222222222".into(),
        source: "r-ab12".into(),
        destination: "ou-ab12-00000001".into(),
    });
    let unknown = Err(OrgError::outcome_unknown("no answer"));
    for (phase, outcome) in [(Phase::Attempt, None), (Phase::Outcome, Some(&unknown))] {
        let entry =
            orgtui::change::engine::audit_entry("run-1", phase, "me", &change, outcome, true);
        log.record(&entry).expect("write");
    }
    let last = lines(&log).pop().expect("an outcome line");
    assert_eq!(last.outcome.as_deref(), Some("unknown"));
    let open: Vec<String> = unfinished(log.path()).into_iter().map(|e| e.id).collect();
    assert_eq!(open, ["run-1"]);
}

/// Opens the move of the management account to Prod and answers what the confirmation
/// needs; the confirmation is on screen.
fn move_to_prod(m: &mut Model) {
    select(m, &account(1, "x").id);
    let cmds = app::update(m, ch('m'));
    settle(m, cmds);
    let cmds: Vec<Cmd> = "prod".chars().flat_map(|c| app::update(m, ch(c))).collect();
    settle(m, cmds);
    let cmds = app::update(m, key(KeyCode::Enter));
    settle(m, cmds);
    assert!(m.confirmation().is_some());
}

#[test]
fn a_move_whose_outcome_is_unknown_is_re_read_before_it_is_sent_again() {
    let mut m = loaded((120, 40));
    move_to_prod(&mut m);
    let recheck = |cmds: &[Cmd]| {
        cmds.iter().find_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Change { how, .. }) => Some(how.recheck),
            _ => None,
        })
    };
    let cmds = confirm(&mut m);
    assert_eq!(
        recheck(&cmds),
        Some(false),
        "a first send goes out as it is"
    );
    let first = sent(&cmds);
    let [(req, change)] = first.as_slice() else {
        panic!("one change: {first:?}")
    };
    let unknown = Err(OrgError::outcome_unknown("no answer; a re-read failed too"));
    app::update(&mut m, changed(*req, change.clone(), unknown));
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, key(KeyCode::Esc));
    move_to_prod(&mut m);
    let again = confirm(&mut m);
    assert_eq!(recheck(&again), Some(true), "{again:?}");
}

#[test]
fn nothing_is_sent_when_the_re_read_before_sending_failed_unless_confirmed_again() {
    let mut m = loaded((120, 40));
    move_to_prod(&mut m);
    app::update(&mut m, app::Msg::Drawn);
    let cmds = app::update(&mut m, ch('y'));
    // Every re-read of where the account is fails (the trial: 11 reads answered 500).
    let mut more = Vec::new();
    for (req, f) in fetches(&cmds) {
        if let Fetch::Children { .. } = f {
            more.extend(app::update(&mut m, err(req, "HTTP 500")));
        }
    }
    more.extend(answer(&mut m, cmds));
    assert!(sent(&more).is_empty(), "{more:?}");
    let Some(c) = m.confirmation() else {
        panic!("the confirmation stays: {:?}", m.overlay())
    };
    let note = c.note.clone().unwrap_or_default();
    assert!(note.contains("Could not re-read"), "{note}");
    assert!(note.contains("nothing was sent"), "{note}");
    // Told so, the user confirms again (after the note was drawn).
    assert!(
        sent(&app::update(&mut m, ch('y'))).is_empty(),
        "not armed yet"
    );
    app::update(&mut m, app::Msg::Drawn);
    let cmds = app::update(&mut m, ch('y'));
    assert_eq!(sent(&cmds).len(), 1, "{cmds:?}");
}

#[test]
fn a_done_move_reads_the_account_list_again_when_the_accounts_view_has_it() {
    let mut m = loaded((120, 40));
    m.cache.accounts = Some(Loadable::Loaded(vec![account(1, "management")]));
    move_to_prod(&mut m);
    let all = confirm(&mut m);
    let one = sent(&all);
    let [(req, change)] = one.as_slice() else {
        panic!("one change: {one:?}")
    };
    let cmds = app::update(&mut m, changed(*req, change.clone(), Ok(())));
    assert!(
        fetches(&cmds).iter().any(|(_, f)| *f == Fetch::AllAccounts),
        "{cmds:?}"
    );
}

#[test]
fn what_a_change_leaves_stale_is_declared_by_its_kind() {
    // After EnableAllFeatures completes the organization (its feature set) is read again;
    // accepting an invitation makes a member account part of an organization.
    for c in [
        OrgChange::EnableAllFeatures,
        OrgChange::AcceptHandshake {
            handshake: "h-1".into(),
        },
    ] {
        assert!(c.stale().contains(&About::Organization), "{c:?}");
    }
    // Removing an account changes the account list (`:delete-organization` counts it).
    let remove = orgtui::change::AccountChange::RemoveAccount {
        account: "222222222222".into(),
    };
    assert!(remove.stale().contains(&About::Accounts));
}

/// What a test says the app knows.
struct Knows {
    feature_set: &'static str,
    state: orgtui::org::AccountState,
    trusted: bool,
}

impl orgtui::change::Known for Knows {
    fn feature_set(&self) -> Option<&str> {
        Some(self.feature_set)
    }
    fn account_state(&self, _: &str) -> Option<&orgtui::org::AccountState> {
        Some(&self.state)
    }
    fn trusted_access(&self, _: &str) -> Option<bool> {
        Some(self.trusted)
    }
}

#[test]
fn what_aws_would_refuse_is_refused_before_it_is_sent() {
    use orgtui::change::{AccountChange, AdminChange, EnablePolicyType};
    use orgtui::org::{AccountState, PolicyType};
    let allowed = Knows {
        feature_set: "ALL",
        state: AccountState::Active,
        trusted: true,
    };
    let refused = Knows {
        feature_set: "CONSOLIDATED_BILLING",
        state: AccountState::Suspended,
        trusted: false,
    };
    let changes: [Change; 3] = [
        EnablePolicyType {
            root: "r-ab12".into(),
            kind: PolicyType::ServiceControl,
        }
        .into(),
        AccountChange::CloseAccount {
            account: "222222222222".into(),
        }
        .into(),
        AdminChange::RegisterDelegatedAdministrator {
            account: "222222222222".into(),
            service: "guardduty.amazonaws.com".into(),
        }
        .into(),
    ];
    for c in &changes {
        assert_eq!(c.refusal(&allowed), None, "{c:?}");
        assert!(c.refusal(&refused).is_some(), "{c:?}");
    }
}

#[test]
fn the_policy_list_is_read_again_for_a_policy_type_enabled_meanwhile() {
    use orgtui::app::Reply;
    use orgtui::org::{PolicyType, PolicyTypeSummary};
    let mut m = loaded((120, 40));
    m.cache.policies = Some(Loadable::Loaded(Vec::new()));
    // RCPs enabled with `t` on the root: confirmed, sent, done.
    select(&mut m, fixtures::ROOT);
    app::update(&mut m, ch('t'));
    for c in "RESOURCE_CONTROL".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    let all = confirm(&mut m);
    let one_change = sent(&all);
    let [(req, change)] = one_change.as_slice() else {
        panic!("one change: {one_change:?}")
    };
    let cmds = app::update(&mut m, changed(*req, change.clone(), Ok(())));
    let req = one(&cmds, |f| *f == Fetch::Organization);
    // The organization re-read shows RCPs enabled.
    let mut root = root();
    root.policy_types.push(PolicyTypeSummary {
        kind: PolicyType::ResourceControl,
        status: "ENABLED".into(),
    });
    let cmds = app::update(
        &mut m,
        ok(
            req,
            Reply::Organization {
                org: org(),
                roots: vec![root],
            },
        ),
    );
    assert!(
        fetches(&cmds).iter().any(|(_, f)| matches!(
            f,
            Fetch::Policies { types } if types.contains(&PolicyType::ResourceControl)
        )),
        "{cmds:?}"
    );
}

#[tokio::test]
async fn a_re_read_that_fails_before_a_resend_sends_nothing_and_stays_unknown() {
    let demo = DemoBackend::from_asset().expect("demo");
    let mut mv = a_move(&demo).await;
    // Whether this one happened cannot be read (the account is unknown to the demo).
    mv.account = "999999999999".into();
    let dir = tempfile::tempdir().expect("dir");
    let log = log_in(&dir);
    let g = gate();
    let engine = Engine {
        gate: &g,
        backend: &demo,
        audit: Some(&log),
        read_only: false,
    };
    let changed = engine
        .apply(
            Change::MoveAccount(mv),
            Send { recheck: true },
            "me",
            "run-1",
        )
        .await;
    assert!(
        matches!(&changed.outcome, Err(e) if e.is_unknown_outcome()),
        "{changed:?}"
    );
    assert!(
        lines(&log).is_empty(),
        "nothing was sent, so nothing audited"
    );
}

/// An account removed from the organization leaves the accounts view at once: the change
/// names the account list stale and the view reads it again (it kept the account until r).
async fn a_removed_account_leaves_the_accounts_view(
    backend: Arc<dyn OrgBackend>,
    path: &[&str],
    name: &str,
) {
    use crate::support::harness::Harness;
    use crate::support::Look;
    const LIMIT: Duration = Duration::from_secs(20);
    let mut h = Harness::new(backend, orgtui::worker::Options::default());
    h.settle(LIMIT).await;
    h.ch('3');
    h.settle(LIMIT).await;
    let listed = |h: &Harness| -> Vec<(String, String)> {
        h.model
            .visible_accounts()
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect()
    };
    let (id, _) = listed(&h)
        .into_iter()
        .find(|(_, n)| n == name)
        .expect("listed in the accounts view");
    h.ch('1');
    for ou in path {
        h.select(ou);
        h.key(KeyCode::Right);
        h.settle(LIMIT).await;
    }
    h.select(name);
    h.ch('X');
    h.send(app::Msg::Drawn);
    h.typed(&id);
    h.key(KeyCode::Enter);
    h.until(LIMIT, "removed", |m| {
        m.info().is_some_and(|s| s.starts_with("Removed"))
    })
    .await;
    h.settle(LIMIT).await;
    assert!(listed(&h).iter().all(|(a, _)| *a != id), "{:?}", listed(&h));
}

#[tokio::test]
async fn a_removed_account_leaves_the_accounts_view_on_the_demo() {
    let demo: Arc<dyn OrgBackend> = Arc::new(DemoBackend::from_asset().expect("demo"));
    // An invited account: one the organization created needs phone verification first.
    a_removed_account_leaves_the_accounts_view(demo, &["Workloads"], "acquired-startup-legacy")
        .await;
}

#[tokio::test]
async fn a_removed_account_leaves_the_accounts_view_on_moto() {
    use crate::support::seed::{new_account, new_org};
    let caller = crate::support::unique_account_id();
    let b = orgtui::org::AwsBackend::for_emulator(
        &crate::support::Moto::shared().endpoint(),
        Some(&caller),
    );
    new_org(&b).await;
    new_account(&b, "leaver").await;
    a_removed_account_leaves_the_accounts_view(Arc::new(b), &[], "leaver").await;
}
