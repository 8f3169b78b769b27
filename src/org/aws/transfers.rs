//! `Transfers` for `AwsBackend`: responsibility transfers (2025-11). The invitation answers
//! with a handshake; the rest with the transfer.

use async_trait::async_trait;
use aws_sdk_organizations as sdk;
use sdk::primitives::{DateTime, DateTimeFormat};

use super::calls::MAX_PAGE;
use super::convert::{page, required, rfc3339, s, sdk_tag};
use super::handshakes::{answer, sdk_party};
use super::AwsBackend;
use crate::org::error::{ErrorKind, OrgError, OrgResult};
use crate::org::handshakes::Handshake;
use crate::org::transfers::*;
use crate::org::types::Page;
use crate::org::Token;

fn participant(p: Option<&sdk::types::TransferParticipant>) -> TransferParticipant {
    TransferParticipant {
        management_account_id: s(p.and_then(|p| p.management_account_id())),
        management_account_email: s(p.and_then(|p| p.management_account_email())),
    }
}

pub(super) fn transfer(t: &sdk::types::ResponsibilityTransfer) -> ResponsibilityTransfer {
    ResponsibilityTransfer {
        id: s(t.id()),
        arn: s(t.arn()),
        name: s(t.name()),
        kind: s(t.r#type().map(|k| k.as_str())),
        status: s(t.status().map(|x| x.as_str())),
        source: participant(t.source()),
        target: participant(t.target()),
        start: rfc3339(t.start_timestamp()),
        end: rfc3339(t.end_timestamp()),
        active_handshake_id: t
            .active_handshake_id()
            .filter(|h| !h.is_empty())
            .map(str::to_string),
    }
}

fn answer_transfer(
    t: Option<&sdk::types::ResponsibilityTransfer>,
) -> OrgResult<ResponsibilityTransfer> {
    required(t, transfer, "the responsibility transfer")
}

/// An RFC 3339 time of a request as the SDK sends it; anything else is refused before
/// sending, as AWS would refuse it.
fn sdk_time(field: &str, text: &str) -> OrgResult<DateTime> {
    DateTime::from_str(text, DateTimeFormat::DateTime).map_err(|e| {
        OrgError::with_kind(
            ErrorKind::InvalidInput,
            "InvalidInputException",
            format!("{field} \"{text}\" is not an RFC 3339 time: {e}"),
        )
    })
}

fn sdk_kind(kind: &str) -> sdk::types::ResponsibilityTransferType {
    sdk::types::ResponsibilityTransferType::from(kind)
}

#[async_trait]
impl Transfers for AwsBackend {
    async fn invite_organization_to_transfer_responsibility(
        &self,
        inv: &TransferInvitation,
    ) -> OrgResult<Handshake> {
        let start = sdk_time("StartTimestamp", &inv.start)?;
        let mut req = self
            .client
            .invite_organization_to_transfer_responsibility()
            .r#type(sdk_kind(&inv.kind))
            .target(sdk_party(&inv.target)?)
            .set_notes(inv.notes.clone())
            .start_timestamp(start)
            .source_name(&inv.source_name);
        for t in &inv.tags {
            req = req.tags(sdk_tag(t)?);
        }
        let out = self.send(req.send()).await?;
        answer(out.handshake())
    }

    async fn describe_responsibility_transfer(
        &self,
        transfer_id: &str,
    ) -> OrgResult<ResponsibilityTransfer> {
        let req = self
            .client
            .describe_responsibility_transfer()
            .id(transfer_id);
        answer_transfer(self.send(req.send()).await?.responsibility_transfer())
    }

    async fn list_inbound_responsibility_transfers(
        &self,
        kind: &str,
        transfer_id: Option<&str>,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>> {
        let req = self.client.list_inbound_responsibility_transfers();
        let req = req
            .r#type(sdk_kind(kind))
            .set_id(transfer_id.map(str::to_string))
            .set_next_token(token)
            .max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.responsibility_transfers(),
            out.next_token(),
            transfer,
        ))
    }

    async fn list_outbound_responsibility_transfers(
        &self,
        kind: &str,
        token: Token,
    ) -> OrgResult<Page<ResponsibilityTransfer>> {
        let req = self.client.list_outbound_responsibility_transfers();
        let req = req
            .r#type(sdk_kind(kind))
            .set_next_token(token)
            .max_results(MAX_PAGE);
        let out = self.send(req.send()).await?;
        Ok(page(
            out.responsibility_transfers(),
            out.next_token(),
            transfer,
        ))
    }

    async fn update_responsibility_transfer(
        &self,
        transfer_id: &str,
        name: &str,
    ) -> OrgResult<ResponsibilityTransfer> {
        let req = self.client.update_responsibility_transfer();
        let req = req.id(transfer_id).name(name);
        answer_transfer(self.send(req.send()).await?.responsibility_transfer())
    }

    async fn terminate_responsibility_transfer(
        &self,
        transfer_id: &str,
        end: Option<&str>,
    ) -> OrgResult<ResponsibilityTransfer> {
        let end = end.map(|e| sdk_time("EndTimestamp", e)).transpose()?;
        let req = self.client.terminate_responsibility_transfer();
        let req = req.id(transfer_id).set_end_timestamp(end);
        answer_transfer(self.send(req.send()).await?.responsibility_transfer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparse_transfer_converts_with_empty_fields() {
        let t = transfer(
            &sdk::types::ResponsibilityTransfer::builder()
                .id("rt-12345678")
                .build(),
        );
        assert_eq!(t.id, "rt-12345678");
        assert_eq!((t.status.as_str(), t.end.as_str()), ("", ""));
        assert_eq!(t.source, TransferParticipant::default());
        assert_eq!(t.active_handshake_id, None);
    }

    #[test]
    fn request_times_must_be_rfc3339() {
        assert!(sdk_time("StartTimestamp", "2026-07-01T00:00:00Z").is_ok());
        let e = sdk_time("StartTimestamp", "next month").unwrap_err();
        assert_eq!(e.code, "InvalidInputException");
        assert!(e.message.contains("StartTimestamp"), "{e}");
    }
}
