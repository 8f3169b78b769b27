//! `AwsBackend`: the `OrgBackend` over the real `aws-sdk-organizations` client.
//!
//! Credentials come from aws-config's standard chain (environment, profile / AWS_PROFILE, SSO,
//! credential_process, container and instance roles). Every SDK error is mapped to an
//! [`OrgError`](crate::org::OrgError) that keeps the AWS error code and message; nothing here
//! panics on input from outside.
//!
//! - `client`: building the SDK client (credentials, region, endpoint, retries, timeouts);
//! - `errors`: SDK errors to `OrgError`, and the one `send` every call goes through;
//! - `convert`: SDK types to domain types;
//! - `calls`: the `OrgBackend` calls; `policy_admin`, `lifecycle`, `handshakes`,
//!   `transfers`: those of its supertraits.

mod calls;
mod client;
mod convert;
mod errors;
mod handshakes;
mod lifecycle;
mod policy_admin;
mod transfers;

use std::fmt;

use aws_sdk_organizations as sdk;

pub use calls::MAX_PAGE;
pub use client::{
    shared_config, AccountHeader, ClientOptions, DEFAULT_REGION, MAX_ATTEMPTS, MOTO_ACCOUNT_HEADER,
};
pub use errors::map_sdk_error;

#[derive(Clone)]
pub struct AwsBackend {
    client: sdk::Client,
    /// The profile named on the command line, quoted in credential errors.
    profile: Option<String>,
    /// What the client was built from (None for a client made elsewhere).
    shared: Option<aws_config::SdkConfig>,
}

impl fmt::Debug for AwsBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsBackend").finish_non_exhaustive()
    }
}
