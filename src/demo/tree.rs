//! The tree: which OUs and accounts sit under which parent, and moving accounts.

use super::errors::invalid_pattern;
use super::state::State;
use super::validate::check_parent_id;
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids::{self, TargetKind};
use crate::org::types::*;

impl State {
    pub(super) fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
    ) -> OrgResult<Vec<OrgUnit>> {
        let org = self.org()?;
        org.existing_parent("ParentId", parent_id)?;
        Ok(org
            .ous
            .iter()
            .filter(|o| o.parent == parent_id)
            .map(|o| org.ou_info(o))
            .collect())
    }

    pub(super) fn list_accounts_for_parent(&self, parent_id: &str) -> OrgResult<Vec<Account>> {
        let org = self.org()?;
        org.existing_parent("ParentId", parent_id)?;
        Ok(org
            .accounts
            .iter()
            .filter(|a| a.parent == parent_id)
            .map(|a| a.account.clone())
            .collect())
    }

    pub(super) fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
    ) -> OrgResult<Vec<Child>> {
        let org = self.org()?;
        org.existing_parent("ParentId", parent_id)?;
        let child = |id: &str| Child {
            id: id.to_string(),
            kind: child_type,
        };
        Ok(match child_type {
            ChildType::OrganizationalUnit => org
                .ous
                .iter()
                .filter(|o| o.parent == parent_id)
                .map(|o| child(&o.id))
                .collect(),
            ChildType::Account => org
                .accounts
                .iter()
                .filter(|a| a.parent == parent_id)
                .map(|a| child(&a.account.id))
                .collect(),
        })
    }

    pub(super) fn list_parents(&self, child_id: &str) -> OrgResult<Vec<Parent>> {
        let org = self.org()?;
        if !(ids::is_account_id(child_id) || ids::is_ou_id(child_id)) {
            return Err(invalid_pattern("ChildId", child_id));
        }
        let parent = org
            .ou(child_id)
            .map(|o| o.parent.clone())
            .or_else(|| org.account(child_id).map(|a| a.parent.clone()))
            .ok_or_else(|| {
                OrgError::new(
                    "ChildNotFoundException",
                    format!("We can't find an OU or account with the ChildId \"{child_id}\"."),
                )
            })?;
        let kind = if parent == org.root.id {
            TargetKind::Root
        } else {
            TargetKind::OrganizationalUnit
        };
        Ok(vec![Parent { id: parent, kind }])
    }

    pub(super) fn move_account(
        &mut self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()> {
        let org = self.org_mut()?;
        check_parent_id("SourceParentId", source_parent_id)?;
        check_parent_id("DestinationParentId", destination_parent_id)?;
        let current = org.existing_account(account_id)?.parent.clone();
        if !org.parent_exists(source_parent_id) || current != source_parent_id {
            return Err(OrgError::new(
                "SourceParentNotFoundException",
                format!("The account {account_id} is not in the source parent {source_parent_id}."),
            ));
        }
        if !org.parent_exists(destination_parent_id) {
            return Err(OrgError::new(
                "DestinationParentNotFoundException",
                format!("We can't find a root or OU with the ID \"{destination_parent_id}\"."),
            ));
        }
        if source_parent_id == destination_parent_id {
            return Err(OrgError::new(
                "DuplicateAccountException",
                format!("The account {account_id} is already in {destination_parent_id}."),
            ));
        }
        if let Some(a) = org
            .account_index
            .get(account_id)
            .copied()
            .and_then(|i| org.accounts.get_mut(i))
        {
            a.parent = destination_parent_id.to_string();
        }
        Ok(())
    }
}
