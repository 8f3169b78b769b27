//! What a change would do to a watched list of actions, before it is made: each affected
//! account's path is evaluated as it is and as the change would leave it, and the verdicts
//! are compared ("after this, 37 accounts can no longer s3:PutObject"). Pure: the paths
//! are read beforehand (`whatif_read.rs`, in the worker).

use super::condition::Context;
use super::eval::{AttachedPolicy, EvalInput, Level, Prepared, Query, ReadCache};
use super::trace::Verdict;

/// The actions a confirmation says a change allows or denies when the config file names
/// none (`watched_actions`).
pub const WATCHED_ACTIONS: [&str; 4] = [
    "ec2:RunInstances",
    "s3:PutObject",
    "iam:CreateUser",
    "organizations:LeaveOrganization",
];

/// `WATCHED_ACTIONS` as the model keeps them.
pub fn default_watched() -> Vec<String> {
    WATCHED_ACTIONS.iter().map(|a| a.to_string()).collect()
}

/// The change proposed, as the app asks about it (ids only; the worker reads the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposed {
    /// Accounts moved under `destination` (an OU or the root).
    Move {
        accounts: Vec<String>,
        destination: String,
    },
    Attach {
        policy: String,
        target: String,
    },
    Detach {
        policy: String,
        target: String,
    },
    /// A policy's document replaced by `content`.
    Update {
        policy: String,
        content: String,
    },
    /// A policy detached from every target it is attached to (before it is deleted).
    DetachAll {
        policy: String,
        targets: Vec<String>,
    },
}

/// The change with what it needs to be applied to paths already read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// The accounts' own levels go under `to` (the destination's path, root first).
    Move {
        accounts: Vec<String>,
        to: Vec<Level>,
    },
    Attach {
        policy: AttachedPolicy,
        target: String,
    },
    Detach {
        policy: String,
        target: String,
    },
    Update {
        policy: String,
        content: String,
    },
    /// The policy gone from every level.
    Remove {
        policy: String,
    },
}

/// One watched action: which accounts lose it, gain it, or come to depend on a condition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionChange {
    pub action: String,
    /// Allowed (or depending on a condition) before, denied after.
    pub lost: Vec<String>,
    /// Denied (or depending) before, allowed after.
    pub gained: Vec<String>,
    /// Depending on a condition after, not before.
    pub depends: Vec<String>,
    /// The condition keys those depend on.
    pub keys: Vec<String>,
    /// Depending on a condition before and after, but on other keys (a region lock
    /// detached where a root-user deny stays: still "depends", on less).
    pub conditions: Vec<String>,
    /// The keys those depended on before, and depend on after.
    pub keys_before: Vec<String>,
    pub keys_after: Vec<String>,
}

/// The answer for every watched action.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// The accounts the change affects (their path changes).
    pub accounts: usize,
    /// The one affected account's name, when there is one (the lines name it).
    pub only: Option<String>,
    pub actions: Vec<ActionChange>,
    /// Watched entries that are not actions (a config mistake), with why.
    pub invalid: Vec<String>,
}

/// What a line of the summary says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Lost,
    Gained,
    Depends,
    Same,
}

/// `after` as the edit would leave `before` (the same input when it does not touch it).
pub fn apply(edit: &Edit, account: &str, before: &EvalInput) -> EvalInput {
    let mut after = before.clone();
    match edit {
        Edit::Move { accounts, to } => {
            if accounts.iter().any(|a| a == account) {
                if let Some(own) = before.path.last() {
                    after.path = to.clone();
                    after.path.push(own.clone());
                }
            }
        }
        Edit::Attach { policy, target } => {
            for level in after.path.iter_mut().filter(|l| l.id == *target) {
                if !level.policies.iter().any(|p| p.id == policy.id) {
                    level.policies.push(policy.clone());
                }
            }
        }
        Edit::Detach { policy, target } => {
            for level in after.path.iter_mut().filter(|l| l.id == *target) {
                level.policies.retain(|p| p.id != *policy);
            }
        }
        Edit::Remove { policy } => {
            for level in after.path.iter_mut() {
                level.policies.retain(|p| p.id != *policy);
            }
        }
        Edit::Update { policy, content } => {
            for p in after.path.iter_mut().flat_map(|l| l.policies.iter_mut()) {
                if p.id == *policy {
                    p.content = content.clone();
                }
            }
        }
    }
    after
}

/// Compares every account's verdicts for each watched action before and after `edit`, in
/// the request `context`. Accounts the edit does not touch are left out.
pub fn summarise(
    accounts: &[(String, EvalInput)],
    edit: &Edit,
    watched: &[String],
    context: &Context,
) -> Summary {
    let mut queries = Vec::new();
    let mut invalid = Vec::new();
    for action in watched {
        match Query::new(action, None) {
            Ok(q) => queries.push(q.with_context(context.clone())),
            Err(why) => invalid.push(why),
        }
    }
    let pairs: Vec<(&String, &EvalInput, EvalInput)> = accounts
        .iter()
        .map(|(id, before)| (id, before, apply(edit, id, before)))
        .filter(|(_, before, after)| *before != after)
        .collect();
    // Two caches: an updated policy keeps its id with another document.
    let (mut old, mut new) = (ReadCache::default(), ReadCache::default());
    let prepared: Vec<(&String, Prepared, Prepared)> = pairs
        .into_iter()
        .map(|(id, before, after)| {
            (
                id,
                Prepared::cached(before.clone(), &mut old),
                Prepared::cached(after, &mut new),
            )
        })
        .collect();
    let actions = queries
        .iter()
        .map(|q| {
            let mut change = ActionChange {
                action: q.action.clone(),
                ..ActionChange::default()
            };
            for (id, before, after) in &prepared {
                let (was, now) = (before.evaluate(q), after.evaluate(q));
                let add = |to: &mut Vec<String>, keys: &[String]| {
                    for k in keys {
                        if !to.contains(k) {
                            to.push(k.clone());
                        }
                    }
                };
                match (was.verdict, now.verdict) {
                    (Verdict::DependsOnCondition, Verdict::DependsOnCondition)
                        if was.depends_on != now.depends_on =>
                    {
                        change.conditions.push(id.to_string());
                        add(&mut change.keys_before, &was.depends_on);
                        add(&mut change.keys_after, &now.depends_on);
                    }
                    (a, b) if a == b => {}
                    (_, Verdict::Denied) => change.lost.push(id.to_string()),
                    (_, Verdict::Allowed) => change.gained.push(id.to_string()),
                    (_, Verdict::DependsOnCondition) => {
                        change.depends.push(id.to_string());
                        add(&mut change.keys, &now.depends_on);
                    }
                    // Exempt is the management account's either way.
                    (_, Verdict::Exempt) => {}
                }
            }
            change
        })
        .collect();
    let only = match prepared.as_slice() {
        [(id, p, _)] => Some(
            p.input
                .path
                .last()
                .map_or(id.to_string(), |l| l.name.clone()),
        ),
        _ => None,
    };
    Summary {
        accounts: prepared.len(),
        only,
        actions,
        invalid,
    }
}

impl Summary {
    /// The lines a confirmation shows: one per action that changes for some account, or
    /// one saying nothing watched changes. Raw text: names come from the API, so the view
    /// escapes them.
    pub fn lines(&self) -> Vec<(Effect, String)> {
        let who = |n: usize| match (&self.only, n) {
            (Some(name), 1) => name.clone(),
            (_, 1) => "1 account".to_string(),
            (_, n) => format!("{n} accounts"),
        };
        let mut out = Vec::new();
        for a in &self.actions {
            let action = a.action.clone();
            if !a.lost.is_empty() {
                let text = format!("After this, {} can no longer {action}", who(a.lost.len()));
                out.push((Effect::Lost, text));
            }
            if !a.gained.is_empty() {
                let text = format!("After this, {} can now {action}", who(a.gained.len()));
                out.push((Effect::Gained, text));
            }
            if !a.depends.is_empty() {
                let on = if a.keys.is_empty() {
                    "a condition".to_string()
                } else {
                    a.keys.join(", ")
                };
                let text = format!(
                    "After this, {action} depends on {on} for {}",
                    who(a.depends.len())
                );
                out.push((Effect::Depends, text));
            }
            if !a.conditions.is_empty() {
                let text = format!(
                    "After this, {action} depends on {} (was {}) for {}",
                    a.keys_after.join(", "),
                    a.keys_before.join(", "),
                    who(a.conditions.len())
                );
                out.push((Effect::Depends, text));
            }
        }
        if out.is_empty() {
            let text = match (self.accounts, &self.only) {
                (0, _) => "No account's watched actions change".to_string(),
                (1, Some(name)) => format!("No watched action changes for {}", name.clone()),
                (n, _) => format!("No watched action changes for the {n} accounts affected"),
            };
            out.push((Effect::Same, text));
        }
        for why in &self.invalid {
            out.push((Effect::Depends, format!("watched_actions: {}", why)));
        }
        out
    }
}
