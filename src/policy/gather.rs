//! Reading what the evaluator needs from a live organization: the path from the root down
//! to the target (ListParents, one call per level), the SCPs and RCPs attached at each
//! level (ListPoliciesForTarget, only for the types enabled on the root), each distinct
//! policy's document once (DescribePolicy), and whether the target is the management
//! account (DescribeOrganization). Independent calls run in parallel under the gate.

use std::collections::{BTreeSet, HashMap};

use futures::future::{join_all, try_join_all};

use super::eval::{partition_of, AttachedPolicy, EvalInput, Level};
use crate::net::Gate;
use crate::org::ids::TargetKind;
use crate::org::{ErrorKind, OrgBackend, OrgError, OrgResult, PolicySummary, PolicyType, Root};

/// Reads the evaluator's input for `target_id` (an account, an OU or a root). Names the
/// caller already knows (`known_names`, id → name) are not asked for again; the others are
/// read with DescribeOrganizationalUnit / DescribeAccount alongside the policy listings.
pub async fn gather(
    gate: &Gate,
    b: &dyn OrgBackend,
    target_id: &str,
    known_names: &HashMap<String, String>,
) -> OrgResult<EvalInput> {
    let kind = TargetKind::of(target_id).ok_or_else(|| {
        OrgError::new(
            "InvalidInputException",
            format!("\"{target_id}\" is not an account id, an OU id or a root id"),
        )
    })?;
    // The chain of parents is sequential by nature; the organization and the roots are
    // read meanwhile.
    let (organization, roots, mut chain) = futures::try_join!(
        gate.read(|| b.describe_organization()),
        gate.all(|t| b.list_roots(t)),
        parents(gate, b, target_id, kind),
    )?;
    chain.reverse(); // root first
    let root = roots
        .iter()
        .find(|r| chain.first().is_some_and(|(id, _)| *id == r.id))
        .cloned()
        .ok_or_else(|| OrgError::new("NotFound", "the root above the target was not found"))?;
    let enabled: Vec<PolicyType> = root
        .enabled_policy_types()
        .into_iter()
        .filter(|t| matches!(t, PolicyType::ServiceControl | PolicyType::ResourceControl))
        .collect();

    let listings = try_join_all(chain.iter().map(|(id, _)| attached(gate, b, id, &enabled)));
    let names = join_all(
        chain
            .iter()
            .map(|(id, k)| name(gate, b, id, *k, &root, known_names)),
    );
    let (listed, names) = futures::join!(listings, names);
    let listed = listed?;
    let distinct: BTreeSet<&str> = listed.iter().flatten().map(|p| p.id.as_str()).collect();
    let documents: HashMap<String, String> =
        try_join_all(distinct.into_iter().map(|id| async move {
            let p = gate.read(|| b.describe_policy(id)).await?;
            Ok::<_, OrgError>((id.to_string(), p.content))
        }))
        .await?
        .into_iter()
        .collect();

    let path = chain
        .into_iter()
        .zip(listed)
        .zip(names)
        .map(|(((id, kind), policies), name)| Level {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            kind,
            policies: policies
                .into_iter()
                .map(|p| AttachedPolicy {
                    content: documents.get(&p.id).cloned().unwrap_or_default(),
                    id: p.id,
                    name: p.name,
                    kind: p.kind,
                    aws_managed: p.aws_managed,
                })
                .collect(),
        })
        .collect();
    Ok(EvalInput {
        path,
        management_account: kind == TargetKind::Account
            && organization.master_account_id == target_id,
        scps_enabled: enabled.contains(&PolicyType::ServiceControl),
        rcps_enabled: enabled.contains(&PolicyType::ResourceControl),
        organization_id: Some(organization.id.clone()),
        partition: partition_of(&organization.arn),
    })
}

/// The target and its ancestors, target first, root last.
async fn parents(
    gate: &Gate,
    b: &dyn OrgBackend,
    target_id: &str,
    kind: TargetKind,
) -> OrgResult<Vec<(String, TargetKind)>> {
    let mut chain = vec![(target_id.to_string(), kind)];
    let mut at = (target_id.to_string(), kind);
    // An organization nests at most 5 OUs deep; the bound only guards against a cycle.
    while at.1 != TargetKind::Root && chain.len() <= 8 {
        let found = gate.all(|t| b.list_parents(&at.0, t)).await?;
        let parent = found.into_iter().next().ok_or_else(|| {
            OrgError::with_kind(
                ErrorKind::Other,
                "NotFound",
                format!("{} has no parent", at.0),
            )
        })?;
        at = (parent.id, parent.kind);
        chain.push(at.clone());
    }
    Ok(chain)
}

/// The SCPs and RCPs attached directly to `id`, of the enabled types.
async fn attached(
    gate: &Gate,
    b: &dyn OrgBackend,
    id: &str,
    enabled: &[PolicyType],
) -> OrgResult<Vec<PolicySummary>> {
    let lists = try_join_all(
        enabled
            .iter()
            .map(|kind| gate.all(move |t| b.list_policies_for_target(id, kind, t))),
    )
    .await?;
    Ok(lists.into_iter().flatten().collect())
}

/// A level's name: known already, the root's, or read (a failure leaves the id shown).
async fn name(
    gate: &Gate,
    b: &dyn OrgBackend,
    id: &str,
    kind: TargetKind,
    root: &Root,
    known: &HashMap<String, String>,
) -> Option<String> {
    if let Some(n) = known.get(id) {
        return Some(n.clone());
    }
    match kind {
        TargetKind::Root => Some(root.name.clone()),
        TargetKind::OrganizationalUnit => gate
            .read(|| b.describe_organizational_unit(id))
            .await
            .ok()
            .map(|o| o.name),
        TargetKind::Account => gate
            .read(|| b.describe_account(id))
            .await
            .ok()
            .map(|a| a.name),
    }
}
