//! A resolved step: the change with ids (planned ids for what earlier steps create), and
//! what it replaces (for undo). It becomes a `Change` once the planned ids it names are
//! known, and says which things it touches, from which the order of the steps follows.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::model::planned_step;
use crate::change::{
    AdminChange, AttachPolicy, Change, CreateOu, CreatePolicy, DeleteOu, DeletePolicy,
    DetachPolicy, DisablePolicyType, EnablePolicyType, MoveAccount, RenameOu, UpdatePolicy,
};
use crate::org::{PolicyType, Tag};

/// A policy as it was before the step changed or deleted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldPolicy {
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    /// None when the document was not read (undo then cannot restore it).
    pub content: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
    CreateOu {
        parent: String,
        name: String,
    },
    RenameOu {
        ou: String,
        name: String,
        old_name: String,
    },
    /// `path`: where it was, to create it again on undo.
    DeleteOu {
        ou: String,
        path: String,
    },
    Move {
        account: String,
        from: String,
        to: String,
    },
    Attach {
        policy: String,
        target: String,
    },
    Detach {
        policy: String,
        target: String,
    },
    /// `before`: the values the keys had (absent keys are not there).
    Tag {
        resource: String,
        tags: BTreeMap<String, String>,
        before: BTreeMap<String, String>,
    },
    Untag {
        resource: String,
        keys: Vec<String>,
        before: BTreeMap<String, String>,
    },
    CreatePolicy {
        name: String,
        kind: PolicyType,
        description: String,
        content: String,
    },
    UpdatePolicy {
        policy: String,
        name: String,
        description: String,
        content: String,
        old: OldPolicy,
    },
    DeletePolicy {
        policy: String,
        old: OldPolicy,
    },
    EnablePolicyType {
        root: String,
        kind: PolicyType,
    },
    DisablePolicyType {
        root: String,
        kind: PolicyType,
    },
    RegisterAdmin {
        account: String,
        service: String,
    },
    DeregisterAdmin {
        account: String,
        service: String,
    },
    EnableServiceAccess {
        service: String,
    },
    DisableServiceAccess {
        service: String,
    },
}

/// Whether a step may run beside others touching the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Commutes with the other shared uses (two accounts moved into one OU).
    Shared,
    /// Ordered after every earlier use, and every later use after it.
    Alone,
}

impl Op {
    /// The ids this step names, in every field that holds one.
    fn ids_mut(&mut self) -> Vec<&mut String> {
        match self {
            Op::CreateOu { parent, .. } => vec![parent],
            Op::RenameOu { ou, .. } | Op::DeleteOu { ou, .. } => vec![ou],
            Op::Move { account, from, to } => vec![account, from, to],
            Op::Attach { policy, target } | Op::Detach { policy, target } => vec![policy, target],
            Op::Tag { resource, .. } | Op::Untag { resource, .. } => vec![resource],
            Op::UpdatePolicy { policy, .. } | Op::DeletePolicy { policy, .. } => vec![policy],
            Op::EnablePolicyType { root, .. } | Op::DisablePolicyType { root, .. } => vec![root],
            Op::RegisterAdmin { account, .. } | Op::DeregisterAdmin { account, .. } => {
                vec![account]
            }
            Op::CreatePolicy { .. }
            | Op::EnableServiceAccess { .. }
            | Op::DisableServiceAccess { .. } => vec![],
        }
    }

    /// The steps whose created ids this one names.
    pub fn planned_refs(&self) -> Vec<usize> {
        let mut copy = self.clone();
        copy.ids_mut()
            .into_iter()
            .filter_map(|id| planned_step(id))
            .collect()
    }

    /// The op with planned ids replaced by the ids `created` holds (by step); the planned
    /// ids still missing are answered instead.
    pub fn concrete(&self, created: &HashMap<usize, String>) -> Result<Op, Vec<usize>> {
        let mut op = self.clone();
        let mut missing = Vec::new();
        for id in op.ids_mut() {
            if let Some(step) = planned_step(id) {
                match created.get(&step) {
                    Some(real) => *id = real.clone(),
                    None => missing.push(step),
                }
            }
        }
        if missing.is_empty() {
            Ok(op)
        } else {
            Err(missing)
        }
    }

    /// The change to send (ids must be concrete).
    pub fn change(&self) -> Change {
        let s = String::clone;
        match self {
            Op::CreateOu { parent, name } => CreateOu {
                parent: s(parent),
                name: s(name),
            }
            .into(),
            Op::RenameOu { ou, name, .. } => RenameOu {
                ou: s(ou),
                name: s(name),
            }
            .into(),
            Op::DeleteOu { ou, .. } => DeleteOu { ou: s(ou) }.into(),
            Op::Move { account, from, to } => MoveAccount {
                account: s(account),
                source: s(from),
                destination: s(to),
            }
            .into(),
            Op::Attach { policy, target } => AttachPolicy {
                policy: s(policy),
                target: s(target),
            }
            .into(),
            Op::Detach { policy, target } => DetachPolicy {
                policy: s(policy),
                target: s(target),
            }
            .into(),
            Op::Tag { resource, tags, .. } => AdminChange::TagResource {
                resource: s(resource),
                tags: tags
                    .iter()
                    .map(|(k, v)| Tag {
                        key: s(k),
                        value: s(v),
                    })
                    .collect(),
            }
            .into(),
            Op::Untag { resource, keys, .. } => AdminChange::UntagResource {
                resource: s(resource),
                keys: keys.clone(),
            }
            .into(),
            Op::CreatePolicy {
                name,
                kind,
                description,
                content,
            } => CreatePolicy {
                name: s(name),
                description: s(description),
                kind: kind.clone(),
                content: s(content),
            }
            .into(),
            Op::UpdatePolicy {
                policy,
                name,
                description,
                content,
                ..
            } => UpdatePolicy {
                policy: s(policy),
                name: s(name),
                description: s(description),
                content: s(content),
            }
            .into(),
            Op::DeletePolicy { policy, .. } => DeletePolicy { policy: s(policy) }.into(),
            Op::EnablePolicyType { root, kind } => EnablePolicyType {
                root: s(root),
                kind: kind.clone(),
            }
            .into(),
            Op::DisablePolicyType { root, kind } => DisablePolicyType {
                root: s(root),
                kind: kind.clone(),
            }
            .into(),
            Op::RegisterAdmin { account, service } => AdminChange::RegisterDelegatedAdministrator {
                account: s(account),
                service: s(service),
            }
            .into(),
            Op::DeregisterAdmin { account, service } => {
                AdminChange::DeregisterDelegatedAdministrator {
                    account: s(account),
                    service: s(service),
                }
                .into()
            }
            Op::EnableServiceAccess { service } => AdminChange::EnableServiceAccess {
                service: s(service),
            }
            .into(),
            Op::DisableServiceAccess { service } => AdminChange::DisableServiceAccess {
                service: s(service),
            }
            .into(),
        }
    }

    /// What the step touches, and how (see `order`). `kind`: the type of the policy an
    /// attach or detach names, when known. `own`: the planned id of what it creates.
    pub fn touches(&self, kind: Option<&PolicyType>, own: &str) -> Vec<(String, Mode)> {
        use Mode::{Alone, Shared};
        let k = |p: &str, s: &str| format!("{p}:{s}");
        let of_type = |kind: Option<&PolicyType>| kind.map(|t| (k("type", t.as_api_str()), Shared));
        let mut out: Vec<(String, Mode)> = match self {
            Op::CreateOu { parent, .. } => vec![
                (k("node", own), Alone),
                (k("node", parent), Shared),
                (k("children", parent), Shared),
            ],
            Op::RenameOu { ou, .. } => vec![(k("node", ou), Alone)],
            Op::DeleteOu { ou, .. } => vec![
                (k("node", ou), Alone),
                (k("children", ou), Alone),
                (k("attached", ou), Alone),
            ],
            Op::Move { account, from, to } => vec![
                (k("node", account), Alone),
                (k("children", from), Shared),
                (k("children", to), Shared),
                (k("node", to), Shared),
            ],
            Op::Attach { policy, target } | Op::Detach { policy, target } => {
                let mut v = vec![
                    (k("policy", policy), Shared),
                    (k("attached", target), Alone),
                    (k("node", target), Shared),
                ];
                v.extend(of_type(kind));
                v
            }
            Op::Tag { resource, .. } | Op::Untag { resource, .. } => {
                vec![
                    (k("tags", resource), Alone),
                    (k("node", resource), Shared),
                    (k("policy", resource), Shared),
                ]
            }
            Op::CreatePolicy { kind, .. } => {
                let mut v = vec![(k("policy", own), Alone)];
                v.extend(of_type(Some(kind)));
                v
            }
            Op::UpdatePolicy { policy, old, .. } | Op::DeletePolicy { policy, old } => {
                vec![
                    (k("policy", policy), Alone),
                    (k("type", old.kind.as_api_str()), Shared),
                ]
            }
            Op::EnablePolicyType { kind, .. } | Op::DisablePolicyType { kind, .. } => {
                vec![(k("type", kind.as_api_str()), Alone)]
            }
            Op::RegisterAdmin { account, service } | Op::DeregisterAdmin { account, service } => {
                vec![
                    (k("admin", &format!("{account}/{service}")), Alone),
                    (k("service", service), Shared),
                ]
            }
            Op::EnableServiceAccess { service } | Op::DisableServiceAccess { service } => {
                vec![(k("service", service), Alone)]
            }
        };
        out.dedup();
        out
    }
}
