//! End-to-end tests of authoring and evaluating policies: the real `orgtui` binary in a
//! pseudo-terminal against a moto_server of its own. A policy is created with keystrokes,
//! edited through $EDITOR (a small script), deleted; every step is checked through a fresh
//! API client. Also: invalid JSON is never sent, the evaluator names the deciding policy,
//! and a draft survives quitting.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
use crate::support;

use std::path::Path;

use orgtui::org::{collect_all, AwsBackend, OrgBackend, PolicySummary, PolicyType};

use e2e_support::{runtime, Seed, Tui};
use support::Moto;

const RIGHT: &str = "\x1b[C";
const ENTER: &str = "\r";
const TAB: &str = "\t";
const DELETE: &str = "\x1b[3~";
const CTRL_S: &str = "\x13";

/// What is typed as the new policy's document (one line: no indentation to fight).
const DENY_DELETE: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;

/// Denies s3:DeleteBucket; seeded on an OU for the evaluator.
const DENY_DELETE_SEEDED: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoBucketDeletes","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;

fn api(endpoint: &str) -> AwsBackend {
    AwsBackend::for_emulator(endpoint, None)
}

/// The customer-managed SCPs of the organization.
fn custom_scps(b: &AwsBackend) -> Vec<PolicySummary> {
    runtime().block_on(async {
        collect_all(|t| b.list_policies(&PolicyType::ServiceControl, t))
            .await
            .unwrap_or_else(|e| panic!("list_policies: {e}"))
            .into_iter()
            .filter(|p| !p.aws_managed)
            .collect()
    })
}

fn content_of(b: &AwsBackend, id: &str) -> String {
    runtime().block_on(async {
        b.describe_policy(id)
            .await
            .unwrap_or_else(|e| panic!("describe_policy {id}: {e}"))
            .content
    })
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A moto_server of its own with an organization whose root has SCPs enabled.
fn organization() -> (Moto, String) {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    runtime().block_on(Seed::organization(&endpoint));
    (moto, endpoint)
}

/// Waits for the confirmation showing `plan`, answers y, and waits for `done`.
fn confirm(tui: &Tui, plan: &str, done: &str) {
    tui.wait_for(plan);
    tui.send("y");
    tui.wait_for(done);
}

/// Opens the policies view and waits until it lists FullAWSAccess.
fn policies_view(tui: &Tui) {
    tui.wait_for("Root");
    tui.send("2");
    tui.wait_for("FullAWSAccess");
}

/// `n`, the name typed, then the document replaced by `document` (typed key by key).
fn new_policy(tui: &Tui, name: &str, document: &str) {
    tui.send("n");
    tui.wait_for("New policy");
    tui.wait_for("C-s check and save");
    tui.send(name);
    tui.wait_for(&format!("Name        {name}"));
    // Name → Description → Type → Document.
    tui.send(&TAB.repeat(3));
    // The cursor starts at the top of the template: deleting forward empties it.
    let template = orgtui::app::template(&PolicyType::ServiceControl);
    tui.send(&DELETE.repeat(template.chars().count() + 1));
    tui.wait_until("the template to be gone", |s| {
        !s.contents().contains("DenyExample")
    });
    tui.send(document);
}

/// An executable script in `dir` that rewrites the file it is given with sed.
fn sed_editor(dir: &Path, expression: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("edit.sh");
    std::fs::write(&path, format!("#!/bin/sh\nsed -i '{expression}' \"$1\"\n"))
        .expect("write the editor script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
        .expect("make the editor script executable");
    path.display().to_string()
}

#[test]
fn create_edit_through_editor_and_delete_a_policy() {
    let (_moto, endpoint) = organization();
    let b = api(&endpoint);
    assert!(custom_scps(&b).is_empty(), "seeded a custom SCP");
    let dir = tempfile::tempdir().expect("a directory for the editor script");
    let editor = sed_editor(dir.path(), "s/s3:DeleteBucket/s3:PutBucketPolicy/");
    let tui = Tui::start_with_env(&["--endpoint-url", &endpoint], &[("EDITOR", &editor)]);

    // (a) Create with keystrokes.
    policies_view(&tui);
    new_policy(&tui, "DenyDeletes", DENY_DELETE);
    tui.wait_for("✓ valid");
    tui.send(CTRL_S);
    confirm(
        &tui,
        "Create SCP \"DenyDeletes\"",
        "Created SCP DenyDeletes",
    );
    let made = custom_scps(&b);
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0].name, "DenyDeletes");
    let id = made[0].id.clone();
    assert_eq!(content_of(&b, &id), DENY_DELETE, "exactly what was typed");

    // (b) Edit through $EDITOR: the script swaps the action.
    tui.move_down_to("DenyDeletes", 5);
    // E needs the document read: it is, once the pane shows it.
    tui.wait_for("s3:DeleteBucket");
    tui.send("E");
    tui.wait_for("Back from the editor");
    tui.wait_for(&format!("Edit policy {id}"));
    tui.wait_for("s3:PutBucketPolicy");
    tui.send(CTRL_S);
    let plan = format!("Save SCP \"DenyDeletes\" ({id})");
    confirm(&tui, &plan, "Saved policy DenyDeletes");
    let after = json(&content_of(&b, &id));
    let mut want = json(DENY_DELETE);
    want["Statement"][0]["Action"] = "s3:PutBucketPolicy".into();
    assert_eq!(after, want);
    assert_eq!(custom_scps(&b).len(), 1, "the edit created a policy");

    // (c) Delete: attached nowhere, so one confirmation.
    // The save forgot where policies are attached; D needs it read again first.
    tui.wait_selected("DenyDeletes  0 targets");
    tui.send("D");
    tui.wait_for("It is attached nowhere. Deleting cannot be undone.");
    let plan = format!("Delete SCP \"DenyDeletes\" ({id})");
    confirm(&tui, &plan, "Deleted policy DenyDeletes");
    assert!(custom_scps(&b).is_empty(), "the policy is still there");
}

#[test]
fn invalid_json_is_not_sent_and_its_place_is_shown() {
    let (_moto, endpoint) = organization();
    let b = api(&endpoint);
    let tui = Tui::start(&endpoint);

    policies_view(&tui);
    // A missing comma between two members.
    let broken = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny" "Action":"s3:*","Resource":"*"}]}"#;
    new_policy(&tui, "Broken", broken);
    tui.wait_for("✗ 1:");
    tui.send(CTRL_S);
    // Still the editor, no confirmation; the problem at line:column stays on screen.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = tui.screen();
    if screen.contains("Create SCP") || !screen.contains("New policy") {
        tui.fail("Ctrl-S on invalid JSON left the editor");
    }
    // The problem is reported at the unexpected quote (columns count from 1).
    let column = broken.find("\"Action\"").expect("the gap") + 1;
    tui.wait_for(&format!("✗ 1:{column} "));
    assert!(custom_scps(&b).is_empty(), "invalid JSON was sent");
}

#[test]
fn the_evaluator_names_the_deciding_policy() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    runtime().block_on(async {
        let mut s = Seed::organization(&endpoint).await;
        s.ou(None, "Workloads").await;
        s.account(Some("Workloads"), "builder", "builder@example.com")
            .await;
        s.scp("NoDeletes", DENY_DELETE_SEEDED, Some("Workloads"))
            .await;
    });
    let tui = Tui::start(&endpoint);

    tui.wait_for("Workloads");
    tui.move_down_to("Workloads", 5);
    tui.send(RIGHT);
    tui.wait_for("builder");
    tui.move_down_to("builder", 5);
    tui.send("x");
    tui.wait_for("Is it allowed for builder");
    tui.send("s3:DeleteBucket");
    tui.wait_for("s3:DeleteBucket");
    tui.send(ENTER);
    tui.wait_for("Verdict: DENIED");
    tui.wait_for("decided at OU Workloads");
    // The deciding level is selected, and its line names the statement and the policy.
    tui.wait_selected("OU Workloads");
    tui.wait_selected("denied by NoBucketDeletes of SCP NoDeletes");
}

/// Starts orgtui with a state directory of its own, types a new policy "Unfinished" with
/// an unfinished document, leaves with `quit` (which must end the process), then starts
/// again with the same state directory and checks the draft is offered as it was.
fn a_draft_survives(quit: impl Fn(&Tui)) {
    let (_moto, endpoint) = organization();
    let state = tempfile::tempdir().expect("a state directory shared by both runs");
    let state_dir = state.path().display().to_string();
    let env = [("XDG_STATE_HOME", state_dir.as_str())];
    let args = ["--endpoint-url", endpoint.as_str()];

    let mut first = Tui::start_with_env(&args, &env);
    policies_view(&first);
    new_policy(
        &first,
        "Unfinished",
        r#"{"Version":"2012-10-17","Statement":[]"#,
    );
    first.wait_for("\"Statement\":[]");
    quit(&first);
    first.wait_exit();
    let drafts =
        std::fs::read_to_string(state.path().join("orgtui/drafts.json")).expect("the drafts file");
    assert!(drafts.contains("Unfinished"), "{drafts}");

    let second = Tui::start_with_env(&args, &env);
    second.wait_for("1 unsaved policy draft(s) from an earlier session");
    second.send("2");
    second.wait_for("FullAWSAccess");
    second.send("n");
    second.wait_for("Your unsaved draft is back");
    second.wait_for("Name        Unfinished");
    second.wait_for("\"Statement\":[]");
    assert!(custom_scps(&api(&endpoint)).is_empty(), "a draft was sent");
}

#[test]
fn a_draft_survives_quitting() {
    a_draft_survives(|tui| {
        // Esc, then k keeps the draft; q quits.
        tui.send("\x1b");
        tui.wait_for("Leave the editor?");
        tui.send("k");
        tui.wait_for("the draft is kept");
        tui.send("q");
    });
}

#[test]
fn a_draft_survives_ctrl_c_in_the_editor() {
    // Ctrl-C quits from inside the editor, without the leaving question.
    a_draft_survives(|tui| tui.send("\x03"));
}

#[test]
fn the_policies_view_opened_at_once_lists_the_enabled_types() {
    let (_moto, endpoint) = organization();
    let tui = Tui::start(&endpoint);
    // Before the root (and so the enabled policy types) is read.
    tui.send("2");
    tui.wait_for("FullAWSAccess");
}

/// Presses D until the confirmation showing `plan` opens (D first reads where the policy
/// is attached and what else those targets hold, each read saying "press D again").
fn delete_until(tui: &Tui, plan: &str) {
    for _ in 0..3 {
        tui.send("D");
        tui.wait_until("D to open a confirmation or ask to press it again", |s| {
            let text = s.contents();
            text.contains(plan) || text.contains("press D again")
        });
        if tui.screen().contains(plan) {
            return;
        }
        // The read answers quickly; the message stays until the next key.
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    tui.wait_for(plan);
}

#[test]
fn deleting_an_attached_policy_detaches_it_everywhere_first() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let workloads = runtime().block_on(async {
        let mut s = Seed::organization(&endpoint).await;
        s.ou(None, "Workloads").await;
        s.scp("Guard", DENY_DELETE_SEEDED, Some("Workloads")).await;
        s.id("Workloads").to_string()
    });
    let b = api(&endpoint);
    let tui = Tui::start(&endpoint);

    policies_view(&tui);
    tui.move_down_to("Guard", 5);
    tui.wait_for("Guard  1 target");
    delete_until(&tui, "Detach SCP \"Guard\" from 1 target:");
    tui.wait_for(&format!("OU Root / Workloads ({workloads})"));
    tui.send("y");
    // Detached everywhere, the deletion is asked next, with its own confirmation.
    let plan = "Delete SCP \"Guard\"";
    confirm(&tui, plan, "Deleted policy Guard");
    assert!(custom_scps(&b).is_empty(), "Guard is still there");
    let left: Vec<String> = runtime().block_on(async {
        collect_all(|t| b.list_policies_for_target(&workloads, &PolicyType::ServiceControl, t))
            .await
            .unwrap_or_else(|e| panic!("list_policies_for_target: {e}"))
            .into_iter()
            .map(|p| p.name)
            .collect()
    });
    assert_eq!(left, vec!["FullAWSAccess".to_string()]);
}

#[test]
fn t_enables_a_policy_type_on_the_root() {
    let (_moto, endpoint) = organization();
    let b = api(&endpoint);
    let rcp_enabled = || {
        runtime().block_on(async {
            collect_all(|t| b.list_roots(t))
                .await
                .unwrap_or_else(|e| panic!("list_roots: {e}"))
                .into_iter()
                .flat_map(|r| r.policy_types)
                .any(|p| p.kind == PolicyType::ResourceControl && p.status == "ENABLED")
        })
    };
    assert!(!rcp_enabled(), "seeded with RCPs enabled");
    let tui = Tui::start(&endpoint);

    tui.wait_selected("Root");
    tui.send("t");
    tui.wait_for("Enable or disable a policy type");
    tui.send("RESOURCE_CONTROL");
    tui.wait_for("RESOURCE_CONTROL_POLICY  not enabled");
    tui.send(ENTER);
    tui.wait_for("Enable RESOURCE_CONTROL_POLICY on root");
    confirm(
        &tui,
        "RCPs you attach then restrict access",
        "Enabled RESOURCE_CONTROL_POLICY on the root",
    );
    assert!(rcp_enabled(), "RCPs are not enabled");
}

#[test]
fn a_refused_creation_brings_the_editor_back_with_the_text() {
    let (_moto, endpoint) = organization();
    let b = api(&endpoint);
    let tui = Tui::start(&endpoint);

    // FullAWSAccess exists: AWS refuses a second SCP of that name.
    policies_view(&tui);
    new_policy(&tui, "FullAWSAccess", DENY_DELETE);
    tui.wait_for("✓ valid");
    tui.send(CTRL_S);
    tui.wait_for("Create SCP \"FullAWSAccess\"");
    tui.send("y");
    tui.wait_for("✗ DuplicatePolicyException");
    tui.wait_for("(your text is kept)");
    tui.wait_for("New policy");
    tui.wait_for(DENY_DELETE);
    assert!(custom_scps(&b).is_empty(), "a policy was created");
}
