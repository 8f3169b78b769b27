//! The `[shell]` table of the config file (which role `s` and `:creds` assume, per account
//! pattern, and for how long) and the top-level `shell_in_read_only` key.
//!
//! ```toml
//! shell_in_read_only = true            # default: a shell changes nothing in the org
//! [shell]
//! role = "OrganizationAccountAccessRole" # default
//! duration_seconds = 3600                # default; 900 to 43200
//! [[shell.roles]]                        # first match wins; id or name, * and ?
//! accounts = "1111*"
//! role = "Admin"
//! ```

use serde::Deserialize;

/// The role AWS Organizations creates in every account it creates.
pub const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";
pub const DEFAULT_DURATION: u32 = 3600;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellTable {
    /// A role name, or a whole role ARN.
    #[serde(default = "default_role")]
    pub role: String,
    /// Roles for some accounts; the first rule whose pattern matches wins.
    #[serde(default)]
    pub roles: Vec<RoleRule>,
    #[serde(default = "default_duration")]
    pub duration_seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// An account id or name pattern: `*` any run of characters, `?` one.
    pub accounts: String,
    pub role: String,
}

fn default_role() -> String {
    DEFAULT_ROLE.to_string()
}

fn default_duration() -> u32 {
    DEFAULT_DURATION
}

impl Default for ShellTable {
    fn default() -> Self {
        ShellTable {
            role: default_role(),
            roles: Vec::new(),
            duration_seconds: DEFAULT_DURATION,
        }
    }
}

/// Everything `s` and `:creds` take from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSettings {
    pub table: ShellTable,
    /// Whether `s` and `:creds` work under --read-only (`shell_in_read_only`, default true:
    /// they change nothing in the organization).
    pub in_read_only: bool,
}

impl Default for ShellSettings {
    fn default() -> Self {
        ShellSettings {
            table: ShellTable::default(),
            in_read_only: true,
        }
    }
}

impl ShellSettings {
    /// Reads `shell_in_read_only` and `[shell]` from the whole parsed config file; other
    /// keys are the config loader's business. The error names the key that is wrong.
    pub fn from_config(config: &toml::Value) -> Result<ShellSettings, String> {
        let in_read_only = match config.get("shell_in_read_only") {
            None => true,
            Some(v) => v
                .as_bool()
                .ok_or("shell_in_read_only must be true or false")?,
        };
        let table: ShellTable = match config.get("shell") {
            None => ShellTable::default(),
            Some(v) => v.clone().try_into().map_err(|e| format!("[shell]: {e}"))?,
        };
        if !(900..=43200).contains(&table.duration_seconds) {
            return Err(format!(
                "[shell] duration_seconds must be between 900 and 43200 (AWS's limits), not {}",
                table.duration_seconds
            ));
        }
        let empty = std::iter::once(&table.role).chain(table.roles.iter().map(|r| &r.role));
        if empty.into_iter().any(|r| r.trim().is_empty()) {
            return Err("[shell] a role must not be empty".into());
        }
        Ok(ShellSettings {
            table,
            in_read_only,
        })
    }

    /// The role to assume in the account with this id and name.
    pub fn role_for(&self, id: &str, name: &str) -> &str {
        self.table
            .roles
            .iter()
            .find(|r| glob(&r.accounts, id) || glob(&r.accounts, name))
            .map_or(&self.table.role, |r| &r.role)
    }
}

/// Whether `text` matches `pattern` (`*` any run, `?` one character, the rest literally).
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // The classic two-pointer match with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("1111*", "111122223333"));
        assert!(!glob("1111*", "211122223333"));
        assert!(glob("*-prod", "web-prod"));
        assert!(glob("a?c*", "abcdef"));
        assert!(!glob("a?c", "abcd"));
        assert!(glob("*", ""));
    }
}
