//! The journal of one apply: a private JSON-lines file in the state directory, written
//! (and synced) ahead of each step. The first line holds the resolved plan, then each step
//! has an "attempt" line (the concrete change, before it is sent) and an "outcome" line.
//! After Ctrl-C, a lost connection or `kill -9`, the journal says which steps are done
//! (with what they created), which failed, and which were attempted with no known outcome:
//! those are re-read before anything is sent again. A line cut by a crash is ignored.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::Planned;

/// What became of a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum StepState {
    /// Not attempted yet.
    Planned,
    /// Sent (or about to be) with no outcome on record: re-read before sending again.
    Attempted,
    Done {
        created: Option<String>,
    },
    /// Certainly not done (AWS refused it, or a re-read confirmed it did not happen).
    Failed {
        error: String,
    },
    /// Sent, and neither the answer nor a re-read said whether it happened.
    Unknown {
        error: String,
    },
    /// Not run: a step it depends on did not succeed, or the apply stopped.
    Skipped {
        why: String,
    },
}

impl StepState {
    /// Whether the outcome is settled and this step is not to be run again.
    pub fn is_done(&self) -> bool {
        matches!(self, StepState::Done { .. })
    }

    /// Whether an earlier send may have happened (so it is re-read first).
    pub fn uncertain(&self) -> bool {
        matches!(self, StepState::Attempted | StepState::Unknown { .. })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "line", rename_all = "kebab-case")]
enum Line {
    Plan {
        file: String,
        started: String,
        steps: Vec<Planned>,
    },
    /// `at`: when (RFC 3339); a request may land until its deadline after that.
    Attempt {
        step: usize,
        at: String,
        operation: String,
        parameters: Value,
    },
    Outcome {
        step: usize,
        #[serde(flatten)]
        state: StepState,
    },
    Finished {
        at: String,
    },
}

/// A journal as read back.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: String,
    pub steps: Vec<Planned>,
    /// The last state on record of each step that has one.
    pub states: HashMap<usize, StepState>,
    /// When each step was last attempted (RFC 3339).
    pub attempted_at: HashMap<usize, String>,
    pub finished: bool,
}

impl Loaded {
    /// How long requests of the uncertain steps may still land (each until its deadline
    /// after its attempt, `settled_after`): re-reading sooner could miss one and send it again.
    pub fn in_flight_for(&self, settled_after: std::time::Duration) -> Option<std::time::Duration> {
        self.states
            .iter()
            .filter(|(_, s)| s.uncertain())
            .filter_map(|(i, _)| self.attempted_at.get(i))
            .filter_map(|at| crate::change::engine::still_in_flight(at, settled_after))
            .max()
    }

    /// What each step created, for the planned ids of later steps.
    pub fn created(&self) -> HashMap<usize, String> {
        self.states
            .iter()
            .filter_map(|(i, s)| match s {
                StepState::Done { created: Some(id) } => Some((*i, id.clone())),
                _ => None,
            })
            .collect()
    }
}

pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

/// FNV-1a: a stable hash for file names and fingerprints (std's may change between
/// releases).
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The journal of the plan file at `plan` with `text` (another text is another plan).
pub fn path_for(dir: &Path, plan: &Path, text: &str) -> PathBuf {
    let at = std::fs::canonicalize(plan).unwrap_or_else(|_| plan.to_path_buf());
    let key = fnv(format!("{}\n{text}", at.display()).as_bytes());
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    dir.join(format!("{stem}-{key:016x}.jsonl"))
}

/// Where journals are kept: `$XDG_STATE_HOME/orgtui/plans`.
pub fn default_dir() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("plans"))
}

impl Journal {
    /// A new journal at `path` holding `steps`. One already there is kept beside it (with
    /// the time in its name): its undo is still wanted.
    pub fn create(path: &Path, file: &str, steps: &[Planned]) -> io::Result<Journal> {
        if path.exists() {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            std::fs::rename(path, path.with_extension(format!("{secs}.jsonl")))?;
        }
        let (f, _) = crate::paths::open_private(
            path,
            OpenOptions::new().create(true).write(true).truncate(true),
        )?;
        let j = Journal {
            path: path.to_path_buf(),
            file: Mutex::new(f),
        };
        j.write(&Line::Plan {
            file: file.to_string(),
            started: crate::time::now_rfc3339(),
            steps: steps.to_vec(),
        })?;
        Ok(j)
    }

    /// An existing journal, to go on writing to.
    pub fn reopen(path: &Path) -> io::Result<Journal> {
        let (f, _) = crate::paths::open_private(path, OpenOptions::new().append(true))?;
        // A line cut by a crash would swallow the next one: start on a line of its own.
        let mut f = f;
        f.write_all(b"\n")?;
        Ok(Journal {
            path: path.to_path_buf(),
            file: Mutex::new(f),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, line: &Line) -> io::Result<()> {
        let mut text = serde_json::to_string(line).map_err(io::Error::other)?;
        text.push('\n');
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("journal lock poisoned"))?;
        f.write_all(text.as_bytes())?;
        // On disk before the step is sent: a crash right after must still find it.
        f.sync_data()
    }

    pub fn attempt(&self, step: usize, operation: &str, parameters: Value) -> io::Result<()> {
        self.write(&Line::Attempt {
            step,
            at: crate::time::now_rfc3339(),
            operation: operation.to_string(),
            parameters,
        })
    }

    pub fn outcome(&self, step: usize, state: &StepState) -> io::Result<()> {
        self.write(&Line::Outcome {
            step,
            state: state.clone(),
        })
    }

    pub fn finish(&self) -> io::Result<()> {
        self.write(&Line::Finished {
            at: crate::time::now_rfc3339(),
        })
    }
}

/// The unfinished journals in `dir` (for the UI to offer to resume at start).
pub fn unfinished(dir: &Path) -> Vec<(PathBuf, Loaded)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Loaded)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter_map(|p| Some((p.clone(), load(&p).ok()??)))
        .filter(|(_, l)| !l.finished)
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Reads a journal back; `None` when it holds no plan.
pub fn load(path: &Path) -> io::Result<Option<Loaded>> {
    let reader = io::BufReader::new(File::open(path)?);
    let mut loaded: Option<Loaded> = None;
    for line in reader.lines() {
        let Ok(line) = serde_json::from_str::<Line>(&line?) else {
            continue;
        };
        match (line, loaded.as_mut()) {
            (Line::Plan { file, steps, .. }, _) => {
                loaded = Some(Loaded {
                    file,
                    steps,
                    states: HashMap::new(),
                    attempted_at: HashMap::new(),
                    finished: false,
                })
            }
            (Line::Attempt { step, at, .. }, Some(l)) => {
                l.states.insert(step, StepState::Attempted);
                l.attempted_at.insert(step, at);
            }
            (Line::Outcome { step, state }, Some(l)) => {
                l.states.insert(step, state);
            }
            (Line::Finished { .. }, Some(l)) => l.finished = true,
            _ => {}
        }
    }
    Ok(loaded)
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
