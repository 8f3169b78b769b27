//! Accounts: adding them and listing them (creating them is in `creation`).

use super::state::{AccountNode, Org, State};
use crate::org::error::OrgResult;
use crate::org::types::*;

impl Org {
    pub(super) fn add_account(&mut self, account: Account, parent: &str) {
        let id = account.id.clone();
        self.account_index.insert(id.clone(), self.accounts.len());
        self.accounts.push(AccountNode {
            account,
            parent: parent.to_string(),
        });
        self.attach_defaults_to_new(&id);
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
}
