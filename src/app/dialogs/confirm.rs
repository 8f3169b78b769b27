//! A confirmation: says exactly what a change will do and waits for `y`. It is answered
//! only by a key pressed after it was drawn, only once its preview is complete, and (in
//! `changes::flow`) only after a re-read shows the facts it states are still true.

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};

use super::super::model::Model;
use super::super::nav::page_rows;
use super::{readiness, scroll, Back, Outcome, Plan, Text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub plan: Plan,
    /// The prompt this came from, reopened (text intact) on cancel or failure.
    pub back: Option<Back>,
    /// Drawn at least once: keys typed before that (queued, pasted) are dropped.
    pub armed: bool,
    pub scroll: u16,
    /// `y` was pressed; what it states is being re-read before anything is sent.
    pub verifying: bool,
    /// What the user was shown when they pressed `y` (compared after the re-read).
    pub shown: Option<Text>,
    /// What changed since the confirmation was drawn (after a re-read).
    pub note: Option<String>,
    /// `y` was pressed before everything was read (the view then says why it waits).
    pub refused: bool,
    /// The re-read after `y` failed (why): nothing was sent; a `y` pressed after that was
    /// shown sends it as it is.
    pub unverified: Option<String>,
    /// What the change does to the watched actions (`app::whatif`): information shown
    /// beside the plan, never part of what `shown` compares, never waited for.
    pub whatif: Option<WhatIf>,
}

/// The what-if of a confirmation, once asked (at most once per confirmation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIf {
    Reading(crate::policy::whatif::Proposed),
    Read(Box<crate::policy::whatif::Summary>),
    /// The read failed: its error code.
    Failed(String),
    /// Neither SCPs nor RCPs are enabled: no action can change.
    NotEnabled,
}

impl Confirm {
    pub fn new(plan: Plan, back: Option<Back>) -> Self {
        Confirm {
            plan,
            back,
            armed: false,
            scroll: 0,
            verifying: false,
            shown: None,
            note: None,
            refused: false,
            unverified: None,
            whatif: None,
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        let Some(action) = action_for(Scope::Confirm, key) else {
            return Outcome::Stay;
        };
        match action {
            // Cancelling is always safe, even before the confirmation was seen.
            Action::Cancel => return Outcome::Cancelled,
            _ if !self.armed || self.verifying => return Outcome::Stay,
            _ => {}
        }
        match action {
            // Whatever is still being read, such a change cannot be sent: the flow says
            // to stage it instead.
            Action::Confirm if crate::app::staged::only_plannable(&self.plan).is_some() => {
                Outcome::Confirmed
            }
            Action::Confirm => match readiness(m, &self.plan) {
                Ok(()) => Outcome::Confirmed,
                Err(_) => {
                    self.refused = true;
                    Outcome::Stay
                }
            },
            Action::Refresh => Outcome::Retry,
            Action::Stage => Outcome::Stage,
            other => {
                scroll(&mut self.scroll, other, page_rows(m) as u16);
                Outcome::Stay
            }
        }
    }
}
