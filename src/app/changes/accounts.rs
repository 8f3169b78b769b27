//! Starting account changes: the creation form (`A`), removing an account from the
//! organization (`X`) and closing one (`C`). Removing and closing are confirmed by typing
//! the account id; the management account is refused before anything is asked.

use crate::text::safe;

use super::super::dialogs::{AccountForm, AccountPlan, Back, Confirm, Dialog, Plan, Typed};
use super::super::model::{Mode, Model, NodeData};
use super::super::msg::{Change, Changed, Cmd};
use super::info;
use crate::change::AccountChange;

/// `A`: the form, its destination the selected OU (or the selected account's parent).
pub fn start_create(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(ix) = m.selected.or(m.roots.first().copied()) else {
        info(m, "The organization is not read yet");
        return;
    };
    let node = m.node(ix);
    let destination = match node.data {
        NodeData::Account(_) => node.parent.map(|p| m.node(p).id.clone()),
        _ => Some(node.id.clone()),
    };
    let Some(destination) = destination else {
        return;
    };
    let mut form = AccountForm::new(&destination);
    // CreateGovCloudAccount is the management account's call: offered to it alone.
    if super::org::is_management(m) {
        form.gov_cloud = Some(false);
    }
    m.mode = Mode::Dialog(Dialog::AccountForm(Box::new(form)));
    // The destination field cycles through the pickers' OU directory.
    super::fill_ou_directory(m, cmds);
}

/// `X` (remove) or `C` (close) on the selected account.
pub fn start_typed(m: &mut Model, close: bool) {
    let verb = if close { "closed" } else { "removed" };
    let Some(n) = m.selected_node().filter(|n| n.account().is_some()) else {
        info(m, format!("Select an account to be {verb}"));
        return;
    };
    let account = n.id.clone();
    let name = safe(n.name()).into_owned();
    let management = m.organization().map(|o| o.master_account_id.clone());
    if management.as_deref() == Some(account.as_str()) {
        let why = if close {
            "remove the members and delete the organization first"
        } else {
            "it goes only by deleting the organization"
        };
        info(
            m,
            format!("{name} is the management account: it cannot be {verb} ({why})"),
        );
        return;
    }
    let plan = if close {
        AccountPlan::Close {
            account: account.clone(),
        }
    } else {
        AccountPlan::Remove {
            account: account.clone(),
        }
    };
    m.mode = Mode::Dialog(Dialog::Typed(Typed::new(Plan::Account(plan), &account)));
}

/// The form was submitted: its confirmation, reopening the form on cancel or failure.
pub fn on_form_submitted(f: Box<AccountForm>) -> Mode {
    Mode::Dialog(Dialog::Confirm(Confirm::new(
        f.plan(),
        Some(Back::AccountForm(f)),
    )))
}

/// A CreateAccount was accepted: the creation is followed until it ends.
pub fn on_account_changed(m: &mut Model, plan: &Plan, changed: &Changed, cmds: &mut Vec<Cmd>) {
    let (
        Plan::Account(AccountPlan::Create { destination, .. }),
        Change::Account(
            AccountChange::CreateAccount(crate::change::NewAccountRequest { name, .. })
            | AccountChange::CreateGovCloudAccount(crate::change::NewAccountRequest { name, .. }),
        ),
    ) = (plan, &changed.change)
    else {
        return;
    };
    match &changed.created {
        Some(request) => super::super::creation::started(
            m,
            super::super::creation::Tracked {
                request: request.clone(),
                name: name.clone(),
                destination: destination.clone(),
                source: m.context.source.clone(),
            },
            cmds,
        ),
        None => info(
            m,
            format!(
                "Account {} exists already (found by re-read); it was not created again — r refreshes",
                safe(name)
            ),
        ),
    }
}
