//! Which steps wait for which. Each step touches things (an account, an OU's children, a
//! target's attachments, a policy…), alone or shared: a step that touches a thing alone
//! waits for every earlier use of it, a shared use waits only for the last lone one (two
//! accounts moved into one OU do not wait for each other; deleting that OU waits for both).
//! A step naming what an earlier step creates waits for that step.

use std::collections::{BTreeSet, HashMap};

use super::model::planned_id;
use super::op::{Mode, Op};
use crate::org::PolicyType;

#[derive(Default)]
struct Uses {
    last_alone: Option<usize>,
    shared_since: Vec<usize>,
}

/// Each step's dependencies (file indexes), in the order of `steps` (each step's file
/// index and op). `kinds`: the type of the policy each attach or detach names.
pub fn dependencies(steps: &[(usize, &Op)], kinds: &[Option<PolicyType>]) -> Vec<Vec<usize>> {
    let mut uses: HashMap<String, Uses> = HashMap::new();
    let mut out = Vec::with_capacity(steps.len());
    for (&(index, op), kind) in steps.iter().zip(kinds) {
        let mut deps: BTreeSet<usize> = op.planned_refs().into_iter().collect();
        for (key, mode) in op.touches(kind.as_ref(), &planned_id(index)) {
            let u = uses.entry(key).or_default();
            deps.extend(u.last_alone);
            match mode {
                Mode::Shared => u.shared_since.push(index),
                Mode::Alone => {
                    deps.extend(u.shared_since.drain(..));
                    u.last_alone = Some(index);
                }
            }
        }
        deps.remove(&index);
        out.push(deps.into_iter().collect());
    }
    out
}
