//! The demo's administrative state beside the tree (what `Lifecycle`, `Handshakes` and
//! `Transfers` act on): creation requests still in progress, closures, handshakes,
//! transfers, trusted services, delegated administrators and the resource policy. Only
//! records: what acts on them lives with each call (`State::tick` in state.rs lets time
//! pass before every call), so every module may use these without a circle.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use aws_smithy_types::DateTime;

use crate::org::error::OrgError;
use crate::org::handshakes::{Handshake, HandshakeParty};
use crate::org::lifecycle::{NewAccount, ResourcePolicy};
use crate::org::{Tag, TransferParticipant};

/// A creation finishes at the latest this long after CreateAccount...
pub(super) const CREATION_TIME: Duration = Duration::from_secs(3);
/// ...or on this DescribeCreateAccountStatus read of it, whichever comes first.
pub(super) const CREATION_READS: u32 = 2;
/// How long an account stays PENDING_CLOSURE before it is SUSPENDED.
pub(super) const CLOSURE_TIME: Duration = Duration::from_secs(1);
/// The rolling window of the closing quota.
pub(super) const CLOSURE_WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);
pub(super) const DAY: Duration = Duration::from_secs(24 * 3600);

/// A CreateAccount request still IN_PROGRESS.
pub(super) struct Creation {
    pub(super) request_id: String,
    pub(super) account_id: String,
    pub(super) request: NewAccount,
    pub(super) requested: SystemTime,
    pub(super) reads: u32,
}

pub(super) struct Closure {
    pub(super) account_id: String,
    pub(super) requested: SystemTime,
}

/// A handshake with what the demo needs beyond what AWS shows.
pub(super) struct HandshakeRecord {
    pub(super) shown: Handshake,
    /// The account that started it (the management account).
    pub(super) originator: String,
    pub(super) recipient: HandshakeParty,
    pub(super) parent: Option<String>,
    pub(super) expires: SystemTime,
}

pub(super) struct DelegatedRecord {
    pub(super) account_id: String,
    pub(super) service: String,
    pub(super) since: String,
}

#[derive(Default)]
pub(super) struct Life {
    pub(super) creations: Vec<Creation>,
    /// Every closure request (the quota counts those of the last 30 days).
    pub(super) closures: Vec<Closure>,
    pub(super) handshakes: Vec<HandshakeRecord>,
    /// (service principal, RFC 3339 time enabled), in enabling order.
    pub(super) services: Vec<(String, String)>,
    pub(super) delegated: Vec<DelegatedRecord>,
    pub(super) resource_policy: Option<ResourcePolicy>,
    /// Emails of accounts outside the organization that the demo has acted as.
    pub(super) outside_emails: HashMap<String, String>,
    /// Responsibility transfers the management account is a party to, in creation order.
    pub(super) transfers: Vec<TransferRecord>,
}

/// `t` as RFC 3339 (the shape of `crate::time`).
pub(super) fn rfc3339(t: SystemTime) -> String {
    crate::time::format_timestamp(&DateTime::from(t)).unwrap_or_default()
}

pub(super) fn access_denied() -> OrgError {
    OrgError::new(
        "AccessDeniedException",
        "You don't have permissions to access this resource: only the management account can do this.",
    )
}

/// A transfer with what the demo needs beyond what AWS shows.
pub(super) struct TransferRecord {
    pub(super) id: String,
    pub(super) arn: String,
    pub(super) name: String,
    pub(super) kind: String,
    pub(super) handshake_id: String,
    /// The inviter, which manages.
    pub(super) target: TransferParticipant,
    /// The invited organization's management account; its id is empty until an invitation
    /// sent by email is accepted.
    pub(super) source: TransferParticipant,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) withdrawn: bool,
    #[allow(dead_code)] // kept as AWS keeps them; no call reads a transfer's tags yet
    pub(super) tags: Vec<Tag>,
}
