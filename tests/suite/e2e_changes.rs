//! End-to-end tests of changes: the real `orgtui` binary in a pseudo-terminal against a
//! moto_server of its own. Keys are typed into the pty, the screen is asserted, and then a
//! fresh API client checks that the organization really changed (or did not), and the
//! audit log is read back.

#[allow(dead_code)]
use crate::e2e_support;
use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures::StreamExt;
use orgtui::org::{
    collect_all, AwsBackend, Lifecycle, NewAccount, NewPolicy, OrgBackend, PolicyAdmin, PolicyType,
};

use e2e_support::{runtime, Seed, Tui, SCP_DENY_LEAVE};
use support::Moto;

const RIGHT: &str = "\x1b[C";
const ENTER: &str = "\r";
const SHIFT_TAB: &str = "\x1b[Z";

/// The binary with `--audit-log` in a directory of its own (kept alive by the caller).
struct Session {
    tui: Tui,
    audit: PathBuf,
    _dir: tempfile::TempDir,
}

fn start(endpoint: &str, extra: &[&str]) -> Session {
    let dir = tempfile::tempdir().expect("a temporary directory for the audit log");
    let audit = dir.path().join("audit.jsonl");
    let audit_arg = audit.display().to_string();
    let mut args = vec!["--endpoint-url", endpoint, "--audit-log", &audit_arg];
    args.extend_from_slice(extra);
    let tui = Tui::start_with(&args);
    Session {
        tui,
        audit,
        _dir: dir,
    }
}

/// The audit log's outcome lines as JSON (none when the file does not exist). Each must
/// follow an attempt line with the same id, operation and parameters.
fn audit_lines(path: &Path) -> Vec<serde_json::Value> {
    let all: Vec<serde_json::Value> = match std::fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("cannot read the audit log {}: {e}", path.display()),
    };
    let mut outcomes = Vec::new();
    for (i, l) in all.iter().enumerate() {
        if l["phase"] != "outcome" {
            assert_eq!(l["phase"], "attempt", "{l}");
            continue;
        }
        let attempt = all[..i]
            .iter()
            .find(|a| a["phase"] == "attempt" && a["id"] == l["id"]);
        let attempt = attempt.unwrap_or_else(|| panic!("no attempt line before {l}"));
        assert_eq!(attempt["operation"], l["operation"], "{l}");
        assert_eq!(attempt["parameters"], l["parameters"], "{l}");
        outcomes.push(l.clone());
    }
    outcomes
}

/// Waits (bounded) until the audit log holds at least `n` lines; they are written before
/// the UI hears of the outcome, but the check costs nothing.
fn audit_after(path: &Path, n: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines = audit_lines(path);
        if lines.len() >= n || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh client, as a third party would see the organization.
fn api(endpoint: &str) -> AwsBackend {
    AwsBackend::for_emulator(endpoint, None)
}

fn parents_of(b: &AwsBackend, child: &str) -> Vec<String> {
    runtime().block_on(async {
        collect_all(|t| b.list_parents(child, t))
            .await
            .unwrap_or_else(|e| panic!("list_parents {child}: {e}"))
            .into_iter()
            .map(|p| p.id)
            .collect()
    })
}

/// Ids of the accounts directly under `parent`, sorted.
fn accounts_in(b: &AwsBackend, parent: &str) -> Vec<String> {
    runtime().block_on(async {
        let mut ids: Vec<String> = collect_all(|t| b.list_accounts_for_parent(parent, t))
            .await
            .unwrap_or_else(|e| panic!("list_accounts_for_parent {parent}: {e}"))
            .into_iter()
            .map(|a| a.id)
            .collect();
        ids.sort();
        ids
    })
}

/// Names of the OUs directly under `parent`, sorted.
fn ous_in(b: &AwsBackend, parent: &str) -> Vec<String> {
    runtime().block_on(async {
        let mut names: Vec<String> =
            collect_all(|t| b.list_organizational_units_for_parent(parent, t))
                .await
                .unwrap_or_else(|e| panic!("list_organizational_units_for_parent {parent}: {e}"))
                .into_iter()
                .map(|o| o.name)
                .collect();
        names.sort();
        names
    })
}

/// Names of the SCPs attached directly to `target`, sorted.
fn scps_on(b: &AwsBackend, target: &str) -> Vec<String> {
    runtime().block_on(async {
        let mut names: Vec<String> =
            collect_all(|t| b.list_policies_for_target(target, &PolicyType::ServiceControl, t))
                .await
                .unwrap_or_else(|e| panic!("list_policies_for_target {target}: {e}"))
                .into_iter()
                .map(|p| p.name)
                .collect();
        names.sort();
        names
    })
}

/// Creates accounts `names` under the OU `parent` concurrently (ten at a time): each is
/// created, waited for (bounded) and moved from the root.
async fn accounts_concurrently(seed: &mut Seed, parent: &str, names: &[String]) {
    let backend = &seed.backend;
    let root = seed.root.clone();
    let parent_id = seed.id(parent).to_string();
    let made: Vec<(String, String)> = futures::stream::iter(names.iter().cloned())
        .map(|name| {
            let root = root.clone();
            let parent_id = parent_id.clone();
            async move {
                let email = format!("{name}@example.com");
                let mut status = backend
                    .create_account(&NewAccount::new(&email, &name))
                    .await
                    .unwrap_or_else(|e| panic!("create_account {name}: {e}"));
                for _ in 0..100 {
                    if status.state != "IN_PROGRESS" {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    status = backend
                        .describe_create_account_status(&status.id)
                        .await
                        .unwrap_or_else(|e| panic!("describe_create_account_status: {e}"));
                }
                assert_eq!(status.state, "SUCCEEDED", "creating {name}: {status:?}");
                let id = status
                    .account_id
                    .clone()
                    .expect("a created account has an id");
                backend
                    .move_account(&id, &root, &parent_id)
                    .await
                    .unwrap_or_else(|e| panic!("move_account {name}: {e}"));
                (name, id)
            }
        })
        .buffer_unordered(10)
        .collect()
        .await;
    seed.ids.extend(made);
}

/// Root → Sandbox, Workloads (SCPs enabled on the root).
async fn two_ous(endpoint: &str) -> Seed {
    let mut s = Seed::organization(endpoint).await;
    s.ou(None, "Workloads").await;
    s.ou(None, "Sandbox").await;
    s
}

/// Expands Workloads (the root's second OU) and selects `account` in it.
fn open_workloads_and_select(tui: &Tui, account: &str) {
    tui.wait_for("Workloads");
    tui.wait_for("Sandbox");
    tui.move_down_to("Workloads", 5);
    tui.send(RIGHT);
    tui.wait_for("▾ Workloads");
    tui.wait_for(account);
    tui.move_down_to(account, 10);
}

/// Types `query` into an open picker, waits until it has read the whole directory and
/// shows exactly one match, then chooses it.
fn pick_only_match(tui: &Tui, query: &str) {
    tui.send(query);
    tui.wait_for(&format!("filter {query}"));
    tui.wait_until("the picker to settle on exactly 1 match", |s| {
        let text = s.contents();
        // "1 match " only ever reads so for one: other counts say "matches".
        text.contains("1 match ") && !text.contains("reading the organization")
    });
    tui.send(ENTER);
}

fn successes(lines: &[serde_json::Value], operation: &str) -> Vec<serde_json::Value> {
    lines
        .iter()
        .filter(|l| l["operation"] == operation && l["outcome"] == "success")
        .cloned()
        .collect()
}

#[test]
fn move_account_with_keys() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        s.account(Some("Workloads"), "mover", "mover@example.com")
            .await;
        s.scp("WorkloadsGuard", SCP_DENY_LEAVE, Some("Workloads"))
            .await;
        s
    });
    let mover = seed.id("mover").to_string();
    let sandbox = seed.id("Sandbox").to_string();
    let workloads = seed.id("Workloads").to_string();
    let s = start(&endpoint, &[]);
    let tui = &s.tui;

    open_workloads_and_select(tui, "mover");
    tui.send("m");
    tui.wait_for("Move mover to…");
    pick_only_match(tui, "Sandb");
    tui.wait_for("Confirm");
    tui.wait_for(&format!("Move account mover ({mover})"));
    tui.wait_for("from  Root / Workloads");
    tui.wait_for("to    Root / Sandbox");
    // The SCP comparison along both paths: FullAWSAccess is on both, the guard only on
    // Workloads.
    tui.wait_for("- loses SCP WorkloadsGuard (attached to Workloads)");
    if tui.screen().contains("gains SCP") {
        tui.fail("the move gains no SCP");
    }
    tui.send("y");
    tui.wait_for("Moved mover to Root / Sandbox");
    // The selection follows the account into Sandbox.
    tui.wait_for("▾ Sandbox");
    tui.wait_selected(&format!("mover  {mover}"));
    tui.wait_for("OU path    Root / Sandbox");

    let b = api(&endpoint);
    assert_eq!(parents_of(&b, &mover), vec![sandbox.clone()]);
    assert!(accounts_in(&b, &workloads).is_empty());

    let lines = audit_after(&s.audit, 1);
    assert_eq!(lines.len(), 1, "one attempted change, one line: {lines:?}");
    let l = &lines[0];
    assert_eq!(l["operation"], "MoveAccount", "{l}");
    assert_eq!(l["outcome"], "success", "{l}");
    assert!(l["error_code"].is_null(), "{l}");
    assert_eq!(l["parameters"]["AccountId"], mover.as_str(), "{l}");
    assert_eq!(l["parameters"]["SourceParentId"], workloads.as_str(), "{l}");
    assert_eq!(
        l["parameters"]["DestinationParentId"],
        sandbox.as_str(),
        "{l}"
    );
}

/// The move's confirmation says what it does to the watched actions (issue 16, item 5):
/// into an OU whose SCP denies s3:PutObject, the account can no longer call it. `y` does
/// not wait for it, and the move happens.
#[test]
fn move_confirmation_says_what_the_move_does_to_the_watched_actions() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        s.account(Some("Workloads"), "mover", "mover@example.com")
            .await;
        let no_puts = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}"#;
        s.scp("NoPuts", no_puts, Some("Sandbox")).await;
        s
    });
    let mover = seed.id("mover").to_string();
    let sandbox = seed.id("Sandbox").to_string();
    let s = start(&endpoint, &[]);
    let tui = &s.tui;

    open_workloads_and_select(tui, "mover");
    tui.send("m");
    tui.wait_for("Move mover to…");
    pick_only_match(tui, "Sandb");
    tui.wait_for("Confirm");
    tui.wait_for("+ gains SCP NoPuts (attached to Sandbox)");
    tui.wait_for("After this, mover can no longer s3:PutObject");
    let screen = tui.screen();
    for other in ["ec2:RunInstances", "iam:CreateUser", "can now"] {
        if screen.contains(other) {
            tui.fail(&format!("only s3:PutObject changes, yet {other:?} shows"));
        }
    }
    tui.send("y");
    tui.wait_for("Moved mover to Root / Sandbox");
    let b = api(&endpoint);
    assert_eq!(parents_of(&b, &mover), vec![sandbox]);
}

#[test]
fn attach_then_detach_policy_with_keys() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let (seed, policy) = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        // Two accounts under Workloads: what the attach and detach do to them is said.
        s.account(Some("Workloads"), "w-one", "w-one@example.com")
            .await;
        s.account(Some("Workloads"), "w-two", "w-two@example.com")
            .await;
        let p = s
            .backend
            .create_policy(&NewPolicy::new(
                "DenyLeave",
                "not attached anywhere yet",
                SCP_DENY_LEAVE,
                &PolicyType::ServiceControl,
            ))
            .await
            .unwrap_or_else(|e| panic!("create_policy: {e}"));
        (s, p.id)
    });
    let workloads = seed.id("Workloads").to_string();
    let b = api(&endpoint);
    assert!(
        !scps_on(&b, &workloads).contains(&"DenyLeave".to_string()),
        "seeded attached"
    );
    let s = start(&endpoint, &[]);
    let tui = &s.tui;

    tui.wait_for("Workloads");
    tui.move_down_to("Workloads", 5);
    // The policy pane shows what is attached before anything changes.
    tui.wait_for("FullAWSAccess  attached here");
    tui.send("a");
    tui.wait_for("Attach a policy to Workloads");
    pick_only_match(tui, "deny");
    tui.wait_for("Confirm");
    tui.wait_for("Attach SCP DenyLeave");
    tui.wait_for(&format!("to OU Root / Workloads ({workloads})"));
    tui.wait_for("After this, 2 accounts can no longer organizations:LeaveOrganization");
    tui.send("y");
    // The status line names the policy and the target.
    tui.wait_for("Attached DenyLeave to Workloads");
    tui.wait_for("DenyLeave  attached here");
    assert!(
        scps_on(&b, &workloads).contains(&"DenyLeave".to_string()),
        "the API does not show DenyLeave attached to Workloads: {:?}",
        scps_on(&b, &workloads)
    );

    // Shift-Tab from the tree goes straight to the policy pane.
    tui.send(SHIFT_TAB);
    tui.wait_selected("attached here");
    tui.move_down_to("DenyLeave", 5);
    tui.send("d");
    tui.wait_for("Confirm");
    tui.wait_for("Detach SCP DenyLeave");
    tui.wait_for(&format!("from OU Root / Workloads ({workloads})"));
    tui.wait_for("After this, 2 accounts can now organizations:LeaveOrganization");
    tui.send("y");
    tui.wait_for("Detached DenyLeave from Workloads");
    tui.wait_until("DenyLeave to leave the policy pane", |s| {
        !s.contents().contains("DenyLeave  attached here")
    });
    let now = scps_on(&b, &workloads);
    assert!(
        !now.contains(&"DenyLeave".to_string()) && now.contains(&"FullAWSAccess".to_string()),
        "after detaching, Workloads has {now:?}"
    );

    let lines = audit_after(&s.audit, 2);
    let ops: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            (
                l["operation"].as_str().unwrap_or("?").to_string(),
                l["outcome"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        vec![
            ("AttachPolicy".to_string(), "success".to_string()),
            ("DetachPolicy".to_string(), "success".to_string()),
        ]
    );
    for l in &lines {
        assert_eq!(l["parameters"]["PolicyId"], policy.as_str(), "{l}");
        assert_eq!(l["parameters"]["TargetId"], workloads.as_str(), "{l}");
    }
}

/// `bulk-01`, `bulk-02`, … (they sort by name as numbered).
fn bulk_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("bulk-{i:02}")).collect()
}

/// Seeds Root → Sandbox, Workloads with `n` accounts in Workloads; marks the first
/// `marked` of them with Space (one write), moves them to Sandbox and confirms. Returns
/// the session, the seed and when `y` was pressed.
fn bulk_move(moto: &Moto, n: usize, marked: usize) -> (Session, Seed, Instant) {
    let endpoint = moto.endpoint();
    let names = bulk_names(n);
    let seed = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        accounts_concurrently(&mut s, "Workloads", &names).await;
        s
    });
    let s = start(&endpoint, &[]);
    let tui = &s.tui;
    open_workloads_and_select(tui, "bulk-01");
    tui.send(&" ".repeat(marked));
    tui.wait_for(&format!("{marked} marked — m moves them all"));
    tui.send("m");
    tui.wait_for(&format!("Move {marked} marked accounts to…"));
    pick_only_match(tui, "Sandb");
    tui.wait_for("Confirm");
    tui.wait_for(&format!("Move {marked} accounts to Root / Sandbox:"));
    // `y` counts only once the SCP preview is complete (the key line then says nothing
    // is being read; with 50 accounts the preview itself is scrolled below).
    tui.wait_until("the SCP preview", |s| {
        let text = s.contents();
        text.contains("y do it") && !text.contains("reading")
    });
    tui.send("y");
    let pressed = Instant::now();
    (s, seed, pressed)
}

/// Checks through the API that exactly the first `marked` of `n` bulk accounts moved.
fn assert_bulk_moved(endpoint: &str, seed: &Seed, n: usize, marked: usize) {
    let names = bulk_names(n);
    let ids = |names: &[String]| {
        let mut v: Vec<String> = names.iter().map(|x| seed.id(x).to_string()).collect();
        v.sort();
        v
    };
    let b = api(endpoint);
    assert_eq!(
        accounts_in(&b, seed.id("Sandbox")),
        ids(&names[..marked]),
        "Sandbox should hold exactly the marked accounts"
    );
    assert_eq!(
        accounts_in(&b, seed.id("Workloads")),
        ids(&names[marked..]),
        "Workloads should keep the unmarked accounts"
    );
}

#[test]
fn bulk_move_five_marked_accounts() {
    let moto = Moto::start();
    let (s, seed, _) = bulk_move(&moto, 6, 5);
    let tui = &s.tui;
    tui.wait_for("Summary");
    tui.wait_for("Done: 5 succeeded, 0 failed");
    for name in &bulk_names(5) {
        tui.wait_for(&format!("✓ Moved {name} to Root / Sandbox"));
    }
    // Any key closes the summary; the marks are gone from the moved accounts.
    tui.send("x");
    tui.wait_until("the summary to close", |s| {
        !s.contents().contains("Summary")
    });
    assert!(!tui.screen().contains("●"), "a mark survived the move");

    assert_bulk_moved(&moto.endpoint(), &seed, 6, 5);
    let lines = audit_after(&s.audit, 5);
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert_eq!(successes(&lines, "MoveAccount").len(), 5, "{lines:?}");
}

#[test]
fn bulk_move_fifty_reports_all() {
    let started = Instant::now();
    let moto = Moto::start();
    let (s, seed, pressed) = bulk_move(&moto, 50, 50);
    let tui = &s.tui;
    // The summary is up once every result is in: the key hint appears with it.
    tui.wait_until("the summary of all 50 moves", |s| {
        let text = s.contents();
        text.contains("Summary") && text.contains("any key close")
    });
    let elapsed = pressed.elapsed();
    println!(
        "bulk move of 50 accounts against moto: {:.2} s from `y` to the summary \
         (worker concurrency {}; whole test so far {:.1} s)",
        elapsed.as_secs_f64(),
        orgtui::net::MAX_CONCURRENCY,
        started.elapsed().as_secs_f64()
    );
    // The organization and the audit log first, so a screen problem does not hide them.
    assert_bulk_moved(&moto.endpoint(), &seed, 50, 50);
    let lines = audit_after(&s.audit, 50);
    assert_eq!(successes(&lines, "MoveAccount").len(), 50, "{lines:?}");
    assert_eq!(lines.len(), 50);

    // The summary is complete (nothing more arrives), so its head must be on screen now.
    if !tui.screen().contains("Done: 50 succeeded, 0 failed") {
        tui.fail(
            "the summary of 50 moves does not show its head \"Done: 50 succeeded, 0 failed\": \
             with more results than rows, it is scrolled off the top",
        );
    }
}

#[test]
fn read_only_changes_nothing() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        s.account(Some("Workloads"), "stay", "stay@example.com")
            .await;
        s
    });
    let stay = seed.id("stay").to_string();
    let workloads = seed.id("Workloads").to_string();
    let s = start(&endpoint, &["--read-only"]);
    let tui = &s.tui;
    const READ_ONLY: &str = "Read-only: changes are disabled";

    open_workloads_and_select(tui, "stay");
    tui.send("m");
    tui.wait_for(READ_ONLY);
    // Then Space (marks serve only moves) and `n` on an OU, each after replacing the
    // message (y says what it copied).
    tui.send("k");
    tui.wait_selected("Workloads");
    for key in [" ", "n"] {
        tui.send("y");
        tui.wait_for("Copied id");
        tui.send(key);
        tui.wait_for(READ_ONLY);
    }
    // Give a dialog that should not exist the time to appear.
    std::thread::sleep(Duration::from_millis(300));
    let screen = tui.screen();
    for dialog in [
        "Move stay to",
        "New OU under",
        "Confirm",
        "Progress",
        "Summary",
    ] {
        if screen.contains(dialog) {
            tui.fail(&format!("read-only mode opened {dialog:?}"));
        }
    }

    let b = api(&endpoint);
    assert_eq!(parents_of(&b, &stay), vec![workloads.clone()]);
    assert_eq!(ous_in(&b, &seed.root), vec!["Sandbox", "Workloads"]);
    assert!(ous_in(&b, &workloads).is_empty());
    let lines = audit_lines(&s.audit);
    assert!(lines.is_empty(), "read-only wrote audit lines: {lines:?}");
}

/// Issue 19: a restructure built in the tree and applied once. A new OU is staged, three
/// accounts are moved into it (a move that can only be staged, since the OU does not exist
/// yet) and a policy attached, all with `p` instead of `y`; `:plan` checks and applies
/// them. The API then shows exactly the planned organization, and the audit log holds one
/// attempt and one outcome for each of the five steps.
#[test]
fn a_plan_staged_with_keys_is_checked_and_applied_exactly_as_planned() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let names = bulk_names(3);
    let (seed, policy) = runtime().block_on(async {
        let mut s = two_ous(&endpoint).await;
        accounts_concurrently(&mut s, "Workloads", &names).await;
        let p = s.scp("DenyLeave", SCP_DENY_LEAVE, None).await;
        (s, p)
    });
    let s = start(&endpoint, &[]);
    let tui = &s.tui;
    let b = api(&endpoint);

    // A new OU under the root, staged.
    tui.wait_for("Workloads");
    tui.send("n");
    tui.send("Prod2");
    tui.send(ENTER);
    tui.wait_for("Create OU \"Prod2\"");
    tui.wait_for("p add to plan");
    tui.send("p");
    tui.wait_for("Added 1 step(s) to the plan (1 in all; nothing was sent)");

    // The three accounts, marked and moved into the OU the plan creates.
    open_workloads_and_select(tui, "bulk-01");
    tui.send("   ");
    tui.wait_for("3 marked — m moves them all");
    tui.send("m");
    tui.wait_for("Move 3 marked accounts to…");
    pick_only_match(tui, "Prod2");
    tui.wait_for("Move 3 accounts to Root/Prod2:");
    tui.send("y");
    tui.wait_for("exists only in the plan: press p");
    tui.send("p");
    tui.wait_for("Added 3 step(s) to the plan (4 in all");

    // DenyLeave attached to Workloads, staged.
    tui.send("g");
    tui.wait_selected("Root");
    tui.move_down_to("Workloads", 8);
    tui.send("a");
    tui.wait_for("Attach a policy to Workloads");
    pick_only_match(tui, "deny");
    tui.wait_for("Attach SCP DenyLeave");
    tui.wait_for("p add to plan");
    tui.send("p");
    tui.wait_for("Added 1 step(s) to the plan (5 in all");
    assert!(
        ous_in(&b, &seed.root).iter().all(|n| n != "Prod2"),
        "nothing is sent while staging"
    );

    tui.send(":plan");
    tui.send(ENTER);
    tui.wait_for("5 step(s) staged; nothing has been sent");
    tui.send("c");
    tui.wait_for("Nothing AWS would refuse");
    tui.wait_for("Effect on 3 accounts");
    tui.send("a");
    tui.wait_for("Type apply and Enter");
    tui.send("apply");
    tui.send(ENTER);
    tui.wait_for_within(
        "The plan was applied: 5 step(s) done",
        Duration::from_secs(20),
    );

    let prod2 = ou_id_named(&b, &seed.root, "Prod2");
    let mut want: Vec<String> = names.iter().map(|n| seed.id(n).to_string()).collect();
    want.sort();
    assert_eq!(accounts_in(&b, &prod2), want);
    assert!(accounts_in(&b, seed.id("Workloads")).is_empty());
    assert!(scps_on(&b, seed.id("Workloads")).contains(&"DenyLeave".to_string()));

    let lines = audit_after(&s.audit, 5);
    let mut ops: Vec<String> = successes(&lines, "MoveAccount")
        .iter()
        .chain(&successes(&lines, "CreateOrganizationalUnit"))
        .chain(&successes(&lines, "AttachPolicy"))
        .map(|l| l["operation"].as_str().unwrap_or("?").to_string())
        .collect();
    ops.sort();
    assert_eq!(lines.len(), 5, "one outcome per step: {lines:?}");
    assert_eq!(
        ops,
        [
            "AttachPolicy",
            "CreateOrganizationalUnit",
            "MoveAccount",
            "MoveAccount",
            "MoveAccount"
        ]
    );
    for l in successes(&lines, "MoveAccount") {
        assert_eq!(
            l["parameters"]["DestinationParentId"],
            prod2.as_str(),
            "{l}"
        );
    }
    assert_eq!(
        successes(&lines, "AttachPolicy")[0]["parameters"]["PolicyId"],
        policy.as_str()
    );
}

/// The id of the OU named `name` under `parent`.
fn ou_id_named(b: &AwsBackend, parent: &str, name: &str) -> String {
    runtime().block_on(async {
        let ous = collect_all(|t| b.list_organizational_units_for_parent(parent, t))
            .await
            .unwrap_or_else(|e| panic!("list OUs: {e}"));
        ous.into_iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .unwrap_or_else(|| panic!("no OU {name} under {parent}"))
    })
}
