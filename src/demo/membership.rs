//! Accounts leaving: RemoveAccountFromOrganization, LeaveOrganization and CloseAccount
//! (PENDING_CLOSURE, then SUSPENDED, within the closing quota), and DeleteOrganization.

use std::time::SystemTime;

use super::admin_state::{Closure, CLOSURE_TIME, CLOSURE_WINDOW};
use super::errors::{constraint, not_in_use};
use super::state::{Org, State};
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::AccountState;

impl Org {
    /// Why `account_id` may not leave, if it may not (the rules of Remove and Leave).
    fn check_can_leave(&self, account_id: &str) -> OrgResult<()> {
        if account_id == self.master_id {
            return Err(constraint(
                "ACCOUNT_CANNOT_LEAVE_ORGANIZATION",
                "You can't remove the management account. Instead, after you remove all member accounts, delete the organization itself.",
            ));
        }
        if self
            .life
            .delegated
            .iter()
            .any(|d| d.account_id == account_id)
        {
            return Err(constraint(
                "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
                "The account is a delegated administrator; deregister it first.",
            ));
        }
        let created = self
            .account(account_id)
            .is_some_and(|a| a.account.joined_method == "CREATED");
        if created {
            // AWS: an account the organization created lacks what a standalone account needs.
            return Err(constraint(
                "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION",
                "The account doesn't yet have enough information to exist as a standalone account: complete its phone verification first.",
            ));
        }
        Ok(())
    }

    /// Takes an account out of the organization with its attachments and tags (its closures
    /// still count toward the quota).
    pub(super) fn drop_account(&mut self, account_id: &str) {
        self.accounts.retain(|a| a.account.id != account_id);
        self.account_index = self
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.account.id.clone(), i))
            .collect();
        self.attachments.retain(|(_, t)| t != account_id);
        self.tags.remove(account_id);
    }

    pub(super) fn finish_closures(&mut self, now: SystemTime) {
        for c in &self.life.closures {
            if now.duration_since(c.requested).unwrap_or_default() < CLOSURE_TIME {
                continue;
            }
            if let Some(a) = self
                .account_index
                .get(&c.account_id)
                .and_then(|&i| self.accounts.get_mut(i))
            {
                if a.account.state == AccountState::PendingClosure {
                    a.account.state = AccountState::Suspended;
                }
            }
        }
    }

    /// Member accounts may close 10% of their number in 30 days, at least 10, at most 1,000.
    fn closing_quota(&self) -> usize {
        (self.accounts.len().saturating_sub(1) / 10).clamp(10, 1000)
    }
}

impl State {
    pub(super) fn remove_account(&mut self, account_id: &str) -> OrgResult<()> {
        let org = self.org_as_master()?;
        org.existing_account(account_id)?;
        org.check_can_leave(account_id)?;
        org.drop_account(account_id);
        Ok(())
    }

    pub(super) fn leave_organization(&mut self) -> OrgResult<()> {
        let caller = self.caller.clone();
        let org = self.org_mut()?;
        if caller == org.master_id {
            return Err(OrgError::new(
                "MasterCannotLeaveOrganizationException",
                "You can't remove a management account from an organization. Delete the organization instead.",
            ));
        }
        if org.account(&caller).is_none() {
            return Err(not_in_use());
        }
        org.check_can_leave(&caller)?;
        org.drop_account(&caller);
        Ok(())
    }

    pub(super) fn delete_organization(&mut self) -> OrgResult<()> {
        let org = self.org_as_master()?;
        if org.accounts.iter().any(|a| a.account.id != org.master_id) {
            return Err(OrgError::new(
                "OrganizationNotEmptyException",
                "The organization still has member accounts: remove them first.",
            ));
        }
        if org.has_open_transfer() {
            return Err(constraint(
                "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS",
                "You cannot delete organization due to an ongoing responsibility transfer process. For example, a pending invitation or an in-progress transfer. To delete the organization, you must resolve the current transfer process.",
            ));
        }
        self.org = None;
        Ok(())
    }

    pub(super) fn close_account(&mut self, account_id: &str, now: SystemTime) -> OrgResult<()> {
        let org = self.org_as_master()?;
        let state = org.existing_account(account_id)?.account.state.clone();
        if account_id == org.master_id {
            return Err(constraint(
                "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
                "You can't close the management account this way: remove or close every member account, then close it as a standalone account.",
            ));
        }
        if state != AccountState::Active {
            return Err(OrgError::new(
                "AccountAlreadyClosedException",
                format!("The account {account_id} is already closed or closing."),
            ));
        }
        let recent = org
            .life
            .closures
            .iter()
            .filter(|c| now.duration_since(c.requested).unwrap_or_default() < CLOSURE_WINDOW)
            .count();
        if recent >= org.closing_quota() {
            return Err(constraint(
                "CLOSE_ACCOUNT_QUOTA_EXCEEDED",
                &format!(
                    "You have closed {recent} accounts in the last 30 days, the most allowed now."
                ),
            ));
        }
        org.life.closures.push(Closure {
            account_id: account_id.to_string(),
            requested: now,
        });
        if let Some(a) = org
            .account_index
            .get(account_id)
            .and_then(|&i| org.accounts.get_mut(i))
        {
            a.account.state = AccountState::PendingClosure;
        }
        Ok(())
    }
}
