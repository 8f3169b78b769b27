//! Handshakes (issue 9): inviting accounts, the member's answer (accept or decline), the
//! originator's cancel, and enabling all features, which asks every member to approve.
//!
//! A handshake is OPEN (or REQUESTED while a multi-party one waits for answers) until it is
//! ACCEPTED, DECLINED, CANCELED or, after 15 days without an answer, EXPIRED.

use async_trait::async_trait;

use super::error::OrgResult;
use super::types::Token;
use super::types::*;

/// How long a handshake waits for an answer.
pub const HANDSHAKE_LIFETIME_DAYS: u64 = 15;

/// A party of a handshake, and the target of an invitation: `kind` is ACCOUNT (a 12-digit
/// id), EMAIL or ORGANIZATION.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeParty {
    pub id: String,
    pub kind: String,
}

impl HandshakeParty {
    pub fn account(id: &str) -> Self {
        HandshakeParty {
            id: id.into(),
            kind: "ACCOUNT".into(),
        }
    }

    pub fn email(address: &str) -> Self {
        HandshakeParty {
            id: address.into(),
            kind: "EMAIL".into(),
        }
    }
}

/// Information a handshake carries: `kind` is ACCOUNT, ORGANIZATION,
/// ORGANIZATION_FEATURE_SET, EMAIL, MASTER_EMAIL, MASTER_NAME, NOTES or PARENT_HANDSHAKE;
/// for a transfer RESPONSIBILITY_TRANSFER, TRANSFER_TYPE, TRANSFER_START_TIMESTAMP,
/// MANAGEMENT_ACCOUNT, MANAGEMENT_EMAIL and MANAGEMENT_NAME.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeResource {
    pub value: String,
    pub kind: String,
    pub resources: Vec<HandshakeResource>,
}

impl HandshakeResource {
    pub fn new(kind: &str, value: &str) -> Self {
        HandshakeResource {
            value: value.into(),
            kind: kind.into(),
            resources: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handshake {
    pub id: String,
    pub arn: String,
    pub parties: Vec<HandshakeParty>,
    /// REQUESTED, OPEN, CANCELED, ACCEPTED, DECLINED or EXPIRED.
    pub state: String,
    /// RFC 3339 times.
    pub requested_at: String,
    pub expires_at: String,
    /// INVITE, ENABLE_ALL_FEATURES, APPROVE_ALL_FEATURES or TRANSFER_RESPONSIBILITY (the
    /// invitation of a responsibility transfer, see [`transfers`](super::transfers)).
    pub action: String,
    pub resources: Vec<HandshakeResource>,
}

impl Handshake {
    /// The value of the first top-level resource of `kind` (e.g. NOTES).
    pub fn resource(&self, kind: &str) -> Option<&str> {
        self.resources
            .iter()
            .find(|r| r.kind == kind)
            .map(|r| r.value.as_str())
    }
}

/// The filter of the ListHandshakes calls: at most one of the two (AWS refuses both).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandshakeFilter {
    /// INVITE, ENABLE_ALL_FEATURES, APPROVE_ALL_FEATURES or TRANSFER_RESPONSIBILITY (the
    /// invitation of a responsibility transfer, see [`transfers`](super::transfers)).
    pub action_type: Option<String>,
    pub parent_handshake_id: Option<String>,
}

impl HandshakeFilter {
    pub fn action(action_type: &str) -> Self {
        HandshakeFilter {
            action_type: Some(action_type.into()),
            parent_handshake_id: None,
        }
    }

    pub fn parent(handshake_id: &str) -> Self {
        HandshakeFilter {
            action_type: None,
            parent_handshake_id: Some(handshake_id.into()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.action_type.is_none() && self.parent_handshake_id.is_none()
    }
}

#[async_trait]
pub trait Handshakes: Send + Sync {
    /// Invites an account (by id or email) to join; `notes` go in the email AWS sends.
    async fn invite_account_to_organization(
        &self,
        target: &HandshakeParty,
        notes: Option<&str>,
    ) -> OrgResult<Handshake>;
    /// The organization's handshakes (management account only).
    async fn list_handshakes_for_organization(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>>;
    /// The handshakes the caller's account is a party to.
    async fn list_handshakes_for_account(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>>;
    async fn describe_handshake(&self, handshake_id: &str) -> OrgResult<Handshake>;
    /// The recipient agrees (for the final ENABLE_ALL_FEATURES one, the management account).
    async fn accept_handshake(&self, handshake_id: &str) -> OrgResult<Handshake>;
    /// The recipient refuses.
    async fn decline_handshake(&self, handshake_id: &str) -> OrgResult<Handshake>;
    /// The originator withdraws it.
    async fn cancel_handshake(&self, handshake_id: &str) -> OrgResult<Handshake>;
    /// Starts moving a consolidated-billing organization to all features: answers the
    /// ENABLE_ALL_FEATURES handshake, which waits for every member's approval.
    async fn enable_all_features(&self) -> OrgResult<Handshake>;
}
