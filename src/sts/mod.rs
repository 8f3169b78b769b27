//! STS: who is calling (GetCallerIdentity: shown in the title bar, written to the audit
//! log) and temporary credentials for a role in a member account (AssumeRole: `s` opens a
//! shell with them, `:creds` shows them as `export` lines). It changes nothing in the
//! organization.

mod aws;
mod demo;

use std::fmt;

use async_trait::async_trait;

pub use aws::AwsSts;
pub use demo::DemoSts;

use crate::org::OrgResult;

/// The principal orgtui acts as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// `arn:aws:iam::111111111111:user/alice`, `arn:aws:sts::…:assumed-role/Admin/alice`.
    pub arn: String,
    pub account: String,
    pub user_id: String,
}

impl CallerIdentity {
    /// The ARN's partition (`aws`, `aws-us-gov`, `aws-cn`), for ARNs of roles in the same
    /// partition.
    pub fn partition(&self) -> &str {
        self.arn
            .split(':')
            .nth(1)
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
    }
}

/// Temporary credentials from AssumeRole. Debug never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct TempCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// When they stop working (RFC 3339), if AWS said.
    pub expiration: Option<String>,
}

impl fmt::Debug for TempCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TempCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &"<redacted>")
            .field("expiration", &self.expiration)
            .finish()
    }
}

#[async_trait]
pub trait StsBackend: Send + Sync {
    async fn caller_identity(&self) -> OrgResult<CallerIdentity>;
    /// AssumeRole of `role_arn` as session `session` for `duration_seconds`.
    async fn assume_role(
        &self,
        role_arn: &str,
        session: &str,
        duration_seconds: u32,
    ) -> OrgResult<TempCredentials>;
    /// The region the clients use, for AWS_REGION in the shell.
    fn region(&self) -> Option<String>;
}

/// What the temporary credentials are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `s`: a shell with them in its environment.
    Shell,
    /// `:creds`: `export` lines to copy into another terminal.
    Exports,
}

impl Purpose {
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Shell => "shell",
            Purpose::Exports => "creds",
        }
    }
}

/// One AssumeRole asked for by the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRequest {
    /// Tells the answer to the latest request from stale ones.
    pub seq: u64,
    pub account: String,
    pub account_name: String,
    pub role_arn: String,
    pub duration_seconds: u32,
    /// Recorded in the audit log.
    pub caller: String,
    pub purpose: Purpose,
}

/// Commands for the worker's STS side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StsCmd {
    /// GetCallerIdentity.
    Caller,
    AssumeRole(RoleRequest),
}

/// What AssumeRole gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumed {
    pub credentials: TempCredentials,
    pub session: String,
    pub region: Option<String>,
}

/// Answers of the worker's STS side, and the end of a shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StsReply {
    Caller(OrgResult<CallerIdentity>),
    Assumed {
        request: RoleRequest,
        result: OrgResult<Assumed>,
    },
    /// The shell in `account` ended: how (e.g. "exit status 0"), or why it could not run.
    ShellEnded {
        account: String,
        result: Result<String, String>,
    },
}

/// The ARN of `role` in `account`; a role given as a whole ARN is kept as it is.
pub fn role_arn(partition: &str, account: &str, role: &str) -> String {
    if role.starts_with("arn:") {
        role.to_string()
    } else {
        format!("arn:{partition}:iam::{account}:role/{role}")
    }
}

/// `orgtui-<user>`, keeping only what a RoleSessionName may hold (`[\w+=,.@-]`, 2 to 64
/// characters), so CloudTrail in the member account shows who it was.
pub fn session_name(user: Option<&str>) -> String {
    let user: String = user
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let user = if user.is_empty() { "unknown" } else { &user };
    let mut name = format!("orgtui-{user}");
    name.truncate(64);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns_and_session_names() {
        assert_eq!(
            role_arn("aws", "222222222222", "OrganizationAccountAccessRole"),
            "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole"
        );
        assert_eq!(
            role_arn("aws-us-gov", "2", "arn:aws:iam::3:role/X"),
            "arn:aws:iam::3:role/X"
        );
        assert_eq!(session_name(Some("alice")), "orgtui-alice");
        assert_eq!(session_name(Some("a b/ü")), "orgtui-a-b--");
        assert_eq!(session_name(None), "orgtui-unknown");
        assert_eq!(session_name(Some(&"x".repeat(100))).len(), 64);
        let me = CallerIdentity {
            arn: "arn:aws-cn:iam::1:user/a".into(),
            account: "1".into(),
            user_id: "A".into(),
        };
        assert_eq!(me.partition(), "aws-cn");
        let creds = TempCredentials {
            access_key_id: "ASIA1".into(),
            secret_access_key: "secret".into(),
            session_token: "token".into(),
            expiration: None,
        };
        let shown = format!("{creds:?}");
        assert!(shown.contains("ASIA1"));
        assert!(!shown.contains("\"secret\"") && !shown.contains("\"token\""));
    }
}
