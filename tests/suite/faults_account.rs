//! CreateAccount exactly once through faults: the reply lost after moto created the
//! account is reconciled by re-reading (ListCreateAccountStatus, ListAccounts) and never
//! sent again, then the creation is followed to its OU; a request dropped before it
//! reached moto is reported as not done. The app and the worker run whole (the harness).

use crate::support::{self, Look};

use std::sync::Arc;
use std::time::Duration;

use orgtui::app::{AccountChange, Change, Dialog, Mode};
use orgtui::net::Timeouts;
use orgtui::org::{collect_all, AwsBackend, OrgBackend};
use orgtui::store::audit::AuditLog;
use orgtui::worker::Options;
use ratatui::crossterm::event::KeyCode;
use support::fault_proxy::{Fault, FaultProxy, Rule};
use support::harness::Harness;
use support::seed::{new_org, new_ou};
use support::Moto;

const LIMIT: Duration = Duration::from_secs(60);

/// Creates `email` with the form on the OU Dest while `fault` hits the first CreateAccount;
/// answers the harness, the direct client, the proxy and Dest's id.
async fn create_through(
    email: &str,
    fault: Fault,
) -> (Harness, AwsBackend, Arc<FaultProxy>, String) {
    let moto = Moto::shared();
    let caller = support::unique_account_id();
    let proxy = Arc::new(FaultProxy::start(&moto.endpoint(), 7));
    let direct = AwsBackend::for_emulator(&moto.endpoint(), Some(&caller));
    let faulty = Arc::new(AwsBackend::for_emulator(&proxy.endpoint(), Some(&caller)));
    let (_, root) = new_org(&direct).await;
    let dest = new_ou(&direct, &root.id, "Dest").await.id;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let options = Options {
        read_only: false,
        audit: Some(Arc::new(AuditLog::new(dir.path().join("audit.jsonl")))),
        timeouts: Timeouts::default(),
        concurrency: None,
        sts: None,
        plans: None,
    };
    let mut h = Harness::new(faulty, options);
    h.settle(LIMIT).await;
    h.select("Dest");
    h.ch('A');
    h.typed(email);
    h.key(KeyCode::Tab);
    h.typed("Faulty");
    h.key(KeyCode::Enter);
    let p = proxy.clone();
    h.before_first_change(move || p.add_rule(Rule::next("CreateAccount", 1, fault)));
    h.confirm(LIMIT).await;
    // Done when back to browsing, or back at the form with the failure.
    h.until(LIMIT, "the creation is answered", |m| {
        !matches!(m.dialog(), Some(Dialog::Confirm(_) | Dialog::Progress(_)))
    })
    .await;
    // The polling and the move after it, if the account exists.
    h.settle(LIMIT).await;
    h.settle(LIMIT).await;
    (h, direct, proxy, dest)
}

async fn with_email(b: &AwsBackend, email: &str) -> Vec<String> {
    collect_all(|t| b.list_accounts(t))
        .await
        .expect("list_accounts")
        .into_iter()
        .filter(|a| a.email == email)
        .map(|a| a.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_account_whose_reply_is_lost_is_created_once_then_moved() {
    let email = "lost-reply@example.com";
    let (h, direct, proxy, dest) = create_through(email, Fault::CloseAfterForward).await;
    let ids = with_email(&direct, email).await;
    assert_eq!(ids.len(), 1, "created exactly once: {ids:?}");
    assert_eq!(proxy.counters().forwarded("CreateAccount"), 1);
    let (_, changed) = h
        .changed
        .iter()
        .find(|(_, c)| {
            matches!(
                c.change,
                Change::Account(AccountChange::CreateAccount(
                    orgtui::change::NewAccountRequest { .. }
                ))
            )
        })
        .expect("the creation's outcome");
    assert!(changed.reconciled, "{changed:?}");
    assert!(changed.outcome.is_ok(), "{changed:?}");
    assert!(
        changed.created.is_some(),
        "the request id was found: {changed:?}"
    );
    let parents = collect_all(|t| direct.list_parents(&ids[0], t))
        .await
        .expect("list_parents");
    assert_eq!(
        parents.into_iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![dest]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_account_dropped_before_moto_is_not_done_and_not_resent_blindly() {
    let email = "never-sent@example.com";
    let (h, direct, proxy, _) = create_through(email, Fault::CloseBeforeForward).await;
    let ids = with_email(&direct, email).await;
    let (_, changed) = h
        .changed
        .iter()
        .find(|(_, c)| {
            matches!(
                c.change,
                Change::Account(AccountChange::CreateAccount(
                    orgtui::change::NewAccountRequest { .. }
                ))
            )
        })
        .expect("the creation's outcome");
    // Either a retry went through once (the first provably did nothing), or the re-read
    // says it is not done: never two accounts.
    assert!(ids.len() <= 1, "{ids:?}");
    assert_eq!(changed.outcome.is_ok(), ids.len() == 1, "{changed:?}");
    assert!(proxy.counters().forwarded("CreateAccount") as usize == ids.len());
    if ids.is_empty() {
        // Back at the form, with what was typed and why.
        match h.model.overlay() {
            Mode::Dialog(Dialog::AccountForm(f)) => {
                assert_eq!(f.email.as_str(), email);
                assert!(f
                    .failure
                    .as_ref()
                    .is_some_and(|e| e.message.contains("not done")));
            }
            other => panic!("expected the form again, got {other:?}"),
        }
    }
}
