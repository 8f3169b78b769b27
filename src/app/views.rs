//! The policies view (every policy by type, and where it is attached) and the flat
//! accounts view.

use crate::keymap::Action;

use super::cache::{Loadable, Slot, State};
use super::model::{Model, View};
use super::msg::{Cmd, Fetch};
use super::nav::{jump_to, moved, page_rows, select};
use super::tree::{copy, info};
use super::{changes, load, subtree};

/// Loads what a view lists the first time it is shown (or after it failed).
pub fn ensure_view_loaded(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let wanted = |s: State| matches!(s, State::Absent | State::Failed);
    match m.view {
        View::Policies if wanted(m.cache.policies.state()) => load::policies(m, cmds),
        View::Accounts => {
            if wanted(m.cache.accounts.state()) {
                load::all_accounts(m, cmds);
            }
            // The OU path column comes from the tree: read it whole (the minimum calls).
            if let Some(&root) = m.roots.first() {
                if m.crawl.is_none() && !subtree::is_read(m, root) {
                    subtree::start(m, root, false, cmds);
                }
            }
        }
        _ => {}
    }
}

/// The label of the main key bound to `action` ("m"), for messages.
fn key_of(action: Action) -> &'static str {
    crate::keymap::main_bindings()
        .find(|b| b.action == action)
        .map_or("that key", |b| b.label)
}

/// Keys of the tree view that the lists cannot act on: says why, and where they work.
/// Returns whether `action` was one of them.
fn tree_only(m: &mut Model, action: Action) -> bool {
    let key = key_of(action);
    let why = match action {
        _ if m.context.read_only && changes::is_change_key(action) => {
            changes::READ_ONLY.to_string()
        }
        Action::Attach => {
            "a attaches to an OU or account: press 1, select it in the tree, then a".into()
        }
        Action::Detach => {
            "d detaches in the tree: Enter goes to a target, Tab to its policies, then d".into()
        }
        Action::Move => "m moves accounts: Enter goes to a target in the tree, then m".into(),
        Action::Mark | Action::UnmarkAll => {
            format!("{key} marks accounts in the tree view: press 1 to go there")
        }
        Action::NewOu | Action::RenameOu | Action::DeleteOu => {
            format!("{key} works on OUs in the tree view: press 1 to go there")
        }
        Action::ExpandAll => "* expands the tree: press 1 to go there".into(),
        Action::SortNext | Action::SortReverse | Action::StateFilter
            if m.view == View::Policies =>
        {
            format!("{key} sorts and filters the accounts view: press 3 to go there")
        }
        _ => return false,
    };
    info(m, why);
    true
}

pub fn on_policies_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    if tree_only(m, action) {
        return;
    }
    let v = &mut m.policies_view;
    match action {
        Action::RefreshAll => subtree::refresh_all(m, cmds),
        Action::Refresh => {
            let selected = m
                .visible_policies()
                .get(m.policies_view.selected)
                .map(|p| p.id.clone());
            if let Some(id) = selected {
                load::forget(m, &Fetch::Targets { policy: id.clone() });
                load::forget(m, &Fetch::Policy { id });
            }
            load::policies(m, cmds);
            m.settled = false;
        }
        // Tab: the list → its targets → the document → the list; Shift-Tab back.
        Action::NextPane | Action::PrevPane => {
            let panes = [(false, false), (true, false), (false, true)];
            let at = panes
                .iter()
                .position(|&p| p == (v.on_targets, v.on_document))
                .unwrap_or(0);
            let step = if action == Action::NextPane { 1 } else { 2 };
            (v.on_targets, v.on_document) = panes[(at + step) % 3];
        }
        Action::Close if v.on_targets || v.on_document => {
            v.on_targets = false;
            v.on_document = false;
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top
            if v.on_document =>
        {
            let page = i32::try_from(page_rows(m)).unwrap_or(10);
            let rows = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -page,
                Action::PageDown => page,
                _ => i32::from(i16::MIN),
            };
            if let Some(id) = selected_policy_id(m) {
                m.scroll_doc(&id, rows);
            }
        }
        Action::Close => {
            m.view = View::Tree;
            m.filter.clear();
        }
        Action::Open if !v.on_targets => {
            v.on_targets = true;
            v.target_selected = 0;
        }
        Action::Open => {
            let target = selected_policy_targets(m)
                .and_then(|t| t.get(m.policies_view.target_selected).cloned());
            if let Some(target) = target {
                jump_to(m, &target, cmds);
            }
        }
        Action::Copy if v.on_targets => {
            let target = selected_policy_targets(m)
                .and_then(|t| t.get(m.policies_view.target_selected).cloned());
            match target {
                Some(id) => copy(m, "target id".into(), id, cmds),
                None => info(m, "Nothing to copy: no target is selected"),
            }
        }
        Action::Copy => match m.visible_policies().get(m.policies_view.selected) {
            Some(p) => {
                let id = p.id.clone();
                copy(m, "policy id".into(), id, cmds)
            }
            None => info(m, "Nothing to copy: no policy is selected"),
        },
        _ if v.on_targets => {
            let len = selected_policy_targets(m).map_or(0, |t| t.len());
            m.policies_view.target_selected =
                moved(m.policies_view.target_selected, len, action, page_rows(m));
        }
        _ => {
            let len = m.visible_policies().len();
            let to = moved(m.policies_view.selected, len, action, page_rows(m));
            if to != m.policies_view.selected {
                m.policies_view.selected = to;
                m.policies_view.target_selected = 0;
                m.settled = false;
            }
        }
    }
}

fn selected_policy_id(m: &Model) -> Option<String> {
    let p = m
        .visible_policies()
        .get(m.policies_view.selected)
        .map(|p| p.id.clone());
    p
}

fn selected_policy_targets(m: &Model) -> Option<Vec<String>> {
    let policy = m
        .visible_policies()
        .get(m.policies_view.selected)?
        .id
        .clone();
    match m.cache.policy_targets.get(&policy) {
        Some(Loadable::Loaded(t)) => Some(t.iter().map(|t| t.target_id.clone()).collect()),
        _ => None,
    }
}

pub fn on_accounts_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    let selected = m
        .visible_accounts()
        .get(m.accounts_view.selected)
        .map(|a| a.id.clone());
    if action == Action::Move && !m.context.read_only {
        return move_from_list(m, selected, cmds);
    }
    if tree_only(m, action) {
        return;
    }
    match action {
        Action::RefreshAll => subtree::refresh_all(m, cmds),
        Action::Refresh => {
            if let Some(id) = &selected {
                load::forget(m, &Fetch::Account { id: id.clone() });
                load::forget(m, &Fetch::Ancestors { id: id.clone() });
            }
            load::all_accounts(m, cmds);
            m.settled = false;
        }
        Action::Open => {
            if let Some(id) = selected {
                jump_to(m, &id, cmds);
            }
        }
        Action::Close => {
            m.view = View::Tree;
            m.filter.clear();
        }
        Action::Copy => match selected {
            Some(id) => copy(m, "account id".into(), id, cmds),
            None => info(m, "Nothing to copy: no account is selected"),
        },
        Action::NextPane | Action::PrevPane => info(
            m,
            "This view is one list: Enter shows the account in the tree, with its panes",
        ),
        Action::SortNext => {
            m.accounts_view.sort = m.accounts_view.sort.next();
            m.accounts_view.selected = 0;
        }
        Action::SortReverse => {
            m.accounts_view.descending = !m.accounts_view.descending;
            m.accounts_view.selected = 0;
        }
        Action::StateFilter => {
            use crate::org::AccountState::*;
            m.accounts_view.state = match m.accounts_view.state {
                None => Some(Active),
                Some(Active) => Some(Suspended),
                Some(Suspended) => Some(PendingClosure),
                Some(PendingClosure) => Some(Closed),
                Some(Closed) => Some(PendingActivation),
                Some(PendingActivation) => None,
            };
            m.accounts_view.selected = 0;
        }
        _ => {
            let len = m.visible_accounts().len();
            let to = moved(m.accounts_view.selected, len, action, page_rows(m));
            if to != m.accounts_view.selected {
                m.accounts_view.selected = to;
                m.settled = false;
            }
        }
    }
}

/// `m` in the accounts view: moves the selected account (or the marked ones) as in the
/// tree, once its place in the tree is known (the view reads the whole tree).
fn move_from_list(m: &mut Model, selected: Option<String>, cmds: &mut Vec<Cmd>) {
    let Some(id) = selected else {
        return info(m, "Nothing to move: no account is selected");
    };
    match m.index.get(&id).copied() {
        Some(ix) if m.node(ix).parent.is_some() => {
            select(m, Some(ix));
            changes::on_action(m, Action::Move, cmds);
        }
        _ => info(
            m,
            "Its OU is still being read: m works once the OU path column shows it",
        ),
    }
}
