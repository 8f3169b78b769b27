//! `OrgSeeder` for `AwsBackend`: the calls that build an organization for tests and demos.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;

use super::convert::{self, required};
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::seed::OrgSeeder;
use crate::org::types::*;

#[async_trait]
impl OrgSeeder for AwsBackend {
    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization> {
        let set = sdk::types::OrganizationFeatureSet::from(feature_set);
        let out = self
            .send(self.client.create_organization().feature_set(set).send())
            .await?;
        required(
            out.organization(),
            convert::organization,
            "the organization",
        )
    }

    async fn create_account(&self, email: &str, name: &str) -> OrgResult<CreateAccountStatus> {
        let req = self.client.create_account().email(email).account_name(name);
        let out = self.send(req.send()).await?;
        required(
            out.create_account_status(),
            convert::create_account_status,
            "the create-account status",
        )
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        let req = self.client.describe_create_account_status();
        let out = self
            .send(req.create_account_request_id(request_id).send())
            .await?;
        required(
            out.create_account_status(),
            convert::create_account_status,
            "the create-account status",
        )
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        let mut req = self.client.tag_resource().resource_id(resource_id);
        for t in tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
        self.send(req.send()).await?;
        Ok(())
    }
}
