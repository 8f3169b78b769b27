//! Starting responsibility-transfer changes from their screen (`9`): reading its lists,
//! describing one, the confirmations, and the screen again (re-read) after a change.

use super::super::dialogs::{Back, Confirm, Dialog, Outcome, TrWants, TransferScreen};
use super::super::load;
use super::super::model::{Mode, Model};
use super::super::msg::{AdminFetch, Cmd, Fetch};
use super::READ_ONLY;

/// `9` (or `:transfers`): the inbound and outbound transfers. Looking changes nothing, so
/// read-only mode opens it too; its change keys say at once that they are refused.
pub fn open_transfers(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.status = None;
    let s = TransferScreen::new(m.context.read_only);
    load::reload(m, Fetch::Admin(AdminFetch::Transfers), cmds);
    m.mode = Mode::Dialog(Dialog::Transfers(Box::new(s)));
}

pub fn on_screen_outcome(
    m: &mut Model,
    mut s: Box<TransferScreen>,
    outcome: Outcome,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    match (outcome, s.wants.take()) {
        (Outcome::Cancelled, _) => return Mode::Normal,
        (Outcome::Submitted, Some(TrWants::Reload)) => {
            m.cache.admin.transfer.clear();
            load::reload(m, Fetch::Admin(AdminFetch::Transfers), cmds)
        }
        (Outcome::Submitted, Some(TrWants::Describe(id))) => {
            load::reload(m, Fetch::Admin(AdminFetch::Transfer { id }), cmds)
        }
        (Outcome::Submitted, Some(_)) if m.context.read_only => s.note = Some(READ_ONLY.into()),
        (Outcome::Submitted, Some(TrWants::Confirm(plan))) => {
            return Mode::Dialog(Dialog::Confirm(Confirm::new(
                plan,
                Some(Back::Transfers(s)),
            )))
        }
        _ => {}
    }
    Mode::Dialog(Dialog::Transfers(s))
}

/// After a change went through: the list again (the change made it stale, so it is
/// being re-read).
pub fn screen_after(m: &mut Model, mut s: Box<TransferScreen>, cmds: &mut Vec<Cmd>) -> Mode {
    s.back_to_list();
    load::ensure(m, Fetch::Admin(AdminFetch::Transfers), cmds);
    Mode::Dialog(Dialog::Transfers(s))
}
