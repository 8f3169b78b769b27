//! The plan (issue 19): changes staged from their confirmations (`p` instead of `y`),
//! reviewed together in the plan screen (`:plan`) — checked against the organization as it
//! is now, with the steps' order, what AWS would refuse and the effect on every account —
//! and applied once, through the worker's journal and the exactly-once path of every
//! change. The checks, journal and apply are `changeset`'s; this is the app's part.

use ratatui::crossterm::event::KeyEvent;

use crate::changeset::session::{Applied, Review, StepProgress};
use crate::changeset::{Action as Step, PlanFile};
use crate::keymap::{action_for, Action, Scope};
use crate::org::ids::{is_ou_id, is_root_id};
use crate::org::OrgError;
use crate::text::safe;

use super::cache::Loadable;
use super::dialogs::{Dialog, Plan};
use super::input::TextInput;
use super::model::{Mode, Model, Status};
use super::msg::{AdminChange, Change, Cmd, Fetch, Job};
use super::requests::Pending;

/// The plan being built, and what was learnt of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staged {
    pub plan: PlanFile,
    /// The last check, until a step changes (then it is checked again before applying).
    pub review: Option<Loadable<Box<Review>>>,
    /// The apply under way or ended.
    pub applying: Option<Applying>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applying {
    /// The latest word on each step, by step index.
    pub steps: std::collections::BTreeMap<usize, StepProgress>,
    pub ended: Option<Result<Applied, OrgError>>,
}

impl Applying {
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }
}

/// The plan screen (`:plan`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanScreen {
    pub selected: usize,
    /// The word `apply` being typed before an apply starts.
    pub typing: Option<TextInput>,
    /// Why the last key did nothing.
    pub note: Option<String>,
}

/// The word typed to apply a plan.
pub const APPLY_WORD: &str = "apply";

/// `p` on a confirmation: its changes join the plan instead of being sent.
pub fn stage(m: &mut Model, plan: &Plan) -> Result<usize, String> {
    if m.staged.applying.as_ref().is_some_and(Applying::running) {
        return Err("a plan is being applied; add to the plan once it has ended".into());
    }
    let steps = plan
        .changes()
        .iter()
        .map(|c| step_of(m, c))
        .collect::<Result<Vec<_>, _>>()?;
    let added = steps.len();
    if m.staged.applying.take().is_some() {
        // An applied plan was on screen: this starts a new one.
        m.staged.plan.steps.clear();
    }
    m.staged.plan.steps.extend(
        steps
            .into_iter()
            .map(|action| crate::changeset::Step { line: 0, action }),
    );
    m.staged.review = None;
    let total = m.staged.plan.steps.len();
    m.status = Some(Status::Info(format!(
        "Added {added} step(s) to the plan ({total} in all; nothing was sent): :plan reviews and applies it"
    )));
    Ok(added)
}

/// Whether every change of a confirmation can be part of a plan.
pub fn can_stage(m: &Model, plan: &Plan) -> bool {
    plan.changes().iter().all(|c| step_of(m, c).is_ok())
}

/// Whether a confirmation can only be staged: it names an OU the plan creates.
pub fn only_plannable(plan: &Plan) -> Option<String> {
    match plan {
        Plan::Move { destination, .. } if is_planned(destination) => Some(format!(
            "{} exists only in the plan: press p to add this move to the plan",
            safe(destination)
        )),
        _ => None,
    }
}

fn is_known_id(id: &str) -> bool {
    is_root_id(id) || is_ou_id(id)
}

/// A destination the plan creates: named by its path, as no id exists yet.
pub fn is_planned(destination: &str) -> bool {
    !is_known_id(destination)
}

/// The OUs the plan creates, by path (the move picker offers them).
pub fn planned_ous(m: &Model) -> Vec<String> {
    (m.staged.plan.steps.iter())
        .filter_map(|s| match &s.action {
            Step::CreateOu { path } => Some(path.clone()),
            _ => None,
        })
        .collect()
}

/// What the staged plan will do to a node, for its row in the tree: "planned: → Root/Prod2",
/// "planned: + RegionLock, + OU Dev", "planned: deleted". Nothing once the plan is applied.
pub fn planned_mark(m: &Model, ix: super::model::NodeIx) -> Option<String> {
    if m.staged.plan.steps.is_empty() || m.staged.applying.is_some() {
        return None;
    }
    let node = &m.nodes[ix];
    // Steps name an OU by id or path, an account by id or name.
    let path = node.is_parent().then(|| place_of(m, &node.id));
    let names = |r: &str| {
        r == node.id || path.as_deref() == Some(r) || (!node.is_parent() && r == node.name())
    };
    let policy = |id: &str| match &m.cache.policies {
        Some(Loadable::Loaded(list)) => list
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_string(), |p| p.name.clone()),
        _ => id.to_string(),
    };
    let mut marks = Vec::new();
    for step in &m.staged.plan.steps {
        match &step.action {
            Step::Move { account, to } if names(account) => marks.push(format!("→ {to}")),
            Step::RenameOu { ou, name } if names(ou) => marks.push(format!("renamed {name}")),
            Step::DeleteOu { ou } if names(ou) => marks.push("deleted".into()),
            Step::Attach { policy: p, to } if names(to) => marks.push(format!("+ {}", policy(p))),
            Step::Detach { policy: p, from } if names(from) => {
                marks.push(format!("- {}", policy(p)))
            }
            Step::CreateOu { path: new } => {
                if let Some((parent, name)) = new.rsplit_once('/') {
                    if names(parent) {
                        marks.push(format!("+ OU {name}"));
                    }
                }
            }
            _ => {}
        }
    }
    (!marks.is_empty()).then(|| format!("planned: {}", safe(&marks.join(", "))))
}

/// A root or OU as a plan file names it: its path of names from the root ("Root/Workloads"),
/// which reads well in a review; a path the plan itself made stays as it is.
fn place_of(m: &Model, id: &str) -> String {
    match m.index.get(id) {
        Some(&ix) => (m.path(ix).iter())
            .map(|&i| m.nodes[i].name().to_string())
            .collect::<Vec<_>>()
            .join("/"),
        None => id.to_string(),
    }
}

/// The plan step of one change, or why it cannot be planned.
fn step_of(m: &Model, c: &Change) -> Result<Step, String> {
    Ok(match c {
        Change::MoveAccount(mv) => Step::Move {
            account: mv.account.clone(),
            to: place_of(m, &mv.destination),
        },
        Change::AttachPolicy(a) => Step::Attach {
            policy: a.policy.clone(),
            to: target_of(m, &a.target),
        },
        Change::DetachPolicy(d) => Step::Detach {
            policy: d.policy.clone(),
            from: target_of(m, &d.target),
        },
        Change::CreateOu(c) => Step::CreateOu {
            path: format!("{}/{}", place_of(m, &c.parent), c.name),
        },
        Change::RenameOu(r) => Step::RenameOu {
            ou: place_of(m, &r.ou),
            name: r.name.clone(),
        },
        Change::DeleteOu(d) => Step::DeleteOu {
            ou: place_of(m, &d.ou),
        },
        Change::CreatePolicy(p) => Step::CreatePolicy {
            name: p.name.clone(),
            kind: p.kind.clone(),
            description: p.description.clone(),
            document: crate::changeset::Doc::Inline(p.content.clone()),
        },
        Change::UpdatePolicy(p) => Step::UpdatePolicy {
            policy: p.policy.clone(),
            name: Some(p.name.clone()),
            description: Some(p.description.clone()),
            document: Some(crate::changeset::Doc::Inline(p.content.clone())),
        },
        Change::DeletePolicy(p) => Step::DeletePolicy {
            policy: p.policy.clone(),
        },
        Change::EnablePolicyType(t) => Step::EnablePolicyType {
            kind: t.kind.clone(),
        },
        Change::DisablePolicyType(t) => Step::DisablePolicyType {
            kind: t.kind.clone(),
        },
        Change::Admin(a) => admin_step(m, a)?,
        other => {
            return Err(format!(
                "{} cannot be part of a plan; y sends it now",
                other.operation()
            ))
        }
    })
}

/// An account stays an id (names may repeat); a root or OU becomes its path.
fn target_of(m: &Model, id: &str) -> String {
    if is_known_id(id) {
        place_of(m, id)
    } else {
        id.to_string()
    }
}

fn admin_step(m: &Model, a: &AdminChange) -> Result<Step, String> {
    Ok(match a {
        AdminChange::TagResource { resource, tags } => Step::Tag {
            resource: target_of(m, resource),
            tags: tags
                .iter()
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect(),
        },
        AdminChange::UntagResource { resource, keys } => Step::Untag {
            resource: target_of(m, resource),
            keys: keys.clone(),
        },
        AdminChange::RegisterDelegatedAdministrator { account, service } => Step::RegisterAdmin {
            account: account.clone(),
            service: service.clone(),
        },
        AdminChange::DeregisterDelegatedAdministrator { account, service } => {
            Step::DeregisterAdmin {
                account: account.clone(),
                service: service.clone(),
            }
        }
        AdminChange::EnableServiceAccess { service } => Step::EnableServiceAccess {
            service: service.clone(),
        },
        AdminChange::DisableServiceAccess { service } => Step::DisableServiceAccess {
            service: service.clone(),
        },
        AdminChange::PutResourcePolicy { .. } | AdminChange::DeleteResourcePolicy => {
            return Err("the resource policy cannot be part of a plan; y sends it now".into())
        }
    })
}

/// `:plan`: the plan screen; `:plan save FILE`, `:plan open FILE`, `:plan clear`.
pub fn command(m: &mut Model, arg: &str, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    let mut words = arg.split_whitespace();
    match (words.next(), words.next()) {
        (None, _) => open(m),
        (Some("save"), Some(path)) => {
            if m.staged.plan.steps.is_empty() {
                return Err("the plan is empty: stage changes with p on their confirmation".into());
            }
            let text = crate::changeset::file::write(&m.staged.plan);
            cmds.push(Cmd::SavePlan {
                path: path.to_string(),
                text,
            });
        }
        (Some("open"), Some(path)) => {
            if m.staged.applying.as_ref().is_some_and(Applying::running) {
                return Err("a plan is being applied".into());
            }
            cmds.push(Cmd::OpenPlan {
                path: path.to_string(),
            });
        }
        (Some("clear"), None) => {
            if m.staged.applying.as_ref().is_some_and(Applying::running) {
                return Err("a plan is being applied".into());
            }
            m.staged = Staged::default();
            m.status = Some(Status::Info(
                "The plan is empty again; nothing was sent".into(),
            ));
        }
        (Some(other), _) => {
            return Err(format!(
                "plan takes nothing, save FILE, open FILE or clear (not \"{}\")",
                safe(other)
            ))
        }
    }
    Ok(())
}

/// A plan file was read for `:plan open`: it replaces the staged plan (unchecked).
pub fn opened(m: &mut Model, result: Result<PlanFile, Vec<String>>) {
    match result {
        Ok(plan) => {
            let n = plan.steps.len();
            m.staged = Staged {
                plan,
                ..Staged::default()
            };
            open(m);
            m.status = Some(Status::Info(format!(
                "Opened a plan of {n} step(s); c checks it"
            )));
        }
        Err(lines) => {
            m.status = Some(Status::Info(format!(
                "The plan was not opened: {}",
                lines.join("; ")
            )))
        }
    }
}

/// The inverse of the applied plan replaces it, unchecked, for review like any plan.
pub fn undone(m: &mut Model, result: Result<(PlanFile, Vec<String>), String>) {
    match result {
        Ok((plan, not)) => {
            let n = plan.steps.len();
            m.staged = Staged {
                plan,
                ..Staged::default()
            };
            let also = if not.is_empty() {
                String::new()
            } else {
                format!("; cannot undo: {}", not.join("; "))
            };
            m.status = Some(Status::Info(format!(
                "The inverse plan ({n} step(s)) is staged: c checks it, a applies it{also}"
            )));
        }
        Err(why) => m.status = Some(Status::Info(format!("No undo: {why}"))),
    }
    open(m);
}

/// At start: applies an earlier run left unfinished, and how to go on with them.
pub fn interrupted(m: &mut Model, files: &[String]) {
    let Some(first) = files.first() else {
        return;
    };
    let more = match files.len() {
        1 => String::new(),
        n => format!(" ({} more in the same directory)", n - 1),
    };
    m.status = Some(Status::Info(format!(
        "An apply of a plan was interrupted: orgtui apply {} goes on, re-reading what is uncertain first (nothing done is sent again){more}",
        safe(first)
    )));
}

/// Opens the plan screen.
pub fn open(m: &mut Model) {
    m.mode = Mode::Dialog(Dialog::Plan(Box::default()));
}

/// The plan screen's keys.
pub fn on_key(m: &mut Model, key: &KeyEvent, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(Dialog::Plan(mut s)) = std::mem::replace(&mut m.mode, Mode::Normal) else {
        return;
    };
    s.note = None;
    if let Some(word) = &mut s.typing {
        match action_for(Scope::Text, key).or_else(|| action_for(Scope::Prompt, key)) {
            Some(Action::Cancel) => s.typing = None,
            Some(Action::Accept) if word.as_str() == APPLY_WORD => {
                s.typing = None;
                apply(m, cmds);
            }
            Some(Action::Accept) => s.note = Some(format!("type {APPLY_WORD} to apply")),
            _ => {
                word.on_key(key);
            }
        }
        m.mode = Mode::Dialog(Dialog::Plan(s));
        return;
    }
    let len = m.staged.plan.steps.len();
    let busy = m.staged.applying.as_ref().is_some_and(Applying::running);
    match action_for(Scope::Plan, key) {
        Some(Action::Cancel) => return,
        Some(Action::Up) => s.selected = s.selected.saturating_sub(1),
        Some(Action::Down) => s.selected = (s.selected + 1).min(len.saturating_sub(1)),
        Some(Action::RemoveStep | Action::StepUp | Action::StepDown) if busy => {
            s.note = Some("the plan is being applied".into())
        }
        Some(Action::RemoveStep) if s.selected < len => {
            m.staged.plan.steps.remove(s.selected);
            m.staged.review = None;
            s.selected = s.selected.min(len.saturating_sub(2));
        }
        Some(Action::StepUp) if s.selected > 0 && s.selected < len => {
            m.staged.plan.steps.swap(s.selected, s.selected - 1);
            m.staged.review = None;
            s.selected -= 1;
        }
        Some(Action::StepDown) if s.selected + 1 < len => {
            m.staged.plan.steps.swap(s.selected, s.selected + 1);
            m.staged.review = None;
            s.selected += 1;
        }
        Some(Action::UndoPlan) => match m.staged.applying.as_ref().and_then(|a| a.ended.as_ref()) {
            Some(Ok(applied)) if !applied.journal.is_empty() => cmds.push(Cmd::UndoPlan {
                journal: applied.journal.clone(),
            }),
            Some(_) => s.note = Some("the plan was not applied: there is nothing to undo".into()),
            None if busy => s.note = Some("the plan is being applied".into()),
            None => s.note = Some("undo is for a plan applied in this session".into()),
        },
        Some(Action::CheckPlan) if len == 0 => s.note = Some("the plan is empty".into()),
        Some(Action::CheckPlan) => check(m, cmds),
        Some(Action::ApplyPlan) => {
            s.note = apply_refusal(m).or_else(|| {
                s.typing = Some(TextInput::default());
                None
            })
        }
        _ => {}
    }
    m.mode = Mode::Dialog(Dialog::Plan(s));
}

/// Why `a` cannot start an apply now.
fn apply_refusal(m: &Model) -> Option<String> {
    if m.context.read_only {
        return Some(
            "orgtui was started read-only: a plan can be saved (:plan save FILE), not applied"
                .into(),
        );
    }
    if m.staged.plan.steps.is_empty() {
        return Some("the plan is empty".into());
    }
    if m.staged.applying.as_ref().is_some_and(Applying::running) {
        return Some("the plan is being applied".into());
    }
    match &m.staged.review {
        Some(Loadable::Loaded(r)) if r.problems.is_empty() => None,
        Some(Loadable::Loaded(_)) => {
            Some("AWS would refuse some steps (listed): fix them first".into())
        }
        Some(Loadable::Loading) => Some("the plan is being checked".into()),
        _ => Some(
            "check the plan first (c): it is checked against the organization as it is now".into(),
        ),
    }
}

/// Reads what the plan needs and checks it.
pub fn check(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.requests.forget(|p| matches!(p, Pending::PlanReview));
    m.staged.review = Some(Loadable::Loading);
    let fetch = Fetch::PlanReview {
        plan: m.staged.plan.clone(),
        watched: m.watched.clone(),
    };
    let req = m.requests.register(Pending::PlanReview);
    cmds.push(Cmd::Work(Job::Fetch { req, fetch }));
}

fn apply(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if let Some(why) = apply_refusal(m) {
        m.status = Some(Status::Info(why));
        return;
    }
    m.staged.applying = Some(Applying::default());
    let req = m.requests.register(Pending::PlanApply);
    cmds.push(Cmd::Work(Job::ApplyPlan {
        req,
        plan: m.staged.plan.clone(),
        caller: super::caller::audit_caller(m),
    }));
}

/// The check's answer.
pub fn reviewed(m: &mut Model, review: Result<Box<Review>, OrgError>) {
    m.staged.review = Some(match review {
        Ok(r) => {
            // The apply is held to the organization as this check saw it.
            m.staged.plan.pinned = r.facts.clone();
            Loadable::Loaded(r)
        }
        Err(e) => Loadable::Failed(e),
    });
}

/// A step of the apply started or ended.
pub fn stepped(m: &mut Model, p: StepProgress) {
    if let Some(a) = &mut m.staged.applying {
        a.steps.insert(p.step, p);
    }
}

/// The apply ended (or could not start): what it did is read again.
pub fn applied(m: &mut Model, result: Result<Applied, OrgError>) {
    let line = match &result {
        Ok(a) if !a.refused.is_empty() => format!(
            "The plan was not applied; nothing was sent: {}",
            a.refused.join("; ")
        ),
        Ok(a) if a.all_done() => format!("The plan was applied: {} step(s) done", a.done),
        Ok(a) => format!(
            "The plan ended with {} done, {} failed, {} unknown, {} skipped: orgtui apply {} goes on (nothing done is sent again)",
            a.done, a.failed, a.unknown, a.skipped, a.file
        ),
        Err(e) => format!("The plan could not be applied: {}: {}", e.code, e.message),
    };
    m.status = Some(Status::Info(line));
    m.staged.review = None;
    if let Some(a) = &mut m.staged.applying {
        a.ended = Some(result);
    }
}
