//! A shell in a member account: the environment of temporary credentials (also written
//! out as `export` lines for `:creds`). `runtime::shell` suspends the TUI to run `$SHELL`
//! with it.

pub mod config;

pub use config::ShellSettings;

use crate::sts::Assumed;

/// A shell to open, as the main loop gets it from `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub account: String,
    pub account_name: String,
    pub role_arn: String,
    pub assumed: Assumed,
}

/// Variables that would make the AWS CLI and SDKs use something else than the assumed
/// role's keys, removed from the shell's environment.
pub const REMOVED: &[&str] = &["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"];

impl Launch {
    /// The variables the shell gets: the keys, the region when known, and which account
    /// and role they are for (ORGTUI_ACCOUNT, for prompts and scripts).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let c = &self.assumed.credentials;
        let mut env = vec![
            ("AWS_ACCESS_KEY_ID", c.access_key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", c.secret_access_key.clone()),
            ("AWS_SESSION_TOKEN", c.session_token.clone()),
        ];
        if let Some(exp) = &c.expiration {
            env.push(("AWS_CREDENTIAL_EXPIRATION", exp.clone()));
        }
        if let Some(region) = &self.assumed.region {
            env.push(("AWS_REGION", region.clone()));
        }
        env.push(("ORGTUI_ACCOUNT", self.account.clone()));
        env.push(("ORGTUI_ACCOUNT_NAME", self.account_name.clone()));
        env.push(("ORGTUI_ROLE_ARN", self.role_arn.clone()));
        env
    }

    /// `export NAME='value'` lines (and `unset` of what would override them) for a POSIX
    /// shell.
    pub fn export_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .env()
            .into_iter()
            .map(|(k, v)| format!("export {k}={}", quote(&v)))
            .collect();
        lines.push(format!("unset {}", REMOVED.join(" ")));
        lines
    }

    /// The prompt's prefix: `(orgtui NAME ID) `.
    pub fn prompt_hint(&self) -> String {
        let name = crate::text::safe(&self.account_name).replace(['\\', '$', '`'], "");
        format!("(orgtui {name} {}) ", self.account)
    }
}

/// Single quotes for a POSIX shell (a quote inside becomes `'\''`).
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sts::TempCredentials;

    #[test]
    fn exports_quote_values_and_unset_profiles() {
        let launch = Launch {
            account: "222222222222".into(),
            account_name: "it's $prod".into(),
            role_arn: "arn:aws:iam::222222222222:role/R".into(),
            assumed: Assumed {
                credentials: TempCredentials {
                    access_key_id: "ASIA".into(),
                    secret_access_key: "s/+=".into(),
                    session_token: "tok".into(),
                    expiration: None,
                },
                session: "orgtui-me".into(),
                region: Some("eu-west-1".into()),
            },
        };
        let lines = launch.export_lines();
        assert!(lines.contains(&"export AWS_SECRET_ACCESS_KEY='s/+='".to_string()));
        assert!(lines.contains(&"export AWS_REGION='eu-west-1'".to_string()));
        assert!(lines.contains(&r"export ORGTUI_ACCOUNT_NAME='it'\''s $prod'".to_string()));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN")
        );
        assert_eq!(launch.prompt_hint(), "(orgtui it's prod 222222222222) ");
    }
}
