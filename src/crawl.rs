//! Reading the whole organization at the minimum number of calls, without the UI: the
//! organization, its roots, then per parent (root or OU) its OUs and its accounts, every
//! page, under the gate's adaptive limit. Names, emails and states come with the
//! listings, so no call is made per account.
//!
//! It streams: each page is handled as it arrives, so a child OU's listings start as soon
//! as the page that names it is in (not after its parent's last page), and pages of
//! different parents interleave. Only the deepest chain of dependent pages (a next page
//! needs the token of the one before; a child needs the page naming it) orders calls.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::stream::{FuturesUnordered, StreamExt};

use crate::net::Gate;
use crate::org::{
    Account, ErrorKind, OrgBackend, OrgResult, OrgSnapshot, OrgUnit, Placed, Root, Token,
    SNAPSHOT_VERSION,
};

mod pages;

use pages::{Job, Listed, Listing, Ready};

/// Times one call is made when its attempts time out. The UI's gate reports a timeout at
/// once (the user is waiting); a crawl of thousands of calls asks again instead of ending
/// on one stalled connection, since a read changes nothing.
const TRIES_AFTER_TIMEOUT: u32 = 3;

/// How far a crawl has got; reported after every listing that completes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrawlProgress {
    /// Roots and OUs whose OUs and accounts have all been read.
    pub parents_read: usize,
    /// Roots and OUs found so far (each is read in turn).
    pub parents_found: usize,
    pub accounts: usize,
    /// Requests sent so far, retries included.
    pub calls: usize,
}

/// Reads the whole organization. The first listing that fails (after the gate's retries)
/// ends the crawl with its error: a snapshot is complete or not made at all.
pub async fn crawl(
    gate: &Gate,
    b: &dyn OrgBackend,
    progress: impl Fn(CrawlProgress),
) -> OrgResult<OrgSnapshot> {
    let calls = AtomicUsize::new(0);
    let mut tree = Tree::default();
    let seeds = vec![Job::first(String::new(), Listing::Roots)];
    let file = |read: ParentRead| {
        tree.ous.insert(read.parent.clone(), read.ous);
        tree.accounts.insert(read.parent, read.accounts);
    };
    // Independent of the tree, so neither waits for the other.
    let (organization, roots) = futures::try_join!(
        counted(gate, &calls, || b.describe_organization()),
        walk(gate, b, &calls, seeds, file, progress),
    )?;
    tree.roots = roots;
    Ok(assemble(organization, tree))
}

/// One parent (root or OU) read whole: its OUs and its accounts, as AWS listed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentRead {
    pub parent: String,
    pub ous: Vec<OrgUnit>,
    pub accounts: Vec<Account>,
}

/// Reads everything below `parents` (roots or OUs; each listed itself, and every OU found
/// under it, at the minimum number of calls as [`crawl`] does). `listed` gets each parent as
/// soon as both its listings are complete, and never before the parent that named it (a
/// consumer can place every parent under one it already has). The first listing that
/// fails ends the read with its error; what was reported before stays reported.
pub async fn crawl_below(
    gate: &Gate,
    b: &dyn OrgBackend,
    parents: Vec<String>,
    listed: impl FnMut(ParentRead),
    progress: impl Fn(CrawlProgress),
) -> OrgResult<()> {
    let calls = AtomicUsize::new(0);
    let mut seeds = Vec::with_capacity(parents.len() * 2);
    let mut seen = HashSet::new();
    // A parent asked for twice is still read once.
    for parent in parents.into_iter().filter(|p| seen.insert(p.clone())) {
        seeds.push(Job::first(parent.clone(), Listing::Ous));
        seeds.push(Job::first(parent, Listing::Accounts));
    }
    walk(gate, b, &calls, seeds, listed, progress).await?;
    Ok(())
}

/// What the listings found, by parent, each parent's items in the order AWS listed them.
#[derive(Default)]
struct Tree {
    roots: Vec<Root>,
    ous: HashMap<String, Vec<OrgUnit>>,
    accounts: HashMap<String, Vec<Account>>,
}

/// One parent's pages so far, until both its listings are complete.
#[derive(Default)]
struct Staged {
    ous: Vec<OrgUnit>,
    accounts: Vec<Account>,
    /// Listings complete (2 when the parent is read).
    complete: u8,
}

/// Hands completed parents on in an order a consumer can place them in: a parent only
/// after the one that named it (a child's listings may finish before its parent's last
/// page of accounts does).
#[derive(Default)]
struct Reports {
    /// Who named each OU found; seeds and roots have no entry.
    named_by: HashMap<String, String>,
    reported: HashSet<String>,
    /// Completed parents waiting for the parent that named them.
    held: HashMap<String, Vec<ParentRead>>,
}

impl Reports {
    fn complete(&mut self, read: ParentRead, listed: &mut impl FnMut(ParentRead)) {
        if let Some(up) = self.named_by.get(&read.parent) {
            if !self.reported.contains(up) {
                self.held.entry(up.clone()).or_default().push(read);
                return;
            }
        }
        let mut ready = vec![read];
        while let Some(read) = ready.pop() {
            ready.extend(self.held.remove(&read.parent).unwrap_or_default());
            self.reported.insert(read.parent.clone());
            listed(read);
        }
    }
}

/// Every page of the seeds' listings and of each parent they uncover, as many at once as
/// the gate's limit allows; pages that uncover more work go first (see [`Ready`]). Each
/// parent read whole goes to `listed`; answers the roots listed (when a seed lists them).
async fn walk(
    gate: &Gate,
    b: &dyn OrgBackend,
    calls: &AtomicUsize,
    seeds: Vec<Job>,
    mut listed: impl FnMut(ParentRead),
    progress: impl Fn(CrawlProgress),
) -> OrgResult<Vec<Root>> {
    let mut roots = Vec::new();
    let mut found: HashSet<String> = seeds.iter().map(|j| j.parent.clone()).collect();
    found.remove("");
    let mut staged: HashMap<String, Staged> = HashMap::new();
    let mut reports = Reports::default();
    let mut report = CrawlProgress {
        parents_found: found.len(),
        ..CrawlProgress::default()
    };
    let mut ready = Ready::default();
    for job in seeds {
        ready.push(job);
    }
    let mut running = FuturesUnordered::new();
    loop {
        // Started here rather than all queued at the gate, so the order above holds; the
        // gate's current limit is the width (it shrinks while AWS throttles).
        let width = gate.limit().status().limit.max(1);
        while running.len() < width {
            let Some(job) = ready.pop() else { break };
            running.push(fetch(gate, b, calls, job));
        }
        let Some(done) = running.next().await else {
            return Ok(roots);
        };
        let (job, page, next) = done?;
        let named: Vec<String> = match page {
            Listed::Roots(more) => {
                let named = more.iter().map(|r| r.id.clone()).collect();
                roots.extend(more);
                named
            }
            Listed::Ous(ous) => {
                let named = ous.iter().map(|o| o.id.clone()).collect();
                staged
                    .entry(job.parent.clone())
                    .or_default()
                    .ous
                    .extend(ous);
                named
            }
            Listed::Accounts(accounts) => {
                report.accounts += accounts.len();
                let s = staged.entry(job.parent.clone()).or_default();
                s.accounts.extend(accounts);
                Vec::new()
            }
        };
        for parent in named {
            // An OU moved while the crawl runs could be listed twice; read it once.
            if found.insert(parent.clone()) {
                if job.listing == Listing::Ous {
                    reports.named_by.insert(parent.clone(), job.parent.clone());
                }
                ready.push(Job::first(parent.clone(), Listing::Ous));
                ready.push(Job::first(parent, Listing::Accounts));
            }
        }
        let last = next.is_none();
        let listing = job.listing;
        let parent = job.parent.clone();
        if let Some(next) = job.next(next)? {
            ready.push(next);
        }
        if !last || listing == Listing::Roots {
            continue;
        }
        let s = staged.entry(parent.clone()).or_default();
        s.complete += 1;
        if s.complete == 2 {
            report.parents_read += 1;
            if let Some(s) = staged.remove(&parent) {
                let read = ParentRead {
                    parent,
                    ous: s.ous,
                    accounts: s.accounts,
                };
                reports.complete(read, &mut listed);
            }
        }
        report.parents_found = found.len();
        report.calls = calls.load(Ordering::Relaxed);
        progress(report);
    }
}

/// One page of one listing; answers the job back with what it listed and the next token.
async fn fetch(
    gate: &Gate,
    b: &dyn OrgBackend,
    calls: &AtomicUsize,
    job: Job,
) -> OrgResult<(Job, Listed, Token)> {
    let (parent, token) = (job.parent.as_str(), &job.token);
    let (listed, next) = match job.listing {
        Listing::Roots => {
            let page = counted(gate, calls, || b.list_roots(token.clone())).await?;
            (Listed::Roots(page.items), page.next_token)
        }
        Listing::Ous => {
            let page = counted(gate, calls, || {
                b.list_organizational_units_for_parent(parent, token.clone())
            });
            let page = page.await?;
            (Listed::Ous(page.items), page.next_token)
        }
        Listing::Accounts => {
            let page = counted(gate, calls, || {
                b.list_accounts_for_parent(parent, token.clone())
            });
            let page = page.await?;
            (Listed::Accounts(page.items), page.next_token)
        }
    };
    Ok((job, listed, next))
}

/// [`read`], counting every attempt in `calls` (retries included).
async fn counted<T, F, Fut>(gate: &Gate, calls: &AtomicUsize, f: F) -> OrgResult<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = OrgResult<T>>,
{
    read(gate, || {
        calls.fetch_add(1, Ordering::Relaxed);
        f()
    })
    .await
}

/// One read through the gate, made again after a timeout (see [`TRIES_AFTER_TIMEOUT`]).
async fn read<T, F, Fut>(gate: &Gate, f: F) -> OrgResult<T>
where
    F: Fn() -> Fut,
    Fut: Future<Output = OrgResult<T>>,
{
    let mut tries = 1;
    loop {
        match gate.read(&f).await {
            Err(e) if e.kind == ErrorKind::Timeout && tries < TRIES_AFTER_TIMEOUT => tries += 1,
            r => return r,
        }
    }
}

/// The snapshot in a stable order whatever order the listings completed in: parents
/// before children (breadth first from the roots), each parent's items as AWS listed them.
fn assemble(organization: crate::org::Organization, tree: Tree) -> OrgSnapshot {
    let Tree {
        roots,
        mut ous,
        mut accounts,
    } = tree;
    let mut queue: VecDeque<String> = roots.iter().map(|r| r.id.clone()).collect();
    let mut listed = Vec::new();
    let mut placed_ous = Vec::new();
    let mut placed_accounts = Vec::new();
    let mut seen = HashSet::new();
    while let Some(parent) = queue.pop_front() {
        for ou in ous.remove(&parent).unwrap_or_default() {
            if seen.insert(ou.id.clone()) {
                queue.push_back(ou.id.clone());
                placed_ous.push(Placed {
                    parent: parent.clone(),
                    item: ou,
                });
            }
        }
        for account in accounts.remove(&parent).unwrap_or_default() {
            // An account moved during the crawl may be listed under both parents.
            if seen.insert(account.id.clone()) {
                placed_accounts.push(Placed {
                    parent: parent.clone(),
                    item: account,
                });
            }
        }
        listed.push(parent);
    }
    OrgSnapshot {
        version: SNAPSHOT_VERSION,
        read_at: crate::time::now_rfc3339(),
        organization,
        roots,
        ous: placed_ous,
        accounts: placed_accounts,
        scps: Vec::new(),
        listed,
    }
}

/// The fewest calls that read `s` when each page holds up to `page` items: DescribeOrganization,
/// the pages of ListRoots, and per parent the pages of its OUs and of its accounts (at least
/// one each, even when empty).
pub fn minimum_calls(s: &OrgSnapshot, page: usize) -> usize {
    let pages = |n: usize| n.div_ceil(page.max(1)).max(1);
    let mut ous: HashMap<&str, usize> = HashMap::new();
    let mut accounts: HashMap<&str, usize> = HashMap::new();
    for ou in &s.ous {
        *ous.entry(ou.parent.as_str()).or_default() += 1;
    }
    for a in &s.accounts {
        *accounts.entry(a.parent.as_str()).or_default() += 1;
    }
    let parents = s.roots.iter().map(|r| r.id.as_str());
    let parents = parents.chain(s.ous.iter().map(|o| o.item.id.as_str()));
    let per_parent: usize = parents
        .map(|p| {
            pages(ous.get(p).copied().unwrap_or(0)) + pages(accounts.get(p).copied().unwrap_or(0))
        })
        .sum();
    1 + pages(s.roots.len()) + per_parent
}

#[cfg(test)]
mod tests;
