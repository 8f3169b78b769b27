//! Responsibility transfers (API of 2025-11): the arrangement between two management
//! accounts where one takes on a responsibility — today only BILLING — for the other's
//! organization.
//!
//! The management account that will *manage* sends the invitation
//! (InviteOrganizationToTransferResponsibility) to the other organization's management
//! account: the inviter is the transfer's `target`, the invited organization its `source`.
//! The invitation is a handshake of action TRANSFER_RESPONSIBILITY; the invited account
//! answers it with the handshake calls (accept, decline; the inviter cancels). The inviter
//! sees the transfer among its *inbound* transfers (it manages for another organization), the
//! invited organization among its *outbound* ones; both lists hold invitations and transfers.
//!
//! A transfer's status follows its handshake — REQUESTED while it is open, then ACCEPTED,
//! DECLINED, CANCELED or EXPIRED — and WITHDRAWN once either party has terminated it.
//! Only the name can be changed (UpdateResponsibilityTransfer).

use async_trait::async_trait;

use super::error::OrgResult;
use super::handshakes::{Handshake, HandshakeParty};
use super::types::Token;
use super::types::{Page, Tag};

/// The only responsibility AWS transfers today.
pub const BILLING: &str = "BILLING";

/// Every status of the SDK's `ResponsibilityTransferStatus` (1.137).
pub const TRANSFER_STATUSES: [&str; 6] = [
    "REQUESTED",
    "ACCEPTED",
    "DECLINED",
    "CANCELED",
    "EXPIRED",
    "WITHDRAWN",
];

/// One side of a transfer: an organization's management account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransferParticipant {
    /// 12 digits; empty while an invitation sent by email has not been answered.
    pub management_account_id: String,
    pub management_account_email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsibilityTransfer {
    /// `rt-` and 8 to 32 lowercase letters or digits.
    pub id: String,
    pub arn: String,
    pub name: String,
    /// BILLING (newer values pass through as AWS spells them).
    pub kind: String,
    /// One of [`TRANSFER_STATUSES`] (or a newer value as AWS spells it).
    pub status: String,
    /// The organization whose responsibility is managed by the other.
    pub source: TransferParticipant,
    /// The management account that manages it.
    pub target: TransferParticipant,
    /// RFC 3339 times; `end` is empty while no end is set.
    pub start: String,
    pub end: String,
    /// The handshake of the transfer, if AWS names one.
    pub active_handshake_id: Option<String>,
}

impl ResponsibilityTransfer {
    /// Whether the transfer is in force or waiting for an answer (REQUESTED or ACCEPTED).
    pub fn is_open(&self) -> bool {
        matches!(self.status.as_str(), "REQUESTED" | "ACCEPTED")
    }
}

/// What InviteOrganizationToTransferResponsibility needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferInvitation {
    /// BILLING.
    pub kind: String,
    /// The other organization's management account, by ACCOUNT id or EMAIL.
    pub target: HandshakeParty,
    pub notes: Option<String>,
    /// RFC 3339: when the inviter begins managing the responsibility.
    pub start: String,
    /// The name of the transfer (1 to 128 printable ASCII characters).
    pub source_name: String,
    /// Tags the transfer gets once accepted.
    pub tags: Vec<Tag>,
}

impl TransferInvitation {
    /// A BILLING invitation to `target` starting at `start`, named `name`.
    pub fn billing(target: HandshakeParty, start: &str, name: &str) -> Self {
        TransferInvitation {
            kind: BILLING.into(),
            target,
            notes: None,
            start: start.into(),
            source_name: name.into(),
            tags: Vec::new(),
        }
    }
}

#[async_trait]
pub trait Transfers: Send + Sync {
    /// Invites another organization's management account to let the caller (a management
    /// account) manage `kind` for its organization; the invitation is the handshake answered.
    async fn invite_organization_to_transfer_responsibility(
        &self,
        invitation: &TransferInvitation,
    ) -> OrgResult<Handshake>;
    async fn describe_responsibility_transfer(
        &self,
        transfer_id: &str,
    ) -> OrgResult<ResponsibilityTransfer>;
    /// Transfers (and invitations) by which the caller manages `kind` for another
    /// organization; `transfer_id` narrows the list to that one.
    async fn list_inbound_responsibility_transfers(
        &self,
        kind: &str,
        transfer_id: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>>;
    /// Transfers (and invitations) by which another management account manages `kind` for
    /// the caller's organization.
    async fn list_outbound_responsibility_transfers(
        &self,
        kind: &str,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>>;
    /// Renames a transfer (its name is all that can change).
    async fn update_responsibility_transfer(
        &self,
        transfer_id: &str,
        name: &str,
    ) -> OrgResult<ResponsibilityTransfer>;
    /// Ends a transfer at `end` (RFC 3339), or when AWS decides if `None`.
    async fn terminate_responsibility_transfer(
        &self,
        transfer_id: &str,
        end: Option<&str>,
    ) -> OrgResult<ResponsibilityTransfer>;
}
