//! Reading what a plan needs: the tree (`crawl`), then per enabled policy type its policies
//! (ListPolicies) and each policy's targets (ListTargetsForPolicy: a policy attached to
//! every node, such as FullAWSAccess, costs a page per 20 targets rather than a call per
//! target), the documents of the SCPs and RCPs (for the effect) and of the policies the
//! plan changes or deletes (for undo), and the tags of what it tags.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::stream::{self, StreamExt, TryStreamExt};

use super::file::{Action, PlanFile};
use super::model::{OrgModel, PolicyInfo};
use super::resolve::{self, AccountNames};
use crate::crawl::crawl;
use crate::net::Gate;
use crate::org::{OrgBackend, OrgResult, PolicySummary};

/// How many reads are in flight at once at most (the gate limits the calls themselves).
const AT_ONCE: usize = 32;

/// The organization as `plan` needs it, and the number of calls the read took.
pub async fn read(
    gate: &Gate,
    b: &dyn OrgBackend,
    plan: &PlanFile,
) -> OrgResult<(OrgModel, usize)> {
    let tree_calls = AtomicUsize::new(0);
    let snapshot = crawl(gate, b, |p| tree_calls.store(p.calls, Ordering::Relaxed)).await?;
    let calls = AtomicUsize::new(tree_calls.load(Ordering::Relaxed));
    let count = || calls.fetch_add(1, Ordering::Relaxed);
    let mut m = OrgModel::from_snapshot(&snapshot);
    let mut policies: Vec<PolicySummary> = Vec::new();
    for kind in m.enabled.clone() {
        policies.extend(
            gate.all(|t| {
                count();
                b.list_policies(&kind, t)
            })
            .await?,
        );
    }
    // Owned ids: a borrowing adapter held across the awaits makes the future not `Send`
    // (the worker spawns it).
    let ids: Vec<String> = policies.iter().map(|p| p.id.clone()).collect();
    let targets: Vec<(String, Vec<String>)> = stream::iter(ids)
        .map(|id| async {
            let got = gate
                .all(|t| {
                    count();
                    b.list_targets_for_policy(&id, t)
                })
                .await?;
            OrgResult::Ok((id, got.into_iter().map(|t| t.target_id).collect()))
        })
        .buffer_unordered(AT_ONCE)
        .try_collect()
        .await?;
    for (policy, on) in targets {
        for t in on {
            m.attached.entry(t).or_default().insert(policy.clone());
        }
    }
    let changed = changed_policies(plan);
    let wanted: Vec<String> = policies
        .iter()
        .filter(|p| {
            p.kind.is_authorization() || changed.contains(&p.id) || changed.contains(&p.name)
        })
        .map(|p| p.id.clone())
        .collect();
    let documents: Vec<(String, String)> = stream::iter(wanted)
        .map(|id| async {
            count();
            let p = gate.read(|| b.describe_policy(&id)).await?;
            OrgResult::Ok((id, p.content))
        })
        .buffer_unordered(AT_ONCE)
        .try_collect()
        .await?;
    for p in policies {
        let info = PolicyInfo {
            name: p.name,
            description: p.description,
            kind: p.kind,
            aws_managed: p.aws_managed,
            content: None,
        };
        m.policies.insert(p.id, info);
    }
    for (id, content) in documents {
        if let Some(p) = m.policies.get_mut(&id) {
            p.content = Some(content);
        }
    }
    for id in tagged(plan, &m) {
        let tags = gate
            .all(|t| {
                count();
                b.list_tags_for_resource(&id, t)
            })
            .await?;
        m.tags
            .insert(id, tags.into_iter().map(|t| (t.key, t.value)).collect());
    }
    Ok((m, calls.load(Ordering::Relaxed)))
}

/// The policy ids and names the plan updates or deletes.
fn changed_policies(plan: &PlanFile) -> BTreeSet<String> {
    plan.steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::UpdatePolicy { policy, .. } | Action::DeletePolicy { policy } => {
                Some(policy.clone())
            }
            _ => None,
        })
        .collect()
}

/// The resources the plan tags or untags that exist now (their tags are read).
fn tagged(plan: &PlanFile, m: &OrgModel) -> BTreeSet<String> {
    let names = AccountNames::of(m);
    plan.steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::Tag { resource, .. } | Action::Untag { resource, .. } => {
                resolve::resource(m, &names, resource).ok()
            }
            _ => None,
        })
        .collect()
}
