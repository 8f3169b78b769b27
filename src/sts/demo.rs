//! `DemoSts`: the demo organization's caller (`arn:aws:iam::<management account>:user/demo`)
//! and an AssumeRole that says plainly that the demo has no real accounts to go into.

use std::sync::Arc;

use async_trait::async_trait;

use super::{CallerIdentity, StsBackend, TempCredentials};
use crate::org::{OrgBackend, OrgError, OrgResult};

pub struct DemoSts {
    org: Arc<dyn OrgBackend>,
    /// The account the demo acts as, when not its management account (`--demo-as`).
    account: Option<String>,
}

impl DemoSts {
    /// The caller is the management account of `org` (the demo backend).
    pub fn new(org: Arc<dyn OrgBackend>) -> Self {
        DemoSts { org, account: None }
    }

    /// The caller is `account` (a member, or an account outside the organization).
    pub fn acting_as(org: Arc<dyn OrgBackend>, account: &str) -> Self {
        DemoSts {
            org,
            account: Some(account.to_string()),
        }
    }
}

/// The code of the error every demo AssumeRole answers (explained in `OrgError`).
pub const DEMO_ONLY: &str = "DemoHasNoAccounts";

#[async_trait]
impl StsBackend for DemoSts {
    async fn caller_identity(&self) -> OrgResult<CallerIdentity> {
        let account = match &self.account {
            Some(a) => a.clone(),
            None => self.org.describe_organization().await?.master_account_id,
        };
        Ok(CallerIdentity {
            arn: format!("arn:aws:iam::{account}:user/demo"),
            user_id: "AIDADEMOUSER0000000000".into(),
            account,
        })
    }

    async fn assume_role(&self, role_arn: &str, _: &str, _: u32) -> OrgResult<TempCredentials> {
        Err(OrgError::new(DEMO_ONLY, format!("{role_arn} in the demo")))
    }

    fn region(&self) -> Option<String> {
        None
    }
}
