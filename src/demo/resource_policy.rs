//! The organization's resource policy: one JSON object of at most 40,000 characters, made
//! or replaced by PutResourcePolicy; ResourcePolicyNotFoundException when there is none.

use super::admin_state::Life;
use super::errors::invalid;
use super::state::State;
use crate::org::error::{OrgError, OrgResult};
use crate::org::lifecycle::ResourcePolicy;
use crate::org::types::Tag;

/// PutResourcePolicy's Content length quota.
pub(super) const MAX_RESOURCE_POLICY_LEN: usize = 40_000;

fn not_found() -> OrgError {
    OrgError::new(
        "ResourcePolicyNotFoundException",
        "We can't find a resource policy request with the parameter that you specified.",
    )
}

fn check_content(content: &str) -> OrgResult<()> {
    let n = content.chars().count();
    if n == 0 {
        return Err(invalid("INPUT_REQUIRED: Content must not be empty."));
    }
    if n > MAX_RESOURCE_POLICY_LEN {
        return Err(invalid(format!(
            "MAX_LENGTH_EXCEEDED: Content is {n} characters; at most {MAX_RESOURCE_POLICY_LEN} are allowed."
        )));
    }
    match serde_json::from_str::<serde_json::Value>(content) {
        Ok(v) if v.is_object() => Ok(()),
        Ok(_) => Err(invalid(
            "INVALID_RESOURCE_POLICY_JSON: The policy must be a JSON object.",
        )),
        Err(e) => Err(invalid(format!(
            "INVALID_RESOURCE_POLICY_JSON: The policy is not valid JSON ({e})."
        ))),
    }
}

impl Life {
    fn existing_resource_policy(&self) -> OrgResult<&ResourcePolicy> {
        self.resource_policy.as_ref().ok_or_else(not_found)
    }
}

impl State {
    pub(super) fn put_resource_policy(
        &mut self,
        content: &str,
        tags: &[Tag],
    ) -> OrgResult<ResourcePolicy> {
        check_content(content)?;
        super::tags::check_tags(tags)?;
        self.org_as_master()?;
        let fresh = self.fresh_id(|g| format!("rp-{}", g.alnum(8)));
        let org = self.org_as_master()?;
        // Replacing the policy keeps its id and ARN.
        let id = org
            .life
            .resource_policy
            .as_ref()
            .map_or(fresh, |p| p.id.clone());
        let policy = ResourcePolicy {
            arn: format!(
                "arn:aws:organizations::{}:resourcepolicy/{}/{id}",
                org.master_id, org.id
            ),
            id: id.clone(),
            content: content.to_string(),
        };
        org.life.resource_policy = Some(policy.clone());
        if !tags.is_empty() {
            org.tag(&id, tags)?;
        }
        Ok(policy)
    }

    pub(super) fn describe_resource_policy(&mut self) -> OrgResult<ResourcePolicy> {
        let org = self.org_as_master()?;
        org.life.existing_resource_policy().cloned()
    }

    pub(super) fn delete_resource_policy(&mut self) -> OrgResult<()> {
        let org = self.org_as_master()?;
        let id = org.life.existing_resource_policy()?.id.clone();
        org.life.resource_policy = None;
        org.tags.remove(&id);
        Ok(())
    }
}
