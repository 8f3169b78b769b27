//! The small domain error every backend call returns. It keeps AWS's error code and
//! message, and adds a plain explanation of what to do.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// TooManyRequestsException and friends: retry later.
    Throttled,
    /// AccessDenied, or a call only the management account may make.
    AccessDenied,
    /// No usable credentials, or an expired SSO session.
    Credentials,
    /// The caller is not in an organization.
    NoOrganization,
    NotFound,
    InvalidInput,
    /// The request is valid but breaks a rule (quotas, non-empty OU, duplicates...).
    Constraint,
    /// No answer within the deadline: the request may have gone out, so a change may or
    /// may not have happened. Code `Timeout`.
    Timeout,
    /// The connection could not be made (DNS, refused, unreachable, TLS handshake):
    /// nothing was sent. Code `NetworkError`.
    Unreachable,
    /// The connection broke after the request went out, before an answer came: a change
    /// may have happened. Code `ConnectionLost`.
    ConnectionLost,
    /// The server failed (HTTP 5xx, or AWS's ServiceException and friends): a change may
    /// have happened. Code `HTTP <status>` or AWS's own.
    ServerError {
        status: u16,
    },
    /// Whether a change happened is not known, even after re-reading. Code `OutcomeUnknown`.
    OutcomeUnknown,
    /// Stopped before it was sent: nothing was changed. Code `NotSent`.
    Stopped,
    /// Something answered that is not AWS Organizations (a web server's 404 or 501, a web
    /// page): the endpoint is the wrong one, and nothing was done. Code `HTTP <status>`.
    NotOrganizations,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgError {
    pub kind: ErrorKind,
    /// The AWS error code, e.g. `AccountNotFoundException`.
    pub code: String,
    pub message: String,
}

impl OrgError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        let code = code.into();
        OrgError {
            kind: kind_of_code(&code),
            code,
            message: message.into(),
        }
    }

    pub fn with_kind(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        OrgError {
            kind,
            code: code.into(),
            message: message.into(),
        }
    }

    /// No answer within `message`'s deadline.
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::Timeout, "Timeout", message)
    }

    /// No connection could be made: nothing was sent.
    pub fn unreachable(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::Unreachable, "NetworkError", message)
    }

    /// The connection broke after the request went out.
    pub fn connection_lost(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::ConnectionLost, "ConnectionLost", message)
    }

    /// A 5xx answer that is not an AWS error document.
    pub fn server_error(status: u16, message: impl Into<String>) -> Self {
        Self::with_kind(
            ErrorKind::ServerError { status },
            format!("HTTP {status}"),
            message,
        )
    }

    /// A change whose outcome is not known yet (the reply was lost and a re-read could not
    /// settle it): it may still land, so it is neither a failure nor "not done".
    pub fn outcome_unknown(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::OutcomeUnknown, "OutcomeUnknown", message)
    }

    pub fn is_unknown_outcome(&self) -> bool {
        self.kind == ErrorKind::OutcomeUnknown
    }

    /// Stopped before it was sent.
    pub fn not_sent(message: impl Into<String>) -> Self {
        Self::with_kind(ErrorKind::Stopped, "NotSent", message)
    }

    pub fn is_throttling(&self) -> bool {
        self.kind == ErrorKind::Throttled
    }

    /// What the error means for the user, in plain words: for what became of the request
    /// by its kind (the codes of those kinds are made up, not AWS's), else by AWS's code,
    /// else by the kind.
    pub fn explanation(&self) -> &'static str {
        match self.kind {
            ErrorKind::Timeout
            | ErrorKind::Unreachable
            | ErrorKind::ConnectionLost
            | ErrorKind::OutcomeUnknown
            | ErrorKind::Stopped => self.kind.explanation(),
            _ => reason_explanation(self.reason())
                .or_else(|| code_explanation(&self.code))
                .unwrap_or_else(|| self.kind.explanation()),
        }
    }

    /// AWS's reason for a ConstraintViolationException or InvalidInputException (e.g.
    /// `MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED`): the upper-case word that leads its
    /// message (the AWS backend and the demo both put it there).
    pub fn reason(&self) -> Option<&str> {
        let (head, _) = self.message.split_once(':')?;
        let is_reason = head.len() > 3
            && head
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        is_reason.then_some(head)
    }
}

/// What a ConstraintViolationException's reason means (the quota reasons; the others are
/// said well enough by AWS's message, which is shown beside this).
fn reason_explanation(reason: Option<&str>) -> Option<&'static str> {
    Some(match reason? {
        "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" => {
            "AWS refused: the target has as many policies of this type attached directly as its quota allows (MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED). Detach one first, or ask for a higher quota."
        }
        "POLICY_NUMBER_LIMIT_EXCEEDED" => {
            "AWS refused: the organization has as many policies of this type as its quota allows (POLICY_NUMBER_LIMIT_EXCEEDED). Delete an unused one first."
        }
        "POLICY_CONTENT_LIMIT_EXCEEDED" => {
            "AWS refused: the policy is longer than its type allows (POLICY_CONTENT_LIMIT_EXCEEDED). Shorten or minify it."
        }
        "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED" => {
            "AWS refused: the target must keep at least one policy of this type (MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED). Attach another before detaching this one."
        }
        "OU_DEPTH_LIMIT_EXCEEDED" => {
            "AWS refused: OUs nest at most five levels below the root (OU_DEPTH_LIMIT_EXCEEDED)."
        }
        "OU_NUMBER_LIMIT_EXCEEDED" => {
            "AWS refused: the organization has as many OUs as its quota allows (OU_NUMBER_LIMIT_EXCEEDED)."
        }
        "ACCOUNT_NUMBER_LIMIT_EXCEEDED" => {
            "AWS refused: the organization has as many accounts as its quota allows (ACCOUNT_NUMBER_LIMIT_EXCEEDED); ask for a higher quota in Service Quotas."
        }
        "TAG_POLICY_VIOLATION" => {
            "AWS refused: the tags break a tag policy in effect here (TAG_POLICY_VIOLATION)."
        }
        _ => return None,
    })
}

impl ErrorKind {
    /// What an error of this kind means, when its code says nothing more.
    pub fn explanation(self) -> &'static str {
        match self {
            ErrorKind::Credentials => {
                "No usable AWS credentials. Set AWS_PROFILE or --profile, run `aws sso login` if your SSO session expired, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY."
            }
            ErrorKind::Unreachable => {
                "Could not reach the Organizations endpoint. Check the network, --region and --endpoint-url."
            }
            ErrorKind::Timeout => {
                "No answer in time (the limit is timeout_seconds in the config file). r retries."
            }
            ErrorKind::ConnectionLost => {
                "The connection broke before AWS answered. A change is re-read to learn whether it happened; r retries a read."
            }
            ErrorKind::Stopped => "Stopped before it was sent: nothing was changed.",
            ErrorKind::OutcomeUnknown => {
                "Whether this change happened is not known: refresh (r) to see the organization as it is now."
            }
            ErrorKind::NotFound => "It does not exist (any more).",
            ErrorKind::InvalidInput => "AWS rejected a value as invalid.",
            ErrorKind::Constraint => "The change would break an Organizations rule.",
            ErrorKind::Throttled => "AWS is throttling requests. Wait and retry.",
            ErrorKind::AccessDenied => "You are not allowed to do this.",
            ErrorKind::NoOrganization => "This account is not in an organization.",
            ErrorKind::NotOrganizations => {
                "The endpoint does not look like AWS Organizations: it answered as a web server does, not with an Organizations reply. Check --endpoint-url, AWS_ENDPOINT_URL and the profile's endpoint_url (or services section) in ~/.aws/config."
            }
            ErrorKind::ServerError { .. } | ErrorKind::Other => "Unexpected error.",
        }
    }
}

/// What one of AWS's error codes (or one of the codes of the STS caller and the demo)
/// means, in plain words.
fn code_explanation(code: &str) -> Option<&'static str> {
    Some(match code {
        "AWSOrganizationsNotInUseException" => {
            "This account is not a member of an organization. Sign in to an organization's management account, or create an organization first."
        }
        // STS and IAM spell it without "Exception" (Organizations with): AssumeRole.
        "AccessDenied" => "The role is missing there or does not trust you.",
        "DemoHasNoAccounts" => "The demo has no real accounts to go into.",
        "ShellFailed" => "Check $SHELL (/bin/sh when it is not set).",
        // The command palette's own failures: a mistyped command, not an AWS error.
        "CommandFailed" => {
            "The command was not carried out and nothing was sent to AWS; : and Tab list the commands and what each takes."
        }
        "AccessDeniedException" => {
            "You are not allowed to do this. Most Organizations calls need the management account (or a delegated administrator) and organizations:Describe*/List* permissions."
        }
        "TooManyRequestsException" | "ThrottlingException" => {
            "AWS is throttling Organizations calls (limits are shared by the whole organization). Wait a moment and press r to retry."
        }
        "ConstraintViolationException" => {
            "The change would break an Organizations rule or quota."
        }
        "DuplicatePolicyAttachmentException" => "That policy is already attached there.",
        "PolicyNotAttachedException" => "That policy is not attached directly to this target.",
        "OrganizationalUnitNotEmptyException" => {
            "Only an empty OU can be deleted: move or delete what is inside first."
        }
        "DuplicateOrganizationalUnitException" => {
            "An OU with that name already exists under this parent."
        }
        "DuplicateAccountException" => "The account is already in that place.",
        "AccountNotFoundException" => "No such account in this organization.",
        "OrganizationalUnitNotFoundException" => "No such OU; it may have been deleted.",
        "ParentNotFoundException" => "No such root or OU; it may have been deleted.",
        "DestinationParentNotFoundException" => "The destination root or OU does not exist.",
        "SourceParentNotFoundException" => "The account is not under that source parent any more.",
        "PolicyNotFoundException" => "No such policy; it may have been deleted.",
        "TargetNotFoundException" => "No such root, OU or account.",
        "PolicyTypeNotEnabledException" => "That policy type is not enabled on the root.",
        "InvalidInputException" => "AWS rejected a value as invalid.",
        "MalformedPolicyDocumentException" => "The policy document is not valid.",
        "DuplicatePolicyException" => "A policy of that type with that name already exists.",
        "PolicyInUseException" => {
            "The policy is still attached somewhere: detach it from every root, OU and account first."
        }
        "PolicyTypeAlreadyEnabledException" => "That policy type is already enabled on the root.",
        "PolicyTypeNotAvailableForOrganizationException" => {
            "Policies need an organization with all features enabled."
        }
        "PolicyChangesInProgressException" => {
            "Changes to this policy type are still being applied. Wait a moment and try again."
        }
        "EffectivePolicyNotFoundException" => {
            "No effective policy of this type: the type is not enabled, or no policy of it applies to the account."
        }
        "RootNotFoundException" => "No such root.",
        "ResponsibilityTransferNotFoundException" => {
            "No such responsibility transfer: it may be between other organizations, or the id is wrong."
        }
        "InvalidResponsibilityTransferTransitionException" => {
            "The transfer is not in a state that allows this (only an accepted transfer can be terminated)."
        }
        "ResponsibilityTransferAlreadyInStatusException" => {
            "The transfer is already in that status: nothing to do."
        }
        "UnsupportedAPIEndpointException" => {
            "This call is not available at this endpoint or Region (Organizations is served from us-east-1)."
        }
        "ConcurrentModificationException" => {
            "Someone else changed this at the same moment. Refresh and try again."
        }
        "ServiceException" => "AWS Organizations had an internal error. Try again.",
        _ => return None,
    })
}

impl fmt::Display for OrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl std::error::Error for OrgError {}

fn kind_of_code(code: &str) -> ErrorKind {
    match code {
        "TooManyRequestsException" | "ThrottlingException" | "Throttling" => ErrorKind::Throttled,
        "AccessDeniedException"
        | "AccessDenied"
        | "AccessDeniedForDependencyException"
        | "UnrecognizedClientException" => ErrorKind::AccessDenied,
        "ExpiredTokenException" | "InvalidClientTokenId" => ErrorKind::Credentials,
        "AWSOrganizationsNotInUseException" => ErrorKind::NoOrganization,
        "InvalidInputException" | "MalformedPolicyDocumentException" | "ValidationException" => {
            ErrorKind::InvalidInput
        }
        c if c.ends_with("NotFoundException") => ErrorKind::NotFound,
        "ConstraintViolationException"
        | "DuplicatePolicyAttachmentException"
        | "DuplicateOrganizationalUnitException"
        | "DuplicateAccountException"
        | "DuplicatePolicyException"
        | "OrganizationalUnitNotEmptyException"
        | "PolicyNotAttachedException"
        | "PolicyInUseException"
        | "PolicyTypeNotEnabledException"
        | "PolicyTypeAlreadyEnabledException"
        | "PolicyTypeNotAvailableForOrganizationException"
        | "PolicyChangesInProgressException"
        | "ConcurrentModificationException"
        | "AlreadyInOrganizationException"
        | "OrganizationNotEmptyException"
        | "HandshakeConstraintViolationException"
        | "InvalidHandshakeTransitionException"
        | "DuplicateHandshakeException"
        | "HandshakeAlreadyInStateException"
        | "FinalizingOrganizationException"
        | "AccountOwnerNotVerifiedException"
        | "MasterCannotLeaveOrganizationException"
        | "AccountAlreadyClosedException"
        | "InvalidResponsibilityTransferTransitionException"
        | "ResponsibilityTransferAlreadyInStatusException" => ErrorKind::Constraint,
        // AWS's codes for its own failures, answered with these statuses; the AWS backend
        // puts in the status it got.
        "ServiceException" | "InternalFailure" => ErrorKind::ServerError { status: 500 },
        "ServiceUnavailableException" => ErrorKind::ServerError { status: 503 },
        _ => ErrorKind::Other,
    }
}

pub type OrgResult<T> = Result<T, OrgError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(
            OrgError::new("TooManyRequestsException", "").kind,
            ErrorKind::Throttled
        );
        assert_eq!(
            OrgError::new("AccountNotFoundException", "").kind,
            ErrorKind::NotFound
        );
        assert_eq!(
            OrgError::new("DuplicatePolicyAttachmentException", "").kind,
            ErrorKind::Constraint
        );
        assert_eq!(OrgError::new("Weird", "x").to_string(), "Weird: x");
        // The responsibility-transfer codes of 2025-11.
        let e = OrgError::new("ResponsibilityTransferNotFoundException", "");
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.explanation().contains("transfer"));
        for code in [
            "InvalidResponsibilityTransferTransitionException",
            "ResponsibilityTransferAlreadyInStatusException",
        ] {
            let e = OrgError::new(code, "");
            assert_eq!(e.kind, ErrorKind::Constraint, "{code}");
            assert!(e.explanation().contains("transfer"), "{code}");
        }
    }

    #[test]
    fn a_constraint_reason_is_read_and_explained() {
        let e = OrgError::new(
            "ConstraintViolationException",
            "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: You have attached the maximum number of policies of this type.",
        );
        assert_eq!(
            e.reason(),
            Some("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
        );
        assert!(e
            .explanation()
            .contains("(MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED)"));
        let e = OrgError::new(
            "ConstraintViolationException",
            "POLICY_NUMBER_LIMIT_EXCEEDED: x",
        );
        assert!(e.explanation().contains("POLICY_NUMBER_LIMIT_EXCEEDED"));
        // An unknown reason keeps the code's explanation; a message without one has none.
        let e = OrgError::new("ConstraintViolationException", "SOMETHING_NEW: x");
        assert_eq!(e.reason(), Some("SOMETHING_NEW"));
        assert!(e.explanation().contains("rule or quota"));
        assert_eq!(OrgError::new("X", "Not a reason: x").reason(), None);
    }

    #[test]
    fn what_became_of_a_request_is_explained_by_its_kind_not_its_code() {
        let timeout = OrgError::timeout("no answer within 10 s");
        assert_eq!(timeout.code, "Timeout");
        assert!(timeout.explanation().contains("No answer in time"));
        // A misleading code does not change the explanation, and a made-up code on an
        // error of another kind is not explained as what it names.
        let k = |kind, code| OrgError::with_kind(kind, code, "x");
        assert_eq!(
            k(ErrorKind::Timeout, "ServiceException").explanation(),
            timeout.explanation()
        );
        assert_eq!(
            k(ErrorKind::Other, "Timeout").explanation(),
            "Unexpected error."
        );
        assert!(k(ErrorKind::Other, "OutcomeUnknown")
            .explanation()
            .starts_with("Unexpected"));
        for (e, code, says) in [
            (
                OrgError::unreachable("x"),
                "NetworkError",
                "Could not reach",
            ),
            (
                OrgError::connection_lost("x"),
                "ConnectionLost",
                "connection broke",
            ),
            (
                OrgError::outcome_unknown("x"),
                "OutcomeUnknown",
                "not known",
            ),
            (OrgError::not_sent("x"), "NotSent", "Stopped before"),
            (
                OrgError::server_error(502, "x"),
                "HTTP 502",
                "Unexpected error",
            ),
        ] {
            assert_eq!(e.code, code);
            assert!(e.explanation().contains(says), "{code}");
        }
        // Nothing of AWS's: said so in the explanation, not as an "Unexpected error".
        let palette = OrgError::new("CommandFailed", "no command \"profile\"");
        assert!(
            palette.explanation().contains("list the commands"),
            "{}",
            palette.explanation()
        );
        let web = OrgError::with_kind(ErrorKind::NotOrganizations, "HTTP 501", "Error response");
        assert!(web.explanation().contains("--endpoint-url"));
        // AWS's codes for its own failures are server errors.
        assert_eq!(
            OrgError::new("ServiceException", "").kind,
            ErrorKind::ServerError { status: 500 }
        );
        assert_eq!(
            OrgError::new("ServiceUnavailableException", "").kind,
            ErrorKind::ServerError { status: 503 }
        );
    }
}
