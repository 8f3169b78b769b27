//! End-to-end: responsibility transfers on the demo in a pty. The built-in demo manages the
//! billing of an acquired company (an ACCEPTED transfer); a new invitation is sent from the
//! form, listed as REQUESTED, and the accepted transfer is ended — each confirmed, sent once
//! and audited before and after.

use crate::e2e_support;

use e2e_support::Tui;

const CTRL_N: &str = "\x0e";
const CTRL_X: &str = "\x18";
const UP: &str = "\x1b[A";

#[test]
fn a_transfer_is_invited_listed_and_ended() {
    let dir = tempfile::tempdir().expect("a directory for the audit log");
    let audit = dir.path().join("audit.jsonl");
    let audit_arg = audit.to_string_lossy().into_owned();
    let tui = Tui::start_with(&["--demo", "--audit-log", &audit_arg]);
    tui.wait_for("Root");
    tui.send("9");
    tui.wait_for("Billing of Northwind (acquired)");
    tui.wait_for("ACCEPTED");

    // Invite another organization's management account.
    tui.send(CTRL_N);
    tui.wait_for("Invite an organization to transfer its billing");
    tui.send("535353535353\t\tFabrikam billing\r");
    tui.wait_for("Invite the management account 535353535353 to transfer its billing");
    tui.send("y");
    tui.wait_until("the invitation listed as REQUESTED", |s| {
        row_with(s, "Fabrikam billing", "REQUESTED")
    });

    // End the accepted one at the end of this month.
    tui.send(UP);
    tui.send(CTRL_X);
    tui.wait_for("End responsibility transfer");
    tui.send("\r");
    tui.wait_for("the transfer becomes WITHDRAWN");
    tui.send("y");
    tui.wait_until("the accepted transfer listed as WITHDRAWN", |s| {
        row_with(s, "Billing of Northwind (acquired)", "WITHDRAWN")
    });

    let text = std::fs::read_to_string(&audit).expect("the audit log");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    for op in [
        "InviteOrganizationToTransferResponsibility",
        "TerminateResponsibilityTransfer",
    ] {
        let phases: Vec<&str> = lines
            .iter()
            .filter(|l| l["operation"] == op)
            .filter_map(|l| l["phase"].as_str())
            .collect();
        assert_eq!(phases, ["attempt", "outcome"], "{op}: {text}");
        assert!(
            lines
                .iter()
                .any(|l| l["operation"] == op && l["outcome"] == "success"),
            "{op}: {text}"
        );
    }
}

/// Whether one row of the screen holds both texts (the list, not a dialog's sentence).
fn row_with(s: &vt100::Screen, name: &str, status: &str) -> bool {
    let (rows, _) = s.size();
    (0..rows).any(|r| {
        let row = e2e_support::row_text(s, r);
        row.contains(name) && row.contains(&format!(" {status} "))
    })
}
