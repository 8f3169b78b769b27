//! Responsibility transfers in the demo: a transfer's status follows its handshake (declined,
//! canceled, expired), an invitation by email binds the account that accepts it, the
//! handshake's resources, and DeleteOrganization waiting for open transfers.

use std::time::Duration;

use super::*;
use crate::org::handshakes::*;
use crate::org::transfers::*;

const MASTER: &str = "111111111111";
const PAYER: &str = "222222222222";
const PAYER_EMAIL: &str = "payer@example.com";

async fn fresh() -> DemoBackend {
    let b = DemoBackend::empty(MASTER);
    b.create_organization("ALL").await.unwrap();
    b
}

/// The first instant of next month (UTC).
fn next_month() -> String {
    let now = now_rfc3339();
    let year: i64 = now[0..4].parse().unwrap();
    let month: i64 = now[5..7].parse().unwrap();
    let m = year * 12 + month;
    format!("{:04}-{:02}-01T00:00:00.000Z", m / 12, m % 12 + 1)
}

async fn invite(b: &DemoBackend, target: HandshakeParty) -> (Handshake, String) {
    let inv = TransferInvitation::billing(target, &next_month(), "Payer billing");
    let h = b
        .invite_organization_to_transfer_responsibility(&inv)
        .await
        .unwrap();
    let id = h.resource("RESPONSIBILITY_TRANSFER").unwrap().to_string();
    (h, id)
}

async fn status(b: &DemoBackend, id: &str) -> String {
    b.describe_responsibility_transfer(id).await.unwrap().status
}

#[tokio::test(start_paused = true)]
async fn the_status_follows_the_handshake() {
    let b = fresh().await;
    // Declined by the invited account.
    let (h, declined) = invite(&b, HandshakeParty::account(PAYER)).await;
    b.act_as(PAYER, PAYER_EMAIL);
    b.decline_handshake(&h.id).await.unwrap();
    assert_eq!(status(&b, &declined).await, "DECLINED");
    assert_eq!(
        code(b.terminate_responsibility_transfer(&declined, None).await),
        "InvalidResponsibilityTransferTransitionException"
    );
    let e = b
        .update_responsibility_transfer(&declined, "n")
        .await
        .unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e
        .message
        .starts_with("TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED"));
    // Canceled by the inviter (a declined invitation does not block a new one).
    b.act_as(MASTER, "");
    let (h, canceled) = invite(&b, HandshakeParty::account(PAYER)).await;
    assert_eq!(status(&b, &canceled).await, "REQUESTED");
    // While REQUESTED the name can change already.
    let renamed = b
        .update_responsibility_transfer(&canceled, "Renamed early")
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.status.as_str()),
        ("Renamed early", "REQUESTED")
    );
    b.cancel_handshake(&h.id).await.unwrap();
    assert_eq!(status(&b, &canceled).await, "CANCELED");
    // Expired after the handshake's 15 days.
    let (_, expired) = invite(&b, HandshakeParty::account(PAYER)).await;
    tokio::time::advance(Duration::from_secs(15 * 24 * 3600 + 1)).await;
    assert_eq!(status(&b, &expired).await, "EXPIRED");
}

#[tokio::test]
async fn an_invitation_by_email_binds_the_account_that_accepts_it() {
    let b = fresh().await;
    let (h, id) = invite(&b, HandshakeParty::email(PAYER_EMAIL)).await;
    let before = b.describe_responsibility_transfer(&id).await.unwrap();
    assert_eq!(before.source.management_account_id, "");
    assert_eq!(before.source.management_account_email, PAYER_EMAIL);
    // The invited account finds it by its email before answering.
    b.act_as(PAYER, PAYER_EMAIL);
    let out = b
        .list_outbound_responsibility_transfers(BILLING, None)
        .await
        .unwrap();
    assert_eq!(out.items, vec![before]);
    b.accept_handshake(&h.id).await.unwrap();
    let after = b.describe_responsibility_transfer(&id).await.unwrap();
    assert_eq!(after.source.management_account_id, PAYER);
    assert_eq!(after.status, "ACCEPTED");
    // Now it is the account's, whatever email another caller claims.
    b.act_as("333333333333", PAYER_EMAIL);
    assert_eq!(
        code(b.describe_responsibility_transfer(&id).await),
        "ResponsibilityTransferNotFoundException"
    );
}

#[tokio::test]
async fn the_handshake_names_the_transfer_its_type_start_and_manager() {
    let b = fresh().await;
    let (h, id) = invite(&b, HandshakeParty::account(PAYER)).await;
    assert!(
        id.starts_with("rt-") && (11..=35).contains(&id.len()),
        "{id}"
    );
    assert!(
        h.arn.contains("/transfer_responsibility/") && h.arn.ends_with(&h.id),
        "{}",
        h.arn
    );
    let transfer = &h.resources[0];
    assert_eq!(transfer.kind, "RESPONSIBILITY_TRANSFER");
    assert_eq!(
        transfer.resources,
        vec![
            HandshakeResource::new("TRANSFER_TYPE", "BILLING"),
            HandshakeResource::new("TRANSFER_START_TIMESTAMP", &next_month()),
        ]
    );
    assert_eq!(h.resource("MANAGEMENT_ACCOUNT"), Some(MASTER));
    assert_eq!(h.resource("ACCOUNT"), Some(PAYER));
    let t = b.describe_responsibility_transfer(&id).await.unwrap();
    assert_eq!(t.active_handshake_id.as_deref(), Some(h.id.as_str()));
    // The other handshake filters still work beside the new action.
    let invites = b
        .list_handshakes_for_organization(&HandshakeFilter::action("INVITE"), None)
        .await
        .unwrap();
    assert!(invites.items.is_empty());
}

#[tokio::test]
async fn an_organization_with_an_open_transfer_is_not_deleted() {
    let b = fresh().await;
    let (h, _) = invite(&b, HandshakeParty::account(PAYER)).await;
    let e = b.delete_organization().await.unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e
        .message
        .starts_with("ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS"));
    b.cancel_handshake(&h.id).await.unwrap();
    b.delete_organization().await.unwrap();
}
