//! Accounts: adding them, creating them (and the create-account requests) and listing them.

use super::errors::{constraint, invalid, invalid_pattern};
use super::limits::MAX_ACCOUNTS;
use super::state::{AccountNode, Org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids;
use crate::org::types::*;
use crate::time::now_rfc3339;

impl Org {
    pub(super) fn add_account(&mut self, account: Account, parent: &str) {
        let id = account.id.clone();
        self.account_index.insert(id.clone(), self.accounts.len());
        self.accounts.push(AccountNode {
            account,
            parent: parent.to_string(),
        });
        self.attach_defaults(&id);
    }
}

impl State {
    pub(super) fn list_accounts(&self) -> OrgResult<Vec<Account>> {
        Ok(self
            .org()?
            .accounts
            .iter()
            .map(|a| a.account.clone())
            .collect())
    }

    pub(super) fn create_account(
        &mut self,
        email: &str,
        name: &str,
    ) -> OrgResult<CreateAccountStatus> {
        self.org()?;
        ids::validate_email(email)
            .map_err(|e| invalid(format!("INVALID_EMAIL_ADDRESS_TARGET: {e}")))?;
        let name_len = name.chars().count();
        if !(1..=50).contains(&name_len) || !name.chars().all(|c| (' '..='~').contains(&c)) {
            return Err(invalid(
                "INVALID_INPUT: AccountName must be 1 to 50 printable ASCII characters.",
            ));
        }
        if self.org()?.accounts.len() >= MAX_ACCOUNTS {
            return Err(constraint(
                "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                "The organization has reached its account limit.",
            ));
        }
        let request_id = self.fresh_id(|g| format!("car-{}", g.alnum(32)));
        let account_id = self.fresh_id(|g| format!("{}{}", 1 + g.next() % 9, g.digits(11)));
        let org = self.org_mut()?;
        // AWS accepts the request and fails it asynchronously; the demo settles at once.
        let status = if org
            .accounts
            .iter()
            .any(|a| a.account.email.eq_ignore_ascii_case(email))
        {
            CreateAccountStatus {
                id: request_id,
                account_name: name.to_string(),
                state: "FAILED".to_string(),
                account_id: None,
                failure_reason: Some("EMAIL_ALREADY_EXISTS".to_string()),
            }
        } else {
            let account = Account {
                arn: org.arn("account", &account_id),
                id: account_id.clone(),
                name: name.to_string(),
                email: email.to_string(),
                state: AccountState::Active,
                joined_method: "CREATED".to_string(),
                joined_at: now_rfc3339(),
            };
            let root = org.root.id.clone();
            org.add_account(account, &root);
            CreateAccountStatus {
                id: request_id,
                account_name: name.to_string(),
                state: "SUCCEEDED".to_string(),
                account_id: Some(account_id),
                failure_reason: None,
            }
        };
        org.create_statuses.push(status.clone());
        Ok(status)
    }

    pub(super) fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        let org = self.org()?;
        let valid = request_id.strip_prefix("car-").is_some_and(|rest| {
            (8..=32).contains(&rest.len())
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !valid {
            return Err(invalid_pattern("CreateAccountRequestId", request_id));
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
}
