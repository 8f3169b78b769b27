//! `OrgSeeder`: the calls that build an organization for the tests and the demo (create the
//! organization and accounts, tag resources; policies are created through `PolicyAdmin`). The UI never makes them, so they stay
//! out of `OrgBackend`, which grows only with what the app uses.

use async_trait::async_trait;

use super::backend::OrgBackend;
use super::error::OrgResult;
use super::types::*;

#[async_trait]
pub trait OrgSeeder: OrgBackend {
    /// Creates an organization with the caller as management account. `feature_set` is ALL
    /// or CONSOLIDATED_BILLING.
    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization>;
    /// Starts creating an account; follow it with `describe_create_account_status`.
    async fn create_account(&self, email: &str, name: &str) -> OrgResult<CreateAccountStatus>;
    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus>;
    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()>;
}
