//! The crawl against DemoBackend: what it reads agrees with a direct read, and it makes
//! exactly the minimum calls, at any page size.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::*;
use crate::demo::DemoBackend;
use crate::net::Timeouts;
use crate::org::*;

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

/// The demo behind listings that may start with an empty page carrying a token (AWS may
/// send those) and may fail for one parent; every page of a parent's listing is logged
/// when it is asked for and when it is answered.
struct Quirky {
    demo: DemoBackend,
    fail_for: Option<String>,
    empty_first: bool,
    log: std::sync::Mutex<Vec<Event>>,
}

/// A page of a parent's listing asked for or answered (`last`: it named no next page).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Asked {
        parent: String,
        ous: bool,
    },
    Answered {
        parent: String,
        ous: bool,
        last: bool,
    },
}

const EMPTY: &str = "empty-first-page";

impl Quirky {
    fn new(demo: DemoBackend) -> Quirky {
        Quirky {
            demo,
            fail_for: None,
            empty_first: true,
            log: Default::default(),
        }
    }

    fn log(&self, e: Event) {
        self.log.lock().expect("the log").push(e);
    }

    fn events(&self) -> Vec<Event> {
        self.log.lock().expect("the log").clone()
    }

    /// `None` to start with the empty page, or the token to pass on to the demo.
    fn check(&self, parent: &str, token: &Token) -> OrgResult<Option<Token>> {
        if self.fail_for.as_deref() == Some(parent) {
            return Err(crate::org::OrgError::new(
                "AccessDeniedException",
                "not this one",
            ));
        }
        Ok(match token.as_deref() {
            None if self.empty_first => None,
            Some(EMPTY) => Some(None),
            _ => Some(token.clone()),
        })
    }

    /// One page of a parent's listing, logged before and after.
    async fn logged<T>(
        &self,
        parent: &str,
        ous: bool,
        page: impl std::future::Future<Output = OrgResult<Page<T>>>,
    ) -> OrgResult<Page<T>> {
        let parent = parent.to_string();
        self.log(Event::Asked {
            parent: parent.clone(),
            ous,
        });
        let page = page.await?;
        let last = page.next_token.is_none();
        self.log(Event::Answered { parent, ous, last });
        Ok(page)
    }

    fn empty<T>() -> Page<T> {
        Page {
            items: Vec::new(),
            next_token: Some(EMPTY.into()),
        }
    }
}

#[async_trait::async_trait]
impl crate::org::PolicyAdmin for Quirky {
    async fn create_policy(&self, p: &crate::org::NewPolicy) -> OrgResult<PolicySummary> {
        self.demo.create_policy(p).await
    }
    async fn enable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        self.demo.enable_policy_type(root_id, kind).await
    }
    async fn update_policy(&self, id: &str, u: &crate::org::PolicyUpdate) -> OrgResult<Policy> {
        self.demo.update_policy(id, u).await
    }
    async fn delete_policy(&self, policy_id: &str) -> OrgResult<()> {
        self.demo.delete_policy(policy_id).await
    }
    async fn disable_policy_type(&self, root_id: &str, kind: &PolicyType) -> OrgResult<Root> {
        self.demo.disable_policy_type(root_id, kind).await
    }
    async fn describe_effective_policy(
        &self,
        kind: &PolicyType,
        target_id: &str,
    ) -> OrgResult<crate::org::EffectivePolicy> {
        self.demo.describe_effective_policy(kind, target_id).await
    }
    async fn list_accounts_with_invalid_effective_policy(
        &self,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        self.demo
            .list_accounts_with_invalid_effective_policy(kind, token)
            .await
    }
    async fn list_effective_policy_validation_errors(
        &self,
        account_id: &str,
        kind: &PolicyType,
        token: Token,
    ) -> OrgResult<crate::org::EffectivePolicyValidation> {
        self.demo
            .list_effective_policy_validation_errors(account_id, kind, token)
            .await
    }
}

/// `impl $trait for Quirky` forwarding each listed call to the demo unchanged.
macro_rules! forward_to_demo {
    ($trait:path { $(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)* }) => {
        #[async_trait::async_trait]
        impl $trait for Quirky {
            $(async fn $name(&self, $($arg: $ty),*) -> OrgResult<$ret> {
                self.demo.$name($($arg),*).await
            })*
        }
    };
}

forward_to_demo!(crate::org::Lifecycle {
    fn create_organization(feature_set: &str) -> Organization;
    fn delete_organization() -> ();
    fn leave_organization() -> ();
    fn create_account(account: &crate::org::NewAccount) -> CreateAccountStatus;
    fn create_gov_cloud_account(account: &crate::org::NewAccount) -> CreateAccountStatus;
    fn describe_create_account_status(request_id: &str) -> CreateAccountStatus;
    fn list_create_account_status(states: &[&str], token: Token) -> Page<CreateAccountStatus>;
    fn remove_account_from_organization(account_id: &str) -> ();
    fn close_account(account_id: &str) -> ();
    fn tag_resource(resource_id: &str, tags: &[Tag]) -> ();
    fn untag_resource(resource_id: &str, keys: &[String]) -> ();
    fn register_delegated_administrator(account_id: &str, service: &str) -> ();
    fn deregister_delegated_administrator(account_id: &str, service: &str) -> ();
    fn list_delegated_administrators(service: Option<&str>, token: Token)
        -> Page<DelegatedAdministrator>;
    fn list_delegated_services_for_account(account_id: &str, token: Token)
        -> Page<DelegatedService>;
    fn enable_aws_service_access(service: &str) -> ();
    fn disable_aws_service_access(service: &str) -> ();
    fn list_aws_service_access_for_organization(token: Token) -> Page<EnabledService>;
    fn put_resource_policy(content: &str, tags: &[Tag]) -> ResourcePolicy;
    fn describe_resource_policy() -> ResourcePolicy;
    fn delete_resource_policy() -> ();
});

forward_to_demo!(crate::org::Handshakes {
    fn invite_account_to_organization(target: &HandshakeParty, notes: Option<&str>) -> Handshake;
    fn list_handshakes_for_organization(filter: &HandshakeFilter, token: Token) -> Page<Handshake>;
    fn list_handshakes_for_account(filter: &HandshakeFilter, token: Token) -> Page<Handshake>;
    fn describe_handshake(id: &str) -> Handshake;
    fn accept_handshake(id: &str) -> Handshake;
    fn decline_handshake(id: &str) -> Handshake;
    fn cancel_handshake(id: &str) -> Handshake;
    fn enable_all_features() -> Handshake;
});

forward_to_demo!(crate::org::Transfers {
    fn invite_organization_to_transfer_responsibility(i: &crate::org::TransferInvitation)
        -> Handshake;
    fn describe_responsibility_transfer(id: &str) -> crate::org::ResponsibilityTransfer;
    fn list_inbound_responsibility_transfers(kind: &str, id: Option<&str>, token: Token)
        -> Page<crate::org::ResponsibilityTransfer>;
    fn list_outbound_responsibility_transfers(kind: &str, token: Token)
        -> Page<crate::org::ResponsibilityTransfer>;
    fn update_responsibility_transfer(id: &str, name: &str) -> crate::org::ResponsibilityTransfer;
    fn terminate_responsibility_transfer(id: &str, end: Option<&str>)
        -> crate::org::ResponsibilityTransfer;
});

#[async_trait::async_trait]
impl OrgBackend for Quirky {
    async fn describe_organization(&self) -> OrgResult<Organization> {
        self.demo.describe_organization().await
    }
    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>> {
        self.demo.list_roots(token).await
    }
    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>> {
        match self.check(parent_id, &token)? {
            None => Ok(Self::empty()),
            Some(t) => {
                let page = self.demo.list_organizational_units_for_parent(parent_id, t);
                self.logged(parent_id, true, page).await
            }
        }
    }
    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        match self.check(parent_id, &token)? {
            None => Ok(Self::empty()),
            Some(t) => {
                let page = self.demo.list_accounts_for_parent(parent_id, t);
                self.logged(parent_id, false, page).await
            }
        }
    }
    async fn list_children(&self, p: &str, c: ChildType, t: Token) -> OrgResult<Page<Child>> {
        self.demo.list_children(p, c, t).await
    }
    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>> {
        self.demo.list_parents(child_id, token).await
    }
    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit> {
        self.demo.describe_organizational_unit(ou_id).await
    }
    async fn describe_account(&self, account_id: &str) -> OrgResult<Account> {
        self.demo.describe_account(account_id).await
    }
    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>> {
        self.demo.list_accounts(token).await
    }
    async fn list_tags_for_resource(&self, id: &str, token: Token) -> OrgResult<Page<Tag>> {
        self.demo.list_tags_for_resource(id, token).await
    }
    async fn list_policies(&self, f: &PolicyType, t: Token) -> OrgResult<Page<PolicySummary>> {
        self.demo.list_policies(f, t).await
    }
    async fn list_policies_for_target(
        &self,
        id: &str,
        f: &PolicyType,
        t: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        self.demo.list_policies_for_target(id, f, t).await
    }
    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy> {
        self.demo.describe_policy(policy_id).await
    }
    async fn list_targets_for_policy(&self, id: &str, t: Token) -> OrgResult<Page<PolicyTarget>> {
        self.demo.list_targets_for_policy(id, t).await
    }
    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.demo.attach_policy(policy_id, target_id).await
    }
    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.demo.detach_policy(policy_id, target_id).await
    }
    async fn move_account(&self, account: &str, from: &str, to: &str) -> OrgResult<()> {
        self.demo.move_account(account, from, to).await
    }
    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.demo.create_organizational_unit(parent_id, name).await
    }
    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.demo.update_organizational_unit(ou_id, name).await
    }
    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()> {
        self.demo.delete_organizational_unit(ou_id).await
    }
}

#[tokio::test]
async fn empty_pages_with_a_token_are_followed() {
    let (want, _) = crawled(&demo(20)).await;
    let b = Quirky::new(demo(20));
    let gate = Gate::new(Timeouts::default());
    let reports = RefCell::new(Vec::new());
    let s = crawl(&gate, &b, |p| reports.borrow_mut().push(p))
        .await
        .expect("the crawl succeeds");
    // Each of the 11 parents' two listings took one extra, empty page.
    let calls = reports.borrow().last().map(|p| p.calls);
    assert_eq!(calls, Some(minimum_calls(&want, 20) + 22));
    assert_eq!((s.ous, s.accounts), (want.ous, want.accounts));
}

#[tokio::test]
async fn a_listing_that_fails_ends_the_crawl_with_its_error() {
    let b = Quirky {
        fail_for: Some("ou-7f3k-o8pry05y".into()),
        ..Quirky::new(demo(20))
    };
    let gate = Gate::new(Timeouts::default());
    let r = crawl(&gate, &b, |_| {}).await;
    assert_eq!(
        r.map(|_| ()).map_err(|e| e.code),
        Err("AccessDeniedException".to_string())
    );
}

/// The demo at one item per page, each call taking 10 ms of (paused) time, every page
/// logged; and the root's child OUs.
async fn crawled_slowly() -> (Vec<Event>, String, Vec<String>) {
    let b = Quirky {
        empty_first: false,
        ..Quirky::new(demo(1).with_latency(std::time::Duration::from_millis(10)))
    };
    let gate = Gate::new(Timeouts::default());
    crawl(&gate, &b, |_| {}).await.expect("the crawl succeeds");
    let root = b.demo.list_roots(None).await.expect("roots").items[0]
        .id
        .clone();
    let children = collect_all(|t| b.demo.list_organizational_units_for_parent(&root, t))
        .await
        .expect("the root's OUs");
    let children: Vec<String> = children.into_iter().map(|o| o.id).collect();
    (b.events(), root, children)
}

#[tokio::test(start_paused = true)]
async fn a_child_ous_listings_start_before_its_parents_last_page_arrives() {
    let (events, root, children) = crawled_slowly().await;
    assert!(
        children.len() >= 3,
        "the root's OUs span pages: {children:?}"
    );
    let root_done = events
        .iter()
        .position(|e| {
            *e == Event::Answered {
                parent: root.clone(),
                ous: true,
                last: true,
            }
        })
        .expect("the root's OU listing ends");
    // Both listings of the OU named on the root's first page, before its last page.
    for ous in [true, false] {
        let asked = Event::Asked {
            parent: children[0].clone(),
            ous,
        };
        let at = events.iter().position(|e| *e == asked);
        assert!(
            at.is_some_and(|at| at < root_done),
            "{asked:?} at {at:?}, the root's last OU page at {root_done}: {events:#?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn pages_of_different_parents_are_in_flight_together() {
    let (events, _, _) = crawled_slowly().await;
    // The parents with a page asked for and not yet answered, after each event.
    let mut open: BTreeMap<(String, bool), usize> = BTreeMap::new();
    let mut most = 0;
    for e in &events {
        match e {
            Event::Asked { parent, ous } => *open.entry((parent.clone(), *ous)).or_default() += 1,
            Event::Answered { parent, ous, .. } => {
                let key = (parent.clone(), *ous);
                let n = open.get_mut(&key).expect("answered after asked");
                *n -= 1;
                if *n == 0 {
                    open.remove(&key);
                }
            }
        }
        let parents: std::collections::BTreeSet<&String> = open.keys().map(|(p, _)| p).collect();
        most = most.max(parents.len());
    }
    assert!(open.is_empty(), "every page answered: {open:?}");
    // 11 parents; all of them at once is possible at a limit of 32.
    assert!(most >= 6, "at most {most} parents in flight at once");
}

/// `crawl_below` from `parents`: every parent it reported, in order.
async fn below(b: &DemoBackend, parents: &[&str]) -> OrgResult<Vec<ParentRead>> {
    let gate = Gate::new(Timeouts::default());
    let mut reads = Vec::new();
    let parents = parents.iter().map(|p| p.to_string()).collect();
    crawl_below(&gate, b, parents, |r| reads.push(r), |_| {}).await?;
    Ok(reads)
}

#[tokio::test]
async fn below_the_root_every_parent_is_reported_once_after_the_one_that_named_it() {
    for page in [1, 3, 20] {
        let (s, _) = crawled(&demo(page)).await;
        let b = demo(page);
        let root = s.roots[0].id.clone();
        let reads = below(&b, &[&root]).await.expect("the read succeeds");
        // Parents before their children: each reported parent was named by one before.
        let mut known = vec![root.clone()];
        for r in &reads {
            assert!(known.contains(&r.parent), "{} too early", r.parent);
            known.extend(r.ous.iter().map(|o| o.id.clone()));
        }
        assert_eq!(reads.len(), 1 + s.ous.len(), "each parent once");
        let ous: usize = reads.iter().map(|r| r.ous.len()).sum();
        let accounts: usize = reads.iter().map(|r| r.accounts.len()).sum();
        assert_eq!((ous, accounts), (s.ous.len(), s.accounts.len()));
        // The crawl's minimum without DescribeOrganization and ListRoots.
        let calls: usize = b.calls().values().sum();
        assert_eq!(calls, minimum_calls(&s, page) - 2, "page size {page}");
    }
}

#[tokio::test]
async fn below_an_ou_only_its_subtree_is_read() {
    let (s, _) = crawled(&demo(20)).await;
    // An OU with an OU under it.
    let top = s
        .ous
        .iter()
        .find(|o| s.ous.iter().any(|c| c.parent == o.item.id))
        .map(|o| o.item.id.clone())
        .expect("a nested OU in the demo");
    let reads = below(&demo(20), &[&top, &top]).await.expect("the read");
    assert_eq!(reads[0].parent, top, "asked twice, read once, first");
    let mut under = vec![top.clone()];
    let mut i = 0;
    while i < under.len() {
        let p = under[i].clone();
        under.extend(
            s.ous
                .iter()
                .filter(|o| o.parent == p)
                .map(|o| o.item.id.clone()),
        );
        i += 1;
    }
    let mut reported: Vec<String> = reads.iter().map(|r| r.parent.clone()).collect();
    reported.sort();
    under.sort();
    assert_eq!(reported, under);
}

#[tokio::test]
async fn a_failed_listing_ends_the_read_below_with_its_error() {
    let (s, _) = crawled(&demo(20)).await;
    let ou = s.ous[0].item.id.clone();
    let mut b = Quirky::new(demo(20));
    b.fail_for = Some(ou.clone());
    let gate = Gate::new(Timeouts::default());
    let root = vec![s.roots[0].id.clone()];
    let mut reported = Vec::new();
    let read = crawl_below(&gate, &b, root, |r| reported.push(r.parent), |_| {}).await;
    assert!(read.is_err());
    assert!(!reported.contains(&ou), "{reported:?}");
}

#[test]
fn a_parent_completed_before_the_one_that_named_it_waits_for_it() {
    let read = |p: &str| ParentRead {
        parent: p.into(),
        ous: Vec::new(),
        accounts: Vec::new(),
    };
    let mut r = Reports::default();
    r.named_by.insert("child".into(), "top".into());
    r.named_by.insert("grandchild".into(), "child".into());
    let mut out = Vec::new();
    r.complete(read("grandchild"), &mut |x| out.push(x.parent));
    r.complete(read("child"), &mut |x| out.push(x.parent));
    assert!(out.is_empty(), "{out:?}");
    r.complete(read("top"), &mut |x| out.push(x.parent));
    assert_eq!(out, ["top", "child", "grandchild"]);
}
