//! Applying a checked plan: each step through the exactly-once engine (`Engine::apply`:
//! audited before and after, refused under read-only), steps whose dependencies are done
//! run concurrently (a few at once; the gate limits the calls), dependent ones in order.
//! The journal is written ahead of each step. A step whose dependency failed, or whose
//! outcome is unknown, is skipped; after a failure the others go on or are skipped as the
//! caller chose. A resumed apply re-reads every step that was attempted with no known
//! outcome before sending it (`Send { recheck: true }`): nothing is sent twice.

use std::collections::HashMap;

use futures::stream::{FuturesUnordered, StreamExt};

use super::check::Planned;
use super::journal::{Journal, StepState};
use crate::change::engine::{Engine, Send};

/// What to do with the steps that do not depend on a failed one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnFailure {
    /// Run them.
    #[default]
    Continue,
    /// Start no more steps (those running finish).
    Stop,
}

/// Steps sent at once at most.
const AT_ONCE: usize = 8;

/// What the caller is told as the apply goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Started {
        step: usize,
        says: String,
        recheck: bool,
    },
    Ended {
        step: usize,
        says: String,
        state: StepState,
    },
}

/// How the steps ended, by step index (file order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub states: Vec<(usize, StepState)>,
    /// The journal could not be written: no further step was started.
    pub journal_error: Option<String>,
}

impl Report {
    pub fn all_done(&self) -> bool {
        self.journal_error.is_none() && self.states.iter().all(|(_, s)| s.is_done())
    }

    /// How many steps ended in each way: (done, failed, unknown, skipped).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = |f: fn(&StepState) -> bool| self.states.iter().filter(|(_, s)| f(s)).count();
        (
            n(|s| s.is_done()),
            n(|s| matches!(s, StepState::Failed { .. })),
            n(|s| s.uncertain()),
            n(|s| matches!(s, StepState::Skipped { .. } | StepState::Planned)),
        )
    }
}

/// Everything an apply needs besides the steps.
pub struct Applier<'a> {
    pub engine: &'a Engine<'a>,
    pub journal: &'a Journal,
    pub on_failure: OnFailure,
    /// The caller's ARN, for the audit lines.
    pub caller: &'a str,
    /// Unique to this run: with the step's index, each audit line's id.
    pub run_id: &'a str,
}

/// Where a step is in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// `recheck`: an earlier run attempted it with no known outcome.
    Waiting {
        recheck: bool,
    },
    Running,
    Ended(StepState),
}

impl Slot {
    fn done(&self) -> bool {
        matches!(self, Slot::Ended(s) if s.is_done())
    }

    /// Ended without succeeding: what waits for it cannot run.
    fn blocks(&self) -> bool {
        matches!(self, Slot::Ended(s) if !s.is_done())
    }

    /// Not run now: skipped, or left uncertain (the next run re-reads it).
    fn not_run(&self, why: String) -> Option<Slot> {
        match self {
            Slot::Waiting { recheck: true } => Some(Slot::Ended(StepState::Unknown {
                error: format!("not re-read: {why}"),
            })),
            Slot::Waiting { recheck: false } => Some(Slot::Ended(StepState::Skipped { why })),
            _ => None,
        }
    }
}

impl Applier<'_> {
    /// Runs `steps`; `earlier`: the states a journal holds from an interrupted run.
    pub async fn run(
        &self,
        steps: &[Planned],
        earlier: &HashMap<usize, StepState>,
        progress: &(dyn Fn(Event) + Sync),
    ) -> Report {
        let mut slots: HashMap<usize, Slot> = steps
            .iter()
            .map(|s| {
                let slot = match earlier.get(&s.index) {
                    Some(done) if done.is_done() => Slot::Ended(done.clone()),
                    Some(s) => Slot::Waiting {
                        recheck: s.uncertain(),
                    },
                    None => Slot::Waiting { recheck: false },
                };
                (s.index, slot)
            })
            .collect();
        let mut running = FuturesUnordered::new();
        let mut stopped = false;
        let mut journal_error = None;
        loop {
            skip_after_failures(steps, &mut slots);
            if !stopped && journal_error.is_none() {
                for s in steps {
                    if running.len() >= AT_ONCE {
                        break;
                    }
                    let Some(Slot::Waiting { recheck }) = slots.get(&s.index).cloned() else {
                        continue;
                    };
                    if s.deps.iter().all(|d| slots.get(d).is_some_and(Slot::done)) {
                        slots.insert(s.index, Slot::Running);
                        running.push(self.step(s, recheck, created(&slots), progress));
                    }
                }
            }
            let Some((index, outcome)) = running.next().await else {
                break;
            };
            let outcome = outcome.unwrap_or_else(|e| {
                journal_error = Some(e);
                StepState::Unknown {
                    error: "the journal could not be written".into(),
                }
            });
            if !outcome.is_done() && self.on_failure == OnFailure::Stop {
                stopped = true;
            }
            slots.insert(index, Slot::Ended(outcome));
        }
        let why = match &journal_error {
            Some(_) => "the journal could not be written",
            None => "the apply stopped after a failure",
        };
        let mut states: Vec<(usize, StepState)> = slots
            .into_iter()
            .map(|(i, slot)| match slot.not_run(why.into()).unwrap_or(slot) {
                Slot::Ended(s) => (i, s),
                _ => (i, StepState::Skipped { why: why.into() }),
            })
            .collect();
        states.sort_by_key(|(i, _)| *i);
        if journal_error.is_none() && states.iter().all(|(_, s)| s.is_done()) {
            if let Err(e) = self.journal.finish() {
                journal_error = Some(e.to_string());
            }
        }
        Report {
            states,
            journal_error,
        }
    }

    /// Sends one step: its attempt in the journal first, its outcome after.
    async fn step(
        &self,
        s: &Planned,
        recheck: bool,
        created: HashMap<usize, String>,
        progress: &(dyn Fn(Event) + Sync),
    ) -> (usize, Result<StepState, String>) {
        let op = match s.op.concrete(&created) {
            Ok(op) => op,
            Err(missing) => {
                let why = format!(
                    "step {} created nothing to refer to",
                    missing
                        .iter()
                        .map(|m| (m + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return (s.index, Ok(StepState::Skipped { why }));
            }
        };
        let change = op.change();
        progress(Event::Started {
            step: s.index,
            says: s.says.clone(),
            recheck,
        });
        if let Err(e) = self
            .journal
            .attempt(s.index, change.operation(), change.parameters())
        {
            return (s.index, Err(e.to_string()));
        }
        let id = format!("{}-s{}", self.run_id, s.index + 1);
        let done = self
            .engine
            .apply(change, Send { recheck }, self.caller, &id)
            .await;
        let state = match done.outcome {
            Ok(()) => StepState::Done {
                created: done.created,
            },
            Err(e) if e.is_unknown_outcome() => StepState::Unknown {
                error: e.to_string(),
            },
            Err(e) => StepState::Failed {
                error: e.to_string(),
            },
        };
        progress(Event::Ended {
            step: s.index,
            says: s.says.clone(),
            state: state.clone(),
        });
        match self.journal.outcome(s.index, &state) {
            Ok(()) => (s.index, Ok(state)),
            Err(e) => (s.index, Err(e.to_string())),
        }
    }
}

/// What each done step created.
fn created(slots: &HashMap<usize, Slot>) -> HashMap<usize, String> {
    slots
        .iter()
        .filter_map(|(i, s)| match s {
            Slot::Ended(StepState::Done { created: Some(id) }) => Some((*i, id.clone())),
            _ => None,
        })
        .collect()
}

/// Ends every step waiting on one that did not succeed, until nothing changes.
fn skip_after_failures(steps: &[Planned], slots: &mut HashMap<usize, Slot>) {
    loop {
        let mut changed = false;
        for s in steps {
            let blocked = s
                .deps
                .iter()
                .find(|d| slots.get(d).is_some_and(Slot::blocks));
            let now = slots.get(&s.index);
            if let (Some(d), Some(slot)) = (blocked, now) {
                if let Some(ended) = slot.not_run(format!("step {} did not succeed", d + 1)) {
                    slots.insert(s.index, ended);
                    changed = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}
