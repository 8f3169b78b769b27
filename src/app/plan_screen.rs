//! The plan screen (`:plan`): the staged steps, reordered or removed; `c` checks them in
//! the worker, `f` chooses what a failure stops, `a` applies a clean plan after the word
//! is typed, `r` (`:plan resume`) goes on with an interrupted apply, `u` stages the inverse
//! of what was applied; `:plan save|open|clear`; and the worker's answers.

use ratatui::crossterm::event::KeyEvent;

use crate::changeset::apply::OnFailure;
use crate::changeset::session::{Applied, PlanSource, Review, StepProgress};
use crate::changeset::PlanFile;
use crate::keymap::{action_for, Action, Scope};
use crate::org::OrgError;
use crate::text::safe;

use super::cache::Loadable;
use super::dialogs::Dialog;
use super::input::TextInput;
use super::model::{Mode, Model, Status};
use super::msg::{Cmd, Fetch, Job};
use super::requests::Pending;
use super::staged::{Applying, Staged};

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

/// What a failed step does to the rest, as the plan screen and its confirmation say it.
pub fn failure_choice(on: OnFailure) -> &'static str {
    match on {
        OnFailure::Continue => "on a failure: finish the independent steps",
        OnFailure::Stop => "on a failure: stop starting new ones",
    }
}

/// `:plan`: the plan screen; `:plan save FILE`, `:plan open FILE`, `:plan clear`,
/// `:plan resume [FILE]`.
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
        (Some("resume"), file) => resume(m, file, cmds)?,
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
                "plan takes nothing, save FILE, open FILE, resume [FILE] or clear (not \"{}\")",
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
pub fn interrupted(m: &mut Model, files: Vec<String>) {
    let Some(first) = files.first() else {
        return;
    };
    let more = match files.len() {
        1 => String::new(),
        n => format!(" ({} more: :plan resume FILE)", n - 1),
    };
    m.status = Some(Status::Info(format!(
        "An apply of {} was interrupted: :plan resume goes on, re-reading what is uncertain first (nothing done is sent again){more}",
        safe(first)
    )));
    m.plans_interrupted = files;
}

/// `:plan resume [FILE]` (`r` on the plan screen): reads the plan file of an interrupted
/// apply (the latest when none is named) to go on with it.
fn resume(m: &mut Model, file: Option<&str>, cmds: &mut Vec<Cmd>) -> Result<(), String> {
    if m.staged.applying.as_ref().is_some_and(Applying::running) {
        return Err("a plan is being applied".into());
    }
    let path = file
        .or(m.plans_interrupted.first().map(String::as_str))
        .ok_or("no apply was interrupted: there is nothing to resume")?;
    cmds.push(Cmd::ResumePlan {
        path: path.to_string(),
    });
    Ok(())
}

/// The plan file of an interrupted apply was read: it is shown, to be applied from the file
/// (its journal resumed; no check needed, as what is uncertain is re-read).
pub fn resumable(m: &mut Model, path: String, result: Result<PlanFile, Vec<String>>) {
    if m.staged.applying.as_ref().is_some_and(Applying::running) {
        return;
    }
    match result {
        Ok(plan) => {
            m.status = Some(Status::Info(format!(
                "The interrupted apply of {}: a goes on (steps done are not sent again; uncertain ones are re-read first)",
                safe(&path)
            )));
            m.staged = Staged {
                plan,
                resume: Some(path),
                on_failure: m.staged.on_failure,
                ..Staged::default()
            };
            open(m);
        }
        Err(lines) => {
            m.status = Some(Status::Info(format!(
                "The interrupted plan was not read: {}",
                lines.join("; ")
            )))
        }
    }
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
        Some(Action::RemoveStep | Action::StepUp | Action::StepDown | Action::OnFailure)
            if busy =>
        {
            s.note = Some("the plan is being applied".into())
        }
        // A changed plan is no longer the interrupted file's: it is checked afresh.
        Some(Action::RemoveStep) if s.selected < len => {
            m.staged.plan.steps.remove(s.selected);
            (m.staged.review, m.staged.resume) = (None, None);
            s.selected = s.selected.min(len.saturating_sub(2));
        }
        Some(Action::StepUp) if s.selected > 0 && s.selected < len => {
            m.staged.plan.steps.swap(s.selected, s.selected - 1);
            (m.staged.review, m.staged.resume) = (None, None);
            s.selected -= 1;
        }
        Some(Action::StepDown) if s.selected + 1 < len => {
            m.staged.plan.steps.swap(s.selected, s.selected + 1);
            (m.staged.review, m.staged.resume) = (None, None);
            s.selected += 1;
        }
        Some(Action::OnFailure) => {
            m.staged.on_failure = match m.staged.on_failure {
                OnFailure::Continue => OnFailure::Stop,
                OnFailure::Stop => OnFailure::Continue,
            }
        }
        Some(Action::ResumePlan) => {
            if let Err(why) = resume(m, None, cmds) {
                s.note = Some(why);
            }
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
    if m.staged.resume.is_some() {
        // Resumed from its journal: what is uncertain is re-read, nothing done is sent.
        return None;
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
    let plan = match m.staged.resume.take() {
        Some(file) => PlanSource::File(file),
        None => PlanSource::Staged(m.staged.plan.clone()),
    };
    cmds.push(Cmd::Work(Job::ApplyPlan {
        req,
        plan,
        on_failure: m.staged.on_failure,
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
            "The plan ended with {} done, {} failed, {} unknown, {} skipped: :plan resume goes on (nothing done is sent again)",
            a.done, a.failed, a.unknown, a.skipped
        ),
        Err(e) => format!("The plan could not be applied: {}: {}", e.code, e.message),
    };
    // What `:plan resume` goes on with: this plan's file, while its apply is unfinished.
    if let Ok(a) = &result {
        m.plans_interrupted.retain(|f| *f != a.file);
        if !a.all_done() && !a.journal.is_empty() {
            m.plans_interrupted.insert(0, a.file.clone());
        }
    }
    m.status = Some(Status::Info(line));
    m.staged.review = None;
    if let Some(a) = &mut m.staged.applying {
        a.ended = Some(result);
    }
}
