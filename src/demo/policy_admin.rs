//! `PolicyAdmin` for `DemoBackend`: managing policies and policy types, and effective
//! policies, with AWS's rules and error codes.

use async_trait::async_trait;

use super::admin_state::rfc3339;
use super::effective::{check_effective_type, not_found};
use super::validate::check_target_id;
use super::DemoBackend;
use crate::org::error::{OrgError, OrgResult};
use crate::org::policy_admin::{
    EffectivePolicy, EffectivePolicyValidation, NewPolicy, PolicyAdmin, PolicyUpdate,
};
use crate::org::types::*;
use crate::org::Token;

#[async_trait]
impl PolicyAdmin for DemoBackend {
    async fn create_policy(&self, p: &NewPolicy) -> OrgResult<PolicySummary> {
        self.pause("create_policy").await;
        let mut state = self.lock();
        let summary = state.create_policy(&p.name, &p.description, &p.content, &p.kind)?;
        if !p.tags.is_empty() {
            state.org_mut()?.tag(&summary.id, &p.tags)?;
        }
        Ok(summary)
    }

    async fn update_policy(&self, policy_id: &str, update: &PolicyUpdate) -> OrgResult<Policy> {
        self.pause("update_policy").await;
        self.lock().org_mut()?.update_policy(policy_id, update)
    }

    async fn delete_policy(&self, policy_id: &str) -> OrgResult<()> {
        self.pause("delete_policy").await;
        self.lock().org_mut()?.delete_policy(policy_id)
    }

    async fn enable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        self.pause("enable_policy_type").await;
        self.lock().org_mut()?.enable_policy_type(root_id, kind)
    }

    async fn disable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        self.pause("disable_policy_type").await;
        self.lock().org_mut()?.disable_policy_type(root_id, kind)
    }

    async fn describe_effective_policy(
        &self,
        kind: &PolicyType,
        target_id: &str,
    ) -> OrgResult<EffectivePolicy> {
        self.pause("describe_effective_policy").await;
        let state = self.lock();
        let org = state.org()?;
        check_effective_type(kind)?;
        if check_target_id("TargetId", target_id)? != TargetKind::Account {
            return Err(OrgError::new(
                "InvalidInputException",
                "TARGET_NOT_SUPPORTED: Effective policies can be described only for accounts, not for a root or an OU.",
            ));
        }
        if org.account(target_id).is_none() {
            return Err(OrgError::new(
                "TargetNotFoundException",
                format!("We can't find an account with the TargetId \"{target_id}\"."),
            ));
        }
        let effective = org.effective(&org.inheritance(kind), target_id);
        if !effective.applies {
            return Err(not_found(kind));
        }
        Ok(EffectivePolicy {
            kind: kind.clone(),
            target_id: target_id.to_string(),
            last_updated: rfc3339(self.now()),
            content: serde_json::Value::Object(effective.document).to_string(),
        })
    }

    async fn list_accounts_with_invalid_effective_policy(
        &self,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        self.pause("list_accounts_with_invalid_effective_policy")
            .await;
        let items = {
            let state = self.lock();
            let org = state.org()?;
            check_effective_type(kind)?;
            if !org.root.enabled.contains(kind) {
                return Err(not_found(kind));
            }
            let attached = org.inheritance(kind);
            org.accounts
                .iter()
                .filter(|a| !org.effective(&attached, &a.account.id).errors.is_empty())
                .map(|a| a.account.clone())
                .collect()
        };
        let scope = format!(
            "ListAccountsWithInvalidEffectivePolicy/{}",
            kind.as_api_str()
        );
        self.page(&scope, items, token)
    }

    async fn list_effective_policy_validation_errors(
        &self,
        account_id: &str,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<EffectivePolicyValidation> {
        self.pause("list_effective_policy_validation_errors").await;
        let (path, errors) = {
            let state = self.lock();
            let org = state.org()?;
            check_effective_type(kind)?;
            org.existing_account(account_id)?;
            let effective = org.effective(&org.inheritance(kind), account_id);
            if !effective.applies {
                return Err(not_found(kind));
            }
            (org.org_path(account_id), effective.errors)
        };
        let scope = format!(
            "ListEffectivePolicyValidationErrors/{account_id}/{}",
            kind.as_api_str()
        );
        Ok(EffectivePolicyValidation {
            account_id: account_id.to_string(),
            kind: kind.clone(),
            path,
            evaluation_timestamp: rfc3339(self.now()),
            errors: self.page(&scope, errors, token)?,
        })
    }
}
