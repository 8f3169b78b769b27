//! The tree view's keys: moving the selection, expanding and collapsing, the detail and
//! policy panes, refreshing and copying.

use crate::keymap::Action;

use super::load;
use super::model::{Model, Pane, Status};
use super::msg::{Cmd, Fetch};
use super::nav::{expand, moved, page_rows, reveal, select};

pub fn on_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::NextPane => cycle_focus(m, true),
        Action::PrevPane => cycle_focus(m, false),
        Action::Refresh => refresh_selected(m, cmds),
        Action::RefreshAll => super::crawl::refresh_all(m, cmds),
        Action::ExpandAll => match m.selected {
            Some(ix) if m.nodes[ix].is_parent() => super::crawl::start(m, ix, true, cmds),
            _ => {
                m.status = Some(Status::Info(
                    "Select the root or an OU to read and expand everything below it".into(),
                ))
            }
        },
        Action::Copy => {
            if let Some(id) = copy_target(m) {
                m.status = Some(Status::Info(format!("Copied {}", crate::text::safe(&id))));
                cmds.push(Cmd::Copy(id));
            }
        }
        _ => match m.focus {
            Pane::Tree => on_tree_action(m, action, cmds),
            Pane::Detail => on_detail_action(m, action),
            Pane::Policies => on_policy_action(m, action, cmds),
        },
    }
}

fn copy_target(m: &Model) -> Option<String> {
    let ix = m.selected?;
    if m.focus == Pane::Policies {
        let rows = m.policy_rows(ix);
        return rows.get(m.policy_selected).map(|r| r.policy.id.clone());
    }
    Some(m.node(ix).id.clone())
}

fn cycle_focus(m: &mut Model, forward: bool) {
    const ORDER: [Pane; 3] = [Pane::Tree, Pane::Detail, Pane::Policies];
    let at = ORDER.iter().position(|&p| p == m.focus).unwrap_or(0);
    let next = if forward {
        at + 1
    } else {
        at + ORDER.len() - 1
    };
    m.focus = ORDER[next % ORDER.len()];
    m.settled = false;
}

fn on_tree_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let at = m.selected_row().unwrap_or(0);
            let to = moved(at, m.rows.len(), action, page_rows(m));
            select(m, m.rows.get(to).map(|r| r.node));
        }
        Action::Open => {
            let Some(ix) = m.selected else { return };
            if !m.node(ix).is_parent() {
                m.focus = Pane::Policies;
                m.settled = false;
            } else if m.nodes[ix].expanded && m.filter.is_empty() {
                if let Some(&first) = m.nodes[ix].children.first() {
                    select(m, Some(first));
                }
            } else {
                expand(m, ix, cmds);
            }
        }
        Action::Close => {
            let Some(ix) = m.selected else { return };
            if m.nodes[ix].expanded && m.filter.is_empty() {
                m.nodes[ix].expanded = false;
            } else if let Some(parent) = m.nodes[ix].parent {
                select(m, Some(parent));
            }
        }
        _ => {}
    }
}

fn on_detail_action(m: &mut Model, action: Action) {
    let page = page_rows(m) as u16;
    m.detail_scroll = match action {
        Action::Up => m.detail_scroll.saturating_sub(1),
        Action::Down => m.detail_scroll.saturating_add(1),
        Action::PageUp => m.detail_scroll.saturating_sub(page),
        Action::PageDown => m.detail_scroll.saturating_add(page),
        Action::Top => 0,
        Action::Close => {
            m.focus = Pane::Tree;
            m.detail_scroll
        }
        _ => m.detail_scroll,
    };
}

fn on_policy_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let rows = m.policy_rows(ix);
    match action {
        Action::Open => {
            // On an inherited policy, go to where it is attached.
            if let Some(row) = rows.get(m.policy_selected) {
                if row.inherited {
                    let at = row.attached_to;
                    m.focus = Pane::Tree;
                    select(m, Some(at));
                    reveal(m, at, cmds);
                }
            }
        }
        Action::Close => m.focus = Pane::Tree,
        _ => {
            let to = moved(m.policy_selected, rows.len(), action, page_rows(m));
            if to != m.policy_selected {
                m.policy_selected = to;
                m.detail_scroll = 0;
                m.settled = false;
            }
        }
    }
}

/// `r`: re-reads the selected node — its children if they were listed, its details and
/// its policies. A failed load is retried the same way.
fn refresh_selected(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let id = m.nodes[ix].id.clone();
    if m.nodes[ix].children_load.is_some() {
        load::children(m, ix, cmds);
    }
    load::forget(m, &Fetch::Account { id: id.clone() });
    load::forget(m, &Fetch::OrgUnit { id: id.clone() });
    m.cache.attached.remove(&id);
    if let Some(row) = m.policy_rows(ix).get(m.policy_selected) {
        let id = row.policy.id.clone();
        load::forget(m, &Fetch::Policy { id });
    }
    m.settled = false;
    load::on_idle(m, cmds);
    m.status = Some(Status::Info(format!(
        "Refreshing {}",
        crate::text::safe(m.nodes[ix].name())
    )));
}
