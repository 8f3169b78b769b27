//! Tags on roots, OUs, accounts and policies.

use super::errors::{constraint, invalid};
use super::limits::MAX_TAGS;
use super::state::{Org, State, FULL_AWS_ACCESS};
use super::validate::check_target_id;
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids;
use crate::org::types::Tag;

impl Org {
    pub(super) fn tag(&mut self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.existing_resource(resource_id)?;
        if resource_id == FULL_AWS_ACCESS {
            return Err(invalid("You can't tag an AWS managed policy."));
        }
        for t in tags {
            let klen = t.key.chars().count();
            if !(1..=128).contains(&klen) {
                return Err(invalid(format!(
                    "INVALID_INPUT: Tag key \"{}\" must be 1 to 128 characters.",
                    t.key
                )));
            }
            if t.key.to_ascii_lowercase().starts_with("aws:") {
                return Err(invalid(format!(
                    "INVALID_INPUT: Tag key \"{}\" uses the reserved prefix aws:.",
                    t.key
                )));
            }
            if t.value.chars().count() > 256 {
                return Err(invalid(format!(
                    "INVALID_INPUT: The value of tag \"{}\" exceeds 256 characters.",
                    t.key
                )));
            }
        }
        let mut merged = self.tags.get(resource_id).cloned().unwrap_or_default();
        for t in tags {
            match merged.iter_mut().find(|m| m.key == t.key) {
                Some(m) => m.value = t.value.clone(),
                None => merged.push(t.clone()),
            }
        }
        if merged.len() > MAX_TAGS {
            return Err(constraint(
                "MAX_TAG_LIMIT_EXCEEDED",
                &format!("You can have at most {MAX_TAGS} tags on {resource_id}."),
            ));
        }
        self.tags.insert(resource_id.to_string(), merged);
        Ok(())
    }

    /// Tags can go on roots, OUs, accounts and policies.
    pub(super) fn existing_resource(&self, id: &str) -> OrgResult<()> {
        let found = if ids::is_policy_id(id) {
            self.policy(id).is_some()
        } else {
            check_target_id("ResourceId", id)?;
            self.target(id).is_some()
        };
        if found {
            Ok(())
        } else {
            Err(OrgError::new(
                "TargetNotFoundException",
                format!("We can't find a resource with the ResourceId \"{id}\"."),
            ))
        }
    }
}

impl State {
    pub(super) fn list_tags_for_resource(&self, resource_id: &str) -> OrgResult<Vec<Tag>> {
        let org = self.org()?;
        org.existing_resource(resource_id)?;
        Ok(org.tags.get(resource_id).cloned().unwrap_or_default())
    }
}
