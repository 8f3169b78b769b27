//! The one place that creates requests and loads data: it registers each request with
//! its purpose, emits the command, and (in `replies`) files the answers into the model.
//! Other modules say *what* they need; this module knows *how* it is fetched.

mod replies;
mod selection;
mod stale;

pub use stale::invalidate;

pub use replies::{on_reply, set_children, Arrived};
pub use selection::on_idle;

use crate::org::PolicyType;

use super::cache::{Loadable, State};
use super::model::{Model, NodeIx};
use super::msg::{Change, Cmd, Fetch, Job, ReqId};
use super::requests::Pending;

fn request(m: &mut Model, pending: Pending, fetch: Fetch, cmds: &mut Vec<Cmd>) -> ReqId {
    let req = m.requests.register(pending);
    cmds.push(Cmd::Work(Job::Fetch { req, fetch }));
    req
}

/// Requests what fills `fetch`'s cache entry unless it is loaded or loading; a failed
/// entry is left for `r` to retry. `true` when a request went out.
pub fn ensure(m: &mut Model, fetch: Fetch, cmds: &mut Vec<Cmd>) -> bool {
    {
        let Some(mut slot) = m.cache.slot(&fetch) else {
            return false;
        };
        if slot.state() != State::Absent {
            return false;
        }
        slot.set_loading();
    }
    request(m, Pending::Load(fetch.clone()), fetch, cmds);
    true
}

/// Drops what is cached for `fetch` (and a request for it in flight) and reads it again.
pub fn reload(m: &mut Model, fetch: Fetch, cmds: &mut Vec<Cmd>) {
    forget(m, &fetch);
    ensure(m, fetch, cmds);
}

/// Drops what is cached for `fetch`, so the next `ensure` reads it again.
pub fn forget(m: &mut Model, fetch: &Fetch) {
    if let Some(mut slot) = m.cache.slot(fetch) {
        slot.forget();
    }
    m.requests
        .forget(|p| matches!(p, Pending::Load(f) if f == fetch));
}

/// DescribeOrganization and ListRoots: the start, and a retry after a failed start.
pub fn organization(m: &mut Model, cmds: &mut Vec<Cmd>) {
    // An organization drawn from the snapshot of an earlier run stays while it is re-read.
    if m.organization().is_none() {
        m.org = Some(Loadable::Loading);
    }
    request(m, Pending::Organization, Fetch::Organization, cmds);
}

/// Lists a parent's children; a listing already in flight for it is superseded.
pub fn children(m: &mut Model, ix: NodeIx, cmds: &mut Vec<Cmd>) {
    m.requests
        .forget(|p| matches!(p, Pending::Children { parent, .. } if *parent == ix));
    m.nodes[ix].children_load = Some(Loadable::Loading);
    let parent = m.nodes[ix].id.clone();
    request(
        m,
        Pending::Children {
            parent: ix,
            ous: None,
            accounts: None,
            ous_staged: Vec::new(),
            accounts_staged: Vec::new(),
        },
        Fetch::Children { parent },
        cmds,
    );
}

/// Reads everything below `parents` (themselves included) in one request, the streaming
/// crawl; each parent is filed as soon as it is read whole. Listings of them in flight on
/// their own are superseded (the read lists them). Parents read before stay on screen
/// while they are read again.
pub fn subtree(m: &mut Model, parents: Vec<NodeIx>, cmds: &mut Vec<Cmd>) {
    if parents.is_empty() {
        return;
    }
    let outstanding: std::collections::BTreeSet<NodeIx> = parents.iter().copied().collect();
    m.requests
        .forget(|p| matches!(p, Pending::Children { parent, .. } if outstanding.contains(parent)));
    for &p in &parents {
        if !matches!(m.nodes[p].children_load, Some(Loadable::Loaded(()))) {
            m.nodes[p].children_load = Some(Loadable::Loading);
        }
    }
    let ids = parents.iter().map(|&p| m.nodes[p].id.clone()).collect();
    request(
        m,
        Pending::Subtree { outstanding },
        Fetch::Subtree { parents: ids },
        cmds,
    );
}

/// Every account of the organization, page by page (the accounts view).
pub fn all_accounts(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.requests.forget(|p| matches!(p, Pending::AllAccounts(_)));
    m.cache.accounts = Some(Loadable::Loading);
    m.accounts_changed();
    request(
        m,
        Pending::AllAccounts(Vec::new()),
        Fetch::AllAccounts,
        cmds,
    );
}

/// Every policy of the types the organization offers, enabled or not: policies can
/// exist for both.
pub fn policies(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.cache.policies = None;
    m.requests
        .forget(|p| matches!(p, Pending::Load(Fetch::Policies { .. })));
    let fetch = policies_fetch(m);
    ensure(m, fetch, cmds);
}

/// Reads the policy list again while the one loaded stays on screen (a picker opened
/// on it must not miss a policy created elsewhere meanwhile).
pub fn revalidate_policies(m: &mut Model, cmds: &mut Vec<Cmd>) {
    if !matches!(m.cache.policies, Some(Loadable::Loaded(_))) {
        return policies(m, cmds);
    }
    let in_flight = m
        .requests
        .any(|p| matches!(p, Pending::Load(Fetch::Policies { .. })));
    if !in_flight {
        let fetch = policies_fetch(m);
        request(m, Pending::Load(fetch.clone()), fetch, cmds);
    }
}

/// ListPolicies of every type the organization offers, enabled or not.
fn policies_fetch(m: &Model) -> Fetch {
    let mut types: Vec<PolicyType> = m
        .organization()
        .map(|o| {
            o.available_policy_types
                .iter()
                .map(|t| t.kind.clone())
                .collect()
        })
        .unwrap_or_default();
    for t in m.enabled_policy_types() {
        if !types.contains(&t) {
            types.push(t);
        }
    }
    types.sort();
    Fetch::Policies { types }
}

/// The policies attached directly to `target`, of every enabled type.
pub fn attached(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    let types = m.enabled_policy_types();
    ensure(
        m,
        Fetch::PoliciesForTarget {
            target: target.to_string(),
            types,
        },
        cmds,
    );
}

/// Re-reads the policies attached to a target (after a change).
pub fn reload_attached(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    m.cache.attached.remove(target);
    m.requests.forget(
        |p| matches!(p, Pending::Load(Fetch::PoliciesForTarget { target: t, .. }) if t == target),
    );
    attached(m, target, cmds);
}

/// ListChildren of an OU before it is deleted: the API, not the tree, says it is empty.
pub fn delete_check(m: &mut Model, ou: &str, cmds: &mut Vec<Cmd>) {
    request(
        m,
        Pending::DeleteCheck(ou.to_string()),
        Fetch::ChildIds {
            parent: ou.to_string(),
        },
        cmds,
    );
}

/// Reads what the evaluator needs for `target`; a read for it in flight is superseded.
pub fn eval_input(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    m.requests
        .forget(|p| matches!(p, Pending::Evaluate(t) if t == target));
    let fetch = Fetch::EvalInput {
        target: target.to_string(),
    };
    request(m, Pending::Evaluate(target.to_string()), fetch, cmds);
}

/// Reads what the evaluator needs for every account under `target` (a root or an OU).
pub fn eval_all(m: &mut Model, target: &str, cmds: &mut Vec<Cmd>) {
    m.requests
        .forget(|p| matches!(p, Pending::EvaluateAll(t) if t == target));
    let fetch = Fetch::EvalAll {
        target: target.to_string(),
    };
    request(m, Pending::EvaluateAll(target.to_string()), fetch, cmds);
}

/// Asks the worker for every account's verdict (`Fetch::Judge`); a newer question
/// supersedes one still being worked out.
pub fn judge(
    m: &mut Model,
    target: &str,
    accounts: crate::policy::all::Accounts,
    query: crate::policy::Query,
    cmds: &mut Vec<Cmd>,
) {
    m.requests
        .forget(|p| matches!(p, Pending::Judge(t) if t == target));
    let fetch = Fetch::Judge { accounts, query };
    request(m, Pending::Judge(target.to_string()), fetch, cmds);
}

/// Reads what `proposed` does to the watched actions (for its confirmation).
pub fn whatif(m: &mut Model, proposed: crate::policy::whatif::Proposed, cmds: &mut Vec<Cmd>) {
    // The evaluator's context, as far as it reads (a mistake in it is said there).
    let context = crate::policy::Context::parse(m.eval_context.as_str().split_whitespace())
        .unwrap_or_default();
    let fetch = Fetch::WhatIf {
        proposed: proposed.clone(),
        actions: m.watched.clone(),
        context,
    };
    request(m, Pending::WhatIf(proposed), fetch, cmds);
}

/// Reads the effective policies of `account` for each of `types`.
pub fn effective(m: &mut Model, account: &str, types: &[PolicyType], cmds: &mut Vec<Cmd>) {
    m.requests
        .forget(|p| matches!(p, Pending::Effective(a) if a == account));
    let fetch = Fetch::Effective {
        account: account.to_string(),
        types: types.to_vec(),
    };
    request(m, Pending::Effective(account.to_string()), fetch, cmds);
}

/// Sends a confirmed change; `caller` is recorded in the audit log.
/// A change whose earlier outcome is unknown is re-read first and sent only if it did not
/// happen.
pub fn change(m: &mut Model, change: Change, caller: &str, cmds: &mut Vec<Cmd>) {
    let recheck = m.requests.settle(&change);
    let req = m.requests.register(Pending::Change(change.clone()));
    cmds.push(Cmd::Work(Job::Change {
        req,
        change,
        how: crate::change::engine::Send { recheck },
        caller: caller.to_string(),
    }));
}

/// Re-reads whether a change an earlier run left unfinished happened.
pub fn check(
    m: &mut Model,
    id: &str,
    change: Change,
    attempted: Option<String>,
    cmds: &mut Vec<Cmd>,
) {
    let req = m.requests.register(Pending::Check(id.to_string()));
    let caller = crate::app::caller::audit_caller(m);
    cmds.push(Cmd::Work(Job::Check {
        req,
        id: id.to_string(),
        change,
        attempted,
        caller,
    }));
}

/// A read for the account lifecycle (creation status, creation requests); its answer goes
/// to `creation` whatever it is.
pub fn lifecycle(m: &mut Model, wait: super::creation::Wait, fetch: Fetch, cmds: &mut Vec<Cmd>) {
    request(m, Pending::Lifecycle(wait), fetch, cmds);
}
