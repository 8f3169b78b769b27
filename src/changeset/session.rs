//! A plan staged in the UI, reviewed and applied by the worker: the same checks, journal
//! and exactly-once path as `orgtui plan show` and `orgtui apply` (`start`). The staged
//! plan is first written to the state directory, so its journal has a file to belong to:
//! after a crash, `:plan resume` (or `orgtui apply` on that file) resumes it with nothing
//! sent twice.

use super::apply::{Event, OnFailure};
use super::cli::{render_effect, render_steps};
use super::effect::effect;
use super::file::{self, PlanFile};
use super::journal::{self, StepState};
use super::start;
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    Ok(Review {
        problems: (checked.problems.iter().map(|p| p.to_string()))
            .chain(super::pin::changed_since(&plan.pinned, &before))
            .collect(),
        steps: lines(render_steps(&checked)),
        effect: lines(render_effect(&effect(&before, &checked.after, watched))),
        planned: super::planned_tree::lines(&before, &checked.after),
        facts: super::pin::facts(&checked.steps, &before),
        calls,
    })
}

/// What the UI applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    /// The staged plan: written to the state directory first, so its journal has a file.
    Staged(PlanFile),
    /// A plan file as it is on disk: the one an interrupted apply's journal names.
    File(String),
}

/// Applies the plan as `orgtui apply` does (`start`): an interrupted apply of the same
/// plan is resumed, else the plan is checked again and applied when nothing is refused.
pub async fn apply(
    s: &Engine<'_>,
    source: &PlanSource,
    on_failure: OnFailure,
    caller: &str,
    dir: Option<&std::path::Path>,
    progress: &(dyn Fn(StepProgress) + Send + Sync),
) -> Applied {
    let mut out = Applied::default();
    let (path, text, plan) = match source {
        PlanSource::Staged(plan) => match write_staged(plan, dir) {
            Ok((path, text)) => (path, text, plan.clone()),
            Err(why) => {
                out.refused.push(why);
                return out;
            }
        },
        PlanSource::File(path) => match super::cli::load(std::path::Path::new(path)) {
            Ok((text, plan)) => (path.into(), text, plan),
            Err(lines) => {
                out.refused = lines;
                return out;
            }
        },
    };
    out.file = path.display().to_string();
    let ready = match start::prepare(s, &plan, &path, &text, dir).await {
        Ok(r) => r,
        Err(refused) => {
            out.refused = refused.lines;
            return out;
        }
    };
    out.file.clone_from(&ready.file);
    out.journal = ready.journal.display().to_string();
    // What the interrupted run finished shows as done: it is not sent again.
    for p in ready.done_before() {
        progress(StepProgress {
            step: p.index,
            says: p.says.clone(),
            state: "done before".into(),
            finished: true,
        });
    }
    let report = match start::run(&ready, s, on_failure, caller, &|e| {
        progress(step_progress(e))
    })
    .await
    {
        Ok(r) => r,
        Err(why) => {
            out.refused.push(why);
            return out;
        }
    };
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

/// The staged plan written to `dir` (named by its text, so the same plan is the same file
/// and an interrupted apply of it is resumed): its path and text.
fn write_staged(
    plan: &PlanFile,
    dir: Option<&std::path::Path>,
) -> Result<(std::path::PathBuf, String), String> {
    let dir = dir.ok_or(start::NO_STATE_DIR)?;
    let text = file::write(plan);
    let path = dir.join(format!(
        "staged-{:016x}.toml",
        journal::fnv(text.as_bytes())
    ));
    std::fs::create_dir_all(dir)
        .and_then(|()| crate::paths::write_private(&path, text.as_bytes()))
        .map_err(|e| format!("cannot write the plan {}: {e}", path.display()))?;
    Ok((path, text))
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
