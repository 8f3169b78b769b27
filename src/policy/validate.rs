//! Validation of policy documents before anything is sent: each problem with its line and
//! column (1-based) in the text as typed.

use crate::org::PolicyType;

/// The most characters an SCP or RCP may have, whitespace included.
pub const SCP_MAX_CHARS: usize = 5120;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Every problem found in `content` for a policy of type `kind`; empty when it may be sent.
pub fn validate(kind: &PolicyType, content: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(e) = serde_json::from_str::<serde_json::Value>(content) {
        problems.push(Problem {
            line: e.line(),
            column: e.column(),
            message: format!("not valid JSON: {e}"),
        });
    }
    let chars = content.chars().count();
    if matches!(
        kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    ) && chars > SCP_MAX_CHARS
    {
        problems.push(Problem {
            line: 1,
            column: 1,
            message: format!(
                "{chars} characters, {} over the limit of {SCP_MAX_CHARS}",
                chars - SCP_MAX_CHARS
            ),
        });
    }
    problems
}
