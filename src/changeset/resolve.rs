//! Names and paths to ids, against the organization as the plan's earlier steps leave it:
//! "Root/Workloads/Prod" may be an OU an earlier step creates (its planned id), an account
//! is named by id or by its (unique) name, a policy by id or name.

use std::collections::HashMap;

use super::model::OrgModel;
use crate::fuzzy::did_you_mean;
use crate::org::ids::{is_account_id, is_ou_id, is_policy_id, is_root_id, TargetKind};

/// Account names to ids, built once: accounts are neither created nor renamed by a plan.
pub struct AccountNames(HashMap<String, Vec<String>>);

impl AccountNames {
    pub fn of(m: &OrgModel) -> AccountNames {
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        for (id, n) in &m.nodes {
            if n.kind == TargetKind::Account {
                names.entry(n.name.clone()).or_default().push(id.clone());
            }
        }
        AccountNames(names)
    }
}

/// A root or OU: a path from the root's name, or an id.
pub fn node(m: &OrgModel, r: &str) -> Result<String, String> {
    if is_root_id(r) || is_ou_id(r) {
        return match m.nodes.get(r) {
            Some(n) if n.kind != TargetKind::Account => Ok(r.to_string()),
            _ => Err(format!("no root or OU {r} in this organization")),
        };
    }
    let mut parts = r.split('/');
    let root_name = m
        .nodes
        .get(&m.root)
        .map(|n| n.name.as_str())
        .unwrap_or("Root");
    let first = parts.next().unwrap_or_default();
    if first != root_name && first != m.root {
        return Err(format!(
            "{r:?} does not start at the root; write paths from it, e.g. \"{root_name}/{r}\""
        ));
    }
    let mut at = m.root.clone();
    for part in parts {
        match m.child_ou(&at, part) {
            Some(next) => at = next.to_string(),
            None => {
                let paths = m.node_paths();
                let near = did_you_mean(r, paths.iter().map(String::as_str));
                return Err(format!("no OU at {r}{}", near.replace('"', "")));
            }
        }
    }
    Ok(at)
}

/// An account by 12-digit id or name.
pub fn account(m: &OrgModel, names: &AccountNames, r: &str) -> Result<String, String> {
    if is_account_id(r) {
        return match m.nodes.get(r) {
            Some(n) if n.kind == TargetKind::Account => Ok(r.to_string()),
            _ => Err(format!("no account {r} in this organization")),
        };
    }
    match names.0.get(r).map(Vec::as_slice) {
        Some([one]) => Ok(one.clone()),
        Some(many) => Err(format!(
            "{} accounts are named {r:?} ({}); name it by id",
            many.len(),
            many.join(", ")
        )),
        None => {
            let near = did_you_mean(r, names.0.keys().map(String::as_str));
            Err(format!("no account named {r:?}{near}"))
        }
    }
}

/// A root, OU or account: paths and ids name roots and OUs, other words accounts.
pub fn target(m: &OrgModel, names: &AccountNames, r: &str) -> Result<String, String> {
    let root_name = m.nodes.get(&m.root).map(|n| n.name.as_str());
    if r.contains('/') || is_root_id(r) || is_ou_id(r) || Some(r) == root_name {
        return node(m, r);
    }
    account(m, names, r)
}

/// A policy by id or name (a name may be that of a policy an earlier step creates).
pub fn policy(m: &OrgModel, r: &str) -> Result<String, String> {
    if is_policy_id(r) {
        return match m.policies.contains_key(r) {
            true => Ok(r.to_string()),
            false => Err(format!(
                "no policy {r} (of a policy type enabled on the root)"
            )),
        };
    }
    let found: Vec<&String> = m
        .policies
        .iter()
        .filter(|(_, p)| p.name == r)
        .map(|(id, _)| id)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        [] => {
            let near = did_you_mean(r, m.policies.values().map(|p| p.name.as_str()));
            Err(format!("no policy named {r:?}{near}"))
        }
        many => {
            let mut ids: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
            ids.sort();
            Err(format!(
                "{} policies are named {r:?} ({}); name it by id",
                ids.len(),
                ids.join(", ")
            ))
        }
    }
}

/// A resource that takes tags: a policy by id, else a target.
pub fn resource(m: &OrgModel, names: &AccountNames, r: &str) -> Result<String, String> {
    if is_policy_id(r) {
        return policy(m, r);
    }
    target(m, names, r)
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
