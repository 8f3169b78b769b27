//! `P` on an account: its effective policy of each enabled management policy type
//! (DescribeEffectivePolicy), the validation errors of its own, and the accounts of the
//! organization whose effective policy of that type is invalid.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::keymap::{action_for, Action, Scope};
use crate::org::{OrgError, PolicyType};

use super::cache::Loadable;
use super::dialogs::{Dialog, Outcome};
use super::load;
use super::model::{Mode, Model, NodeData, Status};
use super::msg::{Cmd, EffectiveOfType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    pub account: String,
    pub types: Vec<PolicyType>,
    pub read: Loadable<Vec<EffectiveOfType>>,
    pub scroll: u16,
}

impl Effective {
    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        if matches!(key.code, KeyCode::Esc | KeyCode::Char('q')) {
            return Outcome::Cancelled;
        }
        self.scroll = match action_for(Scope::Confirm, key) {
            Some(Action::Up) => self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll.saturating_add(1),
            Some(Action::PageUp) => self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll.saturating_add(10),
            Some(Action::Refresh) => return Outcome::Retry,
            _ => self.scroll,
        };
        Outcome::Stay
    }
}

/// The management policy types enabled on the root (SCPs and RCPs have no effective policy).
fn management_types(m: &Model) -> Vec<PolicyType> {
    m.enabled_policy_types()
        .into_iter()
        .filter(PolicyType::has_effective_policy)
        .collect()
}

pub fn start(m: &mut Model, cmds: &mut Vec<Cmd>) {
    let account = match m.selected_node() {
        Some(n) if matches!(n.data, NodeData::Account(_)) => n.id.clone(),
        _ => {
            m.status = Some(Status::Info(
                "Effective policies are computed for accounts: select one, then P".into(),
            ));
            return;
        }
    };
    let types = management_types(m);
    if types.is_empty() {
        m.status = Some(Status::Info(
            "No management policy type (tag, backup, …) is enabled: nothing combines into an effective policy; t on the root enables one".into(),
        ));
        return;
    }
    read(m, &account, types, cmds);
}

fn read(m: &mut Model, account: &str, types: Vec<PolicyType>, cmds: &mut Vec<Cmd>) {
    load::effective(m, account, &types, cmds);
    m.mode = Mode::Dialog(Dialog::Effective(Box::new(Effective {
        account: account.to_string(),
        types,
        read: Loadable::Loading,
        scroll: 0,
    })));
}

pub fn on_outcome(m: &mut Model, e: Box<Effective>, outcome: Outcome, cmds: &mut Vec<Cmd>) -> Mode {
    match outcome {
        Outcome::Cancelled => Mode::Normal,
        Outcome::Retry => {
            read(m, &e.account, e.types, cmds);
            std::mem::replace(&mut m.mode, Mode::Normal)
        }
        _ => Mode::Dialog(Dialog::Effective(e)),
    }
}

/// The reads arrived (or failed as a whole).
pub fn arrived(m: &mut Model, account: &str, result: Result<Vec<EffectiveOfType>, OrgError>) {
    let Mode::Dialog(Dialog::Effective(e)) = &mut m.mode else {
        return;
    };
    if e.account == account {
        e.read = match result {
            Ok(list) => Loadable::Loaded(list),
            Err(err) => Loadable::Failed(err),
        };
    }
}
