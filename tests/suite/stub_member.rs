//! The real wiring of the member side: a member account accepts an invitation through the
//! app and the real worker over `AwsBackend`, against the API stub (moto lacks the handshake
//! calls); the AcceptHandshake request the SDK sent is checked, and so is the list it read.

use crate::support::{self, Look};

use std::sync::Arc;
use std::time::Duration;

use orgtui::app::{listed, Change, Dialog, Mode, Msg, OrgChange, Status};
use orgtui::org::AwsBackend;
use orgtui::sts::{CallerIdentity, StsReply};
use orgtui::worker::Options;
use serde_json::{json, Value};
use support::api_stub::{ApiStub, Reply, TARGET_PREFIX};
use support::harness::Harness;

const ORG: &str = "o-exampleorgid";
const HANDSHAKE: &str = "h-examplehandshakeid111";
const MEMBER: &str = "222222222222";
const LIMIT: Duration = Duration::from_secs(20);

fn handshake(state: &str) -> Value {
    json!({
        "Id": HANDSHAKE,
        "Arn": format!("arn:aws:organizations::111111111111:handshake/{ORG}/invite/{HANDSHAKE}"),
        "Parties": [
            { "Id": ORG, "Type": "ORGANIZATION" },
            { "Id": MEMBER, "Type": "ACCOUNT" }
        ],
        "State": state,
        "RequestedTimestamp": 1_795_000_000,
        "ExpirationTimestamp": 1_796_296_000,
        "Action": "INVITE",
        "Resources": [
            { "Value": ORG, "Type": "ORGANIZATION", "Resources": [
                { "Value": "bill@example.com", "Type": "MASTER_EMAIL" }
            ] },
            { "Value": "Welcome aboard", "Type": "NOTES" }
        ]
    })
}

/// The stub answering a member account; AcceptHandshake answers `accept`.
fn stub(accept: Reply) -> ApiStub {
    let stub = ApiStub::start();
    stub.on(
        "DescribeOrganization",
        Reply::ok(json!({ "Organization": {
            "Id": ORG,
            "Arn": format!("arn:aws:organizations::111111111111:organization/{ORG}"),
            "FeatureSet": "ALL",
            "MasterAccountId": "111111111111",
            "MasterAccountArn": format!("arn:aws:organizations::111111111111:account/{ORG}/111111111111"),
            "MasterAccountEmail": "bill@example.com",
            "AvailablePolicyTypes": []
        } })),
    );
    // As AWS answers a member account: it may describe its organization, not list it.
    stub.on(
        "ListRoots",
        Reply::error(
            "AccessDeniedException",
            "You don't have permissions to access this resource.",
        ),
    );
    stub.on(
        "ListOrganizationalUnitsForParent",
        Reply::ok(json!({ "OrganizationalUnits": [] })),
    );
    stub.on(
        "ListAccountsForParent",
        Reply::ok(json!({ "Accounts": [] })),
    );
    stub.on(
        "ListHandshakesForAccount",
        Reply::ok(json!({ "Handshakes": [handshake("OPEN")] })),
    );
    stub.on("AcceptHandshake", accept);
    stub
}

/// The harness on the stub, the caller a member account, its handshakes screen open.
async fn member_screen(stub: &ApiStub) -> Harness {
    let backend = Arc::new(AwsBackend::for_emulator(&stub.endpoint(), None));
    let mut h = Harness::new(backend, Options::default());
    h.settle(LIMIT).await;
    // STS says who is calling (the harness has no STS of its own): a member account.
    let me = CallerIdentity {
        arn: format!("arn:aws:iam::{MEMBER}:user/bob"),
        account: MEMBER.into(),
        user_id: "AIDA".into(),
    };
    h.send(Msg::Sts(StsReply::Caller(Ok(me))));
    h
}

#[tokio::test]
async fn a_member_accepts_an_invitation_through_the_worker() {
    let stub = stub(Reply::ok(json!({ "Handshake": handshake("ACCEPTED") })));
    let mut h = member_screen(&stub).await;
    let said = match h.model.status_shown() {
        Some(Status::Info(s)) => s.clone(),
        other => panic!("the member is told so: {other:?}"),
    };
    assert!(
        said.contains(&format!("({MEMBER}) is a member of {ORG}")),
        "{said}"
    );
    h.ch('8');
    h.settle(LIMIT).await;
    let Mode::Dialog(Dialog::Handshakes(s)) = h.model.overlay() else {
        panic!("the handshakes screen: {:?}", h.model.overlay());
    };
    assert!(s.member);
    assert_eq!(listed(&h.model, s).len(), 1);
    let list = stub.requests("ListHandshakesForAccount");
    assert_eq!(list.len(), 1, "{list:?}");
    assert!(stub.requests("ListHandshakesForOrganization").is_empty());
    h.ch('a');
    h.confirm(LIMIT).await;
    h.until(LIMIT, "the accept answered", |m| {
        m.info().is_some_and(|s| s.contains("Accepted handshake"))
    })
    .await;
    assert_eq!(h.changed.len(), 1);
    let (_, changed) = &h.changed[0];
    assert_eq!(
        changed.change,
        Change::Org(OrgChange::AcceptHandshake {
            handshake: HANDSHAKE.into()
        })
    );
    assert_eq!(changed.outcome, Ok(()));
    let sent = stub.requests("AcceptHandshake");
    assert_eq!(sent.len(), 1, "exactly once: {sent:?}");
    assert_eq!(sent[0].target, format!("{TARGET_PREFIX}AcceptHandshake"));
    assert_eq!(sent[0].body, json!({ "HandshakeId": HANDSHAKE }));
}

/// An answer that leaves it unknown whether AcceptHandshake happened: the handshake is
/// read again, and its state says — never a second AcceptHandshake.
#[tokio::test]
async fn an_ambiguous_accept_is_settled_by_reading_the_handshake() {
    for (state, done) in [("ACCEPTED", true), ("OPEN", false)] {
        let stub = stub(Reply::error(
            "ServiceException",
            "the service had a problem",
        ));
        stub.on(
            "DescribeHandshake",
            Reply::ok(json!({ "Handshake": handshake(state) })),
        );
        let mut h = member_screen(&stub).await;
        h.ch('8');
        h.settle(LIMIT).await;
        h.ch('a');
        h.confirm(LIMIT).await;
        h.until(LIMIT, "the accept answered", |m| {
            m.progress().is_none() && m.nothing_pending()
        })
        .await;
        assert_eq!(h.changed.len(), 1);
        let (_, changed) = &h.changed[0];
        assert!(changed.reconciled, "{changed:?}");
        assert_eq!(changed.outcome.is_ok(), done, "{state}: {changed:?}");
        assert_eq!(stub.requests("AcceptHandshake").len(), 1, "{state}");
        let read = stub.requests("DescribeHandshake");
        assert_eq!(read.len(), 1, "{state}");
        assert_eq!(read[0].body, json!({ "HandshakeId": HANDSHAKE }));
    }
}
