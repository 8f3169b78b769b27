//! Creating accounts, asynchronously as AWS does: CreateAccount answers IN_PROGRESS; the
//! request finishes on its `CREATION_READS`th DescribeCreateAccountStatus read or after
//! `CREATION_TIME`, whichever comes first, as SUCCEEDED (the account under the root, with
//! its tags) or FAILED with AWS's reason.

use std::time::SystemTime;

use super::admin_state::{Creation, CREATION_READS};
use super::errors::{constraint, invalid, invalid_pattern};
use super::limits::MAX_ACCOUNTS;
use super::state::{Org, State};
use super::tags::check_tags;
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids;
use crate::org::lifecycle::{NewAccount, CREATE_ACCOUNT_STATES};
use crate::org::types::*;

fn check_new_account(a: &NewAccount) -> OrgResult<()> {
    ids::validate_email(&a.email)
        .map_err(|e| invalid(format!("INVALID_EMAIL_ADDRESS_TARGET: {e}")))?;
    let name_len = a.name.chars().count();
    if !(1..=50).contains(&name_len) || !a.name.chars().all(|c| (' '..='~').contains(&c)) {
        return Err(invalid(
            "INVALID_INPUT: AccountName must be 1 to 50 printable ASCII characters.",
        ));
    }
    if let Some(role) = &a.role_name {
        let ok = (1..=64).contains(&role.len())
            && role
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
        if !ok {
            return Err(invalid(format!(
                "INVALID_ROLE_NAME: \"{role}\" must be 1 to 64 letters, digits and +=,.@_-."
            )));
        }
    }
    check_tags(&a.tags)
}

impl State {
    pub(super) fn create_account(
        &mut self,
        request: &NewAccount,
        now: SystemTime,
    ) -> OrgResult<CreateAccountStatus> {
        self.org_as_master()?;
        check_new_account(request)?;
        let request_id = self.fresh_id(|g| format!("car-{}", g.alnum(32)));
        let account_id = self.fresh_id(|g| format!("{}{}", 1 + g.next() % 9, g.digits(11)));
        let org = self.org_mut()?;
        let status = CreateAccountStatus {
            id: request_id.clone(),
            account_name: request.name.clone(),
            state: "IN_PROGRESS".to_string(),
            account_id: None,
            gov_cloud_account_id: None,
            failure_reason: None,
        };
        org.create_statuses.push(status.clone());
        org.life.creations.push(Creation {
            request_id,
            account_id,
            request: request.clone(),
            requested: now,
            reads: 0,
        });
        Ok(status)
    }

    /// CreateGovCloudAccount as AWS answers it for a management account that has no paired
    /// account in the AWS GovCloud (US) Region, which no demo organization has: the request
    /// is checked as CreateAccount's, then refused with ConstraintViolationException
    /// MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED.
    pub(super) fn create_gov_cloud_account(
        &mut self,
        request: &NewAccount,
    ) -> OrgResult<CreateAccountStatus> {
        self.org_as_master()?;
        check_new_account(request)?;
        Err(constraint(
            "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED",
            "To complete this operation, the management account must have an associated account in the Amazon Web Services GovCloud (US-West) Region.",
        ))
    }

    pub(super) fn describe_create_account_status(
        &mut self,
        request_id: &str,
        now: SystemTime,
    ) -> OrgResult<CreateAccountStatus> {
        let valid = request_id.strip_prefix("car-").is_some_and(|rest| {
            (8..=32).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        let org = self.org_as_master()?;
        if !valid {
            return Err(invalid_pattern("CreateAccountRequestId", request_id));
        }
        let reads = org
            .life
            .creations
            .iter_mut()
            .find(|c| c.request_id == request_id)
            .map(|c| {
                c.reads += 1;
                c.reads
            });
        if reads.is_some_and(|r| r >= CREATION_READS) {
            org.finish_creation(request_id, now);
        }
        org.create_statuses
            .iter()
            .find(|s| s.id == request_id)
            .cloned()
            .ok_or_else(|| {
                OrgError::new(
                    "CreateAccountStatusNotFoundException",
                    format!("We can't find a create account request with the ID \"{request_id}\"."),
                )
            })
    }

    pub(super) fn list_create_account_status(
        &mut self,
        states: &[&str],
    ) -> OrgResult<Vec<CreateAccountStatus>> {
        if let Some(bad) = states.iter().find(|s| !CREATE_ACCOUNT_STATES.contains(s)) {
            return Err(invalid(format!(
                "INVALID_ENUM: \"{bad}\" is not IN_PROGRESS, SUCCEEDED or FAILED."
            )));
        }
        let org = self.org_as_master()?;
        Ok(org
            .create_statuses
            .iter()
            .filter(|s| states.is_empty() || states.contains(&s.state.as_str()))
            .cloned()
            .collect())
    }
}

impl Org {
    /// Settles creation `request_id`: the account joins under the root, or the request fails
    /// with the reason AWS gives.
    pub(super) fn finish_creation(&mut self, request_id: &str, now: SystemTime) {
        let Some(i) = self
            .life
            .creations
            .iter()
            .position(|c| c.request_id == request_id)
        else {
            return;
        };
        let c = self.life.creations.remove(i);
        let email = &c.request.email;
        let failure = if self
            .accounts
            .iter()
            .any(|a| a.account.email.eq_ignore_ascii_case(email))
        {
            Some("EMAIL_ALREADY_EXISTS")
        } else if self.accounts.len() >= MAX_ACCOUNTS {
            Some("ACCOUNT_LIMIT_EXCEEDED")
        } else if email.to_ascii_lowercase().ends_with(".invalid") {
            // The demo's stand-in for an address AWS's mail check refuses.
            Some("INVALID_EMAIL")
        } else {
            None
        };
        if failure.is_none() {
            let account = Account {
                arn: self.arn("account", &c.account_id),
                id: c.account_id.clone(),
                name: c.request.name.clone(),
                email: email.clone(),
                state: AccountState::Active,
                joined_method: "CREATED".to_string(),
                joined_at: super::admin_state::rfc3339(now),
            };
            let root = self.root.id.clone();
            self.add_account(account, &root);
            if !c.request.tags.is_empty() {
                self.tags
                    .insert(c.account_id.clone(), c.request.tags.clone());
            }
        }
        if let Some(s) = self.create_statuses.iter_mut().find(|s| s.id == request_id) {
            match failure {
                Some(reason) => {
                    s.state = "FAILED".to_string();
                    s.failure_reason = Some(reason.to_string());
                }
                None => {
                    s.state = "SUCCEEDED".to_string();
                    s.account_id = Some(c.account_id);
                }
            }
        }
    }
}
