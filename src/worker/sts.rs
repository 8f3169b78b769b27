//! The worker's STS side: each command runs as a task of its own and answers with
//! `Answer::Sts`. An AssumeRole is audited like a change (an attempt line before it is sent,
//! an outcome line after; never a secret), and not sent when its attempt cannot be written.

use std::sync::Arc;

use serde_json::json;

use crate::org::{OrgError, OrgResult};
use crate::protocol::{Answer, Sink};
use crate::store::audit::{AuditEntry, AuditLog, Phase};
use crate::sts::{session_name, Assumed, RoleRequest, StsBackend, StsCmd, StsReply};

/// What a job needs from the worker.
pub struct StsJob {
    /// None when the worker was started without STS (some tests): GetCallerIdentity is
    /// then not answered, AssumeRole fails.
    pub sts: Option<Arc<dyn StsBackend>>,
    pub audit: Option<Arc<AuditLog>>,
    /// The audit id of an AssumeRole.
    pub id: String,
    pub replies: Sink,
}

/// The AWS operation's name in the audit log.
pub const ASSUME_ROLE: &str = "AssumeRole";

impl StsJob {
    pub fn spawn(self, cmd: StsCmd) {
        tokio::spawn(async move {
            let reply = match cmd {
                StsCmd::Caller => match &self.sts {
                    Some(sts) => {
                        let me = sts.caller_identity().await;
                        if let Err(e) = &me {
                            tracing::warn!(code = %e.code, message = %e.message, "GetCallerIdentity failed");
                        }
                        StsReply::Caller(me)
                    }
                    None => return,
                },
                StsCmd::AssumeRole(request) => {
                    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME"));
                    let session = session_name(user.ok().as_deref());
                    let result = self.assume(&request, session).await;
                    StsReply::Assumed { request, result }
                }
            };
            // The UI may have quit already; nothing to do then.
            (self.replies)(Answer::Sts(reply));
        });
    }

    async fn assume(&self, r: &RoleRequest, session: String) -> OrgResult<Assumed> {
        let sts = self.sts.as_ref().ok_or_else(|| {
            OrgError::new("NoStsClient", "orgtui was started without an STS client")
        })?;
        let parameters = json!({
            "AccountId": r.account,
            "RoleArn": r.role_arn,
            "RoleSessionName": session,
            "DurationSeconds": r.duration_seconds,
            "Purpose": r.purpose.name(),
        });
        let record = |phase, outcome: Option<&Result<(), OrgError>>| {
            let line = AuditEntry::for_call(
                &self.id,
                phase,
                &r.caller,
                ASSUME_ROLE,
                parameters.clone(),
                outcome,
            );
            self.audit.as_ref().map(|log| log.record(&line))
        };
        // Nothing is asked unless its attempt is on record.
        if let Some(Err(e)) = record(Phase::Attempt, None) {
            return Err(OrgError::new("AuditLogWriteFailed", e));
        }
        let result = sts
            .assume_role(&r.role_arn, &session, r.duration_seconds)
            .await;
        let outcome = result.as_ref().map(|_| ()).map_err(Clone::clone);
        if let Err(e) = &outcome {
            tracing::warn!(role = %r.role_arn, code = %e.code, message = %e.message, "AssumeRole failed");
        }
        if let Some(Err(e)) = record(Phase::Outcome, Some(&outcome)) {
            tracing::warn!(%e, "the outcome of an AssumeRole was not written to the audit log");
        }
        Ok(Assumed {
            credentials: result?,
            session,
            region: sts.region(),
        })
    }
}
