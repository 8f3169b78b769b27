//! A change described and waiting for `y`: what it will do, in words, computed (pure)
//! from the model so it can be tested and always reflects what is loaded.

use std::collections::BTreeMap;

use crate::org::{PolicySummary, PolicyType};
use crate::store::drafts::Draft;
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::directory::{ancestors_of, name_of, place};
use super::super::model::{Model, NodeData};
use super::super::msg::Change;
use crate::change::ChangeKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    Move {
        /// (account id, source parent id)
        accounts: Vec<(String, String)>,
        destination: String,
    },
    Attach {
        policy: PolicySummary,
        target: String,
    },
    Detach {
        policy: PolicySummary,
        target: String,
    },
    CreateOu {
        parent: String,
        name: String,
    },
    RenameOu {
        ou: String,
        name: String,
    },
    DeleteOu {
        ou: String,
    },
    /// Create a policy (the draft names none) or update one.
    SavePolicy {
        draft: Box<Draft>,
    },
    DeletePolicy {
        policy: PolicySummary,
    },
    /// Detach a policy from every target it is attached to (before deleting it).
    DetachEverywhere {
        policy: PolicySummary,
        targets: Vec<String>,
    },
    PolicyType {
        root: String,
        kind: PolicyType,
        enable: bool,
    },
    /// Creating, removing or closing an account.
    Account(super::AccountPlan),
    /// Tags, delegated administrators, trusted services, the resource policy.
    Admin(super::admin_plan::AdminPlan),
    /// Invitations, handshakes and the organization itself: one change each.
    Org(crate::change::OrgChange),
    /// Responsibility transfers: invite, rename, end.
    Transfer(crate::change::TransferChange),
}

impl Plan {
    pub fn changes(&self) -> Vec<Change> {
        match self {
            Plan::Move {
                accounts,
                destination,
            } => accounts
                .iter()
                .map(|(account, source)| {
                    Change::MoveAccount(crate::change::MoveAccount {
                        account: account.clone(),
                        source: source.clone(),
                        destination: destination.clone(),
                    })
                })
                .collect(),
            Plan::Attach { policy, target } => {
                vec![Change::AttachPolicy(crate::change::AttachPolicy {
                    policy: policy.id.clone(),
                    target: target.clone(),
                })]
            }
            Plan::Detach { policy, target } => {
                vec![Change::DetachPolicy(crate::change::DetachPolicy {
                    policy: policy.id.clone(),
                    target: target.clone(),
                })]
            }
            Plan::CreateOu { parent, name } => vec![Change::CreateOu(crate::change::CreateOu {
                parent: parent.clone(),
                name: name.clone(),
            })],
            Plan::RenameOu { ou, name } => vec![Change::RenameOu(crate::change::RenameOu {
                ou: ou.clone(),
                name: name.clone(),
            })],
            Plan::DeleteOu { ou } => {
                vec![Change::DeleteOu(crate::change::DeleteOu { ou: ou.clone() })]
            }
            Plan::SavePolicy { draft } => vec![match &draft.policy {
                None => Change::CreatePolicy(crate::change::CreatePolicy {
                    name: draft.name.clone(),
                    description: draft.description.clone(),
                    kind: draft.kind.clone(),
                    content: draft.content.clone(),
                }),
                Some(id) => Change::UpdatePolicy(crate::change::UpdatePolicy {
                    policy: id.clone(),
                    name: draft.name.clone(),
                    description: draft.description.clone(),
                    content: draft.content.clone(),
                }),
            }],
            Plan::DeletePolicy { policy } => {
                vec![Change::DeletePolicy(crate::change::DeletePolicy {
                    policy: policy.id.clone(),
                })]
            }
            Plan::DetachEverywhere { policy, targets } => targets
                .iter()
                .map(|t| {
                    Change::DetachPolicy(crate::change::DetachPolicy {
                        policy: policy.id.clone(),
                        target: t.clone(),
                    })
                })
                .collect(),
            Plan::PolicyType { root, kind, enable } => {
                let (root, kind) = (root.clone(), kind.clone());
                vec![if *enable {
                    Change::EnablePolicyType(crate::change::EnablePolicyType { root, kind })
                } else {
                    Change::DisablePolicyType(crate::change::DisablePolicyType { root, kind })
                }]
            }
            Plan::Account(a) => a.changes(),
            Plan::Admin(a) => a.changes(),
            Plan::Org(o) => vec![Change::Org(o.clone())],
            Plan::Transfer(t) => vec![Change::Transfer(t.clone())],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Strong,
    Gain,
    Loss,
    Warn,
}

pub type Text = Vec<(Tone, String)>;

/// Policies in effect through inheritance along a parent's path, of every type:
/// policy id → (type, name, where attached).
fn inherited(m: &Model, parent: &str) -> Option<BTreeMap<String, (PolicyType, String, String)>> {
    let mut out = BTreeMap::new();
    let mut levels = ancestors_of(m, parent);
    levels.insert(0, parent.to_string());
    for level in levels {
        let list = m.cache.attached.get(&level)?.loaded()?;
        for p in list {
            out.entry(p.id.clone())
                .or_insert_with(|| (p.kind.clone(), p.name.clone(), name_of(m, &level)));
        }
    }
    Some(out)
}

/// Targets whose attachments the confirmation of `plan` states facts about: both paths
/// of a move (SCPs gained and lost), the target of an attach or detach.
pub fn preview_targets(m: &Model, plan: &Plan) -> Vec<String> {
    let mut ids = Vec::new();
    match plan {
        Plan::Move {
            accounts,
            destination,
        } => {
            let mut parents: Vec<&String> = accounts.iter().map(|(_, s)| s).collect();
            // An OU the plan creates has no policies to read yet.
            if !super::super::staged::is_planned(destination) {
                parents.push(destination);
            }
            for p in parents {
                ids.push(p.clone());
                ids.extend(ancestors_of(m, p));
            }
        }
        Plan::Attach { target, .. } | Plan::Detach { target, .. } => ids.push(target.clone()),
        Plan::DetachEverywhere { targets, .. } => ids.extend(targets.iter().cloned()),
        Plan::CreateOu { .. }
        | Plan::RenameOu { .. }
        | Plan::DeleteOu { .. }
        | Plan::SavePolicy { .. }
        | Plan::DeletePolicy { .. }
        | Plan::PolicyType { .. }
        | Plan::Account(_) => {}
        Plan::Admin(_) | Plan::Org(_) | Plan::Transfer(_) => {}
    }
    ids.sort();
    ids.dedup();
    ids
}

/// Targets whose attachments a confirmation needs and are not read yet.
pub fn needed_attachments(m: &Model, plan: &Plan) -> Vec<String> {
    let mut ids = preview_targets(m, plan);
    ids.retain(|id| !m.cache.attached.contains_key(id));
    ids
}

/// Whether `y` may go ahead: only once everything the confirmation states has been read.
pub fn readiness(m: &Model, plan: &Plan) -> Result<(), String> {
    // What AWS would refuse, from what is known, is said before anything is sent.
    if let Some(why) = plan.changes().iter().find_map(|c| c.refusal(m)) {
        return Err(format!("AWS would refuse this: {why}"));
    }
    for target in preview_targets(m, plan) {
        match m.cache.attached.get(&target) {
            Some(Loadable::Loaded(_)) => {}
            Some(Loadable::Failed(e)) => {
                return Err(format!(
                    "could not read the policies of {}: {} — r reads them again",
                    place(m, &target),
                    safe(&e.code)
                ))
            }
            _ => {
                return Err(
                    "still reading the policies this change affects; y works once they are shown"
                        .into(),
                )
            }
        }
    }
    Ok(())
}

fn account_label(m: &Model, id: &str) -> String {
    match m.node_by_id(id) {
        Some(n) => format!("{} ({})", safe(n.name()), safe(id)),
        None => safe(id).into_owned(),
    }
}

/// What the confirmation says, line by line.
pub fn describe(m: &Model, plan: &Plan) -> Text {
    let mut t: Text = Vec::new();
    match plan {
        Plan::Move {
            accounts,
            destination,
        } => {
            let to = place(m, destination);
            if let [(account, source)] = accounts.as_slice() {
                t.push((
                    Tone::Strong,
                    format!("Move account {}", account_label(m, account)),
                ));
                t.push((Tone::Plain, format!("  from  {}", place(m, source))));
                t.push((Tone::Plain, format!("  to    {to}")));
            } else {
                t.push((
                    Tone::Strong,
                    format!("Move {} accounts to {to}:", accounts.len()),
                ));
                for (account, source) in accounts {
                    t.push((
                        Tone::Plain,
                        format!("  {}  from {}", account_label(m, account), place(m, source)),
                    ));
                }
            }
            t.push((Tone::Plain, String::new()));
            let management = m.organization().map(|o| o.master_account_id.as_str());
            if accounts.iter().any(|(a, _)| Some(a.as_str()) == management) {
                t.push((
                    Tone::Warn,
                    "The management account: SCPs and RCPs never apply to it, whatever its OU."
                        .into(),
                ));
            }
            let mut sources: Vec<&String> = accounts.iter().map(|(_, s)| s).collect();
            sources.sort();
            sources.dedup();
            for source in sources {
                match (inherited(m, source), inherited(m, destination)) {
                    (Some(from), Some(to_set)) => {
                        let prefix = if accounts.len() > 1 {
                            format!("From {}: ", place(m, source))
                        } else {
                            String::new()
                        };
                        let gained: Vec<_> = to_set
                            .iter()
                            .filter(|(id, _)| !from.contains_key(*id))
                            .collect();
                        let lost: Vec<_> = from
                            .iter()
                            .filter(|(id, _)| !to_set.contains_key(*id))
                            .collect();
                        if gained.is_empty() && lost.is_empty() {
                            t.push((
                                Tone::Plain,
                                format!("{prefix}inherited policies stay the same"),
                            ));
                        }
                        for (sign, tone, verb, list) in [
                            ("+", Tone::Gain, "gains", gained),
                            ("-", Tone::Loss, "loses", lost),
                        ] {
                            for (_, (kind, name, at)) in list {
                                t.push((
                                    tone,
                                    format!(
                                        "{prefix}{sign} {verb} {} {} (attached to {})",
                                        kind.short(),
                                        safe(name),
                                        safe(at)
                                    ),
                                ));
                            }
                        }
                    }
                    _ if preview_targets(m, plan).iter().any(|id| {
                        matches!(m.cache.attached.get(id), Some(Loadable::Failed(_)))
                    }) =>
                    {
                        t.push((
                            Tone::Loss,
                            "✗ could not read the policies along both paths — r reads them again"
                                .into(),
                        ))
                    }
                    _ if super::super::staged::is_planned(destination) => t.push((
                        Tone::Plain,
                        "The OU is created by the plan: :plan shows what the move gains and loses"
                            .into(),
                    )),
                    _ => t.push((
                        Tone::Warn,
                        "⟳ reading the policies along both paths…".into(),
                    )),
                }
            }
        }
        Plan::Attach { policy, target } => {
            t.push((
                Tone::Strong,
                format!("Attach {} {}", policy.kind.short(), safe(&policy.name)),
            ));
            t.push((Tone::Plain, format!("  to {}", target_label(m, target))));
            // An account has nothing below it.
            let reach = if crate::org::ids::TargetKind::of(target)
                == Some(crate::org::ids::TargetKind::Account)
            {
                "It applies to this account."
            } else {
                "It applies to the target and everything below it."
            };
            t.push((Tone::Plain, reach.into()));
        }
        Plan::Detach { policy, target } => {
            t.push((
                Tone::Strong,
                format!("Detach {} {}", policy.kind.short(), safe(&policy.name)),
            ));
            t.push((Tone::Plain, format!("  from {}", target_label(m, target))));
            if policy.id == "p-FullAWSAccess" || policy.name == "FullAWSAccess" {
                t.push((
                    Tone::Warn,
                    "Warning: without FullAWSAccess, only actions that another SCP attached".into(),
                ));
                t.push((
                    Tone::Warn,
                    "here explicitly allows stay allowed — for this target and everything".into(),
                ));
                t.push((
                    Tone::Warn,
                    "below it. Everything else is denied, including for administrators.".into(),
                ));
            }
        }
        Plan::CreateOu { parent, name } => {
            t.push((Tone::Strong, format!("Create OU \"{}\"", safe(name))));
            t.push((Tone::Plain, format!("  under {}", place(m, parent))));
        }
        Plan::RenameOu { ou, name } => {
            t.push((
                Tone::Strong,
                format!("Rename OU {} ({})", safe(&name_of(m, ou)), safe(ou)),
            ));
            t.push((Tone::Plain, format!("  to \"{}\"", safe(name))));
        }
        Plan::DeleteOu { ou } => {
            t.push((
                Tone::Strong,
                format!("Delete OU {} ({})", safe(&name_of(m, ou)), safe(ou)),
            ));
            t.push((Tone::Plain, format!("  at {}", place(m, ou))));
            t.push((
                Tone::Plain,
                "It is empty. Policies attached to it are detached.".into(),
            ));
        }
        Plan::SavePolicy { .. }
        | Plan::DeletePolicy { .. }
        | Plan::DetachEverywhere { .. }
        | Plan::PolicyType { .. } => super::policy_plan::describe(m, plan, &mut t),
        Plan::Account(a) => super::account_plan::describe(m, a, &mut t),
        Plan::Admin(a) => super::admin_plan::describe(m, a, &mut t),
        Plan::Org(o) => super::org_plan::describe(m, o, &mut t),
        Plan::Transfer(c) => super::transfer_plan::describe(m, c, &mut t),
    }
    t
}

pub(super) fn target_label(m: &Model, id: &str) -> String {
    match m.node_by_id(id).map(|n| &n.data) {
        Some(NodeData::Account(_)) => format!("account {}", account_label(m, id)),
        Some(NodeData::Root(_)) => format!("root {}", safe(id)),
        _ => format!("OU {} ({})", place(m, id), safe(id)),
    }
}
