//! A problem found in a policy document, at its line and column: an error (AWS would
//! refuse it) or a warning (accepted, but likely not what was meant). Its own module, so
//! that the grammar, the lint and the validator can all make them without a circle.

use super::json::Pos;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub severity: Severity,
}

/// Whether a problem stops a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// AWS would refuse the document (or orgtui cannot read it): never sent.
    Error,
    /// AWS accepts it, but it most likely does not do what was meant (an unknown action,
    /// condition key or service; a resource no action of the statement can match).
    Warning,
}

impl Problem {
    pub fn at(pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            line: pos.line,
            column: pos.column,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::at(pos, message)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}
