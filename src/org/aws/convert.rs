//! SDK types to domain types. Every field AWS may leave out becomes an empty string (or the
//! documented default), so a sparse answer never fails a conversion.

use aws_sdk_organizations as sdk;
use sdk::primitives::DateTime;

use super::errors::missing;
use crate::org::error::{ErrorKind, OrgError, OrgResult};
use crate::org::ids::is_ou_id;
use crate::org::types::*;

pub(super) fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

/// Dates in the one shape the demo backend uses too (see `crate::time`).
pub(super) fn rfc3339(t: Option<&DateTime>) -> String {
    t.and_then(crate::time::format_timestamp)
        .unwrap_or_default()
}

/// `what` converted by `f`, or an `IncompleteResponse` error naming `what` when it is absent.
pub(super) fn required<S, T>(v: Option<&S>, f: impl FnOnce(&S) -> T, what: &str) -> OrgResult<T> {
    v.map(f).ok_or_else(|| missing(what))
}

/// One page of `items` converted by `f`; an empty NextToken counts as none.
pub(super) fn page<S, T>(items: &[S], next: Option<&str>, f: impl Fn(&S) -> T) -> Page<T> {
    Page {
        items: items.iter().map(f).collect(),
        next_token: next.filter(|t| !t.is_empty()).map(str::to_string),
    }
}

fn policy_type_of(t: Option<&sdk::types::PolicyType>) -> PolicyType {
    PolicyType::from_api_str(t.map(|t| t.as_str()).unwrap_or_default())
}

pub(super) fn sdk_policy_type(t: &PolicyType) -> sdk::types::PolicyType {
    sdk::types::PolicyType::from(t.as_api_str())
}

/// A tag as the SDK sends it; its builder refuses a tag without key or value.
pub(super) fn sdk_tag(t: &Tag) -> OrgResult<sdk::types::Tag> {
    sdk::types::Tag::builder()
        .key(&t.key)
        .value(&t.value)
        .build()
        .map_err(refused)
}

/// An SDK builder's refusal of a value it needs (as AWS would refuse it).
pub(super) fn refused(e: sdk::error::BuildError) -> OrgError {
    OrgError::with_kind(
        ErrorKind::InvalidInput,
        "InvalidInputException",
        sdk::error::DisplayErrorContext(&e).to_string(),
    )
}

fn policy_type_summaries(v: &[sdk::types::PolicyTypeSummary]) -> Vec<PolicyTypeSummary> {
    v.iter()
        .map(|p| PolicyTypeSummary {
            kind: policy_type_of(p.r#type()),
            status: s(p.status().map(|x| x.as_str())),
        })
        .collect()
}

pub(super) fn organization(o: &sdk::types::Organization) -> Organization {
    Organization {
        id: s(o.id()),
        arn: s(o.arn()),
        feature_set: s(o.feature_set().map(|f| f.as_str())),
        master_account_id: s(o.master_account_id()),
        master_account_arn: s(o.master_account_arn()),
        master_account_email: s(o.master_account_email()),
        available_policy_types: policy_type_summaries(o.available_policy_types()),
    }
}

pub(super) fn root(r: &sdk::types::Root) -> Root {
    Root {
        id: s(r.id()),
        arn: s(r.arn()),
        name: s(r.name()),
        policy_types: policy_type_summaries(r.policy_types()),
    }
}

pub(super) fn org_unit(o: &sdk::types::OrganizationalUnit) -> OrgUnit {
    OrgUnit {
        id: s(o.id()),
        arn: s(o.arn()),
        name: s(o.name()),
    }
}

/// `State` is the current field; `Status` (ACTIVE / SUSPENDED / PENDING_CLOSURE) is
/// deprecated but is all older endpoints (and some emulators) send.
pub(super) fn account_state(
    state: Option<&sdk::types::AccountState>,
    status: Option<&sdk::types::AccountStatus>,
) -> AccountState {
    match (state, status) {
        (Some(st), _) => AccountState::from_api_str(st.as_str()),
        (None, Some(st)) => AccountState::from_api_str(st.as_str()),
        (None, None) => AccountState::Active,
    }
}

pub(super) fn account(a: &sdk::types::Account) -> Account {
    Account {
        id: s(a.id()),
        arn: s(a.arn()),
        name: s(a.name()),
        email: s(a.email()),
        state: account_state(a.state(), a.status()),
        joined_method: s(a.joined_method().map(|m| m.as_str())),
        joined_at: rfc3339(a.joined_timestamp()),
    }
}

pub(super) fn tag(t: &sdk::types::Tag) -> Tag {
    Tag {
        key: t.key().to_string(),
        value: t.value().to_string(),
    }
}

pub(super) fn policy_summary(p: &sdk::types::PolicySummary) -> PolicySummary {
    PolicySummary {
        id: s(p.id()),
        arn: s(p.arn()),
        name: s(p.name()),
        description: s(p.description()),
        kind: policy_type_of(p.r#type()),
        aws_managed: p.aws_managed(),
    }
}

pub(super) fn policy(p: &sdk::types::Policy) -> OrgResult<Policy> {
    Ok(Policy {
        summary: required(p.policy_summary(), policy_summary, "the policy summary")?,
        content: s(p.content()),
    })
}

fn target_kind(t: Option<&sdk::types::TargetType>, id: &str) -> TargetKind {
    match t.map(|t| t.as_str()) {
        Some("ROOT") => TargetKind::Root,
        Some("ORGANIZATIONAL_UNIT") => TargetKind::OrganizationalUnit,
        Some("ACCOUNT") => TargetKind::Account,
        _ => TargetKind::of(id).unwrap_or(TargetKind::Account),
    }
}

pub(super) fn policy_target(t: &sdk::types::PolicyTargetSummary) -> PolicyTarget {
    let id = s(t.target_id());
    PolicyTarget {
        kind: target_kind(t.r#type(), &id),
        arn: s(t.arn()),
        name: s(t.name()),
        target_id: id,
    }
}

pub(super) fn create_account_status(c: &sdk::types::CreateAccountStatus) -> CreateAccountStatus {
    CreateAccountStatus {
        id: s(c.id()),
        account_name: s(c.account_name()),
        state: s(c.state().map(|x| x.as_str())),
        account_id: c.account_id().map(str::to_string),
        gov_cloud_account_id: c.gov_cloud_account_id().map(str::to_string),
        failure_reason: c.failure_reason().map(|f| f.as_str().to_string()),
    }
}

pub(super) fn child(c: &sdk::types::Child) -> Child {
    let id = s(c.id());
    let kind = match c.r#type().map(|t| t.as_str()) {
        Some("ORGANIZATIONAL_UNIT") => ChildType::OrganizationalUnit,
        Some("ACCOUNT") => ChildType::Account,
        _ if is_ou_id(&id) => ChildType::OrganizationalUnit,
        _ => ChildType::Account,
    };
    Child { id, kind }
}

pub(super) fn parent(p: &sdk::types::Parent) -> Parent {
    let id = s(p.id());
    let kind = match p.r#type().map(|t| t.as_str()) {
        Some("ROOT") => TargetKind::Root,
        Some("ORGANIZATIONAL_UNIT") => TargetKind::OrganizationalUnit,
        _ => TargetKind::of(&id).unwrap_or(TargetKind::OrganizationalUnit),
    };
    Parent { id, kind }
}

pub(super) fn sdk_effective_policy_type(t: &PolicyType) -> sdk::types::EffectivePolicyType {
    sdk::types::EffectivePolicyType::from(t.as_api_str())
}

fn effective_type_of(
    t: Option<&sdk::types::EffectivePolicyType>,
    asked: &PolicyType,
) -> PolicyType {
    t.map_or_else(|| asked.clone(), |t| PolicyType::from_api_str(t.as_str()))
}

/// DescribeEffectivePolicy's answer; the type and target asked for fill in what AWS leaves out.
pub(super) fn effective_policy(
    e: &sdk::types::EffectivePolicy,
    asked: &PolicyType,
    target: &str,
) -> crate::org::policy_admin::EffectivePolicy {
    crate::org::policy_admin::EffectivePolicy {
        kind: effective_type_of(e.policy_type(), asked),
        target_id: e
            .target_id()
            .map_or_else(|| target.to_string(), str::to_string),
        last_updated: rfc3339(e.last_updated_timestamp()),
        content: s(e.policy_content()),
    }
}

pub(super) fn effective_policy_error(
    e: &sdk::types::EffectivePolicyValidationError,
) -> crate::org::policy_admin::EffectivePolicyError {
    crate::org::policy_admin::EffectivePolicyError {
        error_code: s(e.error_code()),
        error_message: s(e.error_message()),
        path_to_error: s(e.path_to_error()),
        contributing_policies: e.contributing_policies().to_vec(),
    }
}

/// ListEffectivePolicyValidationErrors' answer; the account and type asked for fill in what
/// AWS leaves out.
pub(super) fn effective_policy_validation(
    out: &sdk::operation::list_effective_policy_validation_errors::ListEffectivePolicyValidationErrorsOutput,
    account_id: &str,
    asked: &PolicyType,
) -> crate::org::policy_admin::EffectivePolicyValidation {
    crate::org::policy_admin::EffectivePolicyValidation {
        account_id: out
            .account_id()
            .map_or_else(|| account_id.to_string(), str::to_string),
        kind: effective_type_of(out.policy_type(), asked),
        path: s(out.path()),
        evaluation_timestamp: rfc3339(out.evaluation_timestamp()),
        errors: page(
            out.effective_policy_validation_errors(),
            out.next_token(),
            effective_policy_error,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_fill_missing_fields() {
        let a = account(&sdk::types::Account::builder().id("123456789012").build());
        assert_eq!(a.id, "123456789012");
        assert_eq!(a.name, "");
        assert_eq!(a.joined_at, "");
        assert_eq!(a.state, AccountState::Active);
        let a = account(
            &sdk::types::Account::builder()
                .state(sdk::types::AccountState::Suspended)
                .joined_timestamp(DateTime::from_secs(0))
                .build(),
        );
        assert_eq!(a.state, AccountState::Suspended);
        assert_eq!(a.joined_at, "1970-01-01T00:00:00.000Z");
    }
}
