//! Writing an [`OrgSnapshot`] out for scripts and pictures: JSON and CSV with every
//! account's OU path, a text tree, and Graphviz DOT and Mermaid drawings. Every format
//! escapes text from the API its own way, and no control character is ever written raw.

pub mod cli;
mod csv;
mod graph;
mod json;
mod tree;

use std::collections::HashMap;

use crate::org::{Account, OrgSnapshot, OrgUnit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Organization, roots, OUs and accounts, each with its OU path.
    Json,
    /// One row per account (RFC 4180).
    Csv,
    /// A text tree like `tree` prints, sorted by name.
    Tree,
    /// A Graphviz drawing of the OUs with their account counts.
    Dot,
    /// A Mermaid flowchart of the OUs with their account counts.
    Mermaid,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Draw the accounts too in `dot` and `mermaid` (the other formats always list them).
    pub accounts: bool,
}

/// The whole export as text.
pub fn render(s: &OrgSnapshot, format: Format, options: Options) -> String {
    let index = Index::new(s);
    match format {
        Format::Json => json::render(&index),
        Format::Csv => csv::render(&index),
        Format::Tree => tree::render(&index),
        Format::Dot => graph::dot(&index, options),
        Format::Mermaid => graph::mermaid(&index, options),
    }
}

/// The snapshot as a tree: names, parents and children (sorted by name) by id.
struct Index<'a> {
    s: &'a OrgSnapshot,
    names: HashMap<&'a str, &'a str>,
    parents: HashMap<&'a str, &'a str>,
    ous: HashMap<&'a str, Vec<&'a OrgUnit>>,
    accounts: HashMap<&'a str, Vec<&'a Account>>,
}

impl<'a> Index<'a> {
    fn new(s: &'a OrgSnapshot) -> Index<'a> {
        let mut names: HashMap<&str, &str> = HashMap::new();
        let mut parents = HashMap::new();
        let mut ous: HashMap<&str, Vec<&OrgUnit>> = HashMap::new();
        let mut accounts: HashMap<&str, Vec<&Account>> = HashMap::new();
        for r in &s.roots {
            names.insert(&r.id, &r.name);
        }
        for ou in &s.ous {
            names.insert(&ou.item.id, &ou.item.name);
            parents.insert(ou.item.id.as_str(), ou.parent.as_str());
            ous.entry(&ou.parent).or_default().push(&ou.item);
        }
        for a in &s.accounts {
            accounts.entry(&a.parent).or_default().push(&a.item);
        }
        for list in ous.values_mut() {
            list.sort_by(|a, b| by_name((&a.name, &a.id), (&b.name, &b.id)));
        }
        for list in accounts.values_mut() {
            list.sort_by(|a, b| by_name((&a.name, &a.id), (&b.name, &b.id)));
        }
        Index {
            s,
            names,
            parents,
            ous,
            accounts,
        }
    }

    fn ous_under(&self, id: &str) -> &[&'a OrgUnit] {
        self.ous.get(id).map_or(&[], Vec::as_slice)
    }

    fn accounts_under(&self, id: &str) -> &[&'a Account] {
        self.accounts.get(id).map_or(&[], Vec::as_slice)
    }

    /// Accounts in `id` and every OU below it.
    fn accounts_below(&self, id: &str) -> usize {
        let mut total = 0;
        let mut stack = vec![id];
        // Bounded by the number of parents, even if the data had a cycle.
        let mut budget = self.names.len() + 1;
        while let Some(p) = stack.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            total += self.accounts_under(p).len();
            stack.extend(self.ous_under(p).iter().map(|o| o.id.as_str()));
        }
        total
    }

    /// Names from the root down to `id`, e.g. `Root/Workloads/Prod` (a name may itself hold
    /// a `/`; `parent_id` is the unambiguous reference). An unknown parent is its id.
    fn path(&self, id: &str) -> String {
        let mut parts = Vec::new();
        let mut at = id;
        for _ in 0..=self.parents.len() {
            parts.push(self.names.get(at).copied().unwrap_or(at));
            match self.parents.get(at) {
                Some(p) => at = p,
                None => break,
            }
        }
        parts.reverse();
        parts.join("/")
    }

    /// Every account with its parent, depth first through the tree sorted by name; accounts
    /// whose parent is not in the snapshot last.
    fn accounts_in_order(&self) -> Vec<(&'a str, &'a Account)> {
        let mut out = Vec::with_capacity(self.s.accounts.len());
        let mut stack: Vec<&str> = self.s.roots.iter().rev().map(|r| r.id.as_str()).collect();
        let mut visited = std::collections::HashSet::new();
        while let Some(p) = stack.pop() {
            if !visited.insert(p) {
                continue;
            }
            out.extend(self.accounts_under(p).iter().map(|a| (p, *a)));
            stack.extend(self.ous_under(p).iter().rev().map(|o| o.id.as_str()));
        }
        let placed: std::collections::HashSet<&str> =
            out.iter().map(|(_, a)| a.id.as_str()).collect();
        out.extend(
            self.s
                .accounts
                .iter()
                .filter(|a| !placed.contains(a.item.id.as_str()))
                .map(|a| (a.parent.as_str(), &a.item)),
        );
        out
    }
}

/// Case-insensitive by name, then exactly, then by id: the same order on every run.
fn by_name(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    a.0.to_lowercase()
        .cmp(&b.0.to_lowercase())
        .then_with(|| a.0.cmp(b.0))
        .then_with(|| a.1.cmp(b.1))
}

/// "1 account", "3 accounts".
fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

#[cfg(test)]
mod tests;
