//! End-to-end tests: the real `orgtui` binary in a pseudo-terminal, against a real
//! moto_server of its own (moto's default account 123456789012, the one the binary uses).
//! Keys are typed into the pty and the assertions read the emulated screen.

use crate::e2e_support;
use crate::support;

use std::time::{Duration, Instant};

use e2e_support::{find_cells, runtime, Seed, Tui, SCP_DENY_LEAVE};
use support::Moto;

const RIGHT: &str = "\x1b[C";
const ENTER: &str = "\r";

/// The name of an account that carries an escape sequence (turn the text red).
const EVIL: &str = "evil\u{1b}[31mred";
/// How it must be shown: escaped, never interpreted.
const EVIL_SHOWN: &str = "evil\\x1b[31mred";

/// Root → Security, Workloads (→ Prod → prod-alpha, prod-beta; evil account), SCP on
/// Workloads.
fn seed_org(moto: &Moto) -> Seed {
    runtime().block_on(async {
        let mut s = Seed::organization(&moto.endpoint()).await;
        s.ou(None, "Workloads").await;
        s.ou(None, "Security").await;
        s.ou(Some("Workloads"), "Prod").await;
        s.account(Some("Prod"), "prod-alpha", "prod-alpha@example.com")
            .await;
        s.account(Some("Prod"), "prod-beta", "prod-beta@example.com")
            .await;
        s.account(Some("Workloads"), EVIL, "evil@example.com").await;
        s.scp("DenyLeaveOrg", SCP_DENY_LEAVE, Some("Workloads"))
            .await;
        s
    })
}

/// `q` ends the process with success and restores the terminal.
fn quit_cleanly(tui: &mut Tui) {
    tui.send("q");
    let status = tui.wait_exit();
    assert!(status.success(), "orgtui exited with {status:?}");
    if tui.in_alternate_screen() {
        tui.fail("orgtui exited without leaving the alternate screen");
    }
}

#[test]
fn browse_tree_with_keys() {
    let moto = Moto::start();
    let seed = seed_org(&moto);
    let mut tui = Tui::start(&moto.endpoint());

    tui.wait_for("Workloads");
    tui.wait_for("Security");
    tui.wait_selected(&seed.root);
    // Root, then its OUs by name: Security, Workloads.
    tui.send("j");
    tui.wait_selected("Security");
    tui.send("j");
    tui.wait_selected("Workloads");
    tui.send(RIGHT);
    tui.wait_for("▾ Workloads");
    tui.wait_for("Prod");
    tui.wait_for(EVIL_SHOWN);
    tui.send("j");
    tui.wait_selected("Prod");
    tui.send("l");
    tui.wait_for("prod-alpha");
    tui.wait_for("prod-beta");
    let alpha = seed.id("prod-alpha");
    let beta = seed.id("prod-beta");
    tui.wait_for(&format!("prod-alpha  {alpha}"));
    tui.wait_for(&format!("prod-beta  {beta}"));

    // Going up and down again keeps the place.
    tui.send("k");
    tui.wait_selected("Workloads");
    tui.send("j");
    tui.wait_selected("Prod");
    tui.send("j");
    tui.wait_selected("prod-alpha");

    // The detail pane shows the selected account.
    tui.wait_for("Account prod-alpha");
    tui.wait_for(&format!("Id         {alpha}"));
    tui.wait_for("Email      prod-alpha@example.com");
    tui.wait_for("OU path    Root / Workloads / Prod");

    // The escape sequence in a name is shown escaped, and nothing turned red.
    let screen = tui.screen();
    assert!(
        !screen.contains("evilred"),
        "the escape sequence reached the terminal:\n{screen}"
    );
    let (row, cols) = tui
        .with_screen(|s| find_cells(s, EVIL_SHOWN))
        .unwrap_or_else(|| tui.fail("the escaped evil name is not on screen"));
    let bad: Vec<String> = tui.with_screen(|s| {
        let (rows, width) = s.size();
        let mut bad = Vec::new();
        for &col in &cols {
            let fg = s.cell(row, col).map(|c| c.fgcolor());
            if fg != Some(vt100::Color::Default) {
                bad.push(format!("evil name cell ({row},{col}) has fg {fg:?}"));
            }
        }
        // The theme never uses plain red (index 1); `ESC[31m` would.
        for r in 0..rows {
            for c in 0..width {
                if s.cell(r, c).map(|c| c.fgcolor()) == Some(vt100::Color::Idx(1)) {
                    bad.push(format!("cell ({r},{c}) is red"));
                }
            }
        }
        bad
    });
    if !bad.is_empty() {
        tui.fail(&format!("colours leaked: {bad:?}"));
    }

    quit_cleanly(&mut tui);
}

#[test]
fn policies_view_and_accounts_view() {
    let moto = Moto::start();
    let seed = seed_org(&moto);
    let mut tui = Tui::start(&moto.endpoint());
    tui.wait_for("Workloads");

    tui.send("2");
    // The view's own pane (the title bar lists all three views, the current highlighted).
    tui.wait_for("Targets — Enter jumps");
    tui.wait_for("FullAWSAccess");
    tui.wait_for("DenyLeaveOrg");
    // Select the custom SCP: its targets list Workloads, its document is shown.
    tui.move_down_to("DenyLeaveOrg", 10);
    tui.wait_for(&format!("OU      Workloads  {}", seed.id("Workloads")));
    tui.wait_for("organizations:LeaveOrganization");

    tui.send("3");
    tui.wait_for("Accounts (");
    for name in ["prod-alpha", "prod-beta", "evil\\x1b[31mred"] {
        tui.wait_for(name);
    }
    tui.wait_for(seed.id("prod-beta"));
    tui.wait_for("prod-beta@example.com");
    // moto's management account is listed too: 3 seeded + 1.
    tui.wait_for("Accounts (4 of 4)");

    tui.move_down_to("prod-beta", 10);
    tui.send(ENTER);
    tui.wait_for("┏ Organization");
    // The jump expands Workloads and Prod and selects the account.
    tui.wait_selected(&format!("prod-beta  {}", seed.id("prod-beta")));
    tui.wait_for("Account prod-beta");
    tui.wait_for("OU path    Root / Workloads / Prod");

    quit_cleanly(&mut tui);
}

#[test]
fn no_organization_is_explained() {
    let moto = Moto::start();
    let mut tui = Tui::start(&moto.endpoint());
    tui.wait_for("Cannot read the organization");
    tui.wait_for("✗ AWSOrganizationsNotInUseException");
    tui.wait_for("This account is not a member of an organization.");
    // What an account outside any organization can do, and the keys for it.
    tui.wait_for("the invitations sent to it");
    tui.wait_for(":create-organization [ALL|CONSOLIDATED_BILLING]");
    tui.wait_for("r retry   8 handshakes   : commands   q quit");
    quit_cleanly(&mut tui);
}

/// Port 1 refuses connections. The binary uses the SDK's standard retries (5 attempts with
/// jittered exponential backoff: up to 1+2+4+8 s), so the explanation may take ~15 s.
const UNREACHABLE: &str = "http://127.0.0.1:1";

#[test]
fn unreachable_endpoint_is_explained() {
    let mut tui = Tui::start(UNREACHABLE);
    tui.wait_for_within("Cannot read the organization", Duration::from_secs(30));
    tui.wait_for("✗ NetworkError");
    tui.wait_for("could not reach the endpoint");
    tui.wait_for("Could not reach the Organizations endpoint.");
    quit_cleanly(&mut tui);
}

#[test]
fn quit_while_still_connecting() {
    let mut tui = Tui::start(UNREACHABLE);
    tui.wait_for("Reading the organization");
    let asked = Instant::now();
    quit_cleanly(&mut tui);
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "q took {:?} while a request was retrying",
        asked.elapsed()
    );
}

#[test]
fn unknown_flag_fails_before_the_ui() {
    let home = tempfile::tempdir().expect("a temporary HOME");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orgtui"))
        .arg("--bogus")
        .env_clear()
        .envs(e2e_support::clean_env(home.path()))
        .current_dir(home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run orgtui");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "orgtui --bogus succeeded: {:?}",
        out.status
    );
    assert_eq!(out.status.code(), Some(2), "clap's usage error code");
    assert!(stderr.contains("--bogus"), "stderr: {stderr}");
    // Nothing of the UI was drawn: no alternate screen, no raw output.
    assert!(
        !stdout.contains("\x1b[?1049h") && !stderr.contains("\x1b[?1049h"),
        "the UI started: {stdout:?} {stderr:?}"
    );
}

#[test]
fn no_terminal_is_a_clear_error_not_a_panic() {
    let home = tempfile::tempdir().expect("a temporary HOME");
    // `setsid` detaches it from any controlling terminal, so the test means the same when
    // run from a terminal as in CI.
    let out = std::process::Command::new("setsid")
        .args(["--wait", env!("CARGO_BIN_EXE_orgtui"), "--demo"])
        .env_clear()
        .envs(e2e_support::clean_env(home.path()))
        .current_dir(home.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .output()
        .expect("run orgtui");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a plain failure, not a panic (101): {stderr}"
    );
    assert!(
        stderr.contains("needs an interactive terminal"),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}
