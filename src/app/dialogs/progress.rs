//! Changes being sent, then their summary. Changes go out a window at a time, so Esc can
//! stop sending the rest; what was already sent cannot be recalled and is waited for.

use std::collections::VecDeque;

use ratatui::crossterm::event::KeyEvent;

use crate::keymap::{action_for, Action, Scope};
use crate::org::OrgError;

use super::super::model::Model;
use super::super::msg::Change;
use super::super::nav::page_rows;
use super::{scroll, Back, Outcome, Plan};

/// At most this many changes of one plan are handed to the worker at once; the worker's
/// own adaptive limit decides how many are on the wire.
pub const SEND_WINDOW: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub plan: Plan,
    pub total: usize,
    pub results: Vec<(Change, Result<(), OrgError>)>,
    pub back: Option<Back>,
    /// Audit-log write failures (never ignored).
    pub audit_errors: Vec<String>,
    /// What a CreateOrganizationalUnit made, to select it once the tree shows it.
    pub created: Option<String>,
    /// Changes not handed to the worker yet.
    pub queue: VecDeque<Change>,
    /// Changes handed to the worker and not answered yet.
    pub in_flight: usize,
    /// Changes whose outcome was found by a re-read after their reply was lost.
    pub reconciled: Vec<Change>,
    pub scroll: u16,
    /// The user asked to quit while changes are in flight: the dialog asks how.
    pub quit_asked: bool,
    /// Why the last key did nothing (keys other than the dialog's wait for the outcome).
    pub note: Option<&'static str>,
}

/// What a key that is not the dialog's own gets while changes are being sent.
pub const BUSY: &str = "Changes are being sent: other keys wait until they have answered";

impl Progress {
    pub fn new(plan: Plan, back: Option<Back>) -> Self {
        let queue: VecDeque<Change> = plan.changes().into();
        Progress {
            plan,
            total: queue.len(),
            results: Vec::new(),
            back,
            audit_errors: Vec::new(),
            created: None,
            queue,
            in_flight: 0,
            reconciled: Vec::new(),
            scroll: 0,
            quit_asked: false,
            note: None,
        }
    }

    pub fn done(&self) -> bool {
        self.results.len() >= self.total
    }

    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, r)| r.is_err()).count()
    }

    /// The next changes to hand to the worker, keeping at most `SEND_WINDOW` in flight.
    pub fn next_batch(&mut self) -> Vec<Change> {
        let window = match &self.plan {
            Plan::Admin(a) if a.one_at_a_time() => 1,
            _ => SEND_WINDOW,
        };
        let n = window.saturating_sub(self.in_flight).min(self.queue.len());
        self.in_flight += n;
        self.queue.drain(..n).collect()
    }

    /// Sends no more: what is still queued is reported as not sent.
    pub fn stop(&mut self) {
        for change in self.queue.drain(..) {
            let err = OrgError::not_sent("stopped before it was sent; nothing was changed");
            self.results.push((change, Err(err)));
        }
    }

    pub fn on_key(&mut self, key: &KeyEvent, m: &Model) -> Outcome {
        if self.quit_asked {
            return match action_for(Scope::Quit, key) {
                Some(Action::QuitAfterChanges) => Outcome::QuitAfter,
                Some(Action::StopAndQuit) => Outcome::StopAndQuit,
                Some(Action::Cancel) => {
                    self.quit_asked = false;
                    Outcome::Stay
                }
                _ => Outcome::Stay,
            };
        }
        let action = action_for(Scope::Progress, key);
        if let Some(a) = action {
            if scroll(&mut self.scroll, a, page_rows(m) as u16) {
                return Outcome::Stay;
            }
        }
        if self.done() {
            // Like the help overlay, any other key closes a finished summary.
            return Outcome::Dismissed;
        }
        match action {
            Some(Action::Cancel) if !self.queue.is_empty() => Outcome::Stop,
            _ if action_for(Scope::Global, key) == Some(Action::Quit) => {
                self.quit_asked = true;
                Outcome::Stay
            }
            _ => {
                self.note = Some(BUSY);
                Outcome::Stay
            }
        }
    }
}
