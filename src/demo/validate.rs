//! Checks of call arguments: id patterns, names, policy types and policy documents.

use super::errors::{invalid, invalid_pattern};
use crate::org::error::{OrgError, OrgResult};
use crate::org::ids::{self, TargetKind};
use crate::org::types::PolicyType;

pub(super) fn check_policy_type(kind: &PolicyType) -> OrgResult<()> {
    match kind {
        PolicyType::Other(s) => Err(invalid(format!(
            "INVALID_ENUM: \"{s}\" is not a valid policy type."
        ))),
        _ => Ok(()),
    }
}

/// An id of `prefix` and 8 to 32 lowercase letters or digits (handshakes `h-`,
/// responsibility transfers `rt-`).
pub(super) fn check_prefixed_id(field: &str, prefix: &str, id: &str) -> OrgResult<()> {
    let ok = id.strip_prefix(prefix).is_some_and(|rest| {
        (8..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if ok {
        Ok(())
    } else {
        Err(invalid_pattern(field, id))
    }
}

pub(super) fn check_target_id(field: &str, id: &str) -> OrgResult<TargetKind> {
    TargetKind::of(id).ok_or_else(|| invalid_pattern(field, id))
}

pub(super) fn check_parent_id(field: &str, id: &str) -> OrgResult<()> {
    if ids::is_parent_id(id) {
        Ok(())
    } else {
        Err(invalid_pattern(field, id))
    }
}

pub(super) fn check_policy_id(id: &str) -> OrgResult<()> {
    if ids::is_policy_id(id) {
        Ok(())
    } else {
        Err(invalid_pattern("PolicyId", id))
    }
}

pub(super) fn check_ou_name(name: &str) -> OrgResult<()> {
    // AWS accepts any characters ([\s\S]*); only the length is limited.
    let n = name.chars().count();
    if n == 0 {
        Err(invalid("INPUT_REQUIRED: Name must not be empty."))
    } else if n > 128 {
        Err(invalid(format!(
            "MAX_LENGTH_EXCEEDED: Name is {n} characters; at most 128 are allowed."
        )))
    } else {
        Ok(())
    }
}

/// A policy document must be JSON; SCPs and RCPs must also follow the IAM policy grammar's
/// outline (a Statement whose entries each have an Allow/Deny Effect).
pub(super) fn check_policy_document(kind: &PolicyType, content: &str) -> OrgResult<()> {
    let malformed = |why: &str| {
        OrgError::new(
            "MalformedPolicyDocumentException",
            format!("The provided policy document does not meet the requirements of the specified policy type: {why}"),
        )
    };
    let doc: serde_json::Value =
        serde_json::from_str(content).map_err(|e| malformed(&format!("invalid JSON ({e})")))?;
    let obj = doc
        .as_object()
        .ok_or_else(|| malformed("the document must be a JSON object"))?;
    if !matches!(
        kind,
        PolicyType::ServiceControl | PolicyType::ResourceControl
    ) {
        return Ok(());
    }
    if let Some(v) = obj.get("Version") {
        if !matches!(v.as_str(), Some("2012-10-17" | "2008-10-17")) {
            return Err(malformed("Version must be \"2012-10-17\""));
        }
    }
    let statements: Vec<&serde_json::Value> = match obj.get("Statement") {
        Some(serde_json::Value::Array(list)) if !list.is_empty() => list.iter().collect(),
        Some(one @ serde_json::Value::Object(_)) => vec![one],
        _ => return Err(malformed("Statement is missing or empty")),
    };
    for s in statements {
        match s.get("Effect").and_then(|e| e.as_str()) {
            Some("Allow") | Some("Deny") => {}
            _ => {
                return Err(malformed(
                    "every statement needs an Effect of Allow or Deny",
                ))
            }
        }
    }
    Ok(())
}
