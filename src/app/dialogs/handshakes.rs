//! The handshakes screen (`8`): the organization's handshakes (a member's own, on the
//! member side) filtered by action type and state, one described in full, and the keys
//! that invite an account (a small form), cancel, accept or decline a handshake.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::org::{ids, Handshake};

use super::super::cache::Loadable;
use super::super::changes::READ_ONLY;
use super::super::input::TextInput;
use super::super::model::Model;
use super::{list_step, Outcome, Plan};
use crate::change::OrgChange;
use crate::keymap::Action;

/// The action types ListHandshakes filters by.
pub const HANDSHAKE_ACTIONS: [&str; 4] = [
    "INVITE",
    "ENABLE_ALL_FEATURES",
    "APPROVE_ALL_FEATURES",
    "TRANSFER_RESPONSIBILITY",
];
/// The states a handshake goes through.
pub const HANDSHAKE_STATES: [&str; 6] = [
    "REQUESTED",
    "OPEN",
    "ACCEPTED",
    "DECLINED",
    "CANCELED",
    "EXPIRED",
];
/// The longest notes an invitation may carry.
pub const MAX_NOTES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HsStep {
    List,
    /// One handshake, as DescribeHandshake answers.
    Detail {
        id: String,
    },
    /// The invitation form: which field has the cursor (0 the target, 1 the notes).
    Invite {
        field: usize,
    },
}

/// What the screen asks its caller for when a key returns `Submitted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HsWants {
    Confirm(Plan),
    /// The list again (the action filter is sent to the API).
    Reload,
    /// DescribeHandshake.
    Describe(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeScreen {
    /// The caller is a member account (or in no organization): its own handshakes.
    pub member: bool,
    pub step: HsStep,
    /// Index in [`HANDSHAKE_ACTIONS`], `None` for every type.
    pub action: Option<usize>,
    /// Index in [`HANDSHAKE_STATES`], `None` for every state.
    pub state: Option<usize>,
    pub selected: usize,
    pub target: TextInput,
    pub notes: TextInput,
    /// Why the last key did nothing, or what went wrong.
    pub note: Option<String>,
    pub wants: Option<HsWants>,
}

/// Cycles `None → 0 → … → n-1 → None`.
fn cycle(at: Option<usize>, n: usize) -> Option<usize> {
    match at {
        None => Some(0),
        Some(i) if i + 1 < n => Some(i + 1),
        Some(_) => None,
    }
}

/// Why an invitation's target is not an account id or an email address, if it is not.
pub fn target_problem(target: &str) -> Option<String> {
    let t = target.trim();
    if t.is_empty() {
        return Some("type the account id (12 digits) or its email address".into());
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return (!ids::is_account_id(t)).then(|| "an account id has 12 digits".into());
    }
    ids::validate_email(t).err()
}

/// The handshakes read, narrowed by the screen's filters, newest first.
pub fn listed(m: &Model, s: &HandshakeScreen) -> Vec<Handshake> {
    let Some(Loadable::Loaded(all)) = &m.cache.admin.handshakes else {
        return Vec::new();
    };
    let action = s.action.map(|i| HANDSHAKE_ACTIONS[i]);
    let state = s.state.map(|i| HANDSHAKE_STATES[i]);
    let mut out: Vec<Handshake> = all
        .iter()
        .filter(|h| action.is_none_or(|a| h.action == a))
        .filter(|h| state.is_none_or(|st| h.state == st))
        .cloned()
        .collect();
    out.sort_by(|a, b| b.requested_at.cmp(&a.requested_at).then(a.id.cmp(&b.id)));
    out
}

/// Enabling all features, while it waits: (members that approved, members asked), from the
/// APPROVE_ALL_FEATURES handshakes read; `None` when no ENABLE_ALL_FEATURES one is open.
pub fn all_features_progress(m: &Model) -> Option<(usize, usize)> {
    let Some(Loadable::Loaded(all)) = &m.cache.admin.handshakes else {
        return None;
    };
    let active = |h: &&Handshake| matches!(h.state.as_str(), "OPEN" | "REQUESTED");
    all.iter()
        .filter(|h| h.action == "ENABLE_ALL_FEATURES")
        .find(active)?;
    let asked: Vec<&Handshake> = all
        .iter()
        .filter(|h| h.action == "APPROVE_ALL_FEATURES")
        .collect();
    let approved = asked.iter().filter(|h| h.state == "ACCEPTED").count();
    Some((approved, asked.len()))
}

impl HandshakeScreen {
    pub fn new(member: bool) -> Self {
        HandshakeScreen {
            member,
            step: HsStep::List,
            action: None,
            state: None,
            selected: 0,
            target: TextInput::default(),
            notes: TextInput::default(),
            note: None,
            wants: None,
        }
    }

    /// The action filter as sent to the API.
    pub fn action_filter(&self) -> Option<String> {
        self.action.map(|i| HANDSHAKE_ACTIONS[i].to_string())
    }

    fn submit(&mut self, wants: HsWants) -> Outcome {
        self.wants = Some(wants);
        Outcome::Submitted
    }

    /// After a change went through: the list, re-read.
    pub fn back_to_list(&mut self) {
        self.step = HsStep::List;
        self.selected = 0;
    }

    /// The handshake the keys act on: the one described, or the list's selection.
    fn current(&self, m: &Model) -> Option<Handshake> {
        match &self.step {
            HsStep::Detail { id } => match m.cache.admin.handshake.get(id) {
                Some(Loadable::Loaded(h)) => Some(h.clone()),
                _ => listed(m, self).into_iter().find(|h| &h.id == id),
            },
            _ => listed(m, self).get(self.selected).cloned(),
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        self.note = None;
        if let HsStep::Invite { field } = self.step {
            return self.on_form_key(key, field);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let detail = matches!(self.step, HsStep::Detail { .. });
        match (key.code, ctrl) {
            (KeyCode::Esc, _) if detail => self.step = HsStep::List,
            (KeyCode::Esc, _) => return Outcome::Cancelled,
            (KeyCode::Enter, _) if detail => self.step = HsStep::List,
            (KeyCode::Enter, _) => match self.current(m) {
                Some(h) => {
                    self.step = HsStep::Detail { id: h.id.clone() };
                    return self.submit(HsWants::Describe(h.id));
                }
                None => self.note = Some("No handshake selected".into()),
            },
            (KeyCode::Char('r'), true) => return self.submit(HsWants::Reload),
            (KeyCode::Char('t'), false) if !detail => {
                self.action = cycle(self.action, HANDSHAKE_ACTIONS.len());
                self.selected = 0;
                return self.submit(HsWants::Reload);
            }
            (KeyCode::Char('s'), false) if !detail => {
                self.state = cycle(self.state, HANDSHAKE_STATES.len());
                self.selected = 0;
            }
            // Refused at the key, not after a form was filled in (as on screen 9).
            (KeyCode::Char('n' | 'x'), true) | (KeyCode::Char('a' | 'd'), false)
                if m.context.read_only =>
            {
                self.note = Some(READ_ONLY.into())
            }
            (KeyCode::Char('n'), true) if self.member => {
                self.note = Some("Only the management account invites accounts".into())
            }
            (KeyCode::Char('n'), true) => {
                self.target.clear();
                self.notes.clear();
                self.step = HsStep::Invite { field: 0 };
            }
            (KeyCode::Char('x'), true) => return self.answer(m, Answer::Cancel),
            (KeyCode::Char('a'), false) => return self.answer(m, Answer::Accept),
            (KeyCode::Char('d'), false) => return self.answer(m, Answer::Decline),
            _ if detail => {}
            _ => match list_step(key) {
                Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
                Some(Action::Down) => {
                    let last = listed(m, self).len().saturating_sub(1);
                    self.selected = (self.selected + 1).min(last);
                }
                _ => {}
            },
        }
        Outcome::Stay
    }

    fn on_form_key(&mut self, key: &KeyEvent, field: usize) -> Outcome {
        match key.code {
            KeyCode::Esc => self.step = HsStep::List,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.step = HsStep::Invite { field: 1 - field }
            }
            KeyCode::Enter => {
                if let Some(why) = target_problem(self.target.as_str()) {
                    self.note = Some(why);
                    self.step = HsStep::Invite { field: 0 };
                    return Outcome::Stay;
                }
                let notes = self.notes.trim().to_string();
                if notes.chars().count() > MAX_NOTES {
                    self.note = Some(format!("notes hold at most {MAX_NOTES} characters"));
                    return Outcome::Stay;
                }
                let change = OrgChange::InviteAccount {
                    target: self.target.trim().to_string(),
                    notes,
                };
                return self.submit(HsWants::Confirm(Plan::Org(change)));
            }
            _ => {
                let input = if field == 0 {
                    &mut self.target
                } else {
                    &mut self.notes
                };
                input.on_key(key);
            }
        }
        Outcome::Stay
    }

    /// Ctrl-X, `a` or `d` on a handshake: its confirmation, if its state allows it.
    fn answer(&mut self, m: &Model, answer: Answer) -> Outcome {
        let Some(h) = self.current(m) else {
            self.note = Some("No handshake selected".into());
            return Outcome::Stay;
        };
        let handshake = h.id.clone();
        let (allowed, change): (&[&str], _) = match answer {
            Answer::Cancel => (
                &["OPEN", "REQUESTED"],
                OrgChange::CancelHandshake { handshake },
            ),
            Answer::Accept => (&["OPEN"], OrgChange::AcceptHandshake { handshake }),
            Answer::Decline => (&["OPEN"], OrgChange::DeclineHandshake { handshake }),
        };
        if !allowed.contains(&h.state.as_str()) {
            self.note = Some(format!(
                "Only a handshake in state {} can be {}; this one is {}",
                allowed.join(" or "),
                answer.done(),
                h.state
            ));
            return Outcome::Stay;
        }
        self.submit(HsWants::Confirm(Plan::Org(change)))
    }

    pub fn on_paste(&mut self, text: &str) {
        match self.step {
            HsStep::Invite { field: 0 } => {
                self.target.paste(text);
            }
            HsStep::Invite { .. } => {
                self.notes.paste(text);
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Answer {
    Cancel,
    Accept,
    Decline,
}

impl Answer {
    fn done(self) -> &'static str {
        match self {
            Answer::Cancel => "canceled",
            Answer::Accept => "accepted",
            Answer::Decline => "declined",
        }
    }
}
