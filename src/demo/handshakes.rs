//! Handshakes in the demo, with AWS's state machine: an invitation is OPEN until the
//! recipient accepts or declines it, the originator cancels it, or 15 days pass (EXPIRED).
//! EnableAllFeatures opens a REQUESTED parent and an APPROVE_ALL_FEATURES child per member;
//! once every member has accepted, the parent is OPEN and the management account accepting
//! it turns all features on. A responsibility-transfer invitation (TRANSFER_RESPONSIBILITY)
//! is answered here too; its transfer follows the handshake (`transfers`).

use std::time::SystemTime;

use super::admin_state::{access_denied, rfc3339, HandshakeRecord, DAY};
use super::errors::{invalid, invalid_pattern};
use super::limits::MAX_ACCOUNTS;
use super::state::{Org, State, FULL_AWS_ACCESS};
use super::validate::check_prefixed_id;
use crate::org::error::{OrgError, OrgResult};
use crate::org::handshakes::*;
use crate::org::ids;
use crate::org::types::{Account, AccountState, PolicyType};

const ACTIVE: [&str; 2] = ["OPEN", "REQUESTED"];

pub(super) fn handshake_constraint(reason: &str, message: &str) -> OrgError {
    OrgError::new(
        "HandshakeConstraintViolationException",
        format!("{reason}: {message}"),
    )
}

fn not_found(id: &str) -> OrgError {
    OrgError::new(
        "HandshakeNotFoundException",
        format!("We can't find a handshake with the HandshakeId \"{id}\"."),
    )
}

fn check_handshake_id(id: &str) -> OrgResult<()> {
    check_prefixed_id("HandshakeId", "h-", id)
}

fn check_filter(f: &HandshakeFilter) -> OrgResult<()> {
    if f.action_type.is_some() && f.parent_handshake_id.is_some() {
        return Err(invalid(
            "INVALID_INPUT: Specify ActionType or ParentHandshakeId, not both.",
        ));
    }
    if let Some(a) = &f.action_type {
        let actions = [
            "INVITE",
            "ENABLE_ALL_FEATURES",
            "APPROVE_ALL_FEATURES",
            "TRANSFER_RESPONSIBILITY",
        ];
        if !actions.contains(&a.as_str()) {
            return Err(invalid(format!(
                "INVALID_ENUM: \"{a}\" is not a handshake action."
            )));
        }
    }
    if let Some(p) = &f.parent_handshake_id {
        check_handshake_id(p)?;
    }
    Ok(())
}

fn matches(r: &HandshakeRecord, f: &HandshakeFilter) -> bool {
    f.action_type.as_ref().is_none_or(|a| *a == r.shown.action)
        && f.parent_handshake_id
            .as_ref()
            .is_none_or(|p| r.parent.as_ref() == Some(p))
}

impl Org {
    pub(super) fn expire_handshakes(&mut self, now: SystemTime) {
        for r in &mut self.life.handshakes {
            if ACTIVE.contains(&r.shown.state.as_str()) && now >= r.expires {
                r.shown.state = "EXPIRED".to_string();
            }
        }
    }

    fn is_member_party(&self, party: &HandshakeParty) -> bool {
        match party.kind.as_str() {
            "EMAIL" => self
                .accounts
                .iter()
                .any(|a| a.account.email.eq_ignore_ascii_case(&party.id)),
            _ => self.account(&party.id).is_some(),
        }
    }

    fn record(&mut self, id: &str) -> OrgResult<&mut HandshakeRecord> {
        check_handshake_id(id)?;
        self.life
            .handshakes
            .iter_mut()
            .find(|r| r.shown.id == id)
            .ok_or_else(|| not_found(id))
    }

    /// A new handshake from the management account to `recipient`.
    pub(super) fn open(
        &mut self,
        id: String,
        action: &str,
        recipient: HandshakeParty,
        resources: Vec<HandshakeResource>,
        parent: Option<String>,
        now: SystemTime,
    ) -> Handshake {
        let lifetime = DAY * HANDSHAKE_LIFETIME_DAYS as u32;
        let expires = now.checked_add(lifetime).unwrap_or(now);
        let shown = Handshake {
            arn: format!(
                "arn:aws:organizations::{}:handshake/{}/{}/{id}",
                self.master_id,
                self.id,
                action.to_ascii_lowercase()
            ),
            id,
            parties: vec![
                HandshakeParty {
                    id: self.id.clone(),
                    kind: "ORGANIZATION".into(),
                },
                recipient.clone(),
            ],
            state: "OPEN".into(),
            requested_at: rfc3339(now),
            expires_at: rfc3339(expires),
            action: action.into(),
            resources,
        };
        self.life.handshakes.push(HandshakeRecord {
            shown: shown.clone(),
            originator: self.master_id.clone(),
            recipient,
            parent,
            expires,
        });
        shown
    }

    fn organization_resource(&self) -> HandshakeResource {
        HandshakeResource {
            value: self.id.clone(),
            kind: "ORGANIZATION".into(),
            resources: vec![
                HandshakeResource::new("MASTER_EMAIL", &self.master_email),
                HandshakeResource::new("MASTER_NAME", "Management"),
                HandshakeResource::new("ORGANIZATION_FEATURE_SET", &self.feature_set),
            ],
        }
    }

    fn pending_all_features(&self) -> bool {
        self.life.handshakes.iter().any(|r| {
            r.shown.action == "ENABLE_ALL_FEATURES" && ACTIVE.contains(&r.shown.state.as_str())
        })
    }

    /// All features on: SCPs enabled with FullAWSAccess everywhere, as in a new organization.
    fn turn_on_all_features(&mut self) {
        self.feature_set = "ALL".into();
        if !self.root.enabled.contains(&PolicyType::ServiceControl) {
            self.root.enabled.push(PolicyType::ServiceControl);
        }
        let targets: Vec<String> = std::iter::once(self.root.id.clone())
            .chain(self.ous.iter().map(|o| o.id.clone()))
            .chain(self.accounts.iter().map(|a| a.account.id.clone()))
            .collect();
        for t in targets {
            if !self.is_attached(FULL_AWS_ACCESS, &t) {
                self.attachments.push((FULL_AWS_ACCESS.to_string(), t));
            }
        }
    }

    /// A parent whose children have all accepted opens for the final acceptance.
    fn update_parent(&mut self, parent_id: &str) {
        let children = self
            .life
            .handshakes
            .iter()
            .filter(|r| r.parent.as_deref() == Some(parent_id));
        let all_accepted = children.clone().all(|r| r.shown.state == "ACCEPTED");
        if let Some(p) = self
            .life
            .handshakes
            .iter_mut()
            .find(|r| r.shown.id == parent_id && r.shown.state == "REQUESTED")
        {
            if all_accepted {
                p.shown.state = "OPEN".into();
            }
        }
    }
}

impl State {
    fn is_recipient(&self, r: &HandshakeRecord) -> bool {
        match r.recipient.kind.as_str() {
            "EMAIL" => self
                .caller_email()
                .is_some_and(|e| e.eq_ignore_ascii_case(&r.recipient.id)),
            _ => r.recipient.id == self.caller,
        }
    }

    pub(super) fn invite(
        &mut self,
        target: &HandshakeParty,
        notes: Option<&str>,
        now: SystemTime,
    ) -> OrgResult<Handshake> {
        match target.kind.as_str() {
            "ACCOUNT" if ids::is_account_id(&target.id) => {}
            "ACCOUNT" => return Err(invalid_pattern("Target.Id", &target.id)),
            "EMAIL" => ids::validate_email(&target.id)
                .map_err(|e| invalid(format!("INVALID_EMAIL_ADDRESS_TARGET: {e}")))?,
            other => {
                return Err(invalid(format!(
                    "INVALID_PARTY_TYPE_TARGET: You can invite an ACCOUNT or an EMAIL, not {other}."
                )))
            }
        }
        if notes.is_some_and(|n| n.chars().count() > 1024) {
            return Err(invalid(
                "MAX_LENGTH_EXCEEDED: Notes are at most 1024 characters.",
            ));
        }
        let id = self.fresh_id(|g| format!("h-{}", g.alnum(10)));
        let org = self.org_as_master()?;
        if org.is_member_party(target) {
            return Err(handshake_constraint(
                "ALREADY_IN_AN_ORGANIZATION",
                "The invited account is already a member of an organization.",
            ));
        }
        if org.pending_all_features() {
            return Err(handshake_constraint(
                "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES",
                "You can't invite accounts while the organization is enabling all features.",
            ));
        }
        if org.accounts.len() >= MAX_ACCOUNTS {
            return Err(handshake_constraint(
                "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                "The organization has reached its account limit.",
            ));
        }
        let duplicate = org.life.handshakes.iter().any(|r| {
            r.shown.action == "INVITE"
                && ACTIVE.contains(&r.shown.state.as_str())
                && r.recipient.id.eq_ignore_ascii_case(&target.id)
        });
        if duplicate {
            return Err(OrgError::new(
                "DuplicateHandshakeException",
                "That account already has an open invitation from this organization.",
            ));
        }
        let mut resources = vec![
            org.organization_resource(),
            HandshakeResource::new(&target.kind, &target.id),
        ];
        if let Some(n) = notes {
            resources.push(HandshakeResource::new("NOTES", n));
        }
        Ok(org.open(id, "INVITE", target.clone(), resources, None, now))
    }

    pub(super) fn enable_all_features(&mut self, now: SystemTime) -> OrgResult<Handshake> {
        let parent_id = self.fresh_id(|g| format!("h-{}", g.alnum(10)));
        let members = self.org()?.accounts.len();
        let child_ids: Vec<String> = (0..members)
            .map(|_| self.fresh_id(|g| format!("h-{}", g.alnum(10))))
            .collect();
        let org = self.org_as_master()?;
        if org.feature_set == "ALL" {
            return Err(handshake_constraint(
                "ORGANIZATION_ALREADY_HAS_ALL_FEATURES",
                "The organization already has all features.",
            ));
        }
        if org.pending_all_features() {
            return Err(handshake_constraint(
                "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
                "The organization is already enabling all features.",
            ));
        }
        let master = HandshakeParty::account(&org.master_id);
        let resources = vec![org.organization_resource()];
        let mut parent = org.open(
            parent_id.clone(),
            "ENABLE_ALL_FEATURES",
            master,
            resources,
            None,
            now,
        );
        let others: Vec<String> = org
            .accounts
            .iter()
            .map(|a| a.account.id.clone())
            .filter(|id| *id != org.master_id)
            .collect();
        for (member, child) in others.iter().zip(child_ids) {
            let resources = vec![
                org.organization_resource(),
                HandshakeResource::new("PARENT_HANDSHAKE", &parent_id),
            ];
            let party = HandshakeParty::account(member);
            org.open(
                child,
                "APPROVE_ALL_FEATURES",
                party,
                resources,
                Some(parent_id.clone()),
                now,
            );
        }
        if !others.is_empty() {
            parent.state = "REQUESTED".into();
            if let Some(r) = org
                .life
                .handshakes
                .iter_mut()
                .find(|r| r.shown.id == parent_id)
            {
                r.shown.state = "REQUESTED".into();
            }
        }
        Ok(parent)
    }

    pub(super) fn list_handshakes(
        &mut self,
        filter: &HandshakeFilter,
        for_organization: bool,
    ) -> OrgResult<Vec<Handshake>> {
        check_filter(filter)?;
        if for_organization {
            self.org_as_master()?;
        }
        let org = self.org()?;
        Ok(org
            .life
            .handshakes
            .iter()
            .filter(|r| matches(r, filter))
            .filter(|r| for_organization || r.originator == self.caller || self.is_recipient(r))
            .map(|r| r.shown.clone())
            .collect())
    }

    pub(super) fn describe_handshake(&self, id: &str) -> OrgResult<Handshake> {
        check_handshake_id(id)?;
        let org = self.org()?;
        org.life
            .handshakes
            .iter()
            .find(|r| r.shown.id == id && (r.originator == self.caller || self.is_recipient(r)))
            .map(|r| r.shown.clone())
            .ok_or_else(|| not_found(id))
    }

    /// Moves handshake `id` to `to` (ACCEPTED, DECLINED or CANCELED) if the caller may and
    /// its state allows; the effects of accepting follow.
    pub(super) fn answer_handshake(
        &mut self,
        id: &str,
        to: &str,
        now: SystemTime,
    ) -> OrgResult<Handshake> {
        let caller = self.caller.clone();
        let email = self.caller_email();
        let (is_recipient, is_originator) = {
            let org = self.org_mut()?;
            let r = org.record(id)?;
            let recipient = match r.recipient.kind.as_str() {
                "EMAIL" => email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&r.recipient.id)),
                _ => r.recipient.id == caller,
            };
            (recipient, r.originator == caller)
        };
        let allowed = if to == "CANCELED" {
            is_originator
        } else {
            is_recipient
        };
        if !allowed {
            return Err(access_denied());
        }
        let org = self.org_mut()?;
        let r = org.record(id)?;
        let state = r.shown.state.clone();
        if state == to {
            return Err(OrgError::new(
                "HandshakeAlreadyInStateException",
                format!("The handshake is already {to}."),
            ));
        }
        let can = match to {
            "ACCEPTED" => state == "OPEN",
            _ => ACTIVE.contains(&state.as_str()),
        };
        if !can {
            return Err(OrgError::new(
                "InvalidHandshakeTransitionException",
                format!("A handshake that is {state} can't become {to}."),
            ));
        }
        let (action, parent, recipient) = (
            r.shown.action.clone(),
            r.parent.clone(),
            r.recipient.clone(),
        );
        if to == "ACCEPTED" && action == "INVITE" {
            org.join_invited(&caller, email.as_deref(), &recipient, now)?;
        }
        if to == "ACCEPTED" && action == "TRANSFER_RESPONSIBILITY" {
            org.accept_transfer(id, &caller, email.as_deref())?;
        }
        let r = org.record(id)?;
        r.shown.state = to.to_string();
        let shown = r.shown.clone();
        match action.as_str() {
            "APPROVE_ALL_FEATURES" => {
                if let Some(p) = parent {
                    org.update_parent(&p);
                }
            }
            "ENABLE_ALL_FEATURES" if to == "ACCEPTED" => org.turn_on_all_features(),
            _ => {}
        }
        Ok(shown)
    }
}

impl Org {
    /// The invited caller joins under the root.
    fn join_invited(
        &mut self,
        caller: &str,
        email: Option<&str>,
        recipient: &HandshakeParty,
        now: SystemTime,
    ) -> OrgResult<()> {
        if self.account(caller).is_some() {
            return Err(handshake_constraint(
                "ALREADY_IN_AN_ORGANIZATION",
                "The account is already a member of an organization.",
            ));
        }
        let email = email
            .map(str::to_string)
            .or_else(|| (recipient.kind == "EMAIL").then(|| recipient.id.clone()))
            .unwrap_or_else(|| format!("aws+{caller}@example.com"));
        let account = Account {
            arn: self.arn("account", caller),
            id: caller.to_string(),
            name: email.split('@').next().unwrap_or(caller).to_string(),
            email,
            state: AccountState::Active,
            joined_method: "INVITED".into(),
            joined_at: rfc3339(now),
        };
        let root = self.root.id.clone();
        self.add_account(account, &root);
        Ok(())
    }
}
