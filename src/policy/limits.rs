//! AWS Organizations' quotas per policy type, in one place: how many policies of a type may
//! be attached directly to one root, OU or account, and how many characters a document may
//! have (whitespace counts). The validator, the editor's size line, the attach rule and the
//! demo all read them here. Values as the quotas page has them (orgs_reference_limits);
//! when AWS answers otherwise, its ConstraintViolationException reason is shown.

use crate::org::PolicyType;

/// SCP quotas, doubled in every partition on 15 May 2026 (were 5 and 5,120).
pub const SCP_MAX_ATTACHED: usize = 10;
pub const SCP_MAX_CHARS: usize = 10_240;

/// A type's two quotas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Policies of the type attached directly to one target.
    pub max_attached: usize,
    /// Characters in one document, whitespace included.
    pub max_chars: usize,
}

const fn limits(max_attached: usize, max_chars: usize) -> Limits {
    Limits {
        max_attached,
        max_chars,
    }
}

/// The quotas of `kind`.
pub fn of(kind: &PolicyType) -> Limits {
    match kind {
        PolicyType::ServiceControl => limits(SCP_MAX_ATTACHED, SCP_MAX_CHARS),
        PolicyType::ResourceControl => limits(5, 5_120),
        PolicyType::Tag => limits(10, 10_000),
        PolicyType::Backup => limits(10, 10_000),
        PolicyType::AiServicesOptOut => limits(5, 2_500),
        PolicyType::Chatbot => limits(5, 10_000),
        PolicyType::DeclarativeEc2 => limits(10, 10_000),
        // Security Hub's size is on the quotas page; its attachment count is not, and
        // neither are those of the newer management types nor of a type this build does not
        // know: the smallest count any type has, and the management policies' common size.
        // AWS's own refusal (with its reason) says when these are wrong.
        PolicyType::SecurityHub
        | PolicyType::Inspector
        | PolicyType::GuardDuty
        | PolicyType::Bedrock
        | PolicyType::S3
        | PolicyType::UpgradeRollout
        | PolicyType::NetworkSecurityDirector
        | PolicyType::Other(_) => limits(5, 10_000),
    }
}

/// How many policies of `kind` may be attached directly to one target.
pub fn max_attached(kind: &PolicyType) -> usize {
    of(kind).max_attached
}

/// The most characters a document of `kind` may have.
pub fn max_chars(kind: &PolicyType) -> usize {
    of(kind).max_chars
}

/// Why one more policy of `kind` cannot be attached where `attached` of them are already,
/// or `None` when it can.
pub fn attach_refusal(kind: &PolicyType, attached: usize) -> Option<String> {
    let max = max_attached(kind);
    let what = match kind {
        PolicyType::ServiceControl | PolicyType::ResourceControl => format!("{}s", kind.short()),
        _ => format!("{} policies", kind.short()),
    };
    (attached >= max).then(|| {
        if attached == max {
            format!("{attached} {what} are attached here already, the most AWS allows; detach one first")
        } else {
            format!("{attached} {what} are attached here already, more than the {max} AWS allows; detach one first")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_has_limits_and_scps_are_doubled() {
        assert_eq!(of(&PolicyType::ServiceControl), limits(10, 10_240));
        assert_eq!(of(&PolicyType::ResourceControl), limits(5, 5_120));
        assert_eq!(max_chars(&PolicyType::AiServicesOptOut), 2_500);
        for kind in PolicyType::KNOWN {
            assert!(max_attached(&kind) >= 5, "{kind:?}");
            assert!(max_chars(&kind) >= 2_500, "{kind:?}");
        }
    }

    #[test]
    fn the_refusal_says_how_many_and_the_limit() {
        let scp = PolicyType::ServiceControl;
        assert_eq!(attach_refusal(&scp, 9), None);
        let refusal = attach_refusal(&scp, 10).unwrap();
        assert!(
            refusal == "10 SCPs are attached here already, the most AWS allows; detach one first",
            "{refusal}"
        );
        assert!(attach_refusal(&PolicyType::ResourceControl, 5).is_some());
        let over = attach_refusal(&PolicyType::Tag, 11).unwrap();
        assert!(
            over.contains("11 TAG policies") && over.contains("the 10 AWS allows"),
            "{over}"
        );
    }
}
