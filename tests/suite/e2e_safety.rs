//! End-to-end: the real binary on the demo organization in a pty, checking that a
//! confirmation cannot be passed without being seen (a double Enter, a pasted "y" and
//! newline) and that quitting while changes are in flight asks first, with every change
//! already sent on record in the audit log.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
#[allow(unused_imports)]
use crate::support;

use std::path::Path;
use std::time::Duration;

use e2e_support::Tui;

const ENTER: &str = "\r";
const RIGHT: &str = "\x1b[C";
const CTRL_C: &str = "\x03";

fn audit(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
        .collect()
}

fn phase(lines: &[serde_json::Value], phase: &str) -> usize {
    lines.iter().filter(|l| l["phase"] == phase).count()
}

/// The demo with its audit log in `dir`, the Sandbox OU open, `account` selected.
fn demo_at(dir: &Path, account: &str, extra: &[&str]) -> Tui {
    let audit = dir.join("audit.jsonl").display().to_string();
    let mut args = vec!["--demo", "--audit-log", &audit];
    args.extend_from_slice(extra);
    let tui = Tui::start_with(&args);
    tui.wait_for("Sandbox");
    tui.move_down_to("Sandbox", 12);
    tui.send(RIGHT);
    tui.wait_for(account);
    tui.move_down_to(account, 12);
    tui
}

#[test]
fn a_double_enter_or_a_pasted_newline_never_confirms() {
    let dir = tempfile::tempdir().expect("a directory for the audit log");
    let log = dir.path().join("audit.jsonl");
    let tui = demo_at(dir.path(), "sandbox-alice", &[]);
    tui.send("m");
    tui.wait_for("Move sandbox-alice to…");
    tui.send("Security");
    tui.wait_for("filter Security");
    // Enter picks; a second Enter and a `y` typed ahead arrive before the confirmation
    // is drawn, and neither counts.
    tui.send(&format!("{ENTER}{ENTER}y"));
    tui.wait_for("Move account sandbox-alice");
    // A paste of "y" and a newline is text, and there is no text field here.
    tui.send("\x1b[200~y\r\x1b[201~");
    std::thread::sleep(Duration::from_millis(600));
    let screen = tui.screen();
    assert!(
        screen.contains("y do it"),
        "the confirmation is still open:\n{screen}"
    );
    assert!(
        audit(&log).is_empty(),
        "nothing was attempted: {:?}",
        audit(&log)
    );
    // A `y` typed after it was drawn does it.
    tui.send("y");
    tui.wait_for("Moved sandbox-alice to Root / Security");
    let lines = audit(&log);
    assert_eq!(
        (phase(&lines, "attempt"), phase(&lines, "outcome")),
        (1, 1),
        "{lines:?}"
    );
}

#[test]
fn ctrl_c_during_a_bulk_move_asks_first_and_every_sent_change_is_on_record() {
    let dir = tempfile::tempdir().expect("a directory for the audit log");
    let log = dir.path().join("audit.jsonl");
    // Slow calls keep the moves in flight long enough to quit in the middle.
    let mut tui = demo_at(dir.path(), "sandbox-alice", &["--demo-latency-ms", "700"]);
    tui.send(&" ".repeat(5));
    tui.wait_for("5 marked");
    tui.send("m");
    tui.wait_for("Move 5 marked accounts to…");
    tui.send("Security");
    tui.wait_for("filter Security");
    tui.send(ENTER);
    tui.wait_until("the confirmation with its SCP summary", |s| {
        let text = s.contents();
        text.contains("Move 5 accounts to Root / Security") && !text.contains("reading")
    });
    tui.send("y");
    tui.wait_for("Progress");
    tui.send(CTRL_C);
    tui.wait_for("Quit how?");
    let sent = phase(&audit(&log), "attempt");
    assert!(
        sent > 0,
        "moves were sent before the question: {:?}",
        audit(&log)
    );
    // The second Ctrl-C quits at once; what was sent is in the log already.
    tui.send(CTRL_C);
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    let lines = audit(&log);
    assert_eq!(
        phase(&lines, "attempt"),
        5,
        "every move was sent and recorded: {lines:?}"
    );
    assert!(
        phase(&lines, "outcome") < 5,
        "quit before all answered: {lines:?}"
    );
}

#[test]
fn export_from_the_command_line_writes_the_whole_organization() {
    let dir = tempfile::tempdir().expect("a directory");
    let out = dir.path().join("org.csv");
    let audit = dir.path().join("audit.jsonl").display().to_string();
    let tui = Tui::start_with(&["--demo", "--audit-log", &audit]);
    tui.wait_for("Sandbox");
    tui.send(&format!(":export csv {}{ENTER}", out.display()));
    tui.wait_for("Wrote ");
    let text = std::fs::read_to_string(&out).expect("the export");
    // A header and one row per account of the demo organization (40), OU paths included.
    assert_eq!(text.lines().count(), 41, "{text}");
    assert!(text.contains("Root/Workloads/Prod/Payments/PCI"), "{text}");
}
