//! Where orgtui keeps its files: the XDG base directories on every Unix, macOS included.
//!
//! `$XDG_CONFIG_HOME/orgtui` (else `~/.config/orgtui`) for the config file and
//! `$XDG_STATE_HOME/orgtui` (else `~/.local/state/orgtui`) for the audit log and the log
//! file, `$XDG_CACHE_HOME/orgtui` (else `~/.cache/orgtui`) for snapshots of organizations. The `dirs` crate would answer `~/Library/...` on macOS, which the README does not
//! promise and people running a terminal tool do not look in.

use std::ffi::OsString;
use std::fs::{File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
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
/// reader sees the old file or the whole new one, never a part (the export, which is the
/// user's to share, so it gets the umask's mode).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_via_temp(path, bytes, false)
}

/// `write_atomically` for what orgtui keeps (the snapshot cache, drafts, creations): the
/// file 0600 whatever it was before, missing directories 0700.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    write_via_temp(path, bytes, true)
}

fn write_via_temp(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        )
    })?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        if private {
            options.mode(PRIVATE_FILE);
        }
        let mut f = options.open(&tmp)?;
        // A temporary file left by a crash keeps its mode when reopened.
        if private {
            f.set_permissions(Permissions::from_mode(PRIVATE_FILE))?;
        }
        std::io::Write::write_all(&mut f, bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// What orgtui keeps holds the organization's inventory and change history: its owner's
/// alone, as the AWS CLI keeps its caches.
const PRIVATE_FILE: u32 = 0o600;
const PRIVATE_DIR: u32 = 0o700;
/// The group's and others' permission bits.
const OTHERS: u32 = 0o077;

/// Creates `dir` and every missing parent 0700. A directory that exists is left as it is:
/// one the user named may be shared on purpose, or be /tmp (orgtui's own are tightened by
/// `tighten_own_dirs`).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR)
        .create(dir)
}

/// Opens `path` with `options` (creating it 0600, missing directories 0700). A file that
/// others may read is made 0600: every file an earlier version wrote is 0644, and leaving
/// them so would leave every existing install readable. Also a note for the log when the
/// mode was changed, or could not be (the file is another user's): the file is opened
/// either way, since refusing to write the audit log would refuse every change.
pub fn open_private(path: &Path, options: &mut OpenOptions) -> io::Result<(File, Option<String>)> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let file = options.mode(PRIVATE_FILE).open(path)?;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    if mode & OTHERS == 0 {
        return Ok((file, None));
    }
    let note = narrowed(path, mode, PRIVATE_FILE, |to| file.set_permissions(to));
    Ok((file, Some(note)))
}

/// Makes orgtui's own state and cache directories 0700 where an earlier version left them
/// open to others (the directories under the XDG bases, never the bases themselves); a
/// note for the log about each one changed or that could not be.
pub fn tighten_own_dirs() -> Vec<String> {
    [state_dir(), cache_dir()]
        .into_iter()
        .flatten()
        .filter_map(|dir| tighten_dir(&dir))
        .collect()
}

fn tighten_dir(dir: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(dir).ok()?;
    let mode = meta.permissions().mode() & 0o777;
    if !meta.is_dir() || mode & OTHERS == 0 {
        return None;
    }
    Some(narrowed(dir, mode, PRIVATE_DIR, |to| {
        std::fs::set_permissions(dir, to)
    }))
}

/// Sets the mode of `path` (now `mode`) to `to` with `set`; the note for the log.
fn narrowed(
    path: &Path,
    mode: u32,
    to: u32,
    set: impl FnOnce(Permissions) -> io::Result<()>,
) -> String {
    match set(Permissions::from_mode(to)) {
        Ok(()) => format!(
            "{} was open to others (mode {mode:o}); it is now {to:o}",
            path.display()
        ),
        Err(e) => format!(
            "{} is open to others (mode {mode:o}) and could not be made {to:o}: {e}",
            path.display()
        ),
    }
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
