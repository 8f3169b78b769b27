//! `AwsBackend` for the issue-9 calls moto lacks (the handshakes, EnableAllFeatures,
//! LeaveOrganization, the resource policy), against the API stub: each reply is shaped as
//! the API reference's response syntax, so the real SDK parses it, and each request body the
//! SDK sent is checked. Also the request bodies of CreateAccount and ListCreateAccountStatus,
//! whose optional fields moto accepts without looking.

use crate::support;

use orgtui::org::*;
use serde_json::{json, Value};
use support::api_stub::{ApiStub, Reply, TARGET_PREFIX};

const HANDSHAKE_ID: &str = "h-examplehandshakeid111";
const ORG_ID: &str = "o-exampleorgid";

/// A handshake as the reference's Response Syntax shows it (timestamps in epoch seconds,
/// as the JSON protocol sends them).
fn handshake(state: &str, action: &str) -> Value {
    json!({
        "Id": HANDSHAKE_ID,
        "Arn": format!("arn:aws:organizations::111111111111:handshake/{ORG_ID}/invite/{HANDSHAKE_ID}"),
        "Parties": [
            { "Id": ORG_ID, "Type": "ORGANIZATION" },
            { "Id": "222222222222", "Type": "ACCOUNT" }
        ],
        "State": state,
        "RequestedTimestamp": 1_795_000_000,
        "ExpirationTimestamp": 1_796_296_000,
        "Action": action,
        "Resources": [
            {
                "Value": ORG_ID,
                "Type": "ORGANIZATION",
                "Resources": [
                    { "Value": "bill@example.com", "Type": "MASTER_EMAIL" },
                    { "Value": "Management", "Type": "MASTER_NAME" },
                    { "Value": "ALL", "Type": "ORGANIZATION_FEATURE_SET" }
                ]
            },
            { "Value": "222222222222", "Type": "ACCOUNT" },
            { "Value": "Welcome aboard", "Type": "NOTES" }
        ]
    })
}

fn start() -> (ApiStub, AwsBackend) {
    let stub = ApiStub::start();
    let b = AwsBackend::for_emulator(&stub.endpoint(), None);
    (stub, b)
}

/// The one request for `operation`: its target header is the operation's and its body is
/// `body`.
fn sent(stub: &ApiStub, operation: &str, body: Value) {
    let got = stub.requests(operation);
    assert_eq!(got.len(), 1, "{operation}: {got:?}");
    assert_eq!(got[0].target, format!("{TARGET_PREFIX}{operation}"));
    assert_eq!(got[0].body, body, "{operation}");
}

fn check_handshake(h: &Handshake, state: &str, action: &str) {
    assert_eq!(h.id, HANDSHAKE_ID);
    assert!(h.arn.ends_with(HANDSHAKE_ID), "{h:?}");
    assert_eq!((h.state.as_str(), h.action.as_str()), (state, action));
    assert_eq!(
        h.parties,
        vec![
            HandshakeParty {
                id: ORG_ID.into(),
                kind: "ORGANIZATION".into()
            },
            HandshakeParty::account("222222222222"),
        ]
    );
    assert_eq!(h.requested_at, "2026-11-18T11:06:40.000Z");
    assert_eq!(h.expires_at, "2026-12-03T11:06:40.000Z");
    assert_eq!(h.resource("NOTES"), Some("Welcome aboard"));
    let org = &h.resources[0];
    assert_eq!(
        (org.kind.as_str(), org.value.as_str()),
        ("ORGANIZATION", ORG_ID)
    );
    assert_eq!(
        org.resources[0],
        HandshakeResource::new("MASTER_EMAIL", "bill@example.com")
    );
    assert_eq!(org.resources.len(), 3);
}

#[tokio::test]
async fn invite_by_account_and_by_email() {
    let (stub, b) = start();
    stub.on(
        "InviteAccountToOrganization",
        Reply::ok(json!({ "Handshake": handshake("OPEN", "INVITE") })),
    );
    let h = b
        .invite_account_to_organization(
            &HandshakeParty::account("222222222222"),
            Some("Welcome aboard"),
        )
        .await
        .expect("the invitation");
    check_handshake(&h, "OPEN", "INVITE");
    sent(
        &stub,
        "InviteAccountToOrganization",
        json!({ "Target": { "Id": "222222222222", "Type": "ACCOUNT" }, "Notes": "Welcome aboard" }),
    );

    let (stub, b) = start();
    stub.on(
        "InviteAccountToOrganization",
        Reply::error(
            "DuplicateHandshakeException",
            "A handshake with the same action and target already exists.",
        ),
    );
    let e = b
        .invite_account_to_organization(&HandshakeParty::email("guest@example.com"), None)
        .await
        .expect_err("a duplicate");
    assert_eq!(e.code, "DuplicateHandshakeException");
    assert_eq!(e.kind, ErrorKind::Constraint);
    sent(
        &stub,
        "InviteAccountToOrganization",
        json!({ "Target": { "Id": "guest@example.com", "Type": "EMAIL" } }),
    );
}

#[tokio::test]
async fn handshake_lists_page_with_their_filters() {
    let (stub, b) = start();
    stub.on(
        "ListHandshakesForOrganization",
        Reply::ok(json!({ "Handshakes": [handshake("OPEN", "INVITE")], "NextToken": "page-2" })),
    );
    stub.on(
        "ListHandshakesForOrganization",
        Reply::ok(json!({ "Handshakes": [handshake("ACCEPTED", "INVITE")] })),
    );
    let filter = HandshakeFilter::action("INVITE");
    let all = collect_all(|t| b.list_handshakes_for_organization(&filter, t))
        .await
        .expect("two pages");
    assert_eq!(all.len(), 2);
    check_handshake(&all[0], "OPEN", "INVITE");
    assert_eq!(all[1].state, "ACCEPTED");
    let got = stub.requests("ListHandshakesForOrganization");
    assert_eq!(
        got[0].body,
        json!({ "Filter": { "ActionType": "INVITE" }, "MaxResults": 20 })
    );
    assert_eq!(
        got[1].body,
        json!({ "Filter": { "ActionType": "INVITE" }, "NextToken": "page-2", "MaxResults": 20 })
    );

    stub.on(
        "ListHandshakesForAccount",
        Reply::ok(json!({ "Handshakes": [handshake("OPEN", "APPROVE_ALL_FEATURES")] })),
    );
    // Queued before the first call: each reply is used once, in order.
    stub.on(
        "ListHandshakesForAccount",
        Reply::ok(json!({ "Handshakes": [] })),
    );
    let mine = b
        .list_handshakes_for_account(&HandshakeFilter::parent(HANDSHAKE_ID), None)
        .await
        .expect("the account's handshakes");
    assert_eq!(mine.items[0].action, "APPROVE_ALL_FEATURES");
    assert_eq!(mine.next_token, None);
    sent(
        &stub,
        "ListHandshakesForAccount",
        json!({ "Filter": { "ParentHandshakeId": HANDSHAKE_ID }, "MaxResults": 20 }),
    );
    let none = b
        .list_handshakes_for_account(&HandshakeFilter::default(), None)
        .await
        .expect("no handshakes");
    assert!(none.items.is_empty());
    assert_eq!(
        stub.requests("ListHandshakesForAccount")[1].body,
        json!({ "MaxResults": 20 })
    );
}

#[tokio::test]
async fn describe_accept_decline_and_cancel() {
    let (stub, b) = start();
    stub.on(
        "DescribeHandshake",
        Reply::ok(json!({ "Handshake": handshake("OPEN", "INVITE") })),
    );
    stub.on(
        "AcceptHandshake",
        Reply::ok(json!({ "Handshake": handshake("ACCEPTED", "INVITE") })),
    );
    stub.on(
        "DeclineHandshake",
        Reply::ok(json!({ "Handshake": handshake("DECLINED", "INVITE") })),
    );
    stub.on(
        "CancelHandshake",
        Reply::ok(json!({ "Handshake": handshake("CANCELED", "INVITE") })),
    );
    let d = b.describe_handshake(HANDSHAKE_ID).await.expect("described");
    check_handshake(&d, "OPEN", "INVITE");
    let a = b.accept_handshake(HANDSHAKE_ID).await.expect("accepted");
    check_handshake(&a, "ACCEPTED", "INVITE");
    let n = b.decline_handshake(HANDSHAKE_ID).await.expect("declined");
    check_handshake(&n, "DECLINED", "INVITE");
    let c = b.cancel_handshake(HANDSHAKE_ID).await.expect("canceled");
    check_handshake(&c, "CANCELED", "INVITE");
    for op in [
        "DescribeHandshake",
        "AcceptHandshake",
        "DeclineHandshake",
        "CancelHandshake",
    ] {
        sent(&stub, op, json!({ "HandshakeId": HANDSHAKE_ID }));
    }

    let (stub, b) = start();
    stub.on(
        "AcceptHandshake",
        Reply::error(
            "HandshakeAlreadyInStateException",
            "The specified handshake is already in the requested state.",
        ),
    );
    stub.on(
        "DescribeHandshake",
        Reply::error("HandshakeNotFoundException", "no such handshake"),
    );
    let e = b.accept_handshake(HANDSHAKE_ID).await.expect_err("already");
    assert_eq!(e.code, "HandshakeAlreadyInStateException");
    assert_eq!(e.kind, ErrorKind::Constraint);
    let e = b
        .describe_handshake(HANDSHAKE_ID)
        .await
        .expect_err("missing");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn enable_all_features_and_leave() {
    let (stub, b) = start();
    stub.on(
        "EnableAllFeatures",
        Reply::ok(json!({ "Handshake": handshake("REQUESTED", "ENABLE_ALL_FEATURES") })),
    );
    stub.on("LeaveOrganization", Reply::ok(json!({})));
    let h = b.enable_all_features().await.expect("the handshake");
    check_handshake(&h, "REQUESTED", "ENABLE_ALL_FEATURES");
    b.leave_organization().await.expect("left");
    sent(&stub, "EnableAllFeatures", json!({}));
    sent(&stub, "LeaveOrganization", json!({}));

    let (stub, b) = start();
    stub.on(
        "LeaveOrganization",
        Reply::error(
            "MasterCannotLeaveOrganizationException",
            "You can't remove a management account from an organization.",
        ),
    );
    let e = b
        .leave_organization()
        .await
        .expect_err("the management account");
    assert_eq!(e.code, "MasterCannotLeaveOrganizationException");
    assert_eq!(e.kind, ErrorKind::Constraint);
}

#[tokio::test]
async fn resource_policy_put_describe_delete() {
    let (stub, b) = start();
    let doc = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let policy = json!({ "ResourcePolicy": {
        "ResourcePolicySummary": {
            "Id": "rp-12345678",
            "Arn": format!("arn:aws:organizations::111111111111:resourcepolicy/{ORG_ID}/rp-12345678")
        },
        "Content": doc
    }});
    stub.on("PutResourcePolicy", Reply::ok(policy.clone()));
    stub.on("DescribeResourcePolicy", Reply::ok(policy));
    stub.on("DeleteResourcePolicy", Reply::ok(json!({})));
    let tags = [Tag {
        key: "owner".into(),
        value: "security".into(),
    }];
    let put = b.put_resource_policy(doc, &tags).await.expect("put");
    assert_eq!(put.id, "rp-12345678");
    assert!(put.arn.ends_with("/rp-12345678"), "{put:?}");
    assert_eq!(put.content, doc);
    assert_eq!(b.describe_resource_policy().await.expect("described"), put);
    b.delete_resource_policy().await.expect("deleted");
    sent(
        &stub,
        "PutResourcePolicy",
        json!({ "Content": doc, "Tags": [{ "Key": "owner", "Value": "security" }] }),
    );
    sent(&stub, "DescribeResourcePolicy", json!({}));
    sent(&stub, "DeleteResourcePolicy", json!({}));

    let (stub, b) = start();
    stub.on(
        "DescribeResourcePolicy",
        Reply::error(
            "ResourcePolicyNotFoundException",
            "We can't find a resource policy request with the parameter that you specified.",
        ),
    );
    let e = b.describe_resource_policy().await.expect_err("none");
    assert_eq!(e.code, "ResourcePolicyNotFoundException");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn create_account_sends_every_field() {
    let (stub, b) = start();
    let status = json!({ "CreateAccountStatus": {
        "Id": "car-exampleid111",
        "AccountName": "Built",
        "State": "IN_PROGRESS",
        "RequestedTimestamp": 1_795_000_000
    }});
    stub.on("CreateAccount", Reply::ok(status));
    stub.on(
        "ListCreateAccountStatus",
        Reply::ok(json!({ "CreateAccountStatuses": [{
            "Id": "car-exampleid111",
            "AccountName": "Built",
            "State": "FAILED",
            "RequestedTimestamp": 1_795_000_000,
            "CompletedTimestamp": 1_795_000_060,
            "FailureReason": "EMAIL_ALREADY_EXISTS"
        }]})),
    );
    let mut request = NewAccount::new("built@example.com", "Built");
    request.role_name = Some("OrgAdmin".into());
    request.iam_user_access_to_billing = Some(true);
    request.tags = vec![Tag {
        key: "team".into(),
        value: "platform".into(),
    }];
    let st = b.create_account(&request).await.expect("requested");
    assert_eq!(st.state, "IN_PROGRESS");
    assert_eq!(st.account_id, None);
    let failed = b
        .list_create_account_status(&["FAILED", "IN_PROGRESS"], None)
        .await
        .expect("listed");
    assert_eq!(
        failed.items[0].failure_reason.as_deref(),
        Some("EMAIL_ALREADY_EXISTS")
    );
    sent(
        &stub,
        "CreateAccount",
        json!({
            "Email": "built@example.com",
            "AccountName": "Built",
            "RoleName": "OrgAdmin",
            "IamUserAccessToBilling": "ALLOW",
            "Tags": [{ "Key": "team", "Value": "platform" }]
        }),
    );
    sent(
        &stub,
        "ListCreateAccountStatus",
        json!({ "States": ["FAILED", "IN_PROGRESS"], "MaxResults": 20 }),
    );
}
