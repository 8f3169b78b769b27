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

/// Every key of the file, as assets/config.example.toml documents them (the man page
/// lists them from here; a test checks both).
pub const KEYS: &[&str] = &[
    "read_only",
    "read_only_profiles",
    "audit_log",
    "timeout_seconds",
    "operation_timeout_seconds",
    "concurrency",
    "profile",
    "mouse",
    "theme",
    "shell_in_read_only",
    "shell",
    "watched_actions",
    "colors",
    "keys",
];

pub use crate::policy::whatif::{default_watched, WATCHED_ACTIONS};

/// The file's top level, each key with where it is. Read loosely and checked key by key,
/// so that one mistake does not hide the others (a struct with `deny_unknown_fields`
/// stops at the first). The values have no span: `[keys.tree]` makes `keys` a table
/// written nowhere, and toml cannot give a span for it.
type TopLevel = BTreeMap<Spanned<String>, toml::Value>;

/// The `[keys.SCOPE]` and `[colors]` tables with where each entry is; read once the top
/// level has shown they are tables of the right shape.
#[derive(Deserialize, Default)]
struct Tables {
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    #[serde(default)]
    colors: BTreeMap<String, Spanned<toml::Value>>,
}

/// A problem: where in the file (a byte range), and what.
type Found = Vec<(Range<usize>, String)>;

/// The settings, checked; command-line flags win over them.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub read_only: bool,
    /// AWS profiles always opened read-only (`:ctx` to one of them too).
    pub read_only_profiles: Vec<String>,
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
    /// What a change's confirmation evaluates before and after (`None`: the default).
    pub watched_actions: Option<Vec<String>>,
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

/// Parses and checks the text of a config file read from `path`: every problem found,
/// not only the first.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let error = |problems: Found| {
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
    // One line a problem: toml's message may run over several.
    let toml_problem = |e: toml::de::Error| {
        let message: Vec<&str> = e.message().lines().map(str::trim).collect();
        (e.span().unwrap_or(0..0), message.join("; "))
    };
    let top: TopLevel = toml::from_str(text).map_err(|e| error(vec![toml_problem(e)]))?;
    let mut problems = Found::new();
    let mut values: BTreeMap<&str, Spanned<toml::Value>> = BTreeMap::new();
    for (key, value) in top {
        let name = key.get_ref().as_str();
        match KEYS.iter().find(|k| **k == name) {
            Some(known) => {
                let at = value_at(text, key.span());
                values.insert(known, Spanned::new(at, value));
            }
            None => problems.push((key.span(), unknown_key(name))),
        }
    }
    let mut get = |key: &str, what: &str, accepts: fn(&toml::Value) -> bool| {
        let value = values.get(key)?;
        if accepts(value.get_ref()) {
            return Some(value);
        }
        problems.push((
            value.span(),
            format!("{key} must be {what}, not {}", kind(value.get_ref())),
        ));
        None
    };
    let flag = |v: Option<&Spanned<toml::Value>>| {
        v.and_then(|v| v.get_ref().as_bool()).unwrap_or_default()
    };
    let text_of =
        |v: Option<&Spanned<toml::Value>>| v.and_then(|v| v.get_ref().as_str().map(str::to_string));
    let seconds = |v: &toml::Value| v.is_integer() || v.is_float();
    let read_only = flag(get("read_only", "true or false", toml::Value::is_bool));
    let read_only_profiles = get("read_only_profiles", "a list of profile names", |v| {
        v.as_array()
            .is_some_and(|a| a.iter().all(toml::Value::is_str))
    })
    .and_then(|v| v.get_ref().as_array().cloned())
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default();
    let mouse = flag(get("mouse", "true or false", toml::Value::is_bool));
    let audit_log = text_of(get("audit_log", "a path", toml::Value::is_str)).map(PathBuf::from);
    let profile = text_of(get("profile", "a profile's name", toml::Value::is_str));
    let theme_name = get("theme", "a theme's name", toml::Value::is_str);
    let timeout = get("timeout_seconds", "a number of seconds", seconds);
    let operation_timeout = get("operation_timeout_seconds", "a number of seconds", seconds);
    let concurrency = get("concurrency", "a whole number", toml::Value::is_integer);
    let in_read_only = get("shell_in_read_only", "true or false", toml::Value::is_bool);
    let shell = get("shell", "a table", toml::Value::is_table);
    let watched = get("watched_actions", "a list of actions", |v| {
        v.as_array()
            .is_some_and(|a| a.iter().all(toml::Value::is_str))
    });
    let keys_ok = get("keys", "a table of [keys.SCOPE] tables", |v| {
        v.as_table()
            .is_some_and(|t| t.values().all(toml::Value::is_table))
    })
    .is_some();
    let colors_ok = get("colors", "a table", toml::Value::is_table).is_some();
    let unchecked_tables =
        values.contains_key("keys") && !keys_ok || values.contains_key("colors") && !colors_ok;

    let timeout = positive(timeout, "timeout_seconds", &mut problems);
    let operation_timeout = positive(
        operation_timeout,
        "operation_timeout_seconds",
        &mut problems,
    );
    let concurrency = concurrency.and_then(|c| match c.get_ref().as_integer() {
        Some(n) if n >= 1 => usize::try_from(n).ok(),
        _ => {
            problems.push((c.span(), "concurrency must be at least 1".into()));
            None
        }
    });
    let mut theme = Theme::default();
    if let Some(name) = theme_name {
        let name_text = name.get_ref().as_str().unwrap_or_default();
        match Theme::named(name_text) {
            Some(t) => theme = t,
            None => problems.push((
                name.span(),
                format!(
                    "no theme {name_text:?}{}; the themes are {}",
                    crate::fuzzy::did_you_mean(name_text, THEME_NAMES.iter().copied()),
                    THEME_NAMES.join(", ")
                ),
            )),
        }
    }
    // The tables' entries, with where each is: only when the top level showed they are
    // tables of the right shape (a wrong one is reported already).
    let tables = if unchecked_tables {
        Tables::default()
    } else {
        toml::from_str::<Tables>(text).unwrap_or_else(|e| {
            problems.push(toml_problem(e));
            Tables::default()
        })
    };
    theme = colors(theme, tables.colors, &mut problems);
    let keys = remap(tables.keys, &mut problems);
    let shell = shell_settings(shell, in_read_only, &mut problems);
    let watched_actions = watched.map(|v| watched_actions(v, &mut problems));
    if !problems.is_empty() {
        return Err(error(problems));
    }
    Ok(Config {
        read_only,
        read_only_profiles,
        audit_log,
        timeout,
        operation_timeout,
        concurrency,
        profile,
        mouse,
        theme,
        keys,
        shell,
        watched_actions,
    })
}

impl Config {
    /// Whether a session on `profile` (`None`: the default credentials, or the demo) is
    /// read-only: `read_only` for every one, `read_only_profiles` for those named.
    pub fn read_only_for(&self, profile: Option<&str>) -> bool {
        self.read_only || profile.is_some_and(|p| self.read_only_profiles.iter().any(|r| r == p))
    }
}

/// The `watched_actions` list (checked to be strings), each an action or pattern.
fn watched_actions(value: &Spanned<toml::Value>, problems: &mut Found) -> Vec<String> {
    let list: Vec<String> = value
        .get_ref()
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for action in &list {
        if let Err(why) = crate::policy::Query::new(action, None) {
            problems.push((value.span(), format!("watched_actions: {why}")));
        }
    }
    list
}

/// Where the value of `key = value` starts, from where its key is (a table's header has
/// no `=`: then the key).
fn value_at(text: &str, key: Range<usize>) -> Range<usize> {
    let after = text.get(key.end..).unwrap_or_default();
    let rest = after.trim_start_matches([' ', '\t']);
    match rest.strip_prefix('=') {
        Some(value) => {
            let start = text.len() - value.trim_start_matches([' ', '\t']).len();
            start..start
        }
        None => key,
    }
}

/// "unknown key `x`" with the key probably meant, else every key there is.
fn unknown_key(name: &str) -> String {
    match crate::fuzzy::nearest(name, KEYS.iter().copied()) {
        Some(near) => format!("unknown key `{name}`; did you mean `{near}`?"),
        None => format!("unknown key `{name}`; the keys are {}", KEYS.join(", ")),
    }
}

/// What a value is, for "must be …, not a string".
fn kind(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "a whole number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true or false",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// A positive number of seconds as a duration.
fn positive(
    value: Option<&Spanned<toml::Value>>,
    key: &str,
    problems: &mut Found,
) -> Option<Duration> {
    let v = value?;
    let secs = match v.get_ref() {
        toml::Value::Integer(n) => *n as f64,
        toml::Value::Float(f) => *f,
        _ => return None, // reported as the wrong type
    };
    let d = Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| !d.is_zero());
    if d.is_none() {
        problems.push((
            v.span(),
            format!("{key} must be a positive number of seconds"),
        ));
    }
    d
}

/// `theme` with the `[colors]` of the file.
fn colors(
    mut theme: Theme,
    entries: BTreeMap<String, Spanned<toml::Value>>,
    problems: &mut Found,
) -> Theme {
    let names: Vec<&str> = ROLES.iter().map(|(_, n)| *n).collect();
    for (role_name, value) in &entries {
        let Some(&(role, _)) = ROLES
            .iter()
            .find(|(_, n)| *n == role_name.replace('-', "_"))
        else {
            problems.push((
                value.span(),
                format!(
                    "[colors]: no colour {role_name:?}{}; the colours are {}",
                    crate::fuzzy::did_you_mean(role_name, names.iter().copied()),
                    names.join(", ")
                ),
            ));
            continue;
        };
        match value.get_ref().as_str().map(Color::from_str) {
            Some(Ok(c)) => theme = theme.with_color(role, c),
            _ => problems.push((
                value.span(),
                format!(
                    "[colors] {role_name}: {} is not a colour; write \"#rrggbb\", a name \
                     (red, lightblue, darkgray…) or a number 0-255",
                    value.get_ref()
                ),
            )),
        }
    }
    theme
}

/// The `[shell]` table and `shell_in_read_only` (both of the right type), as
/// `ShellSettings` reads them.
fn shell_settings(
    shell: Option<&Spanned<toml::Value>>,
    in_read_only: Option<&Spanned<toml::Value>>,
    problems: &mut Found,
) -> ShellSettings {
    let at = shell.or(in_read_only).map(|s| s.span()).unwrap_or(0..0);
    let mut table = toml::Table::new();
    if let Some(s) = shell {
        table.insert("shell".into(), s.get_ref().clone());
    }
    if let Some(b) = in_read_only {
        table.insert("shell_in_read_only".into(), b.get_ref().clone());
    }
    ShellSettings::from_config(&toml::Value::Table(table)).unwrap_or_else(|e| {
        problems.push((at, e));
        ShellSettings::default()
    })
}

/// The `[keys]` tables applied to the built-in key table, in the order of the file.
fn remap(
    sections: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
    problems: &mut Found,
) -> Option<Vec<Binding>> {
    let mut overrides: Vec<Override> = Vec::new();
    for (scope, entries) in sections {
        for (action, keys) in entries {
            let at = keys.span();
            // `help = "?"` or `down = ["j", "down"]`; `[]` unbinds.
            let keys = match keys.into_inner() {
                toml::Value::String(k) => Some(vec![k]),
                toml::Value::Array(ks) => ks
                    .into_iter()
                    .map(|k| k.as_str().map(str::to_string))
                    .collect(),
                _ => None,
            };
            let Some(keys) = keys else {
                problems.push((
                    at,
                    format!(
                        "[keys.{scope}] {action}: write a key (\"j\") or a list of keys \
                         ([\"down\", \"j\"])"
                    ),
                ));
                continue;
            };
            overrides.push(Override {
                scope: scope.clone(),
                action,
                keys,
                at,
            });
        }
    }
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
