//! The entry point `update` (one message in, commands out). It only dispatches: keys by
//! mode, view and focus (actions in `actions`); replies through `load`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::keymap::{action_for, Action, Scope};

use super::describe::{self, Exit};
use super::dialogs::Dialog;
use super::load::{self, Arrived};
use super::model::{Mode, Model, Pane, Status, View};
use super::msg::{Cmd, Job, Msg};
use super::{actions, changes, nav, subtree};

pub fn update(m: &mut Model, msg: Msg) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    match msg {
        Msg::Key(key) => {
            // A key means the user moved on from a key waiting for a read.
            m.resume = None;
            on_key(m, key, &mut cmds)
        }
        Msg::Paste(text) => on_paste(m, &text),
        Msg::Resize(w, h) => m.size = (w, h),
        Msg::Mouse(pointer) => super::mouse::on_pointer(m, pointer, &mut cmds),
        Msg::Idle => {
            load::on_idle(m, &mut cmds);
            if std::mem::take(&mut m.drafts_dirty) {
                cmds.push(Cmd::SaveDrafts(m.drafts.clone()));
            }
            if std::mem::take(&mut m.creations.dirty) {
                cmds.push(Cmd::SaveCreations(m.creations.tracked.clone()));
            }
        }
        Msg::Drawn => {
            if let Mode::Dialog(Dialog::Confirm(c)) = &mut m.mode {
                c.armed = true;
            }
        }
        Msg::Throttle(status) => m.throttle = Some(status),
        Msg::Exported(Ok(path)) => {
            m.status = Some(Status::Info(format!("Wrote {}", crate::text::safe(&path))))
        }
        Msg::Exported(Err(why)) => super::command::failed(m, why),
        Msg::Unfinished(list) => changes::on_unfinished(m, list),
        Msg::Creations(list) => super::creation::resume(m, list, &mut cmds),
        Msg::Edited(result) => changes::on_edited(m, result),
        Msg::Contexts(list) => m.contexts = list,
        Msg::PlanOpened(result) => super::plan_screen::opened(m, result),
        Msg::PlansInterrupted(files) => super::plan_screen::interrupted(m, files),
        Msg::PlanResumable { path, result } => super::plan_screen::resumable(m, path, result),
        Msg::PlanUndo(result) => super::plan_screen::undone(m, result),
        Msg::SsoLoggedIn(result) => super::contexts::sso_logged_in(m, result, &mut cmds),
        Msg::Drafts(drafts) => {
            if !drafts.is_empty() {
                m.status = Some(Status::Info(format!(
                    "{} unsaved policy draft(s) from an earlier session: n (new) or e (on the policy) in the policies view reopens them",
                    drafts.len()
                )));
            }
            m.drafts = drafts;
        }
        Msg::Sts(reply) => super::caller::on_reply(m, reply, &mut cmds),
        Msg::Reply { req, result } => {
            let (arrived, wakes) = load::on_reply(m, req, result);
            on_arrived(m, arrived, &mut cmds);
            // Only the work that waits for this kind of read goes on.
            if wakes.verify {
                changes::on_verified(m, &mut cmds);
            }
            if wakes.resume {
                changes::resume(m, &mut cmds);
            }
        }
    }
    m.remember_status();
    // Whatever opened or closed a confirmation: its what-if is asked, or stopped.
    super::whatif::tick(m, &mut cmds);
    m.refresh_rows();
    // Every path that changes the tree must say so; tests catch one that does not.
    debug_assert_eq!(m.rows, m.derive_rows(), "rows out of date");
    m.refresh_accounts();
    debug_assert!(m.accounts_index_is_right(), "accounts view out of date");
    nav::keep_selection_visible(m);
    let forgotten = m.requests.take_forgotten();
    if !forgotten.is_empty() {
        cmds.push(Cmd::Work(Job::Cancel(forgotten)));
    }
    cmds
}

/// What a reply needs beyond being filed away.
fn on_arrived(m: &mut Model, arrived: Arrived, cmds: &mut Vec<Cmd>) {
    match arrived {
        Arrived::Nothing => {}
        Arrived::Roots => {
            nav::on_roots(m, cmds);
            changes::say_if_member(m);
        }
        Arrived::PolicyTypes => {
            nav::on_roots(m, cmds);
            changes::say_if_member(m);
            load::policies(m, cmds);
        }
        Arrived::Path => nav::advance_jump(m, cmds),
        Arrived::Listed(ix) => {
            // The root read afresh: what is on screen is no longer only the snapshot's.
            if m.roots.first() == Some(&ix) {
                m.cached = None;
            }
            nav::advance_jump(m, cmds);
            subtree::on_listed(m, ix, cmds);
            super::command::goto_if_read(m, cmds);
        }
        Arrived::SubtreeDone { failed } => {
            subtree::on_done(m, failed, cmds);
            super::command::goto_if_read(m, cmds);
        }
        Arrived::OrgUnitsOf { children } => changes::on_org_units_of(m, children, cmds),
        Arrived::DeleteCheck { ou, children } => changes::on_delete_check(m, ou, children),
        Arrived::Changed(changed) if super::creation::owns(m, &changed) => {
            super::creation::on_moved(m, changed, cmds)
        }
        Arrived::Changed(changed) => changes::on_changed(m, changed, cmds),
        Arrived::Lifecycle(wait, result) => super::creation::on_reply(m, wait, result, cmds),
        Arrived::Judge => super::evaluate::judge(m, cmds),
        Arrived::PlanApplied => {
            // Everything on screen is read again: the plan may have changed any of it.
            let status = m.status.take();
            actions::run_action(m, crate::keymap::Action::RefreshAll, cmds);
            m.status = status;
        }
        Arrived::Checked { id, result } => {
            if let Mode::Dialog(Dialog::Unfinished(u)) = &mut m.mode {
                u.answered(&id, result);
            }
        }
    }
}

fn on_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    // Only presses: some terminals also report releases and repeats.
    if key.kind != KeyEventKind::Press {
        return;
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        if changes::quit_requested(m) {
            actions::quit(m, cmds);
        }
        return;
    }
    if m.sts.exports.is_some() {
        super::caller::on_exports_key(m, key, cmds);
        return;
    }
    match m.mode {
        Mode::Help => {
            // The help scrolls when it does not fit (80×24); any other key closes it.
            m.help_scroll = match action_for(Scope::Global, &key) {
                Some(Action::Down) => m.help_scroll.saturating_add(1),
                Some(Action::Up) => m.help_scroll.saturating_sub(1),
                Some(Action::PageDown) => m.help_scroll.saturating_add(10),
                Some(Action::PageUp) => m.help_scroll.saturating_sub(10),
                _ => {
                    m.mode = Mode::Normal;
                    m.help_scroll = 0;
                    return;
                }
            };
            return;
        }
        Mode::Filter => {
            on_filter_key(m, key, cmds);
            return;
        }
        Mode::Command => {
            super::command::on_key(m, key, cmds);
            return;
        }
        Mode::Dialog(Dialog::Describe(_)) => {
            on_describe_key(m, &key, cmds);
            return;
        }
        Mode::Dialog(Dialog::Plan(_)) => {
            super::plan_screen::on_key(m, &key, cmds);
            return;
        }
        Mode::Dialog(ref d) => {
            let view = action_for(Scope::Global, &key).filter(|a| a.is_view());
            if let (true, Some(view)) = (d.is_screen_list(), view) {
                m.mode = Mode::Normal;
                return actions::run_action(m, view, cmds);
            }
            changes::on_dialog_key(m, key, cmds);
            return;
        }
        Mode::Normal => {}
    }
    let Some(action) = action_for(Scope::Global, &key) else {
        return;
    };
    if action == Action::Close && key.code == KeyCode::Esc {
        // Esc means back, as in k9s: it clears the search, and in the tree pane, where
        // there is nothing to go back to, it never collapses what is open (h and ← do).
        if !m.filter.is_empty() || (m.view == View::Tree && m.focus == Pane::Tree) {
            m.filter.clear();
            m.status = None;
            return;
        }
    }
    match action {
        Action::Command => super::command::open(m),
        action => actions::run_action(m, action, cmds),
    }
}

fn on_paste(m: &mut Model, text: &str) {
    match &mut m.mode {
        Mode::Filter => {
            if m.filter.paste(text) {
                filter_changed(m);
            }
        }
        Mode::Dialog(d) => d.on_paste(text),
        Mode::Command => super::command::on_paste(m, text),
        Mode::Normal | Mode::Help => {}
    }
}

fn on_filter_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    match action_for(Scope::Filter, &key) {
        Some(Action::Cancel) => {
            m.filter.clear();
            m.mode = Mode::Normal;
            m.status = None;
        }
        Some(Action::Accept) => {
            m.mode = Mode::Normal;
            m.status = None;
            // In the tree, Enter goes to the chosen result: the filter is put away and the
            // node shown in place, its ancestors expanded. The lists keep their filter.
            if m.view == View::Tree {
                if let Some(ix) = m.selected {
                    m.filter.clear();
                    m.rebuild_rows();
                    nav::reveal(m, ix, cmds);
                }
            }
            return;
        }
        _ => {
            if !m.filter.on_key(&key) {
                return;
            }
        }
    }
    filter_changed(m);
}

/// The selection stays put when it still matches; otherwise the first match.
fn filter_changed(m: &mut Model) {
    m.rebuild_rows();
    let filter = crate::fuzzy::Filter::new(&m.filter);
    let matches = |ix: usize| m.node_matches(ix, &filter);
    let kept = m.selected_row().is_some() && m.selected.is_some_and(matches);
    if m.view == View::Tree && !kept {
        // The first match itself, not the ancestors shown above it.
        let first = m.rows.iter().map(|r| r.node).find(|&ix| matches(ix));
        if let Some(ix) = first.or_else(|| m.rows.first().map(|r| r.node)) {
            m.selected = Some(ix);
        }
    }
    m.policies_view.selected = 0;
    m.accounts_view.selected = 0;
    m.settled = false;
}

/// The describe view's keys; what it cannot do itself (copy, edit) is done here.
fn on_describe_key(m: &mut Model, key: &KeyEvent, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(Dialog::Describe(mut d)) = std::mem::replace(&mut m.mode, Mode::Normal) else {
        return;
    };
    match describe::on_key(m, &mut d, key) {
        Exit::Stay => m.mode = Mode::Dialog(Dialog::Describe(d)),
        Exit::Close => {}
        Exit::Copy { what, text } => {
            let name = describe::title(m, &d.subject);
            m.status = Some(Status::Info(format!("Copied {what} {name}")));
            cmds.push(Cmd::Copy(text));
            m.mode = Mode::Dialog(Dialog::Describe(d));
        }
        Exit::Edit(id) => {
            super::command::show_policy(m, &id, cmds);
            if m.view == View::Policies {
                changes::on_action(m, Action::EditExternal, cmds);
            }
        }
    }
}
