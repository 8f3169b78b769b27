//! Reading what a what-if needs (`whatif.rs`): the paths of the accounts a proposed change
//! affects, as they are now, and what the change needs besides (the destination's path,
//! the attached policy's document). Reads only those accounts:
//! - a move: each moved account's path and the destination's (`gather`, per target);
//! - an attach or detach on an account: its path; on an OU or root: every account under
//!   it (`gather_all` with that target), plus the attached policy's document;
//! - a policy update: its targets (ListTargetsForPolicy), then their accounts as above
//!   (one `gather_all` for all OU and root targets);
//! - a policy detached everywhere before its deletion: the accounts under its targets.

use std::collections::{BTreeMap, HashMap};

use futures::future::try_join_all;

use super::all::gather_all;
use super::eval::{AttachedPolicy, EvalInput};
use super::gather::gather;
use super::whatif::{Edit, Proposed};
use crate::net::Gate;
use crate::org::ids::TargetKind;
use crate::org::{OrgBackend, OrgResult};

/// The affected accounts' inputs (now) and the edit to apply to them.
pub async fn read(
    gate: &Gate,
    b: &dyn OrgBackend,
    proposed: &Proposed,
) -> OrgResult<(Vec<(String, EvalInput)>, Edit)> {
    Ok(match proposed {
        Proposed::Move {
            accounts,
            destination,
        } => {
            let names = HashMap::new();
            let (to, paths) = futures::try_join!(
                gather(gate, b, destination, &names),
                try_join_all(accounts.iter().map(|a| path_of(gate, b, a))),
            )?;
            let edit = Edit::Move {
                accounts: accounts.clone(),
                to: to.path,
            };
            (paths, edit)
        }
        Proposed::Attach { policy, target } => {
            let (accounts, p) = futures::try_join!(
                under(gate, b, std::slice::from_ref(target)),
                gate.read(|| b.describe_policy(policy)),
            )?;
            let policy = AttachedPolicy {
                id: p.summary.id,
                name: p.summary.name,
                kind: p.summary.kind,
                aws_managed: p.summary.aws_managed,
                content: p.content,
            };
            let edit = Edit::Attach {
                policy,
                target: target.clone(),
            };
            (accounts, edit)
        }
        Proposed::Detach { policy, target } => {
            let accounts = under(gate, b, std::slice::from_ref(target)).await?;
            let edit = Edit::Detach {
                policy: policy.clone(),
                target: target.clone(),
            };
            (accounts, edit)
        }
        Proposed::DetachAll { policy, targets } => {
            let accounts = under(gate, b, targets).await?;
            (
                accounts,
                Edit::Remove {
                    policy: policy.clone(),
                },
            )
        }
        Proposed::Update { policy, content } => {
            let targets = gate.all(|t| b.list_targets_for_policy(policy, t)).await?;
            let ids: Vec<String> = targets.into_iter().map(|t| t.target_id).collect();
            let accounts = under(gate, b, &ids).await?;
            let edit = Edit::Update {
                policy: policy.clone(),
                content: content.clone(),
            };
            (accounts, edit)
        }
    })
}

/// One account's path, under its id.
async fn path_of(gate: &Gate, b: &dyn OrgBackend, account: &str) -> OrgResult<(String, EvalInput)> {
    let input = gather(gate, b, account, &HashMap::new()).await?;
    Ok((account.to_string(), input))
}

/// The accounts at or under any of `targets`, each once: an account target's path read
/// alone; OUs and roots through one read of the tree (the organization's when several).
async fn under(
    gate: &Gate,
    b: &dyn OrgBackend,
    targets: &[String],
) -> OrgResult<Vec<(String, EvalInput)>> {
    let mut accounts: Vec<String> = Vec::new();
    let mut nodes: Vec<String> = Vec::new();
    for t in targets {
        if TargetKind::of(t) == Some(TargetKind::Account) {
            accounts.push(t.clone());
        } else {
            nodes.push(t.clone());
        }
    }
    let (subtree, alone) = futures::try_join!(
        subtrees(gate, b, &nodes),
        try_join_all(accounts.iter().map(|a| path_of(gate, b, a))),
    )?;
    let mut found: BTreeMap<String, EvalInput> = BTreeMap::new();
    for (id, input) in subtree.into_iter().chain(alone) {
        found.entry(id).or_insert(input);
    }
    Ok(found.into_iter().collect())
}

/// The accounts under any of `nodes` (OUs or roots).
async fn subtrees(
    gate: &Gate,
    b: &dyn OrgBackend,
    nodes: &[String],
) -> OrgResult<Vec<(String, EvalInput)>> {
    match nodes {
        [] => Ok(Vec::new()),
        [one] => Ok(gather_all(gate, b, Some(one.as_str())).await?.accounts),
        // Several: the tree is read once, from the root, and filtered.
        _ => {
            let all = gather_all(gate, b, None).await?.accounts;
            Ok(all
                .into_iter()
                .filter(|(_, input)| under_any(input, nodes))
                .collect())
        }
    }
}

fn under_any(input: &EvalInput, nodes: &[String]) -> bool {
    input.path.iter().any(|l| nodes.contains(&l.id))
}
