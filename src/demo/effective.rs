//! Effective policies of the management policy types (tag, backup, AI opt-out, ...): the
//! policies attached from the root down through each OU to the account, merged by their
//! inheritance operators, with the validation errors AWS reports for invalid results.
//!
//! Merging, as AWS documents it: policies apply top-down, each level in attachment order.
//! `@@assign` replaces the inherited value of a key, `@@append` adds to an inherited list,
//! `@@remove` takes values (or, given `"*"`, the key) away. `@@operators_allowed_for_child_
//! policies` on a node limits which operators policies attached *below* that level may use
//! on the node and everything under it (`@@all`, `@@none`, or a list). A plain value counts as
//! `@@assign`. A change a parent disallows is left out of the effective policy and reported
//! as an `OPERATOR_NOT_ALLOWED` validation error naming both policies.
//! Simplified: policies attached at the same level do not restrict each other, and the
//! per-type element limits AWS also checks (e.g. `ELEMENTS_TOO_MANY`) are not modelled.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::errors::invalid;
use super::state::Org;
use crate::org::error::{OrgError, OrgResult};
use crate::org::policy_admin::EffectivePolicyError;
use crate::org::types::PolicyType;

const ASSIGN: &str = "@@assign";
const APPEND: &str = "@@append";
const REMOVE: &str = "@@remove";
const ALLOWED: &str = "@@operators_allowed_for_child_policies";

/// An account's effective policy of one type, and what went wrong computing it.
pub(super) struct Effective {
    pub(super) document: Map<String, Value>,
    pub(super) errors: Vec<EffectivePolicyError>,
    /// Whether any policy of the type applies to the account at all.
    pub(super) applies: bool,
}

/// A parent's limit on the operators child policies may use at `path` and below.
struct Limit {
    path: Vec<String>,
    level: usize,
    allowed: Vec<String>,
    policy: String,
}

impl Limit {
    fn permits(&self, op: &str) -> bool {
        self.allowed.iter().any(|a| a == "@@all" || a == op)
    }
}

/// A policy of the type being merged, its document parsed once per call.
pub(super) struct Attached {
    id: String,
    /// `None` when the stored content is not a JSON object.
    document: Option<Map<String, Value>>,
}

/// What merging needs about the organization, looked up once per call so that listing
/// every account stays linear: the policies of one type attached to each target (in
/// attachment order) and each OU's parent.
pub(super) struct Inheritance<'a> {
    attached: HashMap<&'a str, Vec<Attached>>,
    ou_parent: HashMap<&'a str, &'a str>,
}

#[derive(Default)]
struct Merge {
    document: Map<String, Value>,
    limits: Vec<Limit>,
    errors: Vec<EffectivePolicyError>,
}

impl Merge {
    fn policy(&mut self, level: usize, policy: &Attached) {
        match &policy.document {
            Some(node) => self.node(&mut Vec::new(), level, &policy.id, node),
            None => self.errors.push(EffectivePolicyError {
                error_code: "MALFORMED_POLICY_DOCUMENT".into(),
                error_message: "The policy is not a JSON object.".into(),
                path_to_error: String::new(),
                contributing_policies: vec![policy.id.clone()],
            }),
        }
    }

    fn node(
        &mut self,
        path: &mut Vec<String>,
        level: usize,
        policy: &str,
        node: &Map<String, Value>,
    ) {
        // The limit first: it governs children, not the policy that sets it.
        if let Some(allowed) = node.get(ALLOWED) {
            let allowed = match allowed {
                Value::Array(list) => list
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect(),
                Value::String(s) => vec![s.clone()],
                _ => Vec::new(),
            };
            self.limits.push(Limit {
                path: path.clone(),
                level,
                allowed,
                policy: policy.to_string(),
            });
        }
        for (key, value) in node {
            match key.as_str() {
                ALLOWED => {}
                ASSIGN | APPEND | REMOVE => self.apply(path, key, value, level, policy),
                k if k.starts_with("@@") => {}
                _ => {
                    path.push(key.clone());
                    match value {
                        Value::Object(child) => self.node(path, level, policy, child),
                        plain => self.apply(path, ASSIGN, plain, level, policy),
                    }
                    path.pop();
                }
            }
        }
    }

    fn apply(&mut self, path: &[String], op: &str, value: &Value, level: usize, policy: &str) {
        // Operators take values and lists; an object under one is read as more policy
        // (so no operator key ever lands in the effective document).
        if let Value::Object(inner) = value {
            if op != REMOVE {
                self.node(&mut path.to_vec(), level, policy, inner);
            }
            return;
        }
        let Some((last, parents)) = path.split_last() else {
            return;
        };
        if let Some(limit) = self
            .limits
            .iter()
            .find(|l| l.level < level && path.starts_with(&l.path) && !l.permits(op))
        {
            self.errors.push(EffectivePolicyError {
                error_code: "OPERATOR_NOT_ALLOWED".into(),
                error_message: format!(
                    "{op} is not allowed here: policy {} allows child policies only {}.",
                    limit.policy,
                    if limit.allowed.is_empty() {
                        "no operators".to_string()
                    } else {
                        limit.allowed.join(", ")
                    }
                ),
                path_to_error: path.join("/"),
                contributing_policies: vec![limit.policy.clone(), policy.to_string()],
            });
            return;
        }
        let mut at = &mut self.document;
        for p in parents {
            let entry = at
                .entry(p.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            let Value::Object(next) = entry else { return };
            at = next;
        }
        let values = |v: &Value| match v {
            Value::Array(list) => list.clone(),
            one => vec![one.clone()],
        };
        match op {
            ASSIGN => {
                at.insert(last.clone(), value.clone());
            }
            APPEND => {
                let mut list = at.get(last).map(values).unwrap_or_default();
                for v in values(value) {
                    if !list.contains(&v) {
                        list.push(v);
                    }
                }
                at.insert(last.clone(), Value::Array(list));
            }
            _ => {
                let gone = values(value);
                if gone.iter().any(|v| v == "*") {
                    at.remove(last);
                } else if let Some(Value::Array(list)) = at.get_mut(last) {
                    list.retain(|v| !gone.contains(v));
                } else if at.get(last).is_some_and(|v| gone.contains(v)) {
                    at.remove(last);
                }
            }
        }
    }
}

/// Effective policies exist only for the management types (InvalidInputException otherwise,
/// as the API's EffectivePolicyType has no SCP or RCP).
pub(super) fn check_effective_type(kind: &PolicyType) -> OrgResult<()> {
    if kind.has_effective_policy() {
        Ok(())
    } else {
        Err(invalid(format!(
            "INVALID_ENUM_POLICY_TYPE: {} has no effective policy; only management policy types do.",
            kind.as_api_str()
        )))
    }
}

pub(super) fn not_found(kind: &PolicyType) -> OrgError {
    OrgError::new(
        "EffectivePolicyNotFoundException",
        format!(
            "No effective policy of type {} applies: the type is not enabled, or no policy of it is attached along the account's path.",
            kind.as_api_str()
        ),
    )
}

impl Org {
    /// Each OU's parent, by OU id.
    fn ou_parents(&self) -> HashMap<&str, &str> {
        self.ous
            .iter()
            .map(|o| (o.id.as_str(), o.parent.as_str()))
            .collect()
    }

    /// The root, then each OU down to the account, then the account itself.
    pub(super) fn path_to(&self, account_id: &str, ou_parent: &HashMap<&str, &str>) -> Vec<String> {
        let mut path = vec![account_id.to_string()];
        let mut parent = self.account(account_id).map(|a| a.parent.as_str());
        // Bounded so a corrupted cycle cannot loop forever.
        while let Some(p) = parent.filter(|_| path.len() <= self.ous.len() + 1) {
            parent = ou_parent.get(p).copied();
            path.push(p.to_string());
        }
        path.reverse();
        path
    }

    /// The account's place as AWS writes it: `o-…/r-…/ou-…/…/account-id/`.
    pub(super) fn org_path(&self, account_id: &str) -> String {
        let mut s = format!("{}/", self.id);
        for id in self.path_to(account_id, &self.ou_parents()) {
            s.push_str(&id);
            s.push('/');
        }
        s
    }

    /// What `effective` needs for policies of `kind`; no policies when the type is not
    /// enabled. Each policy is parsed once here.
    pub(super) fn inheritance(&self, kind: &PolicyType) -> Inheritance<'_> {
        let mut attached: HashMap<&str, Vec<Attached>> = HashMap::new();
        let ou_parent = self.ou_parents();
        if !self.root.enabled.contains(kind) {
            return Inheritance {
                attached,
                ou_parent,
            };
        }
        let parsed: HashMap<&str, Option<Map<String, Value>>> = self
            .policies
            .iter()
            .filter(|p| &p.summary.kind == kind)
            .map(|p| {
                let doc = match serde_json::from_str::<Value>(&p.content) {
                    Ok(Value::Object(node)) => Some(node),
                    _ => None,
                };
                (p.summary.id.as_str(), doc)
            })
            .collect();
        for (policy_id, target) in &self.attachments {
            if let Some(document) = parsed.get(policy_id.as_str()) {
                attached.entry(target.as_str()).or_default().push(Attached {
                    id: policy_id.clone(),
                    document: document.clone(),
                });
            }
        }
        Inheritance {
            attached,
            ou_parent,
        }
    }

    /// The effective policy for an existing account.
    pub(super) fn effective(&self, inh: &Inheritance<'_>, account_id: &str) -> Effective {
        let mut merge = Merge::default();
        let mut applies = false;
        let path = self.path_to(account_id, &inh.ou_parent);
        for (level, target) in path.iter().enumerate() {
            for p in inh.attached.get(target.as_str()).into_iter().flatten() {
                applies = true;
                merge.policy(level, p);
            }
        }
        Effective {
            document: merge.document,
            errors: merge.errors,
            applies,
        }
    }
}
