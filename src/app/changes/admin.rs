//! Starting issue 9's administrative changes (the tag editor on `T`), what a finished one
//! says, and what is re-read after it.

use crate::org::PolicySummary;
use crate::text::safe;

use super::super::admin_change::AdminChange;
use super::super::admin_fetch::AdminFetch;
use super::super::dialogs::{Dialog, TagEditor};
use super::super::load;
use super::super::model::{Mode, Model, NodeData, Pane, View};
use super::super::msg::{Cmd, Fetch};
use super::info;

/// What `T` tags: (resource id, words for it, the policy when it is one).
fn tag_target(m: &Model) -> Option<(String, String, Option<PolicySummary>)> {
    let policy = match m.view {
        View::Policies => m
            .visible_policies()
            .get(m.policies_view.selected)
            .map(|p| (*p).clone()),
        View::Tree if m.focus == Pane::Policies => m
            .selected
            .and_then(|ix| m.policy_rows(ix).get(m.policy_selected).cloned())
            .map(|r| r.policy),
        View::Accounts => {
            let a = m
                .visible_accounts()
                .get(m.accounts_view.selected)
                .copied()?;
            let words = format!("account {} ({})", a.name, a.id);
            return Some((a.id.clone(), words, None));
        }
        View::Tree => None,
    };
    if let Some(p) = policy {
        let words = format!("policy {} ({})", p.name, p.id);
        return Some((p.id.clone(), words, Some(p)));
    }
    let n = m.selected_node()?;
    let words = match &n.data {
        NodeData::Root(_) => format!("root {}", n.id),
        NodeData::Ou(ou) => format!("OU {} ({})", ou.name, n.id),
        NodeData::Account(a) => format!("account {} ({})", a.name, n.id),
    };
    Some((n.id.clone(), words, None))
}

/// `T`: edit the tags of the selection (a root, OU, account or policy).
pub fn start_tags(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some((resource, words, policy)) = tag_target(m) else {
        info(m, "Select a root, OU, account or policy to edit its tags");
        return;
    };
    if policy.is_some_and(|p| p.aws_managed) {
        info(m, "Policies managed by AWS cannot be tagged");
        return;
    }
    let Some(tags) = m.cache.tags.get(&resource).cloned() else {
        let fetch = Fetch::Admin(AdminFetch::Tags {
            resource: resource.clone(),
        });
        load::ensure(m, fetch, cmds);
        info(m, "Reading the tags… press T again once they are shown");
        return;
    };
    m.status = None;
    let editor = TagEditor::new(&resource, &words, &tags);
    m.mode = Mode::Dialog(Dialog::Tags(Box::new(editor)));
}

/// One line saying what a successful administrative change did.
pub fn done_text(m: &Model, change: &AdminChange) -> String {
    let name = |id: &str| {
        m.node_by_id(id)
            .map_or_else(|| safe(id).into_owned(), |n| safe(n.name()).into_owned())
    };
    match change {
        AdminChange::TagResource { resource, tags } => {
            let n = super::super::fields::count(tags.len(), "tag", "tags");
            format!("Set {n} on {}", name(resource))
        }
        AdminChange::UntagResource { resource, keys } => {
            let n = super::super::fields::count(keys.len(), "tag", "tags");
            format!("Removed {n} from {}", name(resource))
        }
        AdminChange::RegisterDelegatedAdministrator { account, service } => format!(
            "{} is now delegated administrator of {}",
            name(account),
            safe(service)
        ),
        AdminChange::DeregisterDelegatedAdministrator { account, service } => format!(
            "{} is no longer delegated administrator of {}",
            name(account),
            safe(service)
        ),
        AdminChange::EnableServiceAccess { service } => {
            format!("Enabled trusted access for {}", safe(service))
        }
        AdminChange::DisableServiceAccess { service } => {
            format!("Disabled trusted access for {}", safe(service))
        }
        AdminChange::PutResourcePolicy { .. } => "Saved the organization's resource policy".into(),
        AdminChange::DeleteResourcePolicy => "Deleted the organization's resource policy".into(),
    }
}

/// What a successful administrative change touched, to be read again.
pub fn rereads(change: &AdminChange) -> Vec<AdminFetch> {
    match change {
        AdminChange::TagResource { resource, .. } | AdminChange::UntagResource { resource, .. } => {
            vec![AdminFetch::Tags {
                resource: resource.clone(),
            }]
        }
        AdminChange::RegisterDelegatedAdministrator { account, .. }
        | AdminChange::DeregisterDelegatedAdministrator { account, .. } => vec![
            AdminFetch::DelegatedServices {
                account: account.clone(),
            },
            AdminFetch::DelegatedAdmins,
        ],
        AdminChange::EnableServiceAccess { .. } | AdminChange::DisableServiceAccess { .. } => {
            vec![AdminFetch::TrustedServices]
        }
        AdminChange::PutResourcePolicy { .. } | AdminChange::DeleteResourcePolicy => {
            vec![AdminFetch::ResourcePolicy]
        }
    }
}

/// Reads again what changes touched, each once (a tag and an untag re-read one list).
pub fn reread(m: &mut Model, mut fetches: Vec<AdminFetch>, cmds: &mut Vec<Cmd>) {
    let mut seen = Vec::new();
    fetches.retain(|f| {
        let first = !seen.contains(f);
        seen.push(f.clone());
        first
    });
    for f in fetches {
        load::reload(m, Fetch::Admin(f), cmds);
    }
}
