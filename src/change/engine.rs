//! One change, exactly once: an audit "attempt" line before it is sent, the call (resent
//! only while it provably did nothing), a re-read of what it would have changed after an
//! ambiguous failure or an "already there" answer to a resend, and an "outcome" line.
//! An outcome a re-read cannot settle is recorded as unknown (never as a failure or "not
//! done"), so it stays open until a later re-read settles it.

use std::time::Duration;

use super::{Change, ChangeKind, Changed, Found};
use crate::net::{reach, Gate, Reach};
use crate::org::{ErrorKind, OrgBackend, OrgError, OrgResult};
use crate::store::audit::{AuditEntry, AuditLog, Phase};

/// The audit line of `change` (an attempt before it is sent, its outcome after).
pub fn audit_entry(
    id: &str,
    phase: Phase,
    caller: &str,
    change: &Change,
    outcome: Option<&Result<(), OrgError>>,
    reconciled: bool,
) -> AuditEntry {
    AuditEntry::for_call(
        id,
        phase,
        caller,
        change.operation(),
        change.parameters(),
        outcome,
    )
    .reconciled(reconciled)
}

/// How a change is to be sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Send {
    /// An earlier send of this same change has an unknown outcome: re-read first, and send
    /// only if it did not happen (never twice).
    pub recheck: bool,
}

/// What every change goes through: the gate, the organization, the audit log, and
/// whether changes are refused (`--read-only`).
pub struct Engine<'a> {
    pub gate: &'a Gate,
    pub backend: &'a dyn OrgBackend,
    pub audit: Option<&'a AuditLog>,
    pub read_only: bool,
}

impl Engine<'_> {
    /// Sends `change` exactly once (audit id `id`) and says what became of it.
    pub async fn apply(&self, change: Change, how: Send, caller: &str, id: &str) -> Changed {
        let Engine {
            gate,
            backend: b,
            audit,
            read_only,
        } = *self;
        if read_only {
            let err = OrgError::new(
                "ReadOnlyMode",
                "orgtui was started read-only; no change was sent",
            );
            return Changed::failed(change, err);
        }
        if how.recheck {
            match change.find(gate, b).await {
                Ok(Found::Done { created }) => {
                    return Changed {
                        change,
                        outcome: Ok(()),
                        created,
                        reconciled: true,
                        audit_error: None,
                    }
                }
                Ok(Found::NotDone) => {}
                // Still unknown: nothing is sent, and the next try re-reads first again.
                Err(e) => {
                    let err = OrgError::outcome_unknown(format!(
                        "whether the earlier attempt happened could not be re-read ({}: {}), so nothing was sent",
                        e.code, e.message
                    ));
                    return Changed::failed(change, err);
                }
            }
        }
        let record = |phase, outcome: Option<&Result<(), OrgError>>, reconciled| {
            audit.map(|log| {
                log.record(&audit_entry(
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
        let (result, sent) = gate.change(|| change.send(b)).await;
        let mut reconciled = false;
        let (outcome, created) = match result {
            Ok(created) => (Ok(()), created),
            Err(e) if reach(&e) == Reach::Ambiguous || (sent > 1 && change.already_there(&e)) => {
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
                    Err(read) if read.is_unknown_outcome() => (Err(read), None),
                    Err(read) => (
                        Err(OrgError::outcome_unknown(format!(
                            "{}: {}; re-reading to see whether it happened failed too ({}); it is re-read again at the next start, or press r to refresh",
                            e.code, e.message, read.code
                        ))),
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
}

/// Whether a change an earlier run attempted (at `attempted`, RFC 3339) happened; the answer
/// is recorded as the attempt's outcome, so it is not reported again. A request may still
/// land until its deadline has passed, so the re-read waits for that first.
pub async fn check(
    gate: &Gate,
    b: &dyn OrgBackend,
    audit: Option<&AuditLog>,
    change: &Change,
    attempted: Option<&str>,
    caller: &str,
    id: &str,
) -> OrgResult<bool> {
    let settled_after = gate.timeouts.operation + gate.timeouts.attempt;
    if let Some(wait) = attempted.and_then(|t| still_in_flight(t, settled_after)) {
        tokio::time::sleep(wait).await;
    }
    let happened = matches!(change.find(gate, b).await?, Found::Done { .. });
    if let Some(log) = audit {
        let outcome = if happened {
            Ok(())
        } else {
            Err(OrgError::new(
                "NotDone",
                "not done (confirmed by re-read after its deadline had passed)",
            ))
        };
        let entry = audit_entry(id, Phase::Outcome, caller, change, Some(&outcome), true);
        log.record(&entry)
            .map_err(|e| OrgError::new("AuditLogWriteFailed", e))?;
    }
    Ok(happened)
}

/// How long a request attempted at `attempted` may still be carried out by AWS.
pub fn still_in_flight(attempted: &str, settled_after: Duration) -> Option<Duration> {
    let at = crate::time::parse_rfc3339(attempted)?;
    let age = std::time::SystemTime::now()
        .duration_since(at)
        .unwrap_or_default();
    settled_after.checked_sub(age).filter(|d| !d.is_zero())
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
    let found = change.find(gate, b).await?;
    if !matches!(found, Found::NotDone) || e.kind != ErrorKind::Timeout {
        return Ok(found);
    }
    let wait = gate.timeouts.attempt.min(Duration::from_secs(5));
    tokio::time::sleep(wait).await;
    match change.find(gate, b).await? {
        Found::NotDone => Err(OrgError::outcome_unknown(format!(
            "{}; a re-read {} s later still does not show it, but AWS may yet carry it out — it is re-read again at the next start, or press r to refresh",
            e.message,
            wait.as_secs_f32()
        ))),
        done => Ok(done),
    }
}
