//! A change from its dialogs to its outcome: keys in pickers, prompts and confirmations,
//! sending the confirmed plan, collecting results, the summary, and the re-reads after.

use ratatui::crossterm::event::KeyEvent;

use crate::change::ChangeKind;
use crate::org::{OrgError, PolicyType};
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::dialogs::{
    needed_attachments, preview_targets, Back, Choice, Confirm, Dialog, Outcome, PickFor, Picker,
    Plan, Progress, Unfinished,
};
use super::super::directory::ancestors_of;
use super::super::load;
use super::super::model::{Mode, Model, NodeData, Status};
use super::super::msg::{Ancestor, Change, Changed, Cmd};
use super::super::nav::advance_jump;
use super::info;
use super::quit::quit_if_idle;

pub fn on_dialog_key(m: &mut Model, key: KeyEvent, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(mut dialog) = std::mem::replace(&mut m.mode, Mode::Normal) else {
        return;
    };
    let outcome = dialog.on_key(&key, m);
    m.mode = match (dialog, outcome) {
        (Dialog::Editor(e), outcome) if e.resource_policy.is_some() => {
            super::admin::on_resource_policy_editor(m, e, outcome, cmds)
        }
        (Dialog::Editor(e), outcome) => super::editing::on_editor_outcome(m, e, outcome, cmds),
        (Dialog::Admin(s), outcome) => super::admin::on_screen_outcome(m, s, outcome, cmds),
        (Dialog::Handshakes(s), outcome) => super::org::on_screen_outcome(m, s, outcome, cmds),
        (Dialog::Transfers(s), outcome) => super::transfers::on_screen_outcome(m, s, outcome, cmds),
        (Dialog::Trace(t), outcome) => super::super::evaluate::on_outcome(m, t, outcome, cmds),
        (Dialog::Effective(e), outcome) => super::super::effective::on_outcome(m, e, outcome, cmds),
        (d, Outcome::Stay) => Mode::Dialog(d),
        // The destination picker of the account form goes back to the form either way.
        (
            Dialog::Picker(Picker {
                purpose: PickFor::Destination { mut form },
                ..
            }),
            o @ (Outcome::Picked(_) | Outcome::Cancelled),
        ) => {
            if let Outcome::Picked(choice) = o {
                form.destination = choice.id;
            }
            Mode::Dialog(Dialog::AccountForm(form))
        }
        (Dialog::AccountForm(form), Outcome::PickDestination) => {
            super::fill_ou_directory(m, cmds);
            let purpose = PickFor::Destination { form };
            Mode::Dialog(Dialog::Picker(Picker::new(purpose)))
        }
        (d, Outcome::Cancelled) => {
            info(m, "Cancelled; nothing was changed");
            match d {
                Dialog::Confirm(Confirm { back: Some(b), .. }) => Mode::Dialog(b.reopen(None)),
                _ => Mode::Normal,
            }
        }
        (
            Dialog::Picker(Picker {
                purpose: PickFor::Context,
                ..
            }),
            Outcome::Picked(choice),
        ) => {
            if let Err(why) = crate::app::contexts::switch(m, &choice.id, cmds) {
                info(m, why);
            }
            std::mem::replace(&mut m.mode, Mode::Normal)
        }
        (Dialog::Picker(mut p), Outcome::Picked(choice)) => {
            match choose(m, &p.purpose, &choice, cmds) {
                Ok(plan) => Mode::Dialog(Dialog::Confirm(Confirm::new(plan, None))),
                Err(e) => {
                    p.error = Some(e);
                    Mode::Dialog(Dialog::Picker(p))
                }
            }
        }
        (Dialog::AccountForm(f), Outcome::Submitted) => super::accounts::on_form_submitted(f),
        (Dialog::Typed(t), Outcome::Confirmed) => run_plan(m, t.plan, None, cmds),
        (Dialog::Prompt(p), Outcome::Submitted) => Mode::Dialog(Dialog::Confirm(Confirm::new(
            p.plan(),
            Some(Back::Prompt(p)),
        ))),
        (Dialog::Tags(e), Outcome::Submitted) => {
            Mode::Dialog(Dialog::Confirm(Confirm::new(e.plan(), Some(Back::Tags(e)))))
        }
        (Dialog::Confirm(c), Outcome::Confirmed)
            if super::super::staged::only_plannable(&c.plan).is_some() =>
        {
            if let Some(why) = super::super::staged::only_plannable(&c.plan) {
                info(m, why);
            }
            Mode::Dialog(Dialog::Confirm(c))
        }
        (Dialog::Confirm(c), Outcome::Confirmed) => super::verify::verify(m, c, cmds),
        (Dialog::Confirm(c), Outcome::Stage) => match super::super::staged::stage(m, &c.plan) {
            Ok(_) => Mode::Normal,
            Err(why) => {
                info(m, why);
                Mode::Dialog(Dialog::Confirm(c))
            }
        },
        (Dialog::Confirm(mut c), Outcome::Retry) => {
            // Read again: `y` then checks the facts again before sending.
            c.unverified = None;
            c.note = None;
            for target in preview_targets(m, &c.plan) {
                if matches!(m.cache.attached.get(&target), Some(Loadable::Failed(_))) {
                    load::reload_attached(m, &target, cmds);
                }
            }
            Mode::Dialog(Dialog::Confirm(c))
        }
        (Dialog::Progress(mut p), Outcome::Stop) => {
            p.stop();
            info(
                m,
                "Stopped: nothing more is sent; waiting for what was already sent",
            );
            after_result(m, p, cmds)
        }
        (Dialog::Progress(mut p), o @ (Outcome::QuitAfter | Outcome::StopAndQuit)) => {
            if o == Outcome::StopAndQuit {
                p.stop();
            }
            p.quit_asked = false;
            m.quit_when_idle = true;
            info(m, "orgtui quits once the changes in flight have answered");
            after_result(m, p, cmds)
        }
        (Dialog::Unfinished(mut u), Outcome::Retry) => {
            for c in u.changes.iter_mut() {
                if !matches!(c.happened, Some(Loadable::Loaded(_) | Loadable::Loading)) {
                    c.happened = Some(Loadable::Loading);
                    load::check(m, &c.id, c.change.clone(), c.attempted.clone(), cmds);
                }
            }
            Mode::Dialog(Dialog::Unfinished(u))
        }
        (_, Outcome::Dismissed) => Mode::Normal,
        (d, _) => Mode::Dialog(d),
    };
    // A plan with nothing to re-read goes ahead at once.
    super::verify::on_verified(m, cmds);
    quit_if_idle(m, cmds);
}

/// At start: changes an earlier run attempted without recording their outcome.
pub fn on_unfinished(m: &mut Model, list: Vec<super::super::dialogs::UnfinishedChange>) {
    if !list.is_empty() && m.mode == Mode::Normal {
        m.mode = Mode::Dialog(Dialog::Unfinished(Unfinished::new(list)));
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
                load::attached(m, &target, cmds);
            }
            Ok(plan)
        }
        // Taken back to the form before a plan is asked for (`on_dialog_key`).
        PickFor::Destination { .. } => Err("choose the destination in the form".into()),
        // Switching is no change to the organization: done before a plan is asked for.
        PickFor::Context => Err("choose the profile again".into()),
        PickFor::PolicyType { root } => {
            let kind = PolicyType::from_api_str(&choice.id);
            let on = match m.node_by_id(root).map(|n| &n.data) {
                Some(NodeData::Root(r)) => r.has_policy_type(&kind),
                _ => return Err("the root is not loaded; refresh".into()),
            };
            Ok(Plan::PolicyType {
                root: root.clone(),
                kind,
                enable: !on,
            })
        }
        PickFor::Attach { target } => {
            let policy = match &m.cache.policies {
                Some(Loadable::Loaded(list)) => list.iter().find(|p| p.id == choice.id).cloned(),
                _ => None,
            }
            .ok_or("that policy is gone; refresh")?;
            let attached = m
                .cache
                .attached
                .get(target)
                .and_then(Loadable::loaded)
                .ok_or("still reading what is attached here")?;
            if attached.iter().any(|p| p.id == policy.id) {
                return Err("already attached here".into());
            }
            let same_kind = attached.iter().filter(|p| p.kind == policy.kind).count();
            if let Some(refusal) = crate::policy::limits::attach_refusal(&policy.kind, same_kind) {
                return Err(refusal);
            }
            Ok(Plan::Attach {
                policy,
                target: target.clone(),
            })
        }
    }
}

/// Starts sending the plan's changes, a window at a time.
pub(super) fn run_plan(m: &mut Model, plan: Plan, back: Option<Back>, cmds: &mut Vec<Cmd>) -> Mode {
    let mut progress = Progress::new(plan, back);
    send_next(m, &mut progress, cmds);
    Mode::Dialog(Dialog::Progress(progress))
}

fn send_next(m: &mut Model, progress: &mut Progress, cmds: &mut Vec<Cmd>) {
    let caller = crate::app::caller::audit_caller(m);
    for change in progress.next_batch() {
        load::change(m, change, &caller, cmds);
    }
}

pub fn on_changed(m: &mut Model, changed: Changed, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(Dialog::Progress(mut progress)) = std::mem::replace(&mut m.mode, Mode::Normal)
    else {
        // The dialog is gone (cannot happen today); still report the outcome.
        if let Err(e) = changed.outcome {
            m.status = Some(Status::Error(e));
        }
        return;
    };
    progress.in_flight = progress.in_flight.saturating_sub(1);
    progress.audit_errors.extend(changed.audit_error.clone());
    progress.created = progress.created.or(changed.created.clone());
    if changed.reconciled {
        progress.reconciled.push(changed.change.clone());
    }
    if matches!(&changed.outcome, Err(e) if e.is_unknown_outcome()) {
        // Sent again only after a re-read shows it did not happen.
        m.requests.unsettled(changed.change.clone());
    }
    // Followed once the dialog is done, so what it says is not overwritten.
    let account_done = (changed.outcome.is_ok() && matches!(changed.change, Change::Account(_)))
        .then(|| (progress.plan.clone(), changed.clone()));
    if changed.outcome.is_ok() {
        super::editing::on_policy_changed(m, &changed.change);
    }
    progress.results.push((changed.change, changed.outcome));
    send_next(m, &mut progress, cmds);
    m.mode = after_result(m, progress, cmds);
    if let Some((plan, changed)) = account_done {
        super::accounts::on_account_changed(m, &plan, &changed, cmds);
    }
    quit_if_idle(m, cmds);
}

/// The progress dialog after a result (or a stop): still working, or finished.
fn after_result(m: &mut Model, progress: Progress, cmds: &mut Vec<Cmd>) -> Mode {
    if !progress.done() {
        return Mode::Dialog(Dialog::Progress(progress));
    }
    finish(m, progress, cmds);
    std::mem::replace(&mut m.mode, Mode::Normal)
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
        if let (Change::MoveAccount(crate::change::MoveAccount { account, .. }), Ok(())) =
            (change, result)
        {
            if let Some(&ix) = m.index.get(account) {
                m.nodes[ix].marked = false;
            }
        }
    }
    let failed = progress.failed();
    if let Some(next) = super::editing::after_plan(&progress.plan, failed == 0) {
        m.mode = next;
        return;
    }
    if progress.total > 1 {
        m.status = Some(Status::Info(format!(
            "{} of {} succeeded, {failed} failed",
            progress.total - failed,
            super::super::fields::count(progress.total, "change", "changes")
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
            // A change made from an administrative screen goes back to it.
            m.mode = match progress.back {
                Some(Back::Admin(mut s)) => {
                    s.back_to_list();
                    Mode::Dialog(Dialog::Admin(s))
                }
                Some(Back::Handshakes(s)) => super::org::screen_after(m, Some(s), cmds),
                Some(Back::Transfers(s)) => super::transfers::screen_after(m, s, cmds),
                None if matches!(change, Change::Org(o) if super::org::shows_handshakes(o)) => {
                    super::org::screen_after(m, None, cmds)
                }
                _ => super::admin::screen_after(&progress.plan),
            };
            m.status = first_done.map(Status::Info);
            match (change, &progress.created) {
                (
                    Change::MoveAccount(crate::change::MoveAccount {
                        account,
                        destination,
                        ..
                    }),
                    _,
                ) => follow(m, account, destination, cmds),
                (Change::CreateOu(crate::change::CreateOu { parent, .. }), Some(ou)) => {
                    follow(m, ou, parent, cmds)
                }
                _ => {}
            }
        }
        Err(e) => {
            // Back to the prompt with the text the user typed and the error at the field.
            if let Some(back) = progress.back {
                m.mode = Mode::Dialog(back.reopen(Some(e.clone())));
            }
            m.status = Some(Status::Error(e.clone()));
        }
    }
}

/// One line saying what a successful change did.
pub fn done_text(m: &Model, change: &Change) -> String {
    change.done(m)
}

/// Re-reads from the API what successful changes touched, each read once (a bulk move of
/// 50 accounts out of one OU re-reads that OU once): what each kind declares stale.
fn reread_after(m: &mut Model, changes: &[&Change], cmds: &mut Vec<Cmd>) {
    let stale = changes.iter().flat_map(|c| c.stale());
    load::invalidate(m, stale, cmds);
}

/// After a move or a create, the selection follows the account (or the new OU) to its
/// place under `destination`.
pub(in crate::app) fn follow(m: &mut Model, id: &str, destination: &str, cmds: &mut Vec<Cmd>) {
    let mut chain: Vec<Ancestor> = vec![Ancestor {
        id: destination.to_string(),
        name: String::new(),
    }];
    chain.extend(ancestors_of(m, destination).into_iter().map(|id| Ancestor {
        id,
        name: String::new(),
    }));
    m.cache
        .ancestors
        .insert(id.to_string(), Loadable::Loaded(chain));
    m.jump_to = Some(id.to_string());
    advance_jump(m, cmds);
}
