//! The organization as a plan sees it: every root, OU and account with its parent, the
//! policies with their attachments, the enabled policy types and the tags of what the plan
//! tags. Cheap to clone, and changed step by step as the plan is simulated, so later steps
//! resolve against what earlier ones leave.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::org::ids::TargetKind;
use crate::org::{OrgSnapshot, PolicyType};

/// A root, OU or account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub parent: Option<String>,
    pub kind: TargetKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInfo {
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    pub aws_managed: bool,
    /// The document, when read (SCPs and RCPs, and what the plan changes).
    pub content: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgModel {
    pub organization_id: String,
    pub management_account: String,
    pub partition: Option<String>,
    pub root: String,
    pub nodes: HashMap<String, Node>,
    /// Each root's and OU's children (OUs and accounts).
    pub children: HashMap<String, BTreeSet<String>>,
    pub policies: HashMap<String, PolicyInfo>,
    /// The policies attached directly to each target.
    pub attached: HashMap<String, BTreeSet<String>>,
    pub enabled: BTreeSet<PolicyType>,
    /// The tags of the resources the plan tags or untags (read for them only).
    pub tags: HashMap<String, BTreeMap<String, String>>,
}

/// The prefix of the ids the plan gives what it creates, until AWS gives the real one.
const PLANNED: &str = "step:";

/// The id standing for what step `index` (0-based) creates.
pub fn planned_id(index: usize) -> String {
    format!("{PLANNED}{index}")
}

/// The step that creates `id`, when it is a planned id.
pub fn planned_step(id: &str) -> Option<usize> {
    id.strip_prefix(PLANNED)?.parse().ok()
}

impl OrgModel {
    /// The tree of `s` (policies, attachments and tags are added by the reader).
    pub fn from_snapshot(s: &OrgSnapshot) -> OrgModel {
        let mut m = OrgModel {
            organization_id: s.organization.id.clone(),
            management_account: s.organization.master_account_id.clone(),
            partition: crate::policy::eval::partition_of(&s.organization.arn),
            ..OrgModel::default()
        };
        if let Some(root) = s.roots.first() {
            m.root = root.id.clone();
            m.enabled = root.enabled_policy_types().into_iter().collect();
        }
        for r in &s.roots {
            m.add(&r.id, &r.name, None, TargetKind::Root);
        }
        for o in &s.ous {
            m.add(
                &o.item.id,
                &o.item.name,
                Some(&o.parent),
                TargetKind::OrganizationalUnit,
            );
        }
        for a in &s.accounts {
            m.add(
                &a.item.id,
                &a.item.name,
                Some(&a.parent),
                TargetKind::Account,
            );
        }
        m
    }

    pub fn add(&mut self, id: &str, name: &str, parent: Option<&str>, kind: TargetKind) {
        let node = Node {
            name: name.to_string(),
            parent: parent.map(str::to_string),
            kind,
        };
        if let Some(p) = parent {
            self.children
                .entry(p.to_string())
                .or_default()
                .insert(id.to_string());
        }
        self.nodes.insert(id.to_string(), node);
    }

    pub fn remove(&mut self, id: &str) {
        if let Some(p) = self.nodes.remove(id).and_then(|n| n.parent) {
            if let Some(c) = self.children.get_mut(&p) {
                c.remove(id);
            }
        }
        self.children.remove(id);
        self.attached.remove(id);
    }

    /// Puts `id` under `parent`.
    pub fn reparent(&mut self, id: &str, parent: &str) {
        let Some(node) = self.nodes.get_mut(id) else {
            return;
        };
        if let Some(old) = node.parent.replace(parent.to_string()) {
            if let Some(c) = self.children.get_mut(&old) {
                c.remove(id);
            }
        }
        self.children
            .entry(parent.to_string())
            .or_default()
            .insert(id.to_string());
    }

    pub fn name(&self, id: &str) -> String {
        self.nodes
            .get(id)
            .map(|n| n.name.clone())
            .or_else(|| self.policies.get(id).map(|p| p.name.clone()))
            .unwrap_or_else(|| id.to_string())
    }

    /// The ids from the root down to `id`, `id` last.
    pub fn chain(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        let mut at = id;
        while let Some(p) = self.nodes.get(at).and_then(|n| n.parent.as_deref()) {
            // A cycle cannot come from AWS; the bound keeps a broken model from hanging.
            if out.len() > 16 {
                break;
            }
            out.push(p.to_string());
            at = p;
        }
        out.reverse();
        out
    }

    /// "Root/Workloads/Prod" (accounts end with their name).
    pub fn path(&self, id: &str) -> String {
        let names: Vec<String> = self.chain(id).iter().map(|i| self.name(i)).collect();
        names.join("/")
    }

    /// How many OUs deep `id` is (the root is 0).
    pub fn depth(&self, id: &str) -> usize {
        self.chain(id).len().saturating_sub(1)
    }

    /// The child OU of `parent` named `name`.
    pub fn child_ou(&self, parent: &str, name: &str) -> Option<&str> {
        self.children
            .get(parent)?
            .iter()
            .map(String::as_str)
            .find(|c| {
                self.nodes
                    .get(*c)
                    .is_some_and(|n| n.kind == TargetKind::OrganizationalUnit && n.name == name)
            })
    }

    /// The path of every root and OU, for "did you mean".
    pub fn node_paths(&self) -> Vec<String> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.kind != TargetKind::Account)
            .map(|(id, _)| self.path(id))
            .collect()
    }

    /// The policies of `kind` attached directly to `target`.
    pub fn attached_of(&self, target: &str, kind: &PolicyType) -> Vec<&str> {
        self.attached
            .get(target)
            .into_iter()
            .flatten()
            .filter(|p| self.policies.get(*p).is_some_and(|i| &i.kind == kind))
            .map(String::as_str)
            .collect()
    }

    /// The targets `policy` is attached to.
    pub fn targets_of(&self, policy: &str) -> Vec<&str> {
        self.attached
            .iter()
            .filter(|(_, ps)| ps.contains(policy))
            .map(|(t, _)| t.as_str())
            .collect()
    }

    /// The accounts at or under `id`.
    pub fn accounts_under(&self, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![id.to_string()];
        while let Some(at) = stack.pop() {
            match self.nodes.get(&at).map(|n| n.kind) {
                Some(TargetKind::Account) => out.push(at),
                Some(_) => stack.extend(self.children.get(&at).into_iter().flatten().cloned()),
                None => {}
            }
        }
        out
    }
}
