//! Entry points: `init` (first commands) and `update` (one message in, commands out).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::keymap::{action_for, Action};

use super::model::{Loadable, Mode, Model, Pane, Pending, View};
use super::msg::{Cmd, Fetch, Msg, ReqId};
use super::{changes, details, replies, tree, views};

/// The commands to run at start-up: read the organization and its roots.
pub fn init(m: &mut Model) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    m.org = Some(Loadable::Loading);
    request(m, Pending::Organization, Fetch::Organization, &mut cmds);
    cmds
}

pub fn update(m: &mut Model, msg: Msg) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    match msg {
        Msg::Key(key) => on_key(m, key, &mut cmds),
        Msg::Resize(w, h) => m.size = (w, h),
        Msg::Idle => details::on_idle(m, &mut cmds),
        Msg::Reply { req, result } => replies::on_reply(m, req, result, &mut cmds),
    }
    m.rebuild_rows();
    tree::keep_selection_visible(m);
    cmds
}

/// Registers a request in flight and emits the command for it.
pub(super) fn request(m: &mut Model, pending: Pending, fetch: Fetch, cmds: &mut Vec<Cmd>) -> ReqId {
    let req = m.next_req;
    m.next_req += 1;
    m.pending.insert(req, pending);
    cmds.push(Cmd::Fetch { req, fetch });
    req
}

/// Drops requests in flight that match `stale`, so their replies are ignored.
pub(super) fn forget(m: &mut Model, stale: impl Fn(&Pending) -> bool) {
    m.pending.retain(|_, p| !stale(p));
}

fn on_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    // Only presses: some terminals also report releases and repeats.
    if key.kind != KeyEventKind::Press {
        return;
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        quit(m, cmds);
        return;
    }
    match m.mode {
        Mode::Help => {
            m.mode = Mode::Normal;
            return;
        }
        Mode::Filter => {
            on_filter_key(m, key);
            return;
        }
        Mode::Dialog(_) => {
            changes::on_dialog_key(m, key, cmds);
            return;
        }
        Mode::Normal => {}
    }
    let Some(action) = action_for(&key) else {
        return;
    };
    match action {
        Action::Quit => quit(m, cmds),
        Action::Help => m.mode = Mode::Help,
        Action::Filter => {
            m.mode = Mode::Filter;
            m.status = Some(super::Status::Info(
                "Filter: type to narrow, Enter to keep, Esc to clear".into(),
            ));
        }
        Action::ViewTree => switch_view(m, View::Tree, cmds),
        Action::ViewPolicies => switch_view(m, View::Policies, cmds),
        Action::ViewAccounts => switch_view(m, View::Accounts, cmds),
        Action::Close if !m.filter.is_empty() && key.code == KeyCode::Esc => {
            m.filter.clear();
            m.status = None;
        }
        _ if matches!(m.org, Some(Loadable::Failed(_))) => {
            if action == Action::Refresh {
                m.status = None;
                cmds.extend(init(m));
            }
        }
        _ => match m.view {
            View::Tree
                if changes::is_change(action)
                    || matches!(action, Action::Mark | Action::UnmarkAll) =>
            {
                changes::on_action(m, action, cmds)
            }
            View::Tree => tree::on_action(m, action, cmds),
            View::Policies => views::on_policies_action(m, action, cmds),
            View::Accounts => views::on_accounts_action(m, action, cmds),
        },
    }
}

fn quit(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.quit = true;
    cmds.push(Cmd::Quit);
}

fn on_filter_key(m: &mut Model, key: KeyEvent) {
    match key.code {
        KeyCode::Esc => {
            m.filter.clear();
            m.mode = Mode::Normal;
            m.status = None;
        }
        KeyCode::Enter => {
            m.mode = Mode::Normal;
            m.status = None;
        }
        KeyCode::Backspace => {
            m.filter.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() => {
            m.filter.push(c);
        }
        _ => return,
    }
    // The selection stays put when it still matches; otherwise the first match.
    m.rebuild_rows();
    if m.view == View::Tree && m.selected_row().is_none() {
        m.selected = m.rows.first().map(|r| r.node);
    }
    m.policies_view.selected = 0;
    m.accounts_view.selected = 0;
    m.settled = false;
}

fn switch_view(m: &mut Model, view: View, cmds: &mut Vec<Cmd>) {
    if m.view == view {
        return;
    }
    m.view = view;
    m.filter.clear();
    m.focus = Pane::Tree;
    m.settled = false;
    views::ensure_view_loaded(m, cmds);
}
