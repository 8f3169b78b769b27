//! AWS Organizations' quotas, as the demo enforces them.

use crate::org::types::PolicyType;

/// OUs nest at most five levels below the root.
pub(super) const MAX_OU_DEPTH: usize = 5;
pub(super) const MAX_TAGS: usize = 50;
/// AWS's quota of OUs in an organization.
pub(super) const MAX_OUS: usize = 2000;
pub(super) const MAX_ACCOUNTS: usize = 10_000;
pub(super) const MAX_POLICIES_PER_TYPE: usize = 1000;

/// How many policies of one type may be attached directly to one target (the app's
/// quotas, `policy::limits`, so the demo and the attach rule agree).
pub(super) fn max_attachments(kind: &PolicyType) -> usize {
    crate::policy::limits::max_attached(kind)
}

/// The document size quota per policy type, in characters (the validator's, so the demo
/// and the editor agree).
pub(super) fn max_content_len(kind: &PolicyType) -> usize {
    crate::policy::limits::max_chars(kind)
}
