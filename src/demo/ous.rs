//! Organizational units: creating, renaming and deleting them.

use super::errors::constraint;
use super::limits::{MAX_OUS, MAX_OU_DEPTH};
use super::state::{Org, OuNode, State};
use super::validate::check_ou_name;
use crate::org::error::{OrgError, OrgResult};
use crate::org::types::OrgUnit;

impl Org {
    pub(super) fn create_ou(
        &mut self,
        id: String,
        parent_id: &str,
        name: &str,
    ) -> OrgResult<OrgUnit> {
        self.existing_parent("ParentId", parent_id)?;
        check_ou_name(name)?;
        if self
            .ous
            .iter()
            .any(|o| o.parent == parent_id && o.name == name)
        {
            return Err(OrgError::new(
                "DuplicateOrganizationalUnitException",
                format!("An OU named \"{name}\" already exists in {parent_id}."),
            ));
        }
        if self.depth(parent_id) >= MAX_OU_DEPTH {
            return Err(constraint(
                "OU_DEPTH_LIMIT_EXCEEDED",
                &format!("OUs can be nested at most {MAX_OU_DEPTH} levels below the root."),
            ));
        }
        if self.ous.len() >= MAX_OUS {
            return Err(constraint(
                "OU_NUMBER_LIMIT_EXCEEDED",
                &format!("An organization can have at most {MAX_OUS} OUs."),
            ));
        }
        self.ou_index.insert(id.clone(), self.ous.len());
        self.ous.push(OuNode {
            id: id.clone(),
            name: name.to_string(),
            parent: parent_id.to_string(),
        });
        // Like AWS, a new OU starts with FullAWSAccess so it is never left without an SCP.
        self.attach_defaults_to_new(&id);
        Ok(OrgUnit {
            arn: self.arn("ou", &id),
            id,
            name: name.to_string(),
        })
    }
}

impl State {
    pub(super) fn create_organizational_unit(
        &mut self,
        parent_id: &str,
        name: &str,
    ) -> OrgResult<OrgUnit> {
        let root_part = self.org()?.root.id.trim_start_matches("r-").to_string();
        let id = self.fresh_id(|g| format!("ou-{root_part}-{}", g.alnum(8)));
        self.org_mut()?.create_ou(id, parent_id, name)
    }

    pub(super) fn update_organizational_unit(
        &mut self,
        ou_id: &str,
        name: &str,
    ) -> OrgResult<OrgUnit> {
        let org = self.org_mut()?;
        let parent = org.existing_ou(ou_id)?.parent.clone();
        check_ou_name(name)?;
        if org
            .ous
            .iter()
            .any(|o| o.parent == parent && o.name == name && o.id != ou_id)
        {
            return Err(OrgError::new(
                "DuplicateOrganizationalUnitException",
                format!("An OU named \"{name}\" already exists in {parent}."),
            ));
        }
        let Some(ou) = org.ous.iter_mut().find(|o| o.id == ou_id) else {
            return Err(OrgError::new(
                "OrganizationalUnitNotFoundException",
                format!("We can't find an organizational unit (OU) with the ID \"{ou_id}\"."),
            ));
        };
        ou.name = name.to_string();
        Ok(OrgUnit {
            arn: org.arn("ou", ou_id),
            id: ou_id.to_string(),
            name: name.to_string(),
        })
    }

    pub(super) fn delete_organizational_unit(&mut self, ou_id: &str) -> OrgResult<()> {
        let org = self.org_mut()?;
        org.existing_ou(ou_id)?;
        if org.ous.iter().any(|o| o.parent == ou_id)
            || org.accounts.iter().any(|a| a.parent == ou_id)
        {
            return Err(OrgError::new(
                "OrganizationalUnitNotEmptyException",
                format!("The OU {ou_id} still contains OUs or accounts."),
            ));
        }
        org.ous.retain(|o| o.id != ou_id);
        org.ou_index = (org.ous.iter().enumerate())
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        org.attachments.retain(|(_, t)| t != ou_id);
        org.tags.remove(ou_id);
        Ok(())
    }
}
