//! The audit log: one JSON line per attempted change (time, caller, operation,
//! parameters, outcome, error code), appended to a file in the user's state directory.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct AuditEntry {
    pub time: String,
    pub caller: String,
    pub operation: String,
    pub parameters: serde_json::Value,
    /// "success" or "failure".
    pub outcome: &'static str,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
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
    fn appends_json_lines_and_reports_failures() {
        let dir = std::env::temp_dir().join(format!("orgtui-audit-test-{}", std::process::id()));
        let log = AuditLog::new(dir.join("nested").join("audit.jsonl"));
        let entry = AuditEntry {
            time: "t".into(),
            caller: "111111111111".into(),
            operation: "MoveAccount".into(),
            parameters: serde_json::json!({"AccountId": "222222222222"}),
            outcome: "success",
            error_code: None,
            error_message: None,
        };
        log.record(&entry).expect("first write");
        log.record(&entry).expect("second write");
        let text = std::fs::read_to_string(log.path()).expect("read back");
        assert_eq!(text.lines().count(), 2);
        let v: serde_json::Value =
            serde_json::from_str(text.lines().next().unwrap_or("")).expect("json");
        assert_eq!(v["operation"], "MoveAccount");
        let _ = std::fs::remove_dir_all(&dir);
        // A path that cannot be created is an error, not silence.
        let bad = AuditLog::new(PathBuf::from("/proc/orgtui-cannot/audit.jsonl"));
        assert!(bad.record(&entry).is_err());
    }
}
