//! `OrgBackend` for `AwsBackend`: each call builds its request, sends it through
//! [`AwsBackend::send`] and converts the answer. Lists ask for the largest page.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;

use super::convert::{self, page, required, sdk_policy_type};
use super::errors::missing;
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::types::*;
use crate::org::{OrgBackend, Token};

/// The largest page every Organizations list call accepts.
pub const MAX_PAGE: i32 = 20;

#[async_trait]
impl OrgBackend for AwsBackend {
    async fn describe_organization(&self) -> OrgResult<Organization> {
        let out = self
            .send(self.client.describe_organization().send())
            .await?;
        required(
            out.organization(),
            convert::organization,
            "the organization",
        )
    }

    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>> {
        let req = self.client.list_roots().set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(out.roots(), out.next_token(), convert::root))
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>> {
        let req = self.client.list_organizational_units_for_parent();
        let req = req.parent_id(parent_id).set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(
            out.organizational_units(),
            out.next_token(),
            convert::org_unit,
        ))
    }

    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        let req = self.client.list_accounts_for_parent();
        let req = req.parent_id(parent_id).set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(out.accounts(), out.next_token(), convert::account))
    }

    async fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
        token: Token,
    ) -> OrgResult<Page<Child>> {
        let kind = sdk::types::ChildType::from(child_type.as_api_str());
        let req = self.client.list_children().parent_id(parent_id);
        let req = req.child_type(kind).set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(out.children(), out.next_token(), convert::child))
    }

    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>> {
        let req = self.client.list_parents().child_id(child_id);
        let out = self
            .send(req.set_next_token(token).max_results(MAX_PAGE).send())
            .await?;
        Ok(page(out.parents(), out.next_token(), convert::parent))
    }

    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit> {
        let req = self.client.describe_organizational_unit();
        let out = self.send(req.organizational_unit_id(ou_id).send()).await?;
        required(out.organizational_unit(), convert::org_unit, "the OU")
    }

    async fn describe_account(&self, account_id: &str) -> OrgResult<Account> {
        let req = self.client.describe_account().account_id(account_id);
        let out = self.send(req.send()).await?;
        required(out.account(), convert::account, "the account")
    }

    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>> {
        let req = self.client.list_accounts().set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(out.accounts(), out.next_token(), convert::account))
    }

    async fn list_tags_for_resource(
        &self,
        resource_id: &str,
        token: Token,
    ) -> OrgResult<Page<Tag>> {
        // ListTagsForResource takes no MaxResults.
        let req = self
            .client
            .list_tags_for_resource()
            .resource_id(resource_id);
        let out = self.send(req.set_next_token(token).send()).await?;
        Ok(page(out.tags(), out.next_token(), convert::tag))
    }

    async fn list_policies(
        &self,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        let req = self.client.list_policies().filter(sdk_policy_type(filter));
        let out = self
            .send(req.set_next_token(token).max_results(MAX_PAGE).send())
            .await?;
        Ok(page(
            out.policies(),
            out.next_token(),
            convert::policy_summary,
        ))
    }

    async fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        let req = self.client.list_policies_for_target().target_id(target_id);
        let req = req.filter(sdk_policy_type(filter)).set_next_token(token);
        let out = self.send(req.max_results(MAX_PAGE).send()).await?;
        Ok(page(
            out.policies(),
            out.next_token(),
            convert::policy_summary,
        ))
    }

    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy> {
        let req = self.client.describe_policy().policy_id(policy_id);
        let out = self.send(req.send()).await?;
        let p = out.policy().ok_or_else(|| missing("the policy"))?;
        convert::policy(p)
    }

    async fn list_targets_for_policy(
        &self,
        policy_id: &str,
        token: Token,
    ) -> OrgResult<Page<PolicyTarget>> {
        let req = self.client.list_targets_for_policy().policy_id(policy_id);
        let out = self
            .send(req.set_next_token(token).max_results(MAX_PAGE).send())
            .await?;
        Ok(page(
            out.targets(),
            out.next_token(),
            convert::policy_target,
        ))
    }

    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let req = self.client.attach_policy().policy_id(policy_id);
        self.send(req.target_id(target_id).send()).await?;
        Ok(())
    }

    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        let req = self.client.detach_policy().policy_id(policy_id);
        self.send(req.target_id(target_id).send()).await?;
        Ok(())
    }

    async fn move_account(
        &self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()> {
        let req = self.client.move_account().account_id(account_id);
        let req = req.source_parent_id(source_parent_id);
        self.send(req.destination_parent_id(destination_parent_id).send())
            .await?;
        Ok(())
    }

    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        let req = self
            .client
            .create_organizational_unit()
            .parent_id(parent_id);
        let out = self.send(req.name(name).send()).await?;
        required(out.organizational_unit(), convert::org_unit, "the OU")
    }

    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit> {
        let req = self.client.update_organizational_unit();
        let req = req.organizational_unit_id(ou_id).name(name);
        let out = self.send(req.send()).await?;
        required(out.organizational_unit(), convert::org_unit, "the OU")
    }

    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()> {
        let req = self.client.delete_organizational_unit();
        self.send(req.organizational_unit_id(ou_id).send()).await?;
        Ok(())
    }
}
