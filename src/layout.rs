//! Where each pane goes: one pure function of the terminal size, shared by `app` (paging
//! and scrolling use `tree_height`) and `ui` (drawing), so neither depends on the other.

use ratatui::layout::{Constraint, Layout, Rect};

pub struct Areas {
    pub title: Rect,
    pub tree: Rect,
    pub detail: Rect,
    pub policies: Rect,
    /// The latest message, or the filter or palette being typed.
    pub status: Rect,
    /// The keys that act in the focused pane, ending with "? help".
    pub hints: Rect,
    /// The whole space between title and status line (for full-width views).
    pub main: Rect,
}

pub fn areas(area: Rect) -> Areas {
    let [title, main, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    // Wide screens give the extra room to the detail pane (ARNs are long); narrow ones
    // keep half for the tree, side by side: stacked, the tree would show half the rows.
    let tree_pct = if area.width >= 110 { 42 } else { 50 };
    let [tree, right] =
        Layout::horizontal([Constraint::Percentage(tree_pct), Constraint::Min(10)]).areas(main);
    let [detail, policies] =
        Layout::vertical([Constraint::Percentage(58), Constraint::Min(4)]).areas(right);
    Areas {
        title,
        tree,
        detail,
        policies,
        status,
        hints,
        main,
    }
}

/// Rows inside the tree pane (without its borders).
pub fn tree_height(size: (u16, u16)) -> usize {
    let a = areas(Rect::new(0, 0, size.0, size.1));
    a.tree.height.saturating_sub(2) as usize
}

/// The policies view (2) in `main`: the policy list (left), its targets and its document
/// (right, one above the other).
pub fn policies_view(main: Rect) -> [Rect; 3] {
    // Narrow screens give the names of the list half the width, not less.
    let list_pct = if main.width < 100 { 50 } else { 45 };
    let [list, right] =
        Layout::horizontal([Constraint::Percentage(list_pct), Constraint::Min(20)]).areas(main);
    let [targets, document] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Min(3)]).areas(right);
    [list, targets, document]
}

/// The accounts view (3) in `main`: the list, and the selected account's detail below.
pub fn accounts_view(main: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(main)
}

/// A bordered pane's inside.
pub fn inner(pane: Rect) -> Rect {
    pane.inner(ratatui::layout::Margin::new(1, 1))
}

/// The accounts view's rows: inside its list pane, below the column headers.
pub fn accounts_rows(list: Rect) -> Rect {
    let inside = inner(list);
    Rect {
        y: inside.y + inside.height.min(1),
        height: inside.height.saturating_sub(1),
        ..inside
    }
}

/// The index of the first row to draw so that `selected` stays in a window of `height`.
pub fn window_start(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}
