//! The demo's administrative state beside the tree (what `Lifecycle`, `Handshakes` and
//! `Transfers` act on): creation requests still in progress, closures, handshakes,
//! transfers, trusted services, delegated administrators and the resource policy; and
//! `tick`, which lets time pass (creations and closures finish, handshakes expire) before
//! every call.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use aws_smithy_types::DateTime;

use super::errors::not_in_use;
use super::state::{Org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::handshakes::{Handshake, HandshakeParty};
use crate::org::lifecycle::{NewAccount, ResourcePolicy};

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
    pub(super) transfers: Vec<super::transfers::TransferRecord>,
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

impl State {
    /// Lets time pass: finishes creations and closures that are due and expires handshakes.
    pub(super) fn tick(&mut self, now: SystemTime) {
        let Some(org) = self.org.as_mut() else {
            return;
        };
        let due: Vec<String> = org
            .life
            .creations
            .iter()
            .filter(|c| now.duration_since(c.requested).unwrap_or_default() >= CREATION_TIME)
            .map(|c| c.request_id.clone())
            .collect();
        for id in due {
            org.finish_creation(&id, now);
        }
        org.finish_closures(now);
        org.expire_handshakes(now);
    }

    /// The organization, for a call only its management account may make.
    pub(super) fn org_as_master(&mut self) -> OrgResult<&mut Org> {
        let caller = self.caller.clone();
        let org = self.org.as_mut().ok_or_else(not_in_use)?;
        if org.master_id != caller {
            return Err(if org.account(&caller).is_some() {
                access_denied()
            } else {
                not_in_use()
            });
        }
        Ok(org)
    }

    /// The caller's email: a member's own, or one given to `act_as`.
    pub(super) fn caller_email(&self) -> Option<String> {
        let org = self.org.as_ref()?;
        org.account(&self.caller)
            .map(|a| a.account.email.clone())
            .or_else(|| org.life.outside_emails.get(&self.caller).cloned())
    }
}
