//! Dialogs for changes: pickers, prompts, confirmations, progress and summaries. Each
//! handles its own keys (`on_key(&mut self, key, &Model) -> Outcome`) and says what
//! happened; `changes` acts on the outcome. Nothing here changes the model.

mod account_form;
mod account_plan;
mod admin_plan;
mod admin_screen;
mod confirm;
mod editor;
mod handshakes;
mod org_plan;
mod picker;
mod plan;
mod policy_plan;
mod progress;
mod prompt;
mod tag_editor;
mod trace;
mod transfer_plan;
mod transfers;
mod typed;
mod unfinished;

pub use account_form::{parse_tags, validate_role, AccountForm, FormField, MAX_TAGS};
pub use account_plan::AccountPlan;
pub use admin_plan::{AdminPlan, TagDiff};
pub use admin_screen::{
    candidates, delegations, principal_problem, service_choices, trusted, AdminScreen, Delegation,
    Screen, Step, Wants,
};
pub use confirm::{Confirm, WhatIf};
pub use editor::{template, Completing, Completion, Editor, EditorField, COMPLETION_ROWS};
pub use handshakes::{
    all_features_progress, listed, target_problem, HandshakeScreen, HsStep, HsWants,
    HANDSHAKE_ACTIONS, HANDSHAKE_STATES,
};
pub use picker::{attachable, choices, destinations, Choice, PickFor, Picker};
pub use plan::{describe, needed_attachments, preview_targets, readiness, Plan, Text, Tone};
pub use progress::{Progress, BUSY, SEND_WINDOW};
pub use prompt::{validate_prompt, Prompt, PromptFor};
pub use tag_editor::{key_problem, value_problem, TagEditor, TagField, TagRow};
pub use trace::{Asking, Judging, Trace};
pub use transfers::{
    end_choices, first_of_next_month, invite_problem, parse_start, transfer_by_id,
    transfer_name_problem, transfer_rows, InviteField, Side, TrStep, TrWants, TransferRow,
    TransferScreen, INVITE_FIELDS,
};
pub use typed::Typed;
pub use unfinished::{Unfinished, UnfinishedChange};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::keymap::Action;

use super::model::Model;

/// Scrolls a dialog's body by a movement key; `false` for other actions.
fn scroll(at: &mut u16, action: Action, page: u16) -> bool {
    *at = match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => at.saturating_add(1),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => at.saturating_add(page),
        _ => return false,
    };
    true
}

/// Up or down in a screen's list (5–9) where no text field takes the keys: the arrows,
/// and the main views' keys for them (j/k unless remapped).
fn list_step(key: &KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        _ => crate::keymap::action_for(crate::keymap::Scope::Global, key)
            .filter(|a| matches!(a, Action::Up | Action::Down)),
    }
}

/// The dialog a confirmation came from, reopened (text intact) on cancel or failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Back {
    Prompt(Prompt),
    Editor(Box<Editor>),
    AccountForm(Box<AccountForm>),
    Tags(Box<TagEditor>),
    Admin(Box<AdminScreen>),
    Handshakes(Box<HandshakeScreen>),
    Transfers(Box<TransferScreen>),
}

impl Back {
    /// The dialog again, with the failure that brought it back.
    pub fn reopen(self, failure: Option<crate::org::OrgError>) -> Dialog {
        match self {
            Back::Prompt(mut p) => {
                p.failure = failure.or(p.failure);
                Dialog::Prompt(p)
            }
            Back::Editor(mut e) => {
                e.failure = failure.or(e.failure);
                Dialog::Editor(e)
            }
            Back::AccountForm(mut f) => {
                f.failure = failure.or(f.failure);
                Dialog::AccountForm(f)
            }
            Back::Tags(mut e) => {
                e.failure = failure.or(e.failure);
                Dialog::Tags(e)
            }
            Back::Admin(mut s) => {
                s.note = failure.map(|f| format!("✗ {}: {}", f.code, f.message));
                Dialog::Admin(s)
            }
            Back::Handshakes(mut s) => {
                s.note = failure.map(|f| format!("✗ {}: {}", f.code, f.message));
                Dialog::Handshakes(s)
            }
            // The form or prompt again with what was typed, and AWS's reason.
            Back::Transfers(mut s) => {
                s.note = failure.map(|f| format!("✗ {}: {}", f.code, f.message));
                Dialog::Transfers(s)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Editor(Box<Editor>),
    Trace(Box<Trace>),
    Effective(Box<super::effective::Effective>),
    Picker(Picker),
    Confirm(Confirm),
    Prompt(Prompt),
    Progress(Progress),
    Unfinished(Unfinished),
    AccountForm(Box<AccountForm>),
    Typed(Typed),
    Tags(Box<TagEditor>),
    Admin(Box<AdminScreen>),
    Handshakes(Box<HandshakeScreen>),
    Transfers(Box<TransferScreen>),
    /// `v`: everything known about one thing, full screen (its keys are its own:
    /// `describe::on_key`).
    Describe(Box<super::describe::Describe>),
    /// `:plan`: the staged changes (its keys are its own: `plan_screen::on_key`).
    Plan(Box<super::plan_screen::PlanScreen>),
}

impl Dialog {
    /// A screen of its own (5–9) showing its list, where the view keys hop to another
    /// view as they do from the main views — unless a search is being typed there.
    pub fn is_screen_list(&self) -> bool {
        match self {
            Dialog::Admin(s) => s.step == admin_screen::Step::List && s.query.is_empty(),
            Dialog::Handshakes(s) => s.step == handshakes::HsStep::List,
            Dialog::Transfers(s) => s.step == transfers::TrStep::List,
            _ => false,
        }
    }
}

/// What a key did to a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The dialog stays open (perhaps changed).
    Stay,
    /// Closed without changing anything.
    Cancelled,
    /// A picker's choice was taken.
    Picked(Choice),
    /// The account form asks for the OU picker (Space on its destination).
    PickDestination,
    /// A prompt's text was accepted (it validates).
    Submitted,
    /// The editor was left and its draft discarded.
    Discard,
    /// The editor's document goes to $VISUAL/$EDITOR.
    ExternalEdit,
    /// The evaluator needs the target's policies read (again).
    Evaluate,
    /// A confirmation was answered yes (once it was drawn and its preview is complete).
    Confirmed,
    /// A confirmation's changes go to the plan instead of being sent.
    Stage,
    /// A confirmation asks to read again what could not be read.
    Retry,
    /// A finished summary was closed.
    Dismissed,
    /// Send no more of the changes.
    Stop,
    /// Quit once the changes in flight have answered.
    QuitAfter,
    /// Send no more, and quit once the changes in flight have answered.
    StopAndQuit,
}

impl Dialog {
    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match self {
            Dialog::Editor(e) => e.on_key(key),
            Dialog::Trace(t) => t.on_key(key),
            Dialog::Effective(e) => e.on_key(key),
            Dialog::Picker(p) => p.on_key(key, m),
            Dialog::Prompt(p) => p.on_key(key, m),
            Dialog::Confirm(c) => c.on_key(key, m),
            Dialog::Progress(p) => p.on_key(key, m),
            Dialog::Unfinished(u) => u.on_key(key, m),
            Dialog::AccountForm(f) => f.on_key(key, m),
            Dialog::Typed(t) => t.on_key(key),
            Dialog::Tags(e) => e.on_key(key),
            Dialog::Admin(s) => s.on_key(key, m),
            Dialog::Handshakes(s) => s.on_key(key, m),
            Dialog::Transfers(s) => s.on_key(key, m),
            Dialog::Describe(_) | Dialog::Plan(_) => Outcome::Stay,
        }
    }

    /// Pasted text goes to the dialog's text field, if it has one; it never confirms.
    pub fn on_paste(&mut self, text: &str) {
        match self {
            Dialog::Editor(e) => e.on_paste(text),
            Dialog::Trace(t) => t.on_paste(text),
            Dialog::Picker(p) => p.on_paste(text),
            Dialog::Prompt(p) => p.on_paste(text),
            Dialog::AccountForm(f) => f.on_paste(text),
            Dialog::Typed(t) => t.on_paste(text),
            Dialog::Tags(e) => e.on_paste(text),
            Dialog::Admin(s) => s.on_paste(text),
            Dialog::Handshakes(s) => s.on_paste(text),
            Dialog::Transfers(s) => s.on_paste(text),
            Dialog::Describe(d) => super::describe::on_paste(d, text),
            Dialog::Plan(s) => {
                if let Some(word) = &mut s.typing {
                    word.paste(text);
                }
            }
            Dialog::Confirm(_)
            | Dialog::Progress(_)
            | Dialog::Unfinished(_)
            | Dialog::Effective(_) => {}
        }
    }
}
