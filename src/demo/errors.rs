//! Errors, with AWS's codes and messages close to AWS's own.

use crate::org::error::OrgError;

pub(super) fn invalid(message: impl Into<String>) -> OrgError {
    OrgError::new("InvalidInputException", message)
}

pub(super) fn invalid_pattern(field: &str, value: &str) -> OrgError {
    invalid(format!(
        "INVALID_PATTERN: The {field} \"{value}\" does not match the required pattern."
    ))
}

pub(super) fn constraint(reason: &str, message: &str) -> OrgError {
    OrgError::new(
        "ConstraintViolationException",
        format!("{reason}: {message}"),
    )
}

pub(super) fn not_in_use() -> OrgError {
    OrgError::new(
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
    )
}
