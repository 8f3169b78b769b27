//! Policies: creating, updating and deleting them, attaching and detaching them, and the
//! policy lists.

use super::errors::{constraint, invalid};
use super::limits::{max_attachments, max_content_len, MAX_POLICIES_PER_TYPE};
use super::policy_types::RCP_FULL_AWS_ACCESS;
use super::state::{Org, State};
use super::validate::{check_policy_document, check_policy_type};
use crate::org::error::{OrgError, OrgResult};
use crate::org::policy_admin::PolicyUpdate;
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
        if policy_id == RCP_FULL_AWS_ACCESS {
            return Err(constraint(
                "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
                "RCPFullAWSAccess is attached everywhere while RCPs are enabled and can't be detached.",
            ));
        }
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

    /// The checks CreatePolicy and UpdatePolicy share, in AWS's order: name, description,
    /// content (size, then document), then a name clash with another policy of the type.
    fn check_policy_fields(
        &self,
        kind: &PolicyType,
        name: Option<&str>,
        description: Option<&str>,
        content: Option<&str>,
        except_id: Option<&str>,
    ) -> OrgResult<()> {
        if let Some(name) = name {
            if !(1..=128).contains(&name.chars().count()) {
                return Err(invalid(
                    "INVALID_INPUT: Policy name must be 1 to 128 characters.",
                ));
            }
        }
        if description.is_some_and(|d| d.chars().count() > 512) {
            return Err(invalid(
                "MAX_LENGTH_EXCEEDED: Policy description must be at most 512 characters.",
            ));
        }
        if let Some(content) = content {
            check_content(kind, content)?;
        }
        if let Some(name) = name {
            let clash = self.policies.iter().any(|p| {
                p.summary.name == name
                    && &p.summary.kind == kind
                    && Some(p.summary.id.as_str()) != except_id
            });
            if clash {
                return Err(OrgError::new(
                    "DuplicatePolicyException",
                    format!("A policy named \"{name}\" already exists."),
                ));
            }
        }
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
        if self.feature_set != "ALL" {
            return Err(OrgError::new(
                "PolicyTypeNotAvailableForOrganizationException",
                "Policies need an organization with all features enabled.",
            ));
        }
        self.check_policy_fields(kind, Some(name), Some(description), Some(content), None)?;
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

    /// An AWS-managed policy can be attached and detached but never changed or deleted.
    fn changeable_policy(&self, policy_id: &str) -> OrgResult<&Policy> {
        let policy = self.existing_policy(policy_id)?;
        if policy.summary.aws_managed {
            return Err(OrgError::new(
                "AccessDeniedException",
                format!(
                    "{} is an AWS managed policy: it can't be changed or deleted.",
                    policy.summary.name
                ),
            ));
        }
        Ok(policy)
    }

    pub(super) fn update_policy(
        &mut self,
        policy_id: &str,
        update: &PolicyUpdate,
    ) -> OrgResult<Policy> {
        let kind = self.changeable_policy(policy_id)?.summary.kind.clone();
        self.check_policy_fields(
            &kind,
            update.name.as_deref(),
            update.description.as_deref(),
            update.content.as_deref(),
            Some(policy_id),
        )?;
        let policy = self
            .policies
            .iter_mut()
            .find(|p| p.summary.id == policy_id)
            .ok_or_else(|| OrgError::new("PolicyNotFoundException", policy_id.to_string()))?;
        if let Some(name) = &update.name {
            policy.summary.name.clone_from(name);
        }
        if let Some(description) = &update.description {
            policy.summary.description.clone_from(description);
        }
        if let Some(content) = &update.content {
            policy.content.clone_from(content);
        }
        Ok(policy.clone())
    }

    pub(super) fn delete_policy(&mut self, policy_id: &str) -> OrgResult<()> {
        self.changeable_policy(policy_id)?;
        if self.attachments.iter().any(|(p, _)| p == policy_id) {
            return Err(OrgError::new(
                "PolicyInUseException",
                "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.",
            ));
        }
        self.policies.retain(|p| p.summary.id != policy_id);
        self.tags.remove(policy_id);
        Ok(())
    }
}

/// A document's size against the type's quota, then its content against the policy
/// grammar (`crate::policy::validate`) and the outline AWS checks for SCPs and RCPs.
fn check_content(kind: &PolicyType, content: &str) -> OrgResult<()> {
    if content.is_empty() {
        return Err(invalid("INPUT_REQUIRED: Content must not be empty."));
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
    if let Some(p) = crate::policy::validate(kind, content).first() {
        return Err(OrgError::new(
            "MalformedPolicyDocumentException",
            format!(
                "The provided policy document does not meet the requirements of the specified policy type: line {}, column {}: {}",
                p.line, p.column, p.message
            ),
        ));
    }
    check_policy_document(kind, content)
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

    /// The ids of the targets `policy_id` is attached to; [`Self::policy_target`] describes
    /// one (only those of the page asked for are described: a policy attached to every
    /// node of a generated organization has thousands).
    pub(super) fn list_targets_for_policy(&self, policy_id: &str) -> OrgResult<Vec<String>> {
        let org = self.org()?;
        org.existing_policy(policy_id)?;
        Ok(org
            .attachments
            .iter()
            .filter(|(p, _)| p == policy_id)
            .map(|(_, t)| t.clone())
            .collect())
    }

    pub(super) fn policy_target(&self, target_id: &str) -> Option<PolicyTarget> {
        let org = self.org().ok()?;
        org.target(target_id).map(|(kind, name, arn)| PolicyTarget {
            target_id: target_id.to_string(),
            arn,
            name,
            kind,
        })
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
