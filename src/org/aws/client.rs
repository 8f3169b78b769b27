//! Building the SDK client: aws-config's credential chain or an emulator's dummy keys, the
//! region and endpoint, and the retry (later also timeout) settings in [`ClientOptions`].

use aws_config::meta::region::ProvideRegion;
use aws_config::BehaviorVersion;
use aws_sdk_organizations as sdk;
use sdk::config::interceptors::BeforeTransmitInterceptorContextMut;
use sdk::config::retry::RetryConfig;
use sdk::config::timeout::TimeoutConfig;
use sdk::config::{ConfigBag, Credentials, Intercept, Region, RuntimeComponents};
use sdk::error::BoxError;

use super::AwsBackend;

/// Organizations is a global service served from us-east-1.
pub const DEFAULT_REGION: &str = "us-east-1";
/// Attempts (first try included) of the standard retry mode, for callers that want the
/// SDK to retry. orgtui itself retries in its worker (one shared limit, and changes are
/// never resent blindly), so its own client does not.
pub const MAX_ATTEMPTS: u32 = 5;
/// How long making a connection may take.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);
/// The header moto uses to pick which account (and so which organization) a request acts as.
pub const MOTO_ACCOUNT_HEADER: &str = "x-moto-account-id";

/// The client settings that are orgtui's choice rather than the user's environment: the one
/// place where retries and timeouts are set.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub retry: RetryConfig,
    /// Per-attempt, per-operation and connect timeouts. `None` keeps the SDK's defaults
    /// (what orgtui has always used); set it here when timeouts become configurable.
    pub timeouts: Option<TimeoutConfig>,
}

impl ClientOptions {
    /// Real AWS as orgtui uses it: no SDK retries (the worker decides what may be resent),
    /// a short connect timeout, and deadlines per attempt and per operation.
    pub fn aws(attempt: std::time::Duration, operation: std::time::Duration) -> Self {
        ClientOptions {
            retry: RetryConfig::disabled(),
            timeouts: Some(
                TimeoutConfig::builder()
                    .connect_timeout(CONNECT_TIMEOUT)
                    .operation_attempt_timeout(attempt)
                    .operation_timeout(operation)
                    .build(),
            ),
        }
    }

    /// An emulator: no retries (unimplemented calls answer HTTP 500, which retries would
    /// repeat for seconds).
    pub fn emulator() -> Self {
        ClientOptions {
            retry: RetryConfig::disabled(),
            timeouts: None,
        }
    }

    fn apply_to_loader(&self, loader: aws_config::ConfigLoader) -> aws_config::ConfigLoader {
        let loader = loader.retry_config(self.retry.clone());
        match &self.timeouts {
            Some(t) => loader.timeout_config(t.clone()),
            None => loader,
        }
    }

    fn apply_to_config(&self, builder: sdk::config::Builder) -> sdk::config::Builder {
        let builder = builder.retry_config(self.retry.clone());
        match &self.timeouts {
            Some(t) => builder.timeout_config(t.clone()),
            None => builder,
        }
    }
}

impl AwsBackend {
    /// Builds a client from aws-config's standard chain, as [`shared_config`] loads it.
    pub async fn from_env(
        profile: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        options: ClientOptions,
    ) -> Self {
        let shared = shared_config(profile, region, endpoint_url, options).await;
        AwsBackend {
            client: sdk::Client::new(&shared),
            profile: profile.filter(|p| !p.is_empty()).map(str::to_string),
            shared: Some(shared),
        }
    }

    /// The SDK configuration the client was built from (credentials, region, endpoint,
    /// retries, timeouts), for clients of other services (STS) that must act the same.
    pub fn shared_config(&self) -> Option<&aws_config::SdkConfig> {
        self.shared.as_ref()
    }

    pub fn from_client(client: sdk::Client) -> Self {
        AwsBackend {
            client,
            profile: None,
            shared: None,
        }
    }

    /// A client for moto_server (or another emulator) at `endpoint_url`: dummy static
    /// credentials, region us-east-1, no retries. With `account_id`, every request carries
    /// `x-moto-account-id`, so moto serves it from that account's own state.
    pub fn for_emulator(endpoint_url: &str, account_id: Option<&str>) -> Self {
        let builder = sdk::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(Credentials::new("test", "test", None, None, "orgtui-test"))
            .region(Region::new(DEFAULT_REGION))
            .endpoint_url(endpoint_url);
        let mut builder = ClientOptions::emulator().apply_to_config(builder);
        if let Some(id) = account_id {
            builder = builder.interceptor(AccountHeader {
                account_id: id.to_string(),
            });
        }
        Self::from_client(sdk::Client::from_conf(builder.build()))
    }

    /// The underlying SDK client, for calls the trait does not cover.
    pub fn client(&self) -> &sdk::Client {
        &self.client
    }
}

/// aws-config's standard chain as orgtui uses it. `profile` overrides AWS_PROFILE,
/// `region` overrides the chain (default us-east-1), `endpoint_url` overrides
/// AWS_ENDPOINT_URL (which aws-config honours by itself); retries and timeouts from
/// `options`. Every client orgtui makes (Organizations, STS) is built from this.
pub async fn shared_config(
    profile: Option<&str>,
    region: Option<&str>,
    endpoint_url: Option<&str>,
    options: ClientOptions,
) -> aws_config::SdkConfig {
    let mut loader = options.apply_to_loader(aws_config::defaults(BehaviorVersion::latest()));
    if let Some(p) = profile.filter(|p| !p.is_empty()) {
        // Like the AWS CLI, an explicit profile means that profile's credentials
        // (static keys, SSO, credential_process, assume-role...), not the environment's
        // or an instance role's; an unknown profile is then reported as such.
        // Its own STS client (a role's AssumeRole, SSO) needs the region too, else every
        // role profile fails with "missing signing region".
        let creds_region = match region.filter(|r| !r.is_empty()) {
            Some(r) => Region::new(r.to_string()),
            None => aws_config::profile::ProfileFileRegionProvider::builder()
                .profile_name(p)
                .build()
                .region()
                .await
                .unwrap_or_else(|| Region::new(DEFAULT_REGION)),
        };
        let conf =
            aws_config::provider_config::ProviderConfig::default().with_region(Some(creds_region));
        let creds = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .configure(&conf)
            .profile_name(p)
            .build();
        loader = loader.profile_name(p).credentials_provider(creds);
    }
    if let Some(r) = region.filter(|r| !r.is_empty()) {
        loader = loader.region(Region::new(r.to_string()));
    }
    if let Some(url) = endpoint_url.filter(|u| !u.is_empty()) {
        loader = loader.endpoint_url(url);
    }
    let shared = loader.load().await;
    if shared.region().is_some() {
        return shared;
    }
    shared
        .into_builder()
        .region(Region::new(DEFAULT_REGION))
        .build()
}

/// Adds `x-moto-account-id` to every request (of any AWS SDK client).
#[derive(Debug)]
pub struct AccountHeader {
    pub account_id: String,
}

impl Intercept for AccountHeader {
    fn name(&self) -> &'static str {
        "MotoAccountHeader"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert(MOTO_ACCOUNT_HEADER, self.account_id.clone());
        Ok(())
    }
}
