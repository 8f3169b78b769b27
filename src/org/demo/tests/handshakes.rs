//! The handshake state machine in the demo: invitations accepted, declined, canceled and
//! expired, duplicates, who may answer, filters, and enabling all features.

use std::time::Duration;

use super::*;
use crate::org::handshakes::*;

const MASTER: &str = "111111111111";
const GUEST: &str = "222222222222";
const GUEST_EMAIL: &str = "guest@example.com";

async fn fresh(feature_set: &str) -> DemoBackend {
    let b = DemoBackend::empty(MASTER);
    b.create_organization(feature_set).await.unwrap();
    b
}

async fn invite(b: &DemoBackend) -> Handshake {
    b.invite_account_to_organization(&HandshakeParty::account(GUEST), Some("join us"))
        .await
        .unwrap()
}

#[tokio::test]
async fn invitation_accepted_joins_the_account() {
    let b = fresh("ALL").await;
    let h = invite(&b).await;
    assert_eq!((h.state.as_str(), h.action.as_str()), ("OPEN", "INVITE"));
    assert!(h.id.starts_with("h-") && h.arn.ends_with(&h.id), "{h:?}");
    assert_eq!(h.resource("NOTES"), Some("join us"));
    assert_eq!(h.parties[1], HandshakeParty::account(GUEST));
    assert_eq!(
        code(
            b.invite_account_to_organization(&HandshakeParty::account(GUEST), None)
                .await
        ),
        "DuplicateHandshakeException"
    );
    // Only the recipient answers; only the originator cancels.
    assert_eq!(
        code(b.accept_handshake(&h.id).await),
        "AccessDeniedException"
    );
    b.act_as(GUEST, GUEST_EMAIL);
    assert_eq!(
        code(b.cancel_handshake(&h.id).await),
        "AccessDeniedException"
    );
    let mine = b
        .list_handshakes_for_account(&HandshakeFilter::default(), None)
        .await
        .unwrap()
        .items;
    assert_eq!(mine, vec![h.clone()]);
    let done = b.accept_handshake(&h.id).await.unwrap();
    assert_eq!(done.state, "ACCEPTED");
    assert_eq!(
        code(b.accept_handshake(&h.id).await),
        "HandshakeAlreadyInStateException"
    );
    assert_eq!(
        code(b.decline_handshake(&h.id).await),
        "InvalidHandshakeTransitionException"
    );
    b.act_as(MASTER, "");
    let a = b.describe_account(GUEST).await.unwrap();
    assert_eq!(a.joined_method, "INVITED");
    assert_eq!(a.email, GUEST_EMAIL);
    assert_eq!(b.describe_handshake(&h.id).await.unwrap().state, "ACCEPTED");
    // Invited accounts are standalone, so they can be removed.
    b.remove_account_from_organization(GUEST).await.unwrap();
    assert_eq!(
        code(b.describe_handshake("h-zzzzzzzzzz").await),
        "HandshakeNotFoundException"
    );
    assert_eq!(
        code(b.describe_handshake("h-1").await),
        "InvalidInputException"
    );
}

#[tokio::test]
async fn invitation_by_email_declined_or_canceled() {
    let b = fresh("ALL").await;
    let h = b
        .invite_account_to_organization(&HandshakeParty::email(GUEST_EMAIL), None)
        .await
        .unwrap();
    b.act_as(GUEST, GUEST_EMAIL);
    assert_eq!(b.decline_handshake(&h.id).await.unwrap().state, "DECLINED");
    assert_eq!(
        code(b.accept_handshake(&h.id).await),
        "InvalidHandshakeTransitionException"
    );
    b.act_as(MASTER, "");
    assert_eq!(
        code(b.cancel_handshake(&h.id).await),
        "InvalidHandshakeTransitionException"
    );
    let again = b
        .invite_account_to_organization(&HandshakeParty::email(GUEST_EMAIL), None)
        .await
        .unwrap();
    assert_eq!(
        b.cancel_handshake(&again.id).await.unwrap().state,
        "CANCELED"
    );
    assert_eq!(
        code(b.cancel_handshake(&again.id).await),
        "HandshakeAlreadyInStateException"
    );
    let invites = b
        .list_handshakes_for_organization(&HandshakeFilter::action("INVITE"), None)
        .await
        .unwrap()
        .items;
    assert_eq!(invites.len(), 2);
    // Members can't be invited.
    let (c, m) = {
        let e = b
            .invite_account_to_organization(&HandshakeParty::account(MASTER), None)
            .await
            .unwrap_err();
        (e.code, e.message)
    };
    assert_eq!(c, "HandshakeConstraintViolationException");
    assert!(m.starts_with("ALREADY_IN_AN_ORGANIZATION"), "{m}");
    assert_eq!(
        code(
            b.invite_account_to_organization(&HandshakeParty::account("12"), None)
                .await
        ),
        "InvalidInputException"
    );
    let both = HandshakeFilter {
        action_type: Some("INVITE".into()),
        parent_handshake_id: Some(again.id.clone()),
    };
    assert_eq!(
        code(b.list_handshakes_for_organization(&both, None).await),
        "InvalidInputException"
    );
}

#[tokio::test]
async fn invitations_expire_after_15_days() {
    let b = fresh("ALL").await;
    let h = invite(&b).await;
    b.advance_clock(Duration::from_secs(14 * 24 * 3600));
    assert_eq!(b.describe_handshake(&h.id).await.unwrap().state, "OPEN");
    b.advance_clock(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(b.describe_handshake(&h.id).await.unwrap().state, "EXPIRED");
    b.act_as(GUEST, GUEST_EMAIL);
    assert_eq!(
        code(b.accept_handshake(&h.id).await),
        "InvalidHandshakeTransitionException"
    );
    b.act_as(MASTER, "");
    // An expired invitation no longer blocks a new one.
    assert_eq!(invite(&b).await.state, "OPEN");
}

#[tokio::test]
async fn enabling_all_features_waits_for_every_member() {
    let b = fresh("CONSOLIDATED_BILLING").await;
    let e = b.enable_all_features().await;
    let member = created(&b, "m@example.com", "Member").await;
    // The first request had no members to wait for: it is open for the final acceptance.
    let first = e.unwrap();
    assert_eq!(first.state, "OPEN");
    b.cancel_handshake(&first.id).await.unwrap();
    let parent = b.enable_all_features().await.unwrap();
    assert_eq!(parent.state, "REQUESTED");
    assert_eq!(
        code(b.enable_all_features().await),
        "HandshakeConstraintViolationException"
    );
    let children = b
        .list_handshakes_for_organization(&HandshakeFilter::parent(&parent.id), None)
        .await
        .unwrap()
        .items;
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].action, "APPROVE_ALL_FEATURES");
    assert_eq!(
        code(b.accept_handshake(&parent.id).await),
        "InvalidHandshakeTransitionException"
    );
    b.act_as(&member, "m@example.com");
    b.accept_handshake(&children[0].id).await.unwrap();
    b.act_as(MASTER, "");
    assert_eq!(
        b.describe_handshake(&parent.id).await.unwrap().state,
        "OPEN"
    );
    b.accept_handshake(&parent.id).await.unwrap();
    assert_eq!(b.describe_organization().await.unwrap().feature_set, "ALL");
    assert_eq!(scp_names(&b, &member).await, ["FullAWSAccess"]);
    let e = b.enable_all_features().await.unwrap_err();
    assert!(
        e.message
            .starts_with("ORGANIZATION_ALREADY_HAS_ALL_FEATURES"),
        "{e}"
    );
}
