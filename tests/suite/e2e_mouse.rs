//! End-to-end: `orgtui --demo --mouse` in a pty. Clicks and a double-click arrive as the
//! terminal sends them (SGR mouse reports), and quitting turns mouse reporting off again
//! with the rest of the terminal restored.

#[allow(dead_code, unused_imports)]
use crate::e2e_support;
#[allow(unused_imports)]
use crate::support;

use e2e_support::{find_cells, Tui};

/// The SGR reports of a left-button press and release at a cell (0-based).
fn click(row: u16, col: u16) -> String {
    format!("\x1b[<0;{c};{r}M\x1b[<0;{c};{r}m", c = col + 1, r = row + 1)
}

fn cell_of(tui: &Tui, text: &str) -> (u16, u16) {
    let (row, cols) = tui
        .with_screen(|s| find_cells(s, text))
        .unwrap_or_else(|| panic!("{text} is not on screen:\n{}", tui.screen()));
    (row, cols[0])
}

#[test]
fn clicks_select_a_double_click_expands_and_quitting_releases_the_mouse() {
    let mut tui = Tui::start_with(&["--demo", "--mouse"]);
    tui.wait_for("Sandbox");
    assert_ne!(
        tui.with_screen(|s| s.mouse_protocol_mode()),
        vt100::MouseProtocolMode::None,
        "mouse reporting is on"
    );
    let (row, col) = cell_of(&tui, "Security");
    tui.send(&click(row, col));
    tui.wait_selected("Security");
    let (row, col) = cell_of(&tui, "Sandbox");
    tui.send(&format!("{}{}", click(row, col), click(row, col)));
    tui.wait_for("sandbox-alice");
    tui.wait_selected("Sandbox");
    tui.send("q");
    tui.wait_exit();
    assert!(!tui.in_alternate_screen(), "the alternate screen was left");
    assert_eq!(
        tui.with_screen(|s| s.mouse_protocol_mode()),
        vt100::MouseProtocolMode::None,
        "mouse reporting is off again"
    );
}

#[test]
fn without_the_flag_the_mouse_is_left_to_the_terminal() {
    let mut tui = Tui::start_with(&["--demo"]);
    tui.wait_for("Sandbox");
    assert_eq!(
        tui.with_screen(|s| s.mouse_protocol_mode()),
        vt100::MouseProtocolMode::None
    );
    tui.send("q");
    tui.wait_exit();
}
