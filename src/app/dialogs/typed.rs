//! A confirmation for what cannot be undone: it states the consequences and goes ahead
//! only when the account id is typed exactly; `y` (or Enter alone) is not enough.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};

use super::super::input::TextInput;
use super::{Outcome, Plan};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub plan: Plan,
    /// What must be typed.
    pub expect: String,
    pub input: TextInput,
    /// Enter was pressed with something else typed.
    pub wrong: bool,
}

impl Typed {
    pub fn new(plan: Plan, expect: &str) -> Self {
        Typed {
            plan,
            expect: expect.to_string(),
            input: TextInput::default(),
            wrong: false,
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> Outcome {
        match action_for(Scope::Prompt, key) {
            Some(Action::Cancel) => Outcome::Cancelled,
            Some(Action::Accept) if self.input.trim() == self.expect => Outcome::Confirmed,
            Some(Action::Accept) => {
                self.wrong = true;
                Outcome::Stay
            }
            Some(_) => Outcome::Stay,
            None => {
                if self.input.on_key(key) {
                    self.wrong = false;
                }
                Outcome::Stay
            }
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        self.input.paste(text);
    }
}
