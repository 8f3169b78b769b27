//! The crawl against DemoBackend: what it reads agrees with a direct read, and it makes
//! exactly the minimum calls, at any page size.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::*;
use crate::org::{collect_all, DemoBackend};
use crate::worker::Timeouts;

fn demo(page: usize) -> DemoBackend {
    DemoBackend::from_asset()
        .expect("the demo asset loads")
        .with_page_size(page)
}

async fn crawled(b: &DemoBackend) -> (OrgSnapshot, Vec<CrawlProgress>) {
    let gate = Gate::new(Timeouts::default());
    let reports = RefCell::new(Vec::new());
    let s = crawl(&gate, b, |p| reports.borrow_mut().push(p))
        .await
        .expect("the crawl succeeds");
    (s, reports.into_inner())
}

/// Every account's parent as ListAccounts and ListParents tell it, one call per account.
async fn parents_read_directly(b: &DemoBackend) -> BTreeMap<String, String> {
    let all = collect_all(|t| b.list_accounts(t)).await.expect("accounts");
    let mut out = BTreeMap::new();
    for a in all {
        let parents = collect_all(|t| b.list_parents(&a.id, t))
            .await
            .expect("parents");
        assert_eq!(parents.len(), 1, "{parents:?}");
        out.insert(a.id, parents[0].id.clone());
    }
    out
}

#[tokio::test]
async fn the_crawl_reads_every_account_under_its_parent() {
    let b = demo(20);
    let (s, _) = crawled(&b).await;
    let placed: BTreeMap<String, String> = s
        .accounts
        .iter()
        .map(|a| (a.item.id.clone(), a.parent.clone()))
        .collect();
    assert_eq!(placed.len(), s.accounts.len(), "no account twice");
    assert_eq!(placed, parents_read_directly(&b).await);
    assert_eq!(s.ous.len(), 10);
    // Parents come before their children, and every parent is complete.
    let mut known: Vec<&str> = s.roots.iter().map(|r| r.id.as_str()).collect();
    for ou in &s.ous {
        assert!(
            known.contains(&ou.parent.as_str()),
            "{} too early",
            ou.item.id
        );
        known.push(&ou.item.id);
    }
    assert_eq!(s.listed.len(), known.len());
    assert_eq!(s.version, SNAPSHOT_VERSION);
}

#[tokio::test]
async fn the_crawl_makes_exactly_the_minimum_calls_at_any_page_size() {
    for page in [1, 3, 7, 20] {
        let b = demo(page);
        let (s, reports) = crawled(&b).await;
        let calls = b.calls();
        let want = minimum_calls(&s, page);
        assert_eq!(
            calls.values().sum::<usize>(),
            want,
            "page size {page}: {calls:?}"
        );
        // Only the listings and the organization: nothing per account.
        let ops: Vec<&str> = calls.keys().copied().collect();
        assert_eq!(
            ops,
            [
                "describe_organization",
                "list_accounts_for_parent",
                "list_organizational_units_for_parent",
                "list_roots"
            ]
        );
        assert_eq!(calls["describe_organization"], 1);
        let last = reports.last().copied().unwrap_or_default();
        assert_eq!(last.calls, want);
        assert_eq!(last.accounts, 40);
        assert_eq!((last.parents_read, last.parents_found), (11, 11));
    }
}

#[tokio::test]
async fn progress_grows_until_everything_is_read() {
    let b = demo(5);
    let (_, reports) = crawled(&b).await;
    // Two listings per parent, one report each.
    assert_eq!(reports.len(), 22);
    for pair in reports.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(b.parents_read >= a.parents_read && b.accounts >= a.accounts);
        assert!(b.calls >= a.calls && b.parents_found >= a.parents_found);
    }
    assert!(reports.iter().all(|p| p.parents_read <= p.parents_found));
}

#[test]
fn the_minimum_counts_an_empty_listing_as_one_page() {
    let b = demo(20);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (mut s, _) = rt.block_on(crawled(&b));
    // 1 + 1 + 11 parents × 2 listings, none over 20 items.
    assert_eq!(minimum_calls(&s, 20), 24);
    s.ous.clear();
    s.accounts.clear();
    assert_eq!(minimum_calls(&s, 20), 4);
}
