//! The real wiring of the transfers screen: the management account opens it (9), reads
//! its transfers and sends an invitation through the app and the real worker over
//! `AwsBackend`, against the API stub (moto lacks the transfer calls); the request the SDK
//! sent is checked, it is sent exactly once, and the lists are read again after it.

use crate::support::{self, Look};

use std::sync::Arc;
use std::time::Duration;

use orgtui::app::{transfer_rows, Change, Dialog, Mode, Msg, TrStep};
use orgtui::change::TransferChange;
use orgtui::org::AwsBackend;
use orgtui::sts::{CallerIdentity, StsReply};
use orgtui::worker::Options;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use support::api_stub::{shapes, ApiStub, Reply, TARGET_PREFIX};
use support::harness::Harness;

const LIMIT: Duration = Duration::from_secs(20);

fn stub() -> ApiStub {
    use shapes::*;
    let stub = ApiStub::start();
    stub.on(
        "DescribeOrganization",
        Reply::ok(json!({ "Organization": {
            "Id": ORG_ID,
            "Arn": format!("arn:aws:organizations::{MANAGER}:organization/{ORG_ID}"),
            "FeatureSet": "ALL",
            "MasterAccountId": MANAGER,
            "MasterAccountArn": format!("arn:aws:organizations::{MANAGER}:account/{ORG_ID}/{MANAGER}"),
            "MasterAccountEmail": "partner@example.com",
            "AvailablePolicyTypes": []
        } })),
    )
    .on(
        "ListRoots",
        Reply::ok(json!({ "Roots": [{
            "Id": "r-ab12",
            "Arn": format!("arn:aws:organizations::{MANAGER}:root/{ORG_ID}/r-ab12"),
            "Name": "Root",
            "PolicyTypes": []
        }] })),
    )
    .on(
        "ListOrganizationalUnitsForParent",
        Reply::ok(json!({ "OrganizationalUnits": [] })),
    )
    .on(
        "ListAccountsForParent",
        Reply::ok(json!({ "Accounts": [] })),
    );
    stub.with_later_calls();
    stub
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[tokio::test]
async fn an_invitation_from_the_screen_is_sent_once_through_the_worker() {
    let stub = stub();
    let backend = Arc::new(AwsBackend::for_emulator(&stub.endpoint(), None));
    let mut h = Harness::new(backend, Options::default());
    h.settle(LIMIT).await;
    let me = CallerIdentity {
        arn: format!("arn:aws:iam::{}:user/alice", shapes::MANAGER),
        account: shapes::MANAGER.into(),
        user_id: "AIDA".into(),
    };
    h.send(Msg::Sts(StsReply::Caller(Ok(me))));
    h.ch('9');
    h.until(LIMIT, "the transfers read", |m| {
        !transfer_rows(m).is_empty()
    })
    .await;
    let rows = transfer_rows(&h.model);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].transfer.name, "Payer billing");
    assert_eq!(rows[0].other_party(), shapes::SOURCE);
    assert_eq!(stub.requests("ListInboundResponsibilityTransfers").len(), 1);
    assert_eq!(
        stub.requests("ListOutboundResponsibilityTransfers").len(),
        1
    );
    // Enter: DescribeResponsibilityTransfer.
    h.key(KeyCode::Enter);
    h.settle(LIMIT).await;
    let described = stub.requests("DescribeResponsibilityTransfer");
    assert_eq!(described.len(), 1, "{described:?}");
    assert_eq!(described[0].body, json!({ "Id": shapes::TRANSFER_ID }));
    h.key(KeyCode::Esc);
    // The invitation form: the start is already the first of next month.
    h.send(ctrl('n'));
    let start = match h.model.overlay() {
        Mode::Dialog(Dialog::Transfers(s)) => s.start.to_string(),
        other => panic!("the transfers screen: {other:?}"),
    };
    assert!(start.ends_with("-01"), "{start}");
    h.typed("333333333333");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.typed("Third org billing");
    h.key(KeyCode::Enter);
    h.confirm(LIMIT).await;
    h.until(LIMIT, "the invitation answered", |m| {
        m.info().is_some_and(|s| s.contains("Invited 333333333333"))
    })
    .await;
    h.settle(LIMIT).await;
    assert_eq!(h.changed.len(), 1);
    let (_, changed) = &h.changed[0];
    let Change::Transfer(TransferChange::Invite {
        start: sent_start, ..
    }) = &changed.change
    else {
        panic!("an invitation: {:?}", changed.change);
    };
    assert_eq!(*sent_start, format!("{start}T00:00:00Z"));
    assert_eq!(changed.outcome, Ok(()));
    let sent = stub.requests("InviteOrganizationToTransferResponsibility");
    assert_eq!(sent.len(), 1, "exactly once: {sent:?}");
    assert_eq!(
        sent[0].target,
        format!("{TARGET_PREFIX}InviteOrganizationToTransferResponsibility")
    );
    let body = &sent[0].body;
    assert_eq!(body["Type"], "BILLING");
    assert_eq!(
        body["Target"],
        json!({ "Id": "333333333333", "Type": "ACCOUNT" })
    );
    assert_eq!(body["SourceName"], "Third org billing");
    let secs = body["StartTimestamp"].as_f64().expect("epoch seconds");
    let expect = orgtui::time::parse_rfc3339(sent_start)
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .expect("a time")
        .as_secs_f64();
    assert_eq!(secs, expect);
    // Back on the list, read again.
    let Mode::Dialog(Dialog::Transfers(s)) = h.model.overlay() else {
        panic!("the transfers screen again: {:?}", h.model.overlay());
    };
    assert_eq!(s.step, TrStep::List);
    assert_eq!(stub.requests("ListInboundResponsibilityTransfers").len(), 2);
}
