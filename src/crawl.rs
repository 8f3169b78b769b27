//! Reading the whole organization at the minimum number of calls, without the UI: the
//! organization, its roots, then per parent (root or OU) its OUs and its accounts, every
//! page, all parents in parallel under the gate's adaptive limit. Names, emails and states
//! come with the listings, so no call is made per account.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::future::Future;

use futures::stream::{FuturesUnordered, StreamExt};

use crate::net::Gate;
use crate::org::{
    collect_all, Account, ErrorKind, OrgBackend, OrgResult, OrgSnapshot, OrgUnit, Page, Placed,
    Root, Token, SNAPSHOT_VERSION,
};

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

/// One listing of one parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Ous,
    Accounts,
}

enum Listed {
    Ous(Vec<OrgUnit>),
    Accounts(Vec<Account>),
}

/// Reads the whole organization. The first listing that fails (after the gate's retries)
/// ends the crawl with its error: a snapshot is complete or not made at all.
pub async fn crawl(
    gate: &Gate,
    b: &dyn OrgBackend,
    progress: impl Fn(CrawlProgress),
) -> OrgResult<OrgSnapshot> {
    let calls = AtomicUsize::new(0);
    let sent = || calls.fetch_add(1, Ordering::Relaxed);
    // Independent of each other, so neither waits for the other.
    let (organization, roots) = futures::try_join!(
        read(gate, || {
            sent();
            b.describe_organization()
        }),
        all(gate, |t| {
            sent();
            b.list_roots(t)
        }),
    )?;

    let mut found: HashSet<String> = roots.iter().map(|r| r.id.clone()).collect();
    let mut ous: HashMap<String, Vec<OrgUnit>> = HashMap::new();
    let mut accounts: HashMap<String, Vec<Account>> = HashMap::new();
    let mut report = CrawlProgress {
        parents_found: found.len(),
        ..CrawlProgress::default()
    };
    let list = |parent: String, what: Listing| {
        let sent = &sent;
        async move {
            let listed = match what {
                Listing::Ous => Listed::Ous(
                    all(gate, |t| {
                        sent();
                        b.list_organizational_units_for_parent(&parent, t)
                    })
                    .await?,
                ),
                Listing::Accounts => Listed::Accounts(
                    all(gate, |t| {
                        sent();
                        b.list_accounts_for_parent(&parent, t)
                    })
                    .await?,
                ),
            };
            OrgResult::Ok((parent, listed))
        }
    };
    let mut jobs = FuturesUnordered::new();
    for root in &roots {
        jobs.push(list(root.id.clone(), Listing::Ous));
        jobs.push(list(root.id.clone(), Listing::Accounts));
    }
    while let Some(done) = jobs.next().await {
        let (parent, listed) = done?;
        match listed {
            Listed::Ous(children) => {
                for ou in &children {
                    // An OU moved while the crawl runs could be listed twice; read it once.
                    if found.insert(ou.id.clone()) {
                        jobs.push(list(ou.id.clone(), Listing::Ous));
                        jobs.push(list(ou.id.clone(), Listing::Accounts));
                    }
                }
                ous.insert(parent.clone(), children);
            }
            Listed::Accounts(listed) => {
                report.accounts += listed.len();
                accounts.insert(parent.clone(), listed);
            }
        }
        if ous.contains_key(&parent) && accounts.contains_key(&parent) {
            report.parents_read += 1;
        }
        report.parents_found = found.len();
        report.calls = calls.load(Ordering::Relaxed);
        progress(report);
    }
    Ok(assemble(organization, roots, ous, accounts))
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

/// Every page of a listing; a page that timed out is asked for again, not the listing.
async fn all<T, F, Fut>(gate: &Gate, f: F) -> OrgResult<Vec<T>>
where
    F: Fn(Token) -> Fut,
    Fut: Future<Output = OrgResult<Page<T>>>,
{
    let f = &f;
    collect_all(|t: Token| read(gate, move || f(t.clone()))).await
}

/// The snapshot in a stable order whatever order the listings completed in: parents
/// before children (breadth first from the roots), each parent's items as AWS listed them.
fn assemble(
    organization: crate::org::Organization,
    roots: Vec<Root>,
    mut ous: HashMap<String, Vec<OrgUnit>>,
    mut accounts: HashMap<String, Vec<Account>>,
) -> OrgSnapshot {
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
