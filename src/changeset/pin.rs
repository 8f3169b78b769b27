//! What a plan was made against, to find what someone else changed before it is applied:
//! one fact per thing its steps touch that exists already (an account's parent, an OU's
//! name and parent, a target's attachments, a policy's name and document, the enabled
//! policy types), each "key = value". The facts are kept in the plan file
//! (`[made-against]`) or by the UI, and compared with the organization as it is now.

use std::collections::BTreeSet;

use super::check::Planned;
use super::model::{planned_step, OrgModel};
use super::op::Op;

/// The keys of the facts `steps` depend on.
fn keys(steps: &[Planned]) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let node = |id: &str, keys: &mut BTreeSet<String>| {
        if planned_step(id).is_none() {
            keys.insert(format!("node {id}"));
        }
    };
    for s in steps {
        match &s.op {
            Op::CreateOu { parent, .. } => node(parent, &mut keys),
            Op::RenameOu { ou, .. } | Op::DeleteOu { ou, .. } => {
                node(ou, &mut keys);
                keys.insert(format!("attached {ou}"));
            }
            Op::Move { account, to, .. } => {
                node(account, &mut keys);
                node(to, &mut keys);
            }
            Op::Attach { policy, target } | Op::Detach { policy, target } => {
                node(target, &mut keys);
                if planned_step(target).is_none() {
                    keys.insert(format!("attached {target}"));
                }
                if planned_step(policy).is_none() {
                    keys.insert(format!("policy {policy}"));
                }
            }
            Op::UpdatePolicy { policy, .. } | Op::DeletePolicy { policy, .. } => {
                keys.insert(format!("policy {policy}"));
            }
            Op::EnablePolicyType { .. } | Op::DisablePolicyType { .. } => {
                keys.insert("policy types".to_string());
            }
            Op::Tag { .. }
            | Op::Untag { .. }
            | Op::CreatePolicy { .. }
            | Op::RegisterAdmin { .. }
            | Op::DeregisterAdmin { .. }
            | Op::EnableServiceAccess { .. }
            | Op::DisableServiceAccess { .. } => {}
        }
    }
    keys
}

/// A document's hash, short enough for a line.
fn digest(text: &str) -> String {
    format!("{:016x}", super::journal::fnv(text.as_bytes()))
}

/// What `key` is in `m` ("gone" when it is not there).
fn value(m: &OrgModel, key: &str) -> String {
    let gone = || "gone".to_string();
    match key.split_once(' ') {
        Some(("node", id)) => match m.nodes.get(id) {
            Some(n) => format!(
                "{:?} in {}",
                n.name,
                n.parent.as_deref().map_or("-".to_string(), |p| m.path(p))
            ),
            None => gone(),
        },
        Some(("attached", id)) => {
            let mut names: Vec<String> = m
                .attached
                .get(id)
                .into_iter()
                .flatten()
                .map(|p| m.name(p))
                .collect();
            names.sort();
            names.join(", ")
        }
        Some(("policy", id)) => match m.policies.get(id) {
            Some(p) => format!(
                "{:?} document {}",
                p.name,
                p.content.as_deref().map_or("not read".into(), digest)
            ),
            None => gone(),
        },
        _ => m
            .enabled
            .iter()
            .map(|k| k.short().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The facts `steps` depend on, as `m` has them.
pub fn facts(steps: &[Planned], m: &OrgModel) -> Vec<String> {
    keys(steps)
        .into_iter()
        .map(|k| format!("{k} = {}", value(m, &k)))
        .collect()
}

/// Each pinned fact that no longer holds in `now`, saying what it was and is.
pub fn drift(pinned: &[String], now: &OrgModel) -> Vec<String> {
    pinned
        .iter()
        .filter_map(|fact| {
            let (key, was) = fact.split_once(" = ")?;
            let is = value(now, key);
            (is != was).then(|| format!("{key}: was {was}, now {is}"))
        })
        .collect()
}

/// What `drift` finds, each a problem line: the one wording of the review, `plan show`
/// and every apply.
pub fn changed_since(pinned: &[String], now: &OrgModel) -> Vec<String> {
    (drift(pinned, now).into_iter())
        .map(|d| format!("changed since the plan was checked: {d}"))
        .collect()
}

/// The steps whose resolution differs between the plan as made (`then`) and as checked
/// against the organization now: what someone else changed that the plan builds on.
pub fn differences(then: &[Planned], now: &[Planned]) -> Vec<String> {
    let mut out = Vec::new();
    for t in then {
        match now.iter().find(|n| n.index == t.index) {
            Some(n) if n.op == t.op => {}
            Some(n) => out.push(format!(
                "line {}: was \"{}\", now \"{}\"",
                t.line, t.says, n.says
            )),
            None => out.push(format!(
                "line {}: \"{}\" no longer resolves",
                t.line, t.says
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::sample::*;
    use super::*;

    #[test]
    fn a_move_by_someone_else_is_found_by_the_facts_and_by_re_resolving() {
        let text = "[[step]]\nmove = \"alice\"\nto = \"Root/Workloads/Prod\"\n[[step]]\nattach = \"DenyS3\"\nto = \"Root/Sandbox\"\n";
        let then = checked(text);
        let pinned = facts(&then.steps, &org());
        assert!(
            pinned.contains(&format!("node {ALICE} = \"alice\" in Root/Legacy")),
            "{pinned:?}"
        );
        assert_eq!(drift(&pinned, &org()), Vec::<String>::new());
        let mut changed = org();
        changed.reparent(ALICE, SANDBOX);
        changed
            .attached
            .get_mut(SANDBOX)
            .unwrap()
            .insert(REGION_LOCK.into());
        assert_eq!(
            drift(&pinned, &changed),
            vec![
                format!("attached {SANDBOX}: was FullAWSAccess, now FullAWSAccess, RegionLock"),
                format!(
                    "node {ALICE}: was \"alice\" in Root/Legacy, now \"alice\" in Root/Sandbox"
                ),
            ]
        );
        let plan = crate::changeset::file::parse(text).unwrap();
        let now = crate::changeset::check(&plan, &changed, None);
        assert_eq!(
            differences(&then.steps, &now.steps),
            vec!["line 1: was \"Move alice from Root/Legacy to Root/Workloads/Prod\", now \"Move alice from Root/Sandbox to Root/Workloads/Prod\""]
        );
    }
}
