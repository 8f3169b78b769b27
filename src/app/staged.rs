//! The plan (issue 19): changes staged from their confirmations (`p` instead of `y`),
//! reviewed together in the plan screen (`:plan`) — checked against the organization as it
//! is now, with the steps' order, what AWS would refuse and the effect on every account —
//! and applied once, through the worker's journal and the exactly-once path of every
//! change. The checks, journal and apply are `changeset`'s; the screen is `plan_screen`;
//! this is the plan's state, staging, and the marks the tree shows.

use crate::changeset::apply::OnFailure;
use crate::changeset::session::{Applied, Review, StepProgress};
use crate::changeset::{Action as Step, PlanFile};
use crate::org::ids::{is_ou_id, is_root_id};
use crate::org::OrgError;
use crate::text::safe;

use super::cache::Loadable;
use super::dialogs::Plan;
use super::model::{Model, Status};
use super::msg::{AdminChange, Change};
use super::requests::Pending;

/// The plan being built, and what was learnt of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staged {
    pub plan: PlanFile,
    /// The last check, until a step changes (then it is checked again before applying).
    pub review: Option<Loadable<Box<Review>>>,
    /// The apply under way or ended.
    pub applying: Option<Applying>,
    /// After a step fails: finish the steps that do not depend on it, or start no more
    /// (`f` on the plan screen).
    pub on_failure: OnFailure,
    /// The plan file whose interrupted apply this plan goes on with (`:plan resume`): it
    /// is applied from that file, resuming its journal, until a step is changed.
    pub resume: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applying {
    /// The latest word on each step, by step index.
    pub steps: std::collections::BTreeMap<usize, StepProgress>,
    pub ended: Option<Result<Applied, OrgError>>,
}

impl Applying {
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }
}

/// What ending this session (`:ctx`, quitting) would cut off or drop: a plan being
/// checked or applied, or steps staged and not applied (the plan lives only in memory).
pub fn unfinished_plan(m: &Model) -> Option<String> {
    let working = m.staged.applying.as_ref().is_some_and(Applying::running)
        || (m.requests).any(|p| matches!(p, Pending::PlanApply | Pending::PlanReview));
    if working {
        return Some("a plan is being checked or applied: wait until it has ended".into());
    }
    let n = m.staged.plan.steps.len();
    (n > 0 && m.staged.applying.is_none()).then(|| {
        format!("the plan has {n} staged step(s), not applied: :plan save FILE keeps them, :plan clear drops them")
    })
}

/// `p` on a confirmation: its changes join the plan instead of being sent.
pub fn stage(m: &mut Model, plan: &Plan) -> Result<usize, String> {
    if m.staged.applying.as_ref().is_some_and(Applying::running) {
        return Err("a plan is being applied; add to the plan once it has ended".into());
    }
    let steps = plan
        .changes()
        .iter()
        .map(|c| step_of(m, c))
        .collect::<Result<Vec<_>, _>>()?;
    let added = steps.len();
    if m.staged.applying.take().is_some() {
        // An applied plan was on screen: this starts a new one.
        m.staged.plan.steps.clear();
    }
    m.staged.plan.steps.extend(
        steps
            .into_iter()
            .map(|action| crate::changeset::Step { line: 0, action }),
    );
    m.staged.review = None;
    m.staged.resume = None;
    let total = m.staged.plan.steps.len();
    m.status = Some(Status::Info(format!(
        "Added {added} step(s) to the plan ({total} in all; nothing was sent): :plan reviews and applies it"
    )));
    Ok(added)
}

/// Whether every change of a confirmation can be part of a plan.
pub fn can_stage(m: &Model, plan: &Plan) -> bool {
    plan.changes().iter().all(|c| step_of(m, c).is_ok())
}

/// Whether a confirmation can only be staged: it names an OU the plan creates.
pub fn only_plannable(plan: &Plan) -> Option<String> {
    match plan {
        Plan::Move { destination, .. } if is_planned(destination) => Some(format!(
            "{} exists only in the plan: press p to add this move to the plan",
            safe(destination)
        )),
        _ => None,
    }
}

fn is_known_id(id: &str) -> bool {
    is_root_id(id) || is_ou_id(id)
}

/// A destination the plan creates: named by its path, as no id exists yet.
pub fn is_planned(destination: &str) -> bool {
    !is_known_id(destination)
}

/// The OUs the plan creates, by path (the move picker offers them).
pub fn planned_ous(m: &Model) -> Vec<String> {
    (m.staged.plan.steps.iter())
        .filter_map(|s| match &s.action {
            Step::CreateOu { path } => Some(path.clone()),
            _ => None,
        })
        .collect()
}

/// What the staged plan will do to a node, for its row in the tree: "planned: → Root/Prod2",
/// "planned: + RegionLock, + OU Dev", "planned: deleted". Nothing once the plan is applied.
pub fn planned_mark(m: &Model, ix: super::model::NodeIx) -> Option<String> {
    if m.staged.plan.steps.is_empty() || m.staged.applying.is_some() {
        return None;
    }
    let node = &m.nodes[ix];
    // Steps name an OU by id or path, an account by id or name.
    let path = node.is_parent().then(|| place_of(m, &node.id));
    let names = |r: &str| {
        r == node.id || path.as_deref() == Some(r) || (!node.is_parent() && r == node.name())
    };
    let policy = |id: &str| match &m.cache.policies {
        Some(Loadable::Loaded(list)) => list
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_string(), |p| p.name.clone()),
        _ => id.to_string(),
    };
    let mut marks = Vec::new();
    for step in &m.staged.plan.steps {
        match &step.action {
            Step::Move { account, to } if names(account) => marks.push(format!("→ {to}")),
            Step::RenameOu { ou, name } if names(ou) => marks.push(format!("renamed {name}")),
            Step::DeleteOu { ou } if names(ou) => marks.push("deleted".into()),
            Step::Attach { policy: p, to } if names(to) => marks.push(format!("+ {}", policy(p))),
            Step::Detach { policy: p, from } if names(from) => {
                marks.push(format!("- {}", policy(p)))
            }
            Step::CreateOu { path: new } => {
                if let Some((parent, name)) = new.rsplit_once('/') {
                    if names(parent) {
                        marks.push(format!("+ OU {name}"));
                    }
                }
            }
            _ => {}
        }
    }
    (!marks.is_empty()).then(|| format!("planned: {}", safe(&marks.join(", "))))
}

/// A root or OU as a plan file names it: its path of names from the root ("Root/Workloads"),
/// which reads well in a review; a path the plan itself made stays as it is.
fn place_of(m: &Model, id: &str) -> String {
    match m.index.get(id) {
        Some(&ix) => (m.path(ix).iter())
            .map(|&i| m.nodes[i].name().to_string())
            .collect::<Vec<_>>()
            .join("/"),
        None => id.to_string(),
    }
}

/// The plan step of one change, or why it cannot be planned.
fn step_of(m: &Model, c: &Change) -> Result<Step, String> {
    Ok(match c {
        Change::MoveAccount(mv) => Step::Move {
            account: mv.account.clone(),
            to: place_of(m, &mv.destination),
        },
        Change::AttachPolicy(a) => Step::Attach {
            policy: a.policy.clone(),
            to: target_of(m, &a.target),
        },
        Change::DetachPolicy(d) => Step::Detach {
            policy: d.policy.clone(),
            from: target_of(m, &d.target),
        },
        Change::CreateOu(c) => Step::CreateOu {
            path: format!("{}/{}", place_of(m, &c.parent), c.name),
        },
        Change::RenameOu(r) => Step::RenameOu {
            ou: place_of(m, &r.ou),
            name: r.name.clone(),
        },
        Change::DeleteOu(d) => Step::DeleteOu {
            ou: place_of(m, &d.ou),
        },
        Change::CreatePolicy(p) => Step::CreatePolicy {
            name: p.name.clone(),
            kind: p.kind.clone(),
            description: p.description.clone(),
            document: crate::changeset::Doc::Inline(p.content.clone()),
        },
        Change::UpdatePolicy(p) => Step::UpdatePolicy {
            policy: p.policy.clone(),
            name: Some(p.name.clone()),
            description: Some(p.description.clone()),
            document: Some(crate::changeset::Doc::Inline(p.content.clone())),
        },
        Change::DeletePolicy(p) => Step::DeletePolicy {
            policy: p.policy.clone(),
        },
        Change::EnablePolicyType(t) => Step::EnablePolicyType {
            kind: t.kind.clone(),
        },
        Change::DisablePolicyType(t) => Step::DisablePolicyType {
            kind: t.kind.clone(),
        },
        Change::Admin(a) => admin_step(m, a)?,
        other => {
            return Err(format!(
                "{} cannot be part of a plan; y sends it now",
                other.operation()
            ))
        }
    })
}

/// An account stays an id (names may repeat); a root or OU becomes its path.
fn target_of(m: &Model, id: &str) -> String {
    if is_known_id(id) {
        place_of(m, id)
    } else {
        id.to_string()
    }
}

fn admin_step(m: &Model, a: &AdminChange) -> Result<Step, String> {
    Ok(match a {
        AdminChange::TagResource { resource, tags } => Step::Tag {
            resource: target_of(m, resource),
            tags: tags
                .iter()
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect(),
        },
        AdminChange::UntagResource { resource, keys } => Step::Untag {
            resource: target_of(m, resource),
            keys: keys.clone(),
        },
        AdminChange::RegisterDelegatedAdministrator { account, service } => Step::RegisterAdmin {
            account: account.clone(),
            service: service.clone(),
        },
        AdminChange::DeregisterDelegatedAdministrator { account, service } => {
            Step::DeregisterAdmin {
                account: account.clone(),
                service: service.clone(),
            }
        }
        AdminChange::EnableServiceAccess { service } => Step::EnableServiceAccess {
            service: service.clone(),
        },
        AdminChange::DisableServiceAccess { service } => Step::DisableServiceAccess {
            service: service.clone(),
        },
        AdminChange::PutResourcePolicy { .. } | AdminChange::DeleteResourcePolicy => {
            return Err("the resource policy cannot be part of a plan; y sends it now".into())
        }
    })
}
