//! What the confirmations of organization changes say: an invitation, the answers to a
//! handshake, enabling all features, creating, deleting and leaving an organization (and
//! whether a known SCP denies leaving).

use crate::org::handshakes::HANDSHAKE_LIFETIME_DAYS;
use crate::org::ids::TargetKind;
use crate::org::{Handshake, PolicyType};
use crate::policy::eval::{partition_of, AttachedPolicy, Level};
use crate::policy::{evaluate, EvalInput, Query, Verdict};
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::model::{Model, NodeData};
use super::plan::{Text, Tone};
use crate::change::OrgChange;

/// A handshake as read (described, or listed on the handshakes screen).
fn read_handshake<'a>(m: &'a Model, id: &str) -> Option<&'a Handshake> {
    if let Some(Loadable::Loaded(h)) = m.cache.admin.handshake.get(id) {
        return Some(h);
    }
    match &m.cache.admin.handshakes {
        Some(Loadable::Loaded(list)) => list.iter().find(|h| h.id == id),
        _ => None,
    }
}

/// "INVITE from o-… (admin@example.com)", or the id alone when it is not read.
fn about(m: &Model, id: &str) -> String {
    let Some(h) = read_handshake(m, id) else {
        return format!("handshake {}", safe(id));
    };
    let from = h
        .resource("MASTER_EMAIL")
        .or_else(|| h.resource("ORGANIZATION"))
        .or_else(|| h.parties.first().map(|p| p.id.as_str()))
        .unwrap_or("?");
    format!(
        "{} handshake {} ({}, from {})",
        safe(&h.action),
        safe(id),
        safe(&h.state),
        safe(from)
    )
}

fn push(t: &mut Text, tone: Tone, lines: &[&str]) {
    t.extend(lines.iter().map(|l| (tone, l.to_string())));
}

fn organization(m: &Model) -> String {
    m.organization()
        .map_or_else(|| "the organization".into(), |o| safe(&o.id).into_owned())
}

pub fn describe(m: &Model, change: &OrgChange, t: &mut Text) {
    match change {
        OrgChange::InviteAccount { target, notes } => {
            let by = if OrgChange::target_is_account(target) {
                "account"
            } else {
                "the account with email"
            };
            t.push((
                Tone::Strong,
                format!("Invite {by} {} to join {}", safe(target), organization(m)),
            ));
            if !notes.is_empty() {
                t.push((Tone::Plain, format!("  notes: {}", safe(notes))));
            }
            t.push((Tone::Plain, String::new()));
            t.push((
                Tone::Plain,
                format!(
                    "AWS sends an INVITE handshake; it stays OPEN for {HANDSHAKE_LIFETIME_DAYS} days until the account accepts or declines it (then EXPIRED)."
                ),
            ));
            push(
                t,
                Tone::Plain,
                &["You can cancel it from the handshakes screen while it is open."],
            );
        }
        OrgChange::AcceptHandshake { handshake } => {
            t.push((Tone::Strong, format!("Accept {}", about(m, handshake))));
            t.push((Tone::Plain, String::new()));
            let action = read_handshake(m, handshake).map(|h| h.action.as_str());
            let what = match action {
                Some("APPROVE_ALL_FEATURES") => "The management account gains full control of the policies (SCPs, RCPs…) that apply to this account.",
                Some("ENABLE_ALL_FEATURES") => "Every member approved: this finishes enabling all features; the organization cannot go back to consolidated billing only.",
                Some("TRANSFER_RESPONSIBILITY") => "The inviting organization's management account then manages and pays this organization's billing from the transfer's start, until either side ends it (transfers: 9).",
                _ => "This account joins that organization: its policies (SCPs, RCPs…) apply to it and its bills go to the management account.",
            };
            push(t, Tone::Warn, &[what]);
        }
        OrgChange::DeclineHandshake { handshake } => {
            t.push((Tone::Strong, format!("Decline {}", about(m, handshake))));
            push(
                t,
                Tone::Plain,
                &["", "It ends DECLINED; nothing else changes."],
            );
        }
        OrgChange::CancelHandshake { handshake } => {
            // "Withdraw": "Cancel handshake" beside "n/Esc cancel" reads both ways.
            t.push((Tone::Strong, format!("Withdraw {}", about(m, handshake))));
            push(
                t,
                Tone::Plain,
                &[
                    "",
                    "It ends CANCELED: the recipient can no longer accept it.",
                ],
            );
        }
        OrgChange::EnableAllFeatures => {
            t.push((
                Tone::Strong,
                format!("Start enabling all features in {}", organization(m)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["This starts an ENABLE_ALL_FEATURES handshake: every member account that joined by invitation gets an APPROVE_ALL_FEATURES handshake that it must accept (accounts created in the organization approve without one). Once all have approved, the management account accepts the ENABLE_ALL_FEATURES handshake to finish; from then on SCPs, RCPs and the other policy types can be used, and it cannot go back to consolidated billing only. Invitations cannot be sent meanwhile."],
            );
            push(
                t,
                Tone::Plain,
                &["The handshakes screen (8) shows its progress."],
            );
        }
        OrgChange::DeleteOrganization { organization } => {
            t.push((
                Tone::Strong,
                format!("Delete organization {}", safe(organization)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["It has no member accounts. Its OUs, policies and settings are deleted and the management account becomes a standalone account. This cannot be undone."],
            );
        }
        OrgChange::LeaveOrganization { organization } => {
            t.push((
                Tone::Strong,
                format!("This account leaves organization {}", safe(organization)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["It becomes a standalone account: it needs its own payment method, support plan and contact details, or AWS refuses. The organization's policies no longer apply to it; coming back takes a new invitation."],
            );
            t.extend(leave_denied(m));
        }
        OrgChange::CreateOrganization { feature_set } => {
            t.push((
                Tone::Strong,
                format!(
                    "Create an organization with feature set {}, this account as its management account",
                    safe(feature_set)
                ),
            ));
            let what = if feature_set == "ALL" {
                "ALL: consolidated billing and every policy type (SCPs, RCPs, tag policies…)."
            } else {
                "CONSOLIDATED_BILLING: shared billing only; all features can be enabled later."
            };
            push(t, Tone::Plain, &["", what]);
        }
    }
}

const LEAVE: &str = "organizations:LeaveOrganization";

/// Whether an SCP on the caller's path denies leaving, judged from the policies already
/// read (a member account can rarely read them, and nothing is read for this).
fn leave_denied(m: &Model) -> Option<(Tone, String)> {
    let unread = || {
        (
            Tone::Warn,
            format!("AWS refuses if an SCP on this account's path denies {LEAVE} (its SCPs are not read here)."),
        )
    };
    let Some(Loadable::Loaded(me)) = &m.sts.caller else {
        return Some(unread());
    };
    let Some(input) = cached_input(m, &me.account) else {
        return Some(unread());
    };
    let query = Query::new(LEAVE, None).ok()?;
    let e = evaluate(&input, &query);
    match e.verdict {
        Verdict::Denied => Some((
            Tone::Loss,
            format!("✗ AWS will refuse: {}", safe(&e.reason)),
        )),
        Verdict::DependsOnCondition => Some((
            Tone::Warn,
            format!("An SCP may deny it: {}", safe(&e.reason)),
        )),
        Verdict::Allowed | Verdict::Exempt => None,
    }
}

/// The evaluator's input for `account` from what is cached: its path from the root (the
/// tree, else its ancestors), the SCPs attached at each level and their documents; `None`
/// when any of it is not read.
fn cached_input(m: &Model, account: &str) -> Option<EvalInput> {
    let mut chain = match m.index.get(account) {
        Some(&ix) => {
            let mut ids = vec![m.node(ix).id.clone()];
            let mut at = m.node(ix).parent;
            while let Some(p) = at {
                ids.push(m.node(p).id.clone());
                at = m.node(p).parent;
            }
            ids
        }
        None => match m.cache.ancestors.get(account) {
            Some(Loadable::Loaded(up)) => std::iter::once(account.to_string())
                .chain(up.iter().map(|a| a.id.clone()))
                .collect(),
            _ => return None,
        },
    };
    chain.reverse();
    // Whether SCPs are enabled is known only from the root as read.
    let scps_enabled = match chain
        .first()
        .and_then(|id| m.node_by_id(id))
        .map(|n| &n.data)
    {
        Some(NodeData::Root(root)) => root
            .enabled_policy_types()
            .contains(&PolicyType::ServiceControl),
        _ => return None,
    };
    let mut path = Vec::new();
    for id in chain {
        let Some(Loadable::Loaded(attached)) = m.cache.attached.get(&id) else {
            return None;
        };
        let mut policies = Vec::new();
        for p in attached
            .iter()
            .filter(|p| p.kind == PolicyType::ServiceControl)
        {
            let Some(Loadable::Loaded(doc)) = m.cache.policy_docs.get(&p.id) else {
                return None;
            };
            policies.push(AttachedPolicy {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind.clone(),
                aws_managed: p.aws_managed,
                content: doc.content.clone(),
            });
        }
        path.push(Level {
            name: m
                .node_by_id(&id)
                .map_or_else(|| id.clone(), |n| n.name().to_string()),
            kind: TargetKind::of(&id)?,
            id,
            policies,
        });
    }
    let org = m.organization();
    Some(EvalInput {
        path,
        management_account: false,
        scps_enabled,
        rcps_enabled: false,
        organization_id: org.map(|o| o.id.clone()),
        partition: org.and_then(|o| partition_of(&o.arn)),
    })
}
