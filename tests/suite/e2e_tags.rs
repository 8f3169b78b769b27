//! End to end: the real `orgtui` in a pseudo-terminal against a moto_server of its own
//! edits an account's tags with keystrokes (T, the editor, the diff confirmation), and a
//! fresh API client then reads the tags moto holds; the audit log records both calls. Also
//! trusted access and a delegated administrator, each set up by keys and read back.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
use crate::support;

use std::time::{Duration, Instant};

use orgtui::org::{collect_all, AwsBackend, Lifecycle, OrgBackend, Tag};

use e2e_support::{runtime, Seed, Tui};
use support::Moto;

const RIGHT: &str = "\x1b[C";
const UP: &str = "\x1b[A";
const DOWN: &str = "\x1b[B";
const TAB: &str = "\t";
const CTRL_U: &str = "\x15";
const CTRL_N: &str = "\x0e";
const CTRL_X: &str = "\x18";
const CTRL_S: &str = "\x13";

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
    }
}

fn tags_of(b: &AwsBackend, id: &str) -> Vec<Tag> {
    runtime().block_on(async {
        let mut tags = collect_all(|t| b.list_tags_for_resource(id, t))
            .await
            .unwrap_or_else(|e| panic!("list_tags_for_resource {id}: {e}"));
        tags.sort_by(|a, b| a.key.cmp(&b.key));
        tags
    })
}

/// The operations of the audit log's successful outcome lines (waiting, bounded, for `n`).
fn audited(path: &std::path::Path, n: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
            .filter(|l: &serde_json::Value| l["phase"] == "outcome")
            .collect();
        if lines.len() >= n || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn edit_the_tags_of_an_account_with_keys() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = Seed::organization(&endpoint).await;
        s.ou(None, "Workloads").await;
        let id = s
            .account(Some("Workloads"), "tagged", "tagged@example.com")
            .await;
        s.backend
            .tag_resource(&id, &[tag("env", "dev"), tag("team", "a")])
            .await
            .unwrap_or_else(|e| panic!("tag_resource: {e}"));
        s
    });
    let account = seed.id("tagged").to_string();
    let dir = tempfile::tempdir().expect("a directory for the audit log");
    let audit = dir.path().join("audit.jsonl");
    let audit_arg = audit.display().to_string();
    let tui = Tui::start_with(&["--endpoint-url", &endpoint, "--audit-log", &audit_arg]);

    tui.wait_for("Workloads");
    tui.move_down_to("Workloads", 5);
    tui.send(RIGHT);
    tui.wait_for("▾ Workloads");
    tui.wait_for("tagged");
    tui.move_down_to("tagged", 10);
    // The detail pane shows the tags read with the account.
    tui.wait_for("env = dev");
    tui.send("T");
    tui.wait_for("Tags of account tagged");
    tui.wait_for("2 of 50 tags");
    // env: dev → prod; a new owner = me; team removed.
    tui.send(TAB);
    tui.send(CTRL_U);
    tui.send("prod");
    tui.send(CTRL_N);
    tui.send("owner");
    tui.send(TAB);
    tui.send("me");
    tui.wait_for("3 of 50 tags");
    tui.send(UP);
    tui.send(CTRL_X);
    tui.wait_for("2 of 50 tags");
    tui.send(CTRL_S);
    tui.wait_for("Confirm");
    tui.wait_for(&format!("Change the tags of account tagged ({account})"));
    tui.wait_for("+ owner = me");
    tui.wait_for("~ env = dev → prod");
    tui.wait_for("− team = a");
    tui.send("y");
    // Re-read from the API into the detail pane.
    tui.wait_for("owner = me");
    tui.wait_for("env = prod");

    let b = AwsBackend::for_emulator(&endpoint, None);
    assert_eq!(
        tags_of(&b, &account),
        vec![tag("env", "prod"), tag("owner", "me")]
    );
    let lines = audited(&audit, 2);
    let ops: Vec<&str> = lines
        .iter()
        .filter(|l| l["outcome"] == "success")
        .filter_map(|l| l["operation"].as_str())
        .collect();
    assert_eq!(ops.len(), 2, "{lines:?}");
    assert!(
        ops.contains(&"TagResource") && ops.contains(&"UntagResource"),
        "{ops:?}"
    );
}

/// Trusted access enabled with `6`, then an account registered as delegated
/// administrator of that service with `5`, each by keys; moto then lists both.
#[test]
fn trusted_access_and_a_delegated_administrator_with_keys() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = Seed::organization(&endpoint).await;
        s.account(None, "auditor", "auditor@example.com").await;
        s
    });
    let auditor = seed.id("auditor").to_string();
    let service = "guardduty.amazonaws.com";
    let tui = Tui::start_with(&["--endpoint-url", &endpoint, "--no-cache"]);
    tui.wait_for("auditor");

    tui.send("6");
    tui.wait_for("Trusted services");
    tui.send(CTRL_N);
    tui.wait_for("Enable trusted access for which service?");
    tui.send(service);
    tui.send("\r");
    tui.wait_for("y do it");
    tui.wait_for(&format!("Enable trusted access for {service}"));
    tui.send("y");
    tui.wait_for(&format!("Enabled trusted access for {service}"));

    tui.send("\x1b");
    tui.wait_until("the screen to close", |s| {
        !s.contents().contains("Trusted services")
    });
    tui.send("5");
    tui.wait_for("Delegated administrators");
    tui.send(CTRL_N);
    tui.wait_for("which account?");
    tui.send("audit");
    tui.wait_for(&auditor);
    tui.send("\r");
    tui.wait_for("of which service?");
    // The trusted service is offered; the typed prefix narrows to it.
    tui.send("guard");
    tui.send(DOWN);
    tui.send("\r");
    // Lines only the confirmation shows (the step's title starts like its first line).
    tui.wait_for("y do it");
    tui.wait_for(&format!("  for {service}"));
    tui.wait_for(&format!(
        "Register auditor ({auditor}) as delegated administrator"
    ));
    tui.send("y");
    tui.wait_for(&format!(
        "auditor is now delegated administrator of {service}"
    ));
    tui.wait_for(&format!("auditor ({auditor})"));

    let b = AwsBackend::for_emulator(&endpoint, None);
    let (trusted, delegated) = runtime().block_on(async {
        let trusted = collect_all(|t| b.list_aws_service_access_for_organization(t))
            .await
            .unwrap_or_else(|e| panic!("list_aws_service_access_for_organization: {e}"));
        let delegated = collect_all(|t| b.list_delegated_services_for_account(&auditor, t))
            .await
            .unwrap_or_else(|e| panic!("list_delegated_services_for_account: {e}"));
        (trusted, delegated)
    });
    let principals = |v: Vec<String>| v;
    assert_eq!(
        principals(trusted.into_iter().map(|s| s.service_principal).collect()),
        vec![service.to_string()]
    );
    assert_eq!(
        principals(delegated.into_iter().map(|s| s.service_principal).collect()),
        vec![service.to_string()]
    );
}
