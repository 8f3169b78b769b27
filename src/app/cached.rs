//! The model to and from an `OrgSnapshot`: what was read is kept between runs, so the
//! next start draws the tree at once and refreshes it in the background (every cached
//! listing is re-read the first time it is shown).

use std::collections::HashSet;

use crate::org::{OrgSnapshot, Placed, SNAPSHOT_VERSION};

use super::cache::Loadable;
use super::load::set_children;
use super::model::{Model, NodeData, NodeIx};

/// Everything the model has read, or `None` before the organization is known.
pub fn snapshot_of(m: &Model, read_at: &str) -> Option<OrgSnapshot> {
    let organization = m.organization()?.clone();
    let mut snap = OrgSnapshot {
        version: SNAPSHOT_VERSION,
        read_at: read_at.to_string(),
        organization,
        roots: Vec::new(),
        ous: Vec::new(),
        accounts: Vec::new(),
        scps: Vec::new(),
        listed: Vec::new(),
    };
    // Parents before their children, so loading can place each under a known parent.
    let mut queue: std::collections::VecDeque<NodeIx> = m.roots.iter().copied().collect();
    while let Some(ix) = queue.pop_front() {
        let node = &m.nodes[ix];
        let parent = node.parent.map(|p| m.nodes[p].id.clone());
        match (&node.data, parent) {
            (NodeData::Root(r), _) => snap.roots.push(r.clone()),
            (NodeData::Ou(o), Some(parent)) => snap.ous.push(Placed {
                parent,
                item: o.clone(),
            }),
            (NodeData::Account(a), Some(parent)) => snap.accounts.push(Placed {
                parent,
                item: a.clone(),
            }),
            _ => continue,
        }
        if matches!(node.children_load, Some(Loadable::Loaded(()))) {
            snap.listed.push(node.id.clone());
            queue.extend(&node.children);
        }
    }
    Some(snap)
}

/// Draws a snapshot of an earlier run: its tree, marked stale, shown with `age`.
pub fn load_snapshot(m: &mut Model, snap: OrgSnapshot, age: String) {
    m.org = Some(Loadable::Loaded(snap.organization));
    for root in snap.roots {
        let ix = m.nodes.len();
        m.index.insert(root.id.clone(), ix);
        m.nodes.push(super::model::Node {
            id: root.id.clone(),
            data: NodeData::Root(root),
            parent: None,
            children: Vec::new(),
            children_load: None,
            expanded: false,
            marked: false,
        });
        m.roots.push(ix);
    }
    let listed: HashSet<String> = snap.listed.into_iter().collect();
    let mut ous: std::collections::HashMap<String, Vec<_>> = Default::default();
    for p in snap.ous {
        ous.entry(p.parent).or_default().push(p.item);
    }
    let mut accounts: std::collections::HashMap<String, Vec<_>> = Default::default();
    for p in snap.accounts {
        accounts.entry(p.parent).or_default().push(p.item);
    }
    // Level by level from the roots: a parent is placed before its children are.
    let mut queue: std::collections::VecDeque<NodeIx> = m.roots.iter().copied().collect();
    while let Some(ix) = queue.pop_front() {
        let id = m.nodes[ix].id.clone();
        if !listed.contains(&id) {
            continue;
        }
        let o = ous.remove(&id).unwrap_or_default();
        let a = accounts.remove(&id).unwrap_or_default();
        set_children(m, ix, o, a);
        m.stale.insert(ix);
        queue.extend(m.nodes[ix].children.clone());
    }
    m.cached = Some(age);
    if let Some(&root) = m.roots.first() {
        m.set_expanded(root, true);
        m.selected = Some(root);
    }
    m.rebuild_rows();
}
