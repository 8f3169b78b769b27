//! What orgtui keeps on disk between runs: the audit log, policy drafts, account creations
//! being followed and the snapshot of the organization.

pub mod audit;
pub mod creations;
pub mod drafts;
pub mod snapshot;
