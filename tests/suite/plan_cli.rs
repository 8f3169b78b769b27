//! `orgtui plan show` and `orgtui apply` end to end against moto (each test on a server of
//! its own, since the binary sees moto's default account): a good plan applied ends with
//! exactly the planned organization and one audit attempt and outcome per step; mistakes
//! are refused with their line before anything is sent; 60 steps through throttling and
//! lost replies end as planned with nothing sent twice; a change by someone else after
//! the plan was pinned is refused; `kill -9` mid-apply, then the same command, resumes.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::plan_support::{
    audit_lines, command, counts, orgtui, phases, shape, text, FAILING_FIRST,
};
use crate::support::fault_proxy::{Fault, FaultProxy, Rule};
use crate::support::seed::{self, ok};
use crate::support::Moto;

use orgtui::changeset::{check, file, read::read, OrgModel};
use orgtui::net::{Gate, Timeouts};
use orgtui::org::{AwsBackend, NewPolicy, OrgBackend, PolicyAdmin, PolicyType};

const DENY_S3: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

struct Org {
    moto: Moto,
    root: String,
    legacy: String,
    /// The accounts in Legacy: acct-0, acct-1…
    accounts: Vec<String>,
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A fresh moto with SCPs enabled, an OU Legacy holding `n` accounts, and an SCP
/// RegionLock attached nowhere.
fn seeded(n: usize) -> Org {
    let moto = Moto::start();
    rt().block_on(async {
        let b = AwsBackend::for_emulator(&moto.endpoint(), None);
        let (_, root) = seed::new_org(&b).await;
        seed::enable_scps(&b, &root.id).await;
        let legacy = seed::new_ou(&b, &root.id, "Legacy").await.id;
        let mut accounts = Vec::new();
        for i in 0..n {
            accounts.push(seed::new_account_in(&b, &root.id, &legacy, &format!("acct-{i}")).await);
        }
        ok(
            "create_policy",
            b.create_policy(&NewPolicy::new(
                "RegionLock",
                "",
                DENY_S3,
                &PolicyType::ServiceControl,
            ))
            .await,
        );
        Org {
            root: root.id,
            legacy,
            accounts,
            moto,
        }
    })
}

fn gate() -> Gate {
    Gate::new(Timeouts::default())
}

/// The organization at `endpoint` as `plan` needs it.
fn model(endpoint: &str, plan: &file::PlanFile) -> OrgModel {
    let b = AwsBackend::for_emulator(endpoint, None);
    rt().block_on(read(&gate(), &b, plan)).unwrap().0
}

/// What `plan_text` should leave, checked against the organization now: (plan, shape).
fn planned(
    endpoint: &str,
    plan_text: &str,
) -> (file::PlanFile, std::collections::BTreeSet<String>) {
    let plan = file::parse(plan_text).unwrap();
    let before = model(endpoint, &plan);
    let c = check(&plan, &before, None);
    assert_eq!(c.problems, vec![], "the test's plan has problems");
    (plan, shape(&c.after))
}

fn write_plan(home: &Path, text: &str) -> String {
    let path = home.join("plan.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const GOOD: &str = r#"# orgtui plan v1
[[step]]
create-ou = "Root/Workloads"
[[step]]
create-ou = "Root/Workloads/Prod"
[[step]]
move = "acct-0"
to = "Root/Workloads/Prod"
[[step]]
move = "acct-1"
to = "Root/Workloads/Prod"
[[step]]
move = "acct-2"
to = "Root/Workloads/Prod"
[[step]]
attach = "RegionLock"
to = "Root/Workloads/Prod"
[[step]]
delete-ou = "Root/Legacy"
[[step]]
tag = "acct-0"
tags = { team = "payments" }
"#;

#[test]
fn a_good_plan_is_shown_then_applied_exactly_as_planned_with_one_attempt_and_outcome_per_step() {
    let org = seeded(3);
    let home = tempfile::tempdir().unwrap();
    let endpoint = org.moto.endpoint();
    let (plan, expected) = planned(&endpoint, GOOD);
    let file = write_plan(home.path(), GOOD);
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["plan", "show", &file, "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(
        out.contains(
            "  3. line 6    Move acct-0 from Root/Legacy to Root/Workloads/Prod  (after 2)"
        ),
        "{out}"
    );
    assert!(
        out.contains("      + RegionLock at Root/Workloads/Prod"),
        "{out}"
    );
    assert!(
        out.contains("No problems found; nothing was sent."),
        "{out}"
    );
    // Not confirmed: nothing is sent.
    let (status, _, err) = text(&orgtui(
        home.path(),
        &["apply", &file, "--endpoint-url", &endpoint],
        "no\n",
    ));
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("not applied"), "{err}");
    assert!(audit_lines(home.path()).is_empty());
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["apply", &file, "--endpoint-url", &endpoint],
        "apply\n",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(
        out.contains("8 done, 0 failed, 0 unknown, 0 skipped of 8 steps"),
        "{out}"
    );
    assert_eq!(shape(&model(&endpoint, &plan)), expected);
    let by_id = phases(&audit_lines(home.path()));
    assert_eq!(by_id.len(), 8, "{by_id:?}");
    assert!(
        by_id.values().all(|p| p == &["attempt", "outcome"]),
        "{by_id:?}"
    );
    // Read-only refuses before anything is read or sent.
    let (status, _, err) = text(&orgtui(
        home.path(),
        &[
            "--read-only",
            "apply",
            &file,
            "--yes",
            "--endpoint-url",
            &endpoint,
        ],
        "",
    ));
    assert_eq!(status, 1);
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn mistakes_are_refused_with_their_line_before_anything_is_sent() {
    let org = seeded(1);
    let home = tempfile::tempdir().unwrap();
    let endpoint = org.moto.endpoint();
    let malformed = "[[step]]\ncreate-ou = \"Root/Workloads\"\n\n[[step]]\nmove = \"11112222333\"\nto = \"Root/Workloads\"\n";
    let file = write_plan(home.path(), malformed);
    for args in [&["plan", "show", &file][..], &["apply", &file, "--yes"][..]] {
        let mut args = args.to_vec();
        args.extend(["--endpoint-url", &endpoint]);
        let (status, _, err) = text(&orgtui(home.path(), &args, ""));
        assert_eq!(status, 1, "{err}");
        assert!(
            err.contains("plan.toml: line 4: \"11112222333\" is not an account id (12 digits)"),
            "{err}"
        );
    }
    let unknown = "[[step]]\ncreate-ou = \"Root/Workloads\"\n[[step]]\nmove = \"acct-0\"\nto = \"Root/Workload\"\n";
    let file = write_plan(home.path(), unknown);
    let (status, out, _) = text(&orgtui(
        home.path(),
        &["plan", "show", &file, "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 1);
    assert!(
        out.contains("line 3: no OU at Root/Workload (did you mean Root/Workloads?)"),
        "{out}"
    );
    let (status, _, err) = text(&orgtui(
        home.path(),
        &["apply", &file, "--yes", "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 1);
    assert!(
        err.contains("line 3: no OU at Root/Workload") && err.contains("nothing was sent"),
        "{err}"
    );
    assert!(audit_lines(home.path()).is_empty());
    let b = AwsBackend::for_emulator(&endpoint, None);
    let ous = rt()
        .block_on(gate().all(|t| b.list_organizational_units_for_parent(&org.root, t)))
        .unwrap();
    assert_eq!(ous.len(), 1, "only Legacy: {ous:?}");
}

/// 6 OUs, 24 moves, 6 policies created and attached, FullAWSAccess detached from the OUs,
/// 6 tags and 6 renames: 60 steps.
fn sixty_steps() -> String {
    let mut t = String::from("# orgtui plan v1\n");
    for i in 0..6 {
        t += &format!("[[step]]\ncreate-ou = \"Root/T{i}\"\n");
    }
    for a in 0..24 {
        t += &format!("[[step]]\nmove = \"acct-{a}\"\nto = \"Root/T{}\"\n", a % 6);
    }
    for i in 0..6 {
        t += &format!(
            "[[step]]\ncreate-policy = \"P{i}\"\ntype = \"SCP\"\ndocument = '{DENY_S3}'\n"
        );
    }
    for i in 0..6 {
        t += &format!("[[step]]\nattach = \"P{i}\"\nto = \"Root/T{i}\"\n");
    }
    for i in 0..6 {
        t += &format!("[[step]]\ndetach = \"FullAWSAccess\"\nfrom = \"Root/T{i}\"\n");
    }
    for i in 0..6 {
        t += &format!("[[step]]\ntag = \"Root/T{i}\"\ntags = {{ n = \"{i}\" }}\n");
    }
    for i in 0..6 {
        t += &format!("[[step]]\nrename-ou = \"Root/T{i}\"\nname = \"U{i}\"\n");
    }
    t
}

const CHANGES: [&str; 7] = [
    "CreateOrganizationalUnit",
    "MoveAccount",
    "CreatePolicy",
    "AttachPolicy",
    "DetachPolicy",
    "TagResource",
    "UpdateOrganizationalUnit",
];

#[test]
fn sixty_steps_through_throttling_and_lost_replies_end_as_planned_with_nothing_sent_twice() {
    let org = seeded(24);
    let home = tempfile::tempdir().unwrap();
    let plan_text = sixty_steps();
    let (plan, expected) = planned(&org.moto.endpoint(), &plan_text);
    assert_eq!(plan.steps.len(), 60);
    assert!(expected.contains("Root/U5 tagged n=5"));
    let proxy = FaultProxy::start(&org.moto.endpoint(), 19);
    proxy.add_rule(Rule::probability(None, 0.1, Fault::Throttle));
    for op in CHANGES {
        proxy.add_rule(Rule::probability(Some(op), 0.15, Fault::CloseAfterForward));
    }
    let file = write_plan(home.path(), &plan_text);
    let endpoint = proxy.endpoint();
    let mut runs = 0;
    loop {
        runs += 1;
        let (status, out, err) = text(&orgtui(
            home.path(),
            &["apply", &file, "--yes", "--endpoint-url", &endpoint],
            "",
        ));
        if status == 0 {
            break;
        }
        // An outcome neither the answer nor a re-read settled: the same command goes on.
        assert!(
            runs < 3 && out.contains("Run the same command again"),
            "run {runs}: {out}\n{err}"
        );
    }
    let c = proxy.counters();
    assert!(
        c.injected("CreatePolicy", "close-after-forward")
            + c.injected("MoveAccount", "close-after-forward")
            > 0,
        "{c:?}"
    );
    assert!(c.injected_total() > 10, "{c:?}");
    proxy.clear_rules();
    // Read back with the tags of the renamed OUs.
    let renamed = file::parse(
        &(0..6)
            .map(|i| format!("[[step]]\ntag = \"Root/U{i}\"\ntags = {{}}\n"))
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(shape(&model(&org.moto.endpoint(), &renamed)), expected);
    // Each change reached moto once, lost replies included.
    for (op, n) in [
        ("CreateOrganizationalUnit", 6),
        ("MoveAccount", 24),
        ("CreatePolicy", 6),
        ("AttachPolicy", 6),
        ("DetachPolicy", 6),
        ("UpdateOrganizationalUnit", 6),
    ] {
        assert_eq!(c.forwarded(op), n, "{op}: {c:?}");
    }
}

#[test]
fn a_change_by_someone_else_after_the_plan_was_pinned_is_refused() {
    let org = seeded(2);
    let home = tempfile::tempdir().unwrap();
    let endpoint = org.moto.endpoint();
    let plan_text =
        "[[step]]\ncreate-ou = \"Root/Prod\"\n[[step]]\nmove = \"acct-0\"\nto = \"Root/Prod\"\n";
    let file = write_plan(home.path(), plan_text);
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["plan", "show", &file, "--pin", "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    let pinned = std::fs::read_to_string(&file).unwrap();
    assert!(
        pinned.starts_with(plan_text) && pinned.contains("[made-against]"),
        "{pinned}"
    );
    let b = AwsBackend::for_emulator(&endpoint, None);
    let other = rt().block_on(seed::new_ou(&b, &org.root, "Other")).id;
    ok(
        "move",
        rt().block_on(b.move_account(&org.accounts[0], &org.legacy, &other)),
    );
    let (status, _, err) = text(&orgtui(
        home.path(),
        &["apply", &file, "--yes", "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 1, "{err}");
    // The one wording of every apply (the UI's too) and of the review.
    assert!(
        err.contains(&format!(
            "changed since the plan was checked: node {}: was \"acct-0\" in Root/Legacy, now \"acct-0\" in Root/Other",
            org.accounts[0]
        )),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(audit_lines(home.path()).is_empty());
}

#[test]
fn kill_9_in_the_middle_of_an_apply_then_the_same_command_resumes_with_nothing_sent_twice() {
    let org = seeded(12);
    let home = tempfile::tempdir().unwrap();
    // Short deadlines: the resumed run waits them out before re-reading.
    let config = home.path().join(".config/orgtui");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "timeout_seconds = 2\noperation_timeout_seconds = 3\n",
    )
    .unwrap();
    let mut plan_text = String::from("[[step]]\ncreate-ou = \"Root/New\"\n");
    for a in 0..12 {
        plan_text += &format!("[[step]]\nmove = \"acct-{a}\"\nto = \"Root/New\"\n");
    }
    let (plan, expected) = planned(&org.moto.endpoint(), &plan_text);
    let proxy = FaultProxy::start(&org.moto.endpoint(), 9);
    proxy.add_rule(Rule::probability(
        Some("MoveAccount"),
        1.0,
        Fault::Delay(Duration::from_millis(700)),
    ));
    let file = write_plan(home.path(), &plan_text);
    let endpoint = proxy.endpoint();
    let mut child = command(
        home.path(),
        &["apply", &file, "--yes", "--endpoint-url", &endpoint],
    )
    .stdout(std::process::Stdio::null())
    .spawn()
    .unwrap();
    let journal_dir = home.path().join(".local/state/orgtui/plans");
    let started = Instant::now();
    loop {
        let attempts = std::fs::read_dir(&journal_dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| {
                std::fs::read_to_string(e.path())
                    .unwrap_or_default()
                    .matches("\"operation\":\"MoveAccount\"")
                    .count()
            })
            .sum::<usize>();
        if attempts >= 3 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no move was attempted"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let (_, out, _) = text(&orgtui(
        home.path(),
        &["plan", "show", &file, "--endpoint-url", &endpoint],
        "",
    ));
    assert!(
        out.contains("An apply of this plan was interrupted"),
        "{out}"
    );
    let sent_before = proxy.counters().seen("MoveAccount");
    assert!(
        sent_before < 12,
        "killed too late to test anything: {sent_before}"
    );
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["apply", &file, "--yes", "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(out.contains("Resuming the apply"), "{out}");
    assert!(
        out.contains("re-reading, then sending if not done"),
        "{out}"
    );
    assert_eq!(
        proxy.counters().forwarded("MoveAccount"),
        12,
        "a move was sent twice"
    );
    assert_eq!(proxy.counters().forwarded("CreateOrganizationalUnit"), 1);
    assert_eq!(shape(&model(&org.moto.endpoint(), &plan)), expected);
    // Finished: the same command now plans afresh (and finds every account already moved).
    let (status, out, _) = text(&orgtui(
        home.path(),
        &["apply", &file, "--yes", "--endpoint-url", &endpoint],
        "",
    ));
    assert_eq!(status, 1);
    assert!(!out.contains("Resuming"), "{out}");
    // And its inverse puts them back.
    let undo = home.path().join("undo.toml").display().to_string();
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["plan", "undo", &file, "-o", &undo],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    let (status, out, err) = text(&orgtui(
        home.path(),
        &[
            "apply",
            &undo,
            "--yes",
            "--endpoint-url",
            &org.moto.endpoint(),
        ],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    let back = model(&org.moto.endpoint(), &plan);
    assert!(
        back.nodes.values().all(|n| n.name != "New"),
        "the created OU is deleted"
    );
    for a in &org.accounts {
        assert_eq!(back.nodes[a].parent.as_deref(), Some(org.legacy.as_str()));
    }
}

#[test]
fn plan_show_and_apply_against_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let good = "[[step]]\ncreate-ou = \"Root/Workloads/Preprod\"\n[[step]]\nmove = \"api-dev\"\nto = \"Root/Workloads/Preprod\"\n[[step]]\nattach = \"RegionLock\"\nto = \"Root/Workloads/Preprod\"\n";
    let file = write_plan(home.path(), good);
    let (status, out, err) = text(&orgtui(home.path(), &["--demo", "plan", "show", &file], ""));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(
        out.contains("api-dev (156610478852): Root/Workloads/Dev -> Root/Workloads/Preprod"),
        "{out}"
    );
    let (status, out, err) = text(&orgtui(
        home.path(),
        &["--demo", "apply", &file, "--yes"],
        "",
    ));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(out.contains("3 done, 0 failed"), "{out}");
    assert_eq!(phases(&audit_lines(home.path())).len(), 3);
    let bad = "[[step]]\nmove = \"api-dev\"\nto = \"Root/Workloads/Prdo\"\n[[step]]\nattach = \"p-12\"\nto = \"Root\"\n";
    let file = write_plan(home.path(), bad);
    let (status, _, err) = text(&orgtui(home.path(), &["--demo", "plan", "show", &file], ""));
    assert_eq!(status, 1);
    assert!(
        err.contains("line 4: \"p-12\" is not a policy id (p-…)"),
        "{err}"
    );
}

#[test]
fn on_failure_stop_starts_no_more_steps_after_a_failure_and_continue_runs_the_independent_ones() {
    let run = |choice: &str| {
        // A home each: the journal of the first run is not resumed by the second.
        let home = tempfile::tempdir().unwrap();
        let file = write_plan(home.path(), FAILING_FIRST);
        text(&orgtui(
            home.path(),
            &["--demo", "apply", &file, "--yes", "--on-failure", choice],
            "",
        ))
    };
    let (status, out, err) = run("continue");
    assert_eq!(status, 1, "a step failed\n{out}\n{err}");
    assert!(
        out.contains("[1/11] FAILED (") && out.contains("aws:"),
        "{out}"
    );
    assert_eq!(counts(&out), Some((10, 1, 0, 0)), "{out}");
    let (status, out, err) = run("stop");
    assert_eq!(status, 1, "{out}\n{err}");
    let (done, failed, unknown, skipped) = counts(&out).unwrap_or_else(|| panic!("{out}"));
    assert_eq!((failed, unknown, done + skipped), (1, 0, 10), "{out}");
    assert!(skipped > 0, "steps after the failure were started: {out}");
    assert!(
        out.contains("skipped (the apply stopped after a failure)"),
        "{out}"
    );
}

/// Under the demo's conditional root deny, every watched action "depends" before and
/// after; detaching the region lock still shows, as what they depend on.
#[test]
fn plan_show_says_when_what_an_action_depends_on_changes() {
    let home = tempfile::tempdir().unwrap();
    let plan = "[[step]]\ndetach = \"RegionLock\"\nfrom = \"Root/Workloads\"\n";
    let file = write_plan(home.path(), plan);
    let (status, out, err) = text(&orgtui(home.path(), &["--demo", "plan", "show", &file], ""));
    assert_eq!(status, 0, "{out}\n{err}");
    assert!(
        out.contains(
            "ec2:RunInstances: depends on aws:PrincipalArn, aws:RequestedRegion -> depends on aws:PrincipalArn"
        ),
        "{out}"
    );
}
