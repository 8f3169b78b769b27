//! Authoring policies: the editor opened for a new or an existing policy (from its draft
//! when one is kept), $EDITOR, deleting (detaching everywhere first, on request), and
//! enabling or disabling policy types.

use crate::org::{PolicySummary, PolicyType};
use crate::store::drafts::Draft;
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::dialogs::{Back, Confirm, Dialog, Editor, Outcome, PickFor, Picker, Plan};
use super::super::load;
use super::super::model::{Mode, Model, Pane};
use super::super::msg::{Change, Cmd, Fetch};
use super::info;

/// A policy key waiting for what it needs to be read; it goes on by itself when the
/// reads arrive (as long as nothing else happened meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    Edit { policy: String, external: bool },
    Delete { policy: String },
}

/// After a reply: a policy key that waited for a read goes on, if the same policy is still
/// selected and no dialog opened meanwhile.
pub fn resume(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(waiting) = m.resume.take() else {
        return;
    };
    let policy = match &waiting {
        Resume::Edit { policy, .. } | Resume::Delete { policy } => policy,
    };
    if m.mode != Mode::Normal || selected_policy(m).is_none_or(|p| &p.id != policy) {
        return;
    }
    match waiting {
        Resume::Edit { external, .. } => start_edit(m, external, cmds),
        Resume::Delete { .. } => start_delete(m, cmds),
    }
}

/// `n` in the policies view.
pub fn start_new(m: &mut Model) {
    let kinds = m.enabled_policy_types();
    if kinds.is_empty() {
        info(
            m,
            "No policy type is enabled on the root: select the root and press t to enable one",
        );
        return;
    }
    let editor = match m.drafts.iter().find(|d| d.policy.is_none()) {
        Some(d) => {
            let mut e = Editor::from_draft(d);
            e.kinds = kinds;
            info(m, "Your unsaved draft is back (Esc, then d discards it)");
            e
        }
        None => Editor::new_policy(kinds),
    };
    m.mode = Mode::Dialog(Dialog::Editor(Box::new(editor)));
}

/// `e` (in-app editor) or `E` ($VISUAL/$EDITOR) on the selected policy.
pub fn start_edit(m: &mut Model, external: bool, cmds: &mut Vec<Cmd>) {
    let Some(p) = selected_policy(m) else {
        info(m, "Select a policy to edit (policies view: 2)");
        return;
    };
    if p.aws_managed {
        info(
            m,
            format!("{} is managed by AWS: it cannot be edited", safe(&p.name)),
        );
        return;
    }
    let draft = m.drafts.iter().find(|d| d.policy.as_ref() == Some(&p.id));
    let editor = if let Some(e) = draft.map(Editor::from_draft) {
        info(m, "Your unsaved draft of this policy is back");
        e
    } else {
        match m.cache.policy_docs.get(&p.id) {
            Some(Loadable::Loaded(doc)) => Editor::existing(
                &p.id,
                &doc.summary.name,
                &doc.summary.description,
                doc.summary.kind.clone(),
                &doc.content,
            ),
            Some(Loadable::Failed(e)) => {
                info(
                    m,
                    format!("Could not read the policy ({}); r reads it again", e.code),
                );
                return;
            }
            _ => {
                load::ensure(m, Fetch::Policy { id: p.id.clone() }, cmds);
                info(m, "Reading the policy…");
                m.resume = Some(Resume::Edit {
                    policy: p.id,
                    external,
                });
                return;
            }
        }
    };
    if external {
        cmds.push(Cmd::EditExternal {
            text: editor.text(),
        });
    }
    m.mode = Mode::Dialog(Dialog::Editor(Box::new(editor)));
}

/// What $EDITOR left in the file comes back into the editor (or why it did not).
pub fn on_edited(m: &mut Model, result: Result<String, String>) {
    let Mode::Dialog(Dialog::Editor(e)) = &mut m.mode else {
        return;
    };
    match result {
        Ok(text) => {
            e.set_text(text.trim_end_matches('\n'));
            // The resource policy keeps no draft.
            if e.resource_policy.is_none() {
                let draft = e.draft();
                keep_draft(m, draft);
            }
            info(m, "Back from the editor: Ctrl-S checks and saves");
        }
        Err(why) => info(m, format!("The external editor failed: {why}")),
    }
}

pub fn on_editor_outcome(
    m: &mut Model,
    e: Box<Editor>,
    outcome: Outcome,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    match outcome {
        Outcome::Submitted => {
            keep_draft(m, e.draft());
            Mode::Dialog(Dialog::Confirm(Confirm::new(
                e.plan(),
                Some(Back::Editor(e)),
            )))
        }
        Outcome::Cancelled => {
            keep_draft(m, e.draft());
            info(
                m,
                "Left the editor; the draft is kept (it reopens with n or e)",
            );
            Mode::Normal
        }
        Outcome::Discard => {
            drop_draft(m, &e.draft());
            info(m, "Draft discarded; nothing was changed");
            Mode::Normal
        }
        Outcome::ExternalEdit => {
            cmds.push(Cmd::EditExternal { text: e.text() });
            Mode::Dialog(Dialog::Editor(e))
        }
        _ => {
            let draft = e.draft();
            if m.drafts.iter().all(|d| *d != draft) {
                keep_draft(m, draft);
            }
            Mode::Dialog(Dialog::Editor(e))
        }
    }
}

/// Keeps `draft` in place of an earlier draft of the same policy; written at the next pause.
fn keep_draft(m: &mut Model, draft: Draft) {
    m.drafts.retain(|d| !d.same_subject(&draft));
    m.drafts.push(draft);
    m.drafts_dirty = true;
    // The loop sends `Idle` only while something waits for a pause.
    m.settled = false;
}

fn drop_draft(m: &mut Model, draft: &Draft) {
    m.drafts.retain(|d| !d.same_subject(draft));
    m.drafts_dirty = true;
    m.settled = false;
}

/// A policy created or saved: its draft is done with.
pub fn on_policy_changed(m: &mut Model, change: &Change) {
    let subject = match change {
        Change::CreatePolicy(crate::change::CreatePolicy { .. }) => None,
        Change::UpdatePolicy(crate::change::UpdatePolicy { policy, .. }) => Some(policy.clone()),
        _ => return,
    };
    m.drafts.retain(|d| d.policy != subject);
    m.drafts_dirty = true;
    m.settled = false;
}

/// `D` in the policies view: delete a policy attached nowhere; one still attached is
/// detached everywhere first (its own confirmation), then the deletion is asked.
pub fn start_delete(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(p) = selected_policy(m) else {
        info(m, "Select a policy to delete (policies view: 2)");
        return;
    };
    if p.aws_managed {
        info(
            m,
            format!("{} is managed by AWS: it cannot be deleted", safe(&p.name)),
        );
        return;
    }
    let targets = match m.cache.policy_targets.get(&p.id) {
        Some(Loadable::Loaded(t)) => t.iter().map(|t| t.target_id.clone()).collect::<Vec<_>>(),
        _ => {
            load::ensure(
                m,
                Fetch::Targets {
                    policy: p.id.clone(),
                },
                cmds,
            );
            info(m, "Reading where the policy is attached…");
            m.resume = Some(Resume::Delete { policy: p.id });
            return;
        }
    };
    // The "Reading…" note is answered: the confirmation replaces it.
    m.status = None;
    if targets.is_empty() {
        m.mode = Mode::Dialog(Dialog::Confirm(Confirm::new(
            Plan::DeletePolicy { policy: p },
            None,
        )));
        return;
    }
    for t in &targets {
        load::attached(m, t, cmds);
    }
    if p.kind == PolicyType::ServiceControl {
        let unread = targets
            .iter()
            .filter(|t| {
                m.cache
                    .attached
                    .get(*t)
                    .and_then(Loadable::loaded)
                    .is_none()
            })
            .count();
        if unread > 0 {
            info(m, format!("Reading the SCPs of {unread} targets…"));
            m.resume = Some(Resume::Delete { policy: p.id });
            return;
        }
        let last: Vec<&String> = targets
            .iter()
            .filter(|t| super::scp_count(m, t) == Some(1))
            .collect();
        if !last.is_empty() {
            let list: Vec<String> = last.iter().map(|t| safe(t).into_owned()).collect();
            info(
                m,
                format!(
                    "Cannot delete {}: it is the only SCP attached to {} (a target must keep one); attach another SCP there first",
                    safe(&p.name),
                    list.join(", ")
                ),
            );
            return;
        }
    }
    m.mode = Mode::Dialog(Dialog::Confirm(Confirm::new(
        Plan::DetachEverywhere { policy: p, targets },
        None,
    )));
}

/// After a plan finished: detaching everywhere leads to the deletion it was for.
pub fn after_plan(plan: &Plan, all_ok: bool) -> Option<Mode> {
    match plan {
        Plan::DetachEverywhere { policy, .. } if all_ok => {
            Some(Mode::Dialog(Dialog::Confirm(Confirm::new(
                Plan::DeletePolicy {
                    policy: policy.clone(),
                },
                None,
            ))))
        }
        _ => None,
    }
}

/// `t`: enable or disable a policy type on the root.
pub fn start_policy_types(m: &mut Model) {
    let Some(&root) = m.roots.first() else {
        info(m, "The root is not read yet");
        return;
    };
    let root = m.node(root).id.clone();
    m.mode = Mode::Dialog(Dialog::Picker(Picker::new(PickFor::PolicyType { root })));
}

/// The policy selected in the policies view, or in the policy pane of the tree view.
pub(super) fn selected_policy(m: &Model) -> Option<PolicySummary> {
    match m.view {
        super::super::model::View::Policies => m
            .visible_policies()
            .get(m.policies_view.selected)
            .map(|p| (*p).clone()),
        _ if m.focus == Pane::Policies => {
            let ix = m.selected?;
            m.policy_rows(ix)
                .get(m.policy_selected)
                .map(|r| r.policy.clone())
        }
        _ => None,
    }
}
