//! Loading what the detail and policy panes show for the current selection, once input
//! pauses (`Msg::Idle`), so scrolling through a long list does not fire a request per row.
//! Everything loaded is cached until `r` refreshes it.

use super::model::{Loadable, Model, NodeData, Pane, Pending, View};
use super::msg::{Cmd, Fetch};
use super::update::request;

pub(super) fn on_idle(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if m.settled {
        return;
    }
    m.settled = true;
    match m.view {
        View::Tree => tree_selection(m, cmds),
        View::Policies => {
            let selected = m
                .visible_policies()
                .get(m.policies_view.selected)
                .map(|p| p.id.clone());
            if let Some(id) = selected {
                ensure_targets(m, &id, cmds);
                ensure_policy_doc(m, &id, cmds);
            }
        }
        View::Accounts => {
            let selected = m
                .visible_accounts()
                .get(m.accounts_view.selected)
                .map(|a| a.id.clone());
            if let Some(id) = selected {
                ensure_ancestors(m, &id, cmds);
                ensure_detail(m, &id, cmds);
            }
        }
    }
}

fn tree_selection(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let id = m.nodes[ix].id.clone();
    if !matches!(m.nodes[ix].data, NodeData::Root(_)) {
        ensure_detail(m, &id, cmds);
    }
    let types = m.enabled_policy_types();
    if types.is_empty() {
        return;
    }
    for at in m.path(ix) {
        let target = m.nodes[at].id.clone();
        if !m.attached.contains_key(&target) {
            m.attached.insert(target.clone(), Loadable::Loading);
            request(
                m,
                Pending::PoliciesForTarget(target.clone()),
                Fetch::PoliciesForTarget {
                    target,
                    types: types.clone(),
                },
                cmds,
            );
        }
    }
    if m.focus == Pane::Policies {
        let selected = m
            .policy_rows(ix)
            .get(m.policy_selected)
            .map(|r| r.policy.id.clone());
        if let Some(policy) = selected {
            ensure_policy_doc(m, &policy, cmds);
        }
    }
}

/// DescribeAccount (+ tags) or DescribeOrganizationalUnit, once.
fn ensure_detail(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    if m.details.contains_key(id) {
        return;
    }
    let (pending, fetch) = match m.index.get(id).map(|&ix| &m.nodes[ix].data) {
        Some(NodeData::Ou(_)) => (
            Pending::OrgUnit(id.to_string()),
            Fetch::OrgUnit { id: id.to_string() },
        ),
        Some(NodeData::Root(_)) => return,
        _ => (
            Pending::Account(id.to_string()),
            Fetch::Account { id: id.to_string() },
        ),
    };
    m.details.insert(id.to_string(), Loadable::Loading);
    request(m, pending, fetch, cmds);
}

pub(super) fn ensure_policy_doc(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    if !m.policy_docs.contains_key(id) {
        m.policy_docs.insert(id.to_string(), Loadable::Loading);
        request(
            m,
            Pending::Policy(id.to_string()),
            Fetch::Policy { id: id.to_string() },
            cmds,
        );
    }
}

fn ensure_targets(m: &mut Model, policy: &str, cmds: &mut Vec<Cmd>) {
    if !m.policy_targets.contains_key(policy) {
        m.policy_targets
            .insert(policy.to_string(), Loadable::Loading);
        request(
            m,
            Pending::Targets(policy.to_string()),
            Fetch::Targets {
                policy: policy.to_string(),
            },
            cmds,
        );
    }
}

/// The account's path when it is not in the loaded tree (ListParents).
fn ensure_ancestors(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    let in_tree = m
        .index
        .get(id)
        .is_some_and(|&ix| m.nodes[ix].parent.is_some());
    if !in_tree && !m.ancestors.contains_key(id) {
        m.ancestors.insert(id.to_string(), Loadable::Loading);
        request(
            m,
            Pending::Ancestors(id.to_string()),
            Fetch::Ancestors { id: id.to_string() },
            cmds,
        );
    }
}
