//! `PolicyAdmin` for `AwsBackend`: managing policies and policy types.

use async_trait::async_trait;

use super::convert::{self, required, sdk_policy_type};
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::policy_admin::{NewPolicy, PolicyAdmin};
use crate::org::types::*;

#[async_trait]
impl PolicyAdmin for AwsBackend {
    async fn create_policy(&self, p: &NewPolicy) -> OrgResult<PolicySummary> {
        let mut req = self
            .client
            .create_policy()
            .name(&p.name)
            .description(&p.description)
            .content(&p.content)
            .r#type(sdk_policy_type(&p.kind));
        for t in &p.tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
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
