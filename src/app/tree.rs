//! The tree view's keys: moving the selection, expanding and collapsing, the detail and
//! policy panes, refreshing and copying.

use crate::keymap::Action;

use super::fields::node_fields;
use super::load;
use super::model::{Model, Pane, Status};
use super::msg::{Cmd, Fetch};
use super::nav::{expand, moved, page_rows, reveal, select};

pub fn on_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::NextPane => cycle_focus(m, true),
        Action::PrevPane => cycle_focus(m, false),
        Action::Refresh => refresh_selected(m, cmds),
        Action::RefreshAll => super::subtree::refresh_all(m, cmds),
        Action::ExpandAll => match m.selected {
            Some(ix) if m.nodes[ix].is_parent() => super::subtree::start(m, ix, true, cmds),
            _ => {
                m.status = Some(Status::Info(
                    "Select the root or an OU to read and expand everything below it".into(),
                ))
            }
        },
        Action::Copy => match copy_target(m) {
            Some((what, text)) => copy(m, what, text, cmds),
            None => info(m, "Nothing to copy: nothing is selected"),
        },
        Action::SortNext | Action::SortReverse | Action::StateFilter => info(
            m,
            "o, O and f sort and filter the accounts view: press 3 to go there",
        ),
        _ => match m.focus {
            Pane::Tree => on_tree_action(m, action, cmds),
            Pane::Detail => on_detail_action(m, action),
            Pane::Policies => on_policy_action(m, action, cmds),
        },
    }
}

/// What `y` copies, and how the status line names it: the focused field of the detail
/// pane, the selected policy's id, or the selected node's id.
fn copy_target(m: &Model) -> Option<(String, String)> {
    let ix = m.selected?;
    match m.focus {
        Pane::Policies => {
            let rows = m.policy_rows(ix);
            let p = &rows.get(m.policy_selected)?.policy;
            Some(("policy id".into(), p.id.clone()))
        }
        Pane::Detail => {
            let fields = node_fields(m, ix);
            let field = fields.get(m.detail_field.min(fields.len().saturating_sub(1)))?;
            let label = if field.label.is_empty() {
                "tag"
            } else {
                field.label
            };
            Some((label.to_lowercase(), field.value.clone()))
        }
        Pane::Tree => Some(("id".into(), m.node(ix).id.clone())),
    }
}

/// Copies `text` (to the terminal's clipboard) and says so.
pub(super) fn copy(m: &mut Model, what: String, text: String, cmds: &mut Vec<Cmd>) {
    info(m, format!("Copied {what} {}", crate::text::safe(&text)));
    cmds.push(Cmd::Copy(text));
}

pub(super) fn info(m: &mut Model, text: impl Into<String>) {
    m.status = Some(Status::Info(text.into()));
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
                m.set_expanded(ix, false);
            } else if let Some(parent) = m.nodes[ix].parent {
                select(m, Some(parent));
            }
        }
        _ => {}
    }
}

/// In the detail pane the keys move between fields (`y` copies the focused one).
fn on_detail_action(m: &mut Model, action: Action) {
    match action {
        Action::Close => m.focus = Pane::Tree,
        Action::Open => {
            info(
                m,
                "A field has nothing to open: y copies it, Esc goes back to the tree",
            );
        }
        _ => {
            let len = m.selected.map_or(0, |ix| node_fields(m, ix).len());
            m.detail_field = moved(m.detail_field, len, action, page_rows(m));
        }
    }
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
        // j/k choose the policy; PgDn/PgUp scroll its document in the detail pane.
        Action::PageDown | Action::PageUp => {
            if let Some(row) = rows.get(m.policy_selected) {
                let page = i32::try_from(page_rows(m)).unwrap_or(10);
                let rows = if action == Action::PageDown {
                    page
                } else {
                    -page
                };
                m.scroll_doc(&row.policy.id.clone(), rows);
            }
        }
        _ => {
            let to = moved(m.policy_selected, rows.len(), action, page_rows(m));
            if to != m.policy_selected {
                m.policy_selected = to;
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
    super::admin_fetch::forget_details(m, &id);
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
