//! `PolicyAdmin` for `AwsBackend`: managing policies and policy types.

use async_trait::async_trait;

use super::calls::MAX_PAGE;
use super::convert::{self, page, required, sdk_effective_policy_type, sdk_policy_type};
use super::errors::missing;
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::policy_admin::{
    EffectivePolicy, EffectivePolicyValidation, NewPolicy, PolicyAdmin, PolicyUpdate,
};
use crate::org::types::*;
use crate::org::Token;

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

    async fn update_policy(&self, policy_id: &str, update: &PolicyUpdate) -> OrgResult<Policy> {
        // Fields left `None` are not sent, so AWS keeps them as they are.
        let req = self.client.update_policy().policy_id(policy_id);
        let req = req
            .set_name(update.name.clone())
            .set_description(update.description.clone())
            .set_content(update.content.clone());
        let out = self.send(req.send()).await?;
        convert::policy(out.policy().ok_or_else(|| missing("the policy"))?)
    }

    async fn delete_policy(&self, policy_id: &str) -> OrgResult<()> {
        let req = self.client.delete_policy().policy_id(policy_id);
        self.send(req.send()).await?;
        Ok(())
    }

    async fn disable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        let req = self.client.disable_policy_type().root_id(root_id);
        let out = self
            .send(req.policy_type(sdk_policy_type(kind)).send())
            .await?;
        required(out.root(), convert::root, "the root")
    }

    async fn describe_effective_policy(
        &self,
        kind: &PolicyType,
        target_id: &str,
    ) -> OrgResult<EffectivePolicy> {
        let req = self.client.describe_effective_policy();
        let req = req
            .policy_type(sdk_effective_policy_type(kind))
            .target_id(target_id);
        let out = self.send(req.send()).await?;
        required(
            out.effective_policy(),
            |e| convert::effective_policy(e, kind, target_id),
            "the effective policy",
        )
    }

    async fn list_accounts_with_invalid_effective_policy(
        &self,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        let req = self.client.list_accounts_with_invalid_effective_policy();
        let req = req.policy_type(sdk_effective_policy_type(kind));
        let out = self
            .send(req.set_next_token(token).max_results(MAX_PAGE).send())
            .await?;
        Ok(page(out.accounts(), out.next_token(), convert::account))
    }

    async fn list_effective_policy_validation_errors(
        &self,
        account_id: &str,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<EffectivePolicyValidation> {
        let req = self.client.list_effective_policy_validation_errors();
        let req = req
            .account_id(account_id)
            .policy_type(sdk_effective_policy_type(kind));
        let out = self
            .send(req.set_next_token(token).max_results(MAX_PAGE).send())
            .await?;
        Ok(convert::effective_policy_validation(&out, account_id, kind))
    }
}
