//! The audit log: JSON lines, two per change — an attempt before it is sent and its
//! outcome after (time, id, caller, operation, parameters, outcome, error code) — appended
//! and flushed to a file in the user's state directory. The caller is the principal's ARN
//! (STS GetCallerIdentity), or the management account's id until STS has answered.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::org::OrgError;
use crate::protocol::Change;
use crate::time::now_rfc3339;

/// An "attempt" line is written (and flushed) before a change is sent, an "outcome" line
/// after; both carry the same id, so an attempt without an outcome is a change whose fate
/// is unknown (orgtui was killed, the machine stopped).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Attempt,
    Outcome,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub time: String,
    pub id: String,
    pub phase: Phase,
    pub caller: String,
    pub operation: String,
    pub parameters: serde_json::Value,
    /// On outcome lines: "success" or "failure".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The outcome was found by re-reading after the reply was lost or ambiguous.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reconciled: bool,
}

impl AuditEntry {
    pub fn new(
        id: &str,
        phase: Phase,
        caller: &str,
        change: &Change,
        outcome: Option<&Result<(), OrgError>>,
        reconciled: bool,
    ) -> Self {
        AuditEntry {
            reconciled,
            ..AuditEntry::for_call(
                id,
                phase,
                caller,
                change.operation(),
                change.parameters(),
                outcome,
            )
        }
    }

    /// A line for any call orgtui audits (changes, and AssumeRole, which changes nothing
    /// in the organization but hands out credentials in it). `caller` is the principal's
    /// ARN when STS told it, else the management account's id.
    pub fn for_call(
        id: &str,
        phase: Phase,
        caller: &str,
        operation: &str,
        parameters: serde_json::Value,
        outcome: Option<&Result<(), OrgError>>,
    ) -> Self {
        let err = outcome.and_then(|o| o.as_ref().err());
        AuditEntry {
            time: now_rfc3339(),
            id: id.to_string(),
            phase,
            caller: caller.to_string(),
            operation: operation.to_string(),
            parameters,
            outcome: outcome.map(|o| if o.is_ok() { "success" } else { "failure" }.to_string()),
            error_code: err.map(|e| e.code.clone()),
            error_message: err.map(|e| e.message.clone()),
            reconciled: false,
        }
    }
}

/// Attempts in the log at `path` that have no outcome line: changes an earlier run sent
/// (or was about to send) without learning what happened. Unreadable lines are skipped.
pub fn unfinished(path: &Path) -> Vec<AuditEntry> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let entries: Vec<AuditEntry> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let finished: std::collections::HashSet<&str> = entries
        .iter()
        .filter(|e| e.phase == Phase::Outcome)
        .map(|e| e.id.as_str())
        .collect();
    entries
        .iter()
        .filter(|e| e.phase == Phase::Attempt && !finished.contains(e.id.as_str()))
        .cloned()
        .collect()
}

pub struct AuditLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
}

impl AuditLog {
    /// `$XDG_STATE_HOME/orgtui/audit.jsonl`, else `~/.local/state/orgtui/audit.jsonl`.
    pub fn default_path() -> Option<PathBuf> {
        crate::paths::state_dir().map(|d| d.join("audit.jsonl"))
    }

    /// The file is opened on the first write, so a read-only session never creates it.
    pub fn new(path: PathBuf) -> AuditLog {
        AuditLog {
            path,
            file: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line; the error says why the entry could not be written.
    pub fn record(&self, entry: &AuditEntry) -> Result<(), String> {
        let line = serde_json::to_string(entry).map_err(|e| e.to_string())?;
        let mut guard = self
            .file
            .lock()
            .map_err(|_| "audit log lock poisoned".to_string())?;
        if guard.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
            *guard = Some(file);
        }
        let file = guard.as_mut().ok_or("audit log not open")?;
        writeln!(file, "{line}")
            .and_then(|_| file.flush())
            .map_err(|e| format!("{}: {e}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_json_lines_finds_unfinished_attempts_and_reports_failures() {
        let dir = tempfile_dir();
        let log = AuditLog::new(dir.join("nested").join("audit.jsonl"));
        let change = Change::MoveAccount {
            account: "222222222222".into(),
            source: "r-ab12".into(),
            destination: "ou-ab12-00000001".into(),
        };
        let entry = |id, phase, outcome| {
            AuditEntry::new(id, phase, "111111111111", &change, outcome, false)
        };
        log.record(&entry("1", Phase::Attempt, None))
            .expect("write");
        log.record(&entry("1", Phase::Outcome, Some(&Ok(()))))
            .expect("write");
        log.record(&entry("2", Phase::Attempt, None))
            .expect("write");
        let text = std::fs::read_to_string(log.path()).expect("read back");
        assert_eq!(text.lines().count(), 3);
        let v: serde_json::Value =
            serde_json::from_str(text.lines().nth(1).unwrap_or("")).expect("json");
        assert_eq!(v["operation"], "MoveAccount");
        assert_eq!(v["phase"], "outcome");
        assert_eq!(v["outcome"], "success");
        assert_eq!(v["parameters"]["AccountId"], "222222222222");
        let open: Vec<String> = unfinished(log.path()).into_iter().map(|e| e.id).collect();
        assert_eq!(open, vec!["2".to_string()]);
        let _ = std::fs::remove_dir_all(&dir);
        // A path that cannot be created is an error, not silence.
        let bad = AuditLog::new(PathBuf::from("/proc/orgtui-cannot/audit.jsonl"));
        assert!(bad.record(&entry("3", Phase::Attempt, None)).is_err());
    }

    fn tempfile_dir() -> PathBuf {
        std::env::temp_dir().join(format!("orgtui-audit-test-{}", std::process::id()))
    }
}
