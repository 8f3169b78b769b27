//! What a plan does to every account: the policies it gains and loses at each level of its
//! path (directly, and inherited through the root and each OU), and how the watched
//! actions' verdicts change. Only accounts whose path or policies change are evaluated;
//! each document is parsed once for all of them (`ReadCache`).

use std::collections::{BTreeSet, HashSet};

use super::model::OrgModel;
use crate::org::ids::TargetKind;
use crate::policy::eval::{AttachedPolicy, EvalInput, Level, Prepared, Query, ReadCache};
use crate::policy::Verdict;

/// A policy at one level of an account's path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AtLevel {
    /// "Root/Workloads" for the root or an OU, "the account" for the account itself.
    pub level: String,
    pub policy: String,
}

/// A watched action whose verdict changes, or that depends on other condition keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    pub action: String,
    pub before: Verdict,
    pub after: Verdict,
    /// The condition keys each verdict depends on (empty unless it depends).
    pub keys_before: Vec<String>,
    pub keys_after: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEffect {
    pub account: String,
    pub name: String,
    /// Its parent's path before and after (equal unless it moves).
    pub from: String,
    pub to: String,
    pub gained: Vec<AtLevel>,
    pub lost: Vec<AtLevel>,
    pub actions: Vec<ActionChange>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// The accounts whose path or policies change, by id.
    pub accounts: Vec<AccountEffect>,
    /// Watched entries that are not actions, with why.
    pub invalid: Vec<String>,
}

/// The nodes whose parent, attachments or attached documents differ between the two.
fn changed_nodes(before: &OrgModel, after: &OrgModel) -> HashSet<String> {
    let edited: HashSet<&String> = before
        .policies
        .iter()
        .filter(|(id, p)| {
            after
                .policies
                .get(*id)
                .is_some_and(|q| q.content != p.content)
        })
        .map(|(id, _)| id)
        .collect();
    let empty = BTreeSet::new();
    let ids: HashSet<&String> = before.nodes.keys().chain(after.nodes.keys()).collect();
    ids.into_iter()
        .filter(|id| {
            let (b, a) = (
                before.attached.get(*id).unwrap_or(&empty),
                after.attached.get(*id).unwrap_or(&empty),
            );
            let parent = |m: &OrgModel| m.nodes.get(*id).map(|n| n.parent.clone());
            b != a || parent(before) != parent(after) || a.iter().any(|p| edited.contains(p))
        })
        .cloned()
        .collect()
}

/// The effect of going from `before` to `after` (the plan's simulated result).
pub fn effect(before: &OrgModel, after: &OrgModel, watched: &[String]) -> Effect {
    let mut queries = Vec::new();
    let mut invalid = Vec::new();
    for action in watched {
        match Query::new(action, None) {
            Ok(q) => queries.push(q),
            Err(why) => invalid.push(why),
        }
    }
    let changed = changed_nodes(before, after);
    let (mut old, mut new) = (ReadCache::default(), ReadCache::default());
    let mut accounts: Vec<AccountEffect> = before
        .nodes
        .iter()
        .filter(|(_, n)| n.kind == TargetKind::Account)
        .filter_map(|(id, n)| {
            let (was, now) = (before.chain(id), after.chain(id));
            if !was.iter().chain(&now).any(|l| changed.contains(l)) {
                return None;
            }
            let (lost, gained) = differences(before, &was, after, &now);
            let (b, a) = (
                Prepared::cached(input(before, &was), &mut old),
                Prepared::cached(input(after, &now), &mut new),
            );
            let actions = queries
                .iter()
                .map(|q| {
                    let (was, now) = (b.evaluate(q), a.evaluate(q));
                    ActionChange {
                        action: q.action.clone(),
                        before: was.verdict,
                        after: now.verdict,
                        keys_before: was.depends_on,
                        keys_after: now.depends_on,
                    }
                })
                // Under a conditional root deny everything "depends" before and after: what
                // it depends on changing is a change too (a region lock left behind).
                .filter(|c| c.before != c.after || c.keys_before != c.keys_after)
                .collect();
            let parent = |m: &OrgModel| {
                m.nodes
                    .get(id)
                    .and_then(|n| n.parent.clone())
                    .map(|p| m.path(&p))
                    .unwrap_or_default()
            };
            Some(AccountEffect {
                account: id.clone(),
                name: n.name.clone(),
                from: parent(before),
                to: parent(after),
                gained,
                lost,
                actions,
            })
        })
        .collect();
    accounts.sort_by(|a, b| a.account.cmp(&b.account));
    Effect { accounts, invalid }
}

/// Every policy on a path, with the level it is attached at.
fn along(m: &OrgModel, chain: &[String]) -> BTreeSet<AtLevel> {
    let last = chain.len().saturating_sub(1);
    chain
        .iter()
        .enumerate()
        .flat_map(|(i, level)| {
            let label = if i == last {
                "the account".to_string()
            } else {
                m.path(level)
            };
            m.attached
                .get(level)
                .into_iter()
                .flatten()
                .map(move |p| AtLevel {
                    level: label.clone(),
                    policy: m.name(p),
                })
        })
        .collect()
}

/// (lost, gained) between two paths.
fn differences(
    before: &OrgModel,
    was: &[String],
    after: &OrgModel,
    now: &[String],
) -> (Vec<AtLevel>, Vec<AtLevel>) {
    let (b, a) = (along(before, was), along(after, now));
    (
        b.difference(&a).cloned().collect(),
        a.difference(&b).cloned().collect(),
    )
}

/// The evaluator's input for a path (the SCPs and RCPs at each level, with documents).
fn input(m: &OrgModel, chain: &[String]) -> EvalInput {
    let path = chain
        .iter()
        .map(|id| Level {
            id: id.clone(),
            name: m.name(id),
            kind: m.nodes.get(id).map_or(TargetKind::Account, |n| n.kind),
            policies: m
                .attached
                .get(id)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    let info = m.policies.get(p).filter(|i| i.kind.is_authorization())?;
                    Some(AttachedPolicy {
                        id: p.clone(),
                        name: info.name.clone(),
                        kind: info.kind.clone(),
                        aws_managed: info.aws_managed,
                        content: info.content.clone().unwrap_or_default(),
                    })
                })
                .collect(),
        })
        .collect();
    EvalInput {
        path,
        management_account: chain.last().is_some_and(|a| *a == m.management_account),
        scps_enabled: m.enabled.contains(&crate::org::PolicyType::ServiceControl),
        rcps_enabled: m.enabled.contains(&crate::org::PolicyType::ResourceControl),
        organization_id: Some(m.organization_id.clone()),
        partition: m.partition.clone(),
    }
}

#[cfg(test)]
#[path = "effect_tests.rs"]
mod tests;
