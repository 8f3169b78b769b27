//! The mouse (opt-in): a click selects the row under the pointer and focuses its pane,
//! the wheel scrolls the pane under the pointer, a double-click expands or collapses a
//! tree node (or opens a list entry). Hit-testing uses `layout`, as drawing does.
//! A click closes the help; the wheel scrolls the describe view (it only shows); otherwise,
//! outside the main panes' normal mode (dialogs, the filter and command lines) the mouse
//! does nothing: no change is ever confirmed by a click.

use ratatui::layout::{Position, Rect};

use crate::keymap::Action;
use crate::layout::{self, inner, window_start};

use super::cache::Loadable;
use super::describe;
use super::dialogs::Dialog;
use super::model::{Mode, Model, Pane, View};
use super::msg::Cmd;
use super::nav::select;
use super::{tree, views};

/// What the pointer did, and where (terminal cells from the top left). Double-clicks
/// are told apart by the event loop, which has the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pointer {
    pub kind: PointerKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerKind {
    Click,
    DoubleClick,
    WheelUp,
    WheelDown,
}

/// The row of `pane`'s inside under the pointer, counted from its first row.
fn row_in(pane: Rect, p: Pointer) -> Option<usize> {
    let inside = inner(pane);
    inside
        .contains(Position::new(p.column, p.row))
        .then(|| usize::from(p.row - inside.y))
}

fn hit(pane: Rect, p: Pointer) -> bool {
    pane.contains(Position::new(p.column, p.row))
}

pub fn on_pointer(m: &mut Model, p: Pointer, cmds: &mut Vec<Cmd>) {
    // A click closes the help as any key does; nothing else reaches an overlay.
    if m.mode == Mode::Help && p.kind == PointerKind::Click {
        m.mode = Mode::Normal;
        return;
    }
    // The describe view changes nothing, so the wheel may scroll it (3 rows a notch, as
    // over a policy document).
    if let Mode::Dialog(Dialog::Describe(_)) = &m.mode {
        let by = match p.kind {
            PointerKind::WheelUp => -3,
            PointerKind::WheelDown => 3,
            PointerKind::Click | PointerKind::DoubleClick => return,
        };
        let mode = std::mem::replace(&mut m.mode, Mode::Normal);
        if let Mode::Dialog(Dialog::Describe(mut d)) = mode {
            describe::scroll_by(m, &mut d, by);
            m.mode = Mode::Dialog(Dialog::Describe(d));
        }
        return;
    }
    if m.mode != Mode::Normal || !matches!(m.org, Some(Loadable::Loaded(_))) {
        return;
    }
    let main = layout::areas(Rect::new(0, 0, m.size.0, m.size.1));
    match m.view {
        View::Tree => on_tree_view(m, main, p, cmds),
        View::Policies => on_policies_view(m, main.main, p, cmds),
        View::Accounts => on_accounts_view(m, main.main, p, cmds),
        View::Creations => {}
    }
}

fn wheel(p: Pointer) -> Option<Action> {
    match p.kind {
        PointerKind::WheelUp => Some(Action::Up),
        PointerKind::WheelDown => Some(Action::Down),
        PointerKind::Click | PointerKind::DoubleClick => None,
    }
}

fn on_tree_view(m: &mut Model, a: layout::Areas, p: Pointer, cmds: &mut Vec<Cmd>) {
    let panes = [
        (Pane::Tree, a.tree),
        (Pane::Detail, a.detail),
        (Pane::Policies, a.policies),
    ];
    let Some(&(pane, area)) = panes.iter().find(|(_, area)| hit(*area, p)) else {
        return;
    };
    if let Some(action) = wheel(p) {
        // Over the detail pane showing a policy (the policy pane has the focus): the
        // wheel scrolls its document.
        let policy = m.selected.and_then(|ix| {
            let rows = m.policy_rows(ix);
            rows.get(m.policy_selected).map(|r| r.policy.id.clone())
        });
        if let (Pane::Detail, Pane::Policies, Some(id)) = (pane, m.focus, policy) {
            m.scroll_doc(&id, if action == Action::Up { -3 } else { 3 });
            return;
        }
        // The pane under the pointer scrolls; the focus stays where it was.
        let focus = std::mem::replace(&mut m.focus, pane);
        tree::on_action(m, action, cmds);
        m.focus = focus;
        return;
    }
    if m.focus != pane {
        m.focus = pane;
        m.settled = false;
    }
    let Some(r) = row_in(area, p) else { return };
    match pane {
        Pane::Tree => {
            let Some(ix) = m.rows.get(m.tree_offset + r).map(|row| row.node) else {
                return;
            };
            select(m, Some(ix));
            if p.kind == PointerKind::DoubleClick && m.nodes[ix].is_parent() {
                let toggle = if m.nodes[ix].expanded && m.filter.is_empty() {
                    Action::Close
                } else {
                    Action::Open
                };
                tree::on_action(m, toggle, cmds);
            }
        }
        Pane::Policies => {
            let Some(ix) = m.selected else { return };
            let height = usize::from(inner(area).height);
            let at = window_start(m.policy_selected, height) + r;
            if at < m.policy_rows(ix).len() {
                m.policy_selected = at;
            }
        }
        Pane::Detail => {}
    }
}

fn on_policies_view(m: &mut Model, main: Rect, p: Pointer, cmds: &mut Vec<Cmd>) {
    let [list, targets, document] = layout::policies_view(main);
    // The wheel over the document scrolls it (a click gives it the keys).
    if hit(document, p) {
        let policy = m
            .visible_policies()
            .get(m.policies_view.selected)
            .map(|p| p.id.clone());
        match (wheel(p), policy) {
            (Some(a), Some(id)) => m.scroll_doc(&id, if a == Action::Up { -3 } else { 3 }),
            (None, _) => {
                m.policies_view.on_targets = false;
                m.policies_view.on_document = true;
            }
            _ => {}
        }
        return;
    }
    let on_targets = if hit(list, p) {
        false
    } else if hit(targets, p) {
        true
    } else {
        return;
    };
    if let Some(action) = wheel(p) {
        let focus = std::mem::replace(&mut m.policies_view.on_targets, on_targets);
        views::on_policies_action(m, action, cmds);
        m.policies_view.on_targets = focus;
        return;
    }
    m.policies_view.on_targets = on_targets;
    let Some(r) = row_in(if on_targets { targets } else { list }, p) else {
        return;
    };
    let height = usize::from(inner(list).height);
    if on_targets {
        let v = &m.policies_view;
        let policy = m.visible_policies().get(v.selected).map(|p| p.id.clone());
        let len = match policy.and_then(|id| m.cache.policy_targets.get(&id)) {
            Some(Loadable::Loaded(t)) => t.len(),
            _ => 0,
        };
        let at = window_start(v.target_selected, usize::from(inner(targets).height)) + r;
        if at < len {
            m.policies_view.target_selected = at;
            if p.kind == PointerKind::DoubleClick {
                views::on_policies_action(m, Action::Open, cmds);
            }
        }
    } else {
        let at = window_start(m.policies_view.selected, height) + r;
        if at < m.visible_policies().len() && at != m.policies_view.selected {
            m.policies_view.selected = at;
            m.policies_view.target_selected = 0;
            m.settled = false;
        }
    }
}

fn on_accounts_view(m: &mut Model, main: Rect, p: Pointer, cmds: &mut Vec<Cmd>) {
    let [list, _] = layout::accounts_view(main);
    if !hit(list, p) {
        return;
    }
    if let Some(action) = wheel(p) {
        views::on_accounts_action(m, action, cmds);
        return;
    }
    // Below the column headers.
    let rows = layout::accounts_rows(list);
    if !rows.contains(Position::new(p.column, p.row)) {
        return;
    }
    let r = usize::from(p.row - rows.y);
    let at = window_start(m.accounts_view.selected, usize::from(rows.height)) + r;
    if at >= m.visible_accounts().len() {
        return;
    }
    if at != m.accounts_view.selected {
        m.accounts_view.selected = at;
        m.settled = false;
    }
    if p.kind == PointerKind::DoubleClick {
        // Shows the account in the tree, as Enter does.
        views::on_accounts_action(m, Action::Open, cmds);
    }
}
