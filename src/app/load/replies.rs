//! Answers from the worker, filed into the model. A reply whose request is no longer
//! pending is stale and dropped; pages of a listing are staged and merged when the
//! listing completes. What other modules must do next is returned as `Arrived`.

use crate::org::{Account, Child, OrgError, OrgUnit, Root};

use super::super::cache::Loadable;
use super::super::model::{Model, Node, NodeData, NodeIx, Status};
use super::super::msg::{Changed, Fetch, Reply, ReqId};
use super::super::requests::Pending;

/// What a reply brought that needs more than filing away.
#[derive(Debug)]
pub enum Arrived {
    Nothing,
    /// The organization and its roots: the first root wants expanding.
    Roots,
    /// As `Roots`, and the policy types in force changed: the policy list is read again.
    PolicyTypes,
    /// An ancestor chain arrived: a pending jump may go on.
    Path,
    /// A parent's children are all listed: a jump or a crawl may go on.
    Listed(NodeIx),
    /// A subtree read ended: everything below its parents is filed, or (`failed`) its
    /// first failed listing ended it.
    SubtreeDone {
        failed: bool,
    },
    /// The OUs under `parent` (for the pickers' directory).
    OrgUnitsOf {
        children: Vec<String>,
    },
    /// ListChildren of an OU about to be deleted.
    DeleteCheck {
        ou: String,
        children: Vec<Child>,
    },
    Changed(Changed),
    /// Whether an unfinished change of an earlier run happened.
    Checked {
        id: String,
        result: Result<bool, OrgError>,
    },
    /// A staged plan's apply ended: what it changed is read again.
    PlanApplied,
    /// Every account under the evaluator's root or OU is read: the verdicts are asked for.
    Judge,
    /// An answer for the account lifecycle (`creation`).
    Lifecycle(
        super::super::creation::Wait,
        Result<super::super::msg::Reply, OrgError>,
    ),
}

/// The work waiting for a kind of read, woken by its reply (not polled after every one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wakes {
    /// A confirmation re-reading what it states before `y` sends it (sources' listings,
    /// attached policies).
    pub verify: bool,
    /// A policy key that waited for the policy's document, its targets or their SCPs.
    pub resume: bool,
}

fn wakes(pending: &Pending) -> Wakes {
    match pending {
        Pending::Children { .. } | Pending::Subtree { .. } => Wakes {
            verify: true,
            resume: false,
        },
        Pending::Load(Fetch::PoliciesForTarget { .. }) => Wakes {
            verify: true,
            resume: true,
        },
        Pending::Load(Fetch::Policy { .. } | Fetch::Targets { .. }) => Wakes {
            verify: false,
            resume: true,
        },
        _ => Wakes::default(),
    }
}

pub fn on_reply(m: &mut Model, req: ReqId, result: Result<Reply, OrgError>) -> (Arrived, Wakes) {
    let Some(pending) = m.requests.take(req) else {
        // stale: superseded or no longer wanted
        return (Arrived::Nothing, Wakes::default());
    };
    let wakes = wakes(&pending);
    if let Pending::Lifecycle(wait) = pending {
        return (Arrived::Lifecycle(wait, result), wakes);
    }
    let arrived = match result {
        Ok(reply) => on_ok(m, req, pending, reply),
        Err(err) => on_err(m, pending, err),
    };
    (arrived, wakes)
}

fn on_err(m: &mut Model, pending: Pending, err: OrgError) -> Arrived {
    if let Pending::WhatIf(proposed) = pending {
        // Information beside a confirmation: its line says so; the status line stays.
        super::super::whatif::arrived(m, proposed, Err(err));
        return Arrived::Nothing;
    }
    m.status = Some(Status::Error(err.clone()));
    match pending {
        Pending::WhatIf(_) => {}
        Pending::Load(fetch) => {
            if let Some(mut slot) = m.cache.slot(&fetch) {
                slot.set_failed(err);
            }
            if let Fetch::Ancestors { id } = &fetch {
                if m.jump_to.as_ref() == Some(id) {
                    m.jump_to = None;
                }
            }
        }
        Pending::Organization => m.org = Some(Loadable::Failed(err)),
        Pending::Children { parent, .. } => {
            m.nodes[parent].children_load = Some(Loadable::Failed(err))
        }
        Pending::Subtree { outstanding } => {
            // Those it had still to read failed with it; those read before keep their
            // listing.
            release(m, &outstanding, Some(Loadable::Failed(err)));
            return Arrived::SubtreeDone { failed: true };
        }
        Pending::AllAccounts(_) => {
            m.cache.accounts = Some(Loadable::Failed(err));
            m.accounts_changed();
        }
        Pending::DeleteCheck(_) | Pending::Lifecycle(_) => {}
        Pending::PlanReview => super::super::plan_screen::reviewed(m, Err(err)),
        Pending::PlanApply => {
            super::super::plan_screen::applied(m, Err(err));
            return Arrived::PlanApplied;
        }
        Pending::Evaluate(target) => super::super::evaluate::arrived(m, &target, Err(err)),
        Pending::EvaluateAll(target) => super::super::evaluate::arrived_all(m, &target, Err(err)),
        Pending::Judge(target) => super::super::evaluate::judged_failed(m, &target),
        Pending::Effective(account) => super::super::effective::arrived(m, &account, Err(err)),
        Pending::Change(change) => return Arrived::Changed(Changed::failed(change, err)),
        Pending::Check(id) => {
            return Arrived::Checked {
                id,
                result: Err(err),
            }
        }
    }
    Arrived::Nothing
}

fn on_ok(m: &mut Model, req: ReqId, pending: Pending, reply: Reply) -> Arrived {
    let c = &mut m.cache;
    match (pending, reply) {
        (Pending::Organization, Reply::Organization { org, roots }) => {
            let types_before = m.enabled_policy_types();
            m.org = Some(Loadable::Loaded(org));
            set_roots(m, roots);
            // A policy list read for other types (before a type was enabled or disabled)
            // is read again for the types in force now.
            if m.enabled_policy_types() != types_before && m.cache.policies.is_some() {
                return Arrived::PolicyTypes;
            }
            return Arrived::Roots;
        }
        (mut p @ Pending::Children { .. }, Reply::OrgUnitsPage { items, last, .. }) => {
            if let Pending::Children {
                ous, ous_staged, ..
            } = &mut p
            {
                ous_staged.extend(items);
                if last {
                    *ous = Some(std::mem::take(ous_staged));
                }
            }
            return children_progress(m, req, p);
        }
        (mut p @ Pending::Children { .. }, Reply::AccountsPage { items, last, .. }) => {
            if let Pending::Children {
                accounts,
                accounts_staged,
                ..
            } = &mut p
            {
                accounts_staged.extend(items);
                if last {
                    *accounts = Some(std::mem::take(accounts_staged));
                }
            }
            return children_progress(m, req, p);
        }
        (
            Pending::Subtree { mut outstanding },
            Reply::Listed {
                parent,
                ous,
                accounts,
            },
        ) => {
            let arrived = subtree_listed(m, &mut outstanding, &parent, ous, accounts);
            m.requests.resume(req, Pending::Subtree { outstanding });
            return arrived;
        }
        (Pending::Subtree { outstanding }, Reply::SubtreeDone) => {
            // Empty unless the read and the tree disagree; what is left is read again.
            release(m, &outstanding, None);
            return Arrived::SubtreeDone { failed: false };
        }
        (Pending::AllAccounts(mut staged), Reply::AllAccountsPage { items, last }) => {
            staged.extend(items);
            if last {
                staged.sort_by_cached_key(|a| a.name.to_lowercase());
                c.accounts = Some(Loadable::Loaded(staged));
                m.accounts_changed();
            } else {
                m.requests.resume(req, Pending::AllAccounts(staged));
            }
        }
        (Pending::Load(Fetch::OrgUnit { id }), Reply::OrgUnit(ou)) => {
            if let Some(&ix) = m.index.get(&id) {
                m.nodes[ix].data = NodeData::Ou(ou);
            }
            c.details.insert(id, Loadable::Loaded(()));
            m.node_data_changed();
        }
        (Pending::Load(Fetch::Account { id }), Reply::Account { account, tags }) => {
            if let Some(&ix) = m.index.get(&id) {
                m.nodes[ix].data = NodeData::Account(account.clone());
            }
            if let Some(Loadable::Loaded(list)) = &mut c.accounts {
                if let Some(a) = list.iter_mut().find(|a| a.id == id) {
                    *a = account;
                }
            }
            c.tags.insert(id.clone(), tags);
            c.details.insert(id, Loadable::Loaded(()));
            m.node_data_changed();
            m.accounts_changed();
        }
        (Pending::Load(Fetch::Ancestors { id }), Reply::Ancestors { chain, .. }) => {
            c.ancestors.insert(id, Loadable::Loaded(chain));
            return Arrived::Path;
        }
        (
            Pending::Load(Fetch::PoliciesForTarget { target, .. }),
            Reply::PoliciesForTarget { policies, .. },
        ) => {
            c.attached.insert(target, Loadable::Loaded(policies));
        }
        (Pending::Load(Fetch::Policy { id }), Reply::Policy(policy)) => {
            c.policy_docs.insert(id, Loadable::Loaded(policy));
        }
        (Pending::Load(Fetch::Policies { .. }), Reply::Policies(mut list)) => {
            list.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
            c.policies = Some(Loadable::Loaded(list));
        }
        (Pending::Load(Fetch::Targets { policy }), Reply::Targets { mut targets, .. }) => {
            targets.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
            c.policy_targets.insert(policy, Loadable::Loaded(targets));
        }
        (Pending::Load(Fetch::OrgUnitsOf { parent }), Reply::OrgUnitsOf { ous, .. }) => {
            let children = ous.iter().map(|o| o.id.clone()).collect();
            c.ou_dir.insert(parent, Loadable::Loaded(ous));
            return Arrived::OrgUnitsOf { children };
        }
        (Pending::DeleteCheck(ou), Reply::ChildIds { children, .. }) => {
            return Arrived::DeleteCheck { ou, children }
        }
        (Pending::Change(_), Reply::Changed(changed)) => return Arrived::Changed(changed),
        (Pending::Effective(account), Reply::Effective { types, .. }) => {
            super::super::effective::arrived(m, &account, Ok(types))
        }
        (Pending::Load(Fetch::Admin(_)), Reply::Admin(reply)) => {
            super::super::admin_fetch::file(m, reply)
        }
        (Pending::Evaluate(target), Reply::EvalInput { input, .. }) => {
            super::super::evaluate::arrived(m, &target, Ok(*input))
        }
        (Pending::EvaluateAll(target), Reply::EvalAll { accounts, .. }) => {
            super::super::evaluate::arrived_all(m, &target, Ok(accounts));
            return Arrived::Judge;
        }
        (Pending::Judge(target), Reply::Judged { query, verdicts }) => {
            super::super::evaluate::judged(m, &target, &query, verdicts)
        }
        (Pending::WhatIf(proposed), Reply::WhatIf(summary)) => {
            super::super::whatif::arrived(m, proposed, Ok(*summary))
        }
        (Pending::PlanReview, Reply::PlanReview(review)) => {
            super::super::plan_screen::reviewed(m, Ok(review))
        }
        (Pending::PlanApply, Reply::PlanStep(progress)) => {
            super::super::plan_screen::stepped(m, progress);
            m.requests.resume(req, Pending::PlanApply);
        }
        (Pending::PlanApply, Reply::PlanApplied(applied)) => {
            super::super::plan_screen::applied(m, Ok(applied));
            return Arrived::PlanApplied;
        }
        (Pending::Check(_), Reply::Checked { id, happened }) => {
            return Arrived::Checked {
                id,
                result: Ok(happened),
            }
        }
        (_, reply) => {
            // A reply of the wrong shape is a bug in the worker; say so instead of panicking.
            tracing::error!(?reply, "reply does not match its request");
        }
    }
    Arrived::Nothing
}

fn set_roots(m: &mut Model, roots: Vec<Root>) {
    m.tree_changed();
    m.roots.clear();
    for root in roots {
        let ix = upsert(m, root.id.clone(), NodeData::Root(root), None);
        m.roots.push(ix);
    }
}

/// Files one parent of a subtree read, as a listing of its own is filed, and expects each
/// OU under it next (the crawl reports a parent only after the one that named it, so its
/// node is here). A parent also listed on its own meanwhile is filed by both, the last
/// answer winning: both are reads of AWS.
fn subtree_listed(
    m: &mut Model,
    outstanding: &mut std::collections::BTreeSet<NodeIx>,
    parent: &str,
    ous: Vec<OrgUnit>,
    accounts: Vec<Account>,
) -> Arrived {
    let Some(&ix) = m.index.get(parent) else {
        tracing::error!(
            parent,
            "a subtree read reported a parent before its own parent"
        );
        return Arrived::Nothing;
    };
    outstanding.remove(&ix);
    set_children(m, ix, ous, accounts);
    // Read afresh: no longer the snapshot of an earlier run.
    m.stale.remove(&ix);
    for c in m.nodes[ix].children.clone() {
        if !m.nodes[c].is_parent() {
            continue;
        }
        outstanding.insert(c);
        if matches!(m.nodes[c].children_load, None | Some(Loadable::Failed(_))) {
            m.nodes[c].children_load = Some(Loadable::Loading);
        }
    }
    Arrived::Listed(ix)
}

/// Parents a subtree read will not file after all: those it set loading (and nothing
/// else is listing) become `to`.
fn release(
    m: &mut Model,
    outstanding: &std::collections::BTreeSet<NodeIx>,
    to: Option<Loadable<()>>,
) {
    for &ix in outstanding {
        let loading = matches!(m.nodes[ix].children_load, Some(Loadable::Loading));
        if loading && !m.requests.listing(ix) {
            m.nodes[ix].children_load = to.clone();
        }
    }
}

/// Keeps staging pages until both listings are complete, then merges them into the tree.
fn children_progress(m: &mut Model, req: ReqId, pending: Pending) -> Arrived {
    match pending {
        Pending::Children {
            parent,
            ous: Some(ous),
            accounts: Some(accounts),
            ..
        } => {
            set_children(m, parent, ous, accounts);
            Arrived::Listed(parent)
        }
        p => {
            m.requests.resume(req, p);
            Arrived::Nothing
        }
    }
}

/// Replaces a parent's children with a fresh listing. Nodes already known keep their
/// expansion, marks and loaded subtrees, so a refresh does not lose the user's place.
pub fn set_children(
    m: &mut Model,
    parent: NodeIx,
    mut ous: Vec<OrgUnit>,
    mut accounts: Vec<Account>,
) {
    ous.sort_by_cached_key(|a| a.name.to_lowercase());
    m.cache
        .ou_dir
        .insert(m.nodes[parent].id.clone(), Loadable::Loaded(ous.clone()));
    accounts.sort_by_cached_key(|a| a.name.to_lowercase());
    let mut children = Vec::with_capacity(ous.len() + accounts.len());
    for ou in ous {
        children.push(upsert(m, ou.id.clone(), NodeData::Ou(ou), Some(parent)));
    }
    for account in accounts {
        children.push(upsert(
            m,
            account.id.clone(),
            NodeData::Account(account),
            Some(parent),
        ));
    }
    let old = std::mem::replace(&mut m.nodes[parent].children, children);
    for gone in old {
        if m.nodes[gone].parent == Some(parent) && !m.nodes[parent].children.contains(&gone) {
            m.nodes[gone].parent = None;
            if m.selected == Some(gone) {
                m.selected = Some(parent);
                m.settled = false;
            }
        }
    }
    m.nodes[parent].children_load = Some(Loadable::Loaded(()));
    m.children_changed(parent);
}

/// Inserts a node or updates the one with that id, returning its index.
fn upsert(m: &mut Model, id: String, data: NodeData, parent: Option<NodeIx>) -> NodeIx {
    if let Some(&ix) = m.index.get(&id) {
        // A node that moved here from another loaded parent leaves that parent's list.
        if let Some(old) = m.nodes[ix].parent.filter(|&old| Some(old) != parent) {
            m.nodes[old].children.retain(|&c| c != ix);
            m.children_changed(old);
        }
        let node = &mut m.nodes[ix];
        node.data = data;
        node.parent = parent;
        return ix;
    }
    let ix = m.nodes.len();
    m.nodes.push(Node {
        id: id.clone(),
        data,
        parent,
        children: Vec::new(),
        children_load: None,
        expanded: false,
        marked: false,
    });
    m.index.insert(id, ix);
    ix
}
