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
