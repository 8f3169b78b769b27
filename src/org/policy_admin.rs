//! Managing policies themselves: create, update and delete them, enable and disable policy
//! types on the root, and read effective policies (issue 8).
//!
//! A separate trait so the core browsing interface in `backend.rs` stays small; every
//! backend implements both (`OrgBackend: PolicyAdmin`).

use async_trait::async_trait;

use super::error::OrgResult;
use super::types::Token;
use super::types::*;

/// What CreatePolicy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPolicy {
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    /// The policy document (JSON text), sent as typed.
    pub content: String,
    pub tags: Vec<Tag>,
}

impl NewPolicy {
    pub fn new(name: &str, description: &str, content: &str, kind: &PolicyType) -> Self {
        NewPolicy {
            name: name.into(),
            description: description.into(),
            kind: kind.clone(),
            content: content.into(),
            tags: Vec::new(),
        }
    }
}

/// What UpdatePolicy changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
}

/// DescribeEffectivePolicy's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectivePolicy {
    pub kind: PolicyType,
    pub target_id: String,
    /// RFC 3339 time AWS computed it.
    pub last_updated: String,
    /// The effective policy document (JSON text).
    pub content: String,
}

/// One error of ListEffectivePolicyValidationErrors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectivePolicyError {
    pub error_code: String,
    pub error_message: String,
    /// The path in the effective policy where the error is.
    pub path_to_error: String,
    /// The policies that contributed to the error.
    pub contributing_policies: Vec<String>,
}

/// ListEffectivePolicyValidationErrors' answer: the account's status and one page of errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectivePolicyValidation {
    pub account_id: String,
    pub kind: PolicyType,
    pub path: String,
    pub evaluation_timestamp: String,
    pub errors: Page<EffectivePolicyError>,
}

#[async_trait]
pub trait PolicyAdmin: Send + Sync {
    async fn create_policy(&self, policy: &NewPolicy) -> OrgResult<PolicySummary>;
    /// Answers the policy as it is after the change.
    async fn update_policy(&self, policy_id: &str, update: &PolicyUpdate) -> OrgResult<Policy>;
    /// Only a policy attached nowhere can be deleted (PolicyInUseException otherwise).
    async fn delete_policy(&self, policy_id: &str) -> OrgResult<()>;
    /// Answers the root with its policy types as they are after the call.
    async fn enable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root>;
    /// Answers the root as it is after the call. Disabling a type detaches every policy of
    /// that type everywhere.
    async fn disable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root>;
    /// The policy of a management type (not SCP or RCP) in force for an account.
    async fn describe_effective_policy(
        &self,
        kind: &PolicyType,
        target_id: &str,
    ) -> OrgResult<EffectivePolicy>;
    async fn list_accounts_with_invalid_effective_policy(
        &self,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<Account>>;
    async fn list_effective_policy_validation_errors(
        &self,
        account_id: &str,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<EffectivePolicyValidation>;
}
