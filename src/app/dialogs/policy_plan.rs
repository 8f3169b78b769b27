//! What the confirmations of policy changes say: creating, saving and deleting a policy,
//! detaching it everywhere, and enabling or disabling a policy type.

use crate::org::PolicyType;
use crate::policy::{limits, validate};
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::model::Model;
use super::plan::{target_label, Plan, Text, Tone};

pub fn describe(m: &Model, plan: &Plan, t: &mut Text) {
    match plan {
        Plan::SavePolicy { draft } => {
            let kind = draft.kind.short();
            let chars = draft.content.chars().count();
            let warnings = warnings_line(&draft.kind, &draft.content);
            match (&draft.policy, &draft.original) {
                (None, _) => {
                    t.push((
                        Tone::Strong,
                        format!("Create {kind} \"{}\"", safe(&draft.name)),
                    ));
                    if !draft.description.is_empty() {
                        t.push((Tone::Plain, format!("  {}", safe(&draft.description))));
                    }
                    t.push((Tone::Plain, size_line(&draft.kind, chars)));
                    t.extend(warnings.map(|w| (Tone::Warn, w)));
                    t.push((
                        Tone::Plain,
                        "It is attached nowhere yet: attach it with a on a target.".into(),
                    ));
                }
                (Some(id), original) => {
                    t.push((
                        Tone::Strong,
                        format!("Save {kind} \"{}\" ({})", safe(&draft.name), safe(id)),
                    ));
                    if let Some((name, description, content)) = original {
                        if *name != draft.name {
                            t.push((
                                Tone::Plain,
                                format!("  name: {} → {}", safe(name), safe(&draft.name)),
                            ));
                        }
                        if *description != draft.description {
                            t.push((Tone::Plain, "  description changed".into()));
                        }
                        if *content != draft.content {
                            let (added, removed) = line_changes(content, &draft.content);
                            t.push((
                                Tone::Plain,
                                format!("  document: +{added} −{removed} lines"),
                            ));
                        }
                    }
                    t.push((Tone::Plain, size_line(&draft.kind, chars)));
                    t.extend(warnings.map(|w| (Tone::Warn, w)));
                    t.push((Tone::Warn, reach(m, id)));
                }
            }
        }
        Plan::DeletePolicy { policy } => {
            t.push((
                Tone::Strong,
                format!(
                    "Delete {} \"{}\" ({})",
                    policy.kind.short(),
                    safe(&policy.name),
                    safe(&policy.id)
                ),
            ));
            t.push((
                Tone::Plain,
                "It is attached nowhere. Deleting cannot be undone.".into(),
            ));
        }
        Plan::DetachEverywhere { policy, targets } => {
            t.push((
                Tone::Strong,
                format!(
                    "Detach {} \"{}\" from {}:",
                    policy.kind.short(),
                    safe(&policy.name),
                    plural(targets.len(), "target")
                ),
            ));
            for target in targets {
                t.push((Tone::Plain, format!("  {}", target_label(m, target))));
            }
            t.push((
                Tone::Plain,
                "Once it is attached nowhere, you are asked whether to delete it.".into(),
            ));
        }
        Plan::PolicyType { root, kind, enable } => {
            let verb = if *enable { "Enable" } else { "Disable" };
            t.push((
                Tone::Strong,
                format!("{verb} {} on root {}", kind.as_api_str(), safe(root)),
            ));
            for line in effect(kind, *enable) {
                let tone = if *enable { Tone::Plain } else { Tone::Warn };
                t.push((tone, line.to_string()));
            }
        }
        _ => {}
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The size against the type's own limit (an RCP's is half an SCP's).
fn size_line(kind: &PolicyType, chars: usize) -> String {
    format!("  {chars} of {} characters", limits::max_chars(kind))
}

/// The editor's warnings, said once more where the save is confirmed: AWS accepts the
/// document, but a typo in an action makes a statement silently do nothing.
fn warnings_line(kind: &PolicyType, content: &str) -> Option<String> {
    let warnings = validate::warnings(kind, content);
    let first = warnings.first()?;
    let more = match warnings.len() {
        1 => String::new(),
        2 => " (and 1 more warning)".into(),
        n => format!(" (and {} more warnings)", n - 1),
    };
    Some(format!(
        "⚠ {}:{} {}{more}",
        first.line,
        first.column,
        safe(&first.message)
    ))
}

/// Lines only in the old document and lines only in the new one (a count, not a diff).
fn line_changes(old: &str, new: &str) -> (usize, usize) {
    fn count(text: &str) -> std::collections::HashMap<&str, isize> {
        let mut m = std::collections::HashMap::new();
        text.lines()
            .for_each(|l| *m.entry(l.trim()).or_default() += 1);
        m
    }
    let (a, b) = (count(old), count(new));
    let added = b
        .iter()
        .map(|(l, n)| (n - a.get(l).copied().unwrap_or(0)).max(0))
        .sum::<isize>();
    let removed = a
        .iter()
        .map(|(l, n)| (n - b.get(l).copied().unwrap_or(0)).max(0))
        .sum::<isize>();
    (added as usize, removed as usize)
}

/// Where a saved policy takes effect at once.
fn reach(m: &Model, id: &str) -> String {
    match m.cache.policy_targets.get(id) {
        Some(Loadable::Loaded(t)) if t.is_empty() => "It is attached nowhere.".into(),
        Some(Loadable::Loaded(t)) => format!(
            "It takes effect at once wherever it is attached: {}.",
            plural(t.len(), "target")
        ),
        _ => "It takes effect at once wherever it is attached.".into(),
    }
}

/// What enabling or disabling a policy type does, in plain words.
fn effect(kind: &PolicyType, enable: bool) -> &'static [&'static str] {
    match (kind, enable) {
        (PolicyType::ServiceControl, true) => &[
            "AWS attaches FullAWSAccess to the root, every OU and every account, so nothing",
            "is denied until you attach SCPs that deny. SCPs never apply to the management account.",
        ],
        (PolicyType::ServiceControl, false) => &[
            "Every SCP is detached from every root, OU and account of the organization.",
            "Enabling SCPs again attaches only FullAWSAccess: your guardrails must be attached again.",
        ],
        (PolicyType::ResourceControl, true) => &[
            "AWS attaches RCPFullAWSAccess everywhere; RCPs you attach then restrict access",
            "to resources in member accounts. They never apply to the management account.",
        ],
        (PolicyType::ResourceControl, false) => &[
            "Every RCP is detached everywhere; resources lose the restrictions they set.",
        ],
        (_, true) => &[
            "Policies of this type can then be attached; each account's effective policy",
            "combines those attached along its path (see an account's effective policies).",
        ],
        (_, false) => &[
            "Every policy of this type is detached everywhere and stops taking effect.",
            "The policies themselves are kept and can be attached again after re-enabling.",
        ],
    }
}
