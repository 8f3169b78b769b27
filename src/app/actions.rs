//! What the main layer's actions do, whether from their key (`update`) or from the
//! command palette (`command`), and the first commands at start (`init`).

use crate::keymap::Action;

use super::cache::Loadable;
use super::dialogs::Screen;
use super::load;
use super::model::{Mode, Model, Pane, Status, View};
use super::msg::Cmd;
use super::{changes, subtree, tree, views};

/// The commands to run at start-up: read the organization and its roots.
pub fn init(m: &mut Model) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    load::organization(m, &mut cmds);
    super::caller::ask_caller(m, &mut cmds);
    cmds.push(Cmd::ListContexts);
    cmds
}

/// Carries out a main-layer action (from its key or the command palette).
pub(super) fn run_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::Quit => quit(m, cmds),
        Action::Help => m.mode = Mode::Help,
        Action::Filter => {
            // The first search reads the whole organization; results stream in.
            if let Some(&root) = m.roots.first() {
                if m.crawl.is_none() && !subtree::is_read(m, root) {
                    subtree::start(m, root, false, cmds);
                }
            }
            m.mode = Mode::Filter;
            m.status = Some(Status::Info(
                "Search: type to narrow, Enter goes to the selection, Esc clears".into(),
            ));
        }
        // The palette: opened by its key in `update`; from the palette itself, it is open.
        Action::Command => {}
        Action::ViewTree => switch_view(m, View::Tree, cmds),
        Action::ViewPolicies => switch_view(m, View::Policies, cmds),
        Action::ViewAccounts => switch_view(m, View::Accounts, cmds),
        Action::ViewCreations => super::creation::open_view(m, cmds),
        // A member account, or one in no organization, has handshakes of its own.
        Action::Handshakes => changes::open_handshakes(m, cmds),
        Action::SsoLogin => super::contexts::sso_login(m, cmds),
        _ if matches!(m.org, Some(Loadable::Failed(_))) => {
            if action == Action::Refresh {
                m.status = None;
                cmds.extend(init(m));
            } else {
                m.status = Some(Status::Info(
                    "Nothing to act on: the organization could not be read (r retries, q quits)"
                        .into(),
                ));
            }
        }
        Action::Shell => super::caller::on_key(m, cmds),
        Action::Describe => match super::describe::subject(m) {
            Some(subject) => {
                super::describe::read_missing(m, &subject, cmds);
                let d = super::describe::Describe::new(subject);
                m.mode = Mode::Dialog(super::dialogs::Dialog::Describe(Box::new(d)));
            }
            None => m.status = Some(Status::Info("Nothing to describe: select something".into())),
        },
        // Tags: of the tree's selection, the policy in the policies view, or the account
        // in the accounts view.
        Action::Tags => changes::on_action(m, action, cmds),
        Action::DelegatedAdmins => changes::open_screen(m, Screen::Delegated, cmds),
        Action::TrustedServices => changes::open_screen(m, Screen::Trusted, cmds),
        Action::ResourcePolicy => changes::open_screen(m, Screen::ResourcePolicy, cmds),
        Action::Transfers => changes::open_transfers(m, cmds),
        _ => match m.view {
            View::Tree if changes::is_change_key(action) => changes::on_action(m, action, cmds),
            // Asking changes nothing: allowed read-only too.
            View::Tree if action == Action::Evaluate => super::evaluate::start(m),
            View::Tree if action == Action::Effective => super::effective::start(m, cmds),
            View::Tree => tree::on_action(m, action, cmds),
            View::Policies if changes::is_policy_key(action) => changes::on_action(m, action, cmds),
            View::Policies => views::on_policies_action(m, action, cmds),
            View::Accounts => views::on_accounts_action(m, action, cmds),
            View::Creations => super::creation::on_view_action(m, action, cmds),
        },
    }
}

pub(super) fn quit(m: &mut Model, cmds: &mut Vec<Cmd>) {
    // A plan being applied would be cut off, a staged one lost: said first, and quitting
    // again while that is on screen quits.
    if let Some(why) = super::staged::unfinished_plan(m) {
        let q = crate::keymap::label_for(crate::keymap::Scope::Global, Action::Quit);
        let ask = Status::Info(format!("{why}; {} again quits anyway", q.unwrap_or("q")));
        if m.status.as_ref() != Some(&ask) {
            m.status = Some(ask);
            return;
        }
    }
    m.quit = true;
    cmds.push(Cmd::Quit);
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
