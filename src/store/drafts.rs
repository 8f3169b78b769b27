//! Policy drafts kept in the state directory until they are saved or discarded, so nothing
//! typed in the editor is lost to a failed call, a crash or a quit; offered again at start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::org::PolicyType;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The policy being edited; `None` for a new one.
    pub policy: Option<String>,
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    pub content: String,
    /// Name, description and content when the editor opened (editing only).
    pub original: Option<(String, String, String)>,
}

impl Draft {
    /// Drafts of the same policy (or both of a new one) replace each other.
    pub fn same_subject(&self, other: &Draft) -> bool {
        self.policy == other.policy
    }
}

/// Where drafts are kept: `$XDG_STATE_HOME/orgtui/drafts.json`.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("drafts.json"))
}

/// The drafts in `path`; none when it does not exist. A file that cannot be read is an
/// error (and is left alone, never overwritten by an empty list).
pub fn load(path: &Path) -> Result<Vec<Draft>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| format!("policy drafts in {} are unreadable: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

pub fn save(path: &Path, drafts: &[Draft]) -> Result<(), String> {
    let bytes = serde_json::to_vec_pretty(drafts).map_err(|e| e.to_string())?;
    crate::paths::write_private(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))
}
