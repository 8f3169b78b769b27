//! Changes an earlier run attempted without recording their outcome (orgtui was killed,
//! the machine stopped): shown at start, with `r` to re-read whether each one happened.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};
use crate::org::OrgError;

use super::super::cache::Loadable;
use super::super::model::Model;
use super::super::msg::Change;
use super::super::nav::page_rows;
use super::{scroll, Outcome};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedChange {
    /// The audit log's id of the attempt.
    pub id: String,
    pub change: Change,
    /// When it was attempted (RFC 3339, from the audit log).
    pub attempted: Option<String>,
    /// Whether it happened, once re-read.
    pub happened: Option<Loadable<bool>>,
}

impl UnfinishedChange {
    pub fn new(id: &str, change: Change, attempted: Option<String>) -> Self {
        UnfinishedChange {
            id: id.to_string(),
            change,
            attempted,
            happened: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub changes: Vec<UnfinishedChange>,
    pub scroll: u16,
}

impl Unfinished {
    pub fn new(changes: Vec<UnfinishedChange>) -> Self {
        Unfinished { changes, scroll: 0 }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        match action_for(Scope::Unfinished, key) {
            Some(Action::Refresh) => Outcome::Retry,
            Some(Action::Cancel) => Outcome::Dismissed,
            Some(a) => {
                scroll(&mut self.scroll, a, page_rows(m) as u16);
                Outcome::Stay
            }
            None => Outcome::Stay,
        }
    }

    /// Files the answer of a re-read.
    pub fn answered(&mut self, id: &str, result: Result<bool, OrgError>) {
        if let Some(c) = self.changes.iter_mut().find(|c| c.id == id) {
            c.happened = Some(match result {
                Ok(h) => Loadable::Loaded(h),
                Err(e) => Loadable::Failed(e),
            });
        }
    }
}
