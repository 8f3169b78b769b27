//! The account lifecycle and the organization itself (issue 9): creating (GovCloud pairs
//! too), removing and closing accounts, tags, delegated administrators, trusted services,
//! the organization's resource policy, creating, deleting and leaving organizations.
//! Invitations and the other handshakes are in [`handshakes`](super::handshakes),
//! responsibility transfers in [`transfers`](super::transfers).
//!
//! A separate trait so the core browsing interface in `backend.rs` stays small; every
//! backend implements it (`OrgBackend: Lifecycle`).

use async_trait::async_trait;

use super::error::OrgResult;
use super::types::Token;
use super::types::*;

/// The role CreateAccount makes in the new account when no other name is given.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

/// What CreateAccount needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub name: String,
    /// `None` leaves it to AWS ([`DEFAULT_ROLE_NAME`]).
    pub role_name: Option<String>,
    /// `Some(true)` is ALLOW, `Some(false)` DENY; `None` leaves AWS's default (ALLOW).
    pub iam_user_access_to_billing: Option<bool>,
    /// Tags the new account gets once created.
    pub tags: Vec<Tag>,
}

impl NewAccount {
    pub fn new(email: &str, name: &str) -> Self {
        NewAccount {
            email: email.into(),
            name: name.into(),
            role_name: None,
            iam_user_access_to_billing: None,
            tags: Vec::new(),
        }
    }
}

/// The states ListCreateAccountStatus filters by.
pub const CREATE_ACCOUNT_STATES: [&str; 3] = ["IN_PROGRESS", "SUCCEEDED", "FAILED"];

/// One entry of ListDelegatedAdministrators: the account and since when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatedAdministrator {
    pub account: Account,
    /// RFC 3339 time it first became a delegated administrator.
    pub delegation_enabled_at: String,
}

/// A service an account is delegated administrator for (ListDelegatedServicesForAccount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegatedService {
    pub service_principal: String,
    pub delegation_enabled_at: String,
}

/// A service with trusted access to the organization (ListAWSServiceAccessForOrganization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnabledService {
    pub service_principal: String,
    pub enabled_at: String,
}

/// The organization's resource policy (Put/DescribeResourcePolicy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePolicy {
    pub id: String,
    pub arn: String,
    /// The policy document (JSON text).
    pub content: String,
}

#[async_trait]
pub trait Lifecycle: Send + Sync {
    // --- the organization ---
    /// Creates an organization with the caller as management account. `feature_set` is ALL
    /// or CONSOLIDATED_BILLING.
    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization>;
    /// Deletes the organization; it must have no member accounts.
    async fn delete_organization(&self) -> OrgResult<()>;
    /// The caller (a member account) leaves its organization.
    async fn leave_organization(&self) -> OrgResult<()>;

    // --- accounts ---
    /// Starts creating an account; follow it with `describe_create_account_status`.
    async fn create_account(&self, account: &NewAccount) -> OrgResult<CreateAccountStatus>;
    /// Starts creating an account pair: a standalone account in the AWS GovCloud (US)
    /// Region and its commercial partner, a member of this organization. Only for a
    /// management account that has a paired GovCloud account (otherwise AWS refuses with
    /// ConstraintViolationException MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED). Follow it with
    /// `describe_create_account_status`; its `gov_cloud_account_id` names the GovCloud one.
    async fn create_gov_cloud_account(
        &self,
        account: &NewAccount,
    ) -> OrgResult<CreateAccountStatus>;
    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus>;
    /// Creation requests in any of `states` (every request when empty).
    async fn list_create_account_status(
        &self,
        states: &[&str],
        token: Token,
    ) -> OrgResult<Page<CreateAccountStatus>>;
    async fn remove_account_from_organization(&self, account_id: &str) -> OrgResult<()>;
    /// Starts closing a member account (PENDING_CLOSURE, then SUSPENDED).
    async fn close_account(&self, account_id: &str) -> OrgResult<()>;

    // --- tags (roots, OUs, accounts, policies, the resource policy) ---
    /// Adds tags or replaces the values of existing keys.
    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()>;
    async fn untag_resource(&self, resource_id: &str, keys: &[String]) -> OrgResult<()>;

    // --- delegated administrators ---
    async fn register_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()>;
    async fn deregister_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()>;
    /// Every delegated administrator, or those of one service.
    async fn list_delegated_administrators(
        &self,
        service_principal: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<DelegatedAdministrator>>;
    async fn list_delegated_services_for_account(
        &self,
        account_id: &str,
        token: Token,
    ) -> OrgResult<Page<DelegatedService>>;

    // --- trusted services ---
    async fn enable_aws_service_access(&self, service_principal: &str) -> OrgResult<()>;
    async fn disable_aws_service_access(&self, service_principal: &str) -> OrgResult<()>;
    async fn list_aws_service_access_for_organization(
        &self,
        token: Token,
    ) -> OrgResult<Page<EnabledService>>;

    // --- the organization's resource policy ---
    /// Creates or replaces it.
    async fn put_resource_policy(&self, content: &str, tags: &[Tag]) -> OrgResult<ResourcePolicy>;
    async fn describe_resource_policy(&self) -> OrgResult<ResourcePolicy>;
    async fn delete_resource_policy(&self) -> OrgResult<()>;
}
