//! The asset's schema, and loading the built-in organization from `assets/demo-org.json`.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context};
use serde::Deserialize;

use super::state::{new_org, Org};
use crate::org::ids;
use crate::org::types::*;

pub(super) const ASSET: &str = include_str!("../../assets/demo-org.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Asset {
    organization: AssetOrganization,
    root: AssetRoot,
    organizational_units: Vec<AssetOu>,
    accounts: Vec<AssetAccount>,
    policies: Vec<AssetPolicy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetOrganization {
    id: String,
    feature_set: String,
    management_account_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetRoot {
    id: String,
    name: String,
    policy_types: Vec<PolicyType>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetOu {
    id: String,
    name: String,
    parent: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetAccount {
    id: String,
    name: String,
    email: String,
    parent: String,
    state: AccountState,
    joined_method: String,
    joined_at: String,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssetPolicy {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(rename = "type")]
    kind: PolicyType,
    /// The document as JSON (stored as pretty-printed text).
    content: serde_json::Value,
    #[serde(default)]
    targets: Vec<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

fn tag_list(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag {
            key: k.clone(),
            value: v.clone(),
        })
        .collect()
}

/// Builds the organization through the same rule-checking code the API calls use, so an
/// asset that breaks a rule (bad id, missing parent, too deep, 6 SCPs...) fails to load.
pub(super) fn org_from_asset(text: &str) -> anyhow::Result<Org> {
    let asset: Asset = serde_json::from_str(text).context("demo organization JSON")?;
    let o = &asset.organization;
    if !(o.id.len() == 12
        && o.id.starts_with("o-")
        && o.id[2..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    {
        bail!(
            "organization id {:?} is not o- + 10 lower-case letters or digits",
            o.id
        );
    }
    if !ids::is_root_id(&asset.root.id) {
        bail!("root id {:?} is malformed", asset.root.id);
    }
    if !matches!(o.feature_set.as_str(), "ALL" | "CONSOLIDATED_BILLING") {
        bail!(
            "feature_set {:?} is not ALL or CONSOLIDATED_BILLING",
            o.feature_set
        );
    }
    let master = asset
        .accounts
        .iter()
        .find(|a| a.id == o.management_account_id)
        .ok_or_else(|| {
            anyhow!(
                "management account {} is not among the accounts",
                o.management_account_id
            )
        })?;
    let mut org = new_org(
        o.id.clone(),
        asset.root.id.clone(),
        &asset.root.name,
        &o.feature_set,
        asset.root.policy_types.clone(),
        &o.management_account_id,
        &master.email,
    );
    for ou in &asset.organizational_units {
        if !ids::is_ou_id(&ou.id) || org.id_in_use(&ou.id) {
            bail!("OU id {:?} is malformed or used twice", ou.id);
        }
        org.create_ou(ou.id.clone(), &ou.parent, &ou.name)
            .with_context(|| format!("OU {} ({})", ou.name, ou.id))?;
    }
    for a in &asset.accounts {
        if !ids::is_account_id(&a.id) || org.id_in_use(&a.id) {
            bail!("account id {:?} is malformed or used twice", a.id);
        }
        ids::validate_email(&a.email).map_err(|e| anyhow!("account {}: {e}", a.id))?;
        if !org.parent_exists(&a.parent) {
            bail!("account {}: parent {} does not exist", a.id, a.parent);
        }
        if !matches!(a.joined_method.as_str(), "CREATED" | "INVITED") {
            bail!("account {}: joined_method must be CREATED or INVITED", a.id);
        }
        // Dates are shown as the AWS backend shows them, whatever precision the file has.
        let joined_at = crate::time::normalize(&a.joined_at)
            .ok_or_else(|| anyhow!("account {}: joined_at is not an RFC 3339 time", a.id))?;
        let account = Account {
            arn: org.arn("account", &a.id),
            id: a.id.clone(),
            name: a.name.clone(),
            email: a.email.clone(),
            state: a.state.clone(),
            joined_method: a.joined_method.clone(),
            joined_at,
        };
        org.add_account(account, &a.parent);
    }
    for p in &asset.policies {
        if !ids::is_policy_id(&p.id) || org.id_in_use(&p.id) {
            bail!("policy id {:?} is malformed or used twice", p.id);
        }
        let content = serde_json::to_string_pretty(&p.content)?;
        org.add_policy(p.id.clone(), &p.name, &p.description, &content, &p.kind)
            .with_context(|| format!("policy {}", p.name))?;
        for t in &p.targets {
            org.attach(&p.id, t)
                .with_context(|| format!("attaching {} to {t}", p.name))?;
        }
    }
    let tagged = std::iter::once((&asset.root.id, &asset.root.tags))
        .chain(asset.organizational_units.iter().map(|o| (&o.id, &o.tags)))
        .chain(asset.accounts.iter().map(|a| (&a.id, &a.tags)))
        .chain(asset.policies.iter().map(|p| (&p.id, &p.tags)));
    for (id, tags) in tagged {
        if !tags.is_empty() {
            org.tag(id, &tag_list(tags))
                .with_context(|| format!("tags of {id}"))?;
        }
    }
    Ok(org)
}
