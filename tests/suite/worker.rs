//! The app driven headless through the real worker and DemoBackend: the same loop as
//! the binary, minus the terminal. Checks the calls each step costs.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::support::Look;

use orgtui::app::{self, Cmd, Context, Fetch, Job, Model, Msg};
use orgtui::crawl::{crawl, minimum_calls};
use orgtui::demo::DemoBackend;
use orgtui::net::{Gate, Timeouts};
use orgtui::worker::{Options, Worker};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

struct Harness {
    model: Model,
    worker: Worker,
    replies: mpsc::UnboundedReceiver<Msg>,
}

impl Harness {
    fn new(backend: Arc<DemoBackend>) -> Harness {
        let (tx, replies) = mpsc::unbounded_channel();
        let worker = Worker::spawn(backend, tx, Options::default());
        let mut h = Harness {
            model: Model::new(Context::default()),
            worker,
            replies,
        };
        let cmds = app::init(&mut h.model);
        h.dispatch(cmds);
        h
    }

    fn dispatch(&mut self, cmds: Vec<Cmd>) {
        for cmd in cmds {
            if let Some(job) = cmd.into_job() {
                assert!(self.worker.send(job), "worker alive");
            }
        }
    }

    fn send(&mut self, msg: Msg) {
        let cmds = app::update(&mut self.model, msg);
        self.dispatch(cmds);
    }

    fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Feeds replies until nothing is pending.
    async fn settle(&mut self) {
        while !self.model.nothing_pending() {
            let msg = tokio::time::timeout(Duration::from_secs(5), self.replies.recv())
                .await
                .expect("a reply within 5 s")
                .expect("worker alive");
            self.send(msg);
        }
    }

    fn select(&mut self, name: &str) {
        self.key(KeyCode::Home);
        for _ in 0..self.model.row_count() {
            if self.model.selected_node().is_some_and(|n| n.name() == name) {
                return;
            }
            self.key(KeyCode::Down);
        }
        panic!("{name} not in the tree");
    }
}

/// The demo organization with Sandbox expanded and its first account selected.
async fn at_first_sandbox_account() -> (Arc<DemoBackend>, Harness) {
    let demo = Arc::new(DemoBackend::from_asset().expect("demo asset"));
    let mut h = Harness::new(demo.clone());
    h.settle().await;
    h.select("Sandbox");
    h.key(KeyCode::Right);
    h.settle().await;
    h.key(KeyCode::Down);
    (demo, h)
}

fn diff(
    after: &BTreeMap<&'static str, usize>,
    before: &BTreeMap<&'static str, usize>,
) -> BTreeMap<&'static str, usize> {
    after
        .iter()
        .filter_map(|(k, v)| {
            let d = v - before.get(k).copied().unwrap_or(0);
            (d > 0).then_some((*k, d))
        })
        .collect()
}

#[tokio::test]
async fn start_and_expand_cost_one_call_per_page() {
    // Three items per page, so paging happens with the demo's small OUs.
    let demo = Arc::new(
        DemoBackend::from_asset()
            .expect("demo asset")
            .with_page_size(3),
    );
    let mut h = Harness::new(demo.clone());
    h.settle().await;
    // Start: the organization, the roots, and the root's 5 OUs (2 pages) and 1 account.
    assert_eq!(
        demo.calls(),
        BTreeMap::from([
            ("describe_organization", 1),
            ("list_accounts_for_parent", 1),
            ("list_organizational_units_for_parent", 2),
            ("list_roots", 1),
        ])
    );
    let before = demo.calls();
    h.select("Sandbox");
    h.key(KeyCode::Right);
    h.settle().await;
    // Sandbox: no OUs (1 page) and 7 accounts (3 pages). Nothing else.
    assert_eq!(
        diff(&demo.calls(), &before),
        BTreeMap::from([
            ("list_accounts_for_parent", 3),
            ("list_organizational_units_for_parent", 1)
        ])
    );
    let sandbox = h.model.selected_node().expect("selection");
    assert_eq!(sandbox.children.len(), 7);
    // Collapsing and expanding again costs nothing.
    let before = demo.calls();
    h.key(KeyCode::Left);
    h.key(KeyCode::Right);
    h.settle().await;
    assert_eq!(diff(&demo.calls(), &before), BTreeMap::new());
}

#[tokio::test]
async fn details_of_a_settled_account_cost_describe_tags_delegations_and_policies_once() {
    let (demo, mut h) = at_first_sandbox_account().await;
    let before = demo.calls();
    h.send(Msg::Idle);
    h.settle().await;
    // DescribeAccount + tags, the services it is delegated administrator of (a member
    // account), and the policies of account, Sandbox and root for the two enabled types
    // (SCP, tag policy).
    assert_eq!(
        diff(&demo.calls(), &before),
        BTreeMap::from([
            ("describe_account", 1),
            ("list_delegated_services_for_account", 1),
            ("list_policies_for_target", 6),
            ("list_tags_for_resource", 1)
        ])
    );
    let before = demo.calls();
    h.key(KeyCode::Down);
    h.key(KeyCode::Up);
    h.send(Msg::Idle);
    h.settle().await;
    assert_eq!(diff(&demo.calls(), &before), BTreeMap::new(), "cached");
}

#[tokio::test]
async fn a_move_runs_through_the_worker_and_is_re_read() {
    let (demo, mut h) = at_first_sandbox_account().await;
    let account = h.model.selected_node().expect("account").id.clone();
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('m'),
        KeyModifiers::NONE,
    )));
    h.settle().await;
    for c in "security".chars() {
        h.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    h.key(KeyCode::Enter);
    h.settle().await;
    // The main loop says when the confirmation has been drawn; only then does `y` count.
    h.send(Msg::Drawn);
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('y'),
        KeyModifiers::NONE,
    )));
    h.settle().await;
    let node = h.model.selected_node().expect("selection");
    assert_eq!(node.id, account, "the selection follows the account");
    assert_eq!(
        h.model.selected_path().expect("sel").split(" / ").nth(1),
        Some("Security")
    );
    use orgtui::org::{collect_all, OrgBackend};
    let parents = collect_all(|t| demo.list_parents(&account, t))
        .await
        .expect("parents");
    let security = h
        .model
        .node(
            h.model
                .node(h.model.selected_ix().expect("sel"))
                .parent
                .expect("parent"),
        )
        .id
        .clone();
    assert_eq!(parents[0].id, security);
}

#[tokio::test]
async fn reading_the_whole_organization_costs_one_call_per_page_and_nothing_else() {
    let demo = Arc::new(
        DemoBackend::from_asset()
            .expect("demo asset")
            .with_page_size(3),
    );
    let mut h = Harness::new(demo.clone());
    h.settle().await;
    // The minimum for every parent, read from the demo organization itself.
    let asset: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/demo-org.json")).expect("asset");
    let root = asset["root"]["id"].as_str().expect("root id").to_string();
    let mut parents = vec![root];
    let ous = asset["organizational_units"].as_array().expect("ous");
    parents.extend(
        ous.iter()
            .filter_map(|o| o["id"].as_str())
            .map(str::to_string),
    );
    let accounts = asset["accounts"].as_array().expect("accounts");
    let pages = |n: usize| n.div_ceil(3).max(1);
    let (mut ou_pages, mut account_pages) = (0, 0);
    for p in &parents {
        ou_pages += pages(ous.iter().filter(|o| o["parent"] == p.as_str()).count());
        account_pages += pages(
            accounts
                .iter()
                .filter(|a| a["parent"] == p.as_str())
                .count(),
        );
    }
    // `*` on the root reads and expands everything.
    h.key(KeyCode::Home);
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('*'),
        KeyModifiers::NONE,
    )));
    h.settle().await;
    let calls = demo.calls();
    assert_eq!(
        calls.get("list_organizational_units_for_parent"),
        Some(&ou_pages)
    );
    assert_eq!(calls.get("list_accounts_for_parent"), Some(&account_pages));
    assert_eq!(calls.get("describe_account"), None, "{calls:?}");
    assert_eq!(calls.get("list_parents"), None, "{calls:?}");
    // Every account is in the tree, every parent expanded, and the status says so.
    let in_tree = h
        .model
        .known_nodes()
        .iter()
        .filter(|n| n.account().is_some())
        .count();
    assert_eq!(in_tree, accounts.len());
    assert!(h
        .model
        .known_nodes()
        .iter()
        .filter(|n| n.is_parent())
        .all(|n| n.expanded));
    assert!(
        h.model
            .info()
            .is_some_and(|s| s.starts_with("Read all of Root")),
        "{:?}",
        h.model.status_shown()
    );
}

/// Each account's or OU's parent in the model's tree, by id.
fn placed_in(m: &Model, account: bool) -> BTreeMap<String, String> {
    let nodes = m.known_nodes();
    nodes
        .iter()
        .filter(|n| n.account().is_some() == account && n.parent.is_some())
        .filter_map(|n| Some((n.id.clone(), nodes[n.parent?].id.clone())))
        .collect()
}

#[tokio::test]
async fn star_reads_the_rest_in_one_subtree_read_at_the_minimum_calls() {
    let demo = || {
        DemoBackend::from_asset()
            .expect("demo asset")
            .with_page_size(3)
    };
    let backend = Arc::new(demo());
    let mut h = Harness::new(backend.clone());
    h.settle().await;
    h.key(KeyCode::Home);
    let star = Msg::Key(KeyEvent::new(KeyCode::Char('*'), KeyModifiers::NONE));
    let cmds = app::update(&mut h.model, star);
    let fetches: Vec<Fetch> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Work(Job::Fetch { fetch, .. }) => Some(fetch.clone()),
            _ => None,
        })
        .collect();
    assert!(
        matches!(fetches.as_slice(), [Fetch::Subtree { .. }]),
        "{fetches:?}"
    );
    h.dispatch(cmds);
    h.settle().await;
    // With the start (the organization, its roots, the root's listings): the crawl's
    // minimum, which `orgtui export` makes too.
    let gate = Gate::new(Timeouts::default());
    let s = crawl(&gate, &demo(), |_| {}).await.expect("crawl");
    let calls: usize = backend.calls().values().sum();
    assert_eq!(calls, minimum_calls(&s, 3), "{:?}", backend.calls());
    let accounts = s
        .accounts
        .iter()
        .map(|a| (a.item.id.clone(), a.parent.clone()));
    assert_eq!(placed_in(&h.model, true), accounts.collect());
    let ous = s.ous.iter().map(|o| (o.item.id.clone(), o.parent.clone()));
    assert_eq!(placed_in(&h.model, false), ous.collect());
}

#[tokio::test]
async fn a_generated_organization_of_two_thousand_accounts_is_read_whole() {
    let demo = Arc::new(DemoBackend::generated(2000).expect("generated"));
    let mut h = Harness::new(demo.clone());
    h.settle().await;
    h.key(KeyCode::Home);
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('*'),
        KeyModifiers::NONE,
    )));
    h.settle().await;
    let accounts = h
        .model
        .known_nodes()
        .iter()
        .filter(|n| n.account().is_some())
        .count();
    let ous = h
        .model
        .known_nodes()
        .iter()
        .filter(|n| n.is_parent())
        .count()
        - 1;
    assert_eq!((accounts, ous), (2000, 400));
    // Three levels below the root, and no call per account.
    let deepest = (0..h.model.known_nodes().len())
        .map(|ix| h.model.path(ix).len())
        .max();
    assert_eq!(deepest, Some(5), "root, three OU levels, accounts");
    assert_eq!(demo.calls().get("describe_account"), None);
}

#[tokio::test]
async fn tags_edited_with_keys_go_through_the_worker_and_are_re_read() {
    let (demo, mut h) = at_first_sandbox_account().await;
    let account = h.model.selected_node().expect("account").id.clone();
    h.send(Msg::Idle);
    h.settle().await;
    let ch = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    let ctrl = |c: char| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    h.send(ch('T'));
    h.send(ctrl('n'));
    for c in "reviewed".chars() {
        h.send(ch(c));
    }
    h.key(KeyCode::Tab);
    for c in "yes".chars() {
        h.send(ch(c));
    }
    h.send(ctrl('s'));
    h.send(Msg::Drawn);
    let before = demo.calls();
    h.send(ch('y'));
    h.settle().await;
    // One TagResource, then one re-read of the tags.
    assert_eq!(
        diff(&demo.calls(), &before),
        BTreeMap::from([("list_tags_for_resource", 1), ("tag_resource", 1)])
    );
    use orgtui::org::{collect_all, OrgBackend};
    let tags = collect_all(|t| demo.list_tags_for_resource(&account, t))
        .await
        .expect("tags");
    assert!(tags.iter().any(|t| t.key == "reviewed" && t.value == "yes"));
    assert_eq!(h.model.cached_tags(&account), Some(&tags));
}
