//! `OrgSeeder` for `DemoBackend`: building an organization in process, by the same rules
//! (and with the same error codes) as AWS.

use async_trait::async_trait;

use super::DemoBackend;
use crate::org::error::OrgResult;
use crate::org::seed::OrgSeeder;
use crate::org::types::*;

#[async_trait]
impl OrgSeeder for DemoBackend {
    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization> {
        self.pause("create_organization").await;
        self.lock().create_organization(feature_set)
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.pause("tag_resource").await;
        self.lock().org_mut()?.tag(resource_id, tags)
    }

    async fn create_account(&self, email: &str, name: &str) -> OrgResult<CreateAccountStatus> {
        self.pause("create_account").await;
        self.lock().create_account(email, name)
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        self.pause("describe_create_account_status").await;
        self.lock().describe_create_account_status(request_id)
    }
}
