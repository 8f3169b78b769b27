//! Reading a whole subtree (or the whole organization): every root and OU below a node is
//! listed with ListOrganizationalUnitsForParent + ListAccountsForParent (the minimum: no
//! per-account calls) by one request, the streaming crawl (`crawl::crawl_below`), which
//! files each parent as soon as it is read whole. What this run has read already is not
//! read again. The tree stays usable and fills in as parents arrive.

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
    m.crawl = Some(Crawl {
        scope: ix,
        expand,
        listed: 0,
        ous: 0,
        accounts: 0,
    });
    let (ous, accounts) = read_rest(m, cmds);
    if let Some(c) = m.crawl.as_mut() {
        (c.ous, c.accounts) = (ous, accounts);
    }
    progress(m, cmds);
}

/// Sends one subtree read for the parents below the crawl's scope that this run has not
/// read: not listed, failed, drawn from an earlier run's snapshot (stale), or being
/// listed on their own (that listing is superseded). The walk goes on only through
/// parents read in this run; those a subtree read in flight will file are left to it.
/// Expands what it passes when the crawl expands. Answers the OUs and accounts it passed
/// (those a read will file are counted when they are filed).
fn read_rest(m: &mut Model, cmds: &mut Vec<Cmd>) -> (usize, usize) {
    let Some(crawl) = m.crawl.clone() else {
        return (0, 0);
    };
    let covered = m.requests.subtree_outstanding();
    let (mut ous, mut accounts) = (0, 0);
    let mut parents = Vec::new();
    let mut stack = vec![crawl.scope];
    while let Some(p) = stack.pop() {
        if !m.nodes[p].is_parent() {
            continue;
        }
        if crawl.expand {
            m.set_expanded(p, true);
        }
        if covered.contains(&p) {
            continue;
        }
        let read = matches!(m.nodes[p].children_load, Some(Loadable::Loaded(())));
        if !read || m.stale.contains(&p) {
            parents.push(p);
            continue;
        }
        for &c in m.nodes[p].children.iter().rev() {
            match m.nodes[c].is_parent() {
                true => ous += 1,
                false => accounts += 1,
            }
            stack.push(c);
        }
    }
    load::subtree(m, parents, cmds);
    (ous, accounts)
}

/// A parent's listing was filed (by the subtree read or on its own): count it if it is in
/// the crawl, and expand it when the crawl expands.
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
    if crawl.expand {
        m.set_expanded(ix, true);
    }
    if let Some(c) = m.crawl.as_mut() {
        c.listed += 1;
        c.ous += ous;
        c.accounts += accounts;
    }
    progress(m, cmds);
    export_if_read(m, cmds);
}

/// A subtree read ended. After a failure the crawl ends with the error on the status line
/// (the next search or `*` starts again); otherwise it finishes, or reads what is left.
pub fn on_done(m: &mut Model, failed: bool, cmds: &mut Vec<Cmd>) {
    if failed {
        m.crawl = None;
        return;
    }
    progress(m, cmds);
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

fn progress(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(crawl) = m.crawl.clone() else {
        return;
    };
    // A listing of its own filed meanwhile may have named an OU no read will file (created
    // after the subtree read listed its parent): read what is left.
    if !m.requests.lists_in_flight() && !is_read(m, crawl.scope) {
        read_rest(m, cmds);
    }
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
