//! A prompt for a name (a new OU, a renamed one), checked as the user types; the message
//! is shown at the field, and a failed call brings the prompt back with the text intact.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};
use crate::org::{ids, OrgError};
use crate::text::safe;

use super::super::directory::known_ous;
use super::super::input::TextInput;
use super::super::model::Model;
use super::{Outcome, Plan};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    CreateOu { parent: String },
    RenameOu { ou: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: TextInput,
    /// The last call's failure, shown at the field.
    pub failure: Option<OrgError>,
    /// Enter was pressed on a name that does not validate: say why even when empty.
    pub tried: bool,
}

impl Prompt {
    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match action_for(Scope::Prompt, key) {
            Some(Action::Cancel) => Outcome::Cancelled,
            Some(Action::Accept) if validate_prompt(m, self).is_ok() => {
                self.failure = None;
                Outcome::Submitted
            }
            Some(Action::Accept) => {
                self.tried = true;
                Outcome::Stay
            }
            Some(_) => Outcome::Stay,
            None => {
                self.input.on_key(key);
                Outcome::Stay
            }
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        self.input.paste(text);
    }

    /// The check shown at the field: none before anything is typed (an empty field is
    /// not yet a mistake), unless Enter was pressed.
    pub fn shown_check(&self, m: &Model) -> Option<Result<(), String>> {
        (!self.input.is_empty() || self.tried).then(|| validate_prompt(m, self))
    }

    /// The change the accepted text asks for.
    pub fn plan(&self) -> Plan {
        let name = self.input.to_string();
        match &self.purpose {
            PromptFor::CreateOu { parent } => Plan::CreateOu {
                parent: parent.clone(),
                name,
            },
            PromptFor::RenameOu { ou } => Plan::RenameOu {
                ou: ou.clone(),
                name,
            },
        }
    }
}

/// Checks the prompt's text as the user types; the message is shown at the field.
pub fn validate_prompt(m: &Model, p: &Prompt) -> Result<(), String> {
    let input: &str = &p.input;
    ids::validate_ou_name(input)?;
    let (parent, own) = match &p.purpose {
        PromptFor::CreateOu { parent } => (Some(parent.clone()), None),
        PromptFor::RenameOu { ou } => {
            if m.node_by_id(ou).is_some_and(|n| n.name() == input) {
                return Err("that is its current name".into());
            }
            (
                m.node_by_id(ou)
                    .and_then(|n| n.parent)
                    .map(|x| m.node(x).id.clone()),
                Some(ou.clone()),
            )
        }
    };
    if let Some(siblings) = parent.and_then(|pa| known_ous(m, &pa)) {
        if siblings
            .iter()
            .any(|(id, name)| name == input && Some(id) != own.as_ref())
        {
            return Err(format!(
                "an OU named \"{}\" already exists here",
                safe(input)
            ));
        }
    }
    Ok(())
}
