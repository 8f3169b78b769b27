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

#[tokio::test(start_paused = true)]
async fn invitations_expire_after_15_days() {
    let b = fresh("ALL").await;
    let h = invite(&b).await;
    tokio::time::advance(Duration::from_secs(14 * 24 * 3600)).await;
    assert_eq!(b.describe_handshake(&h.id).await.unwrap().state, "OPEN");
    tokio::time::advance(Duration::from_secs(24 * 3600 + 1)).await;
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

#[tokio::test]
async fn an_invited_member_can_leave() {
    let b = fresh("ALL").await;
    let h = invite(&b).await;
    b.act_as(GUEST, GUEST_EMAIL);
    assert_eq!(
        code(b.leave_organization().await),
        "AWSOrganizationsNotInUseException"
    );
    b.accept_handshake(&h.id).await.unwrap();
    assert_eq!(
        code(
            b.list_handshakes_for_organization(&HandshakeFilter::default(), None)
                .await
        ),
        "AccessDeniedException"
    );
    b.leave_organization().await.unwrap();
    b.act_as(MASTER, "");
    assert_eq!(
        code(b.describe_account(GUEST).await),
        "AccountNotFoundException"
    );
}

#[tokio::test]
async fn no_invitations_while_enabling_all_features_or_at_the_limit() {
    let b = fresh("CONSOLIDATED_BILLING").await;
    created(&b, "m@example.com", "Member").await;
    b.enable_all_features().await.unwrap();
    let e = b
        .invite_account_to_organization(&HandshakeParty::account(GUEST), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, "HandshakeConstraintViolationException");
    assert!(
        e.message
            .starts_with("INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES"),
        "{e}"
    );
    let full = DemoBackend::generated(10_000).unwrap();
    let e = full
        .invite_account_to_organization(&HandshakeParty::account(GUEST), None)
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("ACCOUNT_NUMBER_LIMIT_EXCEEDED"),
        "{e}"
    );
}

#[tokio::test]
async fn handshake_lists_page() {
    let b = fresh("ALL").await.with_page_size(2);
    for i in 0..5 {
        b.invite_account_to_organization(
            &HandshakeParty::email(&format!("g{i}@example.com")),
            None,
        )
        .await
        .unwrap();
    }
    let filter = HandshakeFilter::action("INVITE");
    let first = b
        .list_handshakes_for_organization(&filter, None)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2);
    assert!(first.next_token.is_some());
    let all = collect_all(|t| b.list_handshakes_for_organization(&filter, t))
        .await
        .unwrap();
    let ids: HashSet<String> = all.iter().map(|h| h.id.clone()).collect();
    assert_eq!(ids.len(), 5);
    let other = HandshakeFilter::action("ENABLE_ALL_FEATURES");
    let none = collect_all(|t| b.list_handshakes_for_organization(&other, t))
        .await
        .unwrap();
    assert!(none.is_empty());
}
