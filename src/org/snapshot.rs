//! The whole organization as one value: what a crawl reads (every root, OU and account
//! with its parent), what `orgtui export` writes out and what the snapshot cache keeps.

use serde::{Deserialize, Serialize};

use super::types::{Account, OrgUnit, Organization, Root};

/// Bumped whenever the shape changes; a cache of another version is ignored.
pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSnapshot {
    pub version: u32,
    /// When the crawl finished (RFC 3339).
    pub read_at: String,
    pub organization: Organization,
    pub roots: Vec<Root>,
    /// Every OU with the id of its parent (a root or an OU), parents before children.
    pub ous: Vec<Placed<OrgUnit>>,
    /// Every account with the id of its parent.
    pub accounts: Vec<Placed<Account>>,
    /// SCPs attached directly to roots and OUs (target id, policy name), when asked for
    /// (`orgtui export --scps`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scps: Vec<AttachedScp>,
    /// Roots and OUs whose children are all here (a crawl lists every one; the cache of a
    /// partial read only those that were expanded).
    pub listed: Vec<String>,
}

/// An SCP attached directly to a root or OU. Not a `Placed<String>`: serde can flatten
/// only a struct or map beside `parent`, and a snapshot that fails to serialize leaves the
/// cache unwritten.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AttachedScp {
    /// The root or OU.
    pub target: String,
    /// The policy's name.
    pub policy: String,
}

/// `item` with the id of its parent; `T` must serialize as a struct (it is flattened).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed<T> {
    pub parent: String,
    #[serde(flatten)]
    pub item: T,
}
