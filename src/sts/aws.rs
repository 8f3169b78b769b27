//! `AwsSts`: the STS calls over `aws-sdk-sts`, built from the same SDK configuration as the
//! Organizations client (profile, region, endpoint, retries, timeouts).

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_sts as sdk;
use sdk::config::{Credentials, Region};

use super::{CallerIdentity, StsBackend, TempCredentials};
use crate::org::aws::{map_sdk_error, AccountHeader, DEFAULT_REGION};
use crate::org::{ErrorKind, OrgError, OrgResult};

#[derive(Debug, Clone)]
pub struct AwsSts {
    client: sdk::Client,
}

impl AwsSts {
    pub fn new(shared: &aws_config::SdkConfig) -> Self {
        AwsSts {
            client: sdk::Client::new(shared),
        }
    }

    /// A client for moto_server at `endpoint_url`, like `AwsBackend::for_emulator`: dummy
    /// keys, us-east-1, no retries, `x-moto-account-id` when `account_id` is given.
    pub fn for_emulator(endpoint_url: &str, account_id: Option<&str>) -> Self {
        let mut builder = sdk::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(Credentials::new("test", "test", None, None, "orgtui-test"))
            .region(Region::new(DEFAULT_REGION))
            .endpoint_url(endpoint_url)
            .retry_config(sdk::config::retry::RetryConfig::disabled());
        if let Some(id) = account_id {
            builder = builder.interceptor(AccountHeader {
                account_id: id.to_string(),
            });
        }
        AwsSts {
            client: sdk::Client::from_conf(builder.build()),
        }
    }
}

fn missing(what: &str) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Other,
        "IncompleteResponse",
        format!("the STS response did not include {what}"),
    )
}

#[async_trait]
impl StsBackend for AwsSts {
    async fn caller_identity(&self) -> OrgResult<CallerIdentity> {
        let out = self
            .client
            .get_caller_identity()
            .send()
            .await
            .map_err(map_sdk_error)?;
        Ok(CallerIdentity {
            arn: out.arn().ok_or_else(|| missing("the caller's ARN"))?.into(),
            account: out.account().unwrap_or_default().into(),
            user_id: out.user_id().unwrap_or_default().into(),
        })
    }

    async fn assume_role(
        &self,
        role_arn: &str,
        session: &str,
        duration_seconds: u32,
    ) -> OrgResult<TempCredentials> {
        let out = self
            .client
            .assume_role()
            .role_arn(role_arn)
            .role_session_name(session)
            .duration_seconds(i32::try_from(duration_seconds).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(map_sdk_error)?;
        let c = out.credentials().ok_or_else(|| missing("credentials"))?;
        Ok(TempCredentials {
            access_key_id: c.access_key_id().into(),
            secret_access_key: c.secret_access_key().into(),
            session_token: c.session_token().into(),
            expiration: c
                .expiration()
                .fmt(aws_smithy_types::date_time::Format::DateTime)
                .ok(),
        })
    }

    fn region(&self) -> Option<String> {
        self.client.config().region().map(|r| r.to_string())
    }
}
