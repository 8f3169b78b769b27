//! Every root and OU known so far, from the OU directory (filled for pickers) and from
//! the tree: their paths and names for pickers, confirmations and messages.

use std::collections::HashMap;

use crate::text::safe;

use super::cache::Loadable;
use super::model::{Model, NodeData};

/// Parents and names of every root and OU known so far: from the OU directory (filled
/// for pickers) and from the tree. Built once per use, so paths cost hash lookups only.
pub struct Directory<'a> {
    m: &'a Model,
    parent_of: HashMap<&'a str, &'a str>,
    name_of: HashMap<&'a str, &'a str>,
}

impl<'a> Directory<'a> {
    pub fn new(m: &'a Model) -> Self {
        let mut parent_of = HashMap::new();
        let mut name_of = HashMap::new();
        for (parent, ous) in &m.cache.ou_dir {
            for ou in ous.loaded().into_iter().flatten() {
                parent_of.insert(ou.id.as_str(), parent.as_str());
                name_of.insert(ou.id.as_str(), ou.name.as_str());
            }
        }
        Directory {
            m,
            parent_of,
            name_of,
        }
    }

    pub fn parent(&self, id: &str) -> Option<String> {
        match self.parent_of.get(id) {
            Some(p) => Some(p.to_string()),
            None => self
                .m
                .node_by_id(id)?
                .parent
                .map(|p| self.m.node(p).id.clone()),
        }
    }

    pub fn name(&self, id: &str) -> String {
        match self.m.node_by_id(id) {
            Some(n) => n.name().to_string(),
            None => self.name_of.get(id).map_or(id, |n| n).to_string(),
        }
    }

    /// `id` and its ancestors, nearest first (bounded: OUs nest 5 deep).
    pub fn chain(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        while out.len() < 8 {
            match self.parent(&out[out.len() - 1]) {
                Some(p) => out.push(p),
                None => break,
            }
        }
        out
    }

    /// Every OU in the directory, by id.
    pub fn ous(&self) -> Vec<&'a str> {
        let mut ous: Vec<&str> = self.parent_of.keys().copied().collect();
        ous.sort_unstable();
        ous
    }

    /// "Root / Workloads / Prod".
    pub fn path(&self, id: &str) -> String {
        let chain = self.chain(id);
        let names: Vec<String> = chain
            .iter()
            .rev()
            .map(|i| safe(&self.name(i)).into_owned())
            .collect();
        names.join(" / ")
    }
}

/// The ancestors of a root or OU (nearest first), from the directory or the tree.
pub fn ancestors_of(m: &Model, id: &str) -> Vec<String> {
    let mut chain = Directory::new(m).chain(id);
    chain.remove(0);
    chain
}

pub fn name_of(m: &Model, id: &str) -> String {
    Directory::new(m).name(id)
}

/// Full path of a root or OU (for messages).
pub fn place(m: &Model, id: &str) -> String {
    Directory::new(m).path(id)
}

/// Names of the OUs under `parent`, when known (from the directory or the tree).
pub fn known_ous(m: &Model, parent: &str) -> Option<Vec<(String, String)>> {
    if let Some(Loadable::Loaded(ous)) = m.cache.ou_dir.get(parent) {
        return Some(ous.iter().map(|o| (o.id.clone(), o.name.clone())).collect());
    }
    let node = m.node_by_id(parent)?;
    match node.children_load {
        Some(Loadable::Loaded(())) => Some(
            node.children
                .iter()
                .filter_map(|&c| match &m.node(c).data {
                    NodeData::Ou(o) => Some((o.id.clone(), o.name.clone())),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}
