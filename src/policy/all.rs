//! `orgtui eval --all`: one question for every account under a root or OU. The tree is
//! read as `orgtui export` reads it (`crawl.rs`), then the SCPs and RCPs attached to each
//! root, OU and account once (ListPoliciesForTarget per target and enabled type), then each
//! distinct policy's document once (DescribePolicy); every document is parsed once, and
//! every account's path is built from those shared parts.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;

use super::eval::{
    partition_of, AttachedPolicy, EvalInput, Evaluation, Level, Prepared, Query, ReadCache,
};
use super::trace::{LevelDecision, Verdict};
use crate::crawl::crawl;
use crate::net::Gate;
use crate::org::ids::TargetKind;
use crate::org::{OrgBackend, OrgError, OrgResult, OrgSnapshot, PolicySummary, PolicyType};

/// One account's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountVerdict {
    pub account_id: String,
    pub name: String,
    pub verdict: Verdict,
    /// The level that decided (denied, depends) or "" when allowed everywhere.
    pub decided_at: String,
    /// The deciding policy and statement, or what was missing.
    pub deciding: String,
    /// When it depends: the condition keys not given that decide it.
    pub depends_on: Vec<String>,
    pub reason: String,
}

/// What was read, and how many calls it took against the fewest possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Calls {
    pub made: usize,
    pub minimum: usize,
}

/// Everything `--all` read: the paths of every account under the target.
pub struct OrgPolicies {
    pub target: String,
    /// Each account's input, in the tree's order.
    pub accounts: Vec<(String, EvalInput)>,
    pub calls: Calls,
}

/// Reads every account under `target` (a root or OU id; `None`: the first root) with
/// the policies along their paths.
pub async fn gather_all(
    gate: &Gate,
    b: &dyn OrgBackend,
    target: Option<&str>,
) -> OrgResult<OrgPolicies> {
    let tree_calls = AtomicUsize::new(0);
    let snapshot = crawl(gate, b, |p| tree_calls.store(p.calls, Ordering::Relaxed)).await?;
    let tree_calls = tree_calls.load(Ordering::Relaxed);
    let root = snapshot
        .roots
        .first()
        .cloned()
        .ok_or_else(|| OrgError::new("NotFound", "the organization has no root"))?;
    let target = target.unwrap_or(&root.id).to_string();
    let parents: HashMap<&str, &str> = snapshot
        .ous
        .iter()
        .map(|o| (o.item.id.as_str(), o.parent.as_str()))
        .chain(
            snapshot
                .accounts
                .iter()
                .map(|a| (a.item.id.as_str(), a.parent.as_str())),
        )
        .collect();
    let is_node = target == root.id || snapshot.ous.iter().any(|o| o.item.id == target);
    if !is_node {
        return Err(OrgError::new(
            "TargetNotFoundException",
            format!("{target} is not the root or an OU of this organization"),
        ));
    }
    // Root first: the chain of ids from the root down to `id`.
    let chain = |id: &str| {
        let mut c = vec![id.to_string()];
        let mut at = id;
        while let Some(p) = parents.get(at) {
            c.push(p.to_string());
            at = p;
        }
        c.reverse();
        c
    };
    let under: Vec<&crate::org::Placed<crate::org::Account>> = snapshot
        .accounts
        .iter()
        .filter(|a| chain(&a.item.id).contains(&target))
        .collect();
    // Every level any of those paths has, once.
    let mut nodes: BTreeSet<String> = BTreeSet::new();
    for a in &under {
        nodes.extend(chain(&a.item.id));
    }
    nodes.extend(chain(&target));
    let enabled: Vec<PolicyType> = root
        .enabled_policy_types()
        .into_iter()
        .filter(|t| matches!(t, PolicyType::ServiceControl | PolicyType::ResourceControl))
        .collect();
    let listing_calls = AtomicUsize::new(0);
    let whole = target == root.id;
    let by_policy = if whole {
        by_policy(gate, b, &enabled, &nodes, &listing_calls).await?
    } else {
        None
    };
    let (listed, minimum_listings) = match by_policy {
        Some(found) => found,
        None => by_target(gate, b, &enabled, &nodes, &listing_calls).await?,
    };
    let distinct: BTreeSet<&str> = listed.values().flatten().map(|p| p.id.as_str()).collect();
    // Owned ids: a future borrowing from the stream's items is not `Send` for every
    // lifetime, and the worker spawns this.
    let ids: Vec<String> = distinct.iter().map(|s| s.to_string()).collect();
    let documents: HashMap<String, String> = stream::iter(ids)
        .map(|id| async move {
            let p = gate.read(|| b.describe_policy(&id)).await?;
            OrgResult::Ok((id, p.content))
        })
        .buffer_unordered(64)
        .try_collect()
        .await?;
    let calls = Calls {
        made: tree_calls + listing_calls.load(Ordering::Relaxed) + documents.len(),
        minimum: crate::crawl::minimum_calls(&snapshot, 20) + minimum_listings + documents.len(),
    };
    let levels = levels(&snapshot, &root.name, &listed, &documents);
    let accounts = under
        .iter()
        .map(|a| {
            let path = chain(&a.item.id)
                .iter()
                .filter_map(|id| levels.get(id).cloned())
                .collect();
            let input = EvalInput {
                path,
                management_account: snapshot.organization.master_account_id == a.item.id,
                scps_enabled: enabled.contains(&PolicyType::ServiceControl),
                rcps_enabled: enabled.contains(&PolicyType::ResourceControl),
                organization_id: Some(snapshot.organization.id.clone()),
                partition: partition_of(&snapshot.organization.arn),
            };
            (a.item.id.clone(), input)
        })
        .collect();
    Ok(OrgPolicies {
        target,
        accounts,
        calls,
    })
}

/// The fewest pages that list `n` items (20 to a page; an empty listing is one call).
fn pages(n: usize) -> usize {
    n.div_ceil(20).max(1)
}

/// The policies attached to each of `nodes`, read per target: ListPoliciesForTarget for
/// each node and enabled type. With the fewest calls that way.
async fn by_target(
    gate: &Gate,
    b: &dyn OrgBackend,
    enabled: &[PolicyType],
    nodes: &BTreeSet<String>,
    calls: &AtomicUsize,
) -> OrgResult<(HashMap<String, Vec<PolicySummary>>, usize)> {
    let listed: HashMap<String, Vec<PolicySummary>> = stream::iter(nodes.iter().cloned())
        .map(|id| async move {
            let mut all = Vec::new();
            for kind in enabled {
                let got = gate
                    .all(|t| {
                        calls.fetch_add(1, Ordering::Relaxed);
                        b.list_policies_for_target(&id, kind, t)
                    })
                    .await?;
                all.extend(got);
            }
            OrgResult::Ok((id, all))
        })
        // The gate limits what is in flight; this only bounds the futures kept at once.
        .buffer_unordered(64)
        .try_collect()
        .await?;
    let minimum = listed
        .values()
        .map(|ps| {
            enabled
                .iter()
                .map(|k| pages(ps.iter().filter(|p| &p.kind == k).count()))
                .sum::<usize>()
        })
        .sum();
    Ok((listed, minimum))
}

/// The same read per policy, for the whole organization: ListPolicies per enabled type,
/// then ListTargetsForPolicy per policy. A policy such as FullAWSAccess attached to every
/// node then costs a page per 20 targets instead of a call per target. `None` (after the
/// ListPolicies calls) when the organization has so many policies that reading per target
/// is cheaper.
async fn by_policy(
    gate: &Gate,
    b: &dyn OrgBackend,
    enabled: &[PolicyType],
    nodes: &BTreeSet<String>,
    calls: &AtomicUsize,
) -> OrgResult<Option<(HashMap<String, Vec<PolicySummary>>, usize)>> {
    let mut policies = Vec::new();
    let mut minimum = 0;
    for kind in enabled {
        let got = gate
            .all(|t| {
                calls.fetch_add(1, Ordering::Relaxed);
                b.list_policies(kind, t)
            })
            .await?;
        minimum += pages(got.len());
        policies.extend(got);
    }
    // Each policy costs at least one call; per target costs one per node and type.
    if policies.len() >= nodes.len() * enabled.len() {
        return Ok(None);
    }
    let targets: Vec<(PolicySummary, Vec<String>)> = stream::iter(policies)
        .map(|p| async move {
            let got = gate
                .all(|t| {
                    calls.fetch_add(1, Ordering::Relaxed);
                    b.list_targets_for_policy(&p.id, t)
                })
                .await?;
            let ids = got.into_iter().map(|t| t.target_id).collect();
            OrgResult::Ok((p, ids))
        })
        .buffer_unordered(64)
        .try_collect()
        .await?;
    let mut listed: HashMap<String, Vec<PolicySummary>> =
        nodes.iter().map(|n| (n.clone(), Vec::new())).collect();
    for (p, ids) in &targets {
        minimum += pages(ids.len());
        for id in ids {
            if let Some(list) = listed.get_mut(id) {
                list.push(p.clone());
            }
        }
    }
    // The order AWS lists a target's policies in: by name, as ListPoliciesForTarget does
    // in practice, so that "the first Deny" names the same statement either way.
    for list in listed.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    }
    // Policies attached to nothing are not read.
    Ok(Some((listed, minimum)))
}

/// Each listed node as a level, with its policies' documents.
fn levels(
    s: &OrgSnapshot,
    root_name: &str,
    listed: &HashMap<String, Vec<PolicySummary>>,
    documents: &HashMap<String, String>,
) -> HashMap<String, Level> {
    let names: HashMap<&str, &str> = s
        .ous
        .iter()
        .map(|o| (o.item.id.as_str(), o.item.name.as_str()))
        .chain(
            s.accounts
                .iter()
                .map(|a| (a.item.id.as_str(), a.item.name.as_str())),
        )
        .collect();
    listed
        .iter()
        .map(|(id, policies)| {
            let kind = TargetKind::of(id).unwrap_or(TargetKind::Account);
            let name = match kind {
                TargetKind::Root => root_name.to_string(),
                _ => names.get(id.as_str()).map_or(id.clone(), |n| n.to_string()),
            };
            let policies = policies
                .iter()
                .map(|p| AttachedPolicy {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    aws_managed: p.aws_managed,
                    content: documents.get(&p.id).cloned().unwrap_or_default(),
                })
                .collect();
            let level = Level {
                id: id.clone(),
                name,
                kind,
                policies,
            };
            (id.clone(), level)
        })
        .collect()
}

/// Every account under a root or OU with its path, read once and shared (the evaluator's
/// dialog keeps it; the worker evaluates it).
pub type Accounts = std::sync::Arc<Vec<(String, EvalInput)>>;

/// Evaluates `query` for every account, each document parsed once for all of them.
pub fn evaluate_all(org: &OrgPolicies, query: &Query) -> Vec<AccountVerdict> {
    evaluate_accounts(&org.accounts, query)
}

/// `evaluate_all` over accounts read before (the evaluator's dialog keeps them).
///
/// Accounts in the same OU with the same policies of their own get the same answer, so
/// it is worked out once per such group (a wildcard question is thousands of asks): the
/// others take its line under their own name, unless the answer names the account (it
/// was decided at the account's own level, or a policy on the path turns on the account
/// itself), when each is evaluated on its own.
pub fn evaluate_accounts(accounts: &[(String, EvalInput)], query: &Query) -> Vec<AccountVerdict> {
    let mut cache = ReadCache::default();
    let mut shared: HashMap<Vec<&str>, AccountVerdict> = HashMap::new();
    accounts
        .iter()
        .map(|(id, input)| {
            let key = group_key(input);
            if let Some(line) = key.as_ref().and_then(|k| shared.get(k)) {
                let name = input.path.last().map_or(id.as_str(), |l| l.name.as_str());
                if let Some(line) = line.for_account(id, name) {
                    return line;
                }
            }
            let prepared = Prepared::cached(input.clone(), &mut cache);
            let line = verdict_of(id, &prepared.evaluate(query));
            if let Some(key) = key {
                shared.entry(key).or_insert_with(|| line.clone());
            }
            line
        })
        .collect()
}

/// What an account's answer depends on besides its name: the levels above it and the
/// policies (ids and documents) on its path; `None` when it may depend on the account
/// itself (a document names the account's id or uses policy variables, or it is the
/// management account).
fn group_key(input: &EvalInput) -> Option<Vec<&str>> {
    let (own, above) = input.path.split_last()?;
    if input.management_account {
        return None;
    }
    let mut key: Vec<&str> = above.iter().map(|l| l.id.as_str()).collect();
    for l in &input.path {
        key.push("|");
        for p in &l.policies {
            let lower = p.content.to_ascii_lowercase();
            if p.content.contains("${")
                || lower.contains("principalaccount")
                || p.content.contains(own.id.as_str())
            {
                return None;
            }
            key.push(p.id.as_str());
            key.push(p.content.as_str());
        }
    }
    Some(key)
}

impl AccountVerdict {
    /// This line for another account of the same group, when it does not name the one
    /// it was worked out for.
    fn for_account(&self, id: &str, name: &str) -> Option<AccountVerdict> {
        let allowed = |who: &str| format!("allowed at every level down to {who}");
        let reason = match self.verdict {
            Verdict::Allowed if self.reason == allowed(&self.name) => allowed(name),
            Verdict::Denied | Verdict::DependsOnCondition
                if !self.decided_at.contains(&self.account_id) =>
            {
                self.reason.clone()
            }
            _ => return None,
        };
        Some(AccountVerdict {
            account_id: id.to_string(),
            name: name.to_string(),
            reason,
            ..self.clone()
        })
    }
}

/// The account's line: its verdict and what decided it.
pub fn verdict_of(id: &str, e: &Evaluation) -> AccountVerdict {
    let name = e.levels.last().map_or(id.to_string(), |l| l.name.clone());
    // The level the verdict names: the first that denies, else the first that depends.
    let deciding = e.levels.iter().find(|l| match e.verdict {
        Verdict::Denied => matches!(
            l.decision,
            LevelDecision::Denied { .. } | LevelDecision::NoAllow { .. }
        ),
        Verdict::DependsOnCondition => {
            matches!(l.decision, LevelDecision::DependsOnCondition { .. })
        }
        Verdict::Allowed | Verdict::Exempt => false,
    });
    let (decided_at, by) = match deciding {
        Some(l) => {
            let by = match &l.decision {
                LevelDecision::Denied { by } | LevelDecision::DependsOnCondition { by, .. } => {
                    by.to_string()
                }
                LevelDecision::NoAllow { .. } => format!("no SCP at {} allows it", l.name),
                _ => String::new(),
            };
            (l.title(), by)
        }
        None => (String::new(), String::new()),
    };
    AccountVerdict {
        account_id: id.to_string(),
        name,
        verdict: e.verdict,
        decided_at,
        deciding: by,
        depends_on: e.depends_on.clone(),
        reason: e.reason.clone(),
    }
}

/// The verdicts in the order they are listed: denied, depends, allowed, exempt.
pub const ORDER: [Verdict; 4] = [
    Verdict::Denied,
    Verdict::DependsOnCondition,
    Verdict::Allowed,
    Verdict::Exempt,
];

/// Grouped by verdict, a heading with the count, one line per account.
pub fn render_text(question: &str, target: &str, all: &[AccountVerdict]) -> String {
    let mut out = format!(
        "{question}, for the {} accounts under {target}\n",
        all.len()
    );
    for v in ORDER {
        let group: Vec<&AccountVerdict> = all.iter().filter(|a| a.verdict == v).collect();
        if group.is_empty() {
            continue;
        }
        let n = group.len();
        let accounts = if n == 1 { "account" } else { "accounts" };
        out.push_str(&format!("{} ({n} {accounts})\n", v.label()));
        for a in group {
            let why = match (a.decided_at.is_empty(), a.verdict) {
                (_, Verdict::Exempt) => "management account".to_string(),
                (true, _) => "allowed at every level".to_string(),
                (false, Verdict::DependsOnCondition) if !a.depends_on.is_empty() => format!(
                    "on {}: {}: {}",
                    a.depends_on.join(", "),
                    a.decided_at,
                    a.deciding
                ),
                (false, _) => format!("{}: {}", a.decided_at, a.deciding),
            };
            out.push_str(&format!("  {}  {}  {why}\n", a.account_id, escape(&a.name)));
        }
    }
    out
}

/// Names come from the API: never send control characters to the terminal raw.
fn escape(s: &str) -> String {
    s.chars().flat_map(char::escape_default).collect()
}

/// One CSV row per account, grouped by verdict like the text.
pub fn render_csv(all: &[AccountVerdict]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from("account_id,name,verdict,decided_at,deciding,reason\n");
    for v in ORDER {
        for a in all.iter().filter(|a| a.verdict == v) {
            let row = [
                a.account_id.as_str(),
                &a.name,
                verdict_name(v),
                &a.decided_at,
                &a.deciding,
                &a.reason,
            ];
            let row: Vec<String> = row.iter().map(|s| field(s)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// The JSON document: the question, the calls, and the accounts grouped by verdict.
pub fn render_json(query: &Query, target: &str, calls: Calls, all: &[AccountVerdict]) -> String {
    let groups: serde_json::Map<String, serde_json::Value> = ORDER
        .iter()
        .map(|v| {
            let list: Vec<&AccountVerdict> = all.iter().filter(|a| a.verdict == *v).collect();
            let list = serde_json::to_value(list).unwrap_or_default();
            (verdict_name(*v).to_string(), list)
        })
        .collect();
    let doc = serde_json::json!({
        "query": query,
        "question": query.describe(),
        "target": target,
        "accounts": all.len(),
        "calls": calls,
        "verdicts": groups,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The verdict as JSON names it (`depends_on_condition`), for CSV and JSON keys.
fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Denied => "denied",
        Verdict::DependsOnCondition => "depends_on_condition",
        Verdict::Exempt => "exempt",
    }
}

/// The worst verdict (the exit status of `--all`): denied before depends before allowed.
pub fn worst(all: &[AccountVerdict]) -> Verdict {
    ORDER
        .into_iter()
        .find(|v| all.iter().any(|a| a.verdict == *v))
        .unwrap_or(Verdict::Allowed)
}
