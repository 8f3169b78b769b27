//! `orgtui eval` end to end: the real binary against moto, one OU per case of the
//! evaluator's table (verdict, exit status, the deciding policy and statement named), the
//! JSON document, `--demo`, and bad input or AWS errors ending with exit status 2; and the
//! calls `gather` makes, counted through the fault proxy.

use crate::support;

use std::collections::HashMap;
use std::process::Output;
use std::sync::OnceLock;

use orgtui::net::{Gate, Timeouts};
use orgtui::org::{AwsBackend, NewPolicy, OrgBackend, PolicyAdmin, PolicyType};
use orgtui::policy::gather::gather;
use support::fault_proxy::FaultProxy;
use support::seed::{self, ok};
use support::Moto;

const FULL_ACCESS: &str = "p-FullAWSAccess";

/// The account of each case, by case name.
struct Org {
    accounts: HashMap<&'static str, String>,
    /// The OU "Middle" (whose policies only deny) and the account below its child OU.
    middle: String,
}

fn doc(statements: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

/// Each case: its name, then the SCP and RCP statements attached to its OU, and whether
/// FullAWSAccess stays attached to the OU.
const CASES: [(&str, &str, &str, bool); 7] = [
    (
        "deny-list",
        r#"{"Sid":"NoDynamo","Effect":"Deny","Action":"dynamodb:*","Resource":"*"}"#,
        "",
        true,
    ),
    (
        "allow-list",
        r#"{"Sid":"OnlyEc2","Effect":"Allow","Action":["ec2:*","cloudwatch:*"],"Resource":"*"}"#,
        "",
        false,
    ),
    (
        "not-action",
        r#"{"Sid":"DenyAllButIam","Effect":"Deny","NotAction":["iam:*","organizations:*"],"Resource":"*"}"#,
        "",
        true,
    ),
    (
        "wildcards",
        r#"{"Sid":"Start","Effect":"Deny","Action":"s3:*Object","Resource":"*"},{"Sid":"Middle","Effect":"Deny","Action":"iam:Create*Key","Resource":"*"},{"Sid":"End","Effect":"Deny","Action":"ec2:Run*","Resource":"*"}"#,
        "",
        true,
    ),
    (
        "not-resource",
        r#"{"Sid":"OutsideLogs","Effect":"Deny","Action":"s3:PutObject","NotResource":"arn:aws:s3:::logs-?/*"}"#,
        "",
        true,
    ),
    (
        "condition",
        r#"{"Sid":"DenyOutsideEU","Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}"#,
        "",
        true,
    ),
    (
        "rcp",
        "",
        r#"{"Sid":"DenyS3","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}"#,
        true,
    ),
];

/// Seeded once per test binary, in moto's default account (the one the binary sees).
fn org() -> &'static Org {
    static ORG: OnceLock<Org> = OnceLock::new();
    ORG.get_or_init(|| std::thread::spawn(seed_org).join().expect("seeding"))
}

async fn new_policy(b: &AwsBackend, kind: &PolicyType, name: &str, content: &str) -> String {
    let p = NewPolicy::new(name, "eval test", content, kind);
    ok("create_policy", b.create_policy(&p).await).id
}

fn seed_org() -> Org {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    rt.block_on(async {
        let b = AwsBackend::for_emulator(&own_moto().endpoint(), None);
        let (_, root) = seed::new_org(&b).await;
        let root = root.id;
        seed::enable_scps(&b, &root).await;
        ok("enable RCPs", b.enable_policy_type(&root, &PolicyType::ResourceControl).await);
        let mut accounts = HashMap::new();
        for (name, scp, rcp, keep_full) in CASES {
            let ou = seed::new_ou(&b, &root, name).await.id;
            for (kind, statements) in [(PolicyType::ServiceControl, scp), (PolicyType::ResourceControl, rcp)] {
                if !statements.is_empty() {
                    let id = new_policy(&b, &kind, &format!("{name}-policy"), &doc(statements)).await;
                    ok("attach", b.attach_policy(&id, &ou).await);
                }
            }
            if !keep_full {
                ok("detach", b.detach_policy(FULL_ACCESS, &ou).await);
            }
            accounts.insert(name, seed::new_account_in(&b, &root, &ou, &format!("{name}-acct")).await);
        }
        // An Allow missing at a middle level, and at the account itself.
        let deny_leave = doc(r#"{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}"#);
        let deny_leave = new_policy(&b, &PolicyType::ServiceControl, "DenyLeave", &deny_leave).await;
        let middle = seed::new_ou(&b, &root, "Middle").await.id;
        let inner = seed::new_ou(&b, &middle, "Inner").await.id;
        ok("attach", b.attach_policy(&deny_leave, &middle).await);
        ok("detach", b.detach_policy(FULL_ACCESS, &middle).await);
        accounts.insert("middle", seed::new_account_in(&b, &root, &inner, "middle-acct").await);
        let bare = seed::new_ou(&b, &root, "Bare").await.id;
        let acct = seed::new_account_in(&b, &root, &bare, "bare-acct").await;
        ok("attach", b.attach_policy(&deny_leave, &acct).await);
        ok("detach", b.detach_policy(FULL_ACCESS, &acct).await);
        accounts.insert("bare", acct);
        Org { accounts, middle }
    })
}

/// Runs `orgtui` with `args` in a clean environment with a home of its own.
fn orgtui(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("temp home");
    support::orgtui_in(home.path(), args)
}

/// `orgtui eval` for a case's account against moto: (exit status, stdout, stderr).
fn eval(case: &str, action: &str, extra: &[&str]) -> (i32, String, String) {
    let target = org().accounts[case].clone();
    let endpoint = own_moto().endpoint();
    let mut args = vec![
        "eval",
        "--endpoint-url",
        &endpoint,
        "--target",
        &target,
        "--action",
        action,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = orgtui(args);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Exit status `status`, the verdict first, and every word of `names` in the output.
fn expect((code, out, err): (i32, String, String), status: i32, verdict: &str, names: &[&str]) {
    assert_eq!(code, status, "stdout:\n{out}\nstderr:\n{err}");
    assert!(out.starts_with(verdict), "{out}");
    for n in names {
        assert!(out.contains(n), "{n:?} missing from:\n{out}");
    }
}

#[test]
fn a_deny_list_denies_what_it_lists() {
    expect(
        eval("deny-list", "dynamodb:PutItem", &[]),
        1,
        "DENIED",
        &["NoDynamo", "deny-list-policy", "decided at OU deny-list"],
    );
    expect(
        eval("deny-list", "s3:PutObject", &[]),
        0,
        "ALLOWED",
        &["FullAWSAccess"],
    );
}

#[test]
fn an_allow_list_allows_only_what_it_lists() {
    expect(
        eval("allow-list", "ec2:RunInstances", &[]),
        0,
        "ALLOWED",
        &["allowed by OnlyEc2 of SCP allow-list-policy"],
    );
    expect(
        eval("allow-list", "s3:PutObject", &[]),
        1,
        "DENIED",
        &["no Allow matched at allow-list"],
    );
}

#[test]
fn not_action_denies_everything_else() {
    expect(eval("not-action", "iam:CreateRole", &[]), 0, "ALLOWED", &[]);
    expect(
        eval("not-action", "s3:PutObject", &[]),
        1,
        "DENIED",
        &["DenyAllButIam"],
    );
}

#[test]
fn wildcards_match_at_the_start_middle_and_end() {
    expect(
        eval("wildcards", "s3:putobject", &[]),
        1,
        "DENIED",
        &["Start"],
    );
    expect(
        eval("wildcards", "iam:CreateAccessKey", &[]),
        1,
        "DENIED",
        &["Middle"],
    );
    expect(
        eval("wildcards", "ec2:RunInstances", &[]),
        1,
        "DENIED",
        &["End"],
    );
    expect(
        eval("wildcards", "ec2:StartInstances", &[]),
        0,
        "ALLOWED",
        &[],
    );
    expect(
        eval("wildcards", "ec2:*", &[]),
        1,
        "DENIED",
        &["every action matching ec2:*", "End"],
    );
}

#[test]
fn not_resource_exempts_the_arns_it_names() {
    expect(
        eval(
            "not-resource",
            "s3:PutObject",
            &["--resource", "arn:aws:s3:::logs-1/a"],
        ),
        0,
        "ALLOWED",
        &["arn:aws:s3:::logs-1/a"],
    );
    expect(
        eval(
            "not-resource",
            "s3:PutObject",
            &["--resource", "arn:aws:s3:::data/a"],
        ),
        1,
        "DENIED",
        &["OutsideLogs"],
    );
}

#[test]
fn a_condition_makes_it_depend() {
    expect(
        eval("condition", "ec2:RunInstances", &[]),
        3,
        "DEPENDS ON CONDITION",
        &["DenyOutsideEU", "aws:RequestedRegion"],
    );
    expect(eval("condition", "iam:CreateRole", &[]), 0, "ALLOWED", &[]);
    // Given the region, it is decided.
    let eu = ["--context", "aws:RequestedRegion=eu-west-1"];
    expect(
        eval("condition", "ec2:RunInstances", &eu),
        0,
        "ALLOWED",
        &[],
    );
    let us = ["--context", "aws:RequestedRegion=us-east-1"];
    expect(
        eval("condition", "ec2:RunInstances", &us),
        1,
        "DENIED",
        &["DenyOutsideEU"],
    );
    let bad = ["--context", "aws:RequestedRegion"];
    let (code, _, err) = eval("condition", "ec2:RunInstances", &bad);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is not KEY=VALUE"), "{err}");
}

#[test]
fn an_allow_missing_at_a_middle_level_or_at_the_account_denies() {
    expect(
        eval("middle", "s3:PutObject", &[]),
        1,
        "DENIED",
        &["no Allow matched at Middle", "OU Inner"],
    );
    expect(
        eval("bare", "s3:PutObject", &[]),
        1,
        "DENIED",
        &["no Allow matched at bare-acct"],
    );
}

#[test]
fn an_rcp_denies_its_services_only() {
    expect(
        eval("rcp", "s3:GetObject", &[]),
        1,
        "DENIED",
        &["DenyS3 of RCP rcp-policy"],
    );
    expect(eval("rcp", "ec2:RunInstances", &[]), 0, "ALLOWED", &[]);
}

#[test]
fn the_management_account_is_exempt() {
    org();
    let endpoint = own_moto().endpoint();
    let r = run(&[
        "eval",
        "--endpoint-url",
        &endpoint,
        "--target",
        "123456789012",
        "--action",
        "s3:PutObject",
    ]);
    expect(r, 0, "EXEMPT", &["management account"]);
}

#[test]
fn json_is_the_same_trace_as_a_document() {
    let (code, out, err) = eval("deny-list", "dynamodb:PutItem", &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["verdict"], "denied");
    let levels = v["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 3, "root, OU, account: {v}");
    assert_eq!(levels[1]["decision"]["result"], "denied");
    assert_eq!(levels[1]["decision"]["by"]["statement"], "NoDynamo");
    assert_eq!(
        levels[1]["decision"]["by"]["policy_name"],
        "deny-list-policy"
    );
    assert_eq!(levels[2]["kind"], "account");
}

#[test]
fn the_demo_organization_answers_each_verdict() {
    let demo = |target: &str, action: &str| {
        run(&["--demo", "eval", "--target", target, "--action", action])
    };
    expect(demo("111111111111", "s3:PutObject"), 0, "EXEMPT", &[]);
    expect(
        demo("953132154270", "s3:PutObject"),
        1,
        "DENIED",
        &["DenyAll of SCP DenyAllSuspended"],
    );
    expect(
        demo("415940178986", "s3:PutObject"),
        3,
        "DEPENDS ON CONDITION",
        &["DenyRootUser", "RegionLock"],
    );
    expect(
        demo("415940178986", "organizations:LeaveOrganization"),
        1,
        "DENIED",
        &["DenyLeaveOrganization"],
    );
}

#[test]
fn bad_input_and_aws_errors_exit_2_with_a_message() {
    let endpoint = own_moto().endpoint();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--target", "12345", "--action", "s3:PutObject"],
            "is not an account id",
        ),
        (
            &["--target", "123456789012", "--action", "s3PutObject"],
            "is not an action",
        ),
        (
            &[
                "--target",
                "123456789012",
                "--action",
                "s3:PutObject",
                "--resource",
                "bucket",
            ],
            "is not an ARN",
        ),
        (
            &["--target", "999999999999", "--action", "s3:PutObject"],
            "cannot read the policies of 999999999999",
        ),
        (&["--action", "s3:PutObject"], "--target"),
    ];
    org();
    for (args, message) in cases {
        let mut all = vec!["eval", "--endpoint-url", &endpoint];
        all.extend_from_slice(args);
        let (code, out, err) = run(&all);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gather_makes_the_minimum_calls() {
    let org = org();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 5);
    let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
    let gate = Gate::new(Timeouts::default());
    let target = &org.accounts["middle"];
    let input = gather(&gate, &b, target, &HashMap::new())
        .await
        .expect("gathered");
    let names: Vec<&str> = input.path.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Root", "Middle", "Inner", "middle-acct"]);
    assert!(input.scps_enabled && input.rcps_enabled && !input.management_account);
    assert_eq!(input.path[1].id, org.middle);
    let distinct: std::collections::BTreeSet<&str> = input
        .path
        .iter()
        .flat_map(|l| l.policies.iter().map(|p| p.id.as_str()))
        .collect();
    assert!(
        distinct.contains("p-FullAWSAccess") && distinct.len() >= 3,
        "{distinct:?}"
    );
    let c = proxy.counters();
    let expected = [
        ("DescribeOrganization", 1),
        ("ListRoots", 1),
        ("ListParents", 3),
        ("ListPoliciesForTarget", 4 * 2),
        ("DescribePolicy", distinct.len() as u32),
        ("DescribeOrganizationalUnit", 2),
        ("DescribeAccount", 1),
    ];
    for (op, n) in expected {
        assert_eq!(c.seen(op), n, "{op}: {:?}", c.seen);
    }
    assert_eq!(
        c.seen.values().sum::<u32>(),
        expected.iter().map(|e| e.1).sum::<u32>(),
        "{:?}",
        c.seen
    );

    // Names the caller knows are not asked for again.
    let known: HashMap<String, String> = input
        .path
        .iter()
        .map(|l| (l.id.clone(), l.name.clone()))
        .collect();
    let proxy = FaultProxy::start(&own_moto().endpoint(), 6);
    let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
    let again = gather(&gate, &b, target, &known).await.expect("gathered");
    assert_eq!(again, input);
    let c = proxy.counters();
    assert_eq!(
        c.seen("DescribeOrganizationalUnit") + c.seen("DescribeAccount"),
        0,
        "{:?}",
        c.seen
    );
}

/// These tests seed moto's default account, which the binary acts as: a server of their
/// own, so other tests on the shared one never see it.
fn own_moto() -> &'static Moto {
    static OWN: OnceLock<Moto> = OnceLock::new();
    OWN.get_or_init(Moto::start)
}

/// A misspelt action or condition key is still asked (IAM matches text), but orgtui says
/// what AWS does not know and the nearest name it does.
#[test]
fn a_misspelt_action_or_key_is_named_with_the_nearest_known_one() {
    let (_, out, err) = run(&[
        "--demo",
        "eval",
        "--all",
        "--action",
        "ec2:RunInstnces",
        "--context",
        "aws:RequestedRegon=eu-west-1",
    ]);
    assert!(
        err.contains("warning: unknown action ec2:RunInstnces — did you mean ec2:RunInstances?"),
        "{err}"
    );
    assert!(
        err.contains(
            "unknown condition key aws:RequestedRegon — did you mean aws:RequestedRegion?"
        ),
        "{err}"
    );
    assert!(out.contains("accounts under"), "{out}");
    let (_, _, err) = run(&[
        "--demo",
        "eval",
        "--all",
        "--action",
        "ec2:RunInstances",
        "--context",
        "aws:RequestedRegion=eu-west-1",
    ]);
    assert!(!err.contains("warning"), "{err}");
}
