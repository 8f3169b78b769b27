//! Enabling and disabling policy types on the root, and the AWS-managed policies that come
//! with them: FullAWSAccess (SCPs) and RCPFullAWSAccess (RCPs), attached to every root, OU
//! and account while their type is enabled.

use super::state::{Org, FULL_AWS_ACCESS};
use super::validate::check_policy_type;
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::*;

pub(super) const RCP_FULL_AWS_ACCESS: &str = "p-RCPFullAWSAccess";
const RCP_FULL_AWS_ACCESS_CONTENT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// The AWS-managed policy attached everywhere while `kind` is enabled, if `kind` has one.
fn default_policy(kind: &PolicyType) -> Option<&'static str> {
    match kind {
        PolicyType::ServiceControl => Some(FULL_AWS_ACCESS),
        PolicyType::ResourceControl => Some(RCP_FULL_AWS_ACCESS),
        _ => None,
    }
}

impl Org {
    /// Attaches the AWS-managed default policy of every enabled type to an OU or account
    /// just created (which has nothing attached yet).
    pub(super) fn attach_defaults_to_new(&mut self, target_id: &str) {
        for policy in self.default_policies() {
            self.attachments
                .push((policy.to_string(), target_id.to_string()));
        }
    }

    fn default_policies(&self) -> Vec<&'static str> {
        self.root
            .enabled
            .iter()
            .filter_map(default_policy)
            .filter(|p| self.policy(p).is_some())
            .collect()
    }

    /// The root exists and `kind` is a policy type AWS knows.
    fn check_root_and_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<()> {
        if self.root.id == root_id {
            check_policy_type(kind)
        } else {
            Err(OrgError::new(
                "RootNotFoundException",
                "You specified a root that doesn't exist.",
            ))
        }
    }

    fn ensure_rcp_full_access(&mut self) {
        if self.policy(RCP_FULL_AWS_ACCESS).is_some() {
            return;
        }
        let kind = PolicyType::ResourceControl;
        self.policies.push(Policy {
            summary: PolicySummary {
                id: RCP_FULL_AWS_ACCESS.to_string(),
                arn: self.policy_arn(RCP_FULL_AWS_ACCESS, &kind, true),
                name: "RCPFullAWSAccess".to_string(),
                description: "Allows access to every resource".to_string(),
                kind,
                aws_managed: true,
            },
            content: RCP_FULL_AWS_ACCESS_CONTENT.to_string(),
        });
    }

    /// Every root, OU and account id.
    fn all_targets(&self) -> Vec<String> {
        std::iter::once(self.root.id.clone())
            .chain(self.ous.iter().map(|o| o.id.clone()))
            .chain(self.accounts.iter().map(|a| a.account.id.clone()))
            .collect()
    }

    pub(super) fn enable_policy_type(
        &mut self,
        root_id: &str,
        kind: &PolicyType,
    ) -> OrgResult<Root> {
        self.check_root_and_type(root_id, kind)?;
        if self.feature_set != "ALL" {
            return Err(OrgError::new(
                "PolicyTypeNotAvailableForOrganizationException",
                "You can't use a policy type that isn't available in the organization.",
            ));
        }
        if self.root.enabled.contains(kind) {
            return Err(OrgError::new(
                "PolicyTypeAlreadyEnabledException",
                "The specified policy type is already enabled.",
            ));
        }
        if kind == &PolicyType::ResourceControl {
            self.ensure_rcp_full_access();
        }
        self.root.enabled.push(kind.clone());
        // Like AWS: enabling SCPs (again) or RCPs attaches the AWS-managed full-access
        // policy everywhere, so nothing is denied the moment the type is on.
        // One pass over what is attached, not one per target (12,000 in a large demo).
        let defaults = self.default_policies();
        let missing: Vec<(String, String)> = {
            let have: std::collections::HashSet<(&str, &str)> = self
                .attachments
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            self.all_targets()
                .iter()
                .flat_map(|t| defaults.iter().map(move |p| (*p, t.as_str())))
                .filter(|pair| !have.contains(pair))
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect()
        };
        self.attachments.extend(missing);
        Ok(self.root_info())
    }

    /// Disabling a type detaches every policy of that type from every root, OU and account
    /// (for SCPs: every SCP everywhere, FullAWSAccess included).
    pub(super) fn disable_policy_type(
        &mut self,
        root_id: &str,
        kind: &PolicyType,
    ) -> OrgResult<Root> {
        self.check_root_and_type(root_id, kind)?;
        let Some(pos) = self.root.enabled.iter().position(|t| t == kind) else {
            return Err(OrgError::new(
                "PolicyTypeNotEnabledException",
                "This operation can be performed only for enabled policy types.",
            ));
        };
        self.root.enabled.remove(pos);
        let of_kind: Vec<String> = self
            .policies
            .iter()
            .filter(|p| &p.summary.kind == kind)
            .map(|p| p.summary.id.clone())
            .collect();
        self.attachments.retain(|(p, _)| !of_kind.contains(p));
        Ok(self.root_info())
    }
}
