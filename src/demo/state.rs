//! The organization's state: its data, the lookups and the blank slate new organizations
//! start from.

use std::collections::HashMap;

use std::time::SystemTime;

use super::admin_state::{access_denied, Life, CREATION_TIME};
use super::errors::{invalid_pattern, not_in_use};
use super::id_gen::IdGen;
use super::validate::{check_parent_id, check_policy_id, check_target_id};
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids::{self, TargetKind};
use crate::org::types::*;

pub(super) const FULL_AWS_ACCESS: &str = "p-FullAWSAccess";
pub(super) const FULL_AWS_ACCESS_CONTENT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

pub(super) struct RootNode {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) enabled: Vec<PolicyType>,
}

pub(super) struct OuNode {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) parent: String,
}

pub(super) struct AccountNode {
    pub(super) account: Account,
    pub(super) parent: String,
}

pub(super) struct Org {
    pub(super) id: String,
    pub(super) feature_set: String,
    pub(super) master_id: String,
    pub(super) master_email: String,
    pub(super) root: RootNode,
    /// Creation order, which is also the order of every list.
    pub(super) ous: Vec<OuNode>,
    /// OU id -> position in `ous` (rebuilt when an OU is deleted), as for accounts.
    pub(super) ou_index: HashMap<String, usize>,
    pub(super) accounts: Vec<AccountNode>,
    /// Account id -> position in `accounts` (rebuilt when an account leaves);
    /// keeps per-target lookups cheap in large generated orgs.
    pub(super) account_index: HashMap<String, usize>,
    pub(super) policies: Vec<Policy>,
    /// (policy id, target id) in attachment order.
    pub(super) attachments: Vec<(String, String)>,
    pub(super) tags: HashMap<String, Vec<Tag>>,
    pub(super) create_statuses: Vec<CreateAccountStatus>,
    /// Everything of the account lifecycle beside the tree (issue 9).
    pub(super) life: Life,
}

impl Org {
    pub(super) fn arn(&self, kind: &str, id: &str) -> String {
        format!(
            "arn:aws:organizations::{}:{kind}/{}/{id}",
            self.master_id, self.id
        )
    }

    pub(super) fn policy_arn(&self, id: &str, kind: &PolicyType, aws_managed: bool) -> String {
        let kind = kind.as_api_str().to_ascii_lowercase();
        if aws_managed {
            format!("arn:aws:organizations::aws:policy/{kind}/{id}")
        } else {
            format!(
                "arn:aws:organizations::{}:policy/{}/{kind}/{id}",
                self.master_id, self.id
            )
        }
    }

    pub(super) fn scp_enabled(&self) -> bool {
        self.root.enabled.contains(&PolicyType::ServiceControl)
    }

    pub(super) fn organization(&self) -> Organization {
        Organization {
            id: self.id.clone(),
            arn: format!(
                "arn:aws:organizations::{}:organization/{}",
                self.master_id, self.id
            ),
            feature_set: self.feature_set.clone(),
            master_account_id: self.master_id.clone(),
            master_account_arn: self.arn("account", &self.master_id),
            master_account_email: self.master_email.clone(),
            available_policy_types: self.root_types(),
        }
    }

    pub(super) fn root_types(&self) -> Vec<PolicyTypeSummary> {
        self.root
            .enabled
            .iter()
            .map(|t| PolicyTypeSummary {
                kind: t.clone(),
                status: "ENABLED".into(),
            })
            .collect()
    }

    pub(super) fn root_info(&self) -> Root {
        Root {
            id: self.root.id.clone(),
            arn: self.arn("root", &self.root.id),
            name: self.root.name.clone(),
            policy_types: self.root_types(),
        }
    }

    pub(super) fn ou_info(&self, ou: &OuNode) -> OrgUnit {
        OrgUnit {
            id: ou.id.clone(),
            arn: self.arn("ou", &ou.id),
            name: ou.name.clone(),
        }
    }

    pub(super) fn ou(&self, id: &str) -> Option<&OuNode> {
        self.ou_index.get(id).and_then(|&i| self.ous.get(i))
    }

    pub(super) fn account(&self, id: &str) -> Option<&AccountNode> {
        self.account_index
            .get(id)
            .and_then(|&i| self.accounts.get(i))
    }

    pub(super) fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.summary.id == id)
    }

    pub(super) fn parent_exists(&self, id: &str) -> bool {
        id == self.root.id || self.ou(id).is_some()
    }

    /// Name and ARN of a root, OU or account, if it exists.
    pub(super) fn target(&self, id: &str) -> Option<(TargetKind, String, String)> {
        if id == self.root.id {
            return Some((
                TargetKind::Root,
                self.root.name.clone(),
                self.arn("root", id),
            ));
        }
        if let Some(ou) = self.ou(id) {
            return Some((
                TargetKind::OrganizationalUnit,
                ou.name.clone(),
                self.arn("ou", id),
            ));
        }
        self.account(id).map(|a| {
            (
                TargetKind::Account,
                a.account.name.clone(),
                a.account.arn.clone(),
            )
        })
    }

    pub(super) fn existing_target(&self, id: &str) -> OrgResult<(TargetKind, String, String)> {
        check_target_id("TargetId", id)?;
        self.target(id).ok_or_else(|| {
            OrgError::new(
                "TargetNotFoundException",
                format!("We can't find a root, OU, or account with the TargetId \"{id}\"."),
            )
        })
    }

    pub(super) fn existing_policy(&self, id: &str) -> OrgResult<&Policy> {
        check_policy_id(id)?;
        self.policy(id).ok_or_else(|| {
            OrgError::new(
                "PolicyNotFoundException",
                format!("We can't find a policy with the PolicyId \"{id}\"."),
            )
        })
    }

    pub(super) fn existing_parent(&self, field: &str, id: &str) -> OrgResult<()> {
        check_parent_id(field, id)?;
        if self.parent_exists(id) {
            Ok(())
        } else {
            Err(OrgError::new(
                "ParentNotFoundException",
                format!("We can't find a root or OU with the ParentId \"{id}\"."),
            ))
        }
    }

    pub(super) fn existing_ou(&self, id: &str) -> OrgResult<&OuNode> {
        if !ids::is_ou_id(id) {
            return Err(invalid_pattern("OrganizationalUnitId", id));
        }
        self.ou(id).ok_or_else(|| {
            OrgError::new(
                "OrganizationalUnitNotFoundException",
                format!("We can't find an organizational unit (OU) with the ID \"{id}\"."),
            )
        })
    }

    pub(super) fn existing_account(&self, id: &str) -> OrgResult<&AccountNode> {
        if !ids::is_account_id(id) {
            return Err(invalid_pattern("AccountId", id));
        }
        self.account(id).ok_or_else(|| {
            OrgError::new(
                "AccountNotFoundException",
                format!("We can't find an account with the AccountId \"{id}\"."),
            )
        })
    }

    /// Levels of OUs from the root down to and including `ou_id` (a child of the root is 1).
    pub(super) fn depth(&self, ou_id: &str) -> usize {
        let mut depth = 0;
        let mut cur = ou_id;
        // Bounded so a corrupted cycle cannot loop forever.
        while let Some(ou) = self.ou(cur) {
            depth += 1;
            if depth > self.ous.len() {
                break;
            }
            cur = &ou.parent;
        }
        depth
    }

    pub(super) fn id_in_use(&self, id: &str) -> bool {
        id == self.root.id
            || self.ou(id).is_some()
            || self.account(id).is_some()
            || self.policy(id).is_some()
            || self.create_statuses.iter().any(|s| s.id == id)
    }

    pub(super) fn is_attached(&self, policy_id: &str, target_id: &str) -> bool {
        self.attachments
            .iter()
            .any(|(p, t)| p == policy_id && t == target_id)
    }

    pub(super) fn attached_of_type(&self, target_id: &str, kind: &PolicyType) -> usize {
        self.attachments
            .iter()
            .filter(|(p, t)| {
                t == target_id && self.policy(p).is_some_and(|p| &p.summary.kind == kind)
            })
            .count()
    }
}

/// The organization's blank slate: a root, the management account and FullAWSAccess.
pub(super) fn new_org(
    id: String,
    root_id: String,
    root_name: &str,
    feature_set: &str,
    enabled: Vec<PolicyType>,
    master_id: &str,
    master_email: &str,
) -> Org {
    let mut org = Org {
        id,
        feature_set: feature_set.to_string(),
        master_id: master_id.to_string(),
        master_email: master_email.to_string(),
        root: RootNode {
            id: root_id.clone(),
            name: root_name.to_string(),
            enabled,
        },
        ous: Vec::new(),
        ou_index: HashMap::new(),
        accounts: Vec::new(),
        account_index: HashMap::new(),
        policies: Vec::new(),
        attachments: Vec::new(),
        tags: HashMap::new(),
        create_statuses: Vec::new(),
        life: Life::default(),
    };
    org.policies.push(Policy {
        summary: PolicySummary {
            id: FULL_AWS_ACCESS.to_string(),
            arn: org.policy_arn(FULL_AWS_ACCESS, &PolicyType::ServiceControl, true),
            name: "FullAWSAccess".to_string(),
            description: "Allows access to every operation".to_string(),
            kind: PolicyType::ServiceControl,
            aws_managed: true,
        },
        content: FULL_AWS_ACCESS_CONTENT.to_string(),
    });
    if org.scp_enabled() {
        org.attachments.push((FULL_AWS_ACCESS.to_string(), root_id));
    }
    org
}

pub(super) struct State {
    pub(super) caller: String,
    pub(super) org: Option<Org>,
    pub(super) ids: IdGen,
}

impl State {
    pub(super) fn org(&self) -> OrgResult<&Org> {
        self.org.as_ref().ok_or_else(not_in_use)
    }

    pub(super) fn org_mut(&mut self) -> OrgResult<&mut Org> {
        self.org.as_mut().ok_or_else(not_in_use)
    }

    /// A fresh id `prefix` + generated part that nothing in the organization uses yet.
    pub(super) fn fresh_id(&mut self, make: impl Fn(&mut IdGen) -> String) -> String {
        loop {
            let id = make(&mut self.ids);
            if !self.org.as_ref().is_some_and(|o| o.id_in_use(&id)) {
                return id;
            }
        }
    }
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
