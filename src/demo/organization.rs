//! Creating an organization (for a caller that is in none yet).

use std::time::SystemTime;

use super::admin_state::rfc3339;
use super::errors::invalid;
use super::state::{new_org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::*;

impl State {
    pub(super) fn create_organization(
        &mut self,
        feature_set: &str,
        now: SystemTime,
    ) -> OrgResult<Organization> {
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
            joined_at: rfc3339(now),
        };
        org.add_account(account, &root_id);
        let info = org.organization();
        self.org = Some(org);
        Ok(info)
    }
}
