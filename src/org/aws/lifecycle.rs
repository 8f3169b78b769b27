//! `Lifecycle` for `AwsBackend`: the organization itself, account creation (GovCloud
//! too), removal and closing, tags, delegated administrators, trusted services and the
//! resource policy.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;

use super::calls::MAX_PAGE;
use super::convert::{self, page, required, rfc3339, s};
use super::AwsBackend;
use crate::org::error::OrgResult;
use crate::org::lifecycle::*;
use crate::org::types::*;
use crate::org::Token;

fn delegated_administrator(d: &sdk::types::DelegatedAdministrator) -> DelegatedAdministrator {
    DelegatedAdministrator {
        account: Account {
            id: s(d.id()),
            arn: s(d.arn()),
            name: s(d.name()),
            email: s(d.email()),
            state: convert::account_state(d.state(), d.status()),
            joined_method: s(d.joined_method().map(|m| m.as_str())),
            joined_at: rfc3339(d.joined_timestamp()),
        },
        delegation_enabled_at: rfc3339(d.delegation_enabled_date()),
    }
}

fn delegated_service(d: &sdk::types::DelegatedService) -> DelegatedService {
    DelegatedService {
        service_principal: s(d.service_principal()),
        delegation_enabled_at: rfc3339(d.delegation_enabled_date()),
    }
}

fn enabled_service(e: &sdk::types::EnabledServicePrincipal) -> EnabledService {
    EnabledService {
        service_principal: s(e.service_principal()),
        enabled_at: rfc3339(e.date_enabled()),
    }
}

fn resource_policy(p: &sdk::types::ResourcePolicy) -> ResourcePolicy {
    let summary = p.resource_policy_summary();
    ResourcePolicy {
        id: s(summary.and_then(|x| x.id())),
        arn: s(summary.and_then(|x| x.arn())),
        content: s(p.content()),
    }
}

fn status(out: Option<&sdk::types::CreateAccountStatus>) -> OrgResult<CreateAccountStatus> {
    required(
        out,
        convert::create_account_status,
        "the create-account status",
    )
}

#[async_trait]
impl Lifecycle for AwsBackend {
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

    async fn delete_organization(&self) -> OrgResult<()> {
        self.send(self.client.delete_organization().send()).await?;
        Ok(())
    }

    async fn leave_organization(&self) -> OrgResult<()> {
        self.send(self.client.leave_organization().send()).await?;
        Ok(())
    }

    async fn create_account(&self, a: &NewAccount) -> OrgResult<CreateAccountStatus> {
        let mut req = self
            .client
            .create_account()
            .email(&a.email)
            .account_name(&a.name)
            .set_role_name(a.role_name.clone());
        if let Some(allow) = a.iam_user_access_to_billing {
            let access = if allow { "ALLOW" } else { "DENY" };
            req = req.iam_user_access_to_billing(access.into());
        }
        for t in &a.tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
        let out = self.send(req.send()).await?;
        status(out.create_account_status())
    }

    async fn create_gov_cloud_account(&self, a: &NewAccount) -> OrgResult<CreateAccountStatus> {
        let mut req = self
            .client
            .create_gov_cloud_account()
            .email(&a.email)
            .account_name(&a.name)
            .set_role_name(a.role_name.clone());
        if let Some(allow) = a.iam_user_access_to_billing {
            let access = if allow { "ALLOW" } else { "DENY" };
            req = req.iam_user_access_to_billing(access.into());
        }
        // The tags go to the commercial account (AWS's docs: tag the GovCloud one there).
        for t in &a.tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
        let out = self.send(req.send()).await?;
        status(out.create_account_status())
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        let req = self.client.describe_create_account_status();
        let out = self
            .send(req.create_account_request_id(request_id).send())
            .await?;
        status(out.create_account_status())
    }

    async fn list_create_account_status(
        &self,
        states: &[&str],
        token: Token,
    ) -> OrgResult<Page<CreateAccountStatus>> {
        let mut req = self.client.list_create_account_status();
        for st in states {
            req = req.states((*st).into());
        }
        let req = req.set_next_token(token).max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.create_account_statuses(),
            out.next_token(),
            convert::create_account_status,
        ))
    }

    async fn remove_account_from_organization(&self, account_id: &str) -> OrgResult<()> {
        let req = self.client.remove_account_from_organization();
        self.send(req.account_id(account_id).send()).await?;
        Ok(())
    }

    async fn close_account(&self, account_id: &str) -> OrgResult<()> {
        let req = self.client.close_account().account_id(account_id);
        self.send(req.send()).await?;
        Ok(())
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        let mut req = self.client.tag_resource().resource_id(resource_id);
        for t in tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
        self.send(req.send()).await?;
        Ok(())
    }

    async fn untag_resource(&self, resource_id: &str, keys: &[String]) -> OrgResult<()> {
        let req = self.client.untag_resource().resource_id(resource_id);
        let req = req.set_tag_keys(Some(keys.to_vec()));
        self.send(req.send()).await?;
        Ok(())
    }

    async fn register_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()> {
        let req = self.client.register_delegated_administrator();
        let req = req
            .account_id(account_id)
            .service_principal(service_principal);
        self.send(req.send()).await?;
        Ok(())
    }

    async fn deregister_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()> {
        let req = self.client.deregister_delegated_administrator();
        let req = req
            .account_id(account_id)
            .service_principal(service_principal);
        self.send(req.send()).await?;
        Ok(())
    }

    async fn list_delegated_administrators(
        &self,
        service_principal: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<DelegatedAdministrator>> {
        let req = self.client.list_delegated_administrators();
        let req = req
            .set_service_principal(service_principal.map(str::to_string))
            .set_next_token(token)
            .max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.delegated_administrators(),
            out.next_token(),
            delegated_administrator,
        ))
    }

    async fn list_delegated_services_for_account(
        &self,
        account_id: &str,
        token: Token,
    ) -> OrgResult<Page<DelegatedService>> {
        let req = self.client.list_delegated_services_for_account();
        let req = req
            .account_id(account_id)
            .set_next_token(token)
            .max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.delegated_services(),
            out.next_token(),
            delegated_service,
        ))
    }

    async fn enable_aws_service_access(&self, service_principal: &str) -> OrgResult<()> {
        let req = self.client.enable_aws_service_access();
        self.send(req.service_principal(service_principal).send())
            .await?;
        Ok(())
    }

    async fn disable_aws_service_access(&self, service_principal: &str) -> OrgResult<()> {
        let req = self.client.disable_aws_service_access();
        self.send(req.service_principal(service_principal).send())
            .await?;
        Ok(())
    }

    async fn list_aws_service_access_for_organization(
        &self,
        token: Token,
    ) -> OrgResult<Page<EnabledService>> {
        let req = self.client.list_aws_service_access_for_organization();
        let req = req.set_next_token(token).max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.enabled_service_principals(),
            out.next_token(),
            enabled_service,
        ))
    }

    async fn put_resource_policy(&self, content: &str, tags: &[Tag]) -> OrgResult<ResourcePolicy> {
        let mut req = self.client.put_resource_policy().content(content);
        for t in tags {
            req = req.tags(convert::sdk_tag(t)?);
        }
        let out = self.send(req.send()).await?;
        required(
            out.resource_policy(),
            resource_policy,
            "the resource policy",
        )
    }

    async fn describe_resource_policy(&self) -> OrgResult<ResourcePolicy> {
        let out = self
            .send(self.client.describe_resource_policy().send())
            .await?;
        required(
            out.resource_policy(),
            resource_policy,
            "the resource policy",
        )
    }

    async fn delete_resource_policy(&self) -> OrgResult<()> {
        self.send(self.client.delete_resource_policy().send())
            .await?;
        Ok(())
    }
}
