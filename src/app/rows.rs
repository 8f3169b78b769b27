//! The tree pane's visible rows, derived from the nodes, their expansion and the filter.
//! They are kept up to date incrementally: what changes the tree says which parent's
//! children changed (`children_changed`), and `refresh_rows` re-derives only those parents'
//! stretches of rows, so a page of a listing costs its parent's rows, not every node's.
//! A filter spans the whole tree, so under one any change re-derives every row.

use crate::fuzzy::Filter;

use super::model::{Model, NodeIx, Row};

/// What changed under the rows since they were last derived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowsStale {
    /// Parents whose children or expansion changed.
    under: Vec<NodeIx>,
    /// Anything may have: the roots, what a search matches.
    all: bool,
    /// The search the rows were derived for.
    filter: String,
}

impl Model {
    /// `parent`'s children or its expansion changed.
    pub fn children_changed(&mut self, parent: NodeIx) {
        self.accounts_changed();
        let under = &mut self.rows_stale.under;
        if !under.contains(&parent) {
            under.push(parent);
        }
    }

    /// Something every row may depend on changed (the roots; what a search matches).
    pub fn tree_changed(&mut self) {
        self.accounts_changed();
        self.rows_stale.all = true;
    }

    /// Expands or collapses a root or OU (its rows follow at the next refresh).
    pub fn set_expanded(&mut self, ix: NodeIx, expanded: bool) {
        if self.nodes[ix].expanded != expanded {
            self.nodes[ix].expanded = expanded;
            self.children_changed(ix);
        }
    }

    /// A node's name, email or tags changed: only a search can see that.
    pub fn node_data_changed(&mut self) {
        if !self.filter.is_empty() {
            self.tree_changed();
        }
    }

    /// Brings the rows up to date with what changed since they were derived.
    pub fn refresh_rows(&mut self) {
        let stale = &mut self.rows_stale;
        let searching = !self.filter.is_empty();
        if stale.all
            || stale.filter != self.filter.as_str()
            || (searching && !stale.under.is_empty())
        {
            return self.rebuild_rows();
        }
        for p in std::mem::take(&mut stale.under) {
            self.rederive_under(p);
        }
    }

    /// Recomputes every visible row from the roots through expanded nodes; with a filter,
    /// every loaded node that matches (by name or id) and its ancestors.
    pub fn rebuild_rows(&mut self) {
        self.rows = self.derive_rows();
        self.rows_stale = RowsStale {
            filter: self.filter.as_str().to_string(),
            ..RowsStale::default()
        };
    }

    /// The rows as they should be, from scratch.
    pub fn derive_rows(&self) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.rows.len());
        let filter = Filter::new(&self.filter);
        for &root in &self.roots {
            if filter.is_empty() {
                self.push_expanded(root, 0, &mut rows);
            } else {
                self.push_matching(root, 0, &filter, &mut rows);
            }
        }
        rows
    }

    /// Replaces the rows below `p` (when it is on screen) with its expanded children.
    fn rederive_under(&mut self, p: NodeIx) {
        let Some(at) = self.rows.iter().position(|r| r.node == p) else {
            // Not on screen: neither is anything below it.
            return;
        };
        let depth = self.rows[at].depth;
        let end = self.rows[at + 1..]
            .iter()
            .position(|r| r.depth <= depth)
            .map_or(self.rows.len(), |n| at + 1 + n);
        let mut below = Vec::new();
        if self.nodes[p].expanded {
            for &c in &self.nodes[p].children {
                self.push_expanded(c, depth + 1, &mut below);
            }
        }
        self.rows.splice(at + 1..end, below);
    }

    fn push_expanded(&self, ix: NodeIx, depth: u16, rows: &mut Vec<Row>) {
        rows.push(Row { node: ix, depth });
        let node = &self.nodes[ix];
        if node.expanded {
            for &c in &node.children {
                self.push_expanded(c, depth + 1, rows);
            }
        }
    }

    /// Returns whether anything under `ix` (or `ix` itself) matched.
    fn push_matching(&self, ix: NodeIx, depth: u16, filter: &Filter, rows: &mut Vec<Row>) -> bool {
        let at = rows.len();
        rows.push(Row { node: ix, depth });
        let node = &self.nodes[ix];
        let mut any = self.node_matches(ix, filter);
        for &c in &node.children {
            any |= self.push_matching(c, depth + 1, filter, rows);
        }
        if !any {
            rows.truncate(at);
        }
        any
    }

    /// Whether a node matches a (lowercased) search: its name or id, an account's email,
    /// or one of its tags (key or value) when they have been read.
    pub fn node_matches(&self, ix: NodeIx, filter: &Filter) -> bool {
        let node = &self.nodes[ix];
        let email = node.account().map_or("", |a| a.email.as_str());
        let mut fields = vec![node.name(), &node.id, email];
        if let Some(tags) = self.cache.tags.get(&node.id) {
            for t in tags {
                fields.push(&t.key);
                fields.push(&t.value);
            }
        }
        filter.matches(&fields)
    }
}
