//! A plan staged in the UI, reviewed and applied by the worker: the same checks, journal
//! and exactly-once path as `orgtui plan show` and `orgtui apply`. The staged plan is first
//! written to the state directory, so its journal has a file to belong to: after a crash,
//! `orgtui apply` on that file resumes it with nothing sent twice.

use super::apply::{Applier, Event, OnFailure};
use super::cli::{check_now, render_effect, render_steps};
use super::effect::effect;
use super::file::{self, PlanFile};
use super::journal::{self, Journal, StepState};
use crate::change::engine::Engine;
use crate::net::Gate;
use crate::org::{OrgBackend, OrgResult};

/// A staged plan checked against the organization as it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// What AWS would refuse (each with its step), before anything is sent.
    pub problems: Vec<String>,
    /// The steps in the order they run, each with the steps it waits for.
    pub steps: Vec<String>,
    /// What the plan does to each account it touches.
    pub effect: Vec<String>,
    /// The tree where the plan changes it (`planned_tree`).
    pub planned: Vec<String>,
    /// What the plan touches as it was when checked (`pin`): the apply refuses when any
    /// of it has changed since (someone else changed the organization).
    pub facts: Vec<String>,
    /// Calls the read made.
    pub calls: usize,
}

/// How one step of an apply went, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    pub step: usize,
    pub says: String,
    /// "sending", "re-reading", "done", "FAILED (…)", "OUTCOME UNKNOWN (…)", "skipped (…)".
    pub state: String,
    pub finished: bool,
}

/// How an apply ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub done: usize,
    pub failed: usize,
    pub unknown: usize,
    pub skipped: usize,
    /// The plan file written for this apply (what `orgtui apply` resumes).
    pub file: String,
    /// Its journal (what the undo is made from).
    pub journal: String,
    /// Refused before anything was sent (problems, or no state directory): why.
    pub refused: Vec<String>,
}

impl Applied {
    pub fn all_done(&self) -> bool {
        self.refused.is_empty() && self.failed + self.unknown + self.skipped == 0
    }
}

/// Reads what `plan` needs and checks it.
pub async fn review(
    gate: &Gate,
    b: &dyn OrgBackend,
    plan: &PlanFile,
    watched: &[String],
) -> OrgResult<Review> {
    let (before, calls) = super::read::read(gate, b, plan).await?;
    // A staged plan names no document files, so no directory is needed.
    let checked = super::check(plan, &before, None);
    let lines = |text: String| -> Vec<String> {
        (text.lines())
            .map(|l| l.trim_end().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    // A plan checked before (or a file pinned with `plan show --pin`) says what changed.
    let drift = super::pin::drift(&plan.pinned, &before);
    Ok(Review {
        problems: (checked.problems.iter().map(|p| p.to_string()))
            .chain(
                drift
                    .into_iter()
                    .map(|d| format!("changed since the plan was checked: {d}")),
            )
            .collect(),
        steps: lines(render_steps(&checked)),
        effect: lines(render_effect(&effect(&before, &checked.after, watched))),
        planned: super::planned_tree::lines(&before, &checked.after),
        facts: super::pin::facts(&checked.steps, &before),
        calls,
    })
}

/// Checks `plan` again and, when nothing would be refused, applies it with a journal.
pub async fn apply(
    s: &Engine<'_>,
    plan: &PlanFile,
    caller: &str,
    dir: Option<&std::path::Path>,
    progress: &(dyn Fn(StepProgress) + Send + Sync),
) -> Applied {
    let mut out = Applied {
        done: 0,
        failed: 0,
        unknown: 0,
        skipped: 0,
        file: String::new(),
        journal: String::new(),
        refused: Vec::new(),
    };
    if s.read_only {
        out.refused
            .push("orgtui was started read-only; nothing was sent".into());
        return out;
    }
    let Some(dir) = dir else {
        out.refused
            .push("no state directory for the plan's journal (set HOME or XDG_STATE_HOME)".into());
        return out;
    };
    let text = file::write(plan);
    let path = dir.join(format!(
        "staged-{:016x}.toml",
        journal::fnv(text.as_bytes())
    ));
    let written = std::fs::create_dir_all(dir)
        .and_then(|()| crate::paths::write_private(&path, text.as_bytes()));
    if let Err(e) = written {
        out.refused
            .push(format!("cannot write the plan {}: {e}", path.display()));
        return out;
    }
    out.file = path.display().to_string();
    let checked = match check_now(s.gate, s.backend, plan, &path).await {
        Ok((now, checked, _)) => {
            let drift = super::pin::drift(&plan.pinned, &now);
            if !drift.is_empty() {
                out.refused.push(format!(
                    "the organization changed since the plan was checked ({}); check it again",
                    drift.join("; ")
                ));
                return out;
            }
            checked
        }
        Err(e) => {
            out.refused.push(e);
            return out;
        }
    };
    if !checked.problems.is_empty() {
        out.refused
            .extend(checked.problems.iter().map(|p| p.to_string()));
        return out;
    }
    let journal_path = journal::path_for(dir, &path, &text);
    out.journal = journal_path.display().to_string();
    let j = match Journal::create(&journal_path, &out.file, &checked.steps) {
        Ok(j) => j,
        Err(e) => {
            out.refused.push(format!(
                "cannot write the journal {}: {e}",
                journal_path.display()
            ));
            return out;
        }
    };
    // Unique per apply, so the audit lines of a plan applied twice never pair up wrongly.
    let started = crate::time::now_rfc3339();
    let run_id = format!(
        "plan-{:x}",
        journal::fnv(format!("{}{started}", journal_path.display()).as_bytes())
    );
    let applier = Applier {
        engine: s,
        journal: &j,
        on_failure: OnFailure::Continue,
        caller,
        run_id: &run_id,
    };
    let report = applier
        .run(&checked.steps, &Default::default(), &|e| {
            progress(step_progress(e))
        })
        .await;
    let (done, failed, unknown, skipped) = report.counts();
    if let Some(e) = report.journal_error {
        out.refused.push(format!(
            "the journal could not be written ({e}); no further step was started"
        ));
    }
    Applied {
        done,
        failed,
        unknown,
        skipped,
        ..out
    }
}

/// The inverse of an applied plan, from its journal (`undo`): the plan, and one line per
/// step it cannot undo.
pub fn undo_of(journal: &std::path::Path) -> Result<(PlanFile, Vec<String>), String> {
    let loaded = journal::load(journal)
        .map_err(|e| format!("cannot read the journal {}: {e}", journal.display()))?
        .ok_or_else(|| format!("the journal {} records no plan", journal.display()))?;
    let (plan, not) = super::undo::undo(&loaded);
    Ok((plan, not.into_iter().map(|n| n.why).collect()))
}

fn step_progress(e: Event) -> StepProgress {
    match e {
        Event::Started {
            step,
            says,
            recheck,
        } => StepProgress {
            step,
            says,
            state: if recheck { "re-reading" } else { "sending" }.into(),
            finished: false,
        },
        Event::Ended { step, says, state } => StepProgress {
            step,
            says,
            state: state_word(&state),
            finished: true,
        },
    }
}

/// A step's state in a word or two (shared with `orgtui apply`).
pub fn state_word(s: &StepState) -> String {
    use crate::text::safe;
    match s {
        StepState::Done { .. } => "done".into(),
        StepState::Failed { error } => format!("FAILED ({})", safe(error)),
        StepState::Unknown { error } => format!("OUTCOME UNKNOWN ({})", safe(error)),
        StepState::Skipped { why } => format!("skipped ({why})"),
        StepState::Planned | StepState::Attempted => "not run".into(),
    }
}
