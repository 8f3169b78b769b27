//! One change, exactly once: an audit "attempt" line before it is sent, the call (resent
//! only while it provably did nothing), a re-read of what it would have changed after an
//! ambiguous failure or an "already there" answer to a resend, and an "outcome" line.

use crate::org::{ErrorKind, NewPolicy, OrgBackend, OrgError, OrgResult, PolicyUpdate};
use crate::protocol::{Change, Changed};
use crate::store::audit::{AuditEntry, AuditLog, Phase};

use crate::net::gate::{reach, Gate, Reach};

/// What a re-read says about a change whose answer was lost or ambiguous.
pub(super) enum Found {
    Done { created: Option<String> },
    NotDone,
}

pub async fn apply(
    gate: &Gate,
    b: &dyn OrgBackend,
    audit: Option<&AuditLog>,
    read_only: bool,
    change: Change,
    caller: &str,
    id: &str,
) -> Changed {
    if read_only {
        let err = OrgError::new(
            "ReadOnlyMode",
            "orgtui was started read-only; no change was sent",
        );
        return Changed::failed(change, err);
    }
    let record = |phase, outcome: Option<&Result<(), OrgError>>, reconciled| {
        audit.map(|log| {
            log.record(&AuditEntry::new(
                id, phase, caller, &change, outcome, reconciled,
            ))
        })
    };
    // Nothing is sent unless its attempt is on record.
    if let Some(Err(e)) = record(Phase::Attempt, None, false) {
        let mut c = Changed::failed(
            change.clone(),
            OrgError::new("AuditLogWriteFailed", e.clone()),
        );
        c.audit_error = Some(e);
        return c;
    }
    let (result, sent) = gate.change(|| send(b, &change)).await;
    let mut reconciled = false;
    let (outcome, created) = match result {
        Ok(created) => (Ok(()), created),
        Err(e) if reach(&e) == Reach::Ambiguous || (sent > 1 && already_there(&e, &change)) => {
            reconciled = true;
            match find_after(gate, b, &change, &e).await {
                Ok(Found::Done { created }) => (Ok(()), created),
                Ok(Found::NotDone) => (
                    Err(OrgError::with_kind(
                        e.kind,
                        e.code.clone(),
                        format!("{} — not done (confirmed by re-read)", e.message),
                    )),
                    None,
                ),
                Err(read) if read.kind == ErrorKind::OutcomeUnknown => (Err(read), None),
                Err(read) => (
                    Err(OrgError::with_kind(
                        ErrorKind::OutcomeUnknown,
                        "OutcomeUnknown",
                        format!(
                            "{}: {}; re-reading to see whether it happened failed too ({}); press r to refresh",
                            e.code, e.message, read.code
                        ),
                    )),
                    None,
                ),
            }
        }
        Err(e) => (Err(e), None),
    };
    let audit_error = record(Phase::Outcome, Some(&outcome), reconciled).and_then(Result::err);
    Changed {
        change,
        outcome,
        created,
        reconciled,
        audit_error,
    }
}

/// Sends one change; answers the id of what it created, if anything.
async fn send(b: &dyn OrgBackend, change: &Change) -> OrgResult<Option<String>> {
    match change {
        Change::MoveAccount {
            account,
            source,
            destination,
        } => b
            .move_account(account, source, destination)
            .await
            .map(|_| None),
        Change::AttachPolicy { policy, target } => {
            b.attach_policy(policy, target).await.map(|_| None)
        }
        Change::DetachPolicy { policy, target } => {
            b.detach_policy(policy, target).await.map(|_| None)
        }
        Change::CreateOu { parent, name } => b
            .create_organizational_unit(parent, name)
            .await
            .map(|ou| Some(ou.id)),
        Change::RenameOu { ou, name } => b.update_organizational_unit(ou, name).await.map(|_| None),
        Change::DeleteOu { ou } => b.delete_organizational_unit(ou).await.map(|_| None),
        Change::CreatePolicy {
            name,
            description,
            kind,
            content,
        } => b
            .create_policy(&NewPolicy::new(name, description, content, kind))
            .await
            .map(|p| Some(p.id)),
        Change::UpdatePolicy {
            policy,
            name,
            description,
            content,
        } => {
            let update = PolicyUpdate {
                name: Some(name.clone()),
                description: Some(description.clone()),
                content: Some(content.clone()),
            };
            b.update_policy(policy, &update).await.map(|_| None)
        }
        Change::DeletePolicy { policy } => b.delete_policy(policy).await.map(|_| None),
        Change::EnablePolicyType { root, kind } => {
            b.enable_policy_type(root, kind).await.map(|_| None)
        }
        Change::DisablePolicyType { root, kind } => {
            b.disable_policy_type(root, kind).await.map(|_| None)
        }
        Change::Account(a) => super::account_change::send(b, a).await,
        Change::Admin(a) => super::admin_change::send(b, a).await,
        Change::Org(o) => super::org_change::send(b, o).await,
    }
}

/// The answers that mean "what you asked for is already so".
fn already_there(e: &OrgError, change: &Change) -> bool {
    if let Change::Account(a) = change {
        return super::account_change::already_there(e, a);
    }
    if let Change::Admin(a) = change {
        return super::admin_change::already_there(&e.code, a);
    }
    if let Change::Org(o) = change {
        return super::org_change::already_there(&e.code, o);
    }
    matches!(
        (change, e.code.as_str()),
        (Change::MoveAccount { .. }, "DuplicateAccountException")
            | (
                Change::AttachPolicy { .. },
                "DuplicatePolicyAttachmentException"
            )
            | (Change::DetachPolicy { .. }, "PolicyNotAttachedException")
            | (
                Change::CreateOu { .. },
                "DuplicateOrganizationalUnitException"
            )
            | (
                Change::DeleteOu { .. },
                "OrganizationalUnitNotFoundException"
            )
            | (Change::CreatePolicy { .. }, "DuplicatePolicyException")
            | (Change::DeletePolicy { .. }, "PolicyNotFoundException")
            | (
                Change::EnablePolicyType { .. },
                "PolicyTypeAlreadyEnabledException"
            )
            | (
                Change::DisablePolicyType { .. },
                "PolicyTypeNotEnabledException"
            )
    )
}

/// Whether a change an earlier run attempted happened; the answer is recorded as the
/// attempt's outcome, so it is not reported again.
pub async fn check(
    gate: &Gate,
    b: &dyn OrgBackend,
    audit: Option<&AuditLog>,
    change: &Change,
    caller: &str,
    id: &str,
) -> OrgResult<bool> {
    let happened = matches!(find(gate, b, change).await?, Found::Done { .. });
    if let Some(log) = audit {
        let outcome = if happened {
            Ok(())
        } else {
            Err(OrgError::new(
                "NotDone",
                "not done (confirmed by re-read at start)",
            ))
        };
        let entry = AuditEntry::new(id, Phase::Outcome, caller, change, Some(&outcome), true);
        log.record(&entry)
            .map_err(|e| OrgError::new("AuditLogWriteFailed", e))?;
    }
    Ok(happened)
}

/// Re-reads what `change` would have changed after it failed with `e`. A request that
/// timed out may still be carried out by AWS after the client gave up, so a "not there"
/// is read again after a wait, and if still not there is reported as unknown, never as
/// "not done".
async fn find_after(
    gate: &Gate,
    b: &dyn OrgBackend,
    change: &Change,
    e: &OrgError,
) -> OrgResult<Found> {
    let found = find(gate, b, change).await?;
    if !matches!(found, Found::NotDone) || e.kind != ErrorKind::Timeout {
        return Ok(found);
    }
    let wait = gate.timeouts.attempt.min(std::time::Duration::from_secs(5));
    tokio::time::sleep(wait).await;
    match find(gate, b, change).await? {
        Found::NotDone => Err(OrgError::with_kind(
            ErrorKind::OutcomeUnknown,
            "OutcomeUnknown",
            format!(
                "{}; a re-read {} s later still does not show it, but AWS may yet carry it out — refresh (r) to see",
                e.message,
                wait.as_secs_f32()
            ),
        )),
        done => Ok(done),
    }
}

/// Re-reads what `change` would have changed.
async fn find(gate: &Gate, b: &dyn OrgBackend, change: &Change) -> OrgResult<Found> {
    let done = |yes: bool| {
        if yes {
            Found::Done { created: None }
        } else {
            Found::NotDone
        }
    };
    Ok(match change {
        Change::MoveAccount {
            account,
            destination,
            ..
        } => {
            let parents = gate.all(|t| b.list_parents(account, t)).await?;
            done(parents.iter().any(|p| &p.id == destination))
        }
        Change::CreateOu { parent, name } => {
            let ous = gate
                .all(|t| b.list_organizational_units_for_parent(parent, t))
                .await?;
            match ous.into_iter().find(|o| &o.name == name) {
                Some(ou) => Found::Done {
                    created: Some(ou.id),
                },
                None => Found::NotDone,
            }
        }
        Change::AttachPolicy { policy, target } | Change::DetachPolicy { policy, target } => {
            let targets = gate.all(|t| b.list_targets_for_policy(policy, t)).await?;
            let attached = targets.iter().any(|t| &t.target_id == target);
            done(attached == matches!(change, Change::AttachPolicy { .. }))
        }
        Change::RenameOu { ou, name } => {
            done(&gate.read(|| b.describe_organizational_unit(ou)).await?.name == name)
        }
        Change::DeleteOu { ou } => match gate.read(|| b.describe_organizational_unit(ou)).await {
            Ok(_) => Found::NotDone,
            Err(e) if e.kind == ErrorKind::NotFound => done(true),
            Err(e) => return Err(e),
        },
        // The name is unique among policies; the same name with other content is not ours.
        Change::CreatePolicy {
            name,
            kind,
            content,
            ..
        } => {
            let all = gate.all(|t| b.list_policies(kind, t)).await?;
            match all.into_iter().find(|p| &p.name == name) {
                Some(p) if gate.read(|| b.describe_policy(&p.id)).await?.content == *content => {
                    Found::Done {
                        created: Some(p.id),
                    }
                }
                _ => Found::NotDone,
            }
        }
        Change::UpdatePolicy {
            policy,
            name,
            description,
            content,
        } => {
            let now = gate.read(|| b.describe_policy(policy)).await?;
            done(
                &now.summary.name == name
                    && &now.summary.description == description
                    && &now.content == content,
            )
        }
        Change::DeletePolicy { policy } => match gate.read(|| b.describe_policy(policy)).await {
            Ok(_) => Found::NotDone,
            Err(e) if e.kind == ErrorKind::NotFound => done(true),
            Err(e) => return Err(e),
        },
        Change::EnablePolicyType { root, kind } | Change::DisablePolicyType { root, kind } => {
            let roots = gate.all(|t| b.list_roots(t)).await?;
            let status = roots
                .iter()
                .find(|r| &r.id == root)
                .and_then(|r| r.policy_types.iter().find(|t| &t.kind == kind))
                .map(|t| t.status.as_str());
            let enabled = matches!(status, Some("ENABLED" | "PENDING_ENABLE"));
            done(enabled == matches!(change, Change::EnablePolicyType { .. }))
        }
        Change::Account(a) => return super::account_change::find(gate, b, a).await,
        Change::Admin(a) => done(super::admin_change::happened(gate, b, a).await?),
        Change::Org(o) => return super::org_change::find(gate, b, o).await,
    })
}
