//! The tree view: moving the selection, expanding (which loads children lazily),
//! collapsing, refreshing, and jumping to a node anywhere in the organization.

use crate::keymap::Action;

use super::model::{Loadable, Model, NodeIx, Pane, Pending, Status, View};
use super::msg::{Cmd, Fetch};
use super::update::{forget, request};

pub(super) fn on_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::NextPane => cycle_focus(m, true),
        Action::PrevPane => cycle_focus(m, false),
        Action::Refresh => refresh_selected(m, cmds),
        Action::Copy => {
            if let Some(id) = copy_target(m) {
                m.status = Some(Status::Info(format!("Copied {}", crate::text::safe(&id))));
                cmds.push(Cmd::Copy(id));
            }
        }
        _ => match m.focus {
            Pane::Tree => on_tree_action(m, action, cmds),
            Pane::Detail => on_detail_action(m, action),
            Pane::Policies => on_policy_action(m, action, cmds),
        },
    }
}

fn copy_target(m: &Model) -> Option<String> {
    let ix = m.selected?;
    if m.focus == Pane::Policies {
        let rows = m.policy_rows(ix);
        return rows.get(m.policy_selected).map(|r| r.policy.id.clone());
    }
    Some(m.node(ix).id.clone())
}

fn cycle_focus(m: &mut Model, forward: bool) {
    const ORDER: [Pane; 3] = [Pane::Tree, Pane::Detail, Pane::Policies];
    let at = ORDER.iter().position(|&p| p == m.focus).unwrap_or(0);
    let next = if forward {
        at + 1
    } else {
        at + ORDER.len() - 1
    };
    m.focus = ORDER[next % ORDER.len()];
    m.settled = false;
}

/// Rows a page key moves: the tree pane's height.
pub(super) fn page_rows(m: &Model) -> usize {
    crate::ui::layout::tree_height(m.size).max(1)
}

/// Applies a movement to an index into a list of `len` rows.
pub(super) fn moved(at: usize, len: usize, action: Action, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(last),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (at + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => at.min(last),
    }
}

fn on_tree_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let at = m.selected_row().unwrap_or(0);
            let to = moved(at, m.rows.len(), action, page_rows(m));
            select(m, m.rows.get(to).map(|r| r.node));
        }
        Action::Open => {
            let Some(ix) = m.selected else { return };
            if !m.node(ix).is_parent() {
                m.focus = Pane::Policies;
                m.settled = false;
            } else if m.nodes[ix].expanded && m.filter.is_empty() {
                if let Some(&first) = m.nodes[ix].children.first() {
                    select(m, Some(first));
                }
            } else {
                expand(m, ix, cmds);
            }
        }
        Action::Close => {
            let Some(ix) = m.selected else { return };
            if m.nodes[ix].expanded && m.filter.is_empty() {
                m.nodes[ix].expanded = false;
            } else if let Some(parent) = m.nodes[ix].parent {
                select(m, Some(parent));
            }
        }
        _ => {}
    }
}

fn on_detail_action(m: &mut Model, action: Action) {
    let page = page_rows(m) as u16;
    m.detail_scroll = match action {
        Action::Up => m.detail_scroll.saturating_sub(1),
        Action::Down => m.detail_scroll.saturating_add(1),
        Action::PageUp => m.detail_scroll.saturating_sub(page),
        Action::PageDown => m.detail_scroll.saturating_add(page),
        Action::Top => 0,
        Action::Close => {
            m.focus = Pane::Tree;
            m.detail_scroll
        }
        _ => m.detail_scroll,
    };
}

fn on_policy_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let rows = m.policy_rows(ix);
    match action {
        Action::Open => {
            // On an inherited policy, go to where it is attached.
            if let Some(row) = rows.get(m.policy_selected) {
                if row.inherited {
                    let at = row.attached_to;
                    m.focus = Pane::Tree;
                    select(m, Some(at));
                    reveal(m, at, cmds);
                }
            }
        }
        Action::Close => m.focus = Pane::Tree,
        _ => {
            let to = moved(m.policy_selected, rows.len(), action, page_rows(m));
            if to != m.policy_selected {
                m.policy_selected = to;
                m.detail_scroll = 0;
                m.settled = false;
            }
        }
    }
}

/// Changes the selection; details of the new selection load once input pauses.
pub(super) fn select(m: &mut Model, ix: Option<NodeIx>) {
    if ix.is_some() && ix != m.selected {
        m.selected = ix;
        m.policy_selected = 0;
        m.detail_scroll = 0;
        m.settled = false;
    }
}

/// Expands a root or OU, loading its children the first time (or after a failure).
pub(super) fn expand(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    m.nodes[ix].expanded = true;
    match m.nodes[ix].children_load {
        None | Some(Loadable::Failed(_)) => load_children(m, ix, cmds),
        _ => {}
    }
}

/// Lists a parent's children; a listing already in flight for it is superseded.
pub(super) fn load_children(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    forget(
        m,
        |p| matches!(p, Pending::Children { parent, .. } if *parent == ix),
    );
    m.nodes[ix].children_load = Some(Loadable::Loading);
    let parent = m.nodes[ix].id.clone();
    request(
        m,
        Pending::Children {
            parent: ix,
            ous: None,
            accounts: None,
            ous_staged: Vec::new(),
            accounts_staged: Vec::new(),
        },
        Fetch::Children { parent },
        cmds,
    );
}

/// `r`: re-reads the selected node — its children if they were listed, its details and
/// its policies. A failed load is retried the same way.
fn refresh_selected(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let id = m.nodes[ix].id.clone();
    if m.nodes[ix].children_load.is_some() {
        load_children(m, ix, cmds);
    }
    m.details.remove(&id);
    m.attached.remove(&id);
    if let Some(row) = m.policy_rows(ix).get(m.policy_selected) {
        m.policy_docs.remove(&row.policy.id);
    }
    m.settled = false;
    super::details::on_idle(m, cmds);
    m.status = Some(Status::Info(format!(
        "Refreshing {}",
        crate::text::safe(m.nodes[ix].name())
    )));
}

/// Keeps the selected row inside the tree pane's window.
pub(crate) fn keep_selection_visible(m: &mut Model) {
    let height = page_rows(m);
    if let Some(row) = m.selected_row() {
        if row < m.tree_offset {
            m.tree_offset = row;
        } else if row >= m.tree_offset + height {
            m.tree_offset = row + 1 - height;
        }
    }
    let max_offset = m.rows.len().saturating_sub(height);
    m.tree_offset = m.tree_offset.min(max_offset);
}

/// Shows node `ix` in the tree: expands its ancestors and selects it.
fn reveal(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    for p in m.path(ix) {
        if p != ix {
            expand(m, p, cmds);
        }
    }
    select(m, Some(ix));
}

/// Goes to the node with `id` in the tree, wherever it is: when it is not loaded yet, its
/// ancestors are found with ListParents and loaded one level at a time.
pub(super) fn jump_to(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
    m.view = View::Tree;
    m.focus = Pane::Tree;
    m.filter.clear();
    m.rebuild_rows();
    if let Some(&ix) = m.index.get(id) {
        if m.path(ix).first().is_some_and(|r| m.roots.contains(r)) {
            reveal(m, ix, cmds);
            m.jump_to = None;
            return;
        }
    }
    m.jump_to = Some(id.to_string());
    m.status = Some(Status::Info(format!("Locating {}…", crate::text::safe(id))));
    match m.ancestors.get(id) {
        Some(Loadable::Loaded(_)) => advance_jump(m, cmds),
        Some(Loadable::Loading) => {}
        _ => {
            m.ancestors.insert(id.to_string(), Loadable::Loading);
            request(
                m,
                Pending::Ancestors(id.to_string()),
                Fetch::Ancestors { id: id.to_string() },
                cmds,
            );
        }
    }
}

/// Moves a pending jump one step further: expands the next ancestor on the path, and
/// selects the target once it is in the tree.
pub(super) fn advance_jump(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(target) = m.jump_to.clone() else {
        return;
    };
    let Some(Loadable::Loaded(chain)) = m.ancestors.get(&target) else {
        return;
    };
    let mut path: Vec<String> = chain.iter().rev().map(|a| a.id.clone()).collect();
    path.push(target.clone());
    for id in &path {
        let Some(&ix) = m.index.get(id) else {
            // Its parent finished loading without it: it moved or was deleted.
            m.jump_to = None;
            m.status = Some(Status::Info(format!(
                "{} is no longer where ListParents said; press r to refresh",
                crate::text::safe(&target)
            )));
            return;
        };
        if *id == target {
            m.jump_to = None;
            if matches!(&m.status, Some(Status::Info(s)) if s.starts_with("Locating")) {
                m.status = None;
            }
            reveal(m, ix, cmds);
            return;
        }
        m.nodes[ix].expanded = true;
        match m.nodes[ix].children_load {
            Some(Loadable::Loaded(())) => continue,
            Some(Loadable::Loading) => return,
            _ => {
                load_children(m, ix, cmds);
                return;
            }
        }
    }
}
