//! The organization: domain types, validated ids, errors, the backend traits and the AWS
//! backend (the demo organization is `crate::demo`).

pub mod aws;
pub mod backend;
pub mod error;
pub mod handshakes;
pub mod ids;
pub mod lifecycle;
pub mod paging;
pub mod policy_admin;
pub mod snapshot;
pub mod transfers;
pub mod types;

pub use aws::AwsBackend;
pub use backend::OrgBackend;
pub use error::{ErrorKind, OrgError, OrgResult};
pub use handshakes::{Handshake, HandshakeFilter, HandshakeParty, HandshakeResource, Handshakes};
pub use lifecycle::{
    DelegatedAdministrator, DelegatedService, EnabledService, Lifecycle, NewAccount, ResourcePolicy,
};
pub use paging::{collect_all, for_each_page, TokenGuard};
pub use policy_admin::{
    EffectivePolicy, EffectivePolicyError, EffectivePolicyValidation, NewPolicy, PolicyAdmin,
    PolicyUpdate,
};
pub use snapshot::{AttachedScp, OrgSnapshot, Placed, SNAPSHOT_VERSION};
pub use transfers::{
    ResponsibilityTransfer, TransferInvitation, TransferParticipant, Transfers, BILLING,
    TRANSFER_STATUSES,
};
pub use types::*;
