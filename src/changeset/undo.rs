//! The inverse of an applied plan, as a plan file to review and apply like any other: the
//! steps that were done, undone in reverse order (moves back, attachments detached or
//! restored, created OUs and policies deleted once empty or detached, renames reversed,
//! tags restored, deleted OUs and policies created again by path and name).

use std::collections::{BTreeMap, HashMap};

use super::file::{Action, Doc, PlanFile, Step};
use super::journal::{Loaded, StepState};
use super::op::Op;

/// Why a done step cannot be undone, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUndone {
    pub line: usize,
    pub why: String,
}

/// The inverse plan of what `journal` records as done, and the steps it cannot undo.
pub fn undo(journal: &Loaded) -> (PlanFile, Vec<NotUndone>) {
    let created = journal.created();
    // What a step deleted is created again by the inverse, so later inverse steps name it
    // by path or name, not by its old id.
    let mut renamed: HashMap<String, String> = HashMap::new();
    for s in &journal.steps {
        match &s.op {
            Op::DeleteOu { ou, path } => {
                renamed.insert(ou.clone(), path.clone());
            }
            Op::DeletePolicy { policy, old } => {
                renamed.insert(policy.clone(), old.name.clone());
            }
            _ => {}
        }
    }
    let name = |id: &String| -> String {
        let id = super::model::planned_step(id)
            .and_then(|i| created.get(&i))
            .unwrap_or(id);
        renamed.get(id).cloned().unwrap_or_else(|| id.clone())
    };
    let mut steps = Vec::new();
    let mut not = Vec::new();
    for s in journal.steps.iter().rev() {
        if !journal.states.get(&s.index).is_some_and(StepState::is_done) {
            continue;
        }
        let own = created.get(&s.index);
        let inverse = match &s.op {
            Op::CreateOu { .. } => own.map(|ou| vec![Action::DeleteOu { ou: ou.clone() }]),
            Op::RenameOu { ou, old_name, .. } => Some(vec![Action::RenameOu {
                ou: name(ou),
                name: old_name.clone(),
            }]),
            Op::DeleteOu { path, .. } => Some(vec![Action::CreateOu { path: path.clone() }]),
            Op::Move { account, from, .. } => Some(vec![Action::Move {
                account: account.clone(),
                to: name(from),
            }]),
            Op::Attach { policy, target } => Some(vec![Action::Detach {
                policy: name(policy),
                from: name(target),
            }]),
            Op::Detach { policy, target } => Some(vec![Action::Attach {
                policy: name(policy),
                to: name(target),
            }]),
            Op::Tag {
                resource,
                tags,
                before,
            } => Some(restore_tags(&name(resource), tags.keys(), before)),
            Op::Untag {
                resource,
                keys,
                before,
            } => Some(restore_tags(&name(resource), keys.iter(), before)),
            Op::CreatePolicy { .. } => {
                own.map(|p| vec![Action::DeletePolicy { policy: p.clone() }])
            }
            Op::UpdatePolicy { policy, old, .. } => old.content.as_ref().map(|content| {
                vec![Action::UpdatePolicy {
                    policy: name(policy),
                    name: Some(old.name.clone()),
                    description: Some(old.description.clone()),
                    document: Some(Doc::Inline(content.clone())),
                }]
            }),
            Op::DeletePolicy { old, .. } => old.content.as_ref().map(|content| {
                vec![Action::CreatePolicy {
                    name: old.name.clone(),
                    kind: old.kind.clone(),
                    description: old.description.clone(),
                    document: Doc::Inline(content.clone()),
                }]
            }),
            Op::EnablePolicyType { kind, .. } => {
                Some(vec![Action::DisablePolicyType { kind: kind.clone() }])
            }
            Op::DisablePolicyType { kind, .. } => {
                Some(vec![Action::EnablePolicyType { kind: kind.clone() }])
            }
            Op::RegisterAdmin { account, service } => Some(vec![Action::DeregisterAdmin {
                account: account.clone(),
                service: service.clone(),
            }]),
            Op::DeregisterAdmin { account, service } => Some(vec![Action::RegisterAdmin {
                account: account.clone(),
                service: service.clone(),
            }]),
            Op::EnableServiceAccess { service } => Some(vec![Action::DisableServiceAccess {
                service: service.clone(),
            }]),
            Op::DisableServiceAccess { service } => Some(vec![Action::EnableServiceAccess {
                service: service.clone(),
            }]),
        };
        match inverse {
            Some(actions) => {
                steps.extend(actions.into_iter().map(|action| Step { line: 0, action }))
            }
            None => not.push(NotUndone {
                line: s.line,
                why: format!("\"{}\": what it replaced was not read", s.says),
            }),
        }
    }
    (
        PlanFile {
            steps,
            pinned: Vec::new(),
        },
        not,
    )
}

/// Tags `keys` back to what they were: those that had a value get it again, the others go.
fn restore_tags<'a>(
    resource: &str,
    keys: impl Iterator<Item = &'a String>,
    before: &BTreeMap<String, String>,
) -> Vec<Action> {
    let (had, new): (Vec<&String>, Vec<&String>) = keys.partition(|k| before.contains_key(*k));
    let mut out = Vec::new();
    if !new.is_empty() {
        out.push(Action::Untag {
            resource: resource.to_string(),
            keys: new.into_iter().cloned().collect(),
        });
    }
    if !had.is_empty() {
        let tags = had
            .into_iter()
            .filter_map(|k| before.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        out.push(Action::Tag {
            resource: resource.to_string(),
            tags,
        });
    }
    out
}

#[cfg(test)]
#[path = "undo_tests.rs"]
mod tests;
