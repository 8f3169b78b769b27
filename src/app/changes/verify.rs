//! `y` on a confirmation: what it states is re-read before anything is sent; the plan goes
//! out when nothing changed, else the confirmation is shown again with the new facts (or
//! closed, when nothing is left to do).

use crate::text::safe;

use super::super::cache::Loadable;
use super::super::dialogs::{describe, preview_targets, readiness, Confirm, Dialog, Plan};
use super::super::directory::place;
use super::super::load;
use super::super::model::{Mode, Model};
use super::super::msg::Cmd;
use super::flow::run_plan;
use super::info;

/// `y`: before anything is sent, re-read what the confirmation states (where each account
/// is, the attachments along the paths); `on_verified` sends it or shows it again.
pub(super) fn verify(m: &mut Model, mut c: Confirm, cmds: &mut Vec<Cmd>) -> Mode {
    if c.unverified.is_some() {
        // Told that the re-read failed, the user confirmed again.
        return run_plan(m, c.plan, c.back, cmds);
    }
    c.shown = Some(describe(m, &c.plan));
    if let Plan::Move { accounts, .. } = &c.plan {
        let mut sources: Vec<&String> = accounts.iter().map(|(_, s)| s).collect();
        sources.sort();
        sources.dedup();
        for source in sources {
            if let Some(&ix) = m.index.get(source) {
                load::children(m, ix, cmds);
            }
        }
    }
    for target in preview_targets(m, &c.plan) {
        load::reload_attached(m, &target, cmds);
    }
    c.verifying = true;
    c.note = Some("Checking that nothing changed meanwhile…".into());
    Mode::Dialog(Dialog::Confirm(c))
}

/// After each reply while a confirmation is being verified: once every re-read is in,
/// send the plan if what it says still holds, else show it again with the new facts.
pub fn on_verified(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Mode::Dialog(Dialog::Confirm(c)) = &m.mode else {
        return;
    };
    if !c.verifying || still_reading(m, &c.plan) {
        return;
    }
    let Mode::Dialog(Dialog::Confirm(mut c)) = std::mem::replace(&mut m.mode, Mode::Normal) else {
        return;
    };
    c.verifying = false;
    if let Some(why) = reread_failed(m, &c.plan) {
        // Nothing is sent on facts that could not be checked, unless the user says so.
        c.armed = false;
        c.note = Some(format!(
            "Could not re-read {why}: nothing was sent. y sends it anyway, r reads again."
        ));
        c.unverified = Some(why);
        m.mode = Mode::Dialog(Dialog::Confirm(c));
        return;
    }
    let notes = revise(m, &mut c.plan);
    if readiness(m, &c.plan).is_err() {
        // The view says what could not be read; `y` again once it is.
        c.note = None;
    } else if c.plan.changes().is_empty() {
        // Nothing to confirm any more: a "Move 0 accounts" asking for `y` would loop.
        info(m, format!("Nothing left to do: {}.", notes.join("; ")));
        return;
    } else if notes.is_empty() && c.shown.as_ref() == Some(&describe(m, &c.plan)) {
        m.mode = run_plan(m, c.plan, c.back, cmds);
        return;
    } else {
        // Answered only by a key pressed after the new facts are drawn.
        c.armed = false;
        let what = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        c.note = Some(format!(
            "The organization changed since this was shown{what}: check it again."
        ));
    }
    m.mode = Mode::Dialog(Dialog::Confirm(c));
}

/// What the re-read before sending could not read, if anything: where the accounts to
/// move are.
fn reread_failed(m: &Model, plan: &Plan) -> Option<String> {
    let Plan::Move { accounts, .. } = plan else {
        return None;
    };
    accounts.iter().find_map(|(_, source)| {
        match m.node_by_id(source).and_then(|n| n.children_load.as_ref()) {
            Some(Loadable::Failed(e)) => Some(format!(
                "what is in {} ({})",
                place(m, source),
                safe(&e.code)
            )),
            _ => None,
        }
    })
}

fn still_reading(m: &Model, plan: &Plan) -> bool {
    let sources_loading = match plan {
        Plan::Move { accounts, .. } => accounts.iter().any(|(_, s)| {
            m.node_by_id(s)
                .is_some_and(|n| matches!(n.children_load, Some(Loadable::Loading)))
        }),
        _ => false,
    };
    sources_loading
        || preview_targets(m, plan)
            .iter()
            .any(|t| matches!(m.cache.attached.get(t), Some(Loadable::Loading)))
}

/// Brings a move up to date with the re-read tree: an account moved elsewhere meanwhile
/// moves from where it is now (when known), one no longer under its source parent (and not
/// found elsewhere) or already at the destination drops out. Says what changed.
fn revise(m: &Model, plan: &mut Plan) -> Vec<String> {
    let mut notes = Vec::new();
    if let Plan::Move {
        accounts,
        destination,
    } = plan
    {
        accounts.retain_mut(|(account, source)| {
            let node = m.node_by_id(account);
            let name = node.map_or_else(|| account.clone(), |n| safe(n.name()).into_owned());
            match node.and_then(|n| n.parent).map(|p| m.node(p).id.clone()) {
                Some(now) if now == *destination => {
                    notes.push(format!("{name} is already in {}", place(m, destination)));
                    false
                }
                Some(now) => {
                    if now != *source {
                        notes.push(format!("{name} is now in {}", place(m, &now)));
                        *source = now;
                    }
                    true
                }
                None => {
                    notes.push(format!(
                        "{name} is no longer in {}; refresh to find it",
                        place(m, source)
                    ));
                    false
                }
            }
        });
    }
    notes
}
