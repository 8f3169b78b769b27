//! Reading a whole subtree (or the whole organization): every root and OU below a node is
//! listed with ListOrganizationalUnitsForParent + ListAccountsForParent (the minimum: no
//! per-account calls), parents in parallel under the worker's shared limit, each level as
//! soon as its parent is listed. The tree stays usable and fills in as listings arrive.

use crate::text::safe;

use super::cache::Loadable;
use super::load;
use super::model::{Model, NodeIx, Status};
use super::msg::Cmd;

/// A crawl in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crawl {
    /// Everything below this node is read.
    pub scope: NodeIx,
    /// Expand every node read (`*`), or only read (search, refresh-all).
    pub expand: bool,
    /// Parents listed so far.
    pub listed: usize,
    /// OUs and accounts known below the scope so far (counted as listings arrive, so the
    /// progress line costs nothing per listing).
    pub ous: usize,
    pub accounts: usize,
}

/// Starts reading everything below `ix` (itself included); with `expand`, expands it all.
pub fn start(m: &mut Model, ix: NodeIx, expand: bool, cmds: &mut Vec<Cmd>) {
    let (ous, accounts) = counts(m, ix);
    m.crawl = Some(Crawl {
        scope: ix,
        expand,
        listed: 0,
        ous,
        accounts,
    });
    let mut stack = vec![ix];
    while let Some(p) = stack.pop() {
        visit(m, p, expand, cmds);
        if matches!(m.nodes[p].children_load, Some(Loadable::Loaded(()))) {
            stack.extend(m.nodes[p].children.iter().copied());
        }
    }
    progress(m);
}

/// Lists `p` unless it is listed or being listed; expands it when asked.
fn visit(m: &mut Model, p: NodeIx, expand: bool, cmds: &mut Vec<Cmd>) {
    if !m.nodes[p].is_parent() {
        return;
    }
    if expand {
        m.set_expanded(p, true);
    }
    if matches!(m.nodes[p].children_load, None | Some(Loadable::Failed(_))) {
        load::children(m, p, cmds);
    }
}

/// A parent's listing completed: go one level further if it is in the crawl.
pub fn on_listed(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    let Some(crawl) = m.crawl.clone() else {
        return;
    };
    if !m.path(ix).contains(&crawl.scope) {
        return;
    }
    let (ous, accounts) =
        m.nodes[ix]
            .children
            .iter()
            .fold((0, 0), |(o, a), &c| match m.nodes[c].is_parent() {
                true => (o + 1, a),
                false => (o, a + 1),
            });
    if let Some(c) = m.crawl.as_mut() {
        c.listed += 1;
        c.ous += ous;
        c.accounts += accounts;
    }
    for c in m.nodes[ix].children.clone() {
        visit(m, c, crawl.expand, cmds);
    }
    progress(m);
    export_if_read(m, cmds);
}

/// An `:export` waiting for the read goes out once the whole organization is in.
pub fn export_if_read(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(&root) = m.roots.first() else {
        return;
    };
    if m.export_when_read.is_some() && !m.requests.lists_in_flight() && is_read(m, root) {
        if let Some((format, path)) = m.export_when_read.take() {
            m.status = Some(Status::Info(format!("Writing {}…", safe(&path))));
            cmds.push(Cmd::Export { format, path });
        }
    }
}

/// Whether every parent below `scope` (itself included) has been listed.
pub fn is_read(m: &Model, scope: NodeIx) -> bool {
    let mut stack = vec![scope];
    while let Some(p) = stack.pop() {
        match m.nodes[p].children_load {
            Some(Loadable::Loaded(())) => stack.extend(&m.nodes[p].children),
            Some(Loadable::Loading) => return false,
            _ if m.nodes[p].is_parent() => return false,
            _ => {}
        }
    }
    true
}

/// Counts below `scope`: (OUs, accounts) known so far.
fn counts(m: &Model, scope: NodeIx) -> (usize, usize) {
    let (mut ous, mut accounts) = (0, 0);
    let mut stack = m.nodes[scope].children.clone();
    while let Some(n) = stack.pop() {
        if m.nodes[n].is_parent() {
            ous += 1;
            stack.extend(&m.nodes[n].children);
        } else {
            accounts += 1;
        }
    }
    (ous, accounts)
}

fn progress(m: &mut Model) {
    let Some(crawl) = m.crawl.clone() else {
        return;
    };
    // The whole subtree is walked only once nothing is being listed any more.
    let done = !m.requests.lists_in_flight() && is_read(m, crawl.scope);
    let (ous, accounts) = if done {
        counts(m, crawl.scope)
    } else {
        (crawl.ous, crawl.accounts)
    };
    let name = safe(m.nodes[crawl.scope].name()).into_owned();
    let plural = super::fields::count;
    let what = format!(
        "{} and {}",
        plural(ous, "OU", "OUs"),
        plural(accounts, "account", "accounts")
    );
    if done {
        m.crawl = None;
        m.status = Some(Status::Info(format!("Read all of {name}: {what}")));
    } else {
        m.status = Some(Status::Info(format!(
            "Reading {name}… {} listed, {what} so far",
            plural(crawl.listed, "parent", "parents")
        )));
    }
}

/// `R`: re-reads every listing loaded so far (one listing per parent, the minimum), and
/// forgets the details and policies read, so what is on screen is read again.
pub fn refresh_all(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let parents: Vec<NodeIx> = (0..m.nodes.len())
        .filter(|&p| m.nodes[p].children_load.is_some())
        // Still in the tree: a root, or under a parent.
        .filter(|&p| m.nodes[p].parent.is_some() || m.roots.contains(&p))
        .collect();
    for p in parents {
        load::children(m, p, cmds);
    }
    // Everything read about the selection is read again with it: a failure shown in
    // the detail pane (say while the endpoint was down) must not outlive `R`.
    m.cache.details.clear();
    m.cache.attached.clear();
    m.cache.policy_docs.clear();
    m.cache.policy_targets.clear();
    m.cache.admin.tags.clear();
    m.node_data_changed();
    m.cache.admin.delegated_services.clear();
    m.settled = false;
    m.status = Some(Status::Info("Refreshing everything loaded…".into()));
}
