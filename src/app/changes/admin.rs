//! Starting issue 9's administrative changes (the tag editor on `T`), what a finished one
//! says, and what is re-read after it.

use crate::org::PolicySummary;

use super::super::cache::Loadable;
use super::super::dialogs::{
    AdminPlan, AdminScreen, Back, Confirm, Dialog, Editor, Outcome, Plan, Screen, TagEditor, Wants,
};
use super::super::load;
use super::super::model::{Mode, Model, NodeData, View};
use super::super::msg::AdminFetch;
use super::super::msg::{Cmd, Fetch};
use super::{info, READ_ONLY};

/// What `T` tags: (resource id, words for it, the policy when it is one).
fn tag_target(m: &Model) -> Option<(String, String, Option<PolicySummary>)> {
    if m.view == View::Accounts {
        let a = m
            .visible_accounts()
            .get(m.accounts_view.selected)
            .copied()?;
        let words = format!("account {} ({})", a.name, a.id);
        return Some((a.id.clone(), words, None));
    }
    // The policy the policy keys act on (policies view, or the tree's policy pane).
    let policy = super::editing::selected_policy(m).filter(|_| m.view != View::Creations);
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

/// `5`, `6`, `7` (or the palette): the delegated administrators, the trusted services or
/// the resource policy. Looking changes nothing, so read-only mode opens them too.
pub fn open_screen(m: &mut Model, screen: Screen, cmds: &mut Vec<Cmd>) {
    m.status = None;
    let s = AdminScreen::new(screen);
    load_screen(m, &s, cmds);
    m.mode = Mode::Dialog(Dialog::Admin(Box::new(s)));
}

/// What a screen shows, read unless it is (the accounts for the register picker too).
fn load_screen(m: &mut Model, s: &AdminScreen, cmds: &mut Vec<Cmd>) {
    let fetches = match s.screen {
        Screen::Delegated => {
            if m.cache.accounts.is_none() {
                load::all_accounts(m, cmds);
            }
            vec![AdminFetch::DelegatedAdmins, AdminFetch::TrustedServices]
        }
        Screen::Trusted => vec![AdminFetch::TrustedServices],
        Screen::ResourcePolicy => vec![AdminFetch::ResourcePolicy],
    };
    for f in fetches {
        load::ensure(m, Fetch::Admin(f), cmds);
    }
    for f in super::super::admin_fetch::missing(m) {
        load::ensure(m, Fetch::Admin(f), cmds);
    }
}

pub fn on_screen_outcome(
    m: &mut Model,
    mut s: Box<AdminScreen>,
    outcome: Outcome,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    match (outcome, s.wants.take()) {
        (Outcome::Cancelled, _) => return Mode::Normal,
        (Outcome::Submitted, Some(Wants::Reload)) => {
            let all = [
                AdminFetch::DelegatedAdmins,
                AdminFetch::TrustedServices,
                AdminFetch::ResourcePolicy,
            ];
            m.cache.admin.delegated_services.clear();
            for f in all {
                load::forget(m, &Fetch::Admin(f));
            }
        }
        (Outcome::Submitted, Some(_)) if m.context.read_only => s.note = Some(READ_ONLY.into()),
        (Outcome::Submitted, Some(Wants::Confirm(plan))) => {
            return Mode::Dialog(Dialog::Confirm(Confirm::new(plan, Some(Back::Admin(s)))))
        }
        (Outcome::Submitted, Some(Wants::Edit)) => match &m.cache.admin.resource_policy {
            Some(Loadable::Loaded(p)) => {
                let content = p.as_ref().map(|p| p.content.as_str());
                let e = Editor::resource_policy(content);
                return Mode::Dialog(Dialog::Editor(Box::new(e)));
            }
            _ => s.note = Some("Still reading the resource policy".into()),
        },
        _ => {}
    }
    load_screen(m, &s, cmds);
    Mode::Dialog(Dialog::Admin(s))
}

/// The policy editor on the resource policy: no drafts; saving confirms a put.
pub fn on_resource_policy_editor(
    m: &mut Model,
    e: Box<Editor>,
    outcome: Outcome,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    match outcome {
        Outcome::Submitted => Mode::Dialog(Dialog::Confirm(Confirm::new(
            e.plan(),
            Some(Back::Editor(e)),
        ))),
        Outcome::Cancelled | Outcome::Discard => {
            info(m, "Left the resource policy unchanged");
            Mode::Dialog(Dialog::Admin(Box::new(AdminScreen::new(
                Screen::ResourcePolicy,
            ))))
        }
        Outcome::ExternalEdit => {
            cmds.push(Cmd::EditExternal { text: e.text() });
            Mode::Dialog(Dialog::Editor(e))
        }
        _ => Mode::Dialog(Dialog::Editor(e)),
    }
}

/// After the resource policy was saved from the editor: its screen, showing it re-read.
pub fn screen_after(plan: &Plan) -> Mode {
    match plan {
        Plan::Admin(AdminPlan::ResourcePolicy { .. }) => Mode::Dialog(Dialog::Admin(Box::new(
            AdminScreen::new(Screen::ResourcePolicy),
        ))),
        _ => Mode::Normal,
    }
}
