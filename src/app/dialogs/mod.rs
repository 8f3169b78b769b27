//! Dialogs for changes: pickers, prompts, confirmations, progress and summaries. Each
//! handles its own keys (`on_key(&mut self, key, &Model) -> Outcome`) and says what
//! happened; `changes` acts on the outcome. Nothing here changes the model.

mod picker;
mod plan;
mod prompt;

pub use picker::{attachable, choices, destinations, Choice, PickFor, Picker};
pub use plan::{describe, needed_attachments, Plan, Text, Tone};
pub use prompt::{validate_prompt, Prompt, PromptFor};

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Layer};
use crate::org::OrgError;

use super::model::Model;
use super::msg::Change;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Picker(Picker),
    Confirm(Confirm),
    Prompt(Prompt),
    Progress(Progress),
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
    /// A prompt's text was accepted (it validates).
    Submitted,
    /// A confirmation was answered yes.
    Confirmed,
    /// A finished summary was closed.
    Dismissed,
}

impl Dialog {
    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match self {
            Dialog::Picker(p) => p.on_key(key, m),
            Dialog::Prompt(p) => p.on_key(key, m),
            Dialog::Confirm(_) => match action_for(Layer::Confirm, key) {
                Some(Action::Confirm) => Outcome::Confirmed,
                Some(Action::Cancel) => Outcome::Cancelled,
                _ => Outcome::Stay,
            },
            // Like the help overlay, any key closes a finished summary. Calls in flight
            // cannot be recalled, so the progress dialog stays until they answer.
            Dialog::Progress(p) if p.done() => Outcome::Dismissed,
            Dialog::Progress(_) => Outcome::Stay,
        }
    }

    /// Pasted text goes to the dialog's text field, if it has one; it never confirms.
    pub fn on_paste(&mut self, text: &str) {
        match self {
            Dialog::Picker(p) => p.on_paste(text),
            Dialog::Prompt(p) => p.on_paste(text),
            Dialog::Confirm(_) | Dialog::Progress(_) => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub plan: Plan,
    /// The prompt this came from, reopened (text intact) on cancel or failure.
    pub back: Option<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub plan: Plan,
    pub total: usize,
    pub results: Vec<(Change, Result<(), OrgError>)>,
    pub back: Option<Prompt>,
    /// Audit-log write failures (never ignored).
    pub audit_errors: Vec<String>,
    /// What a CreateOrganizationalUnit made, to select it once the tree shows it.
    pub created: Option<String>,
}

impl Progress {
    pub fn done(&self) -> bool {
        self.results.len() >= self.total
    }
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, r)| r.is_err()).count()
    }
}
