//! Starting invitations, handshake answers and changes to the organization itself: the
//! handshakes screen (`8`), `:enable-all-features`, `:delete-organization`, and for a
//! member account `:leave-organization`, `:create-organization`; what a finished one says
//! and what is read again after it.

use crate::text::safe;

use super::super::cache::Loadable;
use super::super::dialogs::{
    Back, Confirm, Dialog, HandshakeScreen, HsWants, Outcome, Plan, Typed,
};
use super::super::load;
use super::super::model::{Mode, Model};
use super::super::msg::AdminFetch;
use super::super::msg::{Cmd, Fetch};
use super::{info, READ_ONLY};
use crate::change::OrgChange;

/// The caller is a member account: its account (from STS) is not the management account.
pub fn is_member(m: &Model) -> bool {
    let Some(org) = m.organization() else {
        return false;
    };
    match &m.sts.caller {
        Some(Loadable::Loaded(me)) => me.account != org.master_account_id,
        _ => false,
    }
}

/// The caller is known (from STS) to be the organization's management account.
pub fn is_management(m: &Model) -> bool {
    match (m.organization(), &m.sts.caller) {
        (Some(org), Some(Loadable::Loaded(me))) => me.account == org.master_account_id,
        _ => false,
    }
}

/// At start, once both the organization and the caller are read: a member account is
/// told so, with what it can do (most Organizations calls need the management account).
pub fn say_if_member(m: &mut Model) {
    if !is_member(m) {
        // The root could not be listed (ListRoots denied) and the caller is not a member.
        let asked = matches!(
            m.sts.caller,
            Some(Loadable::Loaded(_) | Loadable::Failed(_))
        );
        if m.organization().is_some() && m.roots.is_empty() && asked {
            info(
                m,
                "ListRoots was refused (AccessDenied): browsing needs organizations:List* — r retries",
            );
        }
        return;
    }
    let (Some(org), Some(Loadable::Loaded(me))) = (m.organization(), &m.sts.caller) else {
        return;
    };
    let text = format!(
        "This account ({}) is a member of {}, not its management account ({}): 8 shows its handshakes (a accepts, d declines); :leave-organization leaves",
        safe(&me.account),
        safe(&org.id),
        safe(&org.master_account_id)
    );
    info(m, text);
}

/// The caller is in no organization (DescribeOrganization said so at start).
pub fn in_none(m: &Model) -> bool {
    matches!(&m.org, Some(Loadable::Failed(e)) if e.code == "AWSOrganizationsNotInUseException")
}

fn list_fetch(s: &HandshakeScreen) -> Fetch {
    Fetch::Admin(AdminFetch::Handshakes {
        member: s.member,
        action: s.action_filter(),
    })
}

/// `8` (or `:handshakes`): the organization's handshakes, or a member's own. Looking
/// changes nothing, so read-only mode opens it too.
pub fn open_handshakes(m: &mut Model, cmds: &mut Vec<Cmd>) {
    m.status = None;
    let s = HandshakeScreen::new(is_member(m) || in_none(m));
    load::reload(m, list_fetch(&s), cmds);
    m.mode = Mode::Dialog(Dialog::Handshakes(Box::new(s)));
}

pub fn on_screen_outcome(
    m: &mut Model,
    mut s: Box<HandshakeScreen>,
    outcome: Outcome,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    match (outcome, s.wants.take()) {
        (Outcome::Cancelled, _) => return Mode::Normal,
        (Outcome::Submitted, Some(HsWants::Reload)) => load::reload(m, list_fetch(&s), cmds),
        (Outcome::Submitted, Some(HsWants::Describe(id))) => {
            load::reload(m, Fetch::Admin(AdminFetch::Handshake { id }), cmds)
        }
        (Outcome::Submitted, Some(_)) if m.context.read_only => s.note = Some(READ_ONLY.into()),
        (Outcome::Submitted, Some(HsWants::Confirm(plan))) => {
            return Mode::Dialog(Dialog::Confirm(Confirm::new(
                plan,
                Some(Back::Handshakes(s)),
            )))
        }
        _ => {}
    }
    Mode::Dialog(Dialog::Handshakes(s))
}

/// After a change went through: the handshakes screen for what follows a handshake
/// (an invitation, enabling all features), re-read.
pub fn screen_after(
    m: &mut Model,
    back: Option<Box<HandshakeScreen>>,
    cmds: &mut Vec<Cmd>,
) -> Mode {
    let mut s = back.unwrap_or_else(|| Box::new(HandshakeScreen::new(is_member(m) || in_none(m))));
    s.back_to_list();
    load::reload(m, list_fetch(&s), cmds);
    Mode::Dialog(Dialog::Handshakes(s))
}

/// Whether a finished `change` goes on to the handshakes screen.
pub fn shows_handshakes(change: &OrgChange) -> bool {
    !matches!(
        change,
        OrgChange::DeleteOrganization { .. }
            | OrgChange::LeaveOrganization { .. }
            | OrgChange::CreateOrganization { .. }
    )
}

/// Opens the confirmation of `change`, unless read-only.
fn confirm(m: &mut Model, change: OrgChange) {
    if m.context.read_only {
        info(m, READ_ONLY);
        return;
    }
    m.mode = Mode::Dialog(Dialog::Confirm(Confirm::new(Plan::Org(change), None)));
}

/// `:enable-all-features`: only an organization on consolidated billing.
pub fn enable_all_features(m: &mut Model) {
    let Some(org) = m.organization() else {
        info(m, "The organization is not read yet");
        return;
    };
    if org.feature_set != "CONSOLIDATED_BILLING" {
        let set = safe(&org.feature_set).into_owned();
        info(
            m,
            format!("The organization's feature set is {set}: all features are enabled already"),
        );
        return;
    }
    if is_member(m) {
        info(m, "Only the management account can enable all features");
        return;
    }
    confirm(m, OrgChange::EnableAllFeatures);
}

/// `:delete-organization`: only when it has no member accounts, confirmed by typing its id.
pub fn delete_organization(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let Some(org) = m.organization().cloned() else {
        info(m, "The organization is not read yet");
        return;
    };
    if is_member(m) {
        info(m, "Only the management account can delete the organization");
        return;
    }
    let Some(Loadable::Loaded(accounts)) = &m.cache.accounts else {
        if m.cache.accounts.is_none() {
            load::all_accounts(m, cmds);
        }
        info(
            m,
            "Reading the accounts… run delete-organization again once they are read",
        );
        return;
    };
    let members = accounts
        .iter()
        .filter(|a| a.id != org.master_account_id)
        .count();
    if members > 0 {
        let n = super::super::fields::count(members, "member account", "member accounts");
        info(
            m,
            format!("The organization still has {n}: remove or close them first; nothing was sent"),
        );
        return;
    }
    typed(
        m,
        OrgChange::DeleteOrganization {
            organization: org.id.clone(),
        },
        &org.id,
    );
}

/// `:leave-organization` (a member account): confirmed by typing the organization id.
pub fn leave_organization(m: &mut Model) {
    let Some(org) = m.organization().cloned() else {
        info(
            m,
            "This account is in no organization: there is nothing to leave",
        );
        return;
    };
    if !is_member(m) {
        info(
            m,
            "The management account cannot leave; it can delete the organization once it is empty",
        );
        return;
    }
    typed(
        m,
        OrgChange::LeaveOrganization {
            organization: org.id.clone(),
        },
        &org.id,
    );
}

/// `:create-organization ALL|CONSOLIDATED_BILLING` when the caller is in none.
pub fn create_organization(m: &mut Model, feature_set: &str) {
    if !in_none(m) {
        info(
            m,
            "This account is in an organization already: it cannot create another",
        );
        return;
    }
    let set = feature_set.trim().to_uppercase();
    let set = match set.as_str() {
        "" | "ALL" => "ALL",
        "CONSOLIDATED_BILLING" | "CONSOLIDATED-BILLING" | "BILLING" => "CONSOLIDATED_BILLING",
        _ => {
            info(m, "The feature set is ALL or CONSOLIDATED_BILLING");
            return;
        }
    };
    confirm(
        m,
        OrgChange::CreateOrganization {
            feature_set: set.into(),
        },
    );
}

fn typed(m: &mut Model, change: OrgChange, expect: &str) {
    if m.context.read_only {
        info(m, READ_ONLY);
        return;
    }
    m.mode = Mode::Dialog(Dialog::Typed(Typed::new(Plan::Org(change), expect)));
}
