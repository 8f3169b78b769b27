//! The config file (TOML, `$XDG_CONFIG_HOME/orgtui/config.toml`): safety settings, timeouts,
//! the default profile, mouse, theme and colours, and remapped keys. Every problem is
//! reported with the file, line and column, all of them at once; assets/config.example.toml
//! documents each key with its default.
//!
//! Unknown keys are errors, not warnings: a misspelt `read_only` that were only warned
//! about would leave changes possible in a session the user believes read-only, and a
//! warning printed before the full-screen UI starts is gone from view the moment it does.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::keymap::{self, Binding, Override};
use crate::shell::ShellSettings;
use crate::ui::theme::{Theme, ROLES, THEME_NAMES};

/// The file as written; `Spanned` where a value can be wrong in a way TOML cannot see.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    read_only: bool,
    audit_log: Option<PathBuf>,
    timeout_seconds: Option<Spanned<f64>>,
    operation_timeout_seconds: Option<Spanned<f64>>,
    concurrency: Option<Spanned<usize>>,
    profile: Option<String>,
    #[serde(default)]
    mouse: bool,
    theme: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, Spanned<Keys>>>,
    #[serde(default)]
    colors: BTreeMap<String, Spanned<String>>,
    /// `s` and `:creds`: checked by `ShellSettings`.
    shell: Option<Spanned<toml::Value>>,
    shell_in_read_only: Option<Spanned<bool>>,
}

/// `help = "?"` or `down = ["j", "down"]`; `[]` unbinds.
#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

/// The settings, checked; command-line flags win over them.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub read_only: bool,
    pub audit_log: Option<PathBuf>,
    /// One attempt of a request (default 10 s).
    pub timeout: Option<Duration>,
    /// A request with its retries (default 30 s).
    pub operation_timeout: Option<Duration>,
    /// Calls to AWS at once when it does not throttle (default 8).
    pub concurrency: Option<usize>,
    /// The AWS profile when --profile is not given (it wins over AWS_PROFILE).
    pub profile: Option<String>,
    pub mouse: bool,
    /// The theme with the user's colours, in the 16-colour palette (the terminal decides).
    pub theme: Theme,
    /// The remapped key table, when `[keys]` has entries.
    pub keys: Option<Vec<Binding>>,
    /// The role `s` assumes in each account, and whether it works read-only.
    pub shell: ShellSettings,
}

/// Why a config file cannot be used: each problem with its line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// (line, column, message); line and column count from 1. Line 0: the whole file.
    pub problems: Vec<(usize, usize, String)>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        for (n, (line, col, message)) in self.problems.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            match line {
                0 => write!(f, "config file {path}: {message}")?,
                _ => write!(f, "config file {path}:{line}:{col}: {message}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Reads `explicit` (which must exist), else the default file if there is one.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let Some(path) = explicit
        .map(Path::to_path_buf)
        .or_else(|| crate::paths::config_dir().map(|d| d.join("config.toml")))
    else {
        return Ok(Config::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
            Ok(Config::default())
        }
        Err(e) => Err(ConfigError {
            path,
            problems: vec![(0, 0, format!("cannot be read: {e}"))],
        }),
    }
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses and checks the text of a config file read from `path`.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let error = |problems: Vec<(Range<usize>, String)>| {
        let mut problems: Vec<_> = problems
            .into_iter()
            .map(|(at, m)| {
                let (line, col) = line_col(text, at.start);
                (line, col, m)
            })
            .collect();
        problems.sort();
        ConfigError {
            path: path.to_path_buf(),
            problems,
        }
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let at = e.span().unwrap_or(0..0);
        // One line a problem: toml's message may run over several.
        let message: Vec<&str> = e.message().lines().map(str::trim).collect();
        error(vec![(at, message.join("; "))])
    })?;
    let mut problems = Vec::new();
    let mut positive = |value: Option<Spanned<f64>>, key: &str| {
        let v = value?;
        let d = Duration::try_from_secs_f64(*v.get_ref())
            .ok()
            .filter(|d| !d.is_zero());
        if d.is_none() {
            problems.push((
                v.span(),
                format!("{key} must be a positive number of seconds"),
            ));
        }
        d
    };
    let timeout = positive(file.timeout_seconds, "timeout_seconds");
    let operation_timeout = positive(file.operation_timeout_seconds, "operation_timeout_seconds");
    let concurrency = file.concurrency.and_then(|c| match *c.get_ref() {
        0 => {
            problems.push((c.span(), "concurrency must be at least 1".into()));
            None
        }
        n => Some(n),
    });
    let mut theme = Theme::default();
    if let Some(name) = &file.theme {
        match Theme::named(name.get_ref()) {
            Some(t) => theme = t,
            None => problems.push((
                name.span(),
                format!(
                    "no theme {:?}; the themes are {}",
                    name.get_ref(),
                    THEME_NAMES.join(", ")
                ),
            )),
        }
    }
    for (role_name, value) in &file.colors {
        let Some(&(role, _)) = ROLES
            .iter()
            .find(|(_, n)| *n == role_name.replace('-', "_"))
        else {
            let names: Vec<&str> = ROLES.iter().map(|(_, n)| *n).collect();
            problems.push((
                value.span(),
                format!(
                    "[colors]: no colour {role_name:?}; the colours are {}",
                    names.join(", ")
                ),
            ));
            continue;
        };
        match Color::from_str(value.get_ref()) {
            Ok(c) => theme = theme.with_color(role, c),
            Err(_) => problems.push((
                value.span(),
                format!(
                    "[colors] {role_name}: {:?} is not a colour; write \"#rrggbb\", a name \
                     (red, lightblue, darkgray…) or a number 0-255",
                    value.get_ref()
                ),
            )),
        }
    }
    let keys = remap(file.keys, &mut problems);
    let shell = shell_settings(file.shell, file.shell_in_read_only, &mut problems);
    if !problems.is_empty() {
        return Err(error(problems));
    }
    Ok(Config {
        read_only: file.read_only,
        audit_log: file.audit_log,
        timeout,
        operation_timeout,
        concurrency,
        profile: file.profile,
        mouse: file.mouse,
        theme,
        keys,
        shell,
    })
}

/// The `[shell]` table and `shell_in_read_only`, as `ShellSettings` reads them.
fn shell_settings(
    shell: Option<Spanned<toml::Value>>,
    in_read_only: Option<Spanned<bool>>,
    problems: &mut Vec<(Range<usize>, String)>,
) -> ShellSettings {
    let at = shell
        .as_ref()
        .map(|s| s.span())
        .or(in_read_only.as_ref().map(|b| b.span()))
        .unwrap_or(0..0);
    let mut table = toml::Table::new();
    if let Some(s) = shell {
        table.insert("shell".into(), s.into_inner());
    }
    if let Some(b) = in_read_only {
        table.insert("shell_in_read_only".into(), (*b.get_ref()).into());
    }
    ShellSettings::from_config(&toml::Value::Table(table)).unwrap_or_else(|e| {
        problems.push((at, e));
        ShellSettings::default()
    })
}

/// The `[keys]` tables applied to the built-in key table, in the order of the file.
fn remap(
    sections: BTreeMap<String, BTreeMap<String, Spanned<Keys>>>,
    problems: &mut Vec<(Range<usize>, String)>,
) -> Option<Vec<Binding>> {
    let mut overrides: Vec<Override> = sections
        .into_iter()
        .flat_map(|(scope, entries)| {
            entries.into_iter().map(move |(action, keys)| {
                let at = keys.span();
                let keys = match keys.into_inner() {
                    Keys::One(k) => vec![k],
                    Keys::Many(ks) => ks,
                };
                Override {
                    scope: scope.clone(),
                    action,
                    keys,
                    at,
                }
            })
        })
        .collect();
    if overrides.is_empty() {
        return None;
    }
    overrides.sort_by_key(|o| o.at.start);
    match keymap::remapped(&overrides) {
        Ok(table) => Some(table),
        Err(found) => {
            problems.extend(found.into_iter().map(|p| (p.at, p.message)));
            None
        }
    }
}
