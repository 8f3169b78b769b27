//! `OrgSeeder` for `AwsBackend`: the calls that build an organization for tests and demos.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;
use sdk::error::DisplayErrorContext;

use super::convert::{self, required, sdk_policy_type};
use super::AwsBackend;
use crate::org::error::{ErrorKind, OrgError, OrgResult};
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
            let tag = sdk::types::Tag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(|e| {
                    OrgError::with_kind(
                        ErrorKind::InvalidInput,
                        "InvalidInputException",
                        DisplayErrorContext(&e).to_string(),
                    )
                })?;
            req = req.tags(tag);
        }
        self.send(req.send()).await?;
        Ok(())
    }

    async fn create_policy(
        &self,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        let req = self
            .client
            .create_policy()
            .name(name)
            .description(description);
        let req = req.content(content).r#type(sdk_policy_type(kind));
        let out = self.send(req.send()).await?;
        let summary = out.policy().and_then(|p| p.policy_summary());
        required(summary, convert::policy_summary, "the policy")
    }

    async fn enable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        let req = self.client.enable_policy_type().root_id(root_id);
        let out = self
            .send(req.policy_type(sdk_policy_type(kind)).send())
            .await?;
        required(out.root(), convert::root, "the root")
    }
}
