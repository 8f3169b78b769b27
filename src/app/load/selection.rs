//! What the detail and policy panes need for the current selection, requested once input
//! pauses (`Msg::Idle`), so scrolling through a long list does not fire a request per row.
//! Everything loaded stays cached until `r` refreshes it.

use super::super::cache::Loadable;
use super::super::model::{Model, NodeData, Pane, View};
use super::super::msg::AdminFetch;
use super::super::msg::{Cmd, Fetch};
use super::{attached, ensure};

pub fn on_idle(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if m.settled {
        return;
    }
    m.settled = true;
    for f in super::super::admin_fetch::missing(m) {
        ensure(m, Fetch::Admin(f), cmds);
    }
    match m.view {
        View::Tree => tree_selection(m, cmds),
        View::Creations => {}
        View::Policies => {
            let selected = m
                .visible_policies()
                .get(m.policies_view.selected)
                .map(|p| p.id.clone());
            if let Some(id) = selected {
                ensure(m, Fetch::Targets { policy: id.clone() }, cmds);
                policy_tags(m, &id, cmds);
                ensure(m, Fetch::Policy { id }, cmds);
            }
            // Every policy's count of targets, for the list (one call each, once).
            let all: Vec<String> = m.visible_policies().iter().map(|p| p.id.clone()).collect();
            for policy in all {
                ensure(m, Fetch::Targets { policy }, cmds);
            }
        }
        View::Accounts => {
            let selected = m
                .visible_accounts()
                .get(m.accounts_view.selected)
                .map(|a| a.id.clone());
            if let Some(id) = selected {
                // The account's path, when it is not in the loaded tree.
                let in_tree = m
                    .index
                    .get(&id)
                    .is_some_and(|&ix| m.nodes[ix].parent.is_some());
                if !in_tree {
                    ensure(m, Fetch::Ancestors { id: id.clone() }, cmds);
                }
                detail(m, &id, cmds);
            }
        }
    }
}

fn tree_selection(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let id = m.nodes[ix].id.clone();
    detail(m, &id, cmds);
    if m.enabled_policy_types().is_empty() {
        return;
    }
    for at in m.path(ix) {
        let target = m.nodes[at].id.clone();
        attached(m, &target, cmds);
    }
    if m.focus == Pane::Policies {
        let selected = m
            .policy_rows(ix)
            .get(m.policy_selected)
            .map(|r| r.policy.id.clone());
        if let Some(id) = selected {
            policy_tags(m, &id, cmds);
            ensure(m, Fetch::Policy { id }, cmds);
        }
    }
}

/// A customer-managed policy's tags (AWS-managed policies have none to read).
fn policy_tags(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    let managed = m
        .cache
        .policies
        .iter()
        .chain(m.cache.attached.values())
        .filter_map(Loadable::loaded)
        .flatten()
        .any(|p| p.id == id && p.aws_managed);
    if !managed {
        let resource = id.to_string();
        ensure(m, Fetch::Admin(AdminFetch::Tags { resource }), cmds);
    }
}

/// DescribeAccount (+ tags) or DescribeOrganizationalUnit and the OU's or root's tags,
/// once; a member account's delegated services too.
fn detail(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    let id = id.to_string();
    let tags = Fetch::Admin(AdminFetch::Tags {
        resource: id.clone(),
    });
    let fetch = match m.index.get(&id).map(|&ix| &m.nodes[ix].data) {
        Some(NodeData::Ou(_)) => {
            ensure(m, tags, cmds);
            Fetch::OrgUnit { id }
        }
        Some(NodeData::Root(_)) => {
            ensure(m, tags, cmds);
            return;
        }
        _ => {
            let management = m.organization().map(|o| o.master_account_id.clone());
            if management.is_some_and(|mgmt| mgmt != id) {
                let account = id.clone();
                ensure(
                    m,
                    Fetch::Admin(AdminFetch::DelegatedServices { account }),
                    cmds,
                );
            }
            Fetch::Account { id }
        }
    };
    ensure(m, fetch, cmds);
}
