//! Creating an organization (for a caller that is in none yet) and enabling policy types.

use super::errors::invalid;
use super::state::{new_org, Org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::*;
use crate::time::now_rfc3339;

impl State {
    pub(super) fn create_organization(&mut self, feature_set: &str) -> OrgResult<Organization> {
        if self.org.is_some() {
            return Err(OrgError::new(
                "AlreadyInOrganizationException",
                "This account is already a member of an organization.",
            ));
        }
        let enabled = match feature_set {
            "ALL" => vec![PolicyType::ServiceControl],
            "CONSOLIDATED_BILLING" => Vec::new(),
            other => {
                return Err(invalid(format!(
                    "INVALID_ENUM: FeatureSet \"{other}\" is not ALL or CONSOLIDATED_BILLING."
                )))
            }
        };
        let org_id = format!("o-{}", self.ids.alnum(10));
        let root_id = format!("r-{}", self.ids.alnum(4));
        let caller = self.caller.clone();
        let email = format!("aws+{caller}@example-corp.com");
        let mut org = new_org(
            org_id,
            root_id.clone(),
            "Root",
            feature_set,
            enabled,
            &caller,
            &email,
        );
        let account = Account {
            arn: org.arn("account", &caller),
            id: caller.clone(),
            name: "Management".to_string(),
            email,
            state: AccountState::Active,
            joined_method: "CREATED".to_string(),
            joined_at: now_rfc3339(),
        };
        org.add_account(account, &root_id);
        let info = org.organization();
        self.org = Some(org);
        Ok(info)
    }
}

impl Org {
    pub(super) fn enable_policy_type(
        &mut self,
        root_id: &str,
        kind: &PolicyType,
    ) -> OrgResult<Root> {
        if self.root.id != root_id {
            return Err(OrgError::new(
                "RootNotFoundException",
                "You specified a root that doesn't exist.",
            ));
        }
        if self.feature_set != "ALL" {
            return Err(OrgError::new(
                "PolicyTypeNotAvailableForOrganizationException",
                "You can't use a policy type that isn't available in the organization.",
            ));
        }
        if self.root.enabled.contains(kind) {
            return Err(OrgError::new(
                "PolicyTypeAlreadyEnabledException",
                "The specified policy type is already enabled.",
            ));
        }
        // SCPs are on from the start in an organization with all features (and FullAWSAccess
        // attached everywhere), so no other type needs attachments when enabled.
        self.root.enabled.push(kind.clone());
        Ok(self.root_info())
    }
}
