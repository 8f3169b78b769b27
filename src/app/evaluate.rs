//! `x`: the evaluator over the live organization — is an action allowed for the selected
//! account or OU, and which policy, at which level, decides it.

use crate::org::OrgError;
use crate::policy::EvalInput;

use super::cache::Loadable;
use super::dialogs::{Dialog, Outcome, Trace};
use super::load;
use super::model::{Mode, Model, NodeData, Status};
use super::msg::Cmd;

pub fn start(m: &mut Model) {
    let Some(node) = m.selected_node() else {
        return;
    };
    if matches!(node.data, NodeData::Root(_)) && m.roots.len() > 1 {
        m.status = Some(Status::Info("Select an account or an OU, then x".into()));
        return;
    }
    let target = node.id.clone();
    m.mode = Mode::Dialog(Dialog::Trace(Box::new(Trace::new(&target))));
}

pub fn on_outcome(m: &mut Model, mut t: Box<Trace>, outcome: Outcome, cmds: &mut Vec<Cmd>) -> Mode {
    match outcome {
        Outcome::Cancelled => Mode::Normal,
        Outcome::Evaluate => {
            t.input = Some(Loadable::Loading);
            t.evaluation = None;
            load::eval_input(m, &t.target, cmds);
            Mode::Dialog(Dialog::Trace(t))
        }
        _ => Mode::Dialog(Dialog::Trace(t)),
    }
}

/// The target's path and policies arrived (or could not be read).
pub fn arrived(m: &mut Model, target: &str, input: Result<EvalInput, OrgError>) {
    let Mode::Dialog(Dialog::Trace(t)) = &mut m.mode else {
        return;
    };
    if t.target != target {
        return;
    }
    t.input = Some(match input {
        Ok(i) => Loadable::Loaded(i),
        Err(e) => Loadable::Failed(e),
    });
    t.run();
}
