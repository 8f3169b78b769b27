//! Starting an apply, the one way `orgtui apply` and the UI's `:plan` both do it: an
//! unfinished journal of the same plan (its file and text) is resumed — once the
//! interrupted run's requests can no longer land, every step it left uncertain is re-read
//! before anything is sent again, and no done step is sent again; otherwise the plan is
//! checked against the organization as it is now and refused on a problem, or when what
//! it was checked against has changed since. `run` then applies it with its journal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::apply::{Applier, Event, OnFailure, Report};
use super::check::{Checked, Planned};
use super::cli::check_now;
use super::file::PlanFile;
use super::journal::{self, Journal, StepState};
use crate::change::engine::Engine;

/// Why a plan cannot be applied without a state directory.
pub const NO_STATE_DIR: &str =
    "no state directory for the plan's journal (set HOME or XDG_STATE_HOME)";

/// Why nothing was sent, a line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub lines: Vec<String>,
    /// AWS or the disk failed (not the plan): `orgtui apply` exits 2 rather than 1.
    pub failure: bool,
}

impl Refused {
    fn plan(lines: Vec<String>) -> Refused {
        Refused {
            lines,
            failure: false,
        }
    }

    fn failure(line: String) -> Refused {
        Refused {
            lines: vec![line],
            failure: true,
        }
    }
}

/// How an apply begins.
#[derive(Debug)]
pub enum How {
    /// Checked just now and found clean.
    Fresh(Box<Checked>),
    /// Going on with an interrupted apply of the same plan.
    Resume {
        done: usize,
        /// Steps attempted with no known outcome: re-read before sending.
        uncertain: usize,
        /// How long the interrupted run's requests may still land (waited out first).
        wait: Option<Duration>,
    },
}

/// An apply ready to run.
#[derive(Debug)]
pub struct Ready {
    pub how: How,
    pub steps: Vec<Planned>,
    /// What the interrupted run's journal says of each step (empty when fresh).
    earlier: HashMap<usize, StepState>,
    pub journal: PathBuf,
    /// The plan file as the journal names it (what a later run resumes).
    pub file: String,
}

impl Ready {
    /// The steps an interrupted run finished (not run again).
    pub fn done_before(&self) -> impl Iterator<Item = &Planned> {
        (self.steps.iter()).filter(|s| self.earlier.get(&s.index).is_some_and(StepState::is_done))
    }
}

/// What happens to the plan at `file` (whose text is `text`) when applied now. `dir`: where
/// journals are kept.
pub async fn prepare(
    engine: &Engine<'_>,
    plan: &PlanFile,
    file: &Path,
    text: &str,
    dir: Option<&Path>,
) -> Result<Ready, Refused> {
    if engine.read_only {
        return Err(Refused::plan(vec![
            "orgtui was started read-only; nothing was sent".into(),
        ]));
    }
    let Some(dir) = dir else {
        return Err(Refused::failure(NO_STATE_DIR.into()));
    };
    let journal = journal::path_for(dir, file, text);
    // Absolute, so that a run started elsewhere (the UI, another directory) finds it.
    let named = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let file = named.display().to_string();
    if let Ok(Some(l)) = journal::load(&journal) {
        if !l.finished {
            let t = &engine.gate.timeouts;
            return Ok(Ready {
                how: How::Resume {
                    done: l.states.values().filter(|s| s.is_done()).count(),
                    uncertain: l.states.values().filter(|s| s.uncertain()).count(),
                    wait: l.in_flight_for(t.operation + t.attempt),
                },
                steps: l.steps,
                earlier: l.states,
                journal,
                file,
            });
        }
    }
    let (now, checked, _) = check_now(engine.gate, engine.backend, plan, &named)
        .await
        .map_err(Refused::failure)?;
    let mut refusals: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    refusals.extend(super::pin::changed_since(&plan.pinned, &now));
    if !refusals.is_empty() {
        return Err(Refused::plan(refusals));
    }
    Ok(Ready {
        steps: checked.steps.clone(),
        how: How::Fresh(Box::new(checked)),
        earlier: HashMap::new(),
        journal,
        file,
    })
}

/// Applies `ready` with its journal (after waiting out what an interrupted run may still
/// have in flight). Err: the journal could not be opened; nothing was sent.
pub async fn run(
    ready: &Ready,
    engine: &Engine<'_>,
    on_failure: OnFailure,
    caller: &str,
    progress: &(dyn Fn(Event) + Sync),
) -> Result<Report, String> {
    let opened = match &ready.how {
        How::Resume { wait, .. } => {
            if let Some(wait) = wait {
                tokio::time::sleep(*wait).await;
            }
            Journal::reopen(&ready.journal)
        }
        How::Fresh(_) => Journal::create(&ready.journal, &ready.file, &ready.steps),
    };
    let j = opened.map_err(|e| {
        format!(
            "cannot write the journal {}: {e}; nothing was sent",
            ready.journal.display()
        )
    })?;
    // Unique per run, so the audit lines of a plan applied twice never pair up wrongly.
    let started = crate::time::now_rfc3339();
    let run_id = format!(
        "plan-{:x}",
        journal::fnv(
            format!("{}{started}{}", ready.journal.display(), std::process::id()).as_bytes()
        )
    );
    let applier = Applier {
        engine,
        journal: &j,
        on_failure,
        caller,
        run_id: &run_id,
    };
    Ok(applier.run(&ready.steps, &ready.earlier, progress).await)
}
