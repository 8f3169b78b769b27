//! The organization: domain types, validated ids, errors, and the backends.

pub mod aws;
pub mod backend;
pub mod demo;
pub mod error;
pub mod ids;
pub mod types;

pub use aws::AwsBackend;
pub use backend::{collect_all, OrgBackend, Token};
pub use demo::DemoBackend;
pub use error::{ErrorKind, OrgError, OrgResult};
pub use types::*;
