//! Account creations in progress, kept in the state directory so one survives a quit or
//! a crash and is polled again at the next start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A creation being followed, as kept in the state directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracked {
    /// The CreateAccount request id (car-…).
    pub request: String,
    pub name: String,
    /// Where the account goes once it exists (the root or an OU).
    pub destination: String,
    /// The organization it was asked of (`Context::source`): only that one is polled.
    pub source: String,
}

/// `$XDG_STATE_HOME/orgtui/creations.json`.
pub fn default_path() -> Option<PathBuf> {
    crate::paths::state_dir().map(|d| d.join("creations.json"))
}

/// The creations kept in `path`; none when it does not exist.
pub fn load(path: &Path) -> Result<Vec<Tracked>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "account creations in {} are unreadable: {e}",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Replaces what `path` holds; an empty list removes the file.
pub fn save(path: &Path, list: &[Tracked]) -> Result<(), String> {
    if list.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("{}: {e}", path.display()))
            }
            _ => Ok(()),
        };
    }
    let bytes = serde_json::to_vec_pretty(list).map_err(|e| e.to_string())?;
    crate::paths::write_private(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracked(request: &str) -> Tracked {
        Tracked {
            request: request.into(),
            name: "Data".into(),
            destination: "ou-ab12-00000001".into(),
            source: "profile default".into(),
        }
    }

    #[test]
    fn kept_creations_read_back_and_an_empty_list_removes_the_file() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("state/creations.json");
        assert_eq!(load(&path), Ok(Vec::new()));
        let list = vec![tracked("car-1"), tracked("car-2")];
        save(&path, &list).expect("saved");
        assert_eq!(load(&path), Ok(list));
        save(&path, &[]).expect("emptied");
        assert!(!path.exists());
        std::fs::write(&path, "not json").expect("written");
        assert!(load(&path).is_err_and(|e| e.contains("unreadable")));
    }
}
