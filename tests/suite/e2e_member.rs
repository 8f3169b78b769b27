//! End-to-end: the demo acting as a member account (`--demo-as`) in a pty. The member is
//! told it is one and what it can do; the handshakes screen lists its own; leaving is
//! confirmed only by typing the organization id, and the demo's rule (an account the
//! organization created cannot leave without phone verification) comes back as AWS's error.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
#[allow(unused_imports)]
use crate::support;

use e2e_support::Tui;

const MEMBER: &str = "997514143401";
const ORG: &str = "o-k3x9q2m7wd";

#[test]
fn a_member_is_told_so_and_offered_its_handshakes_and_leaving() {
    let tui = Tui::start_with(&["--demo", "--demo-as", MEMBER]);
    tui.wait_for(&format!("This account ({MEMBER}) is a member of {ORG}"));
    tui.send("8");
    tui.wait_for(&format!("Handshakes of this account ({MEMBER})"));
    // Esc alone, then wait: an Esc followed at once by ':' reads as Alt-:.
    tui.send("\x1b");
    tui.wait_until("the handshakes screen closed", |s| {
        !s.contents().contains("Handshakes of this account")
    });
    tui.send(":leave-organization\r");
    tui.wait_for(&format!("Type the organization id {ORG} to confirm"));
    // A wrong id sends nothing: the confirmation stays.
    tui.send("o-wrong\r");
    tui.wait_for(&format!("Type the organization id {ORG} to confirm"));
    tui.send(&"\x7f".repeat(7));
    tui.send(&format!("{ORG}\r"));
    tui.wait_for("ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION");
}
