//! `AwsBackend`: the `OrgBackend` over the real `aws-sdk-organizations` client.
//!
//! Credentials come from aws-config's standard chain (environment, profile / AWS_PROFILE, SSO,
//! credential_process, container and instance roles). Every SDK error is mapped to an
//! [`OrgError`] that keeps the AWS error code and message; nothing here panics on input
//! from outside.

use std::fmt;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_organizations as sdk;
use sdk::config::http::HttpResponse;
use sdk::config::interceptors::BeforeTransmitInterceptorContextMut;
use sdk::config::retry::RetryConfig;
use sdk::config::{ConfigBag, Credentials, Intercept, Region, RuntimeComponents};
use sdk::error::{BoxError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use sdk::primitives::{DateTime, DateTimeFormat};

use super::backend::{OrgBackend, Token};
use super::error::{ErrorKind, OrgError, OrgResult};
use super::types::*;

/// Organizations is a global service served from us-east-1.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The largest page every Organizations list call accepts.
pub const MAX_PAGE: i32 = 20;
/// Attempts (first try included) of the standard retry mode for real AWS.
pub const MAX_ATTEMPTS: u32 = 5;

/// The header moto uses to pick which account (and so which organization) a request acts as.
pub const MOTO_ACCOUNT_HEADER: &str = "x-moto-account-id";

#[derive(Clone)]
pub struct AwsBackend {
    client: sdk::Client,
    /// The profile named on the command line, quoted in credential errors.
    profile: Option<String>,
}

impl fmt::Debug for AwsBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsBackend").finish_non_exhaustive()
    }
}

impl AwsBackend {
    /// Builds a client from aws-config's standard chain. `profile` overrides AWS_PROFILE,
    /// `region` overrides the chain (default us-east-1), `endpoint_url` overrides
    /// AWS_ENDPOINT_URL (which aws-config honours by itself). Standard retries, 5 attempts.
    pub async fn from_env(
        profile: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
    ) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
        if let Some(p) = profile.filter(|p| !p.is_empty()) {
            // Like the AWS CLI, an explicit profile means that profile's credentials
            // (static keys, SSO, credential_process, assume-role...), not the environment's
            // or an instance role's; an unknown profile is then reported as such.
            let creds = aws_config::profile::ProfileFileCredentialsProvider::builder()
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
        let mut builder = sdk::config::Builder::from(&shared);
        if shared.region().is_none() {
            builder = builder.region(Region::new(DEFAULT_REGION));
        }
        AwsBackend {
            client: sdk::Client::from_conf(builder.build()),
            profile: profile.filter(|p| !p.is_empty()).map(str::to_string),
        }
    }

    pub fn from_client(client: sdk::Client) -> Self {
        AwsBackend {
            client,
            profile: None,
        }
    }

    /// A client for moto_server (or another emulator) at `endpoint_url`: dummy static
    /// credentials, region us-east-1, no retries (unimplemented calls answer HTTP 500, which
    /// retries would repeat for seconds). With `account_id`, every request carries
    /// `x-moto-account-id`, so moto serves it from that account's own state.
    pub fn for_emulator(endpoint_url: &str, account_id: Option<&str>) -> Self {
        let mut builder = sdk::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .credentials_provider(Credentials::new("test", "test", None, None, "orgtui-test"))
            .region(Region::new(DEFAULT_REGION))
            .endpoint_url(endpoint_url)
            .retry_config(RetryConfig::disabled());
        if let Some(id) = account_id {
            builder = builder.interceptor(AccountHeader {
                account_id: id.to_string(),
            });
        }
        Self::from_client(sdk::Client::from_conf(builder.build()))
    }

    /// Maps an SDK error, naming the profile when credentials are the problem.
    fn fail<E>(&self, err: SdkError<E, HttpResponse>) -> OrgError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let mut e = map_sdk_error(err);
        if e.kind == ErrorKind::Credentials {
            if let Some(p) = &self.profile {
                e.message = format!(
                    "profile `{p}` gave no usable credentials (is it in ~/.aws/config, and is its SSO session current?): {}",
                    e.message
                );
            }
        }
        e
    }

    /// The underlying SDK client, for calls the trait does not cover.
    pub fn client(&self) -> &sdk::Client {
        &self.client
    }
}

/// Adds `x-moto-account-id` to every request.
#[derive(Debug)]
struct AccountHeader {
    account_id: String,
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

// ---------------------------------------------------------------------------------------------
// Errors

/// Maps any SDK error to the domain error, keeping AWS's code and message.
pub fn map_sdk_error<E>(err: SdkError<E, HttpResponse>) -> OrgError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    // The full chain with debug detail, to recognise credential failures...
    let full = DisplayErrorContext(&err).to_string();
    // ...and the readable part of it for messages.
    let chain = error_chain(&err);
    match &err {
        SdkError::ServiceError(ctx) => {
            let e = ctx.err();
            match e.code() {
                Some(code) if !code.is_empty() => {
                    let message = e.message().unwrap_or_default().to_string();
                    if is_credentials_code(code) {
                        OrgError::with_kind(ErrorKind::Credentials, code, message)
                    } else {
                        OrgError::new(code, message)
                    }
                }
                _ => http_error(ctx.raw(), &chain),
            }
        }
        SdkError::ResponseError(ctx) => http_error(ctx.raw(), &chain),
        SdkError::TimeoutError(_) => OrgError::with_kind(
            ErrorKind::Network,
            "Timeout",
            format!("the request timed out: {chain}"),
        ),
        SdkError::DispatchFailure(d) => {
            if looks_like_credentials(&full) {
                credentials_error(&chain)
            } else if d.is_timeout() {
                OrgError::with_kind(
                    ErrorKind::Network,
                    "Timeout",
                    format!("the request timed out: {chain}"),
                )
            } else {
                OrgError::with_kind(
                    ErrorKind::Network,
                    "NetworkError",
                    format!("could not reach the endpoint: {chain}"),
                )
            }
        }
        SdkError::ConstructionFailure(_) => {
            if looks_like_credentials(&full) {
                credentials_error(&chain)
            } else {
                OrgError::with_kind(
                    ErrorKind::Other,
                    "RequestNotBuilt",
                    format!("could not build the request: {chain}"),
                )
            }
        }
        _ => OrgError::with_kind(ErrorKind::Other, "SdkError", chain),
    }
}

/// `outer: inner: innermost`, skipping a cause whose text the outer error already shows.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    let mut depth = 0;
    while let Some(e) = cur {
        let text = e.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = e.source();
        depth += 1;
        if depth > 16 {
            break;
        }
    }
    out
}

fn is_credentials_code(code: &str) -> bool {
    matches!(
        code,
        "ExpiredTokenException"
            | "ExpiredToken"
            | "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "MissingAuthenticationToken"
    )
}

fn looks_like_credentials(chain: &str) -> bool {
    let c = chain.to_ascii_lowercase();
    [
        "credential",
        "identity resolver",
        "resolve identity",
        "access token",
        "profile",
        "token has expired",
    ]
    .iter()
    .any(|k| c.contains(k))
        || c.split(|ch: char| !ch.is_ascii_alphanumeric())
            .any(|w| w == "sso")
}

fn credentials_error(chain: &str) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Credentials,
        "CredentialsError",
        chain.to_string(),
    )
}

/// A response that is not an AWS error document (moto answers unimplemented calls with
/// HTTP 500 and an HTML page).
fn http_error(raw: &HttpResponse, chain: &str) -> OrgError {
    let status = raw.status().as_u16();
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let detail = html_title(&body).unwrap_or_else(|| {
        let text: String = body.chars().take(200).collect();
        if text.trim().is_empty() {
            chain.to_string()
        } else {
            text.trim().to_string()
        }
    });
    let kind = match status {
        429 => ErrorKind::Throttled,
        403 => ErrorKind::AccessDenied,
        _ => ErrorKind::Other,
    };
    let message = if status == 500 && body.trim_start().starts_with('<') {
        format!("the endpoint does not implement this call ({detail})")
    } else {
        detail
    };
    OrgError::with_kind(kind, format!("HTTP {status}"), message)
}

fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower.get(start..)?.find("</title>")?;
    let t = body.get(start..end)?.trim();
    (!t.is_empty()).then(|| t.to_string())
}

// ---------------------------------------------------------------------------------------------
// Conversions

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn rfc3339(t: Option<&DateTime>) -> String {
    t.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
        .unwrap_or_default()
}

fn policy_type_of(t: Option<&sdk::types::PolicyType>) -> PolicyType {
    PolicyType::from_api_str(t.map(|t| t.as_str()).unwrap_or_default())
}

fn sdk_policy_type(t: &PolicyType) -> sdk::types::PolicyType {
    sdk::types::PolicyType::from(t.as_api_str())
}

fn policy_type_summaries(v: &[sdk::types::PolicyTypeSummary]) -> Vec<PolicyTypeSummary> {
    v.iter()
        .map(|p| PolicyTypeSummary {
            kind: policy_type_of(p.r#type()),
            status: s(p.status().map(|x| x.as_str())),
        })
        .collect()
}

fn organization(o: &sdk::types::Organization) -> Organization {
    Organization {
        id: s(o.id()),
        arn: s(o.arn()),
        feature_set: s(o.feature_set().map(|f| f.as_str())),
        master_account_id: s(o.master_account_id()),
        master_account_arn: s(o.master_account_arn()),
        master_account_email: s(o.master_account_email()),
        available_policy_types: policy_type_summaries(o.available_policy_types()),
    }
}

fn root(r: &sdk::types::Root) -> Root {
    Root {
        id: s(r.id()),
        arn: s(r.arn()),
        name: s(r.name()),
        policy_types: policy_type_summaries(r.policy_types()),
    }
}

fn org_unit(o: &sdk::types::OrganizationalUnit) -> OrgUnit {
    OrgUnit {
        id: s(o.id()),
        arn: s(o.arn()),
        name: s(o.name()),
    }
}

fn account(a: &sdk::types::Account) -> Account {
    // `State` is the current field; `Status` (ACTIVE / SUSPENDED / PENDING_CLOSURE) is
    // deprecated but is all older endpoints (and some emulators) send.
    let state = match (a.state(), a.status()) {
        (Some(st), _) => AccountState::from_api_str(st.as_str()),
        (None, Some(st)) => AccountState::from_api_str(st.as_str()),
        (None, None) => AccountState::Active,
    };
    Account {
        id: s(a.id()),
        arn: s(a.arn()),
        name: s(a.name()),
        email: s(a.email()),
        state,
        joined_method: s(a.joined_method().map(|m| m.as_str())),
        joined_at: rfc3339(a.joined_timestamp()),
    }
}

fn policy_summary(p: &sdk::types::PolicySummary) -> PolicySummary {
    PolicySummary {
        id: s(p.id()),
        arn: s(p.arn()),
        name: s(p.name()),
        description: s(p.description()),
        kind: policy_type_of(p.r#type()),
        aws_managed: p.aws_managed(),
    }
}

fn target_kind(t: Option<&sdk::types::TargetType>, id: &str) -> TargetKind {
    match t.map(|t| t.as_str()) {
        Some("ROOT") => TargetKind::Root,
        Some("ORGANIZATIONAL_UNIT") => TargetKind::OrganizationalUnit,
        Some("ACCOUNT") => TargetKind::Account,
        _ => TargetKind::of(id).unwrap_or(TargetKind::Account),
    }
}

fn policy_target(t: &sdk::types::PolicyTargetSummary) -> PolicyTarget {
    let id = s(t.target_id());
    PolicyTarget {
        kind: target_kind(t.r#type(), &id),
        arn: s(t.arn()),
        name: s(t.name()),
        target_id: id,
    }
}

fn create_account_status(c: &sdk::types::CreateAccountStatus) -> CreateAccountStatus {
    CreateAccountStatus {
        id: s(c.id()),
        account_name: s(c.account_name()),
        state: s(c.state().map(|x| x.as_str())),
        account_id: c.account_id().map(str::to_string),
        failure_reason: c.failure_reason().map(|f| f.as_str().to_string()),
    }
}

fn child(c: &sdk::types::Child) -> Child {
    let id = s(c.id());
    let kind = match c.r#type().map(|t| t.as_str()) {
        Some("ORGANIZATIONAL_UNIT") => ChildType::OrganizationalUnit,
        Some("ACCOUNT") => ChildType::Account,
        _ if super::ids::is_ou_id(&id) => ChildType::OrganizationalUnit,
        _ => ChildType::Account,
    };
    Child { id, kind }
}

fn parent(p: &sdk::types::Parent) -> Parent {
    let id = s(p.id());
    let kind = match p.r#type().map(|t| t.as_str()) {
        Some("ROOT") => TargetKind::Root,
        Some("ORGANIZATIONAL_UNIT") => TargetKind::OrganizationalUnit,
        _ => TargetKind::of(&id).unwrap_or(TargetKind::OrganizationalUnit),
    };
    Parent { id, kind }
}

fn page<S, T>(items: &[S], next: Option<&str>, f: impl Fn(&S) -> T) -> Page<T> {
    Page {
        items: items.iter().map(f).collect(),
        next_token: next.filter(|t| !t.is_empty()).map(str::to_string),
    }
}

fn missing(what: &str) -> OrgError {
    OrgError::with_kind(
        ErrorKind::Other,
        "IncompleteResponse",
        format!("the response did not include {what}"),
    )
}

// ---------------------------------------------------------------------------------------------
// The backend

#[async_trait]
impl OrgBackend for AwsBackend {
    async fn describe_organization(&self) -> OrgResult<Organization> {
        let out = self
            .client
            .describe_organization()
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.organization()
            .map(organization)
            .ok_or_else(|| missing("the organization"))
    }

    async fn create_organization(&self, feature_set: &str) -> OrgResult<Organization> {
        let out = self
            .client
            .create_organization()
            .feature_set(sdk::types::OrganizationFeatureSet::from(feature_set))
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.organization()
            .map(organization)
            .ok_or_else(|| missing("the organization"))
    }

    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>> {
        let out = self
            .client
            .list_roots()
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.roots(), out.next_token(), root))
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>> {
        let out = self
            .client
            .list_organizational_units_for_parent()
            .parent_id(parent_id)
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.organizational_units(), out.next_token(), org_unit))
    }

    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        let out = self
            .client
            .list_accounts_for_parent()
            .parent_id(parent_id)
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.accounts(), out.next_token(), account))
    }

    async fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
        token: Token,
    ) -> OrgResult<Page<Child>> {
        let out = self
            .client
            .list_children()
            .parent_id(parent_id)
            .child_type(sdk::types::ChildType::from(child_type.as_api_str()))
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.children(), out.next_token(), child))
    }

    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>> {
        let out = self
            .client
            .list_parents()
            .child_id(child_id)
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.parents(), out.next_token(), parent))
    }

    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit> {
        let out = self
            .client
            .describe_organizational_unit()
            .organizational_unit_id(ou_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.organizational_unit()
            .map(org_unit)
            .ok_or_else(|| missing("the OU"))
    }

    async fn describe_account(&self, account_id: &str) -> OrgResult<Account> {
        let out = self
            .client
            .describe_account()
            .account_id(account_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.account()
            .map(account)
            .ok_or_else(|| missing("the account"))
    }

    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>> {
        let out = self
            .client
            .list_accounts()
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.accounts(), out.next_token(), account))
    }

    async fn list_tags_for_resource(
        &self,
        resource_id: &str,
        token: Token,
    ) -> OrgResult<Page<Tag>> {
        // ListTagsForResource takes no MaxResults.
        let out = self
            .client
            .list_tags_for_resource()
            .resource_id(resource_id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.tags(), out.next_token(), |t| Tag {
            key: t.key().to_string(),
            value: t.value().to_string(),
        }))
    }

    async fn tag_resource(&self, resource_id: &str, tags: &[Tag]) -> OrgResult<()> {
        let mut req = self.client.tag_resource().resource_id(resource_id);
        for t in tags {
            let tag = sdk::types::Tag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(|e| {
                    OrgError::with_kind(
                        ErrorKind::InvalidInput,
                        "InvalidInputException",
                        DisplayErrorContext(&e).to_string(),
                    )
                })?;
            req = req.tags(tag);
        }
        req.send().await.map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn list_policies(
        &self,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        let out = self
            .client
            .list_policies()
            .filter(sdk_policy_type(filter))
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.policies(), out.next_token(), policy_summary))
    }

    async fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        let out = self
            .client
            .list_policies_for_target()
            .target_id(target_id)
            .filter(sdk_policy_type(filter))
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.policies(), out.next_token(), policy_summary))
    }

    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy> {
        let out = self
            .client
            .describe_policy()
            .policy_id(policy_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        let p = out.policy().ok_or_else(|| missing("the policy"))?;
        let summary = p
            .policy_summary()
            .map(policy_summary)
            .ok_or_else(|| missing("the policy summary"))?;
        Ok(Policy {
            summary,
            content: s(p.content()),
        })
    }

    async fn list_targets_for_policy(
        &self,
        policy_id: &str,
        token: Token,
    ) -> OrgResult<Page<PolicyTarget>> {
        let out = self
            .client
            .list_targets_for_policy()
            .policy_id(policy_id)
            .set_next_token(token)
            .max_results(MAX_PAGE)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(page(out.targets(), out.next_token(), policy_target))
    }

    async fn create_policy(
        &self,
        name: &str,
        description: &str,
        content: &str,
        kind: &PolicyType,
    ) -> OrgResult<PolicySummary> {
        let out = self
            .client
            .create_policy()
            .name(name)
            .description(description)
            .content(content)
            .r#type(sdk_policy_type(kind))
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.policy()
            .and_then(|p| p.policy_summary())
            .map(policy_summary)
            .ok_or_else(|| missing("the policy"))
    }

    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.client
            .attach_policy()
            .policy_id(policy_id)
            .target_id(target_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.client
            .detach_policy()
            .policy_id(policy_id)
            .target_id(target_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn create_account(&self, email: &str, name: &str) -> OrgResult<CreateAccountStatus> {
        let out = self
            .client
            .create_account()
            .email(email)
            .account_name(name)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.create_account_status()
            .map(create_account_status)
            .ok_or_else(|| missing("the create-account status"))
    }

    async fn describe_create_account_status(
        &self,
        request_id: &str,
    ) -> OrgResult<CreateAccountStatus> {
        let out = self
            .client
            .describe_create_account_status()
            .create_account_request_id(request_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.create_account_status()
            .map(create_account_status)
            .ok_or_else(|| missing("the create-account status"))
    }

    async fn move_account(
        &self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()> {
        self.client
            .move_account()
            .account_id(account_id)
            .source_parent_id(source_parent_id)
            .destination_parent_id(destination_parent_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        let out = self
            .client
            .create_organizational_unit()
            .parent_id(parent_id)
            .name(name)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.organizational_unit()
            .map(org_unit)
            .ok_or_else(|| missing("the OU"))
    }

    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit> {
        let out = self
            .client
            .update_organizational_unit()
            .organizational_unit_id(ou_id)
            .name(name)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        out.organizational_unit()
            .map(org_unit)
            .ok_or_else(|| missing("the OU"))
    }

    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()> {
        self.client
            .delete_organizational_unit()
            .organizational_unit_id(ou_id)
            .send()
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_titles_are_found() {
        assert_eq!(
            html_title("<html><head><title>500 Internal Server Error</title></head>"),
            Some("500 Internal Server Error".to_string())
        );
        assert_eq!(html_title("{\"x\":1}"), None);
    }

    #[test]
    fn credential_chains_are_recognised() {
        assert!(looks_like_credentials(
            "dispatch failure: other: the credential provider was not enabled"
        ));
        assert!(looks_like_credentials(
            "the SSO token has expired and cannot be refreshed"
        ));
        assert!(!looks_like_credentials(
            "dispatch failure: io error: Connection refused (os error 111)"
        ));
    }

    #[test]
    fn conversions_fill_missing_fields() {
        let a = account(&sdk::types::Account::builder().id("123456789012").build());
        assert_eq!(a.id, "123456789012");
        assert_eq!(a.name, "");
        assert_eq!(a.joined_at, "");
        assert_eq!(a.state, AccountState::Active);
        let a = account(
            &sdk::types::Account::builder()
                .state(sdk::types::AccountState::Suspended)
                .joined_timestamp(DateTime::from_secs(0))
                .build(),
        );
        assert_eq!(a.state, AccountState::Suspended);
        assert_eq!(a.joined_at, "1970-01-01T00:00:00Z");
    }
}
