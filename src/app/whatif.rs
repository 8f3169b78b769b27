//! A confirmation's what-if: what a move, an attach or detach, or a policy's new document
//! does to the watched actions for the accounts it affects ("After this, 37 accounts can
//! no longer s3:PutObject"). Asked once per confirmation, read and evaluated in the worker
//! (`Fetch::WhatIf`); information shown beside the plan: `y` never waits for it, and the
//! re-read after `y` never compares it.

use crate::org::{OrgError, PolicyType};
use crate::policy::whatif::{Effect, Proposed, Summary};
use crate::text::safe;

use super::dialogs::{Confirm, Dialog, Plan, Text, Tone, WhatIf};
use super::load;
use super::model::{Mode, Model};
use super::msg::Cmd;
use super::requests::Pending;

/// Shown while the what-if is read.
pub const READING: &str = "⟳ what this changes for the watched actions…";
/// Shown when no policy type that restricts actions is enabled.
pub const NOT_ENABLED: &str = "SCPs are not enabled: no action changes";

/// The policy types that allow or deny actions.
fn restricts(kind: &PolicyType) -> bool {
    matches!(
        kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    )
}

/// The change a plan proposes, when it can change what accounts may do: a move, an
/// attach or detach of an SCP or RCP, a new document for an existing SCP or RCP.
pub fn proposed(plan: &Plan) -> Option<Proposed> {
    match plan {
        // An OU the plan creates has nothing to read yet: the plan screen's check says it.
        Plan::Move { destination, .. } if super::staged::is_planned(destination) => None,
        Plan::Move {
            accounts,
            destination,
        } => Some(Proposed::Move {
            accounts: accounts.iter().map(|(a, _)| a.clone()).collect(),
            destination: destination.clone(),
        }),
        Plan::Attach { policy, target } if restricts(&policy.kind) => Some(Proposed::Attach {
            policy: policy.id.clone(),
            target: target.clone(),
        }),
        Plan::Detach { policy, target } if restricts(&policy.kind) => Some(Proposed::Detach {
            policy: policy.id.clone(),
            target: target.clone(),
        }),
        Plan::DetachEverywhere { policy, targets } if restricts(&policy.kind) => {
            Some(Proposed::DetachAll {
                policy: policy.id.clone(),
                targets: targets.clone(),
            })
        }
        Plan::SavePolicy { draft } if restricts(&draft.kind) => {
            draft.policy.as_ref().map(|id| Proposed::Update {
                policy: id.clone(),
                content: draft.content.clone(),
            })
        }
        _ => None,
    }
}

/// After every message: a confirmation that can change what accounts may do asks once
/// what it does to the watched actions; a what-if no confirmation waits for any more is
/// stopped.
pub fn tick(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let waiting = match &m.mode {
        Mode::Dialog(Dialog::Confirm(Confirm {
            whatif: Some(WhatIf::Reading(p)),
            ..
        })) => Some(p.clone()),
        _ => None,
    };
    m.requests
        .forget(|p| matches!(p, Pending::WhatIf(q) if Some(q) != waiting.as_ref()));
    let Mode::Dialog(Dialog::Confirm(c)) = &m.mode else {
        return;
    };
    if c.whatif.is_some() || m.watched.is_empty() {
        return;
    }
    let Some(proposed) = proposed(&c.plan) else {
        return;
    };
    let state = if m.enabled_policy_types().iter().any(restricts) {
        load::whatif(m, proposed.clone(), cmds);
        WhatIf::Reading(proposed)
    } else {
        WhatIf::NotEnabled
    };
    if let Mode::Dialog(Dialog::Confirm(c)) = &mut m.mode {
        c.whatif = Some(state);
    }
}

/// The worker's answer, for the confirmation that still waits for it.
pub fn arrived(m: &mut Model, proposed: Proposed, result: Result<Summary, OrgError>) {
    let Mode::Dialog(Dialog::Confirm(c)) = &mut m.mode else {
        return;
    };
    if c.whatif != Some(WhatIf::Reading(proposed)) {
        return;
    }
    c.whatif = Some(match result {
        Ok(summary) => WhatIf::Read(Box::new(summary)),
        Err(e) => WhatIf::Failed(e.code),
    });
}

/// The lines a confirmation shows for its what-if (none when it has none).
pub fn lines(c: &Confirm) -> Text {
    match &c.whatif {
        None => Vec::new(),
        Some(WhatIf::Reading(_)) => vec![(Tone::Plain, READING.to_string())],
        Some(WhatIf::NotEnabled) => vec![(Tone::Plain, NOT_ENABLED.to_string())],
        Some(WhatIf::Failed(code)) => vec![(
            Tone::Warn,
            format!(
                "What this changes for the watched actions could not be read ({})",
                safe(code)
            ),
        )],
        Some(WhatIf::Read(summary)) => summary
            .lines()
            .into_iter()
            .map(|(effect, text)| {
                let tone = match effect {
                    Effect::Lost => Tone::Loss,
                    Effect::Gained => Tone::Gain,
                    Effect::Depends => Tone::Warn,
                    Effect::Same => Tone::Plain,
                };
                (tone, safe(&text).into_owned())
            })
            .collect(),
    }
}
