//! Answers from the worker. A reply whose request is no longer pending is stale and
//! dropped; pages of a listing are staged and merged when the listing completes.

use crate::org::{Account, OrgError, OrgUnit, Root};

use super::model::{Loadable, Model, Node, NodeData, NodeIx, Pending, Status};
use super::msg::{Cmd, Reply, ReqId};
use super::{changes, tree};

pub(super) fn on_reply(
    m: &mut Model,
    req: ReqId,
    result: Result<Reply, OrgError>,
    cmds: &mut Vec<Cmd>,
) {
    let Some(pending) = m.pending.remove(&req) else {
        return; // stale: superseded or no longer wanted
    };
    match result {
        Ok(reply) => on_ok(m, req, pending, reply, cmds),
        Err(err) => on_err(m, pending, err),
    }
}

fn on_err(m: &mut Model, pending: Pending, err: OrgError) {
    match pending {
        Pending::Organization => m.org = Some(Loadable::Failed(err.clone())),
        Pending::Children { parent, .. } => {
            m.nodes[parent].children_load = Some(Loadable::Failed(err.clone()))
        }
        Pending::OrgUnit(id) | Pending::Account(id) => {
            m.details.insert(id, Loadable::Failed(err.clone()));
        }
        Pending::Ancestors(id) => {
            if m.jump_to.as_deref() == Some(id.as_str()) {
                m.jump_to = None;
            }
            m.ancestors.insert(id, Loadable::Failed(err.clone()));
        }
        Pending::PoliciesForTarget(id) => {
            m.attached.insert(id, Loadable::Failed(err.clone()));
        }
        Pending::Policy(id) => {
            m.policy_docs.insert(id, Loadable::Failed(err.clone()));
        }
        Pending::Policies => m.policies_view.list = Some(Loadable::Failed(err.clone())),
        Pending::Targets(id) => {
            m.policy_targets.insert(id, Loadable::Failed(err.clone()));
        }
        Pending::AllAccounts(_) => m.accounts_view.list = Some(Loadable::Failed(err.clone())),
        Pending::OrgUnitsOf(parent) => {
            m.ou_dir.insert(parent, Loadable::Failed(err.clone()));
        }
        Pending::DeleteCheck(_) => {}
        Pending::Change(change) => {
            changes::on_changed(m, change, Err(err.clone()), None, None, &mut Vec::new());
        }
    }
    m.status = Some(Status::Error(err));
}

fn on_ok(m: &mut Model, req: ReqId, pending: Pending, reply: Reply, cmds: &mut Vec<Cmd>) {
    match (pending, reply) {
        (Pending::Organization, Reply::Organization { org, roots }) => {
            m.org = Some(Loadable::Loaded(org));
            on_roots(m, roots, cmds);
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
            children_progress(m, req, p, cmds);
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
            children_progress(m, req, p, cmds);
        }
        (Pending::OrgUnit(id), Reply::OrgUnit(ou)) => {
            if let Some(&ix) = m.index.get(&id) {
                m.nodes[ix].data = NodeData::Ou(ou);
            }
            m.details.insert(id, Loadable::Loaded(()));
        }
        (Pending::Account(id), Reply::Account { account, tags }) => {
            if let Some(&ix) = m.index.get(&id) {
                m.nodes[ix].data = NodeData::Account(account.clone());
            }
            if let Some(Loadable::Loaded(list)) = &mut m.accounts_view.list {
                if let Some(a) = list.iter_mut().find(|a| a.id == id) {
                    *a = account;
                }
            }
            m.tags.insert(id.clone(), tags);
            m.details.insert(id, Loadable::Loaded(()));
        }
        (Pending::Ancestors(id), Reply::Ancestors { chain, .. }) => {
            m.ancestors.insert(id, Loadable::Loaded(chain));
            tree::advance_jump(m, cmds);
        }
        (Pending::PoliciesForTarget(id), Reply::PoliciesForTarget { policies, .. }) => {
            m.attached.insert(id, Loadable::Loaded(policies));
        }
        (Pending::Policy(id), Reply::Policy(policy)) => {
            m.policy_docs.insert(id, Loadable::Loaded(policy));
        }
        (Pending::Policies, Reply::Policies(mut list)) => {
            list.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
            m.policies_view.list = Some(Loadable::Loaded(list));
        }
        (Pending::Targets(id), Reply::Targets { mut targets, .. }) => {
            targets.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
            m.policy_targets.insert(id, Loadable::Loaded(targets));
        }
        (Pending::AllAccounts(mut staged), Reply::AllAccountsPage { items, last }) => {
            staged.extend(items);
            if last {
                staged.sort_by_cached_key(|a| a.name.to_lowercase());
                m.accounts_view.list = Some(Loadable::Loaded(staged));
            } else {
                m.pending.insert(req, Pending::AllAccounts(staged));
            }
        }
        (Pending::OrgUnitsOf(_), Reply::OrgUnitsOf { parent, ous }) => {
            changes::on_org_units_of(m, parent, ous, cmds);
        }
        (Pending::DeleteCheck(ou), Reply::ChildIds { children, .. }) => {
            changes::on_delete_check(m, ou, children)
        }
        (
            Pending::Change(_),
            Reply::Changed {
                change,
                outcome,
                created,
                audit_error,
            },
        ) => {
            changes::on_changed(m, change, outcome, created, audit_error, cmds);
        }
        (_, reply) => {
            // A reply of the wrong shape is a bug in the worker; say so instead of panicking.
            tracing::error!(?reply, "reply does not match its request");
        }
    }
}

fn on_roots(m: &mut Model, roots: Vec<Root>, cmds: &mut Vec<Cmd>) {
    m.roots.clear();
    for root in roots {
        let ix = upsert(m, root.id.clone(), NodeData::Root(root), None);
        m.roots.push(ix);
    }
    if let Some(&root) = m.roots.first() {
        if m.selected.is_none() {
            m.selected = Some(root);
            m.settled = false;
        }
        tree::expand(m, root, cmds);
    }
}

/// Keeps staging pages until both listings are complete, then merges them into the tree.
fn children_progress(m: &mut Model, req: ReqId, pending: Pending, cmds: &mut Vec<Cmd>) {
    match pending {
        Pending::Children {
            parent,
            ous: Some(ous),
            accounts: Some(accounts),
            ..
        } => {
            set_children(m, parent, ous, accounts);
            tree::advance_jump(m, cmds);
        }
        p => {
            m.pending.insert(req, p);
        }
    }
}

/// Replaces a parent's children with a fresh listing. Nodes already known keep their
/// expansion, marks and loaded subtrees, so a refresh does not lose the user's place.
pub(super) fn set_children(
    m: &mut Model,
    parent: NodeIx,
    mut ous: Vec<OrgUnit>,
    mut accounts: Vec<Account>,
) {
    ous.sort_by_cached_key(|a| a.name.to_lowercase());
    m.ou_dir
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
}

/// Inserts a node or updates the one with that id, returning its index.
fn upsert(m: &mut Model, id: String, data: NodeData, parent: Option<NodeIx>) -> NodeIx {
    if let Some(&ix) = m.index.get(&id) {
        // A node that moved here from another loaded parent leaves that parent's list.
        if let Some(old) = m.nodes[ix].parent.filter(|&old| Some(old) != parent) {
            m.nodes[old].children.retain(|&c| c != ix);
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
