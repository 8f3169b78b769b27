//! The plan simulated step by step on a copy of the organization: each step's names are
//! resolved against what the earlier steps leave, what AWS would refuse is reported with
//! the step's line, and the step is applied to the copy. Nothing is sent.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::file::{Action, Doc, PlanFile};
use super::model::{planned_id, OrgModel, PolicyInfo};
use super::op::{OldPolicy, Op};
use super::order::dependencies;
use super::resolve::{self, AccountNames};
use crate::org::ids::{validate_ou_name, validate_policy_name, TargetKind};
use crate::org::PolicyType;
use crate::policy::limits;

/// The deepest an OU may be under the root (AWS's quota).
pub const MAX_OU_DEPTH: usize = 5;

/// One step, resolved, with the steps it must wait for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Planned {
    /// Its place in the file (0-based); planned ids and `deps` use it.
    pub index: usize,
    pub line: usize,
    pub op: Op,
    pub deps: Vec<usize>,
    /// What it does, in names ("Move Alice from Root/Legacy to Root/Workloads/Prod").
    pub says: String,
}

/// Something AWS would refuse, or a name that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub step: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The plan checked against an organization.
#[derive(Debug, Clone)]
pub struct Checked {
    pub steps: Vec<Planned>,
    pub problems: Vec<Problem>,
    /// The organization as the plan leaves it.
    pub after: OrgModel,
}

/// Resolves and simulates every step of `plan` on a copy of `before`. `base`: the plan
/// file's directory, for `document-file`.
pub fn check(plan: &PlanFile, before: &OrgModel, base: Option<&Path>) -> Checked {
    let names = AccountNames::of(before);
    let mut sim = Sim {
        m: before.clone(),
        names: &names,
        base,
        problems: Vec::new(),
        line: 0,
        index: 0,
    };
    let mut steps = Vec::new();
    for (index, step) in plan.steps.iter().enumerate() {
        sim.line = step.line;
        sim.index = index;
        match sim.step(&step.action) {
            Ok((op, says)) => steps.push(Planned {
                index,
                line: step.line,
                op,
                deps: Vec::new(),
                says,
            }),
            Err(message) => sim.problem(message),
        }
    }
    let kinds: Vec<Option<PolicyType>> = steps
        .iter()
        .map(|s| policy_kind(&s.op, before, &sim.m))
        .collect();
    let ops: Vec<(usize, &Op)> = steps.iter().map(|s| (s.index, &s.op)).collect();
    let deps = dependencies(&ops, &kinds);
    for (s, d) in steps.iter_mut().zip(deps) {
        s.deps = d;
    }
    Checked {
        steps,
        problems: sim.problems,
        after: sim.m,
    }
}

/// The type of the policy an attach or detach names.
fn policy_kind(op: &Op, before: &OrgModel, after: &OrgModel) -> Option<PolicyType> {
    let (Op::Attach { policy, .. } | Op::Detach { policy, .. }) = op else {
        return None;
    };
    before
        .policies
        .get(policy)
        .or_else(|| after.policies.get(policy))
        .map(|p| p.kind.clone())
}

struct Sim<'a> {
    m: OrgModel,
    names: &'a AccountNames,
    base: Option<&'a Path>,
    problems: Vec<Problem>,
    line: usize,
    index: usize,
}

impl Sim<'_> {
    /// A problem with the step that does not stop it from being simulated.
    fn problem(&mut self, message: String) {
        self.problems.push(Problem {
            line: self.line,
            step: Some(self.index),
            message,
        });
    }

    fn document(&self, d: &Doc) -> Result<String, String> {
        match d {
            Doc::Inline(s) => Ok(s.clone()),
            Doc::File(f) => {
                let path = self
                    .base
                    .map_or_else(|| Path::new(f).to_path_buf(), |b| b.join(f));
                std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))
            }
        }
    }

    fn step(&mut self, a: &Action) -> Result<(Op, String), String> {
        match a {
            Action::CreateOu { path } => self.create_ou(path),
            Action::RenameOu { ou, name } => self.rename_ou(ou, name),
            Action::DeleteOu { ou } => self.delete_ou(ou),
            Action::Move { account, to } => self.move_account(account, to),
            Action::Attach { policy, to } => self.attach(policy, to),
            Action::Detach { policy, from } => self.detach(policy, from),
            Action::Tag { resource, tags } => self.tag(resource, tags),
            Action::Untag { resource, keys } => self.untag(resource, keys),
            Action::CreatePolicy {
                name,
                kind,
                description,
                document,
            } => {
                let content = self.document(document)?;
                self.create_policy(name, kind, description, content)
            }
            Action::UpdatePolicy {
                policy,
                name,
                description,
                document,
            } => {
                let content = document.as_ref().map(|d| self.document(d)).transpose()?;
                self.update_policy(policy, name.as_deref(), description.as_deref(), content)
            }
            Action::DeletePolicy { policy } => self.delete_policy(policy),
            Action::EnablePolicyType { kind } => self.policy_type(kind, true),
            Action::DisablePolicyType { kind } => self.policy_type(kind, false),
            Action::RegisterAdmin { account, service } => {
                let account = resolve::account(&self.m, self.names, account)?;
                let says = format!(
                    "Register {} as delegated administrator for {service}",
                    self.m.name(&account)
                );
                Ok((
                    Op::RegisterAdmin {
                        account,
                        service: service.clone(),
                    },
                    says,
                ))
            }
            Action::DeregisterAdmin { account, service } => {
                let account = resolve::account(&self.m, self.names, account)?;
                let says = format!(
                    "Deregister {} as delegated administrator for {service}",
                    self.m.name(&account)
                );
                Ok((
                    Op::DeregisterAdmin {
                        account,
                        service: service.clone(),
                    },
                    says,
                ))
            }
            Action::EnableServiceAccess { service } => Ok((
                Op::EnableServiceAccess {
                    service: service.clone(),
                },
                format!("Enable trusted access for {service}"),
            )),
            Action::DisableServiceAccess { service } => Ok((
                Op::DisableServiceAccess {
                    service: service.clone(),
                },
                format!("Disable trusted access for {service}"),
            )),
        }
    }

    fn ou(&self, r: &str) -> Result<String, String> {
        let id = resolve::node(&self.m, r)?;
        if id == self.m.root {
            return Err(format!("{r} is the root, not an OU"));
        }
        Ok(id)
    }

    /// A sibling OU of that name under `parent`, other than `except`.
    fn name_taken(&mut self, parent: &str, name: &str, except: Option<&str>) {
        if let Some(other) = self.m.child_ou(parent, name).filter(|o| Some(*o) != except) {
            let other = other.to_string();
            self.problem(format!(
                "an OU named {name:?} is already under {} ({other})",
                self.m.path(parent)
            ));
        }
    }

    fn create_ou(&mut self, path: &str) -> Result<(Op, String), String> {
        let (parent_path, name) = path.rsplit_once('/').ok_or_else(|| {
            format!("{path:?} names no parent; write the new OU's path from the root, e.g. \"Root/{path}\"")
        })?;
        let parent = resolve::node(&self.m, parent_path)?;
        validate_ou_name(name)?;
        self.name_taken(&parent, name, None);
        let depth = self.m.depth(&parent) + 1;
        if depth > MAX_OU_DEPTH {
            self.problem(format!(
                "{path} would be {depth} OUs deep; AWS allows {MAX_OU_DEPTH}"
            ));
        }
        let id = planned_id(self.index);
        self.m
            .add(&id, name, Some(&parent), TargetKind::OrganizationalUnit);
        // AWS attaches FullAWSAccess to a new OU when SCPs are enabled.
        if self.m.enabled.contains(&PolicyType::ServiceControl)
            && self.m.policies.contains_key(FULL_ACCESS)
        {
            self.m
                .attached
                .entry(id)
                .or_default()
                .insert(FULL_ACCESS.to_string());
        }
        let says = format!("Create OU {path}");
        Ok((
            Op::CreateOu {
                parent,
                name: name.to_string(),
            },
            says,
        ))
    }

    fn rename_ou(&mut self, r: &str, name: &str) -> Result<(Op, String), String> {
        let ou = self.ou(r)?;
        validate_ou_name(name)?;
        let parent = self
            .m
            .nodes
            .get(&ou)
            .and_then(|n| n.parent.clone())
            .unwrap_or_default();
        self.name_taken(&parent, name, Some(&ou));
        let says = format!("Rename OU {} to {name:?}", self.m.path(&ou));
        let old_name = self.m.name(&ou);
        if let Some(n) = self.m.nodes.get_mut(&ou) {
            n.name = name.to_string();
        }
        Ok((
            Op::RenameOu {
                ou,
                name: name.to_string(),
                old_name,
            },
            says,
        ))
    }

    fn delete_ou(&mut self, r: &str) -> Result<(Op, String), String> {
        let ou = self.ou(r)?;
        let path = self.m.path(&ou);
        let children: Vec<&String> = self.m.children.get(&ou).into_iter().flatten().collect();
        if !children.is_empty() {
            let accounts = children
                .iter()
                .filter(|c| {
                    self.m
                        .nodes
                        .get(c.as_str())
                        .is_some_and(|n| n.kind == TargetKind::Account)
                })
                .count();
            let ous = children.len() - accounts;
            self.problem(format!(
                "{path} is not empty ({accounts} accounts, {ous} OUs) when it would be deleted; move or delete them in earlier steps"
            ));
        }
        // AWS would refuse it: what is in it stays where it is.
        if self.m.children.get(&ou).is_none_or(|c| c.is_empty()) {
            self.m.remove(&ou);
        }
        Ok((
            Op::DeleteOu {
                ou,
                path: path.clone(),
            },
            format!("Delete OU {path}"),
        ))
    }

    fn move_account(&mut self, account: &str, to: &str) -> Result<(Op, String), String> {
        let account = resolve::account(&self.m, self.names, account)?;
        let to = resolve::node(&self.m, to)?;
        let from = self
            .m
            .nodes
            .get(&account)
            .and_then(|n| n.parent.clone())
            .unwrap_or_default();
        let says = format!(
            "Move {} from {} to {}",
            self.m.name(&account),
            self.m.path(&from),
            self.m.path(&to)
        );
        if from == to {
            self.problem(format!(
                "{} is already in {}",
                self.m.name(&account),
                self.m.path(&to)
            ));
        }
        self.m.reparent(&account, &to);
        Ok((Op::Move { account, from, to }, says))
    }

    fn kind_of(&self, policy: &str) -> PolicyType {
        self.m
            .policies
            .get(policy)
            .map_or(PolicyType::ServiceControl, |p| p.kind.clone())
    }

    fn attach(&mut self, policy: &str, to: &str) -> Result<(Op, String), String> {
        let policy = resolve::policy(&self.m, policy)?;
        let target = resolve::target(&self.m, self.names, to)?;
        let kind = self.kind_of(&policy);
        let says = format!(
            "Attach {} to {}",
            self.m.name(&policy),
            self.m.path(&target)
        );
        if !self.m.enabled.contains(&kind) {
            self.problem(format!(
                "{} policies are not enabled on the root",
                kind.as_api_str()
            ));
        }
        let there = self.m.attached_of(&target, &kind);
        if there.contains(&policy.as_str()) {
            self.problem(format!(
                "{} is already attached to {}",
                self.m.name(&policy),
                self.m.path(&target)
            ));
        } else if let Some(why) = limits::attach_refusal(&kind, there.len()) {
            self.problem(format!("{}: {why}", self.m.path(&target)));
        }
        self.m
            .attached
            .entry(target.clone())
            .or_default()
            .insert(policy.clone());
        Ok((Op::Attach { policy, target }, says))
    }

    fn detach(&mut self, policy: &str, from: &str) -> Result<(Op, String), String> {
        let policy = resolve::policy(&self.m, policy)?;
        let target = resolve::target(&self.m, self.names, from)?;
        let kind = self.kind_of(&policy);
        let place = self.m.path(&target);
        let says = format!("Detach {} from {place}", self.m.name(&policy));
        let was = self
            .m
            .attached
            .get_mut(&target)
            .is_some_and(|s| s.remove(&policy));
        if !was {
            self.problem(format!(
                "{} is not attached to {place}",
                self.m.name(&policy)
            ));
        } else if kind == PolicyType::ServiceControl
            && self.m.enabled.contains(&kind)
            && self.m.attached_of(&target, &kind).is_empty()
        {
            self.problem(format!(
                "{place} would be left with no SCP; AWS refuses (attach another one in an earlier step)"
            ));
        }
        Ok((Op::Detach { policy, target }, says))
    }

    fn tag(&mut self, r: &str, tags: &BTreeMap<String, String>) -> Result<(Op, String), String> {
        let resource = resolve::resource(&self.m, self.names, r)?;
        let now = self.m.tags.entry(resource.clone()).or_default();
        let before = tags
            .keys()
            .filter_map(|k| now.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        now.extend(tags.clone());
        let shown: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let says = format!("Tag {} with {}", self.m.path(&resource), shown.join(", "));
        Ok((
            Op::Tag {
                resource,
                tags: tags.clone(),
                before,
            },
            says,
        ))
    }

    fn untag(&mut self, r: &str, keys: &[String]) -> Result<(Op, String), String> {
        let resource = resolve::resource(&self.m, self.names, r)?;
        let now = self.m.tags.entry(resource.clone()).or_default();
        let before = keys
            .iter()
            .filter_map(|k| now.remove(k).map(|v| (k.clone(), v)))
            .collect();
        let says = format!(
            "Remove tags {} from {}",
            keys.join(", "),
            self.m.path(&resource)
        );
        Ok((
            Op::Untag {
                resource,
                keys: keys.to_vec(),
                before,
            },
            says,
        ))
    }

    fn policy_named(&mut self, name: &str, kind: &PolicyType, except: Option<&str>) {
        let taken = self
            .m
            .policies
            .iter()
            .any(|(id, p)| p.name == name && &p.kind == kind && Some(id.as_str()) != except);
        if taken {
            self.problem(format!("a {} named {name:?} exists already", kind.short()));
        }
    }

    fn document_fits(&mut self, kind: &PolicyType, content: &str) {
        let max = limits::max_chars(kind);
        let n = content.chars().count();
        if n > max {
            self.problem(format!(
                "the document has {n} characters; AWS allows {max} for a {}",
                kind.short()
            ));
        }
    }

    fn create_policy(
        &mut self,
        name: &str,
        kind: &PolicyType,
        description: &str,
        content: String,
    ) -> Result<(Op, String), String> {
        validate_policy_name(name)?;
        self.policy_named(name, kind, None);
        self.document_fits(kind, &content);
        if !self.m.enabled.contains(kind) && kind.is_authorization() {
            self.problem(format!(
                "{} policies are not enabled on the root",
                kind.as_api_str()
            ));
        }
        let info = PolicyInfo {
            name: name.to_string(),
            description: description.to_string(),
            kind: kind.clone(),
            aws_managed: false,
            content: Some(content.clone()),
        };
        self.m.policies.insert(planned_id(self.index), info);
        let says = format!("Create {} {name}", kind.short());
        let op = Op::CreatePolicy {
            name: name.to_string(),
            kind: kind.clone(),
            description: description.to_string(),
            content,
        };
        Ok((op, says))
    }

    fn old_policy(&mut self, policy: &str) -> Result<OldPolicy, String> {
        let p = self
            .m
            .policies
            .get(policy)
            .cloned()
            .ok_or_else(|| format!("no policy {policy}"))?;
        if p.aws_managed {
            self.problem(format!(
                "{} is managed by AWS and cannot be changed",
                p.name
            ));
        }
        Ok(OldPolicy {
            name: p.name,
            description: p.description,
            kind: p.kind,
            content: p.content,
        })
    }

    fn update_policy(
        &mut self,
        r: &str,
        name: Option<&str>,
        description: Option<&str>,
        content: Option<String>,
    ) -> Result<(Op, String), String> {
        let policy = resolve::policy(&self.m, r)?;
        let old = self.old_policy(&policy)?;
        let name = name.unwrap_or(&old.name).to_string();
        validate_policy_name(&name)?;
        self.policy_named(&name, &old.kind, Some(&policy));
        let content = match content.or_else(|| old.content.clone()) {
            Some(c) => c,
            None => {
                return Err(format!(
                    "the document of {} was not read; give document or document-file",
                    old.name
                ))
            }
        };
        self.document_fits(&old.kind, &content);
        let description = description.unwrap_or(&old.description).to_string();
        if let Some(p) = self.m.policies.get_mut(&policy) {
            p.name = name.clone();
            p.description = description.clone();
            p.content = Some(content.clone());
        }
        let says = format!("Update policy {}", old.name);
        Ok((
            Op::UpdatePolicy {
                policy,
                name,
                description,
                content,
                old,
            },
            says,
        ))
    }

    fn delete_policy(&mut self, r: &str) -> Result<(Op, String), String> {
        let policy = resolve::policy(&self.m, r)?;
        let old = self.old_policy(&policy)?;
        let targets = self.m.targets_of(&policy).len();
        if targets > 0 {
            self.problem(format!(
                "{} is still attached to {targets} targets; detach it in earlier steps",
                old.name
            ));
        }
        self.m.policies.remove(&policy);
        let says = format!("Delete policy {}", old.name);
        Ok((Op::DeletePolicy { policy, old }, says))
    }

    fn policy_type(&mut self, kind: &PolicyType, enable: bool) -> Result<(Op, String), String> {
        let root = self.m.root.clone();
        let on = self.m.enabled.contains(kind);
        if on == enable {
            let state = if on { "enabled" } else { "not enabled" };
            self.problem(format!(
                "{} policies are {state} already",
                kind.as_api_str()
            ));
        }
        if enable {
            self.m.enabled.insert(kind.clone());
            // AWS attaches FullAWSAccess everywhere when SCPs are enabled.
            if *kind == PolicyType::ServiceControl && self.m.policies.contains_key(FULL_ACCESS) {
                let all: Vec<String> = self.m.nodes.keys().cloned().collect();
                for n in all {
                    self.m
                        .attached
                        .entry(n)
                        .or_default()
                        .insert(FULL_ACCESS.to_string());
                }
            }
            Ok((
                Op::EnablePolicyType {
                    root,
                    kind: kind.clone(),
                },
                format!("Enable {} on the root", kind.as_api_str()),
            ))
        } else {
            self.m.enabled.remove(kind);
            let of_kind: Vec<String> = self
                .m
                .policies
                .iter()
                .filter(|(_, p)| &p.kind == kind)
                .map(|(id, _)| id.clone())
                .collect();
            for set in self.m.attached.values_mut() {
                set.retain(|p| !of_kind.contains(p));
            }
            Ok((
                Op::DisablePolicyType {
                    root,
                    kind: kind.clone(),
                },
                format!("Disable {} on the root", kind.as_api_str()),
            ))
        }
    }
}

/// The AWS-managed SCP every target has when SCPs are enabled.
pub const FULL_ACCESS: &str = "p-FullAWSAccess";

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
