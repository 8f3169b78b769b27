//! End to end: the caller in the title bar, and `s` on an account — the real binary in a
//! pty against moto: the TUI leaves the terminal to `$SHELL` (here a small script that
//! writes its environment to a file and reads a line typed into the pty), and is drawn
//! again when it exits.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
use crate::support;

use std::path::{Path, PathBuf};

use e2e_support::{runtime, Seed, Tui};
use support::Moto;

const RIGHT: &str = "\x1b[C";
/// moto's default account, where the binary's organization lives.
const MOTO_CALLER: &str = "arn:aws:sts::123456789012:user/moto";

fn env_of(text: &str) -> std::collections::HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// An organization on a moto of its own with `shellbox` in Workloads, and orgtui with
/// `SHELL=shell` and its audit log in `dir`, showing shellbox selected.
fn start(moto: &Moto, dir: &Path, shell: &str) -> (Tui, String, PathBuf) {
    let endpoint = moto.endpoint();
    let seed = runtime().block_on(async {
        let mut s = Seed::organization(&endpoint).await;
        s.ou(None, "Workloads").await;
        s.account(Some("Workloads"), "shellbox", "shellbox@example.com")
            .await;
        s
    });
    let account = seed.id("shellbox").to_string();
    let audit = dir.join("audit.jsonl");
    let audit_arg = audit.display().to_string();
    let tui = Tui::start_with_env(
        &["--endpoint-url", &endpoint, "--audit-log", &audit_arg],
        &[("SHELL", shell), ("AWS_PROFILE", "default")],
    );
    // The title bar at 120 columns, with the emulator's URL in it, has room for the
    // principal only (its account is the management account, shown already).
    tui.wait_for("mgmt 123456789012 · as user/moto · ");
    tui.wait_for("Workloads");
    tui.move_down_to("Workloads", 5);
    tui.send(RIGHT);
    tui.wait_for("shellbox");
    tui.move_down_to("shellbox", 5);
    (tui, account, audit)
}

/// Waits until orgtui has the screen again after the shell, with the tree drawn whole.
fn wait_back(tui: &Tui, account: &str, how: &str) {
    tui.wait_for(&format!("Back from the shell in {account} ({how})"));
    assert!(
        tui.in_alternate_screen(),
        "the TUI did not take the screen back"
    );
    tui.wait_for("Workloads");
    tui.wait_selected(&format!("shellbox  {account}"));
}

#[test]
fn s_opens_a_shell_with_the_assumed_role_and_comes_back() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let env_out = dir.path().join("env.txt");
    let typed_out = dir.path().join("typed.txt");
    let script = dir.path().join("fake-shell.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nenv > '{}'\nprintf 'FAKE-SHELL READY> '\nread answer\necho \"$answer\" > '{}'\nexit 3\n",
            env_out.display(),
            typed_out.display()
        ),
    )
    .expect("write the fake shell");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
    let (tui, account, audit) = start(&moto, dir.path(), &script.display().to_string());
    tui.send("s");

    // The shell has the terminal: the main screen, and what is typed reaches it.
    tui.wait_until("the fake shell's prompt on the main screen", |s| {
        !s.alternate_screen() && s.contents().contains("FAKE-SHELL READY>")
    });
    tui.wait_for(&format!("orgtui: a shell in shellbox ({account})"));
    tui.send("typed into the shell\r");

    // Back: the TUI is drawn again, whole, and says how the shell ended.
    wait_back(&tui, &account, "exit status 3");

    let typed = std::fs::read_to_string(&typed_out).expect("the shell read a line");
    assert_eq!(typed.trim_end(), "typed into the shell");
    let env = env_of(&std::fs::read_to_string(&env_out).expect("the shell's environment"));
    assert!(
        env.get("AWS_ACCESS_KEY_ID")
            .is_some_and(|k| k.starts_with("ASIA")),
        "{env:?}"
    );
    assert!(env.get("AWS_SESSION_TOKEN").is_some_and(|t| !t.is_empty()));
    assert!(env
        .get("AWS_SECRET_ACCESS_KEY")
        .is_some_and(|t| t != "test"));
    assert_eq!(env.get("ORGTUI_ACCOUNT"), Some(&account));
    assert_eq!(
        env.get("ORGTUI_ACCOUNT_NAME").map(String::as_str),
        Some("shellbox")
    );
    assert_eq!(
        env.get("ORGTUI_ROLE_ARN"),
        Some(&format!(
            "arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        ))
    );
    assert_eq!(env.get("AWS_REGION").map(String::as_str), Some("us-east-1"));
    assert!(
        !env.contains_key("AWS_PROFILE"),
        "AWS_PROFILE is left: {env:?}"
    );
    assert!(
        env.get("PS1")
            .is_some_and(|p| p.starts_with(&format!("(orgtui shellbox {account}) "))),
        "{env:?}"
    );

    // Audited: who assumed what, never the keys.
    let log = std::fs::read_to_string(&audit).expect("the audit log");
    assert!(!log.contains(&env["AWS_SESSION_TOKEN"]));
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for l in &lines {
        assert_eq!(l["operation"], "AssumeRole");
        assert_eq!(l["caller"], MOTO_CALLER);
        assert_eq!(l["parameters"]["AccountId"], account.as_str());
        assert_eq!(l["parameters"]["Purpose"], "shell");
    }

    let mut tui = tui;
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// The issue's own check: a real bash, `env | grep AWS_SESSION_TOKEN` typed into it, the
/// prompt hint from orgtui's rc file, `exit`, and orgtui is back.
#[test]
fn a_real_bash_gets_the_credentials_and_the_prompt_hint() {
    let bash = "/bin/bash";
    assert!(
        Path::new(bash).is_file(),
        "this test needs {bash} (the shell whose prompt orgtui sets through an rc file)"
    );
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (tui, account, _) = start(&moto, dir.path(), bash);
    tui.send("s");
    tui.wait_until("bash's prompt with the hint", |s| {
        !s.alternate_screen()
            && s.contents()
                .contains(&format!("(orgtui shellbox {account}) "))
    });
    tui.send("env | grep AWS_SESSION_TOKEN\r");
    tui.wait_until("the session token in bash's environment", |s| {
        s.contents()
            .lines()
            .any(|l| l.starts_with("AWS_SESSION_TOKEN=") && l.len() > "AWS_SESSION_TOKEN=".len())
    });
    tui.send("exit\r");
    wait_back(&tui, &account, "exit status 0");
    let mut tui = tui;
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// The demo: a plausible caller in the title bar, and `s` says there is nothing to go into.
#[test]
fn the_demo_shows_its_caller_and_has_no_account_to_open_a_shell_in() {
    let tui = Tui::start_with(&["--demo"]);
    // The management account is in the title already: the caller is named without it.
    tui.wait_for("mgmt 111111111111 · as user/demo");
    tui.move_down_to("Management", 20);
    tui.send("s");
    tui.wait_for(
        "✗ DemoHasNoAccounts: OrganizationAccountAccessRole in 111111111111 — The demo has no real accounts to go into.",
    );
    assert!(tui.in_alternate_screen());
    let mut tui = tui;
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// A Ctrl-C in a shell without job control goes to orgtui's whole process group; it was
/// meant for the shell and must not end orgtui. (The script plays the keyboard: SIGINT
/// to its process group, which it ignores itself.)
#[test]
fn an_interrupt_sent_while_the_shell_runs_does_not_end_orgtui() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = dir.path().join("interrupted-shell.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\ntrap '' INT\nkill -INT 0\nsleep 0.5\nexit 0\n",
    )
    .expect("write the fake shell");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
    let (tui, account, _) = start(&moto, dir.path(), &script.display().to_string());
    tui.send("s");
    wait_back(&tui, &account, "exit status 0");
    // Still running, and still answering keys.
    std::thread::sleep(std::time::Duration::from_millis(500));
    tui.send("j");
    tui.wait_until("the selection to move", |s| {
        e2e_support::selected_line(s).is_some_and(|l| !l.contains("shellbox"))
    });
    let mut tui = tui;
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "orgtui ended with {status:?}");
}

/// `:creds`: the export lines in an overlay, `y` copies them and closes it.
#[test]
fn creds_shows_export_lines_for_another_terminal() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (tui, account, audit) = start(&moto, dir.path(), "/bin/false");
    tui.send(":creds\r");
    tui.wait_for("Credentials");
    tui.wait_for("export AWS_ACCESS_KEY_ID='ASIA");
    tui.wait_for("export AWS_SESSION_TOKEN='");
    tui.wait_for(&format!("export ORGTUI_ACCOUNT='{account}'"));
    tui.wait_for("y copy to the clipboard");
    tui.send("y");
    tui.wait_for(&format!(
        "Copied the export lines for {account} to the clipboard"
    ));
    if tui.screen().contains("export AWS_") {
        tui.fail("the overlay stayed open after y");
    }
    let log = std::fs::read_to_string(&audit).expect("the audit log");
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(log.contains("\"Purpose\":\"creds\""), "{log}");
    let mut tui = tui;
    tui.send("q");
    assert!(tui.wait_exit().success());
}

/// A `$SHELL` that cannot run: orgtui takes the terminal back and says so.
#[test]
fn a_shell_that_cannot_run_is_reported_and_orgtui_carries_on() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("no-such-shell");
    let (tui, account, _) = start(&moto, dir.path(), &missing.display().to_string());
    tui.send("s");
    tui.wait_for("✗ ShellFailed: cannot run");
    tui.wait_for("Check $SHELL");
    assert!(tui.in_alternate_screen());
    tui.wait_selected(&format!("shellbox  {account}"));
    let mut tui = tui;
    tui.send("q");
    assert!(tui.wait_exit().success());
}
