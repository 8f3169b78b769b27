//! The last seven operations of the API, at the backend level: CreateGovCloudAccount and the
//! six responsibility-transfer calls of 2025-11, which moto lacks.
//!
//! - `AwsBackend` against the API stub: each reply is shaped as the API reference's
//!   Response Syntax, so the real SDK parses it, and the request each call sent (operation
//!   and body) is checked.
//! - `DemoBackend`: every rule that refuses, with AWS's error code; paging; and the whole
//!   life of a transfer: invited (a handshake), accepted through that handshake, listed
//!   inbound by the inviter and outbound by the invited organization, renamed, terminated.

use crate::support;

use orgtui::demo::DemoBackend;
use orgtui::org::*;
use serde_json::{json, Value};
use support::api_stub::{shapes, ApiStub, Reply, TARGET_PREFIX};

// --- AwsBackend against the API stub ------------------------------------------------------

fn start(stub: ApiStub) -> (ApiStub, AwsBackend) {
    let b = AwsBackend::for_emulator(&stub.endpoint(), None);
    (stub, b)
}

fn with_later_calls() -> (ApiStub, AwsBackend) {
    let stub = ApiStub::start();
    stub.with_later_calls();
    start(stub)
}

/// The `n`th request for `operation`: its target header is the operation's; its body.
fn body(stub: &ApiStub, operation: &str, n: usize) -> Value {
    let got = stub.requests(operation);
    let r = got
        .get(n)
        .unwrap_or_else(|| panic!("{operation}: no request {n} in {got:?}"));
    assert_eq!(r.target, format!("{TARGET_PREFIX}{operation}"));
    r.body.clone()
}

/// `body` without `field`, and `field` as a number (the JSON protocol sends timestamps as
/// epoch seconds, whole or not).
fn split_time(mut body: Value, field: &str) -> (Value, Option<f64>) {
    let t = body
        .as_object_mut()
        .and_then(|o| o.remove(field))
        .and_then(|v| v.as_f64());
    (body, t)
}

#[tokio::test]
async fn create_gov_cloud_account_sends_the_account_and_reads_both_ids() {
    let (stub, b) = with_later_calls();
    let mut a = NewAccount::new("gov@example.com", "Gov Workloads");
    a.role_name = Some("GovAdmin".into());
    a.iam_user_access_to_billing = Some(false);
    a.tags = vec![Tag {
        key: "team".into(),
        value: "gov".into(),
    }];
    let st = b.create_gov_cloud_account(&a).await.expect("created");
    assert_eq!(st.id, "car-examplegovcloud1");
    assert_eq!(st.state, "IN_PROGRESS");
    assert_eq!((st.account_id, st.gov_cloud_account_id), (None, None));
    assert_eq!(
        body(&stub, "CreateGovCloudAccount", 0),
        json!({
            "Email": "gov@example.com",
            "AccountName": "Gov Workloads",
            "RoleName": "GovAdmin",
            "IamUserAccessToBilling": "DENY",
            "Tags": [{ "Key": "team", "Value": "gov" }]
        })
    );
    // It is followed like CreateAccount; the status names both accounts once done.
    let done = b
        .describe_create_account_status(&st.id)
        .await
        .expect("read");
    assert_eq!(done.state, "SUCCEEDED");
    assert_eq!(done.account_id.as_deref(), Some("333333333333"));
    assert_eq!(done.gov_cloud_account_id.as_deref(), Some("444444444444"));
    assert_eq!(
        body(&stub, "DescribeCreateAccountStatus", 0),
        json!({ "CreateAccountRequestId": "car-examplegovcloud1" })
    );
    // The minimal request leaves every optional field out.
    b.create_gov_cloud_account(&NewAccount::new("g2@example.com", "G2"))
        .await
        .expect("created");
    assert_eq!(
        body(&stub, "CreateGovCloudAccount", 1),
        json!({ "Email": "g2@example.com", "AccountName": "G2" })
    );
}

#[tokio::test]
async fn an_invitation_sends_type_target_start_and_name_and_answers_its_handshake() {
    let (stub, b) = with_later_calls();
    let mut inv = TransferInvitation::billing(
        HandshakeParty::account(shapes::SOURCE),
        "2027-01-01T00:00:00Z",
        "Payer billing",
    );
    inv.notes = Some("Billing by Partner".into());
    inv.tags = vec![Tag {
        key: "contract".into(),
        value: "c-42".into(),
    }];
    let h = b
        .invite_organization_to_transfer_responsibility(&inv)
        .await
        .expect("invited");
    assert_eq!(h.id, shapes::HANDSHAKE_ID);
    assert_eq!(
        (h.state.as_str(), h.action.as_str()),
        ("OPEN", "TRANSFER_RESPONSIBILITY")
    );
    assert_eq!(
        h.resource("RESPONSIBILITY_TRANSFER"),
        Some(shapes::TRANSFER_ID)
    );
    assert_eq!(h.resource("NOTES"), Some("Billing by Partner"));
    assert_eq!(h.parties[1], HandshakeParty::account(shapes::SOURCE));
    let (rest, start) = split_time(
        body(&stub, "InviteOrganizationToTransferResponsibility", 0),
        "StartTimestamp",
    );
    assert_eq!(start, Some(shapes::START as f64));
    assert_eq!(
        rest,
        json!({
            "Type": "BILLING",
            "Target": { "Id": shapes::SOURCE, "Type": "ACCOUNT" },
            "Notes": "Billing by Partner",
            "SourceName": "Payer billing",
            "Tags": [{ "Key": "contract", "Value": "c-42" }]
        })
    );
    // A start that is not a time is refused before anything is sent.
    let bad = TransferInvitation::billing(HandshakeParty::email("p@example.com"), "soon", "x");
    let e = b
        .invite_organization_to_transfer_responsibility(&bad)
        .await
        .expect_err("not a time");
    assert_eq!(e.code, "InvalidInputException");
    assert_eq!(
        stub.requests("InviteOrganizationToTransferResponsibility")
            .len(),
        1
    );
}

#[tokio::test]
async fn describe_list_update_and_terminate_send_the_id_and_read_the_transfer() {
    let (stub, b) = with_later_calls();
    let t = b
        .describe_responsibility_transfer(shapes::TRANSFER_ID)
        .await
        .expect("described");
    assert_eq!(
        body(&stub, "DescribeResponsibilityTransfer", 0),
        json!({ "Id": shapes::TRANSFER_ID })
    );
    assert_eq!(
        t,
        ResponsibilityTransfer {
            id: shapes::TRANSFER_ID.into(),
            arn: format!(
                "arn:aws:organizations::{}:transfer/{}/billing/inbound/{}",
                shapes::MANAGER,
                shapes::ORG_ID,
                shapes::TRANSFER_ID
            ),
            name: "Payer billing".into(),
            kind: "BILLING".into(),
            status: "ACCEPTED".into(),
            source: TransferParticipant {
                management_account_id: shapes::SOURCE.into(),
                management_account_email: "payer@example.com".into(),
            },
            target: TransferParticipant {
                management_account_id: shapes::MANAGER.into(),
                management_account_email: "partner@example.com".into(),
            },
            start: "2027-01-01T00:00:00.000Z".into(),
            end: String::new(),
            active_handshake_id: Some(shapes::HANDSHAKE_ID.into()),
        }
    );
    assert!(t.is_open());

    let inbound = b
        .list_inbound_responsibility_transfers(BILLING, Some(shapes::TRANSFER_ID), None)
        .await
        .expect("listed");
    assert_eq!(inbound.items, vec![t.clone()]);
    assert_eq!(inbound.next_token, None);
    assert_eq!(
        body(&stub, "ListInboundResponsibilityTransfers", 0),
        json!({ "Type": "BILLING", "Id": shapes::TRANSFER_ID, "MaxResults": 20 })
    );
    let outbound = b
        .list_outbound_responsibility_transfers(BILLING, Some("page-2".into()))
        .await
        .expect("listed");
    assert!(outbound.items.is_empty());
    assert_eq!(
        body(&stub, "ListOutboundResponsibilityTransfers", 0),
        json!({ "Type": "BILLING", "NextToken": "page-2", "MaxResults": 20 })
    );

    let renamed = b
        .update_responsibility_transfer(shapes::TRANSFER_ID, "Renamed")
        .await
        .expect("renamed");
    assert_eq!(renamed.name, "Renamed");
    assert_eq!(
        body(&stub, "UpdateResponsibilityTransfer", 0),
        json!({ "Id": shapes::TRANSFER_ID, "Name": "Renamed" })
    );

    let ended = b
        .terminate_responsibility_transfer(shapes::TRANSFER_ID, Some("2027-03-31T23:59:59.999Z"))
        .await
        .expect("terminated");
    assert_eq!(ended.status, "WITHDRAWN");
    assert_eq!(ended.end, "2027-03-31T23:59:59.999Z");
    assert!(!ended.is_open());
    let (rest, end) = split_time(
        body(&stub, "TerminateResponsibilityTransfer", 0),
        "EndTimestamp",
    );
    assert_eq!(rest, json!({ "Id": shapes::TRANSFER_ID }));
    assert_eq!(end, Some(shapes::END));
    // Without an end, AWS picks it: the request has the id alone.
    b.terminate_responsibility_transfer(shapes::TRANSFER_ID, None)
        .await
        .expect("terminated");
    assert_eq!(
        body(&stub, "TerminateResponsibilityTransfer", 1),
        json!({ "Id": shapes::TRANSFER_ID })
    );
}

#[tokio::test]
async fn aws_lists_are_followed_past_empty_pages_and_errors_keep_awss_code() {
    let stub = ApiStub::start();
    let t = shapes::responsibility_transfer("REQUESTED", "a", false);
    stub.on(
        "ListInboundResponsibilityTransfers",
        Reply::ok(json!({ "ResponsibilityTransfers": [t.clone()], "NextToken": "p2" })),
    )
    .on(
        "ListInboundResponsibilityTransfers",
        Reply::ok(json!({ "ResponsibilityTransfers": [], "NextToken": "p3" })),
    )
    .on(
        "ListInboundResponsibilityTransfers",
        Reply::ok(json!({ "ResponsibilityTransfers": [t] })),
    )
    .on(
        "DescribeResponsibilityTransfer",
        Reply::error(
            "ResponsibilityTransferNotFoundException",
            "We can't find a transfer that you specified.",
        ),
    )
    .on(
        "TerminateResponsibilityTransfer",
        Reply::error(
            "InvalidResponsibilityTransferTransitionException",
            "The responsibility transfer can't transition to the requested state.",
        ),
    )
    .on(
        "UpdateResponsibilityTransfer",
        Reply::error(
            "ConstraintViolationException",
            "TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED: You cannot update this transfer because it is no longer active.",
        ),
    )
    .on(
        "CreateGovCloudAccount",
        Reply::error(
            "ConstraintViolationException",
            "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED: To complete this operation, the management account must have an associated account in the Amazon Web Services GovCloud (US-West) Region.",
        ),
    );
    let (stub, b) = start(stub);
    let all = collect_all(|t| b.list_inbound_responsibility_transfers(BILLING, None, t))
        .await
        .expect("listed");
    assert_eq!(all.len(), 2);
    let tokens: Vec<Value> = stub
        .requests("ListInboundResponsibilityTransfers")
        .iter()
        .map(|r| r.body["NextToken"].clone())
        .collect();
    assert_eq!(tokens, vec![Value::Null, json!("p2"), json!("p3")]);

    let e = b
        .describe_responsibility_transfer("rt-missing123")
        .await
        .expect_err("missing");
    assert_eq!(
        (e.code.as_str(), e.kind),
        (
            "ResponsibilityTransferNotFoundException",
            ErrorKind::NotFound
        )
    );
    let e = b
        .terminate_responsibility_transfer("rt-missing123", None)
        .await
        .expect_err("refused");
    assert_eq!(
        (e.code.as_str(), e.kind),
        (
            "InvalidResponsibilityTransferTransitionException",
            ErrorKind::Constraint
        )
    );
    let e = b
        .update_responsibility_transfer("rt-missing123", "n")
        .await
        .expect_err("refused");
    assert!(
        e.message
            .starts_with("TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED"),
        "{e}"
    );
    let e = b
        .create_gov_cloud_account(&NewAccount::new("gov@example.com", "Gov"))
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Constraint);
    assert!(
        e.message.starts_with("MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED"),
        "{e}"
    );
}

// --- DemoBackend: AWS's rules -------------------------------------------------------------

const MASTER: &str = "111111111111";
const PAYER: &str = "222222222222";
const PAYER_EMAIL: &str = "payer@example.com";
const STRANGER: &str = "999999999999";

async fn demo_org(feature_set: &str) -> DemoBackend {
    let b = DemoBackend::empty(MASTER);
    b.create_organization(feature_set).await.expect("created");
    b
}

fn code<T: std::fmt::Debug>(r: OrgResult<T>) -> String {
    r.expect_err("expected an error").code
}

/// The error's code and the reason its message starts with.
fn reason<T: std::fmt::Debug>(r: OrgResult<T>) -> (String, String) {
    let e = r.expect_err("expected an error");
    let reason = e.message.split(':').next().unwrap_or_default().to_string();
    (e.code, reason)
}

fn pair(code: &str, reason: &str) -> (String, String) {
    (code.to_string(), reason.to_string())
}

/// The first instant of the month `ahead` months after the current one (UTC).
fn month_start(ahead: i64) -> String {
    let now = orgtui::time::now_rfc3339();
    let year: i64 = now[0..4].parse().expect("year");
    let month: i64 = now[5..7].parse().expect("month");
    let m = year * 12 + (month - 1) + ahead;
    format!("{:04}-{:02}-01T00:00:00.000Z", m / 12, m % 12 + 1)
}

/// The last instant of the month before `month_start(ahead)`.
fn month_end(ahead: i64) -> String {
    let start = month_start(ahead);
    let dt =
        aws_smithy_types::DateTime::from_str(&start, aws_smithy_types::date_time::Format::DateTime)
            .expect("a time");
    let ms = dt.to_millis().expect("millis") - 1;
    orgtui::time::format_timestamp(&aws_smithy_types::DateTime::from_millis(ms)).expect("shown")
}

fn invitation(target: HandshakeParty, name: &str) -> TransferInvitation {
    TransferInvitation::billing(target, &month_start(1), name)
}

async fn invite(b: &DemoBackend, target: &str) -> Handshake {
    b.invite_organization_to_transfer_responsibility(&invitation(
        HandshakeParty::account(target),
        "Payer billing",
    ))
    .await
    .expect("invited")
}

/// The one inbound transfer of the caller.
async fn only_inbound(b: &DemoBackend) -> ResponsibilityTransfer {
    let mut all = collect_all(|t| b.list_inbound_responsibility_transfers(BILLING, None, t))
        .await
        .expect("listed");
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[tokio::test]
async fn demo_a_transfer_lives_from_invitation_to_termination() {
    let b = demo_org("ALL").await;
    let mut inv = invitation(HandshakeParty::account(PAYER), "Payer billing");
    inv.notes = Some("We pay your bills".into());
    let h = b
        .invite_organization_to_transfer_responsibility(&inv)
        .await
        .expect("invited");
    assert_eq!(
        (h.state.as_str(), h.action.as_str()),
        ("OPEN", "TRANSFER_RESPONSIBILITY")
    );
    assert_eq!(h.parties[1], HandshakeParty::account(PAYER));
    assert_eq!(h.resource("NOTES"), Some("We pay your bills"));
    assert_eq!(h.resource("MANAGEMENT_ACCOUNT"), Some(MASTER));
    let transfer_id = h
        .resource("RESPONSIBILITY_TRANSFER")
        .expect("the transfer's id")
        .to_string();
    // The handshake is listed as the others are, and can be filtered by its action.
    let filter = HandshakeFilter::action("TRANSFER_RESPONSIBILITY");
    let listed = b
        .list_handshakes_for_organization(&filter, None)
        .await
        .expect("listed");
    assert_eq!(listed.items, vec![h.clone()]);

    // The inviter manages: the transfer is inbound for it, REQUESTED.
    let t = only_inbound(&b).await;
    assert_eq!(t.id, transfer_id);
    assert_eq!(
        (t.status.as_str(), t.kind.as_str()),
        ("REQUESTED", "BILLING")
    );
    assert_eq!(t.name, "Payer billing");
    assert_eq!(t.target.management_account_id, MASTER);
    assert_eq!(t.source.management_account_id, PAYER);
    assert_eq!(t.start, month_start(1));
    assert_eq!(t.end, "");
    assert_eq!(t.active_handshake_id.as_deref(), Some(h.id.as_str()));
    assert!(
        t.arn.ends_with(&format!("/billing/inbound/{transfer_id}")),
        "{}",
        t.arn
    );
    let outbound = b
        .list_outbound_responsibility_transfers(BILLING, None)
        .await
        .expect("listed");
    assert!(outbound.items.is_empty());

    // The invited management account sees the handshake and the outbound transfer...
    b.act_as(PAYER, PAYER_EMAIL);
    let mine = b
        .list_handshakes_for_account(&HandshakeFilter::default(), None)
        .await
        .expect("listed");
    assert_eq!(mine.items, vec![h.clone()]);
    let out = b
        .list_outbound_responsibility_transfers(BILLING, None)
        .await
        .expect("listed");
    assert_eq!(out.items, vec![t.clone()]);
    let inbound = b
        .list_inbound_responsibility_transfers(BILLING, None, None)
        .await
        .expect("listed");
    assert!(inbound.items.is_empty());
    // ...and accepts it through the handshake.
    let accepted = b.accept_handshake(&h.id).await.expect("accepted");
    assert_eq!(accepted.state, "ACCEPTED");
    let out = b
        .list_outbound_responsibility_transfers(BILLING, None)
        .await
        .expect("listed");
    assert_eq!(out.items.len(), 1);
    assert_eq!(out.items[0].status, "ACCEPTED");
    assert_eq!(out.items[0].source.management_account_email, PAYER_EMAIL);

    // Back at the inviter: ACCEPTED inbound; renaming changes the name only.
    b.act_as(MASTER, "");
    let accepted = b
        .describe_responsibility_transfer(&transfer_id)
        .await
        .expect("described");
    assert_eq!(accepted.status, "ACCEPTED");
    let renamed = b
        .update_responsibility_transfer(&transfer_id, "Billing for Payer Inc.")
        .await
        .expect("renamed");
    assert_eq!(
        renamed,
        ResponsibilityTransfer {
            name: "Billing for Payer Inc.".into(),
            ..accepted.clone()
        }
    );
    assert_eq!(only_inbound(&b).await, renamed);

    // Terminating without an end ends it with its first month (it has not started yet).
    let ended = b
        .terminate_responsibility_transfer(&transfer_id, None)
        .await
        .expect("terminated");
    assert_eq!(ended.status, "WITHDRAWN");
    assert_eq!(ended.end, month_end(2));
    assert_eq!(
        ended,
        ResponsibilityTransfer {
            status: "WITHDRAWN".into(),
            end: month_end(2),
            ..renamed
        }
    );
    assert_eq!(only_inbound(&b).await, ended);
    assert_eq!(
        code(
            b.terminate_responsibility_transfer(&transfer_id, None)
                .await
        ),
        "ResponsibilityTransferAlreadyInStatusException"
    );
    assert_eq!(
        reason(
            b.update_responsibility_transfer(&transfer_id, "Again")
                .await
        ),
        pair(
            "ConstraintViolationException",
            "TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED"
        )
    );
    // Once withdrawn, the organization may be invited again.
    invite(&b, PAYER).await;
}

#[tokio::test]
async fn demo_refuses_invitations_as_aws_does() {
    let b = demo_org("ALL").await;
    let bad = |f: fn(&mut TransferInvitation)| {
        let mut inv = invitation(HandshakeParty::account(PAYER), "Payer billing");
        f(&mut inv);
        inv
    };
    let cases: Vec<(TransferInvitation, &str)> = vec![
        (bad(|i| i.kind = "SHIPPING".into()), "INVALID_ENUM"),
        (
            bad(|i| {
                i.target = HandshakeParty {
                    id: "o-abcdefghij".into(),
                    kind: "ORGANIZATION".into(),
                }
            }),
            "INVALID_PARTY_TYPE_TARGET",
        ),
        (
            bad(|i| i.target = HandshakeParty::account("12345")),
            "INVALID_PATTERN",
        ),
        (
            bad(|i| i.target = HandshakeParty::email("not-an-address")),
            "INVALID_EMAIL_ADDRESS_TARGET",
        ),
        (bad(|i| i.source_name = String::new()), "INVALID_PATTERN"),
        (
            bad(|i| i.source_name = "n".repeat(129)),
            "MAX_LENGTH_EXCEEDED",
        ),
        (
            bad(|i| i.source_name = "tab\there".into()),
            "INVALID_PATTERN",
        ),
        (
            bad(|i| i.notes = Some("n".repeat(1025))),
            "MAX_LENGTH_EXCEEDED",
        ),
        (
            bad(|i| i.start = i.start.replace("-01T", "-02T")),
            "START_DATE_NOT_BEGINNING_OF_MONTH",
        ),
        (
            bad(|i| i.start = i.start.replace("T00:00:00", "T06:00:00")),
            "START_DATE_NOT_BEGINNING_OF_DAY",
        ),
        (bad(|i| i.start = month_start(-1)), "START_DATE_TOO_EARLY"),
        (bad(|i| i.start = "tomorrow".into()), "INVALID_INPUT"),
    ];
    for (inv, why) in cases {
        assert_eq!(
            reason(b.invite_organization_to_transfer_responsibility(&inv).await),
            pair("InvalidInputException", why),
            "{inv:?}"
        );
    }
    // The current month is still a valid start.
    let now = TransferInvitation::billing(HandshakeParty::account(PAYER), &month_start(0), "n");
    b.invite_organization_to_transfer_responsibility(&now)
        .await
        .expect("this month");
    // While that invitation is open, another to the same account is a duplicate.
    assert_eq!(
        code(
            b.invite_organization_to_transfer_responsibility(&invitation(
                HandshakeParty::account(PAYER),
                "again"
            ))
            .await
        ),
        "DuplicateHandshakeException"
    );
    // Not to itself, by id or by its email, nor to one of its own members.
    let org = b.describe_organization().await.expect("read");
    for me in [
        HandshakeParty::account(MASTER),
        HandshakeParty::email(&org.master_account_email),
    ] {
        assert_eq!(
            reason(
                b.invite_organization_to_transfer_responsibility(&invitation(me, "me"))
                    .await
            ),
            pair(
                "HandshakeConstraintViolationException",
                "SOURCE_AND_TARGET_CANNOT_MATCH"
            )
        );
    }
    let (asset, member) = asset_and_a_member().await;
    assert_eq!(
        reason(
            asset
                .invite_organization_to_transfer_responsibility(&invitation(
                    HandshakeParty::account(&member.id),
                    "member"
                ))
                .await
        ),
        pair(
            "HandshakeConstraintViolationException",
            "TARGET_ACCOUNT_VALIDATION_FAILURE"
        )
    );
    // Only a management account invites, and only with all features.
    asset.act_as(&member.id, &member.email);
    let to_payer = invitation(HandshakeParty::account(PAYER), "n");
    assert_eq!(
        code(
            asset
                .invite_organization_to_transfer_responsibility(&to_payer)
                .await
        ),
        "AccessDeniedException"
    );
    assert_eq!(
        code(
            asset
                .list_inbound_responsibility_transfers(BILLING, None, None)
                .await
        ),
        "AccessDeniedException"
    );
    let billing_only = demo_org("CONSOLIDATED_BILLING").await;
    assert_eq!(
        reason(
            billing_only
                .invite_organization_to_transfer_responsibility(&to_payer)
                .await
        ),
        pair(
            "ConstraintViolationException",
            "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"
        )
    );
    let nowhere = DemoBackend::empty(MASTER);
    assert_eq!(
        code(
            nowhere
                .invite_organization_to_transfer_responsibility(&to_payer)
                .await
        ),
        "AWSOrganizationsNotInUseException"
    );
    assert_eq!(
        code(
            nowhere
                .list_outbound_responsibility_transfers(BILLING, None)
                .await
        ),
        "AWSOrganizationsNotInUseException"
    );
}

#[tokio::test]
async fn demo_refuses_a_second_transfer_of_a_transferred_organization() {
    let b = demo_org("ALL").await;
    let h = invite(&b, PAYER).await;
    b.act_as(PAYER, PAYER_EMAIL);
    b.accept_handshake(&h.id).await.expect("accepted");
    b.act_as(MASTER, "");
    assert_eq!(
        reason(
            b.invite_organization_to_transfer_responsibility(&invitation(
                HandshakeParty::account(PAYER),
                "again"
            ))
            .await
        ),
        pair(
            "HandshakeConstraintViolationException",
            "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS"
        )
    );
}

#[tokio::test]
async fn demo_terminates_only_an_accepted_transfer_at_the_end_of_a_month() {
    let b = demo_org("ALL").await;
    let h = invite(&b, PAYER).await;
    let id = only_inbound(&b).await.id;
    assert_eq!(
        code(b.terminate_responsibility_transfer(&id, None).await),
        "InvalidResponsibilityTransferTransitionException"
    );
    b.act_as(PAYER, PAYER_EMAIL);
    b.accept_handshake(&h.id).await.expect("accepted");
    // Either party may end it; the end is the last instant of a month, not in the past.
    let not_month_end = month_end(3).replace("23:59:59.999", "12:00:00.000");
    for (end, why) in [
        (not_month_end.as_str(), "END_DATE_NOT_END_OF_MONTH"),
        (month_end(0).as_str(), "END_DATE_TOO_EARLY"),
        ("whenever", "INVALID_INPUT"),
    ] {
        assert_eq!(
            reason(b.terminate_responsibility_transfer(&id, Some(end)).await),
            pair("InvalidInputException", why),
            "{end}"
        );
    }
    let ended = b
        .terminate_responsibility_transfer(&id, Some(&month_end(3)))
        .await
        .expect("terminated");
    assert_eq!(
        (ended.status.as_str(), ended.end.as_str()),
        ("WITHDRAWN", month_end(3).as_str())
    );
}

#[tokio::test]
async fn demo_shows_a_transfer_to_its_parties_only() {
    let b = demo_org("ALL").await;
    invite(&b, PAYER).await;
    let id = only_inbound(&b).await.id;
    for bad in ["rt-1", "transfer", "rt-UPPERCASE1"] {
        assert_eq!(
            reason(b.describe_responsibility_transfer(bad).await),
            pair("InvalidInputException", "INVALID_PATTERN"),
            "{bad}"
        );
    }
    assert_eq!(
        code(b.describe_responsibility_transfer("rt-zzzzzzzzzz").await),
        "ResponsibilityTransferNotFoundException"
    );
    assert_eq!(
        code(b.update_responsibility_transfer("rt-zzzzzzzzzz", "n").await),
        "ResponsibilityTransferNotFoundException"
    );
    assert_eq!(
        code(
            b.terminate_responsibility_transfer("rt-zzzzzzzzzz", None)
                .await
        ),
        "ResponsibilityTransferNotFoundException"
    );
    // Another organization's management account does not see it.
    b.act_as(STRANGER, "stranger@example.com");
    assert_eq!(
        code(b.describe_responsibility_transfer(&id).await),
        "ResponsibilityTransferNotFoundException"
    );
    let none = b
        .list_outbound_responsibility_transfers(BILLING, None)
        .await
        .expect("listed");
    assert!(none.items.is_empty());
    b.act_as(PAYER, PAYER_EMAIL);
    assert_eq!(
        b.describe_responsibility_transfer(&id)
            .await
            .expect("the source sees it")
            .id,
        id
    );
    // Names are 1 to 128 printable ASCII characters.
    assert_eq!(
        reason(b.update_responsibility_transfer(&id, "").await),
        pair("InvalidInputException", "INVALID_PATTERN")
    );
}

#[tokio::test]
async fn demo_lists_page_by_page_filtered_by_type_and_id() {
    let b = demo_org("ALL").await.with_page_size(2);
    for n in 0..5 {
        invite(&b, &format!("33333333333{n}")).await;
    }
    let first = b
        .list_inbound_responsibility_transfers(BILLING, None, None)
        .await
        .expect("listed");
    assert_eq!(first.items.len(), 2);
    let next = first.next_token.clone().expect("more");
    let second = b
        .list_inbound_responsibility_transfers(BILLING, None, Some(next.clone()))
        .await
        .expect("listed");
    assert_eq!(second.items.len(), 2);
    assert_ne!(first.items, second.items);
    let all = collect_all(|t| b.list_inbound_responsibility_transfers(BILLING, None, t))
        .await
        .expect("listed");
    assert_eq!(all.len(), 5);
    let sources: Vec<&str> = all
        .iter()
        .map(|t| t.source.management_account_id.as_str())
        .collect();
    assert_eq!(
        sources,
        [
            "333333333330",
            "333333333331",
            "333333333332",
            "333333333333",
            "333333333334"
        ]
    );
    // A token works only for the call that issued it.
    assert_eq!(
        reason(
            b.list_outbound_responsibility_transfers(BILLING, Some(next))
                .await
        ),
        pair("InvalidInputException", "INVALID_NEXT_TOKEN")
    );
    // The type is required and only BILLING exists.
    assert_eq!(
        reason(
            b.list_inbound_responsibility_transfers("SUPPORT", None, None)
                .await
        ),
        pair("InvalidInputException", "INVALID_ENUM")
    );
    assert_eq!(
        reason(b.list_outbound_responsibility_transfers("", None).await),
        pair("InvalidInputException", "INVALID_ENUM")
    );
    // The inbound list narrows to one id; an unknown one is not found.
    let one = b
        .list_inbound_responsibility_transfers(BILLING, Some(&all[3].id), None)
        .await
        .expect("listed");
    assert_eq!(one.items, vec![all[3].clone()]);
    assert_eq!(
        code(
            b.list_inbound_responsibility_transfers(BILLING, Some("rt-zzzzzzzzzz"), None)
                .await
        ),
        "ResponsibilityTransferNotFoundException"
    );
}

#[tokio::test]
async fn demo_create_gov_cloud_account_answers_as_for_an_organization_without_govcloud() {
    let b = demo_org("ALL").await;
    assert_eq!(
        reason(
            b.create_gov_cloud_account(&NewAccount::new("gov@example.com", "Gov"))
                .await
        ),
        pair(
            "ConstraintViolationException",
            "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED"
        )
    );
    // Nothing was started.
    let requests = b
        .list_create_account_status(&[], None)
        .await
        .expect("listed");
    assert!(requests.items.is_empty());
    // The request is checked first, as CreateAccount's is.
    assert_eq!(
        reason(
            b.create_gov_cloud_account(&NewAccount::new("nobody", "Gov"))
                .await
        ),
        pair("InvalidInputException", "INVALID_EMAIL_ADDRESS_TARGET")
    );
    // Only the management account may call it.
    b.act_as(PAYER, PAYER_EMAIL);
    assert_eq!(
        code(
            b.create_gov_cloud_account(&NewAccount::new("gov@example.com", "Gov"))
                .await
        ),
        "AWSOrganizationsNotInUseException"
    );
    let (asset, member) = asset_and_a_member().await;
    asset.act_as(&member.id, &member.email);
    assert_eq!(
        code(
            asset
                .create_gov_cloud_account(&NewAccount::new("gov@example.com", "Gov"))
                .await
        ),
        "AccessDeniedException"
    );
}

/// The built-in demo organization and one of its member accounts (not the management one).
async fn asset_and_a_member() -> (DemoBackend, Account) {
    let asset = DemoBackend::from_asset().expect("demo");
    let master = asset
        .describe_organization()
        .await
        .expect("read")
        .master_account_id;
    let member = collect_all(|t| asset.list_accounts(t))
        .await
        .expect("listed")
        .into_iter()
        .find(|a| a.id != master)
        .expect("a member");
    (asset, member)
}
