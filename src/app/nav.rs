//! Moving around: list movement, selection, expanding (which loads children lazily),
//! revealing a node, and jumping to a node anywhere in the organization.

use crate::keymap::Action;
use crate::text::safe;

use super::cache::Loadable;
use super::load;
use super::model::{Model, NodeIx, Pane, Status, View};
use super::msg::{Cmd, Fetch};

/// Rows a page key moves: the tree pane's height.
pub fn page_rows(m: &Model) -> usize {
    crate::layout::tree_height(m.size).max(1)
}

/// Applies a movement to an index into a list of `len` rows.
pub fn moved(at: usize, len: usize, action: Action, page: usize) -> usize {
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

/// Changes the selection; details of the new selection load once input pauses.
pub fn select(m: &mut Model, ix: Option<NodeIx>) {
    if ix.is_some() && ix != m.selected {
        m.selected = ix;
        m.policy_selected = 0;
        m.detail_field = 0;
        m.settled = false;
    }
}

/// Expands a root or OU, loading its children the first time (or after a failure).
pub fn expand(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    m.set_expanded(ix, true);
    // A listing from the snapshot of an earlier run stays on screen while it is re-read.
    let stale = m.stale.remove(&ix);
    match m.nodes[ix].children_load {
        None | Some(Loadable::Failed(_)) => load::children(m, ix, cmds),
        Some(Loadable::Loaded(())) if stale => load::children(m, ix, cmds),
        _ => {}
    }
}

/// Keeps the selection among the tree's rows, and its row inside the tree pane's window.
pub fn keep_selection_visible(m: &mut Model) {
    // Rows change under the selection (a filter set or cleared, a listing arrived): the
    // nearest ancestor on screen takes it, else the first row.
    if m.view == View::Tree && m.selected_row().is_none() {
        let shown = |ix: &NodeIx| m.rows.iter().any(|r| r.node == *ix);
        let ancestor = m
            .selected
            .and_then(|ix| m.path(ix).into_iter().rev().find(shown));
        if let Some(ix) = ancestor.or_else(|| m.rows.first().map(|r| r.node)) {
            m.selected = Some(ix);
            m.settled = false;
        }
    }
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

/// The organization arrived: select and expand the first root.
pub fn on_roots(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if let Some(&root) = m.roots.first() {
        if m.selected.is_none() {
            m.selected = Some(root);
            m.settled = false;
        }
        expand(m, root, cmds);
    }
    // The policies view opened before the root was read listed no enabled type.
    if m.view == View::Policies {
        load::policies(m, cmds);
    }
}

/// Shows node `ix` in the tree: expands its ancestors and selects it.
pub fn reveal(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    for p in m.path(ix) {
        if p != ix {
            expand(m, p, cmds);
        }
    }
    select(m, Some(ix));
}

/// Goes to the node with `id` in the tree, wherever it is: when it is not loaded yet, its
/// ancestors are found with ListParents and loaded one level at a time.
pub fn jump_to(m: &mut Model, id: &str, cmds: &mut Vec<Cmd>) {
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
    m.status = Some(Status::Info(format!("Locating {}…", safe(id))));
    if matches!(m.cache.ancestors.get(id), Some(Loadable::Loaded(_))) {
        advance_jump(m, cmds);
    } else if !matches!(m.cache.ancestors.get(id), Some(Loadable::Loading)) {
        let fetch = Fetch::Ancestors { id: id.to_string() };
        load::reload(m, fetch, cmds);
    }
}

/// Moves a pending jump one step further: expands the next ancestor on the path, and
/// selects the target once it is in the tree.
pub fn advance_jump(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(target) = m.jump_to.clone() else {
        return;
    };
    let Some(Loadable::Loaded(chain)) = m.cache.ancestors.get(&target) else {
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
                safe(&target)
            )));
            return;
        };
        if *id == target {
            m.jump_to = None;
            if matches!(&m.status, Some(Status::Info(s)) if s.starts_with("Locating")) {
                m.status = None;
            }
            m.filter.clear();
            m.rebuild_rows();
            reveal(m, ix, cmds);
            return;
        }
        m.set_expanded(ix, true);
        match m.nodes[ix].children_load {
            Some(Loadable::Loaded(())) => continue,
            Some(Loadable::Loading) => return,
            _ => {
                load::children(m, ix, cmds);
                return;
            }
        }
    }
}
