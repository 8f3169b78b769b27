//! Policies: creating them, attaching and detaching them, and the policy lists.

use super::errors::{constraint, invalid};
use super::limits::{max_attachments, max_content_len, MAX_POLICIES_PER_TYPE};
use super::state::{Org, State};
use super::validate::{check_policy_document, check_policy_type};
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::*;

impl Org {
    pub(super) fn attach(&mut self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let kind = self.existing_policy(policy_id)?.summary.kind.clone();
        self.existing_target(target_id)?;
        if !self.root.enabled.contains(&kind) {
            return Err(OrgError::new(
                "PolicyTypeNotEnabledException",
                format!(
                    "The policy type {} isn't enabled in the root. Enable it first.",
                    kind.as_api_str()
                ),
            ));
        }
        if self.is_attached(policy_id, target_id) {
            return Err(OrgError::new(
                "DuplicatePolicyAttachmentException",
                format!("The policy {policy_id} is already attached to {target_id}."),
            ));
        }
        let max = max_attachments(&kind);
        if self.attached_of_type(target_id, &kind) >= max {
            return Err(constraint(
                "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                &format!(
                    "You can attach at most {max} policies of type {} to {target_id}.",
                    kind.as_api_str()
                ),
            ));
        }
        self.attachments
            .push((policy_id.to_string(), target_id.to_string()));
        Ok(())
    }

    pub(super) fn detach(&mut self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let kind = self.existing_policy(policy_id)?.summary.kind.clone();
        self.existing_target(target_id)?;
        let Some(pos) = self
            .attachments
            .iter()
            .position(|(p, t)| p == policy_id && t == target_id)
        else {
            return Err(OrgError::new(
                "PolicyNotAttachedException",
                format!("The policy {policy_id} is not attached directly to {target_id}."),
            ));
        };
        // Every root, OU and account must keep at least one SCP.
        if kind == PolicyType::ServiceControl && self.attached_of_type(target_id, &kind) <= 1 {
            return Err(constraint(
                "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                &format!(
                    "You can't detach the last service control policy from {target_id}. Attach another SCP first."
                ),
            ));
        }
        self.attachments.remove(pos);
        Ok(())
    }

    pub(super) fn add_policy(
        &mut self,
        id: String,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        check_policy_type(kind)?;
        let name_len = name.chars().count();
        if !(1..=128).contains(&name_len) {
            return Err(invalid(
                "INVALID_INPUT: Policy name must be 1 to 128 characters.",
            ));
        }
        if description.chars().count() > 512 {
            return Err(invalid(
                "MAX_LENGTH_EXCEEDED: Policy description must be at most 512 characters.",
            ));
        }
        if content.is_empty() {
            return Err(invalid("INPUT_REQUIRED: Content must not be empty."));
        }
        if self.feature_set != "ALL" {
            return Err(OrgError::new(
                "PolicyTypeNotAvailableForOrganizationException",
                "Policies need an organization with all features enabled.",
            ));
        }
        let max = max_content_len(kind);
        if content.chars().count() > max {
            return Err(constraint(
                "POLICY_CONTENT_LIMIT_EXCEEDED",
                &format!(
                    "A {} document can be at most {max} characters.",
                    kind.as_api_str()
                ),
            ));
        }
        check_policy_document(kind, content)?;
        if self
            .policies
            .iter()
            .any(|p| p.summary.name == name && &p.summary.kind == kind)
        {
            return Err(OrgError::new(
                "DuplicatePolicyException",
                format!("A policy named \"{name}\" already exists."),
            ));
        }
        if self
            .policies
            .iter()
            .filter(|p| &p.summary.kind == kind)
            .count()
            >= MAX_POLICIES_PER_TYPE
        {
            return Err(constraint(
                "POLICY_NUMBER_LIMIT_EXCEEDED",
                &format!("An organization can have at most {MAX_POLICIES_PER_TYPE} policies of one type."),
            ));
        }
        let summary = PolicySummary {
            arn: self.policy_arn(&id, kind, false),
            id,
            name: name.to_string(),
            description: description.to_string(),
            kind: kind.clone(),
            aws_managed: false,
        };
        self.policies.push(Policy {
            summary: summary.clone(),
            content: content.to_string(),
        });
        Ok(summary)
    }
}

impl State {
    pub(super) fn list_policies(&self, filter: &PolicyType) -> OrgResult<Vec<PolicySummary>> {
        check_policy_type(filter)?;
        Ok(self
            .org()?
            .policies
            .iter()
            .filter(|p| &p.summary.kind == filter)
            .map(|p| p.summary.clone())
            .collect())
    }

    pub(super) fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
    ) -> OrgResult<Vec<PolicySummary>> {
        check_policy_type(filter)?;
        let org = self.org()?;
        org.existing_target(target_id)?;
        Ok(org
            .policies
            .iter()
            .filter(|p| &p.summary.kind == filter && org.is_attached(&p.summary.id, target_id))
            .map(|p| p.summary.clone())
            .collect())
    }

    pub(super) fn list_targets_for_policy(&self, policy_id: &str) -> OrgResult<Vec<PolicyTarget>> {
        let org = self.org()?;
        org.existing_policy(policy_id)?;
        Ok(org
            .attachments
            .iter()
            .filter(|(p, _)| p == policy_id)
            .filter_map(|(_, t)| {
                org.target(t).map(|(kind, name, arn)| PolicyTarget {
                    target_id: t.clone(),
                    arn,
                    name,
                    kind,
                })
            })
            .collect())
    }

    pub(super) fn create_policy(
        &mut self,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        self.org()?;
        let id = self.fresh_id(|g| format!("p-{}", g.alnum(8)));
        self.org_mut()?
            .add_policy(id, name, description, content, kind)
    }
}
