//! `orgtui eval --all` against moto: every account under the root or an OU with its
//! verdict and deciding policy, grouped by verdict, as text, JSON and CSV; the calls made,
//! counted through the fault proxy, are the fewest possible. A generated organization of
//! `ACCOUNTS` accounts; `scripts/eval-all-moto.sh` runs the same with 1,000 (ignored test
//! below) and reports the time.

use crate::support;

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Instant;

use orgtui::org::{AwsBackend, NewPolicy, OrgBackend, PolicyAdmin, PolicyType};
use support::fault_proxy::FaultProxy;
use support::seed::{self, ok};
use support::Moto;

/// The OUs, how many accounts each holds, and the SCP statement attached to it.
const OUS: [(&str, usize, &str); 3] = [
    ("Open", 4, ""),
    (
        "Locked",
        3,
        r#"{"Sid":"NoEc2","Effect":"Deny","Action":"ec2:*","Resource":"arn:aws:ec2:*"}"#,
    ),
    (
        "Regional",
        3,
        r#"{"Sid":"EuOnly","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#,
    ),
];

struct Org {
    moto: Moto,
    /// Account id → OU name ("Root" for the management account).
    placed: BTreeMap<String, &'static str>,
    /// OU name → id.
    ous: BTreeMap<&'static str, String>,
}

/// An organization of `scale` × (4 + 3 + 3) accounts in three OUs (one nested below
/// Locked holds a third of Locked's), and the management account, on a moto of its own.
fn seed_org(scale: usize) -> Org {
    let moto = Moto::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let (placed, ous) = rt.block_on(async {
        let b = AwsBackend::for_emulator(&moto.endpoint(), None);
        let (org, root) = seed::new_org(&b).await;
        let root = root.id;
        seed::enable_scps(&b, &root).await;
        ok(
            "enable RCPs",
            b.enable_policy_type(&root, &PolicyType::ResourceControl)
                .await,
        );
        let mut placed = BTreeMap::new();
        placed.insert(org.master_account_id.clone(), "Root");
        let mut ous = BTreeMap::new();
        for (name, per, statement) in OUS {
            let ou = seed::new_ou(&b, &root, name).await.id;
            if !statement.is_empty() {
                let content = format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#);
                let p = NewPolicy::new(
                    &format!("{name}-scp"),
                    "eval --all",
                    &content,
                    &PolicyType::ServiceControl,
                );
                let id = ok("create_policy", b.create_policy(&p).await).id;
                ok("attach", b.attach_policy(&id, &ou).await);
            }
            // Locked has an OU below it, which inherits its Deny.
            let inner = if name == "Locked" {
                Some(seed::new_ou(&b, &ou, "LockedInner").await.id)
            } else {
                None
            };
            for i in 0..per * scale {
                let parent = match &inner {
                    Some(inner) if i % 3 == 0 => inner,
                    _ => &ou,
                };
                let id = seed::new_account_in(&b, &root, parent, &format!("{name}-{i:04}")).await;
                placed.insert(id, name);
            }
            ous.insert(name, ou);
        }
        (placed, ous)
    });
    Org { moto, placed, ous }
}

fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| std::thread::spawn(|| seed_org(10)).join().expect("seeding"))
}

fn run(endpoint: &str, extra: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("temp home");
    let mut args = vec![
        "eval",
        "--endpoint-url",
        endpoint,
        "--all",
        "--action",
        "ec2:RunInstances",
    ];
    args.extend_from_slice(extra);
    let out = support::orgtui_in(home.path(), &args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Account id → verdict, from the JSON document.
fn verdicts(json: &str) -> BTreeMap<String, String> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let mut out = BTreeMap::new();
    for (verdict, list) in doc["verdicts"].as_object().expect("verdicts") {
        for a in list.as_array().expect("a list") {
            out.insert(
                a["account_id"].as_str().expect("id").to_string(),
                verdict.clone(),
            );
        }
    }
    out
}

/// What AWS answers for ec2:RunInstances in each OU, with the region given or not.
fn expected(o: &Org, region_given: bool) -> BTreeMap<String, String> {
    o.placed
        .iter()
        .map(|(id, ou)| {
            let v = match (*ou, region_given) {
                ("Root", _) => "exempt",
                ("Locked", _) => "denied",
                ("Regional", false) => "depends_on_condition",
                _ => "allowed",
            };
            (id.clone(), v.to_string())
        })
        .collect()
}

#[test]
fn every_account_under_the_root_with_the_fewest_calls() {
    let o = org();
    let proxy = FaultProxy::start(&o.moto.endpoint(), 17);
    let (code, out, err) = run(&proxy.endpoint(), &["--format", "json"]);
    assert_eq!(code, 1, "denied somewhere: the worst verdict\n{err}");
    assert_eq!(verdicts(&out), expected(o, false));
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["accounts"], o.placed.len());
    let c = proxy.counters();
    let seen: u32 = c.seen.values().sum();
    assert_eq!(doc["calls"]["made"], seen, "{:?}", c.seen);
    // The fewest calls at AWS's page size (20); moto lists a policy's targets in one page.
    let minimum = doc["calls"]["minimum"].as_u64().unwrap_or_default();
    assert!(
        u64::from(seen) <= minimum,
        "{seen} > {minimum}: {:?}",
        c.seen
    );
    // The whole organization is read per policy (ListPolicies per enabled type, then the
    // targets of each, 20 to a page) instead of a call per target and type; each distinct
    // policy read once (FullAWSAccess, RCPFullAWSAccess, the two SCPs).
    let targets = 1 + 4 + o.placed.len() as u32;
    assert_eq!(c.seen("ListPoliciesForTarget"), 0, "{:?}", c.seen);
    assert_eq!(c.seen("ListPolicies"), 2, "{:?}", c.seen);
    assert_eq!(c.seen("DescribePolicy"), 4, "{:?}", c.seen);
    assert_eq!(c.seen("ListTargetsForPolicy"), 4, "{:?}", c.seen);
    assert!(seen < 2 * targets / 4, "{seen} calls: {:?}", c.seen);
    assert_eq!(
        c.seen("ListParents") + c.seen("DescribeAccount"),
        0,
        "{:?}",
        c.seen
    );
    assert!(
        err.contains(&format!("{} accounts", o.placed.len())),
        "{err}"
    );
}

#[test]
fn the_context_decides_and_an_ou_limits_the_accounts() {
    let o = org();
    let endpoint = o.moto.endpoint();
    let eu = [
        "--context",
        "aws:RequestedRegion=eu-west-1",
        "--format",
        "json",
    ];
    let (code, out, err) = run(&endpoint, &eu);
    assert_eq!(code, 1, "{err}");
    assert_eq!(verdicts(&out), expected(o, true));
    // Under Locked only: its accounts and those of the OU below it, read per target (the
    // root, Locked, LockedInner, each account; two enabled types).
    let locked = o.ous["Locked"].clone();
    let proxy = FaultProxy::start(&endpoint, 19);
    let (code, out, err) = run(&proxy.endpoint(), &["--target", &locked]);
    assert_eq!(code, 1, "{err}");
    let n = o.placed.values().filter(|ou| **ou == "Locked").count();
    let c = proxy.counters();
    let per_target = 2 * (3 + n as u32);
    assert_eq!(c.seen("ListPoliciesForTarget"), per_target, "{:?}", c.seen);
    assert_eq!(c.seen("ListTargetsForPolicy"), 0, "{:?}", c.seen);
    assert!(
        out.contains(&format!("for the {n} accounts under {locked}")),
        "{out}"
    );
    assert!(out.contains(&format!("DENIED ({n} accounts)")), "{out}");
    assert!(out.contains("NoEc2 of SCP Locked-scp"), "{out}");
    assert!(!out.contains("ALLOWED"), "{out}");
    // Text groups denied first, then depends, allowed, exempt.
    let (_, out, _) = run(&endpoint, &[]);
    let at = |w: &str| out.find(w).unwrap_or_else(|| panic!("{w} in {out}"));
    assert!(
        at("DENIED (") < at("DEPENDS ON CONDITION (")
            && at("DEPENDS ON CONDITION (") < at("ALLOWED (")
    );
    assert!(at("ALLOWED (") < at("EXEMPT"));
    // CSV: a header and one row per account.
    let (_, out, _) = run(&endpoint, &["--output", "csv"]);
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(
        rows[0],
        "account_id,name,verdict,decided_at,deciding,reason"
    );
    assert_eq!(rows.len(), 1 + o.placed.len());
    // An account is not a place with accounts under it.
    let account = o.placed.keys().next().cloned().unwrap_or_default();
    let (code, _, err) = run(&endpoint, &["--target", &account]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a root id"), "{err}");
}

#[test]
fn the_demo_answers_for_every_account() {
    let home = tempfile::tempdir().expect("temp home");
    let out = support::orgtui_in(
        home.path(),
        &[
            "--demo",
            "--demo-size",
            "1000",
            "eval",
            "--all",
            "--action",
            "s3:PutObject",
            "--format",
            "csv",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().count(),
        1 + 1000,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

/// `scripts/eval-all-moto.sh`: 1,000 accounts, seeded and asked; prints the times.
#[test]
#[ignore = "slow: seeds 1,000 accounts in moto; run by scripts/eval-all-moto.sh"]
fn a_thousand_accounts_in_moto() {
    let started = Instant::now();
    let o = seed_org(100);
    let seeded = started.elapsed();
    let proxy = FaultProxy::start(&o.moto.endpoint(), 23);
    let started = Instant::now();
    let (code, out, err) = run(&proxy.endpoint(), &["--format", "json"]);
    let asked = started.elapsed();
    assert_eq!(code, 1, "{err}");
    assert_eq!(verdicts(&out), expected(&o, false));
    println!(
        "{} accounts: seeded in {:.1} s; orgtui eval --all in {:.1} s ({}) with calls {:?}",
        o.placed.len(),
        seeded.as_secs_f64(),
        asked.as_secs_f64(),
        err.trim(),
        proxy.counters().seen
    );
}

/// Accounts that share an OU and their own policies are answered once for all of them;
/// every line is the one evaluating each account on its own gives (wildcards, conditions,
/// a deny of the account's own, a policy naming the account, the management account).
#[test]
fn accounts_answered_together_get_the_answer_each_gets_alone() {
    use crate::policy_eval::{doc, full, path, scp};
    use orgtui::policy::all::{evaluate_accounts, verdict_of};
    use orgtui::policy::{evaluate, Context, Query};
    let lock = scp(
        "Lock",
        &doc(
            r#"{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#,
        ),
    );
    let own = scp(
        "NoS3",
        &doc(r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#),
    );
    let named = scp(
        "NotThisOne",
        &doc(
            r#"{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"100000000003"}}}"#,
        ),
    );
    let mut accounts = Vec::new();
    for n in 0..8 {
        let mine = match n {
            2 => vec![full(), own.clone()],
            3 | 4 => vec![full(), named.clone()],
            _ => vec![full()],
        };
        let prod = if n < 5 {
            vec![full(), lock.clone()]
        } else {
            vec![full()]
        };
        let mut input = path(vec![full()], vec![full()], prod, mine);
        let id = format!("1000000000{n:02}");
        if let Some(last) = input.path.last_mut() {
            last.id = id.clone();
            last.name = format!("account-{n}");
        }
        input.management_account = n == 7;
        accounts.push((id, input));
    }
    let contexts = [
        Context::default(),
        Context::parse(["aws:RequestedRegion=us-east-1"]).expect("context"),
    ];
    for action in [
        "s3:PutObject",
        "ec2:RunInstances",
        "ec2:*",
        "iam:CreateUser",
    ] {
        for context in &contexts {
            let q = Query::new(action, None)
                .expect("query")
                .with_context(context.clone());
            let together = evaluate_accounts(&accounts, &q);
            let alone: Vec<_> = (accounts.iter())
                .map(|(id, input)| verdict_of(id, &evaluate(input, &q)))
                .collect();
            assert_eq!(together, alone, "{action} {context:?}");
        }
    }
}
