//! Where orgtui keeps its files: the XDG base directories on every Unix, macOS included.
//!
//! `$XDG_CONFIG_HOME/orgtui` (else `~/.config/orgtui`) for the config file and
//! `$XDG_STATE_HOME/orgtui` (else `~/.local/state/orgtui`) for the audit log and the log
//! file, `$XDG_CACHE_HOME/orgtui` (else `~/.cache/orgtui`) for snapshots of organizations. The `dirs` crate would answer `~/Library/...` on macOS, which the README does not
//! promise and people running a terminal tool do not look in.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The directory for the config file, from the process environment.
pub fn config_dir() -> Option<PathBuf> {
    config_dir_from(std::env::var_os("XDG_CONFIG_HOME"), dirs::home_dir())
}

/// The directory for the audit log and the log file, from the process environment.
pub fn state_dir() -> Option<PathBuf> {
    state_dir_from(std::env::var_os("XDG_STATE_HOME"), dirs::home_dir())
}

/// The directory for the snapshot cache of organizations, from the process environment.
pub fn cache_dir() -> Option<PathBuf> {
    cache_dir_from(std::env::var_os("XDG_CACHE_HOME"), dirs::home_dir())
}

/// `cache_dir` with the environment passed in.
pub fn cache_dir_from(xdg: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    base(xdg, home, &[".cache"])
}

/// `config_dir` with the environment passed in, so tests need not change the process's.
pub fn config_dir_from(xdg: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    base(xdg, home, &[".config"])
}

/// `state_dir` with the environment passed in.
pub fn state_dir_from(xdg: Option<OsString>, home: Option<PathBuf>) -> Option<PathBuf> {
    base(xdg, home, &[".local", "state"])
}

/// The XDG variable when it is an absolute path (the spec says to ignore anything else),
/// else the fallback under home; `orgtui` appended either way.
fn base(xdg: Option<OsString>, home: Option<PathBuf>, fallback: &[&str]) -> Option<PathBuf> {
    let dir = match xdg.map(PathBuf::from).filter(|p| p.is_absolute()) {
        Some(dir) => dir,
        None => fallback
            .iter()
            .fold(home.filter(|h| h.is_absolute())?, |d, part| d.join(part)),
    };
    Some(dir.join("orgtui"))
}

/// Writes `bytes` to a temporary file next to `path`, then renames it over `path`, so a
/// reader sees the old file or the whole new one, never a part (the export, the snapshot
/// cache).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        )
    })?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut f, bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> Option<PathBuf> {
        Some(PathBuf::from("/home/ann"))
    }

    #[test]
    fn xdg_variables_win_when_absolute() {
        assert_eq!(
            config_dir_from(Some("/cfg".into()), home()),
            Some(PathBuf::from("/cfg/orgtui"))
        );
        assert_eq!(
            state_dir_from(Some("/st".into()), home()),
            Some(PathBuf::from("/st/orgtui"))
        );
    }

    #[test]
    fn home_fallbacks_when_unset_empty_or_relative() {
        for xdg in [None, Some(OsString::new()), Some("relative/dir".into())] {
            assert_eq!(
                config_dir_from(xdg.clone(), home()),
                Some(PathBuf::from("/home/ann/.config/orgtui"))
            );
            assert_eq!(
                state_dir_from(xdg, home()),
                Some(PathBuf::from("/home/ann/.local/state/orgtui"))
            );
        }
    }

    #[test]
    fn no_home_and_no_xdg_is_none() {
        assert_eq!(config_dir_from(None, None), None);
        assert_eq!(state_dir_from(Some("x".into()), None), None);
        assert_eq!(state_dir_from(None, Some(PathBuf::from(""))), None);
    }
}
