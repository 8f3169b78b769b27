//! `orgtui export` end to end: the real binary against moto_server in every format,
//! compared with what the SDK reads directly (ListAccounts, and each account's parents
//! through ListParents up to the root); the crawl itself through the fault proxy, counting
//! the calls that reach moto; and failures that must end with a message and a non-zero exit.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use orgtui::crawl::{crawl, minimum_calls};
use orgtui::net::{Gate, Timeouts};
use orgtui::org::{collect_all, AwsBackend, OrgBackend, OrgSnapshot};
use support::fault_proxy::{Fault, FaultProxy, Rule};
use support::seed::{self, ok};
use support::Moto;

/// An account name that needs escaping in every format.
const NASTY: &str = "Team \"A\", <ops> & ünï 🚀";

/// What the SDK reads directly: every account's parent and the OU path of that parent.
struct Truth {
    /// Account id → (parent id, path of names from the root, e.g. "Root/Workloads/Prod").
    accounts: BTreeMap<String, (String, String)>,
    names: BTreeMap<String, String>,
}

/// The organization the binary sees (moto's default account), seeded once per test binary:
/// OUs on three levels and 23 accounts under Sandbox, so listing them takes two pages.
fn seeded() -> &'static Truth {
    static TRUTH: OnceLock<Truth> = OnceLock::new();
    // On a thread of its own: async tests call this from inside their runtime.
    TRUTH.get_or_init(|| std::thread::spawn(seed_and_read).join().expect("seeding"))
}

fn seed_and_read() -> Truth {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    rt.block_on(async {
        let b = AwsBackend::for_emulator(&own_moto().endpoint(), None);
        let (_, root) = seed::new_org(&b).await;
        let root = root.id;
        let workloads = seed::new_ou(&b, &root, "Workloads").await.id;
        let prod = seed::new_ou(&b, &workloads, "Prod").await.id;
        let web = seed::new_ou(&b, &prod, "Web").await.id;
        let sandbox = seed::new_ou(&b, &root, "Sandbox").await.id;
        let _empty = seed::new_ou(&b, &root, "Empty").await.id;
        seed::new_account_in(&b, &root, &prod, "prod-api").await;
        seed::new_account_in(&b, &root, &web, "web-1").await;
        seed::new_account_in(&b, &root, &workloads, NASTY).await;
        for i in 0..23 {
            seed::new_account_in(&b, &root, &sandbox, &format!("sandbox-{i:02}")).await;
        }
        read_directly(&b).await
    })
}

async fn read_directly(b: &AwsBackend) -> Truth {
    let all = ok("list_accounts", collect_all(|t| b.list_accounts(t)).await);
    let roots = ok("list_roots", collect_all(|t| b.list_roots(t)).await);
    let mut names: BTreeMap<String, String> = roots.into_iter().map(|r| (r.id, r.name)).collect();
    let mut accounts = BTreeMap::new();
    for a in all {
        let parent = only_parent(b, &a.id).await;
        // Up through ListParents to the root, naming each OU.
        let mut path = Vec::new();
        let mut at = parent.clone();
        while at.starts_with("ou-") {
            let name = match names.get(&at) {
                Some(n) => n.clone(),
                None => {
                    let ou = ok("describe_ou", b.describe_organizational_unit(&at).await);
                    names.insert(at.clone(), ou.name.clone());
                    ou.name
                }
            };
            path.push(name);
            at = only_parent(b, &at).await;
        }
        path.push(names[&at].clone());
        path.reverse();
        names.insert(a.id.clone(), a.name);
        accounts.insert(a.id, (parent, path.join("/")));
    }
    Truth { accounts, names }
}

async fn only_parent(b: &AwsBackend, child: &str) -> String {
    let parents = ok(
        "list_parents",
        collect_all(|t| b.list_parents(child, t)).await,
    );
    assert_eq!(parents.len(), 1, "{child}: {parents:?}");
    parents[0].id.clone()
}

use support::orgtui_in as orgtui;

/// `orgtui export --format <format> [extra]` against the seeded moto; its stdout.
fn export(format: &str, extra: &[&str]) -> String {
    seeded();
    let home = tempfile::tempdir().expect("temp home");
    let endpoint = own_moto().endpoint();
    let mut args = vec!["export", "--format", format, "--endpoint-url", &endpoint];
    args.extend_from_slice(extra);
    let out = orgtui(home.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{format} failed: {stderr}");
    assert_eq!(stderr, "", "stderr is not a terminal, so no progress");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn json_lists_every_account_with_its_parent_and_ou_path() {
    let truth = seeded();
    let v: serde_json::Value = serde_json::from_str(&export("json", &[])).expect("JSON");
    let mut got = BTreeMap::new();
    for a in v["accounts"].as_array().expect("accounts") {
        let s = |k: &str| a[k].as_str().unwrap_or_default().to_string();
        assert_eq!(Some(&s("name")), truth.names.get(&s("id")), "{a}");
        assert!(s("email").contains('@') && s("state") == "ACTIVE", "{a}");
        got.insert(s("id"), (s("parent_id"), s("ou_path")));
    }
    assert_eq!(got, truth.accounts);
    assert!(got.values().any(|(_, p)| p == "Root/Workloads/Prod/Web"));
    assert_eq!(v["organizational_units"].as_array().map(Vec::len), Some(5));
}

#[test]
fn csv_has_one_row_per_account_with_its_parent_and_ou_path() {
    let truth = seeded();
    let text = export("csv", &[]);
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0].join(","),
        "id,name,email,state,joined_method,joined_at,parent_id,ou_path"
    );
    let got: BTreeMap<String, (String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), (r[6].clone(), r[7].clone())))
        .collect();
    assert_eq!(rows.len() - 1, got.len(), "no account twice");
    assert_eq!(got, truth.accounts);
    assert!(rows.iter().any(|r| r[1] == NASTY), "quoted name read back");
}

#[test]
fn tree_nests_every_account_at_its_depth() {
    let truth = seeded();
    let text = export("tree", &[]);
    assert!(text.starts_with("Root (r-"), "{text}");
    for (id, (_, path)) in &truth.accounts {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.ends_with(&format!("({id})")))
            .collect();
        assert_eq!(lines.len(), 1, "{id} once in\n{text}");
        let depth = path.split('/').count();
        let prefix = lines[0].chars().take(4 * depth).collect::<String>();
        let name = lines[0].chars().skip(4 * depth).collect::<String>();
        assert!(
            prefix.ends_with("── "),
            "{id} at depth {depth}: {}",
            lines[0]
        );
        assert!(name.starts_with(&truth.names[id]), "{}", lines[0]);
    }
    assert!(text.ends_with(&format!("5 OUs, {} accounts\n", truth.accounts.len())));
}

#[test]
fn dot_and_mermaid_draw_an_edge_to_every_account_and_ou() {
    let truth = seeded();
    let dot = export("dot", &["--accounts"]);
    let mermaid = export("mermaid", &["--accounts"]);
    let mid = |id: &str| format!("n_{}", id.replace('-', "_"));
    for (id, (parent, _)) in &truth.accounts {
        assert!(
            dot.contains(&format!("\"{parent}\" -> \"{id}\";")),
            "{id}\n{dot}"
        );
        assert!(
            mermaid.contains(&format!("{} --> {}\n", mid(parent), mid(id))),
            "{id}"
        );
    }
    // 5 OUs and every account, one edge each.
    let edges = 5 + truth.accounts.len();
    assert_eq!(dot.matches(" -> ").count(), edges);
    assert_eq!(mermaid.matches(" --> ").count(), edges);
    assert!(dot.contains("Team \\\"A\\\", <ops> & ünï 🚀\\n"), "{dot}");
    assert!(mermaid.contains("Team #quot;A#quot;, #lt;ops#gt; #amp; ünï 🚀<br/>"));
    // Without --accounts, only the OUs and their counts.
    let plain = export("dot", &[]);
    assert_eq!(plain.matches(" -> ").count(), 5);
    assert!(plain.contains("\\n23 accounts\""), "{plain}");
}

#[test]
fn output_goes_to_a_file_when_asked() {
    seeded();
    let home = tempfile::tempdir().expect("temp home");
    let file = home.path().join("org.json");
    std::fs::write(&file, "old").expect("an old file");
    let endpoint = own_moto().endpoint();
    let path = file.display().to_string();
    let out = orgtui(
        home.path(),
        &[
            "export",
            "--endpoint-url",
            &endpoint,
            "--format",
            "json",
            "--output",
            &path,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_eq!(
        v["accounts"].as_array().map(Vec::len),
        Some(seeded().accounts.len())
    );
}

#[tokio::test]
async fn the_crawl_makes_the_minimum_calls_and_survives_throttling() {
    let truth = seeded();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 7);
    let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
    let gate = Gate::new(Timeouts::default());
    let s = crawl(&gate, &b, |_| {}).await.expect("crawl");
    assert_eq!(placed(&s), parents_only(truth));
    let calls: u32 = proxy.counters().seen.values().sum();
    assert_eq!(calls as usize, minimum_calls(&s, 20));
    // Sandbox's 23 accounts are two pages.
    assert_eq!(minimum_calls(&s, 20), 1 + 1 + 6 * 2 + 1);

    // A third of all calls throttled: retried, and nothing is missing.
    proxy.add_rule(Rule::probability(None, 0.33, Fault::Throttle));
    let before = proxy.counters();
    let again = crawl(&gate, &b, |_| {})
        .await
        .expect("crawl under throttling");
    let after = proxy.counters();
    assert_eq!(placed(&again), parents_only(truth));
    assert!(
        after.injected_total() > before.injected_total(),
        "throttled"
    );
    let forwarded = after.forwarded.values().sum::<u32>() - before.forwarded.values().sum::<u32>();
    assert_eq!(forwarded as usize, minimum_calls(&again, 20));
}

#[tokio::test]
async fn a_crawl_survives_stalled_calls() {
    let truth = seeded();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 11);
    // Two stalls: the first page of an OU listing and of an account listing, never answered.
    let stall = Fault::Stall(Duration::from_secs(3));
    proxy.add_rule(Rule::next("ListOrganizationalUnitsForParent", 1, stall));
    proxy.add_rule(Rule::next("ListAccountsForParent", 1, stall));
    let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
    let gate = Gate::new(Timeouts {
        attempt: Duration::from_millis(500),
        operation: Duration::from_secs(5),
    });
    let s = crawl(&gate, &b, |_| {})
        .await
        .expect("crawl despite stalls");
    assert_eq!(placed(&s), parents_only(truth));
    let c = proxy.counters();
    assert_eq!(c.injected_total(), 2);
    let forwarded: u32 = c.forwarded.values().sum();
    assert_eq!(
        forwarded as usize,
        minimum_calls(&s, 20),
        "each stalled page asked again"
    );
}

#[tokio::test]
async fn a_delay_on_every_call_slows_the_crawl_by_its_chain_of_dependent_calls() {
    let truth = seeded();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 3);
    let delay = Duration::from_millis(100);
    proxy.add_rule(Rule::probability(None, 1.0, Fault::Delay(delay)));
    let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
    let gate = Gate::new(Timeouts::default());
    let started = std::time::Instant::now();
    let s = crawl(&gate, &b, |_| {}).await.expect("crawl");
    // ListRoots, then the OUs of the root, Workloads and Prod, then Web's listings.
    assert!(started.elapsed() >= delay * 5, "{:?}", started.elapsed());
    assert_eq!(placed(&s), parents_only(truth));
    let c = proxy.counters();
    assert_eq!(c.injected_total() as usize, minimum_calls(&s, 20));
    assert_eq!(c.forwarded.values().sum::<u32>(), c.injected_total());
}

fn placed(s: &OrgSnapshot) -> BTreeMap<String, String> {
    s.accounts
        .iter()
        .map(|a| (a.item.id.clone(), a.parent.clone()))
        .collect()
}

fn parents_only(t: &Truth) -> BTreeMap<String, String> {
    t.accounts
        .iter()
        .map(|(id, (parent, _))| (id.clone(), parent.clone()))
        .collect()
}

/// `orgtui export --format csv --endpoint-url <endpoint> [extra]`, which must fail with
/// exit status 1 and print nothing on stdout; its stderr.
fn failed_export(home: &Path, endpoint: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "--format", "csv", "--endpoint-url", endpoint];
    args.extend_from_slice(extra);
    let out = orgtui(home, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("cannot read the organization"), "{stderr}");
    stderr
}

#[test]
fn an_endpoint_that_refuses_connections_fails_with_a_message() {
    let home = tempfile::tempdir().expect("temp home");
    let stderr = failed_export(home.path(), "http://127.0.0.1:1", &[]);
    assert!(stderr.contains("Could not reach"), "{stderr}");
}

/// A plain web server, not Organizations: every request is answered with `status` and an
/// HTML page (as Python's http.server answers a POST). Its endpoint.
fn web_server(status: &'static str) -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let stop = std::sync::atomic::AtomicBool::new(false);
            let mut pending = Vec::new();
            let _ = support::http::read_message(&mut stream, &mut pending, &stop, false);
            let body = format!(
                "<!DOCTYPE HTML><html><head><title>Error response</title></head>\
                 <body><h1>Error response</h1><p>Error code: {status}</p></body></html>"
            );
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    endpoint
}

#[test]
fn an_endpoint_that_is_not_organizations_says_to_check_the_endpoint() {
    for status in ["501 Unsupported method ('POST')", "404 Not Found"] {
        let home = tempfile::tempdir().expect("temp home");
        let stderr = failed_export(home.path(), &web_server(status), &[]);
        assert!(
            stderr.contains("does not look like AWS Organizations")
                && stderr.contains("--endpoint-url"),
            "{status}: {stderr}"
        );
    }
}

/// The TUI's screen for an organization that could not be read, when the endpoint is a
/// plain web server: the error as the AWS backend reads it, then drawn at 80×24.
#[test]
fn an_endpoint_that_is_not_organizations_says_to_check_the_endpoint_in_the_tui_too() {
    use orgtui::app::{self, Fetch, Msg};
    let backend = AwsBackend::for_emulator(&web_server("501 Unsupported method ('POST')"), None);
    let error = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(backend.describe_organization())
        .expect_err("a web server is no organization");
    assert_eq!(error.kind, orgtui::org::ErrorKind::NotOrganizations);
    let mut m = app::Model::new(Default::default());
    m.size = (80, 24);
    let cmds = app::init(&mut m);
    let req = crate::fixtures::one(&cmds, |f| *f == Fetch::Organization);
    app::update(
        &mut m,
        Msg::Reply {
            req,
            result: Err(error),
        },
    );
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    let screen = terminal.backend().to_string();
    // Its words, the box's borders dropped: what wraps reads whole.
    let text = screen
        .lines()
        .map(|l| l.trim_matches('"').replace(['┃', '│', '║'], " "))
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Cannot read the organization"), "{screen}");
    assert!(text.contains("HTTP 501"), "{screen}");
    assert!(
        text.contains("does not look like AWS Organizations"),
        "{screen}"
    );
    assert!(text.contains("--endpoint-url"), "{screen}");
    assert!(!text.contains("Unexpected error"), "{screen}");
}

#[test]
fn an_account_outside_any_organization_fails_with_a_message() {
    // A server of its own: on the shared one the default account has an organization.
    let moto = Moto::start();
    let home = tempfile::tempdir().expect("temp home");
    let file = home.path().join("org.csv");
    let path = file.display().to_string();
    let stderr = failed_export(home.path(), &moto.endpoint(), &["-o", &path]);
    assert!(
        stderr.contains("not a member of an organization"),
        "{stderr}"
    );
    assert!(!file.exists(), "nothing written on failure");
}

#[test]
fn the_demo_organization_exports_without_aws() {
    let home = tempfile::tempdir().expect("temp home");
    let out = orgtui(home.path(), &["export", "--demo", "--format", "tree"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.ends_with("10 OUs, 40 accounts\n"), "{text}");
    // The read also keeps the snapshot cache warm for the next start of the TUI...
    // (one file per source and caller: the demo's management account here)
    let cached: Vec<_> = std::fs::read_dir(home.path().join(".cache/orgtui"))
        .expect("the cache directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let [cache] = cached.as_slice() else {
        panic!("one snapshot: {cached:?}")
    };
    let name = cache.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(name.starts_with("demo_organization_arn_aws_"), "{name}");
    let snap = orgtui::store::snapshot::read(cache)
        .expect("readable")
        .expect("written");
    assert_eq!((snap.ous.len(), snap.accounts.len()), (10, 40));
    // ...unless it is turned off.
    std::fs::remove_file(cache).expect("remove");
    let out = orgtui(
        home.path(),
        &["export", "--demo", "--no-cache", "--format", "tree"],
    );
    assert!(out.status.success());
    assert!(!cache.exists());
}

/// The one snapshot file in `home`'s cache directory, read back.
fn the_cached_snapshot(home: &Path) -> OrgSnapshot {
    let cached: Vec<_> = std::fs::read_dir(home.join(".cache/orgtui"))
        .expect("the cache directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let [cache] = cached.as_slice() else {
        panic!("one snapshot: {cached:?}")
    };
    orgtui::store::snapshot::read(cache)
        .expect("readable")
        .expect("written")
}

#[test]
fn an_export_with_scps_refreshes_the_snapshot_cache_too() {
    // The SCPs are strings beside their target: a flattened string could not be written,
    // so the cache was silently left as it was.
    let home = tempfile::tempdir().expect("temp home");
    let out = orgtui(
        home.path(),
        &["export", "--demo", "--scps", "--format", "tree"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snap = the_cached_snapshot(home.path());
    assert_eq!((snap.ous.len(), snap.accounts.len()), (10, 40));
    let on_root: Vec<&str> = snap
        .scps
        .iter()
        .filter(|s| s.target == "r-7f3k")
        .map(|s| s.policy.as_str())
        .collect();
    assert_eq!(
        on_root,
        ["DenyLeaveOrganization", "DenyRootUser", "FullAWSAccess"]
    );
}

/// RFC 4180 rows (CRLF line ends, quoted fields with doubled quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF"),
            (false, '\n') => panic!("a bare LF ends a row"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last row ends with CRLF"
    );
    rows
}

#[test]
fn drawings_can_name_the_scps_attached_to_each_root_and_ou() {
    let home = tempfile::tempdir().expect("temp home");
    let run = |extra: &[&str]| {
        let mut args = vec!["export", "--demo", "--no-cache", "--format", "dot"];
        args.extend_from_slice(extra);
        let out = orgtui(home.path(), &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let plain = run(&[]);
    assert!(!plain.contains("SCP:"), "{plain}");
    let with = run(&["--scps"]);
    // The demo root carries DenyLeaveOrganization, DenyRootUser and FullAWSAccess.
    let root_line = with
        .lines()
        .find(|l| l.contains("r-7f3k") && l.contains("label="))
        .expect("the root's box");
    assert!(
        root_line.contains("SCP: DenyLeaveOrganization, DenyRootUser, FullAWSAccess"),
        "{root_line}"
    );
    let mermaid = orgtui(
        home.path(),
        &[
            "export",
            "--demo",
            "--no-cache",
            "--format",
            "mermaid",
            "--scps",
        ],
    );
    assert!(String::from_utf8_lossy(&mermaid.stdout).contains("SCP: DenyLeaveOrganization"));
}

/// These tests seed moto's default account, which the binary acts as: a server of their
/// own, so other tests on the shared one never see it.
fn own_moto() -> &'static Moto {
    static OWN: OnceLock<Moto> = OnceLock::new();
    OWN.get_or_init(Moto::start)
}

/// The app's own whole-organization read (`*` on the root) through the real worker: one
/// subtree read, the streaming crawl, so with the start (DescribeOrganization, ListRoots,
/// the root's listings) exactly the calls `orgtui export` makes, and the tree ends with
/// every OU and account under its parent.
#[tokio::test]
async fn the_ui_reads_the_whole_organization_at_the_minimum_calls() {
    use crate::support::{harness::Harness, Look};
    use ratatui::crossterm::event::KeyCode;
    let truth = seeded();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 11);
    let b = std::sync::Arc::new(AwsBackend::for_emulator(&proxy.endpoint(), None));
    let limit = Duration::from_secs(60);
    let mut h = Harness::new(b.clone(), Default::default());
    h.settle(limit).await;
    h.key(KeyCode::Home);
    h.ch('*');
    h.settle(limit).await;
    let calls: u32 = proxy.counters().seen.values().sum();
    let gate = Gate::new(Timeouts::default());
    let s = crawl(&gate, b.as_ref(), |_| {}).await.expect("crawl");
    assert_eq!(
        calls as usize,
        minimum_calls(&s, 20),
        "{:?}",
        proxy.counters()
    );
    let m = &h.model;
    let nodes = m.known_nodes();
    let parent_id = |n: &orgtui::app::Node| n.parent.map(|p| nodes[p].id.clone());
    let in_tree: BTreeMap<String, String> = nodes
        .iter()
        .filter(|n| n.account().is_some())
        .filter_map(|n| Some((n.id.clone(), parent_id(n)?)))
        .collect();
    assert_eq!(in_tree, parents_only(truth));
    let ous: BTreeMap<String, String> = nodes
        .iter()
        .filter(|n| matches!(n.data, orgtui::app::NodeData::Ou(_)))
        .filter_map(|n| Some((n.id.clone(), parent_id(n)?)))
        .collect();
    let want: BTreeMap<String, String> = s
        .ous
        .iter()
        .map(|o| (o.item.id.clone(), o.parent.clone()))
        .collect();
    assert_eq!((ous.len(), ous), (5, want));
    assert!(
        m.info().is_some_and(|i| i.starts_with("Read all of Root")),
        "{:?}",
        m.info()
    );
}
