//! Tags on roots, OUs, accounts, policies and the resource policy: at most 50 per resource;
//! keys of 1 to 128 and values of 0 to 256 letters, digits, spaces and `_ . : / = + - @`;
//! the `aws:` prefix is AWS's own.

use super::errors::{constraint, invalid};
use super::limits::MAX_TAGS;
use super::state::{Org, State, FULL_AWS_ACCESS};
use super::validate::check_target_id;
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids;
use crate::org::types::Tag;

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

fn check_key(key: &str) -> OrgResult<()> {
    let klen = key.chars().count();
    if !(1..=128).contains(&klen) {
        return Err(invalid(format!(
            "INVALID_INPUT: Tag key \"{key}\" must be 1 to 128 characters."
        )));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(invalid(format!(
            "INVALID_INPUT: Tag key \"{key}\" uses the reserved prefix aws:."
        )));
    }
    if !key.chars().all(allowed) {
        return Err(invalid(format!(
            "INVALID_PATTERN: Tag key \"{key}\" may hold only letters, digits, spaces and _.:/=+-@."
        )));
    }
    Ok(())
}

/// The rules every tag in a request must follow (before any is applied).
pub(super) fn check_tags(tags: &[Tag]) -> OrgResult<()> {
    for (i, t) in tags.iter().enumerate() {
        check_key(&t.key)?;
        if t.value.chars().count() > 256 {
            return Err(invalid(format!(
                "INVALID_INPUT: The value of tag \"{}\" exceeds 256 characters.",
                t.key
            )));
        }
        if !t.value.chars().all(allowed) {
            return Err(invalid(format!(
                "INVALID_PATTERN: The value of tag \"{}\" may hold only letters, digits, spaces and _.:/=+-@.",
                t.key
            )));
        }
        if tags[..i].iter().any(|u| u.key == t.key) {
            return Err(invalid(format!(
                "DUPLICATE_TAG_KEY: Tag key \"{}\" appears twice.",
                t.key
            )));
        }
    }
    Ok(())
}

impl Org {
    pub(super) fn tag(&mut self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        self.existing_resource(resource_id)?;
        if resource_id == FULL_AWS_ACCESS {
            return Err(invalid("You can't tag an AWS managed policy."));
        }
        check_tags(tags)?;
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

    /// Removes the tags with these keys; keys the resource does not have are ignored.
    pub(super) fn untag(&mut self, resource_id: &str, keys: &[String]) -> OrgResult<()> {
        self.existing_resource(resource_id)?;
        for k in keys {
            check_key(k)?;
        }
        if let Some(tags) = self.tags.get_mut(resource_id) {
            tags.retain(|t| !keys.contains(&t.key));
        }
        Ok(())
    }

    /// Tags can go on roots, OUs, accounts, policies and the resource policy.
    pub(super) fn existing_resource(&self, id: &str) -> OrgResult<()> {
        let found = if ids::is_policy_id(id) {
            self.policy(id).is_some()
        } else if id.starts_with("rp-") {
            self.life
                .resource_policy
                .as_ref()
                .is_some_and(|p| p.id == id)
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
