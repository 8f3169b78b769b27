//! Changing the organization: marks, moving accounts, attaching and detaching policies,
//! creating, renaming and deleting OUs. Every change goes picker/prompt → confirmation →
//! worker → re-read from the API; nothing in the tree is changed on assumption.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::keymap::Action;
use crate::org::{ids, Child, ChildType, OrgError, OrgUnit, PolicyType};
use crate::text::safe;

use super::dialog::*;
use super::model::{Loadable, Mode, Model, NodeData, Pane, Pending, Status};
use super::msg::{Ancestor, Change, Cmd, Fetch};
use super::tree::{load_children, moved, page_rows};
use super::update::request;

/// OUs nest at most this many levels below the root.
pub const MAX_OU_DEPTH: usize = 5;
/// At most this many SCPs attached directly to one target.
pub const MAX_SCPS: usize = 5;

pub(super) fn is_change(action: Action) -> bool {
    matches!(
        action,
        Action::Move
            | Action::Attach
            | Action::Detach
            | Action::NewOu
            | Action::RenameOu
            | Action::DeleteOu
    )
}

pub(super) fn on_action(m: &mut Model, action: Action, cmds: &mut Vec<Cmd>) {
    match action {
        Action::Mark => toggle_mark(m),
        Action::UnmarkAll => {
            let n = m.marked_count();
            m.nodes.iter_mut().for_each(|n| n.marked = false);
            m.status = Some(Status::Info(format!("Unmarked {n} accounts")));
        }
        _ if m.context.read_only => {
            m.status = Some(Status::Info(
                "Read-only mode: changes are disabled (--read-only or read_only in the config file)".into(),
            ));
        }
        Action::Move => start_move(m, cmds),
        Action::Attach => start_attach(m, cmds),
        Action::Detach => start_detach(m),
        Action::NewOu => start_prompt(m, true, cmds),
        Action::RenameOu => start_prompt(m, false, cmds),
        Action::DeleteOu => start_delete(m, cmds),
        _ => {}
    }
}

fn info(m: &mut Model, text: impl Into<String>) {
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
    info(m, format!("{n} marked — m moves them all, U unmarks all"));
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
fn fill_ou_directory(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let mut parents: Vec<String> = m.roots.iter().map(|&r| m.node(r).id.clone()).collect();
    for ous in m.ou_dir.values().filter_map(Loadable::loaded) {
        parents.extend(ous.iter().map(|o| o.id.clone()));
    }
    for parent in parents {
        request_ou_dir(m, &parent, cmds);
    }
}

fn request_ou_dir(m: &mut Model, parent: &str, cmds: &mut Vec<Cmd>) {
    if !m.ou_dir.contains_key(parent) {
        m.ou_dir.insert(parent.to_string(), Loadable::Loading);
        request(
            m,
            Pending::OrgUnitsOf(parent.to_string()),
            Fetch::OrgUnitsOf {
                parent: parent.to_string(),
            },
            cmds,
        );
    }
}

pub(super) fn on_org_units_of(
    m: &mut Model,
    parent: String,
    ous: Vec<OrgUnit>,
    cmds: &mut Vec<Cmd>,
) {
    let children: Vec<String> = ous.iter().map(|o| o.id.clone()).collect();
    m.ou_dir.insert(parent, Loadable::Loaded(ous));
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
    m.mode = Mode::Dialog(Dialog::Picker(Picker {
        purpose: PickFor::Move { accounts },
        query: String::new(),
        selected: 0,
        error: None,
    }));
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
    if !matches!(
        m.policies_view.list,
        Some(Loadable::Loaded(_) | Loadable::Loading)
    ) {
        super::views::load_policies(m, cmds);
    }
    ensure_attached(m, &target, cmds);
    m.mode = Mode::Dialog(Dialog::Picker(Picker {
        purpose: PickFor::Attach { target },
        query: String::new(),
        selected: 0,
        error: None,
    }));
}

fn ensure_attached(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    if !m.attached.contains_key(target) {
        let types = m.enabled_policy_types();
        m.attached.insert(target.to_string(), Loadable::Loading);
        request(
            m,
            Pending::PoliciesForTarget(target.to_string()),
            Fetch::PoliciesForTarget {
                target: target.to_string(),
                types,
            },
            cmds,
        );
    }
}

/// Re-reads the policies attached to a target (after a change).
fn reload_attached(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    m.attached.remove(target);
    ensure_attached(m, target, cmds);
}

fn scp_count(m: &Model, target: &str) -> Option<usize> {
    m.attached.get(target)?.loaded().map(|l| {
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
    m.mode = Mode::Dialog(Dialog::Confirm(Confirm {
        plan: Plan::Detach {
            policy: row.policy,
            target: here,
        },
        back: None,
    }));
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
    let input = if create {
        String::new()
    } else {
        node.name().to_string()
    };
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
    }));
}

/// Names of the OUs under `parent`, when known (from the tree or the directory).
fn known_ous(m: &Model, parent: &str) -> Option<Vec<(String, String)>> {
    if let Some(Loadable::Loaded(ous)) = m.ou_dir.get(parent) {
        return Some(ous.iter().map(|o| (o.id.clone(), o.name.clone())).collect());
    }
    let node = m.node_by_id(parent)?;
    match node.children_load {
        Some(Loadable::Loaded(())) => Some(
            node.children
                .iter()
                .filter_map(|&c| match &m.node(c).data {
                    NodeData::Ou(o) => Some((o.id.clone(), o.name.clone())),
                    _ => None,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// Checks the prompt's text as the user types; the message is shown at the field.
pub fn validate_prompt(m: &Model, p: &Prompt) -> Result<(), String> {
    ids::validate_ou_name(&p.input)?;
    let (parent, own) = match &p.purpose {
        PromptFor::CreateOu { parent } => (Some(parent.clone()), None),
        PromptFor::RenameOu { ou } => {
            if m.node_by_id(ou).is_some_and(|n| n.name() == p.input) {
                return Err("that is its current name".into());
            }
            (
                m.node_by_id(ou)
                    .and_then(|n| n.parent)
                    .map(|x| m.node(x).id.clone()),
                Some(ou.clone()),
            )
        }
    };
    if let Some(siblings) = parent.and_then(|pa| known_ous(m, &pa)) {
        if siblings
            .iter()
            .any(|(id, name)| name == &p.input && Some(id) != own.as_ref())
        {
            return Err(format!(
                "an OU named \"{}\" already exists here",
                safe(&p.input)
            ));
        }
    }
    Ok(())
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
    request(
        m,
        Pending::DeleteCheck(ou.clone()),
        Fetch::ChildIds { parent: ou },
        cmds,
    );
}

pub(super) fn on_delete_check(m: &mut Model, ou: String, children: Vec<Child>) {
    if children.is_empty() {
        m.status = None;
        m.mode = Mode::Dialog(Dialog::Confirm(Confirm {
            plan: Plan::DeleteOu { ou },
            back: None,
        }));
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
            "Cannot delete {}: it still contains {ous} OUs and {} accounts ({}{more}). Move or delete them first.",
            safe(&place(m, &ou)),
            children.len() - ous,
            names.join(", ")
        ),
    );
}

pub(super) fn on_dialog_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(dialog) = std::mem::replace(&mut m.mode, Mode::Normal) else {
        return;
    };
    m.mode = match dialog {
        Dialog::Picker(p) => picker_key(m, p, key, cmds),
        Dialog::Confirm(c) => match key.code {
            KeyCode::Char('y') | KeyCode::Enter => run_plan(m, c.plan, c.back, cmds),
            KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('q') => {
                info(m, "Cancelled; nothing was changed");
                c.back
                    .map_or(Mode::Normal, |p| Mode::Dialog(Dialog::Prompt(p)))
            }
            _ => Mode::Dialog(Dialog::Confirm(c)),
        },
        Dialog::Prompt(p) => prompt_key(m, p, key),
        Dialog::Progress(p) if p.done() => Mode::Normal,
        // Calls in flight cannot be recalled; the dialog stays until they answer.
        d @ Dialog::Progress(_) => Mode::Dialog(d),
    };
}

fn text_key(input: &mut String, key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::Backspace => {
            input.pop();
            true
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() => {
            input.push(c);
            true
        }
        _ => false,
    }
}

fn picker_key(m: &mut Model, mut p: Picker, key: KeyEvent, cmds: &mut Vec<Cmd>) -> Mode {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let nav = match key.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::Char('p') if ctrl => Some(Action::Up),
        KeyCode::Char('n') if ctrl => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        _ => None,
    };
    if let Some(action) = nav {
        let len = choices(m, &p).len();
        p.selected = moved(p.selected, len, action, page_rows(m));
        return Mode::Dialog(Dialog::Picker(p));
    }
    match key.code {
        KeyCode::Esc => {
            info(m, "Cancelled; nothing was changed");
            Mode::Normal
        }
        KeyCode::Enter => {
            let Some(choice) = choices(m, &p).into_iter().nth(p.selected) else {
                p.error = Some("nothing matches; change the filter".into());
                return Mode::Dialog(Dialog::Picker(p));
            };
            match choose(m, &p.purpose, &choice, cmds) {
                Ok(plan) => Mode::Dialog(Dialog::Confirm(Confirm { plan, back: None })),
                Err(e) => {
                    p.error = Some(e);
                    Mode::Dialog(Dialog::Picker(p))
                }
            }
        }
        _ => {
            if text_key(&mut p.query, &key) {
                p.selected = 0;
                p.error = None;
            }
            Mode::Dialog(Dialog::Picker(p))
        }
    }
}

/// Turns a picked choice into a plan, enforcing what AWS enforces.
fn choose(
    m: &mut Model,
    purpose: &PickFor,
    choice: &Choice,
    cmds: &mut Vec<Cmd>,
) -> Result<Plan, String> {
    match purpose {
        PickFor::Move { accounts } => {
            let mut pairs = Vec::new();
            for a in accounts {
                let source = m
                    .node_by_id(a)
                    .and_then(|n| n.parent)
                    .map(|p| m.node(p).id.clone())
                    .ok_or_else(|| {
                        format!("{} is no longer in the loaded tree; refresh", safe(a))
                    })?;
                if source != choice.id {
                    pairs.push((a.clone(), source));
                }
            }
            if pairs.is_empty() {
                return Err(format!("already in {}", choice.label));
            }
            let plan = Plan::Move {
                accounts: pairs,
                destination: choice.id.clone(),
            };
            for target in needed_attachments(m, &plan) {
                ensure_attached(m, &target, cmds);
            }
            Ok(plan)
        }
        PickFor::Attach { target } => {
            let policy = match &m.policies_view.list {
                Some(Loadable::Loaded(list)) => list.iter().find(|p| p.id == choice.id).cloned(),
                _ => None,
            }
            .ok_or("that policy is gone; refresh")?;
            let attached = m
                .attached
                .get(target)
                .and_then(Loadable::loaded)
                .ok_or("still reading what is attached here")?;
            if attached.iter().any(|p| p.id == policy.id) {
                return Err("already attached here".into());
            }
            if policy.kind == PolicyType::ServiceControl
                && scp_count(m, target).unwrap_or(0) >= MAX_SCPS
            {
                return Err(format!("{MAX_SCPS} SCPs are attached here already, the most AWS allows; detach one first"));
            }
            Ok(Plan::Attach {
                policy,
                target: target.clone(),
            })
        }
    }
}

fn prompt_key(m: &mut Model, mut p: Prompt, key: KeyEvent) -> Mode {
    match key.code {
        KeyCode::Esc => {
            info(m, "Cancelled; nothing was changed");
            Mode::Normal
        }
        KeyCode::Enter => {
            if validate_prompt(m, &p).is_err() {
                return Mode::Dialog(Dialog::Prompt(p));
            }
            let plan = match &p.purpose {
                PromptFor::CreateOu { parent } => Plan::CreateOu {
                    parent: parent.clone(),
                    name: p.input.clone(),
                },
                PromptFor::RenameOu { ou } => Plan::RenameOu {
                    ou: ou.clone(),
                    name: p.input.clone(),
                },
            };
            p.failure = None;
            Mode::Dialog(Dialog::Confirm(Confirm {
                plan,
                back: Some(p),
            }))
        }
        _ => {
            text_key(&mut p.input, &key);
            Mode::Dialog(Dialog::Prompt(p))
        }
    }
}

/// Sends the plan's changes; the worker bounds their concurrency.
fn run_plan(m: &mut Model, plan: Plan, back: Option<Prompt>, cmds: &mut Vec<Cmd>) -> Mode {
    let caller = m
        .organization()
        .map(|o| o.master_account_id.clone())
        .unwrap_or_default();
    let changes = plan.changes();
    for change in &changes {
        let req = m.next_req;
        m.next_req += 1;
        m.pending.insert(req, Pending::Change(change.clone()));
        cmds.push(Cmd::Change {
            req,
            change: change.clone(),
            caller: caller.clone(),
        });
    }
    Mode::Dialog(Dialog::Progress(Progress {
        plan,
        total: changes.len(),
        results: Vec::new(),
        back,
        audit_errors: Vec::new(),
        created: None,
    }))
}

pub(super) fn on_changed(
    m: &mut Model,
    change: Change,
    outcome: Result<(), OrgError>,
    created: Option<String>,
    audit_error: Option<String>,
    cmds: &mut Vec<Cmd>,
) {
    let Mode::Dialog(Dialog::Progress(mut progress)) = std::mem::replace(&mut m.mode, Mode::Normal)
    else {
        // The dialog is gone (cannot happen today); still report the outcome.
        if let Err(e) = outcome {
            m.status = Some(Status::Error(e));
        }
        return;
    };
    progress.audit_errors.extend(audit_error);
    progress.created = progress.created.or(created);
    progress.results.push((change, outcome));
    if !progress.done() {
        m.mode = Mode::Dialog(Dialog::Progress(progress));
        return;
    }
    finish(m, progress, cmds);
}

fn finish(m: &mut Model, progress: Progress, cmds: &mut Vec<Cmd>) {
    // Said before the re-reads below replace what it names things with.
    let first_done = progress.results.first().map(|(c, _)| done_text(m, c));
    let succeeded: Vec<&Change> = progress
        .results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(c, _)| c)
        .collect();
    reread_after(m, &succeeded, cmds);
    // Accounts that moved lose their mark; those that failed keep it for another try.
    for (change, result) in &progress.results {
        if let (Change::MoveAccount { account, .. }, Ok(())) = (change, result) {
            if let Some(&ix) = m.index.get(account) {
                m.nodes[ix].marked = false;
            }
        }
    }
    let failed = progress.failed();
    if progress.total > 1 {
        m.status = Some(Status::Info(format!(
            "{} of {} changes succeeded, {failed} failed",
            progress.total - failed,
            progress.total
        )));
    }
    if let Some(audit) = progress.audit_errors.first() {
        m.status = Some(Status::Error(OrgError::new(
            "AuditLogWriteFailed",
            audit.clone(),
        )));
    }
    if progress.total > 1
        || (failed > 0 && progress.back.is_none())
        || !progress.audit_errors.is_empty()
    {
        // The summary stays until a key is pressed.
        m.mode = Mode::Dialog(Dialog::Progress(progress));
        return;
    }
    let (change, result) = &progress.results[0];
    match result {
        Ok(()) => {
            m.mode = Mode::Normal;
            m.status = first_done.map(Status::Info);
            match (change, &progress.created) {
                (
                    Change::MoveAccount {
                        account,
                        destination,
                        ..
                    },
                    _,
                ) => follow(m, account, destination, cmds),
                (Change::CreateOu { parent, .. }, Some(ou)) => follow(m, ou, parent, cmds),
                _ => {}
            }
        }
        Err(e) => {
            // Back to the prompt with the text the user typed and the error at the field.
            if let Some(mut p) = progress.back {
                p.failure = Some(e.clone());
                m.mode = Mode::Dialog(Dialog::Prompt(p));
            }
            m.status = Some(Status::Error(e.clone()));
        }
    }
}

/// A policy's name from whatever lists are loaded, else its id.
fn policy_name(m: &Model, id: &str) -> String {
    let listed = m
        .policies_view
        .list
        .iter()
        .chain(m.attached.values())
        .filter_map(Loadable::loaded)
        .flatten();
    let name = listed
        .clone()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str());
    safe(name).into_owned()
}

/// One line saying what a successful change did.
pub fn done_text(m: &Model, change: &Change) -> String {
    let name = |id: &str| {
        m.node_by_id(id)
            .map_or_else(|| id.to_string(), |n| safe(n.name()).into_owned())
    };
    match change {
        Change::MoveAccount {
            account,
            destination,
            ..
        } => {
            format!("Moved {} to {}", name(account), place(m, destination))
        }
        Change::AttachPolicy { policy, target } => {
            format!("Attached {} to {}", policy_name(m, policy), name(target))
        }
        Change::DetachPolicy { policy, target } => {
            format!("Detached {} from {}", policy_name(m, policy), name(target))
        }
        Change::CreateOu { parent, name: n } => {
            format!("Created OU {} under {}", safe(n), place(m, parent))
        }
        Change::RenameOu { name: n, .. } => format!("Renamed the OU to {}", safe(n)),
        Change::DeleteOu { ou } => format!("Deleted OU {}", name(ou)),
    }
}

/// Re-reads from the API what successful changes touched, each parent and target once
/// (a bulk move of 50 accounts out of one OU re-reads that OU once).
fn reread_after(m: &mut Model, changes: &[&Change], cmds: &mut Vec<Cmd>) {
    let mut parents = std::collections::BTreeSet::new();
    let mut dirs = std::collections::BTreeSet::new();
    let mut targets = std::collections::BTreeSet::new();
    for change in changes {
        match change {
            Change::MoveAccount {
                source,
                destination,
                ..
            } => {
                parents.insert(source.clone());
                parents.insert(destination.clone());
            }
            Change::AttachPolicy { policy, target } | Change::DetachPolicy { policy, target } => {
                m.policy_targets.remove(policy);
                targets.insert(target.clone());
            }
            Change::CreateOu { parent, .. } => {
                dirs.insert(parent.clone());
            }
            Change::RenameOu { ou, .. } | Change::DeleteOu { ou } => {
                m.details.remove(ou);
                if let Change::DeleteOu { .. } = change {
                    m.ou_dir.remove(ou);
                }
                if let Some(p) = m.node_by_id(ou).and_then(|n| n.parent) {
                    dirs.insert(m.node(p).id.clone());
                }
            }
        }
    }
    for target in targets {
        reload_attached(m, &target, cmds);
    }
    for parent in &dirs {
        m.ou_dir.remove(parent);
        request_ou_dir(m, parent, cmds);
    }
    for parent in parents.iter().chain(&dirs) {
        if let Some(&ix) = m.index.get(parent) {
            if m.nodes[ix].children_load.is_some() {
                load_children(m, ix, cmds);
            }
        }
    }
}

/// After a move or a create, the selection follows the account (or the new OU) to its
/// place under `destination`.
fn follow(m: &mut Model, id: &str, destination: &str, cmds: &mut Vec<Cmd>) {
    let mut chain: Vec<Ancestor> = vec![Ancestor {
        id: destination.to_string(),
        name: String::new(),
    }];
    chain.extend(ancestors_of(m, destination).into_iter().map(|id| Ancestor {
        id,
        name: String::new(),
    }));
    m.ancestors.insert(id.to_string(), Loadable::Loaded(chain));
    m.jump_to = Some(id.to_string());
    super::tree::advance_jump(m, cmds);
}
