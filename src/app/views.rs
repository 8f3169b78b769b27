//! The policies view (every policy by type, and where it is attached) and the flat
//! accounts view.

use crate::keymap::Action;

use super::cache::{Loadable, Slot, State};
use super::model::{Model, View};
use super::msg::{Cmd, Fetch};
use super::nav::{jump_to, moved, page_rows};
use super::{crawl, load};

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
                if m.crawl.is_none() && !crawl::is_read(m, root) {
                    crawl::start(m, root, false, cmds);
                }
            }
        }
        _ => {}
    }
}

pub fn on_policies_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    let v = &mut m.policies_view;
    match action {
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
        Action::NextPane | Action::PrevPane => v.on_targets = !v.on_targets,
        Action::Close if v.on_targets => v.on_targets = false,
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
        Action::Copy => {
            if let Some(p) = m.visible_policies().get(m.policies_view.selected) {
                cmds.push(Cmd::Copy(p.id.clone()));
            }
        }
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
    match action {
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
        Action::Copy => {
            if let Some(id) = selected {
                cmds.push(Cmd::Copy(id));
            }
        }
        Action::NextPane | Action::PrevPane => {}
        Action::SortNext => {
            m.accounts_view.sort = m.accounts_view.sort.next();
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
