//! The one interface to an organization. `AwsBackend` talks to AWS through the SDK,
//! `DemoBackend` is an in-process organization; both pass the same contract tests.
//!
//! Its supertraits hold the rest: managing policies (`PolicyAdmin`), the account lifecycle
//! and the organization itself (`Lifecycle`), handshakes (`Handshakes`) and responsibility
//! transfers (`Transfers`).
//!
//! List calls are page-level (`token` in, `Page` out) so callers can show results as
//! pages arrive and count exactly the calls they make; `collect_all` (in `paging`) follows
//! every page.

use async_trait::async_trait;

use super::error::OrgResult;
use super::handshakes::Handshakes;
use super::lifecycle::Lifecycle;
use super::policy_admin::PolicyAdmin;
use super::transfers::Transfers;
use super::types::*;

#[async_trait]
pub trait OrgBackend: PolicyAdmin + Lifecycle + Handshakes + Transfers + Send + Sync {
    // --- organization ---
    async fn describe_organization(&self) -> OrgResult<Organization>;
    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>>;

    // --- tree ---
    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>>;
    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>>;
    async fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
        token: Token,
    ) -> OrgResult<Page<Child>>;
    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>>;
    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit>;
    async fn describe_account(&self, account_id: &str) -> OrgResult<Account>;
    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>>;
    async fn list_tags_for_resource(&self, resource_id: &str, token: Token)
        -> OrgResult<Page<Tag>>;

    // --- policies ---
    async fn list_policies(
        &self,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>>;
    async fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>>;
    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy>;
    async fn list_targets_for_policy(
        &self,
        policy_id: &str,
        token: Token,
    ) -> OrgResult<Page<PolicyTarget>>;
    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()>;
    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()>;

    // --- changes to the tree ---
    async fn move_account(
        &self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()>;
    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit>;
    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit>;
    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()>;
}
