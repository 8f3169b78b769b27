//! `Lifecycle` and `Handshakes` for `DemoBackend`, the demo's now (`clock`), and the caller
//! that tests (and demos of the member side) move.

use std::time::SystemTime;

use async_trait::async_trait;

use super::DemoBackend;
use crate::org::error::OrgResult;
use crate::org::handshakes::*;
use crate::org::lifecycle::*;
use crate::org::types::*;
use crate::org::Token;

impl DemoBackend {
    /// The demo's now (see `clock`): tests move it with tokio's paused time.
    pub(super) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// Makes the following calls as account `account_id` (reached by `email` when it is
    /// not a member), e.g. an invited account answering its invitation.
    pub fn act_as(&self, account_id: &str, email: &str) {
        let mut st = self.lock();
        st.caller = account_id.to_string();
        if let Some(org) = st.org.as_mut() {
            if org.account(account_id).is_none() {
                org.life
                    .outside_emails
                    .insert(account_id.to_string(), email.to_string());
            }
        }
    }
}

#[async_trait]
impl Lifecycle for DemoBackend {
    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization> {
        self.pause("create_organization").await;
        let now = self.now();
        self.lock().create_organization(feature_set, now)
    }

    async fn delete_organization(&self) -> OrgResult<()> {
        self.pause("delete_organization").await;
        self.lock().delete_organization()
    }

    async fn leave_organization(&self) -> OrgResult<()> {
        self.pause("leave_organization").await;
        self.lock().leave_organization()
    }

    async fn create_account(&self, account: &NewAccount) -> OrgResult<CreateAccountStatus> {
        self.pause("create_account").await;
        let now = self.now();
        self.lock().create_account(account, now)
    }

    async fn create_gov_cloud_account(
        &self,
        account: &NewAccount,
    ) -> OrgResult<CreateAccountStatus> {
        self.pause("create_gov_cloud_account").await;
        self.lock().create_gov_cloud_account(account)
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        self.pause("describe_create_account_status").await;
        let now = self.now();
        self.lock().describe_create_account_status(request_id, now)
    }

    async fn list_create_account_status(
        &self,
        states: &[&str],
        token: Token,
    ) -> OrgResult<Page<CreateAccountStatus>> {
        self.pause("list_create_account_status").await;
        let items = self.lock().list_create_account_status(states)?;
        let scope = format!("ListCreateAccountStatus/{}", states.join(","));
        self.page(&scope, items, token)
    }

    async fn remove_account_from_organization(&self, account_id: &str) -> OrgResult<()> {
        self.pause("remove_account_from_organization").await;
        self.lock().remove_account(account_id)
    }

    async fn close_account(&self, account_id: &str) -> OrgResult<()> {
        self.pause("close_account").await;
        let now = self.now();
        self.lock().close_account(account_id, now)
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.pause("tag_resource").await;
        self.lock().org_mut()?.tag(resource_id, tags)
    }

    async fn untag_resource(&self, resource_id: &str, keys: &[String]) -> OrgResult<()> {
        self.pause("untag_resource").await;
        self.lock().org_mut()?.untag(resource_id, keys)
    }

    async fn register_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()> {
        self.pause("register_delegated_administrator").await;
        let now = self.now();
        self.lock()
            .register_delegated(account_id, service_principal, now)
    }

    async fn deregister_delegated_administrator(
        &self,
        account_id: &str,
        service_principal: &str,
    ) -> OrgResult<()> {
        self.pause("deregister_delegated_administrator").await;
        self.lock()
            .deregister_delegated(account_id, service_principal)
    }

    async fn list_delegated_administrators(
        &self,
        service_principal: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<DelegatedAdministrator>> {
        self.pause("list_delegated_administrators").await;
        let items = self.lock().delegated_administrators(service_principal)?;
        let scope = format!(
            "ListDelegatedAdministrators/{}",
            service_principal.unwrap_or("")
        );
        self.page(&scope, items, token)
    }

    async fn list_delegated_services_for_account(
        &self,
        account_id: &str,
        token: Token,
    ) -> OrgResult<Page<DelegatedService>> {
        self.pause("list_delegated_services_for_account").await;
        let items = self.lock().delegated_services(account_id)?;
        let scope = format!("ListDelegatedServicesForAccount/{account_id}");
        self.page(&scope, items, token)
    }

    async fn enable_aws_service_access(&self, service_principal: &str) -> OrgResult<()> {
        self.pause("enable_aws_service_access").await;
        let now = self.now();
        self.lock().enable_service_access(service_principal, now)
    }

    async fn disable_aws_service_access(&self, service_principal: &str) -> OrgResult<()> {
        self.pause("disable_aws_service_access").await;
        self.lock().disable_service_access(service_principal)
    }

    async fn list_aws_service_access_for_organization(
        &self,
        token: Token,
    ) -> OrgResult<Page<EnabledService>> {
        self.pause("list_aws_service_access_for_organization").await;
        let items = self.lock().enabled_services()?;
        self.page("ListAWSServiceAccessForOrganization", items, token)
    }

    async fn put_resource_policy(&self, content: &str, tags: &[Tag]) -> OrgResult<ResourcePolicy> {
        self.pause("put_resource_policy").await;
        self.lock().put_resource_policy(content, tags)
    }

    async fn describe_resource_policy(&self) -> OrgResult<ResourcePolicy> {
        self.pause("describe_resource_policy").await;
        self.lock().describe_resource_policy()
    }

    async fn delete_resource_policy(&self) -> OrgResult<()> {
        self.pause("delete_resource_policy").await;
        self.lock().delete_resource_policy()
    }
}

#[async_trait]
impl Handshakes for DemoBackend {
    async fn invite_account_to_organization(
        &self,
        target: &HandshakeParty,
        notes: Option<&str>,
    ) -> OrgResult<Handshake> {
        self.pause("invite_account_to_organization").await;
        let now = self.now();
        self.lock().invite(target, notes, now)
    }

    async fn list_handshakes_for_organization(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>> {
        self.pause("list_handshakes_for_organization").await;
        let items = self.lock().list_handshakes(filter, true)?;
        self.page(&handshake_scope("Organization", filter), items, token)
    }

    async fn list_handshakes_for_account(
        &self,
        filter: &HandshakeFilter,
        token: Token,
    ) -> OrgResult<Page<Handshake>> {
        self.pause("list_handshakes_for_account").await;
        let items = self.lock().list_handshakes(filter, false)?;
        self.page(&handshake_scope("Account", filter), items, token)
    }

    async fn describe_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        self.pause("describe_handshake").await;
        self.lock().describe_handshake(handshake_id)
    }

    async fn accept_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        self.pause("accept_handshake").await;
        let now = self.now();
        self.lock().answer_handshake(handshake_id, "ACCEPTED", now)
    }

    async fn decline_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        self.pause("decline_handshake").await;
        let now = self.now();
        self.lock().answer_handshake(handshake_id, "DECLINED", now)
    }

    async fn cancel_handshake(&self, handshake_id: &str) -> OrgResult<Handshake> {
        self.pause("cancel_handshake").await;
        let now = self.now();
        self.lock().answer_handshake(handshake_id, "CANCELED", now)
    }

    async fn enable_all_features(&self) -> OrgResult<Handshake> {
        self.pause("enable_all_features").await;
        let now = self.now();
        self.lock().enable_all_features(now)
    }
}

fn handshake_scope(whose: &str, f: &HandshakeFilter) -> String {
    format!(
        "ListHandshakesFor{whose}/{}/{}",
        f.action_type.as_deref().unwrap_or(""),
        f.parent_handshake_id.as_deref().unwrap_or("")
    )
}
