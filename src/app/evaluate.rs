//! `x`: the evaluator over the live organization — is an action allowed for the selected
//! account (which policy, at which level, decides it), or for every account under the
//! selected root or OU.

use crate::org::OrgError;
use crate::policy::EvalInput;

use super::cache::Loadable;
use super::dialogs::{Dialog, Judging, Outcome, Trace};
use super::load;
use super::model::{Mode, Model, NodeData, Status};
use super::msg::Cmd;
use crate::policy::all::AccountVerdict;

pub fn start(m: &mut Model) {
    let Some(node) = m.selected_node() else {
        return;
    };
    if matches!(node.data, NodeData::Root(_)) && m.roots.len() > 1 {
        m.status = Some(Status::Info("Select an account or an OU, then x".into()));
        return;
    }
    let target = node.id.clone();
    let trace = Trace::new(&target, &m.eval_context);
    m.mode = Mode::Dialog(Dialog::Trace(Box::new(trace)));
}

pub fn on_outcome(m: &mut Model, mut t: Box<Trace>, outcome: Outcome, cmds: &mut Vec<Cmd>) -> Mode {
    // The context typed is kept for the next question, until orgtui exits.
    m.eval_context = t.context.clone();
    ask_verdicts(m, &mut t, cmds);
    match outcome {
        Outcome::Cancelled => Mode::Normal,
        Outcome::Evaluate if t.is_whole() => {
            t.all = Some(Loadable::Loading);
            t.verdicts.clear();
            t.evaluation = None;
            load::eval_all(m, &t.target, cmds);
            Mode::Dialog(Dialog::Trace(t))
        }
        Outcome::Evaluate => {
            t.input = Some(Loadable::Loading);
            t.evaluation = None;
            load::eval_input(m, &t.target, cmds);
            Mode::Dialog(Dialog::Trace(t))
        }
        _ => Mode::Dialog(Dialog::Trace(t)),
    }
}

/// The dialog for `target`, if it is the one open.
fn open_for<'a>(m: &'a mut Model, target: &str) -> Option<&'a mut Trace> {
    match &mut m.mode {
        Mode::Dialog(Dialog::Trace(t)) if t.target == target => Some(t),
        _ => None,
    }
}

/// The target's path and policies arrived (or could not be read).
pub fn arrived(m: &mut Model, target: &str, input: Result<EvalInput, OrgError>) {
    if let Some(t) = open_for(m, target) {
        t.input = Some(Loadable::from(input));
        t.run();
    }
}

/// Every account under the root or OU arrived, with its path (or could not be read).
pub fn arrived_all(m: &mut Model, target: &str, all: Result<Vec<(String, EvalInput)>, OrgError>) {
    if let Some(t) = open_for(m, target) {
        t.all = Some(Loadable::from(all.map(std::sync::Arc::new)));
        t.run();
    }
}

/// Sends the question the open evaluator waits on to the worker, if it waits.
pub fn judge(m: &mut Model, cmds: &mut Vec<Cmd>) {
    match std::mem::replace(&mut m.mode, Mode::Normal) {
        Mode::Dialog(Dialog::Trace(mut t)) => {
            ask_verdicts(m, &mut t, cmds);
            m.mode = Mode::Dialog(Dialog::Trace(t));
        }
        other => m.mode = other,
    }
}

fn ask_verdicts(m: &mut Model, t: &mut Trace, cmds: &mut Vec<Cmd>) {
    if let Some((accounts, query)) = t.verdicts_wanted() {
        load::judge(m, &t.target, accounts, query, cmds);
    }
}

/// The verdicts of the question asked arrived (a question asked since is waited for).
pub fn judged(
    m: &mut Model,
    target: &str,
    query: &crate::policy::Query,
    verdicts: Vec<AccountVerdict>,
) {
    if let Some(t) = open_for(m, target) {
        t.judged(query, verdicts);
    }
}

/// The worker could not work the verdicts out (the status line says why).
pub fn judged_failed(m: &mut Model, target: &str) {
    if let Some(t) = open_for(m, target) {
        t.judging = Judging::Idle;
    }
}
