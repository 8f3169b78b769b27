//! Changing the organization: marks, moving accounts, attaching and detaching policies,
//! creating, renaming and deleting OUs. Every change goes picker/prompt → confirmation →
//! worker → re-read from the API; nothing in the tree is changed on assumption. This
//! module starts changes; `flow` carries them through their dialogs to the outcome.

mod accounts;
mod admin;
mod editing;
mod flow;
mod org;
mod quit;
mod transfers;
mod verify;

pub use admin::open_screen;
pub use editing::{on_edited, resume, Resume};
pub(super) use flow::follow;
pub use flow::{done_text, on_changed, on_dialog_key, on_unfinished};
pub use org::{
    create_organization, delete_organization, enable_all_features, leave_organization,
    open_handshakes, say_if_member,
};
pub use quit::quit_requested;
pub use transfers::open_transfers;
pub use verify::on_verified;

use crate::keymap::Action;
use crate::org::{Child, ChildType, PolicyType};
use crate::text::safe;

use super::cache::Loadable;
use super::dialogs::{Confirm, Dialog, PickFor, Picker, Plan, Prompt, PromptFor};
use super::directory::{known_ous, place};
use super::input::TextInput;
use super::load;
use super::model::{Mode, Model, NodeData, Pane, Status, View};
use super::msg::{Cmd, Fetch};

/// OUs nest at most this many levels below the root.
pub const MAX_OU_DEPTH: usize = 5;

/// Why a change key does nothing in read-only mode (whole in an 80-column dialog).
pub const READ_ONLY: &str =
    "Read-only: changes are disabled (--read-only or read_only in the config)";

/// The keys of this module: the changes, and marks (which only serve a move). Read-only
/// mode refuses them all.
pub fn is_change_key(action: Action) -> bool {
    matches!(
        action,
        Action::Mark
            | Action::UnmarkAll
            | Action::Move
            | Action::Attach
            | Action::Detach
            | Action::NewOu
            | Action::RenameOu
            | Action::DeleteOu
            | Action::EditExternal
            | Action::PolicyTypes
            | Action::CreateAccount
            | Action::RemoveAccount
            | Action::CloseAccount
            | Action::Tags
    )
}

/// Keys that act on policies in the policies view (new, edit, $EDITOR, delete, types).
pub fn is_policy_key(action: Action) -> bool {
    matches!(
        action,
        Action::NewOu
            | Action::RenameOu
            | Action::DeleteOu
            | Action::EditExternal
            | Action::PolicyTypes
    )
}

pub fn on_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        // Marks only serve a bulk move, so read-only refuses them with the changes.
        _ if m.context.read_only => info(m, READ_ONLY),
        Action::Mark => toggle_mark(m),
        Action::UnmarkAll => {
            let n = m.marked_count();
            m.nodes.iter_mut().for_each(|n| n.marked = false);
            let n = super::fields::count(n, "account", "accounts");
            m.status = Some(Status::Info(format!("Unmarked {n}")));
        }
        // In the policies view (or the policy pane) n, e, E and D act on policies.
        Action::NewOu if m.view == View::Policies => editing::start_new(m),
        Action::RenameOu | Action::EditExternal if on_policies(m) => {
            editing::start_edit(m, action == Action::EditExternal, cmds)
        }
        Action::DeleteOu if on_policies(m) => editing::start_delete(m, cmds),
        Action::EditExternal => info(m, "E edits a policy: select one in the policies view (2)"),
        Action::PolicyTypes => editing::start_policy_types(m),
        Action::Tags => admin::start_tags(m, cmds),
        Action::Move => start_move(m, cmds),
        Action::Attach => start_attach(m, cmds),
        Action::Detach => start_detach(m),
        Action::NewOu => start_prompt(m, true, cmds),
        Action::RenameOu => start_prompt(m, false, cmds),
        Action::DeleteOu => start_delete(m, cmds),
        Action::CreateAccount => accounts::start_create(m, cmds),
        Action::RemoveAccount => accounts::start_typed(m, false),
        Action::CloseAccount => accounts::start_typed(m, true),
        _ => {}
    }
}

/// Whether policy keys act on a policy: in the policies view, or the tree's policy pane.
fn on_policies(m: &Model) -> bool {
    m.view == View::Policies || m.focus == Pane::Policies
}

pub(super) fn info(m: &mut Model, text: impl Into<String>) {
    m.status = Some(Status::Info(text.into()));
}

fn toggle_mark(m: &mut Model) {
    let Some(ix) = m.selected else { return };
    if m.node(ix).account().is_none() {
        info(m, "Only accounts can be marked (Space on an account)");
        return;
    }
    m.nodes[ix].marked = !m.nodes[ix].marked;
    let n = m.marked_count();
    let what = if n == 1 { "it" } else { "them all" };
    info(m, format!("{n} marked — m moves {what}, U unmarks all"));
    // Marking moves down, as in file managers, so Space Space Space marks a run.
    if let Some(row) = m.selected_row() {
        if let Some(next) = m.rows.get(row + 1) {
            m.selected = Some(next.node);
            m.settled = false;
        }
    }
}

/// Asks for the OUs under every known parent whose OUs are not known yet, so pickers can
/// offer the whole organization; answers fan out level by level.
pub(super) fn fill_ou_directory(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let mut parents: Vec<String> = m.roots.iter().map(|&r| m.node(r).id.clone()).collect();
    for ous in m.cache.ou_dir.values().filter_map(Loadable::loaded) {
        parents.extend(ous.iter().map(|o| o.id.clone()));
    }
    for parent in parents {
        request_ou_dir(m, &parent, cmds);
    }
}

pub(super) fn request_ou_dir(m: &mut Model, parent: &str, cmds: &mut Vec<Cmd>) {
    let parent = parent.to_string();
    load::ensure(m, Fetch::OrgUnitsOf { parent }, cmds);
}

/// OUs under a parent arrived; the directory goes one level deeper.
pub fn on_org_units_of(m: &mut Model, children: Vec<String>, cmds: &mut Vec<Cmd>) {
    // Keep going only while a picker wants the whole directory.
    if matches!(m.mode, Mode::Dialog(Dialog::Picker(_))) {
        for c in children {
            request_ou_dir(m, &c, cmds);
        }
    }
}

fn start_move(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let mut accounts: Vec<String> = m
        .nodes
        .iter()
        .filter(|n| n.marked)
        .map(|n| n.id.clone())
        .collect();
    if accounts.is_empty() {
        match m.selected_node() {
            Some(n) if n.account().is_some() => accounts.push(n.id.clone()),
            _ => {
                info(
                    m,
                    "Select an account (or mark several with Space), then press m",
                );
                return;
            }
        }
    }
    m.mode = Mode::Dialog(Dialog::Picker(Picker::new(PickFor::Move { accounts })));
    fill_ou_directory(m, cmds);
}

fn selected_target(m: &Model) -> Option<String> {
    m.selected_node().map(|n| n.id.clone())
}

fn start_attach(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(target) = selected_target(m) else {
        return;
    };
    if m.enabled_policy_types().is_empty() {
        info(
            m,
            "No policy types are enabled on the root, so nothing can be attached",
        );
        return;
    }
    load::revalidate_policies(m, cmds);
    load::attached(m, &target, cmds);
    m.mode = Mode::Dialog(Dialog::Picker(Picker::new(PickFor::Attach { target })));
}

pub(super) fn scp_count(m: &Model, target: &str) -> Option<usize> {
    m.cache.attached.get(target)?.loaded().map(|l| {
        l.iter()
            .filter(|p| p.kind == PolicyType::ServiceControl)
            .count()
    })
}

fn start_detach(m: &mut Model) {
    let Some(ix) = m.selected else { return };
    if m.focus != Pane::Policies {
        info(
            m,
            "Choose the policy in the policy pane (Tab), then press d",
        );
        return;
    }
    let Some(row) = m.policy_rows(ix).get(m.policy_selected).cloned() else {
        info(m, "No policy selected");
        return;
    };
    let here = m.node(ix).id.clone();
    if row.inherited {
        let at = safe(m.node(row.attached_to).name()).into_owned();
        info(
            m,
            format!(
                "{} is inherited from {at}; detach it there (Enter goes to {at})",
                safe(&row.policy.name)
            ),
        );
        return;
    }
    if row.policy.kind == PolicyType::ServiceControl && scp_count(m, &here) == Some(1) {
        info(
            m,
            "This is the last SCP here: every root, OU and account needs at least one. Attach the replacement first (a).",
        );
        return;
    }
    let plan = Plan::Detach {
        policy: row.policy,
        target: here,
    };
    m.mode = Mode::Dialog(Dialog::Confirm(Confirm::new(plan, None)));
}

fn start_prompt(m: &mut Model, create: bool, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected else { return };
    let node = m.node(ix);
    let id = node.id.clone();
    let purpose = match (&node.data, create) {
        (NodeData::Account(_), true) => {
            info(m, "Select the root or an OU to create an OU under it");
            return;
        }
        (_, true) => {
            let depth = m.path(ix).len() - 1; // OUs between the root and here, inclusive
            if depth >= MAX_OU_DEPTH {
                info(m, format!("OUs nest at most {MAX_OU_DEPTH} levels below the root; this OU is at level {depth}"));
                return;
            }
            PromptFor::CreateOu { parent: id.clone() }
        }
        (NodeData::Ou(_), false) => PromptFor::RenameOu { ou: id.clone() },
        _ => {
            info(m, "Only an OU can be renamed (select one, then e)");
            return;
        }
    };
    let input = TextInput::new(if create { "" } else { node.name() });
    // Sibling names are needed to catch duplicates as the user types.
    let parent = if create {
        Some(id)
    } else {
        node.parent.map(|p| m.node(p).id.clone())
    };
    if let Some(p) = parent {
        if known_ous(m, &p).is_none() {
            request_ou_dir(m, &p, cmds);
        }
    }
    m.mode = Mode::Dialog(Dialog::Prompt(Prompt {
        purpose,
        input,
        failure: None,
        tried: false,
    }));
}

fn start_delete(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(n) = m.selected_node() else { return };
    if !matches!(n.data, NodeData::Ou(_)) {
        info(m, "Only an OU can be deleted (select one, then D)");
        return;
    }
    let ou = n.id.clone();
    // Ask the API rather than the tree: AWS refuses a non-empty OU, moto would not.
    info(m, format!("Checking that {} is empty…", safe(n.name())));
    load::delete_check(m, &ou, cmds);
}

pub fn on_delete_check(m: &mut Model, ou: String, children: Vec<Child>) {
    if children.is_empty() {
        m.status = None;
        m.mode = Mode::Dialog(Dialog::Confirm(Confirm::new(Plan::DeleteOu { ou }, None)));
        return;
    }
    let ous = children
        .iter()
        .filter(|c| c.kind == ChildType::OrganizationalUnit)
        .count();
    let names: Vec<String> = children
        .iter()
        .take(4)
        .map(|c| {
            m.node_by_id(&c.id)
                .map_or_else(|| c.id.clone(), |n| safe(n.name()).into_owned())
        })
        .collect();
    let more = if children.len() > 4 { ", …" } else { "" };
    info(
        m,
        format!(
            "Cannot delete {}: it still contains {} and {} ({}{more}). Move or delete them first.",
            safe(&place(m, &ou)),
            super::fields::count(ous, "OU", "OUs"),
            super::fields::count(children.len() - ous, "account", "accounts"),
            names.join(", ")
        ),
    );
}
